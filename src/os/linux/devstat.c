/* os/linux/devstat.c: os/devstat.h on Linux: the disk(s) of a file system found through
 * /sys/dev/block (partitions to their disk, device-mapper and md through slaves/), their
 * traffic read from /sys/block/<disk>/stat. */
#include "os/devstat.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* Deepest stack of virtual devices followed (dm over md over partitions, ...). */
#define DEPTH_MAX 8

/* The mount of a file (from /proc/self/mountinfo): the one whose device number is maj:min,
 * else (a btrfs subvolume that is not mounted itself has a device number of its own) the one
 * with the longest mount point holding `real`, the file's resolved path. Its file system type
 * and source; false when none is found. */
static bool mount_of(unsigned maj, unsigned min, const char *real, char *fstype, size_t flen,
                     char *source, size_t slen)
{
    FILE *f = fopen("/proc/self/mountinfo", "re");
    if (!f)
        return false;
    char line[4096];
    size_t best = 0;
    bool found = false, exact = false;
    while (!exact && fgets(line, sizeof line, f)) {
        unsigned a, b;
        char point[1024], t[64], s[256];
        char *dash = strstr(line, " - ");
        if (!dash || sscanf(line, "%*s %*s %u:%u %*s %1023s", &a, &b, point) != 3 ||
            sscanf(dash + 3, "%63s %255s", t, s) != 2)
            continue;
        size_t pl = strlen(point);
        exact = a == maj && b == min;
        bool holds = strncmp(real, point, pl) == 0 &&
                     (real[pl] == '/' || real[pl] == '\0' || strcmp(point, "/") == 0);
        if (!exact && !(holds && pl >= best))
            continue;
        best = pl;
        snprintf(fstype, flen, "%s", t);
        snprintf(source, slen, "%s", s);
        found = true;
    }
    fclose(f);
    return found;
}

/* Appends the disk `name` (deduplicated) to ds. */
static int add_disk(struct mb_devstat *ds, const char *name, const char *path, struct mb_err *err)
{
    char stat[sizeof ds->stat[0]];
    int n = snprintf(stat, sizeof stat, "/sys/block/%s/stat", name);
    if (n < 0 || (size_t)n >= sizeof stat)
        return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL,
                          "the disk name '%s' under '%s' is too long", name, path);
    for (unsigned i = 0; i < ds->n; i++)
        if (strcmp(ds->stat[i], stat) == 0)
            return 0;
    if (access(stat, R_OK) != 0)
        return mb_err_set(err, MB_E_UNSUPPORTED, errno, "access",
                          "no traffic counters for disk '%s' (of '%s')", name, path);
    if (ds->n == MB_DEVSTAT_MAX)
        return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL,
                          "'%s' spans more than %d disks (%s+%s+...)", path, MB_DEVSTAT_MAX,
                          ds->name, name);
    size_t used = strlen(ds->name);
    n = snprintf(ds->name + used, sizeof ds->name - used, "%s%s", ds->n ? "+" : "", name);
    if (n < 0 || (size_t)n >= sizeof ds->name - used)
        return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL,
                          "the disk names of '%s' are too long (%s+%s)", path, ds->name, name);
    memcpy(ds->stat[ds->n++], stat, sizeof stat);
    return 0;
}

/* Adds the disk(s) under the sysfs block device directory `dev` (a resolved path): a
 * partition counts as its parent disk; a device with slaves (dm, md) as its slaves' disks. */
static int add_device(struct mb_devstat *ds, const char *dev, int depth, const char *path,
                      struct mb_err *err)
{
    if (depth > DEPTH_MAX)
        return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL,
                          "the block devices under '%s' nest deeper than %d levels", path,
                          DEPTH_MAX);
    char disk[PATH_MAX], probe[PATH_MAX + 16];
    snprintf(disk, sizeof disk, "%s", dev);
    snprintf(probe, sizeof probe, "%s/partition", disk);
    if (access(probe, F_OK) == 0) {
        char *slash = strrchr(disk, '/');
        if (slash && slash != disk)
            *slash = '\0';
    }
    const char *name = strrchr(disk, '/');
    name = name ? name + 1 : disk;
    snprintf(probe, sizeof probe, "%s/slaves", disk);
    DIR *d = opendir(probe);
    bool slaves = false;
    int rc = 0;
    if (d) {
        struct dirent *e;
        while (rc == 0 && (e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            char link[PATH_MAX + 300], real[PATH_MAX];
            snprintf(link, sizeof link, "%s/%s", probe, e->d_name);
            if (!realpath(link, real)) {
                rc = mb_err_set(err, MB_E_IO, errno, "realpath",
                                "cannot resolve the slave '%s' of disk '%s'", e->d_name, name);
                break;
            }
            slaves = true;
            rc = add_device(ds, real, depth + 1, path, err);
        }
        closedir(d);
    }
    if (rc != 0 || slaves)
        return rc;
    return add_disk(ds, name, path, err);
}

