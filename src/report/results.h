/* results.h: reading a mapbench run directory: the Google Benchmark JSON of the file and IPC
 * benchmarks (raw repetitions per case, aggregates ignored) and its context.json. */
#ifndef MB_RESULTS_H
#define MB_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/case.h"
#include "core/err.h"
#include "report/timeline.h"

/* The per-repetition values the report uses (Google Benchmark counters, per pass). */
enum mb_metric {
    MB_M_BPS,      /* bytes_per_second */
    MB_M_IPS,      /* items_per_second */
    MB_M_TIME,     /* real_time of one iteration, in seconds */
    MB_M_MINOR,    /* minor_faults */
    MB_M_MAJOR,    /* major_faults */
    MB_M_USR,      /* usr_s */
    MB_M_SYS,      /* sys_s */
    MB_M_VOLCS,    /* vol_cs */
    MB_M_INVOLCS,  /* invol_cs */
    MB_M_TLB,      /* tlb_shootdowns */
    MB_M_RESIDENT, /* resident_before */
    MB_M_PASSFRAC, /* pass_fraction */
    MB_M_BPP,      /* bytes_per_pass */
    MB_M_P50,      /* lat_p50_us */
    MB_M_P99,      /* lat_p99_us */
    MB_M_DEVREAD,  /* device_read_bytes (the data disk, system-wide) */
    MB_M_DEVWRITE, /* device_write_bytes */
    MB_M_RAMP,     /* read_amplification: device bytes read / bytes requested */
    MB_M_CGPEAK,   /* cgroup_peak_bytes: peak usage of the case's memory cgroup */
    MB_M_MEMLIMIT, /* memlimit_bytes: the limit the cgroup was given */
    MB_M_COUNT
};

enum mb_case_kind { MB_KIND_FILE, MB_KIND_IPC };

/* The fields of an IPC case name "ipc/<workload>/<transport>/msg:<bytes>". */
struct mb_ipc_fields {
    char workload[24], transport[24];
    uint64_t msg;
};

/* One case of a result file with its raw (error-free) repetitions. */
struct mb_rcase {
    char *name; /* the case name without Google Benchmark suffixes ("/manual_time") */
    char *key;  /* the canonical name (mb_case_fields_name: every field, lifetime:pass for an
                 * archived name without one); the name itself for IPC cases. Runs pair on it. */
    enum mb_case_kind kind;
    struct mb_case_fields f;  /* MB_KIND_FILE */
    struct mb_ipc_fields ipc; /* MB_KIND_IPC */
    size_t n, cap;
    double *v[MB_M_COUNT]; /* v[m][i]: metric m of repetition i, NaN when absent (one
                            * block: v[0] owns it) */
    size_t nerr;           /* repetitions that reported error_occurred */
    char *errmsg;          /* the first error message, NULL when none */
    int errcode;           /* its project code (mb_status_parse; MB_E_IO without a code name) */
    bool skipped;          /* it says the case was skipped on this platform, not failed */
};

/* The cases of one Google Benchmark JSON file, in the order they first appear. */
struct mb_results {
    char *path;
    struct mb_rcase *c;
    size_t n, cap;
    bool wine; /* the file's context says under_wine */
    /* open-addressing hash indexes (slot = case index + 1, 0 empty; hcap a power of two or
     * 0): by_name on the stripped name, by_key on the canonical key (the first case wins) */
    size_t *by_name, *by_key, hcap;
};

struct mb_kv {
    char *key, *val;
};

/* One measurement of context.json's memory_check, in GB/s (1e9 bytes/s); NaN when absent. */
struct mb_memrate {
    double consume, plain, memcpy;
};

/* context.json's "memory_check" (written by run-batch at the start and end of a batch):
 * consume = the consume kernel over a private buffer (the mem baseline's kernel), plain = a
 * plain C read loop over the same buffer (the independent reference), memcpy. */
struct mb_memcheck {
    bool present;
    double buffer_bytes; /* NaN when absent */
    char kernel[32];     /* the consume kernel ("avx512", "avx2", "scalar"); "" when absent */
    struct mb_memrate start, end;
};

