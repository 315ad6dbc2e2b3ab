/* methods/posix/mapwin.c: mapwin's OS calls on POSIX (the windowing is methods/mapwin.c): mmap
 * views (MAP_SHARED) on the page-size grid, munmap, msync. Durable passes end with
 * msync(MS_SYNC) of the current view and fdatasync of the file, which also writes the pages
 * dirtied through views unmapped earlier (they stay dirty in the page cache). Hints
 * seq/random/willneed are madvise()d on every new view. */
#include "methods/mapwin.h"
#include "methods/posix/advice.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

uint64_t mb_mapwin_granularity(const char **what)
{
    if (what)
        *what = "the page size";
    return (uint64_t)sysconf(_SC_PAGESIZE);
}

int mb_mapwin_os_open(struct mb_mapwin *w, const struct mb_open_args *a, struct mb_err *err)
{
    if (!mb_method_accepts_hint(&mb_method_mapwin, a->hint))
        return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL, "mapwin does not take hint %s",
                          mb_hint_name(a->hint));
    int fd = open(a->path, (w->write ? O_RDWR : O_RDONLY) | O_CLOEXEC);
    if (fd < 0)
        return mb_err_set(err, MB_E_IO, errno, "open", "cannot open '%s'", a->path);
    w->file = fd;
    return 0;
}

void *mb_mapwin_os_map(const struct mb_mapwin *w, uint64_t start, size_t len, struct mb_err *err)
{
    int prot = w->write ? PROT_READ | PROT_WRITE : PROT_READ;
    void *p = mmap(NULL, len, prot, MAP_SHARED, (int)w->file, (off_t)start);
    if (p == MAP_FAILED) {
        mb_err_set(err, MB_E_IO, errno, "mmap", "cannot map a view of %zu bytes at %llu", len,
                   (unsigned long long)start);
        return NULL;
    }
    int advice = mb_posix_advice(w->hint, true);
    if (advice >= 0 && madvise(p, len, advice) != 0) {
        int e = errno;
        munmap(p, len);
        mb_err_set(err, MB_E_UNSUPPORTED, e, "madvise", "the kernel refused a hint on a view");
        return NULL;
    }
    return p;
}

/* munmap keeps the view's dirty pages in the page cache, where fdatasync finds them: no flush. */
int mb_mapwin_os_unmap(const struct mb_mapwin *w, bool flush, struct mb_err *err)
{
    (void)flush;
    if (munmap(w->view, w->vlen) != 0)
        return mb_err_set(err, MB_E_IO, errno, "munmap", "munmap of a view failed");
    return 0;
}

int mb_mapwin_sync(void *state, struct mb_err *err)
{
    struct mb_mapwin *w = state;
    if (w->view && msync(w->view, w->vlen, MS_SYNC) != 0)
        return mb_err_set(err, MB_E_IO, errno, "msync", "msync(MS_SYNC) of a view failed");
    if (fdatasync((int)w->file) != 0)
        return mb_err_set(err, MB_E_IO, errno, "fdatasync", "fdatasync failed");
    return 0;
}

int mb_mapwin_os_close(const struct mb_mapwin *w, struct mb_err *err)
{
    if (close((int)w->file) != 0)
        return mb_err_set(err, MB_E_IO, errno, "close", "close failed");
    return 0;
}

MB_MAPWIN_METHOD("mmap(MAP_SHARED) views sliding over the file (64 MiB, or --mapwin-view; "
                 "page-aligned; a straddling request gets its own view), zero-copy access, "
                 "msync(MS_SYNC) + fdatasync",
                 mb_mapwin_drop);
