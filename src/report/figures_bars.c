/* report/figures_bars.c: the heatmap of map against explicit I/O (cells marked where the
 * difference is significant) and the bar figure of CPU time and page faults (see
 * report/figures.h). */
#include "report/figures.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/methods.h"
#include "report/stats.h"

/* The map/explicit ratios of one heatmap panel (one lifetime), whether each is significant
 * (mb_stats_ratio: Mann-Whitney p < 0.05 and the bootstrap interval excluding 1, as in the
 * verdict), and its cell count. */
struct heat {
    const char *lifetime, *ex;
    double ratio[MB_QUERY_MAXV][MB_QUERY_MAXV];
    bool sig[MB_QUERY_MAXV][MB_QUERY_MAXV];
    size_t cells;
};

/* The heatmap's axes: file sizes (x) and request sizes (y). */
struct heat_axes {
    uint64_t sizes[MB_QUERY_MAXV], bss[MB_QUERY_MAXV];
    size_t ns, nb;
};

/* Fills h with the ratios of map to the explicit method of q's cases over the axes; 0 or
 * MB_E_NOMEM. */
static int heat_fill(const struct mb_results *r, const struct mb_query *q,
                     const struct heat_axes *ax, struct heat *h)
{
    h->ex = mb_query_explicit(r, q);
    h->cells = 0;
    for (size_t i = 0; i < ax->ns; i++)
        for (size_t j = 0; j < ax->nb; j++) {
            h->ratio[i][j] = NAN;
            h->sig[i][j] = false;
            struct mb_query a = *q, b = *q;
            a.size = b.size = ax->sizes[i];
            a.bs = b.bs = ax->bss[j];
            a.method = h->ex;
            b.method = "map";
            const struct mb_rcase *ca = h->ex ? mb_query_find(r, &a) : NULL;
            const struct mb_rcase *cb = mb_query_find(r, &b);
            struct mb_ratio st;
            if (!ca || !cb)
                continue;
            if (mb_stats_ratio(ca->v[MB_M_BPS], ca->n, cb->v[MB_M_BPS], cb->n, &st) != 0)
                return MB_E_NOMEM;
            h->ratio[i][j] = st.ratio;
            h->sig[i][j] = st.significant;
            if (isfinite(h->ratio[i][j]) && h->ratio[i][j] > 0)
                h->cells++;
        }
    return 0;
}

/* The table of heatmap panel p ("ix iy ratio sig", sig 1 where significant; no line for a
 * cell without data); raises *rmax to the largest ratio either way. */
static int heat_table(struct mb_fig_ctx *fc, const struct mb_fig *g, size_t p, const struct heat *h,
                      const struct heat_axes *ax, double *rmax, struct mb_err *err)
{
    char file[128];
    snprintf(file, sizeof file, p ? "%s-%zu.dat" : "%s.dat", g->name, p + 1);
    struct mb_out o;
    int rc = mb_out_open(&o, fc->dir, file, err);
    if (rc)
        return rc;
    fprintf(o.f, "# ix iy ratio sig (x: file size index, y: request size index; sig 1: "
                 "significant)\n");
    for (size_t i = 0; i < ax->ns; i++)
        for (size_t j = 0; j < ax->nb; j++) {
            double v = h->ratio[i][j];
            if (!isfinite(v) || v <= 0)
                continue; /* no cell: e.g. requests larger than the file */
            fprintf(o.f, "%zu %zu", i, j);
            mb_gp_num(o.f, v);
            fprintf(o.f, " %d\n", h->sig[i][j] ? 1 : 0);
            *rmax = fmax(*rmax, fmax(v, 1 / v));
        }
    return mb_out_close(&o, err);
}

/* Writes gnuplot's tic list "(\"4KiB\" 0, ...)" of a byte axis as variable `key`. */
static void heat_tics(FILE *f, const char *key, const uint64_t *v, size_t n)
{
    fprintf(f, "%s = '(", key);
    for (size_t i = 0; i < n; i++) {
        char s[32];
        mb_report_size(v[i], s, sizeof s);
        fprintf(f, "%s\"%s\" %zu", i ? ", " : "", s, i);
    }
    fputs(")'\n", f);
}

