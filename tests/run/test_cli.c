/* tests/run/test_cli.c: every kind of bad input to mapbench gets a clear one-line error naming the
 * problem and exit status 2, and creates nothing; repeated list items name each case once; the
 * flag forms of mapbench-ipc. Usage: test_cli PATH_TO_MAPBENCH PATH_TO_MAPBENCH_IPC. */
#include "testutil.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include "mb_spawn.h"

static const char *exe, *ipc_exe;

static void expect_error(const char *needle, const char *a1, const char *a2, const char *a3)
{
    char dir[512], ddflag[700];
    mb_test_dir("cli", dir, sizeof dir);
    snprintf(ddflag, sizeof ddflag, "--data-dir=%s", dir);
    char *argv[8];
    int n = 0;
    argv[n++] = (char *)exe;
    /* a data dir of our own unless the case sets one */
    if (!(a1 && strncmp(a1, "--data-dir", 10) == 0) && !(a2 && strncmp(a2, "--data-dir", 10) == 0))
        argv[n++] = ddflag;
    if (a1)
        argv[n++] = (char *)a1;
    if (a2)
        argv[n++] = (char *)a2;
    if (a3)
        argv[n++] = (char *)a3;
    argv[n] = NULL;
    char err[8192];
    int rc = mb_test_run(argv, err, sizeof err);
    if (rc != 2)
        fail_msg("%s %s %s: exit %d (want 2), stderr: %s", a1, a2 ? a2 : "", a3 ? a3 : "", rc, err);
    char *nl = strchr(err, '\n');
    if (!nl || nl[1] != '\0')
        fail_msg("%s: stderr is not exactly one line: '%s'", a1, err);
    if (!strstr(err, needle))
        fail_msg("%s: stderr '%s' lacks '%s'", a1, err, needle);
    if (strncmp(err, "mapbench: ", 10) != 0)
        fail_msg("%s: stderr '%s' does not start with 'mapbench: '", a1, err);
}

static void test_bad_flags(void **state)
{
    (void)state;
    expect_error("unknown flag '--bogus'", "--bogus", NULL, NULL);
    expect_error("unknown flag 'extra'", "extra", NULL, NULL);
    expect_error("needs a value", "--methods", NULL, NULL);
    expect_error("flag --methods given twice", "--methods=prw", "--methods", "map");
    expect_error("flag --list given twice", "--list", "--list", NULL);
}

/* Google Benchmark values it would crash on or misread are refused before it sees them. */
static void test_bad_gb_values(void **state)
{
    (void)state;
    expect_error("bad --benchmark_repetitions '-3': must be a positive integer",
                 "--benchmark_repetitions=-3", NULL, NULL);
    expect_error("bad --benchmark_min_time '0'", "--benchmark_min_time=0", NULL, NULL);
    expect_error("bad --benchmark_min_warmup_time", "--benchmark_min_warmup_time=-1", NULL, NULL);
    expect_error("bad --benchmark_out_format 'xml'", "--benchmark_out_format=xml", NULL, NULL);
    expect_error("bad --benchmark_format", "--benchmark_format=yaml", NULL, NULL);
    expect_error("bad --benchmark_time_unit", "--benchmark_time_unit=h", NULL, NULL);
}

/* Runs a shell command; its exit status, and its stdout in out. */
static int run_out(const char *cmd, char *out, size_t cap)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* Runs cmd (a --list) and counts the case lines of its output ("#" lines are comments),
 * failing on a case listed twice. */
static int list_cases(const char *cmd)
{
    static char out[1 << 16];
    static char *line[4096];
    assert_int_equal(run_out(cmd, out, sizeof out), 0);
    int n = 0;
    for (char *l = strtok(out, "\n"); l && n < 4096; l = strtok(NULL, "\n")) {
        if (l[0] == '#')
            continue;
        for (int k = 0; k < n; k++)
            if (strcmp(line[k], l) == 0)
                fail_msg("%s: case '%s' listed twice", cmd, l);
        line[n++] = l;
    }
    return n;
}

