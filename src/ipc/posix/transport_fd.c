/* ipc/posix/transport_fd.c: the descriptor transports on POSIX: `pipe` (two anonymous pipes whose
 * child ends the child inherits), `socket` (a Unix domain stream socket bound to a path in the
 * data directory) and `tcp` (a TCP connection over 127.0.0.1 only, TCP_NODELAY). A message is
 * written from / read into the caller's buffer with write/send and read/recv. */
#include "ipc/ipc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "os/os.h"

enum fd_kind { FD_PIPE, FD_UNIX, FD_TCP };

struct fd_state {
    enum fd_kind kind;
    int rfd, wfd;         /* this side's ends (the same socket for unix/tcp) */
    int child_r, child_w; /* pipe: the child's ends, open until spawned() */
    int lfd;              /* listening socket until spawned() */
    bool named;           /* the socket path exists and is ours */
    char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
    struct mb_ipc_peer peer;
};

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

static void init_fds(struct fd_state *s, enum fd_kind kind, const struct mb_ipc_params *p)
{
    s->kind = kind;
    s->rfd = s->wfd = s->child_r = s->child_w = s->lfd = -1;
    s->peer = p->peer;
}

static int sock_path(const struct mb_ipc_params *p, char *buf, size_t len, struct mb_err *err)
{
    int n = snprintf(buf, len, "%s/%s.sock", p->dir, p->base);
    if (n < 0 || (size_t)n >= len)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "socket path '%s/%s.sock' is longer than the %zu bytes a Unix socket "
                          "address holds: use a shorter --data-dir",
                          p->dir, p->base, len - 1);
    return 0;
}

static int unix_preflight(const struct mb_ipc_params *p, struct mb_err *err)
{
    char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
    int rc = sock_path(p, path, sizeof path, err);
    if (rc)
        return rc;
    struct stat st;
    if (lstat(path, &st) == 0)
        return mb_err_set(err, MB_E_FOREIGN, 0, NULL,
                          "socket path '%s' already exists and was not created by this run "
                          "(remove it if it is stale)",
                          path);
    return 0;
}

static void fd_unlink(void *st)
{
    struct fd_state *s = st;
    if (s->named)
        unlink(s->path);
    s->named = false;
}

static void fd_close(void *st)
{
    struct fd_state *s = st;
    if (s->kind == FD_PIPE) {
        close_fd(&s->rfd);
        close_fd(&s->wfd);
    } else {
        close_fd(&s->rfd);
        s->wfd = -1;
    }
    close_fd(&s->child_r);
    close_fd(&s->child_w);
    close_fd(&s->lfd);
    fd_unlink(st);
}

static int pipe_create(void *st, const struct mb_ipc_params *p, char *token, size_t len,
                       struct mb_err *err)
{
    struct fd_state *s = st;
    init_fds(s, FD_PIPE, p);
    int p2c[2], c2p[2];
    if (pipe2(p2c, O_CLOEXEC) != 0)
        return mb_err_set(err, MB_E_IO, errno, "pipe2", "cannot create a pipe");
    s->wfd = p2c[1];
    s->child_r = p2c[0];
    if (pipe2(c2p, O_CLOEXEC) != 0)
        return mb_err_set(err, MB_E_IO, errno, "pipe2", "cannot create a pipe");
    s->rfd = c2p[0];
    s->child_w = c2p[1];
    /* only the child's ends cross exec */
    if (fcntl(s->child_r, F_SETFD, 0) != 0 || fcntl(s->child_w, F_SETFD, 0) != 0)
        return mb_err_set(err, MB_E_IO, errno, "fcntl",
                          "cannot make the child's pipe ends "
                          "inheritable");
    snprintf(token, len, "%d,%d", s->child_r, s->child_w);
    return 0;
}

static int pipe_spawned(void *st, struct mb_err *err)
{
    struct fd_state *s = st;
    (void)err;
    /* without this, a dead child would never show up as end of file / EPIPE */
    close_fd(&s->child_r);
    close_fd(&s->child_w);
    return 0;
}

static int pipe_attach(void *st, const struct mb_ipc_params *p, const char *token,
                       struct mb_err *err)
{
    struct fd_state *s = st;
    init_fds(s, FD_PIPE, p);
    int r, w;
    if (sscanf(token, "%d,%d", &r, &w) != 2 || fcntl(r, F_GETFD) < 0 || fcntl(w, F_GETFD) < 0)
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "bad pipe descriptors '%s'", token);
    s->rfd = r;
    s->wfd = w;
    fcntl(r, F_SETFD, FD_CLOEXEC);
    fcntl(w, F_SETFD, FD_CLOEXEC);
    return 0;
}

