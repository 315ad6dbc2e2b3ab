/* report/query.c: selection over the file cases of a result file (see report/query.h). */
#include "report/query.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/order.h"
#include "report/methods.h"
#include "report/stats.h"

bool mb_query_match(const struct mb_rcase *c, const struct mb_query *q)
{
    return c->kind == MB_KIND_FILE && (!q->op || strcmp(c->f.op, q->op) == 0) &&
           (!q->lifetime || strcmp(c->f.method, "mem") == 0 ||
            strcmp(c->f.lifetime, q->lifetime) == 0) &&
           (!q->pattern || strcmp(c->f.pattern, q->pattern) == 0) &&
           (!q->method || strcmp(c->f.method, q->method) == 0) &&
           (!q->hint || strcmp(c->f.hint, q->hint) == 0) &&
           (!q->cache || strcmp(c->f.cache, q->cache) == 0) && (!q->size || c->f.size == q->size) &&
           (!q->bs || c->f.bs == q->bs) && (!q->threads || c->f.threads == q->threads) &&
           (!q->qd || c->f.qd == q->qd) && c->f.memlimit == q->memlimit;
}

const struct mb_rcase *mb_query_find(const struct mb_results *r, const struct mb_query *q)
{
    for (size_t i = 0; i < r->n; i++)
        if (mb_query_match(&r->c[i], q) && r->c[i].n)
            return &r->c[i];
    return NULL;
}

size_t mb_query_axis(const struct mb_results *r, const struct mb_query *q, enum mb_axis ax,
                     uint64_t *out)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++) {
        const struct mb_rcase *c = &r->c[i];
        if (!mb_query_match(c, q) || c->n == 0)
            continue;
        uint64_t v = ax == MB_AXIS_SIZE      ? c->f.size
                     : ax == MB_AXIS_BS      ? c->f.bs
                     : ax == MB_AXIS_THREADS ? c->f.threads
                                             : c->f.qd;
        bool seen = false;
        for (size_t k = 0; k < n && !seen; k++)
            seen = out[k] == v;
        if (!seen && n < MB_QUERY_MAXV)
            out[n++] = v;
    }
    qsort(out, n, sizeof *out, mb_cmp_u64);
    return n;
}

size_t mb_query_methods(const struct mb_results *r, const struct mb_query *q, const char **out)
{
    const char *order[MB_REPORT_METHODS_MAX];
    size_t nm = mb_report_method_order(order, MB_REPORT_METHODS_MAX), n = 0;
    for (size_t m = 0; m < nm && n < MB_QUERY_MAXV; m++) {
        struct mb_query f = *q;
        f.method = order[m];
        if (mb_query_find(r, &f))
            out[n++] = order[m];
    }
    for (size_t i = 0; i < r->n && n < MB_QUERY_MAXV; i++) { /* names the registry lacks */
        const struct mb_rcase *c = &r->c[i];
        if (!mb_query_match(c, q) || !c->n)
            continue;
        bool seen = false;
        for (size_t k = 0; k < n && !seen; k++)
            seen = strcmp(out[k], c->f.method) == 0;
        if (!seen)
            out[n++] = c->f.method;
    }
    return n;
}

size_t mb_query_variants(const struct mb_results *r, const struct mb_query *q,
                         struct mb_variant *out)
{
    const char *meth[MB_QUERY_MAXV];
    size_t nm = mb_query_methods(r, q, meth), n = 0;
    for (size_t m = 0; m < nm && n < MB_QUERY_MAXV; m++) {
        struct mb_query f = *q;
        f.method = meth[m];
        uint64_t qd[MB_QUERY_MAXV];
        size_t nq = mb_query_axis(r, &f, MB_AXIS_QD, qd);
        bool shown = nq > 1 || (nq == 1 && qd[0] > 1);
        for (size_t k = 0; k < nq && n < MB_QUERY_MAXV; k++) {
            out[n].method = meth[m];
            out[n].qd = (unsigned)qd[k];
            if (shown)
                snprintf(out[n].label, sizeof out[n].label, "%s qd%u", meth[m], out[n].qd);
            else
                snprintf(out[n].label, sizeof out[n].label, "%s", meth[m]);
            n++;
        }
    }
    return n;
}

const char *mb_query_lifetime(const struct mb_results *r, const struct mb_query *q)
{
    struct mb_query f = *q;
    f.lifetime = "pass";
    for (size_t i = 0; i < r->n; i++)
        if (mb_query_match(&r->c[i], &f) && r->c[i].n && strcmp(r->c[i].f.method, "mem") != 0)
            return "pass";
    return "case";
}

const char *mb_query_explicit(const struct mb_results *r, const struct mb_query *q)
{
    struct mb_query f = *q;
    f.method = "prw";
    if (mb_query_find(r, &f))
        return "prw";
    f.method = "rw";
    return mb_query_find(r, &f) ? "rw" : NULL;
}

bool mb_query_size_bs(const struct mb_results *r, struct mb_query *q)
{
    uint64_t v[MB_QUERY_MAXV];
    size_t n = mb_query_axis(r, q, MB_AXIS_SIZE, v);
    if (!n)
        return false;
    q->size = v[n - 1];
    n = mb_query_axis(r, q, MB_AXIS_BS, v);
    if (!n)
        return false;
    q->bs = v[0];
    return true;
}

bool mb_query_latency_size_bs(const struct mb_results *r, struct mb_query *q)
{
    bool found = false;
    for (size_t i = 0; i < r->n; i++) {
        const struct mb_rcase *c = &r->c[i];
        if (!mb_query_match(c, q) || c->n == 0 || !isfinite(mb_stats_median(c->v[MB_M_P50], c->n)))
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

int mb_query_cmp_scenario(const struct mb_case_fields *a, const struct mb_case_fields *b)
{
    int c;
    if (a->memlimit != b->memlimit)
        return a->memlimit < b->memlimit ? -1 : 1;
    if (a->size != b->size)
        return a->size < b->size ? -1 : 1;
    if ((c = strcmp(a->op, b->op)) != 0 || (c = strcmp(a->pattern, b->pattern)) != 0)
        return c;
    if (a->bs != b->bs)
        return a->bs < b->bs ? -1 : 1;
    return strcmp(a->cache, b->cache);
}
