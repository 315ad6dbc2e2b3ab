/* test_memlimit.c: unit tests of the report on memory-limited cases and timelines: a small
 * synthetic run written here (Google Benchmark JSON with memlimit and qd cases beside an
 * unlimited pair, and timeline JSON Lines) gives the section "Larger than memory" and the
 * timeline figure's tables with known values; bad timeline lines are refused naming
 * file:line; a run without either gets neither section nor figure; a limited case never pairs
 * with an unlimited one. */
#include "testutil.h"

#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "report/cli.h"
#include "report/report.h"
#include "report/results.h"
#include "report/timeline.h"

#define MIB 1048576.0
#define SIZE "67108864"  /* 64 MiB file */
#define LIMIT "16777216" /* 16 MiB memory limit */

/* One synthetic case: its name fields and medians (five repetitions around each). */
struct scase {
    const char *method, *lifetime; /* method with its hint ("map:random") */
    unsigned qd;
    bool limited;
    double bps, amp, peak_mib; /* amp, peak: NaN to leave the counter out */
};

static const struct scase cases[] = {
    {"prw", "pass", 0, true, 100e6, 1.0, 15},
    {"prw:random", "pass", 0, true, 110e6, 1.0, 15},
    {"direct", "pass", 0, true, 80e6, 1.0, 2},
    {"uringdirect", "pass", 1, true, 90e6, 1.0, 2},
    {"uringdirect", "pass", 32, true, 400e6, 1.0, 3},
    {"map", "pass", 0, true, 20e6, 32.0, 16},
    {"map", "case", 0, true, 25e6, 31.0, 16},
    {"map:random", "pass", 0, true, 60e6, 1.0, 15.5},
    {"map:random", "case", 0, true, 90e6, 1.0, 17}, /* above the limit */
    /* the same scenario without a limit: must pair only with each other */
    {"prw", "pass", 0, false, 1000e6, NAN, NAN},
    {"map", "pass", 0, false, 3000e6, NAN, NAN},
};

static void case_name(const struct scase *c, char *buf, size_t len)
{
    char qd[16] = "", lim[32] = "";
    if (c->qd)
        snprintf(qd, sizeof qd, "/qd:%u", c->qd);
    if (c->limited)
        snprintf(lim, sizeof lim, "/memlimit:%s", LIMIT);
    snprintf(buf, len, "read/random/%s/size:" SIZE "/bs:4096/cache:cold/lifetime:%s/threads:1%s%s",
             c->method, c->lifetime, qd, lim);
}

/* mapbench.json of the cases (only the unlimited ones when !with_limited). */
static void write_results(const char *dir, bool with_limited)
{
    char path[600];
    snprintf(path, sizeof path, "%s/mapbench.json", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"context\": {\"host_name\": \"synth\"}, \"benchmarks\": [", f);
    static const double k[] = {0.98, 0.99, 1.00, 1.01, 1.02};
    bool first = true;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct scase *c = &cases[i];
        if (c->limited && !with_limited)
            continue;
        char name[300];
        case_name(c, name, sizeof name);
        for (int r = 0; r < 5; r++) {
            double bps = c->bps * k[r], bpp = bps * 10;
            fprintf(f,
                    "%s\n{\"name\": \"%s/manual_time\", \"run_type\": \"iteration\", "
                    "\"repetition_index\": %d, \"real_time\": 10000, \"time_unit\": \"ms\", "
                    "\"bytes_per_second\": %.17g, \"items_per_second\": %.17g, "
                    "\"bytes_per_pass\": %.17g, \"major_faults\": %.17g",
                    first ? "" : ",", name, r, bps, bps / 4096, bpp,
                    strncmp(c->method, "map", 3) == 0 ? bpp / 4096 : 0.0);
            first = false;
            if (isfinite(c->amp))
                fprintf(f, ", \"read_amplification\": %.17g, \"device_read_bytes\": %.17g", c->amp,
                        c->amp * bpp);
            if (isfinite(c->peak_mib))
                fprintf(f, ", \"cgroup_peak_bytes\": %.17g, \"memlimit_bytes\": %s",
                        c->peak_mib * MIB * (r == 2 ? 1 : 0.99), LIMIT);
            fputs("}", f);
        }
    }
    fputs("\n]}\n", f);
    assert_int_equal(fclose(f), 0);
}

