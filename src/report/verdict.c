/* report/verdict.c: report.md, the verdict of one run on "mapping a file greatly improves
 * efficiency": the introduction, the machine, the sections (map vs explicit I/O per scenario,
 * mapcopy vs prw, map vs mem: verdict_scen.c; IPC), failed and skipped cases, the summary
 * and the figures. */
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/out.h"
#include "report/stats.h"
#include "report/summary.h"
#include "report/verdict.h"

static size_t min_reps(const struct mb_results *r)
{
    size_t m = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->c[i].n && (m == 0 || r->c[i].n < m))
            m = r->c[i].n;
    return m;
}

/* GiB/s of a rate in GB/s (context.json's memory check records 1e9 bytes/s). */
#define GIB(gbps) ((gbps)*1e9 / (1024.0 * 1024 * 1024))

/* "consume 37.3 GiB/s, plain read loop 39.0 GiB/s, memcpy 18.9 GiB/s" for one measurement. */
static void fmt_memrate(const struct mb_memrate *m, char *buf, size_t len)
{
    snprintf(buf, len, "consume %.1f GiB/s, plain read loop %.1f GiB/s, memcpy %.1f GiB/s",
             GIB(m->consume), GIB(m->plain), GIB(m->memcpy));
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
            char v[512];
            mb_report_ctx_value(key, run->ctx[i].val, v, sizeof v);
            fprintf(f, "| %s | %s |\n", key, v);
        }
    }
    if (!run->nctx)
        fputs("| context | (no context.json in the run) |\n", f);
    if (!run->memcheck.present)
        fputs("| memory check | none: this run has no memory check (context.json has no "
              "memory_check) |\n",
              f);
}

#define MEM_OK 0.8 /* see memcheck_warnings */
#define MEM_DRIFT 1.2

/* A mem case matching the memory check's kind of read: seq reads of a file. */
static bool mem_seq_read(const struct mb_rcase *c)
{
    return c->kind == MB_KIND_FILE && c->n && strcmp(c->f.method, "mem") == 0 &&
           strcmp(c->f.op, "read") == 0 && strcmp(c->f.pattern, "seq") == 0;
}

/* The warning line on mem cases (seq, the largest request size) below MEM_OK of the plain
 * read loop, into w. */
static void mem_case_warnings(FILE *w, const struct mb_memcheck *m, const struct mb_results *res)
{
    double plain = fmin(isfinite(m->start.plain) ? m->start.plain : INFINITY,
                        isfinite(m->end.plain) ? m->end.plain : INFINITY);
    uint64_t bsmax = 0;
    for (size_t i = 0; i < res->n; i++)
        if (mem_seq_read(&res->c[i]) && res->c[i].f.bs > bsmax)
            bsmax = res->c[i].f.bs;
    if (!isfinite(plain) || plain <= 0 || !bsmax)
        return;
    bool head = false;
    for (size_t i = 0; i < res->n; i++) {
        const struct mb_rcase *c = &res->c[i];
        if (!mem_seq_read(c) || c->f.bs != bsmax)
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
                    "loop (%.1f GiB/s):",
                    100 * MEM_OK, GIB(plain));
        fprintf(w, "%s mem seq %s file, %s requests, %u thread%s: %.1f GiB/s (%.0f%%)",
                head ? ";" : "", sz, bs, c->f.threads, c->f.threads == 1 ? "" : "s", GIB(gbps),
                100 * gbps / plain);
        head = true;
    }
    if (head)
        fputc('\n', w);
}

