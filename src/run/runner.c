/* run/runner.c: timed passes of one case with a pool of threads (run/worker.c) that share one
 * open file or one mapping and split the request stream into contiguous index ranges: the
 * case's setup, its cache state, the verification of every pass, its counters. */
#include "run/runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "core/order.h"
#include "os/cache.h"
#include "os/cgroup.h"
#include "os/devstat.h"
#include "os/fault.h"
#include "run/run_state.h"

#define MB_READBACK_SAMPLES 8u

int mb_run_create(struct mb_run **out, const struct mb_case_spec *spec,
                  const struct mb_datafile *df, const struct mb_run_opts *opts, struct mb_err *err)
{
    *out = NULL;
    int rc = mb_case_check(spec, err);
    if (rc)
        return rc;
    struct mb_run *r = calloc(1, sizeof *r);
    if (!r)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    r->spec = *spec;
    r->df = *df;
    if (opts)
        r->opts = *opts;
    /* one way of measuring residency for the whole case (auto: tried once, here) */
    r->opts.residency = mb_cache_residency_resolve(df->path, r->opts.residency);
    r->have_dev = mb_devstat_open(df->path, &r->dev, NULL) == 0;
    /* a memory-limited case: this process moves into the case's cgroup before the file is
     * opened, so what the case maps and caches from now on is charged to it */
    if (spec->memlimit) {
        char tag[32];
        snprintf(tag, sizeof tag, "%llx", (unsigned long long)mb_os_now_ns());
        if ((rc = mb_cgroup_enter(&r->cg, spec->memlimit, tag, err)))
            goto fail;
    }
    r->m = spec->method;
    r->nthreads = spec->threads;
    r->nreq = (spec->size + spec->bs - 1) / spec->bs;
    rc = mb_pattern_init(&r->pat, &spec->pattern, r->nreq, df->seed, err);
    if (rc)
        goto fail;
    r->slice = r->nreq;
    /* a random hint turns read-ahead off, so even a sequential cold pass goes to the device
     * request by request */
    bool per_request = spec->pattern.kind != MB_PAT_SEQ || spec->hint == MB_HINT_RANDOM;
    bool device_bound =
        (spec->cache == MB_CACHE_COLD && per_request) || (r->m->caps & MB_CAP_UNCACHED);
    /* a time-based run checks its clock between slices */
    if (device_bound || r->opts.continuous) {
        uint64_t by_bytes = MB_SLICE_MAX_BYTES / spec->bs;
        uint64_t lim = by_bytes < MB_SLICE_MAX_REQUESTS ? by_bytes : MB_SLICE_MAX_REQUESTS;
        if (lim == 0)
            lim = 1;
        if (r->slice > lim)
            r->slice = lim;
    }
    /* a time-based run starts small (the device may be slow: a thrashing mapping does a
     * hundred requests a second) and grows its slices by slice_adapt */
    if (r->opts.continuous && r->slice > MB_CONTINUOUS_SLICE_FIRST)
        r->slice = MB_CONTINUOUS_SLICE_FIRST;
    uint64_t per_thread = r->slice / r->nthreads + 1;
    r->lat_stride = per_thread / MB_LAT_CAP;
    if (r->lat_stride < MB_LAT_MIN_STRIDE)
        r->lat_stride = MB_LAT_MIN_STRIDE;
    r->state = calloc(1, r->m->state_size ? r->m->state_size : 1);
    /* cache-line aligned: each worker's progress counters, stored after every request, sit on
     * a line of their own (the struct's alignment pads it), so no worker's stores evict a line
     * another worker reads */
    r->w = mb_os_alloc_aligned(MB_WORKER_LINE, r->nthreads * sizeof *r->w);
    if (r->w)
        memset(r->w, 0, r->nthreads * sizeof *r->w);
    if (!r->state || !r->w) {
        rc = mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
        goto fail;
    }
    size_t page = mb_os_page_size();
    size_t buflen = (size_t)((spec->bs + page - 1) / page * page);
    for (unsigned t = 0; t < r->nthreads; t++) {
        r->w[t].run = r;
        r->w[t].buf = mb_os_alloc_touched(page, buflen);
        if (opts && opts->latency)
            r->w[t].lat = calloc(MB_LAT_CAP, sizeof(uint64_t));
        if (!r->w[t].buf || (opts && opts->latency && !r->w[t].lat)) {
            rc = mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory for buffers");
            goto fail;
        }
        if ((r->m->caps & MB_CAP_ASYNC) && (rc = mb_worker_alloc_queue(&r->w[t], buflen, err)))
            goto fail;
    }
    if (r->m->prepare) {
        struct mb_open_args a = {df->path,   df->size, MB_ACCESS_READ,
                                 spec->hint, false,    r->opts.view_size};
        rc = r->m->prepare(r->state, &a, err);
        if (rc)
            goto fail;
        r->prepared = true;
    }
    if (r->nthreads > 1) {
        pthread_barrier_init(&r->start, NULL, r->nthreads);
        pthread_barrier_init(&r->done, NULL, r->nthreads);
        r->pool_started = true;
        for (unsigned t = 1; t < r->nthreads; t++) {
            if (pthread_create(&r->w[t].thread, NULL, mb_worker_thread, &r->w[t]) != 0) {
                /* threads 1..t-1 are waiting at the start barrier: cannot unwind cleanly */
                fprintf(stderr, "mapbench: pthread_create failed for thread %u\n", t);
                abort();
            }
        }
    }
    *out = r;
    return 0;
fail:
    mb_run_destroy(r);
    return rc;
}