/* One timeline line of case c, repetition rep, at t (0.1 s interval): `mib` MiB moved, `major`
 * major faults, `dev` MiB read from the device, `cg` MiB of cgroup usage (NaN: null). */
static void tl_line(FILE *f, const struct scase *c, int rep, double t, double mib, double major,
                    double dev, double cg)
{
    char name[300], cgs[32] = "null";
    case_name(c, name, sizeof name);
    if (isfinite(cg))
        snprintf(cgs, sizeof cgs, "%.0f", cg * MIB);
    fprintf(f,
            "{\"case\": \"%s/manual_time\", \"rep\": %d, \"t_s\": %g, \"interval_s\": 0.1, "
            "\"bytes\": %.0f, \"requests\": %.0f, \"minor_faults\": 3, \"major_faults\": %.0f, "
            "\"device_read_bytes\": %.0f, \"device_write_bytes\": null, \"tlb_shootdowns\": 0, "
            "\"cgroup_bytes\": %s}\n",
            name, rep, t, mib * MIB, mib * MIB / 4096, major, dev * MIB, cgs);
}

/* The timelines: prw and map of the limited scenario (map's rep 1 is different and must not be
 * drawn; one map line out of order), and uringdirect qd32 without cgroup usage. */
static void write_timelines(const char *dir)
{
    char path[600];
    snprintf(path, sizeof path, "%s/timeline", dir);
    assert_int_equal(mkdir(path, 0777), 0);
    snprintf(path, sizeof path, "%s/timeline/a.jsonl", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (int i = 1; i <= 3; i++)
        tl_line(f, &cases[0], 0, 0.1 * i, 10, 0, 10, 4.0 * i); /* prw: 100 MiB/s */
    /* the sampler's last, partial intervals as mapbench writes them (0.1 ms precision): one
     * with the t_s of the interval before (merged into it), one just after (no rate: left
     * out of the figure) */
    char prw[300];
    case_name(&cases[0], prw, sizeof prw);
    fprintf(f,
            "{\"case\":\"%s\",\"rep\":0,\"t_s\":0.3000,\"interval_s\":0.0000,\"bytes\":0,"
            "\"requests\":0,\"minor_faults\":0,\"major_faults\":0,\"device_read_bytes\":null,"
            "\"device_write_bytes\":null,\"tlb_shootdowns\":0,\"cgroup_bytes\":12582912}\n"
            "{\"case\":\"%s\",\"rep\":0,\"t_s\":0.3001,\"interval_s\":0.0001,\"bytes\":4096,"
            "\"requests\":1,\"minor_faults\":0,\"major_faults\":0,\"device_read_bytes\":0,"
            "\"device_write_bytes\":0,\"tlb_shootdowns\":0,\"cgroup_bytes\":12582912}\n",
            prw, prw);
    tl_line(f, &cases[5], 0, 0.1, 2, 500, 64, 8);  /* map: 20 MiB/s, 5000 faults/s, */
    tl_line(f, &cases[5], 0, 0.3, 2, 500, 64, 16); /* 640 MiB/s from the device */
    tl_line(f, &cases[5], 0, 0.2, 2, 500, 64, 12);
    assert_int_equal(fclose(f), 0);
    snprintf(path, sizeof path, "%s/timeline/b.jsonl", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    tl_line(f, &cases[5], 1, 0.1, 50, 9, 9, 9);    /* rep 1: not drawn */
    fputs("\n", f);                                /* empty lines are skipped */
    tl_line(f, &cases[4], 0, 0.1, 40, 0, 40, NAN); /* uringdirect qd32, no cgroup usage */
    tl_line(f, &cases[4], 0, 0.2, 40, 0, 40, NAN);
    assert_int_equal(fclose(f), 0);
    /* not a timeline file: ignored */
    snprintf(path, sizeof path, "%s/timeline/README", dir);
    mb_test_write(path, "not JSON\n");
}

/* A run directory in a fresh temporary directory tmp: <tmp>/synth/20261210T000000Z. */
static void make_run(char *tmp, size_t tlen, char *dir, size_t dlen, bool limited, bool timelines)
{
    char cmd[700];
    mb_test_tmpdir(tmp, tlen);
    snprintf(dir, dlen, "%s/synth/20261210T000000Z", tmp);
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
    assert_int_equal(system(cmd), 0);
    write_results(dir, limited);
    if (timelines)
        write_timelines(dir);
    if (limited) { /* run-batch's record of cases it did not run */
        char path[600];
        snprintf(path, sizeof path, "%s/context.json", dir);
        mb_test_write(path, "{\"machine\": \"synth\", \"timestamp\": \"20261210T000000Z\", "
                            "\"not_run\": [\"read/random/map/size:" SIZE "/bs:4096/cache:cold/"
                            "lifetime:case/threads:2/memlimit:" LIMIT "\\tkilled by the memory "
                            "cgroup's OOM killer (limit " LIMIT " bytes)\", \"ipc/stream/shm/"
                            "msg:64\\tno | shm\", 7]}\n");
    }
}

/* report.md holds the section with the expected ratios, amplification and peaks. */
static void test_section(void **state)
{
    (void)state;
    char tmp[64], dir[256], out[300];
    make_run(tmp, sizeof tmp, dir, sizeof dir, true, true);
    snprintf(out, sizeof out, "%s/out", tmp);
    char *md = mb_test_verdict_of_dir(dir, out);
    const char *sec = strstr(md, "\n## Larger than memory\n");
    assert_non_null(sec);
    MB_ASSERT_HAS(sec,
                  "### random reads, 64MiB file, 4KiB requests, cold cache, memory limit 16MiB",
                  "> **cgroup peak above the limit** in 1 of 9 cases",
                  /* the cases: throughput, amplification, major faults per GiB, peak */
                  "| map | one-shot (pass) | 1 | 19.1 MiB/s | 4883 | 32.00 | 262144 | 16.0 MiB "
                  "(100%) | 5 |",
                  "| map:random | steady state (case) | 1 | 85.8 MiB/s | 21973 | 1.00 | 262144 | "
                  "17.0 MiB (106%) **above the limit** | 5 |",
                  /* the ratio columns: each method and depth, hint none */
                  "| mapped | lifetime | threads | vs prw | vs direct | vs uringdirect qd1 | vs "
                  "uringdirect qd32 |",
                  /* map one-shot / prw: 20/100; / direct 20/80; / uringdirect qd32 20/400 */
                  "| map | one-shot (pass) | 1 | **0.2x** (", "| **0.25x** (", "| **0.05x** (",
                  /* the kept mapping against one-shot baselines, marked; 90/400 */
                  "**0.225x** (", ") † |",
                  /* read amplification without and with the random hint */
                  "- map, one-shot (pass), 1 thread: 32.00 without a hint, 1.00 with the random "
                  "hint",
                  "- map, steady state (case), 1 thread: 31.00 without a hint, 1.00 with the "
                  "random hint",
                  "- prw, one-shot (pass), 1 thread: 1.00 without a hint, 1.00 with the random "
                  "hint",
                  /* the summary row: map:random kept (90) against uringdirect qd32 (400) */
                  "| map:random, steady state | 85.8 MiB/s | uringdirect qd32, one-shot | 381.5 "
                  "MiB/s | **0.225x** (",
                  "(timeline-read-random-64M-bs4K-cold-mem16M-t1.png)");
    /* the limited map (20) never pairs with the unlimited prw (1000), nor the reverse */
    assert_null(strstr(sec, "0.02x"));
    assert_null(strstr(sec, "| 30x"));
    /* the unlimited pair is judged in the main section, alone */
    const char *main_sec = strstr(md, "## map vs explicit I/O, per scenario");
    assert_non_null(main_sec);
    assert_true(main_sec < sec);
    MB_ASSERT_HAS(main_sec, "mapped reads are 3.00x faster than prw (");
    char *between = strndup(main_sec, (size_t)(sec - main_sec));
    MB_ASSERT_LACKS(between, "memlimit", "0.2x", "| 16MiB |");
    free(between);
    MB_ASSERT_HAS(md, "**Larger than memory**: 9 cases in 1 scenario ran under a memory limit",
                  "**Some cases' cgroup peak exceeded the limit.** 1 memory-limited case could "
                  "not run (listed there).");
    /* the cases run-batch did not run: the limited one in the section, all in the failures */
    MB_ASSERT_HAS(sec,
                  "Memory-limited cases not run (1, from context.json's not_run):\n\n- "
                  "`read/random/map/size:67108864/bs:4096/cache:cold/lifetime:case/threads:2/"
                  "memlimit:16777216`: killed by the memory cgroup's OOM killer (limit "
                  "16777216 bytes)\n",
                  "Not run (context.json's not_run): 2 cases.",
                  "| `ipc/stream/shm/msg:64` | no   shm |");
    free(md);
    mb_test_rmtree(tmp);
}

/* The timeline figure's table and variables: repetition 0, sorted, units by magnitude. */
static void test_timeline_figure(void **state)
{
    (void)state;
    char tmp[64], dir[256], out[300];
    make_run(tmp, sizeof tmp, dir, sizeof dir, true, true);
    snprintf(out, sizeof out, "%s/out", tmp);
    free(mb_test_verdict_of_dir(dir, out));
    const char *name = "timeline-read-random-64M-bs4K-cold-mem16M-t1";
    char file[128];
    snprintf(file, sizeof file, "%s.dat", name);
    char *dat = mb_test_read(out, file);
    /* blocks in method order (prw, uringdirect, map), each sorted by t_s; throughput in GiB/s
     * as in every figure, device reads in MiB/s (by magnitude), faults/s */
    const char *p = strstr(dat, "# prw: read/random/prw/size:67108864/bs:4096/cache:cold/"
                                "lifetime:pass/threads:1/memlimit:16777216 rep 0\n"
                                "# t_s throughput_GiB/s major_faults/s device_read_MiB/s "
                                "cgroup_MiB\n0.1 0.0976562 0 100 4\n0.2 0.0976562 0 100 8\n"
                                "0.3 0.0976562 0 100 12\n");
    const char *u = strstr(dat, "# uringdirect qd32: ");
    const char *m = strstr(dat, "# map: read/random/map/");
    assert_non_null(p);
    assert_non_null(u);
    assert_non_null(m);
    assert_true(p < u && u < m);
    MB_ASSERT_HAS(u, "0.1 0.390625 0 400 NaN\n0.2 0.390625 0 400 NaN\n");
    MB_ASSERT_HAS(m, "rep 0\n", "0.1 0.0195312 5000 640 8\n0.2 0.0195312 5000 640 12\n",
                  "0.3 0.0195312 5000 640 16\n");
    MB_ASSERT_LACKS(dat, "rep 1", " 500 ", "0.3001");
    free(dat);
    snprintf(file, sizeof file, "%s.vars", name);
    MB_ASSERT_FILE_HAS(out, file, "nseries = 3\nnrows = 4\n", "sname_2 = 'uringdirect qd32'",
                       "smeth_3 = 'map'", "ylabel1 = 'throughput (GiB/s)'",
                       "ylabel3 = 'device reads (MiB/s)'", "ylabel4 = 'cgroup usage (MiB)'",
                       "rows4 = '0 2'\n", "rows1 = '0 1 2'\n", "limit4 = 16\n", "xmax = 0.3\n",
                       "(repetition 0)'");
    MB_ASSERT_FILE_HAS(out, "figures.txt",
                       "draw timeline timeline-read-random-64M-bs4K-cold-"
                       "mem16M-t1\n");
    /* the figures of unlimited cases take the unlimited pair only (prw 1000, map 3000 MB/s) */
    MB_ASSERT_FILE_HAS(out, "throughput-size-bs4K-4.dat",
                       "# size prw prw_lo prw_hi map map_lo map_hi\n67108864 1e+09 9.8e+08 "
                       "1.02e+09 3e+09 2.94e+09 3.06e+09\n");
    mb_test_rmtree(tmp);
}

/* A run with neither timelines nor limited cases: no section, the figure skipped with a note. */
static void test_without(void **state)
{
    (void)state;
    char tmp[64], dir[256], out[300], path[400];
    make_run(tmp, sizeof tmp, dir, sizeof dir, false, false);
    snprintf(out, sizeof out, "%s/out", tmp);
    char *md = mb_test_verdict_of_dir(dir, out);
    MB_ASSERT_LACKS(md, "Larger than memory", "memlimit", "timeline-read");
    MB_ASSERT_HAS(md, "mapped reads are 3.00x faster than prw (",
                  "*throughput, major faults/s and device reads over time*: not drawn, no "
                  "timelines in this run");
    free(md);
    MB_ASSERT_FILE_HAS(out, "figures.txt", "skip timeline no timelines in this run");
    char *figs = mb_test_read(out, "figures.txt");
    assert_null(strstr(figs, "memory-limited"));
    free(figs);
    snprintf(path, sizeof path, "%s/timeline.dat", out);
    assert_int_not_equal(access(path, F_OK), 0);
    mb_test_rmtree(tmp);
}

/* Limited and unlimited cases are different cases: found apart, compared apart. */
static void test_pairing(void **state)
{
    (void)state;
    char ta[64], da[256], tb[64], db[256], out[300];
    make_run(ta, sizeof ta, da, sizeof da, true, false);
    make_run(tb, sizeof tb, db, sizeof db, false, false);
    struct mb_result_run a, b;
    struct mb_err e;
    mb_err_clear(&e);
    MB_ASSERT_OK(mb_result_run_load(da, &a, &e), e);
    MB_ASSERT_OK(mb_result_run_load(db, &b, &e), e);
    const struct mb_rcase *u = mb_results_find(&a.file, "read", "random", "map", "none", 67108864,
                                               4096, "cold", "pass", 1);
    assert_non_null(u);
    assert_true(u->f.memlimit == 0);
    struct mb_case_fields f = u->f;
    f.memlimit = 16777216;
    const struct mb_rcase *l = mb_results_find_fields(&a.file, &f);
    assert_non_null(l);
    assert_ptr_not_equal(l, u);
    assert_true(l->f.memlimit == 16777216);
    /* qd is an axis: the two uringdirect depths are two cases */
    f.qd = 1;
    snprintf(f.method, sizeof f.method, "uringdirect");
    const struct mb_rcase *q1 = mb_results_find_fields(&a.file, &f);
    f.qd = 32;
    const struct mb_rcase *q32 = mb_results_find_fields(&a.file, &f);
    assert_non_null(q1);
    assert_non_null(q32);
    assert_ptr_not_equal(q1, q32);
    /* comparing the run with one that lacks the limited cases: only the unlimited pair is
     * common; the limited cases are A's own */
    snprintf(out, sizeof out, "%s/cmp", ta);
    assert_int_equal(mkdir(out, 0777), 0);
    MB_ASSERT_OK(mb_report_compare(&a, &b, out, NULL, &e), e);
    int rows, sig;
    double dev;
    mb_test_read_compare(out, &rows, &sig, &dev);
    assert_int_equal(rows, 2);
    assert_true(dev < 1e-12);
    MB_ASSERT_FILE_HAS(out, "compare.md", "Cases with results only in A",
                       "- `read/random/map/size:67108864/bs:4096/cache:cold/lifetime:pass/"
                       "threads:1/memlimit:16777216`");
    mb_result_run_free(&a);
    mb_result_run_free(&b);
    mb_test_rmtree(ta);
    mb_test_rmtree(tb);
}

/* Bad timeline lines: one error naming file:line, input quoted with control characters
 * escaped; nothing of a failing run is kept. */
static void test_bad_lines(void **state)
{
    (void)state;
    static const char good[] =
        "{\"case\": \"read/random/prw/size:4096/bs:4096/cache:cold/lifetime:pass/threads:1\", "
        "\"rep\": 0, \"t_s\": 0.1, \"interval_s\": 0.1, \"bytes\": 4096, \"requests\": 1}\n";
#define TL_CASE "\"case\": \"read/random/prw/size:4096/bs:4096/cache:cold/threads:1\""
    static const struct {
        const char *line, *msg;
    } bad[] = {
        {"{" TL_CASE ", \"rep\": 0, \"t_s\": 0.2, \"interval_s\": 0.1, \"requests\": 1}",
         "t.jsonl:2: no \"bytes\""},
        {"{" TL_CASE ", \"rep\": 0, \"t_s\": 0.2, \"interval_s\": 0.1, \"bytes\": -4, "
         "\"requests\": 1}",
         "t.jsonl:2: \"bytes\" is negative (-4)"},
        {"{" TL_CASE ", \"rep\": 0, \"t_s\": 0.2, \"interval_s\": 0.1, \"bytes\": \"4\", "
         "\"requests\": 1}",
         "t.jsonl:2: \"bytes\" is not a number"},
        {"{" TL_CASE ", \"rep\": 0, \"t_s\": 0.2, \"interval_s\": -0.1, \"bytes\": 4, "
         "\"requests\": 1}",
         "t.jsonl:2: \"interval_s\" is negative (-0.1)"},
        {"{" TL_CASE ", \"rep\": 0.5, \"t_s\": 0.2, \"interval_s\": 0.1, \"bytes\": 4, "
         "\"requests\": 1}",
         "t.jsonl:2: \"rep\" is not a whole number"},
        {"{" TL_CASE ", \"rep\": 0, \"t_s\": 0.2, \"interval_s\": 0.1, \"bytes\": 4, "
         "\"requests\": 1, \"cgroup_bytes\": true}",
         "t.jsonl:2: \"cgroup_bytes\" is not a number"},
        {"{\"case\": \"read/\\u0001\\n\", \"rep\": 0, \"t_s\": 0.2, \"interval_s\": 0.1, "
         "\"bytes\": 4, \"requests\": 1}",
         "t.jsonl:2: case 'read/\\x01\\n' is not a mapbench case name"},
        {"{\"case\": \"ipc/stream/shm/msg:64\", \"rep\": 0, \"t_s\": 0.2, \"interval_s\": 0.1, "
         "\"bytes\": 4, \"requests\": 1}",
         "is not a mapbench case name"},
        /* t_s 0.1 of the same case and repetition as line 1 (an archived name, same key) */
        {"{" TL_CASE ", \"rep\": 0, \"t_s\": 0.1, \"interval_s\": 0.1, \"bytes\": 4, "
         "\"requests\": 1}",
         "t.jsonl:2: t_s 0.1 repeats an interval of case "},
        {"[1, 2]", "t.jsonl:2: not a JSON object"},
        {"{\"case\": ", "t.jsonl:2: truncated JSON at column"},
        {"{\"case\" 1}", "t.jsonl:2: malformed JSON at column"},
        {"{" TL_CASE ", \"rep\": 0, \"rep\": 1, \"t_s\": 0.2, \"interval_s\": 0.1, \"bytes\": "
         "4, \"requests\": 1}",
         "t.jsonl:2: malformed JSON at column"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[1024];
        snprintf(text, sizeof text, "%s%s\n", good, bad[i].line);
        struct mb_timelines tl;
        struct mb_err e;
        memset(&tl, 0, sizeof tl);
        mb_err_clear(&e);
        assert_int_equal(mb_timeline_parse(text, strlen(text), "t.jsonl", &tl, &e), MB_E_USAGE);
        if (!strstr(e.msg, bad[i].msg))
            fail_msg("line %zu: '%s' lacks '%s'", i, e.msg, bad[i].msg);
        for (const char *c = e.msg; *c; c++)
            assert_true((unsigned char)*c >= 0x20);
        mb_timeline_free(&tl);
    }
    /* a line longer than the limit */
    size_t n = MB_TL_LINE_MAX + 64;
    char *longl = malloc(n + 1);
    assert_non_null(longl);
    memset(longl, ' ', n);
    memcpy(longl, "{\"x\": 1", 7);
    longl[n - 2] = '}';
    longl[n - 1] = '\n';
    longl[n] = '\0';
    struct mb_timelines tl;
    struct mb_err e;
    memset(&tl, 0, sizeof tl);
    assert_int_equal(mb_timeline_parse(longl, n, "t.jsonl", &tl, &e), MB_E_USAGE);
    MB_ASSERT_HAS(e.msg, "t.jsonl:1: line longer than");
    free(longl);
    mb_timeline_free(&tl);
    /* the good line alone reads; an archived name and today's are one series */
    memset(&tl, 0, sizeof tl);
    MB_ASSERT_OK(mb_timeline_parse(good, strlen(good), "t.jsonl", &tl, &e), e);
    assert_int_equal(tl.n, 1);
    assert_int_equal(tl.s[0].n, 1);
    assert_true(isnan(tl.s[0].p[0].major) && isnan(tl.s[0].p[0].cgroup));
    mb_timeline_free(&tl);
}

/* A run whose timeline directory holds a bad file: the run does not load, the message names
 * the file and line; a non-regular "file" and a timeline path that is no directory too. */
static void test_bad_files(void **state)
{
    (void)state;
    char tmp[64], dir[256], path[600], out[300];
    struct mb_result_run run;
    struct mb_err e;
    make_run(tmp, sizeof tmp, dir, sizeof dir, true, true);
    snprintf(path, sizeof path, "%s/timeline/c.jsonl", dir);
    mb_test_write(path, "\n{\"case\": 7}\n");
    mb_err_clear(&e);
    assert_int_equal(mb_result_run_load(dir, &run, &e), MB_E_USAGE);
    MB_ASSERT_HAS(e.msg, "/timeline/c.jsonl:2: \"case\" is not a string");
    snprintf(out, sizeof out, "%s/out", tmp);
    char *argv[] = {"mapbench-report", "all", dir, out};
    assert_int_equal(mb_cli_main(4, argv), 2);
    assert_int_equal(unlink(path), 0);
    /* a FIFO is no regular file (and must not hang the reader) */
    assert_int_equal(mkfifo(path, 0600), 0);
    assert_int_equal(mb_result_run_load(dir, &run, &e), MB_E_USAGE);
    MB_ASSERT_HAS(e.msg, "c.jsonl: not a regular file");
    assert_int_equal(unlink(path), 0);
    MB_ASSERT_OK(mb_result_run_load(dir, &run, &e), e);
    assert_int_equal(run.tl.files, 2);
    assert_int_equal(run.tl.n, 4);
    /* prw: three intervals, the short one of t_s 0.3 merged, the one after kept (unplotted) */
    const struct mb_tl_series *ps = &run.tl.s[0];
    assert_string_equal(ps->f.method, "prw");
    assert_int_equal(ps->n, 4);
    assert_float_equal(ps->p[2].interval_s, 0.1, 1e-9);
    assert_float_equal(ps->p[3].interval_s, 0.0001, 1e-12);
    mb_result_run_free(&run);
    /* timeline that is a file */
    snprintf(path, sizeof path, "rm -r '%s/timeline' && : > '%s/timeline'", dir, dir);
    assert_int_equal(system(path), 0);
    assert_int_equal(mb_result_run_load(dir, &run, &e), MB_E_USAGE);
    MB_ASSERT_HAS(e.msg, "timeline: not a directory");
    mb_test_rmtree(tmp);
}

MB_TEST_MAIN(cmocka_unit_test(test_section), cmocka_unit_test(test_timeline_figure),
             cmocka_unit_test(test_without), cmocka_unit_test(test_pairing),
             cmocka_unit_test(test_bad_lines), cmocka_unit_test(test_bad_files))
