/* report/figures_timeline.c: the timeline figures, the shape of the CIDR'22 mmap figure: per
 * scenario (op, pattern, file size, request size, cache, memory limit, threads) one figure of
 * rows sharing the time axis: throughput, major faults per second, device reads and (when
 * recorded) the memory cgroup's usage, one line per method variant (method, hint, lifetime,
 * queue depth), from repetition 0 of the run's timelines (see report/figures.h). */
#include "report/figures.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "report/methods.h"
#include "report/query.h"

/* Timeline figures drawn at most; further scenarios are listed as skipped. */
#define TL_FIG_MAX 48

/* The rows of a timeline figure, in order, and their data columns (after t_s in column 1). */
enum { ROW_BPS, ROW_MAJOR, ROW_DEV, ROW_CGROUP, NROWS };

/* One line of a figure: the series (lowest repetition) of one method variant. */
struct tl_line {
    const struct mb_tl_series *s;
    int order; /* the method's place in the canonical order (unknown methods last) */
    int dt;    /* gnuplot dash type: 1 one-shot (lifetime:pass), 2 kept (lifetime:case) */
    int pt;    /* gnuplot point type marking a method's second, third, ... hint or depth; 0 none */
    char label[64];
};

/* A byte unit for an axis: name and divisor. */
struct unit {
    const char *name;
    double div;
};

/* The unit that shows byte values up to max with 1 to 1023 before the point. */
static struct unit byte_unit(double max)
{
    if (max >= 1024.0 * 1024 * 1024)
        return (struct unit){"GiB", 1024.0 * 1024 * 1024};
    if (max >= 1024.0 * 1024)
        return (struct unit){"MiB", 1024.0 * 1024};
    if (max >= 1024.0)
        return (struct unit){"KiB", 1024.0};
    return (struct unit){"B", 1};
}

/* The op of a scenario in words ("random reads", "seq durable writes"). */
static void op_text(const struct mb_case_fields *f, char *buf, size_t len)
{
    const char *noun = strcmp(f->op, "read") == 0         ? "reads"
                       : strcmp(f->op, "write") == 0      ? "writes"
                       : strcmp(f->op, "write:sync") == 0 ? "durable writes"
                                                          : NULL;
    if (noun)
        snprintf(buf, len, "%s %s", f->pattern, noun);
    else
        snprintf(buf, len, "%s %s", f->pattern, f->op);
}

void mb_fig_scenario_text(const struct mb_case_fields *f, bool threads, char *buf, size_t len)
{
    char op[64], sz[32], bs[32], lim[48] = "no memory limit", th[32] = "";
    op_text(f, op, sizeof op);
    mb_report_size(f->size, sz, sizeof sz);
    mb_report_size(f->bs, bs, sizeof bs);
    if (f->memlimit) {
        char l[32];
        mb_report_size(f->memlimit, l, sizeof l);
        snprintf(lim, sizeof lim, "memory limit %s", l);
    }
    if (threads)
        snprintf(th, sizeof th, ", %u thread%s", f->threads, f->threads == 1 ? "" : "s");
    snprintf(buf, len, "%s, %s file, %s requests, %s cache, %s%s", op, sz, bs, f->cache, lim, th);
}

void mb_fig_timeline_name(const struct mb_case_fields *f, char *buf, size_t len)
{
    char sz[24], bs[24], lim[32] = "nolimit";
    mb_size_format(f->size, sz, sizeof sz);
    mb_size_format(f->bs, bs, sizeof bs);
    if (f->memlimit) {
        char l[24];
        mb_size_format(f->memlimit, l, sizeof l);
        snprintf(lim, sizeof lim, "mem%s", l);
    }
    snprintf(buf, len, "timeline-%s-%s-%s-bs%s-%s-%s-t%u", f->op, f->pattern, sz, bs, f->cache, lim,
             f->threads);
    for (char *p = buf; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '.'))
            *p = '_';
}

/* True when series a and b belong to one scenario (every field but the method variant). */
static bool same_scenario(const struct mb_case_fields *a, const struct mb_case_fields *b)
{
    return a->threads == b->threads && mb_query_cmp_scenario(a, b) == 0;
}

/* True when series a and b are one method variant of a scenario (any repetition). */
static bool same_variant(const struct mb_case_fields *a, const struct mb_case_fields *b)
{
    return same_scenario(a, b) && a->qd == b->qd && strcmp(a->method, b->method) == 0 &&
           strcmp(a->hint, b->hint) == 0 && strcmp(a->lifetime, b->lifetime) == 0;
}

