/* core/x86/bind_branch.c: binds mb_consume and mb_produce to the best x86_64 kernel where the
 * object format has no ifunc (PE: mingw-w64). Each call tests libgcc's CPU feature word
 * (__cpu_model, filled once by libgcc's constructor before main): one load and a branch
 * that is always predicted, a fraction of a nanosecond against the 4 KiB and larger requests
 * the kernels serve; no mutable state of ours. */
#include "core/content.h"

uint64_t mb_consume(const void *p, size_t len)
{
    if (__builtin_cpu_supports("avx512f"))
        return mb_consume_avx512(p, len);
    if (__builtin_cpu_supports("avx2"))
        return mb_consume_avx2(p, len);
    return mb_consume_scalar(p, len);
}

uint64_t mb_produce(uint64_t seed, uint64_t gen, uint64_t off, void *buf, size_t len)
{
    if (__builtin_cpu_supports("avx512f"))
        return mb_produce_avx512(seed, gen, off, buf, len);
    if (__builtin_cpu_supports("avx2"))
        return mb_produce_avx2(seed, gen, off, buf, len);
    return mb_produce_scalar(seed, gen, off, buf, len);
}