/* The memory-check warnings of a run into f (nothing when there is nothing to warn about;
 * one plain line when the run has no memory check). Thresholds: the consume kernel below
 * MEM_OK of the plain read loop at the start or end of the batch; start and end consume rates
 * apart by more than MEM_DRIFT (the larger over the smaller); a mem case (seq, the largest
 * request size) below MEM_OK of the plain loop (the lower of start and end). */
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
                    "- at the %s of the batch the consume kernel (%s) read %.1f GiB/s, %.0f%% of "
                    "the plain read loop's %.1f GiB/s over the same buffer (expected at least "
                    "%.0f%%)\n",
                    when[i], kern, GIB(r[i]->consume), 100 * r[i]->consume / r[i]->plain,
                    GIB(r[i]->plain), 100 * MEM_OK);
    double c0 = m->start.consume, c1 = m->end.consume;
    if (isfinite(c0) && isfinite(c1) && c0 > 0 && c1 > 0 && fmax(c0, c1) > MEM_DRIFT * fmin(c0, c1))
        fprintf(w,
                "- the consume kernel read %.1f GiB/s at the start of the batch and %.1f GiB/s at "
                "the end (%.0f%% apart; expected within %.0f%%): memory bandwidth changed during "
                "the batch\n",
                GIB(c0), GIB(c1), 100 * (fmax(c0, c1) / fmin(c0, c1) - 1), 100 * (MEM_DRIFT - 1));
    mem_case_warnings(w, m, &run->file);
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
        fputs(">\n> (GiB/s = 2^30 bytes/s, converted from the memory check's GB/s; the plain loop "
              "is an independent C read loop over the "
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

/* The cases run-batch did not run (context.json's not_run), with their reasons. */
static void not_run_section(FILE *f, const struct mb_result_run *run)
{
    if (!run->n_not_run)
        return;
    fprintf(f, "\nNot run (context.json's not_run): %zu cases.\n\n| case | reason |\n|---|---|\n",
            run->n_not_run);
    for (size_t i = 0; i < run->n_not_run; i++)
        fprintf(f, "| `%s` | %s |\n", run->not_run[i].name,
                *run->not_run[i].reason ? run->not_run[i].reason : "(no reason given)");
}

/* A latency in µs: whole microseconds from 100 on ("4610"), else 3 significant digits. */
static void fmt_us(double v, char *buf, size_t len)
{
    if (!isfinite(v))
        snprintf(buf, len, "-");
    else if (v >= 100)
        snprintf(buf, len, "%.0f", v);
    else
        snprintf(buf, len, "%.3g", v);
}

/* One IPC row: shm case s against transport case o of the same workload (w: 1 pingpong,
 * with latencies) and message size; the table head first when *head is false. 0 or
 * MB_E_NOMEM. */
static int ipc_row(FILE *f, const struct mb_rcase *s, const struct mb_rcase *o, int w, bool *head)
{
    struct mb_ratio q;
    if (mb_stats_ratio(o->v[MB_M_BPS], o->n, s->v[MB_M_BPS], s->n, &q) != 0)
        return MB_E_NOMEM;
    if (!isfinite(q.ratio) && mb_stats_ratio(o->v[MB_M_IPS], o->n, s->v[MB_M_IPS], s->n, &q) != 0)
        return MB_E_NOMEM;
    if (!*head) {
        fprintf(f,
                "\n### %s\n\n| message | shm | other | shm | other | shm/other "
                "| 95%% CI | p |%s |\n|---:|---|---|---:|---:|---:|---|---:|%s---|\n",
                s->ipc.workload, w ? " shm p50/p99 µs | other p50/p99 µs |" : "",
                w ? "---:|---:|" : "");
        *head = true;
    }
    char sz[16], a[32], b[32], sent[200];
    mb_report_size(s->ipc.msg, sz, sizeof sz);
    mb_verdict_fmt_bps(q.mb, b, sizeof b);
    mb_verdict_fmt_bps(q.ma, a, sizeof a);
    if (!isfinite(q.ratio))
        snprintf(sent, sizeof sent, "no throughput data");
    else if (q.significant)
        snprintf(sent, sizeof sent, "%s moves data %.2fx %s than %s", s->ipc.transport,
                 q.ratio > 1 ? q.ratio : 1 / q.ratio, q.ratio > 1 ? "faster" : "slower",
                 o->ipc.transport);
    else if (!q.callable)
        snprintf(sent, sizeof sent, "too few repetitions (%zu) for a significance call",
                 q.na < q.nb ? q.na : q.nb);
    else
        snprintf(sent, sizeof sent, "no significant difference");
    fprintf(f, "| %s | %s | %s | %s | %s | %.3g | %.3g-%.3g | %.2g |", sz, s->ipc.transport,
            o->ipc.transport, b, a, q.ratio, q.lo, q.hi, q.p);
    if (w) {
        char l[4][24];
        fmt_us(mb_stats_median(s->v[MB_M_P50], s->n), l[0], sizeof l[0]);
        fmt_us(mb_stats_median(s->v[MB_M_P99], s->n), l[1], sizeof l[1]);
        fmt_us(mb_stats_median(o->v[MB_M_P50], o->n), l[2], sizeof l[2]);
        fmt_us(mb_stats_median(o->v[MB_M_P99], o->n), l[3], sizeof l[3]);
        fprintf(f, " %s / %s | %s / %s |", l[0], l[1], l[2], l[3]);
    }
    fprintf(f, " %s |\n", sent);
    return 0;
}

/* An IPC case with data of workload `work`, shm or not. */
static bool ipc_is(const struct mb_rcase *c, const char *work, bool shm)
{
    return c->kind == MB_KIND_IPC && strcmp(c->ipc.workload, work) == 0 && c->n &&
           (strncmp(c->ipc.transport, "shm", 3) == 0) == shm;
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
            if (!ipc_is(&r->c[i], work[w], true))
                continue;
            for (size_t j = 0; j < r->n; j++) {
                if (!ipc_is(&r->c[j], work[w], false) || r->c[j].ipc.msg != r->c[i].ipc.msg)
                    continue;
                if (ipc_row(f, &r->c[i], &r->c[j], w, &head) != 0)
                    return MB_E_NOMEM;
                any = true;
            }
        }
    }
    if (!any)
        fputs("\nNo shm transport with a pipe/socket counterpart in mapbench-ipc.json.\n", f);
    return 0;
}

