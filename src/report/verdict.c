/* verdict.c: report.md, the verdict of one run on "mapping a file greatly improves
 * efficiency": map vs explicit I/O per scenario, mapcopy vs prw, map vs mem, and IPC. */
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/out.h"
#include "report/stats.h"

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

/* The verdict of one scenario, decided from its counts. */
enum mb_claim {
    MB_CLAIM_NODATA,
    MB_CLAIM_GREAT,  /* most cases significantly faster, median ratio >= GREAT: supports */
    MB_CLAIM_FASTER, /* most faster, by less than GREAT */
    MB_CLAIM_SLOWER, /* most significantly slower: contradicts */
    MB_CLAIM_SAME,   /* most without a significant difference */
    MB_CLAIM_MIXED,
};

static const char *claim_text(enum mb_claim c)
{
    switch (c) {
    case MB_CLAIM_GREAT:
        return "**greatly faster** (supports the claim)";
    case MB_CLAIM_FASTER:
        return "faster, but by less than 1.5x";
    case MB_CLAIM_SLOWER:
        return "**slower** (contradicts the claim)";
    case MB_CLAIM_SAME:
        return "no significant difference";
    case MB_CLAIM_MIXED:
        return "mixed";
    case MB_CLAIM_NODATA:
        break;
    }
    return "no data";
}

/* Counts of one scenario at one lifetime, for the summary. */
struct tally {
    char scenario[128];
    const char *lifetime; /* "case" or "pass" */
    size_t n, faster, slower, same;
    double rmin, rmed, rmax;
    enum mb_claim verdict;
};

static enum mb_claim verdict_of(const struct tally *t)
{
    if (t->n == 0)
        return MB_CLAIM_NODATA;
    if (2 * t->faster > t->n)
        return t->rmed >= GREAT ? MB_CLAIM_GREAT : MB_CLAIM_FASTER;
    if (2 * t->slower > t->n)
        return MB_CLAIM_SLOWER;
    if (2 * t->same > t->n)
        return MB_CLAIM_SAME;
    return MB_CLAIM_MIXED;
}

/* The lifetimes in the order the report shows them: the steady state, then one-shot use. */
static const char *const lifetimes[] = {"case", "pass"};

/* Short and long names of a lifetime, for table cells and sentences. */
static const char *lifetime_short(const char *l)
{
    return strcmp(l, "case") == 0 ? "steady state (case)" : "one-shot (pass)";
}

static const char *lifetime_long(const char *l)
{
    return strcmp(l, "case") == 0
               ? "steady state: file opened and mapped once per case, outside the timed passes "
                 "(lifetime:case)"
               : "one-shot use: file opened, mapped, unmapped and closed inside every timed pass "
                 "(lifetime:pass)";
}

