/* test_content.c: the produce/consume kernels agree with the closed-form checksums, sums are
 * order-independent and additive, and generations change bytes but not checksums. */
#include "testutil.h"

#include "content.h"

static void test_range_sums(void **state)
{
    (void)state;
    const uint64_t seed = 12345;
    const size_t len = 64 * MB_SECTOR;
    unsigned char *buf = malloc(len);
    assert_non_null(buf);
    for (uint64_t gen = 0; gen < 3; gen++) {
        uint64_t produced = mb_produce(seed, gen, 0, buf, len);
        assert_true(produced == mb_consume(buf, len));
        assert_true(produced == mb_content_range_sum(seed, 0, len));
    }
    /* additive over any sector split, at any offset */
    uint64_t whole = mb_content_range_sum(seed, 3 * MB_SECTOR, 40 * MB_SECTOR);
    uint64_t parts = mb_content_range_sum(seed, 3 * MB_SECTOR, 17 * MB_SECTOR) +
                     mb_content_range_sum(seed, 20 * MB_SECTOR, 23 * MB_SECTOR);
    assert_true(whole == parts);
    mb_produce(seed, 9, 3 * MB_SECTOR, buf, 40 * MB_SECTOR);
    assert_true(mb_consume(buf, 40 * MB_SECTOR) == whole);
    assert_true(mb_content_range_sum(seed, 0, 0) == 0);
    free(buf);
}

static void test_generations_differ(void **state)
{
    (void)state;
    unsigned char a[MB_SECTOR], b[MB_SECTOR];
    mb_produce(1, 1, 0, a, sizeof a);
    mb_produce(1, 2, 0, b, sizeof b);
    assert_true(memcmp(a, b, sizeof a) != 0);
    assert_true(mb_consume(a, sizeof a) == mb_consume(b, sizeof b));
    /* the first word is the generation's content word (what write read-back checks) */
    uint64_t w;
    memcpy(&w, b, 8);
    assert_true(w == mb_content_word(mb_content_gen_seed(1, 2), 0));
    /* not trivially compressible: no zero word in a sector, few repeats */
    int zero = 0;
    for (size_t i = 0; i < sizeof a; i += 8) {
        memcpy(&w, a + i, 8);
        zero += w == 0;
    }
    assert_int_equal(zero, 0);
}

static void test_consume_tail(void **state)
{
    (void)state;
    uint64_t words[7] = {1, 2, 3, 4, 5, 6, 7};
    assert_true(mb_consume(words, sizeof words) == 28);
    assert_true(mb_consume(words, 8) == 1);
    assert_true(mb_consume(words, 0) == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_range_sums),
        cmocka_unit_test(test_generations_differ),
        cmocka_unit_test(test_consume_tail),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
