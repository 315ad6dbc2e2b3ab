/* report/figures_lines.c: the line figures: read throughput vs file size, thread scaling and
 * IPC throughput and latency vs message size (see report/figures.h). */
#include "report/figures.h"

#include <stdlib.h>
#include <string.h>

#include "core/order.h"
#include "core/parse.h"

/* Adds the series of the methods among q's cases to panel p: per method (at each of its queue
 * depths, see mb_query_variants; each depth of one method has its own point type) its
 * one-shot cases (lifetime:pass, a solid line named after the method) and its kept-handle
 * cases (lifetime:case, a dashed line of the same colour, "map (kept mapping)", "prw (kept
 * handle)"); the baseline mem once, whatever its lifetime. */
static void lifetime_series(const struct mb_results *r, const struct mb_query *q,
                            struct mb_panel *p)
{
    struct mb_variant v[MB_QUERY_MAXV];
    size_t nv = mb_query_variants(r, q, v);
    for (size_t m = 0, depth = 0; m < nv && p->ns + 2 <= MB_QUERY_MAXV; m++) {
        depth = m > 0 && strcmp(v[m].method, v[m - 1].method) == 0 ? depth + 1 : 0;
        struct mb_query f = *q;
        f.method = v[m].method;
        f.qd = v[m].qd;
        bool mem = strcmp(v[m].method, "mem") == 0;
        for (int l = 0; l < (mem ? 1 : 2); l++) {
            f.lifetime = mem ? NULL : l ? "case" : "pass";
            if (!mb_query_find(r, &f))
                continue;
            size_t k = p->ns++;
            p->smeth[k] = v[m].method;
            p->slife[k] = f.lifetime;
            p->sdash[k] = l == 1;
            p->sqd[k] = v[m].qd;
            p->spt[k] = depth ? mb_gp_point_type(depth) : 0;
            bool mapped = strncmp(v[m].method, "map", 3) == 0;
            if (l == 0)
                snprintf(p->sbuf[k], sizeof p->sbuf[k], "%s", v[m].label);
            else
                snprintf(p->sbuf[k], sizeof p->sbuf[k], "%s (kept %s)", v[m].label,
                         mapped ? "mapping" : "handle");
            p->sname[k] = p->sbuf[k];
        }
    }
}

/* Fills the cells of panel p: per series (method and lifetime) the case of q at each x, the
 * x axis being ax. */
static void fill_cells(const struct mb_results *r, const struct mb_query *q, enum mb_axis ax,
                       struct mb_panel *p)
{
    for (size_t s = 0; s < p->ns; s++)
        for (size_t x = 0; x < p->nx; x++) {
            struct mb_query c = *q;
            c.method = p->smeth[s] ? p->smeth[s] : p->sname[s];
            if (p->smeth[s]) {
                c.lifetime = p->slife[s];
                c.qd = p->sqd[s];
            }
            if (ax == MB_AXIS_SIZE)
                c.size = p->x[x];
            else
                c.threads = (unsigned)p->x[x];
            p->cell[s][x] = mb_query_find(r, &c);
        }
}

/* The four panels (seq/random x warm/cold) of the size figure at request size bs. */
static void size_panels(const struct mb_results *r, const struct mb_query *all, uint64_t bs,
                        struct mb_panel *pan)
{
    static const char *const pats[] = {"seq", "random"}, *const caches[] = {"warm", "cold"};
    memset(pan, 0, 4 * sizeof *pan);
    for (int p = 0; p < 4; p++) {
        struct mb_panel *pp = &pan[p];
        struct mb_query q = *all;
        q.bs = bs;
        q.pattern = pats[p / 2];
        q.cache = caches[p % 2];
        snprintf(pp->title, sizeof pp->title, "%s read, %s cache", pats[p / 2], caches[p % 2]);
        pp->nx = mb_query_axis(r, &q, MB_AXIS_SIZE, pp->x);
        lifetime_series(r, &q, pp);
        fill_cells(r, &q, MB_AXIS_SIZE, pp);
    }
}

