/* verdict.c: report.md, the verdict of one run on "mapping a file greatly improves
 * efficiency": map vs explicit I/O per scenario, mapcopy vs prw, map vs mem, and IPC. */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "stats.h"

#define GREAT 1.5 /* "greatly": a median ratio of at least 1.5x */

static void fmt_bps(double v, char *buf, size_t len)
{
    if (!isfinite(v))
        snprintf(buf, len, "-");
    else if (v >= 1024.0 * 1024 * 1024)
        snprintf(buf, len, "%.2f GiB/s", v / (1024.0 * 1024 * 1024));
    else if (v >= 1024.0 * 1024)
        snprintf(buf, len, "%.1f MiB/s", v / (1024.0 * 1024));
    else
        snprintf(buf, len, "%.1f KiB/s", v / 1024.0);
}

static const char *op_noun(const char *op)
{
    if (strcmp(op, "read") == 0)
        return "reads";
    if (strcmp(op, "write") == 0)
        return "writes";
    if (strcmp(op, "write:sync") == 0)
        return "durable writes";
    return "mixed requests";
}

/* "2.1x faster than prw (1.9-2.3x)" and the like, into buf. */
static void sentence(const struct mb_ratio *q, const char *subject, const char *op,
                     const char *other, char *buf, size_t len)
{
    if (!isfinite(q->ratio))
        snprintf(buf, len, "no data to compare");
    else if (q->significant && q->ratio > 1)
        snprintf(buf, len, "%s %s are %.2fx faster than %s (%.2f-%.2fx)", subject, op_noun(op),
                 q->ratio, other, q->lo, q->hi);
    else if (q->significant)
        snprintf(buf, len, "%s %s are %.2fx slower than %s (%.2f-%.2fx)", subject, op_noun(op),
                 1 / q->ratio, other, 1 / q->hi, 1 / q->lo);
    else
        snprintf(buf, len, "no significant difference (ratio %.2f, %.2f-%.2f, p=%.2g)", q->ratio,
                 q->lo, q->hi, q->p);
}

/* A compared pair of cases of one scenario. */
struct pair {
    const struct mb_rcase *a, *b; /* explicit (or baseline) and the mapped method */
    struct mb_ratio q;
};

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

static int cmp_pair(const void *pa, const void *pb)
{
    const struct pair *a = pa, *b = pb;
    const struct mb_case_fields *x = &a->b->f, *y = &b->b->f;
    if (x->size != y->size)
        return x->size < y->size ? -1 : 1;
    if (x->bs != y->bs)
        return x->bs < y->bs ? -1 : 1;
    if (x->threads != y->threads)
        return x->threads < y->threads ? -1 : 1;
    return strcmp(x->hint, y->hint);
}

/* Counts of one scenario, for the summary. */
struct tally {
    char scenario[128];
    size_t n, faster, slower, same;
    double rmin, rmed, rmax;
    const char *verdict;
};

static const char *verdict_of(const struct tally *t)
{
    if (t->n == 0)
        return "no data";
    if (2 * t->faster > t->n)
        return t->rmed >= GREAT ? "**greatly faster** (supports the claim)"
                                : "faster, but by less than 1.5x";
    if (2 * t->slower > t->n)
        return "**slower** (contradicts the claim)";
    if (2 * t->same > t->n)
        return "no significant difference";
    return "mixed";
}

/* The order of scenario axes. */
static const char *const ops[] = {"read", "write", "write:sync"};
static const char *const caches[] = {"warm", "cold"};
static const char *const pats[] = {"seq", "random"};

/* Does case c belong to the scenario (op index o, ...)? Ops and patterns not in the lists fall
 * into a last "other" bucket. */
static bool in_list(const char *s, const char *const *l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, l[i]) == 0)
            return true;
    return false;
}

static bool scen_match(const struct mb_rcase *c, int o, int k, int p, int small)
{
    bool op_ok = o < 3 ? strcmp(c->f.op, ops[o]) == 0 : !in_list(c->f.op, ops, 3);
    bool pat_ok = p < 2 ? strcmp(c->f.pattern, pats[p]) == 0 : !in_list(c->f.pattern, pats, 2);
    return op_ok && pat_ok && strcmp(c->f.cache, caches[k]) == 0 &&
           (c->f.bs <= 16384) == (small != 0);
}

/* One comparison section: method `mb` against `ma` (or against the first of `ma_alt` that
 * exists for a case). Writes tables per scenario and fills the tallies. */
