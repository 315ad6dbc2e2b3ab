/* os/posix/cache.c: page-cache control on Linux: cachestat(2) (or, before Linux 6.5, mincore over
 * windows of a temporary mapping) to measure, fsync + posix_fadvise(DONTNEED) to evict,
 * sequential read() to load. */
#include "os/cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MB_MINCORE_WINDOW (1ull << 30) /* 1 GiB per mincore call: 256 KiB of vector */
#define MB_LOAD_CHUNK (1u << 20)
#define MB_WARM_ATTEMPTS 4
#define MB_COLD_ATTEMPTS 5 /* the last after 320 ms of waiting for read-ahead in flight */

/* cachestat(2): the same number on every architecture (the generic syscall table); glibc
 * 2.36 has no wrapper and no SYS_ name for it. */
#define MB_NR_CACHESTAT 451

struct mb_cachestat_range {
    uint64_t off, len; /* len 0: to the end of the file */
};
struct mb_cachestat {
    uint64_t nr_cache, nr_dirty, nr_writeback, nr_evicted, nr_recently_evicted;
};

/* Residency by cachestat: 0, or the errno (ENOSYS on kernels before 6.5). */
static int resident_cachestat(int fd, uint64_t size, double *fraction)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    struct mb_cachestat_range range = {0, size};
    struct mb_cachestat cs;
    if (syscall(MB_NR_CACHESTAT, fd, &range, &cs, 0) != 0)
        return errno;
    uint64_t pages_total = (size + page - 1) / page;
    *fraction = pages_total ? (double)cs.nr_cache / (double)pages_total : 1.0;
    if (*fraction > 1.0)
        *fraction = 1.0;
    return 0;
}

static int resident_mincore(int fd, const char *path, uint64_t size, double *fraction,
                            struct mb_err *err)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    uint64_t pages_total = (size + page - 1) / page, pages_in = 0;
    uint64_t window = size < MB_MINCORE_WINDOW ? size : MB_MINCORE_WINDOW;
    unsigned char *vec = malloc((size_t)((window + page - 1) / page));
    if (!vec)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    for (uint64_t off = 0; off < size; off += MB_MINCORE_WINDOW) {
        size_t len = (size_t)(size - off < MB_MINCORE_WINDOW ? size - off : MB_MINCORE_WINDOW);
        void *p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, (off_t)off);
        if (p == MAP_FAILED) {
            free(vec);
            return mb_err_set(err, MB_E_CACHE, errno, "mmap",
                              "cannot map '%s' to measure residency", path);
        }
        int rc = mincore(p, len, vec);
        int e = errno;
        munmap(p, len);
        if (rc != 0) {
            free(vec);
            return mb_err_set(err, MB_E_CACHE, e, "mincore", "cannot measure residency of '%s'",
                              path);
        }
        size_t n = (len + page - 1) / page;
        for (size_t i = 0; i < n; i++)
            pages_in += vec[i] & 1u;
    }
    free(vec);
    *fraction = pages_total ? (double)pages_in / (double)pages_total : 1.0;
    return 0;
}

static int resident_fd(int fd, const char *path, uint64_t size, enum mb_residency how,
                       double *fraction, struct mb_err *err)
{
    if (how == MB_RESIDENCY_MINCORE)
        return resident_mincore(fd, path, size, fraction, err);
    int e = resident_cachestat(fd, size, fraction);
    if (e == 0)
        return 0;
    if (how == MB_RESIDENCY_CACHESTAT)
        return mb_err_set(err, e == ENOSYS ? MB_E_UNSUPPORTED : MB_E_CACHE, e, "cachestat",
                          "cannot measure residency of '%s' with cachestat", path);
    return resident_mincore(fd, path, size, fraction, err);
}

/* Opens `path` read-only into *fd. */
static int open_read(const char *path, int *fd, struct mb_err *err)
{
    *fd = open(path, O_RDONLY | O_CLOEXEC);
    if (*fd < 0)
        return mb_err_set(err, MB_E_IO, errno, "open", "cannot open '%s'", path);
    return 0;
}

