/* test_report.c: unit tests of the report tool: the reader on hand-made fixtures (known medians
 * and ratios), the statistics, the error paths, the verdict and the comparison. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/cli.h"
#include "report/report.h"
#include "report/results.h"
#include "report/stats.h"

static const char *fixtures(void)
{
    const char *d = getenv("MB_FIXTURES");
    return d ? d : "tests/report/fixtures";
}

static void fixture_path(char *buf, size_t len, const char *rel)
{
    snprintf(buf, len, "%s/%s", fixtures(), rel);
}

#define RUN_A "run-a/results/fixture/20261124T142603Z"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    if (b)
        b[n] = '\0';
    fclose(f);
    return b;
}

static void tmpdir(char *buf, size_t len)
{
    snprintf(buf, len, "/tmp/mbreport-test.XXXXXX");
    assert_non_null(mkdtemp(buf));
}

static void rmtree(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* ---- statistics ---- */

static void test_median(void **state)
{
    (void)state;
    double odd[] = {5, 1, 3}, even[] = {4, 1, 3, 2}, withnan[] = {NAN, 7, 1, NAN, 4};
    assert_float_equal(mb_stats_median(odd, 3), 3, 1e-12);
    assert_float_equal(mb_stats_median(even, 4), 2.5, 1e-12);
    assert_float_equal(mb_stats_median(withnan, 5), 4, 1e-12);
    assert_true(isnan(mb_stats_median(withnan, 1)));
    assert_true(isnan(mb_stats_median(NULL, 0)));
}

static void test_mann_whitney(void **state)
{
    (void)state;
    /* exact, no ties: all of b above all of a: P(U=0) = 1/C(6,3) = 1/20, two-sided 0.1 */
    double a3[] = {1, 2, 3}, b3[] = {4, 5, 6};
    assert_float_equal(mb_stats_mann_whitney(a3, 3, b3, 3), 0.1, 1e-12);
    /* 5 vs 5 separated: 2/C(10,5) = 2/252 */
    double a5[] = {1, 2, 3, 4, 5}, b5[] = {6, 7, 8, 9, 10};
    assert_float_equal(mb_stats_mann_whitney(a5, 5, b5, 5), 2.0 / 252, 1e-12);
    /* exact, interleaved {1,3} vs {2,4}: U_a = 1, P(U<=1) = 2/6, two-sided 2/3 */
    double ai[] = {1, 3}, bi[] = {2, 4};
    assert_float_equal(mb_stats_mann_whitney(ai, 2, bi, 2), 2.0 / 3, 1e-12);
    /* ties -> normal approximation with tie and continuity correction, by hand:
     * U_a = 4.5, mu = 18, var = 36/12 * (13 - 18/132), z = (13.5 - 0.5)/sd, p = 0.036379 */
    double at[] = {1, 2, 3, 4, 5, 6}, bt[] = {4, 5, 6, 7, 8, 9};
    assert_float_equal(mb_stats_mann_whitney(at, 6, bt, 6), 0.0363786, 1e-6);
    /* identical samples: no evidence at all */
    assert_float_equal(mb_stats_mann_whitney(a5, 5, a5, 5), 1.0, 1e-12);
}

