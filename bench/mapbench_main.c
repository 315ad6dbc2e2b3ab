/* mapbench_main.c: the mapbench program: parses our flags, builds the case table, makes
 * sure the data files exist, registers one Google Benchmark case per table row and runs
 * them. Exit status: 0 all cases passed, 1 a case failed, 2 bad input. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "os/cache.h"
#include "core/content.h"
#include "core/datafile.h"
#include "gb.h"
#include "os/os.h"
#include "core/parse.h"
#include "run/runner.h"
#include "run/sweep.h"

#ifndef MB_DEFAULT_DATA_DIR
#define MB_DEFAULT_DATA_DIR "data"
#endif

/* Warm cases over files smaller than this run a fixed number of passes (see fixed_passes). */
#define MB_FIXED_PASSES_BELOW (16ull << 20)
#define MB_FIXED_PASSES_BYTES (256ull << 20)

struct bench_case;

/* Shared by every case of this process. */
struct bench {
    struct mb_run_opts opts;
    int failures;
    struct bench_case *live; /* the case whose run is alive (Google Benchmark runs one at a time) */
};

/* One registered case. Its run (buffers, threads and, for lifetime:case, the open file and
 * its mapping) lives from the case's first repetition to its last: a kept mapping stays
 * kept across repetitions, and no repetition pays a new buffer's first touch. */
struct bench_case {
    struct bench *b;
    struct mb_case_spec spec;
    const struct mb_datafile *df;
    struct mb_run *run;
    char failed[700]; /* set by the first failed repetition; later ones fail with it */
};

/* Ends the live case's run (when the next case starts, after a failure, and at exit). */
static void bench_end_live(struct bench *b)
{
    if (b->live) {
        mb_run_destroy(b->live->run);
        b->live->run = NULL;
        b->live = NULL;
    }
}

/* Totals over the iterations of one repetition. */
struct totals {
    uint64_t bytes, requests, iters;
    double minflt, majflt, usr, sys, vcs, ivcs, tlb, resident, fraction;
};

static void totals_add(struct totals *t, const struct mb_pass_result *p)
{
    t->bytes += p->bytes;
    t->requests += p->requests;
    t->iters++;
    t->minflt += (double)p->usage.minflt;
    t->majflt += (double)p->usage.majflt;
    t->usr += p->usage.usr_s;
    t->sys += p->usage.sys_s;
    t->vcs += (double)p->usage.nvcsw;
    t->ivcs += (double)p->usage.nivcsw;
    t->resident += p->resident_before;
    t->fraction += p->pass_fraction;
}

static void report_counters(mb_gb_state *st, const struct totals *t)
{
    mb_gb_set_bytes_processed(st, (int64_t)t->bytes);
    mb_gb_set_items_processed(st, (int64_t)t->requests);
    mb_gb_set_counter(st, "verified", 1.0, MB_GB_PLAIN);
    mb_gb_set_counter(st, "minor_faults", t->minflt, MB_GB_AVG_PER_ITER);
    mb_gb_set_counter(st, "major_faults", t->majflt, MB_GB_AVG_PER_ITER);
    mb_gb_set_counter(st, "usr_s", t->usr, MB_GB_AVG_PER_ITER);
    mb_gb_set_counter(st, "sys_s", t->sys, MB_GB_AVG_PER_ITER);
    mb_gb_set_counter(st, "vol_cs", t->vcs, MB_GB_AVG_PER_ITER);
    mb_gb_set_counter(st, "invol_cs", t->ivcs, MB_GB_AVG_PER_ITER);
    mb_gb_set_counter(st, "tlb_shootdowns", t->tlb, MB_GB_AVG_PER_ITER);
    mb_gb_set_counter(st, "resident_before", t->resident, MB_GB_AVG_PER_ITER);
    mb_gb_set_counter(st, "pass_fraction", t->fraction, MB_GB_AVG_PER_ITER);
    mb_gb_set_counter(st, "bytes_per_pass", (double)t->bytes, MB_GB_AVG_PER_ITER);
}

/* Fails this repetition and every later one of the case: a case with a failed repetition
 * has failed (and Google Benchmark 1.7.1 crashes computing aggregates when the first
 * repetition failed but later ones did not). */
static void case_fail(mb_gb_state *st, struct bench_case *bc, const struct mb_err *err)
{
    bool skip = err->code == MB_E_UNSUPPORTED;
    snprintf(bc->failed, sizeof bc->failed, "%s%s: %s", skip ? "skipped: " : "",
             mb_code_name(err->code), err->msg);
    if (!skip)
        bc->b->failures++;
    mb_gb_skip_with_error(st, bc->failed);
    if (bc->b->live == bc)
        bench_end_live(bc->b);
}

