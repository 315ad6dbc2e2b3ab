/* compare.c: the comparison of two runs case by case (medians, ratio B/A with a 95% bootstrap
 * interval, Mann-Whitney p), written as compare.md, compare.csv and gnuplot data (every case in
 * compare.dat, the most changed ones, labelled, in compare-top.dat for the figure). */
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/compare.h"
#include "report/gnuplot.h"
#include "report/out.h"
#include "report/stats.h"
#include "report/summary.h"
#include "report/verdict.h"

/* The most changed cases (largest |log ratio|) the figure shows. */
#define TOP_N 25

struct cmp_row {
    const struct mb_rcase *a, *b;
    const char *name;   /* A's name, or the canonical one when A and B spell the case apart */
    char cross[320];    /* the name of a mem pair across lifetimes ("... (B: lifetime:case)") */
    const char *metric; /* what the ratio is of */
    struct mb_ratio q;
};

/* The name a row is shown under (rows move when sorted: never keep a pointer to cross). */
static const char *row_name(const struct cmp_row *r)
{
    return r->cross[0] ? r->cross : r->name;
}

static int by_ratio(const void *pa, const void *pb)
{
    const struct cmp_row *a = pa, *b = pb;
    double x = isfinite(a->q.ratio) ? a->q.ratio : 0, y = isfinite(b->q.ratio) ? b->q.ratio : 0;
    if (x != y)
        return (x > y) - (x < y);
    return strcmp(row_name(a), row_name(b));
}

static bool has_metric(const struct mb_rcase *c, enum mb_metric m)
{
    for (size_t i = 0; i < c->n; i++)
        if (isfinite(c->v[m][i]) && c->v[m][i] > 0)
            return true;
    return false;
}

/* The speed of a pair: bytes/s, else items/s, else 1/time; fills row->q. */
static int compare_pair(struct cmp_row *row)
{
    const struct mb_rcase *a = row->a, *b = row->b;
    static const enum mb_metric order[] = {MB_M_BPS, MB_M_IPS};
    static const char *const names[] = {"bytes/s", "items/s"};
    for (int i = 0; i < 2; i++)
        if (has_metric(a, order[i]) && has_metric(b, order[i])) {
            row->metric = names[i];
            return mb_stats_ratio(a->v[order[i]], a->n, b->v[order[i]], b->n, &row->q);
        }
    row->metric = "1/time";
    double *ia = malloc((a->n + b->n + 1) * sizeof *ia), *ib = ia + a->n;
    if (!ia)
        return MB_E_NOMEM;
    for (size_t i = 0; i < a->n; i++)
        ia[i] = 1 / a->v[MB_M_TIME][i];
    for (size_t i = 0; i < b->n; i++)
        ib[i] = 1 / b->v[MB_M_TIME][i];
    int rc = mb_stats_ratio(ia, a->n, ib, b->n, &row->q);
    free(ia);
    return rc;
}

static void md_cell(FILE *f, const char *s)
{
    for (const char *p = s ? s : "-"; *p; p++)
        fputs(*p == '|' ? "\\|" : (char[2]){*p, 0}, f);
}

static void contexts(FILE *f, const struct mb_result_run *a, const struct mb_result_run *b)
{
    fputs("| | A | B |\n|---|---|---|\n", f);
    fprintf(f, "| run directory | `%s` | `%s` |\n", a->dir, b->dir);
    for (size_t i = 0; i < a->nctx; i++) {
        const char *key = a->ctx[i].key, *vb = mb_result_run_ctx(b, key);
        bool diff = !vb || !mb_report_ctx_equal(vb, a->ctx[i].val);
        char fa[512], fb[512];
        mb_report_ctx_value(key, a->ctx[i].val, fa, sizeof fa);
        mb_report_ctx_value(key, vb, fb, sizeof fb);
        fprintf(f, "| %s%s%s | ", diff ? "**" : "", key, diff ? "**" : "");
        md_cell(f, fa);
        fputs(" | ", f);
        md_cell(f, vb ? fb : NULL);
        fputs(" |\n", f);
    }
    for (size_t i = 0; i < b->nctx; i++) {
        if (mb_result_run_ctx(a, b->ctx[i].key))
            continue;
        char fb[512];
        mb_report_ctx_value(b->ctx[i].key, b->ctx[i].val, fb, sizeof fb);
        fprintf(f, "| **%s** | - | ", b->ctx[i].key);
        md_cell(f, fb);
        fputs(" |\n", f);
    }
}

