/* test_outputs.c: unit tests of the report tool's outputs: the verdict, the comparison,
 * both lifetimes, the memory check, and the method order and colours from the registry. */
#include "testutil.h"

#include <math.h>
#include <unistd.h>

#include "helpers.h"
#include "methods/method.h"
#include "report/cli.h"
#include "report/methods.h"
#include "report/report.h"
#include "report/results.h"
#include "report/stats.h"

/* ---- verdict and comparison ---- */

static void test_verdict(void **state)
{
    (void)state;
    char dir[512], out[64];
    mb_test_fixture_path(dir, sizeof dir, RUN_A);
    mb_test_tmpdir(out, sizeof out);
    char *argv[] = {"mapbench-report", "all", dir, out};
    assert_int_equal(mb_cli_main(4, argv), 0);
    char *md = mb_test_read(out, "report.md");
    assert_non_null(strstr(md, "mapped reads are 2.67x faster than prw (")); /* 800/300 */
    assert_non_null(strstr(md, "mapped writes are 2.33x slower than prw"));  /* 300/700 */
    assert_non_null(strstr(md, "mapped reads are 1.50x slower than mem"));   /* 800/1200 */
    assert_non_null(strstr(md, "no significant difference (ratio 1.2"));     /* 600/500 */
    assert_non_null(strstr(md, "skipped: O_DIRECT is not supported by tmpfs"));
    assert_non_null(strstr(md, "verification failed"));
    assert_non_null(strstr(md, "shm moves data 3.50x faster than pipe")); /* 4200/1200 */
    assert_null(strstr(md, "wine (not Windows performance)"));
    free(md);
    MB_ASSERT_FILE_HAS(out, "figures.txt", "draw lines throughput-size-bs4K",
                       "draw lines ipc-throughput", "skip threads");
    mb_test_rmtree(out);

    /* a wine run is labelled as such */
    mb_test_fixture_path(dir, sizeof dir, "run-b");
    mb_test_tmpdir(out, sizeof out);
    char *argv2[] = {"mapbench-report", "all", dir, out};
    assert_int_equal(mb_cli_main(4, argv2), 0);
    md = mb_test_read(out, "report.md");
    assert_non_null(strstr(md, "wine (not Windows performance)"));
    free(md);
    MB_ASSERT_FILE_HAS(out, "throughput-size-bs4K.vars", "wine (not Windows performance)");
    mb_test_rmtree(out);
}

static void test_compare_self(void **state)
{
    (void)state;
    char dir[512], out[64];
    mb_test_fixture_path(dir, sizeof dir, RUN_A);
    struct mb_result_run a;
    struct mb_err e;
    assert_int_equal(mb_result_run_load(dir, &a, &e), 0);
    mb_test_tmpdir(out, sizeof out);
    assert_int_equal(mb_report_compare(&a, &a, out, NULL, &e), 0);
    int rows, sig;
    double dev;
    mb_test_read_compare(out, &rows, &sig, &dev);
    assert_int_equal(rows, 9 + 12); /* file cases with data + IPC cases */
    assert_int_equal(sig, 0);
    assert_true(dev < 1e-12);
    char *md = mb_test_read(out, "compare.md");
    assert_non_null(strstr(md, "**No significant difference**"));
    free(md);
    mb_test_rmtree(out);
    mb_result_run_free(&a);
}

static void test_compare_diff(void **state)
{
    (void)state;
    char da[512], db[512], dn[512], out[64], path[600];
    mb_test_fixture_path(da, sizeof da, RUN_A);
    mb_test_fixture_path(db, sizeof db, "run-b");
    mb_test_fixture_path(dn, sizeof dn, "run-nocommon");
    struct mb_result_run a, b, n;
    struct mb_err e;
    assert_int_equal(mb_result_run_load(da, &a, &e), 0);
    assert_int_equal(mb_result_run_load(db, &b, &e), 0);
    assert_int_equal(mb_result_run_load(dn, &n, &e), 0);
    assert_true(b.wine);
    mb_test_tmpdir(out, sizeof out);
    assert_int_equal(mb_report_compare(&a, &b, out, NULL, &e), 0);
    int rows, sig;
    double dev;
    mb_test_read_compare(out, &rows, &sig, &dev);
    assert_int_equal(rows, 8);
    assert_int_equal(sig, 1); /* map random read doubled in B */
    assert_float_equal(dev, 1.0, 1e-9);
    char *md = mb_test_read(out, "compare.md");
    MB_ASSERT_HAS(md, "B significantly faster in 1", "Cases with results only in A",
                  "`read/random/mem/size:1048576/bs:4096/cache:warm/threads:1`",
                  "Cases with results only in B",
                  "| cpu_model | Test CPU @ 2.4GHz | Test CPU @ 2.4GHz |");
    free(md);
    /* no common case: a clear error, nothing written */
    mb_test_rmtree(out);
    mb_test_tmpdir(out, sizeof out);
    assert_int_equal(mb_report_compare(&a, &n, out, NULL, &e), MB_E_USAGE);
    assert_non_null(strstr(e.msg, "no case in common"));
    snprintf(path, sizeof path, "%s/compare.md", out);
    assert_int_not_equal(access(path, F_OK), 0);
    mb_test_rmtree(out);
    mb_result_run_free(&a);
    mb_result_run_free(&b);
    mb_result_run_free(&n);
}

