/* core/content.c: data-file content generator, closed-form checksums and the portable scalar
 * reference kernels. The vector kernels and the dispatch of mb_consume / mb_produce live in
 * content_x86*.c (x86_64) or core/generic/kernels.c (other CPUs), chosen by src/meson.build. */
#include "core/content.h"

#include <string.h>

#define MB_K_SECTOR 0x9E3779B97F4A7C15ull
#define MB_K_MIX MB_CONTENT_K_WORD

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= MB_K_MIX;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBull;
    x ^= x >> 31;
    return x;
}

uint64_t mb_content_gen_seed(uint64_t seed, uint64_t gen)
{
    return mix64(seed ^ mix64(gen + 0x5851F42D4C957F2Dull));
}

uint64_t mb_content_word(uint64_t gen_seed, uint64_t word)
{
    uint64_t x = (word + gen_seed) * MB_K_MIX;
    return x ^ (x >> MB_CONTENT_WORD_SHIFT);
}

uint64_t mb_content_sector_target(uint64_t seed, uint64_t sector)
{
    return mix64(seed) + sector * MB_K_SECTOR;
}

uint64_t mb_content_range_sum(uint64_t seed, uint64_t off, uint64_t len)
{
    uint64_t a = off / MB_SECTOR, n = len / MB_SECTOR;
    if (n == 0)
        return 0;
    /* sum of sector indices a..a+n-1 = n*(2a+n-1)/2; exactly one factor is even. */
    uint64_t idx_sum = (n % 2 == 0) ? (n / 2) * (2 * a + n - 1) : n * ((2 * a + n - 1) / 2);
    return n * mix64(seed) + idx_sum * MB_K_SECTOR;
}

uint64_t mb_produce_scalar(uint64_t seed, uint64_t gen, uint64_t off, void *buf, size_t len)
{
    uint64_t gs = mb_content_gen_seed(seed, gen);
    uint64_t sector = off / MB_SECTOR;
    unsigned char *out = buf;
    uint64_t total = 0;
    for (size_t done = 0; done < len; done += MB_SECTOR, sector++) {
        uint64_t w[MB_SECTOR_WORDS];
        uint64_t s = 0, base = sector * MB_SECTOR_WORDS;
        for (unsigned j = 0; j < MB_SECTOR_WORDS - 1; j++) {
            w[j] = mb_content_word(gs, base + j);
            s += w[j];
        }
        uint64_t target = mb_content_sector_target(seed, sector);
        w[MB_SECTOR_WORDS - 1] = target - s;
        memcpy(out + done, w, MB_SECTOR);
        total += target;
    }
    return total;
}

uint64_t mb_consume_scalar(const void *p, size_t len)
{
    const unsigned char *b = p;
    uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t i = 0;
    for (; i + 32 <= len; i += 32) {
        uint64_t w[4];
        memcpy(w, b + i, sizeof w);
        s0 += w[0];
        s1 += w[1];
        s2 += w[2];
        s3 += w[3];
    }
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, b + i, sizeof w);
        s0 += w;
    }
    return s0 + s1 + s2 + s3;
}

const struct mb_content_kernel mb_content_kernel_scalar = {
    .name = "scalar",
    .consume = mb_consume_scalar,
    .produce = mb_produce_scalar,
};