/* A median in its metric's unit: throughput in binary units (GiB/s, MiB/s), items/s, or
 * passes per second (1/time). */
static void fmt_median(const struct cmp_row *r, double v, char *buf, size_t len)
{
    if (strcmp(r->metric, "bytes/s") == 0)
        mb_verdict_fmt_bps(v, buf, len);
    else if (!isfinite(v))
        snprintf(buf, len, "-");
    else
        snprintf(buf, len, "%.4g %s", v, strcmp(r->metric, "items/s") == 0 ? "items/s" : "/s");
}

/* The call on a row: B faster, B slower, no flag, or too few repetitions to call. */
static const char *row_call(const struct cmp_row *r)
{
    if (r->q.significant)
        return r->q.ratio > 1 ? "**B faster**" : "**B slower**";
    return r->q.callable || !isfinite(r->q.ratio) ? "" : "too few repetitions to call";
}

static void row_md(FILE *f, const struct cmp_row *r)
{
    char ma[48], mb[48];
    fmt_median(r, r->q.ma, ma, sizeof ma);
    fmt_median(r, r->q.mb, mb, sizeof mb);
    fprintf(f, "| `%s` | %s | %s | %.3f | %.3f-%.3f | %.2g | %zu/%zu | %s |\n", row_name(r), ma, mb,
            r->q.ratio, r->q.lo, r->q.hi, r->q.p, r->q.na, r->q.nb, row_call(r));
}

static const char *const row_head = "| case | median A | median B | B/A | 95% CI | p | n | |\n"
                                    "|---|---:|---:|---:|---|---:|---|---|\n";

/* The counterpart in y of case c of another run: the case of the same canonical name, or for
 * the in-memory baseline (mem, the same baseline whatever its lifetime: archived runs have it
 * as lifetime:pass, newer ones as lifetime:case) the mem case of the other lifetime. */
static const struct mb_rcase *counterpart(const struct mb_results *y, const struct mb_rcase *c)
{
    const struct mb_rcase *d = mb_results_find_name(y, c->key);
    if ((d && d->n) || c->kind != MB_KIND_FILE || strcmp(c->f.method, "mem") != 0)
        return d;
    const struct mb_rcase *o = mb_results_find(
        y, c->f.op, c->f.pattern, c->f.method, c->f.hint, c->f.size, c->f.bs, c->f.cache,
        strcmp(c->f.lifetime, "case") == 0 ? "pass" : "case", c->f.threads);
    return o && o->n ? o : d;
}

/* Cases of `x` missing from `y`, listed (at most 200 shown). */
static size_t only_in(FILE *f, const struct mb_results *x, const struct mb_results *y,
                      const char *label)
{
    size_t n = 0;
    for (size_t i = 0; i < x->n; i++) {
        const struct mb_rcase *c = counterpart(y, &x->c[i]);
        if (c && c->n && x->c[i].n)
            continue;
        if (n == 0)
            fprintf(f, "\nCases with results only in %s:\n\n", label);
        if (n < 200)
            fprintf(f, "- `%s`%s\n", x->c[i].name, x->c[i].n ? "" : " (no successful repetition)");
        n++;
    }
    if (n > 200)
        fprintf(f, "- ... and %zu more\n", n - 200);
    return n;
}

static int collect(const struct mb_results *ra, const struct mb_results *rb, struct cmp_row *rows,
                   size_t *n)
{
    for (size_t i = 0; i < ra->n; i++) {
        const struct mb_rcase *a = &ra->c[i], *b = counterpart(rb, a);
        if (!b || !a->n || !b->n)
            continue;
        rows[*n].a = a;
        rows[*n].b = b;
        rows[*n].name = strcmp(a->name, b->name) == 0 ? a->name : a->key;
        if (a->kind == MB_KIND_FILE && strcmp(a->f.lifetime, b->f.lifetime) != 0) {
            snprintf(rows[*n].cross, sizeof rows[*n].cross, "%s (B: lifetime:%s)", a->key,
                     b->f.lifetime);
        }
        if (compare_pair(&rows[*n]) != 0)
            return MB_E_NOMEM;
        (*n)++;
    }
    return 0;
}

