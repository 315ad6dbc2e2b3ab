/* ipc/transport_fd.c: the descriptor transports: `pipe` (two anonymous pipes whose child ends
 * the child inherits), `socket` (a Unix domain stream socket bound to a path in the data
 * directory) and `tcp` (a TCP connection over 127.0.0.1 only, TCP_NODELAY). A message is
 * written from / read into the caller's buffer. Platform-neutral: the OS calls are behind
 * ipc/fd.h. */
#include "ipc/ipc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipc/fd.h"
#include "os/os.h"

/* Room for the longest socket path on any platform (mb_fd_unix_path_max bounds the use). */
#define PATH_ROOM 128

struct fd_state {
    enum mb_fd_kind kind;
    intptr_t rfd, wfd;         /* this side's ends (the same socket for unix/tcp) */
    intptr_t child_r, child_w; /* pipe: the child's ends, open until spawned() */
    intptr_t lfd;              /* listening socket until spawned() */
    bool net;                  /* mb_fd_net_start succeeded (balanced in close) */
    bool named;                /* the socket path exists and is ours */
    char path[PATH_ROOM];
    struct mb_ipc_peer peer;
};

static void init_state(struct fd_state *s, enum mb_fd_kind kind, const struct mb_ipc_params *p)
{
    s->kind = kind;
    s->rfd = s->wfd = s->child_r = s->child_w = s->lfd = MB_FD_NONE;
    s->peer = p->peer;
}

static int net_start(struct fd_state *s, struct mb_err *err)
{
    int rc = mb_fd_net_start(err);
    s->net = rc == 0;
    return rc;
}

static int sock_path(const struct mb_ipc_params *p, char *buf, struct mb_err *err)
{
    size_t len = mb_fd_unix_path_max() + 1;
    if (len > PATH_ROOM)
        len = PATH_ROOM;
    char sep = mb_fd_dir_sep();
    int n = snprintf(buf, len, "%s%c%s.sock", p->dir, sep, p->base);
    if (n < 0 || (size_t)n >= len)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "socket path '%s%c%s.sock' is longer than the %u bytes a Unix socket "
                          "address holds: use a shorter --data-dir",
                          p->dir, sep, p->base, (unsigned)(len - 1));
    return 0;
}

static int unix_preflight(const struct mb_ipc_params *p, struct mb_err *err)
{
    char path[PATH_ROOM];
    int rc = sock_path(p, path, err);
    if (rc)
        return rc;
    if (mb_fd_path_exists(path))
        return mb_err_set(err, MB_E_FOREIGN, 0, NULL,
                          "socket path '%s' already exists and was not created by this run "
                          "(remove it if it is stale)",
                          path);
    return 0;
}

static void fd_unlink(void *st)
{
    struct fd_state *s = st;
    if (s->named && mb_fd_path_remove(s->path))
        s->named = false;
}

static void fd_close(void *st)
{
    struct fd_state *s = st;
    mb_fd_close(&s->rfd, s->kind);
    if (s->kind == MB_FD_PIPE)
        mb_fd_close(&s->wfd, s->kind);
    s->wfd = MB_FD_NONE; /* a socket's wfd is rfd */
    mb_fd_close(&s->child_r, MB_FD_PIPE);
    mb_fd_close(&s->child_w, MB_FD_PIPE);
    mb_fd_close(&s->lfd, s->kind);
    fd_unlink(st);
    if (s->net)
        mb_fd_net_stop();
    s->net = false;
}

static int pipe_create(void *st, const struct mb_ipc_params *p, char *token, size_t len,
                       struct mb_err *err)
{
    struct fd_state *s = st;
    init_state(s, MB_FD_PIPE, p);
    intptr_t parent[2] = {MB_FD_NONE, MB_FD_NONE}, child[2] = {MB_FD_NONE, MB_FD_NONE};
    int rc = mb_fd_pipes_create(parent, child, token, len, err);
    s->rfd = parent[0];
    s->wfd = parent[1];
    s->child_r = child[0];
    s->child_w = child[1];
    return rc;
}

