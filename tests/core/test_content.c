/* tests/core/test_content.c: the produce/consume kernels agree with the closed-form checksums, sums
 * are order-independent and additive, and generations change bytes but not checksums; every kernel
 * this CPU runs (and the dispatched one) equals the scalar reference bit for bit, for many lengths
 * and misalignments, and the content is the same bytes as before the vector kernels (a golden
 * hash), so existing data files keep verifying. */
#include "testutil.h"

#include "core/content.h"
#include "core/mix.h"

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

/* Lengths: every multiple of 8 up to 2 KiB, then around powers of two up to 1 MiB, and odd
 * multiples of 8 (not multiples of any vector width). */
static size_t consume_lengths(size_t *out, size_t max)
{
    size_t n = 0;
    for (size_t len = 0; len <= 2048 && n < max; len += 8)
        out[n++] = len;
    for (size_t p2 = 4096; p2 <= (1u << 20) && n + 3 <= max; p2 *= 2) {
        out[n++] = p2 - 8;
        out[n++] = p2;
        out[n++] = p2 + 8 * 7;
    }
    out[n++] = (1u << 20) - 8 * 13;
    return n;
}

static void test_kernels_listed(void **state)
{
    (void)state;
    const struct mb_content_kernel *k[MB_CONTENT_KERNELS_MAX];
    size_t n = mb_content_kernels(k);
    assert_true(n >= 1 && n <= MB_CONTENT_KERNELS_MAX);
    assert_string_equal(k[0]->name, mb_consume_kernel());
    assert_string_equal(k[n - 1]->name, "scalar");
    assert_true(k[n - 1]->consume == mb_consume_scalar);
    for (size_t i = 0; i < n; i++)
        print_message("kernel %s%s\n", k[i]->name, i == 0 ? " (dispatched)" : "");
}

static void test_consume_kernels_equal_scalar(void **state)
{
    (void)state;
    const size_t cap = (1u << 20) + 128;
    unsigned char *raw = malloc(cap);
    assert_non_null(raw);
    uint64_t rs = 42;
    for (size_t i = 0; i < cap; i += 8) {
        uint64_t w = mb_splitmix64(&rs);
        memcpy(raw + i, &w, 8);
    }
    const struct mb_content_kernel *k[MB_CONTENT_KERNELS_MAX];
    size_t nk = mb_content_kernels(k);
    size_t lens[400];
    size_t nl = consume_lengths(lens, sizeof lens / sizeof lens[0]);
    static const size_t mis[] = {0, 1, 3, 8, 24, 40, 63, 64};
    for (size_t m = 0; m < sizeof mis / sizeof mis[0]; m++) {
        for (size_t l = 0; l < nl; l++) {
            const unsigned char *p = raw + mis[m];
            uint64_t want = mb_consume_scalar(p, lens[l]);
            if (mb_consume(p, lens[l]) != want)
                fail_msg("mb_consume (%s), len %llu, offset %llu: differs from scalar",
                         mb_consume_kernel(), (unsigned long long)lens[l],
                         (unsigned long long)mis[m]);
            for (size_t i = 0; i < nk; i++)
                if (k[i]->consume(p, lens[l]) != want)
                    fail_msg("consume %s, len %llu, offset %llu: differs from scalar", k[i]->name,
                             (unsigned long long)lens[l], (unsigned long long)mis[m]);
        }
    }
    free(raw);
}

/* Random buffers could hide a kernel that drops a word only where the sum happens to come
 * out equal; changing one word at a time cannot: every position of every length up to 160
 * words must count exactly once, and the word just past the end not at all (this is the
 * test that fails for a wrong tail or remainder loop). */
static void test_consume_reads_every_word(void **state)
{
    (void)state;
    uint64_t words[160];
    uint64_t rs = 7;
    for (size_t i = 0; i < 160; i++)
        words[i] = mb_splitmix64(&rs);
    const struct mb_content_kernel *k[MB_CONTENT_KERNELS_MAX];
    size_t nk = mb_content_kernels(k);
    for (size_t i = 0; i < nk; i++) {
        for (size_t n = 1; n <= 160; n++) {
            uint64_t base = k[i]->consume(words, n * 8);
            for (size_t j = 0; j < n; j++) {
                words[j] += 1;
                uint64_t got = k[i]->consume(words, n * 8);
                words[j] -= 1;
                if (got != base + 1)
                    fail_msg("consume %s, %llu words: word %llu not counted once", k[i]->name,
                             (unsigned long long)n, (unsigned long long)j);
            }
            /* and nothing past the end */
            words[n % 160] += n < 160 ? 1 : 0;
            uint64_t again = k[i]->consume(words, n * 8);
            words[n % 160] -= n < 160 ? 1 : 0;
            if (again != base)
                fail_msg("consume %s, %llu words: read past the end", k[i]->name,
                         (unsigned long long)n);
        }
    }
}