/* Expected checksum of the requests [start, start+count) of the stream (mod nreq). */
static uint64_t expected_sum(const struct mb_run *r, uint64_t start, uint64_t count)
{
    if (count == r->nreq && mb_pattern_is_permutation(&r->pat))
        return r->df.checksum;
    uint64_t s = 0;
    for (uint64_t k = 0; k < count; k++) {
        uint64_t off;
        size_t len;
        mb_run_request_at(r, (start + k) % r->nreq, &off, &len);
        s += mb_content_range_sum(r->df.seed, off, len);
    }
    return s;
}

/* After a pass that wrote: reads back the first word of a few written requests through the
 * file (not the method) and checks it holds this pass's generation. */
static int verify_readback(const struct mb_run *r, uint64_t start, uint64_t count,
                           struct mb_err *err)
{
    mb_fh fh;
    if (mb_file_open_read(r->df.path, &fh, err))
        return err->code;
    uint64_t gs = mb_content_gen_seed(r->df.seed, r->gen);
    uint64_t step = count / MB_READBACK_SAMPLES + 1;
    int rc = 0;
    for (uint64_t k = 0; k < count && !rc; k += step) {
        /* find the next write request at or after k */
        uint64_t j = k;
        while (j < count && mb_op_is_read(&r->spec.op, (start + j) % r->nreq))
            j++;
        if (j >= count)
            break;
        uint64_t off;
        size_t len;
        mb_run_request_at(r, (start + j) % r->nreq, &off, &len);
        uint64_t word;
        rc = mb_file_read_at(fh, off, &word, sizeof word, err);
        if (!rc && word != mb_content_word(gs, off / 8))
            rc = mb_err_set(err, MB_E_VERIFY, 0, NULL,
                            "write verification failed: the bytes written at offset %llu did "
                            "not reach '%s'",
                            (unsigned long long)off, r->df.path);
    }
    mb_file_close(fh, NULL);
    return rc;
}

/* What the method opens the file for in this case. */
static struct mb_open_args open_args(const struct mb_run *r)
{
    enum mb_access acc = r->spec.op.kind == MB_OP_READ    ? MB_ACCESS_READ
                         : r->spec.op.kind == MB_OP_WRITE ? MB_ACCESS_WRITE
                                                          : MB_ACCESS_RW;
    struct mb_open_args a = {r->df.path,   r->df.size,      acc,
                             r->spec.hint, r->spec.op.sync, r->opts.view_size};
    return a;
}

/* Opens the method for this case on a state reset to zeros (a prepared state, e.g. mem's
 * copy, is kept). */
static int method_open(struct mb_run *r, struct mb_err *err)
{
    struct mb_open_args a = open_args(r);
    if (!r->prepared)
        memset(r->state, 0, r->m->state_size);
    return r->m->open(r->state, &a, err);
}

/* One timed pass (or slice) over a file already in its cache state, then its verification,
 * into a zeroed *res. lifetime:pass opens and closes the method inside the timed region. */