static void case_run(mb_gb_state *st, void *arg)
{
    struct bench_case *bc = arg;
    if (bc->failed[0]) {
        mb_gb_skip_with_error(st, bc->failed);
        return;
    }
    struct mb_err err;
    mb_err_clear(&err);
    if (bc->b->live != bc) {
        bench_end_live(bc->b);
        if (mb_run_create(&bc->run, &bc->spec, bc->df, &bc->b->opts, &err)) {
            case_fail(st, bc, &err);
            return;
        }
        bc->b->live = bc;
    }
    struct mb_run *run = bc->run;
    struct totals t;
    memset(&t, 0, sizeof t);
    int rc = 0;
    /* TLB shootdowns: read per repetition (a /proc read per pass would dominate tiny passes);
     * cache preparation between passes unmaps nothing it touched, so adds none. */
    uint64_t tlb0 = mb_os_tlb_shootdowns();
    while (mb_gb_keep_running(st)) {
        struct mb_pass_result p;
        rc = mb_run_pass(run, &p, &err);
        if (rc)
            break;
        mb_gb_set_iteration_time(st, p.seconds);
        totals_add(&t, &p);
    }
    t.tlb = (double)(mb_os_tlb_shootdowns() - tlb0);
    if (rc) {
        case_fail(st, bc, &err);
    } else {
        report_counters(st, &t);
        double p50, p99;
        if (bc->b->opts.latency && mb_run_latency(run, &p50, &p99)) {
            mb_gb_set_counter(st, "lat_p50_us", p50, MB_GB_PLAIN);
            mb_gb_set_counter(st, "lat_p99_us", p99, MB_GB_PLAIN);
        }
    }
}

/* Passes per repetition for warm cases over small files, 0 for the others (Google Benchmark
 * then adapts the count to --benchmark_min_time). A warm pass over a few KiB takes
 * microseconds while the untimed per-pass work (cache verification, usage counters) takes
 * tens, so min-time adaptation would spend most of a batch between passes; a fixed count of
 * individually timed passes gives the same statistics. Not for uncached methods (direct),
 * whose passes go to the device and are slow. */
static int64_t fixed_passes(const struct mb_case_spec *c)
{
    if (c->cache != MB_CACHE_WARM || c->size >= MB_FIXED_PASSES_BELOW ||
        (c->method->caps & MB_CAP_UNCACHED))
        return 0;
    uint64_t n = MB_FIXED_PASSES_BYTES / c->size;
    return (int64_t)(n < 50 ? 50 : n > 2000 ? 2000 : n);
}

static int die(const struct mb_err *err)
{
    fprintf(stderr, "mapbench: %s\n", err->msg);
    return 2;
}

