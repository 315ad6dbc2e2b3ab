/* ipc/win/transport_fd.c: the descriptor transports on Windows: `pipe` (two anonymous pipes from
 * CreatePipe whose child ends, and only those, are inheritable), `socket` (an AF_UNIX stream
 * socket bound to a path in the data directory: Windows 10 1803+; where the system lacks
 * AF_UNIX the case is skipped as unsupported with that reason) and `tcp` (Winsock, 127.0.0.1
 * only, TCP_NODELAY). A message is written from / read into the caller's buffer with
 * WriteFile/send and ReadFile/recv. Every OS code kept is a GetLastError()/WSAGetLastError()
 * value. */
#define WIN32_LEAN_AND_MEAN
#define NOUSER /* winuser.h defines MB_OK, which core/err.h names too */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <afunix.h>

#include "ipc/ipc.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "os/os.h"

/* Requested pipe buffer: Linux's default pipe capacity, so both platforms buffer alike. */
#define PIPE_BUFFER 65536u
/* Largest single ReadFile/WriteFile/send/recv. */
#define IO_CHUNK (1u << 30)

enum fd_kind { FD_PIPE, FD_UNIX, FD_TCP };

struct fd_state {
    enum fd_kind kind;
    HANDLE rh, wh;           /* pipe: this side's ends */
    HANDLE child_r, child_w; /* pipe: the child's ends, open until spawned() */
    SOCKET sock, lsock;      /* unix/tcp: the connection, the listening socket */
    bool wsa;                /* WSAStartup succeeded (balanced by WSACleanup) */
    bool named;              /* the socket path exists and is ours */
    char path[UNIX_PATH_MAX];
    struct mb_ipc_peer peer;
};

static void close_handle(HANDLE *h)
{
    if (*h && *h != INVALID_HANDLE_VALUE)
        CloseHandle(*h);
    *h = NULL;
}

static void close_sock(SOCKET *s)
{
    if (*s != INVALID_SOCKET)
        closesocket(*s);
    *s = INVALID_SOCKET;
}

static void init_state(struct fd_state *s, enum fd_kind kind, const struct mb_ipc_params *p)
{
    s->kind = kind;
    s->rh = s->wh = s->child_r = s->child_w = NULL;
    s->sock = s->lsock = INVALID_SOCKET;
    s->peer = p->peer;
}

static int wsa_start(struct fd_state *s, struct mb_err *err)
{
    WSADATA wd;
    int rc = WSAStartup(MAKEWORD(2, 2), &wd);
    if (rc != 0)
        return mb_err_set(err, MB_E_IO, rc, "WSAStartup", "cannot initialise Winsock");
    s->wsa = true;
    return 0;
}

static int sock_path(const struct mb_ipc_params *p, char *buf, size_t len, struct mb_err *err)
{
    int n = snprintf(buf, len, "%s\\%s.sock", p->dir, p->base);
    if (n < 0 || (size_t)n >= len)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "socket path '%s\\%s.sock' is longer than the %u bytes a Unix socket "
                          "address holds: use a shorter --data-dir",
                          p->dir, p->base, (unsigned)(len - 1));
    return 0;
}

static int unix_preflight(const struct mb_ipc_params *p, struct mb_err *err)
{
    char path[UNIX_PATH_MAX];
    int rc = sock_path(p, path, sizeof path, err);
    if (rc)
        return rc;
    if (GetFileAttributesA(path) != INVALID_FILE_ATTRIBUTES)
        return mb_err_set(err, MB_E_FOREIGN, 0, NULL,
                          "socket path '%s' already exists and was not created by this run "
                          "(remove it if it is stale)",
                          path);
    return 0;
}

static void fd_unlink(void *st)
{
    struct fd_state *s = st;
    if (s->named && DeleteFileA(s->path))
        s->named = false;
}

static void fd_close(void *st)
{
    struct fd_state *s = st;
    close_handle(&s->rh);
    close_handle(&s->wh);
    close_handle(&s->child_r);
    close_handle(&s->child_w);
    close_sock(&s->sock);
    close_sock(&s->lsock);
    fd_unlink(st);
    if (s->wsa)
        WSACleanup();
    s->wsa = false;
}

