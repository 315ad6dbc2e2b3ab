/* core/order.c: comparators and the percentile of a sorted sample (see core/order.h). */
#include "core/order.h"

#include <math.h>

int mb_cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

int mb_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    if (isnan(x) || isnan(y))
        return isnan(x) - isnan(y);
    return (x > y) - (x < y);
}

uint64_t mb_percentile_u64(const uint64_t *sorted, size_t n, unsigned p)
{
    if (p > 100)
        p = 100;
    return sorted[(uint64_t)(n - 1) * p / 100];
}