/* A case run-batch did not run (context.json's not_run: "<case name>\t<reason>"), such as a
 * memory-limited case where no memory cgroup can be made, or one the cgroup's OOM killer
 * ended. */
struct mb_not_run {
    char *name, *reason; /* reason "" when none is given; '|', '`' (name) and line breaks as
                          * spaces */
    bool file;           /* name parses as a file case: f holds its fields */
    struct mb_case_fields f;
};

/* A run directory results/<machine>/<timestamp>/ as the report reads it (not the runner's
 * struct mb_run of run/runner.h). */
struct mb_result_run {
    char *dir, *machine, *stamp;
    struct mb_results file; /* mapbench.json (n == 0 when absent) */
    struct mb_results ipc;  /* mapbench-ipc.json (n == 0 when absent) */
    bool has_file, has_ipc;
    struct mb_kv *ctx; /* context.json, every value as text, in file order */
    size_t nctx;
    bool wine;                   /* context.json or a result file's context says under_wine */
    struct mb_memcheck memcheck; /* context.json's memory_check (present false when absent) */
    char virt_type[32];          /* context.json's virtualization.type; "" when absent */
    char *virt_evidence;         /* virtualization.evidence; NULL when absent */
    struct mb_timelines tl;      /* timeline/<name>.jsonl (tl.n == 0 when the run has none) */
    struct mb_not_run *not_run;  /* context.json's not_run (strings; other entries ignored) */
    size_t n_not_run;
};

/* Parses Google Benchmark JSON text (len bytes, need not be NUL-terminated); `path` names it
 * in messages. Bare NaN/Infinity tokens (which Google Benchmark writes) read as absent values.
 * MB_E_USAGE with a one-line message for malformed, truncated or foreign JSON. */
int mb_results_parse(const char *text, size_t len, const char *path, struct mb_results *out,
                     struct mb_err *err);

/* Reads and parses a result file (see mb_results_parse); MB_E_IO when it cannot be read. */
int mb_results_load(const char *path, struct mb_results *out, struct mb_err *err);

/* Frees what mb_results_parse/load filled in (safe on a zeroed struct). */
void mb_results_free(struct mb_results *r);

/* The file case with these fields (hint "none" for no hint; lifetime "pass" or "case", NULL
 * for the first case of any lifetime) that ran without a memory limit (no memlimit field), of
 * any queue depth (the first), or NULL. */
const struct mb_rcase *mb_results_find(const struct mb_results *r, const char *op,
                                       const char *pattern, const char *method, const char *hint,
                                       uint64_t size, uint64_t bs, const char *cache,
                                       const char *lifetime, unsigned threads);

/* The file case whose parsed fields are all those of f (lifetime, queue depth and memory
 * limit included: a limited case never stands for an unlimited one), or NULL. */
const struct mb_rcase *mb_results_find_fields(const struct mb_results *r,
                                              const struct mb_case_fields *f);

/* The case with this name, or NULL. File case names are compared in canonical form, so an
 * archived name without the lifetime field finds the lifetime:pass case and back. */
const struct mb_rcase *mb_results_find_name(const struct mb_results *r, const char *name);

/* True when some file case with a successful repetition that ran without a memory limit has
 * this lifetime ("pass", "case"): it decides whether the verdict and the figures of unlimited
 * cases are written per lifetime. */
bool mb_results_has_lifetime(const struct mb_results *r, const char *lifetime);

/* Loads a run directory: mapbench.json and/or mapbench-ipc.json (at least one), context.json
 * and the timelines timeline/<name>.jsonl when present (mb_timeline_load_dir). MB_E_USAGE when
 * `dir` is not a mapbench run, MB_E_IO when it is unreadable. */
int mb_result_run_load(const char *dir, struct mb_result_run *run, struct mb_err *err);

/* Frees a run (safe on a zeroed struct). */
void mb_result_run_free(struct mb_result_run *run);

/* The context value for `key`, or NULL. */
const char *mb_result_run_ctx(const struct mb_result_run *run, const char *key);

#endif
