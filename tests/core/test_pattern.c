/* tests/core/test_pattern.c: every permutation pattern visits each block exactly once; zipf stays
 * in range and is skewed; bad pattern names are rejected. */
#include "testutil.h"

#include "core/pattern.h"

static void check_permutation(const char *name, uint64_t nblocks)
{
    struct mb_pattern_spec spec;
    struct mb_pattern p;
    struct mb_err err;
    MB_ASSERT_OK(mb_pattern_parse(name, &spec, &err), err);
    MB_ASSERT_OK(mb_pattern_init(&p, &spec, nblocks, 42, &err), err);
    assert_true(mb_pattern_is_permutation(&p));
    unsigned char *seen = calloc(nblocks, 1);
    assert_non_null(seen);
    for (uint64_t i = 0; i < nblocks; i++) {
        uint64_t b = mb_pattern_block(&p, i);
        if (b >= nblocks)
            fail_msg("%s over %llu blocks: request %llu -> block %llu out of range", name,
                     (unsigned long long)nblocks, (unsigned long long)i, (unsigned long long)b);
        if (seen[b])
            fail_msg("%s over %llu blocks: block %llu visited twice", name,
                     (unsigned long long)nblocks, (unsigned long long)b);
        seen[b] = 1;
    }
    free(seen);
}

static void test_permutations(void **state)
{
    (void)state;
    const char *names[] = {"seq",
                           "reverse",
                           "random",
                           "stride:1",
                           "stride:2",
                           "stride:3",
                           "stride:7",
                           "stride:64",
                           "stride:5000",
                           "stride:18446744073709551615",
                           "stride:18446744073709551614"};
    const uint64_t counts[] = {1, 2, 3, 5, 17, 64, 1000, 4097, 65537};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++)
            check_permutation(names[i], counts[k]);
}

/* A stride is named by its value, whatever zeros lead it; no name is cut short. */
static void test_canonical_names(void **state)
{
    (void)state;
    struct mb_pattern_spec spec;
    struct mb_err err;
    MB_ASSERT_OK(mb_pattern_parse("stride:000000000000000000000000000000003", &spec, &err), err);
    assert_string_equal(spec.name, "stride:3");
    MB_ASSERT_OK(mb_pattern_parse("stride:18446744073709551615", &spec, &err), err);
    assert_string_equal(spec.name, "stride:18446744073709551615");
    assert_int_equal(mb_pattern_parse("zipf:0.99000000000000000000000000001", &spec, &err),
                     MB_E_USAGE);
    assert_non_null(strstr(err.msg, "longer than"));
}

static void test_order(void **state)
{
    (void)state;
    struct mb_pattern_spec spec;
    struct mb_pattern p;
    struct mb_err err;
    MB_ASSERT_OK(mb_pattern_parse("stride:4", &spec, &err), err);
    MB_ASSERT_OK(mb_pattern_init(&p, &spec, 10, 1, &err), err);
    const uint64_t want[] = {0, 4, 8, 1, 5, 9, 2, 6, 3, 7};
    for (uint64_t i = 0; i < 10; i++)
        assert_int_equal(mb_pattern_block(&p, i), want[i]);
    MB_ASSERT_OK(mb_pattern_parse("reverse", &spec, &err), err);
    MB_ASSERT_OK(mb_pattern_init(&p, &spec, 10, 1, &err), err);
    assert_int_equal(mb_pattern_block(&p, 0), 9);
    assert_int_equal(mb_pattern_block(&p, 9), 0);
    /* random is not the identity */
    MB_ASSERT_OK(mb_pattern_parse("random", &spec, &err), err);
    MB_ASSERT_OK(mb_pattern_init(&p, &spec, 1000, 1, &err), err);
    int fixed = 0;
    for (uint64_t i = 0; i < 1000; i++)
        fixed += mb_pattern_block(&p, i) == i;
    assert_true(fixed < 20);
}

static void test_zipf(void **state)
{
    (void)state;
    struct mb_pattern_spec spec;
    struct mb_pattern p;
    struct mb_err err;
    const uint64_t n = 1000;
    MB_ASSERT_OK(mb_pattern_parse("zipf", &spec, &err), err);
    MB_ASSERT_OK(mb_pattern_init(&p, &spec, n, 7, &err), err);
    assert_false(mb_pattern_is_permutation(&p));
    unsigned *count = calloc(n, sizeof *count);
    assert_non_null(count);
    for (uint64_t i = 0; i < 100000; i++) {
        uint64_t b = mb_pattern_block(&p, i);
        assert_true(b < n);
        count[b]++;
    }
    unsigned max = 0, distinct = 0;
    for (uint64_t b = 0; b < n; b++) {
        if (count[b] > max)
            max = count[b];
        distinct += count[b] > 0;
    }
    /* theta 0.99 over 1000 items: the hottest block gets ~13% of requests, uniform 0.1% */
    assert_true(max > 5000);
    assert_true(distinct > 100);
    free(count);
}

static void test_parse_errors(void **state)
{
    (void)state;
    struct mb_pattern_spec spec;
    struct mb_err err;
    const char *bad[] = {"",      "sequential", "stride:", "stride:0", "stride:-1", "stride:x",
                         "zipf:", "zipf:0",     "zipf:1",  "zipf:abc", "random:2"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(mb_pattern_parse(bad[i], &spec, &err), MB_E_USAGE);
        assert_non_null(strstr(err.msg, "pattern"));
    }
    MB_ASSERT_OK(mb_pattern_parse("zipf:1.2", &spec, &err), err);
    assert_true(spec.theta > 1.19 && spec.theta < 1.21);
}

MB_TEST_MAIN(cmocka_unit_test(test_canonical_names), cmocka_unit_test(test_permutations),
             cmocka_unit_test(test_order), cmocka_unit_test(test_zipf),
             cmocka_unit_test(test_parse_errors))