static int pipe_spawned(void *st, struct mb_err *err)
{
    struct fd_state *s = st;
    (void)err;
    /* without this, a dead child would never show up as end of file / a broken pipe */
    mb_fd_close(&s->child_r, MB_FD_PIPE);
    mb_fd_close(&s->child_w, MB_FD_PIPE);
    return 0;
}

static int pipe_attach(void *st, const struct mb_ipc_params *p, const char *token,
                       struct mb_err *err)
{
    struct fd_state *s = st;
    init_state(s, MB_FD_PIPE, p);
    intptr_t fds[2];
    int rc = mb_fd_pipes_attach(token, fds, err);
    if (rc)
        return rc;
    s->rfd = fds[0];
    s->wfd = fds[1];
    return 0;
}

static int unix_create(void *st, const struct mb_ipc_params *p, char *token, size_t len,
                       struct mb_err *err)
{
    struct fd_state *s = st;
    init_state(s, MB_FD_UNIX, p);
    int rc = sock_path(p, s->path, err);
    if (!rc)
        rc = net_start(s, err);
    if (!rc)
        rc = mb_fd_listen(MB_FD_UNIX, s->path, &s->lfd, &s->named, NULL, err);
    if (rc)
        return rc;
    snprintf(token, len, "%s", s->path);
    return 0;
}

static int tcp_create(void *st, const struct mb_ipc_params *p, char *token, size_t len,
                      struct mb_err *err)
{
    struct fd_state *s = st;
    init_state(s, MB_FD_TCP, p);
    unsigned port = 0;
    int rc = net_start(s, err);
    if (!rc) /* loopback only, never a routable address */
        rc = mb_fd_listen(MB_FD_TCP, NULL, &s->lfd, NULL, &port, err);
    if (rc)
        return rc;
    snprintf(token, len, "127.0.0.1:%u", port);
    return 0;
}

/* Accepts the child's connection, watching the child while waiting. */
static int sock_spawned(void *st, struct mb_err *err)
{
    struct fd_state *s = st;
    int poll_ms = s->peer.poll_ms > 0 ? s->peer.poll_ms : 100;
    uint64_t start = mb_os_now_ns();
    for (;;) {
        int n = mb_fd_wait_readable(s->lfd, poll_ms, "waiting for the child to connect", err);
        if (n > 0)
            break;
        if (n < 0)
            return n;
        if (s->peer.check) {
            int rc = s->peer.check(s->peer.ctx, err);
            if (rc)
                return rc;
        }
        if (s->peer.stall_ms > 0 && mb_os_now_ns() - start > (uint64_t)s->peer.stall_ms * 1000000u)
            return mb_err_set(err, MB_E_CHILD, 0, NULL, "the child did not connect within %d ms",
                              s->peer.stall_ms);
    }
    intptr_t fd;
    bool loopback;
    int rc = mb_fd_accept(s->lfd, &fd, &loopback, err);
    if (rc)
        return rc;
    if (s->kind == MB_FD_TCP) {
        if (!loopback) {
            mb_fd_close(&fd, s->kind);
            return mb_err_set(err, MB_E_IO, 0, NULL, "refused a connection not from 127.0.0.1");
        }
        mb_fd_nodelay(fd);
    }
    s->rfd = s->wfd = fd;
    mb_fd_close(&s->lfd, s->kind);
    return 0;
}

static int sock_connect(struct fd_state *s, const char *path, unsigned port, struct mb_err *err)
{
    intptr_t fd;
    int rc = net_start(s, err);
    if (!rc)
        rc = mb_fd_connect(s->kind, path, port, &fd, err);
    if (rc)
        return rc;
    if (s->kind == MB_FD_TCP)
        mb_fd_nodelay(fd);
    s->rfd = s->wfd = fd;
    return 0;
}

static int unix_attach(void *st, const struct mb_ipc_params *p, const char *token,
                       struct mb_err *err)
{
    struct fd_state *s = st;
    init_state(s, MB_FD_UNIX, p);
    if (strlen(token) > mb_fd_unix_path_max())
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "socket path '%s' is too long", token);
    return sock_connect(s, token, 0, err);
}