static int section(FILE *f, const struct mb_run *run, const char *mb, const char *const *ma,
                   size_t nma, const char *subject, struct tally *tal, size_t *ntal, size_t maxtal)
{
    const struct mb_results *r = &run->file;
    struct pair *pairs = calloc(r->n ? r->n : 1, sizeof *pairs);
    double *rs = calloc(r->n ? r->n : 1, sizeof *rs);
    if (!pairs || !rs) {
        free(pairs);
        free(rs);
        return MB_E_NOMEM;
    }
    size_t total = 0;
    for (int o = 0; o < 4; o++)
        for (int k = 0; k < 2; k++)
            for (int p = 0; p < 3; p++)
                for (int small = 1; small >= 0; small--) {
                    size_t np = 0;
                    for (size_t i = 0; i < r->n; i++) {
                        const struct mb_rcase *c = &r->c[i];
                        if (c->kind != MB_KIND_FILE || strcmp(c->f.method, mb) != 0 || !c->n ||
                            !scen_match(c, o, k, p, small))
                            continue;
                        const struct mb_rcase *a = NULL;
                        for (size_t m = 0; m < nma && !a; m++) {
                            a = mb_results_find(r, c->f.op, c->f.pattern, ma[m], c->f.hint,
                                                c->f.size, c->f.bs, c->f.cache, c->f.threads);
                            if (!a || !a->n)
                                a = mb_results_find(r, c->f.op, c->f.pattern, ma[m], "none",
                                                    c->f.size, c->f.bs, c->f.cache, c->f.threads);
                            if (a && !a->n)
                                a = NULL;
                        }
                        if (!a)
                            continue;
                        pairs[np].a = a;
                        pairs[np].b = c;
                        if (mb_stats_ratio(a->v[MB_M_BPS], a->n, c->v[MB_M_BPS], c->n,
                                           &pairs[np].q) != 0) {
                            free(pairs);
                            free(rs);
                            return MB_E_NOMEM;
                        }
                        np++;
                    }
                    if (!np)
                        continue;
                    qsort(pairs, np, sizeof *pairs, cmp_pair);
                    struct tally t;
                    memset(&t, 0, sizeof t);
                    const struct mb_rcase *c0 = pairs[0].b;
                    snprintf(t.scenario, sizeof t.scenario, "%s, %s cache, %s, %s requests",
                             o < 3 ? ops[o] : "other ops", caches[k],
                             p < 2 ? pats[p] : "other patterns",
                             small ? "small (<=16K)" : "large (>16K)");
                    fprintf(f, "\n### %s\n\n", t.scenario);
                    fprintf(f,
                            "| op | pattern | file | request | threads | %s | %s | ratio | 95%% "
                            "CI | p | n | |\n",
                            ma[0], mb);
                    fputs("|---|---|---:|---:|---:|---:|---:|---:|---|---:|---|---|\n", f);
                    size_t nr = 0;
                    for (size_t i = 0; i < np; i++) {
                        const struct pair *pp = &pairs[i];
                        char sz[16], bs[16], va[48], vb[32], s[200], meth[48];
                        mb_report_size(pp->b->f.size, sz, sizeof sz);
                        mb_report_size(pp->b->f.bs, bs, sizeof bs);
                        fmt_bps(pp->q.ma, va, sizeof va);
                        fmt_bps(pp->q.mb, vb, sizeof vb);
                        snprintf(meth, sizeof meth, "%s", pp->a->f.method);
                        sentence(&pp->q, subject, pp->b->f.op, meth, s, sizeof s);
                        t.n++;
                        if (pp->q.significant && pp->q.ratio > 1)
                            t.faster++;
                        else if (pp->q.significant)
                            t.slower++;
                        else
                            t.same++;
                        if (isfinite(pp->q.ratio))
                            rs[nr++] = pp->q.ratio;
                        if (strcmp(pp->a->f.method, ma[0]) != 0) {
                            size_t l = strlen(va);
                            snprintf(va + l, sizeof va - l, " (%s)", pp->a->f.method);
                        }
                        fprintf(f,
                                "| %s | %s%s%s | %s | %s | %u | %s | %s | %.3g | %.3g-%.3g | "
                                "%.2g | %zu/%zu | %s |\n",
                                pp->b->f.op, pp->b->f.pattern,
                                strcmp(pp->b->f.hint, "none") ? ", hint " : "",
                                strcmp(pp->b->f.hint, "none") ? pp->b->f.hint : "", sz, bs,
                                pp->b->f.threads, va, vb, pp->q.ratio, pp->q.lo, pp->q.hi, pp->q.p,
                                pp->q.na, pp->q.nb, s);
                    }
                    qsort(rs, nr, sizeof *rs, cmp_double);
                    t.rmin = nr ? rs[0] : NAN;
                    t.rmax = nr ? rs[nr - 1] : NAN;
                    t.rmed = nr ? mb_stats_median(rs, nr) : NAN;
                    t.verdict = verdict_of(&t);
                    fprintf(f,
                            "\n%s: %s faster in %zu of %zu cases, slower in %zu, no significant "
                            "difference in %zu; median ratio %.2f (range %.2f-%.2f). Verdict: "
                            "%s.\n",
                            c0->f.op, mb, t.faster, t.n, t.slower, t.same, t.rmed, t.rmin, t.rmax,
                            t.verdict);
                    if (*ntal < maxtal)
                        tal[(*ntal)++] = t;
                    total += np;
                }
    if (!total)
        fprintf(f, "\nNo case of this run has both %s and %s.\n", mb, ma[0]);
    free(pairs);
    free(rs);
    return 0;
}

