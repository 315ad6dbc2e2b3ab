/* methods/mapwin.c: mapwin's windowing, the same on every platform: views of a configurable
 * size (default 64 MiB, a multiple of the platform's mapping granularity) sliding over the
 * file, the way programs map files larger than their address space or budget. Zero copy, like
 * map.
 *
 * Views sit on a fixed grid of view-size slots: a request that fits in one slot is served
 * from that slot's view (mapped on first use, replacing the previous view). A request that
 * straddles a slot boundary gets a view of its own covering [its offset rounded down to the
 * mapping granularity, its end), so access stays zero-copy and every byte is read from the
 * file; the next request goes back to the grid. The view in use is the only one mapped.
 *
 * One view is shared state, so the method is single-threaded (no MB_CAP_THREADS). The OS calls
 * (open, map and unmap a view, sync, close) are each platform's (methods/<platform>/mapwin.c). */
#include "methods/mapwin.h"

#include <string.h>

int mb_mapwin_check_view(uint64_t bytes, struct mb_err *err)
{
    const char *what;
    uint64_t gran = mb_mapwin_granularity(&what);
    if (bytes == 0 || bytes % gran != 0 || bytes > (uint64_t)SIZE_MAX / 2)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "bad mapwin view size %llu: must be a non-zero multiple of the "
                          "mapping granularity (%llu bytes, %s)",
                          (unsigned long long)bytes, (unsigned long long)gran, what);
    return 0;
}

int mb_mapwin_open(void *state, const struct mb_open_args *a, struct mb_err *err)
{
    struct mb_mapwin *w = state;
    memset(w, 0, sizeof *w);
    w->write = a->access != MB_ACCESS_READ;
    w->durable = a->durable && w->write;
    w->hint = a->hint;
    w->size = a->size;
    w->vsize = a->view_size ? a->view_size : MB_MAPWIN_VIEW_DEFAULT;
    w->gran = mb_mapwin_granularity(NULL);
    return mb_mapwin_os_open(w, a, err);
}

/* The file range [*start, *end) of the view that serves [off, off+len): its slot on the grid of
 * vsize-byte views (the last slot ends at the file's size), or, for a request that straddles a
 * slot boundary, a view of its own from off rounded down to the mapping granularity `gran` to
 * the request's end. */
static void window(uint64_t off, size_t len, uint64_t vsize, uint64_t gran, uint64_t size,
                   uint64_t *start, uint64_t *end)
{
    *start = off / vsize * vsize;
    *end = *start + vsize < size ? *start + vsize : size;
    if (off + len > *end) {
        *start = off / gran * gran;
        *end = off + len;
    }
}

/* Unmaps the view in use, if any (flushing it first where the platform needs that). */
static int unmap_view(struct mb_mapwin *w, bool flush, struct mb_err *err)
{
    if (!w->view)
        return 0;
    int rc = mb_mapwin_os_unmap(w, flush, err);
    if (rc)
        return rc;
    w->view = NULL;
    return 0;
}

/* Address of [off, off+len) in a view, mapping the right view first if needed. */
static unsigned char *view_at(struct mb_mapwin *w, uint64_t off, size_t len, struct mb_err *err)
{
    if (w->view && off >= w->vstart && off + len <= w->vend)
        return w->view + (off - w->vstart);
    uint64_t start, end;
    window(off, len, w->vsize, w->gran, w->size, &start, &end);
    if (unmap_view(w, w->durable, err))
        return NULL;
    size_t vlen = (size_t)(end - start);
    unsigned char *p = mb_mapwin_os_map(w, start, vlen, err);
    if (!p)
        return NULL;
    w->view = p;
    w->vlen = vlen;
    w->vstart = start;
    w->vend = end;
    return p + (off - start);
}

const void *mb_mapwin_get(void *state, uint64_t off, size_t len, void *buf, struct mb_err *err)
{
    (void)buf;
    return view_at(state, off, len, err);
}

void *mb_mapwin_put_begin(void *state, uint64_t off, size_t len, void *buf, struct mb_err *err)
{
    (void)buf;
    return view_at(state, off, len, err);
}

int mb_mapwin_close(void *state, struct mb_err *err)
{
    struct mb_mapwin *w = state;
    int rc = unmap_view(w, false, err); /* sync() already ran if the pass was durable */
    int crc = mb_mapwin_os_close(w, rc ? NULL : err);
    return rc ? rc : crc;
}

int mb_mapwin_drop(void *state, struct mb_err *err)
{
    struct mb_mapwin *w = state;
    return unmap_view(w, w->durable, err);
}
