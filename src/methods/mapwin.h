/* methods/mapwin.h: the mapwin method's two halves. methods/mapwin.c holds the windowing, the
 * same on every platform: views of a configurable size on a fixed grid of view-size slots
 * sliding over the file, one view mapped at a time, a request straddling a slot boundary
 * served by a view of its own. Each platform's mapwin.c holds only the OS calls below: open
 * and close the file (and the mapping views are made from), map and unmap one view, sync.
 * Private to those files. */
#ifndef MB_MAPWIN_H
#define MB_MAPWIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "methods/map_access.h"
#include "methods/method.h"

/* A mapwin handle: the method's state. */
struct mb_mapwin {
    intptr_t file;    /* the open file: a descriptor or a HANDLE */
    intptr_t mapping; /* Windows: the file mapping object views are made from (POSIX: unused) */
    bool write;       /* opened for writing: views are writable */
    bool durable;     /* written and made durable by the pass's sync() */
    enum mb_hint hint;
    uint64_t size, vsize, gran; /* file size, view size, mapping granularity */
    unsigned char *view;        /* NULL when none is mapped */
    uint64_t vstart;            /* file offset of view[0] */
    uint64_t vend;              /* end of the file range the view serves */
    size_t vlen;                /* mapped length */
};

/* Portable (methods/mapwin.c): the method's operations over a struct mb_mapwin. drop unmaps
 * the view in use (the file stays open; the next request maps its view again). */
int mb_mapwin_open(void *state, const struct mb_open_args *a, struct mb_err *err);
const void *mb_mapwin_get(void *state, uint64_t off, size_t len, void *buf, struct mb_err *err);
void *mb_mapwin_put_begin(void *state, uint64_t off, size_t len, void *buf, struct mb_err *err);
int mb_mapwin_close(void *state, struct mb_err *err);
int mb_mapwin_drop(void *state, struct mb_err *err);

/* Platform: the mapping granularity views start on (the page size; 64 KiB on Windows) and,
 * when `what` is not NULL, what it is called there. */
uint64_t mb_mapwin_granularity(const char **what);

/* Platform: opens a->path into w->file (and w->mapping) for w->write, after checking that the
 * platform takes a->hint for views. */
int mb_mapwin_os_open(struct mb_mapwin *w, const struct mb_open_args *a, struct mb_err *err);

/* Platform: maps [start, start+len) of the file (writable when w->write) and applies w->hint to
 * the new view. NULL with *err filled on failure, nothing left mapped. */
void *mb_mapwin_os_map(const struct mb_mapwin *w, uint64_t start, size_t len, struct mb_err *err);

/* Platform: unmaps w's current view; with `flush`, first starts writing its dirty pages where
 * the platform's durable sync would otherwise miss them (Windows). */
int mb_mapwin_os_unmap(const struct mb_mapwin *w, bool flush, struct mb_err *err);

/* Platform: the durable end of a pass: the current view (if any) and the file. */
int mb_mapwin_sync(void *state, struct mb_err *err);

/* Platform: closes the mapping (if any) and the file, reporting the first failure. */
int mb_mapwin_os_close(const struct mb_mapwin *w, struct mb_err *err);

/* Defines mb_method_mapwin over the operations above, with the platform's API text and drop
 * (NULL where a kept view's pages cannot be released while the file stays open). */
#define MB_MAPWIN_METHOD(api_text, drop_fn)                                                        \
    MB_METHOD_DEFINE(mapwin, api_text, MB_CAP_MAPPED | MB_CAP_WRITE | MB_CAP_COLD,                 \
                     (1u << MB_HINT_SEQ) | (1u << MB_HINT_RANDOM) | (1u << MB_HINT_WILLNEED),      \
                     struct mb_mapwin, mb_mapwin_open, mb_mapwin_get, mb_mapwin_put_begin,         \
                     mb_map_put_end, mb_mapwin_sync, mb_mapwin_close, drop_fn)

#endif
