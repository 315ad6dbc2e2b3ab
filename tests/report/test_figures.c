/* test_figures.c: unit tests of the figures' inputs on a small synthetic run written here
 * (Google Benchmark JSON: warm random reads of prw, map and direct at two file sizes, one
 * heatmap cell left out, warm and cold writes): only the panels with data are listed, in a
 * grid that fits their number; x tics sit at the measured sizes; heatmap cells without data
 * have no line and significant cells are flagged; the cold-write figure pairs cold with warm;
 * the uncached method gets its own CPU panel; every dot figure says what its whiskers are;
 * the dot tables carry the method colours. */
#include "testutil.h"

#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "report/gnuplot.h"
#include "report/methods.h"
#include "report/report.h"
#include "report/results.h"

#define M1 "1048576"
#define M16 "16777216"

/* One synthetic case: name (without the Google Benchmark suffix), median throughput in
 * bytes/s, the spread of its five repetitions (factors, index into spreads) and its system
 * time per pass in seconds. */
struct fcase {
    const char *name;
    double bps;
    int spread;
    double sys;
};

/* tight: separated from another case's tight values at a ratio of 3; wide: overlaps tight */
static const double spreads[2][5] = {{0.98, 0.99, 1.00, 1.01, 1.02},
                                     {0.97, 1.00, 1.01, 1.03, 0.99}};

#define RD(m, size, bs)                                                                            \
    "read/random/" m "/size:" size "/bs:" bs "/cache:warm/lifetime:pass/threads:1"
#define WR(p, m, cache)                                                                            \
    "write/" p "/" m "/size:" M16 "/bs:4096/cache:" cache "/lifetime:pass/threads:1"

static const struct fcase fcases[] = {
    /* 1M, 4K: map and prw overlap (no significant difference) */
    {RD("prw", M1, "4096"), 1000e6, 0, 0.2},
    {RD("map", M1, "4096"), 1000e6, 1, 0.01},
    /* 16M, 4K: map 3x prw (significant) */
    {RD("prw", M16, "4096"), 1000e6, 0, 0.2},
    {RD("map", M16, "4096"), 3000e6, 0, 0.01},
    {RD("direct", M16, "4096"), 50e6, 0, 5.0},
    /* 16M, 64K: both; 1M, 64K is not measured */
    {RD("prw", M16, "65536"), 2000e6, 0, 0.1},
    {RD("map", M16, "65536"), 2000e6, 1, 0.01},
    /* writes: warm and cold, seq only */
    {WR("seq", "prw", "warm"), 800e6, 0, 0.3},
    {WR("seq", "prw", "cold"), 700e6, 0, 0.3},
    {WR("seq", "map", "warm"), 2000e6, 0, 0.1},
    {WR("seq", "map", "cold"), 70e6, 0, 0.1},
};

/* Writes dir/mapbench.json of fcases (five repetitions each). */
static void write_results(const char *dir)
{
    char path[600];
    snprintf(path, sizeof path, "%s/mapbench.json", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"context\": {\"host_name\": \"synth\"}, \"benchmarks\": [", f);
    for (size_t i = 0; i < sizeof fcases / sizeof fcases[0]; i++)
        for (int r = 0; r < 5; r++) {
            const struct fcase *c = &fcases[i];
            double bps = c->bps * spreads[c->spread][r], bpp = 1073741824.0;
            fprintf(f,
                    "%s\n{\"name\": \"%s/manual_time\", \"run_type\": \"iteration\", "
                    "\"repetition_index\": %d, \"real_time\": 1000, \"time_unit\": \"ms\", "
                    "\"bytes_per_second\": %.17g, \"bytes_per_pass\": %.17g, \"usr_s\": 0.05, "
                    "\"sys_s\": %.17g, \"minor_faults\": 10, \"major_faults\": 0}",
                    i + r ? "," : "", c->name, r, bps, bpp, c->sys);
        }
    fputs("\n]}\n", f);
    assert_int_equal(fclose(f), 0);
}

/* The tables of the synthetic run in a fresh directory out (its name into out). */
static void make_tables(char *tmp, size_t tlen, char *out, size_t olen)
{
    mb_test_tmpdir(tmp, tlen);
    char run[300];
    snprintf(run, sizeof run, "%s/synth", tmp);
    assert_int_equal(mkdir(run, 0777), 0);
    snprintf(run, sizeof run, "%s/synth/20261210T000000Z", tmp);
    assert_int_equal(mkdir(run, 0777), 0);
    write_results(run);
    snprintf(out, olen, "%s/out", tmp);
    assert_int_equal(mkdir(out, 0777), 0);
    struct mb_result_run r;
    struct mb_err e;
    mb_err_clear(&e);
    assert_int_equal(mb_result_run_load(run, &r, &e), 0);
    struct mb_figs *figs = calloc(1, sizeof *figs);
    assert_non_null(figs);
    assert_int_equal(mb_report_tables(&r, out, figs, &e), 0);
    free(figs);
    mb_result_run_free(&r);
}

/* The grid fits the number of drawn panels. */
static void test_layout(void **state)
{
    (void)state;
    static const int want[][3] = {{1, 1, 1}, {2, 1, 2}, {3, 1, 3}, {4, 2, 2}, {5, 2, 3}, {6, 2, 3}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        int rows, cols;
        mb_gp_layout((size_t)want[i][0], &rows, &cols);
        assert_int_equal(rows, want[i][1]);
        assert_int_equal(cols, want[i][2]);
    }
}

/* The size figure lists its one populated panel only, with tics at the measured sizes, and
 * says what the dots and whiskers are. */
