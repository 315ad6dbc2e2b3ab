/* report/gnuplot.c: the gnuplot tables and variable files of the figures (see
 * report/gnuplot.h). */
#include "report/gnuplot.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "report/methods.h"
#include "report/stats.h"

int mb_gp_point_type(size_t k)
{
    static const int pt[] = {7, 5, 9, 13, 11, 15};
    return pt[k % (sizeof pt / sizeof pt[0])];
}

void mb_gp_str(FILE *f, const char *key, const char *val)
{
    fprintf(f, "%s = '", key);
    for (const char *p = val; *p; p++)
        fputs(*p == '\'' ? "''" : (char[2]){*p, 0}, f);
    fputs("'\n", f);
}

void mb_gp_strf(FILE *f, const char *key, int idx, const char *val)
{
    char k[48];
    snprintf(k, sizeof k, "%s%d", key, idx);
    mb_gp_str(f, k, val);
}

void mb_gp_num(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, " %.6g", v);
    else
        fputs(" NaN", f);
}

struct mb_fig *mb_fig_new(struct mb_fig_ctx *fc, const char *name, const char *tmpl,
                          const char *caption)
{
    if (fc->figs->n >= MB_FIG_MAX)
        return NULL;
    struct mb_fig *g = &fc->figs->f[fc->figs->n++];
    memset(g, 0, sizeof *g);
    snprintf(g->name, sizeof g->name, "%s", name);
    snprintf(g->template, sizeof g->template, "%s", tmpl);
    snprintf(g->caption, sizeof g->caption, "%s", caption);
    return g;
}

/* Median of metric m of case c over its repetitions, with the 95% percentile-bootstrap
 * interval of that median in *lo, *hi (mb_stats_median_ci_any: zeros count, NaNs do not); all
 * NaN without a case or a value, whiskers NaN (none drawn) if memory runs out. */
static double per_case(const struct mb_rcase *c, enum mb_metric m, double *lo, double *hi)
{
    double med = NAN;
    size_t used;
    *lo = *hi = NAN;
    if (!c)
        return NAN;
    if (mb_stats_median_ci_any(c->v[m], c->n, &med, lo, hi, &used) != 0)
        return mb_stats_median(c->v[m], c->n);
    return med;
}

/* Whether case c has a median of metric m (a value to draw); no interval is computed. */
static bool has_median(const struct mb_rcase *c, enum mb_metric m)
{
    return c && isfinite(mb_stats_median(c->v[m], c->n));
}

/* A series' column name in a table header: the method, with "@qd<N>" for a series of one
 * queue depth among several (its legend names the depth) and "@case" for a dashed series. */
static void col_name(const struct mb_panel *p, size_t s, char *buf, size_t len)
{
    char qd[16] = "";
    if (p->smeth[s] && p->sqd[s] && strstr(p->sname[s], " qd"))
        snprintf(qd, sizeof qd, "@qd%u", p->sqd[s]);
    snprintf(buf, len, "%s%s%s", p->smeth[s] ? p->smeth[s] : p->sname[s], qd,
             p->sdash[s] ? "@case" : "");
}

/* Writes a wide table "x s1 s1_lo s1_hi s2 ..." of metric m (when dir is set and there is
 * data); *count is the number of values. */
static int write_panel(const char *dir, const char *file, const char *xname,
                       const struct mb_panel *p, enum mb_metric m, size_t *count,
                       struct mb_err *err)
{
    *count = 0;
    for (size_t s = 0; s < p->ns; s++)
        for (size_t x = 0; x < p->nx; x++) {
            if (has_median(p->cell[s][x], m))
                (*count)++;
        }
    if (!dir || *count == 0)
        return 0;
    struct mb_out o;
    int rc = mb_out_open(&o, dir, file, err);
    if (rc)
        return rc;
    fprintf(o.f, "# %s", xname);
    for (size_t s = 0; s < p->ns; s++) {
        char cn[64];
        col_name(p, s, cn, sizeof cn);
        fprintf(o.f, " %s %s_lo %s_hi", cn, cn, cn);
    }
    fputc('\n', o.f);
    for (size_t x = 0; x < p->nx; x++) {
        fprintf(o.f, "%llu", (unsigned long long)p->x[x]);
        for (size_t s = 0; s < p->ns; s++) {
            double lo, hi, med = per_case(p->cell[s][x], m, &lo, &hi);
            mb_gp_num(o.f, med);
            mb_gp_num(o.f, lo);
            mb_gp_num(o.f, hi);
        }
        fputc('\n', o.f);
    }
    return mb_out_close(&o, err);
}

