/* methods/posix/mapwin.c: mapwin on POSIX: windowed mmap views of a configurable size (default
 * 64 MiB, a multiple of the page size) sliding over the file, the way programs map files
 * larger than their address space or budget. Zero copy, like map.
 *
 * Views sit on a fixed grid of view-size slots: a request that fits in one slot is served
 * from that slot's view (mapped on first use, replacing the previous view). A request that
 * straddles a slot boundary gets a view of its own covering [its offset rounded down to the
 * page size, its end), so access stays zero-copy and every byte is read from the file; the
 * next request goes back to the grid. The view in use is the only one mapped.
 *
 * One view is shared state, so the method is single-threaded (no MB_CAP_THREADS). Durable
 * passes end with msync(MS_SYNC) of the current view and fdatasync of the file, which also
 * writes the pages dirtied through views unmapped earlier (they stay dirty in the page cache).
 * Hints seq/random/willneed are madvise()d on every new view. */
#include "methods/map_access.h"
#include "methods/method.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int mb_mapwin_check_view(uint64_t bytes, struct mb_err *err)
{
    uint64_t gran = (uint64_t)sysconf(_SC_PAGESIZE);
    if (bytes == 0 || bytes % gran != 0 || bytes > (uint64_t)SIZE_MAX / 2)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "bad mapwin view size %llu: must be a non-zero multiple of the "
                          "mapping granularity (%llu bytes, the page size)",
                          (unsigned long long)bytes, (unsigned long long)gran);
    return 0;
}

struct mapwin_state {
    int fd;
    unsigned char *view; /* NULL when none is mapped */
    uint64_t vstart;     /* file offset of view[0] */
    uint64_t vend;       /* end of the file range the view serves */
    size_t vlen;         /* mapped length */
    uint64_t size, vsize, gran;
    int prot, advice;
};

static int mapwin_open(void *state, const struct mb_open_args *a, struct mb_err *err)
{
    struct mapwin_state *s = state;
    memset(s, 0, sizeof *s);
    int rdonly = a->access == MB_ACCESS_READ;
    s->advice = -1;
    if (a->hint == MB_HINT_SEQ)
        s->advice = MADV_SEQUENTIAL;
    else if (a->hint == MB_HINT_RANDOM)
        s->advice = MADV_RANDOM;
    else if (a->hint == MB_HINT_WILLNEED)
        s->advice = MADV_WILLNEED;
    else if (a->hint != MB_HINT_NONE)
        return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL, "mapwin does not take hint %s",
                          mb_hint_name(a->hint));
    s->fd = open(a->path, (rdonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if (s->fd < 0)
        return mb_err_set(err, MB_E_IO, errno, "open", "cannot open '%s'", a->path);
    s->prot = rdonly ? PROT_READ : PROT_READ | PROT_WRITE;
    s->size = a->size;
    s->vsize = a->view_size ? a->view_size : MB_MAPWIN_VIEW_DEFAULT;
    s->gran = (uint64_t)sysconf(_SC_PAGESIZE);
    return 0;
}

static int unmap_view(struct mapwin_state *s, struct mb_err *err)
{
    if (s->view && munmap(s->view, s->vlen) != 0)
        return mb_err_set(err, MB_E_IO, errno, "munmap", "munmap of a view failed");
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
    void *p = mmap(NULL, vlen, s->prot, MAP_SHARED, s->fd, (off_t)start);
    if (p == MAP_FAILED) {
        mb_err_set(err, MB_E_IO, errno, "mmap", "cannot map a view of %zu bytes at %llu", vlen,
                   (unsigned long long)start);
        return NULL;
    }
    if (s->advice >= 0 && madvise(p, vlen, s->advice) != 0) {
        int e = errno;
        munmap(p, vlen);
        mb_err_set(err, MB_E_UNSUPPORTED, e, "madvise", "the kernel refused a hint on a view");
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
    if (s->view && msync(s->view, s->vlen, MS_SYNC) != 0)
        return mb_err_set(err, MB_E_IO, errno, "msync", "msync(MS_SYNC) of a view failed");
    if (fdatasync(s->fd) != 0)
        return mb_err_set(err, MB_E_IO, errno, "fdatasync", "fdatasync failed");
    return 0;
}

static int mapwin_close(void *state, struct mb_err *err)
{
    struct mapwin_state *s = state;
    int rc = unmap_view(s, err);
    if (close(s->fd) != 0 && !rc)
        rc = mb_err_set(err, MB_E_IO, errno, "close", "close failed");
    return rc;
}

/* Unmaps the view in use (the file stays open; the next request maps its view again). */
static int mapwin_drop(void *state, struct mb_err *err)
{
    return unmap_view(state, err);
}

const struct mb_method mb_method_mapwin = {
    .name = "mapwin",
    .api = "mmap(MAP_SHARED) views sliding over the file (64 MiB, or --mapwin-view; "
           "page-aligned; a straddling request gets its own view), zero-copy access, "
           "msync(MS_SYNC) + fdatasync",
    .caps = MB_CAP_MAPPED | MB_CAP_WRITE | MB_CAP_COLD,
    .hints = (1u << MB_HINT_SEQ) | (1u << MB_HINT_RANDOM) | (1u << MB_HINT_WILLNEED),
    .state_size = sizeof(struct mapwin_state),
    .open = mapwin_open,
    .get = mapwin_get,
    .put_begin = mapwin_put_begin,
    .put_end = mb_map_put_end,
    .sync = mapwin_sync,
    .close = mapwin_close,
    .drop = mapwin_drop,
};