/* The tallies of the three file sections, for the summary. */
struct sections {
    struct mb_tallies map, copy, mem;
};

/* The title, the warnings and the explanation of how to read the report. */
static void intro(FILE *f, const struct mb_result_run *run, bool two, size_t reps)
{
    char label[256];
    mb_report_label(run, label, sizeof label);
    fprintf(f, "# mapbench verdict: %s\n\n", label);
    if (run->wine)
        fputs("> **wine (not Windows performance)**: this run executed under wine. It shows that "
              "the Windows build works, not how fast Windows is.\n\n",
              f);
    memcheck_warnings(f, run);
    fputs("Claim under test: **\"mapping a file greatly improves efficiency\"**.\n\n", f);
    fprintf(f,
            "How to read this: every ratio is a ratio of medians of the raw repetitions "
            "(Google Benchmark aggregates are ignored), mapped / explicit throughput, so above 1 "
            "means mapping is faster. The explicit side is `prw` (pread/pwrite), or `rw` where a "
            "case has no `prw`. The 95%% confidence interval is a percentile bootstrap "
            "(%d resamples, fixed seed); p is the two-sided Mann-Whitney U test (exact without "
            "ties for up to 25 values per side, otherwise the normal approximation with tie "
            "correction). A difference is called significant only when p < 0.05 and the "
            "interval excludes 1; \"greatly\" means a median ratio of at least %.1fx. "
            "n is the number of repetitions per side. When a pair has so few repetitions that "
            "the test cannot reach p < 0.05 at all (3 against 3: the smallest p is 0.1), it "
            "says \"too few repetitions for a significance call\" instead of \"no significant "
            "difference\".\n\n"
            "A **scenario** is one op, access pattern, file size, request size, cache state "
            "and lifetime. Its variants (madvise hints, thread counts) are shown as sub-rows "
            "(↳) under the scenario's row and counted once: the scenario counts by its variant "
            "without a hint with the fewest threads (else its first). Scenarios are grouped "
            "under headings by op, cache, pattern and small or large requests.\n",
            MB_STATS_BOOT, MB_GREAT);
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
    if (run->has_file && reps && mb_stats_min_p(reps, reps) >= MB_STATS_ALPHA)
        fprintf(f,
                "\n> **Too few repetitions**: some cases have only %zu. With %zu against %zu "
                "values the Mann-Whitney test cannot give a p below %.2g, so such pairs are "
                "marked \"too few repetitions for a significance call\", not \"no significant "
                "difference\". Run with `--benchmark_repetitions=5` or more (5 against 5 can "
                "reach p = %.2g).\n",
                reps, reps, reps, mb_stats_min_p(reps, reps), mb_stats_min_p(5, 5));
    fputs("\n## Machine\n\n", f);
    context_table(f, run);
}

