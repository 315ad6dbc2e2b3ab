/* ipc/cases.c: mapbench-ipc's case table, batch sizes and one case's measurement (see
 * ipc/cases.h). Platform-neutral. */
#include "ipc/cases.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/order.h"
#include "core/parse.h"
#include "ipc/ring.h"
#include "os/os.h"

const char *mb_ipc_workload_name(enum mb_ipc_workload wl)
{
    return wl == MB_IPC_WL_STREAM ? "stream" : wl == MB_IPC_WL_PINGPONG ? "pingpong" : "?";
}

/* mb_list_parse with our wording: an empty list names the flag, an empty item the list. */
static int list_parse(const char *text, const char *flag, const char *what, struct mb_list *l,
                      struct mb_err *err)
{
    if (!text[0])
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "empty %s: give at least one %s", flag, what);
    return mb_list_parse(text, what, l, err);
}

static int select_transports(const char *text, struct mb_ipc_cases *cs, struct mb_err *err)
{
    size_t nall;
    const struct mb_ipc_transport *const *all = mb_ipc_transports(&nall);
    if (!text) {
        for (size_t i = 0; i < nall && i < MB_IPC_MAX_TRANSPORTS; i++)
            cs->t[cs->nt++] = all[i];
        return 0;
    }
    struct mb_list l;
    int rc = list_parse(text, "--transports", "transport", &l, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < l.n && !rc; i++) {
        const struct mb_ipc_transport *t;
        if (cs->nt == MB_IPC_MAX_TRANSPORTS)
            rc = mb_err_set(err, MB_E_USAGE, 0, NULL, "too many transports");
        else if (!(rc = mb_ipc_transport_find(l.items[i], &t, err))) {
            bool twice = false; /* a repeat is dropped, as run/flags.c drops repeated items */
            for (size_t k = 0; k < cs->nt; k++)
                twice = twice || cs->t[k] == t;
            if (!twice)
                cs->t[cs->nt++] = t;
        }
    }
    mb_list_free(&l);
    return rc;
}

static int select_workloads(const char *text, enum mb_ipc_workload *wl, size_t *nwl,
                            struct mb_err *err)
{
    struct mb_list l;
    int rc = list_parse(text ? text : "stream,pingpong", "--workloads", "workload", &l, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < l.n && !rc; i++) {
        int k = 0;
        while (k < MB_IPC_WL_COUNT &&
               strcmp(l.items[i], mb_ipc_workload_name((enum mb_ipc_workload)k)) != 0)
            k++;
        bool twice = false;
        for (size_t j = 0; j < *nwl; j++)
            twice = twice || wl[j] == (enum mb_ipc_workload)k;
        if (k == MB_IPC_WL_COUNT)
            rc = mb_err_set(err, MB_E_USAGE, 0, NULL,
                            "unknown workload '%s' (known: stream, pingpong)", l.items[i]);
        else if (!twice) /* a repeat is dropped */
            wl[(*nwl)++] = (enum mb_ipc_workload)k;
    }
    mb_list_free(&l);
    return rc;
}

static int select_sizes(const char *text, uint64_t ring, uint64_t *sizes, size_t *nsizes,
                        struct mb_err *err)
{
    struct mb_list l;
    int rc = list_parse(text ? text : MB_IPC_DEFAULT_SIZES, "--msg-sizes", "message size", &l, err);
    if (rc)
        return rc;
    char rs[32];
    mb_size_format(ring, rs, sizeof rs);
    for (size_t i = 0; i < l.n && !rc; i++) {
        uint64_t v;
        if ((rc = mb_parse_size(l.items[i], "message size", &v, err)))
            break;
        if (v < MB_IPC_MSG_MIN)
            rc = mb_err_set(err, MB_E_USAGE, 0, NULL,
                            "bad message size '%s': at least %" PRIu64
                            " bytes (sequence number, checksum, op, arg)",
                            l.items[i], MB_IPC_MSG_MIN);
        else if (v > mb_ring_max_msg(ring))
            rc = mb_err_set(err, MB_E_USAGE, 0, NULL,
                            "bad message size '%s': larger than the %s ring (%" PRIu64
                            " bytes, at most %" PRIu64 " per message); use a larger --ring-size",
                            l.items[i], rs, ring, mb_ring_max_msg(ring));
        else if (*nsizes == MB_IPC_MAX_SIZES)
            rc = mb_err_set(err, MB_E_USAGE, 0, NULL, "too many message sizes");
        bool twice = false; /* the same size written twice (1024,1K) is dropped */
        for (size_t k = 0; k < *nsizes; k++)
            twice = twice || sizes[k] == v;
        if (!rc && !twice)
            sizes[(*nsizes)++] = v;
    }
    mb_list_free(&l);
    return rc;
}

