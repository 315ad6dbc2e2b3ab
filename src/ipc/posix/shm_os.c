/* ipc/posix/shm_os.c: ipc/shm_os.h on POSIX: `shm` is a POSIX shared memory object (shm_open
 * + posix_fallocate + mmap), `shm-file` a file in the data directory (open + posix_fallocate + mmap
 * MAP_SHARED). The rings' futexes need no names: the bells' prefix is the object's name. */
#include "ipc/shm_os.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

/* The longest name kept (a path). */
#define NAME_MAX_LEN 4096

const char mb_shm_api_shm[] = "shm_open+posix_fallocate+mmap(MAP_SHARED), SPSC ring, futex";
const char mb_shm_api_file[] = "open+posix_fallocate+mmap(MAP_SHARED) of a file, SPSC ring, futex";

int mb_shm_obj_name(bool is_file, const struct mb_ipc_params *p, char *buf, size_t len,
                    struct mb_err *err)
{
    if (len > NAME_MAX_LEN)
        len = NAME_MAX_LEN;
    int n = is_file ? snprintf(buf, len, "%s/%s.ring", p->dir, p->base)
                    : snprintf(buf, len, "/%s", p->base);
    if (n < 0 || (size_t)n >= len || (!is_file && n > 255))
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "shared object name for '%s' is too long",
                          p->base);
    return 0;
}

int mb_shm_obj_preflight(bool is_file, const char *name, struct mb_err *err)
{
    if (is_file) {
        struct stat st;
        if (lstat(name, &st) == 0)
            return mb_err_set(err, MB_E_FOREIGN, 0, NULL,
                              "ring file '%s' already exists and was not created by this run "
                              "(remove it if it is stale)",
                              name);
        return 0;
    }
    int fd = shm_open(name, O_RDONLY, 0);
    if (fd >= 0) {
        close(fd);
        return mb_err_set(err, MB_E_FOREIGN, 0, NULL,
                          "shared memory object '%s' already exists and was not created by this "
                          "run (remove /dev/shm%s if it is stale)",
                          name, name);
    }
    if (errno == EACCES)
        return mb_err_set(err, MB_E_FOREIGN, errno, "shm_open",
                          "shared memory object '%s' already exists and is not ours", name);
    return 0;
}

void mb_shm_obj_unlink(struct mb_shm_obj *o)
{
    if (!o->named)
        return;
    if (o->is_file)
        unlink(o->name);
    else
        shm_unlink(o->name);
    o->named = false;
}

void mb_shm_obj_close(struct mb_shm_obj *o)
{
    if (o->map)
        munmap(o->map, o->map_len);
    o->map = NULL;
    if (o->fd > 0)
        close((int)o->fd);
    o->fd = -1;
    mb_shm_obj_unlink(o);
}

static int map(struct mb_shm_obj *o, struct mb_err *err)
{
    void *m = mmap(NULL, o->map_len, PROT_READ | PROT_WRITE, MAP_SHARED, (int)o->fd, 0);
    if (m == MAP_FAILED)
        return mb_err_set(err, MB_E_IO, errno, "mmap", "cannot map '%s'", o->name);
    o->map = m;
    snprintf(o->bells, sizeof o->bells, "%s", o->name);
    return 0;
}

int mb_shm_obj_create(struct mb_shm_obj *o, struct mb_err *err)
{
    int fd = o->is_file ? open(o->name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600)
                        : shm_open(o->name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        int e = errno;
        if (e == EEXIST)
            return mb_err_set(err, MB_E_FOREIGN, 0, NULL,
                              "%s '%s' already exists and was not created by this run (remove "
                              "it if it is stale)",
                              o->is_file ? "ring file" : "shared memory object", o->name);
        return mb_err_set(err, MB_E_IO, e, o->is_file ? "open" : "shm_open", "cannot create '%s'",
                          o->name);
    }
    o->fd = fd;
    o->named = true;
    if (ftruncate(fd, (off_t)o->map_len) != 0)
        return mb_err_set(err, MB_E_IO, errno, "ftruncate", "cannot size '%s'", o->name);
    /* real pages / blocks for both kinds, so page faults on the ring never allocate: a full
     * /dev/shm (a container's 64 MiB) or a full disk is this error, not a SIGBUS mid-case. The
     * free space is checked first, so a huge ring never fills the disk on its way to ENOSPC. */
    struct statvfs vs;
    int e = 0;
    if (fstatvfs(fd, &vs) == 0 && (uint64_t)vs.f_bavail * vs.f_frsize < o->map_len)
        e = ENOSPC;
    if (!e)
        e = posix_fallocate(fd, 0, (off_t)o->map_len);
    if (e == ENOSPC)
        return mb_err_set(err, MB_E_IO, e, "posix_fallocate",
                          "no room for the %zu-byte ring '%s' on %s (a smaller --ring-size, or "
                          "free space there)",
                          o->map_len, o->is_file ? o->name : o->name + 1,
                          o->is_file ? "the data directory's file system" : "/dev/shm");
    if (e)
        return mb_err_set(err, MB_E_IO, e, "posix_fallocate", "cannot allocate '%s'", o->name);
    return map(o, err);
}

int mb_shm_obj_open(struct mb_shm_obj *o, struct mb_err *err)
{
    int fd = o->is_file ? open(o->name, O_RDWR | O_CLOEXEC) : shm_open(o->name, O_RDWR, 0);
    if (fd < 0)
        return mb_err_set(err, MB_E_IO, errno, o->is_file ? "open" : "shm_open", "cannot open '%s'",
                          o->name);
    o->fd = fd;
    struct stat sb;
    if (fstat(fd, &sb) != 0)
        return mb_err_set(err, MB_E_IO, errno, "fstat", "cannot stat '%s'", o->name);
    if ((uint64_t)sb.st_size != o->map_len)
        return mb_err_set(err, MB_E_VERIFY, 0, NULL, "'%s' has %lld bytes, expected %zu", o->name,
                          (long long)sb.st_size, o->map_len);
    return map(o, err);
}