/* The prefix of a row sentence: which lifetime it is about (empty for one-lifetime runs). */
static const char *lifetime_lead(const char *l, bool two)
{
    if (!two)
        return "";
    return strcmp(l, "case") == 0 ? "steady state: " : "one-shot: ";
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

/* What one comparison section compares: method `mb` against `ma[0]` (or the first of `ma`
 * that exists for a case), each case against its counterpart of the same lifetime, except a
 * baseline (`baseline`: mem), which pairs with either lifetime (its own first). */
struct section_spec {
    const char *mb;
    const char *const *ma;
    size_t nma;
    bool baseline;
    const char *subject; /* "mapped", "map+copy" */
};

/* The counterpart of case c on the explicit (or baseline) side, or NULL. */
static const struct mb_rcase *counterpart(const struct mb_results *r, const struct mb_rcase *c,
                                          const struct section_spec *sp)
{
    for (int any = 0; any <= (sp->baseline ? 1 : 0); any++) {
        const char *lt = any ? NULL : c->f.lifetime;
        for (size_t m = 0; m < sp->nma; m++) {
            const struct mb_rcase *a =
                mb_results_find(r, c->f.op, c->f.pattern, sp->ma[m], c->f.hint, c->f.size, c->f.bs,
                                c->f.cache, lt, c->f.threads);
            if (!a || !a->n)
                a = mb_results_find(r, c->f.op, c->f.pattern, sp->ma[m], "none", c->f.size, c->f.bs,
                                    c->f.cache, lt, c->f.threads);
            if (a && a->n)
                return a;
        }
    }
    return NULL;
}

/* One scenario at one lifetime: its table and sentence into f, its tally into t. Returns the
 * number of pairs (0: nothing written), or MB_E_NOMEM. */
static int scenario(FILE *f, const struct mb_results *r, const struct section_spec *sp, int o,
                    int k, int p, int small, const char *lt, bool two, struct pair *pairs,
                    double *rs, struct tally *t)
{
    size_t np = 0;
    for (size_t i = 0; i < r->n; i++) {
        const struct mb_rcase *c = &r->c[i];
        if (c->kind != MB_KIND_FILE || strcmp(c->f.method, sp->mb) != 0 || !c->n ||
            strcmp(c->f.lifetime, lt) != 0 || !scen_match(c, o, k, p, small))
            continue;
        const struct mb_rcase *a = counterpart(r, c, sp);
        if (!a)
            continue;
        pairs[np].a = a;
        pairs[np].b = c;
        if (mb_stats_ratio(a->v[MB_M_BPS], a->n, c->v[MB_M_BPS], c->n, &pairs[np].q) != 0)
            return MB_E_NOMEM;
        np++;
    }
    if (!np)
        return 0;
    qsort(pairs, np, sizeof *pairs, cmp_pair);
    memset(t, 0, sizeof *t);
    t->lifetime = lt;
    const struct mb_rcase *c0 = pairs[0].b;
    snprintf(t->scenario, sizeof t->scenario, "%s, %s cache, %s, %s requests",
             o < 3 ? ops[o] : "other ops", caches[k], p < 2 ? pats[p] : "other patterns",
             small ? "small (<=16K)" : "large (>16K)");
    if (two)
        fprintf(f, "\n### %s; %s\n\n", t->scenario, lifetime_short(lt));
    else
        fprintf(f, "\n### %s\n\n", t->scenario);
    fprintf(f,
            "| op | pattern | file | request | threads | %s | %s | ratio | 95%% CI | p | n | |\n",
            sp->ma[0], sp->mb);
    fputs("|---|---|---:|---:|---:|---:|---:|---:|---|---:|---|---|\n", f);
    size_t nr = 0;
    for (size_t i = 0; i < np; i++) {
        const struct pair *pp = &pairs[i];
        char sz[16], bs[16], va[64], vb[32], s[240], meth[48];
        mb_report_size(pp->b->f.size, sz, sizeof sz);
        mb_report_size(pp->b->f.bs, bs, sizeof bs);
        fmt_bps(pp->q.ma, va, sizeof va);
        fmt_bps(pp->q.mb, vb, sizeof vb);
        snprintf(meth, sizeof meth, "%s", pp->a->f.method);
        size_t lead = (size_t)snprintf(s, sizeof s, "%s", lifetime_lead(lt, two));
        sentence(&pp->q, sp->subject, pp->b->f.op, meth, s + lead, sizeof s - lead);
        t->n++;
        if (pp->q.significant && pp->q.ratio > 1)
            t->faster++;
        else if (pp->q.significant)
            t->slower++;
        else
            t->same++;
        if (isfinite(pp->q.ratio))
            rs[nr++] = pp->q.ratio;
        if (strcmp(pp->a->f.method, sp->ma[0]) != 0) {
            size_t l = strlen(va);
            snprintf(va + l, sizeof va - l, " (%s)", pp->a->f.method);
        }
        if (sp->baseline && strcmp(pp->a->f.lifetime, lt) != 0) {
            size_t l = strlen(va);
            snprintf(va + l, sizeof va - l, " (lifetime:%s)", pp->a->f.lifetime);
        }
        fprintf(f,
                "| %s | %s%s%s | %s | %s | %u | %s | %s | %.3g | %.3g-%.3g | %.2g | %zu/%zu | %s "
                "|\n",
                pp->b->f.op, pp->b->f.pattern, strcmp(pp->b->f.hint, "none") ? ", hint " : "",
                strcmp(pp->b->f.hint, "none") ? pp->b->f.hint : "", sz, bs, pp->b->f.threads, va,
                vb, pp->q.ratio, pp->q.lo, pp->q.hi, pp->q.p, pp->q.na, pp->q.nb, s);
    }
    qsort(rs, nr, sizeof *rs, cmp_double);
    t->rmin = nr ? rs[0] : NAN;
    t->rmax = nr ? rs[nr - 1] : NAN;
    t->rmed = nr ? mb_stats_median(rs, nr) : NAN;
    t->verdict = verdict_of(t);
    fprintf(f,
            "\n%s%s%s: %s faster in %zu of %zu cases, slower in %zu, no significant difference "
            "in %zu; median ratio %.2f (range %.2f-%.2f). Verdict: %s.\n",
            c0->f.op, two ? ", " : "", two ? lifetime_long(lt) : "", sp->mb, t->faster, t->n,
            t->slower, t->same, t->rmed, t->rmin, t->rmax, claim_text(t->verdict));
    return (int)np;
}

/* One comparison section: per scenario, and within it per lifetime (steady state first; only
 * lifetime:pass when the run has no lifetime:case case), a table, a sentence and a tally. */
static int section(FILE *f, const struct mb_result_run *run, const struct section_spec *sp,
                   bool two, struct tally *tal, size_t *ntal, size_t maxtal)
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
    int rc = 0;
    for (int o = 0; o < 4 && rc >= 0; o++)
        for (int k = 0; k < 2 && rc >= 0; k++)
            for (int p = 0; p < 3 && rc >= 0; p++)
                for (int small = 1; small >= 0 && rc >= 0; small--)
                    for (size_t l = two ? 0 : 1; l < 2 && rc >= 0; l++) {
                        struct tally t;
                        rc = scenario(f, r, sp, o, k, p, small, lifetimes[l], two, pairs, rs, &t);
                        if (rc <= 0)
                            continue;
                        total += (size_t)rc;
                        if (*ntal < maxtal)
                            tal[(*ntal)++] = t;
                    }
    if (rc >= 0 && !total)
        fprintf(f, "\nNo case of this run has both %s and %s.\n", sp->mb, sp->ma[0]);
    free(pairs);
    free(rs);
    return rc < 0 ? rc : 0;
}