/* The method colour as the decimal of 0xRRGGBB (gnuplot's `lc rgb variable`); grey for a
 * name the registry does not know. */
static long color_num(const char *method)
{
    const char *c = method ? mb_report_method_color(method) : NULL;
    return c ? strtol(c + 1, NULL, 16) : 0x777777;
}

/* Widens [*lo, *hi] to the positive finite median and interval of metric m of case c. */
static void span_add(const struct mb_rcase *c, enum mb_metric m, double *lo, double *hi)
{
    double l, h, med = per_case(c, m, &l, &h);
    double v[3] = {med, l, h};
    for (int i = 0; i < 3; i++)
        if (isfinite(v[i]) && v[i] > 0) {
            *lo = fmin(*lo, v[i]);
            *hi = fmax(*hi, v[i]);
        }
}

/* Writes `ytics<k>`, the labelled tics of a log axis over the values [lo, hi] / scale (with
 * the templates' margins): 1, 2, 5 times the powers of ten, or a denser sequence when that
 * gives fewer than three labels in the range. Nothing when there is no positive range. */
static void write_ytics(FILE *f, int k, double lo, double hi, double scale)
{
    static const double seq[4][16] = {{1, 2, 5},
                                      {1, 2, 3, 5},
                                      {1, 1.5, 2, 3, 4, 5, 7},
                                      {1, 1.2, 1.4, 1.6, 1.8, 2, 2.5, 3, 3.5, 4, 5, 6, 7, 8, 9}};
    static const size_t nseq[4] = {3, 4, 7, 15};
    if (!(lo > 0) || !isfinite(hi) || !(scale > 0))
        return;
    lo /= scale;
    hi /= scale;
    double pad = pow(hi / lo, 0.07) * 1.02; /* the offsets of the templates, about */
    double a = lo / pad, b = hi * pad;
    int e0 = (int)floor(log10(a)), e1 = (int)ceil(log10(b));
    for (size_t q = 0; q < 4; q++) {
        size_t n = 0;
        for (int e = e0; e <= e1; e++)
            for (size_t i = 0; i < nseq[q]; i++) {
                double v = seq[q][i] * pow(10, e);
                n += v >= a && v <= b;
            }
        if (n < 3 && q < 3)
            continue;
        fprintf(f, "ytics%d = '(", k);
        n = 0;
        for (int e = e0; e <= e1; e++)
            for (size_t i = 0; i < nseq[q]; i++) {
                double v = seq[q][i] * pow(10, e);
                if (v >= a && v <= b)
                    fprintf(f, "%s\"%g\" %.12g", n++ ? ", " : "", v, v);
            }
        fputs(")'\n", f);
        return;
    }
}

/* Writes a bar panel's table "idx category color s1 s2 ..." (when dir is set). */
static int write_bars(const char *dir, const char *file, const struct mb_bars *b,
                      struct mb_err *err)
{
    if (!dir)
        return 0;
    struct mb_out o;
    int rc = mb_out_open(&o, dir, file, err);
    if (rc)
        return rc;
    fputs("# idx category color", o.f);
    for (size_t s = 0; s < b->ns; s++)
        fprintf(o.f, " %s", b->sname[s]);
    fputc('\n', o.f);
    for (size_t c = 0; c < b->nc; c++) {
        fprintf(o.f, "%zu \"%s\" %ld", c + 1, b->cat[c], color_num(b->cmeth[c]));
        for (size_t s = 0; s < b->ns; s++)
            mb_gp_num(o.f, b->v[c][s]);
        fputc('\n', o.f);
    }
    return mb_out_close(&o, err);
}