static void test_ratio_ci(void **state)
{
    (void)state;
    /* b is a times 2.5 with its own small noise: the interval must contain 2.5 */
    double a[8], b[8];
    for (int i = 0; i < 8; i++) {
        a[i] = 100.0 * (1 + 0.01 * ((i * 37) % 8 - 4));
        b[i] = 250.0 * (1 + 0.01 * ((i * 53) % 8 - 4));
    }
    struct mb_ratio q;
    assert_int_equal(mb_stats_ratio(a, 8, b, 8, &q), 0);
    assert_float_equal(q.ratio, 2.5, 0.05);
    assert_true(q.lo <= 2.5 && q.hi >= 2.5);
    assert_true(q.lo > 2.3 && q.hi < 2.7);
    assert_true(q.significant);
    assert_true(q.p < 0.001);
    /* same data on both sides: ratio 1, interval contains 1, not significant */
    assert_int_equal(mb_stats_ratio(a, 8, a, 8, &q), 0);
    assert_float_equal(q.ratio, 1, 1e-12);
    assert_true(q.lo <= 1 && q.hi >= 1);
    assert_false(q.significant);
    /* deterministic: the fixed seed gives the same interval again */
    struct mb_ratio q2;
    assert_int_equal(mb_stats_ratio(a, 8, b, 8, &q), 0);
    assert_int_equal(mb_stats_ratio(a, 8, b, 8, &q2), 0);
    assert_float_equal(q.lo, q2.lo, 0);
    /* an empty side gives no ratio */
    double nan1[] = {NAN};
    assert_int_equal(mb_stats_ratio(nan1, 1, b, 8, &q), 0);
    assert_true(isnan(q.ratio));
    assert_false(q.significant);
}

/* ---- reader ---- */

static void test_reader_fixture(void **state)
{
    (void)state;
    char dir[512];
    fixture_path(dir, sizeof dir, RUN_A);
    struct mb_run run;
    struct mb_err e;
    mb_err_clear(&e);
    assert_int_equal(mb_run_load(dir, &run, &e), 0);
    assert_string_equal(run.machine, "fixture");
    assert_string_equal(run.stamp, "20261124T142603Z");
    assert_false(run.wine);
    assert_true(run.has_file && run.has_ipc);
    assert_int_equal(run.file.n, 11);
    assert_int_equal(run.ipc.n, 12);
    assert_string_equal(mb_run_ctx(&run, "cpu_model"), "Test CPU @ 2.4GHz");
    assert_string_equal(mb_run_ctx(&run, "cpus"), "2");
    /* names lose /manual_time; aggregates (mean 9999e6) are not repetitions */
    const struct mb_rcase *prw = mb_results_find_name(
        &run.file, "read/random/prw/size:1048576/bs:4096/cache:warm/threads:1");
    assert_non_null(prw);
    assert_int_equal(prw->n, 5);
    assert_float_equal(mb_stats_median(prw->v[MB_M_BPS], prw->n), 300e6, 1);
    const struct mb_rcase *map =
        mb_results_find(&run.file, "read", "random", "map", "none", 1048576, 4096, "warm", NULL, 1);
    assert_non_null(map);
    assert_float_equal(mb_stats_median(map->v[MB_M_BPS], map->n), 800e6, 1);
    /* real_time in ms converted to seconds: 1 MiB / 300e6 B/s */
    assert_float_equal(mb_stats_median(prw->v[MB_M_TIME], prw->n), 1048576 / 300e6, 1e-9);
    struct mb_ratio q;
    assert_int_equal(mb_stats_ratio(prw->v[MB_M_BPS], prw->n, map->v[MB_M_BPS], map->n, &q), 0);
    assert_float_equal(q.ratio, 800.0 / 300, 1e-9);
    assert_float_equal(q.p, 2.0 / 252, 1e-12);
    assert_true(q.significant);
    /* a bare NaN in a repetition reads as absent */
    const struct mb_rcase *seq =
        mb_results_find_name(&run.file, "read/seq/prw/size:1048576/bs:4096/cache:warm/threads:1");
    assert_non_null(seq);
    assert_true(isnan(seq->v[MB_M_P50][2]));
    assert_float_equal(mb_stats_median(seq->v[MB_M_P50], seq->n), 1.5, 1e-12);
    /* error rows are kept as errors, not dropped */
    const struct mb_rcase *dir_c = mb_results_find_name(
        &run.file, "read/random/direct/size:1048576/bs:4096/cache:warm/threads:1");
    assert_non_null(dir_c);
    assert_int_equal(dir_c->n, 0);
    assert_int_equal(dir_c->nerr, 5);
    assert_string_equal(dir_c->errmsg, "skipped: O_DIRECT is not supported by tmpfs");
    /* IPC names */
    const struct mb_rcase *ipc = mb_results_find_name(&run.ipc, "ipc/pingpong/shm/msg:4096");
    assert_non_null(ipc);
    assert_int_equal(ipc->kind, MB_KIND_IPC);
    assert_string_equal(ipc->ipc.transport, "shm");
    assert_int_equal(ipc->ipc.msg, 4096);
    mb_run_free(&run);
}

