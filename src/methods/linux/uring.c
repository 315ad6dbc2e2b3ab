/* methods/linux/uring.c: the asynchronous io_uring methods on Linux (liburing): uring (through
 * the page cache, fadvise hints as prw) and uringdirect (O_DIRECT, aligned buffers). The open
 * state is the file descriptor, shared by the threads of a pass; each thread owns a queue: one
 * ring with at least `depth` entries and `depth` slots, each slot one request in flight in its
 * caller-owned buffer. Hint fixed registers the slot buffers with the ring and submits
 * READ_FIXED / WRITE_FIXED. A short transfer is resubmitted for its remainder inside
 * queue_wait, so a completion the caller sees is always whole. */
#include "methods/method.h"
#include "methods/posix/advice.h"

#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

/* The largest transfer one sqe asks for (Linux moves at most this much per read/write call);
 * a longer request is resubmitted for its remainder like a short transfer. */
#define URING_MAX_XFER 0x7ffff000u

/* How long queue_close waits for requests abandoned in flight after an error, in total. */
#define URING_DRAIN_NS (10ull * 1000000000ull)

struct uring_state {
    int fd;
};

/* One request slot: its buffer and the request in it. */
struct uring_slot {
    unsigned char *buf;
    uint64_t off;
    size_t len, done;
    bool write;
    bool busy; /* queued or in the kernel, not yet reaped */
};

struct uring_queue {
    struct io_uring ring;
    int fd;
    bool fixed;
    unsigned depth;
    unsigned busy; /* slots busy */
    struct uring_slot *slots;
};

/* Opens the file (O_DIRECT when direct) and gives the hint's fadvise advice, as prw does. */
static int uring_open_flags(struct uring_state *s, const struct mb_open_args *a, bool direct,
                            struct mb_err *err)
{
    return mb_posix_open_advised(a, direct, &s->fd, err);
}

/* Opens the file through the page cache. */
static int uring_open(void *state, const struct mb_open_args *a, struct mb_err *err)
{
    return uring_open_flags(state, a, false, err);
}

/* Opens the file with O_DIRECT (MB_E_UNSUPPORTED where the file system refuses it). */
static int uringdirect_open(void *state, const struct mb_open_args *a, struct mb_err *err)
{
    return uring_open_flags(state, a, true, err);
}

/* Closes the descriptor (every queue over it is closed by then). */
static int uring_close(void *state, struct mb_err *err)
{
    struct uring_state *s = state;
    if (close(s->fd) != 0)
        return mb_err_set(err, MB_E_IO, errno, "close", "close failed");
    return 0;
}

/* fdatasync: the durability of a write:sync pass. */
static int uring_sync(void *state, struct mb_err *err)
{
    struct uring_state *s = state;
    if (fdatasync(s->fd) != 0)
        return mb_err_set(err, MB_E_IO, errno, "fdatasync", "fdatasync failed");
    return 0;
}

/* The error of io_uring_queue_init (rc < 0) for a queue of `depth`: what the system refuses is
 * MB_E_UNSUPPORTED with the reason, a depth it cannot take MB_E_USAGE naming the limit. */
static int uring_init_error(int rc, unsigned depth, struct mb_err *err)
{
    switch (-rc) {
    case EINVAL:
        return mb_err_set(err, MB_E_USAGE, -rc, "io_uring_queue_init",
                          "queue depth %u refused by io_uring (the kernel takes at most 32768 "
                          "entries, mapbench at most %u)",
                          depth, MB_QUEUE_DEPTH_MAX);
    case EPERM:
        return mb_err_set(err, MB_E_UNSUPPORTED, -rc, "io_uring_queue_init",
                          "io_uring is not permitted here (disabled by "
                          "/proc/sys/kernel/io_uring_disabled, or a seccomp or container policy)");
    case ENOSYS:
        return mb_err_set(err, MB_E_UNSUPPORTED, -rc, "io_uring_queue_init",
                          "the kernel has no io_uring (too old, or built without it)");
    case ENOMEM:
        return mb_err_set(err, MB_E_UNSUPPORTED, -rc, "io_uring_queue_init",
                          "io_uring could not allocate a ring of %u entries (locked memory: "
                          "RLIMIT_MEMLOCK, ulimit -l, on kernels before 5.12)",
                          depth);
    default:
        return mb_err_set(err, MB_E_IO, -rc, "io_uring_queue_init",
                          "cannot create an io_uring of %u entries", depth);
    }
}

