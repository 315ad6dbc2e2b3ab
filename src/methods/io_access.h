/* methods/io_access.h: the request accessors shared by the explicit-I/O methods (rw, prw, direct)
 * of every platform: a read fills the caller's buffer and hands it back; a write is produced in the
 * caller's buffer and then written out. Each platform's method file provides the full-length
 * transfer below over its own state (a descriptor or a HANDLE). */
#ifndef MB_IO_ACCESS_H
#define MB_IO_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "methods/method.h"

/* Platform: moves exactly len bytes at off between buf and the file (out: to the file, buf is
 * then only read), on the file position when at_pos (the rw method: seeking only when the
 * position differs) or at an explicit offset (pread, OVERLAPPED). A read that meets the end of
 * file is MB_E_CHANGED. */
int mb_io_transfer(void *state, bool out, uint64_t off, size_t len, void *buf, bool at_pos,
                   struct mb_err *err);

/* rw: on the file position; prw and direct: at explicit offsets. */
const void *mb_rw_get(void *state, uint64_t off, size_t len, void *buf, struct mb_err *err);
const void *mb_prw_get(void *state, uint64_t off, size_t len, void *buf, struct mb_err *err);
int mb_rw_put_end(void *state, uint64_t off, size_t len, const void *p, struct mb_err *err);
int mb_prw_put_end(void *state, uint64_t off, size_t len, const void *p, struct mb_err *err);

/* put_begin of every method that produces a write in the caller's buffer (explicit I/O,
 * mapcopy): hands the buffer back. */
void *mb_put_in_buffer(void *state, uint64_t off, size_t len, void *buf, struct mb_err *err);

/* Defines mb_method_rw, mb_method_prw and mb_method_direct: the same three explicit-I/O methods
 * on every platform, with their capabilities and request accessors stated here once. rw reads
 * and writes on the file position (one thread); prw at explicit offsets (several threads);
 * direct like prw, bypassing the page cache with aligned buffers and no hint. A platform
 * supplies its state type, its open (cached) and open_direct, sync and close, the hints rw and
 * prw accept there, and the API text of each method. */
#define MB_IO_METHODS(state, open_fn, open_direct_fn, sync_fn, close_fn, hints, rw_api, prw_api,   \
                      direct_api)                                                                  \
    MB_METHOD_DEFINE(rw, rw_api, MB_CAP_EXPLICIT | MB_CAP_WRITE | MB_CAP_COLD, hints, state,       \
                     open_fn, mb_rw_get, mb_put_in_buffer, mb_rw_put_end, sync_fn, close_fn,       \
                     NULL);                                                                        \
    MB_METHOD_DEFINE(prw, prw_api, MB_CAP_EXPLICIT | MB_CAP_WRITE | MB_CAP_COLD | MB_CAP_THREADS,  \
                     hints, state, open_fn, mb_prw_get, mb_put_in_buffer, mb_prw_put_end, sync_fn, \
                     close_fn, NULL);                                                              \
    MB_METHOD_DEFINE(direct, direct_api,                                                           \
                     MB_CAP_EXPLICIT | MB_CAP_WRITE | MB_CAP_COLD | MB_CAP_THREADS |               \
                         MB_CAP_ALIGNED | MB_CAP_UNCACHED,                                         \
                     0, state, open_direct_fn, mb_prw_get, mb_put_in_buffer, mb_prw_put_end,       \
                     sync_fn, close_fn, NULL)

#endif
