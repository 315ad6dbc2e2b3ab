/* os/cgroup.h: a memory cgroup per case, so a file larger than the limit is "larger than memory"
 * without a file larger than RAM: the process moves into a child memory cgroup with a hard
 * limit (and no swap), its usage, peak and OOM kills are read from the cgroup's files, and it
 * moves back and removes the cgroup afterwards (also when interrupted, and at the next start
 * when an earlier run was killed). Linux cgroup v1 and v2 (os/linux/cgroup.c); everywhere else
 * every call is MB_E_UNSUPPORTED (os/cgroup_none.c). */
#ifndef MB_CGROUP_H
#define MB_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"

/* Margin above the process's resident set that a limit must leave (mb_cgroup_enter). */
#define MB_CGROUP_MARGIN (8ull << 20)

/* What a case's cgroup is; filled by mb_cgroup_enter. */
struct mb_cgroup {
    char dir[512];  /* the cgroup directory we created */
    char home[512]; /* the cgroup directory we came from (to move back) */
    int version;    /* 1 or 2 */
    uint64_t limit; /* bytes: the limit the kernel applies (the one asked, in whole pages) */
    bool entered;
};

/* The directory of the memory cgroup this process is in (below which mb_cgroup_enter creates
 * its cgroup; on v2 possibly beside it, see there) into dir, and its cgroup version (1 or 2) into
 * *version. Checks what mb_cgroup_enter needs without changing anything: MB_E_UNSUPPORTED with the
 * reason when no memory controller is mounted (v2: memory not in the cgroup's cgroup.controllers,
 * and no v1 memory mount), the hierarchy is read-only (EROFS), this process may not write it
 * (EACCES), or not Linux. */
int mb_cgroup_home(char *dir, size_t len, int *version, struct mb_err *err);

/* Creates the child memory cgroup "mapbench-<pid>-<tag>" (tag: 1 to 64 letters, digits, '.',
 * '_', '-') below the cgroup this process is in for the memory controller, limited to `limit`
 * bytes (v2 memory.max, and memory.swap.max=0 when present; v1 memory.limit_in_bytes, and
 * memory.memsw.limit_in_bytes = limit when the file exists), and moves this whole process
 * (every thread: cgroup.procs) into it. v2 needs the memory controller in the home cgroup's
 * cgroup.subtree_control: it is enabled when missing; when the kernel refuses because home
 * holds processes (EBUSY, v2's no-internal-processes rule: the usual case outside the root
 * cgroup) the cgroup is made beside home instead, below home's parent, which does give memory
 * to its children; anything else is MB_E_UNSUPPORTED. Installs SIGINT/SIGTERM/SIGHUP handlers
 * (saving the previous ones; an ignored signal stays ignored) that move the process home,
 * remove the cgroup and re-raise the signal with its default action.
 * MB_E_UNSUPPORTED with the reason when cgroups are not usable (see mb_cgroup_home, and
 * EACCES/EPERM/EROFS creating or writing the cgroup); MB_E_USAGE for a limit of 0, a limit
 * below this process's resident set plus MB_CGROUP_MARGIN (both numbers named), a limit above
 * physical RAM, a bad tag, or a cgroup already entered; MB_E_IO for other failures. On
 * failure nothing is left behind: the process is home and no cgroup was kept. */
int mb_cgroup_enter(struct mb_cgroup *cg, uint64_t limit, const char *tag, struct mb_err *err);

/* Current and peak usage of the cgroup in bytes (v2 memory.current / memory.peak: *peak is
 * UINT64_MAX on kernels without memory.peak; v1 memory.usage_in_bytes /
 * memory.max_usage_in_bytes). MB_E_USAGE when cg is not entered. */
int mb_cgroup_usage(const struct mb_cgroup *cg, uint64_t *current, uint64_t *peak,
                    struct mb_err *err);

/* OOM kills inside the cgroup so far (v2 memory.events oom_kill; v1 memory.oom_control
 * oom_kill), or UINT64_MAX when the kernel does not report them. MB_E_USAGE when not
 * entered. */
int mb_cgroup_oom_kills(const struct mb_cgroup *cg, uint64_t *n, struct mb_err *err);

/* Moves the process back home, removes the cgroup (rmdir, retried for up to ~1 s while the
 * kernel still lists tasks in it) and restores the signal handlers mb_cgroup_enter replaced.
 * Safe (returns 0) on a cg that was never entered or was already left; cg->entered is false
 * afterwards even on failure. */
int mb_cgroup_leave(struct mb_cgroup *cg, struct mb_err *err);

/* Removes the cgroups "mapbench-<pid>-*" below this process's memory cgroup (and, v2, below
 * its parent: where mb_cgroup_enter creates them) whose pid is no longer alive: what an
 * earlier run killed by SIGKILL or the OOM killer left. Writes one line per cgroup removed (or
 * found but not removable) to `note` (NULL: silent), with its OOM kill count. Does nothing
 * where memory cgroups are not usable. */
void mb_cgroup_reap_stale(FILE *note);

#endif
