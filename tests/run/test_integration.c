/* tests/run/test_integration.c: runs the mapbench program on small files with a tiny sweep and
 * checks its Google Benchmark JSON: every name parses as a case name, every counter is present,
 * verified is 1 everywhere; and a data file truncated while a mapped case runs fails that
 * case (SIGBUS caught, or the change detected) while the next case still runs.
 * Usage: test_integration PATH_TO_MAPBENCH. */
#include "testutil.h"

#include <jansson.h>
#include <pthread.h>
#include <unistd.h>

#include "core/case.h"
#include "mb_spawn.h"

static const char *exe;

static const char *const counters[] = {
    "bytes_per_second",
    "items_per_second",
    "verified",
    "minor_faults",
    "major_faults",
    "usr_s",
    "sys_s",
    "vol_cs",
    "invol_cs",
    "resident_before",
    "lat_p50_us",
    "lat_p99_us",
};

/* Runs mapbench with --data-dir=dir, the NULL-terminated args and, when json is non-NULL,
 * --benchmark_out=<dir>/<json> in JSON format; returns its exit status (stderr into err). */
static int run_mapbench(const char *dir, const char *json, const char *const *args, char *err,
                        size_t cap)
{
    char dd[700], out[700];
    char *argv[32];
    int n = 0;
    snprintf(dd, sizeof dd, "--data-dir=%s", dir);
    argv[n++] = (char *)exe;
    argv[n++] = dd;
    for (; *args && n < 28; args++)
        argv[n++] = (char *)*args;
    if (json) {
        snprintf(out, sizeof out, "--benchmark_out=%s/%s", dir, json);
        argv[n++] = out;
        argv[n++] = "--benchmark_out_format=json";
    }
    argv[n] = NULL;
    return mb_test_run(argv, err, cap);
}

/* Fails the test for a mapbench run that exited rc: names every failed case with its own
 * message (from the JSON, when written) and shows the end of the output, where mapbench says
 * why it exited; the start (the context) says nothing about the failure. */
static void fail_run(int rc, const char *dir, const char *json, const char *err)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, json);
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    json_t *b;
    size_t i;
    json_array_foreach(json_object_get(root, "benchmarks"), i, b)
    {
        if (json_object_get(b, "error_occurred"))
            print_error("failed case %s: %s\n", json_string_value(json_object_get(b, "name")),
                        json_string_value(json_object_get(b, "error_message")));
    }
    json_decref(root);
    size_t n = strlen(err);
    fail_msg("mapbench exited %d; the end of its output: %s", rc, n > 3000 ? err + n - 3000 : err);
}

/* The JSON file dir/name (fails the test if it does not parse). */
static json_t *load(const char *dir, const char *name)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root)
        fail_msg("%s: %s (line %d)", path, je.text, je.line);
    return root;
}

