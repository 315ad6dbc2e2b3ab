/* core/datafile.h: benchmark data files: real, non-sparse, deterministic content, created once
 * under a data directory, fsynced, and reused while their sidecar record matches. mapbench
 * never overwrites or removes a file it did not create. */
#ifndef MB_DATAFILE_H
#define MB_DATAFILE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

/* A ready data file. */
struct mb_datafile {
    char path[4096];
    char meta_path[4200];
    uint64_t size;
    uint64_t seed;
    uint64_t checksum; /* word sum of the whole file */
    uint64_t dev, ino; /* identity recorded in the sidecar */
    bool created;      /* created by this call (false: reused) */
};

/* Seed used for a file of `size` bytes (deterministic, so runs are comparable). */
uint64_t mb_datafile_seed(uint64_t size);

/* Path of the data file for `size` in `dir`: "<dir>/mb-<size>.dat". */
void mb_datafile_path(const char *dir, uint64_t size, char *buf, size_t len);

/* Makes sure the data file for `size` exists in `dir` and matches its sidecar: reuses it, or
 * creates it (after checking free space) by writing every byte and fsyncing. Errors:
 * MB_E_FOREIGN for a file at the path that mapbench did not create (or that was replaced),
 * MB_E_NOSPACE (saying how much is needed), MB_E_USAGE for a size not a multiple of 512. */
int mb_datafile_ensure(const char *dir, uint64_t size, struct mb_datafile *df, struct mb_err *err);

/* Checks that the file is still the one recorded (same identity and size): MB_E_CHANGED if
 * it was truncated, grown or replaced. */
int mb_datafile_check(const struct mb_datafile *df, struct mb_err *err);

/* After a checksum mismatch: reads the whole file and checks every sector's sum. Returns 0
 * when the file holds what mapbench wrote (the fault lies elsewhere), MB_E_DAMAGED when a
 * sector changed in place: the file and its sidecar (ours: the identity was checked) are then
 * removed so that the next run recreates them, and err names the file and the offset. */
int mb_datafile_damage_check(const struct mb_datafile *df, struct mb_err *err);

/* Bytes the file system needs to create a data file of `size` bytes (the file, metadata slack,
 * a margin). */
uint64_t mb_datafile_space_needed(uint64_t size);

/* MB_E_NOSPACE (naming dir and what) unless dir's file system has `need` bytes free. */
int mb_datafile_space_check(const char *dir, uint64_t need, const char *what, struct mb_err *err);

#endif