static void expect_load_error(const char *rel, int code, const char *needle)
{
    char dir[512];
    fixture_path(dir, sizeof dir, rel);
    struct mb_run run;
    struct mb_err e;
    mb_err_clear(&e);
    assert_int_equal(mb_run_load(dir, &run, &e), code);
    assert_non_null(strstr(e.msg, needle));
    assert_null(strchr(e.msg, '\n'));
}

static void test_reader_errors(void **state)
{
    (void)state;
    expect_load_error("bad-truncated", MB_E_USAGE, "bad-truncated/mapbench.json: truncated JSON");
    expect_load_error("bad-foreign", MB_E_USAGE, "not Google Benchmark output");
    expect_load_error("bad-names", MB_E_USAGE, "'BM_memcpy/64' is not a mapbench case name");
    expect_load_error("bad-context", MB_E_USAGE, "context.json");
    expect_load_error("not-a-run", MB_E_USAGE, "is not a mapbench run");
    expect_load_error("does-not-exist", MB_E_IO, "does-not-exist");
    char empty[64];
    tmpdir(empty, sizeof empty);
    struct mb_run run;
    struct mb_err e;
    assert_int_equal(mb_run_load(empty, &run, &e), MB_E_USAGE);
    assert_non_null(strstr(e.msg, "is not a mapbench run"));
    rmtree(empty);
    /* text that is no JSON at all, valid JSON of the wrong shape, an empty benchmark list */
    static const char *const bad[] = {"",
                                      "garbage",
                                      "[1,2,3]",
                                      "{\"context\":{},\"benchmarks\":[]}",
                                      "{\"context\":{},\"benchmarks\":[7]}",
                                      "{\"context\":{},\"benchmarks\":{}}",
                                      "NaN"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct mb_results r;
        assert_int_equal(mb_results_parse(bad[i], strlen(bad[i]), "x.json", &r, &e), MB_E_USAGE);
        assert_non_null(strstr(e.msg, "x.json"));
    }
}

/* ---- verdict and comparison ---- */

static void test_verdict(void **state)
{
    (void)state;
    char dir[512], out[64], path[600];
    fixture_path(dir, sizeof dir, RUN_A);
    tmpdir(out, sizeof out);
    char *argv[] = {"mapbench-report", "all", dir, out};
    assert_int_equal(mb_cli_main(4, argv), 0);
    snprintf(path, sizeof path, "%s/report.md", out);
    char *md = slurp(path);
    assert_non_null(md);
    assert_non_null(strstr(md, "mapped reads are 2.67x faster than prw (")); /* 800/300 */
    assert_non_null(strstr(md, "mapped writes are 2.33x slower than prw"));  /* 300/700 */
    assert_non_null(strstr(md, "mapped reads are 1.50x slower than mem"));   /* 800/1200 */
    assert_non_null(strstr(md, "no significant difference (ratio 1.2"));     /* 600/500 */
    assert_non_null(strstr(md, "skipped: O_DIRECT is not supported by tmpfs"));
    assert_non_null(strstr(md, "verification failed"));
    assert_non_null(strstr(md, "shm moves data 3.50x faster than pipe")); /* 4200/1200 */
    assert_null(strstr(md, "wine (not Windows performance)"));
    free(md);
    snprintf(path, sizeof path, "%s/figures.txt", out);
    char *figs = slurp(path);
    assert_non_null(figs);
    assert_non_null(strstr(figs, "draw lines throughput-size-bs4K"));
    assert_non_null(strstr(figs, "draw lines ipc-throughput"));
    assert_non_null(strstr(figs, "skip threads"));
    free(figs);
    rmtree(out);

    /* a wine run is labelled as such */
    fixture_path(dir, sizeof dir, "run-b");
    tmpdir(out, sizeof out);
    char *argv2[] = {"mapbench-report", "all", dir, out};
    assert_int_equal(mb_cli_main(4, argv2), 0);
    snprintf(path, sizeof path, "%s/report.md", out);
    md = slurp(path);
    assert_non_null(md);
    assert_non_null(strstr(md, "wine (not Windows performance)"));
    free(md);
    snprintf(path, sizeof path, "%s/throughput-size-bs4K.vars", out);
    char *vars = slurp(path);
    assert_non_null(vars);
    assert_non_null(strstr(vars, "wine (not Windows performance)"));
    free(vars);
    rmtree(out);
}

