/* core/order.h: the one comparator per element type for qsort/bsearch, and the one percentile
 * of a sorted sample (used for latency percentiles everywhere). */
#ifndef MB_ORDER_H
#define MB_ORDER_H

#include <stddef.h>
#include <stdint.h>

/* qsort comparators: ascending uint64_t, ascending double (NaN sorts last). */
int mb_cmp_u64(const void *a, const void *b);
int mb_cmp_double(const void *a, const void *b);

/* The p-th percentile (0..100) of n >= 1 ascending values: the value at rank
 * floor((n - 1) * p / 100), a measured sample (no interpolation). */
uint64_t mb_percentile_u64(const uint64_t *sorted, size_t n, unsigned p);

#endif
