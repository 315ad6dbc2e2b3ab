/* summary.c: summary.csv, one row per case of a run (its name fields, median with a bootstrap
 * interval, and the verdict's pair when it has one), and the CSV cells compare.csv shares. */
#include "report/summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/out.h"
#include "report/stats.h"
#include "report/verdict.h"

void mb_csv_str(FILE *f, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    fputc('"', f);
}

void mb_csv_num(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, "%.6g", v);
}

/* An unsigned cell, nothing when v is 0 (an absent field). */
static void csv_u(FILE *f, unsigned long long v)
{
    if (v)
        fprintf(f, "%llu", v);
}

void mb_csv_fields(FILE *f, const struct mb_rcase *c)
{
    fputs(c->kind == MB_KIND_FILE ? "file," : "ipc,", f);
    mb_csv_str(f, c->name);
    fputc(',', f);
    if (c->kind == MB_KIND_FILE) {
        const struct mb_case_fields *x = &c->f;
        mb_csv_str(f, x->op);
        fputc(',', f);
        mb_csv_str(f, x->pattern);
        fputc(',', f);
        mb_csv_str(f, x->method);
        fputc(',', f);
        if (strcmp(x->hint, "none") != 0)
            mb_csv_str(f, x->hint);
        fprintf(f, ",%llu,%llu,", (unsigned long long)x->size, (unsigned long long)x->bs);
        mb_csv_str(f, x->cache);
        fputc(',', f);
        mb_csv_str(f, x->lifetime);
        fprintf(f, ",%u,", x->threads);
        csv_u(f, x->qd);
        fputc(',', f);
        csv_u(f, x->memlimit);
        fputs(",,,", f);
    } else {
        fputs(",,,,,,,,,,,", f);
        mb_csv_str(f, c->ipc.workload);
        fputc(',', f);
        mb_csv_str(f, c->ipc.transport);
        fputc(',', f);
        csv_u(f, c->ipc.msg);
    }
}

/* True when some repetition of c has a finite positive value of metric m. */
static bool has_values(const struct mb_rcase *c, enum mb_metric m)
{
    for (size_t i = 0; i < c->n; i++)
        if (isfinite(c->v[m][i]) && c->v[m][i] > 0)
            return true;
    return false;
}

enum mb_summary_metric mb_summary_metric_of(const struct mb_rcase *c)
{
    if (has_values(c, MB_M_BPS))
        return MB_SUM_GIBPS;
    if (has_values(c, MB_M_IPS))
        return MB_SUM_IPS;
    return MB_SUM_SECONDS;
}

const char *mb_summary_unit(enum mb_summary_metric m)
{
    static const char *const units[] = {"GiB/s", "items/s", "s"};
    return units[m];
}

/* The values of case c in metric m's unit into v (c->n of them). */
static void values_of(const struct mb_rcase *c, enum mb_summary_metric m, double *v)
{
    static const enum mb_metric src[] = {MB_M_BPS, MB_M_IPS, MB_M_TIME};
    double scale = m == MB_SUM_GIBPS ? 1.0 / (1024.0 * 1024 * 1024) : 1.0;
    for (size_t i = 0; i < c->n; i++)
        v[i] = c->v[src[m]][i] * scale;
}

/* The counterpart the verdict compares file case c with (map: prw, else rw; mapcopy: prw; same
 * fields, hint and lifetime), or NULL. */
static const struct mb_rcase *verdict_pair(const struct mb_results *r, const struct mb_rcase *c)
{
    static const char *const expl[] = {"prw", "rw"};
    size_t n = 0;
    if (c->kind != MB_KIND_FILE)
        return NULL;
    if (strcmp(c->f.method, "map") == 0)
        n = 2;
    else if (strcmp(c->f.method, "mapcopy") == 0)
        n = 1;
    for (size_t i = 0; i < n; i++) {
        const struct mb_rcase *a = mb_verdict_counterpart(r, c, expl[i], c->f.lifetime);
        if (a)
            return a;
    }
    return NULL;
}

/* The call on a pair: faster, slower, same (no significant difference) or uncalled (too few
 * repetitions for the test to reach p < 0.05). */
static const char *call_of(const struct mb_ratio *q)
{
    if (q->significant)
        return q->ratio > 1 ? "faster" : "slower";
    return q->callable ? "same" : "uncalled";
}

/* The pair cells of case c (ratio c / counterpart), empty when it has none. */
static int pair_cells(FILE *f, const struct mb_results *r, const struct mb_rcase *c,
                      enum mb_summary_metric m)
{
    const struct mb_rcase *a = c->n ? verdict_pair(r, c) : NULL;
    if (!a || mb_summary_metric_of(a) != m || m == MB_SUM_SECONDS) {
        fputs(",,,,,,", f);
        return 0;
    }
    static const enum mb_metric src[] = {MB_M_BPS, MB_M_IPS};
    struct mb_ratio q;
    if (mb_stats_ratio(a->v[src[m]], a->n, c->v[src[m]], c->n, &q) != 0)
        return MB_E_NOMEM;
    fputc(',', f);
    mb_csv_str(f, a->name);
    fputc(',', f);
    mb_csv_num(f, q.ratio);
    fputc(',', f);
    mb_csv_num(f, q.lo);
    fputc(',', f);
    mb_csv_num(f, q.hi);
    fputc(',', f);
    mb_csv_num(f, q.p);
    fprintf(f, ",%s", isfinite(q.ratio) ? call_of(&q) : "");
    return 0;
}

/* One row per case of r. 0 or MB_E_NOMEM. */
static int rows(FILE *f, const struct mb_results *r)
{
    for (size_t i = 0; i < r->n; i++) {
        const struct mb_rcase *c = &r->c[i];
        enum mb_summary_metric m = mb_summary_metric_of(c);
        double *v = malloc((c->n + 1) * sizeof *v), med, lo, hi;
        size_t used;
        if (!v)
            return MB_E_NOMEM;
        values_of(c, m, v);
        int rc = mb_stats_median_ci(v, c->n, &med, &lo, &hi, &used);
        free(v);
        if (rc)
            return rc;
        mb_csv_fields(f, c);
        fprintf(f, ",%zu,", used);
        mb_csv_num(f, med);
        fputc(',', f);
        mb_csv_num(f, lo);
        fputc(',', f);
        mb_csv_num(f, hi);
        fprintf(f, ",%s", used ? mb_summary_unit(m) : "");
        if ((rc = pair_cells(f, r, c, m)) != 0)
            return rc;
        fputc('\n', f);
    }
    return 0;
}

int mb_report_summary_csv(const struct mb_result_run *run, const char *outdir, struct mb_err *err)
{
    struct mb_out o;
    int rc = mb_out_open(&o, outdir, "summary.csv", err);
    if (rc)
        return rc;
    fputs(MB_CSV_FIELDS_HEAD ",n,median,ci_low,ci_high,unit,paired_with,ratio,ratio_ci_low,"
                             "ratio_ci_high,p,call\n",
          o.f);
    rc = rows(o.f, &run->file);
    if (!rc)
        rc = rows(o.f, &run->ipc);
    if (rc) {
        mb_out_abort(&o);
        return mb_err_set(err, rc, 0, NULL, "out of memory");
    }
    return mb_out_close(&o, err);
}
