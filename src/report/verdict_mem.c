/* report/verdict_mem.c: the section "Larger than memory" of report.md, on the cases run in a
 * memory cgroup (a memlimit field): per scenario (op, pattern, file size, request size, cache,
 * memory limit) every case's throughput, read amplification and cgroup peak against its
 * limit; the ratio of every mapped variant (method, hint, lifetime) to each explicit and
 * asynchronous baseline (prw, direct, uringdirect at each queue depth, ...) of the same
 * threads, with the bootstrap interval and significance of the other sections; the read
 * amplification of each method with and without the random hint; the timeline figures (see
 * report/verdict.h). */
#include "report/verdict.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/figures.h"
#include "report/methods.h"
#include "report/query.h"
#include "report/report.h"
#include "report/stats.h"

#define GIB (1024.0 * 1024 * 1024)

/* Baselines (method at a queue depth) kept per scenario. */
#define MEM_BASE_MAX 12

static bool limited(const struct mb_rcase *c)
{
    return c->kind == MB_KIND_FILE && c->f.memlimit != 0;
}

/* True when a and b are cases of one scenario (every field but method, hint, lifetime, queue
 * depth and threads). */
static bool same_scenario(const struct mb_case_fields *a, const struct mb_case_fields *b)
{
    return mb_query_cmp_scenario(a, b) == 0;
}

/* The order of scenarios: memory limit, file size, op, pattern, request size, cache. */
static int cmp_scenario(const void *pa, const void *pb)
{
    return mb_query_cmp_scenario(&(*(const struct mb_rcase *const *)pa)->f,
                                 &(*(const struct mb_rcase *const *)pb)->f);
}

/* The order of a scenario's cases: threads, method, hint (none first), queue depth, lifetime
 * (the steady state first, as in the other sections). */
static int cmp_case(const void *pa, const void *pb)
{
    const struct mb_case_fields *a = &(*(const struct mb_rcase *const *)pa)->f;
    const struct mb_case_fields *b = &(*(const struct mb_rcase *const *)pb)->f;
    int c;
    if (a->threads != b->threads)
        return a->threads < b->threads ? -1 : 1;
    int ra = mb_report_method_rank(a->method), rb = mb_report_method_rank(b->method);
    if (ra != rb)
        return ra - rb;
    if ((c = strcmp(a->method, b->method)) != 0)
        return c;
    bool an = strcmp(a->hint, "none") == 0, bn = strcmp(b->hint, "none") == 0;
    if (an != bn)
        return an ? -1 : 1;
    if ((c = strcmp(a->hint, b->hint)) != 0)
        return c;
    if (a->qd != b->qd)
        return a->qd < b->qd ? -1 : 1;
    return strcmp(a->lifetime, b->lifetime); /* "case" before "pass" */
}

static const char *life_name(const char *lt)
{
    return strcmp(lt, "case") == 0 ? "steady state (case)" : "one-shot (pass)";
}

/* "map:random", "uringdirect qd32": the method with its hint and queue depth. */
static void variant_name(const struct mb_case_fields *f, bool hint, char *buf, size_t len)
{
    char h[24] = "", q[16] = "";
    if (hint && strcmp(f->hint, "none") != 0)
        snprintf(h, sizeof h, ":%s", f->hint);
    if (f->qd)
        snprintf(q, sizeof q, " qd%u", f->qd);
    snprintf(buf, len, "%s%s%s", f->method, h, q);
}

/* The median of metric m of c (NaN without values). */
static double med(const struct mb_rcase *c, enum mb_metric m)
{
    return mb_stats_median(c->v[m], c->n);
}

/* The read amplification of c: its counter, else device bytes read per byte requested. */
static double amplification(const struct mb_rcase *c)
{
    double a = med(c, MB_M_RAMP);
    if (isfinite(a))
        return a;
    double d = med(c, MB_M_DEVREAD), b = med(c, MB_M_BPP);
    return isfinite(d) && b > 0 ? d / b : NAN;
}

/* The limit c's cgroup had: its memlimit_bytes counter, else the name's field. */
static double limit_of(const struct mb_rcase *c)
{
    double l = med(c, MB_M_MEMLIMIT);
    return isfinite(l) && l > 0 ? l : (double)c->f.memlimit;
}

/* True when some repetition of c reported a cgroup peak above its limit. */
static bool over_limit(const struct mb_rcase *c)
{
    double peak = mb_stats_max(c->v[MB_M_CGPEAK], c->n);
    return isfinite(peak) && peak > limit_of(c);
}

