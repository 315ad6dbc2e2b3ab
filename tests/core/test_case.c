/* tests/core/test_case.c: the check of whether a case can be measured (mb_case_check): every
 * refusal by its project code, and the combinations next to each refusal that do run. The
 * methods are made up here, so the test says the same on every platform. */
#include "testutil.h"

#include "core/case.h"
#include "core/content.h"

static int drop_nothing(void *state, struct mb_err *err)
{
    (void)state, (void)err;
    return 0;
}

/* An explicit-I/O method with every capability a refusal below can miss. */
static const struct mb_method io_all = {
    .name = "io_all",
    .caps = MB_CAP_EXPLICIT | MB_CAP_WRITE | MB_CAP_COLD | MB_CAP_THREADS,
    .hints = 1u << MB_HINT_SEQ,
};

/* A read-only method with nothing but a single thread and a warm cache. */
static const struct mb_method io_none = {.name = "io_none", .caps = MB_CAP_EXPLICIT};

/* A read case of io_all, one thread, warm, lifetime:pass, 1 MiB in 4 KiB blocks. */
static struct mb_case_spec base_case(void)
{
    struct mb_case_spec c;
    struct mb_err err;
    memset(&c, 0, sizeof c);
    MB_ASSERT_OK(mb_op_parse("read", &c.op, &err), err);
    MB_ASSERT_OK(mb_pattern_parse("seq", &c.pattern, &err), err);
    c.method = &io_all;
    c.size = 1u << 20;
    c.bs = 4096;
    c.threads = 1;
    return c;
}

/* Asserts the check's code for c; a refusal must say why. */
static void expect(const struct mb_case_spec *c, int code)
{
    struct mb_err err;
    mb_err_clear(&err);
    int rc = mb_case_check(c, &err);
    if (rc != code)
        fail_msg("mb_case_check gave %s, expected %s (%s)", mb_code_name(rc), mb_code_name(code),
                 err.msg);
    if (code)
        assert_true(err.msg[0] != '\0');
}

static void test_sizes(void **state)
{
    (void)state;
    struct mb_case_spec c = base_case();
    expect(&c, 0);
    c.bs = 0;
    expect(&c, MB_E_USAGE);
    c.bs = 4000; /* not a multiple of the checksum sector */
    expect(&c, MB_E_USAGE);
    c = base_case();
    c.size = 0;
    expect(&c, MB_E_USAGE);
    c.size = (1u << 20) + 100;
    expect(&c, MB_E_USAGE);
    c = base_case();
    c.bs = 2u << 20; /* larger than the file */
    expect(&c, MB_E_USAGE);
    c.bs = c.size = 3 * MB_SECTOR;
    expect(&c, 0);
    struct mb_method aligned = io_all;
    aligned.caps |= MB_CAP_ALIGNED;
    c.method = &aligned; /* an aligned method needs whole 4 KiB units */
    expect(&c, MB_E_USAGE);
    c.bs = c.size = 8192;
    expect(&c, 0);
}

/* No more threads than requests in a pass; huge buffer products are refused. */
static void test_threads_and_products(void **state)
{
    (void)state;
    struct mb_case_spec c = base_case();
    c.bs = c.size = 4096; /* one request */
    c.threads = 2;
    expect(&c, MB_E_USAGE);
    c.size = 8192; /* two requests: one each */
    expect(&c, 0);
    c = base_case();
    c.threads = 64; /* 64 threads x 2^56-byte buffers: far above the buffer cap */
    c.bs = UINT64_C(1) << 56;
    c.size = UINT64_C(1) << 63;
    expect(&c, MB_E_USAGE);
}

static void test_capabilities(void **state)
{
    (void)state;
    struct mb_err err;
    struct mb_case_spec c = base_case();
    struct mb_method gone = io_all;
    gone.unsupported = "not in this build";
    c.method = &gone;
    expect(&c, MB_E_UNSUPPORTED);
    assert_int_equal(mb_case_check(&c, &err), MB_E_UNSUPPORTED);
    assert_non_null(strstr(err.msg, "not in this build"));

    /* each capability: a case that needs it runs on io_all and is refused on io_none */
    const struct {
        const char *op;
        enum mb_cache_state cache;
        unsigned threads;
        enum mb_hint hint;
        const struct mb_method *method;
        int code;
    } rows[] = {
        {"mix:50", MB_CACHE_WARM, 1, MB_HINT_NONE, &io_all, 0},
        {"mix:50", MB_CACHE_WARM, 1, MB_HINT_NONE, &io_none, MB_E_USAGE}, /* no write access */
        {"read", MB_CACHE_COLD, 1, MB_HINT_NONE, &io_all, 0},
        {"read", MB_CACHE_COLD, 1, MB_HINT_NONE, &io_none, MB_E_USAGE}, /* no cold state */
        {"read", MB_CACHE_WARM, 0, MB_HINT_NONE, &io_all, MB_E_USAGE},  /* no thread */
        {"read", MB_CACHE_WARM, 2, MB_HINT_NONE, &io_all, 0},
        {"read", MB_CACHE_WARM, 2, MB_HINT_NONE, &io_none, MB_E_USAGE}, /* one file position */
        {"read", MB_CACHE_WARM, 1, MB_HINT_SEQ, &io_all, 0},
        {"read", MB_CACHE_WARM, 1, MB_HINT_RANDOM, &io_all, MB_E_USAGE}, /* hint not taken */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        c = base_case();
        MB_ASSERT_OK(mb_op_parse(rows[i].op, &c.op, &err), err);
        c.cache = rows[i].cache;
        c.threads = rows[i].threads;
        c.hint = rows[i].hint;
        c.method = rows[i].method;
        expect(&c, rows[i].code);
    }
}

