/* os/linux/cgroup_fs.h: reading the cgroup file system, shared by os/linux/cgroup.c (a case's
 * cgroup) and os/linux/cgroup_fs.c (finding this process's memory hierarchy). Linux only. */
#ifndef MB_OS_CGROUP_FS_H
#define MB_OS_CGROUP_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* Reads the first line of dir/name into buf (no newline): 0 or an errno. */
int mb_cgfs_read_text(const char *dir, const char *name, char *buf, size_t len);

/* The number in dir/name (an unsigned decimal, or "max" as UINT64_MAX). */
int mb_cgfs_read_u64(const char *dir, const char *name, uint64_t *v, struct mb_err *err);

/* The value of the line "key N" in dir/name (memory.events, memory.oom_control); false when
 * the file or the key is missing. */
bool mb_cgfs_read_keyed(const char *dir, const char *name, const char *key, uint64_t *v);

/* True when the comma- or blank-separated list holds word. */
bool mb_cgfs_list_has(const char *list, const char *word);

#endif
