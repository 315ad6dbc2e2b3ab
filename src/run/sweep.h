/* run/sweep.h: mapbench's own command-line flags and the case table they select: the cross
 * product of ops x patterns x methods(:hints) x sizes x block sizes x cache states x threads,
 * minus combinations that cannot be measured (each excluded one with its reason). */
#ifndef MB_SWEEP_H
#define MB_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/case.h"
#include "core/err.h"
#include "run/flags.h"

/* Our flags as given (NULL: default). */
struct mb_cli {
    const char *methods, *ops, *patterns, *sizes, *block_sizes, *cache, *lifetimes, *threads,
        *hints, *queue_depths, *memory_limits;
    const char *duration;          /* seconds per repetition of a time-based case */
    const char *timeline_out;      /* JSON Lines file of per-interval samples */
    const char *timeline_interval; /* milliseconds between samples */
    const char *data_dir;
    const char *mapwin_view; /* mapwin's view size */
    const char *residency;   /* how residency is checked between passes */
    const char *fio_job;     /* --fio-job CASE: print its fio job file (run/fiojob.h) */
    bool list, latency, context, help;
};

/* Defaults of a sweep with no flags. */
#define MB_DEFAULT_METHODS "rw,prw,map,mapcopy,direct"
#define MB_DEFAULT_OPS "read"
#define MB_DEFAULT_PATTERNS "seq,random"
#define MB_DEFAULT_SIZES "64M"
#define MB_DEFAULT_BLOCK_SIZES "4K,1M"
#define MB_DEFAULT_CACHE "warm,cold"
#define MB_DEFAULT_LIFETIMES "pass,case"
#define MB_DEFAULT_THREADS "1"
#define MB_DEFAULT_HINTS "none"
#define MB_DEFAULT_QUEUE_DEPTHS "1"

/* Thread counts a sweep accepts: beyond the cores (to run a bigger machine's profile; on a
 * small one more threads than cores only show oversubscription). */
#define MB_THREADS_MAX 64u

/* Time-based cases: a memory-limited case without --duration runs this long per repetition;
 * the timeline samples every MB_DEFAULT_TIMELINE_MS unless told. */
#define MB_DEFAULT_LIMITED_DURATION_S 10.0
#define MB_DURATION_MAX_S 86400.0
#define MB_DEFAULT_TIMELINE_MS 100u
#define MB_TIMELINE_MS_MIN 1u
#define MB_TIMELINE_MS_MAX 60000u

/* Removes mapbench's flags (--methods=X or --methods X, ...) from argv, leaving argv[0] and
 * everything else in order; fills cli (see mb_flags_parse: a flag given twice, one without a
 * value or a bad Google Benchmark value is MB_E_USAGE; list items are deduplicated). */
int mb_cli_extract(int *argc, char **argv, struct mb_cli *cli, struct mb_err *err);

/* mapbench's flag table (for mb_flags_leftover's message). */
const struct mb_flags *mb_cli_flags(void);

/* Prints the usage text (the method list from the method registry, one line per flag). */
void mb_cli_usage(FILE *out);

/* One combination left out of the sweep: "name: reason", and the project code of the reason
 * (MB_E_UNSUPPORTED: not available on this platform; MB_E_USAGE: a combination that cannot
 * be measured). */
struct mb_excluded {
    char *name_reason;
    int code;
};

/* A built sweep (lifetimes vary between cache states and thread counts). */
struct mb_sweep {
    struct mb_case_spec *cases;
    size_t n;
    struct mb_excluded *excluded; /* each combination left out */
    size_t nexcluded;
    uint64_t *sizes; /* distinct file sizes used by the cases */
    size_t nsizes;
    uint64_t view_size;          /* mapwin view size (0: the default) */
    enum mb_residency residency; /* --residency (MB_RESIDENCY_AUTO by default) */
    double duration_s;           /* > 0: every case runs time-based, this long per repetition
                                  * (--duration, or the default for memory-limited cases) */
    const char *timeline_out;    /* --timeline-out FILE or NULL */
    unsigned timeline_ms;        /* sampling interval of the timeline */
};

/* Builds the case table from the flags. Bad values are MB_E_USAGE; a sweep that leaves no
 * case is an error carrying the first exclusion's reason. */
int mb_sweep_build(const struct mb_cli *cli, struct mb_sweep *sw, struct mb_err *err);

void mb_sweep_free(struct mb_sweep *sw);

struct mb_datafile;

/* Makes sure the data file of every size of the sweep exists in dir (sw->nsizes of them, into
 * *out, freed by the caller), saying on stderr which it created. The free space for all the
 * missing ones is checked before any is created (MB_E_NOSPACE, naming what is needed). */
int mb_sweep_datafiles(const struct mb_sweep *sw, const char *dir, struct mb_datafile **out,
                       struct mb_err *err);

#endif