/* The order of scenarios: memory limit, file size, op, pattern, request size, cache, threads. */
static int cmp_scenario(const void *pa, const void *pb)
{
    const struct mb_case_fields *a = &(*(const struct mb_tl_series *const *)pa)->f;
    const struct mb_case_fields *b = &(*(const struct mb_tl_series *const *)pb)->f;
    int c = mb_query_cmp_scenario(a, b);
    return c ? c : (a->threads > b->threads) - (a->threads < b->threads);
}

/* The order of lines: method, lifetime (one-shot first), hint (none first), queue depth. */
static int cmp_line(const void *pa, const void *pb)
{
    const struct tl_line *x = pa, *y = pb;
    const struct mb_case_fields *a = &x->s->f, *b = &y->s->f;
    int c;
    if (x->order != y->order)
        return x->order - y->order;
    if ((c = strcmp(a->method, b->method)) != 0)
        return c;
    if ((c = strcmp(b->lifetime, a->lifetime)) != 0) /* "pass" before "case" */
        return c;
    bool an = strcmp(a->hint, "none") == 0, bn = strcmp(b->hint, "none") == 0;
    if (an != bn)
        return an ? -1 : 1;
    if ((c = strcmp(a->hint, b->hint)) != 0)
        return c;
    return (a->qd > b->qd) - (a->qd < b->qd);
}

/* The lines of the scenario of series `first`: one per method variant, its lowest repetition,
 * sorted, with legend labels (and into reps which repetition they show), dash types (solid
 * one-shot, dashed kept handle) and point types (none for a method's first hint or queue depth,
 * then circles, squares, ...; lines in the method's colour, noisy as timelines are, stay apart by
 * their marks). Returns the count. */
static size_t scenario_lines(const struct mb_timelines *tl, const struct mb_tl_series *first,
                             struct tl_line *ln, char *reps, size_t rlen)
{
    size_t n = 0;
    for (size_t i = 0; i < tl->n && n < MB_QUERY_MAXV; i++) {
        const struct mb_tl_series *s = &tl->s[i];
        if (!same_scenario(&s->f, &first->f) || s->n == 0)
            continue;
        size_t k = 0;
        while (k < n && !same_variant(&ln[k].s->f, &s->f))
            k++;
        if (k < n) {
            if (s->rep < ln[k].s->rep)
                ln[k].s = s;
            continue;
        }
        ln[n].s = s;
        ln[n].order = mb_report_method_rank(s->f.method);
        n++;
    }
    qsort(ln, n, sizeof *ln, cmp_line);
    /* one repetition for all lines is named once; else the lines not at repetition 0 say so */
    bool same = true;
    for (size_t k = 1; k < n; k++)
        same = same && ln[k].s->rep == ln[0].s->rep;
    if (same)
        snprintf(reps, rlen, "repetition %u", n ? ln[0].s->rep : 0);
    else
        snprintf(reps, rlen, "repetition 0, [rep N]: the first recorded");
    for (size_t k = 0, v = 0; k < n; k++) {
        const struct mb_case_fields *f = &ln[k].s->f;
        /* v: the variant (hint, queue depth) of this method, counted over its one-shot lines
         * and again over its kept ones */
        bool first_of_method = k == 0 || strcmp(ln[k - 1].s->f.method, f->method) != 0;
        bool first_of_life = first_of_method || strcmp(ln[k - 1].s->f.lifetime, f->lifetime) != 0;
        v = first_of_life ? 0 : v + 1;
        bool kept = strcmp(f->lifetime, "case") == 0;
        ln[k].dt = kept ? 2 : 1;
        ln[k].pt = v ? mb_gp_point_type(v - 1) : 0;
        char hint[24] = "", qd[16] = "", rep[24] = "";
        if (strcmp(f->hint, "none") != 0)
            snprintf(hint, sizeof hint, ":%s", f->hint);
        if (f->qd)
            snprintf(qd, sizeof qd, " qd%u", f->qd);
        if (!same && ln[k].s->rep != 0)
            snprintf(rep, sizeof rep, " [rep %u]", ln[k].s->rep);
        snprintf(ln[k].label, sizeof ln[k].label, "%s%s%s%s%s", f->method, hint, qd,
                 kept ? (strncmp(f->method, "map", 3) == 0 ? " (kept mapping)" : " (kept handle)")
                      : "",
                 rep);
    }
    return n;
}

/* The value of row `row` at point p (NaN when not recorded, and for an interval too short to
 * give a rate). */
static double row_value(int row, const struct mb_tl_point *p)
{
    if (p->interval_s < MB_TL_SHORT_S)
        return NAN;
    switch (row) {
    case ROW_BPS:
        return p->bytes / p->interval_s;
    case ROW_MAJOR:
        return p->major / p->interval_s;
    case ROW_DEV:
        return p->dev_read / p->interval_s;
    default:
        return p->cgroup;
    }
}