static void summary_table(FILE *f, const struct tally *t, size_t n, bool two)
{
    if (!n)
        return;
    fprintf(f,
            "| scenario |%s cases | faster | slower | no sig. diff. | median ratio (range) | "
            "verdict |\n|---|%s---:|---:|---:|---:|---|---|\n",
            two ? " lifetime |" : "", two ? "---|" : "");
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "| %s |", t[i].scenario);
        if (two)
            fprintf(f, " %s |", lifetime_short(t[i].lifetime));
        fprintf(f, " %zu | %zu | %zu | %zu | %.2f (%.2f-%.2f) | %s |\n", t[i].n, t[i].faster,
                t[i].slower, t[i].same, t[i].rmed, t[i].rmin, t[i].rmax, claim_text(t[i].verdict));
    }
}

static size_t min_reps(const struct mb_results *r)
{
    size_t m = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->c[i].n && (m == 0 || r->c[i].n < m))
            m = r->c[i].n;
    return m;
}

/* "avx512 consume 40.1 GB/s, plain loop 41.9 GB/s, memcpy 20.3 GB/s" for one measurement. */
static void fmt_memrate(const struct mb_memrate *m, char *buf, size_t len)
{
    snprintf(buf, len, "consume %.1f GB/s, plain read loop %.1f GB/s, memcpy %.1f GB/s", m->consume,
             m->plain, m->memcpy);
}

