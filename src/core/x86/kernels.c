/* core/x86/kernels.c: the x86_64 vector kernels of mb_consume and mb_produce (AVX2 and AVX-512F,
 * compiled with per-function target attributes so the rest of the build stays baseline
 * x86-64), the list of kernels this CPU can run and the choice among them. How the choice is
 * bound to mb_consume / mb_produce depends on the object format: core/x86/bind_ifunc.c (ELF,
 * resolved once at load time) or core/x86/bind_branch.c (PE/mingw, which has no ifunc).
 *
 * consume: a word sum mod 2^64 is associative and commutative, so summing in vector lanes
 * with several independent accumulators gives the scalar result bit for bit. Reading from
 * memory, the width matters more than the arithmetic: one 64-byte load per cache line keeps
 * far more lines in flight in the out-of-order window than eight 8-byte loads do.
 *
 * produce: the random word generator is linear before its final xor-shift (x grows by
 * MB_CONTENT_K_WORD per word), so a sector is eight (AVX-512) or sixteen (AVX2) vector adds,
 * shifts and xors, one horizontal sum for the fix-up word and the stores: the same bytes as
 * mb_produce_scalar, at store speed. */
#include "core/content.h"

#include <immintrin.h>
#include <string.h>

#define K_WORD MB_CONTENT_K_WORD
#define SHIFT MB_CONTENT_WORD_SHIFT

/* Where a produce kernel starts writing generation `gen` at `off`: x of the first word, the
 * checksum the first sector must have, and how much that target grows per sector. */
struct produce_start {
    uint64_t x0, target, k_sector;
};

static struct produce_start produce_start(uint64_t seed, uint64_t gen, uint64_t off)
{
    uint64_t sector = off / MB_SECTOR;
    struct produce_start p = {
        .x0 = (sector * MB_SECTOR_WORDS + mb_content_gen_seed(seed, gen)) * K_WORD,
        .target = mb_content_sector_target(seed, sector),
        .k_sector = mb_content_sector_target(0, 1) - mb_content_sector_target(0, 0),
    };
    return p;
}

/* ---- AVX-512F -------------------------------------------------------------------------- */

/* The sum of the eight lanes mod 2^64 (_mm512_reduce_add_epi64 adds them as signed numbers,
 * which overflows in C terms: the sanitizer reports it). */
__attribute__((target("avx512f"))) static inline uint64_t lanes_sum512(__m512i v)
{
    __m256i s = _mm256_add_epi64(_mm512_castsi512_si256(v), _mm512_extracti64x4_epi64(v, 1));
    __m128i t = _mm_add_epi64(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));
    return (uint64_t)_mm_cvtsi128_si64(t) + (uint64_t)_mm_extract_epi64(t, 1);
}

__attribute__((target("avx512f"))) uint64_t mb_consume_avx512(const void *p, size_t len)
{
    const unsigned char *b = p;
    __m512i a0 = _mm512_setzero_si512(), a1 = a0, a2 = a0, a3 = a0;
    size_t i = 0;
    for (; i + 256 <= len; i += 256) {
        a0 = _mm512_add_epi64(a0, _mm512_loadu_si512((const void *)(b + i)));
        a1 = _mm512_add_epi64(a1, _mm512_loadu_si512((const void *)(b + i + 64)));
        a2 = _mm512_add_epi64(a2, _mm512_loadu_si512((const void *)(b + i + 128)));
        a3 = _mm512_add_epi64(a3, _mm512_loadu_si512((const void *)(b + i + 192)));
    }
    for (; i + 64 <= len; i += 64)
        a0 = _mm512_add_epi64(a0, _mm512_loadu_si512((const void *)(b + i)));
    if (i + 8 <= len) {
        /* 1..7 words left: a masked load reads only them (masked lanes never fault) */
        __mmask8 m = (__mmask8)((1u << ((len - i) / 8)) - 1u);
        a1 = _mm512_add_epi64(a1, _mm512_maskz_loadu_epi64(m, b + i));
    }
    a0 = _mm512_add_epi64(_mm512_add_epi64(a0, a1), _mm512_add_epi64(a2, a3));
    return lanes_sum512(a0);
}

__attribute__((target("avx512f"))) uint64_t mb_produce_avx512(uint64_t seed, uint64_t gen,
                                                              uint64_t off, void *buf, size_t len)
{
    struct produce_start at = produce_start(seed, gen, off);
    uint64_t target = at.target, x0 = at.x0;
    unsigned char *out = buf;
    const __m512i step = _mm512_set1_epi64((long long)(8 * K_WORD));
    __m512i x = _mm512_set_epi64((long long)(x0 + 7 * K_WORD), (long long)(x0 + 6 * K_WORD),
                                 (long long)(x0 + 5 * K_WORD), (long long)(x0 + 4 * K_WORD),
                                 (long long)(x0 + 3 * K_WORD), (long long)(x0 + 2 * K_WORD),
                                 (long long)(x0 + K_WORD), (long long)x0);
    for (size_t done = 0; done < len; done += MB_SECTOR) {
        __m512i w[8];
        for (int v = 0; v < 8; v++) {
            w[v] = _mm512_xor_si512(x, _mm512_srli_epi64(x, SHIFT));
            x = _mm512_add_epi64(x, step);
        }
        /* sum of the 63 random words: lane 7 of w[7] is the fix-up's place */
        __m512i s = _mm512_add_epi64(
            _mm512_add_epi64(_mm512_add_epi64(w[0], w[1]), _mm512_add_epi64(w[2], w[3])),
            _mm512_add_epi64(_mm512_add_epi64(w[4], w[5]),
                             _mm512_add_epi64(w[6], _mm512_maskz_mov_epi64(0x7F, w[7]))));
        uint64_t fix = target - lanes_sum512(s);
        w[7] = _mm512_mask_mov_epi64(w[7], 0x80, _mm512_set1_epi64((long long)fix));
        for (int v = 0; v < 8; v++)
            _mm512_storeu_si512((void *)(out + done + 64 * v), w[v]);
        target += at.k_sector;
    }
    return mb_content_range_sum(seed, off, len);
}