static int pipe_create(void *st, const struct mb_ipc_params *p, char *token, size_t len,
                       struct mb_err *err)
{
    struct fd_state *s = st;
    init_state(s, FD_PIPE, p);
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE}; /* inheritable; parent ends undone below */
    if (!CreatePipe(&s->child_r, &s->wh, &sa, PIPE_BUFFER))
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "CreatePipe", "cannot create a pipe");
    if (!CreatePipe(&s->rh, &s->child_w, &sa, PIPE_BUFFER))
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "CreatePipe", "cannot create a pipe");
    /* only the child's ends cross CreateProcess */
    if (!SetHandleInformation(s->wh, HANDLE_FLAG_INHERIT, 0) ||
        !SetHandleInformation(s->rh, HANDLE_FLAG_INHERIT, 0))
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "SetHandleInformation",
                          "cannot keep the parent's pipe ends private");
    /* an inherited handle has the same value in the child */
    snprintf(token, len, "%" PRIuPTR ",%" PRIuPTR, (uintptr_t)s->child_r, (uintptr_t)s->child_w);
    return 0;
}

static int pipe_spawned(void *st, struct mb_err *err)
{
    struct fd_state *s = st;
    (void)err;
    /* without this, a dead child would never show up as ERROR_BROKEN_PIPE */
    close_handle(&s->child_r);
    close_handle(&s->child_w);
    return 0;
}

static int pipe_attach(void *st, const struct mb_ipc_params *p, const char *token,
                       struct mb_err *err)
{
    struct fd_state *s = st;
    init_state(s, FD_PIPE, p);
    uintptr_t r, w;
    DWORD flags;
    if (sscanf(token, "%" SCNuPTR ",%" SCNuPTR, &r, &w) != 2 ||
        !GetHandleInformation((HANDLE)r, &flags) || !GetHandleInformation((HANDLE)w, &flags))
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "bad pipe handles '%s'", token);
    s->rh = (HANDLE)r;
    s->wh = (HANDLE)w;
    SetHandleInformation(s->rh, HANDLE_FLAG_INHERIT, 0);
    SetHandleInformation(s->wh, HANDLE_FLAG_INHERIT, 0);
    return 0;
}

/* A stream socket of `family` that no child inherits. */
static int new_socket(int family, SOCKET *out, struct mb_err *err)
{
    *out = WSASocketW(family, SOCK_STREAM, family == AF_INET ? IPPROTO_TCP : 0, NULL, 0,
                      WSA_FLAG_NO_HANDLE_INHERIT);
    if (*out != INVALID_SOCKET)
        return 0;
    int e = WSAGetLastError();
    if (family == AF_UNIX && (e == WSAEAFNOSUPPORT || e == WSAEPROTONOSUPPORT ||
                              e == WSAESOCKTNOSUPPORT || e == WSAEINVAL))
        return mb_err_set(err, MB_E_UNSUPPORTED, e, "WSASocketW",
                          "AF_UNIX sockets are not available on this system (they need Windows "
                          "10 1803 or later; wine 8 lacks them)");
    return mb_err_set(err, MB_E_IO, e, "WSASocketW", "cannot create a socket");
}

static int listen_on(struct fd_state *s, const struct sockaddr *a, int alen, struct mb_err *err)
{
    int rc = new_socket(a->sa_family, &s->lsock, err);
    if (rc)
        return rc;
    if (bind(s->lsock, a, alen) != 0) {
        int e = WSAGetLastError();
        if (e == WSAEADDRINUSE && a->sa_family == AF_UNIX)
            return mb_err_set(err, MB_E_FOREIGN, 0, NULL,
                              "socket path '%s' already exists and was not created by this run "
                              "(remove it if it is stale)",
                              s->path);
        return mb_err_set(err, MB_E_IO, e, "bind", "cannot bind the listening socket");
    }
    if (a->sa_family == AF_UNIX)
        s->named = true;
    if (listen(s->lsock, 1) != 0)
        return mb_err_set(err, MB_E_IO, WSAGetLastError(), "listen", "cannot listen");
    return 0;
}

