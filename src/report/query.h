/* report/query.h: selection over the file cases of a result file: a filter, the distinct
 * values of an axis, the methods present (in the registry's canonical order), and the choices
 * the figures make (which lifetime, file size and request size to show). */
#ifndef MB_QUERY_H
#define MB_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/results.h"

/* Distinct values kept per axis (and methods per list). */
#define MB_QUERY_MAXV 64

/* A filter on file cases; NULL strings and 0 numbers match anything, except memlimit, which
 * always matches exactly: a query left at 0 selects the cases run without a memory limit, so
 * no figure of unlimited cases mixes in a memory-limited one. The lifetime filter does not
 * apply to the in-memory baseline (mem), which is the same baseline whatever its lifetime
 * (lifetime:case in new runs, lifetime:pass in archived ones). */
struct mb_query {
    const char *op, *pattern, *method, *hint, *cache, *lifetime;
    uint64_t size, bs;
    unsigned threads;
    unsigned qd;       /* queue depth of an asynchronous method; 0: any */
    uint64_t memlimit; /* the case's memory limit; 0: unlimited cases only */
};

enum mb_axis { MB_AXIS_SIZE, MB_AXIS_BS, MB_AXIS_THREADS, MB_AXIS_QD };

/* One series or category of a figure: a method at one queue depth (qd 0: a method without
 * one), labelled with the method's name, plus " qd<N>" when the method's cases of the query
 * are at some depth other than 1 (so the labels of runs without depths stay as they were). */
struct mb_variant {
    const char *method;
    unsigned qd;
    char label[40];
};

/* The order of scenarios the larger-than-memory section and the timeline figure share:
 * memory limit, file size, op, pattern, request size, cache (not method, hint, lifetime,
 * queue depth or threads). Negative, 0 or positive as for qsort; 0 = one scenario. */
int mb_query_cmp_scenario(const struct mb_case_fields *a, const struct mb_case_fields *b);

/* True when c is a file case that q matches. */
bool mb_query_match(const struct mb_rcase *c, const struct mb_query *q);

/* The first matching case with data, or NULL. */
const struct mb_rcase *mb_query_find(const struct mb_results *r, const struct mb_query *q);

/* Sorted distinct values of an axis over matching cases with data (at most MB_QUERY_MAXV);
 * returns the count. */
size_t mb_query_axis(const struct mb_results *r, const struct mb_query *q, enum mb_axis ax,
                     uint64_t *out);

/* The methods with data among matching cases (at most MB_QUERY_MAXV): the registered ones in
 * canonical order (mb_report_method_order), then names the registry does not know in the
 * order they appear. Returns the count. */
size_t mb_query_methods(const struct mb_results *r, const struct mb_query *q, const char **out);

/* The variants among matching cases (at most MB_QUERY_MAXV): the methods in the order of
 * mb_query_methods, each at its queue depths in ascending order. Returns the count. */
size_t mb_query_variants(const struct mb_results *r, const struct mb_query *q,
                         struct mb_variant *out);

/* The lifetime a one-lifetime figure shows: "pass" (the groups that run every method) when a
 * case other than mem matching q has it, else "case". */
const char *mb_query_lifetime(const struct mb_results *r, const struct mb_query *q);

/* The explicit counterpart of map among q's cases: "prw", or "rw" when there is no prw, or
 * NULL. */
const char *mb_query_explicit(const struct mb_results *r, const struct mb_query *q);

/* Sets q's size to the largest file and then bs to the smallest request size among matching
 * cases; false when there is none. */
bool mb_query_size_bs(const struct mb_results *r, struct mb_query *q);

/* Sets q's size and bs to those of the latency-sampled cases matching q (the largest file,
 * then the smallest requests); false (size and bs 0) when no matching case has samples. */
bool mb_query_latency_size_bs(const struct mb_results *r, struct mb_query *q);

#endif
