/* report/figures_bars.c: the heatmap of map against explicit I/O and the bar figures: write
 * durability, CPU time and faults, latency percentiles (see report/figures.h). */
#include "report/figures.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/stats.h"

/* The map/explicit ratios of one heatmap panel (one lifetime) and its cell count. */
struct heat {
    const char *lifetime, *ex;
    double ratio[MB_QUERY_MAXV][MB_QUERY_MAXV];
    size_t cells;
};

/* The heatmap's axes: file sizes (x) and request sizes (y). */
struct heat_axes {
    uint64_t sizes[MB_QUERY_MAXV], bss[MB_QUERY_MAXV];
    size_t ns, nb;
};

static void heat_fill(const struct mb_results *r, const struct mb_query *q,
                      const struct heat_axes *ax, struct heat *h)
{
    h->ex = mb_query_explicit(r, q);
    h->cells = 0;
    for (size_t i = 0; i < ax->ns; i++)
        for (size_t j = 0; j < ax->nb; j++) {
            h->ratio[i][j] = NAN;
            struct mb_query a = *q, b = *q;
            a.size = b.size = ax->sizes[i];
            a.bs = b.bs = ax->bss[j];
            a.method = h->ex;
            b.method = "map";
            const struct mb_rcase *ca = h->ex ? mb_query_find(r, &a) : NULL;
            const struct mb_rcase *cb = mb_query_find(r, &b);
            if (ca && cb) {
                h->ratio[i][j] = mb_stats_median(cb->v[MB_M_BPS], cb->n) /
                                 mb_stats_median(ca->v[MB_M_BPS], ca->n);
                if (isfinite(h->ratio[i][j]) && h->ratio[i][j] > 0)
                    h->cells++;
            }
        }
}

