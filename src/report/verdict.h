/* report/verdict.h: the comparisons behind report.md (verdict_scen.c): per scenario and
 * lifetime a table of case pairs, a sentence and a tally with its verdict on the claim; and
 * the section on memory-limited cases (verdict_mem.c); internal to src/report. */
#ifndef MB_VERDICT_H
#define MB_VERDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "report/report.h"
#include "report/results.h"

#define MB_GREAT 1.5 /* "greatly": a median ratio of at least 1.5x */

/* The verdict of one scenario, decided from its counts. */
enum mb_claim {
    MB_CLAIM_NODATA,
    MB_CLAIM_GREAT,  /* most cases significantly faster, median ratio >= MB_GREAT: supports */
    MB_CLAIM_FASTER, /* most faster, by less than MB_GREAT */
    MB_CLAIM_SLOWER, /* most significantly slower: contradicts */
    MB_CLAIM_SAME,   /* most without a significant difference */
    MB_CLAIM_MIXED,
    MB_CLAIM_UNCALLED, /* most with too few repetitions for the test to reach p < 0.05 */
};

/* Counts of one group of scenarios (op, cache, pattern, small or large requests) at one
 * lifetime, for the summary. A scenario is one op, pattern, file size, request size, cache
 * state and lifetime; its variants (hints, thread counts) are shown under it but counted once,
 * by its plain variant (no hint, the fewest threads; else its first). */
struct mb_tally {
    char scenario[128];                    /* the group's name */
    const char *lifetime;                  /* "case" or "pass" */
    size_t n;                              /* scenarios counted (with a ratio) */
    size_t faster, slower, same, uncalled; /* of n: significantly faster, slower, no
                                            * significant difference, too few repetitions */
    size_t great;                          /* of faster: by at least MB_GREAT */
    size_t variants;                       /* the pairs shown, every variant of every scenario */
    size_t excluded;         /* scenarios without a throughput on one side: listed, not in n */
    double rmin, rmed, rmax; /* over the counted scenarios' ratios */
    size_t minreps;          /* the fewest repetitions of a counted side */
    enum mb_claim verdict;
};

/* Scenarios kept per section for the summary. */
#define MB_TALLY_MAX 128

/* The tallies of one comparison section. */
struct mb_tallies {
    struct mb_tally t[MB_TALLY_MAX];
    size_t n;
};

/* What one comparison section compares: method `mb` against `ma[0]` (or the first of `ma`
 * that exists for a case), each case against its counterpart of the same lifetime, except a
 * baseline (`baseline`: mem), which pairs with either lifetime (its own first). */
struct mb_section_spec {
    const char *mb;
    const char *const *ma;
    size_t nma;
    bool baseline;
    const char *subject; /* "mapped", "map+copy" */
};

/* The case like c (every field, its memory limit included) but of method `method` (with c's
 * hint, else none; at c's queue depth for an asynchronous method, else none) at `lifetime`
 * (NULL: the steady state, else one-shot use) that has repetitions, or NULL. */
const struct mb_rcase *mb_verdict_counterpart(const struct mb_results *r, const struct mb_rcase *c,
                                              const char *method, const char *lifetime);

/* Throughput as "1.23 GiB/s", "456.7 MiB/s", "-" when not finite. */
void mb_verdict_fmt_bps(double v, char *buf, size_t len);

/* One comparison section into f: per scenario, and within it per lifetime (steady state first;
 * only lifetime:pass when !two), a table, a sentence and a tally appended to tal. Returns 0 or
 * MB_E_NOMEM. */
int mb_verdict_section(FILE *f, const struct mb_results *r, const struct mb_section_spec *sp,
                       bool two, struct mb_tallies *tal);

/* The summary table of a section's tallies (nothing when there are none). */
void mb_verdict_summary_table(FILE *f, const struct mb_tallies *tal, bool two);

/* The summary paragraph on the claim for the map-vs-explicit tallies of one lifetime (NULL:
 * every tally, a one-lifetime run); reps is the run's fewest repetitions of a case. */
void mb_verdict_claim(FILE *f, const struct mb_tallies *tal, const char *lt, size_t reps);

/* The memory-limited file cases of a run (a memlimit field) with repetitions: how many, in
 * how many scenarios (op, pattern, file size, request size, cache, limit), how many had a
 * cgroup peak above the limit and how many reported no peak; and how many memory-limited
 * cases run-batch did not run (context.json's not_run). */
struct mb_mem_count {
    size_t cases, scenarios, over, nopeak, notrun;
};

void mb_verdict_mem_count(const struct mb_result_run *run, struct mb_mem_count *out);

/* The section "Larger than memory" into f (nothing when the run has no memory-limited case,
 * run or not run): the memory-limited cases not run with their reasons, a summary row per
 * scenario and thread count (the fastest mapped case against the fastest
 * other), then per scenario the cases (throughput, read amplification, major faults per GiB,
 * cgroup peak against the limit, flagged when above), the ratios of every mapped variant to
 * each explicit or asynchronous method at each queue depth (same threads, hint none, same
 * lifetime else the other, marked), read amplification without and with the random hint, and
 * the scenario's timeline figures among figs (NULL: none). 0 or MB_E_NOMEM. */
int mb_verdict_mem_section(FILE *f, const struct mb_result_run *run, const struct mb_figs *figs);

#endif