static void test_list_dedupe(void **state)
{
    (void)state;
    char cmd[1400];
    const char *common = "--sizes=64K --block-sizes 4K --list";
    snprintf(cmd, sizeof cmd, "'%s' --methods=prw %s", exe, common);
    int once = list_cases(cmd);
    assert_true(once > 0);
    snprintf(cmd, sizeof cmd, "'%s' --methods prw,prw %s", exe, common);
    assert_int_equal(list_cases(cmd), once);
    snprintf(cmd, sizeof cmd, "'%s' --methods=prw,map,prw --cache warm,warm %s", exe, common);
    int two = list_cases(cmd);
    snprintf(cmd, sizeof cmd, "'%s' --methods=prw,map --cache=warm %s", exe, common);
    assert_int_equal(list_cases(cmd), two);
}

/* mapbench-ipc takes --flag VALUE and --flag=VALUE alike, and lists a transport once. */
static void test_ipc_flags(void **state)
{
    (void)state;
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "'%s' --transports=shm --list", ipc_exe);
    int n = list_cases(cmd);
    assert_int_equal(n, 8); /* 2 workloads x 4 default message sizes */
    snprintf(cmd, sizeof cmd, "'%s' --transports shm --list", ipc_exe);
    assert_int_equal(list_cases(cmd), n);
    snprintf(cmd, sizeof cmd, "'%s' --transports shm,shm --msg-sizes 64 --list", ipc_exe);
    assert_int_equal(list_cases(cmd), 2);
    char err[4096];
    char *argv[] = {(char *)ipc_exe, "--transports", "shm", "--transports=pipe", NULL};
    assert_int_equal(mb_test_run(argv, err, sizeof err), 2);
    assert_non_null(strstr(err, "mapbench-ipc: flag --transports given twice\n"));
    char *argv2[] = {(char *)ipc_exe, "--benchmark_repetitions=-3", NULL};
    assert_int_equal(mb_test_run(argv2, err, sizeof err), 2);
    assert_non_null(strstr(err, "bad --benchmark_repetitions"));
}

static void test_bad_values(void **state)
{
    (void)state;
    expect_error("unknown method 'mmap'", "--methods=mmap", NULL, NULL);
    expect_error("unknown op 'erase'", "--ops=erase", NULL, NULL);
    expect_error("unknown pattern 'zigzag'", "--patterns=zigzag", NULL, NULL);
    expect_error("unknown cache state 'tepid'", "--cache=tepid", NULL, NULL);
    expect_error("unknown hint", "--hints=turbo", NULL, NULL);
    expect_error("greater than 0", "--sizes=0", NULL, NULL);
    expect_error("bad size '-1'", "--sizes=-1", NULL, NULL);
    expect_error("bad size 'big'", "--sizes=big", NULL, NULL);
    expect_error("greater than 0", "--block-sizes=0", NULL, NULL);
    expect_error("bad block size '-4K'", "--block-sizes=-4K", NULL, NULL);
    expect_error("bad block size 'x'", "--block-sizes=x", NULL, NULL);
    expect_error("multiple of 512", "--methods=direct", "--block-sizes=1000", NULL);
    expect_error("larger than the file", "--sizes=4K", "--block-sizes=1M", NULL);
    expect_error("thread count", "--threads=0", NULL, NULL);
    expect_error("empty item", "--methods=map,,prw", NULL, NULL);
    expect_error("unknown lifetime 'forever' (known: pass, case)", "--lifetime=forever", NULL,
                 NULL);
    expect_error("lifetime:case only", "--methods=mem", "--lifetime=pass", NULL);
    expect_error("acts once", "--methods=map", "--hints=populate", "--lifetime=case");
    expect_error("unknown residency check 'psychic'", "--residency=psychic", NULL, NULL);
}