static void fmt_bytes(double v, char *buf, size_t len)
{
    if (v >= GIB)
        snprintf(buf, len, "%.2f GiB", v / GIB);
    else
        snprintf(buf, len, "%.1f MiB", v / (1024.0 * 1024));
}

/* The cgroup cell of c: the largest peak of its repetitions against the limit. */
static void peak_cell(const struct mb_rcase *c, char *buf, size_t len)
{
    double peak = mb_stats_max(c->v[MB_M_CGPEAK], c->n), lim = limit_of(c);
    if (!isfinite(peak)) {
        snprintf(buf, len, "not reported");
        return;
    }
    char p[32];
    fmt_bytes(peak, p, sizeof p);
    snprintf(buf, len, "%s (%.0f%%)%s", p, 100 * peak / lim,
             peak > lim ? " **above the limit**" : "");
}

/* "**0.21x** (0.20-0.22)" (significant), "0.98x (0.90-1.05, n.s.)", "-" into buf. */
static void ratio_cell(const struct mb_ratio *q, char *buf, size_t len)
{
    if (!isfinite(q->ratio))
        snprintf(buf, len, "-");
    else if (q->significant)
        snprintf(buf, len, "**%.3gx** (%.3g-%.3g)", q->ratio, q->lo, q->hi);
    else
        snprintf(buf, len, "%.3gx (%.3g-%.3g, %s)", q->ratio, q->lo, q->hi,
                 q->callable ? "n.s." : "too few reps to call");
}

/* One table row per case of the scenario: what it did, its device traffic and memory. */
static void cases_table(FILE *f, const struct mb_rcase *const *cs, size_t n)
{
    fputs("| method | lifetime | threads | throughput | requests/s | read amplification | major "
          "faults per GiB | cgroup peak (of the limit) | n |\n"
          "|---|---|---:|---:|---:|---:|---:|---|---:|\n",
          f);
    for (size_t i = 0; i < n; i++) {
        const struct mb_rcase *c = cs[i];
        char name[64], bps[32], ips[32] = "-", amp[32] = "-", maj[32] = "-", peak[96];
        variant_name(&c->f, true, name, sizeof name);
        if (!c->n) {
            fprintf(f, "| %s | %s | %u | %s | | | | | 0 |\n", name, life_name(c->f.lifetime),
                    c->f.threads, c->skipped ? "skipped" : "**failed** (see the failed cases)");
            continue;
        }
        mb_verdict_fmt_bps(med(c, MB_M_BPS), bps, sizeof bps);
        double v = med(c, MB_M_IPS), a = amplification(c), bpp = med(c, MB_M_BPP);
        if (isfinite(v))
            snprintf(ips, sizeof ips, "%.0f", v);
        if (isfinite(a))
            snprintf(amp, sizeof amp, "%.2f", a);
        v = med(c, MB_M_MAJOR);
        if (isfinite(v) && bpp > 0)
            snprintf(maj, sizeof maj, "%.0f", v * GIB / bpp);
        peak_cell(c, peak, sizeof peak);
        fprintf(f, "| %s | %s | %u | %s | %s | %s | %s | %s | %zu |\n", name,
                life_name(c->f.lifetime), c->f.threads, bps, ips, amp, maj, peak, c->n);
    }
}

/* A baseline column: a method that is not mapped, at one queue depth. */
struct base {
    const char *method;
    unsigned qd;
};

/* The baselines among the cases (hint none, any lifetime and threads), in case order. */
static size_t baselines(const struct mb_rcase *const *cs, size_t n, struct base *b)
{
    size_t nb = 0;
    for (size_t i = 0; i < n && nb < MEM_BASE_MAX; i++) {
        const struct mb_case_fields *f = &cs[i]->f;
        if (!cs[i]->n || mb_report_method_mapped(f->method) || strcmp(f->hint, "none") != 0)
            continue;
        size_t k = 0;
        while (k < nb && !(strcmp(b[k].method, f->method) == 0 && b[k].qd == f->qd))
            k++;
        if (k == nb)
            b[nb++] = (struct base){f->method, f->qd};
    }
    /* cases are sorted by threads first: order the columns by method and depth */
    for (size_t i = 1; i < nb; i++)
        for (size_t k = i; k > 0; k--) {
            int ra = mb_report_method_rank(b[k - 1].method),
                rb = mb_report_method_rank(b[k].method);
            if (ra < rb || (ra == rb && b[k - 1].qd <= b[k].qd))
                break;
            struct base t = b[k];
            b[k] = b[k - 1];
            b[k - 1] = t;
        }
    return nb;
}