static int heat_vars(struct mb_fig_ctx *fc, const struct mb_fig *g, const struct heat *h, size_t np,
                     const struct heat_axes *ax, double rmax, struct mb_err *err)
{
    bool same_ex = np == 1 || strcmp(h[0].ex, h[1].ex) == 0;
    char t[320], file[128];
    if (np == 1)
        snprintf(t, sizeof t, "Warm random reads, 1 thread: map / %s throughput%s", h[0].ex,
                 mb_fig_lifetime_title(fc, h[0].lifetime));
    else
        snprintf(t, sizeof t, "Warm random reads, 1 thread: map / %s throughput, per lifetime",
                 same_ex ? h[0].ex : "explicit");
    struct mb_out o;
    int rc = mb_gp_vars_open(fc, g, t, np, 0, 0, &o, err);
    if (rc)
        return rc;
    mb_gp_str(o.f, "fig_note",
              "bold with *: significant (p < 0.05 and the ratio's 95% interval excludes 1); "
              "grey: no data");
    for (size_t p = 0; p < np; p++) {
        snprintf(file, sizeof file, p ? "%s-%zu.dat" : "%s.dat", g->name, p + 1);
        mb_gp_strf(o.f, "file", (int)p + 1, file);
        mb_gp_strf(o.f, "ptitle", (int)p + 1,
                   np == 1 ? ""
                   : strcmp(h[p].lifetime, "case") == 0
                       ? "steady state: kept open (lifetime:case)"
                       : "one-shot: opened per pass (lifetime:pass)");
        mb_gp_strf(o.f, "explicit", (int)p + 1, h[p].ex);
    }
    mb_gp_str(o.f, "explicit", same_ex ? h[0].ex : "explicit");
    fprintf(o.f, "nx = %zu\nny = %zu\nrmax = %.4g\n", ax->ns, ax->nb, fmin(fmax(rmax, 1.5), 1000));
    heat_tics(o.f, "xt", ax->sizes, ax->ns);
    heat_tics(o.f, "yt", ax->bss, ax->nb);
    return mb_out_close(&o, err);
}

/* Figure 2: one panel per lifetime present (steady state, lifetime:case, left; one-shot,
 * lifetime:pass, right), each a ratio of two cases of that lifetime. */
int mb_fig_heatmap(struct mb_fig_ctx *fc, struct mb_err *err)
{
    const struct mb_results *r = &fc->run->file;
    struct mb_fig *g = mb_fig_new(fc, "heatmap-map-vs-prw", "heat",
                                  "map/prw throughput ratio over file size and request size");
    if (!g)
        return 0;
    struct mb_query q = {
        .op = "read", .pattern = "random", .hint = "none", .cache = "warm", .threads = 1};
    struct heat_axes ax;
    ax.ns = mb_query_axis(r, &q, MB_AXIS_SIZE, ax.sizes);
    ax.nb = mb_query_axis(r, &q, MB_AXIS_BS, ax.bss);
    struct heat *h = calloc(2, sizeof *h);
    if (!h)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    size_t np = 0;
    static const char *const order[] = {"case", "pass"};
    for (int l = 0; l < 2; l++) {
        struct mb_query ql = q;
        ql.lifetime = order[l];
        if (heat_fill(r, &ql, &ax, &h[np]) != 0) {
            free(h);
            return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
        }
        h[np].lifetime = order[l];
        if (h[np].cells)
            np++;
    }
    int rc = 0;
    if (!np) {
        snprintf(g->note, sizeof g->note,
                 "no warm random single-thread reads with both map and prw/rw in this run");
        free(h);
        return 0;
    }
    g->drawn = true;
    bool same_ex = np == 1 || strcmp(h[0].ex, h[1].ex) == 0;
    snprintf(g->caption, sizeof g->caption,
             "map/%s throughput ratio over file size and request size (warm random reads%s)",
             same_ex ? h[0].ex : "explicit", np == 2 ? ", kept open and one-shot" : "");
    double rmax = 1;
    for (size_t p = 0; fc->dir && p < np && rc == 0; p++)
        rc = heat_table(fc, g, p, &h[p], &ax, &rmax, err);
    if (fc->dir && rc == 0)
        rc = heat_vars(fc, g, h, np, &ax, rmax, err);
    free(h);
    return rc;
}

/* Adds category `label` (coloured by method) with values v[0..b->ns) to bar panel b. */
static void bars_add(struct mb_bars *b, const char *label, const char *method, const double *v)
{
    if (b->nc >= MB_QUERY_MAXV)
        return;
    snprintf(b->cat[b->nc], sizeof b->cat[0], "%s", label);
    b->cmeth[b->nc] = method;
    for (size_t s = 0; s < b->ns; s++)
        b->v[b->nc][s] = v[s];
    b->nc++;
}

