/* os/devstat_none.c: os/devstat.h where /sys/block does not exist (Windows, non-Linux POSIX):
 * no device counters, said so. */
#include "os/devstat.h"

#include <string.h>

int mb_devstat_open(const char *path, struct mb_devstat *ds, struct mb_err *err)
{
    (void)path;
    memset(ds, 0, sizeof *ds);
    return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL, "device counters need Linux /sys/block");
}

int mb_devstat_read(const struct mb_devstat *ds, uint64_t *read_bytes, uint64_t *write_bytes,
                    struct mb_err *err)
{
    (void)ds;
    *read_bytes = *write_bytes = 0;
    return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL, "device counters need Linux /sys/block");
}