/* True when r has a file case with repetitions that ran without a memory limit. */
static bool has_unlimited(const struct mb_results *r)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->c[i].kind == MB_KIND_FILE && r->c[i].n && !r->c[i].f.memlimit)
            return true;
    return false;
}

/* The three file sections into f, their tallies into sec (one line instead when every file
 * case ran under a memory limit: those are the section "Larger than memory"'s). 0 or
 * MB_E_NOMEM. */
static int file_sections(FILE *f, const struct mb_result_run *run, bool two, struct sections *sec)
{
    struct mb_mem_count mc;
    mb_verdict_mem_count(run, &mc);
    if (mc.cases && !has_unlimited(&run->file)) {
        fputs("\n## map vs explicit I/O, per scenario\n\nEvery file case of this run ran under a "
              "memory limit: see \"Larger than memory\" below.\n",
              f);
        return 0;
    }
    static const char *const expl[] = {"prw", "rw"}, *const prw[] = {"prw"}, *const mem[] = {"mem"};
    const struct mb_section_spec s_map = {"map", expl, 2, false, "mapped"};
    const struct mb_section_spec s_copy = {"mapcopy", prw, 1, false, "map+copy"};
    const struct mb_section_spec s_mem = {"map", mem, 1, true, "mapped"};
    fputs("\n## map vs explicit I/O, per scenario\n", f);
    int rc = mb_verdict_section(f, &run->file, &s_map, two, &sec->map);
    fputs("\n## mapcopy (mmap + memcpy) vs prw\n\nHow much of the mapping's advantage "
          "survives when the data must be copied into a buffer anyway.\n",
          f);
    if (!rc)
        rc = mb_verdict_section(f, &run->file, &s_copy, two, &sec->copy);
    fputs("\n## map vs mem (in-memory baseline)\n\nHow close zero-copy mapping gets to "
          "touching a private in-memory copy (ratio map/mem; 1 means as fast as memory).",
          f);
    fputs(two ? " The baseline is the same for both lifetimes (mem keeps its copy for the "
                "whole case); a mem case of the other lifetime is marked in its cell.\n"
              : "\n",
          f);
    if (!rc)
        rc = mb_verdict_section(f, &run->file, &s_mem, two, &sec->mem);
    return rc;
}

/* Everything after the summary (the sections, larger than memory, IPC, failed and skipped
 * cases) into a memory buffer *body (the summary, written first, needs the sections'
 * tallies). */
static int body(const struct mb_result_run *run, const struct mb_figs *figs, bool two,
                struct sections *sec, char **buf, size_t *len)
{
    FILE *bf = open_memstream(buf, len);
    if (!bf)
        return MB_E_NOMEM;
    int rc = run->has_file ? file_sections(bf, run, two, sec) : 0;
    if (!rc && run->has_file)
        rc = mb_verdict_mem_section(bf, run, figs);
    if (!rc && run->has_ipc)
        rc = ipc_section(bf, run);
    fputs("\n## Failed and skipped cases\n", bf);
    if (run->has_file)
        errors_section(bf, &run->file, "mapbench.json");
    if (run->has_ipc)
        errors_section(bf, &run->ipc, "mapbench-ipc.json");
    not_run_section(bf, run);
    fclose(bf);
    return rc;
}