/* Reads compare.dat: counts rows, significant rows, and the largest |ratio - 1|. */
static void read_compare(const char *out, int *rows, int *sig, double *maxdev)
{
    char path[600], line[1024];
    snprintf(path, sizeof path, "%s/compare.dat", out);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    *rows = *sig = 0;
    *maxdev = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#')
            continue;
        int rank, s;
        double r, lo, hi;
        assert_int_equal(sscanf(line, "%d %lf %lf %lf %d", &rank, &r, &lo, &hi, &s), 5);
        (*rows)++;
        *sig += s != 0;
        *maxdev = fmax(*maxdev, fabs(r - 1));
        assert_true(lo <= r && r <= hi);
    }
    fclose(f);
}

static void test_compare_self(void **state)
{
    (void)state;
    char dir[512], out[64], path[600];
    fixture_path(dir, sizeof dir, RUN_A);
    struct mb_run a;
    struct mb_err e;
    assert_int_equal(mb_run_load(dir, &a, &e), 0);
    tmpdir(out, sizeof out);
    assert_int_equal(mb_report_compare(&a, &a, out, NULL, &e), 0);
    int rows, sig;
    double dev;
    read_compare(out, &rows, &sig, &dev);
    assert_int_equal(rows, 9 + 12); /* file cases with data + IPC cases */
    assert_int_equal(sig, 0);
    assert_true(dev < 1e-12);
    snprintf(path, sizeof path, "%s/compare.md", out);
    char *md = slurp(path);
    assert_non_null(md);
    assert_non_null(strstr(md, "**No significant difference**"));
    free(md);
    rmtree(out);
    mb_run_free(&a);
}

static void test_compare_diff(void **state)
{
    (void)state;
    char da[512], db[512], dn[512], out[64], path[600];
    fixture_path(da, sizeof da, RUN_A);
    fixture_path(db, sizeof db, "run-b");
    fixture_path(dn, sizeof dn, "run-nocommon");
    struct mb_run a, b, n;
    struct mb_err e;
    assert_int_equal(mb_run_load(da, &a, &e), 0);
    assert_int_equal(mb_run_load(db, &b, &e), 0);
    assert_int_equal(mb_run_load(dn, &n, &e), 0);
    assert_true(b.wine);
    tmpdir(out, sizeof out);
    assert_int_equal(mb_report_compare(&a, &b, out, NULL, &e), 0);
    int rows, sig;
    double dev;
    read_compare(out, &rows, &sig, &dev);
    assert_int_equal(rows, 8);
    assert_int_equal(sig, 1); /* map random read doubled in B */
    assert_float_equal(dev, 1.0, 1e-9);
    snprintf(path, sizeof path, "%s/compare.md", out);
    char *md = slurp(path);
    assert_non_null(md);
    assert_non_null(strstr(md, "B significantly faster in 1"));
    assert_non_null(strstr(md, "Cases with results only in A"));
    assert_non_null(strstr(md, "`read/random/mem/size:1048576/bs:4096/cache:warm/threads:1`"));
    assert_non_null(strstr(md, "Cases with results only in B"));
    assert_non_null(strstr(md, "| cpu_model | Test CPU @ 2.4GHz | Test CPU @ 2.4GHz |"));
    free(md);
    /* no common case: a clear error, nothing written */
    rmtree(out);
    tmpdir(out, sizeof out);
    assert_int_equal(mb_report_compare(&a, &n, out, NULL, &e), MB_E_USAGE);
    assert_non_null(strstr(e.msg, "no case in common"));
    snprintf(path, sizeof path, "%s/compare.md", out);
    assert_int_not_equal(access(path, F_OK), 0);
    rmtree(out);
    mb_run_free(&a);
    mb_run_free(&b);
    mb_run_free(&n);
}

