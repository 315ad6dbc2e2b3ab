/* report/verdict_scen.c: the comparisons of report.md per scenario: case pairs, their
 * ratios, tables and sentences, the tallies and their verdict on the claim (see
 * report/verdict.h). */
#include "report/verdict.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/order.h"
#include "methods/method.h"
#include "report/report.h"
#include "report/stats.h"

void mb_verdict_fmt_bps(double v, char *buf, size_t len)
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
        snprintf(buf, len, "excluded: no throughput (bytes_per_second) on one side");
    else if (q->significant && q->ratio > 1)
        snprintf(buf, len, "%s %s are %.2fx faster than %s (%.2f-%.2fx)", subject, op_noun(op),
                 q->ratio, other, q->lo, q->hi);
    else if (q->significant)
        snprintf(buf, len, "%s %s are %.2fx slower than %s (%.2f-%.2fx)", subject, op_noun(op),
                 1 / q->ratio, other, 1 / q->hi, 1 / q->lo);
    else if (!q->callable)
        snprintf(buf, len,
                 "too few repetitions (%zu) for a significance call (ratio %.2f, %.2f-%.2f; the "
                 "smallest p %zu vs %zu values can give is %.2g)",
                 q->na < q->nb ? q->na : q->nb, q->ratio, q->lo, q->hi, q->na, q->nb,
                 mb_stats_min_p(q->na, q->nb));
    else
        snprintf(buf, len, "no significant difference (ratio %.2f, %.2f-%.2f, p=%.2g)", q->ratio,
                 q->lo, q->hi, q->p);
}

/* A compared pair of cases of one scenario. */
struct pair {
    const struct mb_rcase *a, *b; /* explicit (or baseline) and the mapped method */
    struct mb_ratio q;
};

static int cmp_pair(const void *pa, const void *pb)
{
    const struct pair *a = pa, *b = pb;
    const struct mb_case_fields *x = &a->b->f, *y = &b->b->f;
    int c = strcmp(x->op, y->op);
    if (!c)
        c = strcmp(x->pattern, y->pattern);
    if (c)
        return c;
    if (x->size != y->size)
        return x->size < y->size ? -1 : 1;
    if (x->bs != y->bs)
        return x->bs < y->bs ? -1 : 1;
    if (x->threads != y->threads)
        return x->threads < y->threads ? -1 : 1;
    return strcmp(x->hint, y->hint);
}

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
    case MB_CLAIM_UNCALLED:
        return "too few repetitions to call";
    case MB_CLAIM_NODATA:
        break;
    }
    return "no data";
}

static enum mb_claim verdict_of(const struct mb_tally *t)
{
    if (t->n == 0)
        return MB_CLAIM_NODATA;
    if (2 * t->faster > t->n)
        return t->rmed >= MB_GREAT ? MB_CLAIM_GREAT : MB_CLAIM_FASTER;
    if (2 * t->slower > t->n)
        return MB_CLAIM_SLOWER;
    if (2 * t->same > t->n)
        return MB_CLAIM_SAME;
    if (2 * t->uncalled > t->n)
        return MB_CLAIM_UNCALLED;
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

/* True when s is one of l[0..n): ops and patterns not in the lists fall into a scenario's
 * last "other" bucket. */
static bool in_list(const char *s, const char *const *l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, l[i]) == 0)
            return true;
    return false;
}

/* The queue depth a counterpart of method `method` has in a case name: that of case c for an
 * asynchronous method (at least 1), 0 for one without a queue. */
static unsigned counterpart_qd(const char *method, const struct mb_rcase *c)
{
    const struct mb_method *m;
    if (mb_method_find(method, &m, NULL) != 0 || !(m->caps & MB_CAP_ASYNC))
        return 0;
    return c->f.qd ? c->f.qd : 1;
}