/* The summary's paragraph on the memory-limited cases (nothing when there are none). */
static void mem_summary(FILE *f, const struct mb_result_run *run)
{
    struct mb_mem_count mc;
    mb_verdict_mem_count(run, &mc);
    if (!mc.cases && !mc.notrun)
        return;
    fprintf(f,
            "**Larger than memory**: %zu case%s in %zu scenario%s ran under a memory limit; "
            "they are judged in the section \"Larger than memory\" below (mapped variants "
            "against explicit and asynchronous I/O, read amplification, cgroup peaks).%s",
            mc.cases, mc.cases == 1 ? "" : "s", mc.scenarios, mc.scenarios == 1 ? "" : "s",
            mc.over ? " **Some cases' cgroup peak exceeded the limit.**" : "");
    if (mc.notrun)
        fprintf(f, " %zu memory-limited case%s could not run (listed there).", mc.notrun,
                mc.notrun == 1 ? "" : "s");
    fputs("\n\n", f);
}

static void summary(FILE *f, const struct mb_result_run *run, bool two, size_t reps,
                    const struct sections *sec)
{
    fputs("\n## Summary\n\n", f);
    if (!run->has_file) {
        fputs("This run has no file benchmarks (no mapbench.json).\n", f);
        return;
    }
    mem_summary(f, run);
    if (!sec->map.n) {
        fputs("This run has no case with both map and an explicit method without a memory "
              "limit, so the scenarios above say nothing about the claim.\n",
              f);
        return;
    }
    if (two) {
        mb_verdict_claim(f, &sec->map, "case", reps);
        mb_verdict_claim(f, &sec->map, "pass", reps);
    } else {
        mb_verdict_claim(f, &sec->map, NULL, reps);
    }
    fputs(two ? "map vs explicit I/O (each scenario at both lifetimes, steady state "
                "first):\n\n"
              : "map vs explicit I/O:\n\n",
          f);
    mb_verdict_summary_table(f, &sec->map, two);
    if (sec->copy.n) {
        fputs("\nmapcopy vs prw:\n\n", f);
        mb_verdict_summary_table(f, &sec->copy, two);
    }
    if (sec->mem.n) {
        fputs("\nmap vs mem (ratio below 1: slower than in-memory access):\n\n", f);
        mb_verdict_summary_table(f, &sec->mem, two);
    }
}

static void figures(FILE *f, const struct mb_figs *figs)
{
    fputs("\n## Figures\n\n", f);
    for (size_t i = 0; figs && i < figs->n; i++) {
        const struct mb_fig *g = &figs->f[i];
        bool after_skip = i > 0 && !figs->f[i - 1].drawn; /* a blank line ends the list */
        if (g->drawn)
            fprintf(f, "%s**%s**\n\n![%s](%s.png)\n\n", after_skip ? "\n" : "", g->caption,
                    g->caption, g->name);
        else
            fprintf(f, "- *%s*: not drawn, %s.\n", g->caption, g->note);
    }
}

int mb_report_verdict(const struct mb_result_run *run, const struct mb_figs *figs,
                      const char *outdir, struct mb_err *err)
{
    struct mb_out o;
    int rc = mb_out_open(&o, outdir, "report.md", err);
    if (rc)
        return rc;
    /* two lifetimes: the run has kept-handle cases (lifetime:case); archived runs have none */
    bool two = mb_results_has_lifetime(&run->file, "case");
    size_t reps = min_reps(&run->file);
    intro(o.f, run, two, reps);
    struct sections *sec = calloc(1, sizeof *sec);
    char *text = NULL;
    size_t len = 0;
    rc = sec ? body(run, figs, two, sec, &text, &len) : MB_E_NOMEM;
    if (rc) {
        free(text);
        free(sec);
        mb_out_abort(&o);
        return mb_err_set(err, rc, 0, NULL, "out of memory");
    }
    summary(o.f, run, two, reps, sec);
    figures(o.f, figs);
    fwrite(text, 1, len, o.f);
    free(text);
    free(sec);
    rc = mb_out_close(&o, err);
    return rc ? rc : mb_report_summary_csv(run, outdir, err);
}
