/* run/run_state.h: the runner's private state, shared by run/runner.c (a case's passes,
 * verification, cache states) and run/worker.c (the threads that issue the requests). Not
 * for use outside src/run. */
#ifndef MB_RUN_STATE_H
#define MB_RUN_STATE_H

#include <pthread.h>
#include <stdatomic.h>

#include "core/datafile.h"
#include "core/pattern.h"
#include "os/cgroup.h"
#include "os/devstat.h"
#include "run/runner.h"

/* One request of a worker's queue: its length, whether it reads, and when it was submitted
 * (0: not a latency sample). */
struct mb_slot {
    size_t len;
    bool read;
    uint64_t t0;
};

/* The cache line size the workers' shared array is laid out for. */
#define MB_WORKER_LINE 64

struct mb_worker {
    struct mb_run *run;
    pthread_t thread;
    unsigned char *buf;
    uint64_t lo, hi; /* request indices of this pass (relative to the slice start) */
    uint64_t sum, bytes;
    int rc;
    struct mb_err err;
    uint64_t *lat; /* ring of MB_LAT_CAP samples in ns */
    uint64_t lat_n;
    /* progress over the whole run, for a sampler beside the workers (mb_run_progress): only
     * this worker stores (relaxed, after each request), so a store costs no more than the
     * plain write of a private counter */
    _Alignas(MB_WORKER_LINE) _Atomic uint64_t done_bytes;
    _Atomic uint64_t done_requests;
    /* asynchronous methods (MB_CAP_ASYNC): queue_depth slot buffers (bufs[0] is buf), the
     * request in each slot, and the thread's queue (queue_size bytes), open while queue_open */
    unsigned char **bufs;
    size_t buflen;
    struct mb_slot *slots;
    void *queue;
    bool queue_open;
};

struct mb_run {
    struct mb_case_spec spec;
    struct mb_datafile df;
    struct mb_run_opts opts;
    const struct mb_method *m;
    void *state;
    bool prepared;
    bool opened;        /* lifetime:case: the method is open (and mapped) for the case */
    bool cache_settled; /* the first pass has set up the cache state (see mb_cache_prepare) */
    bool cache_ready;   /* continuous: the cache state was prepared by mb_run_rewind */
    bool have_dev;      /* dev resolved: the data disk's counters are read around passes */
    struct mb_devstat dev;
    struct mb_cgroup cg; /* the case's memory cgroup (spec.memlimit), entered at create */
    double resident_at_rewind;
    struct mb_pattern pat;
    uint64_t nreq;        /* requests in a whole pass */
    uint64_t slice;       /* requests per iteration */
    uint64_t slice_start; /* first request index of the next iteration */
    uint64_t gen;         /* content generation written by the current pass */
    uint64_t lat_stride;
    unsigned nthreads;
    struct mb_worker *w;
    pthread_barrier_t start, done;
    bool quit;
    bool pool_started;
};

/* Request i of the case's stream: its offset and length. */
void mb_run_request_at(const struct mb_run *r, uint64_t i, uint64_t *off, size_t *len);

/* Runs the worker's range of the current pass (synchronously or through its queue), under
 * the fault guard; the result in w->rc, w->err, w->sum and w->bytes. */
void mb_worker_run(struct mb_worker *w);

/* A pool thread: runs one pass per start barrier until the run quits. */
void *mb_worker_thread(void *arg);

/* Allocates an asynchronous worker's slots (buffers of buflen bytes, the first being the
 * worker's buf) and its queue's memory. */
int mb_worker_alloc_queue(struct mb_worker *w, size_t buflen, struct mb_err *err);

/* Closes the worker's queue if open. */
void mb_worker_queue_close(struct mb_worker *w);

#endif