static void context_table(FILE *f, const struct mb_result_run *run)
{
    fprintf(f, "| | |\n|---|---|\n| run directory | `%s` |\n", run->dir);
    for (size_t i = 0; i < run->nctx; i++) {
        const char *key = run->ctx[i].key;
        if (strcmp(key, "memory_check") == 0 && run->memcheck.present) {
            const struct mb_memcheck *m = &run->memcheck;
            char sz[24] = "?", a[160], b[160];
            if (isfinite(m->buffer_bytes) && m->buffer_bytes >= 0)
                mb_report_size((uint64_t)m->buffer_bytes, sz, sizeof sz);
            fmt_memrate(&m->start, a, sizeof a);
            fmt_memrate(&m->end, b, sizeof b);
            fprintf(f, "| consume kernel | %s |\n", *m->kernel ? m->kernel : "(not recorded)");
            fprintf(f, "| memory check | %s buffer; start of batch: %s; end: %s |\n", sz, a, b);
        } else if (strcmp(key, "virtualization") == 0 && *run->virt_type) {
            if (run->virt_evidence)
                fprintf(f, "| virtualization | %s (evidence: %s) |\n", run->virt_type,
                        run->virt_evidence);
            else
                fprintf(f, "| virtualization | %s |\n", run->virt_type);
        } else {
            fprintf(f, "| %s | %s |\n", key, run->ctx[i].val);
        }
    }
    if (!run->nctx)
        fputs("| context | (no context.json in the run) |\n", f);
    if (!run->memcheck.present)
        fputs("| memory check | none: this run has no memory check (context.json has no "
              "memory_check) |\n",
              f);
}

/* The memory-check warnings of a run into f (nothing when there is nothing to warn about;
 * one plain line when the run has no memory check). Thresholds: the consume kernel below
 * MEM_OK of the plain read loop at the start or end of the batch; start and end consume rates
 * apart by more than MEM_DRIFT (the larger over the smaller); a mem case (seq, the largest
 * request size) below MEM_OK of the plain loop (the lower of start and end). */