/* Writes a dot panel's table "idx category color s1 s1_lo s1_hi ..." (when dir is set and
 * there is data); *count is the number of values, *nmin and *nmax are lowered and raised to
 * the repetition counts of its cases. */
static int write_dots(const char *dir, const char *file, const struct mb_dots *d, size_t *count,
                      size_t *nmin, size_t *nmax, struct mb_err *err)
{
    *count = 0;
    for (size_t c = 0; c < d->nc; c++)
        for (size_t s = 0; s < d->ns; s++) {
            if (has_median(d->cell[c][s], d->sm[s])) {
                (*count)++;
                *nmin = d->cell[c][s]->n < *nmin ? d->cell[c][s]->n : *nmin;
                *nmax = d->cell[c][s]->n > *nmax ? d->cell[c][s]->n : *nmax;
            }
        }
    if (!dir || *count == 0)
        return 0;
    struct mb_out o;
    int rc = mb_out_open(&o, dir, file, err);
    if (rc)
        return rc;
    fputs("# idx category color", o.f);
    for (size_t s = 0; s < d->ns; s++) {
        char cn[48];
        snprintf(cn, sizeof cn, "%s", d->sname[s]);
        for (char *q = cn; *q; q++)
            *q = *q == ' ' ? '_' : *q; /* one word per column */
        fprintf(o.f, " %s %s_lo %s_hi", cn, cn, cn);
    }
    fputc('\n', o.f);
    for (size_t c = 0; c < d->nc; c++) {
        fprintf(o.f, "%zu \"%s\" %ld", c + 1, d->cat[c], color_num(d->cmeth[c]));
        for (size_t s = 0; s < d->ns; s++) {
            double lo, hi, med = per_case(d->cell[c][s], d->sm[s], &lo, &hi);
            mb_gp_num(o.f, med);
            mb_gp_num(o.f, lo);
            mb_gp_num(o.f, hi);
        }
        fputc('\n', o.f);
    }
    return mb_out_close(&o, err);
}

void mb_gp_layout(size_t n, int *rows, int *cols)
{
    *cols = n <= 3 ? (int)(n ? n : 1) : n == 4 ? 2 : 3;
    *rows = (int)((n + (size_t)*cols - 1) / (size_t)*cols);
    if (*rows < 1)
        *rows = 1;
}

void mb_gp_note_whiskers(char *buf, size_t len, size_t nmin, size_t nmax)
{
    char reps[64];
    if (nmin >= nmax)
        snprintf(reps, sizeof reps, "%zu repetition%s", nmax, nmax == 1 ? "" : "s");
    else
        snprintf(reps, sizeof reps, "%zu-%zu repetitions", nmin, nmax);
    snprintf(buf, len, "dot: median of %s; whiskers: 95%% bootstrap interval of the median", reps);
}

/* Writes the tic list of the measured x values of panel p as `xtics<k>` ("4K" at 4096: binary
 * units, or the plain number), and `xtrot<k> = 1` when neighbours on a log axis are too close
 * for level labels in a panel about 260 pixels wide. */
