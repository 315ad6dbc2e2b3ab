/* tests/methods/test_methods.c: every supported method x pattern x op x lifetime produces the
 * file's checksum through the runner, with one and two threads; write passes leave a file that
 * still verifies; a kept mapping (lifetime:case) is really cold before every cold pass. */
#include "testutil.h"

#include "core/content.h"
#include "core/datafile.h"
#include "run/runner.h"

#define FILE_SIZE (1024u * 1024u + 8u * 4096u) /* not a multiple of the 64K block */

struct fixture {
    char dir[512];
    struct mb_datafile df;
};

static int setup(void **state)
{
    static struct fixture fx; /* cmocka state: one fixture for the group */
    struct mb_err err;
    mb_test_dir("methods", fx.dir, sizeof fx.dir);
    if (mb_datafile_ensure(fx.dir, FILE_SIZE, &fx.df, &err)) {
        fprintf(stderr, "setup: %s\n", err.msg);
        return -1;
    }
    *state = &fx;
    return 0;
}

/* A one-thread case over the fixture's file; callers set cache, lifetime, hint, threads. */
static struct mb_case_spec spec_of(const struct mb_datafile *df, const char *method,
                                   const char *pattern, const char *op, uint64_t bs)
{
    struct mb_case_spec c;
    struct mb_err err;
    memset(&c, 0, sizeof c);
    MB_ASSERT_OK(mb_method_find(method, &c.method, &err), err);
    MB_ASSERT_OK(mb_pattern_parse(pattern, &c.pattern, &err), err);
    MB_ASSERT_OK(mb_op_parse(op, &c.op, &err), err);
    c.size = df->size;
    c.bs = bs;
    c.threads = 1;
    c.queue_depth = (c.method->caps & MB_CAP_ASYNC) ? 1 : 0; /* test_uring.c runs deeper */
    return c;
}

/* Runs 3 passes of a case (if measurable) and checks each; returns how many passes ran. */
static int run_case_life(const struct mb_datafile *df, const char *method, const char *pattern,
                         const char *op, uint64_t bs, unsigned threads, enum mb_cache_state cache,
                         enum mb_lifetime life)
{
    struct mb_case_spec c = spec_of(df, method, pattern, op, bs);
    struct mb_err err;
    c.cache = cache;
    c.threads = threads;
    c.lifetime = life;
    if (mb_case_check(&c, &err) != 0)
        return 0; /* combination not measurable (e.g. rw with 2 threads, mem writes) */
    struct mb_run *run;
    struct mb_run_opts opts = {.latency = true};
    MB_ASSERT_OK(mb_run_create(&run, &c, df, &opts, &err), err);
    int pass;
    for (pass = 0; pass < 3; pass++) {
        struct mb_pass_result res;
        int rc = mb_run_pass(run, &res, &err);
        if (rc == MB_E_UNSUPPORTED && pass == 0 && (c.method->caps & MB_CAP_ASYNC)) {
            /* the kernel refuses io_uring here (test_uring says why) */
            mb_run_destroy(run);
            return 0;
        }
        if (rc)
            fail_msg("%s/%s/%s bs=%llu threads=%u lifetime:%s pass %d: %s", op, pattern, method,
                     (unsigned long long)bs, threads, mb_lifetime_name(life), pass, err.msg);
        assert_true(res.sum == res.expected);
        /* verified cold where the platform can measure residency (-1: it cannot, Windows) */
        if (cache == MB_CACHE_COLD &&
            mb_cache_residency_resolve(df->path, MB_RESIDENCY_AUTO) != MB_RESIDENCY_NONE)
            assert_true(res.resident_before >= 0 && res.resident_before <= MB_CACHE_COLD_TOLERANCE);
        assert_true(res.requests > 0);
        if (res.pass_fraction == 1.0 && c.pattern.kind != MB_PAT_ZIPF)
            assert_true(res.sum == df->checksum);
        assert_true(res.bytes > 0);
    }
    double p50, p99;
    assert_true(mb_run_latency(run, &p50, &p99));
    assert_true(p50 > 0 && p99 >= p50);
    mb_run_destroy(run);
    return pass;
}

static void run_case(const struct mb_datafile *df, const char *method, const char *pattern,
                     const char *op, uint64_t bs, unsigned threads, enum mb_cache_state cache)
{
    run_case_life(df, method, pattern, op, bs, threads, cache, MB_LIFETIME_PASS);
    run_case_life(df, method, pattern, op, bs, threads, cache, MB_LIFETIME_CASE);
}

static void test_all_methods(void **state)
{
    struct fixture *fx = *state;
    size_t n;
    const struct mb_method *const *all = mb_methods(&n);
    const char *patterns[] = {"seq", "reverse", "random", "stride:3", "zipf"};
    const char *ops[] = {"read", "write", "write:sync", "mix:70"};
    const uint64_t bss[] = {4096, 65536};
    int ran = 0;
    for (size_t m = 0; m < n; m++) {
        if (all[m]->unsupported)
            continue;
        ran++;
        for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++)
            for (size_t o = 0; o < sizeof ops / sizeof ops[0]; o++)
                for (size_t b = 0; b < 2; b++)
                    for (unsigned t = 1; t <= 2; t++)
                        run_case(&fx->df, all[m]->name, patterns[p], ops[o], bss[b], t,
                                 MB_CACHE_WARM);
    }
    assert_true(ran >= 5);
    /* mem exists only with lifetime:case, and ran */
    assert_int_equal(
        run_case_life(&fx->df, "mem", "seq", "read", 4096, 1, MB_CACHE_WARM, MB_LIFETIME_PASS), 0);
    assert_int_equal(
        run_case_life(&fx->df, "mem", "seq", "read", 4096, 1, MB_CACHE_WARM, MB_LIFETIME_CASE), 3);
    /* the file still verifies after all those writes */
    mb_fh fh;
    struct mb_err err;
    unsigned char *buf = malloc(FILE_SIZE);
    assert_non_null(buf);
    MB_ASSERT_OK(mb_file_open_read(fx->df.path, &fh, &err), err);
    MB_ASSERT_OK(mb_file_read_at(fh, 0, buf, FILE_SIZE, &err), err);
    mb_file_close(fh, NULL);
    assert_true(mb_consume(buf, FILE_SIZE) == fx->df.checksum);
    free(buf);
}