/* ---- lifetimes and the memory check ---- */

#define RUN_LT "run-lifetime" /* both lifetimes; mem at lifetime:case only; no context.json */

/* A run directory in a fresh temporary directory: the fixture's mapbench.json (linked) and,
 * when ctx is non-NULL, a context.json with that text. Returns the run directory in dir. */
static void make_run(char *tmp, size_t tlen, char *dir, size_t dlen, const char *fixture,
                     const char *ctx)
{
    char src[512], path[700];
    tmpdir(tmp, tlen);
    snprintf(dir, dlen, "%s/m/20261201T120000Z", tmp);
    snprintf(path, sizeof path, "mkdir -p '%s'", dir);
    assert_int_equal(system(path), 0);
    fixture_path(src, sizeof src, fixture);
    snprintf(path, sizeof path, "%s/mapbench.json", src);
    char link[700];
    snprintf(link, sizeof link, "%s/mapbench.json", dir);
    assert_int_equal(symlink(path, link), 0);
    if (ctx) {
        snprintf(path, sizeof path, "%s/context.json", dir);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(ctx, f);
        fclose(f);
    }
}

/* report.md of a run directory (malloc'd). */
static char *verdict_of_dir(const char *dir, const char *out)
{
    char path[600];
    char *argv[] = {"mapbench-report", "all", (char *)dir, (char *)out};
    assert_int_equal(mb_cli_main(4, argv), 0);
    snprintf(path, sizeof path, "%s/report.md", out);
    char *md = slurp(path);
    assert_non_null(md);
    return md;
}