static void summary_table(FILE *f, const struct tally *t, size_t n)
{
    if (!n)
        return;
    fputs("| scenario | cases | faster | slower | no sig. diff. | median ratio (range) | verdict "
          "|\n|---|---:|---:|---:|---:|---|---|\n",
          f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "| %s | %zu | %zu | %zu | %zu | %.2f (%.2f-%.2f) | %s |\n", t[i].scenario,
                t[i].n, t[i].faster, t[i].slower, t[i].same, t[i].rmed, t[i].rmin, t[i].rmax,
                t[i].verdict);
}

static size_t min_reps(const struct mb_results *r)
{
    size_t m = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->c[i].n && (m == 0 || r->c[i].n < m))
            m = r->c[i].n;
    return m;
}

static void context_table(FILE *f, const struct mb_run *run)
{
    fprintf(f, "| | |\n|---|---|\n| run directory | `%s` |\n", run->dir);
    for (size_t i = 0; i < run->nctx; i++)
        fprintf(f, "| %s | %s |\n", run->ctx[i].key, run->ctx[i].val);
    if (!run->nctx)
        fputs("| context | (no context.json in the run) |\n", f);
}

static void errors_section(FILE *f, const struct mb_results *r, const char *what)
{
    size_t skips = 0, fails = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->c[i].nerr) {
            if (strncmp(r->c[i].errmsg, "skipped: ", 9) == 0)
                skips++;
            else
                fails++;
        }
    fprintf(f, "\n%s: %zu cases failed, %zu were skipped on this platform.\n", what, fails, skips);
    if (!fails && !skips)
        return;
    fputs("\n| case | kind | repetitions | message |\n|---|---|---:|---|\n", f);
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < r->n; i++) {
            const struct mb_rcase *c = &r->c[i];
            if (!c->nerr)
                continue;
            bool skip = strncmp(c->errmsg, "skipped: ", 9) == 0;
            if (skip != (pass == 1))
                continue;
            fprintf(f, "| `%s` | %s | %zu | ", c->name, skip ? "skipped" : "**failed**", c->nerr);
            for (const char *p = c->errmsg; *p; p++)
                fputs(*p == '|' ? "\\|" : *p == '\n' ? " " : (char[2]){*p, 0}, f);
            fputs(" |\n", f);
        }
}

