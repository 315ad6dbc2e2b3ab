/* tables.c: the gnuplot tables of a run and the list of figures to draw from them. */
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/out.h"
#include "core/parse.h"
#include "report/stats.h"

#define MAXV 64 /* distinct values per axis kept */

void mb_report_size(uint64_t bytes, char *buf, size_t len)
{
    char s[21];
    mb_size_format(bytes, s, sizeof s);
    size_t l = strnlen(s, sizeof s - 1);
    bool suffix = l && (s[l - 1] < '0' || s[l - 1] > '9');
    snprintf(buf, len, "%s%s", s, suffix ? "iB" : "B");
}

void mb_report_label(const struct mb_run *run, char *buf, size_t len)
{
    snprintf(buf, len, "%s, %s%s", run->machine, run->stamp,
             run->wine ? ", wine (not Windows performance)" : "");
}

/* Canonical method order: explicit methods, then mapped ones, then the baseline. */
static const char *const method_order[] = {"rw", "prw", "direct", "uring", "map", "mapcopy", "mem"};
#define NMETHOD (sizeof method_order / sizeof method_order[0])

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* A filter on file cases; NULL strings and 0 numbers match anything. The lifetime filter
 * does not apply to the in-memory baseline (mem), which is the same baseline whatever its
 * lifetime (lifetime:case in new runs, lifetime:pass in archived ones). */
struct filt {
    const char *op, *pattern, *method, *hint, *cache, *lifetime;
    uint64_t size, bs;
    unsigned threads;
};

static bool match(const struct mb_rcase *c, const struct filt *q)
{
    return c->kind == MB_KIND_FILE && (!q->op || strcmp(c->f.op, q->op) == 0) &&
           (!q->lifetime || strcmp(c->f.method, "mem") == 0 ||
            strcmp(c->f.lifetime, q->lifetime) == 0) &&
           (!q->pattern || strcmp(c->f.pattern, q->pattern) == 0) &&
           (!q->method || strcmp(c->f.method, q->method) == 0) &&
           (!q->hint || strcmp(c->f.hint, q->hint) == 0) &&
           (!q->cache || strcmp(c->f.cache, q->cache) == 0) && (!q->size || c->f.size == q->size) &&
           (!q->bs || c->f.bs == q->bs) && (!q->threads || c->f.threads == q->threads);
}

enum axis { AX_SIZE, AX_BS, AX_THREADS };

/* Sorted distinct values of an axis over matching cases with data; returns the count. */
static size_t axis_values(const struct mb_results *r, const struct filt *q, enum axis ax,
                          uint64_t *out)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++) {
        const struct mb_rcase *c = &r->c[i];
        if (!match(c, q) || c->n == 0)
            continue;
        uint64_t v = ax == AX_SIZE ? c->f.size : ax == AX_BS ? c->f.bs : c->f.threads;
        bool seen = false;
        for (size_t k = 0; k < n && !seen; k++)
            seen = out[k] == v;
        if (!seen && n < MAXV)
            out[n++] = v;
    }
    qsort(out, n, sizeof *out, cmp_u64);
    return n;
}

/* Methods (canonical order first) that have data among matching cases. */
static size_t methods_present(const struct mb_results *r, const struct filt *q, const char **out)
{
    size_t n = 0;
    for (size_t m = 0; m < NMETHOD; m++) {
        struct filt f = *q;
        f.method = method_order[m];
        for (size_t i = 0; i < r->n; i++)
            if (match(&r->c[i], &f) && r->c[i].n) {
                out[n++] = method_order[m];
                break;
            }
    }
    for (size_t i = 0; i < r->n && n < MAXV; i++) { /* methods this version does not know */
        const struct mb_rcase *c = &r->c[i];
        if (!match(c, q) || !c->n)
            continue;
        bool seen = false;
        for (size_t k = 0; k < n && !seen; k++)
            seen = strcmp(out[k], c->f.method) == 0;
        if (!seen)
            out[n++] = c->f.method;
    }
    return n;
}

static const struct mb_rcase *find(const struct mb_results *r, const struct filt *q)
{
    for (size_t i = 0; i < r->n; i++)
        if (match(&r->c[i], q) && r->c[i].n)
            return &r->c[i];
    return NULL;
}

/* Writes a gnuplot string literal (single quotes, quotes doubled). */
static void gp_str(FILE *f, const char *key, const char *val)
{
    fprintf(f, "%s = '", key);
    for (const char *p = val; *p; p++)
        fputs(*p == '\'' ? "''" : (char[2]){*p, 0}, f);
    fputs("'\n", f);
}

static void gp_strf(FILE *f, const char *key, int idx, const char *val)
{
    char k[48];
    snprintf(k, sizeof k, "%s%d", key, idx);
    gp_str(f, k, val);
}

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

static void num(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, " %.6g", v);
    else
        fputs(" NaN", f);
}

/* A line-figure panel: x values and, per series, the case at each x. A series has a legend
 * name, the method (or transport) that picks its colour (NULL: the name), and a dashed flag
 * (kept handles, lifetime:case, beside the solid one-shot line of the same method). */
struct panel {
    char title[96];
    size_t nx, ns;
    uint64_t x[MAXV];
    const char *sname[MAXV];
    const char *smeth[MAXV];
    bool sdash[MAXV];
    const char *slife[MAXV];                 /* the lifetime of a series' cases, NULL: any */
    char sbuf[MAXV][48];                     /* storage for composed series names */
    const struct mb_rcase *cell[MAXV][MAXV]; /* [series][x] */
};