const struct mb_rcase *mb_verdict_counterpart(const struct mb_results *r, const struct mb_rcase *c,
                                              const char *method, const char *lifetime)
{
    static const char *const lts[] = {"case", "pass"};
    struct mb_case_fields g = c->f;
    snprintf(g.method, sizeof g.method, "%s", method);
    g.qd = counterpart_qd(method, c);
    for (int h = 0; h < 2; h++) {
        snprintf(g.hint, sizeof g.hint, "%s", h ? "none" : c->f.hint);
        for (int l = 0; l < 2; l++) {
            snprintf(g.lifetime, sizeof g.lifetime, "%s", lifetime ? lifetime : lts[l]);
            const struct mb_rcase *a = mb_results_find_fields(r, &g);
            if (a && a->n)
                return a;
            if (lifetime)
                break;
        }
    }
    return NULL;
}

/* The counterpart of case c on the explicit (or baseline) side, or NULL: the first of the
 * section's methods with a case like c (its memory limit too), at c's lifetime, or for a
 * baseline its own lifetime first, then the other. */
static const struct mb_rcase *counterpart(const struct mb_results *r, const struct mb_rcase *c,
                                          const struct mb_section_spec *sp)
{
    for (int any = 0; any <= (sp->baseline ? 1 : 0); any++)
        for (size_t m = 0; m < sp->nma; m++) {
            const struct mb_rcase *a =
                mb_verdict_counterpart(r, c, sp->ma[m], any ? NULL : c->f.lifetime);
            if (a)
                return a;
        }
    return NULL;
}

/* A scenario: op index o (3: other ops), cache k, pattern p (2: other patterns), small or
 * large requests, at lifetime lt. */
struct scen {
    int o, k, p;
    bool small;
    const char *lt;
};

/* The number of scenarios (ops+1 x caches x patterns+1 x small/large x lifetimes). */
#define NSCEN (4 * 2 * 3 * 2 * 2)

/* Scenario i in report order (lifetimes innermost, steady state first; small requests before
 * large); lt NULL for the steady state of a one-lifetime run (not shown). */
static struct scen scen_at(int i, bool two)
{
    struct scen s = {.o = i / 24, .k = (i / 12) % 2, .p = (i / 4) % 3, .small = (i / 2) % 2 == 0};
    s.lt = (two || i % 2 == 1) ? lifetimes[i % 2] : NULL;
    return s;
}

static bool scen_match(const struct mb_rcase *c, const struct scen *s)
{
    bool op_ok = s->o < 3 ? strcmp(c->f.op, ops[s->o]) == 0 : !in_list(c->f.op, ops, 3);
    bool pat_ok =
        s->p < 2 ? strcmp(c->f.pattern, pats[s->p]) == 0 : !in_list(c->f.pattern, pats, 2);
    return op_ok && pat_ok && strcmp(c->f.cache, caches[s->k]) == 0 &&
           (c->f.bs <= 16384) == s->small;
}

/* The pairs of scenario s (b: a case of the section's method, a: its counterpart), sorted;
 * cases run under a memory limit are the section "Larger than memory"'s (verdict_mem.c).
 * Returns their count or MB_E_NOMEM. */