static void write_xtics(FILE *f, int k, const struct mb_panel *p, const struct mb_pstyle *s)
{
    uint64_t lo = UINT64_MAX, hi = 0;
    size_t longest = 1;
    fprintf(f, "xtics%d = '(", k);
    for (size_t i = 0, n = 0; i < p->nx; i++) {
        if (!p->x[i])
            continue;
        char t[24];
        if (s->xbytes)
            mb_size_format(p->x[i], t, sizeof t);
        else
            snprintf(t, sizeof t, "%llu", (unsigned long long)p->x[i]);
        fprintf(f, "%s\"%s\" %llu", n++ ? ", " : "", t, (unsigned long long)p->x[i]);
        longest = strlen(t) > longest ? strlen(t) : longest;
        lo = p->x[i] < lo ? p->x[i] : lo;
        hi = p->x[i] > hi ? p->x[i] : hi;
    }
    fputs(")'\n", f);
    bool rot = false;
    if (s->xlog && hi > lo) {
        double range = log2((double)hi / (double)lo);
        for (size_t i = 1; i < p->nx; i++)
            if (p->x[i - 1] && 260.0 * log2((double)p->x[i] / (double)p->x[i - 1]) / range <
                                   6.5 * (double)longest + 6)
                rot = true;
    }
    fprintf(f, "xtrot%d = %d\n", k, rot ? 1 : 0);
}

/* Writes the tic list of categories cat[0..n) at 1, 2, ... as `xtics<k>`. */
static void write_cat_tics(FILE *f, size_t k, const char (*cat)[64], size_t n)
{
    fprintf(f, "xtics%zu = '(", k);
    for (size_t c = 0; c < n; c++) {
        fputs(c ? ", \"" : "\"", f);
        for (const char *p = cat[c]; *p; p++)
            fputs(*p == '\'' ? "''" : *p == '"' ? "\\\"" : (char[2]){*p, 0}, f);
        fprintf(f, "\" %zu", c + 1);
    }
    fputs(")'\n", f);
}

/* The axis settings and series of drawn panel k (1-based). smeth, sdash and spt are NULL for
 * bar and dot panels. */
static void write_panel_vars(FILE *f, int k, const struct mb_pstyle *s, const char *title,
                             const char *file, size_t ns, const char *const *sname,
                             const char *const *smeth, const bool *sdash, const int *spt)
{
    mb_gp_strf(f, "file", k, file ? file : "");
    mb_gp_strf(f, "ptitle", k, title);
    mb_gp_strf(f, "xlabel", k, s->xlabel ? s->xlabel : "");
    mb_gp_strf(f, "ylabel", k, s->ylabel ? s->ylabel : "");
    mb_gp_strf(f, "xfmt", k, s->xfmt ? s->xfmt : "");
    mb_gp_strf(f, "yfmt", k, s->yfmt ? s->yfmt : "");
    fprintf(f, "xlog%d = %d\nylog%d = %d\nyscale%d = %.10g\n", k, s->xlog, k, s->ylog, k,
            s->yscale > 0 ? s->yscale : 1.0);
    fprintf(f, "nseries%d = %zu\n", k, ns);
    for (size_t i = 0; i < ns; i++) {
        char key[48];
        snprintf(key, sizeof key, "sname%d_%zu", k, i + 1);
        mb_gp_str(f, key, sname[i]);
        if (!smeth)
            continue;
        snprintf(key, sizeof key, "smeth%d_%zu", k, i + 1);
        mb_gp_str(f, key, smeth[i] ? smeth[i] : sname[i]);
        fprintf(f, "sdash%d_%zu = %d\n", k, i + 1, sdash[i] ? 1 : 0);
        if (spt[i])
            fprintf(f, "spt%d_%zu = %d\n", k, i + 1, spt[i]);
    }
}

int mb_gp_vars_open(struct mb_fig_ctx *fc, const struct mb_fig *g, const char *title, size_t np,
                    int rows, int cols, struct mb_out *o, struct mb_err *err)
{
    char vname[128];
    snprintf(vname, sizeof vname, "%s.vars", g->name);
    int rc = mb_out_open(o, fc->dir, vname, err);
    if (rc)
        return rc;
    mb_gp_str(o->f, "fig_title", title);
    mb_gp_str(o->f, "fig_label", fc->label);
    fprintf(o->f, "npanels = %zu\n", np);
    if (rows)
        fprintf(o->f, "rows = %d\ncols = %d\n", rows, cols);
    return 0;
}

