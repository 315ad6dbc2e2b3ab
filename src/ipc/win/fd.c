/* ipc/win/fd.c: ipc/fd.h on Windows: a named pipe per direction whose parent (server) end is
 * overlapped, so that the parent's every wait on it is bounded, and whose child (client) end
 * (only that) is inheritable and synchronous; Winsock AF_UNIX (Windows 10 1803+;
 * MB_E_UNSUPPORTED where the system lacks it) and AF_INET (127.0.0.1) stream sockets, select,
 * ReadFile/WriteFile and recv/send. SOCKETs are carried as intptr_t, a pipe end as a pointer
 * to its struct pipe_end; OS codes are GetLastError()/WSAGetLastError() values. */
#define WIN32_LEAN_AND_MEAN
#define NOUSER /* winuser.h defines MB_OK, which core/err.h names too */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <afunix.h>

#include "ipc/fd.h"
#include "os/win/win.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Requested pipe buffer: Linux's default pipe capacity, so both platforms buffer alike. */
#define PIPE_BUFFER 65536u
/* How long one mb_fd_io call waits for its overlapped call before it hands back to the caller
 * (MB_FD_INTR), which watches the peer and waits again with mb_fd_wait: one poll interval. */
#define PIPE_IO_WAIT_MS 50u
/* Attempts at a pipe name no other pipe has (FILE_FLAG_FIRST_PIPE_INSTANCE refuses a taken
 * one). */
#define PIPE_NAME_TRIES 8

/* One end of a pipe. The parent's ends are overlapped: a ReadFile/WriteFile that cannot finish
 * at once stays in flight (pending, on buf) while the caller waits on ev with a timeout, and
 * is cancelled when the end is closed. The child's ends are synchronous (ev NULL): its calls
 * block, as on POSIX. */
struct pipe_end {
    HANDLE h;
    HANDLE ev; /* manual-reset event of ov; NULL on a synchronous end */
    OVERLAPPED ov;
    bool pending; /* a call on buf is in flight */
    bool send;    /* ... and it is a WriteFile */
    const void *buf;
};

const char mb_fd_api_pipe[] =
    "CreateNamedPipeA (one per direction, 64 KiB buffers; the parent's ends overlapped, "
    "waited on with the stall bound; the child's ends inherited by CreateProcessA), "
    "ReadFile/WriteFile";
const char mb_fd_api_socket[] =
    "Winsock AF_UNIX SOCK_STREAM bound to a path in the data directory (Windows 10 1803+; "
    "skipped as unsupported where AF_UNIX is missing), send/recv";
const char mb_fd_api_tcp[] = "Winsock AF_INET SOCK_STREAM over 127.0.0.1, TCP_NODELAY, send/recv";

char mb_fd_dir_sep(void)
{
    return '\\';
}

size_t mb_fd_unix_path_max(void)
{
    return UNIX_PATH_MAX - 1;
}

bool mb_fd_path_exists(const char *path)
{
    return GetFileAttributesA(path) != INVALID_FILE_ATTRIBUTES;
}

bool mb_fd_path_remove(const char *path)
{
    return DeleteFileA(path) != 0;
}

int mb_fd_net_start(struct mb_err *err)
{
    WSADATA wd;
    int rc = WSAStartup(MAKEWORD(2, 2), &wd);
    if (rc != 0)
        return mb_err_set(err, MB_E_IO, rc, "WSAStartup", "cannot initialise Winsock");
    return 0;
}

void mb_fd_net_stop(void)
{
    WSACleanup();
}

/* A new pipe end on h (ev: the overlapped end's event, or NULL), or NULL with h and ev closed
 * when out of memory. */
static struct pipe_end *end_new(HANDLE h, HANDLE ev)
{
    struct pipe_end *e = calloc(1, sizeof *e);
    if (!e) {
        CloseHandle(h);
        if (ev)
            CloseHandle(ev);
        return NULL;
    }
    e->h = h;
    e->ev = ev;
    e->ov.hEvent = ev;
    return e;
}

/* Closes a pipe end, first cancelling a call in flight and waiting until it has let go of
 * the caller's buffer. */
static void end_close(struct pipe_end *e)
{
    if (e->pending) {
        DWORD n;
        CancelIoEx(e->h, &e->ov);
        GetOverlappedResult(e->h, &e->ov, &n, TRUE);
    }
    CloseHandle(e->h);
    if (e->ev)
        CloseHandle(e->ev);
    free(e);
}

/* One direction: a named pipe whose server end (*server, overlapped, private to this
 * process) writes when outbound (else reads), and whose client end (*client, synchronous,
 * inheritable) does the opposite. */