/* Registers the slot buffers with the ring (hint fixed). */
static int uring_register(struct uring_queue *q, size_t buflen, struct mb_err *err)
{
    struct iovec *iov = calloc(q->depth, sizeof *iov);
    if (!iov)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    for (unsigned k = 0; k < q->depth; k++) {
        iov[k].iov_base = q->slots[k].buf;
        iov[k].iov_len = buflen;
    }
    int rc = io_uring_register_buffers(&q->ring, iov, q->depth);
    free(iov);
    if (rc == 0)
        return 0;
    if (rc == -ENOMEM)
        return mb_err_set(err, MB_E_UNSUPPORTED, -rc, "io_uring_register_buffers",
                          "cannot pin %u buffers of %llu bytes for hint fixed (locked memory: "
                          "RLIMIT_MEMLOCK, ulimit -l)",
                          q->depth, (unsigned long long)buflen);
    if (rc == -EOPNOTSUPP || rc == -EINVAL || rc == -EFAULT)
        return mb_err_set(err, MB_E_UNSUPPORTED, -rc, "io_uring_register_buffers",
                          "io_uring refuses to register %u buffers of %llu bytes for hint fixed",
                          q->depth, (unsigned long long)buflen);
    return mb_err_set(err, MB_E_IO, -rc, "io_uring_register_buffers",
                      "registering the buffers for hint fixed failed");
}

/* Creates the thread's ring over the open file: depth slots in bufs, registered with hint
 * fixed. On failure nothing is left open. */
static int uring_queue_open(void *state, void *queue, unsigned depth, void *const *bufs,
                            size_t buflen, enum mb_hint hint, struct mb_err *err)
{
    struct uring_state *s = state;
    struct uring_queue *q = queue;
    memset(q, 0, sizeof *q);
    q->fd = s->fd;
    q->depth = depth;
    q->fixed = hint == MB_HINT_FIXED;
    if (depth < 1 || depth > MB_QUEUE_DEPTH_MAX)
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "queue depth %u out of range (1 to %u)", depth,
                          MB_QUEUE_DEPTH_MAX);
    q->slots = calloc(depth, sizeof *q->slots);
    if (!q->slots)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    for (unsigned k = 0; k < depth; k++)
        q->slots[k].buf = bufs[k];
    int rc = io_uring_queue_init(depth, &q->ring, 0);
    if (rc < 0) {
        free(q->slots);
        q->slots = NULL;
        return uring_init_error(rc, depth, err);
    }
    if (q->fixed && (rc = uring_register(q, buflen, err)) != 0) {
        io_uring_queue_exit(&q->ring);
        free(q->slots);
        q->slots = NULL;
        return rc;
    }
    return 0;
}

/* The name of the operation slot sl submits, for messages. */
static const char *uring_op_name(const struct uring_queue *q, const struct uring_slot *sl)
{
    if (q->fixed)
        return sl->write ? "IORING_OP_WRITE_FIXED" : "IORING_OP_READ_FIXED";
    return sl->write ? "IORING_OP_WRITE" : "IORING_OP_READ";
}