/* Adds the series of the methods among q's cases to panel p: per method its one-shot cases
 * (lifetime:pass, a solid line named after the method) and its kept-handle cases
 * (lifetime:case, a dashed line of the same colour, "map (kept mapping)", "prw (kept
 * handle)"); the baseline mem once, whatever its lifetime. */
static void lifetime_series(const struct mb_results *r, const struct filt *q, struct panel *p)
{
    const char *meth[MAXV];
    size_t nm = methods_present(r, q, meth);
    for (size_t m = 0; m < nm && p->ns + 2 <= MAXV; m++) {
        struct filt f = *q;
        f.method = meth[m];
        bool mem = strcmp(meth[m], "mem") == 0;
        for (int l = 0; l < (mem ? 1 : 2); l++) {
            f.lifetime = mem ? NULL : l ? "case" : "pass";
            if (!find(r, &f))
                continue;
            size_t k = p->ns++;
            p->smeth[k] = meth[m];
            p->slife[k] = f.lifetime;
            p->sdash[k] = l == 1;
            if (l == 0) {
                p->sname[k] = meth[m];
                continue;
            }
            bool mapped = strncmp(meth[m], "map", 3) == 0;
            snprintf(p->sbuf[k], sizeof p->sbuf[k], "%s (kept %s)", meth[m],
                     mapped ? "mapping" : "handle");
            p->sname[k] = p->sbuf[k];
        }
    }
}

/* A series' column name in a table header: the method, with "@case" for a dashed series. */
static void col_name(const struct panel *p, size_t s, char *buf, size_t len)
{
    snprintf(buf, len, "%s%s", p->smeth[s] ? p->smeth[s] : p->sname[s], p->sdash[s] ? "@case" : "");
}

/* Writes a wide table "x s1 s1_lo s1_hi s2 ..." of metric m; returns the number of values. */
static int write_panel(const char *dir, const char *file, const char *xname, const struct panel *p,
                       enum mb_metric m, size_t *count, struct mb_err *err)
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
            num(o.f, med);
            num(o.f, lo);
            num(o.f, hi);
        }
        fputc('\n', o.f);
    }
    return mb_out_close(&o, err);
}

struct fig_ctx {
    const struct mb_run *run;
    const char *dir;
    struct mb_figs *figs;
    char label[200];
    bool two; /* the run has lifetime:case cases (both lifetimes); archived runs have not */
};

/* The lifetime a one-lifetime figure shows: lifetime:pass (the groups that run every method)
 * when a case matching q has it, else lifetime:case. */
static const char *pick_lifetime(const struct mb_results *r, const struct filt *q)
{
    struct filt f = *q;
    f.lifetime = "pass";
    for (size_t i = 0; i < r->n; i++)
        if (match(&r->c[i], &f) && r->c[i].n && strcmp(r->c[i].f.method, "mem") != 0)
            return "pass";
    return "case";
}

/* The title suffix naming a figure's lifetime (empty for one-lifetime runs). */
static const char *lifetime_title(const struct fig_ctx *fc, const char *lt)
{
    if (!fc->two)
        return "";
    return strcmp(lt, "case") == 0 ? ", steady state (lifetime:case)"
                                   : ", one-shot (lifetime:pass)";
}