/* Sets up bar panel b: its title, series names (ns of them) and style. */
static void bars_init(struct mb_bars *b, const char *title, const char *const *snames, size_t ns,
                      struct mb_pstyle st)
{
    snprintf(b->title, sizeof b->title, "%s", title);
    b->ns = ns;
    for (size_t s = 0; s < ns; s++)
        b->sname[s] = snames[s];
    b->st = st;
}

/* The CPU and fault values per GiB read of pattern c.pattern into the panels: the CPU time of
 * methods that keep the page cache into cpu, of those that bypass it (MB_CAP_UNCACHED: every
 * pass a device read, an order of magnitude more system time) into unc, one category per
 * pattern, so neither scale squashes the other; the faults of every method into flt. */
static void cpu_fill(const struct mb_results *r, struct mb_query c, struct mb_bars *cpu,
                     struct mb_bars *unc, struct mb_bars *flt)
{
    struct mb_variant vr[MB_QUERY_MAXV];
    size_t nm = mb_query_variants(r, &c, vr);
    for (size_t m = 0; m < nm; m++) {
        c.method = vr[m].method;
        c.qd = vr[m].qd;
        const struct mb_rcase *k = mb_query_find(r, &c);
        if (!k)
            continue;
        double bpp = mb_stats_median(k->v[MB_M_BPP], k->n);
        double scale = bpp > 0 ? 1073741824.0 / bpp : NAN;
        double vc[2] = {mb_stats_median(k->v[MB_M_SYS], k->n) * scale,
                        mb_stats_median(k->v[MB_M_USR], k->n) * scale};
        double vf[2] = {mb_stats_median(k->v[MB_M_MAJOR], k->n) * scale,
                        mb_stats_median(k->v[MB_M_MINOR], k->n) * scale};
        if (mb_report_method_uncached(vr[m].method)) {
            char l[64];
            snprintf(l, sizeof l, "%s %s", vr[m].label, c.pattern);
            bars_add(unc, l, vr[m].method, vc);
        } else {
            bars_add(cpu, vr[m].label, vr[m].method, vc);
        }
        bars_add(flt, vr[m].label, vr[m].method, vf);
    }
}

int mb_fig_cpu(struct mb_fig_ctx *fc, struct mb_err *err)
{
    const struct mb_results *r = &fc->run->file;
    struct mb_fig *g =
        mb_fig_new(fc, "cpu-faults", "bars", "CPU time and page faults per GiB read, per method");
    if (!g)
        return 0;
    struct mb_query q = {.op = "read", .hint = "none", .cache = "warm", .threads = 1};
    q.lifetime = mb_query_lifetime(r, &q);
    if (!mb_query_size_bs(r, &q)) {
        q.cache = "cold";
        q.lifetime = mb_query_lifetime(r, &q);
        if (!mb_query_size_bs(r, &q)) {
            snprintf(g->note, sizeof g->note, "no single-thread reads in this run");
            return 0;
        }
    }
    /* row 1: CPU time seq, random, the uncached methods (own scale); row 2: faults seq, random */
    struct mb_bars *b = calloc(5, sizeof *b);
    if (!b)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    static const char *const cpus[] = {"system", "user"}, *const flts[] = {"major", "minor"};
    const struct mb_pstyle sc = {.ylabel = "CPU seconds per GiB", .yfmt = "%g"};
    const struct mb_pstyle sf = {.ylabel = "page faults per GiB", .yfmt = "%.0s%c"};
    bars_init(&b[2], "CPU time, methods bypassing the page cache (own scale)", cpus, 2, sc);
    for (int p = 0; p < 2; p++) {
        struct mb_query c = q;
        c.pattern = p ? "random" : "seq";
        char t[96];
        snprintf(t, sizeof t, "CPU time, %s read", c.pattern);
        bars_init(&b[p], t, cpus, 2, sc);
        snprintf(t, sizeof t, "page faults, %s read", c.pattern);
        bars_init(&b[3 + p], t, flts, 2, sf);
        cpu_fill(r, c, &b[p], &b[2], &b[3 + p]);
    }
    char title[240], sz[32], bs[32];
    mb_report_size(q.size, sz, sizeof sz);
    mb_report_size(q.bs, bs, sizeof bs);
    snprintf(title, sizeof title,
             "CPU time and page faults per GiB read, %s cache, %s file, %s requests, 1 thread%s",
             q.cache, sz, bs, mb_fig_lifetime_title(fc, q.lifetime));
    int rc = mb_gp_bars(fc, g, b, 5, b[2].nc ? 3 : 2, title,
                        "bars: medians of the repetitions; solid: system time / major faults, "
                        "hatched on top: user time / minor faults",
                        err);
    free(b);
    return rc;
}