static int listen_on(struct fd_state *s, const struct sockaddr *a, socklen_t alen,
                     struct mb_err *err)
{
    s->lfd = socket(a->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s->lfd < 0)
        return mb_err_set(err, MB_E_IO, errno, "socket", "cannot create a socket");
    if (bind(s->lfd, a, alen) != 0) {
        int e = errno;
        if (e == EADDRINUSE && a->sa_family == AF_UNIX)
            return mb_err_set(err, MB_E_FOREIGN, 0, NULL,
                              "socket path '%s' already exists and was not created by this run "
                              "(remove it if it is stale)",
                              s->path);
        return mb_err_set(err, MB_E_IO, e, "bind", "cannot bind the listening socket");
    }
    if (a->sa_family == AF_UNIX)
        s->named = true;
    if (listen(s->lfd, 1) != 0)
        return mb_err_set(err, MB_E_IO, errno, "listen", "cannot listen");
    return 0;
}

static int unix_create(void *st, const struct mb_ipc_params *p, char *token, size_t len,
                       struct mb_err *err)
{
    struct fd_state *s = st;
    init_fds(s, FD_UNIX, p);
    int rc = sock_path(p, s->path, sizeof s->path, err);
    if (rc)
        return rc;
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    memcpy(a.sun_path, s->path, strlen(s->path) + 1);
    rc = listen_on(s, (struct sockaddr *)&a, sizeof a, err);
    if (rc)
        return rc;
    snprintf(token, len, "%s", s->path);
    return 0;
}

static int tcp_create(void *st, const struct mb_ipc_params *p, char *token, size_t len,
                      struct mb_err *err)
{
    struct fd_state *s = st;
    init_fds(s, FD_TCP, p);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* loopback only, never a routable address */
    a.sin_port = 0;
    int rc = listen_on(s, (struct sockaddr *)&a, sizeof a, err);
    if (rc)
        return rc;
    socklen_t alen = sizeof a;
    if (getsockname(s->lfd, (struct sockaddr *)&a, &alen) != 0)
        return mb_err_set(err, MB_E_IO, errno, "getsockname", "cannot read the listening port");
    snprintf(token, len, "127.0.0.1:%u", (unsigned)ntohs(a.sin_port));
    return 0;
}

static void nodelay(int fd)
{
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

/* Accepts the child's connection, watching the child while waiting. */
static int sock_spawned(void *st, struct mb_err *err)
{
    struct fd_state *s = st;
    int poll_ms = s->peer.poll_ms > 0 ? s->peer.poll_ms : 100;
    uint64_t start = mb_os_now_ns();
    for (;;) {
        struct pollfd pfd = {.fd = s->lfd, .events = POLLIN};
        int n = poll(&pfd, 1, poll_ms);
        if (n > 0)
            break;
        if (n < 0 && errno != EINTR)
            return mb_err_set(err, MB_E_IO, errno, "poll", "waiting for the child to connect");
        if (s->peer.check) {
            int rc = s->peer.check(s->peer.ctx, err);
            if (rc)
                return rc;
        }
        if (s->peer.stall_ms > 0 && mb_os_now_ns() - start > (uint64_t)s->peer.stall_ms * 1000000u)
            return mb_err_set(err, MB_E_IO, 0, NULL, "the child did not connect within %d ms",
                              s->peer.stall_ms);
    }
    struct sockaddr_storage peer;
    socklen_t plen = sizeof peer;
    int fd = accept4(s->lfd, (struct sockaddr *)&peer, &plen, SOCK_CLOEXEC);
    if (fd < 0)
        return mb_err_set(err, MB_E_IO, errno, "accept4", "cannot accept the child's connection");
    if (s->kind == FD_TCP) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)&peer;
        if (peer.ss_family != AF_INET || in->sin_addr.s_addr != htonl(INADDR_LOOPBACK)) {
            close(fd);
            return mb_err_set(err, MB_E_IO, 0, NULL, "refused a connection not from 127.0.0.1");
        }
        nodelay(fd);
    }
    s->rfd = s->wfd = fd;
    close_fd(&s->lfd);
    return 0;
}

static int sock_connect(struct fd_state *s, const struct sockaddr *a, socklen_t alen,
                        struct mb_err *err)
{
    int fd = socket(a->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return mb_err_set(err, MB_E_IO, errno, "socket", "cannot create a socket");
    int rc;
    do
        rc = connect(fd, a, alen);
    while (rc != 0 && errno == EINTR);
    if (rc != 0) {
        int e = errno;
        close(fd);
        return mb_err_set(err, MB_E_IO, e, "connect", "cannot connect to the parent");
    }
    if (s->kind == FD_TCP)
        nodelay(fd);
    s->rfd = s->wfd = fd;
    return 0;
}

static int unix_attach(void *st, const struct mb_ipc_params *p, const char *token,
                       struct mb_err *err)
{
    struct fd_state *s = st;
    init_fds(s, FD_UNIX, p);
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    if (strlen(token) >= sizeof a.sun_path)
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "socket path '%s' is too long", token);
    memcpy(a.sun_path, token, strlen(token) + 1);
    return sock_connect(s, (struct sockaddr *)&a, sizeof a, err);
}