static int pass_once(struct mb_run *r, struct mb_pass_result *res, struct mb_err *err)
{
    const struct mb_method *m = r->m;
    bool per_pass = r->spec.lifetime == MB_LIFETIME_PASS;
    uint64_t start = r->slice_start, count = r->slice;
    r->gen = mb_os_now_ns() | 1u;
    for (unsigned t = 0; t < r->nthreads; t++) {
        r->w[t].lo = count * t / r->nthreads;
        r->w[t].hi = count * (t + 1) / r->nthreads;
    }

    struct mb_usage u0, u1;
    uint64_t dr0 = 0, dw0 = 0, dr1 = 0, dw1 = 0;
    bool dev = r->have_dev && mb_devstat_read(&r->dev, &dr0, &dw0, NULL) == 0;
    mb_os_usage(&u0);
    uint64_t t0 = mb_os_now_ns();
    int rc = per_pass ? method_open(r, err) : 0;
    if (rc)
        return rc;
    if (r->nthreads > 1)
        pthread_barrier_wait(&r->start);
    mb_worker_run(&r->w[0]);
    if (r->nthreads > 1)
        pthread_barrier_wait(&r->done);
    int wrc = 0;
    for (unsigned t = 0; t < r->nthreads && !wrc; t++) {
        if (r->w[t].rc) {
            wrc = r->w[t].rc;
            *err = r->w[t].err;
        }
    }
    if (!wrc && r->spec.op.sync)
        wrc = m->sync(r->state, err);
    struct mb_err cerr;
    int crc = per_pass ? m->close(r->state, &cerr) : 0;
    uint64_t t1 = mb_os_now_ns();
    mb_os_usage(&u1);
    dev = dev && mb_devstat_read(&r->dev, &dr1, &dw1, NULL) == 0;
    if (wrc)
        return wrc;
    if (crc) {
        *err = cerr;
        return crc;
    }
    res->seconds = (double)(t1 - t0) * 1e-9;
    res->requests = count;
    res->pass_fraction = (double)count / (double)r->nreq;
    for (unsigned t = 0; t < r->nthreads; t++) {
        res->sum += r->w[t].sum;
        res->bytes += r->w[t].bytes;
    }
    res->usage.usr_s = u1.usr_s - u0.usr_s;
    res->usage.sys_s = u1.sys_s - u0.sys_s;
    res->usage.minflt = u1.minflt - u0.minflt;
    res->usage.majflt = u1.majflt - u0.majflt;
    res->usage.nvcsw = u1.nvcsw - u0.nvcsw;
    res->usage.nivcsw = u1.nivcsw - u0.nivcsw;
    res->have_device = dev;
    res->device_read_bytes = dev ? dr1 - dr0 : 0;
    res->device_write_bytes = dev ? dw1 - dw0 : 0;
    r->slice_start = (start + count) % r->nreq;

    /* verification, outside the timed region */
    res->expected = expected_sum(r, start, count);
    if (res->sum != res->expected) {
        /* a file changed in place fails every case: blame it by name, not the method */
        int drc = mb_datafile_damage_check(&r->df, err);
        if (drc)
            return drc;
        return mb_err_set(err, MB_E_VERIFY, 0, NULL,
                          "checksum mismatch: pass summed %016llx, file content implies %016llx",
                          (unsigned long long)res->sum, (unsigned long long)res->expected);
    }
    if (r->spec.op.kind != MB_OP_READ)
        return verify_readback(r, start, count, err);
    return 0;
}

/* Time-based runs: the next slice's size from the last one's timed seconds. */
static void slice_adapt(struct mb_run *r, double seconds)
{
    double want =
        seconds > 0 ? (double)r->slice * MB_CONTINUOUS_SLICE_S / seconds : (double)r->slice * 4;
    double lo = (double)r->slice / 4, hi = (double)r->slice * 4;
    want = want < lo ? lo : want > hi ? hi : want;
    if (want > (double)MB_CONTINUOUS_SLICE_MAX)
        want = (double)MB_CONTINUOUS_SLICE_MAX;
    r->slice = want < 1 ? 1 : (uint64_t)want;
}

/* Brings the file into the case's cache state (verified) before a pass. */
static int cache_prepare(struct mb_run *r, double *resident, struct mb_err *err)
{
    if (r->opts.no_verify_cache)
        return 0;
    int rc;
    /* a kept mapping pins the pages it maps: release them before evicting */
    if (r->opened && r->spec.cache == MB_CACHE_COLD && r->m->drop &&
        (rc = r->m->drop(r->state, err)))
        return rc;
    rc = mb_cache_prepare(r->df.path, r->df.size, r->spec.cache, !r->cache_settled,
                          r->opts.residency, resident, err);
    if (rc)
        return rc;
    r->cache_settled = true;
    return 0;
}

int mb_run_rewind(struct mb_run *r, struct mb_err *err)
{
    r->cache_ready = false;
    r->resident_at_rewind = -1;
    int rc = mb_datafile_check(&r->df, err);
    if (!rc)
        rc = cache_prepare(r, &r->resident_at_rewind, err);
    if (!rc)
        r->cache_ready = true;
    return rc;
}

