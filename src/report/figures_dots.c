/* report/figures_dots.c: the dot figures, one dot per method variant and series with
 * whiskers (the 95% bootstrap interval of the median) on a log axis: write throughput with and
 * without durability, cold against warm writes, and read latency percentiles (see
 * report/figures.h). */
#include "report/figures.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/stats.h"

static const char *const dot_pats[] = {"seq", "random"};

/* The style of a throughput panel (GiB/s on a log axis, tables in bytes/s). */
static const struct mb_pstyle bps_style = {
    .ylabel = "throughput (GiB/s)", .yfmt = "%g", .ylog = 10, .yscale = MB_GP_GIB};

/* Sets up dot panel d: its title and series (names and metrics, ns of them). */
static void dots_init(struct mb_dots *d, const char *title, const char *const *snames,
                      const enum mb_metric *sm, size_t ns, struct mb_pstyle st)
{
    snprintf(d->title, sizeof d->title, "%s", title);
    d->ns = ns;
    for (size_t s = 0; s < ns; s++) {
        d->sname[s] = snames[s];
        d->sm[s] = sm[s];
    }
    d->st = st;
}

/* Adds category v (a method variant) to d with its cases per series, unless all are NULL. */
static void dots_add(struct mb_dots *d, const struct mb_variant *v,
                     const struct mb_rcase *const *cells)
{
    bool any = false;
    for (size_t s = 0; s < d->ns; s++)
        any = any || cells[s];
    if (!any || d->nc >= MB_QUERY_MAXV)
        return;
    snprintf(d->cat[d->nc], sizeof d->cat[0], "%s", v->label);
    d->cmeth[d->nc] = v->method;
    for (size_t s = 0; s < d->ns; s++)
        d->cell[d->nc][s] = cells[s];
    d->nc++;
}

/* "<size> file, <bs> requests, <n> thread(s)" of q (without the request size when bs is 0). */
static void size_bs_text(const struct mb_query *q, char *buf, size_t len)
{
    char sz[32], bs[48] = "";
    mb_report_size(q->size, sz, sizeof sz);
    if (q->bs) {
        char b[32];
        mb_report_size(q->bs, b, sizeof b);
        snprintf(bs, sizeof bs, ", %s requests", b);
    }
    snprintf(buf, len, "%s file%s, %u thread%s", sz, bs, q->threads, q->threads == 1 ? "" : "s");
}

/* Writes a dot figure titled "<what>, <size_bs_text of q><lifetime title>" and frees d. */
static int dots_finish(struct mb_fig_ctx *fc, struct mb_fig *g, struct mb_dots *d, size_t np,
                       const char *what, const struct mb_query *q, struct mb_err *err)
{
    char title[240], sb[96];
    size_bs_text(q, sb, sizeof sb);
    snprintf(title, sizeof title, "%s, %s%s", what, sb, mb_fig_lifetime_title(fc, q->lifetime));
    int rc = mb_gp_dots(fc, g, d, np, title, err);
    free(d);
    return rc;
}

