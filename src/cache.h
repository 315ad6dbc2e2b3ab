/* cache.h: page-cache state of a data file: measure residency, make it warm or cold, and
 * verify the result instead of assuming it. One implementation per platform. */
#ifndef MB_CACHE_H
#define MB_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "mb_err.h"

/* Cache states a case can ask for. */
enum mb_cache_state { MB_CACHE_WARM, MB_CACHE_COLD };

/* Parses "warm" / "cold". */
int mb_cache_parse(const char *text, enum mb_cache_state *out, struct mb_err *err);
const char *mb_cache_name(enum mb_cache_state s);

/* Fraction in [0,1] of the file's pages resident in the page cache. Uses O(1) memory
 * whatever the file size. MB_E_UNSUPPORTED where the platform cannot tell. */
int mb_cache_resident(const char *path, uint64_t size, double *fraction, struct mb_err *err);

/* Evicts the file (flush dirty pages, drop clean ones); the file must not be mapped. Then
 * verifies it: MB_E_CACHE if more than MB_CACHE_COLD_TOLERANCE stays resident. */
int mb_cache_make_cold(const char *path, uint64_t size, double *resident, struct mb_err *err);

/* Loads the file into the page cache by reading it (so read-ahead decides the folio sizes)
 * unless it is already resident; verifies at least MB_CACHE_WARM_MIN resident. */
int mb_cache_make_warm(const char *path, uint64_t size, double *resident, struct mb_err *err);

/* Brings the file into the requested state and reports the verified resident fraction.
 * `first` marks a case's first pass: a warm file is then evicted and read back, so that every
 * warm case starts from the same page-cache layout (the folio sizes sequential read-ahead
 * makes) whatever earlier cases left behind; later passes only top up what reclaim took. */
int mb_cache_prepare(const char *path, uint64_t size, enum mb_cache_state state, bool first,
                     double *resident, struct mb_err *err);

#define MB_CACHE_COLD_TOLERANCE 0.001
#define MB_CACHE_WARM_MIN 0.999

#endif