/* The verdict judges each scenario per lifetime; archived runs keep one-lifetime tables. */
static void test_verdict_lifetimes(void **state)
{
    (void)state;
    char dir[512], out[64];
    mb_test_fixture_path(dir, sizeof dir, RUN_LT);
    mb_test_tmpdir(out, sizeof out);
    char *md = mb_test_verdict_of_dir(dir, out);
    /* summary: the same scenario at both lifetimes, next to each other, steady state first */
    const char *steady = strstr(md, "| read, warm cache, seq, small (<=16K) requests | steady "
                                    "state (case) | 1 | 1 | 1 | 0 | 0 | 0 | 4.00 (4.00-4.00) | "
                                    "**greatly faster** (supports the claim) |\n");
    assert_non_null(steady);
    const char *next = strchr(steady, '\n') + 1;
    assert_int_equal(strncmp(next,
                             "| read, warm cache, seq, small (<=16K) requests | one-shot (pass) | "
                             "1 | 1 | 0 | 1 | 0 | 0 | 0.80 (0.80-0.80) | **slower** (contradicts "
                             "the claim) |\n",
                             130),
                     0);
    assert_non_null(strstr(md, "| group | lifetime | scenarios | variants |"));
    /* sentences say which lifetime; map pairs with prw of its own lifetime only */
    MB_ASSERT_HAS(md, "steady state: mapped reads are 4.00x faster than prw (",
                  "one-shot: mapped reads are 1.25x slower than prw (",
                  "one-shot: map+copy reads are 1.11x slower than prw (",
                  "steady state: map+copy reads are 2.00x faster than prw (");
    /* the mem baseline (lifetime:case only) serves both lifetimes */
    MB_ASSERT_HAS(md, "steady state: mapped reads are 1.25x slower than mem (",
                  "one-shot: mapped reads are 8.33x slower than mem (",
                  "**steady state: file opened and mapped once per case",
                  "**one-shot use: file opened, mapped, unmapped and closed");
    assert_null(strstr(md, "Only one-shot use was measured"));
    free(md);
    mb_test_rmtree(out);
    /* the heatmap has a panel per lifetime, the size figure dashed kept-handle series */
    mb_test_tmpdir(out, sizeof out);
    free(mb_test_verdict_of_dir(dir, out));
    MB_ASSERT_FILE_HAS(out, "heatmap-map-vs-prw.vars", "npanels = 2\n", "ptitle1 = 'steady state");
    /* sdash2_4: random warm (the second drawn panel: no cold cases), its series prw, prw
     * kept, map, map kept */
    MB_ASSERT_FILE_HAS(out, "throughput-size-bs4K.vars", "= 'map (kept mapping)'",
                       "= 'prw (kept handle)'", "ptitle2 = 'random read, warm cache'",
                       "sdash2_4 = 1\n");
    mb_test_rmtree(out);

    /* an archived run: no lifetime column, a note that only one-shot use was measured */
    mb_test_fixture_path(dir, sizeof dir, RUN_A);
    mb_test_tmpdir(out, sizeof out);
    md = mb_test_verdict_of_dir(dir, out);
    assert_non_null(strstr(md, "Only one-shot use was measured"));
    MB_ASSERT_LACKS(md, "| lifetime |", "one-shot: ");
    assert_non_null(strstr(md, "| group | scenarios | variants | faster |"));
    char *v = mb_test_read(out, "heatmap-map-vs-prw.vars");
    assert_non_null(strstr(v, "npanels = 1\n"));
    assert_null(strstr(v, "lifetime"));
    free(v);
    free(md);
    mb_test_rmtree(out);
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
    mb_test_make_run(tmp, sizeof tmp, dir, sizeof dir, RUN_LT, ctx);
    snprintf(out, sizeof out, "%s/out", tmp);
    char *md = mb_test_verdict_of_dir(dir, out);
    mb_test_rmtree(tmp);
    return md;
}

