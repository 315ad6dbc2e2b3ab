/* methods/posix/map.c: mapped methods on POSIX: map (mmap of the whole file, zero-copy access,
 * msync for durability) and mapcopy (the same mapping, memcpy into the caller's buffer, as
 * fio's mmap engine does). Hints: madvise SEQUENTIAL/RANDOM/WILLNEED/HUGEPAGE, MAP_POPULATE. */
#include "methods/map_access.h"
#include "methods/method.h"
#include "methods/posix/advice.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct map_state {
    struct mb_map_view v; /* first: the shared accessors read it */
    int fd;
};

static int map_open(void *state, const struct mb_open_args *a, struct mb_err *err)
{
    struct map_state *s = state;
    int rdonly = a->access == MB_ACCESS_READ;
    s->fd = open(a->path, (rdonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if (s->fd < 0)
        return mb_err_set(err, MB_E_IO, errno, "open", "cannot open '%s'", a->path);
    s->v.len = (size_t)a->size;
    int prot = rdonly ? PROT_READ : PROT_READ | PROT_WRITE;
    int flags = MAP_SHARED | (a->hint == MB_HINT_POPULATE ? MAP_POPULATE : 0);
    void *p = mmap(NULL, s->v.len, prot, flags, s->fd, 0);
    if (p == MAP_FAILED) {
        int e = errno;
        close(s->fd);
        return mb_err_set(err, MB_E_IO, e, "mmap", "cannot map %zu bytes of '%s'", s->v.len,
                          a->path);
    }
    s->v.base = p;
    int advice = mb_posix_advice(a->hint, true);
    if (a->hint == MB_HINT_HUGE && advice < 0) {
        munmap(s->v.base, s->v.len);
        close(s->fd);
        return mb_err_set(err, MB_E_UNSUPPORTED, 0, "madvise",
                          "MADV_HUGEPAGE is not available on this platform");
    }
    if (advice >= 0 && madvise(s->v.base, s->v.len, advice) != 0) {
        int e = errno;
        munmap(s->v.base, s->v.len);
        close(s->fd);
        return mb_err_set(err, MB_E_UNSUPPORTED, e, "madvise",
                          "the kernel refused hint %s on a mapping of '%s'", mb_hint_name(a->hint),
                          a->path);
    }
    return 0;
}

static int map_close(void *state, struct mb_err *err)
{
    struct map_state *s = state;
    int rc = 0;
    if (munmap(s->v.base, s->v.len) != 0)
        rc = mb_err_set(err, MB_E_IO, errno, "munmap", "munmap failed");
    if (close(s->fd) != 0 && !rc)
        rc = mb_err_set(err, MB_E_IO, errno, "close", "close failed");
    return rc;
}

static int map_sync(void *state, struct mb_err *err)
{
    struct map_state *s = state;
    if (msync(s->v.base, s->v.len, MS_SYNC) != 0)
        return mb_err_set(err, MB_E_IO, errno, "msync", "msync(MS_SYNC) failed");
    return 0;
}

/* Drops the mapping's page-table entries (the mapping stays): MADV_DONTNEED on a shared file
 * mapping zaps the PTEs and hands dirty bits to the page cache, so nothing written is lost and
 * the pages can then be evicted. */
static int map_drop(void *state, struct mb_err *err)
{
    struct map_state *s = state;
    if (madvise(s->v.base, s->v.len, MADV_DONTNEED) != 0)
        return mb_err_set(err, MB_E_CACHE, errno, "madvise",
                          "cannot drop the kept mapping's pages (MADV_DONTNEED)");
    return 0;
}

MB_MAP_METHODS(struct map_state, map_open, map_sync, map_close, map_drop,
               (1u << MB_HINT_SEQ) | (1u << MB_HINT_RANDOM) | (1u << MB_HINT_WILLNEED) |
                   (1u << MB_HINT_POPULATE) | (1u << MB_HINT_HUGE),
               "mmap(MAP_SHARED) of the whole file, zero-copy access, msync(MS_SYNC)",
               "mmap(MAP_SHARED) of the whole file + memcpy to/from the buffer, msync(MS_SYNC)");