#define MEM_OK 0.8
#define MEM_DRIFT 1.2
static void memcheck_warnings(FILE *f, const struct mb_result_run *run)
{
    const struct mb_memcheck *m = &run->memcheck;
    if (!m->present) {
        fputs("This run has no memory check (its context.json has no memory_check, recorded by "
              "newer versions of run-batch), so the in-memory baseline (mem) was not checked "
              "against the machine's memory bandwidth.\n\n",
              f);
        return;
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *w = open_memstream(&buf, &len);
    if (!w)
        return;
    const char *kern = *m->kernel ? m->kernel : "consume";
    static const char *const when[] = {"start", "end"};
    const struct mb_memrate *r[] = {&m->start, &m->end};
    for (int i = 0; i < 2; i++)
        if (isfinite(r[i]->consume) && isfinite(r[i]->plain) && r[i]->plain > 0 &&
            r[i]->consume < MEM_OK * r[i]->plain)
            fprintf(w,
                    "- at the %s of the batch the consume kernel (%s) read %.1f GB/s, %.0f%% of "
                    "the plain read loop's %.1f GB/s over the same buffer (expected at least "
                    "%.0f%%)\n",
                    when[i], kern, r[i]->consume, 100 * r[i]->consume / r[i]->plain, r[i]->plain,
                    100 * MEM_OK);
    double c0 = m->start.consume, c1 = m->end.consume;
    if (isfinite(c0) && isfinite(c1) && c0 > 0 && c1 > 0 && fmax(c0, c1) > MEM_DRIFT * fmin(c0, c1))
        fprintf(w,
                "- the consume kernel read %.1f GB/s at the start of the batch and %.1f GB/s at "
                "the end (%.0f%% apart; expected within %.0f%%): memory bandwidth changed during "
                "the batch\n",
                c0, c1, 100 * (fmax(c0, c1) / fmin(c0, c1) - 1), 100 * (MEM_DRIFT - 1));
    double plain = fmin(isfinite(m->start.plain) ? m->start.plain : INFINITY,
                        isfinite(m->end.plain) ? m->end.plain : INFINITY);
    uint64_t bsmax = 0;
    const struct mb_results *res = &run->file;
    for (size_t i = 0; i < res->n; i++) {
        const struct mb_rcase *c = &res->c[i];
        if (c->kind == MB_KIND_FILE && c->n && strcmp(c->f.method, "mem") == 0 &&
            strcmp(c->f.op, "read") == 0 && strcmp(c->f.pattern, "seq") == 0 && c->f.bs > bsmax)
            bsmax = c->f.bs;
    }
    if (isfinite(plain) && plain > 0 && bsmax) {
        bool head = false;
        for (size_t i = 0; i < res->n; i++) {
            const struct mb_rcase *c = &res->c[i];
            if (c->kind != MB_KIND_FILE || !c->n || strcmp(c->f.method, "mem") != 0 ||
                strcmp(c->f.op, "read") != 0 || strcmp(c->f.pattern, "seq") != 0 ||
                c->f.bs != bsmax)
                continue;
            double gbps = mb_stats_median(c->v[MB_M_BPS], c->n) / 1e9;
            if (!isfinite(gbps) || gbps >= MEM_OK * plain)
                continue;
            char sz[16], bs[16];
            mb_report_size(c->f.size, sz, sizeof sz);
            mb_report_size(c->f.bs, bs, sizeof bs);
            if (!head)
                fprintf(w,
                        "- the run's own in-memory baseline ran below %.0f%% of the plain read "
                        "loop (%.1f GB/s):",
                        100 * MEM_OK, plain);
            fprintf(w, "%s mem seq %s file, %s requests, %u thread%s: %.1f GB/s (%.0f%%)",
                    head ? ";" : "", sz, bs, c->f.threads, c->f.threads == 1 ? "" : "s", gbps,
                    100 * gbps / plain);
            head = true;
        }
        if (head)
            fputc('\n', w);
    }
    fclose(w);
    if (len) {
        fputs("> **Memory check warning**: the in-memory baseline may not reflect this "
              "machine's memory bandwidth, so map vs mem ratios (and any claim resting on them) "
              "are suspect:\n>\n",
              f);
        for (char *line = buf, *nl; *line; line = nl + 1) {
            nl = strchr(line, '\n');
            fprintf(f, "> %.*s\n", (int)(nl - line), line);
        }
        fputs(">\n> (GB/s = 1e9 bytes/s; the plain loop is an independent C read loop over the "
              "memory check's buffer.)\n\n",
              f);
    }
    free(buf);
}

static void errors_section(FILE *f, const struct mb_results *r, const char *what)
{
    size_t skips = 0, fails = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->c[i].nerr) {
            if (r->c[i].skipped)
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
            bool skip = c->skipped;
            if (skip != (pass == 1))
                continue;
            fprintf(f, "| `%s` | %s | %zu | ", c->name, skip ? "skipped" : "**failed**", c->nerr);
            for (const char *p = c->errmsg; *p; p++)
                fputs(*p == '|' ? "\\|" : *p == '\n' ? " " : (char[2]){*p, 0}, f);
            fputs(" |\n", f);
        }
}

/* IPC: shm against every other transport, per workload and message size. */
static int ipc_section(FILE *f, const struct mb_result_run *run)
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

/* The summary paragraph on the claim for the map-vs-explicit tallies of one lifetime (NULL:
 * every tally, a one-lifetime run). */
static void claim_paragraph(FILE *f, const struct tally *t, size_t n, const char *lt, size_t reps)
{
    size_t all = 0, sup = 0, con = 0;
    for (size_t i = 0; i < n; i++) {
        if (lt && strcmp(t[i].lifetime, lt) != 0)
            continue;
        all++;
        sup += t[i].verdict == MB_CLAIM_GREAT;
        con += t[i].verdict == MB_CLAIM_SLOWER;
    }
    if (lt)
        fprintf(f, "**%s**: ", lifetime_long(lt));
    if (!all) {
        fputs("no scenario has both map and explicit I/O at this lifetime.\n\n", f);
        return;
    }
    fprintf(f,
            "%s %zu scenarios with map and explicit I/O, the claim holds (map greatly faster "
            "in most cases) in %zu, mapping is slower in %zu, and the rest show smaller, "
            "mixed or no significant differences. %s\n\n",
            lt ? "of" : "Of", all, sup, con,
            reps < 4     ? "With so few repetitions this run cannot decide the claim."
            : sup == all ? (lt ? "The claim holds across this lifetime."
                               : "The claim holds across this run.")
            : sup == 0   ? (lt ? "At this lifetime the run does not support the claim as stated."
                               : "This run does not support the claim as stated.")
                         : "The claim holds only in the scenarios marked below; it is "
                           "not true in general.");
}

