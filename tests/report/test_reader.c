/* test_reader.c: unit tests of the report tool's input side: the statistics, the reader on
 * hand-made fixtures (known medians and ratios), failure codes read back, case names and
 * lifetimes, the error paths and the command line. */
#include "testutil.h"

#include <math.h>
#include <unistd.h>

#include "helpers.h"
#include "report/cli.h"
#include "report/reader.h"
#include "report/report.h"
#include "report/results.h"
#include "report/stats.h"

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

/* The median's bootstrap interval (figure whiskers, summary.csv): inside the sample's range,
 * narrower than min-max once there are enough repetitions; _any keeps zeros, the plain one
 * only positive values. */
static void test_median_ci(void **state)
{
    (void)state;
    double x[20], med, lo, hi;
    size_t used;
    for (int i = 0; i < 20; i++)
        x[i] = 100 + (i * 7) % 20; /* 100..119, each once */
    assert_int_equal(mb_stats_median_ci(x, 20, &med, &lo, &hi, &used), 0);
    assert_int_equal(used, 20);
    assert_float_equal(med, 109.5, 1e-12);
    assert_true(lo <= med && med <= hi);
    assert_true(lo > 100 && hi < 119); /* not min-max */
    /* five repetitions: the interval is the whole range (a resample's median is the minimum
     * with probability 0.058, above 2.5%) */
    assert_int_equal(mb_stats_median_ci(x, 5, &med, &lo, &hi, &used), 0);
    assert_float_equal(lo, mb_stats_min(x, 5), 0);
    assert_float_equal(hi, mb_stats_max(x, 5), 0);
    /* zeros: a metric that is 0 in most repetitions has median 0 with _any */
    double z[] = {0, 0, 0, 4, NAN, 8};
    assert_int_equal(mb_stats_median_ci_any(z, 6, &med, &lo, &hi, &used), 0);
    assert_int_equal(used, 5);
    assert_float_equal(med, 0, 0);
    assert_float_equal(lo, 0, 0);
    assert_true(hi >= 0 && hi <= 8);
    assert_int_equal(mb_stats_median_ci(z, 6, &med, &lo, &hi, &used), 0);
    assert_int_equal(used, 2);
    assert_float_equal(med, 6, 1e-12);
    /* nothing usable: NaN */
    assert_int_equal(mb_stats_median_ci_any(z + 4, 1, &med, &lo, &hi, &used), 0);
    assert_true(isnan(med) && isnan(lo) && isnan(hi));
    assert_int_equal(used, 0);
}

/* ---- reader ---- */

static void test_reader_fixture(void **state)
{
    (void)state;
    char dir[512];
    mb_test_fixture_path(dir, sizeof dir, RUN_A);
    struct mb_result_run run;
    struct mb_err e;
    mb_err_clear(&e);
    assert_int_equal(mb_result_run_load(dir, &run, &e), 0);
    assert_string_equal(run.machine, "fixture");
    assert_string_equal(run.stamp, "20261124T142603Z");
    assert_false(run.wine);
    assert_true(run.has_file && run.has_ipc);
    assert_int_equal(run.file.n, 11);
    assert_int_equal(run.ipc.n, 12);
    assert_string_equal(mb_result_run_ctx(&run, "cpu_model"), "Test CPU @ 2.4GHz");
    assert_string_equal(mb_result_run_ctx(&run, "cpus"), "2");
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
    mb_result_run_free(&run);
}