/* Reads a one-line sysfs/proc file into buf ("" if unreadable). */
static void read_line(const char *path, char *buf, size_t len)
{
    buf[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    if (fgets(buf, (int)len, f))
        buf[strcspn(buf, "\n")] = '\0';
    fclose(f);
}

static void add_context(const char *data_dir, const struct mb_sweep *sw,
                        const struct mb_datafile *df)
{
    char buf[512];
    mb_gb_add_context("mapbench_version", MB_VERSION);
    mb_gb_add_context("data_dir", data_dir);
    /* wine is not Windows: its timings must never pass for Windows performance */
    bool wine = mb_os_under_wine();
    mb_gb_add_context("under_wine", wine ? "true" : "false");
    snprintf(buf, sizeof buf, "%zu", mb_os_page_size());
    mb_gb_add_context("page_size", buf);
    if (!wine) { /* under wine /sys is the Linux host's */
        read_line("/sys/kernel/mm/transparent_hugepage/enabled", buf, sizeof buf);
        if (buf[0])
            mb_gb_add_context("thp_enabled", buf);
    }
    snprintf(buf, sizeof buf, "%llu",
             (unsigned long long)(sw->view_size ? sw->view_size : MB_MAPWIN_VIEW_DEFAULT));
    mb_gb_add_context("mapwin_view", buf);
    size_t n;
    const struct mb_method *const *all = mb_methods(&n);
    for (size_t i = 0; i < n; i++) {
        char key[64];
        snprintf(key, sizeof key, "method.%s", all[i]->name);
        mb_gb_add_context(key, all[i]->unsupported ? all[i]->unsupported : all[i]->api);
    }
    snprintf(buf, sizeof buf, "%zu", sw->nexcluded);
    mb_gb_add_context("cases_left_out", buf);
    mb_gb_add_context("consume_kernel", mb_consume_kernel());
    mb_gb_add_context("residency_check",
                      mb_residency_name(mb_cache_residency_resolve(df->path, sw->residency)));
}

int main(int argc, char **argv)
{
    struct mb_err err;
    mb_err_clear(&err);
    struct mb_cli cli;
    if (mb_cli_extract(&argc, argv, &cli, &err))
        return die(&err);
    if (cli.help) {
        fputs(mb_cli_usage(), stdout);
        return 0;
    }
    struct mb_sweep sw;
    if (mb_sweep_build(&cli, &sw, &err))
        return die(&err);
    /* Google Benchmark takes its flags; anything left is unknown */
    mb_gb_initialize(&argc, argv);
    if (argc > 1) {
        fprintf(stderr, "mapbench: unknown flag '%s' (see mapbench --help)\n", argv[1]);
        return 2;
    }
    if (cli.list) {
        char name[256];
        for (size_t i = 0; i < sw.n; i++) {
            mb_case_name(&sw.cases[i], name, sizeof name);
            printf("%s\n", name);
        }
        for (size_t i = 0; i < sw.nexcluded; i++)
            printf("# left out: %s\n", sw.excluded[i]);
        printf("# %zu cases, %zu combinations left out\n", sw.n, sw.nexcluded);
        mb_sweep_free(&sw);
        return 0;
    }
    for (size_t i = 0; i < sw.nexcluded; i++)
        if (strstr(sw.excluded[i], "unsupported"))
            fprintf(stderr, "mapbench: skipping %s\n", sw.excluded[i]);

    const char *dir = cli.data_dir ? cli.data_dir : MB_DEFAULT_DATA_DIR;
    if (!cli.data_dir && mb_os_mkdir(dir, &err))
        return die(&err);
    if (mb_os_dir_check(dir, &err))
        return die(&err);
    /* free space for every file still to be created, checked before creating any */
    uint64_t need = 0, avail = 0;
    struct mb_datafile *dfs = calloc(sw.nsizes, sizeof *dfs);
    if (!dfs)
        return 2;
    for (size_t i = 0; i < sw.nsizes; i++) {
        char path[4096];
        bool exists;
        struct mb_file_info info;
        mb_datafile_path(dir, sw.sizes[i], path, sizeof path);
        if (mb_file_stat(path, &exists, &info, &err))
            return die(&err);
        if (!exists)
            need += mb_datafile_space_needed(sw.sizes[i]);
    }
    if (mb_os_free_space(dir, &avail, &err))
        return die(&err);
    if (need > avail) {
        fprintf(stderr,
                "mapbench: not enough free space in '%s' for the data files: need %" PRIu64
                " MiB, have %" PRIu64 " MiB\n",
                dir, need >> 20, avail >> 20);
        return 2;
    }
    for (size_t i = 0; i < sw.nsizes; i++) {
        if (mb_datafile_ensure(dir, sw.sizes[i], &dfs[i], &err))
            return die(&err);
        if (dfs[i].created)
            fprintf(stderr, "mapbench: created %s (%" PRIu64 " bytes)\n", dfs[i].path, dfs[i].size);
    }

    struct bench b = {
        .opts = {.latency = cli.latency, .view_size = sw.view_size, .residency = sw.residency},
        .failures = 0};
    struct bench_case *cases = calloc(sw.n, sizeof *cases);
    if (!cases)
        return 2;
    for (size_t i = 0; i < sw.n; i++) {
        cases[i].b = &b;
        cases[i].spec = sw.cases[i];
        for (size_t k = 0; k < sw.nsizes; k++)
            if (dfs[k].size == sw.cases[i].size)
                cases[i].df = &dfs[k];
        char name[256];
        mb_case_name(&sw.cases[i], name, sizeof name);
        struct mb_gb_case_opts o = {.iterations = fixed_passes(&sw.cases[i])};
        mb_gb_register(name, case_run, &cases[i], &o);
    }
    add_context(dir, &sw, &dfs[0]);
    mb_gb_run();
    bench_end_live(&b);
    free(cases);
    free(dfs);
    mb_sweep_free(&sw);
    if (b.failures) {
        fprintf(stderr, "mapbench: %d case%s failed\n", b.failures, b.failures == 1 ? "" : "s");
        return 1;
    }
    return 0;
}