/* Queues (without submitting) the rest of slot k's request: bytes done.. of it. */
static int uring_prep(struct uring_queue *q, unsigned k, struct mb_err *err)
{
    struct uring_slot *sl = &q->slots[k];
    struct io_uring_sqe *sqe = io_uring_get_sqe(&q->ring);
    if (!sqe) {
        /* cannot happen with at most depth requests per ring of >= depth entries; submit what
         * is queued and try once more */
        int rc = io_uring_submit(&q->ring);
        if (rc < 0)
            return mb_err_set(err, MB_E_IO, -rc, "io_uring_submit", "submit failed");
        sqe = io_uring_get_sqe(&q->ring);
        if (!sqe)
            return mb_err_set(err, MB_E_IO, EBUSY, "io_uring_get_sqe", "submission queue full");
    }
    size_t rest = sl->len - sl->done;
    unsigned n = (unsigned)(rest < URING_MAX_XFER ? rest : URING_MAX_XFER);
    unsigned char *at = sl->buf + sl->done;
    uint64_t where = sl->off + sl->done;
    if (q->fixed && sl->write)
        io_uring_prep_write_fixed(sqe, q->fd, at, n, where, (int)k);
    else if (q->fixed)
        io_uring_prep_read_fixed(sqe, q->fd, at, n, where, (int)k);
    else if (sl->write)
        io_uring_prep_write(sqe, q->fd, at, n, where);
    else
        io_uring_prep_read(sqe, q->fd, at, n, where);
    io_uring_sqe_set_data64(sqe, k);
    return 0;
}

/* Queues a read into (or a write of) slot's buffer, len bytes at off; sent by queue_wait. */
static int uring_queue_submit(void *queue, unsigned slot, bool write, uint64_t off, size_t len,
                              struct mb_err *err)
{
    struct uring_queue *q = queue;
    if (slot >= q->depth || q->slots[slot].busy)
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "slot %u of a queue of %u is not free", slot,
                          q->depth);
    struct uring_slot *sl = &q->slots[slot];
    sl->off = off;
    sl->len = len;
    sl->done = 0;
    sl->write = write;
    int rc = uring_prep(q, slot, err);
    if (rc)
        return rc;
    sl->busy = true;
    q->busy++;
    return 0;
}

/* Sends what is queued and waits until one request is complete, whole length, naming its slot
 * in *slot. A short transfer is queued again for its remainder; a read that meets the end of
 * the file is MB_E_CHANGED; a failed request is MB_E_IO naming its operation (its slot is free
 * again, the others stay in flight). */
static int uring_queue_wait(void *queue, unsigned *slot, struct mb_err *err)
{
    struct uring_queue *q = queue;
    for (;;) {
        if (q->busy == 0)
            return mb_err_set(err, MB_E_USAGE, 0, NULL, "no request in flight to wait for");
        struct io_uring_cqe *cqe = NULL;
        /* a completion already there is taken without a system call, unless requests are
         * queued: those are sent first, so the device keeps the full depth */
        if (io_uring_sq_ready(&q->ring) > 0 || io_uring_peek_cqe(&q->ring, &cqe) != 0) {
            int rc = io_uring_submit_and_wait(&q->ring, 1);
            /* EAGAIN / EBUSY: the kernel could not take more for now (no request memory, a
             * full completion queue): completions of what is in flight free it, so wait on */
            if (rc < 0 && rc != -EINTR && rc != -EAGAIN && rc != -EBUSY)
                return mb_err_set(err, MB_E_IO, -rc, "io_uring_submit_and_wait",
                                  "submitting or waiting failed");
            if (io_uring_peek_cqe(&q->ring, &cqe) != 0)
                continue;
        }
        uint64_t k = io_uring_cqe_get_data64(cqe);
        int res = cqe->res;
        io_uring_cqe_seen(&q->ring, cqe);
        if (k >= q->depth || !q->slots[k].busy)
            return mb_err_set(err, MB_E_IO, 0, "io_uring_peek_cqe",
                              "completion for slot %llu, which has no request",
                              (unsigned long long)k);
        struct uring_slot *sl = &q->slots[k];
        if (res <= 0) {
            sl->busy = false;
            q->busy--;
            if (res == 0 && !sl->write)
                return mb_err_set(err, MB_E_CHANGED, 0, uring_op_name(q, sl),
                                  "end of file at offset %llu (file truncated?)",
                                  (unsigned long long)(sl->off + sl->done));
            return mb_err_set(err, MB_E_IO, res < 0 ? -res : EIO, uring_op_name(q, sl),
                              "%s of %llu bytes at offset %llu failed",
                              sl->write ? "write" : "read", (unsigned long long)sl->len,
                              (unsigned long long)sl->off);
        }
        sl->done += (size_t)res;
        if (sl->done < sl->len) {
            int rc = uring_prep(q, (unsigned)k, err);
            if (rc) {
                sl->busy = false;
                q->busy--;
                return rc;
            }
            continue;
        }
        sl->busy = false;
        q->busy--;
        *slot = (unsigned)k;
        return 0;
    }
}

