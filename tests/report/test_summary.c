/* test_summary.c: unit tests of the report's counting and machine-readable outputs on small
 * synthetic runs written here: summary.csv (header, one row's values, CSV quoting), the
 * verdict's scenario counting (hint and thread variants of one scenario counted once), the
 * call on pairs with too few repetitions, and compare's warning on runs measured under
 * different settings (and compare.csv). */
#include "testutil.h"

#include <math.h>

#include "helpers.h"
#include "report/cli.h"
#include "report/report.h"
#include "report/results.h"
#include "report/stats.h"
#include "report/summary.h"

#define GIB (1024.0 * 1024 * 1024)

/* One synthetic case: name fields and the median throughput in GiB/s. */
struct scase {
    const char *method; /* with its hint: "map:random" */
    const char *size;   /* bytes */
    unsigned threads;
    double gibps;
};

/* One scenario (read random 1 MiB file, 4 KiB requests, warm, pass) with three variants of map
 * (no hint, hint random, 2 threads) and their counterparts, and a second scenario (16 MiB). */
static const struct scase cases[] = {
    {"prw", "1048576", 1, 1.0},  {"map", "1048576", 1, 2.0}, {"map:random", "1048576", 1, 3.0},
    {"prw", "1048576", 2, 1.5},  {"map", "1048576", 2, 1.5}, {"prw", "16777216", 1, 1.0},
    {"map", "16777216", 1, 0.5},
};

static void case_name(const struct scase *c, char *buf, size_t len)
{
    snprintf(buf, len, "read/random/%s/size:%s/bs:4096/cache:warm/lifetime:pass/threads:%u",
             c->method, c->size, c->threads);
}

/* mapbench.json of the cases with `reps` repetitions each (spread +-2% around the median)
 * and context.json with `ctx` (NULL: none), in a run directory <tmp>/synth/<stamp>; the run
 * directory into dir. */
static void make_run(const char *tmp, const char *stamp, int reps, const char *ctx, char *dir,
                     size_t dlen)
{
    char path[700], cmd[700];
    snprintf(dir, dlen, "%s/synth/%s", tmp, stamp);
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
    assert_int_equal(system(cmd), 0);
    snprintf(path, sizeof path, "%s/mapbench.json", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"context\": {\"host_name\": \"synth\"}, \"benchmarks\": [", f);
    bool first = true;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[300];
        case_name(&cases[i], name, sizeof name);
        for (int r = 0; r < reps; r++) {
            double k = 0.98 + 0.04 * r / (reps > 1 ? reps - 1 : 1);
            fprintf(f,
                    "%s\n{\"name\": \"%s/manual_time\", \"run_type\": \"iteration\", "
                    "\"repetition_index\": %d, \"real_time\": 10, \"time_unit\": \"ms\", "
                    "\"bytes_per_second\": %.17g}",
                    first ? "" : ",", name, r, cases[i].gibps * GIB * k);
            first = false;
        }
    }
    fputs("\n]}\n", f);
    assert_int_equal(fclose(f), 0);
    if (ctx) {
        snprintf(path, sizeof path, "%s/context.json", dir);
        mb_test_write(path, ctx);
    }
}

/* The cells of the CSV row of `text` whose second cell is `name` (a name without commas) into
 * cells (at most max; asserts that the row exists); returns their count. */
static size_t csv_row(char *text, const char *name, char **cells, size_t max)
{
    char key[320];
    snprintf(key, sizeof key, ",%s,", name);
    char *p = strstr(text, key);
    assert_non_null(p);
    while (p > text && p[-1] != '\n')
        p--;
    char *end = strchr(p, '\n');
    assert_non_null(end);
    *end = '\0';
    size_t n = 0;
    for (char *c = p; n < max; c++) {
        cells[n++] = c;
        c = strchr(c, ',');
        if (!c)
            break;
        *c = '\0';
    }
    return n;
}

/* summary.csv: the header row, and the map case's row (fields, repetitions, median, unit, its
 * prw pair). */