/* The largest finite value of each row over the lines (NaN when a row has none), and which
 * lines have data in each row. */
static void row_ranges(const struct tl_line *ln, size_t n, double *max, bool (*has)[MB_QUERY_MAXV])
{
    for (int r = 0; r < NROWS; r++) {
        max[r] = NAN;
        for (size_t k = 0; k < n; k++) {
            has[r][k] = false;
            for (size_t i = 0; i < ln[k].s->n; i++) {
                double v = row_value(r, &ln[k].s->p[i]);
                if (!isfinite(v))
                    continue;
                has[r][k] = true;
                max[r] = isfinite(max[r]) ? fmax(max[r], v) : v;
            }
        }
    }
}

/* The table: one block per line (gnuplot index k), "t_s bps major dev cgroup" in the units
 * given (major faults per second in thousands when the unit is "k"). */
static int write_table(const char *dir, const char *file, const struct tl_line *ln, size_t n,
                       const struct unit *u, struct mb_err *err)
{
    struct mb_out o;
    int rc = mb_out_open(&o, dir, file, err);
    if (rc)
        return rc;
    fprintf(o.f, "# timeline: one block per line of the figure (gnuplot index 0..%zu)\n", n - 1);
    for (size_t k = 0; k < n; k++) {
        const struct mb_tl_series *s = ln[k].s;
        fprintf(o.f,
                "%s# %s: %s rep %u\n# t_s throughput_%s/s major_faults%s/s device_read_%s/s "
                "cgroup_%s\n",
                k ? "\n\n" : "", ln[k].label, s->key, s->rep, u[ROW_BPS].name,
                u[ROW_MAJOR].div > 1 ? "_k" : "", u[ROW_DEV].name, u[ROW_CGROUP].name);
        for (size_t i = 0; i < s->n; i++) {
            if (s->p[i].interval_s < MB_TL_SHORT_S)
                continue; /* the sampler's last, partial interval: no rate */
            fprintf(o.f, "%.6g", s->p[i].t_s);
            for (int r = 0; r < NROWS; r++)
                mb_gp_num(o.f, row_value(r, &s->p[i]) / u[r].div);
            fputc('\n', o.f);
        }
    }
    return mb_out_close(&o, err);
}

/* The figure's variables: title, lines, rows (label, column, the lines with data). */
static int write_vars(struct mb_fig_ctx *fc, const struct mb_fig *g, const char *title,
                      const struct tl_line *ln, size_t n, const struct unit *u, const double *max,
                      bool (*has)[MB_QUERY_MAXV], uint64_t limit, struct mb_err *err)
{
    struct mb_out o;
    int rows = isfinite(max[ROW_CGROUP]) ? NROWS : NROWS - 1;
    int rc = mb_gp_vars_open(fc, g, title, 0, 0, 0, &o, err);
    if (rc)
        return rc;
    char file[128], label[96];
    snprintf(file, sizeof file, "%s.dat", g->name);
    mb_gp_str(o.f, "file", file);
    fprintf(o.f, "nseries = %zu\nnrows = %d\n", n, rows);
    double xmax = 0;
    size_t npts = 0;
    for (size_t k = 0; k < n; k++) {
        mb_gp_strf(o.f, "sname_", (int)k + 1, ln[k].label);
        mb_gp_strf(o.f, "smeth_", (int)k + 1, ln[k].s->f.method);
        fprintf(o.f, "sdt_%zu = %d\nspt_%zu = %d\n", k + 1, ln[k].dt, k + 1, ln[k].pt);
        for (size_t i = ln[k].s->n; i > 0; i--)
            if (ln[k].s->p[i - 1].interval_s >= MB_TL_SHORT_S) { /* the last plotted one */
                xmax = fmax(xmax, ln[k].s->p[i - 1].t_s);
                break;
            }
        npts = ln[k].s->n > npts ? ln[k].s->n : npts;
    }
    /* about 12 marks along the longest line */
    fprintf(o.f, "xmax = %.6g\npint = %zu\n", xmax > 0 ? xmax : 1, npts / 12 ? npts / 12 : 1);
    for (int r = 0; r < rows; r++) {
        switch (r) {
        case ROW_BPS:
            snprintf(label, sizeof label, "throughput (%s/s)", u[r].name);
            break;
        case ROW_MAJOR:
            snprintf(label, sizeof label, "major faults/s%s", u[r].div > 1 ? " (thousands)" : "");
            break;
        case ROW_DEV:
            if (isfinite(max[r]))
                snprintf(label, sizeof label, "device reads (%s/s)", u[r].name);
            else
                snprintf(label, sizeof label, "device reads");
            break;
        default:
            snprintf(label, sizeof label, "cgroup usage (%s)", u[r].name);
        }
        mb_gp_strf(o.f, "ylabel", r + 1, label);
        if (r == ROW_DEV)
            mb_gp_strf(o.f, "note", r + 1, "the whole data disk (system-wide)");
        fprintf(o.f, "col%d = %d\n", r + 1, r + 2);
        fprintf(o.f, "rows%d = '", r + 1);
        for (size_t k = 0, w = 0; k < n; k++)
            if (has[r][k])
                fprintf(o.f, "%s%zu", w++ ? " " : "", k);
        fputs("'\n", o.f);
        if (r == ROW_CGROUP && limit) {
            double lim = (double)limit / u[r].div;
            fprintf(o.f, "limit%d = %.6g\nymax%d = %.6g\n", r + 1, lim, r + 1,
                    1.12 * fmax(lim, max[r] / u[r].div));
        }
    }
    return mb_out_close(&o, err);
}