/* The time-based, queue-depth and memory-limit flags: bad values refused in one line. */
static void test_bad_timing_values(void **state)
{
    (void)state;
    expect_error("bad duration (seconds) '0'", "--duration=0", NULL, NULL);
    expect_error("bad duration (seconds) '-1'", "--duration=-1", NULL, NULL);
    expect_error("bad duration (seconds) 'soon'", "--duration", "soon", NULL);
    expect_error("bad duration (seconds) 'nan'", "--duration=nan", NULL, NULL);
    expect_error("bad duration (seconds) '1e9'", "--duration=1e9", NULL, NULL);
    expect_error("give --duration SECONDS", "--timeline-out=/tmp/x.jsonl", NULL, NULL);
    expect_error("timeline interval (ms)", "--duration=1", "--timeline-interval=0", NULL);
    expect_error("timeline interval (ms)", "--duration=1", "--timeline-interval=99999999", NULL);
    expect_error("queue depth", "--queue-depth=0", NULL, NULL);
    expect_error("queue depth", "--queue-depth=1025", NULL, NULL);
    expect_error("thread count", "--threads=65", NULL, NULL);
    expect_error("memory limit", "--memory-limit=0", NULL, NULL);
    expect_error("bad memory limit 'lots'", "--memory-limit=lots", NULL, NULL);
    expect_error("starts cold", "--memory-limit=256M", "--cache=warm", NULL);
    expect_error("copies the whole file", "--memory-limit=256M", "--methods=mem", "--cache=cold");
    char dir[512], flag[700];
    mb_test_dir("cli", dir, sizeof dir);
    snprintf(flag, sizeof flag, "--timeline-out=%s/missing/t.jsonl", dir);
    char *argv[] = {(char *)exe,     flag,         "--duration=1",
                    "--methods=prw", "--sizes=4K", "--block-sizes=4K",
                    "--cache=warm",  NULL};
    char err[4096];
    assert_int_equal(mb_test_run(argv, err, sizeof err), 2);
    MB_ASSERT_HAS(err, "cannot create timeline file");
}

/* The queue depth varies only the asynchronous methods, and their names carry it. */
static void test_queue_depth_names(void **state)
{
    (void)state;
    char cmd[1400], out[1 << 14];
    snprintf(cmd, sizeof cmd,
             "'%s' --methods prw,uring,uringdirect --queue-depth 1,32 --sizes 64K "
             "--block-sizes 4K --patterns random --cache warm --lifetime case --list",
             exe);
    assert_int_equal(run_out(cmd, out, sizeof out), 0);
    MB_ASSERT_HAS(out, "read/random/prw/size:65536/bs:4096/cache:warm/lifetime:case/threads:1\n");
    MB_ASSERT_LACKS(out, "prw/size:65536/bs:4096/cache:warm/lifetime:case/threads:1/qd");
    MB_ASSERT_HAS(out, "/uring/size:65536/bs:4096/cache:warm/lifetime:case/threads:1/qd:32\n");
    MB_ASSERT_HAS(out, "/uring/size:65536/bs:4096/cache:warm/lifetime:case/threads:1/qd:1\n");
    snprintf(cmd, sizeof cmd,
             "'%s' --methods prw --memory-limit 256M --sizes 64K --block-sizes 4K "
             "--patterns random --cache cold --lifetime case --list",
             exe);
    assert_int_equal(run_out(cmd, out, sizeof out), 0);
    MB_ASSERT_HAS(out, "lifetime:case/threads:1/memlimit:268435456\n");
}

/* A time-based run writes one JSON line per interval with every field, and the case's
 * counters; the file appears whole when the run ends. */
static void test_timeline_file(void **state)
{
    (void)state;
    char dir[512], flag[800], path[700], ddflag[700];
    mb_test_dir("cli-timeline", dir, sizeof dir);
    snprintf(path, sizeof path, "%s/t.jsonl", dir);
    char stale[800];
    snprintf(stale, sizeof stale, "%s.tmp", path);
    remove(path);
    remove(stale); /* an earlier run killed mid-way */
    snprintf(flag, sizeof flag, "--timeline-out=%s", path);
    snprintf(ddflag, sizeof ddflag, "--data-dir=%s", dir);
    char *argv[] = {(char *)exe,
                    ddflag,
                    flag,
                    "--duration=0.3",
                    "--timeline-interval=50",
                    "--methods=prw",
                    "--sizes=1M",
                    "--block-sizes=4K",
                    "--patterns=random",
                    "--cache=warm",
                    "--lifetime=case",
                    "--benchmark_repetitions=2",
                    NULL};
    char err[8192];
    int rc = mb_test_run(argv, err, sizeof err);
    if (rc != 0)
        fail_msg("time-based run: exit %d: %s", rc, err);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[2048];
    int n = 0, rep1 = 0;
    static const char *const keys[] = {"\"case\":\"read/random/prw/size:1048576/",
                                       "\"t_s\":",
                                       "\"interval_s\":",
                                       "\"bytes\":",
                                       "\"requests\":",
                                       "\"minor_faults\":",
                                       "\"major_faults\":",
                                       "\"device_read_bytes\":",
                                       "\"device_write_bytes\":",
                                       "\"tlb_shootdowns\":",
                                       "\"cgroup_bytes\":null}"};
    while (fgets(line, sizeof line, f)) {
        n++;
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
            MB_ASSERT_HAS(line, keys[k]);
        rep1 += strstr(line, "\"rep\":1,") != NULL;
    }
    fclose(f);
    /* 0.3 s at 50 ms: about six lines per repetition; at least two each, whatever the load */
    if (n < 4 || rep1 < 2)
        fail_msg("timeline has %d lines, %d of repetition 1", n, rep1);
    char tmp[800];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    assert_int_not_equal(access(tmp, F_OK), 0);
    /* an existing timeline is not replaced */
    rc = mb_test_run(argv, err, sizeof err);
    assert_int_equal(rc, 2);
    MB_ASSERT_HAS(err, "exists: not replacing it");
}