/* The table of heatmap panel p ("ix iy ratio"); raises *rmax to the largest ratio either way. */
static int heat_table(struct mb_fig_ctx *fc, const struct mb_fig *g, size_t p, const struct heat *h,
                      const struct heat_axes *ax, double *rmax, struct mb_err *err)
{
    char file[128];
    snprintf(file, sizeof file, p ? "%s-%zu.dat" : "%s.dat", g->name, p + 1);
    struct mb_out o;
    int rc = mb_out_open(&o, fc->dir, file, err);
    if (rc)
        return rc;
    fprintf(o.f, "# ix iy ratio (x: file size index, y: request size index)\n");
    for (size_t i = 0; i < ax->ns; i++)
        for (size_t j = 0; j < ax->nb; j++) {
            double v = h->ratio[i][j];
            if (!isfinite(v) || v <= 0)
                continue; /* no cell: e.g. requests larger than the file */
            fprintf(o.f, "%zu %zu", i, j);
            mb_gp_num(o.f, v);
            fputc('\n', o.f);
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
        heat_fill(r, &ql, &ax, &h[np]);
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

static void size_bs_text(const struct mb_query *q, char *buf, size_t len)
{
    char sz[32], bs[32];
    mb_report_size(q->size, sz, sizeof sz);
    mb_report_size(q->bs, bs, sizeof bs);
    snprintf(buf, len, "%s file, %s requests, %u thread%s", sz, bs, q->threads,
             q->threads == 1 ? "" : "s");
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

/* Adds category (method) m to bar panel b with values v[0..b->ns). */
static void bars_add(struct mb_bars *b, const char *m, const double *v)
{
    if (b->nc >= MB_QUERY_MAXV)
        return;
    snprintf(b->cat[b->nc], sizeof b->cat[0], "%s", m);
    for (size_t s = 0; s < b->ns; s++)
        b->v[b->nc][s] = v[s];
    b->nc++;
}

/* Writes a bar figure titled "<what>, <size_bs_text of q><lifetime title>" and frees b. */
static int bars_finish(struct mb_fig_ctx *fc, struct mb_fig *g, struct mb_bars *b, size_t np,
                       int rows, const char *what, const struct mb_query *q, struct mb_err *err)
{
    char title[200], sb[96];
    size_bs_text(q, sb, sizeof sb);
    snprintf(title, sizeof title, "%s, %s%s", what, sb, mb_fig_lifetime_title(fc, q->lifetime));
    int rc = mb_gp_bars(fc, g, b, np, rows, 2, title, err);
    free(b);
    return rc;
}

static const char *const bar_pats[] = {"seq", "random"};

int mb_fig_write(struct mb_fig_ctx *fc, struct mb_err *err)
{
    const struct mb_results *r = &fc->run->file;
    struct mb_fig *g = mb_fig_new(fc, "write-durability", "bars",
                                  "write throughput with and without durability (sync) per method");
    if (!g)
        return 0;
    struct mb_query q = {.op = "write", .hint = "none", .cache = "warm", .threads = 1};
    struct mb_query wq = q;
    wq.op = NULL;
    q.lifetime = mb_query_lifetime(r, &wq);
    if (!mb_query_size_bs(r, &q)) {
        q.op = "write:sync";
        if (!mb_query_size_bs(r, &q)) {
            snprintf(g->note, sizeof g->note, "no warm single-thread writes in this run");
            return 0;
        }
    }
    struct mb_bars *b = calloc(2, sizeof *b);
    if (!b)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    static const char *const series[] = {"write", "write+sync"};
    for (int p = 0; p < 2; p++) {
        struct mb_query c = q;
        c.op = NULL;
        c.pattern = bar_pats[p];
        struct mb_variant vr[MB_QUERY_MAXV];
        size_t nm = mb_query_variants(r, &c, vr);
        char title[96];
        snprintf(title, sizeof title, "%s writes", bar_pats[p]);
        bars_init(&b[p], title, series, 2,
                  (struct mb_pstyle){"", "throughput", "", "%.0b%BB/s", 0, 2, false});
        for (size_t m = 0; m < nm; m++) {
            struct mb_query w = c, s = c;
            w.method = s.method = vr[m].method;
            w.qd = s.qd = vr[m].qd;
            w.op = "write";
            s.op = "write:sync";
            const struct mb_rcase *cw = mb_query_find(r, &w), *cs = mb_query_find(r, &s);
            if (!cw && !cs)
                continue;
            double v[2] = {cw ? mb_stats_median(cw->v[MB_M_BPS], cw->n) : NAN,
                           cs ? mb_stats_median(cs->v[MB_M_BPS], cs->n) : NAN};
            bars_add(&b[p], vr[m].label, v);
        }
    }
    return bars_finish(fc, g, b, 2, 1, "Write throughput, warm cache", &q, err);
}

/* The CPU panel and the fault panel of one pattern of the CPU figure. */
static void cpu_panels(const struct mb_results *r, struct mb_query c, struct mb_bars *cpu,
                       struct mb_bars *flt)
{
    static const char *const cpus[] = {"user", "system"}, *const flts[] = {"minor", "major"};
    char t[96];
    snprintf(t, sizeof t, "CPU time, %s read", c.pattern);
    bars_init(cpu, t, cpus, 2,
              (struct mb_pstyle){"", "CPU seconds per GiB", "", "%g", 0, 0, false});
    snprintf(t, sizeof t, "page faults, %s read", c.pattern);
    bars_init(flt, t, flts, 2, (struct mb_pstyle){"", "faults per GiB", "", "%.0s%c", 0, 0, false});
    struct mb_variant vr[MB_QUERY_MAXV];
    size_t nm = mb_query_variants(r, &c, vr);
    for (size_t m = 0; m < nm && cpu->nc < MB_QUERY_MAXV; m++) {
        c.method = vr[m].method;
        c.qd = vr[m].qd;
        const struct mb_rcase *k = mb_query_find(r, &c);
        if (!k)
            continue;
        double bpp = mb_stats_median(k->v[MB_M_BPP], k->n);
        double scale = bpp > 0 ? 1073741824.0 / bpp : NAN;
        double vc[2] = {mb_stats_median(k->v[MB_M_USR], k->n) * scale,
                        mb_stats_median(k->v[MB_M_SYS], k->n) * scale};
        double vf[2] = {mb_stats_median(k->v[MB_M_MINOR], k->n) * scale,
                        mb_stats_median(k->v[MB_M_MAJOR], k->n) * scale};
        bars_add(cpu, vr[m].label, vc);
        bars_add(flt, vr[m].label, vf);
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
    struct mb_bars *b = calloc(4, sizeof *b);
    if (!b)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    for (int p = 0; p < 2; p++) {
        struct mb_query c = q;
        c.pattern = bar_pats[p];
        c.method = NULL;
        cpu_panels(r, c, &b[p], &b[2 + p]);
    }
    char what[96];
    snprintf(what, sizeof what, "CPU time and page faults per GiB read, %s cache", q.cache);
    return bars_finish(fc, g, b, 4, 2, what, &q, err);
}

/* The latency panel of c's pattern and cache: p50 and p99 per method with samples. */
static void latency_panel(const struct mb_results *r, struct mb_query c, struct mb_bars *b)
{
    static const char *const series[] = {"p50", "p99"};
    char t[96];
    snprintf(t, sizeof t, "%s read, %s cache", c.pattern, c.cache);
    bars_init(b, t, series, 2, (struct mb_pstyle){"", "latency (µs)", "", "%g", 0, 10, false});
    struct mb_variant vr[MB_QUERY_MAXV];
    size_t nm = mb_query_variants(r, &c, vr);
    for (size_t m = 0; m < nm && b->nc < MB_QUERY_MAXV; m++) {
        c.method = vr[m].method;
        c.qd = vr[m].qd;
        const struct mb_rcase *k = mb_query_find(r, &c);
        if (!k)
            continue;
        double p50 = mb_stats_median(k->v[MB_M_P50], k->n);
        double p99 = mb_stats_median(k->v[MB_M_P99], k->n);
        if (!isfinite(p50) && !isfinite(p99))
            continue;
        double v[2] = {p50 > 0 ? p50 : NAN, p99 > 0 ? p99 : NAN};
        bars_add(b, vr[m].label, v);
    }
}

int mb_fig_latency(struct mb_fig_ctx *fc, struct mb_err *err)
{
    const struct mb_results *r = &fc->run->file;
    struct mb_fig *g = mb_fig_new(fc, "latency", "bars", "per-request read latency percentiles");
    if (!g)
        return 0;
    struct mb_query q = {.op = "read", .hint = "none", .threads = 1};
    q.lifetime = mb_query_lifetime(r, &q);
    if (!mb_query_latency_size_bs(r, &q) && !mb_query_size_bs(r, &q)) {
        snprintf(g->note, sizeof g->note, "no single-thread reads in this run");
        return 0;
    }
    struct mb_bars *b = calloc(4, sizeof *b);
    if (!b)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    static const char *const caches[] = {"warm", "cold"};
    for (int p = 0; p < 4; p++) {
        struct mb_query c = q;
        c.pattern = bar_pats[p / 2];
        c.cache = caches[p % 2];
        latency_panel(r, c, &b[p]);
    }
    int rc = bars_finish(fc, g, b, 4, 2, "Read latency percentiles", &q, err);
    if (!g->drawn)
        snprintf(g->note, sizeof g->note,
                 "no latency samples in this run (mapbench --latency records them)");
    return rc;
}
