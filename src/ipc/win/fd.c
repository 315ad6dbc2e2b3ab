/* ipc/win/fd.c: ipc/fd.h on Windows: CreatePipe pairs whose child ends (only those) are
 * inheritable, Winsock AF_UNIX (Windows 10 1803+; MB_E_UNSUPPORTED where the system lacks it)
 * and AF_INET (127.0.0.1) stream sockets, select, ReadFile/WriteFile and recv/send. HANDLEs and
 * SOCKETs are carried as intptr_t; OS codes are GetLastError()/WSAGetLastError() values. */
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
#include <string.h>

/* Requested pipe buffer: Linux's default pipe capacity, so both platforms buffer alike. */
#define PIPE_BUFFER 65536u

const char mb_fd_api_pipe[] =
    "CreatePipe (anonymous, 64 KiB buffer, child ends inherited by CreateProcessA), "
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

int mb_fd_pipes_create(intptr_t parent[2], intptr_t child[2], char *token, size_t len,
                       struct mb_err *err)
{
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE}; /* inheritable; parent ends undone below */
    HANDLE cr, pw, pr, cw;
    if (!CreatePipe(&cr, &pw, &sa, PIPE_BUFFER))
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "CreatePipe", "cannot create a pipe");
    child[0] = (intptr_t)cr;
    parent[1] = (intptr_t)pw;
    if (!CreatePipe(&pr, &cw, &sa, PIPE_BUFFER))
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "CreatePipe", "cannot create a pipe");
    parent[0] = (intptr_t)pr;
    child[1] = (intptr_t)cw;
    /* only the child's ends cross CreateProcess */
    if (!SetHandleInformation(pw, HANDLE_FLAG_INHERIT, 0) ||
        !SetHandleInformation(pr, HANDLE_FLAG_INHERIT, 0))
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "SetHandleInformation",
                          "cannot keep the parent's pipe ends private");
    /* an inherited handle has the same value in the child */
    snprintf(token, len, "%" PRIuPTR ",%" PRIuPTR, (uintptr_t)cr, (uintptr_t)cw);
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
    fds[0] = (intptr_t)r;
    fds[1] = (intptr_t)w;
    return 0;
}

void mb_fd_close(intptr_t *fd, enum mb_fd_kind kind)
{
    if (*fd != MB_FD_NONE && *fd != 0) {
        if (kind == MB_FD_PIPE)
            CloseHandle((HANDLE)*fd);
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
    if (kind == MB_FD_PIPE)
        return 1; /* an anonymous pipe has no readiness wait: the call blocks as before */
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

int mb_fd_io(enum mb_fd_kind kind, intptr_t fd, bool send_, void *p, size_t len, size_t *n, int *os,
             const char **call)
{
    size_t want = len > MB_WIN_IO_MAX ? MB_WIN_IO_MAX : len; /* send/recv alike */
    int e = 0;
    *n = 0;
    if (kind == MB_FD_PIPE) {
        DWORD done = 0;
        *call = send_ ? "WriteFile" : "ReadFile";
        BOOL ok = send_ ? WriteFile((HANDLE)fd, p, (DWORD)want, &done, NULL)
                        : ReadFile((HANDLE)fd, p, (DWORD)want, &done, NULL);
        if (ok)
            *n = done;
        else
            e = (int)GetLastError();
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