/* A figure with `total` values is drawn (else skipped with a note); when it is drawn and
 * there is an output directory, its .vars file is opened with the header (*open true) for
 * its `np` drawn panels in a grid of `cols` columns (0: mb_gp_layout's), and the note. */
static int figure_vars(struct mb_fig_ctx *fc, struct mb_fig *g, size_t total, const char *title,
                       size_t np, int cols, const char *note, struct mb_out *o, bool *open,
                       struct mb_err *err)
{
    *open = false;
    if (!total) {
        snprintf(g->note, sizeof g->note, "no results for it in this run");
        return 0;
    }
    g->drawn = true;
    if (!fc->dir)
        return 0;
    int rows;
    if (cols > 0)
        rows = (int)((np + (size_t)cols - 1) / (size_t)cols);
    else
        mb_gp_layout(np, &rows, &cols);
    if (np < (size_t)cols)
        cols = (int)np;
    int rc = mb_gp_vars_open(fc, g, title, np, rows, cols, o, err);
    *open = rc == 0;
    if (rc == 0 && note)
        mb_gp_str(o->f, "fig_note", note);
    return rc;
}

int mb_gp_lines(struct mb_fig_ctx *fc, struct mb_fig *g, const struct mb_panel *pan, size_t np,
                const char *xname, const enum mb_metric *m, const struct mb_pstyle *st,
                const char *title, struct mb_err *err)
{
    size_t total = 0, drawn = 0, nmin = SIZE_MAX, nmax = 0;
    char files[8][128];
    bool dashed = false;
    for (size_t i = 0; i < np && i < 8; i++) {
        size_t cnt;
        snprintf(files[i], sizeof files[i], "%s-%zu.dat", g->name, i + 1);
        int rc = write_panel(fc->dir, files[i], xname, &pan[i], m[i], &cnt, err);
        if (rc)
            return rc;
        if (!cnt)
            files[i][0] = '\0';
        drawn += cnt > 0;
        total += cnt;
        for (size_t k = 0; k < pan[i].ns; k++) {
            dashed = dashed || pan[i].sdash[k];
            for (size_t x = 0; x < pan[i].nx; x++)
                if (pan[i].cell[k][x]) {
                    size_t n = pan[i].cell[k][x]->n;
                    nmin = n < nmin ? n : nmin;
                    nmax = n > nmax ? n : nmax;
                }
        }
    }
    char note[128];
    mb_gp_note_whiskers(note, sizeof note, nmin, nmax);
    struct mb_out o;
    bool open;
    int rc = figure_vars(fc, g, total, title, drawn, 0, note, &o, &open, err);
    if (rc || !open)
        return rc;
    int rows, cols;
    mb_gp_layout(drawn, &rows, &cols);
    fprintf(o.f, "width = %d\nheight = %d\n", cols * (dashed ? 620 : 480) + (cols == 1) * 200,
            rows > 1 ? 760 : 560);
    for (size_t i = 0, k = 0; i < np && i < 8; i++) {
        if (!files[i][0])
            continue; /* only the panels with data are drawn */
        k++;
        write_panel_vars(o.f, (int)k, st, pan[i].title, files[i], pan[i].ns, pan[i].sname,
                         pan[i].smeth, pan[i].sdash, pan[i].spt);
        write_xtics(o.f, (int)k, &pan[i], st);
        double lo = INFINITY, hi = 0;
        for (size_t sr = 0; sr < pan[i].ns; sr++)
            for (size_t x = 0; x < pan[i].nx; x++)
                span_add(pan[i].cell[sr][x], m[i], &lo, &hi);
        if (st->ylog)
            write_ytics(o.f, (int)k, lo, hi, st->yscale > 0 ? st->yscale : 1);
    }
    return mb_out_close(&o, err);
}