static int pipe_pair(bool outbound, struct pipe_end **server, struct pipe_end **client,
                     struct mb_err *err)
{
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    if (!ev)
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "CreateEventA",
                          "cannot create a pipe's event");
    char name[96];
    HANDLE h = INVALID_HANDLE_VALUE;
    DWORD e = 0;
    for (int i = 0; i < PIPE_NAME_TRIES && h == INVALID_HANDLE_VALUE; i++) {
        LARGE_INTEGER t;
        QueryPerformanceCounter(&t);
        snprintf(name, sizeof name, "\\\\.\\pipe\\mapbench-ipc-%lu-%s-%llx-%d",
                 (unsigned long)GetCurrentProcessId(), outbound ? "p2c" : "c2p",
                 (unsigned long long)t.QuadPart, i);
        h = CreateNamedPipeA(name,
                             (outbound ? PIPE_ACCESS_OUTBOUND : PIPE_ACCESS_INBOUND) |
                                 FILE_FLAG_OVERLAPPED | FILE_FLAG_FIRST_PIPE_INSTANCE,
                             PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT |
                                 PIPE_REJECT_REMOTE_CLIENTS,
                             1, PIPE_BUFFER, PIPE_BUFFER, 0, NULL);
        e = h == INVALID_HANDLE_VALUE ? GetLastError() : 0;
        if (e && e != ERROR_ACCESS_DENIED && e != ERROR_PIPE_BUSY)
            break; /* not a name already taken */
    }
    if (h == INVALID_HANDLE_VALUE) {
        CloseHandle(ev);
        return mb_err_set(err, MB_E_IO, (int)e, "CreateNamedPipeA", "cannot create a pipe");
    }
    if (!(*server = end_new(h, ev)))
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE}; /* the child's end crosses CreateProcess */
    h = CreateFileA(name, outbound ? GENERIC_READ : GENERIC_WRITE, 0, &sa, OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "CreateFileA",
                          "cannot open the child's end of pipe '%s'", name);
    if (!(*client = end_new(h, NULL)))
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    /* the client is connected already: ERROR_PIPE_CONNECTED is the expected answer */
    if (!ConnectNamedPipe((*server)->h, &(*server)->ov) && GetLastError() != ERROR_PIPE_CONNECTED) {
        e = GetLastError();
        if (e == ERROR_IO_PENDING) /* not connected after all: never wait for a stranger */
            (*server)->pending = true;
        return mb_err_set(err, MB_E_IO, (int)e, "ConnectNamedPipe",
                          "the child's end of pipe '%s' is not connected", name);
    }
    return 0;
}

int mb_fd_pipes_create(intptr_t parent[2], intptr_t child[2], char *token, size_t len,
                       struct mb_err *err)
{
    struct pipe_end *pw = NULL, *cr = NULL, *pr = NULL, *cw = NULL;
    int rc = pipe_pair(true, &pw, &cr, err);
    parent[1] = pw ? (intptr_t)pw : MB_FD_NONE;
    child[0] = cr ? (intptr_t)cr : MB_FD_NONE;
    if (rc)
        return rc;
    rc = pipe_pair(false, &pr, &cw, err);
    parent[0] = pr ? (intptr_t)pr : MB_FD_NONE;
    child[1] = cw ? (intptr_t)cw : MB_FD_NONE;
    if (rc)
        return rc;
    /* an inherited handle has the same value in the child */
    snprintf(token, len, "%" PRIuPTR ",%" PRIuPTR, (uintptr_t)cr->h, (uintptr_t)cw->h);
    return 0;
}

int mb_fd_pipes_attach(const char *token, intptr_t fds[2], struct mb_err *err)
{
    uintptr_t r, w;
    DWORD flags;
    if (sscanf(token, "%" SCNuPTR ",%" SCNuPTR, &r, &w) != 2 ||
        !GetHandleInformation((HANDLE)r, &flags) || !GetHandleInformation((HANDLE)w, &flags))
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "bad pipe handles '%s'", token);
    SetHandleInformation((HANDLE)r, HANDLE_FLAG_INHERIT, 0);
    SetHandleInformation((HANDLE)w, HANDLE_FLAG_INHERIT, 0);
    struct pipe_end *er = end_new((HANDLE)r, NULL);
    struct pipe_end *ew = er ? end_new((HANDLE)w, NULL) : NULL;
    if (!ew) {
        if (er)
            end_close(er);
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    }
    fds[0] = (intptr_t)er;
    fds[1] = (intptr_t)ew;
    return 0;
}