static void test_lifetimes(void **state)
{
    (void)state;
    struct mb_case_spec c = base_case();
    struct mb_method case_only = io_all;
    case_only.caps |= MB_CAP_CASE_ONLY;
    c.method = &case_only;
    expect(&c, MB_E_USAGE);
    c.lifetime = MB_LIFETIME_CASE;
    expect(&c, 0);

    /* hints that act once, at open or map time, mean nothing for a kept handle */
    struct mb_method mapped = io_all;
    mapped.caps = MB_CAP_MAPPED | MB_CAP_WRITE | MB_CAP_COLD | MB_CAP_THREADS;
    mapped.hints = (1u << MB_HINT_POPULATE) | (1u << MB_HINT_WILLNEED) | (1u << MB_HINT_SEQ);
    c = base_case();
    c.method = &mapped;
    c.lifetime = MB_LIFETIME_CASE;
    c.hint = MB_HINT_SEQ;
    expect(&c, 0);
    c.hint = MB_HINT_POPULATE;
    expect(&c, MB_E_USAGE);
    c.hint = MB_HINT_WILLNEED;
    expect(&c, MB_E_USAGE);
    c.lifetime = MB_LIFETIME_PASS;
    expect(&c, 0);

    /* a kept mapping can be cold only where the method can drop its pages */
    c = base_case();
    c.method = &mapped;
    c.cache = MB_CACHE_COLD;
    c.lifetime = MB_LIFETIME_CASE;
    expect(&c, MB_E_UNSUPPORTED);
    c.lifetime = MB_LIFETIME_PASS;
    expect(&c, 0);
    mapped.drop = drop_nothing;
    c.lifetime = MB_LIFETIME_CASE;
    expect(&c, 0);
}

static void test_zipf_writes(void **state)
{
    (void)state;
    struct mb_err err;
    struct mb_case_spec c = base_case();
    MB_ASSERT_OK(mb_pattern_parse("zipf", &c.pattern, &err), err);
    c.threads = 2;
    expect(&c, 0); /* reads of the same hot blocks are fine */
    MB_ASSERT_OK(mb_op_parse("write", &c.op, &err), err);
    expect(&c, MB_E_USAGE);
    c.threads = 1;
    expect(&c, 0);
}

/* An asynchronous method: queue depth in range, zipf writes only at depth 1, hint fixed its
 * own; buffers (threads x depth x block) bounded, and by half a memory limit; memory limits
 * only cold, never for a private copy. */
static const struct mb_method io_async = {
    .name = "io_async",
    .caps = MB_CAP_EXPLICIT | MB_CAP_WRITE | MB_CAP_COLD | MB_CAP_THREADS | MB_CAP_ASYNC,
    .hints = 1u << MB_HINT_FIXED,
};
static const struct mb_method private_copy = {
    .name = "private_copy", .caps = MB_CAP_THREADS | MB_CAP_COLD | MB_CAP_CASE_ONLY};

static void test_queue_and_limits(void **state)
{
    (void)state;
    struct mb_err err;
    struct mb_case_spec c = base_case();
    c.method = &io_async;
    expect(&c, MB_E_USAGE); /* depth 0 */
    c.queue_depth = 32;
    expect(&c, 0);
    c.queue_depth = MB_QUEUE_DEPTH_MAX + 1;
    expect(&c, MB_E_USAGE);
    c.queue_depth = 32;
    c.hint = MB_HINT_FIXED;
    expect(&c, 0);
    c.method = &io_all;
    c.queue_depth = 0;
    expect(&c, MB_E_USAGE); /* fixed is for queues */
    c.hint = MB_HINT_NONE;
    c.queue_depth = 4;
    expect(&c, MB_E_USAGE); /* no depth for a synchronous method */
    c = base_case();
    c.method = &io_async;
    c.queue_depth = 2;
    MB_ASSERT_OK(mb_pattern_parse("zipf", &c.pattern, &err), err);
    MB_ASSERT_OK(mb_op_parse("mix:50", &c.op, &err), err);
    expect(&c, MB_E_USAGE); /* two requests in flight may hit one hot block */
    c.queue_depth = 1;
    expect(&c, 0);
    /* buffers: 64 threads x 1024 x 1 MiB is far beyond the cap; half a limit at most */
    c = base_case();
    c.method = &io_async;
    c.size = 1ull << 30;
    c.bs = 1u << 20;
    c.threads = 64;
    c.queue_depth = 1024;
    expect(&c, MB_E_USAGE);
    c.threads = 2;
    c.queue_depth = 32; /* 64 MiB of buffers */
    c.cache = MB_CACHE_COLD;
    c.memlimit = 256ull << 20;
    expect(&c, 0);
    c.memlimit = 64ull << 20;
    expect(&c, MB_E_USAGE);
    c.memlimit = 256ull << 20;
    c.cache = MB_CACHE_WARM;
    expect(&c, MB_E_USAGE); /* a limited case starts cold */
    c = base_case();
    c.method = &private_copy;
    c.lifetime = MB_LIFETIME_CASE;
    c.cache = MB_CACHE_COLD;
    c.memlimit = 256ull << 20;
    expect(&c, MB_E_USAGE);
}

MB_TEST_MAIN(cmocka_unit_test(test_threads_and_products), cmocka_unit_test(test_sizes),
             cmocka_unit_test(test_capabilities), cmocka_unit_test(test_lifetimes),
             cmocka_unit_test(test_zipf_writes), cmocka_unit_test(test_queue_and_limits))