int mb_fig_write(struct mb_fig_ctx *fc, struct mb_err *err)
{
    const struct mb_results *r = &fc->run->file;
    struct mb_fig *g = mb_fig_new(fc, "write-durability", "dots",
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
    struct mb_dots *d = calloc(2, sizeof *d);
    if (!d)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    static const char *const series[] = {"write", "write+sync"};
    static const enum mb_metric sm[] = {MB_M_BPS, MB_M_BPS};
    for (int p = 0; p < 2; p++) {
        struct mb_query c = q;
        c.op = NULL;
        c.pattern = dot_pats[p];
        struct mb_variant vr[MB_QUERY_MAXV];
        size_t nm = mb_query_variants(r, &c, vr);
        char title[96];
        snprintf(title, sizeof title, "%s writes", dot_pats[p]);
        dots_init(&d[p], title, series, sm, 2, bps_style);
        for (size_t m = 0; m < nm; m++) {
            struct mb_query w = c, s = c;
            w.method = s.method = vr[m].method;
            w.qd = s.qd = vr[m].qd;
            w.op = "write";
            s.op = "write:sync";
            const struct mb_rcase *cells[2] = {mb_query_find(r, &w), mb_query_find(r, &s)};
            dots_add(&d[p], &vr[m], cells);
        }
    }
    return dots_finish(fc, g, d, 2, "Write throughput, warm cache", &q, err);
}

int mb_fig_write_cold(struct mb_fig_ctx *fc, struct mb_err *err)
{
    const struct mb_results *r = &fc->run->file;
    struct mb_fig *g = mb_fig_new(fc, "write-cold", "dots",
                                  "write throughput with the cache cold against warm, per method");
    if (!g)
        return 0;
    struct mb_query q = {.op = "write", .hint = "none", .cache = "cold", .threads = 1};
    q.lifetime = mb_query_lifetime(r, &q);
    uint64_t bss[MB_QUERY_MAXV];
    if (!mb_query_size_bs(r, &q)) {
        snprintf(g->note, sizeof g->note, "no cold single-thread writes in this run");
        return 0;
    }
    struct mb_query qb = q;
    qb.bs = 0;
    size_t nb = mb_query_axis(r, &qb, MB_AXIS_BS, bss);
    /* at most two request sizes: the smallest and the largest */
    uint64_t use[2] = {bss[0], bss[nb - 1]};
    size_t nuse = nb > 1 ? 2 : 1;
    struct mb_dots *d = calloc(4, sizeof *d);
    if (!d)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    static const char *const series[] = {"warm cache", "cold cache"};
    static const enum mb_metric sm[] = {MB_M_BPS, MB_M_BPS};
    size_t np = 0;
    for (size_t b = 0; b < nuse; b++)
        for (int p = 0; p < 2; p++) {
            struct mb_query c = q;
            c.bs = use[b];
            c.pattern = dot_pats[p];
            struct mb_variant vr[MB_QUERY_MAXV];
            size_t nm = mb_query_variants(r, &c, vr); /* the variants with cold writes */
            char title[96], bl[32];
            mb_report_size(use[b], bl, sizeof bl);
            snprintf(title, sizeof title, "%s writes, %s requests", dot_pats[p], bl);
            dots_init(&d[np], title, series, sm, 2, bps_style);
            for (size_t m = 0; m < nm; m++) {
                struct mb_query w = c, k = c;
                w.method = k.method = vr[m].method;
                w.qd = k.qd = vr[m].qd;
                w.cache = "warm";
                const struct mb_rcase *cells[2] = {mb_query_find(r, &w), mb_query_find(r, &k)};
                dots_add(&d[np], &vr[m], cells);
            }
            np++;
        }
    q.bs = 0;
    return dots_finish(fc, g, d, np, "Write throughput, cold against warm cache", &q, err);
}

int mb_fig_latency(struct mb_fig_ctx *fc, struct mb_err *err)
{
    const struct mb_results *r = &fc->run->file;
    struct mb_fig *g = mb_fig_new(fc, "latency", "dots", "per-request read latency percentiles");
    if (!g)
        return 0;
    struct mb_query q = {.op = "read", .hint = "none", .threads = 1};
    q.lifetime = mb_query_lifetime(r, &q);
    if (!mb_query_latency_size_bs(r, &q) && !mb_query_size_bs(r, &q)) {
        snprintf(g->note, sizeof g->note, "no single-thread reads in this run");
        return 0;
    }
    struct mb_dots *d = calloc(4, sizeof *d);
    if (!d)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    static const char *const caches[] = {"warm", "cold"}, *const series[] = {"p50", "p99"};
    static const enum mb_metric sm[] = {MB_M_P50, MB_M_P99};
    const struct mb_pstyle st = {.ylabel = "latency (µs)", .yfmt = "%g", .ylog = 10};
    for (int p = 0; p < 4; p++) {
        struct mb_query c = q;
        c.pattern = dot_pats[p / 2];
        c.cache = caches[p % 2];
        char t[96];
        snprintf(t, sizeof t, "%s read, %s cache", c.pattern, c.cache);
        dots_init(&d[p], t, series, sm, 2, st);
        struct mb_variant vr[MB_QUERY_MAXV];
        size_t nm = mb_query_variants(r, &c, vr);
        for (size_t m = 0; m < nm; m++) {
            c.method = vr[m].method;
            c.qd = vr[m].qd;
            const struct mb_rcase *k = mb_query_find(r, &c);
            if (!k || !(mb_stats_median(k->v[MB_M_P50], k->n) > 0 ||
                        mb_stats_median(k->v[MB_M_P99], k->n) > 0))
                continue;
            const struct mb_rcase *cells[2] = {k, k};
            dots_add(&d[p], &vr[m], cells);
        }
    }
    int rc = dots_finish(fc, g, d, 4, "Read latency percentiles", &q, err);
    if (!g->drawn)
        snprintf(g->note, sizeof g->note,
                 "no latency samples in this run (mapbench --latency records them)");
    return rc;
}
