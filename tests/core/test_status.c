/* tests/core/test_status.c: the case failure text (written, read back by code), project code
 * names both ways, the comparators and the percentile. */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>

#include "core/order.h"
#include "core/status.h"

static void test_status_round_trip(void **state)
{
    (void)state;
    const int codes[] = {MB_E_USAGE,   MB_E_IO,          MB_E_NOMEM,  MB_E_FOREIGN,
                         MB_E_NOSPACE, MB_E_UNSUPPORTED, MB_E_VERIFY, MB_E_CACHE,
                         MB_E_FAULT,   MB_E_CHANGED,     MB_E_CHILD};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        struct mb_err err;
        mb_err_set(&err, codes[i], 0, NULL, "a message: with a colon, unsupported, skipped");
        char text[700];
        mb_status_format(text, sizeof text, &err);
        bool skipped = true;
        assert_int_equal(mb_status_parse(text, &skipped), codes[i]);
        assert_int_equal(skipped, codes[i] == MB_E_UNSUPPORTED);
        assert_int_equal(skipped, mb_status_is_skip(codes[i]));
    }
    bool skipped = true;
    /* texts from before codes were recorded, or from Google Benchmark itself */
    assert_int_equal(mb_status_parse("something went wrong", &skipped), MB_E_IO);
    assert_false(skipped);
    assert_int_equal(mb_status_parse("skipped: no code here", &skipped), MB_E_IO);
    assert_true(skipped);
    assert_int_equal(mb_status_parse("ok: not a failure code", &skipped), MB_E_IO);
}

static void test_code_names(void **state)
{
    (void)state;
    for (int c = MB_E_USAGE; c >= MB_E_CHILD; c--) {
        const char *name = mb_code_name(c);
        assert_string_not_equal(name, "unknown");
        assert_int_equal(mb_code_from_name(name, strlen(name)), c);
    }
    assert_int_equal(mb_code_from_name("verifyx", 7), MB_OK);
    assert_int_equal(mb_code_from_name("verifyx", 6), MB_E_VERIFY);
    assert_string_equal(mb_code_name(-99), "unknown");
}

static void test_order(void **state)
{
    (void)state;
    uint64_t u[] = {5, 1, UINT64_MAX, 0, 3};
    qsort(u, 5, sizeof *u, mb_cmp_u64);
    assert_true(u[0] == 0 && u[1] == 1 && u[2] == 3 && u[3] == 5 && u[4] == UINT64_MAX);
    double d[] = {2.5, NAN, -1.0, 0.0};
    qsort(d, 4, sizeof *d, mb_cmp_double);
    assert_true(d[0] == -1.0 && d[1] == 0.0 && d[2] == 2.5 && isnan(d[3]));
    uint64_t s[100];
    for (unsigned i = 0; i < 100; i++)
        s[i] = i + 1;
    assert_true(mb_percentile_u64(s, 100, 0) == 1);
    assert_true(mb_percentile_u64(s, 100, 50) == 50);
    assert_true(mb_percentile_u64(s, 100, 99) == 99);
    assert_true(mb_percentile_u64(s, 100, 100) == 100);
    assert_true(mb_percentile_u64(s, 1, 99) == 1);
}

MB_TEST_MAIN(cmocka_unit_test(test_status_round_trip), cmocka_unit_test(test_code_names),
             cmocka_unit_test(test_order))