/* Names with and without the lifetime field are one case; lifetime:case is another. */
static void test_lifetime_names(void **state)
{
    (void)state;
    char dir[512];
    struct mb_run a, lt;
    struct mb_err e;
    fixture_path(dir, sizeof dir, RUN_A);
    assert_int_equal(mb_run_load(dir, &a, &e), 0);
    fixture_path(dir, sizeof dir, RUN_LT);
    assert_int_equal(mb_run_load(dir, &lt, &e), 0);
    /* an archived name reads as lifetime:pass and finds itself under either spelling */
    const struct mb_rcase *old = mb_results_find_name(
        &a.file, "read/random/prw/size:1048576/bs:4096/cache:warm/lifetime:pass/threads:1");
    assert_non_null(old);
    assert_string_equal(old->f.lifetime, "pass");
    assert_string_equal(old->key,
                        "read/random/prw/size:1048576/bs:4096/cache:warm/lifetime:pass/threads:1");
    assert_null(mb_results_find_name(
        &a.file, "read/random/prw/size:1048576/bs:4096/cache:warm/lifetime:case/threads:1"));
    /* a new run: the field-less name finds the lifetime:pass case, never the lifetime:case one */
    const struct mb_rcase *p =
        mb_results_find_name(&lt.file, "read/seq/map/size:1048576/bs:4096/cache:warm/threads:1");
    const struct mb_rcase *c = mb_results_find_name(
        &lt.file,
        "read/seq/map/size:1048576/bs:4096/cache:warm/lifetime:case/threads:1/manual_time");
    assert_non_null(p);
    assert_non_null(c);
    assert_ptr_not_equal(p, c);
    assert_string_equal(p->f.lifetime, "pass");
    assert_string_equal(c->f.lifetime, "case");
    assert_float_equal(mb_stats_median(c->v[MB_M_BPS], c->n), 1600e6, 1);
    assert_ptr_equal(
        mb_results_find(&lt.file, "read", "seq", "map", "none", 1048576, 4096, "warm", "case", 1),
        c);
    assert_false(mb_results_has_lifetime(&a.file, "case"));
    assert_true(mb_results_has_lifetime(&lt.file, "case"));
    assert_true(mb_results_has_lifetime(&lt.file, "pass"));

    /* compare an archived run with a new one: archived names pair with lifetime:pass cases,
     * mem (lifetime:case only in the new run) pairs across lifetimes, kept cases are B's own */
    char out[64];
    tmpdir(out, sizeof out);
    assert_int_equal(mb_report_compare(&a, &lt, out, NULL, &e), 0);
    int rows, sig;
    double dev;
    read_compare(out, &rows, &sig, &dev);
    assert_int_equal(rows, 7); /* seq prw/map, random prw/map at 1M and 16M, random mem */
    char path[600];
    snprintf(path, sizeof path, "%s/compare.md", out);
    char *md = slurp(path);
    assert_non_null(md);
    assert_non_null(strstr(
        md, "`read/random/prw/size:16777216/bs:4096/cache:warm/lifetime:pass/threads:1` | 1e+08 "
            "| 2.4e+08 |"));
    assert_non_null(strstr(md, "mem/size:1048576/bs:4096/cache:warm/lifetime:pass/threads:1 (B: "
                               "lifetime:case)`"));
    /* the kept-handle cases are listed as B's only, not paired with A's one-shot cases */
    assert_non_null(
        strstr(md, "- `read/seq/map/size:1048576/bs:4096/cache:warm/lifetime:case/threads:1`"));
    assert_non_null(strstr(md, "> B has kept-handle cases (lifetime:case"));
    free(md);
    rmtree(out);
    mb_run_free(&a);
    mb_run_free(&lt);
}