static void test_summary_csv(void **state)
{
    (void)state;
    char tmp[64], dir[256], out[300];
    mb_test_tmpdir(tmp, sizeof tmp);
    make_run(tmp, "20261210T000000Z", 5, NULL, dir, sizeof dir);
    snprintf(out, sizeof out, "%s/out", tmp);
    free(mb_test_verdict_of_dir(dir, out));
    char *csv = mb_test_read(out, "summary.csv");
    const char *head = "kind,name,op,pattern,method,hint,size,request,cache,lifetime,threads,qd,"
                       "memlimit,workload,transport,msg,n,median,ci_low,ci_high,unit,paired_with,"
                       "ratio,ratio_ci_low,ratio_ci_high,p,call\n";
    assert_int_equal(strncmp(csv, head, strlen(head)), 0);
    size_t lines = 0;
    for (const char *p = csv; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 1 + sizeof cases / sizeof cases[0]);
    char name[300], prw[300], *c[40];
    case_name(&cases[2], name, sizeof name); /* map:random, 3 GiB/s against prw 1 GiB/s */
    case_name(&cases[0], prw, sizeof prw);
    assert_int_equal(csv_row(csv, name, c, 40), 27);
    const char *want[] = {"file",    name,   "read", "random", "map", "random",
                          "1048576", "4096", "warm", "pass",   "1",   "",
                          "",        "",     "",     "",       "5"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_string_equal(c[i], want[i]);
    assert_float_equal(strtod(c[17], NULL), 3.0, 1e-4); /* median GiB/s */
    assert_true(strtod(c[18], NULL) <= 3.0 && strtod(c[19], NULL) >= 3.0);
    assert_string_equal(c[20], "GiB/s");
    assert_string_equal(c[21], prw); /* no prw:random: the verdict's pair is hint none */
    assert_float_equal(strtod(c[22], NULL), 3.0, 1e-4);
    assert_true(strtod(c[23], NULL) > 1 && strtod(c[24], NULL) >= 3.0);
    assert_float_equal(strtod(c[25], NULL), 2.0 / 252, 1e-6); /* exact, 5 vs 5, no overlap */
    assert_string_equal(c[26], "faster");
    free(csv);
    /* prw has no pair: its pair cells are empty */
    csv = mb_test_read(out, "summary.csv");
    assert_int_equal(csv_row(csv, prw, c, 40), 27);
    assert_string_equal(c[17 + 4], "");
    assert_string_equal(c[26], "");
    free(csv);
    mb_test_rmtree(tmp);
}

/* CSV cells: quoted only when they must be, inner quotes doubled. */
static void test_csv_quoting(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    mb_csv_str(f, "plain");
    fputc('|', f);
    mb_csv_str(f, "a,b");
    fputc('|', f);
    mb_csv_str(f, "say \"x\"");
    fputc('|', f);
    mb_csv_str(f, "two\nlines");
    fputc('|', f);
    mb_csv_num(f, NAN);
    fputc('|', f);
    mb_csv_num(f, 0.5);
    fclose(f);
    assert_string_equal(buf, "plain|\"a,b\"|\"say \"\"x\"\"\"|\"two\nlines\"||0.5");
    free(buf);
}

/* The verdict counts scenarios: the three map variants of the 1 MiB scenario count once (by
 * the variant without a hint, 1 thread: 2x faster), the 16 MiB one once (2x slower). */
static void test_scenario_count(void **state)
{
    (void)state;
    char tmp[64], dir[256], out[300];
    mb_test_tmpdir(tmp, sizeof tmp);
    make_run(tmp, "20261210T000000Z", 5, NULL, dir, sizeof dir);
    snprintf(out, sizeof out, "%s/out", tmp);
    char *md = mb_test_verdict_of_dir(dir, out);
    MB_ASSERT_HAS(md, "Of 2 scenarios with map and explicit I/O",
                  "4 pairs in all, the hint and thread variants shown",
                  "| read, warm cache, random, small (<=16K) requests | 2 | 4 | 1 | 1 | 0 | 0 |",
                  "map faster in 1 of 2 scenarios (4 pairs shown, variants included), slower in 1",
                  "| ↳ | | | | 1 thread, hint random |", "| ↳ | | | | 2 threads |",
                  "| read | random | 1MiB | 4KiB | 1 thread |");
    MB_ASSERT_LACKS(md, "| read | random | 1MiB | 4KiB | 2 threads |");
    free(md);
    mb_test_rmtree(tmp);
}

/* With 3 repetitions per side the test cannot reach p < 0.05: the pairs say so instead of
 * "no significant difference"; with 5 the same ratios are called. */
static void test_too_few_reps(void **state)
{
    (void)state;
    assert_float_equal(mb_stats_min_p(3, 3), 0.1, 1e-12);
    assert_float_equal(mb_stats_min_p(5, 5), 2.0 / 252, 1e-12);
    assert_true(mb_stats_min_p(4, 4) < 0.05);
    char tmp[64], dir[256], out[300];
    mb_test_tmpdir(tmp, sizeof tmp);
    make_run(tmp, "20261210T000000Z", 3, NULL, dir, sizeof dir);
    snprintf(out, sizeof out, "%s/out", tmp);
    char *md = mb_test_verdict_of_dir(dir, out);
    MB_ASSERT_HAS(md, "too few repetitions (3) for a significance call (ratio 2.00",
                  "too few repetitions (3) for a significance call (ratio 0.50",
                  "**Too few repetitions**", "2 cannot be called with as few as 3 repetitions",
                  "too few repetitions to call |");
    MB_ASSERT_LACKS(md, "no significant difference (ratio 2.00",
                    "no significant difference (ratio 0.50");
    free(md);
    MB_ASSERT_FILE_HAS(out, "summary.csv", ",uncalled\n");
    mb_test_rmtree(tmp);
}

#define CTX(profile, reps, min_time)                                                               \
    "{\"machine\": \"synth\", \"profile\": \"" profile "\", \"repetitions\": " reps                \
    ", \"min_time\": " min_time ", \"kernel\": \"6.1.0\", \"fs_type\": \"ext4\"}\n"

/* compare warns when profile, repetitions or min_time differ, and not when they match (0.1
 * and 0.10000000000000001 are the same min_time); compare.csv has a row per common case. */
static void test_compare_warns(void **state)
{
    (void)state;
    char tmp[64], da[256], db[256], dc[256], out[300];
    mb_test_tmpdir(tmp, sizeof tmp);
    make_run(tmp, "20261210T000000Z", 5, CTX("quick", "5", "0.10000000000000001"), da, sizeof da);
    make_run(tmp, "20261211T000000Z", 5, CTX("quick", "5", "0.1"), db, sizeof db);
    make_run(tmp, "20261212T000000Z", 3, CTX("default", "3", "0.5"), dc, sizeof dc);
    snprintf(out, sizeof out, "%s/out", tmp);
    char *argv[] = {"mapbench-report", "compare", da, db, out};
    assert_int_equal(mb_cli_main(5, argv), 0);
    char *md = mb_test_read(out, "compare.md");
    MB_ASSERT_LACKS(md, "measured under different settings", "not checked");
    MB_ASSERT_HAS(md, "| min_time | 0.1 s | 0.1 s |");
    free(md);
    char *csv = mb_test_read(out, "compare.csv");
    const char *head = MB_CSV_FIELDS_HEAD ",unit,a_n,a_median,b_n,b_median,ratio,ratio_ci_low,"
                                          "ratio_ci_high,p,call\n";
    assert_int_equal(strncmp(csv, head, strlen(head)), 0);
    size_t lines = 0;
    for (const char *p = csv; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 1 + sizeof cases / sizeof cases[0]);
    free(csv);

    char *argv2[] = {"mapbench-report", "compare", da, dc, out};
    assert_int_equal(mb_cli_main(5, argv2), 0);
    md = mb_test_read(out, "compare.md");
    const char *w = strstr(md, "**Warning: the runs were measured under different settings**");
    assert_non_null(w);
    assert_true(w < strstr(md, "## Summary"));
    MB_ASSERT_HAS(w, "- profile: A quick, B default", "- repetitions: A 5, B 3",
                  "- min_time: A 0.1 s, B 0.5 s");
    MB_ASSERT_LACKS(w, "- kernel:", "- fs_type:");
    free(md);
    mb_test_rmtree(tmp);
}

MB_TEST_MAIN(cmocka_unit_test(test_summary_csv), cmocka_unit_test(test_csv_quoting),
             cmocka_unit_test(test_scenario_count), cmocka_unit_test(test_too_few_reps),
             cmocka_unit_test(test_compare_warns))