int mb_fig_size(struct mb_fig_ctx *fc, struct mb_err *err)
{
    const struct mb_results *r = &fc->run->file;
    struct mb_query all = {.op = "read", .hint = "none", .threads = 1};
    uint64_t bss[MB_QUERY_MAXV];
    size_t nbs = mb_query_axis(r, &all, MB_AXIS_BS, bss);
    if (nbs == 0) {
        struct mb_fig *g =
            mb_fig_new(fc, "throughput-size", "lines", "read throughput vs file size");
        if (g)
            snprintf(g->note, sizeof g->note, "no single-thread read results in this run");
        return 0;
    }
    struct mb_panel *pan = calloc(4, sizeof *pan);
    if (!pan)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    int rc = 0;
    for (size_t b = 0; b < nbs && rc == 0; b++) {
        char bs[16], bl[32], name[64], cap[160], title[200];
        mb_size_format(bss[b], bs, sizeof bs);
        mb_report_size(bss[b], bl, sizeof bl);
        snprintf(name, sizeof name, "throughput-size-bs%s", bs);
        snprintf(cap, sizeof cap, "read throughput vs file size per method, %s requests", bl);
        struct mb_fig *g = mb_fig_new(fc, name, "lines", cap);
        if (!g)
            break;
        size_panels(r, &all, bss[b], pan);
        struct mb_pstyle st = {.xlabel = "file size (K, M, G = KiB, MiB, GiB)",
                               .ylabel = "throughput (GiB/s)",
                               .yfmt = "%g",
                               .xlog = 2,
                               .ylog = 10,
                               .xbytes = true,
                               .yscale = MB_GP_GIB};
        bool dashed = false;
        for (int p = 0; p < 4; p++)
            for (size_t k = 0; k < pan[p].ns; k++)
                dashed = dashed || pan[p].sdash[k];
        snprintf(title, sizeof title, "Read throughput vs file size, %s requests, 1 thread%s", bl,
                 dashed ? "; dashed: kept open (lifetime:case)" : "");
        static const enum mb_metric m4[] = {MB_M_BPS, MB_M_BPS, MB_M_BPS, MB_M_BPS};
        rc = mb_gp_lines(fc, g, pan, 4, "size", m4, &st, title, err);
    }
    free(pan);
    return rc;
}

/* Sets q's size and bs to the file and request size with the most thread counts (the largest
 * file on ties): a run's other groups add single-thread cases at sizes never run with more
 * threads. */
static void pick_thread_group(const struct mb_results *r, struct mb_query *q)
{
    uint64_t v[MB_QUERY_MAXV], bsv[MB_QUERY_MAXV], th[MB_QUERY_MAXV], best_size = 0, best_bs = 0;
    size_t best = 0, ns = mb_query_axis(r, q, MB_AXIS_SIZE, v);
    for (size_t i = 0; i < ns; i++) {
        struct mb_query qs = *q;
        qs.size = v[i];
        size_t nbs = mb_query_axis(r, &qs, MB_AXIS_BS, bsv);
        for (size_t k = 0; k < nbs; k++) {
            qs.bs = bsv[k];
            size_t n = mb_query_axis(r, &qs, MB_AXIS_THREADS, th);
            if (n > best || (n == best && v[i] >= best_size)) {
                best = n;
                best_size = v[i];
                best_bs = bsv[k];
            }
        }
    }
    q->size = best_size;
    q->bs = best_bs;
}

/* One panel of the thread figure: the methods of c run at two thread counts or more. */
static void threads_panel(const struct mb_results *r, const struct mb_query *c, struct mb_panel *p)
{
    p->nx = mb_query_axis(r, c, MB_AXIS_THREADS, p->x);
    /* a scaling line needs two thread counts: methods run single-threaded only (other
     * groups' cases of this size) are left out, a panel with one thread count is empty */
    struct mb_variant v[MB_QUERY_MAXV];
    size_t nv = p->nx > 1 ? mb_query_variants(r, c, v) : 0;
    for (size_t m = 0, depth = 0; m < nv; m++) {
        depth = m > 0 && strcmp(v[m].method, v[m - 1].method) == 0 ? depth + 1 : 0;
        struct mb_query d = *c;
        d.method = v[m].method;
        d.qd = v[m].qd;
        uint64_t tv[MB_QUERY_MAXV];
        if (mb_query_axis(r, &d, MB_AXIS_THREADS, tv) < 2)
            continue;
        size_t k = p->ns++;
        snprintf(p->sbuf[k], sizeof p->sbuf[k], "%s", v[m].label);
        p->sname[k] = p->sbuf[k];
        p->smeth[k] = v[m].method;
        p->slife[k] = c->lifetime;
        p->sqd[k] = v[m].qd;
        p->spt[k] = depth ? mb_gp_point_type(depth) : 0;
    }
    fill_cells(r, c, MB_AXIS_THREADS, p);
}

