/* stats.h: the statistics of the report: medians, ratios of medians with a bootstrap 95%
 * confidence interval, and the Mann-Whitney U test. */
#ifndef MB_STATS_H
#define MB_STATS_H

#include <stdbool.h>
#include <stddef.h>

/* Number of bootstrap resamples and the fixed seed (results are reproducible). */
#define MB_STATS_BOOT 4000
#define MB_STATS_SEED 0x6d617062656e6368ull

/* Median of the non-NaN values of x[0..n); NaN when there are none. */
double mb_stats_median(const double *x, size_t n);

/* Smallest and largest non-NaN value; NaN when there are none. */
double mb_stats_min(const double *x, size_t n);
double mb_stats_max(const double *x, size_t n);

/* Two-sided Mann-Whitney U p-value for samples a and b (NaN values ignored): exact when there
 * are no ties and both samples have at most 25 values, otherwise the normal approximation with
 * tie and continuity correction. 1 when either sample is empty. */
double mb_stats_mann_whitney(const double *a, size_t na, const double *b, size_t nb);

/* The comparison of sample b against sample a. */
struct mb_ratio {
    double ma, mb;        /* medians */
    double ratio, lo, hi; /* mb / ma and its 95% percentile-bootstrap interval */
    double p;             /* Mann-Whitney U two-sided p-value */
    size_t na, nb;        /* values used (finite, positive) */
    bool significant;     /* p < 0.05 and the interval excludes 1 */
    bool callable;        /* the test can reach p < 0.05 with na and nb values at all
                           * (mb_stats_min_p); when false, "not significant" says nothing */
};

/* The significance level of the report. */
#define MB_STATS_ALPHA 0.05

/* The smallest two-sided Mann-Whitney p-value samples of na and nb values can give: 2 /
 * C(na+nb, na), that of the exact test when every value of one side is above every value of
 * the other (3 vs 3: 0.1, 4 vs 4: 0.029, 5 vs 5: 0.0079). 1 when a side is empty. */
double mb_stats_min_p(size_t na, size_t nb);

/* The median of the finite positive values of x[0..n) and its 95% percentile-bootstrap
 * interval (MB_STATS_BOOT resamples, fixed seed) into med, lo, hi (NaN when there are none);
 * *used = the number of values. Returns 0 or MB_E_NOMEM. */
int mb_stats_median_ci(const double *x, size_t n, double *med, double *lo, double *hi,
                       size_t *used);

/* As mb_stats_median_ci over every value of x that is not NaN (zero and negative included):
 * for metrics that can be 0, such as the major faults of a warm pass. */
int mb_stats_median_ci_any(const double *x, size_t n, double *med, double *lo, double *hi,
                           size_t *used);

/* Compares b with a (ratio of medians b/a). Uses the finite positive values only; when a side
 * has none the ratio and its interval are NaN and significant is false. Returns 0, or
 * MB_E_NOMEM. */
int mb_stats_ratio(const double *a, size_t na, const double *b, size_t nb, struct mb_ratio *out);

#endif
