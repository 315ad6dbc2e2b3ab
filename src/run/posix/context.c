/* run/posix/context.c: the machine facts of a Linux system, read from /proc, /sys, uname and
 * /etc/os-release (the same facts and spellings scripts/run-batch once read with findmnt,
 * lsblk and cat). */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "os/devstat.h"
#include "run/context.h"

#define UNKNOWN "unknown"

/* The first line of a file, without trailing blanks; false (buf "") if unreadable or empty. */
static bool read_line(const char *path, char *buf, size_t len)
{
    buf[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    if (fgets(buf, (int)len, f)) {
        size_t n = strcspn(buf, "\n");
        while (n > 0 && buf[n - 1] == ' ')
            n--;
        buf[n] = '\0';
    }
    fclose(f);
    return buf[0] != '\0';
}

/* The value after "key" up to the end of its line in a "key: value" / "key=value" file; the
 * separator characters sep and blanks are skipped. */
static bool read_keyed(const char *path, const char *key, const char *sep, char *buf, size_t len)
{
    buf[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    char line[1024];
    size_t kl = strlen(key);
    while (!buf[0] && fgets(line, sizeof line, f)) {
        if (strncmp(line, key, kl) != 0 || !strchr(sep, line[kl]))
            continue;
        char *v = line + kl;
        v += strspn(v, sep);
        v[strcspn(v, "\n")] = '\0';
        snprintf(buf, len, "%s", v);
    }
    fclose(f);
    return buf[0] != '\0';
}

/* The mount holding path (from /proc/self/mountinfo): the longest mount point that is a
 * prefix of path; its device number, file system type, options and source. */
struct mount {
    unsigned major, minor;
    char fstype[64], options[1100], source[256];
};

/* The mount's options as findmnt shows them: the per-mount ones, then the file system's
 * that are not already among them. */
static void options_merge(char *buf, size_t len, const char *vfs, const char *super)
{
    size_t used = (size_t)snprintf(buf, len, "%s", vfs);
    for (const char *s = super; *s && used < len;) {
        size_t n = strcspn(s, ",");
        bool seen = false;
        for (const char *v = vfs; *v && !seen;) {
            size_t vn = strcspn(v, ",");
            seen = vn == n && strncmp(v, s, n) == 0;
            v += vn + (v[vn] == ',');
        }
        if (!seen)
            used += (size_t)snprintf(buf + used, len - used, ",%.*s", (int)n, s);
        s += n + (s[n] == ',');
    }
}

static bool mount_find(const char *path, struct mount *m)
{
    FILE *f = fopen("/proc/self/mountinfo", "r");
    if (!f)
        return false;
    char line[4096];
    size_t best = 0;
    bool found = false;
    while (fgets(line, sizeof line, f)) {
        unsigned maj, min;
        char point[1024], vfs[512], fstype[64], source[256], super[512];
        char *dash = strstr(line, " - ");
        if (!dash || sscanf(line, "%*s %*s %u:%u %*s %1023s %511s", &maj, &min, point, vfs) != 4 ||
            sscanf(dash + 3, "%63s %255s %511s", fstype, source, super) != 3)
            continue;
        size_t pl = strlen(point);
        bool prefix = strncmp(path, point, pl) == 0 &&
                      (path[pl] == '/' || path[pl] == '\0' || strcmp(point, "/") == 0);
        if (prefix && pl >= best) {
            best = pl;
            found = true;
            m->major = maj;
            m->minor = min;
            snprintf(m->fstype, sizeof m->fstype, "%s", fstype);
            snprintf(m->source, sizeof m->source, "%s", source);
            options_merge(m->options, sizeof m->options, vfs, super);
        }
    }
    fclose(f);
    return found;
}

static void add_file(struct mb_context *ctx, const char *key, const char *path)
{
    char buf[512];
    mb_context_add(ctx, key, MB_FACT_TEXT, "%s", read_line(path, buf, sizeof buf) ? buf : UNKNOWN);
}

/* The state of DAMON (kdamond 0 and its first scheme, or damon_reclaim), or "none". */
static void add_damon(struct mb_context *ctx)
{
    const char *k = "/sys/kernel/mm/damon/admin/kdamonds/0";
    char path[256], state[64], action[64], age[64], buf[256];
    snprintf(path, sizeof path, "%s/state", k);
    if (read_line(path, state, sizeof state)) {
        snprintf(path, sizeof path, "%s/contexts/0/schemes/0/action", k);
        bool scheme = read_line(path, action, sizeof action);
        snprintf(path, sizeof path, "%s/contexts/0/schemes/0/access_pattern/age/min", k);
        read_line(path, age, sizeof age);
        if (scheme)
            mb_context_add(ctx, "damon", MB_FACT_TEXT,
                           "kdamond0 %s, scheme %s after min age %s aggregation intervals", state,
                           action, age);
        else
            mb_context_add(ctx, "damon", MB_FACT_TEXT, "kdamond0 %s", state);
    } else if (read_line("/sys/module/damon_reclaim/parameters/enabled", buf, sizeof buf)) {
        mb_context_add(ctx, "damon", MB_FACT_TEXT, "damon_reclaim enabled=%s", buf);
    } else {
        mb_context_add(ctx, "damon", MB_FACT_TEXT, "none");
    }
}

static void add_storage(const char *data_dir, struct mb_context *ctx)
{
    char real[PATH_MAX], disk[256] = UNKNOWN, path[512], buf[512];
    struct mount m;
    bool found = realpath(data_dir, real) && mount_find(real, &m);
    mb_context_add(ctx, "fs_type", MB_FACT_TEXT, "%s", found ? m.fstype : UNKNOWN);
    mb_context_add(ctx, "mount_options", MB_FACT_TEXT, "%s", found ? m.options : UNKNOWN);
    /* the disk itself is the "device" fact (run/context.c, os/devstat.h); its queue here */
    struct mb_devstat ds;
    if (found && mb_devstat_open(data_dir, &ds, NULL) == 0 && ds.n == 1)
        snprintf(disk, sizeof disk, "%s", ds.name);
    snprintf(path, sizeof path, "/sys/block/%s/device/model", disk);
    if (!read_line(path, buf, sizeof buf)) {
        snprintf(path, sizeof path, "/sys/block/%s/device/vendor", disk);
        if (!read_line(path, buf, sizeof buf))
            snprintf(buf, sizeof buf, UNKNOWN);
    }
    mb_context_add(ctx, "device_model", MB_FACT_TEXT, "%s", buf);
    static const char *const queue[] = {"rotational", "scheduler", "read_ahead_kb"};
    for (size_t i = 0; i < sizeof queue / sizeof queue[0]; i++) {
        snprintf(path, sizeof path, "/sys/block/%s/queue/%s", disk, queue[i]);
        add_file(ctx, queue[i], path);
    }
}

void mb_context_platform(const char *data_dir, struct mb_context *ctx)
{
    char buf[512];
    mb_context_add(ctx, "cpu_model", MB_FACT_TEXT, "%s",
                   read_keyed("/proc/cpuinfo", "model name", "\t :", buf, sizeof buf) ? buf
                                                                                      : UNKNOWN);
    unsigned long long kb = 0;
    if (read_keyed("/proc/meminfo", "MemTotal", ": ", buf, sizeof buf))
        kb = strtoull(buf, NULL, 10);
    mb_context_add(ctx, "memory_bytes", MB_FACT_NUMBER, "%llu", kb * 1024);
    struct utsname u;
    mb_context_add(ctx, "kernel", MB_FACT_TEXT, "%s", uname(&u) == 0 ? u.release : UNKNOWN);
    if (read_keyed("/etc/os-release", "PRETTY_NAME", "=", buf, sizeof buf)) {
        size_t n = strlen(buf);
        bool quoted = n >= 2 && buf[0] == '"' && buf[n - 1] == '"';
        mb_context_add(ctx, "os", MB_FACT_TEXT, "%.*s", (int)(quoted ? n - 2 : n),
                       buf + (quoted ? 1 : 0));
    } else {
        mb_context_add(ctx, "os", MB_FACT_TEXT, UNKNOWN);
    }
    add_storage(data_dir, ctx);
    add_file(ctx, "thp", "/sys/kernel/mm/transparent_hugepage/enabled");
    mb_context_add(ctx, "file_huge_pages_kb", MB_FACT_TEXT, "%llu",
                   read_keyed("/proc/meminfo", "FileHugePages", ": ", buf, sizeof buf)
                       ? strtoull(buf, NULL, 10)
                       : 0ull);
    add_damon(ctx);
}
