/* run/worker.c: the threads of a case: each issues its contiguous range of the request
 * stream, synchronously through the method's get/put or, for an asynchronous method, with up
 * to the case's queue depth of requests in flight on its own queue; each publishes its
 * progress for a sampler beside it. */
#include <stdlib.h>

#include "core/content.h"
#include "os/fault.h"
#include "run/run_state.h"

/* Publishes one completed request of len bytes (the worker's progress). */
static void worker_progress(struct mb_worker *w, size_t len)
{
    atomic_store_explicit(&w->done_bytes,
                          atomic_load_explicit(&w->done_bytes, memory_order_relaxed) + len,
                          memory_order_relaxed);
    atomic_store_explicit(&w->done_requests,
                          atomic_load_explicit(&w->done_requests, memory_order_relaxed) + 1,
                          memory_order_relaxed);
}

void mb_run_request_at(const struct mb_run *r, uint64_t i, uint64_t *off, size_t *len)
{
    uint64_t blk = mb_pattern_block(&r->pat, i);
    *off = blk * r->spec.bs;
    uint64_t rest = r->spec.size - *off;
    *len = (size_t)(rest < r->spec.bs ? rest : r->spec.bs);
}

static int worker_body(void *arg, struct mb_err *err)
{
    struct mb_worker *w = arg;
    struct mb_run *r = w->run;
    const struct mb_method *m = r->m;
    uint64_t sum = 0, bytes = 0;
    uint64_t stride = r->opts.latency ? r->lat_stride : 0;
    for (uint64_t k = w->lo; k < w->hi; k++) {
        uint64_t i = (r->slice_start + k) % r->nreq;
        uint64_t off;
        size_t len;
        mb_run_request_at(r, i, &off, &len);
        uint64_t t0 = (stride && k % stride == 0) ? mb_os_now_ns() : 0;
        if (mb_op_is_read(&r->spec.op, i)) {
            const void *p = m->get(r->state, off, len, w->buf, err);
            if (!p)
                return err->code;
            sum += mb_consume(p, len);
        } else {
            void *p = m->put_begin(r->state, off, len, w->buf, err);
            if (!p)
                return err->code;
            sum += mb_produce(r->df.seed, r->gen, off, p, len);
            int rc = m->put_end(r->state, off, len, p, err);
            if (rc)
                return rc;
        }
        if (t0) {
            w->lat[w->lat_n % MB_LAT_CAP] = mb_os_now_ns() - t0;
            w->lat_n++;
        }
        bytes += len;
        worker_progress(w, len);
    }
    w->sum = sum;
    w->bytes = bytes;
    return 0;
}

/* Opens the worker's queue over the open method (its slot buffers, the case's hint). */
static int worker_queue_open(struct mb_worker *w, struct mb_err *err)
{
    const struct mb_run *r = w->run;
    int rc = r->m->queue_open(r->state, w->queue, r->spec.queue_depth, (void *const *)w->bufs,
                              w->buflen, r->spec.hint, err);
    if (rc == 0)
        w->queue_open = true;
    return rc;
}

void mb_worker_queue_close(struct mb_worker *w)
{
    if (w->queue_open)
        w->run->m->queue_close(w->queue);
    w->queue_open = false;
}

/* Queues request k of the worker's range (stream index i) in slot s: a write's bytes are
 * produced into the slot's buffer first (their sum into *sum). */
static int worker_submit(struct mb_worker *w, unsigned s, uint64_t k, uint64_t stride,
                         uint64_t *sum, struct mb_err *err)
{
    struct mb_run *r = w->run;
    uint64_t i = (r->slice_start + k) % r->nreq;
    uint64_t off;
    size_t len;
    mb_run_request_at(r, i, &off, &len);
    struct mb_slot *sl = &w->slots[s];
    sl->len = len;
    sl->read = mb_op_is_read(&r->spec.op, i);
    if (!sl->read)
        *sum += mb_produce(r->df.seed, r->gen, off, w->bufs[s], len);
    sl->t0 = (stride && k % stride == 0) ? mb_os_now_ns() : 0;
    return r->m->queue_submit(w->queue, s, !sl->read, off, len, err);
}