/* Frees the queue. Requests still in flight (after an error) are waited for first, for at most
 * URING_DRAIN_NS in total, so that the kernel no longer writes into buffers the caller frees. */
static void uring_queue_close(void *queue)
{
    struct uring_queue *q = queue;
    if (!q->slots)
        return;
    /* send what is queued too (what cannot be sent stays queued and is dropped with the
     * ring): then each busy slot in the kernel has exactly one completion to come */
    if (q->busy > 0)
        (void)io_uring_submit(&q->ring);
    unsigned queued = io_uring_sq_ready(&q->ring);
    unsigned in_kernel = q->busy > queued ? q->busy - queued : 0;
    struct timespec t0, now;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (in_kernel > 0) {
        struct __kernel_timespec ts = {.tv_sec = 1, .tv_nsec = 0};
        struct io_uring_cqe *cqe;
        int rc = io_uring_wait_cqe_timeout(&q->ring, &cqe, &ts);
        if (rc == 0) {
            io_uring_cqe_seen(&q->ring, cqe);
            in_kernel--;
        } else if (rc != -ETIME && rc != -EINTR) {
            break;
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        uint64_t ns = (uint64_t)(now.tv_sec - t0.tv_sec) * 1000000000ull + (uint64_t)now.tv_nsec -
                      (uint64_t)t0.tv_nsec;
        if (ns > URING_DRAIN_NS)
            break;
    }
    if (in_kernel > 0) {
        /* the kernel may still write into the caller's buffers: freeing or reusing them
         * would corrupt memory, so stop here */
        fprintf(stderr,
                "mapbench: %u io_uring requests did not complete within %llu s; stopping "
                "(their buffers cannot be released safely)\n",
                in_kernel, (unsigned long long)(URING_DRAIN_NS / 1000000000ull));
        abort();
    }
    io_uring_queue_exit(&q->ring);
    free(q->slots);
    q->slots = NULL;
    q->busy = 0;
}

/* The two methods share everything but open, their capabilities and their hints. */
#define URING_METHOD(id, api_text, cap_bits, hint_bits, open_fn)                                   \
    const struct mb_method mb_method_##id = {                                                      \
        .name = #id,                                                                               \
        .api = api_text,                                                                           \
        .caps = MB_CAP_EXPLICIT | MB_CAP_WRITE | MB_CAP_COLD | MB_CAP_THREADS | MB_CAP_ASYNC |     \
                (cap_bits),                                                                        \
        .hints = (hint_bits) | (1u << MB_HINT_FIXED),                                              \
        .state_size = sizeof(struct uring_state),                                                  \
        .open = open_fn,                                                                           \
        .sync = uring_sync,                                                                        \
        .close = uring_close,                                                                      \
        .queue_size = sizeof(struct uring_queue),                                                  \
        .queue_open = uring_queue_open,                                                            \
        .queue_submit = uring_queue_submit,                                                        \
        .queue_wait = uring_queue_wait,                                                            \
        .queue_close = uring_queue_close,                                                          \
    }

URING_METHOD(uring,
             "io_uring read/write at a queue depth, one ring per thread (liburing), fdatasync", 0,
             (1u << MB_HINT_SEQ) | (1u << MB_HINT_RANDOM) | (1u << MB_HINT_WILLNEED), uring_open);
URING_METHOD(uringdirect,
             "io_uring O_DIRECT read/write at a queue depth, one ring per thread (liburing), "
             "page-aligned buffers, fdatasync",
             MB_CAP_ALIGNED | MB_CAP_UNCACHED, 0, uringdirect_open);
