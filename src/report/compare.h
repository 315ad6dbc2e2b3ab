/* compare.h: parts of the comparison of two runs (compare.c) kept in their own files: the
 * warning on runs measured under different settings (compare_ctx.c); internal to
 * src/report. */
#ifndef MB_COMPARE_H
#define MB_COMPARE_H

#include <stdio.h>

#include "report/results.h"

/* The settings a comparison checks: what a run's numbers depend on beyond the code. */
#define MB_COMPARE_KEYS                                                                            \
    {                                                                                              \
        "profile", "repetitions", "min_time", "kernel", "fs_type"                                  \
    }

/* Writes to f, as a quoted block, a warning naming each setting of MB_COMPARE_KEYS (from
 * context.json; repetitions, when context.json lacks it, from the fewest repetitions of a
 * case) whose values differ between runs a and b, and a line naming the settings only one run
 * or neither records (not checked). Nothing when every setting is recorded by both and the
 * same. Returns the number of settings that differ. */
size_t mb_compare_warn(FILE *f, const struct mb_result_run *a, const struct mb_result_run *b);

#endif
