/* methods/win/io.c: explicit-I/O methods on Windows: rw (ReadFile/WriteFile on the file
 * pointer, SetFilePointerEx when the position differs), prw (ReadFile/WriteFile with OVERLAPPED
 * offsets on a synchronous handle), direct (FILE_FLAG_NO_BUFFERING, plus
 * FILE_FLAG_WRITE_THROUGH when the pass is durable, sector-aligned buffers and offsets).
 * Hints: seq -> FILE_FLAG_SEQUENTIAL_SCAN, random -> FILE_FLAG_RANDOM_ACCESS (cache-manager
 * hints given at CreateFile). willneed has no explicit-I/O equivalent on Windows (no
 * fadvise), populate and huge are mapping hints: none of them is accepted here. */
#include "os/win/win.h"

#include "methods/io_access.h"
#include "methods/method.h"

struct io_state {
    HANDLE h;
    uint64_t pos; /* rw: where the file pointer is */
    bool direct;
};

static int io_open_flags(const struct mb_open_args *a, DWORD extra, struct io_state *s,
                         struct mb_err *err)
{
    DWORD access = a->access == MB_ACCESS_READ ? GENERIC_READ : GENERIC_READ | GENERIC_WRITE;
    DWORD flags = FILE_ATTRIBUTE_NORMAL | extra;
    if (a->hint == MB_HINT_SEQ)
        flags |= FILE_FLAG_SEQUENTIAL_SCAN;
    else if (a->hint == MB_HINT_RANDOM)
        flags |= FILE_FLAG_RANDOM_ACCESS;
    else if (a->hint != MB_HINT_NONE)
        return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL,
                          "hint %s has no explicit-I/O equivalent on Windows",
                          mb_hint_name(a->hint));
    s->h = CreateFileA(a->path, access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                       NULL, OPEN_EXISTING, flags, NULL);
    if (s->h == INVALID_HANDLE_VALUE) {
        DWORD e = GetLastError();
        return mb_err_set(err, e == ERROR_INVALID_PARAMETER ? MB_E_UNSUPPORTED : MB_E_IO, (int)e,
                          "CreateFileA", "cannot open '%s'%s", a->path,
                          (extra & FILE_FLAG_NO_BUFFERING) ? " with FILE_FLAG_NO_BUFFERING" : "");
    }
    s->pos = 0;
    s->direct = (extra & FILE_FLAG_NO_BUFFERING) != 0;
    return 0;
}

static int io_open(void *state, const struct mb_open_args *a, struct mb_err *err)
{
    return io_open_flags(a, 0, state, err);
}

static int direct_open(void *state, const struct mb_open_args *a, struct mb_err *err)
{
    DWORD extra = FILE_FLAG_NO_BUFFERING | (a->durable ? FILE_FLAG_WRITE_THROUGH : 0);
    return io_open_flags(a, extra, state, err);
}

static int io_close(void *state, struct mb_err *err)
{
    struct io_state *s = state;
    if (!CloseHandle(s->h))
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "CloseHandle", "close failed");
    return 0;
}

static int io_sync(void *state, struct mb_err *err)
{
    struct io_state *s = state;
    if (!FlushFileBuffers(s->h))
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "FlushFileBuffers",
                          "FlushFileBuffers failed");
    return 0;
}

/* Names the likely cause of ERROR_INVALID_PARAMETER for non-cached I/O. */
static const char *io_why(const struct io_state *s, DWORD e)
{
    if (s->direct && e == ERROR_INVALID_PARAMETER)
        return " (FILE_FLAG_NO_BUFFERING needs offsets, lengths and buffers aligned to the "
               "volume's sector size)";
    return "";
}

static int seek_to(struct io_state *s, uint64_t off, struct mb_err *err)
{
    LARGE_INTEGER to;
    to.QuadPart = (LONGLONG)off;
    if (!SetFilePointerEx(s->h, to, NULL, FILE_BEGIN))
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "SetFilePointerEx",
                          "SetFilePointerEx to %llu failed", (unsigned long long)off);
    s->pos = off;
    return 0;
}

/* ReadFile / WriteFile on the file pointer, or at an OVERLAPPED offset (positioned I/O on a
 * synchronous handle). */
int mb_io_transfer(void *state, bool out, uint64_t off, size_t len, void *buf, bool at_pos,
                   struct mb_err *err)
{
    struct io_state *s = state;
    char *p = buf;
    if (at_pos && s->pos != off && seek_to(s, off, err))
        return err->code;
    size_t done = 0;
    while (done < len) {
        DWORD want = (DWORD)(len - done < MB_WIN_IO_MAX ? len - done : MB_WIN_IO_MAX), n = 0;
        OVERLAPPED o = mb_win_at(off + done);
        BOOL ok = out ? WriteFile(s->h, p + done, want, &n, at_pos ? NULL : &o)
                      : ReadFile(s->h, p + done, want, &n, at_pos ? NULL : &o);
        if (!ok || n == 0) {
            /* a read that ends early is the end of file; a write that moves nothing failed */
            DWORD e = out ? (n ? 0 : GetLastError()) : ok ? ERROR_HANDLE_EOF : GetLastError();
            if (out || e != ERROR_HANDLE_EOF)
                return mb_err_set(err, MB_E_IO, (int)e, out ? "WriteFile" : "ReadFile",
                                  "%s of %llu bytes at offset %llu failed%s",
                                  out ? "write" : "read", (unsigned long long)len,
                                  (unsigned long long)off, io_why(s, e));
            return mb_err_set(err, MB_E_CHANGED, 0, "ReadFile",
                              "end of file at offset %llu (file truncated?)",
                              (unsigned long long)(off + done));
        }
        done += n;
    }
    s->pos = off + len;
    return 0;
}

/* willneed has no explicit-I/O equivalent here (see the top of this file) */
MB_IO_METHODS(
    struct io_state, io_open, direct_open, io_sync, io_close,
    (1u << MB_HINT_SEQ) | (1u << MB_HINT_RANDOM),
    "ReadFile/WriteFile on the file pointer (SetFilePointerEx when the position differs)",
    "ReadFile/WriteFile with OVERLAPPED offsets on a synchronous handle, FlushFileBuffers",
    "CreateFile FILE_FLAG_NO_BUFFERING (+ FILE_FLAG_WRITE_THROUGH for durable passes), "
    "ReadFile/WriteFile with OVERLAPPED offsets, page-aligned buffers");
