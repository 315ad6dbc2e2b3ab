/* methods/map_access.h: the request accessors shared by every whole-file mapped method, whatever
 * the platform: zero-copy (map: hand back the address inside the mapping) and copying
 * (mapcopy: memcpy to and from the caller's buffer, as fio's mmap engine does). A method's
 * state must begin with a struct mb_map_view describing its mapping. */
#ifndef MB_MAP_ACCESS_H
#define MB_MAP_ACCESS_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* The mapped bytes of a file: base address and length. */
struct mb_map_view {
    unsigned char *base;
    size_t len;
};

/* map: the address of [off, off+len) inside the mapping; writes go there directly. */
const void *mb_map_get(void *state, uint64_t off, size_t len, void *buf, struct mb_err *err);
void *mb_map_put_begin(void *state, uint64_t off, size_t len, void *buf, struct mb_err *err);
int mb_map_put_end(void *state, uint64_t off, size_t len, const void *p, struct mb_err *err);

/* mapcopy: copies [off, off+len) into buf; writes are produced in buf (mb_put_in_buffer)
 * and copied in. */
const void *mb_mapcopy_get(void *state, uint64_t off, size_t len, void *buf, struct mb_err *err);
int mb_mapcopy_put_end(void *state, uint64_t off, size_t len, const void *p, struct mb_err *err);

/* mapwin: the file range [*start, *end) of the view that serves [off, off+len): its slot on
 * the grid of vsize-byte views (the last slot ends at the file's size), or, for a request that
 * straddles a slot boundary, a view of its own from off rounded down to the mapping
 * granularity `gran` to the request's end. */
void mb_mapwin_window(uint64_t off, size_t len, uint64_t vsize, uint64_t gran, uint64_t size,
                      uint64_t *start, uint64_t *end);

#endif
