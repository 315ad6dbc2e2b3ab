/* mapbench_main.c: the mapbench program: parses our flags, builds the case table, makes
 * sure the data files exist, registers one Google Benchmark case per table row and runs
 * them. Exit status: 0 all cases passed, 1 a case failed, 2 bad input. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "core/counters.h"
#include "core/datafile.h"
#include "core/status.h"
#include "gb.h"
#include "os/cache.h"
#include "os/cgroup.h"
#include "os/os.h"
#include "run/build_info.h"
#include "run/context.h"
#include "run/fiojob.h"
#include "run/flags.h"
#include "run/runner.h"
#include "run/sweep.h"
#include "run/timeline.h"

/* Warm cases over files smaller than this run a fixed number of passes (see fixed_passes). */
#define MB_FIXED_PASSES_BELOW (16ull << 20)
#define MB_FIXED_PASSES_BYTES (256ull << 20)

struct bench_case;

/* Shared by every case of this process. */
struct bench {
    struct mb_run_opts opts;
    double duration_s;    /* > 0: time-based cases (one iteration per repetition) */
    FILE *timeline;       /* --timeline-out, or NULL */
    bool timeline_bad;    /* a line of it could not be written */
    unsigned timeline_ms; /* its sampling interval */
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
    unsigned reps;    /* repetitions started (the timeline's rep) */
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
    bool have_device;
    double dev_read, dev_write;
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
    t->have_device = p->have_device && (t->iters == 1 || t->have_device);
    t->dev_read += (double)p->device_read_bytes;
    t->dev_write += (double)p->device_write_bytes;
}

static void report_counters(mb_gb_state *st, const struct bench_case *bc, const struct totals *t)
{
    mb_gb_set_bytes_processed(st, (int64_t)t->bytes);
    mb_gb_set_items_processed(st, (int64_t)t->requests);
    mb_gb_set_counter(st, MB_C_VERIFIED, 1.0, MB_GB_PLAIN);
    mb_gb_set_counter(st, MB_C_MINOR_FAULTS, t->minflt, MB_GB_AVG_PER_ITER);
    mb_gb_set_counter(st, MB_C_MAJOR_FAULTS, t->majflt, MB_GB_AVG_PER_ITER);
    mb_gb_set_counter(st, MB_C_USR_S, t->usr, MB_GB_AVG_PER_ITER);
    mb_gb_set_counter(st, MB_C_SYS_S, t->sys, MB_GB_AVG_PER_ITER);
    mb_gb_set_counter(st, MB_C_VOL_CS, t->vcs, MB_GB_AVG_PER_ITER);
    mb_gb_set_counter(st, MB_C_INVOL_CS, t->ivcs, MB_GB_AVG_PER_ITER);
    mb_gb_set_counter(st, MB_C_TLB_SHOOTDOWNS, t->tlb, MB_GB_AVG_PER_ITER);
    mb_gb_set_counter(st, MB_C_RESIDENT_BEFORE, t->resident, MB_GB_AVG_PER_ITER);
    mb_gb_set_counter(st, MB_C_PASS_FRACTION, t->fraction, MB_GB_AVG_PER_ITER);
    mb_gb_set_counter(st, MB_C_BYTES_PER_PASS, (double)t->bytes, MB_GB_AVG_PER_ITER);
    if (t->have_device) {
        mb_gb_set_counter(st, MB_C_DEVICE_READ_BYTES, t->dev_read, MB_GB_AVG_PER_ITER);
        mb_gb_set_counter(st, MB_C_DEVICE_WRITE_BYTES, t->dev_write, MB_GB_AVG_PER_ITER);
        if (bc->spec.op.kind == MB_OP_READ && t->bytes)
            mb_gb_set_counter(st, MB_C_READ_AMPLIFICATION, t->dev_read / (double)t->bytes,
                              MB_GB_PLAIN);
    }
    if (bc->spec.memlimit)
        mb_gb_set_counter(st, MB_C_MEMLIMIT_BYTES, (double)bc->spec.memlimit, MB_GB_PLAIN);
    uint64_t peak;
    if (bc->spec.memlimit && mb_run_cgroup_peak(bc->run, &peak))
        mb_gb_set_counter(st, MB_C_CGROUP_PEAK_BYTES, (double)peak, MB_GB_PLAIN);
}

/* Fails this repetition and every later one of the case: a case with a failed repetition
 * has failed (and Google Benchmark 1.7.1 crashes computing aggregates when the first
 * repetition failed but later ones did not). */