static void test_small_sweep(void **state)
{
    (void)state;
    char dir[512];
    mb_test_dir("integration", dir, sizeof dir);
    const char *args[] = {"--sizes=64K,1M",
                          "--block-sizes=4K,64K",
                          "--methods=prw,map,mapcopy,direct",
                          "--patterns=seq,stride:3",
                          "--ops=read,write:sync",
                          "--cache=warm,cold",
                          "--lifetime=pass,case",
                          "--latency",
                          "--benchmark_min_time=0.01",
                          "--benchmark_repetitions=2",
                          NULL};
    char err[65536];
    int rc = run_mapbench(dir, "out.json", args, err, sizeof err);
    if (rc != 0)
        fail_run(rc, dir, "out.json", err);
    json_t *root = load(dir, "out.json");
    json_t *benches = json_object_get(root, "benchmarks");
    assert_true(json_is_array(benches));
    size_t i, iterations = 0;
    json_t *b;
    json_array_foreach(benches, i, b)
    {
        const char *name = json_string_value(json_object_get(b, "name"));
        assert_non_null(name);
        if (json_object_get(b, "error_occurred"))
            fail_msg("%s failed: %s", name, json_string_value(json_object_get(b, "error_message")));
        struct mb_case_fields f;
        struct mb_err perr;
        MB_ASSERT_OK(mb_case_parse_name(name, &f, &perr), perr);
        const char *type = json_string_value(json_object_get(b, "run_type"));
        if (!type || strcmp(type, "iteration") != 0)
            continue;
        iterations++;
        for (size_t k = 0; k < sizeof counters / sizeof counters[0]; k++)
            if (!json_is_number(json_object_get(b, counters[k])))
                fail_msg("%s lacks counter %s", name, counters[k]);
        if (json_number_value(json_object_get(b, "verified")) != 1.0)
            fail_msg("%s not verified", name);
        double bps = json_number_value(json_object_get(b, "bytes_per_second"));
        if (!(bps > 1e6 && bps < 1e12))
            fail_msg("%s: implausible bytes_per_second %g", name, bps);
        double res = json_number_value(json_object_get(b, "resident_before"));
        if (strcmp(f.cache, "cold") == 0 && res > 0.01)
            fail_msg("%s: cold case started with %.3f resident", name, res);
        if (strcmp(f.cache, "warm") == 0 && res < 0.99)
            fail_msg("%s: warm case started with %.3f resident", name, res);
    }
    /* the context names the consume kernel and the residency check the run used */
    json_t *ctx = json_object_get(root, "context");
    const char *kernel = json_string_value(json_object_get(ctx, "consume_kernel"));
    const char *resid = json_string_value(json_object_get(ctx, "residency_check"));
    assert_non_null(kernel);
    assert_non_null(resid);
    assert_true(strcmp(resid, "cachestat") == 0 || strcmp(resid, "mincore") == 0);
    /* 2 sizes x 2 bs x 4 methods x 2 patterns x 2 ops x 2 caches x 2 lifetimes, x 2
     * repetitions: all run (cold with a kept mapping too) */
    assert_int_equal(iterations, 2u * 2 * 4 * 2 * 2 * 2 * 2 * 2);
    json_decref(root);
}

struct truncator {
    char path[700];
};

static void *truncate_later(void *arg)
{
    struct truncator *t = arg;
    usleep(1500 * 1000);
    if (truncate(t->path, 16 << 20) != 0)
        perror("truncate");
    return NULL;
}

static void test_truncated_while_mapped(void **state)
{
    (void)state;
    char dir[512];
    mb_test_dir("integration-trunc", dir, sizeof dir);
    /* create the files first (no case runs) */
    const char *prep[] = {"--sizes=64M,1M", "--block-sizes=64K", "--benchmark_filter=^$", NULL};
    char err[65536];
    int rc = run_mapbench(dir, NULL, prep, err, sizeof err);
    if (rc != 0)
        fail_msg("prepare: exit %d: %s", rc, err);
    const char *args[] = {
        "--sizes=64M,1M", "--block-sizes=64K", "--methods=map",          "--patterns=seq",
        "--cache=warm",   "--lifetime=pass",   "--benchmark_min_time=4", NULL};
    struct truncator t;
    snprintf(t.path, sizeof t.path, "%s/mb-%d.dat", dir, 64 << 20);
    pthread_t th;
    pthread_create(&th, NULL, truncate_later, &t);
    rc = run_mapbench(dir, "trunc.json", args, err, sizeof err);
    pthread_join(th, NULL);
    assert_int_equal(rc, 1); /* a case failed */
    json_t *root = load(dir, "trunc.json");
    json_t *benches = json_object_get(root, "benchmarks");
    assert_int_equal(json_array_size(benches), 2);
    json_t *first = json_array_get(benches, 0), *second = json_array_get(benches, 1);
    assert_true(json_is_true(json_object_get(first, "error_occurred")));
    const char *msg = json_string_value(json_object_get(first, "error_message"));
    assert_non_null(msg);
    if (!strstr(msg, "bus error") && !strstr(msg, "changed size"))
        fail_msg("unexpected failure message: %s", msg);
    assert_null(json_object_get(second, "error_occurred"));
    assert_true(json_number_value(json_object_get(second, "verified")) == 1.0);
    json_decref(root);
    /* the damaged file is ours: the next run recreates it and passes */
    const char *again[] = {"--sizes=64M",
                           "--block-sizes=1M",
                           "--methods=map",
                           "--patterns=seq",
                           "--cache=warm",
                           "--benchmark_min_time=0.01",
                           NULL};
    rc = run_mapbench(dir, NULL, again, err, sizeof err);
    if (rc != 0)
        fail_msg("rerun after truncation: exit %d: %s", rc, err);
    assert_non_null(strstr(err, "created"));
}