int mb_fig_threads(struct mb_fig_ctx *fc, struct mb_err *err)
{
    const struct mb_results *r = &fc->run->file;
    struct mb_fig *g = mb_fig_new(fc, "threads", "lines", "thread scaling of random reads");
    if (!g)
        return 0;
    struct mb_query q = {.op = "read", .pattern = "random", .hint = "none"};
    q.lifetime = mb_query_lifetime(r, &q);
    uint64_t th[MB_QUERY_MAXV];
    size_t nt = mb_query_axis(r, &q, MB_AXIS_THREADS, th);
    if (nt < 2) {
        snprintf(g->note, sizeof g->note, "this run has random reads at %s thread count",
                 nt ? "only one" : "no");
        return 0;
    }
    pick_thread_group(r, &q);
    struct mb_panel *pan = calloc(2, sizeof *pan);
    if (!pan)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    static const char *const caches[] = {"warm", "cold"};
    for (int p = 0; p < 2; p++) {
        struct mb_query c = q;
        c.cache = caches[p];
        snprintf(pan[p].title, sizeof pan[p].title, "random read, %s cache", caches[p]);
        threads_panel(r, &c, &pan[p]);
    }
    char sz[32], bs[32], title[160];
    mb_report_size(q.size, sz, sizeof sz);
    mb_report_size(q.bs, bs, sizeof bs);
    snprintf(title, sizeof title, "Random-read thread scaling, %s file, %s requests%s", sz, bs,
             mb_fig_lifetime_title(fc, q.lifetime));
    struct mb_pstyle st = {"threads", "throughput (GiB/s)", "", "%g", 2, 10, false, MB_GP_GIB};
    static const enum mb_metric m2[] = {MB_M_BPS, MB_M_BPS};
    int rc = mb_gp_lines(fc, g, pan, 2, "threads", m2, &st, title, err);
    free(pan);
    return rc;
}

/* One IPC panel: per transport (series) the case of `work` at each message size (x). */
static void ipc_panel(const struct mb_results *r, const char *work, struct mb_panel *pp)
{
    for (size_t i = 0; i < r->n; i++) {
        const struct mb_rcase *c = &r->c[i];
        if (c->kind != MB_KIND_IPC || strcmp(c->ipc.workload, work) != 0 || !c->n)
            continue;
        size_t s = 0, x = 0;
        while (s < pp->ns && strcmp(pp->sname[s], c->ipc.transport) != 0)
            s++;
        while (x < pp->nx && pp->x[x] != c->ipc.msg)
            x++;
        if (s == MB_QUERY_MAXV || x == MB_QUERY_MAXV)
            continue;
        if (s == pp->ns)
            pp->sname[pp->ns++] = c->ipc.transport;
        if (x == pp->nx)
            pp->x[pp->nx++] = c->ipc.msg;
    }
    qsort(pp->x, pp->nx, sizeof pp->x[0], mb_cmp_u64);
    for (size_t i = 0; i < r->n; i++) {
        const struct mb_rcase *c = &r->c[i];
        if (c->kind != MB_KIND_IPC || strcmp(c->ipc.workload, work) != 0 || !c->n)
            continue;
        for (size_t s = 0; s < pp->ns; s++)
            for (size_t x = 0; x < pp->nx; x++)
                if (strcmp(pp->sname[s], c->ipc.transport) == 0 && pp->x[x] == c->ipc.msg)
                    pp->cell[s][x] = c;
    }
}

int mb_fig_ipc(struct mb_fig_ctx *fc, struct mb_err *err)
{
    struct mb_fig *gt = mb_fig_new(fc, "ipc-throughput", "lines",
                                   "IPC stream throughput vs message size per transport");
    struct mb_fig *gl = mb_fig_new(fc, "ipc-latency", "lines",
                                   "IPC pingpong round-trip latency vs message size per transport");
    if (!gt || !gl)
        return 0;
    if (!fc->run->has_ipc) {
        snprintf(gt->note, sizeof gt->note, "no mapbench-ipc.json in this run");
        snprintf(gl->note, sizeof gl->note, "no mapbench-ipc.json in this run");
        return 0;
    }
    struct mb_panel *pan = calloc(3, sizeof *pan);
    if (!pan)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    /* panel 0: stream; panels 1, 2: pingpong (p50, p99) */
    static const char *const work[] = {"stream", "pingpong", "pingpong"};
    for (int p = 0; p < 3; p++)
        ipc_panel(&fc->run->ipc, work[p], &pan[p]);
    snprintf(pan[0].title, sizeof pan[0].title, "stream");
    snprintf(pan[1].title, sizeof pan[1].title, "pingpong, median (p50)");
    snprintf(pan[2].title, sizeof pan[2].title, "pingpong, 99th percentile");
    struct mb_pstyle st = {.xlabel = "message size (bytes; K, M = KiB, MiB)",
                           .ylabel = "throughput (GiB/s)",
                           .yfmt = "%g",
                           .xlog = 2,
                           .ylog = 10,
                           .xbytes = true,
                           .yscale = MB_GP_GIB};
    static const enum mb_metric mt[] = {MB_M_BPS}, ml[] = {MB_M_P50, MB_M_P99};
    int rc = mb_gp_lines(fc, gt, &pan[0], 1, "msg", mt, &st,
                         "IPC stream throughput vs message size", err);
    struct mb_pstyle sl = st;
    sl.ylabel = "round-trip latency (µs)";
    sl.yscale = 0;
    if (rc == 0)
        rc = mb_gp_lines(fc, gl, &pan[1], 2, "msg", ml, &sl, "IPC pingpong latency vs message size",
                         err);
    free(pan);
    return rc;
}
