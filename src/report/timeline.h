/* report/timeline.h: the reader of a run's timelines, timeline/<name>.jsonl: JSON Lines written
 * by mapbench --timeline-out, one object per sampling interval of a case's repetition:
 *   {"case": "<case name>", "rep": 0, "t_s": 0.1, "interval_s": 0.1, "bytes": N,
 *    "requests": N, "minor_faults": N, "major_faults": N, "device_read_bytes": N|null,
 *    "device_write_bytes": N|null, "tlb_shootdowns": N, "cgroup_bytes": N|null}
 * Counters are deltas over the interval, except cgroup_bytes (the cgroup's usage at the
 * sample); t_s is the end of the interval since the repetition started. */
#ifndef MB_TIMELINE_H
#define MB_TIMELINE_H

#include <stddef.h>

#include "core/case.h"
#include "core/err.h"

/* Limits of the reader: a larger file or a longer line is refused as bad input. */
#define MB_TL_FILE_MAX ((size_t)64 << 20)
#define MB_TL_LINE_MAX 4096
#define MB_TL_FILES_MAX 4096

/* An interval shorter than this (seconds) gives no rate: it is the sampler's last, partial
 * interval at the end of a repetition (mapbench prints t_s and interval_s to 0.1 ms, so it
 * may even repeat the t_s of the interval before, or read 0). Such an interval is merged into
 * the one of the same t_s when there is one, and left out of the figures. */
#define MB_TL_SHORT_S 0.001

/* One interval; NaN for a counter given as null or left out. */
struct mb_tl_point {
    double t_s, interval_s, bytes, requests, minor, major, dev_read, dev_write, tlb, cgroup;
};

/* The intervals of one repetition of one case, sorted by t_s (no two alike). */
struct mb_tl_series {
    char *name; /* the case name as the file spells it (Google Benchmark suffixes dropped) */
    char *key;  /* its canonical name (mb_case_fields_name) */
    struct mb_case_fields f;
    unsigned rep;
    struct mb_tl_point *p;
    size_t n, cap;
};

/* Every series of a run's timeline files. */
struct mb_timelines {
    struct mb_tl_series *s;
    size_t n, cap;
    size_t files; /* timeline files read */
};

/* Parses JSON Lines text (len bytes) named `path` in messages, adding its intervals to tl
 * (series are matched by case and repetition across calls). Empty lines are skipped. A bad
 * line (not a JSON object, a missing or mistyped field, a negative number, a case name that
 * is not mapbench's, a t_s that repeats one of the same series where neither interval is
 * shorter than MB_TL_SHORT_S, a line longer than MB_TL_LINE_MAX) gives MB_E_USAGE with one line
 * "<path>:<line>: <what>", input quoted with its control characters escaped; tl then holds what
 * earlier calls added. MB_E_NOMEM. */
int mb_timeline_parse(const char *text, size_t len, const char *path, struct mb_timelines *tl,
                      struct mb_err *err);

/* Reads every <name>.jsonl of directory dir (names starting with '.' are ignored, the rest in
 * name order) into tl, zeroed first; a missing directory gives an empty tl. Each must be a
 * regular file of at most MB_TL_FILE_MAX bytes (MB_E_USAGE otherwise, as for a bad line);
 * MB_E_IO when dir or a file cannot be read. On failure tl is freed. */
int mb_timeline_load_dir(const char *dir, struct mb_timelines *tl, struct mb_err *err);

/* Frees what parse/load filled in (safe on a zeroed struct). */
void mb_timeline_free(struct mb_timelines *tl);

/* The series of case key `key` (canonical) and repetition rep, or NULL. */
const struct mb_tl_series *mb_timeline_find(const struct mb_timelines *tl, const char *key,
                                            unsigned rep);

#endif
