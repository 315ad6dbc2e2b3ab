/* ipc.h: IPC transports (a table of operations, like the file access methods), the message
 * format every transport carries, and the two-process session the benchmark drives.
 *
 * A transport is a bidirectional channel between the benchmark (the parent, which creates
 * it) and a child process (the same executable re-executed in child mode, which attaches by
 * name). Sends and receives are zero-copy shaped like the access methods: send_begin hands
 * back where to write the message (the caller's buffer, or the ring slot in the mapping),
 * send_end transmits it; recv_begin hands back where the message is (the caller's buffer
 * filled by read(), or the ring slot), recv_end gives it back. The transports are portable
 * (ipc/transport_fd.c, ipc/transport_shm.c) over per-platform OS layers (ipc/fd.h,
 * ipc/shm_os.h). */
#ifndef MB_IPC_H
#define MB_IPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipc/wait.h"
#include "core/err.h"

/* Capability flags. */
enum {
    MB_IPC_CAP_DIR = 1u << 0, /* creates a file in the data directory */
};

/* What create/attach need. */
struct mb_ipc_params {
    uint64_t ring_size; /* data bytes of each ring (mapped transports) */
    const char *dir;    /* data directory (shm-file's file, the socket path) */
    const char *base;   /* unique base name, "mapbench-ipc-<pid>" */
    struct mb_ipc_peer peer;
};

/* One transport. `state` points to state_size zeroed bytes owned by the caller. Functions
 * return 0 / a pointer on success or a negative mb_code / NULL with *err filled. */
struct mb_ipc_transport {
    const char *name;        /* platform-neutral name used in case names */
    const char *api;         /* the concrete API on this platform */
    const char *unsupported; /* NULL when available, else why not */
    unsigned caps;
    size_t state_size;
    /* Fails (MB_E_FOREIGN / MB_E_USAGE) if the names create() would use exist or are invalid;
     * creates nothing. May be NULL. */
    int (*preflight)(const struct mb_ipc_params *p, struct mb_err *err);
    /* Parent: creates the channel (exclusively: an existing name is MB_E_FOREIGN) and writes
     * into token what the child needs to attach (a name, a path, an address, descriptors). */
    int (*create)(void *st, const struct mb_ipc_params *p, char *token, size_t len,
                  struct mb_err *err);
    /* Parent, after the child started: drops the child's ends, accepts its connection. */
    int (*spawned)(void *st, struct mb_err *err);
    /* Parent, once the child has attached: removes the name (shm name, file, socket path). */
    void (*unlink)(void *st);
    /* Child: attaches to the channel named by token. */
    int (*attach)(void *st, const struct mb_ipc_params *p, const char *token, struct mb_err *err);
    void *(*send_begin)(void *st, size_t len, void *buf, struct mb_err *err);
    int (*send_end)(void *st, const void *p, size_t len, struct mb_err *err);
    const void *(*recv_begin)(void *st, size_t len, void *buf, struct mb_err *err);
    void (*recv_end)(void *st, const void *p, size_t len);
    /* Releases everything, removing the name if still there. Safe after a failed create. */
    void (*close)(void *st);
};

/* The platform's transports (same symbols on every platform). */
extern const struct mb_ipc_transport mb_ipc_shm;
extern const struct mb_ipc_transport mb_ipc_shm_file;
extern const struct mb_ipc_transport mb_ipc_pipe;
extern const struct mb_ipc_transport mb_ipc_socket;
extern const struct mb_ipc_transport mb_ipc_tcp;

/* Every transport in a fixed order (supported or not). */
const struct mb_ipc_transport *const *mb_ipc_transports(size_t *count);

/* Looks a transport up by name; MB_E_USAGE naming the known ones if unknown. */
int mb_ipc_transport_find(const char *name, const struct mb_ipc_transport **out,
                          struct mb_err *err);

/* ---- messages ---- */

/* Message header: seq and sum, then op and arg, then payload. sum is the checksum of every
 * byte after it (op, arg, payload), so a message is checked whole. */
struct mb_ipc_msg_hdr {
    uint64_t seq;
    uint64_t sum;
    uint32_t op;
    uint32_t reserved;
    uint64_t arg;
};
#define MB_IPC_MSG_MIN ((uint64_t)sizeof(struct mb_ipc_msg_hdr))

/* Message kinds. */
enum mb_ipc_op {
    MB_IPC_OP_HELLO = 1, /* child -> parent: attached */
    MB_IPC_OP_DATA,      /* parent -> child: stream payload */
    MB_IPC_OP_SYNC,      /* parent -> child: end of a stream batch, arg = messages sent */
    MB_IPC_OP_ACK,       /* child -> parent: arg = DATA messages received and verified */
    MB_IPC_OP_PING,      /* parent -> child */
    MB_IPC_OP_PONG,      /* child -> parent */
    MB_IPC_OP_QUIT,      /* parent -> child: exit 0 */
};

/* Writes a whole `len`-byte message (len >= MB_IPC_MSG_MIN) at p: header and a payload
 * derived from seq. */
void mb_ipc_msg_fill(void *p, size_t len, uint64_t seq, uint32_t op, uint64_t arg);

/* Verifies the message at p (reads every byte): seq must be `seq`, the checksum must match.
 * Sets *op and *arg. MB_E_VERIFY with a message otherwise. */
int mb_ipc_msg_check(const void *p, size_t len, uint64_t seq, uint32_t *op, uint64_t *arg,
                     struct mb_err *err);

/* ---- sessions: the parent's side of one case ---- */

/* Options of a session. */
struct mb_ipc_session_opts {
    const struct mb_ipc_transport *t;
    const char *exe; /* this executable (re-executed in child mode) */
    uint64_t msg_size, ring_size;
    const char *dir, *base;
    uint64_t child_die_after;  /* test hook: the child kills itself after N messages (0: no) */
    uint64_t child_stop_after; /* test hook: the child stops itself after N messages (0: no) */
    int stall_ms; /* the parent's bound on a wait without progress (0: the default 30 s) */
};

struct mb_ipc_session;

/* Creates the channel, starts the child, waits for its HELLO and removes the channel's name.
 * Everything created is removed again on failure. */
int mb_ipc_session_open(struct mb_ipc_session **out, const struct mb_ipc_session_opts *o,
                        struct mb_err *err);

/* Sends n DATA messages then a SYNC, and waits for the child's ACK (it verified all n).
 * *seconds is the wall time from the first send to the ACK. */
int mb_ipc_session_stream(struct mb_ipc_session *s, uint64_t n, double *seconds,
                          struct mb_err *err);

/* n round trips PING -> PONG, each verified on both sides; rtt_ns[i] gets each one's time
 * (if rtt_ns is non-NULL), *seconds the total. */
int mb_ipc_session_pingpong(struct mb_ipc_session *s, uint64_t n, uint64_t *rtt_ns, double *seconds,
                            struct mb_err *err);

/* Ends the session: QUIT (if the channel is healthy), waits for the child with a timeout
 * (killing it after), removes every name. Returns 0, or an error if the child did not exit
 * cleanly (and no earlier error was reported). Frees s. */
int mb_ipc_session_close(struct mb_ipc_session *s, struct mb_err *err);

/* The child mode: attaches with the arguments the session passed and serves messages until
 * QUIT. Returns the process exit status (0 ok, 3 failure with a line on stderr). */
int mb_ipc_child_main(int argc, char **argv);

/* True if argv asks for child mode (the session's first child argument). */
bool mb_ipc_is_child(int argc, char **argv);

#endif
