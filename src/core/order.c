/* core/order.c: comparators and the percentile of a sorted sample (see core/order.h). */
#include "core/order.h"

#include <math.h>
#include <stdbool.h>

int mb_cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

int mb_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    bool nx = isnan(x) != 0, ny = isnan(y) != 0; /* only nonzero: mingw's isnan gives -1 */
    if (nx || ny)
        return nx - ny;
    return (x > y) - (x < y);
}

uint64_t mb_percentile_u64(const uint64_t *sorted, size_t n, unsigned p)
{
    if (p > 100)
        p = 100;
    return sorted[(uint64_t)(n - 1) * p / 100];
}
