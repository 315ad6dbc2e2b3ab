/* methods/win/mapwin.c: mapwin on Windows: MapViewOfFile views of a configurable size (default
 * 64 MiB, a multiple of the allocation granularity, 64 KiB) sliding over one file mapping,
 * the way programs map files larger than their address space or budget. Zero copy, like map.
 *
 * Views sit on a fixed grid of view-size slots: a request that fits in one slot is served
 * from that slot's view (mapped on first use, replacing the previous view). A request that
 * straddles a slot boundary gets a view of its own covering [its offset rounded down to the
 * allocation granularity, its end), so access stays zero-copy and every byte is read from the
 * file; the next request goes back to the grid. The view in use is the only one mapped.
 *
 * One view is shared state, so the method is single-threaded (no MB_CAP_THREADS). Durable
 * passes call FlushViewOfFile on each written view before unmapping it (it only starts the
 * writes) and end with FlushViewOfFile of the current view + FlushFileBuffers, which waits for
 * all of them. Hints as for map: seq/random as CreateFile flags, willneed as
 * PrefetchVirtualMemory on every new view. */
#define WIN32_LEAN_AND_MEAN
#define NOUSER /* winuser.h defines MB_OK, which core/err.h names too */
#include <windows.h>

#include "methods/map_access.h"
#include "methods/method.h"
#include "methods/win/win.h"

#include <stdio.h>
#include <string.h>

static uint64_t granularity(void)
{
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    return si.dwAllocationGranularity ? si.dwAllocationGranularity : 65536;
}

int mb_mapwin_check_view(uint64_t bytes, struct mb_err *err)
{
    uint64_t gran = granularity();
    if (bytes == 0 || bytes % gran != 0 || bytes > (uint64_t)SIZE_MAX / 2)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "bad mapwin view size %llu: must be a non-zero multiple of the "
                          "mapping granularity (%llu bytes, the allocation granularity)",
                          (unsigned long long)bytes, (unsigned long long)gran);
    return 0;
}

struct mapwin_state {
    HANDLE file, mapping;
    unsigned char *view; /* NULL when none is mapped */
    uint64_t vstart;     /* file offset of view[0] */
    uint64_t vend;       /* end of the file range the view serves */
    size_t vlen;         /* mapped length */
    uint64_t size, vsize, gran;
    DWORD want; /* FILE_MAP_READ or FILE_MAP_WRITE */
    bool durable, willneed;
};

static int mapwin_open(void *state, const struct mb_open_args *a, struct mb_err *err)
{
    struct mapwin_state *s = state;
    memset(s, 0, sizeof *s);
    if (mb_win_open_file(a, err, &s->file))
        return err->code;
    if (mb_win_create_mapping(s->file, a, &s->mapping, err)) {
        CloseHandle(s->file);
        return err->code;
    }
    s->want = a->access == MB_ACCESS_READ ? FILE_MAP_READ : FILE_MAP_WRITE;
    s->durable = a->durable && a->access != MB_ACCESS_READ;
    s->willneed = a->hint == MB_HINT_WILLNEED;
    s->size = a->size;
    s->vsize = a->view_size ? a->view_size : MB_MAPWIN_VIEW_DEFAULT;
    s->gran = granularity();
    return 0;
}

static int unmap_view(struct mapwin_state *s, struct mb_err *err)
{
    if (!s->view)
        return 0;
    if (s->durable && !FlushViewOfFile(s->view, s->vlen))
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "FlushViewOfFile",
                          "FlushViewOfFile of a view failed");
    if (!UnmapViewOfFile(s->view))
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "UnmapViewOfFile",
                          "UnmapViewOfFile of a view failed");
    s->view = NULL;
    return 0;
}

/* Address of [off, off+len) in a view, mapping the right view first if needed. */
static unsigned char *view_at(struct mapwin_state *s, uint64_t off, size_t len, struct mb_err *err)
{
    if (s->view && off >= s->vstart && off + len <= s->vend)
        return s->view + (off - s->vstart);
    uint64_t start, end;
    mb_mapwin_window(off, len, s->vsize, s->gran, s->size, &start, &end);
    if (unmap_view(s, err))
        return NULL;
    size_t vlen = (size_t)(end - start);
    void *p = MapViewOfFile(s->mapping, s->want, (DWORD)(start >> 32), (DWORD)start, vlen);
    if (!p) {
        mb_err_set(err, MB_E_IO, (int)GetLastError(), "MapViewOfFile",
                   "cannot map a view of %llu bytes at %llu", (unsigned long long)vlen,
                   (unsigned long long)start);
        return NULL;
    }
    if (s->willneed && mb_win_prefetch(p, vlen, err)) {
        UnmapViewOfFile(p);
        return NULL;
    }
    s->view = p;
    s->vlen = vlen;
    s->vstart = start;
    s->vend = end;
    return s->view + (off - start);
}

static const void *mapwin_get(void *state, uint64_t off, size_t len, void *buf, struct mb_err *err)
{
    (void)buf;
    return view_at(state, off, len, err);
}

static void *mapwin_put_begin(void *state, uint64_t off, size_t len, void *buf, struct mb_err *err)
{
    (void)buf;
    return view_at(state, off, len, err);
}

static int mapwin_sync(void *state, struct mb_err *err)
{
    struct mapwin_state *s = state;
    if (s->view)
        return mb_win_flush_view(s->view, s->vlen, s->file, err);
    if (!FlushFileBuffers(s->file))
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "FlushFileBuffers",
                          "FlushFileBuffers failed");
    return 0;
}

static int mapwin_close(void *state, struct mb_err *err)
{
    struct mapwin_state *s = state;
    s->durable = false; /* sync() already ran if the pass was durable */
    int rc = unmap_view(s, err);
    if (!CloseHandle(s->mapping) && !rc)
        rc = mb_err_set(err, MB_E_IO, (int)GetLastError(), "CloseHandle",
                        "closing the mapping failed");
    if (!CloseHandle(s->file) && !rc)
        rc = mb_err_set(err, MB_E_IO, (int)GetLastError(), "CloseHandle", "close failed");
    return rc;
}

const struct mb_method mb_method_mapwin = {
    .name = "mapwin",
    .api = "MapViewOfFile views sliding over one CreateFileMapping (64 MiB, or --mapwin-view; "
           "aligned to the allocation granularity; a straddling request gets its own view), "
           "zero-copy access, FlushViewOfFile + FlushFileBuffers",
    .caps = MB_CAP_MAPPED | MB_CAP_WRITE | MB_CAP_COLD,
    .hints = MB_WIN_MAP_HINTS,
    .state_size = sizeof(struct mapwin_state),
    .open = mapwin_open,
    .get = mapwin_get,
    .put_begin = mapwin_put_begin,
    .put_end = mb_map_put_end,
    .sync = mapwin_sync,
    .close = mapwin_close,
};