/* One scenario's figure (the one of series `first`). */
static int scenario_figure(struct mb_fig_ctx *fc, const struct mb_tl_series *first,
                           struct tl_line *ln, bool (*has)[MB_QUERY_MAXV], struct mb_err *err)
{
    char name[96], scen[160], cap[256], title[320], reps[44];
    size_t n = scenario_lines(&fc->run->tl, first, ln, reps, sizeof reps);
    mb_fig_timeline_name(&first->f, name, sizeof name);
    mb_fig_scenario_text(&first->f, true, scen, sizeof scen);
    snprintf(cap, sizeof cap, "throughput, faults and device reads over time: %s (%s)", scen, reps);
    struct mb_fig *g = mb_fig_new(fc, name, "timeline", cap);
    if (!g)
        return 0;
    if (!n) {
        snprintf(g->note, sizeof g->note, "its timelines have no intervals");
        return 0;
    }
    double max[NROWS];
    row_ranges(ln, n, max, has);
    /* faults per second in thousands from 10000 on: tic labels stay short */
    struct unit kilo = {"k", 1e3}, one = {"", 1};
    /* throughput in GiB/s, as in every figure (a log axis: small rates stay readable) */
    struct unit gib = {"GiB", 1024.0 * 1024 * 1024};
    struct unit u[NROWS] = {gib, max[ROW_MAJOR] >= 1e4 ? kilo : one, byte_unit(max[ROW_DEV]),
                            byte_unit(max[ROW_CGROUP])};
    g->drawn = true;
    if (!fc->dir)
        return 0;
    snprintf(title, sizeof title, "Over time: %s (%s)", scen, reps);
    char file[128];
    snprintf(file, sizeof file, "%s.dat", name);
    int rc = write_table(fc->dir, file, ln, n, u, err);
    return rc ? rc : write_vars(fc, g, title, ln, n, u, max, has, first->f.memlimit, err);
}

int mb_fig_timeline(struct mb_fig_ctx *fc, struct mb_err *err)
{
    const struct mb_timelines *tl = &fc->run->tl;
    if (tl->n == 0) {
        struct mb_fig *g = mb_fig_new(fc, "timeline", "timeline",
                                      "throughput, major faults/s and device reads over time");
        if (g)
            snprintf(g->note, sizeof g->note,
                     "no timelines in this run (timeline/<name>.jsonl, written by mapbench "
                     "--timeline-out)");
        return 0;
    }
    /* the first series of each scenario, in scenario order */
    const struct mb_tl_series **first = calloc(tl->n, sizeof *first);
    struct tl_line *ln = calloc(MB_QUERY_MAXV, sizeof *ln);
    bool(*has)[MB_QUERY_MAXV] = calloc(NROWS, sizeof *has);
    if (!first || !ln || !has) {
        free(first);
        free(ln);
        free(has);
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    }
    size_t ns = 0;
    for (size_t i = 0; i < tl->n; i++) {
        size_t k = 0;
        while (k < ns && !same_scenario(&first[k]->f, &tl->s[i].f))
            k++;
        if (k == ns)
            first[ns++] = &tl->s[i];
    }
    qsort(first, ns, sizeof *first, cmp_scenario);
    int rc = 0;
    for (size_t k = 0; k < ns && k < TL_FIG_MAX && rc == 0; k++)
        rc = scenario_figure(fc, first[k], ln, has, err);
    if (rc == 0 && ns > TL_FIG_MAX) {
        struct mb_fig *g = mb_fig_new(fc, "timeline-more", "timeline", "further timelines");
        if (g)
            snprintf(g->note, sizeof g->note, "%zu more timeline scenarios (at most %d are drawn)",
                     ns - TL_FIG_MAX, TL_FIG_MAX);
    }
    free(first);
    free(ln);
    free(has);
    return rc;
}