/* The case of baseline b for mapped case c: the same scenario and threads, hint none, c's
 * lifetime, else the other one (*other set). */
static const struct mb_rcase *base_case(const struct mb_rcase *const *cs, size_t n,
                                        const struct mb_rcase *c, const struct base *b, bool *other)
{
    const struct mb_rcase *any = NULL;
    for (size_t i = 0; i < n; i++) {
        const struct mb_case_fields *f = &cs[i]->f;
        if (!cs[i]->n || f->threads != c->f.threads || f->qd != b->qd ||
            strcmp(f->method, b->method) != 0 || strcmp(f->hint, "none") != 0)
            continue;
        if (strcmp(f->lifetime, c->f.lifetime) == 0) {
            *other = false;
            return cs[i];
        }
        any = any ? any : cs[i];
    }
    *other = any != NULL;
    return any;
}

/* The ratio table: every mapped case against each baseline. 0 or MB_E_NOMEM. */
static int ratio_table(FILE *f, const struct mb_rcase *const *cs, size_t n)
{
    struct base b[MEM_BASE_MAX];
    size_t nb = baselines(cs, n, b), nm = 0;
    for (size_t i = 0; i < n; i++)
        nm += cs[i]->n && mb_report_method_mapped(cs[i]->f.method);
    if (!nm || !nb) {
        fprintf(f, "\nNo ratio to show: this scenario has %s.\n",
                !nm ? "no mapped case" : "no explicit or asynchronous case to compare with");
        return 0;
    }
    fputs("\nThroughput ratio mapped / other (above 1: the mapping is faster), per mapped variant "
          "against each method of the same threads, hint none, same lifetime (marked † where "
          "only the other lifetime ran):\n\n| mapped | lifetime | threads |",
          f);
    for (size_t k = 0; k < nb; k++) {
        char name[48];
        struct mb_case_fields bf = {.hint = "none", .qd = b[k].qd};
        snprintf(bf.method, sizeof bf.method, "%s", b[k].method);
        variant_name(&bf, false, name, sizeof name);
        fprintf(f, " vs %s |", name);
    }
    fputs("\n|---|---|---:|", f);
    for (size_t k = 0; k < nb; k++)
        fputs("---|", f);
    fputc('\n', f);
    for (size_t i = 0; i < n; i++) {
        const struct mb_rcase *c = cs[i];
        if (!c->n || !mb_report_method_mapped(c->f.method))
            continue;
        char name[64];
        variant_name(&c->f, true, name, sizeof name);
        fprintf(f, "| %s | %s | %u |", name, life_name(c->f.lifetime), c->f.threads);
        for (size_t k = 0; k < nb; k++) {
            bool other;
            const struct mb_rcase *a = base_case(cs, n, c, &b[k], &other);
            struct mb_ratio q = {.ratio = NAN};
            if (a && mb_stats_ratio(a->v[MB_M_BPS], a->n, c->v[MB_M_BPS], c->n, &q) != 0)
                return MB_E_NOMEM;
            char cell[96];
            ratio_cell(&q, cell, sizeof cell);
            fprintf(f, " %s%s |", cell, a && other ? " †" : "");
        }
        fputc('\n', f);
    }
    return 0;
}

/* The read amplification of each method (lifetime, queue depth, threads) that ran both
 * without a hint and with the random one, as one line each. */
static void amplification_lines(FILE *f, const struct mb_rcase *const *cs, size_t n)
{
    bool head = false, any = false;
    for (size_t i = 0; i < n; i++) {
        const struct mb_rcase *c = cs[i];
        any = any || (c->n && isfinite(amplification(c)));
        if (!c->n || strcmp(c->f.hint, "none") != 0)
            continue;
        for (size_t k = 0; k < n; k++) {
            const struct mb_case_fields *g = &cs[k]->f;
            if (!cs[k]->n || strcmp(g->hint, "random") != 0 || g->threads != c->f.threads ||
                g->qd != c->f.qd || strcmp(g->method, c->f.method) != 0 ||
                strcmp(g->lifetime, c->f.lifetime) != 0)
                continue;
            double a0 = amplification(c), a1 = amplification(cs[k]);
            if (!isfinite(a0) && !isfinite(a1))
                continue;
            if (!head)
                fputs("\nRead amplification (device bytes read per byte requested) without a "
                      "hint and with the random hint (`madvise(MADV_RANDOM)` for a mapping, "
                      "`posix_fadvise(POSIX_FADV_RANDOM)` for a file descriptor):\n\n",
                      f);
            head = true;
            char name[64];
            variant_name(&c->f, false, name, sizeof name);
            fprintf(f, "- %s, %s, %u thread%s: %.2f without a hint, %.2f with the random hint\n",
                    name, life_name(c->f.lifetime), c->f.threads, c->f.threads == 1 ? "" : "s", a0,
                    a1);
        }
    }
    if (!any)
        fputs("\nRead amplification: not recorded (no device counters in this run's "
              "results).\n",
              f);
}

