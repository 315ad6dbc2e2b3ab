/* stats.c: medians, bootstrap confidence intervals of ratios of medians, Mann-Whitney U. */
#include "report/stats.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/mix.h"
#include "core/order.h"

/* Median of v[0..n), sorting v in place; n > 0. */
static double median_sorting(double *v, size_t n)
{
    if (n <= 32) {
        for (size_t i = 1; i < n; i++) {
            double x = v[i];
            size_t j = i;
            for (; j > 0 && v[j - 1] > x; j--)
                v[j] = v[j - 1];
            v[j] = x;
        }
    } else {
        qsort(v, n, sizeof *v, mb_cmp_double);
    }
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* Keeps the values of x[0..n) that are not NaN; their count. */
static size_t not_nan(const double *x, size_t n, double *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            out[k++] = x[i];
    return k;
}

double mb_stats_median(const double *x, size_t n)
{
    double small[64], *v = n <= 64 ? small : malloc(n * sizeof *v);
    if (!v)
        return NAN;
    size_t k = not_nan(x, n, v);
    double m = k ? median_sorting(v, k) : NAN;
    if (v != small)
        free(v);
    return m;
}

double mb_stats_min(const double *x, size_t n)
{
    double m = NAN;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && (isnan(m) || x[i] < m))
            m = x[i];
    return m;
}

double mb_stats_max(const double *x, size_t n)
{
    double m = NAN;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && (isnan(m) || x[i] > m))
            m = x[i];
    return m;
}

struct tagged {
    double v;
    int side; /* 0: a, 1: b */
};

static int cmp_tagged(const void *pa, const void *pb)
{
    const struct tagged *a = pa, *b = pb;
    return (a->v > b->v) - (a->v < b->v);
}

/* Exact two-sided p of U (computed for sample a) with no ties: counts of the U distribution by
 * the recurrence c(i,j,u) = c(i-1,j,u-j) + c(i,j-1,u). */
static double exact_p(size_t na, size_t nb, double u)
{
    size_t umax = na * nb;
    /* row[j][u] for the current i, j = 0..nb */
    double *prev = calloc((nb + 1) * (umax + 1), sizeof *prev);
    double *cur = calloc((nb + 1) * (umax + 1), sizeof *cur);
    if (!prev || !cur) {
        free(prev);
        free(cur);
        return NAN;
    }
#define AT(row, j, u) (row)[(j) * (umax + 1) + (u)]
    for (size_t j = 0; j <= nb; j++)
        AT(prev, j, 0) = 1; /* i = 0: U = 0 only */
    for (size_t i = 1; i <= na; i++) {
        memset(cur, 0, (nb + 1) * (umax + 1) * sizeof *cur);
        AT(cur, 0, 0) = 1;
        for (size_t j = 1; j <= nb; j++)
            for (size_t k = 0; k <= i * j; k++)
                AT(cur, j, k) = (k >= j ? AT(prev, j, k - j) : 0) + AT(cur, j - 1, k);
        double *t = prev;
        prev = cur;
        cur = t;
    }
    double total = 0, le = 0, ge = 0;
    for (size_t k = 0; k <= umax; k++) {
        double c = AT(prev, nb, k);
        total += c;
        if ((double)k <= u + 1e-9)
            le += c;
        if ((double)k >= u - 1e-9)
            ge += c;
    }
#undef AT
    free(prev);
    free(cur);
    double p = 2 * fmin(le, ge) / total;
    return p > 1 ? 1 : p;
}

double mb_stats_mann_whitney(const double *a, size_t na, const double *b, size_t nb)
{
    size_t n = na + nb;
    struct tagged *t = malloc((n ? n : 1) * sizeof *t);
    if (!t)
        return NAN;
    size_t k = 0, ka = 0, kb = 0;
    for (size_t i = 0; i < na; i++)
        if (!isnan(a[i])) {
            t[k].v = a[i];
            t[k++].side = 0;
            ka++;
        }
    for (size_t i = 0; i < nb; i++)
        if (!isnan(b[i])) {
            t[k].v = b[i];
            t[k++].side = 1;
            kb++;
        }
    if (ka == 0 || kb == 0) {
        free(t);
        return 1.0;
    }
    qsort(t, k, sizeof *t, cmp_tagged);
    double ra = 0, tie_sum = 0;
    bool ties = false;
    for (size_t i = 0; i < k;) {
        size_t j = i;
        while (j + 1 < k && t[j + 1].v == t[i].v)
            j++;
        double rank = 0.5 * ((double)(i + 1) + (double)(j + 1)), cnt = (double)(j - i + 1);
        if (j > i) {
            ties = true;
            tie_sum += cnt * cnt * cnt - cnt;
        }
        for (size_t q = i; q <= j; q++)
            if (t[q].side == 0)
                ra += rank;
        i = j + 1;
    }
    free(t);
    double fa = (double)ka, fb = (double)kb, N = fa + fb;
    double u = ra - fa * (fa + 1) / 2;
    if (!ties && ka <= 25 && kb <= 25)
        return exact_p(ka, kb, u);
    double mu = fa * fb / 2;
    double var = fa * fb / 12 * ((N + 1) - tie_sum / (N * (N - 1)));
    if (var <= 0)
        return 1.0;
    double z = (fabs(u - mu) - 0.5) / sqrt(var);
    if (z < 0)
        z = 0;
    double p = erfc(z / sqrt(2.0));
    return p > 1 ? 1 : p;
}

