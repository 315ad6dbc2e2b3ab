/* core/mix.h: the two 64-bit mixers behind the project's reproducible pseudo-random numbers:
 * murmur3's finalizer (a bijection of 64-bit words: pattern keys and permutations) and the
 * splitmix64 generator step (test and resampling streams). */
#ifndef MB_MIX_H
#define MB_MIX_H

#include <stdint.h>

/* murmur3's fmix64: every bit of x affects every bit of the result; a bijection. */
static inline uint64_t mb_mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xFF51AFD7ED558CCDull;
    x ^= x >> 33;
    x *= 0xC4CEB9FE1A85EC53ull;
    x ^= x >> 33;
    return x;
}

/* The next number of the splitmix64 stream whose state is *s (advances it). */
static inline uint64_t mb_splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

#endif
