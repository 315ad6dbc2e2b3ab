/* methods/map_access.h: the request accessors shared by every whole-file mapped method, whatever
 * the platform: zero-copy (map: hand back the address inside the mapping) and copying
 * (mapcopy: memcpy to and from the caller's buffer, as fio's mmap engine does). A method's
 * state must begin with a struct mb_map_view describing its mapping. */
#ifndef MB_MAP_ACCESS_H
#define MB_MAP_ACCESS_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "methods/io_access.h"
#include "methods/method.h"

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

/* Defines mb_method_map and mb_method_mapcopy: the whole-file mapped methods, with the same
 * capabilities and request accessors on every platform (zero copy for map, memcpy for
 * mapcopy). A platform supplies its state type (beginning with a struct mb_map_view), its
 * open, sync, close and drop (NULL where a kept mapping's pages cannot be released), the hints
 * they accept there, and the API text of each method. */
#define MB_MAP_METHODS(state, open_fn, sync_fn, close_fn, drop_fn, hints, map_api, mapcopy_api)    \
    MB_METHOD_DEFINE(map, map_api, MB_MAP_CAPS, hints, state, open_fn, mb_map_get,                 \
                     mb_map_put_begin, mb_map_put_end, sync_fn, close_fn, drop_fn);                \
    MB_METHOD_DEFINE(mapcopy, mapcopy_api, MB_MAP_CAPS, hints, state, open_fn, mb_mapcopy_get,     \
                     mb_put_in_buffer, mb_mapcopy_put_end, sync_fn, close_fn, drop_fn)
#define MB_MAP_CAPS (MB_CAP_MAPPED | MB_CAP_WRITE | MB_CAP_COLD | MB_CAP_THREADS)

#endif