static int unix_create(void *st, const struct mb_ipc_params *p, char *token, size_t len,
                       struct mb_err *err)
{
    struct fd_state *s = st;
    init_state(s, FD_UNIX, p);
    int rc = sock_path(p, s->path, sizeof s->path, err);
    if (!rc)
        rc = wsa_start(s, err);
    if (rc)
        return rc;
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    memcpy(a.sun_path, s->path, strlen(s->path) + 1);
    rc = listen_on(s, (struct sockaddr *)&a, (int)sizeof a, err);
    if (rc)
        return rc;
    snprintf(token, len, "%s", s->path);
    return 0;
}

static int tcp_create(void *st, const struct mb_ipc_params *p, char *token, size_t len,
                      struct mb_err *err)
{
    struct fd_state *s = st;
    init_state(s, FD_TCP, p);
    int rc = wsa_start(s, err);
    if (rc)
        return rc;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* loopback only, never a routable address */
    a.sin_port = 0;
    rc = listen_on(s, (struct sockaddr *)&a, (int)sizeof a, err);
    if (rc)
        return rc;
    int alen = (int)sizeof a;
    if (getsockname(s->lsock, (struct sockaddr *)&a, &alen) != 0)
        return mb_err_set(err, MB_E_IO, WSAGetLastError(), "getsockname",
                          "cannot read the listening port");
    snprintf(token, len, "127.0.0.1:%u", (unsigned)ntohs(a.sin_port));
    return 0;
}

static void nodelay(SOCKET fd)
{
    BOOL one = TRUE;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, (const char *)&one, (int)sizeof one);
}

/* Accepts the child's connection, watching the child while waiting. */
static int sock_spawned(void *st, struct mb_err *err)
{
    struct fd_state *s = st;
    int poll_ms = s->peer.poll_ms > 0 ? s->peer.poll_ms : 100;
    uint64_t start = mb_os_now_ns();
    for (;;) {
        fd_set rd;
        FD_ZERO(&rd);
        FD_SET(s->lsock, &rd);
        struct timeval tv = {poll_ms / 1000, (poll_ms % 1000) * 1000};
        int n = select(0, &rd, NULL, NULL, &tv);
        if (n > 0)
            break;
        if (n == SOCKET_ERROR)
            return mb_err_set(err, MB_E_IO, WSAGetLastError(), "select",
                              "waiting for the child to connect");
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
    int plen = (int)sizeof peer;
    SOCKET fd = accept(s->lsock, (struct sockaddr *)&peer, &plen);
    if (fd == INVALID_SOCKET)
        return mb_err_set(err, MB_E_IO, WSAGetLastError(), "accept",
                          "cannot accept the child's connection");
    SetHandleInformation((HANDLE)fd, HANDLE_FLAG_INHERIT, 0);
    if (s->kind == FD_TCP) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)&peer;
        if (peer.ss_family != AF_INET || in->sin_addr.s_addr != htonl(INADDR_LOOPBACK)) {
            closesocket(fd);
            return mb_err_set(err, MB_E_IO, 0, NULL, "refused a connection not from 127.0.0.1");
        }
        nodelay(fd);
    }
    s->sock = fd;
    close_sock(&s->lsock);
    return 0;
}

static int sock_connect(struct fd_state *s, const struct sockaddr *a, int alen, struct mb_err *err)
{
    SOCKET fd;
    int rc = new_socket(a->sa_family, &fd, err);
    if (rc)
        return rc;
    if (connect(fd, a, alen) != 0) {
        int e = WSAGetLastError();
        closesocket(fd);
        return mb_err_set(err, MB_E_IO, e, "connect", "cannot connect to the parent");
    }
    if (s->kind == FD_TCP)
        nodelay(fd);
    s->sock = fd;
    return 0;
}

