/* methods/win/mapwin.c: mapwin's OS calls on Windows (the windowing is methods/mapwin.c):
 * MapViewOfFile views of one file mapping on the allocation-granularity grid (64 KiB),
 * UnmapViewOfFile, FlushViewOfFile. Durable passes call FlushViewOfFile on each written view
 * before unmapping it (it only starts the writes) and end with FlushViewOfFile of the current
 * view + FlushFileBuffers, which waits for all of them. Hints as for map: seq/random as
 * CreateFile flags, willneed as PrefetchVirtualMemory on every new view. */
#include "os/win/win.h"

#include "methods/mapwin.h"
#include "methods/win/win.h"

uint64_t mb_mapwin_granularity(const char **what)
{
    if (what)
        *what = "the allocation granularity";
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    return si.dwAllocationGranularity ? si.dwAllocationGranularity : 65536;
}

int mb_mapwin_os_open(struct mb_mapwin *w, const struct mb_open_args *a, struct mb_err *err)
{
    HANDLE file, mapping;
    if (mb_win_open_mapping(a, &file, &mapping, err))
        return err->code;
    w->file = (intptr_t)file;
    w->mapping = (intptr_t)mapping;
    return 0;
}

void *mb_mapwin_os_map(const struct mb_mapwin *w, uint64_t start, size_t len, struct mb_err *err)
{
    DWORD want = w->write ? FILE_MAP_WRITE : FILE_MAP_READ;
    void *p = MapViewOfFile((HANDLE)w->mapping, want, (DWORD)(start >> 32), (DWORD)start, len);
    if (!p) {
        mb_err_set(err, MB_E_IO, (int)GetLastError(), "MapViewOfFile",
                   "cannot map a view of %llu bytes at %llu", (unsigned long long)len,
                   (unsigned long long)start);
        return NULL;
    }
    if (w->hint == MB_HINT_WILLNEED && mb_win_prefetch(p, len, err)) {
        UnmapViewOfFile(p);
        return NULL;
    }
    return p;
}

int mb_mapwin_os_unmap(const struct mb_mapwin *w, bool flush, struct mb_err *err)
{
    if (flush && !FlushViewOfFile(w->view, w->vlen))
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "FlushViewOfFile",
                          "FlushViewOfFile of a view failed");
    if (!UnmapViewOfFile(w->view))
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "UnmapViewOfFile",
                          "UnmapViewOfFile of a view failed");
    return 0;
}

int mb_mapwin_sync(void *state, struct mb_err *err)
{
    struct mb_mapwin *w = state;
    if (w->view)
        return mb_win_flush_view(w->view, w->vlen, (HANDLE)w->file, err);
    if (!FlushFileBuffers((HANDLE)w->file))
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "FlushFileBuffers",
                          "FlushFileBuffers failed");
    return 0;
}

int mb_mapwin_os_close(const struct mb_mapwin *w, struct mb_err *err)
{
    return mb_win_close_mapping((HANDLE)w->mapping, (HANDLE)w->file, err);
}

/* no drop: while the file mapping object exists it holds the file's pages (os/win/cache.c) */
MB_MAPWIN_METHOD("MapViewOfFile views sliding over one CreateFileMapping (64 MiB, or "
                 "--mapwin-view; aligned to the allocation granularity; a straddling request "
                 "gets its own view), zero-copy access, FlushViewOfFile + FlushFileBuffers",
                 NULL);
