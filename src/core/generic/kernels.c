/* core/generic/kernels.c: mb_consume and mb_produce on CPUs without a vector kernel of ours (any
 * family but x86_64): the portable scalar kernels, which compilers auto-vectorise for the
 * target's baseline. */
#include "core/content.h"

uint64_t mb_consume(const void *p, size_t len)
{
    return mb_consume_scalar(p, len);
}

uint64_t mb_produce(uint64_t seed, uint64_t gen, uint64_t off, void *buf, size_t len)
{
    return mb_produce_scalar(seed, gen, off, buf, len);
}

const char *mb_consume_kernel(void)
{
    return mb_content_kernel_scalar.name;
}

size_t mb_content_kernels(const struct mb_content_kernel **out)
{
    out[0] = &mb_content_kernel_scalar;
    return 1;
}