static int scenario_pairs(const struct mb_results *r, const struct mb_section_spec *sp,
                          const struct scen *s, struct pair *pairs)
{
    int np = 0;
    for (size_t i = 0; i < r->n; i++) {
        const struct mb_rcase *c = &r->c[i];
        if (c->kind != MB_KIND_FILE || strcmp(c->f.method, sp->mb) != 0 || !c->n || c->f.memlimit ||
            strcmp(c->f.lifetime, s->lt) != 0 || !scen_match(c, s))
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
    qsort(pairs, (size_t)np, sizeof *pairs, cmp_pair);
    return np;
}

/* The heading and table head of group s; names it in t. */
static void scenario_head(FILE *f, const struct mb_section_spec *sp, const struct scen *s, bool two,
                          struct mb_tally *t)
{
    memset(t, 0, sizeof *t);
    t->lifetime = s->lt;
    snprintf(t->scenario, sizeof t->scenario, "%s, %s cache, %s, %s requests",
             s->o < 3 ? ops[s->o] : "other ops", caches[s->k],
             s->p < 2 ? pats[s->p] : "other patterns", s->small ? "small (<=16K)" : "large (>16K)");
    if (two)
        fprintf(f, "\n### %s; %s\n\n", t->scenario, lifetime_short(s->lt));
    else
        fprintf(f, "\n### %s\n\n", t->scenario);
    fprintf(f,
            "| op | pattern | file | request | variant | %s | %s | ratio | 95%% CI | p | n | |\n",
            sp->ma[0], sp->mb);
    fputs("|---|---|---:|---:|---|---:|---:|---:|---|---:|---|---|\n", f);
}

/* Counts scenario pair q (its plain variant) into t; a pair without a ratio (no throughput on
 * one side) is excluded. */
static void tally_add(struct mb_tally *t, const struct mb_ratio *q)
{
    if (!isfinite(q->ratio)) {
        t->excluded++;
        return;
    }
    size_t reps = q->na < q->nb ? q->na : q->nb;
    if (t->n == 0 || reps < t->minreps)
        t->minreps = reps;
    t->n++;
    if (q->significant && q->ratio > 1) {
        t->faster++;
        t->great += q->ratio >= MB_GREAT;
    } else if (q->significant) {
        t->slower++;
    } else if (!q->callable) {
        t->uncalled++;
    } else {
        t->same++;
    }
}

/* True when pairs x and y are variants of one scenario (same op, pattern, file size and request
 * size: a group shares cache state and lifetime). */
static bool same_scenario(const struct pair *x, const struct pair *y)
{
    const struct mb_case_fields *a = &x->b->f, *b = &y->b->f;
    return strcmp(a->op, b->op) == 0 && strcmp(a->pattern, b->pattern) == 0 && a->size == b->size &&
           a->bs == b->bs;
}

/* The index of the plain variant among the n pairs of one scenario: no hint and the fewest
 * threads, else the first. */
static size_t plain_variant(const struct pair *p, size_t n)
{
    size_t best = 0;
    bool found = false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(p[i].b->f.hint, "none") == 0 &&
            (!found || p[i].b->f.threads < p[best].b->f.threads)) {
            best = i;
            found = true;
        }
    return best;
}

/* One table row: the pair's sizes (a sub-row, a variant under its scenario's row, leaves them
 * out), variant, medians (the counterpart's method or lifetime noted when it is not the
 * section's first), ratio and sentence. */
static void scenario_row(FILE *f, const struct pair *pp, const struct mb_section_spec *sp,
                         const char *lt, bool two, bool sub)
{
    char sz[16], bs[16], va[64], vb[32], s[320], meth[48], var[64];
    mb_report_size(pp->b->f.size, sz, sizeof sz);
    mb_report_size(pp->b->f.bs, bs, sizeof bs);
    mb_verdict_fmt_bps(pp->q.ma, va, sizeof va);
    mb_verdict_fmt_bps(pp->q.mb, vb, sizeof vb);
    snprintf(meth, sizeof meth, "%s", pp->a->f.method);
    size_t lead = (size_t)snprintf(s, sizeof s, "%s", lifetime_lead(lt, two));
    sentence(&pp->q, sp->subject, pp->b->f.op, meth, s + lead, sizeof s - lead);
    if (strcmp(pp->a->f.method, sp->ma[0]) != 0) {
        size_t l = strlen(va);
        snprintf(va + l, sizeof va - l, " (%s)", pp->a->f.method);
    }
    if (sp->baseline && strcmp(pp->a->f.lifetime, lt) != 0) {
        size_t l = strlen(va);
        snprintf(va + l, sizeof va - l, " (lifetime:%s)", pp->a->f.lifetime);
    }
    bool hint = strcmp(pp->b->f.hint, "none") != 0;
    snprintf(var, sizeof var, "%u thread%s%s%s", pp->b->f.threads, pp->b->f.threads == 1 ? "" : "s",
             hint ? ", hint " : "", hint ? pp->b->f.hint : "");
    char stat[64] = "- | - | -"; /* ratio, CI, p: none for an excluded pair */
    if (isfinite(pp->q.ratio))
        snprintf(stat, sizeof stat, "%.3g | %.3g-%.3g | %.2g", pp->q.ratio, pp->q.lo, pp->q.hi,
                 pp->q.p);
    if (sub)
        fprintf(f, "| ↳ | | | | %s | %s | %s | %s | %zu/%zu | %s |\n", var, va, vb, stat, pp->q.na,
                pp->q.nb, s);
    else
        fprintf(f, "| %s | %s | %s | %s | %s | %s | %s | %s | %zu/%zu | %s |\n", pp->b->f.op,
                pp->b->f.pattern, sz, bs, var, va, vb, stat, pp->q.na, pp->q.nb, s);
}

