/* content.h: the deterministic data-file content, the consume/produce kernels and the
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
 * of MB_SECTOR) and returns the checksum of what it wrote (= mb_content_range_sum). */
uint64_t mb_produce(uint64_t seed, uint64_t gen, uint64_t off, void *buf, size_t len);

/* Reads every byte of [p, p+len) once (len a multiple of 8) and returns its word sum. */
uint64_t mb_consume(const void *p, size_t len);

#endif