int mb_run_pass(struct mb_run *r, struct mb_pass_result *res, struct mb_err *err)
{
    memset(res, 0, sizeof *res);
    const struct mb_method *m = r->m;
    int rc = mb_datafile_check(&r->df, err);
    if (rc)
        return rc;
    res->resident_before = -1;
    if (r->opts.continuous && r->cache_ready)
        res->resident_before = r->resident_at_rewind;
    else if ((rc = cache_prepare(r, &res->resident_before, err)))
        return rc;
    if (r->spec.lifetime == MB_LIFETIME_CASE && !r->opened) {
        rc = method_open(r, err);
        if (rc)
            return rc;
        r->opened = true;
        /* the steady state of a kept mapping: its page tables populated by one pass */
        if ((m->caps & MB_CAP_MAPPED) && r->spec.cache == MB_CACHE_WARM) {
            struct mb_pass_result settle;
            memset(&settle, 0, sizeof settle);
            rc = pass_once(r, &settle, err);
            if (rc)
                return rc;
        }
    }
    rc = pass_once(r, res, err);
    if (!rc && r->opts.continuous)
        slice_adapt(r, res->seconds);
    return rc;
}

bool mb_run_device_bytes(struct mb_run *r, uint64_t *read_bytes, uint64_t *write_bytes)
{
    *read_bytes = *write_bytes = 0;
    return r->have_dev && mb_devstat_read(&r->dev, read_bytes, write_bytes, NULL) == 0;
}

bool mb_run_cgroup_bytes(struct mb_run *r, uint64_t *current)
{
    uint64_t peak;
    *current = 0;
    return r->cg.entered && mb_cgroup_usage(&r->cg, current, &peak, NULL) == 0;
}

bool mb_run_cgroup_peak(struct mb_run *r, uint64_t *peak)
{
    uint64_t current;
    *peak = 0;
    return r->cg.entered && mb_cgroup_usage(&r->cg, &current, peak, NULL) == 0 &&
           *peak != UINT64_MAX;
}

void mb_run_progress(struct mb_run *r, uint64_t *bytes, uint64_t *requests)
{
    uint64_t b = 0, q = 0;
    for (unsigned t = 0; t < r->nthreads; t++) {
        b += atomic_load_explicit(&r->w[t].done_bytes, memory_order_relaxed);
        q += atomic_load_explicit(&r->w[t].done_requests, memory_order_relaxed);
    }
    *bytes = b;
    *requests = q;
}

bool mb_run_latency(struct mb_run *r, double *p50_us, double *p99_us)
{
    uint64_t total = 0;
    for (unsigned t = 0; t < r->nthreads; t++)
        total += r->w[t].lat_n < MB_LAT_CAP ? r->w[t].lat_n : MB_LAT_CAP;
    if (total == 0)
        return false;
    uint64_t *all = malloc(total * sizeof *all);
    if (!all)
        return false;
    uint64_t n = 0;
    for (unsigned t = 0; t < r->nthreads; t++) {
        uint64_t k = r->w[t].lat_n < MB_LAT_CAP ? r->w[t].lat_n : MB_LAT_CAP;
        memcpy(all + n, r->w[t].lat, k * sizeof *all);
        n += k;
    }
    qsort(all, n, sizeof *all, mb_cmp_u64);
    *p50_us = (double)mb_percentile_u64(all, n, 50) * 1e-3;
    *p99_us = (double)mb_percentile_u64(all, n, 99) * 1e-3;
    free(all);
    return true;
}

void mb_run_destroy(struct mb_run *r)
{
    if (!r)
        return;
    if (r->pool_started) {
        r->quit = true;
        pthread_barrier_wait(&r->start);
        for (unsigned t = 1; t < r->nthreads; t++)
            pthread_join(r->w[t].thread, NULL);
        pthread_barrier_destroy(&r->start);
        pthread_barrier_destroy(&r->done);
    }
    /* queues kept for the case (lifetime:case) go before the handle they were made over */
    if (r->w)
        for (unsigned t = 0; t < r->nthreads; t++)
            mb_worker_queue_close(&r->w[t]);
    if (r->opened) {
        struct mb_err cerr;
        r->m->close(r->state, &cerr);
    }
    if (r->prepared && r->m->release)
        r->m->release(r->state);
    if (r->w) {
        for (unsigned t = 0; t < r->nthreads; t++) {
            if (r->w[t].bufs)
                for (unsigned k = 1; k < r->spec.queue_depth; k++)
                    mb_os_free_aligned(r->w[t].bufs[k]);
            free(r->w[t].bufs);
            free(r->w[t].slots);
            free(r->w[t].queue);
            mb_os_free_aligned(r->w[t].buf);
            free(r->w[t].lat);
        }
    }
    /* back home, the case's cgroup removed (after its handle and mapping are gone) */
    struct mb_err lerr;
    if (mb_cgroup_leave(&r->cg, &lerr))
        fprintf(stderr, "mapbench: %s\n", lerr.msg);
    mb_os_free_aligned(r->w);
    free(r->state);
    free(r);
}