/* The counts and ratio range of a comparison, and the runs' labels. */
struct cmp_sum {
    size_t n, faster, slower, oa, ob; /* oa, ob: cases only in A, only in B */
    size_t uncalled, minreps;         /* rows the test cannot call; their fewest repetitions */
    double rmed, rmin, rmax;
    char la[256], lb[256];
};

/* Sorts the rows by ratio and sums them up. 0 or MB_E_NOMEM. */
static int summarize(struct cmp_row *rows, size_t n, struct cmp_sum *s)
{
    qsort(rows, n, sizeof *rows, by_ratio);
    s->n = n;
    s->faster = s->slower = s->uncalled = s->minreps = 0;
    double *rs = malloc(n * sizeof *rs);
    if (!rs)
        return MB_E_NOMEM;
    size_t nr = 0;
    for (size_t i = 0; i < n; i++) {
        const struct mb_ratio *q = &rows[i].q;
        if (q->significant) {
            q->ratio > 1 ? s->faster++ : s->slower++;
        } else if (!q->callable && isfinite(q->ratio)) {
            size_t reps = q->na < q->nb ? q->na : q->nb;
            if (!s->uncalled++ || reps < s->minreps)
                s->minreps = reps;
        }
        if (isfinite(rows[i].q.ratio))
            rs[nr++] = rows[i].q.ratio;
    }
    s->rmed = nr ? mb_stats_median(rs, nr) : NAN;
    s->rmin = nr ? rs[0] : NAN; /* rows sorted by ratio */
    s->rmax = nr ? rs[nr - 1] : NAN;
    free(rs);
    return 0;
}

static void md_intro(FILE *f, const struct mb_result_run *a, const struct mb_result_run *b,
                     const struct cmp_sum *s)
{
    fprintf(f, "# mapbench comparison\n\nA: %s  \nB: %s\n\n", s->la, s->lb);
    mb_compare_warn(f, a, b);
    if (a->wine || b->wine)
        fputs("> **wine (not Windows performance)**: at least one run executed under wine.\n\n", f);
    contexts(f, a, b);
    fprintf(f,
            "\nEach case present in both runs is compared on its throughput (GiB/s = 2^30 "
            "bytes/s; items/s or passes per second when a case has no byte counter): the ratio B/A "
            "of the medians of the raw "
            "repetitions (above 1: B is faster), its 95%% percentile-bootstrap interval (%d "
            "resamples, fixed seed) and the two-sided Mann-Whitney U p-value. A case is flagged "
            "when p < 0.05 and the interval excludes 1; a pair with so few repetitions that the "
            "test cannot reach p < 0.05 (3 against 3: the smallest p is 0.1) is marked \"too "
            "few repetitions to call\" rather than counted as no difference. With many cases some "
            "flags are expected "
            "by chance alone (about 1 in 20 of cases that truly do not differ). Cases pair by "
            "canonical name: a name without the lifetime field (a run from before the field "
            "existed) is the lifetime:pass case, so it pairs with a newer run's lifetime:pass "
            "case and never with its lifetime:case one. The in-memory baseline (mem) pairs "
            "whatever its lifetime.\n",
            MB_STATS_BOOT);
    for (int side = 0; side < 2; side++) {
        const struct mb_result_run *x = side ? b : a, *y = side ? a : b;
        if (mb_results_has_lifetime(&x->file, "case") && !mb_results_has_lifetime(&y->file, "case"))
            fprintf(f,
                    "\n> %c has kept-handle cases (lifetime:case, file opened and mapped once per "
                    "case) and %c has none (it measured one-shot use only): those cases are "
                    "listed as only in %c.\n",
                    side ? 'B' : 'A', side ? 'A' : 'B', side ? 'B' : 'A');
    }
}