/* IPC: shm against every other transport, per workload and message size. */
static int ipc_section(FILE *f, const struct mb_run *run)
{
    const struct mb_results *r = &run->ipc;
    fputs("\n## IPC: shared memory vs pipes and sockets\n\n", f);
    fputs("Throughput ratio = shm / other transport (medians of the raw repetitions, 95% "
          "bootstrap CI, Mann-Whitney p); for pingpong also the median round-trip latencies "
          "(p50/p99 in µs).\n",
          f);
    static const char *const work[] = {"stream", "pingpong"};
    bool any = false;
    for (int w = 0; w < 2; w++) {
        bool head = false;
        for (size_t i = 0; i < r->n; i++) {
            const struct mb_rcase *s = &r->c[i];
            if (s->kind != MB_KIND_IPC || strcmp(s->ipc.workload, work[w]) != 0 ||
                strncmp(s->ipc.transport, "shm", 3) != 0 || !s->n)
                continue;
            for (size_t j = 0; j < r->n; j++) {
                const struct mb_rcase *o = &r->c[j];
                if (o->kind != MB_KIND_IPC || strcmp(o->ipc.workload, work[w]) != 0 ||
                    strncmp(o->ipc.transport, "shm", 3) == 0 || o->ipc.msg != s->ipc.msg || !o->n)
                    continue;
                struct mb_ratio q;
                const double *va = o->v[MB_M_BPS], *vb = s->v[MB_M_BPS];
                if (mb_stats_ratio(va, o->n, vb, s->n, &q) != 0)
                    return MB_E_NOMEM;
                if (!isfinite(q.ratio) &&
                    mb_stats_ratio(o->v[MB_M_IPS], o->n, s->v[MB_M_IPS], s->n, &q) != 0)
                    return MB_E_NOMEM;
                if (!head) {
                    fprintf(f,
                            "\n### %s\n\n| message | shm | other | shm | other | shm/other "
                            "| 95%% CI | p |%s |\n|---:|---|---|---:|---:|---:|---|---:|%s---|\n",
                            work[w], w ? " shm p50/p99 µs | other p50/p99 µs |" : "",
                            w ? "---:|---:|" : "");
                    head = true;
                }
                char sz[16], a[32], b[32], sent[200];
                mb_report_size(s->ipc.msg, sz, sizeof sz);
                fmt_bps(q.mb, b, sizeof b);
                fmt_bps(q.ma, a, sizeof a);
                if (!isfinite(q.ratio))
                    snprintf(sent, sizeof sent, "no throughput data");
                else if (q.significant)
                    snprintf(sent, sizeof sent, "%s moves data %.2fx %s than %s", s->ipc.transport,
                             q.ratio > 1 ? q.ratio : 1 / q.ratio, q.ratio > 1 ? "faster" : "slower",
                             o->ipc.transport);
                else
                    snprintf(sent, sizeof sent, "no significant difference");
                fprintf(f, "| %s | %s | %s | %s | %s | %.3g | %.3g-%.3g | %.2g |", sz,
                        s->ipc.transport, o->ipc.transport, b, a, q.ratio, q.lo, q.hi, q.p);
                if (w)
                    fprintf(f, " %.3g / %.3g | %.3g / %.3g |",
                            mb_stats_median(s->v[MB_M_P50], s->n),
                            mb_stats_median(s->v[MB_M_P99], s->n),
                            mb_stats_median(o->v[MB_M_P50], o->n),
                            mb_stats_median(o->v[MB_M_P99], o->n));
                fprintf(f, " %s |\n", sent);
                any = true;
            }
        }
    }
    if (!any)
        fputs("\nNo shm transport with a pipe/socket counterpart in mapbench-ipc.json.\n", f);
    return 0;
}

int mb_report_verdict(const struct mb_run *run, const struct mb_figs *figs, const char *outdir,
                      struct mb_err *err)
{
    struct mb_out o;
    int rc = mb_out_open(&o, outdir, "report.md", err);
    if (rc)
        return rc;
    FILE *f = o.f;
    char label[256];
    mb_report_label(run, label, sizeof label);
    fprintf(f, "# mapbench verdict: %s\n\n", label);
    if (run->wine)
        fputs("> **wine (not Windows performance)**: this run executed under wine. It shows that "
              "the Windows build works, not how fast Windows is.\n\n",
              f);
    fputs("Claim under test: **\"mapping a file greatly improves efficiency\"**.\n\n", f);
    size_t reps = min_reps(&run->file);
    fprintf(f,
            "How to read this: every ratio is a ratio of medians of the raw repetitions "
            "(Google Benchmark aggregates are ignored), mapped / explicit throughput, so above 1 "
            "means mapping is faster. The explicit side is `prw` (pread/pwrite), or `rw` where a "
            "case has no `prw`. The 95%% confidence interval is a percentile bootstrap "
            "(%d resamples, fixed seed); p is the two-sided Mann-Whitney U test (exact without "
            "ties for up to 25 values per side, otherwise the normal approximation with tie "
            "correction). A difference is called significant only when p < 0.05 and the "
            "interval excludes 1; \"greatly\" means a median ratio of at least %.1fx. "
            "n is the number of repetitions per side.\n",
            MB_STATS_BOOT, GREAT);
    if (run->has_file && reps < 4)
        fprintf(f,
                "\n> **Too few repetitions**: some cases have only %zu. With fewer than 4 per "
                "side the Mann-Whitney test can never reach p < 0.05, so nothing below can be "
                "called significant. Run with `--benchmark_repetitions=5` or more.\n",
                reps);
    fputs("\n## Machine\n\n", f);
    context_table(f, run);

