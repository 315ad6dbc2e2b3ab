/* run/runner.h: runs the timed passes of one case: brings the file into the requested cache state
 * (verified), opens the method (in every pass for lifetime:pass; once per case, outside the
 * timed region, for lifetime:case), lets the threads walk their share of the request stream,
 * syncs if asked, closes (lifetime:pass), and verifies the pass's checksum (and, after writes,
 * that the new bytes reached the file). Independent of Google Benchmark, so tests can drive it
 * directly. */
#ifndef MB_RUNNER_H
#define MB_RUNNER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/case.h"
#include "core/datafile.h"
#include "core/err.h"
#include "os/os.h"

/* Limits of one iteration for cases that go to the device request by request (cold cache with
 * any pattern but seq or with a random hint, or a method that bypasses the cache): a slice of
 * the stream instead of a whole pass, so no case runs for minutes. Successive iterations
 * continue where the last slice ended; each slice is verified against the closed-form checksum
 * of its requests. */
#define MB_SLICE_MAX_REQUESTS 2048u
#define MB_SLICE_MAX_BYTES (64ull << 20)

/* Time-based runs (opts.continuous) start with a slice of MB_CONTINUOUS_SLICE_FIRST requests
 * and then size each slice to take about MB_CONTINUOUS_SLICE_S of timed work (at most 4x larger or
 * smaller than the last, at most MB_CONTINUOUS_SLICE_MAX requests; a slice may wrap around the
 * file), so that the between-slice verification stays small against the work and the clock is read
 * often. */
#define MB_CONTINUOUS_SLICE_FIRST 16u
#define MB_CONTINUOUS_SLICE_S 0.05
#define MB_CONTINUOUS_SLICE_MAX (1ull << 22)

/* Latency sampling: one request in `stride` is timed; at most this many samples are kept
 * per thread (the most recent ones). */
#define MB_LAT_MIN_STRIDE 16u
#define MB_LAT_CAP 8192u

/* Result of one timed pass. */
struct mb_pass_result {
    double seconds;         /* wall time of the timed region */
    uint64_t bytes;         /* bytes read or written */
    uint64_t requests;      /* requests issued */
    double resident_before; /* verified fraction of the file in the page cache before */
    double pass_fraction;   /* requests / requests of a whole pass (1 unless sliced) */
    struct mb_usage usage;  /* usage delta over the timed region */
    uint64_t sum, expected; /* checksum seen and expected */
    bool have_device;       /* the data disk's counters were read (Linux block devices) */
    uint64_t device_read_bytes, device_write_bytes; /* the disk's traffic over the pass */
};

struct mb_run;

/* Options of a run beyond the case spec. */
struct mb_run_opts {
    bool latency;                /* sample per-request latency */
    bool no_verify_cache;        /* tests only: skip cache preparation */
    uint64_t view_size;          /* mapwin view size (0: the default) */
    enum mb_residency residency; /* how residency is measured between passes */
    bool continuous; /* time-based: every iteration is a slice of the stream, and the cache
                      * state is prepared only after mb_run_rewind (a repetition's start) */
};

/* Creates the runner for a case over a ready data file: validates the combination
 * (MB_E_USAGE / MB_E_UNSUPPORTED with a reason), allocates buffers and threads, runs the
 * method's prepare. */
int mb_run_create(struct mb_run **out, const struct mb_case_spec *spec,
                  const struct mb_datafile *df, const struct mb_run_opts *opts, struct mb_err *err);

/* Runs one pass (or slice). Returns 0 only if the checksum matched (and, for writes, the
 * read-back matched); MB_E_VERIFY otherwise, or the error of the failing call. With
 * lifetime:case the first call opens the method after the cache preparation and, for a
 * mapped method over a warm file, runs one untimed verified settle pass, so that timed passes
 * see the steady state of a kept mapping (page tables populated). */
int mb_run_pass(struct mb_run *r, struct mb_pass_result *res, struct mb_err *err);

/* Time-based runs (opts.continuous): prepares the cache state now (verified), as at a
 * repetition's start; the passes after it continue from the state the earlier ones left
 * (no preparation between them). */
int mb_run_rewind(struct mb_run *r, struct mb_err *err);

/* The data disk's bytes read and written since boot (system-wide), and the usage of the
 * case's memory cgroup: false when not available (no block device, no limit, not Linux).
 * Safe to call from a sampler thread. */
bool mb_run_device_bytes(struct mb_run *r, uint64_t *read_bytes, uint64_t *write_bytes);
bool mb_run_cgroup_bytes(struct mb_run *r, uint64_t *current);
/* The peak usage of the case's memory cgroup so far: false without a limit, or when the
 * kernel does not report it. */
bool mb_run_cgroup_peak(struct mb_run *r, uint64_t *peak);

/* Bytes and requests completed so far over the whole run (every pass, timed or not), summed
 * over the workers; safe to call from another thread while a pass runs (a sampler): each
 * worker's counters are exact, their sum is a moment's snapshot. */
void mb_run_progress(struct mb_run *r, uint64_t *bytes, uint64_t *requests);

/* Latency percentiles over the samples kept so far, in microseconds; false if none. */
bool mb_run_latency(struct mb_run *r, double *p50_us, double *p99_us);

/* Stops the threads, releases the method, frees everything. NULL is allowed. */
void mb_run_destroy(struct mb_run *r);

#endif