int mb_devstat_open(const char *path, struct mb_devstat *ds, struct mb_err *err)
{
    memset(ds, 0, sizeof *ds);
    struct stat st;
    if (stat(path, &st) != 0)
        return mb_err_set(err, MB_E_IO, errno, "stat", "cannot stat '%s'", path);
    unsigned maj = major(st.st_dev), min = minor(st.st_dev);
    char link[64], real[PATH_MAX];
    snprintf(link, sizeof link, "/sys/dev/block/%u:%u", maj, min);
    if (!realpath(link, real)) {
        /* no block device of that number: an anonymous device (tmpfs, overlay, nfs, or btrfs,
         * whose st_dev is anonymous even on a disk); the mount's source may name the disk */
        char fstype[64] = "?", source[256] = "?", file[PATH_MAX];
        bool mounted = realpath(path, file) &&
                       mount_of(maj, min, file, fstype, sizeof fstype, source, sizeof source);
        struct stat bs;
        if (!mounted || strncmp(source, "/dev/", 5) != 0 || stat(source, &bs) != 0 ||
            !S_ISBLK(bs.st_mode))
            return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL,
                              "'%s' is on %s (source %s, device %u:%u), which has no block "
                              "device",
                              path, fstype, source, maj, min);
        snprintf(link, sizeof link, "/sys/dev/block/%u:%u", major(bs.st_rdev), minor(bs.st_rdev));
        if (!realpath(link, real))
            return mb_err_set(err, MB_E_UNSUPPORTED, errno, "realpath",
                              "'%s' is on %s, whose device %s is not in /sys/dev/block", path,
                              fstype, source);
    }
    int rc = add_device(ds, real, 0, path, err);
    if (rc == 0 && ds->n == 0)
        rc = mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL, "no disk found under '%s'", path);
    if (rc != 0)
        memset(ds, 0, sizeof *ds);
    return rc;
}

/* Field i (1-based) of a stat line, as a number; false when the line is shorter. */
static bool stat_field(const char *s, int i, uint64_t *v)
{
    for (int k = 1;; k++) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s < '0' || *s > '9')
            return false;
        uint64_t x = 0;
        while (*s >= '0' && *s <= '9')
            x = x * 10 + (uint64_t)(*s++ - '0');
        if (k == i) {
            *v = x;
            return true;
        }
    }
}

int mb_devstat_read(const struct mb_devstat *ds, uint64_t *read_bytes, uint64_t *write_bytes,
                    struct mb_err *err)
{
    uint64_t r = 0, w = 0;
    if (ds->n == 0)
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "device counters were not opened");
    for (unsigned i = 0; i < ds->n; i++) {
        char buf[512];
        int fd = open(ds->stat[i], O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return mb_err_set(err, MB_E_IO, errno, "open", "cannot open '%s'", ds->stat[i]);
        ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
        int e = errno;
        close(fd);
        if (n < 0)
            return mb_err_set(err, MB_E_IO, e, "pread", "cannot read '%s'", ds->stat[i]);
        buf[n] = '\0';
        uint64_t sr, sw;
        if (!stat_field(buf, 3, &sr) || !stat_field(buf, 7, &sw))
            return mb_err_set(err, MB_E_IO, 0, NULL, "'%s' does not hold disk statistics",
                              ds->stat[i]);
        r += sr * 512u;
        w += sw * 512u;
    }
    *read_bytes = r;
    *write_bytes = w;
    return 0;
}