static void test_size_panels(void **state)
{
    (void)state;
    char tmp[64], out[128];
    make_tables(tmp, sizeof tmp, out, sizeof out);
    MB_ASSERT_FILE_HAS(out, "throughput-size-bs4K.vars", "npanels = 1\nrows = 1\ncols = 1\n",
                       "ptitle1 = 'random read, warm cache'\n",
                       "xtics1 = '(\"1M\" 1048576, \"16M\" 16777216)'\n",
                       "ylabel1 = 'throughput (GiB/s)'\n", "yscale1 = 1073741824\n",
                       "fig_note = 'dot: median of 5 repetitions; whiskers: 95% bootstrap "
                       "interval of the median'\n");
    char *v = mb_test_read(out, "throughput-size-bs4K.vars");
    MB_ASSERT_LACKS(v, "ptitle2", "no data", "seq read");
    free(v);
    /* the table keeps its panel's slot (random warm is the third) and bytes/s */
    MB_ASSERT_FILE_HAS(out, "throughput-size-bs4K-3.dat", "1048576 1e+09 ", "16777216 1e+09 ");
    char path[300];
    snprintf(path, sizeof path, "%s/throughput-size-bs4K-1.dat", out);
    assert_int_not_equal(access(path, F_OK), 0);
    MB_ASSERT_FILE_HAS(out, "figures.txt", "draw lines throughput-size-bs4K\n",
                       "draw heat heatmap-map-vs-prw\n", "draw dots write-durability\n",
                       "draw dots write-cold\n", "draw bars cpu-faults\n");
    mb_test_rmtree(tmp);
}

/* Heatmap: a cell without data has no line (the template paints it grey, with a key entry),
 * a significant difference is flagged, an overlapping one is not. */
static void test_heatmap_cells(void **state)
{
    (void)state;
    char tmp[64], out[128];
    make_tables(tmp, sizeof tmp, out, sizeof out);
    char *d = mb_test_read(out, "heatmap-map-vs-prw.dat");
    MB_ASSERT_HAS(d, "\n0 0 1 0\n", "\n1 0 3 1\n", "\n1 1 ");
    MB_ASSERT_LACKS(d, "\n0 1 ");
    free(d);
    MB_ASSERT_FILE_HAS(out, "heatmap-map-vs-prw.vars", "grey: no data", "significant",
                       "xt = '(\"1MiB\" 0, \"16MiB\" 1)'", "yt = '(\"4KiB\" 0, \"64KiB\" 1)'");
    mb_test_rmtree(tmp);
}

/* Dot figures: cold writes beside warm ones per method, in the method's colour; latency is
 * skipped without samples. */
static void test_dots(void **state)
{
    (void)state;
    char tmp[64], out[128];
    make_tables(tmp, sizeof tmp, out, sizeof out);
    char want[160];
    long prw = strtol(mb_report_method_color("prw") + 1, NULL, 16);
    long map = strtol(mb_report_method_color("map") + 1, NULL, 16);
    snprintf(want, sizeof want, "\n1 \"prw\" %ld 8e+08 7.84e+08 8.16e+08 7e+08 6.86e+08 7.14e+08\n",
             prw);
    MB_ASSERT_FILE_HAS(out, "write-cold-1.dat",
                       "# idx category color warm_cache warm_cache_lo warm_cache_hi cold_cache",
                       want);
    snprintf(want, sizeof want, "\n2 \"map\" %ld 2e+09 ", map);
    MB_ASSERT_FILE_HAS(out, "write-cold-1.dat", want);
    MB_ASSERT_FILE_HAS(out, "write-cold.vars", "npanels = 1\n",
                       "ptitle1 = 'seq writes, 4KiB requests'", "xtics1 = '(\"prw\" 1, \"map\" 2)'",
                       "whiskers: 95% bootstrap");
    MB_ASSERT_FILE_HAS(out, "write-durability.vars", "npanels = 1\n", "whiskers: 95% bootstrap");
    MB_ASSERT_FILE_HAS(out, "figures.txt", "skip latency no latency samples");
    mb_test_rmtree(tmp);
}

/* CPU: the uncached method (direct) has its own panel, off the others' scale. */
static void test_cpu_uncached(void **state)
{
    (void)state;
    char tmp[64], out[128];
    make_tables(tmp, sizeof tmp, out, sizeof out);
    MB_ASSERT_FILE_HAS(out, "cpu-faults.vars", "ptitle1 = 'CPU time, random read'",
                       "xtics1 = '(\"prw\" 1, \"map\" 2)'",
                       "ptitle2 = 'CPU time, methods bypassing the page cache (own scale)'",
                       "xtics2 = '(\"direct random\" 1)'", "ptitle3 = 'page faults, random read'",
                       "xtics3 = '(\"prw\" 1, \"direct\" 2, \"map\" 3)'", "cols = 3\n");
    /* system time per GiB: the direct panel's 5 s, prw's 0.2 s */
    MB_ASSERT_FILE_HAS(out, "cpu-faults-3.dat", "\n1 \"direct random\" ");
    char *d = mb_test_read(out, "cpu-faults-3.dat");
    assert_non_null(strstr(d, " 5 0.05\n"));
    free(d);
    MB_ASSERT_FILE_HAS(out, "cpu-faults-2.dat", " 0.2 0.05\n");
    mb_test_rmtree(tmp);
}

MB_TEST_MAIN(cmocka_unit_test(test_layout), cmocka_unit_test(test_size_panels),
             cmocka_unit_test(test_heatmap_cells), cmocka_unit_test(test_dots),
             cmocka_unit_test(test_cpu_uncached))