    struct tally *tal = calloc(3 * 64, sizeof *tal);
    if (!tal) {
        mb_out_abort(&o);
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    }
    size_t nt_map = 0, nt_copy = 0, nt_mem = 0;
    /* the per-scenario tables go to a memory buffer first: the summary comes before them */
    char *body = NULL;
    size_t body_len = 0;
    FILE *bf = open_memstream(&body, &body_len);
    if (!bf) {
        free(tal);
        mb_out_abort(&o);
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    }
    static const char *const expl[] = {"prw", "rw"}, *const prw[] = {"prw"}, *const mem[] = {"mem"};
    if (run->has_file) {
        fputs("\n## map vs explicit I/O, per scenario\n", bf);
        rc = section(bf, run, "map", expl, 2, "mapped", tal, &nt_map, 64);
        fputs("\n## mapcopy (mmap + memcpy) vs prw\n\nHow much of the mapping's advantage "
              "survives when the data must be copied into a buffer anyway.\n",
              bf);
        if (!rc)
            rc = section(bf, run, "mapcopy", prw, 1, "map+copy", tal + 64, &nt_copy, 64);
        fputs("\n## map vs mem (in-memory baseline)\n\nHow close zero-copy mapping gets to "
              "touching a private in-memory copy (ratio map/mem; 1 means as fast as memory).\n",
              bf);
        if (!rc)
            rc = section(bf, run, "map", mem, 1, "mapped", tal + 128, &nt_mem, 64);
    }
    if (!rc && run->has_ipc)
        rc = ipc_section(bf, run);
    fputs("\n## Failed and skipped cases\n", bf);
    if (run->has_file)
        errors_section(bf, &run->file, "mapbench.json");
    if (run->has_ipc)
        errors_section(bf, &run->ipc, "mapbench-ipc.json");
    fclose(bf);
    if (rc) {
        free(body);
        free(tal);
        mb_out_abort(&o);
        return mb_err_set(err, rc, 0, NULL, "out of memory");
    }

    fputs("\n## Summary\n\n", f);
    if (!run->has_file) {
        fputs("This run has no file benchmarks (no mapbench.json).\n", f);
    } else if (!nt_map) {
        fputs("This run has no case with both map and an explicit method, so it says nothing "
              "about the claim.\n",
              f);
    } else {
        size_t sup = 0, con = 0;
        for (size_t i = 0; i < nt_map; i++) {
            sup += strstr(tal[i].verdict, "supports") != NULL;
            con += strstr(tal[i].verdict, "contradicts") != NULL;
        }
        fprintf(f,
                "Of %zu scenarios with map and explicit I/O, the claim holds (map greatly faster "
                "in most cases) in %zu, mapping is slower in %zu, and the rest show smaller, "
                "mixed or no significant differences. %s\n\n",
                nt_map, sup, con,
                reps < 4        ? "With so few repetitions this run cannot decide the claim."
                : sup == nt_map ? "The claim holds across this run."
                : sup == 0      ? "This run does not support the claim as stated."
                                : "The claim holds only in the scenarios marked below; it is "
                                  "not true in general.");
        fputs("map vs explicit I/O:\n\n", f);
        summary_table(f, tal, nt_map);
        if (nt_copy) {
            fputs("\nmapcopy vs prw:\n\n", f);
            summary_table(f, tal + 64, nt_copy);
        }
        if (nt_mem) {
            fputs("\nmap vs mem (ratio below 1: slower than in-memory access):\n\n", f);
            summary_table(f, tal + 128, nt_mem);
        }
    }
    fputs("\n## Figures\n\n", f);
    for (size_t i = 0; figs && i < figs->n; i++) {
        const struct mb_fig *g = &figs->f[i];
        if (g->drawn)
            fprintf(f, "**%s**\n\n![%s](%s.png)\n\n", g->caption, g->caption, g->name);
        else
            fprintf(f, "- *%s*: not drawn, %s.\n", g->caption, g->note);
    }
    fwrite(body, 1, body_len, f);
    free(body);
    free(tal);
    return mb_out_close(&o, err);
}