/* The verdict judges each scenario per lifetime; archived runs keep one-lifetime tables. */
static void test_verdict_lifetimes(void **state)
{
    (void)state;
    char dir[512], out[64];
    fixture_path(dir, sizeof dir, RUN_LT);
    tmpdir(out, sizeof out);
    char *md = verdict_of_dir(dir, out);
    /* summary: the same scenario at both lifetimes, next to each other, steady state first */
    const char *steady = strstr(md, "| read, warm cache, seq, small (<=16K) requests | steady "
                                    "state (case) | 1 | 1 | 0 | 0 | 4.00 (4.00-4.00) | "
                                    "**greatly faster** (supports the claim) |\n");
    assert_non_null(steady);
    const char *next = strchr(steady, '\n') + 1;
    assert_int_equal(strncmp(next,
                             "| read, warm cache, seq, small (<=16K) requests | one-shot (pass) | "
                             "1 | 0 | 1 | 0 | 0.80 (0.80-0.80) | **slower** (contradicts the "
                             "claim) |\n",
                             120),
                     0);
    assert_non_null(strstr(md, "| scenario | lifetime | cases |"));
    /* sentences say which lifetime; map pairs with prw of its own lifetime only */
    assert_non_null(strstr(md, "steady state: mapped reads are 4.00x faster than prw ("));
    assert_non_null(strstr(md, "one-shot: mapped reads are 1.25x slower than prw ("));
    assert_non_null(strstr(md, "one-shot: map+copy reads are 1.11x slower than prw ("));
    assert_non_null(strstr(md, "steady state: map+copy reads are 2.00x faster than prw ("));
    /* the mem baseline (lifetime:case only) serves both lifetimes */
    assert_non_null(strstr(md, "steady state: mapped reads are 1.25x slower than mem ("));
    assert_non_null(strstr(md, "one-shot: mapped reads are 8.33x slower than mem ("));
    assert_non_null(strstr(md, "**steady state: file opened and mapped once per case"));
    assert_non_null(strstr(md, "**one-shot use: file opened, mapped, unmapped and closed"));
    assert_null(strstr(md, "Only one-shot use was measured"));
    free(md);
    rmtree(out);
    char vars[600];
    /* the heatmap has a panel per lifetime, the size figure dashed kept-handle series */
    tmpdir(out, sizeof out);
    free(verdict_of_dir(dir, out));
    snprintf(vars, sizeof vars, "%s/heatmap-map-vs-prw.vars", out);
    char *v = slurp(vars);
    assert_non_null(v);
    assert_non_null(strstr(v, "npanels = 2\n"));
    assert_non_null(strstr(v, "ptitle1 = 'steady state"));
    free(v);
    snprintf(vars, sizeof vars, "%s/throughput-size-bs4K.vars", out);
    v = slurp(vars);
    assert_non_null(v);
    assert_non_null(strstr(v, "= 'map (kept mapping)'"));
    assert_non_null(strstr(v, "= 'prw (kept handle)'"));
    assert_non_null(strstr(v, "sdash3_4 = 1\n")); /* random warm: prw, prw kept, map, map kept */
    free(v);
    rmtree(out);

    /* an archived run: no lifetime column, a note that only one-shot use was measured */
    fixture_path(dir, sizeof dir, RUN_A);
    tmpdir(out, sizeof out);
    md = verdict_of_dir(dir, out);
    assert_non_null(strstr(md, "Only one-shot use was measured"));
    assert_null(strstr(md, "| lifetime |"));
    assert_null(strstr(md, "one-shot: "));
    assert_non_null(strstr(md, "| scenario | cases | faster |"));
    snprintf(vars, sizeof vars, "%s/heatmap-map-vs-prw.vars", out);
    v = slurp(vars);
    assert_non_null(v);
    assert_non_null(strstr(v, "npanels = 1\n"));
    assert_null(strstr(v, "lifetime"));
    free(v);
    free(md);
    rmtree(out);
}

/* A context.json with a memory check (GB/s) and a virtualization record. */
static void memcheck_ctx(char *buf, size_t len, double c0, double p0, double c1, double p1)
{
    snprintf(buf, len,
             "{\"machine\": \"m\", \"timestamp\": \"20261201T120000Z\", \"memory_check\": "
             "{\"buffer_bytes\": 268435456, \"kernel\": \"avx512\", \"start\": {\"consume_gbps\": "
             "%g, \"plain_gbps\": %g, \"memcpy_gbps\": 6.5}, \"end\": {\"consume_gbps\": %g, "
             "\"plain_gbps\": %g, \"memcpy_gbps\": 6.4}}, \"virtualization\": {\"type\": "
             "\"pvm\", \"evidence\": \"cpuid hypervisor bit | kvm-clock\"}}",
             c0, p0, c1, p1);
}

static char *memcheck_report(double c0, double p0, double c1, double p1)
{
    char ctx[1024], tmp[64], dir[256], out[300];
    memcheck_ctx(ctx, sizeof ctx, c0, p0, c1, p1);
    make_run(tmp, sizeof tmp, dir, sizeof dir, RUN_LT, ctx);
    snprintf(out, sizeof out, "%s/out", tmp);
    char *md = verdict_of_dir(dir, out);
    rmtree(tmp);
    return md;
}

