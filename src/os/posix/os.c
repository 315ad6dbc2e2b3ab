/* os/posix/os.c: os/os.h on POSIX (Linux): clock_gettime, getrusage, statvfs, open/pwrite/fsync,
 * renameat2(RENAME_NOREPLACE). */
#include "os/os.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

void mb_os_strerror(int os, char *buf, size_t len)
{
    /* GNU strerror_r may return a static string instead of filling buf. */
    const char *s = strerror_r(os, buf, len);
    if (s != buf)
        snprintf(buf, len, "%s", s);
}

uint64_t mb_os_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

size_t mb_os_page_size(void)
{
    long p = sysconf(_SC_PAGESIZE);
    return p > 0 ? (size_t)p : 4096;
}

int mb_os_cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

void *mb_os_alloc_aligned(size_t align, size_t size)
{
    void *p = NULL;
    if (posix_memalign(&p, align, size ? size : align) != 0)
        return NULL;
    return p;
}

void mb_os_free_aligned(void *p)
{
    free(p);
}

/* Sums the per-CPU counts on the "TLB:" line of /proc/interrupts (x86 Linux). */
uint64_t mb_os_tlb_shootdowns(void)
{
    FILE *f = fopen("/proc/interrupts", "r");
    if (!f)
        return 0;
    char line[4096];
    uint64_t total = 0;
    while (fgets(line, sizeof line, f)) {
        char *p = line;
        while (*p == ' ')
            p++;
        if (strncmp(p, "TLB:", 4) != 0)
            continue;
        p += 4;
        for (;;) {
            char *end;
            unsigned long long v = strtoull(p, &end, 10);
            if (end == p)
                break;
            total += v;
            p = end;
        }
        break;
    }
    fclose(f);
    return total;
}

void mb_os_usage(struct mb_usage *u)
{
    struct rusage r;
    memset(u, 0, sizeof *u);
    if (getrusage(RUSAGE_SELF, &r) == 0) {
        u->usr_s = (double)r.ru_utime.tv_sec + (double)r.ru_utime.tv_usec * 1e-6;
        u->sys_s = (double)r.ru_stime.tv_sec + (double)r.ru_stime.tv_usec * 1e-6;
        u->minflt = (uint64_t)r.ru_minflt;
        u->majflt = (uint64_t)r.ru_majflt;
        u->nvcsw = (uint64_t)r.ru_nvcsw;
        u->nivcsw = (uint64_t)r.ru_nivcsw;
    }
}

bool mb_os_under_wine(void)
{
    return false;
}

int mb_os_dir_check(const char *dir, struct mb_err *err)
{
    struct stat st;
    if (stat(dir, &st) != 0)
        return mb_err_set(err, MB_E_USAGE, errno, "stat", "data directory '%s' does not exist",
                          dir);
    if (!S_ISDIR(st.st_mode))
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "data directory '%s' is not a directory", dir);
    if (access(dir, W_OK | X_OK) != 0)
        return mb_err_set(err, MB_E_USAGE, errno, "access", "data directory '%s' is not writable",
                          dir);
    return 0;
}

int mb_os_mkdir(const char *dir, struct mb_err *err)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return mb_err_set(err, MB_E_IO, errno, "mkdir", "cannot create directory '%s'", dir);
    return 0;
}

int mb_os_free_space(const char *dir, uint64_t *bytes, struct mb_err *err)
{
    struct statvfs s;
    if (statvfs(dir, &s) != 0)
        return mb_err_set(err, MB_E_IO, errno, "statvfs", "cannot read free space of '%s'", dir);
    *bytes = (uint64_t)s.f_bavail * (uint64_t)s.f_frsize;
    return 0;
}

int mb_file_stat(const char *path, bool *exists, struct mb_file_info *info, struct mb_err *err)
{
    struct stat st;
    memset(info, 0, sizeof *info);
    if (lstat(path, &st) != 0) {
        if (errno == ENOENT) {
            *exists = false;
            return 0;
        }
        return mb_err_set(err, MB_E_IO, errno, "lstat", "cannot stat '%s'", path);
    }
    *exists = true;
    info->size = (uint64_t)st.st_size;
    info->allocated = (uint64_t)st.st_blocks * 512u;
    info->dev = (uint64_t)st.st_dev;
    info->ino = (uint64_t)st.st_ino;
    info->regular = S_ISREG(st.st_mode);
    return 0;
}

int mb_file_create_excl(const char *path, mb_fh *fh, struct mb_err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return mb_err_set(err, errno == EEXIST ? MB_E_FOREIGN : MB_E_IO, errno, "open",
                          "cannot create '%s'", path);
    *fh = fd;
    return 0;
}

int mb_file_open_read(const char *path, mb_fh *fh, struct mb_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return mb_err_set(err, MB_E_IO, errno, "open", "cannot open '%s'", path);
    *fh = fd;
    return 0;
}

int mb_file_write_at(mb_fh fh, uint64_t off, const void *buf, size_t len, struct mb_err *err)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = pwrite((int)fh, p, len, (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return mb_err_set(err, MB_E_IO, n < 0 ? errno : EIO, "pwrite",
                              "write failed at offset %llu", (unsigned long long)off);
        p += n;
        off += (uint64_t)n;
        len -= (size_t)n;
    }
    return 0;
}

int mb_file_read_at(mb_fh fh, uint64_t off, void *buf, size_t len, struct mb_err *err)
{
    char *p = buf;
    while (len > 0) {
        ssize_t n = pread((int)fh, p, len, (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return mb_err_set(err, MB_E_IO, errno, "pread", "read failed at offset %llu",
                              (unsigned long long)off);
        if (n == 0)
            return mb_err_set(err, MB_E_CHANGED, 0, "pread",
                              "unexpected end of file at offset %llu (file truncated?)",
                              (unsigned long long)off);
        p += n;
        off += (uint64_t)n;
        len -= (size_t)n;
    }
    return 0;
}

int mb_file_sync(mb_fh fh, struct mb_err *err)
{
    if (fsync((int)fh) != 0)
        return mb_err_set(err, MB_E_IO, errno, "fsync", "fsync failed");
    return 0;
}

int mb_file_close(mb_fh fh, struct mb_err *err)
{
    if (close((int)fh) != 0)
        return mb_err_set(err, MB_E_IO, errno, "close", "close failed");
    return 0;
}

int mb_file_rename_noreplace(const char *from, const char *to, struct mb_err *err)
{
    if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno == EEXIST)
        return mb_err_set(err, MB_E_FOREIGN, errno, "renameat2",
                          "'%s' appeared while it was being created; not overwritten", to);
    if (errno != EINVAL && errno != ENOSYS)
        return mb_err_set(err, MB_E_IO, errno, "renameat2", "cannot rename '%s' to '%s'", from, to);
    /* file systems without RENAME_NOREPLACE: link() fails if `to` exists */
    if (link(from, to) != 0)
        return mb_err_set(err, errno == EEXIST ? MB_E_FOREIGN : MB_E_IO, errno, "link",
                          "cannot move '%s' to '%s'", from, to);
    unlink(from);
    return 0;
}

int mb_file_rename_replace(const char *from, const char *to, struct mb_err *err)
{
    if (rename(from, to) != 0)
        return mb_err_set(err, MB_E_IO, errno, "rename", "cannot rename '%s' to '%s'", from, to);
    return 0;
}

int mb_file_unlink(const char *path, struct mb_err *err)
{
    if (unlink(path) != 0 && errno != ENOENT)
        return mb_err_set(err, MB_E_IO, errno, "unlink", "cannot remove '%s'", path);
    return 0;
}