int mb_gp_bars(struct mb_fig_ctx *fc, struct mb_fig *g, const struct mb_bars *b, size_t np,
               int cols, const char *title, const char *note, struct mb_err *err)
{
    size_t total = 0, drawn = 0;
    char files[8][128];
    int rc;
    for (size_t p = 0; p < np && p < 8; p++) {
        size_t cnt = 0;
        for (size_t c = 0; c < b[p].nc; c++)
            for (size_t s = 0; s < b[p].ns; s++)
                cnt += isfinite(b[p].v[c][s]);
        files[p][0] = '\0';
        if (!cnt)
            continue;
        total += cnt;
        drawn++;
        snprintf(files[p], sizeof files[p], "%s-%zu.dat", g->name, p + 1);
        if ((rc = write_bars(fc->dir, files[p], &b[p], err)) != 0)
            return rc;
    }
    struct mb_out o;
    bool open;
    if ((rc = figure_vars(fc, g, total, title, drawn, cols, note, &o, &open, err)) != 0 || !open)
        return rc;
    for (size_t p = 0, k = 0; p < np && p < 8; p++)
        if (files[p][0]) {
            write_panel_vars(o.f, (int)++k, &b[p].st, b[p].title, files[p], b[p].ns, b[p].sname,
                             NULL, NULL, NULL);
            fprintf(o.f, "ncat%zu = %zu\n", k, b[p].nc);
            write_cat_tics(o.f, k, b[p].cat, b[p].nc);
        }
    return mb_out_close(&o, err);
}

int mb_gp_dots(struct mb_fig_ctx *fc, struct mb_fig *g, const struct mb_dots *d, size_t np,
               const char *title, struct mb_err *err)
{
    size_t total = 0, drawn = 0, nmin = SIZE_MAX, nmax = 0;
    char files[8][128];
    int rc;
    for (size_t p = 0; p < np && p < 8; p++) {
        size_t cnt;
        snprintf(files[p], sizeof files[p], "%s-%zu.dat", g->name, p + 1);
        if ((rc = write_dots(fc->dir, files[p], &d[p], &cnt, &nmin, &nmax, err)) != 0)
            return rc;
        if (!cnt)
            files[p][0] = '\0';
        total += cnt;
        drawn += cnt > 0;
    }
    char note[128];
    mb_gp_note_whiskers(note, sizeof note, nmin, nmax);
    struct mb_out o;
    bool open;
    if ((rc = figure_vars(fc, g, total, title, drawn, 0, note, &o, &open, err)) != 0 || !open)
        return rc;
    for (size_t p = 0, k = 0; p < np && p < 8; p++) {
        if (!files[p][0])
            continue;
        write_panel_vars(o.f, (int)++k, &d[p].st, d[p].title, files[p], d[p].ns, d[p].sname, NULL,
                         NULL, NULL);
        fprintf(o.f, "ncat%zu = %zu\n", k, d[p].nc);
        write_cat_tics(o.f, k, d[p].cat, d[p].nc);
        double lo = INFINITY, hi = 0;
        for (size_t c = 0; c < d[p].nc; c++)
            for (size_t sr = 0; sr < d[p].ns; sr++)
                span_add(d[p].cell[c][sr], d[p].sm[sr], &lo, &hi);
        if (d[p].st.ylog)
            write_ytics(o.f, (int)k, lo, hi, d[p].st.yscale > 0 ? d[p].st.yscale : 1);
    }
    return mb_out_close(&o, err);
}

int mb_gp_list(const struct mb_fig_ctx *fc, struct mb_err *err)
{
    struct mb_out o;
    int rc = mb_out_open(&o, fc->dir, "figures.txt", err);
    if (rc)
        return rc;
    fprintf(o.f, "# mapbench-report figure list: draw <template> <name> | skip <name> <note>\n");
    for (size_t i = 0; i < fc->figs->n; i++) {
        const struct mb_fig *g = &fc->figs->f[i];
        if (g->drawn)
            fprintf(o.f, "draw %s %s\n", g->template, g->name);
        else
            fprintf(o.f, "skip %s %s\n", g->name, g->note);
    }
    return mb_out_close(&o, err);
}