static int tcp_attach(void *st, const struct mb_ipc_params *p, const char *token,
                      struct mb_err *err)
{
    struct fd_state *s = st;
    init_fds(s, FD_TCP, p);
    unsigned port;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    if (strncmp(token, "127.0.0.1:", 10) != 0 || sscanf(token + 10, "%u", &port) != 1 ||
        port == 0 || port > 65535)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "bad TCP address '%s': only 127.0.0.1:PORT is allowed", token);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons((uint16_t)port);
    return sock_connect(s, (struct sockaddr *)&a, sizeof a, err);
}

/* Runs the peer check after a signal interrupted a blocking call. */
static int on_eintr(struct fd_state *s, struct mb_err *err)
{
    return s->peer.check ? s->peer.check(s->peer.ctx, err) : 0;
}

static void *fd_send_begin(void *st, size_t len, void *buf, struct mb_err *err)
{
    (void)st;
    (void)len;
    (void)err;
    return buf;
}

static int fd_write_all(struct fd_state *s, const unsigned char *p, size_t len, struct mb_err *err)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n = s->kind == FD_PIPE ? write(s->wfd, p + done, len - done)
                                       : send(s->wfd, p + done, len - done, MSG_NOSIGNAL);
        if (n > 0) {
            done += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR) {
            int rc = on_eintr(s, err);
            if (rc)
                return rc;
            continue;
        }
        if (n < 0 && (errno == EPIPE || errno == ECONNRESET))
            return mb_err_set(err, MB_E_IO, errno, s->kind == FD_PIPE ? "write" : "send",
                              "the other process closed the channel");
        return mb_err_set(err, MB_E_IO, errno, s->kind == FD_PIPE ? "write" : "send",
                          "sending a message failed");
    }
    return 0;
}

static int fd_read_all(struct fd_state *s, unsigned char *p, size_t len, struct mb_err *err)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n = read(s->rfd, p + done, len - done);
        if (n > 0) {
            done += (size_t)n;
            continue;
        }
        if (n == 0)
            return mb_err_set(err, MB_E_IO, 0, NULL,
                              "the other process closed the channel (end of file after %zu of "
                              "%zu bytes)",
                              done, len);
        if (errno == EINTR) {
            int rc = on_eintr(s, err);
            if (rc)
                return rc;
            continue;
        }
        return mb_err_set(err, MB_E_IO, errno, "read", "receiving a message failed");
    }
    return 0;
}

static int fd_send_end(void *st, const void *p, size_t len, struct mb_err *err)
{
    return fd_write_all(st, p, len, err);
}

static const void *fd_recv_begin(void *st, size_t len, void *buf, struct mb_err *err)
{
    return fd_read_all(st, buf, len, err) ? NULL : buf;
}

static void fd_recv_end(void *st, const void *p, size_t len)
{
    (void)st;
    (void)p;
    (void)len;
}

const struct mb_ipc_transport mb_ipc_pipe = {
    .name = "pipe",
    .api = "pipe2 (anonymous, inherited across posix_spawn), read/write",
    .state_size = sizeof(struct fd_state),
    .create = pipe_create,
    .spawned = pipe_spawned,
    .unlink = fd_unlink,
    .attach = pipe_attach,
    .send_begin = fd_send_begin,
    .send_end = fd_send_end,
    .recv_begin = fd_recv_begin,
    .recv_end = fd_recv_end,
    .close = fd_close,
};

const struct mb_ipc_transport mb_ipc_socket = {
    .name = "socket",
    .api = "AF_UNIX SOCK_STREAM bound to a path in the data directory, send/read",
    .caps = MB_IPC_CAP_DIR,
    .state_size = sizeof(struct fd_state),
    .preflight = unix_preflight,
    .create = unix_create,
    .spawned = sock_spawned,
    .unlink = fd_unlink,
    .attach = unix_attach,
    .send_begin = fd_send_begin,
    .send_end = fd_send_end,
    .recv_begin = fd_recv_begin,
    .recv_end = fd_recv_end,
    .close = fd_close,
};

const struct mb_ipc_transport mb_ipc_tcp = {
    .name = "tcp",
    .api = "AF_INET SOCK_STREAM over 127.0.0.1, TCP_NODELAY, send/read",
    .state_size = sizeof(struct fd_state),
    .create = tcp_create,
    .spawned = sock_spawned,
    .unlink = fd_unlink,
    .attach = tcp_attach,
    .send_begin = fd_send_begin,
    .send_end = fd_send_end,
    .recv_begin = fd_recv_begin,
    .recv_end = fd_recv_end,
    .close = fd_close,
};