static void case_fail(mb_gb_state *st, struct bench_case *bc, const struct mb_err *err)
{
    mb_status_format(bc->failed, sizeof bc->failed, err);
    if (!mb_status_is_skip(err->code))
        bc->b->failures++;
    mb_gb_skip_with_error(st, bc->failed);
    if (bc->b->live == bc)
        bench_end_live(bc->b);
}

/* Opens the timeline file: written as FILE.tmp and renamed to FILE when the run ends, so a
 * killed run leaves no half-written FILE; an existing FILE is not replaced. */
static int timeline_open(const char *path, FILE **out, struct mb_err *err)
{
    char tmp[4096];
    bool exists;
    struct mb_file_info info;
    if (mb_file_stat(path, &exists, &info, err))
        return err->code;
    if (exists)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "timeline file '%s' exists: not replacing it (remove it or name "
                          "another)",
                          path);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    if (mb_file_stat(tmp, &exists, &info, err))
        return err->code;
    if (exists)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "'%s' exists (left by an interrupted run?): remove it or name another "
                          "timeline file",
                          tmp);
    /* created exclusively (ours, not a file someone left there), then opened as a stream */
    mb_fh fh;
    if (mb_file_create_excl(tmp, &fh, err)) {
        char why[sizeof err->msg];
        snprintf(why, sizeof why, "%s", err->msg);
        return mb_err_set(err, MB_E_USAGE, err->os, NULL, "cannot create timeline file: %s", why);
    }
    mb_file_close(fh, NULL);
    *out = fopen(tmp, "wb");
    if (!*out)
        return mb_err_set(err, MB_E_USAGE, errno, "fopen", "cannot create timeline file '%s'", tmp);
    return 0;
}

/* Closes the timeline file and moves it into place, unless writing it failed (bad): then
 * the incomplete FILE.tmp stays, and the error says so. */
static int timeline_close(FILE *f, const char *path, bool bad, struct mb_err *err)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    if (fclose(f) != 0 || bad)
        return mb_err_set(err, MB_E_IO, errno, "fclose",
                          "cannot write timeline file '%s' (left incomplete)", tmp);
    return mb_file_rename_noreplace(tmp, path, err);
}

/* One iteration of a pass-based case: one pass (or slice). */
static int pass_iteration(struct bench_case *bc, struct totals *t, double *seconds,
                          struct mb_err *err)
{
    struct mb_pass_result p;
    int rc = mb_run_pass(bc->run, &p, err);
    if (rc)
        return rc;
    totals_add(t, &p);
    *seconds = p.seconds;
    return 0;
}

/* One iteration of a time-based case (= one repetition): from the prepared cache state,
 * slices of the stream until their timed seconds reach the duration, each verified, with
 * the timeline sampled beside them when asked. *seconds is the timed total. */
static int timed_iteration(struct bench_case *bc, struct totals *t, double *seconds,
                           struct mb_err *err)
{
    struct bench *b = bc->b;
    char name[256];
    mb_case_name(&bc->spec, name, sizeof name);
    /* the cache state, prepared and verified before the clock and the timeline start */
    int rc = mb_run_rewind(bc->run, err);
    if (rc)
        return rc;
    struct mb_pass_result p;
    double total = 0;
    struct mb_timeline *tl = NULL;
    if (b->timeline &&
        (rc = mb_timeline_start(&tl, b->timeline, b->timeline_ms, bc->run, name, bc->reps, err)))
        return rc;
    bc->reps++;
    while (total < b->duration_s) {
        rc = mb_run_pass(bc->run, &p, err);
        if (rc)
            break;
        totals_add(t, &p);
        total += p.seconds;
    }
    struct mb_err terr;
    int trc = mb_timeline_stop(tl, &terr);
    if (trc)
        b->timeline_bad = true;
    if (!rc && trc) {
        *err = terr;
        rc = trc;
    }
    *seconds = total;
    return rc;
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
        double seconds;
        rc = bc->b->duration_s > 0 ? timed_iteration(bc, &t, &seconds, &err)
                                   : pass_iteration(bc, &t, &seconds, &err);
        if (rc)
            break;
        mb_gb_set_iteration_time(st, seconds);
    }
    t.tlb = (double)(mb_os_tlb_shootdowns() - tlb0);
    if (rc) {
        case_fail(st, bc, &err);
    } else {
        report_counters(st, bc, &t);
        double p50, p99;
        if (bc->b->opts.latency && mb_run_latency(run, &p50, &p99)) {
            mb_gb_set_counter(st, MB_C_LAT_P50_US, p50, MB_GB_PLAIN);
            mb_gb_set_counter(st, MB_C_LAT_P99_US, p99, MB_GB_PLAIN);
        }
    }
}

