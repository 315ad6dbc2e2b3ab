/* ipc/posix/fd.c: ipc/fd.h on POSIX: pipe2 with O_CLOEXEC on the parent's ends, AF_UNIX and
 * AF_INET (127.0.0.1) stream sockets, poll, read/write/send with MSG_NOSIGNAL. Descriptors are
 * ints carried as intptr_t; OS codes are errno values. */
#include "ipc/fd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

const char mb_fd_api_pipe[] = "pipe2 (anonymous, inherited across posix_spawn), read/write";
const char mb_fd_api_socket[] =
    "AF_UNIX SOCK_STREAM bound to a path in the data directory, send/read";
const char mb_fd_api_tcp[] = "AF_INET SOCK_STREAM over 127.0.0.1, TCP_NODELAY, send/read";

char mb_fd_dir_sep(void)
{
    return '/';
}

size_t mb_fd_unix_path_max(void)
{
    return sizeof(((struct sockaddr_un *)0)->sun_path) - 1;
}

bool mb_fd_path_exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

bool mb_fd_path_remove(const char *path)
{
    unlink(path);
    return true;
}

int mb_fd_net_start(struct mb_err *err)
{
    (void)err;
    return 0;
}

void mb_fd_net_stop(void) {}

int mb_fd_pipes_create(intptr_t parent[2], intptr_t child[2], char *token, size_t len,
                       struct mb_err *err)
{
    int p2c[2], c2p[2];
    if (pipe2(p2c, O_CLOEXEC) != 0)
        return mb_err_set(err, MB_E_IO, errno, "pipe2", "cannot create a pipe");
    parent[1] = p2c[1];
    child[0] = p2c[0];
    if (pipe2(c2p, O_CLOEXEC) != 0)
        return mb_err_set(err, MB_E_IO, errno, "pipe2", "cannot create a pipe");
    parent[0] = c2p[0];
    child[1] = c2p[1];
    /* only the child's ends cross exec */
    if (fcntl(p2c[0], F_SETFD, 0) != 0 || fcntl(c2p[1], F_SETFD, 0) != 0)
        return mb_err_set(err, MB_E_IO, errno, "fcntl",
                          "cannot make the child's pipe ends inheritable");
    snprintf(token, len, "%d,%d", p2c[0], c2p[1]);
    return 0;
}

int mb_fd_pipes_attach(const char *token, intptr_t fds[2], struct mb_err *err)
{
    int r, w;
    if (sscanf(token, "%d,%d", &r, &w) != 2 || fcntl(r, F_GETFD) < 0 || fcntl(w, F_GETFD) < 0)
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "bad pipe descriptors '%s'", token);
    fcntl(r, F_SETFD, FD_CLOEXEC);
    fcntl(w, F_SETFD, FD_CLOEXEC);
    fds[0] = r;
    fds[1] = w;
    return 0;
}

void mb_fd_close(intptr_t *fd, enum mb_fd_kind kind)
{
    (void)kind;
    if (*fd >= 0)
        close((int)*fd);
    *fd = MB_FD_NONE;
}

/* The address of a Unix socket path (path_max checked by the caller) or of 127.0.0.1:port. */
static socklen_t make_addr(enum mb_fd_kind kind, const char *path, unsigned port,
                           struct sockaddr_storage *ss)
{
    memset(ss, 0, sizeof *ss);
    if (kind == MB_FD_UNIX) {
        struct sockaddr_un *a = (struct sockaddr_un *)ss;
        a->sun_family = AF_UNIX;
        snprintf(a->sun_path, sizeof a->sun_path, "%s", path);
        return sizeof *a;
    }
    struct sockaddr_in *a = (struct sockaddr_in *)ss;
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a->sin_port = htons((uint16_t)port);
    return sizeof *a;
}

