/* os/cache.h: page-cache state of a data file: measure residency, make it warm or cold, and
 * verify the result instead of assuming it. One implementation per platform. */
#ifndef MB_CACHE_H
#define MB_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

/* Cache states a case can ask for. */
enum mb_cache_state { MB_CACHE_WARM, MB_CACHE_COLD };

/* How residency is measured. AUTO: cachestat(2) where the kernel has it (Linux >= 6.5: a
 * syscall on the file, no mapping, nothing for the next timed pass to notice), else mincore
 * over a temporary mapping of the file (never touched, so no page is faulted in). The forced
 * choices exist so the harness's own between-pass work can be compared side by side.
 * NONE: the platform cannot measure residency (Windows). */
enum mb_residency {
    MB_RESIDENCY_AUTO,
    MB_RESIDENCY_CACHESTAT,
    MB_RESIDENCY_MINCORE,
    MB_RESIDENCY_NONE
};

/* Parses "auto" / "cachestat" / "mincore"; names any value. */
int mb_residency_parse(const char *text, enum mb_residency *out, struct mb_err *err);
const char *mb_residency_name(enum mb_residency r);

/* The way `how` measures residency of `path` on this kernel (AUTO resolved by trying
 * cachestat on the file); MB_RESIDENCY_NONE where the platform cannot measure it. */
enum mb_residency mb_cache_residency_resolve(const char *path, enum mb_residency how);

/* Parses "warm" / "cold". */
int mb_cache_parse(const char *text, enum mb_cache_state *out, struct mb_err *err);
const char *mb_cache_name(enum mb_cache_state s);

/* Fraction in [0,1] of the file's pages resident in the page cache. Uses O(1) memory
 * whatever the file size. MB_E_UNSUPPORTED where the platform cannot tell. */
int mb_cache_resident(const char *path, uint64_t size, enum mb_residency how, double *fraction,
                      struct mb_err *err);

/* Evicts the file (flush dirty pages, drop clean ones); the file must not be mapped. Then
 * verifies it: MB_E_CACHE if more than MB_CACHE_COLD_TOLERANCE stays resident. */
int mb_cache_make_cold(const char *path, uint64_t size, enum mb_residency how, double *resident,
                       struct mb_err *err);

/* Loads the file into the page cache by reading it (so read-ahead decides the folio sizes)
 * unless it is already resident; verifies at least MB_CACHE_WARM_MIN resident. */
int mb_cache_make_warm(const char *path, uint64_t size, enum mb_residency how, double *resident,
                       struct mb_err *err);

/* True when the file at path lives on a file system that keeps files in memory and cannot
 * evict their pages (tmpfs, ramfs): its name into fs. False where unknown or not so. */
bool mb_cache_fs_in_memory(const char *path, char *fs, size_t len);

/* Brings the file into the requested state and reports the verified resident fraction.
 * `first` marks a case's first pass: a warm file is then evicted and read back, so that every
 * warm case starts from the same page-cache layout (the folio sizes sequential read-ahead
 * makes) whatever earlier cases left behind; later passes only top up what reclaim took. On
 * a file system that cannot evict (mb_cache_fs_in_memory) a cold state is MB_E_UNSUPPORTED,
 * saying why, and a warm one skips the eviction. */
int mb_cache_prepare(const char *path, uint64_t size, enum mb_cache_state state, bool first,
                     enum mb_residency how, double *resident, struct mb_err *err);

#define MB_CACHE_COLD_TOLERANCE 0.001
#define MB_CACHE_WARM_MIN 0.999

#endif
