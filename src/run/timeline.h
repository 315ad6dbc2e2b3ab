/* run/timeline.h: the timeline of a time-based case: a sampler thread beside the workers that,
 * every interval, reads the run's progress (bytes, requests), the process's page faults, the
 * system's TLB shootdowns, the data disk's traffic and the case's memory cgroup usage, and
 * writes one JSON line per interval:
 *   {"case":"<name>","rep":R,"t_s":T,"interval_s":I,"bytes":N,"requests":N,
 *    "minor_faults":N,"major_faults":N,"device_read_bytes":N|null,
 *    "device_write_bytes":N|null,"tlb_shootdowns":N,"cgroup_bytes":N|null}
 * Counts are deltas over the interval ending at t_s (seconds since the repetition started);
 * cgroup_bytes is the usage at the sample; null where the platform cannot tell. The sampler
 * sleeps between samples and touches only counters the workers already keep, so it costs the
 * workers nothing but its own CPU time (a few reads per interval). */
#ifndef MB_TIMELINE_H
#define MB_TIMELINE_H

#include <stdio.h>

#include "core/err.h"
#include "run/runner.h"

struct mb_timeline;

/* Starts sampling run `r` (case `name`, repetition `rep`) every interval_ms into f, from now
 * (t_s 0). MB_E_NOMEM / MB_E_IO if the thread cannot be started. */
int mb_timeline_start(struct mb_timeline **out, FILE *f, unsigned interval_ms, struct mb_run *r,
                      const char *name, unsigned rep, struct mb_err *err);

/* Stops the sampler: writes the last (partial) interval, joins the thread, frees it; returns
 * MB_E_IO if any line could not be written. NULL is allowed (returns 0). */
int mb_timeline_stop(struct mb_timeline *t, struct mb_err *err);

/* Writes text into f as the body of a JSON string (quotes, backslashes and control characters
 * escaped). */
void mb_json_write_string(FILE *f, const char *text);

#endif
