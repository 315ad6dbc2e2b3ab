/* run/sweep.h: mapbench's own command-line flags and the case table they select: the cross
 * product of ops x patterns x methods(:hints) x sizes x block sizes x cache states x threads,
 * minus combinations that cannot be measured (each excluded one with its reason). */
#ifndef MB_SWEEP_H
#define MB_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/case.h"
#include "core/err.h"

/* Our flags as given (NULL: default). */
struct mb_cli {
    const char *methods, *ops, *patterns, *sizes, *block_sizes, *cache, *lifetimes, *threads,
        *hints;
    const char *data_dir;
    const char *mapwin_view; /* mapwin's view size */
    const char *residency;   /* how residency is checked between passes */
    bool list, latency, help;
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

/* Removes mapbench's flags (--methods=X or --methods X, ...) from argv, leaving argv[0] and
 * everything else in order; fills cli. An --x flag of ours without a value is MB_E_USAGE. */
int mb_cli_extract(int *argc, char **argv, struct mb_cli *cli, struct mb_err *err);

/* The usage text. */
const char *mb_cli_usage(void);

/* A built sweep (lifetimes vary between cache states and thread counts). */
struct mb_sweep {
    struct mb_case_spec *cases;
    size_t n;
    char **excluded; /* "name: reason" for each combination left out */
    size_t nexcluded;
    uint64_t *sizes; /* distinct file sizes used by the cases */
    size_t nsizes;
    uint64_t view_size;          /* mapwin view size (0: the default) */
    enum mb_residency residency; /* --residency (MB_RESIDENCY_AUTO by default) */
};

/* Builds the case table from the flags. Bad values are MB_E_USAGE; a sweep that leaves no
 * case is an error carrying the first exclusion's reason. */
int mb_sweep_build(const struct mb_cli *cli, struct mb_sweep *sw, struct mb_err *err);

void mb_sweep_free(struct mb_sweep *sw);

#endif