/* compare.md; counts the cases only in A and only in B into s. */
static int write_md(const char *outdir, const struct mb_result_run *a,
                    const struct mb_result_run *b, const struct cmp_row *rows, struct cmp_sum *s,
                    struct mb_err *err)
{
    struct mb_out o;
    int rc = mb_out_open(&o, outdir, "compare.md", err);
    if (rc)
        return rc;
    FILE *f = o.f;
    md_intro(f, a, b, s);
    fputs("\n## Summary\n\n", f);
    fprintf(f,
            "%zu cases in common: B significantly faster in %zu, slower in %zu, no significant "
            "difference in %zu",
            s->n, s->faster, s->slower, s->n - s->faster - s->slower - s->uncalled);
    if (s->uncalled)
        fprintf(f, ", too few repetitions (%zu) for a significance call in %zu", s->minreps,
                s->uncalled);
    fprintf(f, ". Median ratio B/A %.3f (range %.3f-%.3f).\n", s->rmed, s->rmin, s->rmax);
    if (!s->faster && !s->slower && s->uncalled * 2 > s->n)
        fprintf(f,
                "\n**Nothing can be called**: most cases have too few repetitions (%zu) for the "
                "test to reach p < 0.05; rerun with `--benchmark_repetitions=5` or more.\n",
                s->minreps);
    else if (!s->faster && !s->slower)
        fprintf(f, "\n**No significant difference**: B matches A within run-to-run noise%s.\n",
                fabs(s->rmin - 1) < 1e-12 && fabs(s->rmax - 1) < 1e-12
                    ? " (all ratios are exactly 1)"
                    : "");
    s->oa = only_in(f, &a->file, &b->file, "A");
    s->oa += only_in(f, &a->ipc, &b->ipc, "A");
    s->ob = only_in(f, &b->file, &a->file, "B");
    s->ob += only_in(f, &b->ipc, &a->ipc, "B");
    fprintf(f,
            "\n**Throughput ratio B/A of the %zu most changed cases (largest |log ratio|), dots at "
            "the ratio of medians, whiskers the 95%% bootstrap interval, log scale; every case "
            "is in compare.csv and the table below**\n\n![B/A ratio of the most changed cases "
            "with 95%% CI](compare.png)\n",
            s->n < TOP_N ? s->n : TOP_N);
    if (s->faster || s->slower) {
        fputs("\n## Significant differences\n\n", f);
        fputs(row_head, f);
        for (size_t i = 0; i < s->n; i++)
            if (rows[i].q.significant)
                row_md(f, &rows[i]);
    }
    fputs("\n## All common cases (by ratio)\n\n", f);
    fputs(row_head, f);
    for (size_t i = 0; i < s->n; i++)
        row_md(f, &rows[i]);
    return mb_out_close(&o, err);
}

/* A short label of a row for the figure's y axis: "read random map:random 256MiB/4KiB cold
 * pass t1" (qd and memlimit when present; the name as is for IPC cases). */
static void short_label(const struct cmp_row *r, char *buf, size_t len)
{
    const struct mb_rcase *c = r->a;
    if (c->kind != MB_KIND_FILE) {
        snprintf(buf, len, "%s", row_name(r));
        return;
    }
    const struct mb_case_fields *x = &c->f;
    char sz[16], bs[16], qd[16] = "", lim[32] = "", hint[24] = "";
    mb_report_size(x->size, sz, sizeof sz);
    mb_report_size(x->bs, bs, sizeof bs);
    if (strcmp(x->hint, "none") != 0)
        snprintf(hint, sizeof hint, ":%s", x->hint);
    if (x->qd)
        snprintf(qd, sizeof qd, " qd%u", x->qd);
    if (x->memlimit) {
        char m[16];
        mb_report_size(x->memlimit, m, sizeof m);
        snprintf(lim, sizeof lim, " mem%s", m);
    }
    snprintf(buf, len, "%s %s %s%s %s/%s %s %s t%u%s%s%s", x->op, x->pattern, x->method, hint, sz,
             bs, x->cache, x->lifetime, x->threads, qd, lim,
             r->cross[0] ? " (B: other lifetime)" : "");
}

/* |log ratio| of a row, -1 without a ratio (never among the most changed). */
static double change_of(const struct cmp_row *r)
{
    return isfinite(r->q.ratio) && r->q.ratio > 0 ? fabs(log(r->q.ratio)) : -1;
}

/* compare-top.dat: the TOP_N rows (of n, sorted by ratio) with the largest |log ratio|, in
 * ratio order, with short labels; their count into *ntop, their interval range into *lo, *hi
 * (1 included). */