/* The rows of one group's scenarios (each the plain variant, then its other variants as
 * sub-rows) into f; the scenarios counted into t and their ratios into rs (*nr of them). */
static void scenario_rows(FILE *f, const struct pair *pairs, size_t np,
                          const struct mb_section_spec *sp, const struct scen *s, bool two,
                          struct mb_tally *t, double *rs, size_t *nr)
{
    for (size_t i = 0, j; i < np; i = j) {
        for (j = i + 1; j < np && same_scenario(&pairs[i], &pairs[j]); j++)
            ;
        size_t base = i + plain_variant(pairs + i, j - i);
        scenario_row(f, &pairs[base], sp, s->lt, two, false);
        for (size_t k = i; k < j; k++)
            if (k != base)
                scenario_row(f, &pairs[k], sp, s->lt, two, true);
        tally_add(t, &pairs[base].q);
        t->variants += j - i;
        if (isfinite(pairs[base].q.ratio))
            rs[(*nr)++] = pairs[base].q.ratio;
    }
}

/* One group: its table and sentence into f, its tally into t. Returns the number of pairs
 * (0: nothing written), or MB_E_NOMEM. */
static int scenario(FILE *f, const struct mb_results *r, const struct mb_section_spec *sp,
                    const struct scen *s, bool two, struct pair *pairs, double *rs,
                    struct mb_tally *t)
{
    int np = scenario_pairs(r, sp, s, pairs);
    if (np <= 0)
        return np;
    scenario_head(f, sp, s, two, t);
    size_t nr = 0;
    scenario_rows(f, pairs, (size_t)np, sp, s, two, t, rs, &nr);
    qsort(rs, nr, sizeof *rs, mb_cmp_double);
    t->rmin = nr ? rs[0] : NAN;
    t->rmax = nr ? rs[nr - 1] : NAN;
    t->rmed = nr ? mb_stats_median(rs, nr) : NAN;
    t->verdict = verdict_of(t);
    if (t->n == 0) {
        fprintf(f,
                "\n%s%s%s: no scenario to compare (%zu excluded: no throughput on one side). "
                "Verdict: %s.\n",
                pairs[0].b->f.op, two ? ", " : "", two ? lifetime_long(s->lt) : "", t->excluded,
                claim_text(t->verdict));
        return np;
    }
    if (t->excluded)
        fprintf(f, "\n%zu scenario(s) excluded: no throughput (bytes_per_second) on one side.\n",
                t->excluded);
    fprintf(f,
            "\n%s%s%s: %s faster in %zu of %zu scenarios (%zu pairs shown, variants included), "
            "slower in %zu, "
            "no significant difference in %zu",
            pairs[0].b->f.op, two ? ", " : "", two ? lifetime_long(s->lt) : "", sp->mb, t->faster,
            t->n, t->variants, t->slower, t->same);
    if (t->uncalled)
        fprintf(f, ", too few repetitions (%zu) for a significance call in %zu", t->minreps,
                t->uncalled);
    fprintf(f, "; median ratio %.2f (range %.2f-%.2f). Verdict: %s.\n", t->rmed, t->rmin, t->rmax,
            claim_text(t->verdict));
    return np;
}