int mb_report_verdict(const struct mb_result_run *run, const struct mb_figs *figs,
                      const char *outdir, struct mb_err *err)
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
    memcheck_warnings(f, run);
    /* two lifetimes: the run has kept-handle cases (lifetime:case); archived runs have none */
    bool two = mb_results_has_lifetime(&run->file, "case");
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
    if (two)
        fputs("\nEvery scenario is judged twice, once per handle lifetime, and a case is only "
              "ever compared with a case of the same lifetime: the **steady state** "
              "(`lifetime:case`: the file is opened and mapped once per case, outside the timed "
              "passes, as a database or fio's mmap engine keeps a mapping) and **one-shot use** "
              "(`lifetime:pass`: open, map, unmap and close are inside every timed pass, the "
              "cost a program pays to read a file once). The in-memory baseline `mem` pairs "
              "with both.\n",
              f);
    else if (run->has_file)
        fputs("\n> **Only one-shot use was measured**: every case of this run opened and mapped "
              "its file inside each timed pass (lifetime:pass; the run has no lifetime:case "
              "cases), so the verdict below includes the cost of open/mmap/munmap/close per "
              "pass and says nothing about the steady state of a long-lived mapping.\n",
              f);
    if (run->has_file && reps < 4)
        fprintf(f,
                "\n> **Too few repetitions**: some cases have only %zu. With fewer than 4 per "
                "side the Mann-Whitney test can never reach p < 0.05, so nothing below can be "
                "called significant. Run with `--benchmark_repetitions=5` or more.\n",
                reps);
    fputs("\n## Machine\n\n", f);
    context_table(f, run);

    enum { MAXT = 128 };
    struct tally *tal = calloc(3 * MAXT, sizeof *tal);
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
    const struct section_spec s_map = {"map", expl, 2, false, "mapped"};
    const struct section_spec s_copy = {"mapcopy", prw, 1, false, "map+copy"};
    const struct section_spec s_mem = {"map", mem, 1, true, "mapped"};
    if (run->has_file) {
        fputs("\n## map vs explicit I/O, per scenario\n", bf);
        rc = section(bf, run, &s_map, two, tal, &nt_map, MAXT);
        fputs("\n## mapcopy (mmap + memcpy) vs prw\n\nHow much of the mapping's advantage "
              "survives when the data must be copied into a buffer anyway.\n",
              bf);
        if (!rc)
            rc = section(bf, run, &s_copy, two, tal + MAXT, &nt_copy, MAXT);
        fputs("\n## map vs mem (in-memory baseline)\n\nHow close zero-copy mapping gets to "
              "touching a private in-memory copy (ratio map/mem; 1 means as fast as memory).",
              bf);
        fputs(two ? " The baseline is the same for both lifetimes (mem keeps its copy for the "
                    "whole case); a mem case of the other lifetime is marked in its cell.\n"
                  : "\n",
              bf);
        if (!rc)
            rc = section(bf, run, &s_mem, two, tal + 2 * MAXT, &nt_mem, MAXT);
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
        if (two) {
            claim_paragraph(f, tal, nt_map, "case", reps);
            claim_paragraph(f, tal, nt_map, "pass", reps);
        } else {
            claim_paragraph(f, tal, nt_map, NULL, reps);
        }
        fputs(two ? "map vs explicit I/O (each scenario at both lifetimes, steady state "
                    "first):\n\n"
                  : "map vs explicit I/O:\n\n",
              f);
        summary_table(f, tal, nt_map, two);
        if (nt_copy) {
            fputs("\nmapcopy vs prw:\n\n", f);
            summary_table(f, tal + MAXT, nt_copy, two);
        }
        if (nt_mem) {
            fputs("\nmap vs mem (ratio below 1: slower than in-memory access):\n\n", f);
            summary_table(f, tal + 2 * MAXT, nt_mem, two);
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