static void expect_load_error(const char *rel, int code, const char *needle)
{
    char dir[512];
    mb_test_fixture_path(dir, sizeof dir, rel);
    struct mb_result_run run;
    struct mb_err e;
    mb_err_clear(&e);
    assert_int_equal(mb_result_run_load(dir, &run, &e), code);
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
    expect_load_error("does-not-exist", MB_E_USAGE, "does-not-exist");
    char empty[64];
    mb_test_tmpdir(empty, sizeof empty);
    struct mb_result_run run;
    struct mb_err e;
    assert_int_equal(mb_result_run_load(empty, &run, &e), MB_E_USAGE);
    assert_non_null(strstr(e.msg, "is not a mapbench run"));
    mb_test_rmtree(empty);
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

/* Names with and without the lifetime field are one case; lifetime:case is another. */
static void test_lifetime_names(void **state)
{
    (void)state;
    char dir[512];
    struct mb_result_run a, lt;
    struct mb_err e;
    mb_test_fixture_path(dir, sizeof dir, RUN_A);
    assert_int_equal(mb_result_run_load(dir, &a, &e), 0);
    mb_test_fixture_path(dir, sizeof dir, RUN_LT);
    assert_int_equal(mb_result_run_load(dir, &lt, &e), 0);
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
    mb_test_tmpdir(out, sizeof out);
    assert_int_equal(mb_report_compare(&a, &lt, out, NULL, &e), 0);
    int rows, sig;
    double dev;
    mb_test_read_compare(out, &rows, &sig, &dev);
    assert_int_equal(rows, 7); /* seq prw/map, random prw/map at 1M and 16M, random mem */
    char *md = mb_test_read(out, "compare.md");
    MB_ASSERT_HAS(
        md,
        "`read/random/prw/size:16777216/bs:4096/cache:warm/lifetime:pass/threads:1` | "
        "95.4 MiB/s | 228.9 MiB/s |",
        "mem/size:1048576/bs:4096/cache:warm/lifetime:pass/threads:1 (B: lifetime:case)`");
    /* the kept-handle cases are listed as B's only, not paired with A's one-shot cases */
    MB_ASSERT_HAS(md, "- `read/seq/map/size:1048576/bs:4096/cache:warm/lifetime:case/threads:1`",
                  "> B has kept-handle cases (lifetime:case");
    free(md);
    mb_test_rmtree(out);
    mb_result_run_free(&a);
    mb_result_run_free(&lt);
}

static void test_cli_usage(void **state)
{
    (void)state;
    char dir[512];
    mb_test_fixture_path(dir, sizeof dir, RUN_A);
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

/* ---- failure codes ---- */

/* One-row result file text of case `name` whose repetition failed with `msg` (NULL: none). */
static void error_json(char *buf, size_t len, const char *name, const char *msg)
{
    char m[256] = "";
    if (msg)
        snprintf(m, sizeof m, ",\"error_message\":\"%s\"", msg);
    snprintf(buf, len,
             "{\"context\":{},\"benchmarks\":[{\"name\":\"%s\",\"run_type\":\"iteration\","
             "\"error_occurred\":true%s}]}",
             name, m);
}

/* The code and skip flag read back from one failure message. */
static void expect_status(const char *msg, int code, bool skipped)
{
    char text[600];
    error_json(text, sizeof text, "read/random/direct/size:1048576/bs:4096/cache:warm/threads:1",
               msg);
    struct mb_results r;
    struct mb_err e;
    mb_err_clear(&e);
    assert_int_equal(mb_results_parse(text, strlen(text), "s.json", &r, &e), 0);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.c[0].nerr, 1);
    assert_int_equal(r.c[0].errcode, code);
    assert_int_equal(r.c[0].skipped, skipped);
    mb_results_free(&r);
}

/* Failed and skipped cases are told apart by the code in the message (mb_status_format's
 * form), and archived messages without a code name still read by their prefix. */
static void test_status_codes(void **state)
{
    (void)state;
    expect_status("skipped: unsupported: O_DIRECT is not supported by tmpfs", MB_E_UNSUPPORTED,
                  true);
    expect_status("verify: checksum mismatch at offset 4096", MB_E_VERIFY, false);
    expect_status("fault: SIGBUS at offset 0", MB_E_FAULT, false);
    expect_status("io: pread failed (skipped: no)", MB_E_IO, false);
    expect_status(NULL, MB_E_IO, false);
    /* the archived fixture: "skipped: O_DIRECT ..." and "verification failed: ..." */
    struct mb_result_run run;
    mb_test_load(RUN_A, &run);
    const struct mb_rcase *d = mb_results_find_name(
        &run.file, "read/random/direct/size:1048576/bs:4096/cache:warm/threads:1");
    assert_non_null(d);
    assert_true(d->skipped);
    assert_int_equal(d->errcode, MB_E_IO);
    size_t failed = 0, skipped = 0;
    for (size_t i = 0; i < run.file.n; i++)
        if (run.file.c[i].nerr)
            run.file.c[i].skipped ? skipped++ : failed++;
    assert_int_equal(failed, 1);
    assert_int_equal(skipped, 1);
    mb_result_run_free(&run);
}

/* The IPC message size is read by the core parser: a positive whole number. */
static void test_ipc_names(void **state)
{
    (void)state;
    static const char *const foreign[] = {"ipc/stream/shm/msg:0", "ipc/stream/shm/msg:-4",
                                          "ipc/stream/shm/msg:4K", "ipc/stream/shm/msg:"};
    char text[600];
    struct mb_results r;
    struct mb_err e;
    for (size_t i = 0; i < sizeof foreign / sizeof foreign[0]; i++) {
        error_json(text, sizeof text, foreign[i], "io: x");
        assert_int_equal(mb_results_parse(text, strlen(text), "i.json", &r, &e), MB_E_USAGE);
        assert_non_null(strstr(e.msg, "is not a mapbench case name"));
    }
    error_json(text, sizeof text, "ipc/stream/shm/msg:18446744073709551615", "io: x");
    assert_int_equal(mb_results_parse(text, strlen(text), "i.json", &r, &e), 0);
    assert_true(r.c[0].ipc.msg == UINT64_MAX);
    mb_results_free(&r);
}

/* ---- many cases: the hash lookup ---- */

/* One repetition row of a file case of this size (lifetime field as given: "" for an archived
 * name without one). */
static size_t many_row(char *buf, size_t len, unsigned long size, const char *lifetime, double bps)
{
    int n = snprintf(buf, len,
                     "%s{\"name\": \"read/random/prw/size:%lu/bs:4096/cache:warm/%sthreads:1/"
                     "manual_time\", \"run_type\": \"iteration\", \"real_time\": 1.0, "
                     "\"time_unit\": \"ms\", \"bytes_per_second\": %.1f}",
                     "", size, lifetime, bps);
    return (size_t)n;
}

/* 20000 cases, every one repeated in a second pass over the file (its rows not adjacent), a
 * third of them under their archived name without a lifetime: every row lands on its own
 * case, the names and the canonical keys find the right case, and a key shared by two names
 * finds the first. */
static void test_many_cases(void **state)
{
    (void)state;
    enum { N = 20000 };
    size_t cap = (size_t)N * 2 * 200 + 256, o = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    o += (size_t)snprintf(text + o, cap - o, "{\"context\": {}, \"benchmarks\": [");
    for (int pass = 0; pass < 2; pass++)
        for (unsigned long i = 0; i < N; i++) {
            if (pass || i)
                text[o++] = ',';
            const char *lt = i % 3 == 0 ? "" : "lifetime:pass/";
            o += many_row(text + o, cap - o, 4096 * (i + 1), lt, (double)(i + 1) + pass * 0.5);
        }
    /* the same key as case 1 (lifetime:pass) under its archived name: a case of its own */
    text[o++] = ',';
    o += many_row(text + o, cap - o, 4096 * 2, "", 7.0);
    o += (size_t)snprintf(text + o, cap - o, "]}");
    struct mb_results r;
    struct mb_err e;
    mb_err_clear(&e);
    assert_int_equal(mb_results_parse(text, o, "many.json", &r, &e), 0);
    free(text);
    assert_int_equal(r.n, N + 1);
    for (unsigned long i = 0; i < N; i++) {
        const struct mb_rcase *c = &r.c[i];
        assert_int_equal(c->f.size, 4096 * (i + 1));
        assert_int_equal(c->n, 2);
        assert_float_equal(c->v[MB_M_BPS][0], (double)(i + 1), 1e-9);
        assert_float_equal(c->v[MB_M_BPS][1], (double)(i + 1) + 0.5, 1e-9);
        char name[200];
        snprintf(name, sizeof name, "read/random/prw/size:%lu/bs:4096/cache:warm/threads:1",
                 4096 * (i + 1));
        assert_ptr_equal(mb_results_find_name(&r, name), c);
        assert_ptr_equal(mb_results_find_fields(&r, &c->f), c);
    }
    assert_int_equal(r.c[N].n, 1);
    assert_ptr_equal(mb_results_find_fields(&r, &r.c[N].f), &r.c[1]);
    assert_null(mb_results_find_name(&r, "read/random/prw/size:1/bs:4096/cache:warm/threads:1"));
    mb_results_free(&r);
}

/* ---- values a repetition must not carry ---- */

/* A row with `fields` (after the name) is refused with a one-line message holding `needle`. */
static void expect_row_refused(const char *fields, const char *needle)
{
    char text[800];
    int n = snprintf(text, sizeof text,
                     "{\"context\": {}, \"benchmarks\": [{\"name\": "
                     "\"read/random/prw/size:4096/bs:4096/cache:warm/threads:1/manual_time\", "
                     "\"run_type\": \"iteration\", %s}]}",
                     fields);
    struct mb_results r;
    struct mb_err e;
    mb_err_clear(&e);
    assert_int_equal(mb_results_parse(text, (size_t)n, "v.json", &r, &e), MB_E_USAGE);
    MB_ASSERT_HAS(e.msg, needle);
    MB_ASSERT_HAS(e.msg, "case 'read/random/prw/size:4096/bs:4096/cache:warm/threads:1'");
    assert_null(strchr(e.msg, '\n'));
}

static void test_bad_values(void **state)
{
    (void)state;
    expect_row_refused("\"real_time\": NaN, \"time_unit\": \"ns\"", "\"real_time\" is NaN");
    expect_row_refused("\"real_time\": -Infinity", "\"real_time\" is NaN or infinite");
    expect_row_refused("\"real_time\": -1.5", "\"real_time\" is negative");
    expect_row_refused("\"real_time\": \"fast\"", "\"real_time\" is not a number");
    expect_row_refused("\"real_time\": 1, \"bytes_per_second\": NaN",
                       "\"bytes_per_second\" is NaN or infinite");
    expect_row_refused("\"real_time\": 1, \"items_per_second\": -3",
                       "\"items_per_second\" is negative");
    expect_row_refused("\"real_time\": 1, \"minor_faults\": -1", "\"minor_faults\" is negative");
    expect_row_refused("\"real_time\": 1, \"resident_before\": -0.5",
                       "\"resident_before\" is negative");
    expect_row_refused("\"real_time\": 1, \"time_unit\": \"fortnight\"",
                       "\"time_unit\" is not ns, us, ms or s");
    expect_row_refused("\"real_time\": 1, \"time_unit\": 3", "\"time_unit\" is not");
    /* a counter the case could not measure (NaN) reads as absent */
    const char ok[] = "{\"context\": {}, \"benchmarks\": [{\"name\": "
                      "\"read/random/prw/size:4096/bs:4096/cache:warm/threads:1\", "
                      "\"real_time\": 2, \"time_unit\": \"us\", \"lat_p50_us\": NaN, "
                      "\"resident_before\": -1}]}";
    struct mb_results r;
    struct mb_err e;
    mb_err_clear(&e);
    assert_int_equal(mb_results_parse(ok, sizeof ok - 1, "ok.json", &r, &e), 0);
    assert_true(isnan(r.c[0].v[MB_M_P50][0]));
    assert_true(isnan(r.c[0].v[MB_M_RESIDENT][0])); /* -1: not measured (Windows) */
    assert_true(isnan(r.c[0].v[MB_M_BPS][0]));
    assert_float_equal(r.c[0].v[MB_M_TIME][0], 2e-6, 1e-15);
    mb_results_free(&r);
}

/* A name or path with control characters is quoted escaped: the message stays one line. */
static void test_quoted_messages(void **state)
{
    (void)state;
    const char nl[] = "{\"context\":{},\"benchmarks\":[{\"name\":\"b\\nc\"}]}";
    struct mb_results r;
    struct mb_err e;
    mb_err_clear(&e);
    assert_int_equal(mb_results_parse(nl, sizeof nl - 1, "nl.json", &r, &e), MB_E_USAGE);
    MB_ASSERT_HAS(e.msg, "'b\\nc'");
    char q[32];
    mb_reader_quote("a\\b\x01\x7f\t", 100, q, sizeof q);
    assert_string_equal(q, "a\\\\b\\x01\\x7f\\t");
    mb_reader_quote_ctl("a\\b\n", 100, q, sizeof q);
    assert_string_equal(q, "a\\b\\n");
    mb_reader_quote("0123456789abcdef", 100, q, 8);
    assert_string_equal(q, "0123...");
}

/* A run whose cases report no bytes_per_second: each pair is listed as excluded with the
 * reason, counted in no tally, and no row says "no significant difference" with ratio nan. */
static void test_verdict_no_throughput(void **state)
{
    (void)state;
    char tmp[64], dir[256], out[300];
    mb_test_make_run(tmp, sizeof tmp, dir, sizeof dir, "run-nobps", NULL);
    snprintf(out, sizeof out, "%s/out", tmp);
    char *md = mb_test_verdict_of_dir(dir, out);
    MB_ASSERT_HAS(md, "excluded: no throughput (bytes_per_second) on one side",
                  "read: no scenario to compare (2 excluded: no throughput on one side). Verdict: "
                  "no data.",
                  "| 0 | 2 | 0 | 0 | 0 | 0 | - | no data (2 excluded) |");
    assert_null(strstr(md, "nan"));
    assert_null(strstr(md, "no significant difference |"));
    free(md);
    mb_test_rmtree(tmp);
}

MB_TEST_MAIN(cmocka_unit_test(test_verdict_no_throughput), cmocka_unit_test(test_many_cases),
             cmocka_unit_test(test_bad_values), cmocka_unit_test(test_quoted_messages),
             cmocka_unit_test(test_median), cmocka_unit_test(test_mann_whitney),
             cmocka_unit_test(test_ratio_ci), cmocka_unit_test(test_median_ci),
             cmocka_unit_test(test_reader_fixture), cmocka_unit_test(test_reader_errors),
             cmocka_unit_test(test_cli_usage), cmocka_unit_test(test_lifetime_names),
             cmocka_unit_test(test_status_codes), cmocka_unit_test(test_ipc_names))
