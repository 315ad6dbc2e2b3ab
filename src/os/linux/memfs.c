/* os/linux/memfs.c: mb_cache_fs_in_memory of os/cache.h on Linux: statfs's file system magic
 * names tmpfs and ramfs, whose pages live in memory until the file is removed. */
#include <linux/magic.h>
#include <stdio.h>
#include <sys/vfs.h>

#include "os/cache.h"

bool mb_cache_fs_in_memory(const char *path, char *fs, size_t len)
{
    struct statfs st;
    if (statfs(path, &st) != 0)
        return false;
    const char *name = (unsigned long)st.f_type == TMPFS_MAGIC   ? "tmpfs"
                       : (unsigned long)st.f_type == RAMFS_MAGIC ? "ramfs"
                                                                 : NULL;
    if (name)
        snprintf(fs, len, "%s", name);
    return name != NULL;
}