static void test_bad_dirs(void **state)
{
    (void)state;
    char dir[512], path[700];
    mb_test_dir("cli", dir, sizeof dir);
    snprintf(path, sizeof path, "--data-dir=%s/missing", dir);
    expect_error("does not exist", path, "--sizes=4K", "--block-sizes=4K");
    /* a file, not a directory */
    char file[600];
    snprintf(file, sizeof file, "%s/plainfile", dir);
    mb_test_write(file, "");
    snprintf(path, sizeof path, "--data-dir=%s", file);
    expect_error("is not a directory", path, "--sizes=4K", "--block-sizes=4K");
    /* not writable: a 0555 directory, or for root a read-only file system */
    char ro[600];
    snprintf(ro, sizeof ro, "%s/readonly", dir);
    mkdir(ro, 0555);
    chmod(ro, 0555);
    const char *target =
        access(ro, W_OK) != 0 ? ro : (access("/proc/sys", W_OK) != 0 ? "/proc/sys" : NULL);
    if (target) {
        snprintf(path, sizeof path, "--data-dir=%s", target);
        expect_error("is not writable", path, "--sizes=4K", "--block-sizes=4K");
    }
    /* not enough free space: says how much is needed, creates nothing */
    expect_error("not enough free space", "--sizes=1000T", "--block-sizes=1M", NULL);
    char big[700];
    snprintf(big, sizeof big, "%s/mb-%llu.dat", dir, 1000ull << 40);
    assert_int_not_equal(access(big, F_OK), 0);
}

static void test_foreign_file(void **state)
{
    (void)state;
    char dir[512], path[700];
    mb_test_dir("cli-foreign", dir, sizeof dir);
    snprintf(path, sizeof path, "%s/mb-4096.dat", dir);
    mb_test_write(path, "not yours\n");
    char flag[700];
    snprintf(flag, sizeof flag, "--data-dir=%s", dir);
    expect_error("not created by mapbench", flag, "--sizes=4K", "--block-sizes=4K");
    FILE *f = fopen(path, "r");
    char line[64] = "";
    assert_non_null(fgets(line, sizeof line, f));
    fclose(f);
    assert_string_equal(line, "not yours\n");
}

static void test_unsupported_method(void **state)
{
    (void)state;
    /* uring is unsupported unless built with liburing */
    char dir[512], flag[700];
    mb_test_dir("cli", dir, sizeof dir);
    snprintf(flag, sizeof flag, "--data-dir=%s", dir);
    char *argv[] = {(char *)exe, flag, "--methods=uring", "--list", NULL};
    char err[4096];
    int rc = mb_test_run(argv, err, sizeof err);
    if (rc == 0)
        skip(); /* built with io_uring */
    assert_int_equal(rc, 2);
    assert_non_null(strstr(err, "unsupported"));
}

int main(int argc, char **argv)
{
    const char *usage = "PATH_TO_MAPBENCH PATH_TO_MAPBENCH_IPC";
    exe = mb_test_arg(argc, argv, 1, usage);
    ipc_exe = mb_test_arg(argc, argv, 2, usage);
    return MB_TEST_RUN(cmocka_unit_test(test_bad_flags), cmocka_unit_test(test_bad_values),
                       cmocka_unit_test(test_bad_dirs), cmocka_unit_test(test_foreign_file),
                       cmocka_unit_test(test_unsupported_method),
                       cmocka_unit_test(test_bad_gb_values), cmocka_unit_test(test_list_dedupe),
                       cmocka_unit_test(test_ipc_flags), cmocka_unit_test(test_bad_timing_values),
                       cmocka_unit_test(test_queue_depth_names),
                       cmocka_unit_test(test_timeline_file));
}
