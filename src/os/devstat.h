/* os/devstat.h: device traffic of the disk(s) holding a file system: the bytes the disk(s)
 * read and wrote, sampled before and after a case to tell device I/O from page-cache hits.
 * Linux /sys/block/<disk>/stat (os/linux/devstat.c); everywhere else MB_E_UNSUPPORTED
 * (os/devstat_none.c). */
#ifndef MB_DEVSTAT_H
#define MB_DEVSTAT_H

#include <stdint.h>

#include "core/err.h"

/* The most disks one mb_devstat sums (device-mapper / md over several disks). */
#define MB_DEVSTAT_MAX 4

/* The disk(s) of a file system, resolved once by mb_devstat_open. */
struct mb_devstat {
    char name[128];                 /* the disk(s): "vda", or "nvme0n1+nvme1n1" (dm/md) */
    unsigned n;                     /* disks summed */
    char stat[MB_DEVSTAT_MAX][160]; /* /sys/block/<disk>/stat paths */
};

/* Resolves the disk(s) holding the file system of `path`: st_dev -> /sys/dev/block/M:m (or,
 * for file systems with an anonymous st_dev such as btrfs, the block device the mount's
 * source names), a partition resolved to its parent disk, device-mapper / md resolved
 * through slaves/ to the underlying disks (summed). MB_E_UNSUPPORTED with the reason when
 * there is no block device (tmpfs, overlay, nfs, ...), more than MB_DEVSTAT_MAX disks, or
 * not Linux; MB_E_IO when path cannot be stat'ed. */
int mb_devstat_open(const char *path, struct mb_devstat *ds, struct mb_err *err);

/* Bytes read and written by the disk(s) since boot (sectors, fields 3 and 7 of stat, x 512).
 * One open/pread/close per disk, no allocation: cheap enough around every pass. */
int mb_devstat_read(const struct mb_devstat *ds, uint64_t *read_bytes, uint64_t *write_bytes,
                    struct mb_err *err);

#endif