static int write_top(const char *outdir, const struct cmp_row *rows, size_t n, size_t *ntop,
                     double *lo, double *hi, struct mb_err *err)
{
    bool *keep = calloc(n + 1, sizeof *keep);
    if (!keep)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    for (size_t k = 0; k < TOP_N && k < n; k++) { /* n * TOP_N: fine for a few thousand cases */
        size_t best = n;
        for (size_t i = 0; i < n; i++)
            if (!keep[i] && change_of(&rows[i]) >= 0 &&
                (best == n || change_of(&rows[i]) > change_of(&rows[best])))
                best = i;
        if (best == n)
            break;
        keep[best] = true;
    }
    struct mb_out o;
    int rc = mb_out_open(&o, outdir, "compare-top.dat", err);
    if (rc) {
        free(keep);
        return rc;
    }
    fputs("# row ratio lo hi significant(0: no, 1: B slower, 2: B faster) label\n", o.f);
    *ntop = 0;
    *lo = *hi = 1;
    for (size_t i = 0; i < n; i++) {
        if (!keep[i])
            continue;
        const struct mb_ratio *q = &rows[i].q;
        char label[256], quoted[300];
        short_label(&rows[i], label, sizeof label);
        size_t l = 0;
        for (const char *p = label; *p && l + 2 < sizeof quoted; p++)
            quoted[l++] = *p == '"' ? '\'' : *p;
        quoted[l] = 0;
        fprintf(o.f, "%zu %.6g %.6g %.6g %d \"%s\"\n", (*ntop)++, q->ratio, q->lo, q->hi,
                q->significant ? (q->ratio > 1 ? 2 : 1) : 0, quoted);
        if (isfinite(q->lo) && q->lo > 0)
            *lo = fmin(*lo, q->lo);
        if (isfinite(q->hi))
            *hi = fmax(*hi, q->hi);
    }
    free(keep);
    return mb_out_close(&o, err);
}

/* compare.csv: one row per common case, by ratio: the name fields (A's case), the unit, each
 * run's repetitions and median, the ratio B/A with its interval, p and the call. */
static int write_csv(const char *outdir, const struct cmp_row *rows, size_t n, struct mb_err *err)
{
    struct mb_out o;
    int rc = mb_out_open(&o, outdir, "compare.csv", err);
    if (rc)
        return rc;
    fputs(MB_CSV_FIELDS_HEAD ",unit,a_n,a_median,b_n,b_median,ratio,ratio_ci_low,ratio_ci_high,"
                             "p,call\n",
          o.f);
    for (size_t i = 0; i < n; i++) {
        const struct cmp_row *r = &rows[i];
        const struct mb_ratio *q = &r->q;
        bool bytes = strcmp(r->metric, "bytes/s") == 0;
        double scale = bytes ? 1.0 / (1024.0 * 1024 * 1024) : 1.0;
        mb_csv_fields(o.f, r->a);
        fprintf(o.f, ",%s,%zu,",
                bytes                               ? "GiB/s"
                : strcmp(r->metric, "items/s") == 0 ? "items/s"
                                                    : "1/s",
                q->na);
        mb_csv_num(o.f, q->ma * scale);
        fprintf(o.f, ",%zu,", q->nb);
        mb_csv_num(o.f, q->mb * scale);
        fputc(',', o.f);
        mb_csv_num(o.f, q->ratio);
        fputc(',', o.f);
        mb_csv_num(o.f, q->lo);
        fputc(',', o.f);
        mb_csv_num(o.f, q->hi);
        fputc(',', o.f);
        mb_csv_num(o.f, q->p);
        fprintf(o.f, ",%s\n",
                !isfinite(q->ratio) ? ""
                : q->significant    ? (q->ratio > 1 ? "faster" : "slower")
                : q->callable       ? "same"
                                    : "uncalled");
    }
    return mb_out_close(&o, err);
}