int mb_fd_listen(enum mb_fd_kind kind, const char *path, intptr_t *lsock, bool *bound,
                 unsigned *port, struct mb_err *err)
{
    struct sockaddr_storage ss;
    socklen_t alen = make_addr(kind, path, 0, &ss);
    int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return mb_err_set(err, MB_E_IO, errno, "socket", "cannot create a socket");
    *lsock = fd;
    if (bind(fd, (struct sockaddr *)&ss, alen) != 0) {
        int e = errno;
        if (e == EADDRINUSE && kind == MB_FD_UNIX)
            return mb_err_set(err, MB_E_FOREIGN, 0, NULL,
                              "socket path '%s' already exists and was not created by this run "
                              "(remove it if it is stale)",
                              path);
        return mb_err_set(err, MB_E_IO, e, "bind", "cannot bind the listening socket");
    }
    if (bound)
        *bound = true;
    if (listen(fd, 1) != 0)
        return mb_err_set(err, MB_E_IO, errno, "listen", "cannot listen");
    if (port) {
        socklen_t len = sizeof ss;
        if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
            return mb_err_set(err, MB_E_IO, errno, "getsockname", "cannot read the listening port");
        *port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
    }
    return 0;
}

int mb_fd_wait_readable(intptr_t lsock, int ms, const char *what, struct mb_err *err)
{
    struct pollfd pfd = {.fd = (int)lsock, .events = POLLIN};
    int n = poll(&pfd, 1, ms);
    if (n < 0 && errno != EINTR)
        return mb_err_set(err, MB_E_IO, errno, "poll", "%s", what);
    return n > 0;
}

int mb_fd_wait(intptr_t fd, enum mb_fd_kind kind, bool send_, int ms, struct mb_err *err)
{
    (void)kind;
    struct pollfd pfd = {.fd = (int)fd, .events = send_ ? POLLOUT : POLLIN};
    int n = poll(&pfd, 1, ms);
    if (n < 0 && errno != EINTR)
        return mb_err_set(err, MB_E_IO, errno, "poll", "waiting for the other process failed");
    return n > 0; /* POLLHUP / POLLERR too: the next read or write says what happened */
}

int mb_fd_accept(intptr_t lsock, intptr_t *fd, bool *loopback, struct mb_err *err)
{
    struct sockaddr_storage peer;
    socklen_t plen = sizeof peer;
    int c = accept4((int)lsock, (struct sockaddr *)&peer, &plen, SOCK_CLOEXEC);
    if (c < 0)
        return mb_err_set(err, MB_E_IO, errno, "accept4", "cannot accept the child's connection");
    const struct sockaddr_in *in = (const struct sockaddr_in *)&peer;
    *loopback = peer.ss_family == AF_INET && in->sin_addr.s_addr == htonl(INADDR_LOOPBACK);
    *fd = c;
    return 0;
}

int mb_fd_connect(enum mb_fd_kind kind, const char *path, unsigned port, intptr_t *fd,
                  struct mb_err *err)
{
    struct sockaddr_storage ss;
    socklen_t alen = make_addr(kind, path, port, &ss);
    int c = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (c < 0)
        return mb_err_set(err, MB_E_IO, errno, "socket", "cannot create a socket");
    int rc;
    do
        rc = connect(c, (struct sockaddr *)&ss, alen);
    while (rc != 0 && errno == EINTR);
    if (rc != 0) {
        int e = errno;
        close(c);
        return mb_err_set(err, MB_E_IO, e, "connect", "cannot connect to the parent");
    }
    *fd = c;
    return 0;
}

void mb_fd_nodelay(intptr_t fd)
{
    int one = 1;
    setsockopt((int)fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

int mb_fd_io(enum mb_fd_kind kind, intptr_t fd, bool send_, void *p, size_t len, size_t *n, int *os,
             const char **call)
{
    ssize_t r;
    if (send_) {
        *call = kind == MB_FD_PIPE ? "write" : "send";
        r = kind == MB_FD_PIPE ? write((int)fd, p, len) : send((int)fd, p, len, MSG_NOSIGNAL);
    } else {
        *call = "read";
        r = read((int)fd, p, len);
    }
    if (r > 0 || (r == 0 && !send_)) {
        *n = (size_t)r;
        return MB_FD_DONE;
    }
    *os = errno;
    if (r < 0 && errno == EINTR)
        return MB_FD_INTR;
    if (r < 0 && (errno == EPIPE || errno == ECONNRESET))
        return MB_FD_GONE;
    return MB_FD_FAIL;
}
