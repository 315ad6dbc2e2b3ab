/* methods/posix/io.c: explicit-I/O methods on POSIX: rw (read/write on the file position),
 * prw (pread/pwrite), direct (O_DIRECT pread/pwrite with aligned buffers). */
#include "methods/io_access.h"
#include "methods/method.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

struct io_state {
    int fd;
    uint64_t pos; /* rw: where the file position is */
};

static int io_open_flags(const struct mb_open_args *a, int extra, struct io_state *s,
                         struct mb_err *err)
{
    int flags = (a->access == MB_ACCESS_READ ? O_RDONLY : O_RDWR) | O_CLOEXEC | extra;
    s->fd = open(a->path, flags);
    if (s->fd < 0)
        return mb_err_set(err, errno == EINVAL ? MB_E_UNSUPPORTED : MB_E_IO, errno, "open",
                          "cannot open '%s'%s", a->path, extra ? " with O_DIRECT" : "");
    s->pos = 0;
    int advice = -1;
    if (a->hint == MB_HINT_SEQ)
        advice = POSIX_FADV_SEQUENTIAL;
    else if (a->hint == MB_HINT_RANDOM)
        advice = POSIX_FADV_RANDOM;
    else if (a->hint == MB_HINT_WILLNEED)
        advice = POSIX_FADV_WILLNEED;
    if (advice >= 0) {
        int e = posix_fadvise(s->fd, 0, (off_t)a->size, advice);
        if (e != 0) {
            close(s->fd);
            return mb_err_set(err, MB_E_UNSUPPORTED, e, "posix_fadvise",
                              "hint %s not accepted for '%s'", mb_hint_name(a->hint), a->path);
        }
    }
    return 0;
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

/* Reads exactly len bytes at off with pread (or read on the position when use_pos). */
int mb_io_read_full(void *state, uint64_t off, size_t len, void *buf, int use_pos,
                    struct mb_err *err)
{
    struct io_state *s = state;
    char *p = buf;
    if (use_pos && s->pos != off) {
        if (lseek(s->fd, (off_t)off, SEEK_SET) < 0)
            return mb_err_set(err, MB_E_IO, errno, "lseek", "lseek to %llu failed",
                              (unsigned long long)off);
    }
    size_t done = 0;
    while (done < len) {
        ssize_t n = use_pos ? read(s->fd, p + done, len - done)
                            : pread(s->fd, p + done, len - done, (off_t)(off + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return mb_err_set(err, MB_E_IO, errno, use_pos ? "read" : "pread",
                              "read of %zu bytes at offset %llu failed", len,
                              (unsigned long long)off);
        if (n == 0)
            return mb_err_set(err, MB_E_CHANGED, 0, use_pos ? "read" : "pread",
                              "end of file at offset %llu (file truncated?)",
                              (unsigned long long)(off + done));
        done += (size_t)n;
    }
    s->pos = off + len;
    return 0;
}

int mb_io_write_full(void *state, uint64_t off, size_t len, const void *buf, int use_pos,
                     struct mb_err *err)
{
    struct io_state *s = state;
    const char *p = buf;
    if (use_pos && s->pos != off) {
        if (lseek(s->fd, (off_t)off, SEEK_SET) < 0)
            return mb_err_set(err, MB_E_IO, errno, "lseek", "lseek to %llu failed",
                              (unsigned long long)off);
    }
    size_t done = 0;
    while (done < len) {
        ssize_t n = use_pos ? write(s->fd, p + done, len - done)
                            : pwrite(s->fd, p + done, len - done, (off_t)(off + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return mb_err_set(err, MB_E_IO, n < 0 ? errno : EIO, use_pos ? "write" : "pwrite",
                              "write of %zu bytes at offset %llu failed", len,
                              (unsigned long long)off);
        done += (size_t)n;
    }
    s->pos = off + len;
    return 0;
}

#define IO_HINTS ((1u << MB_HINT_SEQ) | (1u << MB_HINT_RANDOM) | (1u << MB_HINT_WILLNEED))

const struct mb_method mb_method_rw = {
    .name = "rw",
    .api = "read/write on the file position (lseek when the position differs)",
    .caps = MB_CAP_EXPLICIT | MB_CAP_WRITE | MB_CAP_COLD,
    .hints = IO_HINTS,
    .state_size = sizeof(struct io_state),
    .open = io_open,
    .get = mb_rw_get,
    .put_begin = mb_put_in_buffer,
    .put_end = mb_rw_put_end,
    .sync = io_sync,
    .close = io_close,
};

const struct mb_method mb_method_prw = {
    .name = "prw",
    .api = "pread/pwrite",
    .caps = MB_CAP_EXPLICIT | MB_CAP_WRITE | MB_CAP_COLD | MB_CAP_THREADS,
    .hints = IO_HINTS,
    .state_size = sizeof(struct io_state),
    .open = io_open,
    .get = mb_prw_get,
    .put_begin = mb_put_in_buffer,
    .put_end = mb_prw_put_end,
    .sync = io_sync,
    .close = io_close,
};

const struct mb_method mb_method_direct = {
    .name = "direct",
    .api = "O_DIRECT pread/pwrite, page-aligned buffers",
    .caps = MB_CAP_EXPLICIT | MB_CAP_WRITE | MB_CAP_COLD | MB_CAP_THREADS | MB_CAP_ALIGNED |
            MB_CAP_UNCACHED,
    .hints = 0,
    .state_size = sizeof(struct io_state),
    .open = direct_open,
    .get = mb_prw_get,
    .put_begin = mb_put_in_buffer,
    .put_end = mb_prw_put_end,
    .sync = io_sync,
    .close = io_close,
};
