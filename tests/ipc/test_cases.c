/* test_cases.c: unit tests of mapbench-ipc's case table (src/ipc/cases.c): which cases the list
 * flags select and in which order, the errors for bad lists, the batch sizes, the latency
 * samples' growth and cap, and that the percentile is the rank the program always reported.
 * Portable (runs under wine too). */
#include "testutil.h"

#include "core/order.h"
#include "ipc/cases.h"
#include "ipc/ring.h"

#define RING (4u << 20)

static void test_defaults_every_case_in_order(void **state)
{
    (void)state;
    struct mb_ipc_cases cs;
    struct mb_err err;
    assert_int_equal(mb_ipc_cases_select(NULL, NULL, NULL, RING, &cs, &err), 0);
    size_t nall;
    const struct mb_ipc_transport *const *all = mb_ipc_transports(&nall);
    assert_int_equal(cs.nt, nall);
    assert_int_equal(cs.n, 2 * nall * 4);
    static const uint64_t sizes[] = {64, 4096, 65536, 1u << 20};
    size_t k = 0;
    for (int w = 0; w < 2; w++)
        for (size_t t = 0; t < nall; t++)
            for (size_t z = 0; z < 4; z++, k++) {
                assert_int_equal(cs.v[k].wl, w);
                assert_ptr_equal(cs.v[k].t, all[t]);
                assert_int_equal(cs.v[k].msg, sizes[z]);
            }
    char name[128];
    mb_ipc_case_name(&cs.v[0], name, sizeof name);
    assert_string_equal(name, "ipc/stream/shm/msg:64");
    mb_ipc_case_name(&cs.v[cs.n - 1], name, sizeof name);
    assert_string_equal(name, "ipc/pingpong/tcp/msg:1048576");
    assert_true(mb_ipc_cases_need_dir(&cs)); /* shm-file and socket */
    mb_ipc_cases_free(&cs);
    assert_null(cs.v);
}

static void test_lists_keep_their_order(void **state)
{
    (void)state;
    struct mb_ipc_cases cs;
    struct mb_err err;
    assert_int_equal(mb_ipc_cases_select("tcp,pipe", "pingpong,stream", "1K,32", RING, &cs, &err),
                     0);
    assert_int_equal(cs.nt, 2);
    assert_string_equal(cs.t[0]->name, "tcp");
    assert_string_equal(cs.t[1]->name, "pipe");
    assert_int_equal(cs.n, 8);
    static const char *const want[] = {
        "ipc/pingpong/tcp/msg:1024", "ipc/pingpong/tcp/msg:32", "ipc/pingpong/pipe/msg:1024",
        "ipc/pingpong/pipe/msg:32",  "ipc/stream/tcp/msg:1024", "ipc/stream/tcp/msg:32",
        "ipc/stream/pipe/msg:1024",  "ipc/stream/pipe/msg:32",
    };
    for (size_t i = 0; i < cs.n; i++) {
        char name[128];
        mb_ipc_case_name(&cs.v[i], name, sizeof name);
        assert_string_equal(name, want[i]);
    }
    assert_false(mb_ipc_cases_need_dir(&cs)); /* neither creates a file */
    mb_ipc_cases_free(&cs);
}

/* The selection fails with MB_E_USAGE and a message containing `needle`. */
static void expect_usage(const char *t, const char *w, const char *z, uint64_t ring,
                         const char *needle)
{
    struct mb_ipc_cases cs;
    struct mb_err err;
    mb_err_clear(&err);
    assert_int_equal(mb_ipc_cases_select(t, w, z, ring, &cs, &err), MB_E_USAGE);
    if (!strstr(err.msg, needle))
        fail_msg("'%s' not in '%s'", needle, err.msg);
    mb_ipc_cases_free(&cs);
}

/* A repeated item (by name, or a size by value) is dropped, not an error or a second case. */
static void test_repeats_dropped(void **state)
{
    (void)state;
    struct mb_ipc_cases cs;
    struct mb_err err;
    mb_err_clear(&err);
    assert_int_equal(mb_ipc_cases_select("pipe,tcp,pipe", "stream,stream,pingpong", "1024,1K,64",
                                         RING, &cs, &err),
                     0);
    assert_int_equal(cs.nt, 2);
    assert_int_equal(cs.n, 2 * 2 * 2);
    mb_ipc_cases_free(&cs);
}

static void test_bad_lists(void **state)
{
    (void)state;
    expect_usage("shm,nosuch", NULL, NULL, RING, "nosuch");
    expect_usage(NULL, "stream,bogus", NULL, RING, "unknown workload 'bogus'");
    expect_usage(NULL, "stream,stream,bogus", NULL, RING, "unknown workload 'bogus'");
    expect_usage("", NULL, NULL, RING, "empty --transports");
    expect_usage("pipe,", NULL, NULL, RING, "empty item in transport list 'pipe,'");
    expect_usage(NULL, "", NULL, RING, "empty --workloads");
    expect_usage(NULL, NULL, "", RING, "empty --msg-sizes");
    expect_usage(NULL, NULL, "64,31", RING, "bad message size '31': at least 32 bytes");
    expect_usage(NULL, NULL, "64,8M", RING, "larger than the 4M ring (4194304 bytes");
    expect_usage(NULL, NULL, "64,x", RING, "x");
    char many[400] = "";
    for (int i = 0; i < 65; i++) /* 65 different sizes (a repeat would be dropped) */
        snprintf(many + strlen(many), sizeof many - strlen(many), "%s%d", i ? "," : "", 64 + i);
    expect_usage(NULL, NULL, many, RING, "too many message sizes");
    /* the largest message a ring holds is accepted, one byte more is not */
    char z[64];
    snprintf(z, sizeof z, "%llu", (unsigned long long)mb_ring_max_msg(RING));
    struct mb_ipc_cases cs;
    struct mb_err err;
    assert_int_equal(mb_ipc_cases_select("pipe", "stream", z, RING, &cs, &err), 0);
    assert_int_equal(cs.n, 1);
    mb_ipc_cases_free(&cs);
    snprintf(z, sizeof z, "%llu", (unsigned long long)mb_ring_max_msg(RING) + 1);
    expect_usage("pipe", "stream", z, RING, "use a larger --ring-size");
}

