/* os/cgroup_none.c: os/cgroup.h where there are no Linux cgroups (Windows, non-Linux POSIX):
 * every call is MB_E_UNSUPPORTED, leaving and reaping do nothing. */
#include "os/cgroup.h"

#include <string.h>

#define NONE "memory limits need Linux cgroups"

int mb_cgroup_home(char *dir, size_t len, int *version, struct mb_err *err)
{
    if (len)
        dir[0] = '\0';
    *version = 0;
    return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL, NONE);
}

int mb_cgroup_enter(struct mb_cgroup *cg, uint64_t limit, const char *tag, struct mb_err *err)
{
    (void)limit, (void)tag;
    memset(cg, 0, sizeof *cg);
    return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL, NONE);
}

int mb_cgroup_usage(const struct mb_cgroup *cg, uint64_t *current, uint64_t *peak,
                    struct mb_err *err)
{
    (void)cg;
    *current = 0;
    *peak = UINT64_MAX;
    return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL, NONE);
}

int mb_cgroup_oom_kills(const struct mb_cgroup *cg, uint64_t *n, struct mb_err *err)
{
    (void)cg;
    *n = UINT64_MAX;
    return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL, NONE);
}

int mb_cgroup_leave(struct mb_cgroup *cg, struct mb_err *err)
{
    (void)err;
    cg->entered = false;
    return 0;
}

void mb_cgroup_reap_stale(FILE *note)
{
    (void)note;
}
