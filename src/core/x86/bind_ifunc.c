/* core/x86/bind_ifunc.c: binds mb_consume and mb_produce to the best x86_64 kernel on ELF
 * targets through GNU indirect functions: the dynamic loader (or the static start-up code)
 * runs each resolver once, before main, and patches the call target, so the dispatch costs
 * no check per call and keeps no mutable state of ours. */
#include "core/content.h"

typedef uint64_t (*consume_fn)(const void *p, size_t len);
typedef uint64_t (*produce_fn)(uint64_t seed, uint64_t gen, uint64_t off, void *buf, size_t len);

/* Resolvers run before relocations of data are guaranteed to be applied, and before a
 * sanitizer's runtime is set up (so they are never instrumented): they use only the CPU level
 * and take function addresses (PC-relative), never a kernel table. */
#define MB_RESOLVER __attribute__((no_sanitize("address", "undefined")))

MB_RESOLVER static consume_fn resolve_consume(void)
{
    switch (mb_content_x86_level()) {
    case MB_X86_AVX512:
        return mb_consume_avx512;
    case MB_X86_AVX2:
        return mb_consume_avx2;
    default:
        return mb_consume_scalar;
    }
}

MB_RESOLVER static produce_fn resolve_produce(void)
{
    switch (mb_content_x86_level()) {
    case MB_X86_AVX512:
        return mb_produce_avx512;
    case MB_X86_AVX2:
        return mb_produce_avx2;
    default:
        return mb_produce_scalar;
    }
}

uint64_t mb_consume(const void *p, size_t len) __attribute__((ifunc("resolve_consume")));
uint64_t mb_produce(uint64_t seed, uint64_t gen, uint64_t off, void *buf, size_t len)
    __attribute__((ifunc("resolve_produce")));
