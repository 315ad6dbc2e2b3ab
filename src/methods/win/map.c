/* methods/win/map.c: mapped methods on Windows: map (CreateFileMapping + MapViewOfFile of the
 * whole file, zero-copy access; durable writes with FlushViewOfFile + FlushFileBuffers, since
 * FlushViewOfFile alone only starts the writes) and mapcopy (the same view, memcpy to and from
 * the caller's buffer). Hints: seq -> FILE_FLAG_SEQUENTIAL_SCAN and random ->
 * FILE_FLAG_RANDOM_ACCESS on the file handle, willneed -> PrefetchVirtualMemory over the
 * view (Windows 8 and later, looked up at run time: where it is missing the case fails as
 * unsupported with that reason). populate and huge have no equivalent for file views on
 * Windows and are not accepted. */
#include "os/win/win.h"

#include "methods/map_access.h"
#include "methods/method.h"
#include "methods/win/win.h"

#include <string.h>

struct map_state {
    struct mb_map_view v; /* first: the shared accessors read it */
    HANDLE file, mapping;
};

int mb_win_open_mapping(const struct mb_open_args *a, HANDLE *file, HANDLE *mapping,
                        struct mb_err *err)
{
    DWORD access = a->access == MB_ACCESS_READ ? GENERIC_READ : GENERIC_READ | GENERIC_WRITE;
    DWORD flags = FILE_ATTRIBUTE_NORMAL;
    if (a->hint == MB_HINT_SEQ)
        flags |= FILE_FLAG_SEQUENTIAL_SCAN;
    else if (a->hint == MB_HINT_RANDOM)
        flags |= FILE_FLAG_RANDOM_ACCESS;
    else if (a->hint != MB_HINT_NONE && a->hint != MB_HINT_WILLNEED)
        return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL,
                          "hint %s has no equivalent for file views on Windows",
                          mb_hint_name(a->hint));
    *file = CreateFileA(a->path, access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                        NULL, OPEN_EXISTING, flags, NULL);
    if (*file == INVALID_HANDLE_VALUE)
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "CreateFileA", "cannot open '%s'",
                          a->path);
    DWORD protect = a->access == MB_ACCESS_READ ? PAGE_READONLY : PAGE_READWRITE;
    /* the mapping covers the file as it is: never larger (that would extend the file) */
    *mapping = CreateFileMappingA(*file, NULL, protect, 0, 0, NULL);
    if (!*mapping) {
        DWORD e = GetLastError();
        CloseHandle(*file);
        return mb_err_set(err, MB_E_IO, (int)e, "CreateFileMappingA",
                          "cannot create a mapping of '%s'", a->path);
    }
    return 0;
}

typedef BOOL(WINAPI *prefetch_fn)(HANDLE, ULONG_PTR, PWIN32_MEMORY_RANGE_ENTRY, ULONG);

int mb_win_prefetch(void *p, size_t len, struct mb_err *err)
{
    /* looked up each time: a handful of instructions next to mapping a view, and no
     * process-wide cache to keep */
    HMODULE k32 = GetModuleHandleA("kernel32.dll");
    FARPROC f = k32 ? GetProcAddress(k32, "PrefetchVirtualMemory") : NULL;
    if (!f)
        return mb_err_set(err, MB_E_UNSUPPORTED, 0, "PrefetchVirtualMemory",
                          "hint willneed needs PrefetchVirtualMemory (Windows 8 or later), "
                          "which this system's kernel32.dll does not export");
    prefetch_fn prefetch;
    memcpy(&prefetch, &f, sizeof prefetch);
    WIN32_MEMORY_RANGE_ENTRY range = {p, len};
    if (!prefetch(GetCurrentProcess(), 1, &range, 0))
        return mb_err_set(err, MB_E_UNSUPPORTED, (int)GetLastError(), "PrefetchVirtualMemory",
                          "PrefetchVirtualMemory refused a range of %llu bytes",
                          (unsigned long long)len);
    return 0;
}

static int map_open(void *state, const struct mb_open_args *a, struct mb_err *err)
{
    struct map_state *s = state;
    if (mb_win_open_mapping(a, &s->file, &s->mapping, err))
        return err->code;
    s->v.len = (size_t)a->size;
    DWORD want = a->access == MB_ACCESS_READ ? FILE_MAP_READ : FILE_MAP_WRITE;
    s->v.base = MapViewOfFile(s->mapping, want, 0, 0, s->v.len);
    if (!s->v.base) {
        DWORD e = GetLastError();
        mb_win_close_mapping(s->mapping, s->file, NULL);
        return mb_err_set(err, MB_E_IO, (int)e, "MapViewOfFile", "cannot map %llu bytes of '%s'",
                          (unsigned long long)s->v.len, a->path);
    }
    if (a->hint == MB_HINT_WILLNEED && mb_win_prefetch(s->v.base, s->v.len, err)) {
        UnmapViewOfFile(s->v.base);
        mb_win_close_mapping(s->mapping, s->file, NULL);
        return err->code;
    }
    return 0;
}

int mb_win_close_mapping(HANDLE mapping, HANDLE file, struct mb_err *err)
{
    int rc = 0;
    if (!CloseHandle(mapping))
        rc = mb_err_set(err, MB_E_IO, (int)GetLastError(), "CloseHandle",
                        "closing the mapping failed");
    if (!CloseHandle(file) && !rc)
        rc = mb_err_set(err, MB_E_IO, (int)GetLastError(), "CloseHandle", "close failed");
    return rc;
}

static int map_close(void *state, struct mb_err *err)
{
    struct map_state *s = state;
    int rc = 0;
    if (!UnmapViewOfFile(s->v.base))
        rc = mb_err_set(err, MB_E_IO, (int)GetLastError(), "UnmapViewOfFile",
                        "UnmapViewOfFile failed");
    int crc = mb_win_close_mapping(s->mapping, s->file, rc ? NULL : err);
    return rc ? rc : crc;
}

int mb_win_flush_view(void *base, size_t len, HANDLE file, struct mb_err *err)
{
    if (!FlushViewOfFile(base, len))
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "FlushViewOfFile",
                          "FlushViewOfFile failed");
    /* FlushViewOfFile only starts writing the dirty pages; FlushFileBuffers waits for them
     * and for the file's metadata */
    if (!FlushFileBuffers(file))
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "FlushFileBuffers",
                          "FlushFileBuffers failed");
    return 0;
}

static int map_sync(void *state, struct mb_err *err)
{
    struct map_state *s = state;
    return mb_win_flush_view(s->v.base, s->v.len, s->file, err);
}

/* no drop: while the file mapping object exists it holds the file's pages (see os/win/cache.c) */
MB_MAP_METHODS(struct map_state, map_open, map_sync, map_close, NULL,
               (1u << MB_HINT_SEQ) | (1u << MB_HINT_RANDOM) | (1u << MB_HINT_WILLNEED),
               "CreateFileMapping + MapViewOfFile of the whole file, zero-copy access, "
               "FlushViewOfFile + FlushFileBuffers",
               "CreateFileMapping + MapViewOfFile of the whole file + memcpy to/from the buffer, "
               "FlushViewOfFile + FlushFileBuffers");
