/* os/win/cache.c: file-cache control on Windows, with honest limits.
 *
 * Windows has no mincore() for the file cache: no documented call tells which pages of a file
 * sit in the cache (the standby list included). So residency is never *measured* here:
 * mb_cache_resident returns MB_E_UNSUPPORTED, and make_cold / make_warm report *resident = -1,
 * which the benchmark records as resident_before = -1 ("unverified"), never a made-up 0 or 1.
 *
 * cold: flush the file's dirty data (FlushFileBuffers on a cached handle), then open it once
 *   with FILE_FLAG_NO_BUFFERING: when a file is opened non-cached and no section (mapped view)
 *   holds it, the file system flushes and purges the file's cached pages so that cached and
 *   non-cached readers agree. That purge cannot be checked from user mode; a view still
 *   mapped elsewhere keeps the pages. What *is* checked: the file opens non-cached.
 * warm: read the whole file sequentially through the cache (FILE_FLAG_SEQUENTIAL_SCAN).
 *   What is checked: every byte was read, and the file fits in the physical memory available
 *   (GlobalMemoryStatusEx), without which it cannot stay cached; a file that does not fit
 *   fails with MB_E_CACHE instead of running "warm" from the disk. */
#define WIN32_LEAN_AND_MEAN
#define NOUSER /* winuser.h defines MB_OK, which core/err.h names too */
#include <windows.h>

#include "os/cache.h"

#include <stdlib.h>

#define MB_LOAD_CHUNK (1u << 20)

enum mb_residency mb_cache_residency_resolve(const char *path, enum mb_residency how)
{
    (void)path, (void)how;
    return MB_RESIDENCY_NONE;
}

int mb_cache_resident(const char *path, uint64_t size, enum mb_residency how, double *fraction,
                      struct mb_err *err)
{
    (void)size, (void)how;
    *fraction = -1.0;
    return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL,
                      "residency of '%s' cannot be measured on Windows (no mincore equivalent "
                      "for the file cache)",
                      path);
}

int mb_cache_make_cold(const char *path, uint64_t size, enum mb_residency how, double *resident,
                       struct mb_err *err)
{
    (void)size, (void)how;
    *resident = -1.0;
    const DWORD share = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;
    HANDLE h = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, share, NULL, OPEN_EXISTING,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return mb_err_set(err, MB_E_CACHE, (int)GetLastError(), "CreateFileA",
                          "cannot open '%s' to flush it", path);
    if (!FlushFileBuffers(h)) {
        DWORD e = GetLastError();
        CloseHandle(h);
        return mb_err_set(err, MB_E_CACHE, (int)e, "FlushFileBuffers", "cannot flush '%s'", path);
    }
    CloseHandle(h);
    h = CreateFileA(path, GENERIC_READ, share, NULL, OPEN_EXISTING, FILE_FLAG_NO_BUFFERING, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return mb_err_set(err, MB_E_CACHE, (int)GetLastError(), "CreateFileA",
                          "cannot open '%s' with FILE_FLAG_NO_BUFFERING to purge its cached "
                          "pages",
                          path);
    CloseHandle(h);
    return 0;
}

int mb_cache_make_warm(const char *path, uint64_t size, enum mb_residency how, double *resident,
                       struct mb_err *err)
{
    (void)how;
    *resident = -1.0;
    MEMORYSTATUSEX ms;
    ms.dwLength = sizeof ms;
    if (GlobalMemoryStatusEx(&ms) && ms.ullAvailPhys < size)
        return mb_err_set(err, MB_E_CACHE, 0, NULL,
                          "warm cache cannot be established for '%s': the file (%llu MiB) is "
                          "larger than the available physical memory (%llu MiB)",
                          path, (unsigned long long)(size >> 20),
                          (unsigned long long)(ms.ullAvailPhys >> 20));
    HANDLE h =
        CreateFileA(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                    NULL, OPEN_EXISTING, FILE_FLAG_SEQUENTIAL_SCAN, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return mb_err_set(err, MB_E_CACHE, (int)GetLastError(), "CreateFileA",
                          "cannot open '%s' to load it into the cache", path);
    char *buf = malloc(MB_LOAD_CHUNK);
    int rc = buf ? 0 : mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    uint64_t done = 0;
    while (!rc && done < size) {
        DWORD n = 0;
        if (!ReadFile(h, buf, MB_LOAD_CHUNK, &n, NULL))
            rc = mb_err_set(err, MB_E_CACHE, (int)GetLastError(), "ReadFile",
                            "cannot load '%s' into the cache", path);
        else if (n == 0)
            rc = mb_err_set(err, MB_E_CACHE, 0, "ReadFile",
                            "'%s' ended at %llu bytes while loading it into the cache", path,
                            (unsigned long long)done);
        done += n;
    }
    free(buf);
    CloseHandle(h);
    return rc;
}