/* Median of a resample (with replacement) of v[0..n) into scratch. */
static double resample_median(const double *v, size_t n, double *scratch, uint64_t *s)
{
    for (size_t i = 0; i < n; i++)
        scratch[i] = v[mb_splitmix64(s) % n];
    return median_sorting(scratch, n);
}

static size_t finite_positive(const double *x, size_t n, double *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i]) && x[i] > 0)
            out[k++] = x[i];
    return k;
}

int mb_stats_ratio(const double *a, size_t na, const double *b, size_t nb, struct mb_ratio *out)
{
    memset(out, 0, sizeof *out);
    out->ma = out->mb = out->ratio = out->lo = out->hi = NAN;
    out->p = 1.0;
    double *va = malloc((na + nb + 1) * sizeof *va), *vb = va + na;
    double *scratch = malloc((na + nb + 1) * sizeof *scratch);
    double *boot = malloc(MB_STATS_BOOT * sizeof *boot);
    if (!va || !scratch || !boot) {
        free(va);
        free(scratch);
        free(boot);
        return MB_E_NOMEM;
    }
    out->na = finite_positive(a, na, va);
    out->nb = finite_positive(b, nb, vb);
    if (out->na && out->nb) {
        out->ma = mb_stats_median(va, out->na);
        out->mb = mb_stats_median(vb, out->nb);
        out->ratio = out->mb / out->ma;
        out->p = mb_stats_mann_whitney(va, out->na, vb, out->nb);
        uint64_t s = MB_STATS_SEED;
        for (size_t i = 0; i < MB_STATS_BOOT; i++) {
            double ma = resample_median(va, out->na, scratch, &s);
            double mb = resample_median(vb, out->nb, scratch, &s);
            boot[i] = mb / ma;
        }
        qsort(boot, MB_STATS_BOOT, sizeof *boot, mb_cmp_double);
        out->lo = boot[(size_t)(0.025 * (MB_STATS_BOOT - 1) + 0.5)];
        out->hi = boot[(size_t)(0.975 * (MB_STATS_BOOT - 1) + 0.5)];
        out->significant = out->p < MB_STATS_ALPHA && (out->lo > 1 || out->hi < 1);
        out->callable = mb_stats_min_p(out->na, out->nb) < MB_STATS_ALPHA;
    }
    free(va);
    free(scratch);
    free(boot);
    return 0;
}

double mb_stats_min_p(size_t na, size_t nb)
{
    if (!na || !nb)
        return 1.0;
    double c = 1; /* C(na+nb, na), built up as a product of ratios */
    size_t k = na < nb ? na : nb, n = na + nb;
    for (size_t i = 1; i <= k; i++)
        c = c * (double)(n - k + i) / (double)i;
    double p = 2 / c;
    return p > 1 ? 1 : p;
}

/* The median of the values of x[0..n) that keep() keeps, with its percentile-bootstrap
 * interval (see mb_stats_median_ci). */
static int median_ci_kept(const double *x, size_t n,
                          size_t (*keep)(const double *, size_t, double *), double *med, double *lo,
                          double *hi, size_t *used)
{
    *med = *lo = *hi = NAN;
    *used = 0;
    double *v = malloc((n + 1) * sizeof *v), *scratch = malloc((n + 1) * sizeof *scratch);
    double *boot = malloc(MB_STATS_BOOT * sizeof *boot);
    if (!v || !scratch || !boot) {
        free(v);
        free(scratch);
        free(boot);
        return MB_E_NOMEM;
    }
    size_t k = keep(x, n, v);
    *used = k;
    if (k) {
        *med = mb_stats_median(v, k);
        uint64_t s = MB_STATS_SEED;
        for (size_t i = 0; i < MB_STATS_BOOT; i++)
            boot[i] = resample_median(v, k, scratch, &s);
        qsort(boot, MB_STATS_BOOT, sizeof *boot, mb_cmp_double);
        *lo = boot[(size_t)(0.025 * (MB_STATS_BOOT - 1) + 0.5)];
        *hi = boot[(size_t)(0.975 * (MB_STATS_BOOT - 1) + 0.5)];
    }
    free(v);
    free(scratch);
    free(boot);
    return 0;
}

int mb_stats_median_ci(const double *x, size_t n, double *med, double *lo, double *hi, size_t *used)
{
    return median_ci_kept(x, n, finite_positive, med, lo, hi, used);
}

int mb_stats_median_ci_any(const double *x, size_t n, double *med, double *lo, double *hi,
                           size_t *used)
{
    return median_ci_kept(x, n, not_nan, med, lo, hi, used);
}