static struct mb_fig *fig_new(struct fig_ctx *fc, const char *name, const char *tmpl,
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

/* Per-panel axis settings of the generic templates. */
struct pstyle {
    const char *xlabel, *ylabel, *xfmt, *yfmt;
    int xlog, ylog; /* 0 linear, else the log base */
    bool xbytes;    /* x is a byte axis: labelled tics ("4KiB") at a step fitted to the data */
};

/* xtstep: octaves between labelled byte tics (0: gnuplot's own tics). */
static void write_style(FILE *f, int i, const struct pstyle *s, int xtstep, const char *title,
                        const char *file)
{
    gp_strf(f, "file", i, file ? file : "");
    gp_strf(f, "ptitle", i, title);
    gp_strf(f, "xlabel", i, s->xlabel);
    gp_strf(f, "ylabel", i, s->ylabel);
    gp_strf(f, "xfmt", i, s->xfmt);
    gp_strf(f, "yfmt", i, s->yfmt);
    fprintf(f, "xlog%d = %d\nylog%d = %d\nxtstep%d = %d\n", i, s->xlog, i, s->ylog, i, xtstep);
}

/* The octaves between labelled tics of a byte axis over the panel's x values: the smallest
 * step that keeps the labels to about five. */
static int byte_tic_step(const struct panel *p)
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

/* Writes a figure of line panels (template lines.gp); panels without data are left empty. */
static int lines_figure(struct fig_ctx *fc, struct mb_fig *g, struct panel *pan, size_t np,
                        int rows, int cols, const char *xname, const enum mb_metric *m,
                        const struct pstyle *st, const char *title, struct mb_err *err)
{
    size_t total = 0;
    char files[8][96];
    for (size_t i = 0; i < np; i++) {
        size_t cnt;
        snprintf(files[i], sizeof files[i], "%s-%zu.dat", g->name, i + 1);
        int rc = write_panel(fc->dir, files[i], xname, &pan[i], m[i], &cnt, err);
        if (rc)
            return rc;
        if (!cnt)
            files[i][0] = '\0';
        total += cnt;
    }
    if (!total) {
        snprintf(g->note, sizeof g->note, "no results for it in this run");
        return 0;
    }
    g->drawn = true;
    if (!fc->dir)
        return 0;
    char vname[96];
    snprintf(vname, sizeof vname, "%s.vars", g->name);
    struct mb_out o;
    int rc = mb_out_open(&o, fc->dir, vname, err);
    if (rc)
        return rc;

    gp_str(o.f, "fig_title", title);
    gp_str(o.f, "fig_label", fc->label);
    fprintf(o.f, "npanels = %zu\nrows = %d\ncols = %d\n", np, rows, cols);
    bool dashed = false;
    for (size_t i = 0; i < np; i++)
        for (size_t k = 0; k < pan[i].ns; k++)
            dashed = dashed || pan[i].sdash[k];
    if (dashed && cols > 1)
        fputs("width = 1250 # room for the longer legend of kept-handle series\n", o.f);
    for (size_t i = 0; i < np; i++) {
        write_style(o.f, (int)i + 1, st, st->xbytes ? byte_tic_step(&pan[i]) : 0, pan[i].title,
                    files[i]);
        fprintf(o.f, "nseries%zu = %zu\n", i + 1, pan[i].ns);
        for (size_t k = 0; k < pan[i].ns; k++) {
            char key[48];
            snprintf(key, sizeof key, "sname%zu_%zu", i + 1, k + 1);
            gp_str(o.f, key, pan[i].sname[k]);
            snprintf(key, sizeof key, "smeth%zu_%zu", i + 1, k + 1);
            gp_str(o.f, key, pan[i].smeth[k] ? pan[i].smeth[k] : pan[i].sname[k]);
            fprintf(o.f, "sdash%zu_%zu = %d\n", i + 1, k + 1, pan[i].sdash[k] ? 1 : 0);
        }
    }
    return mb_out_close(&o, err);
}

/* The explicit counterpart of map in a filter's cases: prw, or rw when there is no prw. */
static const char *explicit_method(const struct mb_results *r, const struct filt *q)
{
    struct filt f = *q;
    f.method = "prw";
    if (find(r, &f))
        return "prw";
    f.method = "rw";
    return find(r, &f) ? "rw" : NULL;
}

/* Figure 1: read throughput vs file size per method, seq/random x warm/cold, one per bs. */
static int fig_size(struct fig_ctx *fc, struct mb_err *err)
{
    const struct mb_results *r = &fc->run->file;
    struct filt all = {.op = "read", .hint = "none", .threads = 1};
    uint64_t bss[MAXV];
    size_t nbs = axis_values(r, &all, AX_BS, bss);
    if (nbs == 0) {
        struct mb_fig *g = fig_new(fc, "throughput-size", "lines", "read throughput vs file size");
        if (g)
            snprintf(g->note, sizeof g->note, "no single-thread read results in this run");
        return 0;
    }
    static const char *const pats[] = {"seq", "random"}, *const caches[] = {"warm", "cold"};
    struct panel *pan = calloc(4, sizeof *pan);
    if (!pan)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    int rc = 0;
    for (size_t b = 0; b < nbs && rc == 0; b++) {
        char bs[16], bl[32], name[64], cap[160], title[200];
        mb_size_format(bss[b], bs, sizeof bs);
        mb_report_size(bss[b], bl, sizeof bl);
        snprintf(name, sizeof name, "throughput-size-bs%s", bs);
        snprintf(cap, sizeof cap, "read throughput vs file size per method, %s requests", bl);
        struct mb_fig *g = fig_new(fc, name, "lines", cap);
        if (!g)
            break;
        memset(pan, 0, 4 * sizeof *pan);
        for (int p = 0; p < 4; p++) {
            struct panel *pp = &pan[p];
            struct filt q = all;
            q.bs = bss[b];
            q.pattern = pats[p / 2];
            q.cache = caches[p % 2];
            snprintf(pp->title, sizeof pp->title, "%s read, %s cache", pats[p / 2], caches[p % 2]);
            pp->nx = axis_values(r, &q, AX_SIZE, pp->x);
            lifetime_series(r, &q, pp);
            for (size_t s = 0; s < pp->ns; s++)
                for (size_t x = 0; x < pp->nx; x++) {
                    struct filt c = q;
                    c.method = pp->smeth[s];
                    c.lifetime = pp->slife[s];
                    c.size = pp->x[x];
                    pp->cell[s][x] = find(r, &c);
                }
        }
        struct pstyle st = {"file size", "throughput", "%.0b%BB", "%.0b%BB/s", 2, 2, true};
        bool dashed = false;
        for (int p = 0; p < 4; p++)
            for (size_t k = 0; k < pan[p].ns; k++)
                dashed = dashed || pan[p].sdash[k];
        snprintf(title, sizeof title, "Read throughput vs file size, %s requests, 1 thread%s", bl,
                 dashed ? "; dashed: kept open (lifetime:case)" : "");
        static const enum mb_metric m4[] = {MB_M_BPS, MB_M_BPS, MB_M_BPS, MB_M_BPS};
        rc = lines_figure(fc, g, pan, 4, 2, 2, "size", m4, &st, title, err);
    }
    free(pan);
    return rc;
}

/* Figure 4: thread scaling of random reads (all methods), warm and cold. */
static int fig_threads(struct fig_ctx *fc, struct mb_err *err)
{
    const struct mb_results *r = &fc->run->file;
    struct mb_fig *g = fig_new(fc, "threads", "lines", "thread scaling of random reads");
    if (!g)
        return 0;
    struct filt q = {.op = "read", .pattern = "random", .hint = "none"};
    q.lifetime = pick_lifetime(r, &q);
    uint64_t v[MAXV], th[MAXV];
    size_t nt = axis_values(r, &q, AX_THREADS, th);
    if (nt < 2) {
        snprintf(g->note, sizeof g->note, "this run has random reads at %s thread count",
                 nt ? "only one" : "no");
        return 0;
    }
    /* the file and request size with the most thread counts (the largest file on ties): a
     * run's other groups add single-thread cases at sizes never run with more threads */
    uint64_t bsv[MAXV], best_size = 0, best_bs = 0;
    size_t best = 0, ns = axis_values(r, &q, AX_SIZE, v);
    for (size_t i = 0; i < ns; i++) {
        struct filt qs = q;
        qs.size = v[i];
        size_t nbs = axis_values(r, &qs, AX_BS, bsv);
        for (size_t k = 0; k < nbs; k++) {
            qs.bs = bsv[k];
            size_t n = axis_values(r, &qs, AX_THREADS, th);
            if (n > best || (n == best && v[i] >= best_size)) {
                best = n;
                best_size = v[i];
                best_bs = bsv[k];
            }
        }
    }
    q.size = best_size;
    q.bs = best_bs;
    struct panel *pan = calloc(2, sizeof *pan);
    if (!pan)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    static const char *const caches[] = {"warm", "cold"};
    for (int p = 0; p < 2; p++) {
        struct filt c = q;
        c.cache = caches[p];
        snprintf(pan[p].title, sizeof pan[p].title, "random read, %s cache", caches[p]);
        pan[p].nx = axis_values(r, &c, AX_THREADS, pan[p].x);
        /* a scaling line needs two thread counts: methods run single-threaded only (other
         * groups' cases of this size) are left out, a panel with one thread count is empty */
        const char *meth[MAXV];
        size_t nm = pan[p].nx > 1 ? methods_present(r, &c, meth) : 0;
        for (size_t m = 0; m < nm; m++) {
            struct filt d = c;
            d.method = meth[m];
            uint64_t tv[MAXV];
            if (axis_values(r, &d, AX_THREADS, tv) > 1)
                pan[p].sname[pan[p].ns++] = meth[m];
        }
        for (size_t s = 0; s < pan[p].ns; s++)
            for (size_t x = 0; x < pan[p].nx; x++) {
                struct filt d = c;
                d.method = pan[p].sname[s];
                d.threads = (unsigned)pan[p].x[x];
                pan[p].cell[s][x] = find(r, &d);
            }
    }
    char sz[32], bs[32], title[160];
    mb_report_size(q.size, sz, sizeof sz);
    mb_report_size(q.bs, bs, sizeof bs);
    snprintf(title, sizeof title, "Random-read thread scaling, %s file, %s requests%s", sz, bs,
             lifetime_title(fc, q.lifetime));
    struct pstyle st = {"threads", "throughput", "%.0f", "%.0b%BB/s", 2, 2, false};
    static const enum mb_metric m2[] = {MB_M_BPS, MB_M_BPS};
    int rc = lines_figure(fc, g, pan, 2, 1, 2, "threads", m2, &st, title, err);
    free(pan);
    return rc;
}

/* The map/explicit ratios of one heatmap panel (one lifetime) and its cell count. */
struct heat {
    const char *lifetime, *ex;
    double ratio[MAXV][MAXV];
    size_t cells;
};

static void heat_fill(const struct mb_results *r, const struct filt *q, const uint64_t *sizes,
                      size_t ns, const uint64_t *bss, size_t nb, struct heat *h)
{
    h->ex = explicit_method(r, q);
    h->cells = 0;
    for (size_t i = 0; i < ns; i++)
        for (size_t j = 0; j < nb; j++) {
            h->ratio[i][j] = NAN;
            struct filt a = *q, b = *q;
            a.size = b.size = sizes[i];
            a.bs = b.bs = bss[j];
            a.method = h->ex;
            b.method = "map";
            const struct mb_rcase *ca = h->ex ? find(r, &a) : NULL, *cb = find(r, &b);
            if (ca && cb) {
                h->ratio[i][j] = mb_stats_median(cb->v[MB_M_BPS], cb->n) /
                                 mb_stats_median(ca->v[MB_M_BPS], ca->n);
                if (isfinite(h->ratio[i][j]) && h->ratio[i][j] > 0)
                    h->cells++;
            }
        }
}

/* Figure 2: heatmap of the map/explicit ratio over file size x request size, one panel per
 * lifetime present (steady state, lifetime:case, left; one-shot, lifetime:pass, right), each
 * a ratio of two cases of that lifetime. */
static int fig_heatmap(struct fig_ctx *fc, struct mb_err *err)
{
    const struct mb_results *r = &fc->run->file;
    struct mb_fig *g = fig_new(fc, "heatmap-map-vs-prw", "heat",
                               "map/prw throughput ratio over file size and request size");
    if (!g)
        return 0;
    struct filt q = {
        .op = "read", .pattern = "random", .hint = "none", .cache = "warm", .threads = 1};
    uint64_t sizes[MAXV], bss[MAXV];
    size_t ns = axis_values(r, &q, AX_SIZE, sizes), nb = axis_values(r, &q, AX_BS, bss);
    struct heat *h = calloc(2, sizeof *h);
    if (!h)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    size_t np = 0;
    static const char *const order[] = {"case", "pass"};
    for (int l = 0; l < 2; l++) {
        struct filt ql = q;
        ql.lifetime = order[l];
        heat_fill(r, &ql, sizes, ns, bss, nb, &h[np]);
        h[np].lifetime = order[l];
        if (h[np].cells)
            np++;
    }
    int rc = 0;
    if (!np) {
        snprintf(g->note, sizeof g->note,
                 "no warm random single-thread reads with both map "
                 "and prw/rw in this run");
        goto out;
    }
    g->drawn = true;
    bool same_ex = np == 1 || strcmp(h[0].ex, h[1].ex) == 0;
    snprintf(g->caption, sizeof g->caption,
             "map/%s throughput ratio over file size and request size (warm random reads%s)",
             same_ex ? h[0].ex : "explicit", np == 2 ? ", kept open and one-shot" : "");
    if (!fc->dir)
        goto out;
    struct mb_out o;
    char file[96];
    double rmax = 1;
    for (size_t p = 0; p < np && rc == 0; p++) {
        snprintf(file, sizeof file, p ? "%s-%zu.dat" : "%s.dat", g->name, p + 1);
        if ((rc = mb_out_open(&o, fc->dir, file, err)) != 0)
            break;
        fprintf(o.f, "# ix iy ratio (x: file size index, y: request size index)\n");
        for (size_t i = 0; i < ns; i++)
            for (size_t j = 0; j < nb; j++) {
                double v = h[p].ratio[i][j];
                if (!isfinite(v) || v <= 0)
                    continue; /* no cell: e.g. requests larger than the file */
                fprintf(o.f, "%zu %zu", i, j);
                num(o.f, v);
                fputc('\n', o.f);
                rmax = fmax(rmax, fmax(v, 1 / v));
            }
        rc = mb_out_close(&o, err);
    }
    if (rc)
        goto out;
    snprintf(file, sizeof file, "%s.vars", g->name);
    if ((rc = mb_out_open(&o, fc->dir, file, err)) != 0)
        goto out;
    char t[320], s[32];
    if (np == 1)
        snprintf(t, sizeof t, "Warm random reads, 1 thread: map / %s throughput%s", h[0].ex,
                 lifetime_title(fc, h[0].lifetime));
    else
        snprintf(t, sizeof t, "Warm random reads, 1 thread: map / %s throughput, per lifetime",
                 same_ex ? h[0].ex : "explicit");
    gp_str(o.f, "fig_title", t);
    gp_str(o.f, "fig_label", fc->label);
    fprintf(o.f, "npanels = %zu\n", np);
    for (size_t p = 0; p < np; p++) {
        snprintf(file, sizeof file, p ? "%s-%zu.dat" : "%s.dat", g->name, p + 1);
        gp_strf(o.f, "file", (int)p + 1, file);
        gp_strf(o.f, "ptitle", (int)p + 1,
                np == 1                              ? ""
                : strcmp(h[p].lifetime, "case") == 0 ? "steady state: kept open (lifetime:case)"
                                                     : "one-shot: opened per pass (lifetime:pass)");
        gp_strf(o.f, "explicit", (int)p + 1, h[p].ex);
    }
    gp_str(o.f, "explicit", same_ex ? h[0].ex : "explicit");
    fprintf(o.f, "nx = %zu\nny = %zu\nrmax = %.4g\n", ns, nb, fmin(fmax(rmax, 1.5), 1000));
    fputs("xt = '(", o.f);
    for (size_t i = 0; i < ns; i++) {
        mb_report_size(sizes[i], s, sizeof s);
        fprintf(o.f, "%s\"%s\" %zu", i ? ", " : "", s, i);
    }
    fputs(")'\nyt = '(", o.f);
    for (size_t j = 0; j < nb; j++) {
        mb_report_size(bss[j], s, sizeof s);
        fprintf(o.f, "%s\"%s\" %zu", j ? ", " : "", s, j);
    }
    fputs(")'\n", o.f);
    rc = mb_out_close(&o, err);
out:
    free(h);
    return rc;
}

/* A bar-figure panel: categories (rows) x series (bars), values given. */
struct bars {
    char title[96];
    size_t nc, ns;
    char cat[MAXV][32];
    const char *sname[8];
    double v[MAXV][8];
    struct pstyle st;
};

static int bars_figure(struct fig_ctx *fc, struct mb_fig *g, struct bars *b, size_t np, int rows,
                       int cols, const char *title, struct mb_err *err)
{
    size_t total = 0;
    char files[4][96];
    int rc;
    for (size_t p = 0; p < np; p++) {
        size_t cnt = 0;
        for (size_t c = 0; c < b[p].nc; c++)
            for (size_t s = 0; s < b[p].ns; s++)
                cnt += isfinite(b[p].v[c][s]);
        files[p][0] = '\0';
        if (!cnt)
            continue;
        total += cnt;
        snprintf(files[p], sizeof files[p], "%s-%zu.dat", g->name, p + 1);
        if (!fc->dir)
            continue;
        struct mb_out o;
        if ((rc = mb_out_open(&o, fc->dir, files[p], err)) != 0)
            return rc;
        fputs("# category", o.f);
        for (size_t s = 0; s < b[p].ns; s++)
            fprintf(o.f, " %s", b[p].sname[s]);
        fputc('\n', o.f);
        for (size_t c = 0; c < b[p].nc; c++) {
            fprintf(o.f, "\"%s\"", b[p].cat[c]);
            for (size_t s = 0; s < b[p].ns; s++)
                num(o.f, b[p].v[c][s]);
            fputc('\n', o.f);
        }
        if ((rc = mb_out_close(&o, err)) != 0)
            return rc;
    }
    if (!total) {
        snprintf(g->note, sizeof g->note, "no results for it in this run");
        return 0;
    }
    g->drawn = true;
    if (!fc->dir)
        return 0;
    char vname[96];
    snprintf(vname, sizeof vname, "%s.vars", g->name);
    struct mb_out o;
    if ((rc = mb_out_open(&o, fc->dir, vname, err)) != 0)
        return rc;

    gp_str(o.f, "fig_title", title);
    gp_str(o.f, "fig_label", fc->label);
    fprintf(o.f, "npanels = %zu\nrows = %d\ncols = %d\n", np, rows, cols);
    for (size_t p = 0; p < np; p++) {
        write_style(o.f, (int)p + 1, &b[p].st, 0, b[p].title, files[p]);
        fprintf(o.f, "nseries%zu = %zu\n", p + 1, b[p].ns);
        for (size_t k = 0; k < b[p].ns; k++) {
            char key[48];
            snprintf(key, sizeof key, "sname%zu_%zu", p + 1, k + 1);
            gp_str(o.f, key, b[p].sname[k]);
        }
    }
    return mb_out_close(&o, err);
}

/* The largest file size and smallest request size among matching cases. */
static bool pick_size_bs(const struct mb_results *r, struct filt *q)
{
    uint64_t v[MAXV];
    size_t n = axis_values(r, q, AX_SIZE, v);
    if (!n)
        return false;
    q->size = v[n - 1];
    n = axis_values(r, q, AX_BS, v);
    if (!n)
        return false;
    q->bs = v[0];
    return true;
}

static void size_bs_text(const struct filt *q, char *buf, size_t len)
{
    char sz[32], bs[32];
    mb_report_size(q->size, sz, sizeof sz);
    mb_report_size(q->bs, bs, sizeof bs);
    snprintf(buf, len, "%s file, %s requests, %u thread%s", sz, bs, q->threads,
             q->threads == 1 ? "" : "s");
}

/* Figure 3: write throughput with and without durability per method. */
static int fig_write(struct fig_ctx *fc, struct mb_err *err)
{
    const struct mb_results *r = &fc->run->file;
    struct mb_fig *g = fig_new(fc, "write-durability", "bars",
                               "write throughput with and without durability (sync) per method");
    if (!g)
        return 0;
    struct filt q = {.op = "write", .hint = "none", .cache = "warm", .threads = 1};
    struct filt wq = q;
    wq.op = NULL;
    q.lifetime = pick_lifetime(r, &wq);
    if (!pick_size_bs(r, &q)) {
        q.op = "write:sync";
        if (!pick_size_bs(r, &q)) {
            snprintf(g->note, sizeof g->note, "no warm single-thread writes in this run");
            return 0;
        }
    }
    struct bars *b = calloc(2, sizeof *b);
    if (!b)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    static const char *const pats[] = {"seq", "random"};
    for (int p = 0; p < 2; p++) {
        struct filt c = q;
        c.op = NULL;
        c.pattern = pats[p];
        const char *meth[MAXV];
        size_t nm = methods_present(r, &c, meth);
        snprintf(b[p].title, sizeof b[p].title, "%s writes", pats[p]);
        b[p].ns = 2;
        b[p].sname[0] = "write";
        b[p].sname[1] = "write+sync";
        b[p].st = (struct pstyle){"", "throughput", "", "%.0b%BB/s", 0, 2, false};
        for (size_t m = 0; m < nm; m++) {
            struct filt w = c, s = c;
            w.method = s.method = meth[m];
            w.op = "write";
            s.op = "write:sync";
            const struct mb_rcase *cw = find(r, &w), *cs = find(r, &s);
            if (!cw && !cs)
                continue;
            snprintf(b[p].cat[b[p].nc], sizeof b[p].cat[0], "%s", meth[m]);
            b[p].v[b[p].nc][0] = cw ? mb_stats_median(cw->v[MB_M_BPS], cw->n) : NAN;
            b[p].v[b[p].nc][1] = cs ? mb_stats_median(cs->v[MB_M_BPS], cs->n) : NAN;
            b[p].nc++;
        }
    }
    char title[200], sb[96];
    size_bs_text(&q, sb, sizeof sb);
    snprintf(title, sizeof title, "Write throughput, warm cache, %s%s", sb,
             lifetime_title(fc, q.lifetime));
    int rc = bars_figure(fc, g, b, 2, 1, 2, title, err);
    free(b);
    return rc;
}

/* Figure 5: CPU time (user, system) and page faults per GiB per method. */
static int fig_cpu(struct fig_ctx *fc, struct mb_err *err)
{
    const struct mb_results *r = &fc->run->file;
    struct mb_fig *g =
        fig_new(fc, "cpu-faults", "bars", "CPU time and page faults per GiB read, per method");
    if (!g)
        return 0;
    struct filt q = {.op = "read", .hint = "none", .cache = "warm", .threads = 1};
    q.lifetime = pick_lifetime(r, &q);
    if (!pick_size_bs(r, &q)) {
        q.cache = "cold";
        q.lifetime = pick_lifetime(r, &q);
        if (!pick_size_bs(r, &q)) {
            snprintf(g->note, sizeof g->note, "no single-thread reads in this run");
            return 0;
        }
    }
    struct bars *b = calloc(4, sizeof *b);
    if (!b)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    static const char *const pats[] = {"seq", "random"};
    for (int p = 0; p < 2; p++) {
        struct filt c = q;
        c.pattern = pats[p];
        c.method = NULL;
        const char *meth[MAXV];
        size_t nm = methods_present(r, &c, meth);
        struct bars *cpu = &b[p], *flt = &b[2 + p];
        snprintf(cpu->title, sizeof cpu->title, "CPU time, %s read", pats[p]);
        snprintf(flt->title, sizeof flt->title, "page faults, %s read", pats[p]);
        cpu->ns = flt->ns = 2;
        cpu->sname[0] = "user";
        cpu->sname[1] = "system";
        flt->sname[0] = "minor";
        flt->sname[1] = "major";
        cpu->st = (struct pstyle){"", "CPU seconds per GiB", "", "%g", 0, 0, false};
        flt->st = (struct pstyle){"", "faults per GiB", "", "%.0s%c", 0, 0, false};
        for (size_t m = 0; m < nm && cpu->nc < MAXV; m++) {
            c.method = meth[m];
            const struct mb_rcase *k = find(r, &c);
            if (!k)
                continue;
            double bpp = mb_stats_median(k->v[MB_M_BPP], k->n);
            double scale = bpp > 0 ? 1073741824.0 / bpp : NAN;
            snprintf(cpu->cat[cpu->nc], sizeof cpu->cat[0], "%s", meth[m]);
            snprintf(flt->cat[flt->nc], sizeof flt->cat[0], "%s", meth[m]);
            cpu->v[cpu->nc][0] = mb_stats_median(k->v[MB_M_USR], k->n) * scale;
            cpu->v[cpu->nc][1] = mb_stats_median(k->v[MB_M_SYS], k->n) * scale;
            flt->v[flt->nc][0] = mb_stats_median(k->v[MB_M_MINOR], k->n) * scale;
            flt->v[flt->nc][1] = mb_stats_median(k->v[MB_M_MAJOR], k->n) * scale;
            cpu->nc++;
            flt->nc++;
        }
    }
    char title[200], sb[96];
    size_bs_text(&q, sb, sizeof sb);
    snprintf(title, sizeof title, "CPU time and page faults per GiB read, %s cache, %s%s", q.cache,
             sb, lifetime_title(fc, q.lifetime));
    int rc = bars_figure(fc, g, b, 4, 2, 2, title, err);
    free(b);
    return rc;
}

/* Sets q's size and bs to those of the latency-sampled cases matching q (the largest file,
 * then the smallest requests); false when no matching case has latency samples. */
static bool pick_latency_size_bs(const struct mb_results *r, struct filt *q)
{
    bool found = false;
    for (size_t i = 0; i < r->n; i++) {
        const struct mb_rcase *c = &r->c[i];
        if (!match(c, q) || c->n == 0 || !isfinite(mb_stats_median(c->v[MB_M_P50], c->n)))
            continue;
        if (!found || c->f.size > q->size || (c->f.size == q->size && c->f.bs < q->bs)) {
            q->size = c->f.size;
            q->bs = c->f.bs;
        }
        found = true;
    }
    if (found)
        return true;
    q->size = q->bs = 0;
    return false;
}

/* Figure 6: latency percentiles per method, where sampled. */
static int fig_latency(struct fig_ctx *fc, struct mb_err *err)
{
    const struct mb_results *r = &fc->run->file;
    struct mb_fig *g = fig_new(fc, "latency", "bars", "per-request read latency percentiles");
    if (!g)
        return 0;
    struct filt q = {.op = "read", .hint = "none", .threads = 1};
    q.lifetime = pick_lifetime(r, &q);
    if (!pick_latency_size_bs(r, &q) && !pick_size_bs(r, &q)) {
        snprintf(g->note, sizeof g->note, "no single-thread reads in this run");
        return 0;
    }
    struct bars *b = calloc(4, sizeof *b);
    if (!b)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    static const char *const pats[] = {"seq", "random"}, *const caches[] = {"warm", "cold"};
    for (int p = 0; p < 4; p++) {
        struct filt c = q;
        c.pattern = pats[p / 2];
        c.cache = caches[p % 2];
        const char *meth[MAXV];
        size_t nm = methods_present(r, &c, meth);
        snprintf(b[p].title, sizeof b[p].title, "%s read, %s cache", c.pattern, c.cache);
        b[p].ns = 2;
        b[p].sname[0] = "p50";
        b[p].sname[1] = "p99";
        b[p].st = (struct pstyle){"", "latency (µs)", "", "%g", 0, 10, false};
        for (size_t m = 0; m < nm && b[p].nc < MAXV; m++) {
            c.method = meth[m];
            const struct mb_rcase *k = find(r, &c);
            if (!k)
                continue;
            double p50 = mb_stats_median(k->v[MB_M_P50], k->n);
            double p99 = mb_stats_median(k->v[MB_M_P99], k->n);
            if (!isfinite(p50) && !isfinite(p99))
                continue;
            snprintf(b[p].cat[b[p].nc], sizeof b[p].cat[0], "%s", meth[m]);
            b[p].v[b[p].nc][0] = p50 > 0 ? p50 : NAN;
            b[p].v[b[p].nc][1] = p99 > 0 ? p99 : NAN;
            b[p].nc++;
        }
    }
    char title[200], sb[96];
    size_bs_text(&q, sb, sizeof sb);
    snprintf(title, sizeof title, "Read latency percentiles, %s%s", sb,
             lifetime_title(fc, q.lifetime));
    int rc = bars_figure(fc, g, b, 4, 2, 2, title, err);
    if (!g->drawn)
        snprintf(g->note, sizeof g->note,
                 "no latency samples in this run (mapbench --latency records them)");
    free(b);
    return rc;
}

/* Figure 7: IPC throughput vs message size and pingpong latency, per transport. */
static int fig_ipc(struct fig_ctx *fc, struct mb_err *err)
{
    const struct mb_results *r = &fc->run->ipc;
    struct mb_fig *gt = fig_new(fc, "ipc-throughput", "lines",
                                "IPC stream throughput vs message size per transport");
    struct mb_fig *gl = fig_new(fc, "ipc-latency", "lines",
                                "IPC pingpong round-trip latency vs message size per transport");
    if (!gt || !gl)
        return 0;
    if (!fc->run->has_ipc) {
        snprintf(gt->note, sizeof gt->note, "no mapbench-ipc.json in this run");
        snprintf(gl->note, sizeof gl->note, "no mapbench-ipc.json in this run");
        return 0;
    }
    struct panel *pan = calloc(3, sizeof *pan);
    if (!pan)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    /* panel 0: stream; panels 1, 2: pingpong (p50, p99) */
    static const char *const work[] = {"stream", "pingpong", "pingpong"};
    for (int p = 0; p < 3; p++) {
        struct panel *pp = &pan[p];
        for (size_t i = 0; i < r->n; i++) {
            const struct mb_rcase *c = &r->c[i];
            if (c->kind != MB_KIND_IPC || strcmp(c->ipc.workload, work[p]) != 0 || !c->n)
                continue;
            size_t s = 0, x = 0;
            while (s < pp->ns && strcmp(pp->sname[s], c->ipc.transport) != 0)
                s++;
            while (x < pp->nx && pp->x[x] != c->ipc.msg)
                x++;
            if (s == MAXV || x == MAXV)
                continue;
            if (s == pp->ns)
                pp->sname[pp->ns++] = c->ipc.transport;
            if (x == pp->nx)
                pp->x[pp->nx++] = c->ipc.msg;
        }
        /* sort x ascending (insertion sort; small) */
        for (size_t i = 1; i < pp->nx; i++)
            for (size_t j = i; j > 0 && pp->x[j - 1] > pp->x[j]; j--) {
                uint64_t t = pp->x[j];
                pp->x[j] = pp->x[j - 1];
                pp->x[j - 1] = t;
            }
        for (size_t i = 0; i < r->n; i++) {
            const struct mb_rcase *c = &r->c[i];
            if (c->kind != MB_KIND_IPC || strcmp(c->ipc.workload, work[p]) != 0 || !c->n)
                continue;
            for (size_t s = 0; s < pp->ns; s++)
                for (size_t x = 0; x < pp->nx; x++)
                    if (strcmp(pp->sname[s], c->ipc.transport) == 0 && pp->x[x] == c->ipc.msg)
                        pp->cell[s][x] = c;
        }
    }
    snprintf(pan[0].title, sizeof pan[0].title, "stream");
    snprintf(pan[1].title, sizeof pan[1].title, "pingpong, median (p50)");
    snprintf(pan[2].title, sizeof pan[2].title, "pingpong, 99th percentile");
    struct pstyle st = {"message size", "throughput", "%.0b%BB", "%.0b%BB/s", 2, 2, true};
    static const enum mb_metric mt[] = {MB_M_BPS}, ml[] = {MB_M_P50, MB_M_P99};
    int rc = lines_figure(fc, gt, &pan[0], 1, 1, 1, "msg", mt, &st,
                          "IPC stream throughput vs message size", err);
    struct pstyle sl = {"message size", "round-trip latency (µs)", "%.0b%BB", "%g", 2, 10, true};
    if (rc == 0)
        rc = lines_figure(fc, gl, &pan[1], 2, 1, 2, "msg", ml, &sl,
                          "IPC pingpong latency vs message size", err);
    free(pan);
    return rc;
}

static int write_list(struct fig_ctx *fc, struct mb_err *err)
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

int mb_report_tables(const struct mb_run *run, const char *outdir, struct mb_figs *figs,
                     struct mb_err *err)
{
    struct fig_ctx fc = {.run = run,
                         .dir = outdir,
                         .figs = figs,
                         .two = mb_results_has_lifetime(&run->file, "case")};
    memset(figs, 0, sizeof *figs);
    mb_report_label(run, fc.label, sizeof fc.label);
    int rc;
    if ((rc = fig_size(&fc, err)) || (rc = fig_heatmap(&fc, err)) || (rc = fig_write(&fc, err)) ||
        (rc = fig_threads(&fc, err)) || (rc = fig_cpu(&fc, err)) || (rc = fig_latency(&fc, err)) ||
        (rc = fig_ipc(&fc, err)))
        return rc;
    return outdir ? write_list(&fc, err) : 0;
}