static int tcp_attach(void *st, const struct mb_ipc_params *p, const char *token,
                      struct mb_err *err)
{
    struct fd_state *s = st;
    init_state(s, MB_FD_TCP, p);
    unsigned port;
    if (strncmp(token, "127.0.0.1:", 10) != 0 || sscanf(token + 10, "%u", &port) != 1 ||
        port == 0 || port > 65535)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "bad TCP address '%s': only 127.0.0.1:PORT is allowed", token);
    return sock_connect(s, NULL, port, err);
}

static void *fd_send_begin(void *st, size_t len, void *buf, struct mb_err *err)
{
    (void)st;
    (void)len;
    (void)err;
    return buf;
}

/* With a stall bound (the parent): waits until fd is ready to move bytes, watching the peer
 * every poll_ms; fails after stall_ms without readiness (the same bound as the mapped
 * transports' "no progress"). Without one (the child) returns 0 at once: the call blocks. */
static int fd_wait_ready(struct fd_state *s, intptr_t fd, bool send, struct mb_err *err)
{
    if (s->peer.stall_ms <= 0)
        return 0;
    int poll_ms = s->peer.poll_ms > 0 ? s->peer.poll_ms : 100;
    uint64_t start = mb_os_now_ns();
    for (;;) {
        int n = mb_fd_wait(fd, s->kind, send, poll_ms, err);
        if (n > 0)
            return 0;
        if (n < 0)
            return n;
        if (s->peer.check) {
            int rc = s->peer.check(s->peer.ctx, err);
            if (rc)
                return rc;
        }
        if (mb_os_now_ns() - start > (uint64_t)s->peer.stall_ms * 1000000u)
            return mb_err_set(err, MB_E_CHILD, 0, NULL,
                              "the other process made no progress for %d ms (%s %s)",
                              s->peer.stall_ms, s->kind == MB_FD_PIPE ? "pipe" : "socket",
                              send ? "full" : "empty");
    }
}

/* Sends (send true) or receives all len bytes at p, watching the peer when a signal
 * interrupts a call or (with a stall bound) while the channel is not ready. */
static int fd_move_all(struct fd_state *s, bool send, unsigned char *p, size_t len,
                       struct mb_err *err)
{
    size_t done = 0;
    while (done < len) {
        int wrc = fd_wait_ready(s, send ? s->wfd : s->rfd, send, err);
        if (wrc)
            return wrc;
        size_t n = 0;
        int os = 0, rc = 0;
        const char *call = NULL;
        switch (
            mb_fd_io(s->kind, send ? s->wfd : s->rfd, send, p + done, len - done, &n, &os, &call)) {
        case MB_FD_DONE:
            if (n == 0 && !send) /* end of file */
                return mb_err_set(err, MB_E_CHILD, 0, NULL,
                                  "the other process closed the channel (end of file after %llu "
                                  "of %llu bytes)",
                                  (unsigned long long)done, (unsigned long long)len);
            done += n;
            break;
        case MB_FD_INTR:
            rc = s->peer.check ? s->peer.check(s->peer.ctx, err) : 0;
            if (rc)
                return rc;
            break;
        case MB_FD_GONE:
            if (send)
                return mb_err_set(err, MB_E_CHILD, os, call,
                                  "the other process closed the channel");
            return mb_err_set(err, MB_E_CHILD, os, call,
                              "the other process closed the channel (after %llu of %llu bytes)",
                              (unsigned long long)done, (unsigned long long)len);
        default:
            return mb_err_set(err, MB_E_IO, os, call,
                              send ? "sending a message failed" : "receiving a message failed");
        }
    }
    return 0;
}

static int fd_send_end(void *st, const void *p, size_t len, struct mb_err *err)
{
    return fd_move_all(st, true, (unsigned char *)p, len, err);
}

static const void *fd_recv_begin(void *st, size_t len, void *buf, struct mb_err *err)
{
    return fd_move_all(st, false, buf, len, err) ? NULL : buf;
}

static void fd_recv_end(void *st, const void *p, size_t len)
{
    (void)st;
    (void)p;
    (void)len;
}

const struct mb_ipc_transport mb_ipc_pipe = {
    .name = "pipe",
    .api = mb_fd_api_pipe,
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
    .api = mb_fd_api_socket,
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
    .api = mb_fd_api_tcp,
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
