/* ipc/fd.h: the OS layer under the descriptor transports (ipc/transport_fd.c): pipes whose
 * child ends the child inherits (anonymous on POSIX, named on Windows), stream sockets (AF_UNIX on
 * a path, TCP on 127.0.0.1 only), moving bytes, waiting for a connection. A descriptor, HANDLE or
 * SOCKET travels as an intptr_t (a Windows pipe end: a pointer to the platform's record of it). One
 * implementation per platform (ipc/posix/fd.c, ipc/win/fd.c), chosen by meson.build. */
#ifndef MB_IPC_FD_H
#define MB_IPC_FD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* No descriptor. */
#define MB_FD_NONE ((intptr_t)-1)

/* What a descriptor is: one end of a pipe, a Unix domain socket, a TCP socket. */
enum mb_fd_kind { MB_FD_PIPE, MB_FD_UNIX, MB_FD_TCP };

/* Outcomes of mb_fd_io. */
enum { MB_FD_DONE, MB_FD_INTR, MB_FD_GONE, MB_FD_FAIL };

/* The platform's description of each transport (its `api` text). */
extern const char mb_fd_api_pipe[], mb_fd_api_socket[], mb_fd_api_tcp[];

/* The data directory's path separator ('/' or '\\'). */
char mb_fd_dir_sep(void);

/* Longest socket path a Unix socket address holds (without the terminator). */
size_t mb_fd_unix_path_max(void);

/* True when something exists at path (a stale socket). */
bool mb_fd_path_exists(const char *path);

/* Removes the socket path; true once it is gone (false: try again later). */
bool mb_fd_path_remove(const char *path);

/* Starts the socket library for this state (WSAStartup; nothing on POSIX). Balanced by
 * mb_fd_net_stop once it returned 0. */
int mb_fd_net_start(struct mb_err *err);
void mb_fd_net_stop(void);

/* Parent: two pipes, parent->child and child->parent. parent[0] reads, parent[1] writes and
 * stay private; child[0] (reads) and child[1] (writes) are inheritable. Writes into token what
 * the child passes to mb_fd_pipes_attach. */
int mb_fd_pipes_create(intptr_t parent[2], intptr_t child[2], char *token, size_t len,
                       struct mb_err *err);

/* Child: the inherited ends named by token into fds (0 reads, 1 writes), no longer
 * inheritable. MB_E_USAGE if token names no open ends. */
int mb_fd_pipes_attach(const char *token, intptr_t fds[2], struct mb_err *err);

/* Closes *fd (if open) as what it is, and sets it to MB_FD_NONE. */
void mb_fd_close(intptr_t *fd, enum mb_fd_kind kind);

/* A listening socket: MB_FD_UNIX bound to path (*bound set once the path exists; an existing
 * path is MB_E_FOREIGN), or MB_FD_TCP on 127.0.0.1 with a port the system picks (*port).
 * MB_E_UNSUPPORTED where the system lacks AF_UNIX. */
int mb_fd_listen(enum mb_fd_kind kind, const char *path, intptr_t *lsock, bool *bound,
                 unsigned *port, struct mb_err *err);

/* Waits up to ms for a connection on lsock: 1 one is there, 0 not yet (or a signal arrived),
 * else MB_E_IO with `what` as the message. */
int mb_fd_wait_readable(intptr_t lsock, int ms, const char *what, struct mb_err *err);

/* Waits up to ms until fd can receive (send false) or send (send true) without blocking, or
 * the other end is gone: 1 ready, 0 not yet (or a signal arrived), else MB_E_IO. A Windows
 * pipe end is ready unless its overlapped call (see mb_fd_io) is still in flight; then this
 * waits up to ms for that call to complete. */
int mb_fd_wait(intptr_t fd, enum mb_fd_kind kind, bool send, int ms, struct mb_err *err);

/* Accepts a connection (not inheritable); *loopback says whether it came from 127.0.0.1. */
int mb_fd_accept(intptr_t lsock, intptr_t *fd, bool *loopback, struct mb_err *err);

/* Connects to the parent's socket: MB_FD_UNIX at path, MB_FD_TCP at 127.0.0.1:port. */
int mb_fd_connect(enum mb_fd_kind kind, const char *path, unsigned port, intptr_t *fd,
                  struct mb_err *err);

/* Sets TCP_NODELAY (best effort). */
void mb_fd_nodelay(intptr_t fd);

/* One send (send true) or receive of up to len bytes at p. MB_FD_DONE with *n bytes moved (a
 * receive of 0 bytes is end of file), MB_FD_INTR when a signal interrupted it or (a Windows
 * pipe end of the parent) the overlapped call is still in flight after a poll interval: then
 * call again with the same p and len once mb_fd_wait says ready; MB_FD_GONE when
 * the other process closed its end or died, MB_FD_FAIL otherwise; *os and *call say which OS
 * call failed how. */
int mb_fd_io(enum mb_fd_kind kind, intptr_t fd, bool send, void *p, size_t len, size_t *n, int *os,
             const char **call);

#endif