/* compare.dat (one row per case, by ratio), compare-top.dat and compare.vars for compare.gp. */
static int write_plot(const char *outdir, const struct cmp_row *rows, const struct cmp_sum *s,
                      struct mb_err *err)
{
    struct mb_out o;
    int rc = mb_out_open(&o, outdir, "compare.dat", err);
    if (rc)
        return rc;
    fputs("# rank ratio lo hi significant(0/1: B slower, 2: B faster) case\n", o.f);
    double lo = 1, hi = 1;
    for (size_t i = 0; i < s->n; i++) {
        const struct mb_ratio *q = &rows[i].q;
        fprintf(o.f, "%zu %.6g %.6g %.6g %d \"%s\"\n", i, q->ratio, q->lo, q->hi,
                q->significant ? (q->ratio > 1 ? 2 : 1) : 0, row_name(&rows[i]));
        if (isfinite(q->lo) && q->lo > 0)
            lo = fmin(lo, q->lo);
        if (isfinite(q->hi))
            hi = fmax(hi, q->hi);
    }
    if ((rc = mb_out_close(&o, err)) != 0)
        return rc;
    size_t ntop = 0;
    if ((rc = write_top(outdir, rows, s->n, &ntop, &lo, &hi, err)) != 0)
        return rc;
    if ((rc = mb_out_open(&o, outdir, "compare.vars", err)) != 0)
        return rc;
    if (ntop < s->n)
        fprintf(o.f,
                "fig_title = 'Throughput ratio B/A: the %zu most changed of %zu common cases'\n",
                ntop, s->n);
    else
        fprintf(o.f, "fig_title = 'Throughput ratio B/A of the %zu common cases'\n", s->n);
    char label[300];
    snprintf(label, sizeof label, "A: %s", s->la);
    mb_gp_str(o.f, "fig_a", label);
    snprintf(label, sizeof label, "B: %s", s->lb);
    mb_gp_str(o.f, "fig_b", label);
    fprintf(o.f, "file1 = 'compare-top.dat'\nncases = %zu\nrlo = %.6g\nrhi = %.6g\n", ntop,
            lo / 1.1, hi * 1.1);
    return mb_out_close(&o, err);
}

/* The few lines of summary on stdout: counts, then up to five faster and five slower cases. */
static void write_summary(FILE *f, const struct cmp_row *rows, const struct cmp_sum *s)
{
    fprintf(f, "A: %s\nB: %s\n", s->la, s->lb);
    fprintf(f,
            "%zu common cases: B significantly faster in %zu, slower in %zu, no significant "
            "difference in %zu, too few repetitions to call in %zu; median B/A %.3f (range "
            "%.3f-%.3f); only in A: %zu, only in B: %zu\n",
            s->n, s->faster, s->slower, s->n - s->faster - s->slower - s->uncalled, s->uncalled,
            s->rmed, s->rmin, s->rmax, s->oa, s->ob);
    if (!s->faster && !s->slower && !s->uncalled)
        fprintf(f, "no significant differences: B matches A within noise\n");
    for (size_t i = 0, shown = 0; i < s->n && shown < 5; i++) {
        const struct cmp_row *r = &rows[s->n - 1 - i];
        if (r->q.significant && r->q.ratio > 1) {
            fprintf(f, "  faster on B: %s  x%.2f (%.2f-%.2f)\n", row_name(r), r->q.ratio, r->q.lo,
                    r->q.hi);
            shown++;
        }
    }
    for (size_t i = 0, shown = 0; i < s->n && shown < 5; i++) {
        const struct cmp_row *r = &rows[i];
        if (r->q.significant && r->q.ratio < 1) {
            fprintf(f, "  slower on B: %s  x%.2f (%.2f-%.2f)\n", row_name(r), r->q.ratio, r->q.lo,
                    r->q.hi);
            shown++;
        }
    }
}

int mb_report_compare(const struct mb_result_run *a, const struct mb_result_run *b,
                      const char *outdir, FILE *summary, struct mb_err *err)
{
    size_t cap = a->file.n + a->ipc.n + 1, n = 0;
    struct cmp_row *rows = calloc(cap, sizeof *rows);
    if (!rows)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    struct cmp_sum s;
    int rc = 0;
    if (collect(&a->file, &b->file, rows, &n) || collect(&a->ipc, &b->ipc, rows, &n) ||
        (n && summarize(rows, n, &s))) {
        rc = mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    } else if (n == 0) {
        rc = mb_err_set(err, MB_E_USAGE, 0, NULL, "%s and %s have no case in common", a->dir,
                        b->dir);
    } else {
        mb_report_label(a, s.la, sizeof s.la);
        mb_report_label(b, s.lb, sizeof s.lb);
        rc = write_md(outdir, a, b, rows, &s, err);
        if (!rc)
            rc = write_csv(outdir, rows, s.n, err);
        if (!rc)
            rc = write_plot(outdir, rows, &s, err);
        if (!rc && summary)
            write_summary(summary, rows, &s);
    }
    free(rows);
    return rc;
}