/* The worker's range through an asynchronous method: up to queue_depth requests in flight,
 * each slot refilled with the next request as it completes (reads consumed then), every
 * request of [lo, hi) completed exactly once. The queue is opened here when not open (every
 * pass for lifetime:pass, the first for lifetime:case) and closed at the end for
 * lifetime:pass; after an error nothing more is submitted and the queue is closed (it
 * abandons what is in flight safely). */
static int worker_body_queued(void *arg, struct mb_err *err)
{
    struct mb_worker *w = arg;
    struct mb_run *r = w->run;
    uint64_t sum = 0, bytes = 0;
    uint64_t stride = r->opts.latency ? r->lat_stride : 0;
    if (w->lo == w->hi)
        return 0;
    int rc = w->queue_open ? 0 : worker_queue_open(w, err);
    if (rc)
        return rc;
    uint64_t next = w->lo;
    unsigned inflight = 0;
    for (unsigned s = 0; s < r->spec.queue_depth && next < w->hi; s++, inflight++)
        if ((rc = worker_submit(w, s, next++, stride, &sum, err)) != 0)
            goto fail;
    while (inflight > 0) {
        unsigned s;
        if ((rc = r->m->queue_wait(w->queue, &s, err)) != 0)
            goto fail;
        inflight--;
        const struct mb_slot *sl = &w->slots[s];
        if (sl->read)
            sum += mb_consume(w->bufs[s], sl->len);
        if (sl->t0) {
            w->lat[w->lat_n % MB_LAT_CAP] = mb_os_now_ns() - sl->t0;
            w->lat_n++;
        }
        bytes += sl->len;
        worker_progress(w, sl->len);
        if (next < w->hi) {
            if ((rc = worker_submit(w, s, next++, stride, &sum, err)) != 0)
                goto fail;
            inflight++;
        }
    }
    if (r->spec.lifetime == MB_LIFETIME_PASS)
        mb_worker_queue_close(w);
    w->sum = sum;
    w->bytes = bytes;
    return 0;
fail:
    mb_worker_queue_close(w);
    return rc;
}

void mb_worker_run(struct mb_worker *w)
{
    mb_err_clear(&w->err);
    w->sum = w->bytes = 0;
    bool queued = (w->run->m->caps & MB_CAP_ASYNC) != 0;
    w->rc = mb_fault_guard(queued ? worker_body_queued : worker_body, w, &w->err);
}

void *mb_worker_thread(void *arg)
{
    struct mb_worker *w = arg;
    struct mb_run *r = w->run;
    for (;;) {
        pthread_barrier_wait(&r->start);
        if (r->quit)
            break;
        mb_worker_run(w);
        pthread_barrier_wait(&r->done);
    }
    return NULL;
}

int mb_worker_alloc_queue(struct mb_worker *w, size_t buflen, struct mb_err *err)
{
    const struct mb_run *r = w->run;
    unsigned depth = r->spec.queue_depth;
    w->buflen = buflen;
    w->bufs = calloc(depth, sizeof *w->bufs);
    w->slots = calloc(depth, sizeof *w->slots);
    w->queue = calloc(1, r->m->queue_size ? r->m->queue_size : 1);
    if (!w->bufs || !w->slots || !w->queue)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    w->bufs[0] = w->buf;
    for (unsigned k = 1; k < depth; k++)
        if (!(w->bufs[k] = mb_os_alloc_touched(mb_os_page_size(), buflen)))
            return mb_err_set(err, MB_E_NOMEM, 0, NULL,
                              "out of memory for %u buffers of %llu bytes (queue depth)", depth,
                              (unsigned long long)buflen);
    return 0;
}