/* Passes per repetition for warm cases over small files, 0 for the others (Google Benchmark
 * then adapts the count to --benchmark_min_time). A warm pass over a few KiB takes
 * microseconds while the untimed per-pass work (cache verification, usage counters) takes
 * tens, so min-time adaptation would spend most of a batch between passes; a fixed count of
 * individually timed passes gives the same statistics. Not for uncached methods (direct),
 * whose passes go to the device and are slow. */
static int64_t fixed_passes(const struct bench *b, const struct mb_case_spec *c)
{
    if (b->duration_s > 0)
        return 1; /* a time-based case: one iteration is the whole duration */
    if (c->cache != MB_CACHE_WARM || c->size >= MB_FIXED_PASSES_BELOW ||
        (c->method->caps & MB_CAP_UNCACHED))
        return 0;
    uint64_t n = MB_FIXED_PASSES_BYTES / c->size;
    return (int64_t)(n < 50 ? 50 : n > 2000 ? 2000 : n);
}

/* Prints the error; exit status 1 for a runtime failure (out of memory), 2 for bad input. */
static int die(const struct mb_err *err)
{
    fprintf(stderr, "mapbench: %s\n", err->msg);
    return err->code == MB_E_NOMEM ? 1 : 2;
}

/* The machine facts (run/context.h) and this sweep's own into the Google Benchmark context. */
static void add_context(const char *data_dir, const struct mb_sweep *sw,
                        const struct mb_datafile *df)
{
    struct mb_context ctx;
    mb_context_collect(data_dir, &ctx);
    for (size_t i = 0; i < ctx.n; i++)
        mb_gb_add_context(ctx.fact[i].key, ctx.fact[i].value);
    char buf[64];
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
    mb_gb_add_context("residency_check",
                      mb_residency_name(mb_cache_residency_resolve(df->path, sw->residency)));
}

/* --list: the cases and the combinations left out. */
static void print_list(const struct mb_sweep *sw)
{
    char name[256];
    for (size_t i = 0; i < sw->n; i++) {
        mb_case_name(&sw->cases[i], name, sizeof name);
        printf("%s\n", name);
    }
    for (size_t i = 0; i < sw->nexcluded; i++)
        printf("# left out: %s\n", sw->excluded[i].name_reason);
    printf("# %zu cases, %zu combinations left out\n", sw->n, sw->nexcluded);
}

/* Registers one Google Benchmark case per row of the table, with its data file. */
static struct bench_case *register_cases(struct bench *b, const struct mb_sweep *sw,
                                         const struct mb_datafile *dfs)
{
    struct bench_case *cases = calloc(sw->n ? sw->n : 1, sizeof *cases);
    for (size_t i = 0; cases && i < sw->n; i++) {
        cases[i].b = b;
        cases[i].spec = sw->cases[i];
        for (size_t k = 0; k < sw->nsizes; k++)
            if (dfs[k].size == sw->cases[i].size)
                cases[i].df = &dfs[k];
        char name[256];
        mb_case_name(&sw->cases[i], name, sizeof name);
        struct mb_gb_case_opts o = {.iterations = fixed_passes(b, &sw->cases[i])};
        mb_gb_register(name, case_run, &cases[i], &o);
    }
    return cases;
}

/* MB_E_USAGE when --benchmark_filter selects none of the sweep's cases (matched as Google
 * Benchmark will match them, with the iteration counts register_cases gives) or is not a
 * regular expression, naming the filter: Google Benchmark would exit 0 and truncate the
 * --benchmark_out file first. The filter '^$' alone selects nothing on purpose: it makes the data
 * files and runs no case. */
static int filter_check(const struct bench *b, const struct mb_sweep *sw, struct mb_err *err)
{
    char filter[512];
    mb_gb_filter(filter, sizeof filter);
    if (strcmp(filter, "^$") == 0)
        return 0;
    for (size_t i = 0; i < sw->n; i++) {
        char name[256];
        mb_case_name(&sw->cases[i], name, sizeof name);
        struct mb_gb_case_opts o = {.iterations = fixed_passes(b, &sw->cases[i])};
        int m = mb_gb_filter_matches(name, &o);
        if (m < 0) /* the regular expression syntax Google Benchmark uses refuses it */
            return mb_err_set(err, MB_E_USAGE, 0, NULL,
                              "bad --benchmark_filter '%s': not an extended regular expression",
                              filter);
        if (m > 0)
            return 0;
    }
    return mb_err_set(err, MB_E_USAGE, 0, NULL,
                      "--benchmark_filter '%s' matches none of the %llu cases (see mapbench "
                      "--list with the same flags)",
                      filter, (unsigned long long)sw->n);
}