static void test_batch_sizes(void **state)
{
    (void)state;
    static const struct {
        enum mb_ipc_workload wl;
        uint64_t msg, want;
    } t[] = {
        {MB_IPC_WL_STREAM, 32, 16384},      {MB_IPC_WL_STREAM, 512, 16384},
        {MB_IPC_WL_STREAM, 1024, 8192},     {MB_IPC_WL_STREAM, 65536, 128},
        {MB_IPC_WL_STREAM, 1u << 20, 8},    {MB_IPC_WL_STREAM, 2u << 20, 4},
        {MB_IPC_WL_STREAM, 4u << 20, 4},    {MB_IPC_WL_PINGPONG, 64, 1000},
        {MB_IPC_WL_PINGPONG, 16384, 1000},  {MB_IPC_WL_PINGPONG, 65536, 256},
        {MB_IPC_WL_PINGPONG, 1u << 20, 16}, {MB_IPC_WL_PINGPONG, 4u << 20, 8},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        struct mb_ipc_case c = {.t = &mb_ipc_pipe, .wl = t[i].wl, .msg = t[i].msg};
        if (mb_ipc_batch(&c) != t[i].want)
            fail_msg("%s %llu: batch %llu, expected %llu", mb_ipc_workload_name(t[i].wl),
                     (unsigned long long)t[i].msg, (unsigned long long)mb_ipc_batch(&c),
                     (unsigned long long)t[i].want);
    }
}

static void test_samples_grow_then_stop(void **state)
{
    (void)state;
    struct mb_ipc_samples s = {0};
    struct mb_err err;
    int rc;
    uint64_t total = 0;
    while (total + 1000 <= MB_IPC_MAX_SAMPLES) {
        uint64_t *p = mb_ipc_samples_reserve(&s, 1000, &rc, &err);
        assert_int_equal(rc, 0);
        assert_non_null(p);
        for (int i = 0; i < 1000; i++)
            p[i] = total + (uint64_t)i;
        mb_ipc_samples_commit(&s, 1000);
        total += 1000;
    }
    assert_true(s.cap <= MB_IPC_MAX_SAMPLES);
    /* past the cap nothing more is recorded, and that is not an error */
    assert_null(mb_ipc_samples_reserve(&s, 1000, &rc, &err));
    assert_int_equal(rc, 0);
    assert_int_equal(s.n, total);
    for (size_t i = 0; i < s.n; i += 4099)
        assert_int_equal(s.v[i], i);
    mb_ipc_samples_free(&s);
    assert_null(s.v);
}

/* The rank the program reported before core/order.h: samples[(n-1) * 0.50 / 0.99]. */
static size_t old_rank(size_t n, double f)
{
    return (size_t)((double)(n - 1) * f);
}

static void test_percentile_same_rank_as_before(void **state)
{
    (void)state;
    /* every sample count a case can hold: the value at the rank is the rank itself */
    struct mb_ipc_samples s = {0};
    struct mb_err err;
    int rc;
    uint64_t *p = mb_ipc_samples_reserve(&s, MB_IPC_MAX_SAMPLES, &rc, &err);
    assert_non_null(p);
    for (size_t i = 0; i < MB_IPC_MAX_SAMPLES; i++)
        p[i] = i;
    for (size_t n = 1; n <= MB_IPC_MAX_SAMPLES; n++) {
        if (mb_percentile_u64(p, n, 50) != old_rank(n, 0.50) ||
            mb_percentile_u64(p, n, 99) != old_rank(n, 0.99))
            fail_msg("n=%llu: ranks differ", (unsigned long long)n);
    }
    mb_ipc_samples_free(&s);
    /* unsorted samples are sorted first; the result is in microseconds */
    uint64_t *q = mb_ipc_samples_reserve(&s, 5, &rc, &err);
    static const uint64_t v[] = {9000, 1000, 5000, 3000, 7000};
    memcpy(q, v, sizeof v);
    mb_ipc_samples_commit(&s, 5);
    assert_true(mb_ipc_samples_percentile_us(&s, 50) == 5.0);
    assert_true(mb_ipc_samples_percentile_us(&s, 99) == 7.0);
    assert_true(mb_ipc_samples_percentile_us(&s, 100) == 9.0);
    mb_ipc_samples_free(&s);
}

MB_TEST_MAIN(cmocka_unit_test(test_defaults_every_case_in_order),
             cmocka_unit_test(test_lists_keep_their_order), cmocka_unit_test(test_bad_lists),
             cmocka_unit_test(test_repeats_dropped), cmocka_unit_test(test_batch_sizes),
             cmocka_unit_test(test_samples_grow_then_stop),
             cmocka_unit_test(test_percentile_same_rank_as_before))