enum mb_residency mb_cache_residency_resolve(const char *path, enum mb_residency how)
{
    if (how != MB_RESIDENCY_AUTO)
        return how;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return MB_RESIDENCY_AUTO;
    double f;
    int e = resident_cachestat(fd, 4096, &f);
    close(fd);
    return e == 0 ? MB_RESIDENCY_CACHESTAT : MB_RESIDENCY_MINCORE;
}

int mb_cache_resident(const char *path, uint64_t size, enum mb_residency how, double *fraction,
                      struct mb_err *err)
{
    int fd, orc = open_read(path, &fd, err);
    if (orc)
        return orc;
    int rc = resident_fd(fd, path, size, how, fraction, err);
    close(fd);
    return rc;
}

int mb_cache_make_cold(const char *path, uint64_t size, enum mb_residency how, double *resident,
                       struct mb_err *err)
{
    int fd, orc = open_read(path, &fd, err);
    if (orc)
        return orc;
    int rc = 0;
    /* read-ahead still in flight (a kept mapping's last faults, under a memory limit) locks
     * pages that land after the eviction: later attempts wait for it first, 20 to 320 ms */
    for (int attempt = 0; attempt < MB_COLD_ATTEMPTS && !rc; attempt++) {
        if (attempt > 0) {
            struct timespec nap = {.tv_sec = 0, .tv_nsec = 20000000L << (attempt - 1)};
            nanosleep(&nap, NULL);
        }
        if (fdatasync(fd) != 0) {
            rc = mb_err_set(err, MB_E_CACHE, errno, "fdatasync", "cannot flush '%s'", path);
            break;
        }
        int e = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        if (e != 0) {
            rc = mb_err_set(err, MB_E_CACHE, e, "posix_fadvise", "cannot evict '%s'", path);
            break;
        }
        rc = resident_fd(fd, path, size, how, resident, err);
        if (!rc && *resident <= MB_CACHE_COLD_TOLERANCE)
            break;
        if (!rc && attempt == MB_COLD_ATTEMPTS - 1)
            rc = mb_err_set(err, MB_E_CACHE, 0, NULL,
                            "cold cache could not be verified for '%s': %.1f%% still resident "
                            "after fsync + POSIX_FADV_DONTNEED (mapped or locked elsewhere?)",
                            path, *resident * 100.0);
    }
    close(fd);
    return rc;
}

/* Reads the whole file through the page cache in MB_LOAD_CHUNK pieces. */
static int load_fd(int fd, const char *path, uint64_t size, char *buf, struct mb_err *err)
{
    for (uint64_t off = 0; off < size;) {
        ssize_t n = pread(fd, buf, MB_LOAD_CHUNK, (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return mb_err_set(err, MB_E_CACHE, n < 0 ? errno : 0, "pread",
                              "cannot load '%s' into the page cache", path);
        off += (uint64_t)n;
    }
    return 0;
}

int mb_cache_make_warm(const char *path, uint64_t size, enum mb_residency how, double *resident,
                       struct mb_err *err)
{
    int fd, orc = open_read(path, &fd, err);
    if (orc)
        return orc;
    int rc = resident_fd(fd, path, size, how, resident, err);
    char *buf = NULL;
    /* Proactive reclaim (e.g. DAMON pageout in VMs) can evict the first pages of a large
     * file while its end is still being read; reading again makes them hot. */
    for (int attempt = 0; !rc && *resident < MB_CACHE_WARM_MIN && attempt < MB_WARM_ATTEMPTS;
         attempt++) {
        if (!buf && !(buf = malloc(MB_LOAD_CHUNK)))
            rc = mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
        if (!rc)
            rc = load_fd(fd, path, size, buf, err);
        if (!rc)
            rc = resident_fd(fd, path, size, how, resident, err);
    }
    free(buf);
    if (!rc && *resident < MB_CACHE_WARM_MIN)
        rc = mb_err_set(err, MB_E_CACHE, 0, NULL,
                        "warm cache could not be established for '%s': only %.1f%% resident "
                        "after reading it %d times (file larger than free memory, or "
                        "proactive reclaim evicting it?)",
                        path, *resident * 100.0, MB_WARM_ATTEMPTS);
    close(fd);
    return rc;
}