static int unix_attach(void *st, const struct mb_ipc_params *p, const char *token,
                       struct mb_err *err)
{
    struct fd_state *s = st;
    init_state(s, FD_UNIX, p);
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    if (strlen(token) >= sizeof a.sun_path)
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "socket path '%s' is too long", token);
    memcpy(a.sun_path, token, strlen(token) + 1);
    int rc = wsa_start(s, err);
    return rc ? rc : sock_connect(s, (struct sockaddr *)&a, (int)sizeof a, err);
}

static int tcp_attach(void *st, const struct mb_ipc_params *p, const char *token,
                      struct mb_err *err)
{
    struct fd_state *s = st;
    init_state(s, FD_TCP, p);
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
    int rc = wsa_start(s, err);
    return rc ? rc : sock_connect(s, (struct sockaddr *)&a, (int)sizeof a, err);
}

static void *fd_send_begin(void *st, size_t len, void *buf, struct mb_err *err)
{
    (void)st;
    (void)len;
    (void)err;
    return buf;
}

/* True for the errors that mean the other process closed its end or died. */
static bool peer_gone(int e)
{
    return e == ERROR_BROKEN_PIPE || e == ERROR_NO_DATA || e == ERROR_PIPE_NOT_CONNECTED ||
           e == WSAECONNRESET || e == WSAECONNABORTED || e == WSAESHUTDOWN;
}

static int fd_write_all(struct fd_state *s, const unsigned char *p, size_t len, struct mb_err *err)
{
    const char *call = s->kind == FD_PIPE ? "WriteFile" : "send";
    size_t done = 0;
    while (done < len) {
        size_t want = len - done > IO_CHUNK ? IO_CHUNK : len - done;
        int e = 0;
        size_t n = 0;
        if (s->kind == FD_PIPE) {
            DWORD w = 0;
            if (WriteFile(s->wh, p + done, (DWORD)want, &w, NULL))
                n = w;
            else
                e = (int)GetLastError();
        } else {
            int w = send(s->sock, (const char *)p + done, (int)want, 0);
            if (w != SOCKET_ERROR)
                n = (size_t)w;
            else
                e = WSAGetLastError();
        }
        if (e && peer_gone(e))
            return mb_err_set(err, MB_E_IO, e, call, "the other process closed the channel");
        if (e)
            return mb_err_set(err, MB_E_IO, e, call, "sending a message failed");
        done += n;
    }
    return 0;
}

static int fd_read_all(struct fd_state *s, unsigned char *p, size_t len, struct mb_err *err)
{
    const char *call = s->kind == FD_PIPE ? "ReadFile" : "recv";
    size_t done = 0;
    while (done < len) {
        size_t want = len - done > IO_CHUNK ? IO_CHUNK : len - done;
        int e = 0;
        size_t n = 0;
        if (s->kind == FD_PIPE) {
            DWORD r = 0;
            if (ReadFile(s->rh, p + done, (DWORD)want, &r, NULL))
                n = r;
            else
                e = (int)GetLastError();
        } else {
            int r = recv(s->sock, (char *)p + done, (int)want, 0);
            if (r != SOCKET_ERROR)
                n = (size_t)r;
            else
                e = WSAGetLastError();
        }
        if (e && peer_gone(e))
            return mb_err_set(err, MB_E_IO, e, call,
                              "the other process closed the channel (after %llu of %llu bytes)",
                              (unsigned long long)done, (unsigned long long)len);
        if (e)
            return mb_err_set(err, MB_E_IO, e, call, "receiving a message failed");
        if (n == 0)
            return mb_err_set(err, MB_E_IO, 0, NULL,
                              "the other process closed the channel (end of file after %llu of "
                              "%llu bytes)",
                              (unsigned long long)done, (unsigned long long)len);
        done += n;
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
    .api = "CreatePipe (anonymous, 64 KiB buffer, child ends inherited by CreateProcessA), "
           "ReadFile/WriteFile",
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
    .api = "Winsock AF_UNIX SOCK_STREAM bound to a path in the data directory (Windows 10 1803+; "
           "skipped as unsupported where AF_UNIX is missing), send/recv",
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
    .api = "Winsock AF_INET SOCK_STREAM over 127.0.0.1, TCP_NODELAY, send/recv",
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