int mb_verdict_section(FILE *f, const struct mb_results *r, const struct mb_section_spec *sp,
                       bool two, struct mb_tallies *tal)
{
    struct pair *pairs = calloc(r->n ? r->n : 1, sizeof *pairs);
    double *rs = calloc(r->n ? r->n : 1, sizeof *rs);
    if (!pairs || !rs) {
        free(pairs);
        free(rs);
        return MB_E_NOMEM;
    }
    size_t total = 0;
    int rc = 0;
    for (int i = 0; i < NSCEN && rc >= 0; i++) {
        struct scen s = scen_at(i, two);
        struct mb_tally t;
        if (!s.lt || (rc = scenario(f, r, sp, &s, two, pairs, rs, &t)) <= 0)
            continue;
        total += (size_t)rc;
        if (tal->n < MB_TALLY_MAX)
            tal->t[tal->n++] = t;
    }
    if (rc >= 0 && !total)
        fprintf(f, "\nNo case of this run has both %s and %s.\n", sp->mb, sp->ma[0]);
    free(pairs);
    free(rs);
    return rc < 0 ? rc : 0;
}

void mb_verdict_summary_table(FILE *f, const struct mb_tallies *tal, bool two)
{
    const struct mb_tally *t = tal->t;
    size_t n = tal->n;
    if (!n)
        return;
    fprintf(f,
            "| group |%s scenarios | variants | faster | slower | no sig. diff. | too few reps "
            "| median ratio (range) | verdict |\n|---|%s---:|---:|---:|---:|---:|---:|---|---|\n",
            two ? " lifetime |" : "", two ? "---|" : "");
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "| %s |", t[i].scenario);
        if (two)
            fprintf(f, " %s |", lifetime_short(t[i].lifetime));
        if (t[i].n == 0) /* every pair excluded: no ratio to show */
            fprintf(f, " 0 | %zu | 0 | 0 | 0 | 0 | - | %s (%zu excluded) |\n", t[i].variants,
                    claim_text(t[i].verdict), t[i].excluded);
        else
            fprintf(f, " %zu | %zu | %zu | %zu | %zu | %zu | %.2f (%.2f-%.2f) | %s |\n", t[i].n,
                    t[i].variants, t[i].faster, t[i].slower, t[i].same, t[i].uncalled, t[i].rmed,
                    t[i].rmin, t[i].rmax, claim_text(t[i].verdict));
    }
}

void mb_verdict_claim(FILE *f, const struct mb_tallies *tal, const char *lt, size_t reps)
{
    const struct mb_tally *t = tal->t;
    size_t all = 0, great = 0, faster = 0, slower = 0, same = 0, uncalled = 0, variants = 0;
    for (size_t i = 0; i < tal->n; i++) {
        if (lt && strcmp(t[i].lifetime, lt) != 0)
            continue;
        all += t[i].n;
        great += t[i].great;
        faster += t[i].faster - t[i].great;
        slower += t[i].slower;
        same += t[i].same;
        uncalled += t[i].uncalled;
        variants += t[i].variants;
    }
    if (lt)
        fprintf(f, "**%s**: ", lifetime_long(lt));
    if (!all) {
        fputs("no scenario has both map and explicit I/O at this lifetime.\n\n", f);
        return;
    }
    fprintf(f,
            "%s %zu scenarios with map and explicit I/O (a scenario: op, pattern, file size, "
            "request size and cache state; %zu pairs in all, the hint and thread variants shown "
            "under their scenario and counted once, by its variant without a hint with the "
            "fewest threads), the claim holds (map significantly faster by at least %.1fx) in %zu, "
            "map is faster by less in %zu, slower in %zu, without a significant difference in "
            "%zu",
            lt ? "of" : "Of", all, variants, MB_GREAT, great, faster, slower, same);
    if (uncalled)
        fprintf(f, ", and %zu cannot be called with as few as %zu repetitions", uncalled, reps);
    fprintf(f, ". %s\n\n",
            2 * uncalled > all ? "With so few repetitions this run cannot decide the claim."
            : great == all     ? (lt ? "The claim holds across this lifetime."
                                     : "The claim holds across this run.")
            : great == 0 ? (lt ? "At this lifetime the run does not support the claim as stated."
                               : "This run does not support the claim as stated.")
                         : "The claim holds only in the scenarios marked below; it is "
                           "not true in general.");
}