static void test_memcheck_warning(void **state)
{
    (void)state;
    /* the fixture's mem seq case at the largest request size (1 MiB) runs 9.0 GB/s */
    static const struct {
        double gbps[4];                /* consume and plain GB/s at the start, then at the end */
        const char *has[4], *lacks[4]; /* NULL-terminated */
    } checks[] = {
        /* healthy: consume close to the plain loop, stable, mem at 90% of plain: no warning */
        {{9.6, 10, 9.5, 10},
         {"| consume kernel | avx512 |",
          "| virtualization | pvm (evidence: cpuid hypervisor bit   kvm-clock) |",
          "| memory check | 256MiB buffer; start of batch: consume 8.9 GiB/s"},
         {"Memory check warning", "has no memory check"}},
        /* consume below 80% of plain at the start */
        {{7.8, 10, 8.5, 10},
         {"> **Memory check warning**", "at the start of the batch the consume kernel (avx512) "
                                        "read 7.3 GiB/s, 78% of the plain read loop's 9.3 GiB/s"},
         {"at the end of the batch", "apart"}},
        /* consume fine against plain each time, but start and end differ by more than 20% */
        {{9.5, 10, 7.5, 8},
         {"> **Memory check warning**",
          "read 8.8 GiB/s at the start of the batch and 7.0 GiB/s at the end (27% apart"},
         {"of the plain read loop's"}},
        /* exactly 20% apart is not more than 20% */
        {{12, 12, 10, 10}, {NULL}, {"Memory check warning"}},
        /* the run's own mem case below 80% of plain (9.0 of 20 GB/s) */
        {{19, 20, 19, 20},
         {"> **Memory check warning**",
          "mem seq 16MiB file, 1MiB requests, 1 thread: 8.4 GiB/s (45%)"},
         {"apart"}},
    };
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        const double *g = checks[i].gbps;
        char *md = memcheck_report(g[0], g[1], g[2], g[3]);
        mb_test_find_all(md, checks[i].has, 1);
        mb_test_find_all(md, checks[i].lacks, 0);
        /* a warning comes before the verdict */
        const char *w = strstr(md, "> **Memory check warning**");
        if (w)
            assert_true(w < strstr(md, "## Summary") && w < strstr(md, "Claim under test"));
        free(md);
    }
    /* an old run: no memory check, no warning, a line saying so */
    char dir[512], out[64];
    mb_test_fixture_path(dir, sizeof dir, RUN_A);
    mb_test_tmpdir(out, sizeof out);
    char *md = mb_test_verdict_of_dir(dir, out);
    assert_null(strstr(md, "Memory check warning"));
    MB_ASSERT_HAS(md, "This run has no memory check",
                  "| memory check | none: this run has no memory check");
    assert_null(strstr(md, "| virtualization |"));
    free(md);
    mb_test_rmtree(out);
}

/* ---- methods from the registry ---- */

/* The canonical order holds every registered method once: explicit, then mapped, then the
 * rest; each has its own colour. */
static void test_method_order(void **state)
{
    (void)state;
    size_t n;
    const struct mb_method *const *all = mb_methods(&n);
    const char *order[MB_REPORT_METHODS_MAX];
    assert_int_equal(mb_report_method_order(order, MB_REPORT_METHODS_MAX), n);
    int last = 0;
    bool mapwin = false;
    for (size_t i = 0; i < n; i++) {
        const struct mb_method *m = NULL;
        for (size_t k = 0; k < n; k++)
            if (strcmp(all[k]->name, order[i]) == 0)
                m = all[k];
        assert_non_null(m);
        int group = (m->caps & MB_CAP_EXPLICIT) ? 0 : (m->caps & MB_CAP_MAPPED) ? 1 : 2;
        assert_true(group >= last);
        last = group;
        mapwin = mapwin || strcmp(order[i], "mapwin") == 0;
        for (size_t k = 0; k < i; k++) {
            assert_string_not_equal(order[k], order[i]);
            assert_string_not_equal(mb_report_method_color(order[k]),
                                    mb_report_method_color(order[i]));
        }
    }
    assert_true(mapwin);
    assert_string_equal(order[0], "rw");
    assert_string_equal(order[n - 1], "mem");
    assert_null(mb_report_method_color("nosuch"));
}

/* tables writes methods.gp with a colour per registered method; tables list methods in the
 * canonical order (prw before map). */
static void test_methods_gp(void **state)
{
    (void)state;
    struct mb_result_run run;
    mb_test_load(RUN_A, &run);
    char out[64];
    mb_test_tmpdir(out, sizeof out);
    struct mb_figs figs;
    struct mb_err e;
    assert_int_equal(mb_report_tables(&run, out, &figs, &e), 0);
    char *gp = mb_test_read(out, "methods.gp");
    size_t n;
    const struct mb_method *const *all = mb_methods(&n);
    for (size_t i = 0; i < n; i++) {
        char line[128];
        snprintf(line, sizeof line, "name eq '%s' ? '%s' :", all[i]->name,
                 mb_report_method_color(all[i]->name));
        assert_non_null(strstr(gp, line));
    }
    assert_non_null(strstr(gp, "methods_loaded = 1\n"));
    free(gp);
    MB_ASSERT_FILE_HAS(out, "throughput-size-bs4K-1.dat",
                       "# size prw prw_lo prw_hi map map_lo map_hi\n");
    mb_test_rmtree(out);
    mb_result_run_free(&run);
}

MB_TEST_MAIN(cmocka_unit_test(test_verdict), cmocka_unit_test(test_compare_self),
             cmocka_unit_test(test_compare_diff), cmocka_unit_test(test_verdict_lifetimes),
             cmocka_unit_test(test_memcheck_warning), cmocka_unit_test(test_method_order),
             cmocka_unit_test(test_methods_gp))