static void test_produce_kernels_equal_scalar(void **state)
{
    (void)state;
    const size_t cap = 2048 * MB_SECTOR + 64;
    unsigned char *want = malloc(cap), *got = malloc(cap + 64);
    assert_non_null(want);
    assert_non_null(got);
    const struct mb_content_kernel *k[MB_CONTENT_KERNELS_MAX];
    size_t nk = mb_content_kernels(k);
    static const size_t sectors[] = {1, 2, 3, 7, 8, 9, 31, 64, 65, 255, 2048};
    static const uint64_t offs[] = {0, 1, 7, 1000, 1ull << 21, (1ull << 31) + 3};
    static const size_t mis[] = {0, 8, 13, 32};
    for (size_t s = 0; s < sizeof sectors / sizeof sectors[0]; s++)
        for (size_t o = 0; o < sizeof offs / sizeof offs[0]; o++)
            for (uint64_t gen = 0; gen < 3; gen++) {
                size_t len = sectors[s] * MB_SECTOR;
                uint64_t off = offs[o] * MB_SECTOR, seed = 0x1234 + s;
                uint64_t sum = mb_produce_scalar(seed, gen, off, want, len);
                assert_true(sum == mb_content_range_sum(seed, off, len));
                for (size_t i = 0; i <= nk; i++) {
                    /* i == nk: the dispatched mb_produce */
                    const char *name = i < nk ? k[i]->name : "mb_produce";
                    unsigned char *dst = got + mis[(s + o + i) % 4];
                    memset(got, 0xA5, cap + 64);
                    uint64_t r = i < nk ? k[i]->produce(seed, gen, off, dst, len)
                                        : mb_produce(seed, gen, off, dst, len);
                    if (r != sum || memcmp(dst, want, len) != 0)
                        fail_msg("produce %s: %llu sectors at sector %llu, gen %llu differ from "
                                 "scalar",
                                 name, (unsigned long long)sectors[s], (unsigned long long)offs[o],
                                 (unsigned long long)gen);
                    if (dst[len] != 0xA5 || (dst > got && dst[-1] != 0xA5))
                        fail_msg("produce %s wrote outside its buffer", name);
                    if (mb_consume_scalar(dst, len) != sum)
                        fail_msg("produce %s: bytes do not sum to the range sum", name);
                }
            }
    free(want);
    free(got);
}

/* The closed form every data file was written with: random words mb_content_word(gs, w)
 * and a last word per sector that brings the sector to mb_content_sector_target, plus a
 * golden hash of the bytes computed with the pre-vector implementation. */
static void test_produce_old_form(void **state)
{
    (void)state;
    static unsigned char b[64 * MB_SECTOR];
    const uint64_t seed = 12345, gen = 3, off = 7 * MB_SECTOR;
    mb_produce(seed, gen, off, b, sizeof b);
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < sizeof b; i++) {
        h ^= b[i];
        h *= 1099511628211ull;
    }
    assert_true(h == 0x0d0b42b1d40e35ceull);
    uint64_t gs = mb_content_gen_seed(seed, gen);
    for (size_t s = 0; s < 64; s++) {
        uint64_t sector = off / MB_SECTOR + s, sum = 0, w;
        for (size_t j = 0; j < MB_SECTOR_WORDS; j++) {
            memcpy(&w, b + s * MB_SECTOR + 8 * j, 8);
            if (j + 1 < MB_SECTOR_WORDS)
                assert_true(w == mb_content_word(gs, sector * MB_SECTOR_WORDS + j));
            sum += w;
        }
        assert_true(sum == mb_content_sector_target(seed, sector));
    }
}

MB_TEST_MAIN(cmocka_unit_test(test_range_sums), cmocka_unit_test(test_generations_differ),
             cmocka_unit_test(test_consume_tail), cmocka_unit_test(test_kernels_listed),
             cmocka_unit_test(test_consume_kernels_equal_scalar),
             cmocka_unit_test(test_consume_reads_every_word),
             cmocka_unit_test(test_produce_kernels_equal_scalar),
             cmocka_unit_test(test_produce_old_form))
