/* ipc/cases.h: the cases of mapbench-ipc: the table of (workload, transport, message size)
 * picked by the list flags, each case's batch size, and one case's measurement (the timed
 * loop over a session, its totals and latency percentiles). The harness that times the
 * iterations (Google Benchmark in bench/ipc) is reached through callbacks. */
#ifndef MB_IPC_CASES_H
#define MB_IPC_CASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "ipc/ipc.h"

/* The workloads, in the order cases are listed. */
enum mb_ipc_workload { MB_IPC_WL_STREAM, MB_IPC_WL_PINGPONG, MB_IPC_WL_COUNT };

/* Message sizes when no list is given. */
#define MB_IPC_DEFAULT_SIZES "64,4K,64K,1M"
/* Most latency samples one case keeps (later ones are not recorded). */
#define MB_IPC_MAX_SAMPLES (4u << 20)
/* Most entries per list flag. */
#define MB_IPC_MAX_TRANSPORTS 16
#define MB_IPC_MAX_SIZES 64

/* "stream" / "pingpong". */
const char *mb_ipc_workload_name(enum mb_ipc_workload wl);

/* One case. */
struct mb_ipc_case {
    const struct mb_ipc_transport *t;
    enum mb_ipc_workload wl;
    uint64_t msg;
};

/* The selected transports (each as listed) and the cases: workload-major, then transport,
 * then message size, in the order of the lists. */
struct mb_ipc_cases {
    const struct mb_ipc_transport *t[MB_IPC_MAX_TRANSPORTS];
    size_t nt;
    struct mb_ipc_case *v;
    size_t n;
};

/* Builds the case table from the list flags (NULL: every transport, both workloads,
 * MB_IPC_DEFAULT_SIZES). Every size must hold the message header and fit a ring of ring_size
 * bytes; a repeated item is dropped. MB_E_USAGE naming the bad entry (or the empty list)
 * otherwise; on success free with mb_ipc_cases_free. */
int mb_ipc_cases_select(const char *transports, const char *workloads, const char *sizes,
                        uint64_t ring_size, struct mb_ipc_cases *out, struct mb_err *err);

/* Frees the table (safe on a zeroed or failed one). */
void mb_ipc_cases_free(struct mb_ipc_cases *cs);

/* True when a selected transport creates files in the data directory. */
bool mb_ipc_cases_need_dir(const struct mb_ipc_cases *cs);

/* Runs every selected transport's preflight with p; the first failure's code. */
int mb_ipc_cases_preflight(const struct mb_ipc_cases *cs, const struct mb_ipc_params *p,
                           struct mb_err *err);

/* The case's name, "ipc/<workload>/<transport>/msg:<bytes>", into buf (always terminated). */
void mb_ipc_case_name(const struct mb_ipc_case *c, char *buf, size_t len);

/* Messages per timed iteration: large enough to amortise the SYNC/ACK, small enough that the
 * harness gets several iterations (stream: 8 MiB per batch, 4..16384 messages; pingpong:
 * 16 MiB, 8..1000 round trips). */
uint64_t mb_ipc_batch(const struct mb_ipc_case *c);

/* Latency samples of one case (round-trip nanoseconds), grown as needed up to
 * MB_IPC_MAX_SAMPLES. */
struct mb_ipc_samples {
    uint64_t *v;
    size_t n, cap;
};

/* Where the next n samples go, or NULL (*err untouched) once they would pass
 * MB_IPC_MAX_SAMPLES. MB_E_NOMEM in *rc (else 0) when growing fails. Call
 * mb_ipc_samples_commit(s, n) once they are written. */
uint64_t *mb_ipc_samples_reserve(struct mb_ipc_samples *s, uint64_t n, int *rc, struct mb_err *err);

/* Counts n samples written at the last reservation. */
void mb_ipc_samples_commit(struct mb_ipc_samples *s, uint64_t n);

/* Sorts the samples and gives the p-th percentile in microseconds (n must be > 0). */
double mb_ipc_samples_percentile_us(struct mb_ipc_samples *s, unsigned p);

/* Frees the samples. */
void mb_ipc_samples_free(struct mb_ipc_samples *s);

/* Totals of one measured case over its timed iterations. */
struct mb_ipc_totals {
    uint64_t iters, msgs;
    double usr, sys, vcs, ivcs; /* CPU seconds, context switches of this process */
    struct mb_ipc_samples lat;  /* pingpong only */
};

/* The harness timing the iterations: keep_running says whether another iteration is wanted,
 * iteration_time reports the one just done. */
struct mb_ipc_harness {
    bool (*keep_running)(void *ctx);
    void (*iteration_time)(void *ctx, double seconds);
    void *ctx;
};

/* Runs one untimed batch (faulting the ring / socket buffers in), then timed batches of
 * mb_ipc_batch(c) messages while the harness wants them, adding them up in *t (zeroed by the
 * caller; free t->lat after). Returns 0 or the first failure's code. */
int mb_ipc_case_measure(const struct mb_ipc_case *c, struct mb_ipc_session *s,
                        const struct mb_ipc_harness *h, struct mb_ipc_totals *t,
                        struct mb_err *err);

#endif
