/* os/linux/cgroup_fs.c: reading cgroup files (a line, a number, a keyed value) and finding
 * this process's memory cgroup through /proc/self/cgroup and /proc/self/mountinfo
 * (mb_cgroup_home of os/cgroup.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "os/cgroup.h"
#include "os/linux/cgroup_fs.h"

/* Reads the first line of dir/name into buf (no newline): 0 or an errno. */
int mb_cgfs_read_text(const char *dir, const char *name, char *buf, size_t len)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    ssize_t n = read(fd, buf, len - 1);
    int e = n < 0 ? errno : 0;
    close(fd);
    if (e)
        return e;
    buf[n] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
    return 0;
}

/* The number in dir/name (an unsigned decimal, or "max" as UINT64_MAX). */
int mb_cgfs_read_u64(const char *dir, const char *name, uint64_t *v, struct mb_err *err)
{
    char buf[64];
    int e = mb_cgfs_read_text(dir, name, buf, sizeof buf);
    if (e)
        return mb_err_set(err, MB_E_IO, e, "read", "cannot read %s/%s", dir, name);
    if (strcmp(buf, "max") == 0) {
        *v = UINT64_MAX;
        return 0;
    }
    char *end;
    errno = 0;
    unsigned long long x = strtoull(buf, &end, 10);
    if (end == buf || errno)
        return mb_err_set(err, MB_E_IO, 0, NULL, "%s/%s holds '%s', not a number", dir, name, buf);
    *v = x;
    return 0;
}

/* The value of the line "key N" in dir/name (memory.events, memory.oom_control); false when
 * the file or the key is missing. */
bool mb_cgfs_read_keyed(const char *dir, const char *name, const char *key, uint64_t *v)
{
    char path[700], line[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "re");
    if (!f)
        return false;
    size_t kl = strlen(key);
    bool found = false;
    while (!found && fgets(line, sizeof line, f))
        if (strncmp(line, key, kl) == 0 && line[kl] == ' ') {
            *v = strtoull(line + kl + 1, NULL, 10);
            found = true;
        }
    fclose(f);
    return found;
}

/* True when the comma- or blank-separated list holds word. */
bool mb_cgfs_list_has(const char *list, const char *word)
{
    size_t wl = strlen(word);
    for (const char *s = list; *s;) {
        size_t n = strcspn(s, ", \n");
        if (n == wl && strncmp(s, word, wl) == 0)
            return true;
        s += n;
        s += strspn(s, ", \n");
    }
    return false;
}

/* Undoes mountinfo's octal escapes (\040 for a blank) in place. */
static void unescape(char *s)
{
    char *d = s;
    for (; *s; s++) {
        if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
            s[3] >= '0' && s[3] <= '7') {
            *d++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
            s += 3;
        } else {
            *d++ = *s;
        }
    }
    *d = '\0';
}

/* This process's memory cgroup paths (/proc/self/cgroup): the v1 memory line's path into v1
 * and the v2 "0::" line's into v2 ("" when absent). */
static void self_cgroups(char *v1, char *v2, size_t len)
{
    v1[0] = v2[0] = '\0';
    FILE *f = fopen("/proc/self/cgroup", "re");
    if (!f)
        return;
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *c1 = strchr(line, ':');
        char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (!c2)
            continue;
        *c2 = '\0';
        if (strcmp(line, "0:") == 0 && c1 + 1 == c2)
            snprintf(v2, len, "%s", c2 + 1);
        else if (mb_cgfs_list_has(c1 + 1, "memory"))
            snprintf(v1, len, "%s", c2 + 1);
    }
    fclose(f);
}

/* The directory of cgroup `path` in the hierarchy mounted at point showing root; false when
 * path lies outside what the mount shows. */
static bool cgroup_dir(const char *point, const char *root, const char *path, char *dir, size_t len)
{
    size_t rl = strcmp(root, "/") == 0 ? 0 : strlen(root);
    if (rl && (strncmp(path, root, rl) != 0 || (path[rl] != '/' && path[rl] != '\0')))
        return false;
    const char *rel = path + rl;
    if (strcmp(rel, "/") == 0)
        rel = "";
    int n = snprintf(dir, len, "%s%s", point, rel);
    return n > 0 && (size_t)n < len;
}

/* The directory of cgroup `path` under the first mount (/proc/self/mountinfo) that shows it,
 * of type cgroup with the memory option (v1) or of type cgroup2 (v2): 1 and the directory in
 * dir; 0 when no such mount exists; -1 when none shows path (the last one's mount point in
 * point). */
static int cgroup_find(int version, const char *path, char *dir, size_t len, char *point,
                       size_t plen)
{
    FILE *f = fopen("/proc/self/mountinfo", "re");
    if (!f)
        return 0;
    char line[4096];
    int found = 0;
    while (found != 1 && fgets(line, sizeof line, f)) {
        char r[512], p[512], type[64], source[256], super[1024] = "";
        char *dash = strstr(line, " - ");
        if (!dash || sscanf(line, "%*s %*s %*s %511s %511s", r, p) != 2 ||
            sscanf(dash + 3, "%63s %255s %1023s", type, source, super) < 2)
            continue;
        if (version == 2 ? strcmp(type, "cgroup2") != 0
                         : strcmp(type, "cgroup") != 0 || !mb_cgfs_list_has(super, "memory"))
            continue;
        unescape(r);
        unescape(p);
        snprintf(point, plen, "%s", p);
        found = cgroup_dir(p, r, path, dir, len) ? 1 : -1;
    }
    fclose(f);
    return found;
}

int mb_cgroup_home(char *dir, size_t len, int *version, struct mb_err *err)
{
    char p1[512], p2[512], point[512] = "";
    dir[0] = '\0';
    *version = 0;
    self_cgroups(p1, p2, sizeof p1);
    int v1 = p1[0] ? cgroup_find(1, p1, dir, len, point, sizeof point) : 0;
    if (v1 < 0)
        return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL,
                          "this process's memory cgroup %s is not visible in the cgroup v1 "
                          "hierarchy mounted at %s",
                          p1, point);
    if (v1 > 0) {
        *version = 1;
    } else {
        int v2 = p2[0] ? cgroup_find(2, p2, dir, len, point, sizeof point) : 0;
        if (v2 < 0)
            return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL,
                              "this process's cgroup %s is not visible in the cgroup v2 "
                              "hierarchy mounted at %s",
                              p2, point);
        if (v2 == 0)
            return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL,
                              "no memory controller: neither a cgroup v1 memory hierarchy nor "
                              "cgroup v2 is mounted");
        char ctl[512] = "";
        if (mb_cgfs_read_text(dir, "cgroup.controllers", ctl, sizeof ctl) != 0 ||
            !mb_cgfs_list_has(ctl, "memory"))
            return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL,
                              "no memory controller: cgroup v2 %s offers '%s' without memory, "
                              "and no cgroup v1 memory hierarchy is mounted",
                              dir, ctl);
        *version = 2;
    }
    if (access(dir, W_OK) != 0) {
        int e = errno;
        return mb_err_set(err, MB_E_UNSUPPORTED, e, "access",
                          e == EROFS ? "the cgroup hierarchy at %s is mounted read-only"
                                     : "this process may not create cgroups in %s (not root?)",
                          dir);
    }
    return 0;
}