/* A memory-limited, time-based case runs inside its cgroup: its peak usage is reported and
 * within the limit, the cgroup is gone afterwards; where cgroups cannot be used (not root, no
 * memory controller) the case is skipped with that reason, never run unlimited. Device
 * counters are present whenever the context names a disk. */
static void test_memory_limited(void **state)
{
    (void)state;
    char dir[512];
    mb_test_dir("integration-memlimit", dir, sizeof dir);
    const char *args[] = {"--sizes=64M",
                          "--block-sizes=4K",
                          "--methods=prw,map",
                          "--patterns=random",
                          "--cache=cold",
                          "--lifetime=case",
                          "--memory-limit=32M",
                          "--duration=0.5",
                          "--benchmark_repetitions=2",
                          NULL};
    char err[65536];
    int rc = run_mapbench(dir, "mem.json", args, err, sizeof err);
    if (rc != 0)
        fail_run(rc, dir, "mem.json", err);
    json_t *root = load(dir, "mem.json");
    json_t *ctx = json_object_get(root, "context");
    const char *device = json_string_value(json_object_get(ctx, "device"));
    json_t *benches = json_object_get(root, "benchmarks");
    size_t i, runs = 0, skipped = 0;
    json_t *b;
    json_array_foreach(benches, i, b)
    {
        const char *name = json_string_value(json_object_get(b, "name"));
        MB_ASSERT_HAS(name, "/memlimit:33554432");
        if (json_object_get(b, "error_occurred")) {
            const char *msg = json_string_value(json_object_get(b, "error_message"));
            /* only an environment without usable cgroups may skip, and it says so */
            MB_ASSERT_HAS(msg, "skipped: unsupported: ");
            skipped++;
            continue;
        }
        const char *type = json_string_value(json_object_get(b, "run_type"));
        if (!type || strcmp(type, "iteration") != 0)
            continue;
        runs++;
        assert_true(json_number_value(json_object_get(b, "verified")) == 1.0);
        assert_true(json_number_value(json_object_get(b, "memlimit_bytes")) == 33554432.0);
        json_t *peak = json_object_get(b, "cgroup_peak_bytes");
        if (peak) {
            assert_true(json_number_value(peak) > 0);
            if (json_number_value(peak) > 33554432.0)
                fail_msg("%s: cgroup peak %.0f above the 32 MiB limit", name,
                         json_number_value(peak));
        }
        if (device && strncmp(device, "unavailable", 11) != 0) {
            assert_true(json_is_number(json_object_get(b, "device_read_bytes")));
            assert_true(json_is_number(json_object_get(b, "read_amplification")));
        }
    }
    if (skipped)
        print_message("memory limits not usable here: %llu cases skipped with the reason\n",
                      (unsigned long long)skipped);
    else
        assert_int_equal(runs, 4); /* 2 methods x 2 repetitions */
    json_decref(root);
    /* leaving the cgroups worked (the os tests check the directory is gone) */
    MB_ASSERT_LACKS(err, "cannot remove");
}

int main(int argc, char **argv)
{
    exe = mb_test_arg(argc, argv, 1, "PATH_TO_MAPBENCH");
    return MB_TEST_RUN(cmocka_unit_test(test_small_sweep),
                       cmocka_unit_test(test_truncated_while_mapped),
                       cmocka_unit_test(test_memory_limited));
}