/* Links to the drawn timeline figures of the scenario (one per thread count). */
static void timeline_links(FILE *f, const struct mb_rcase *const *cs, size_t n,
                           const struct mb_figs *figs)
{
    for (size_t i = 0; figs && i < n; i++) {
        if (i > 0 && cs[i - 1]->f.threads == cs[i]->f.threads)
            continue;
        char name[96];
        mb_fig_timeline_name(&cs[i]->f, name, sizeof name);
        for (size_t k = 0; k < figs->n; k++)
            if (figs->f[k].drawn && strcmp(figs->f[k].name, name) == 0)
                fprintf(f, "\n![%s](%s.png)\n", figs->f[k].caption, name);
    }
}

/* The fastest case of the scenario at `threads` that is (mapped true) or is not mapped. */
static const struct mb_rcase *fastest(const struct mb_rcase *const *cs, size_t n, unsigned threads,
                                      bool mapped)
{
    const struct mb_rcase *best = NULL;
    double bv = -1;
    for (size_t i = 0; i < n; i++) {
        double v = cs[i]->n ? med(cs[i], MB_M_BPS) : NAN;
        if (cs[i]->f.threads == threads && mb_report_method_mapped(cs[i]->f.method) == mapped &&
            isfinite(v) && v > bv) {
            best = cs[i];
            bv = v;
        }
    }
    return best;
}

/* One summary row per scenario and thread count: the fastest mapped variant against the
 * fastest other method. 0 or MB_E_NOMEM. */
static int summary_rows(FILE *f, const struct mb_rcase *const *cs, size_t n, bool *head)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && cs[i - 1]->f.threads == cs[i]->f.threads)
            continue;
        const struct mb_rcase *m = fastest(cs, n, cs[i]->f.threads, true);
        const struct mb_rcase *o = fastest(cs, n, cs[i]->f.threads, false);
        if (!m || !o)
            continue;
        struct mb_ratio q;
        if (mb_stats_ratio(o->v[MB_M_BPS], o->n, m->v[MB_M_BPS], m->n, &q) != 0)
            return MB_E_NOMEM;
        if (!*head)
            fputs("| scenario | threads | fastest mapped | | fastest other | | mapped / other "
                  "(95% CI) |\n|---|---:|---|---:|---|---:|---|\n",
                  f);
        *head = true;
        char scen[160], mn[64], on[64], mv[32], ov[32], cell[96];
        mb_fig_scenario_text(&m->f, false, scen, sizeof scen);
        variant_name(&m->f, true, mn, sizeof mn);
        variant_name(&o->f, true, on, sizeof on);
        mb_verdict_fmt_bps(q.mb, mv, sizeof mv);
        mb_verdict_fmt_bps(q.ma, ov, sizeof ov);
        ratio_cell(&q, cell, sizeof cell);
        fprintf(f, "| %s | %u | %s, %s | %s | %s, %s | %s | %s |\n", scen, m->f.threads, mn,
                strcmp(m->f.lifetime, "case") == 0 ? "steady state" : "one-shot", mv, on,
                strcmp(o->f.lifetime, "case") == 0 ? "steady state" : "one-shot", ov, cell);
    }
    return 0;
}

/* The limited cases (file cases with a memlimit field) of r, sorted into scenarios; *count. */
static const struct mb_rcase **limited_cases(const struct mb_results *r, size_t *count)
{
    const struct mb_rcase **v = calloc(r->n ? r->n : 1, sizeof *v);
    size_t n = 0;
    for (size_t i = 0; v && i < r->n; i++)
        if (limited(&r->c[i]) && (r->c[i].n || r->c[i].nerr))
            v[n++] = &r->c[i];
    *count = n;
    return v;
}