/* ---- AVX2 ------------------------------------------------------------------------------ */

__attribute__((target("avx2"))) static uint64_t hsum256(__m256i v)
{
    __m128i s = _mm_add_epi64(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    s = _mm_add_epi64(s, _mm_unpackhi_epi64(s, s));
    return (uint64_t)_mm_cvtsi128_si64(s);
}

__attribute__((target("avx2"))) uint64_t mb_consume_avx2(const void *p, size_t len)
{
    const unsigned char *b = p;
    __m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0;
    size_t i = 0;
    for (; i + 128 <= len; i += 128) {
        a0 = _mm256_add_epi64(a0, _mm256_loadu_si256((const __m256i *)(const void *)(b + i)));
        a1 = _mm256_add_epi64(a1, _mm256_loadu_si256((const __m256i *)(const void *)(b + i + 32)));
        a2 = _mm256_add_epi64(a2, _mm256_loadu_si256((const __m256i *)(const void *)(b + i + 64)));
        a3 = _mm256_add_epi64(a3, _mm256_loadu_si256((const __m256i *)(const void *)(b + i + 96)));
    }
    for (; i + 32 <= len; i += 32)
        a0 = _mm256_add_epi64(a0, _mm256_loadu_si256((const __m256i *)(const void *)(b + i)));
    uint64_t tail = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, b + i, sizeof w);
        tail += w;
    }
    a0 = _mm256_add_epi64(_mm256_add_epi64(a0, a1), _mm256_add_epi64(a2, a3));
    return hsum256(a0) + tail;
}

__attribute__((target("avx2"))) uint64_t mb_produce_avx2(uint64_t seed, uint64_t gen, uint64_t off,
                                                         void *buf, size_t len)
{
    struct produce_start at = produce_start(seed, gen, off);
    uint64_t target = at.target, x0 = at.x0;
    unsigned char *out = buf;
    const __m256i step = _mm256_set1_epi64x((long long)(4 * K_WORD));
    __m256i x = _mm256_set_epi64x((long long)(x0 + 3 * K_WORD), (long long)(x0 + 2 * K_WORD),
                                  (long long)(x0 + K_WORD), (long long)x0);
    for (size_t done = 0; done < len; done += MB_SECTOR) {
        __m256i w[16];
        for (int v = 0; v < 16; v++) {
            w[v] = _mm256_xor_si256(x, _mm256_srli_epi64(x, SHIFT));
            x = _mm256_add_epi64(x, step);
        }
        __m256i s0 = _mm256_add_epi64(w[0], w[1]), s1 = _mm256_add_epi64(w[2], w[3]);
        for (int v = 4; v < 14; v += 2) {
            s0 = _mm256_add_epi64(s0, w[v]);
            s1 = _mm256_add_epi64(s1, w[v + 1]);
        }
        s0 = _mm256_add_epi64(s0, w[14]);
        /* lane 3 of w[15] is the fix-up's place */
        s1 = _mm256_add_epi64(s1, _mm256_blend_epi32(w[15], _mm256_setzero_si256(), 0xC0));
        uint64_t fix = target - hsum256(_mm256_add_epi64(s0, s1));
        w[15] = _mm256_blend_epi32(w[15], _mm256_set1_epi64x((long long)fix), 0xC0);
        for (int v = 0; v < 16; v++)
            _mm256_storeu_si256((__m256i *)(void *)(out + done + 32 * v), w[v]);
        target += at.k_sector;
    }
    return mb_content_range_sum(seed, off, len);
}

/* ---- the choice ------------------------------------------------------------------------ */

static const struct mb_content_kernel kernel_avx512 = {
    .name = "avx512",
    .consume = mb_consume_avx512,
    .produce = mb_produce_avx512,
};
static const struct mb_content_kernel kernel_avx2 = {
    .name = "avx2",
    .consume = mb_consume_avx2,
    .produce = mb_produce_avx2,
};

/* Runs inside the ifunc resolvers, before a sanitizer's runtime is set up: never instrumented. */
__attribute__((no_sanitize("address", "undefined"))) int mb_content_x86_level(void)
{
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f"))
        return MB_X86_AVX512;
    if (__builtin_cpu_supports("avx2"))
        return MB_X86_AVX2;
    return MB_X86_SCALAR;
}

/* The best kernel this CPU runs (what mb_consume / mb_produce dispatch to). */
static const struct mb_content_kernel *x86_best(void)
{
    switch (mb_content_x86_level()) {
    case MB_X86_AVX512:
        return &kernel_avx512;
    case MB_X86_AVX2:
        return &kernel_avx2;
    default:
        return &mb_content_kernel_scalar;
    }
}

size_t mb_content_kernels(const struct mb_content_kernel **out)
{
    size_t n = 0;
    int level = mb_content_x86_level();
    if (level >= MB_X86_AVX512)
        out[n++] = &kernel_avx512;
    if (level >= MB_X86_AVX2)
        out[n++] = &kernel_avx2;
    out[n++] = &mb_content_kernel_scalar;
    return n;
}

const char *mb_consume_kernel(void)
{
    return x86_best()->name;
}
