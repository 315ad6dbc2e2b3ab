/* os/memfs_none.c: mb_cache_fs_in_memory of os/cache.h where no in-memory file system is
 * recognised (Windows has none that mapbench can be pointed at). */
#include "os/cache.h"

bool mb_cache_fs_in_memory(const char *path, char *fs, size_t len)
{
    (void)path;
    (void)fs;
    (void)len;
    return false;
}