/* Runs the sweep's cases over their data files in dir; the exit status. */
static int run_sweep(const struct mb_cli *cli, const struct mb_sweep *sw, const char *dir)
{
    struct mb_err err;
    mb_err_clear(&err);
    /* memory limits: usable here (else one line and exit 1, before any data file is made),
     * and what an earlier run killed inside its memory cgroup left behind removed */
    for (size_t i = 0; i < sw->n; i++)
        if (sw->cases[i].memlimit) {
            char home[512];
            int version;
            if (mb_cgroup_home(home, sizeof home, &version, &err)) {
                fprintf(stderr, "mapbench: memory limits cannot be used here: %s\n", err.msg);
                return 1;
            }
            mb_cgroup_reap_stale(stderr);
            break;
        }
    struct bench b = {.opts = {.latency = cli->latency,
                               .view_size = sw->view_size,
                               .residency = sw->residency,
                               .continuous = sw->duration_s > 0},
                      .duration_s = sw->duration_s,
                      .timeline_ms = sw->timeline_ms,
                      .failures = 0};
    /* before any file is made or opened (data files, --benchmark_out, the timeline) */
    if (filter_check(&b, sw, &err))
        return die(&err);
    for (size_t i = 0; i < sw->nexcluded; i++)
        if (sw->excluded[i].code == MB_E_UNSUPPORTED)
            fprintf(stderr, "mapbench: skipping %s\n", sw->excluded[i].name_reason);
    struct mb_datafile *dfs;
    if ((!cli->data_dir && mb_os_mkdir(dir, &err)) || mb_os_dir_check(dir, &err) ||
        mb_sweep_datafiles(sw, dir, &dfs, &err))
        return die(&err);
    struct bench_case *cases = register_cases(&b, sw, dfs);
    if (!cases) {
        free(dfs);
        return die(&(struct mb_err){.code = MB_E_NOMEM, .msg = "out of memory"});
    }
    if (sw->timeline_out && timeline_open(sw->timeline_out, &b.timeline, &err)) {
        free(cases);
        free(dfs);
        return die(&err);
    }
    add_context(dir, sw, &dfs[0]);
    int ran = mb_gb_run();
    bench_end_live(&b);
    free(cases);
    free(dfs);
    if (b.timeline && timeline_close(b.timeline, sw->timeline_out, b.timeline_bad, &err)) {
        fprintf(stderr, "mapbench: %s\n", err.msg);
        return 1;
    }
    if (b.failures) {
        fprintf(stderr, "mapbench: %d case%s failed\n", b.failures, b.failures == 1 ? "" : "s");
        return 1;
    }
    char filter[512];
    mb_gb_filter(filter, sizeof filter);
    if (ran == 0 && strcmp(filter, "^$") != 0)
        return 2; /* a filter Google Benchmark could not compile: it said so, one line */
    return 0;
}

int main(int argc, char **argv)
{
    struct mb_err err;
    mb_err_clear(&err);
    struct mb_cli cli;
    if (mb_flags_version(mb_cli_flags(), argc, argv, stdout))
        return 0;
    if (mb_cli_extract(&argc, argv, &cli, &err))
        return die(&err);
    if (cli.help) {
        mb_cli_usage(stdout);
        return 0;
    }
    const char *dir = cli.data_dir ? cli.data_dir : MB_BUILD_DEFAULT_DATA_DIR;
    if (cli.fio_job) {
        /* the case's own flags are in its name: nothing else may be given with it */
        if (mb_flags_leftover(mb_cli_flags(), argc, argv, &err))
            return die(&err);
        return mb_fiojob_write(cli.fio_job, dir, stdout, &err) ? die(&err) : 0;
    }
    struct mb_sweep sw;
    memset(&sw, 0, sizeof sw);
    if (!cli.context && mb_sweep_build(&cli, &sw, &err))
        return die(&err);
    /* Google Benchmark takes its flags; anything left is unknown */
    mb_gb_initialize(&argc, argv);
    int rc = 0;
    if (mb_flags_leftover(mb_cli_flags(), argc, argv, &err)) {
        rc = die(&err);
    } else if (cli.context) {
        struct mb_context ctx;
        mb_context_collect(dir, &ctx);
        mb_context_print_json(&ctx, stdout);
    } else if (cli.list) {
        print_list(&sw);
    } else {
        rc = run_sweep(&cli, &sw, dir);
    }
    mb_sweep_free(&sw);
    return rc;
}
