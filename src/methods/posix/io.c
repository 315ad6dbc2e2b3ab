/* methods/posix/io.c: explicit-I/O methods on POSIX: rw (read/write on the file position),
 * prw (pread/pwrite), direct (O_DIRECT pread/pwrite with aligned buffers). */
#include "methods/io_access.h"
#include "methods/method.h"
#include "methods/posix/advice.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

struct io_state {
    int fd;
    uint64_t pos; /* rw: where the file position is */
};

int mb_posix_open_advised(const struct mb_open_args *a, bool direct, int *fd, struct mb_err *err)
{
    int flags = (a->access == MB_ACCESS_READ ? O_RDONLY : O_RDWR) | O_CLOEXEC;
    *fd = open(a->path, flags | (direct ? O_DIRECT : 0));
    if (*fd < 0)
        return mb_err_set(err, errno == EINVAL ? MB_E_UNSUPPORTED : MB_E_IO, errno, "open",
                          "cannot open '%s'%s", a->path, direct ? " with O_DIRECT" : "");
    int advice = mb_posix_advice(a->hint, false);
    if (advice >= 0) {
        int e = posix_fadvise(*fd, 0, (off_t)a->size, advice);
        if (e != 0) {
            close(*fd);
            *fd = -1;
            return mb_err_set(err, MB_E_UNSUPPORTED, e, "posix_fadvise",
                              "hint %s not accepted for '%s'", mb_hint_name(a->hint), a->path);
        }
    }
    return 0;
}

static int io_open_flags(const struct mb_open_args *a, int extra, struct io_state *s,
                         struct mb_err *err)
{
    s->pos = 0;
    return mb_posix_open_advised(a, extra != 0, &s->fd, err);
}

static int io_open(void *state, const struct mb_open_args *a, struct mb_err *err)
{
    return io_open_flags(a, 0, state, err);
}

static int direct_open(void *state, const struct mb_open_args *a, struct mb_err *err)
{
    return io_open_flags(a, O_DIRECT, state, err);
}

static int io_close(void *state, struct mb_err *err)
{
    struct io_state *s = state;
    if (close(s->fd) != 0)
        return mb_err_set(err, MB_E_IO, errno, "close", "close failed");
    return 0;
}

static int io_sync(void *state, struct mb_err *err)
{
    struct io_state *s = state;
    if (fdatasync(s->fd) != 0)
        return mb_err_set(err, MB_E_IO, errno, "fdatasync", "fdatasync failed");
    return 0;
}

/* pread / pwrite, or read / write on the position. */
int mb_io_transfer(void *state, bool out, uint64_t off, size_t len, void *buf, bool at_pos,
                   struct mb_err *err)
{
    struct io_state *s = state;
    static const char *const calls[2][2] = {{"pread", "read"}, {"pwrite", "write"}};
    const char *call = calls[out][at_pos];
    char *p = buf;
    if (at_pos && s->pos != off && lseek(s->fd, (off_t)off, SEEK_SET) < 0)
        return mb_err_set(err, MB_E_IO, errno, "lseek", "lseek to %llu failed",
                          (unsigned long long)off);
    size_t done = 0;
    while (done < len) {
        void *at = p + done;
        size_t want = len - done;
        off_t where = (off_t)(off + done);
        ssize_t n = out ? (at_pos ? write(s->fd, at, want) : pwrite(s->fd, at, want, where))
                        : (at_pos ? read(s->fd, at, want) : pread(s->fd, at, want, where));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || (n == 0 && out))
            return mb_err_set(err, MB_E_IO, n < 0 ? errno : EIO, call,
                              "%s of %zu bytes at offset %llu failed", out ? "write" : "read", len,
                              (unsigned long long)off);
        if (n == 0)
            return mb_err_set(err, MB_E_CHANGED, 0, call,
                              "end of file at offset %llu (file truncated?)",
                              (unsigned long long)(off + done));
        done += (size_t)n;
    }
    s->pos = off + len;
    return 0;
}

MB_IO_METHODS(struct io_state, io_open, direct_open, io_sync, io_close,
              (1u << MB_HINT_SEQ) | (1u << MB_HINT_RANDOM) | (1u << MB_HINT_WILLNEED),
              "read/write on the file position (lseek when the position differs)", "pread/pwrite",
              "O_DIRECT pread/pwrite, page-aligned buffers");