static void test_cold_slices(void **state)
{
    struct fixture *fx = *state;
    /* cold random 512-byte reads: more requests than one slice, each slice verified */
    run_case(&fx->df, "prw", "random", "read", 512, 1, MB_CACHE_COLD);
    run_case(&fx->df, "map", "random", "read", 512, 2, MB_CACHE_COLD);
    run_case(&fx->df, "map", "seq", "write:sync", 4096, 1, MB_CACHE_COLD);
}

/* Cold with a kept handle: every method's every pass starts verified cold (run_case_life
 * checks resident_before), and a kept mapping really reads from the device again: the
 * pass takes major faults, which a mapping whose pages were still mapped would not. */
static void test_cold_kept(void **state)
{
    struct fixture *fx = *state;
    size_t n;
    const struct mb_method *const *all = mb_methods(&n);
    int kept = 0;
    for (size_t m = 0; m < n; m++) {
        if (all[m]->unsupported || !(all[m]->caps & MB_CAP_COLD))
            continue;
        /* 0 passes only where the platform refuses the combination (a Windows view) */
        kept += run_case_life(&fx->df, all[m]->name, "seq", "read", 65536, 1, MB_CACHE_COLD,
                              MB_LIFETIME_CASE) == 3;
        run_case_life(&fx->df, all[m]->name, "random", "write", 4096, 1, MB_CACHE_COLD,
                      MB_LIFETIME_CASE);
    }
    assert_true(kept >= 3); /* at least the explicit methods rw, prw, direct */
    if (mb_cache_residency_resolve(fx->df.path, MB_RESIDENCY_AUTO) == MB_RESIDENCY_NONE)
        return; /* no residency, no kept cold mapping, no major-fault count: Windows */
    struct mb_case_spec c = spec_of(&fx->df, "map", "seq", "read", 65536);
    struct mb_err err;
    c.cache = MB_CACHE_COLD;
    c.lifetime = MB_LIFETIME_CASE;
    struct mb_run *run;
    MB_ASSERT_OK(mb_run_create(&run, &c, &fx->df, NULL, &err), err);
    for (int pass = 0; pass < 3; pass++) {
        struct mb_pass_result res;
        MB_ASSERT_OK(mb_run_pass(run, &res, &err), err);
        assert_true(res.usage.majflt > 0);
    }
    mb_run_destroy(run);
}

/* Lifetimes a method cannot honour are refused with a reason, never run as the other one. */
static void test_lifetime_refusals(void **state)
{
    struct fixture *fx = *state;
    struct mb_case_spec c = spec_of(&fx->df, "mem", "seq", "read", 4096);
    struct mb_err err;
    assert_int_equal(mb_case_check(&c, &err), MB_E_USAGE);
    assert_non_null(strstr(err.msg, "lifetime:case only"));
    c.lifetime = MB_LIFETIME_CASE;
    MB_ASSERT_OK(mb_case_check(&c, &err), err);
    MB_ASSERT_OK(mb_method_find("map", &c.method, &err), err);
    c.hint = MB_HINT_POPULATE;
    assert_int_equal(mb_case_check(&c, &err), MB_E_USAGE);
    c.hint = MB_HINT_NONE;
    c.cache = MB_CACHE_COLD;
    /* a mapped method without drop cannot be cold with a kept mapping */
    struct mb_method nodrop = *c.method;
    nodrop.drop = NULL;
    c.method = &nodrop;
    assert_int_equal(mb_case_check(&c, &err), MB_E_UNSUPPORTED);
}

static void test_hints(void **state)
{
    struct fixture *fx = *state;
    const char *hinted[] = {"seq", "random", "willneed", "populate"};
    for (size_t h = 0; h < sizeof hinted / sizeof hinted[0]; h++) {
        struct mb_case_spec c = spec_of(&fx->df, "map", "random", "read", 4096);
        struct mb_err err;
        MB_ASSERT_OK(mb_hint_parse(hinted[h], &c.hint, &err), err);
        if (!mb_method_accepts_hint(c.method, c.hint))
            continue;
        struct mb_run *run;
        MB_ASSERT_OK(mb_run_create(&run, &c, &fx->df, NULL, &err), err);
        struct mb_pass_result res;
        int rc = mb_run_pass(run, &res, &err);
        /* a hint the kernel refuses is reported as unsupported, never ignored */
        if (rc != 0 && rc != MB_E_UNSUPPORTED)
            fail_msg("hint %s: %s", hinted[h], err.msg);
        mb_run_destroy(run);
    }
}

int main(void)
{
    return MB_TEST_RUN_WITH(setup, NULL, cmocka_unit_test(test_all_methods),
                            cmocka_unit_test(test_cold_slices), cmocka_unit_test(test_cold_kept),
                            cmocka_unit_test(test_lifetime_refusals), cmocka_unit_test(test_hints));
}