static void test_memcheck_warning(void **state)
{
    (void)state;
    /* the fixture's mem seq case at the largest request size (1 MiB) runs 9.0 GB/s */
    /* healthy: consume close to the plain loop, stable, mem at 90% of plain: no warning */
    char *md = memcheck_report(9.6, 10, 9.5, 10);
    assert_null(strstr(md, "Memory check warning"));
    assert_non_null(strstr(md, "| consume kernel | avx512 |"));
    assert_non_null(strstr(md, "| virtualization | pvm (evidence: cpuid hypervisor bit   "
                               "kvm-clock) |"));
    assert_non_null(strstr(md, "| memory check | 256MiB buffer; start of batch: consume 9.6 GB/s"));
    assert_null(strstr(md, "has no memory check"));
    free(md);
    /* consume below 80% of plain at the start; the warning comes before the verdict */
    md = memcheck_report(7.8, 10, 8.5, 10);
    const char *w = strstr(md, "> **Memory check warning**");
    assert_non_null(w);
    assert_true(w < strstr(md, "## Summary") && w < strstr(md, "Claim under test"));
    assert_non_null(strstr(md, "at the start of the batch the consume kernel (avx512) read 7.8 "
                               "GB/s, 78% of the plain read loop's 10.0 GB/s"));
    assert_null(strstr(md, "at the end of the batch"));
    assert_null(strstr(md, "apart"));
    free(md);
    /* consume fine against plain each time, but start and end differ by more than 20% */
    md = memcheck_report(9.5, 10, 7.5, 8);
    assert_non_null(strstr(md, "> **Memory check warning**"));
    assert_non_null(strstr(md, "read 9.5 GB/s at the start of the batch and 7.5 GB/s at the end "
                               "(27% apart"));
    assert_null(strstr(md, "of the plain read loop's"));
    free(md);
    /* exactly 20% apart is not more than 20% */
    md = memcheck_report(12, 12, 10, 10);
    assert_null(strstr(md, "Memory check warning"));
    free(md);
    /* the run's own mem case below 80% of plain (9.0 of 20 GB/s) */
    md = memcheck_report(19, 20, 19, 20);
    assert_non_null(strstr(md, "> **Memory check warning**"));
    assert_non_null(strstr(md, "mem seq 16MiB file, 1MiB requests, 1 thread: 9.0 GB/s (45%)"));
    assert_null(strstr(md, "apart"));
    free(md);
    /* an old run: no memory check, no warning, a line saying so */
    char dir[512], out[64];
    fixture_path(dir, sizeof dir, RUN_A);
    tmpdir(out, sizeof out);
    md = verdict_of_dir(dir, out);
    assert_null(strstr(md, "Memory check warning"));
    assert_non_null(strstr(md, "This run has no memory check"));
    assert_non_null(strstr(md, "| memory check | none: this run has no memory check"));
    assert_null(strstr(md, "| virtualization |"));
    free(md);
    rmtree(out);
}

static void test_cli_usage(void **state)
{
    (void)state;
    char dir[512];
    fixture_path(dir, sizeof dir, RUN_A);
    char *unknown_opt[] = {"mapbench-report", "--frobnicate"};
    char *unknown_cmd[] = {"mapbench-report", "frobnicate", "x"};
    char *missing[] = {"mapbench-report", "compare", dir, dir};
    char *none[] = {"mapbench-report"};
    char *badout[] = {"mapbench-report", "all", dir, "/nonexistent-parent/out"};
    char *check[] = {"mapbench-report", "check", dir};
    assert_int_equal(mb_cli_main(2, unknown_opt), 2);
    assert_int_equal(mb_cli_main(3, unknown_cmd), 2);
    assert_int_equal(mb_cli_main(4, missing), 2);
    assert_int_equal(mb_cli_main(1, none), 2);
    assert_int_equal(mb_cli_main(4, badout), 1);
    assert_int_equal(mb_cli_main(3, check), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_median),
        cmocka_unit_test(test_mann_whitney),
        cmocka_unit_test(test_ratio_ci),
        cmocka_unit_test(test_reader_fixture),
        cmocka_unit_test(test_reader_errors),
        cmocka_unit_test(test_verdict),
        cmocka_unit_test(test_compare_self),
        cmocka_unit_test(test_compare_diff),
        cmocka_unit_test(test_cli_usage),
        cmocka_unit_test(test_lifetime_names),
        cmocka_unit_test(test_verdict_lifetimes),
        cmocka_unit_test(test_memcheck_warning),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
