/* report/gnuplot.c: the gnuplot tables and variable files of the figures (see
 * report/gnuplot.h). */
#include "report/gnuplot.h"

#include <math.h>
#include <string.h>

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

/* Median, min and max of metric m of case c (all NaN without a case). */
static double per_case(const struct mb_rcase *c, enum mb_metric m, double *lo, double *hi)
{
    if (!c) {
        *lo = *hi = NAN;
        return NAN;
    }
    *lo = mb_stats_min(c->v[m], c->n);
    *hi = mb_stats_max(c->v[m], c->n);
    return mb_stats_median(c->v[m], c->n);
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
            double lo, hi;
            if (isfinite(per_case(p->cell[s][x], m, &lo, &hi)))
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

/* Writes a bar panel's table "category s1 s2 ..." (when dir is set). */
static int write_bars(const char *dir, const char *file, const struct mb_bars *b,
                      struct mb_err *err)
{
    if (!dir)
        return 0;
    struct mb_out o;
    int rc = mb_out_open(&o, dir, file, err);
    if (rc)
        return rc;
    fputs("# category", o.f);
    for (size_t s = 0; s < b->ns; s++)
        fprintf(o.f, " %s", b->sname[s]);
    fputc('\n', o.f);
    for (size_t c = 0; c < b->nc; c++) {
        fprintf(o.f, "\"%s\"", b->cat[c]);
        for (size_t s = 0; s < b->ns; s++)
            mb_gp_num(o.f, b->v[c][s]);
        fputc('\n', o.f);
    }
    return mb_out_close(&o, err);
}

/* The octaves between labelled tics of a byte axis over the panel's x values: the smallest
 * step that keeps the labels to about five. */
static int byte_tic_step(const struct mb_panel *p)
{
    uint64_t lo = UINT64_MAX, hi = 0;
    for (size_t k = 0; k < p->nx; k++)
        if (p->x[k]) {
            lo = p->x[k] < lo ? p->x[k] : lo;
            hi = p->x[k] > hi ? p->x[k] : hi;
        }
    int octaves = 0;
    while (hi > lo && (lo << octaves) < hi && octaves < 63)
        octaves++;
    int step = 1;
    while (octaves > 5 * step)
        step++;
    return step;
}

/* The axis settings and series of panel i (1-based). xtstep: octaves between labelled byte
 * tics (0: gnuplot's own tics). smeth, sdash and spt are NULL for bar panels. */
static void write_panel_vars(FILE *f, size_t i, const struct mb_pstyle *s, int xtstep,
                             const char *title, const char *file, size_t ns,
                             const char *const *sname, const char *const *smeth, const bool *sdash,
                             const int *spt)
{
    int k1 = (int)i;
    mb_gp_strf(f, "file", k1, file ? file : "");
    mb_gp_strf(f, "ptitle", k1, title);
    mb_gp_strf(f, "xlabel", k1, s->xlabel);
    mb_gp_strf(f, "ylabel", k1, s->ylabel);
    mb_gp_strf(f, "xfmt", k1, s->xfmt);
    mb_gp_strf(f, "yfmt", k1, s->yfmt);
    fprintf(f, "xlog%d = %d\nylog%d = %d\nxtstep%d = %d\n", k1, s->xlog, k1, s->ylog, k1, xtstep);
    fprintf(f, "nseries%zu = %zu\n", i, ns);
    for (size_t k = 0; k < ns; k++) {
        char key[48];
        snprintf(key, sizeof key, "sname%zu_%zu", i, k + 1);
        mb_gp_str(f, key, sname[k]);
        if (!smeth)
            continue;
        snprintf(key, sizeof key, "smeth%zu_%zu", i, k + 1);
        mb_gp_str(f, key, smeth[k] ? smeth[k] : sname[k]);
        fprintf(f, "sdash%zu_%zu = %d\n", i, k + 1, sdash[k] ? 1 : 0);
        if (spt[k])
            fprintf(f, "spt%zu_%zu = %d\n", i, k + 1, spt[k]);
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
 * there is an output directory, its .vars file is opened with the header (*open true). */
static int figure_vars(struct mb_fig_ctx *fc, struct mb_fig *g, size_t total, const char *title,
                       size_t np, int rows, int cols, struct mb_out *o, bool *open,
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
    int rc = mb_gp_vars_open(fc, g, title, np, rows, cols, o, err);
    *open = rc == 0;
    return rc;
}

int mb_gp_lines(struct mb_fig_ctx *fc, struct mb_fig *g, const struct mb_panel *pan, size_t np,
                int rows, int cols, const char *xname, const enum mb_metric *m,
                const struct mb_pstyle *st, const char *title, struct mb_err *err)
{
    size_t total = 0;
    char files[8][128];
    bool dashed = false;
    for (size_t i = 0; i < np; i++) {
        size_t cnt;
        snprintf(files[i], sizeof files[i], "%s-%zu.dat", g->name, i + 1);
        int rc = write_panel(fc->dir, files[i], xname, &pan[i], m[i], &cnt, err);
        if (rc)
            return rc;
        if (!cnt)
            files[i][0] = '\0';
        total += cnt;
        for (size_t k = 0; k < pan[i].ns; k++)
            dashed = dashed || pan[i].sdash[k];
    }
    struct mb_out o;
    bool open;
    int rc = figure_vars(fc, g, total, title, np, rows, cols, &o, &open, err);
    if (rc || !open)
        return rc;
    if (dashed && cols > 1)
        fputs("width = 1250 # room for the longer legend of kept-handle series\n", o.f);
    for (size_t i = 0; i < np; i++)
        write_panel_vars(o.f, i + 1, st, st->xbytes ? byte_tic_step(&pan[i]) : 0, pan[i].title,
                         files[i], pan[i].ns, pan[i].sname, pan[i].smeth, pan[i].sdash, pan[i].spt);
    return mb_out_close(&o, err);
}

int mb_gp_bars(struct mb_fig_ctx *fc, struct mb_fig *g, const struct mb_bars *b, size_t np,
               int rows, int cols, const char *title, struct mb_err *err)
{
    size_t total = 0;
    char files[4][128];
    int rc;
    for (size_t p = 0; p < np && p < 4; p++) {
        size_t cnt = 0;
        for (size_t c = 0; c < b[p].nc; c++)
            for (size_t s = 0; s < b[p].ns; s++)
                cnt += isfinite(b[p].v[c][s]);
        files[p][0] = '\0';
        if (!cnt)
            continue;
        total += cnt;
        snprintf(files[p], sizeof files[p], "%s-%zu.dat", g->name, p + 1);
        if ((rc = write_bars(fc->dir, files[p], &b[p], err)) != 0)
            return rc;
    }
    struct mb_out o;
    bool open;
    if ((rc = figure_vars(fc, g, total, title, np, rows, cols, &o, &open, err)) != 0 || !open)
        return rc;
    for (size_t p = 0; p < np && p < 4; p++)
        write_panel_vars(o.f, p + 1, &b[p].st, 0, b[p].title, files[p], b[p].ns, b[p].sname, NULL,
                         NULL, NULL);
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
