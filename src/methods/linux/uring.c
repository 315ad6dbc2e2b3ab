/* methods/linux/uring.c: the uring method on Linux: reads and writes submitted through
 * io_uring (liburing) one request at a time (queue depth 1, waiting for each completion),
 * so it measures io_uring's per-request path against pread/pwrite on the same loop. One ring
 * per open file, used by one thread. */
#include "methods/io_access.h"
#include "methods/method.h"

#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <string.h>
#include <unistd.h>

struct uring_state {
    int fd;
    struct io_uring ring;
};

static int uring_open(void *state, const struct mb_open_args *a, struct mb_err *err)
{
    struct uring_state *s = state;
    s->fd = open(a->path, (a->access == MB_ACCESS_READ ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if (s->fd < 0)
        return mb_err_set(err, MB_E_IO, errno, "open", "cannot open '%s'", a->path);
    int rc = io_uring_queue_init(4, &s->ring, 0);
    if (rc < 0) {
        close(s->fd);
        return mb_err_set(err, MB_E_UNSUPPORTED, -rc, "io_uring_queue_init",
                          "io_uring is not available");
    }
    return 0;
}

static int uring_close(void *state, struct mb_err *err)
{
    struct uring_state *s = state;
    io_uring_queue_exit(&s->ring);
    if (close(s->fd) != 0)
        return mb_err_set(err, MB_E_IO, errno, "close", "close failed");
    return 0;
}

/* Submits one read (write=0) or write of exactly len bytes at off and waits for it. */
static int uring_rw(struct uring_state *s, int write, uint64_t off, size_t len, void *buf,
                    struct mb_err *err)
{
    size_t done = 0;
    while (done < len) {
        struct io_uring_sqe *sqe = io_uring_get_sqe(&s->ring);
        if (!sqe)
            return mb_err_set(err, MB_E_IO, EBUSY, "io_uring_get_sqe", "submission queue full");
        if (write)
            io_uring_prep_write(sqe, s->fd, (char *)buf + done, (unsigned)(len - done), off + done);
        else
            io_uring_prep_read(sqe, s->fd, (char *)buf + done, (unsigned)(len - done), off + done);
        int rc = io_uring_submit_and_wait(&s->ring, 1);
        if (rc < 0)
            return mb_err_set(err, MB_E_IO, -rc, "io_uring_submit_and_wait", "submit failed");
        struct io_uring_cqe *cqe;
        rc = io_uring_wait_cqe(&s->ring, &cqe);
        if (rc < 0)
            return mb_err_set(err, MB_E_IO, -rc, "io_uring_wait_cqe", "wait failed");
        int res = cqe->res;
        io_uring_cqe_seen(&s->ring, cqe);
        if (res < 0)
            return mb_err_set(err, MB_E_IO, -res, write ? "IORING_OP_WRITE" : "IORING_OP_READ",
                              "%s of %zu bytes at offset %llu failed", write ? "write" : "read",
                              len, (unsigned long long)off);
        if (res == 0)
            return mb_err_set(err, MB_E_CHANGED, 0, "IORING_OP_READ",
                              "end of file at offset %llu (file truncated?)",
                              (unsigned long long)(off + done));
        done += (size_t)res;
    }
    return 0;
}

static const void *uring_get(void *state, uint64_t off, size_t len, void *buf, struct mb_err *err)
{
    return uring_rw(state, 0, off, len, buf, err) ? NULL : buf;
}

static int uring_put_end(void *state, uint64_t off, size_t len, const void *p, struct mb_err *err)
{
    return uring_rw(state, 1, off, len, (void *)p, err);
}

static int uring_sync(void *state, struct mb_err *err)
{
    struct uring_state *s = state;
    if (fdatasync(s->fd) != 0)
        return mb_err_set(err, MB_E_IO, errno, "fdatasync", "fdatasync failed");
    return 0;
}

MB_METHOD_DEFINE(uring, "io_uring read/write at queue depth 1 (liburing), fdatasync",
                 MB_CAP_EXPLICIT | MB_CAP_WRITE | MB_CAP_COLD, 0, struct uring_state, uring_open,
                 uring_get, mb_put_in_buffer, uring_put_end, uring_sync, uring_close, NULL);

/* placeholder until the queued io_uring methods land (same session) */
const struct mb_method mb_method_uringdirect = {
    .name = "uringdirect",
    .api = "io_uring with O_DIRECT",
    .caps = MB_CAP_EXPLICIT | MB_CAP_WRITE | MB_CAP_COLD | MB_CAP_THREADS | MB_CAP_ASYNC |
            MB_CAP_ALIGNED | MB_CAP_UNCACHED,
    .unsupported = "not built yet",
};
