/* core/content.h: the deterministic data-file content, the consume/produce kernels and the
 * order-independent checksum.
 *
 * A data file is a sequence of 512-byte sectors of pseudo-random 64-bit words. The last word
 * of each sector is a fix-up that makes the sector's word sum (mod 2^64) equal to
 * mb_content_sector_target(seed, sector), a linear function of the sector index. The random
 * words also depend on a "generation" (each write pass writes a new one), the sector sums do
 * not, so:
 *   - the checksum of any sector-aligned range has a closed form (no need to read the file);
 *   - a file keeps its checksum whatever generation was last written to it;
 *   - a read-back of one word after a write pass proves that pass's bytes reached the file. */
#ifndef MB_CONTENT_H
#define MB_CONTENT_H

#include <stddef.h>
#include <stdint.h>

#define MB_SECTOR 512u
#define MB_SECTOR_WORDS (MB_SECTOR / 8u)

/* Seed used for the random words of generation `gen` of a file with seed `seed`. */
uint64_t mb_content_gen_seed(uint64_t seed, uint64_t gen);

/* The random word at 64-bit word index `word` (not a fix-up position) for a generation seed. */
uint64_t mb_content_word(uint64_t gen_seed, uint64_t word);

/* Target word sum of sector `sector` of a file with seed `seed`. */
uint64_t mb_content_sector_target(uint64_t seed, uint64_t sector);

/* Checksum (word sum mod 2^64) of bytes [off, off+len) of a file with seed `seed`; off and len
 * must be multiples of MB_SECTOR. O(1). */
uint64_t mb_content_range_sum(uint64_t seed, uint64_t off, uint64_t len);

/* Writes generation `gen` content for file bytes [off, off+len) into buf (off, len multiples
 * of MB_SECTOR) and returns the checksum of what it wrote (= mb_content_range_sum). The bytes
 * are the same whichever kernel runs (see mb_consume_kernel). */
uint64_t mb_produce(uint64_t seed, uint64_t gen, uint64_t off, void *buf, size_t len);

/* Reads every byte of [p, p+len) once (len a multiple of 8, p any address) and returns its
 * word sum mod 2^64, the same bit for bit whichever kernel runs. */
uint64_t mb_consume(const void *p, size_t len);

/* Name of the kernel mb_consume and mb_produce run on this CPU: "avx512", "avx2" or
 * "scalar". Chosen once (at load time where the platform has ifunc). */
const char *mb_consume_kernel(void);

/* The portable C reference kernels (any CPU): what the vector kernels must equal. */
uint64_t mb_consume_scalar(const void *p, size_t len);
uint64_t mb_produce_scalar(uint64_t seed, uint64_t gen, uint64_t off, void *buf, size_t len);

/* One implementation of the two kernels. */
struct mb_content_kernel {
    const char *name; /* "avx512", "avx2", "scalar" */
    uint64_t (*consume)(const void *p, size_t len);
    uint64_t (*produce)(uint64_t seed, uint64_t gen, uint64_t off, void *buf, size_t len);
};

#define MB_CONTENT_KERNELS_MAX 4

/* Fills out[0..] with the kernels of this build that this CPU can run, best (the dispatched
 * one) first and the scalar reference last, and returns how many (at most
 * MB_CONTENT_KERNELS_MAX, at least 1). */
size_t mb_content_kernels(const struct mb_content_kernel **out);

/* For the kernel files (content_*.c) only: the scalar kernel's table entry and the word
 * generator's constant. Word w of generation seed gs is x ^ (x >> 29) with
 * x = (w + gs) * MB_CONTENT_K_WORD mod 2^64, so x grows by MB_CONTENT_K_WORD per word. */
extern const struct mb_content_kernel mb_content_kernel_scalar;
#define MB_CONTENT_K_WORD 0xBF58476D1CE4E5B9ull
#define MB_CONTENT_WORD_SHIFT 29

/* For the x86_64 kernel files only (defined in x86_64 builds, in core/x86/kernels.c): the vector
 * kernels themselves (call them only where the CPU has the instruction set). */
uint64_t mb_consume_avx512(const void *p, size_t len);
uint64_t mb_produce_avx512(uint64_t seed, uint64_t gen, uint64_t off, void *buf, size_t len);
uint64_t mb_consume_avx2(const void *p, size_t len);
uint64_t mb_produce_avx2(uint64_t seed, uint64_t gen, uint64_t off, void *buf, size_t len);
/* The instruction-set level this CPU and OS support (CPUID and XCR0, via libgcc): one of
 * MB_X86_*. Touches no relocated data, so an ifunc resolver may call it. */
enum { MB_X86_SCALAR = 0, MB_X86_AVX2 = 1, MB_X86_AVX512 = 2 };
int mb_content_x86_level(void);

#endif