void mb_verdict_mem_count(const struct mb_result_run *run, struct mb_mem_count *out)
{
    const struct mb_results *r = &run->file;
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < run->n_not_run; i++)
        out->notrun += run->not_run[i].file && run->not_run[i].f.memlimit;
    for (size_t i = 0; i < r->n; i++) {
        const struct mb_rcase *c = &r->c[i];
        if (!limited(c) || !c->n)
            continue;
        out->cases++;
        out->over += over_limit(c);
        out->nopeak += !isfinite(mb_stats_max(c->v[MB_M_CGPEAK], c->n));
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++)
            seen = limited(&r->c[k]) && r->c[k].n && same_scenario(&r->c[k].f, &c->f);
        out->scenarios += !seen;
    }
}

/* The memory-limited cases run-batch did not run, with the reason it recorded. */
static void not_run_list(FILE *f, const struct mb_result_run *run, size_t count)
{
    fprintf(f, "Memory-limited cases not run (%zu, from context.json's not_run):\n\n", count);
    for (size_t i = 0; i < run->n_not_run; i++) {
        const struct mb_not_run *e = &run->not_run[i];
        if (e->file && e->f.memlimit)
            fprintf(f, "- `%s`: %s\n", e->name, *e->reason ? e->reason : "(no reason given)");
    }
    fputc('\n', f);
}

int mb_verdict_mem_section(FILE *f, const struct mb_result_run *run, const struct mb_figs *figs)
{
    const struct mb_results *r = &run->file;
    struct mb_mem_count cnt;
    mb_verdict_mem_count(run, &cnt);
    size_t n;
    const struct mb_rcase **cs = limited_cases(r, &n);
    if (!cs)
        return MB_E_NOMEM;
    if (!n && !cnt.notrun) {
        free(cs);
        return 0;
    }
    /* group: scenario order, then the cases of each in table order */
    qsort(cs, n, sizeof *cs, cmp_scenario);
    size_t *start = calloc(n + 1, sizeof *start), ns = 0;
    if (!start) {
        free(cs);
        return MB_E_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        if (i == 0 || !same_scenario(&cs[i - 1]->f, &cs[i]->f))
            start[ns++] = i;
    start[ns] = n;
    for (size_t s = 0; s < ns; s++)
        qsort(cs + start[s], start[s + 1] - start[s], sizeof *cs, cmp_case);

    fputs("\n## Larger than memory\n\n", f);
    fputs("Cases run inside a memory cgroup whose limit is smaller than the file (`memlimit:` in "
          "the case name), so the page cache cannot hold it: they start cold and run for a fixed "
          "duration, and what they measure is the steady state of evicting and re-reading "
          "pages. Ratios are of the medians of the raw repetitions with a 95% bootstrap "
          "interval, bold where significant (Mann-Whitney p < 0.05 and the interval excluding "
          "1), as in the sections above. Device bytes come from the data disk's counters and are "
          "system-wide (anything else reading that disk is counted); read amplification is "
          "device bytes read per byte requested. The cgroup peak is the largest of the "
          "repetitions' peaks; it must stay within the limit.\n\n",
          f);
    if (cnt.notrun)
        not_run_list(f, run, cnt.notrun);
    if (!n)
        fputs("No memory-limited case of this run has results.\n", f);
    else if (cnt.over)
        fprintf(f,
                "> **cgroup peak above the limit** in %zu of %zu cases (marked below): those "
                "cases did not run within their memory limit.\n\n",
                cnt.over, cnt.cases);
    else if (cnt.nopeak)
        fprintf(f,
                "No case's cgroup peak exceeded its limit (%zu cases; %zu did not report a peak: "
                "the kernel could not say).\n\n",
                cnt.cases, cnt.nopeak);
    else
        fprintf(f, "No case's cgroup peak exceeded its limit (%zu cases).\n\n", cnt.cases);
    int rc = 0;
    bool head = false;
    for (size_t s = 0; s < ns && rc == 0; s++)
        rc = summary_rows(f, cs + start[s], start[s + 1] - start[s], &head);
    for (size_t s = 0; s < ns && rc == 0; s++) {
        const struct mb_rcase *const *sc = cs + start[s];
        size_t k = start[s + 1] - start[s];
        char scen[160];
        mb_fig_scenario_text(&sc[0]->f, false, scen, sizeof scen);
        fprintf(f, "\n### %s\n\n", scen);
        cases_table(f, sc, k);
        rc = ratio_table(f, sc, k);
        amplification_lines(f, sc, k);
        timeline_links(f, sc, k, figs);
    }
    free(start);
    free(cs);
    return rc;
}