int mb_ipc_cases_select(const char *transports, const char *workloads, const char *sizes,
                        uint64_t ring_size, struct mb_ipc_cases *out, struct mb_err *err)
{
    memset(out, 0, sizeof *out);
    enum mb_ipc_workload wl[MB_IPC_WL_COUNT];
    uint64_t sz[MB_IPC_MAX_SIZES];
    size_t nwl = 0, nsz = 0;
    int rc = select_transports(transports, out, err);
    if (!rc)
        rc = select_workloads(workloads, wl, &nwl, err);
    if (!rc)
        rc = select_sizes(sizes, ring_size, sz, &nsz, err);
    if (rc)
        return rc;
    size_t n = nwl * out->nt * nsz;
    out->v = calloc(n ? n : 1, sizeof *out->v);
    if (!out->v)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory for %llu cases",
                          (unsigned long long)n);
    for (size_t w = 0; w < nwl; w++)
        for (size_t i = 0; i < out->nt; i++)
            for (size_t z = 0; z < nsz; z++)
                out->v[out->n++] = (struct mb_ipc_case){out->t[i], wl[w], sz[z]};
    return 0;
}

void mb_ipc_cases_free(struct mb_ipc_cases *cs)
{
    free(cs->v);
    cs->v = NULL;
    cs->n = 0;
}

bool mb_ipc_cases_need_dir(const struct mb_ipc_cases *cs)
{
    for (size_t i = 0; i < cs->nt; i++)
        if (cs->t[i]->caps & MB_IPC_CAP_DIR)
            return true;
    return false;
}

int mb_ipc_cases_preflight(const struct mb_ipc_cases *cs, const struct mb_ipc_params *p,
                           struct mb_err *err)
{
    for (size_t i = 0; i < cs->nt; i++) {
        int rc = cs->t[i]->preflight ? cs->t[i]->preflight(p, err) : 0;
        if (rc)
            return rc;
    }
    return 0;
}

void mb_ipc_case_name(const struct mb_ipc_case *c, char *buf, size_t len)
{
    snprintf(buf, len, "ipc/%s/%s/msg:%" PRIu64, mb_ipc_workload_name(c->wl), c->t->name, c->msg);
}

uint64_t mb_ipc_batch(const struct mb_ipc_case *c)
{
    uint64_t n;
    if (c->wl == MB_IPC_WL_STREAM) {
        n = (8u << 20) / c->msg;
        return n < 4 ? 4 : n > 16384 ? 16384 : n;
    }
    n = (16u << 20) / c->msg;
    return n < 8 ? 8 : n > 1000 ? 1000 : n;
}

uint64_t *mb_ipc_samples_reserve(struct mb_ipc_samples *s, uint64_t n, int *rc, struct mb_err *err)
{
    *rc = 0;
    if (s->n + n > MB_IPC_MAX_SAMPLES)
        return NULL;
    if (s->n + n > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 4096;
        while (cap < s->n + n)
            cap *= 2;
        uint64_t *p = realloc(s->v, cap * sizeof *p);
        if (!p) {
            *rc = mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory for samples");
            return NULL;
        }
        s->v = p;
        s->cap = cap;
    }
    return s->v + s->n;
}

void mb_ipc_samples_commit(struct mb_ipc_samples *s, uint64_t n)
{
    s->n += (size_t)n;
}

double mb_ipc_samples_percentile_us(struct mb_ipc_samples *s, unsigned p)
{
    qsort(s->v, s->n, sizeof *s->v, mb_cmp_u64);
    return (double)mb_percentile_u64(s->v, s->n, p) * 1e-3;
}

void mb_ipc_samples_free(struct mb_ipc_samples *s)
{
    free(s->v);
    memset(s, 0, sizeof *s);
}

static int run_batch(const struct mb_ipc_case *c, struct mb_ipc_session *s, uint64_t n,
                     uint64_t *rtt, double *secs, struct mb_err *err)
{
    return c->wl == MB_IPC_WL_STREAM ? mb_ipc_session_stream(s, n, secs, err)
                                     : mb_ipc_session_pingpong(s, n, rtt, secs, err);
}

int mb_ipc_case_measure(const struct mb_ipc_case *c, struct mb_ipc_session *s,
                        const struct mb_ipc_harness *h, struct mb_ipc_totals *t, struct mb_err *err)
{
    uint64_t n = mb_ipc_batch(c);
    double secs;
    int rc = run_batch(c, s, n, NULL, &secs, err); /* untimed: wakes both processes */
    while (!rc && h->keep_running(h->ctx)) {
        uint64_t *rtt = NULL;
        if (c->wl == MB_IPC_WL_PINGPONG &&
            (rtt = mb_ipc_samples_reserve(&t->lat, n, &rc, err), rc != 0))
            break;
        struct mb_usage u0, u1;
        mb_os_usage(&u0);
        rc = run_batch(c, s, n, rtt, &secs, err);
        mb_os_usage(&u1);
        if (rc)
            break;
        h->iteration_time(h->ctx, secs);
        if (rtt)
            mb_ipc_samples_commit(&t->lat, n);
        t->iters++;
        t->msgs += n;
        t->usr += u1.usr_s - u0.usr_s;
        t->sys += u1.sys_s - u0.sys_s;
        t->vcs += (double)(u1.nvcsw - u0.nvcsw);
        t->ivcs += (double)(u1.nivcsw - u0.nivcsw);
    }
    return rc;
}