void mb_fd_close(intptr_t *fd, enum mb_fd_kind kind)
{
    if (*fd != MB_FD_NONE && *fd != 0) {
        if (kind == MB_FD_PIPE)
            end_close((struct pipe_end *)*fd);
        else
            closesocket((SOCKET)*fd);
    }
    *fd = MB_FD_NONE;
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

/* The address of a Unix socket path (length checked by the caller) or of 127.0.0.1:port. */
static int make_addr(enum mb_fd_kind kind, const char *path, unsigned port,
                     struct sockaddr_storage *ss)
{
    memset(ss, 0, sizeof *ss);
    if (kind == MB_FD_UNIX) {
        struct sockaddr_un *a = (struct sockaddr_un *)ss;
        a->sun_family = AF_UNIX;
        snprintf(a->sun_path, sizeof a->sun_path, "%s", path);
        return (int)sizeof *a;
    }
    struct sockaddr_in *a = (struct sockaddr_in *)ss;
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a->sin_port = htons((u_short)port);
    return (int)sizeof *a;
}

int mb_fd_listen(enum mb_fd_kind kind, const char *path, intptr_t *lsock, bool *bound,
                 unsigned *port, struct mb_err *err)
{
    struct sockaddr_storage ss;
    int alen = make_addr(kind, path, 0, &ss);
    SOCKET l;
    int rc = new_socket(ss.ss_family, &l, err);
    if (rc)
        return rc;
    *lsock = (intptr_t)l;
    if (bind(l, (struct sockaddr *)&ss, alen) != 0) {
        int e = WSAGetLastError();
        if (e == WSAEADDRINUSE && kind == MB_FD_UNIX)
            return mb_err_set(err, MB_E_FOREIGN, 0, NULL,
                              "socket path '%s' already exists and was not created by this run "
                              "(remove it if it is stale)",
                              path);
        return mb_err_set(err, MB_E_IO, e, "bind", "cannot bind the listening socket");
    }
    if (bound)
        *bound = true;
    if (listen(l, 1) != 0)
        return mb_err_set(err, MB_E_IO, WSAGetLastError(), "listen", "cannot listen");
    if (port) {
        int len = (int)sizeof ss;
        if (getsockname(l, (struct sockaddr *)&ss, &len) != 0)
            return mb_err_set(err, MB_E_IO, WSAGetLastError(), "getsockname",
                              "cannot read the listening port");
        *port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
    }
    return 0;
}

int mb_fd_wait_readable(intptr_t lsock, int ms, const char *what, struct mb_err *err)
{
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET((SOCKET)lsock, &rd);
    struct timeval tv = {ms / 1000, (ms % 1000) * 1000};
    int n = select(0, &rd, NULL, NULL, &tv);
    if (n == SOCKET_ERROR)
        return mb_err_set(err, MB_E_IO, WSAGetLastError(), "select", "%s", what);
    return n > 0;
}

int mb_fd_wait(intptr_t fd, enum mb_fd_kind kind, bool send_, int ms, struct mb_err *err)
{
    if (kind == MB_FD_PIPE) {
        /* a pipe end is ready unless its overlapped call is still in flight */
        const struct pipe_end *e = (const struct pipe_end *)fd;
        if (!e->pending)
            return 1;
        DWORD w = WaitForSingleObject(e->ev, ms < 0 ? 0 : (DWORD)ms);
        if (w == WAIT_FAILED)
            return mb_err_set(err, MB_E_IO, (int)GetLastError(), "WaitForSingleObject",
                              "waiting for the other process failed");
        return w == WAIT_OBJECT_0;
    }
    fd_set set, ex;
    FD_ZERO(&set);
    FD_ZERO(&ex);
    FD_SET((SOCKET)fd, &set);
    FD_SET((SOCKET)fd, &ex);
    struct timeval tv = {ms / 1000, (ms % 1000) * 1000};
    int n = send_ ? select(0, NULL, &set, &ex, &tv) : select(0, &set, NULL, &ex, &tv);
    if (n == SOCKET_ERROR)
        return mb_err_set(err, MB_E_IO, WSAGetLastError(), "select",
                          "waiting for the other process failed");
    return n > 0;
}

int mb_fd_accept(intptr_t lsock, intptr_t *fd, bool *loopback, struct mb_err *err)
{
    struct sockaddr_storage peer;
    int plen = (int)sizeof peer;
    SOCKET c = accept((SOCKET)lsock, (struct sockaddr *)&peer, &plen);
    if (c == INVALID_SOCKET)
        return mb_err_set(err, MB_E_IO, WSAGetLastError(), "accept",
                          "cannot accept the child's connection");
    SetHandleInformation((HANDLE)c, HANDLE_FLAG_INHERIT, 0);
    const struct sockaddr_in *in = (const struct sockaddr_in *)&peer;
    *loopback = peer.ss_family == AF_INET && in->sin_addr.s_addr == htonl(INADDR_LOOPBACK);
    *fd = (intptr_t)c;
    return 0;
}

int mb_fd_connect(enum mb_fd_kind kind, const char *path, unsigned port, intptr_t *fd,
                  struct mb_err *err)
{
    struct sockaddr_storage ss;
    int alen = make_addr(kind, path, port, &ss);
    SOCKET c;
    int rc = new_socket(ss.ss_family, &c, err);
    if (rc)
        return rc;
    if (connect(c, (struct sockaddr *)&ss, alen) != 0) {
        int e = WSAGetLastError();
        closesocket(c);
        return mb_err_set(err, MB_E_IO, e, "connect", "cannot connect to the parent");
    }
    *fd = (intptr_t)c;
    return 0;
}

void mb_fd_nodelay(intptr_t fd)
{
    BOOL one = TRUE;
    setsockopt((SOCKET)fd, IPPROTO_TCP, TCP_NODELAY, (const char *)&one, (int)sizeof one);
}

/* True for the errors that mean the other process closed its end or died. */
static bool peer_gone(int e)
{
    return e == ERROR_BROKEN_PIPE || e == ERROR_NO_DATA || e == ERROR_PIPE_NOT_CONNECTED ||
           e == WSAECONNRESET || e == WSAECONNABORTED || e == WSAESHUTDOWN;
}

/* One ReadFile/WriteFile on a pipe end: a synchronous end blocks; on an overlapped end the
 * call is started (or, in flight on the same buffer, looked at) and waited on for at most
 * PIPE_IO_WAIT_MS; still in flight it is MB_FD_INTR (call again once mb_fd_wait says ready).
 * Returns 0 or the GetLastError() code, *n the bytes moved. */
static int pipe_io(struct pipe_end *e, bool send_, void *p, DWORD want, size_t *n)
{
    DWORD done = 0;
    if (!e->ev) {
        BOOL ok =
            send_ ? WriteFile(e->h, p, want, &done, NULL) : ReadFile(e->h, p, want, &done, NULL);
        *n = done;
        return ok ? 0 : (int)GetLastError();
    }
    if (e->pending && (e->buf != p || e->send != send_))
        return ERROR_INVALID_PARAMETER; /* a caller that gave up on the call in flight */
    if (!e->pending) {
        /* ReadFile/WriteFile clear e->ev themselves; it is set when this call completes */
        BOOL ok =
            send_ ? WriteFile(e->h, p, want, NULL, &e->ov) : ReadFile(e->h, p, want, NULL, &e->ov);
        if (!ok && GetLastError() != ERROR_IO_PENDING)
            return (int)GetLastError();
        e->pending = true;
        e->send = send_;
        e->buf = p;
        if (!ok)
            WaitForSingleObject(e->ev, PIPE_IO_WAIT_MS);
    }
    if (!GetOverlappedResult(e->h, &e->ov, &done, FALSE)) {
        int err = (int)GetLastError();
        if (err == ERROR_IO_INCOMPLETE)
            return ERROR_IO_PENDING;
        e->pending = false;
        return err;
    }
    e->pending = false;
    *n = done;
    return 0;
}

int mb_fd_io(enum mb_fd_kind kind, intptr_t fd, bool send_, void *p, size_t len, size_t *n, int *os,
             const char **call)
{
    size_t want = len > MB_WIN_IO_MAX ? MB_WIN_IO_MAX : len; /* send/recv alike */
    int e = 0;
    *n = 0;
    if (kind == MB_FD_PIPE) {
        *call = send_ ? "WriteFile" : "ReadFile";
        e = pipe_io((struct pipe_end *)fd, send_, p, (DWORD)want, n);
        if (e == ERROR_IO_PENDING) {
            *os = 0;
            return MB_FD_INTR; /* still in flight: the caller watches the peer, waits again */
        }
    } else {
        *call = send_ ? "send" : "recv";
        int r = send_ ? send((SOCKET)fd, (const char *)p, (int)want, 0)
                      : recv((SOCKET)fd, (char *)p, (int)want, 0);
        if (r != SOCKET_ERROR)
            *n = (size_t)r;
        else
            e = WSAGetLastError();
    }
    *os = e;
    if (!e)
        return MB_FD_DONE;
    return peer_gone(e) ? MB_FD_GONE : MB_FD_FAIL;
}
