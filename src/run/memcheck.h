/* run/memcheck.h: the memory check behind mapbench's numbers (mapbench-memcheck): how fast
 * this machine reads and writes plain memory right now, and whether the consume and produce
 * kernels run at that speed. Every private page is written from user mode before it is timed:
 * on a guest whose page tables the hypervisor shadows (PVM), a page only the kernel has
 * written costs ~5 us on its first user access. Rates are GB/s (1e9 bytes/s), medians of
 * interleaved passes. */
#ifndef MB_MEMCHECK_H
#define MB_MEMCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define MB_MC_CHUNK (1u << 20) /* buffer sizes are multiples of it; --check's memcpy request */
#define MB_MC_PASSES_MAX 101

/* What a check measures: the size of the private buffer, the passes, and the file (NULL:
 * none) whose content fills --check's first-touch buffer or whose mapping --kernels reads. */
struct mb_mc_opts {
    uint64_t size; /* a multiple of MB_MC_CHUNK */
    unsigned passes;
    const char *file;
};

/* --check's result: consume kernel vs a plain C sum loop vs memcpy over the private buffer;
 * with a file, the consume kernel's first pass over a buffer only the kernel wrote (the file
 * read into it) and its second. */
struct mb_mc_check {
    double consume_gbps, plain_gbps, memcpy_gbps;
    double first_touch_gbps, touched_gbps; /* 0 without a file */
};

/* Runs --check. Errors: MB_E_NOMEM, MB_E_VERIFY (a kernel or the plain loop summed wrongly),
 * MB_E_USAGE (the file is missing or smaller than the buffer), MB_E_IO. */
int mb_memcheck_check(const struct mb_mc_opts *o, struct mb_mc_check *out, struct mb_err *err);

/* The operations of the kernel table; the first two read, the others write. */
enum mb_mc_op {
    MB_MC_CONSUME,
    MB_MC_COPY_OUT,
    MB_MC_PRODUCE,
    MB_MC_MEMSET,
    MB_MC_COPY_IN,
    MB_MC_OP_COUNT
};

/* One row of the kernel table: a request size and order, the medians per source (0: the
 * private buffer, 1: the file's mapping, read operations only) and operation. */
struct mb_mc_row {
    size_t bs;
    const char *order;
    double gb[2][MB_MC_OP_COUNT];
};

#define MB_MC_ROWS 6

/* --kernels' result. */
struct mb_mc_kernels {
    struct mb_mc_row rows[MB_MC_ROWS];
    uint64_t file_bytes; /* 0 without a file */
    bool file_verified;  /* the file holds mapbench content */
};

/* Runs --kernels: 4K, 16K, 1M requests, seq and random, over the private buffer and then
 * (the buffer freed: one working set at a time) over a kept read-only mapping of the file.
 * Errors: MB_E_USAGE (the file is not a regular file of a non-zero multiple of 1 MiB),
 * MB_E_UNSUPPORTED (no map method), MB_E_NOMEM, MB_E_IO. */
int mb_memcheck_kernels(const struct mb_mc_opts *o, struct mb_mc_kernels *out, struct mb_err *err);

#endif
