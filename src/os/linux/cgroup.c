/* os/linux/cgroup.c: os/cgroup.h on Linux, cgroup v1 and v2: the memory hierarchy found through
 * /proc/self/cgroup and /proc/self/mountinfo, a child cgroup made with mkdir, limited through
 * its memory.* files, entered and left through cgroup.procs, removed with rmdir.
 *
 * The signal handlers that remove the cgroup when the process is interrupted need the paths
 * and the saved handlers in static storage (`entered` below): this is the one documented
 * exception to "no mutable file-scope state" in this file, since a signal handler can reach
 * nothing else. Only one cgroup is entered at a time per process (the process is in one). */
#include "os/cgroup.h"
#include "os/linux/cgroup_fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Signals whose default action ends the process and after which the cgroup must not stay. */
static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define NSIG_CLEANUP (sizeof cleanup_signals / sizeof cleanup_signals[0])

/* Documented exception to "no mutable file-scope state": what the signal handler needs to
 * move the process home and remove the cgroup with async-signal-safe calls only, and the
 * handlers it replaced. Written by mb_cgroup_enter and mb_cgroup_leave only. */
static struct {
    volatile sig_atomic_t active; /* set once the fields below are, cleared once it is gone */
    char home_procs[600];         /* <home>/cgroup.procs */
    char dir[512];                /* the cgroup to remove */
    pid_t owner;                  /* the process that entered (not a child forked since) */
    char pid[24];                 /* its id, as text */
    size_t pid_len;
    struct sigaction old[NSIG_CLEANUP];
    bool replaced[NSIG_CLEANUP];
} entered;

/* Sleeps about ms milliseconds (nanosleep is async-signal-safe). */
static void nap_ms(long ms)
{
    struct timespec ts = {.tv_sec = 0, .tv_nsec = ms * 1000000L};
    nanosleep(&ts, NULL);
}

/* rmdir, retried for about 1 s while the kernel still lists tasks (EBUSY); 0 or an errno.
 * Async-signal-safe. */
static int rmdir_retry(const char *dir)
{
    for (int i = 0;; i++) {
        if (rmdir(dir) == 0 || errno == ENOENT)
            return 0;
        if (errno != EBUSY || i == 100)
            return errno;
        nap_ms(10);
    }
}

/* Writes text (n bytes) to path with one write: 0 or an errno. Async-signal-safe. */
static int write_text(const char *path, const char *text, size_t n)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    ssize_t w = write(fd, text, n);
    int e = w < 0 ? errno : (size_t)w != n ? EIO : 0;
    if (close(fd) != 0 && e == 0)
        e = errno;
    return e;
}

static void on_signal(int sig)
{
    int saved = errno;
    if (entered.active && getpid() == entered.owner) {
        entered.active = 0;
        write_text(entered.home_procs, entered.pid, entered.pid_len);
        rmdir_retry(entered.dir);
    }
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    raise(sig); /* pending until this handler returns and unblocks it */
    errno = saved;
}

/* Installs on_signal for the cleanup signals that are not ignored, saving the old actions. */
static void handlers_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < NSIG_CLEANUP; i++)
        sigaddset(&sa.sa_mask, cleanup_signals[i]);
    for (size_t i = 0; i < NSIG_CLEANUP; i++) {
        entered.replaced[i] = false;
        if (sigaction(cleanup_signals[i], NULL, &entered.old[i]) != 0 ||
            entered.old[i].sa_handler == SIG_IGN) /* nohup and friends: keep ignoring */
            continue;
        entered.replaced[i] = sigaction(cleanup_signals[i], &sa, NULL) == 0;
    }
}

static void handlers_restore(void)
{
    for (size_t i = 0; i < NSIG_CLEANUP; i++)
        if (entered.replaced[i])
            sigaction(cleanup_signals[i], &entered.old[i], NULL);
    memset(entered.replaced, 0, sizeof entered.replaced);
}

/* MB_E_UNSUPPORTED for the errors that mean "cgroups are not usable here", else MB_E_IO. */
static int denied_code(int e)
{
    return e == EACCES || e == EPERM || e == EROFS ? MB_E_UNSUPPORTED : MB_E_IO;
}

/* Writes text to dir/name: 0, or an error naming the file. */
static int write_file(const char *dir, const char *name, const char *text, struct mb_err *err)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int e = write_text(path, text, strlen(text));
    if (e)
        return mb_err_set(err, denied_code(e), e, "write", "cannot write '%s' to %s", text, path);
    return 0;
}

/* True when dir/name exists. */
static bool has_file(const char *dir, const char *name)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return access(path, F_OK) == 0;
}

/* The process's resident set in bytes (/proc/self/statm), 0 if unknown. */
static uint64_t self_rss(void)
{
    char buf[128];
    if (mb_cgfs_read_text("/proc/self", "statm", buf, sizeof buf) != 0)
        return 0;
    unsigned long long size = 0, res = 0;
    if (sscanf(buf, "%llu %llu", &size, &res) != 2)
        return 0;
    long page = sysconf(_SC_PAGESIZE);
    return (uint64_t)res * (uint64_t)(page > 0 ? page : 4096);
}

/* Checks the limit against the process's own use and physical memory. */
static int limit_check(uint64_t limit, struct mb_err *err)
{
    if (limit == 0)
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "a memory limit of 0 bytes");
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    uint64_t phys = pages > 0 && page > 0 ? (uint64_t)pages * (uint64_t)page : 0;
    if (phys && limit > phys)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "memory limit %llu bytes is above this machine's physical memory "
                          "(%llu bytes)",
                          (unsigned long long)limit, (unsigned long long)phys);
    uint64_t rss = self_rss();
    if (limit < rss + MB_CGROUP_MARGIN)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "memory limit %llu bytes is below what mapbench itself needs: its "
                          "resident set of %llu bytes plus a %llu-byte margin",
                          (unsigned long long)limit, (unsigned long long)rss,
                          (unsigned long long)MB_CGROUP_MARGIN);
    return 0;
}

/* True when tag is 1..64 of [A-Za-z0-9._-]. */
static bool tag_ok(const char *tag)
{
    size_t n = strlen(tag);
    return n > 0 && n <= 64 &&
           strspn(tag, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == n;
}

/* The parent cgroup directory of dir into buf; false for a top-level one. */
static bool parent_dir(const char *dir, char *buf, size_t len)
{
    const char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return false;
    snprintf(buf, len, "%.*s", (int)(slash - dir), dir);
    char ctl[512]; /* a cgroup, not the directory holding the mount point */
    return mb_cgfs_read_text(buf, "cgroup.subtree_control", ctl, sizeof ctl) == 0;
}

/* v2: the cgroup below which the case's cgroup is made, into base. That is home when the
 * memory controller is, or can be, enabled for home's children. When it cannot because home
 * holds processes (EBUSY: v2 hands controllers only to the children of cgroups without
 * processes of their own, so this is the usual case: mapbench's own cgroup) it is home's
 * parent, which gives memory to its children (home's cgroup.controllers lists it): the
 * case's cgroup is then a sibling of home. */
static int v2_base(const char *home, char *base, size_t len, struct mb_err *err)
{
    char ctl[512], path[700];
    snprintf(base, len, "%s", home);
    int e = mb_cgfs_read_text(home, "cgroup.subtree_control", ctl, sizeof ctl);
    if (e)
        return mb_err_set(err, denied_code(e), e, "read", "cannot read %s/cgroup.subtree_control",
                          home);
    if (mb_cgfs_list_has(ctl, "memory"))
        return 0;
    snprintf(path, sizeof path, "%s/cgroup.subtree_control", home);
    e = write_text(path, "+memory", 7);
    if (e == 0)
        return 0;
    if (e != EBUSY)
        return mb_err_set(err, MB_E_UNSUPPORTED, e, "write",
                          "cannot enable the memory controller in %s", path);
    if (!parent_dir(home, base, len) ||
        mb_cgfs_read_text(base, "cgroup.subtree_control", ctl, sizeof ctl) != 0 ||
        !mb_cgfs_list_has(ctl, "memory"))
        return mb_err_set(err, MB_E_UNSUPPORTED, e, "write",
                          "cannot enable the memory controller for the children of %s, which "
                          "holds processes (cgroup v2 gives controllers only to the children "
                          "of cgroups without processes), nor use its parent's",
                          home);
    return 0;
}

/* Sets the limit (and no swap beyond it) in the new cgroup dir. */
static int limit_set(const char *dir, int version, uint64_t limit, struct mb_err *err)
{
    char text[32];
    snprintf(text, sizeof text, "%llu", (unsigned long long)limit);
    int rc;
    if (version == 2) {
        rc = write_file(dir, "memory.max", text, err);
        if (rc == 0 && has_file(dir, "memory.swap.max"))
            rc = write_file(dir, "memory.swap.max", "0", err);
    } else {
        /* memory first: memsw may never be below it, and starts unlimited */
        rc = write_file(dir, "memory.limit_in_bytes", text, err);
        if (rc == 0 && has_file(dir, "memory.memsw.limit_in_bytes"))
            rc = write_file(dir, "memory.memsw.limit_in_bytes", text, err);
    }
    return rc;
}

/* The limit the kernel applies (rounded down to whole pages) into *limit. */
static int limit_get(const char *dir, int version, uint64_t *limit, struct mb_err *err)
{
    return mb_cgfs_read_u64(dir, version == 2 ? "memory.max" : "memory.limit_in_bytes", limit, err);
}

int mb_cgroup_enter(struct mb_cgroup *cg, uint64_t limit, const char *tag, struct mb_err *err)
{
    memset(cg, 0, sizeof *cg);
    if (entered.active)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "already in the memory cgroup %s: leave it before entering another",
                          entered.dir);
    if (!tag || !tag_ok(tag))
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "bad cgroup tag '%s' (1 to 64 letters, digits, '.', '_', '-')",
                          tag ? tag : "(null)");
    char base[sizeof cg->home];
    int rc = limit_check(limit, err);
    if (rc == 0)
        rc = mb_cgroup_home(cg->home, sizeof cg->home, &cg->version, err);
    if (rc == 0 && cg->version == 2)
        rc = v2_base(cg->home, base, sizeof base, err);
    else
        snprintf(base, sizeof base, "%s", cg->home);
    if (rc != 0)
        return rc;
    long pid = (long)getpid();
    int n = snprintf(cg->dir, sizeof cg->dir, "%s/mapbench-%ld-%s", base, pid, tag);
    if (n < 0 || (size_t)n >= sizeof cg->dir)
        return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL, "the cgroup path below %s is too long",
                          base);
    int e = mkdir(cg->dir, 0755) == 0 ? 0 : errno;
    if (e == EEXIST && rmdir(cg->dir) == 0) /* left by an earlier process of this pid */
        e = mkdir(cg->dir, 0755) == 0 ? 0 : errno;
    if (e)
        return mb_err_set(err, e == EEXIST ? MB_E_IO : denied_code(e), e, "mkdir",
                          "cannot create the cgroup %s", cg->dir);
    rc = limit_set(cg->dir, cg->version, limit, err);
    if (rc == 0)
        rc = limit_get(cg->dir, cg->version, &cg->limit, err);
    if (rc != 0) {
        rmdir(cg->dir);
        return rc;
    }
    /* the handler's state first, then the handlers, then the move */
    snprintf(entered.home_procs, sizeof entered.home_procs, "%s/cgroup.procs", cg->home);
    snprintf(entered.dir, sizeof entered.dir, "%s", cg->dir);
    entered.owner = (pid_t)pid;
    entered.pid_len = (size_t)snprintf(entered.pid, sizeof entered.pid, "%ld", pid);
    handlers_install();
    entered.active = 1;
    char procs[600];
    snprintf(procs, sizeof procs, "%s/cgroup.procs", cg->dir);
    e = write_text(procs, entered.pid, entered.pid_len);
    if (e) {
        entered.active = 0;
        handlers_restore();
        rmdir(cg->dir);
        return mb_err_set(err, denied_code(e), e, "write", "cannot move process %ld into %s", pid,
                          procs);
    }
    cg->entered = true;
    return 0;
}

int mb_cgroup_usage(const struct mb_cgroup *cg, uint64_t *current, uint64_t *peak,
                    struct mb_err *err)
{
    if (!cg->entered)
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "no memory cgroup entered");
    if (cg->version == 2) {
        int rc = mb_cgfs_read_u64(cg->dir, "memory.current", current, err);
        if (rc == 0 && has_file(cg->dir, "memory.peak"))
            rc = mb_cgfs_read_u64(cg->dir, "memory.peak", peak, err);
        else if (rc == 0)
            *peak = UINT64_MAX;
        return rc;
    }
    int rc = mb_cgfs_read_u64(cg->dir, "memory.usage_in_bytes", current, err);
    return rc ? rc : mb_cgfs_read_u64(cg->dir, "memory.max_usage_in_bytes", peak, err);
}

/* The OOM kills recorded in the cgroup dir of the given version (UINT64_MAX: not reported). */
static uint64_t oom_kills(const char *dir, int version)
{
    uint64_t n;
    if (mb_cgfs_read_keyed(dir, version == 2 ? "memory.events" : "memory.oom_control", "oom_kill",
                           &n))
        return n;
    return UINT64_MAX;
}

int mb_cgroup_oom_kills(const struct mb_cgroup *cg, uint64_t *n, struct mb_err *err)
{
    if (!cg->entered)
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "no memory cgroup entered");
    *n = oom_kills(cg->dir, cg->version);
    return 0;
}

int mb_cgroup_leave(struct mb_cgroup *cg, struct mb_err *err)
{
    if (!cg->entered)
        return 0;
    cg->entered = false;
    int rc = 0;
    int e = write_text(entered.home_procs, entered.pid, entered.pid_len);
    if (e)
        rc = mb_err_set(err, MB_E_IO, e, "write", "cannot move process %s back into %s",
                        entered.pid, entered.home_procs);
    else if ((e = rmdir_retry(cg->dir)) != 0)
        rc = mb_err_set(err, MB_E_IO, e, "rmdir", "cannot remove the cgroup %s", cg->dir);
    /* the cgroup is gone (or cannot go): the handlers have nothing left to do */
    entered.active = 0;
    handlers_restore();
    return rc;
}

/* The pid of a name "mapbench-<pid>-<tag>", or 0 when the name is not one. */
static long stale_pid(const char *name)
{
    static const char prefix[] = "mapbench-";
    if (strncmp(name, prefix, sizeof prefix - 1) != 0)
        return 0;
    const char *s = name + sizeof prefix - 1;
    char *end;
    long pid = strtol(s, &end, 10);
    return end != s && *end == '-' && pid > 0 ? pid : 0;
}

/* Removes the stale mapbench cgroups directly below base (see mb_cgroup_reap_stale). */
static void reap_below(const char *base, int version, FILE *note)
{
    DIR *d = opendir(base);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        long pid = stale_pid(e->d_name);
        if (pid == 0 || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue; /* not ours, or its process is alive */
        char dir[800];
        snprintf(dir, sizeof dir, "%s/%s", base, e->d_name);
        uint64_t kills = oom_kills(dir, version);
        char count[64];
        if (kills == UINT64_MAX)
            snprintf(count, sizeof count, "OOM kills not reported");
        else
            snprintf(count, sizeof count, "%llu OOM kill%s", (unsigned long long)kills,
                     kills == 1 ? "" : "s");
        int gone = rmdir_retry(dir);
        if (!note)
            continue;
        char why[160];
        if (gone != 0)
            mb_os_strerror(gone, why, sizeof why);
        if (gone == 0)
            fprintf(note, "mapbench: removed the memory cgroup %s left by process %ld (%s)\n", dir,
                    pid, count);
        else
            fprintf(note,
                    "mapbench: cannot remove the memory cgroup %s left by process %ld (%s): %s\n",
                    dir, pid, count, why);
    }
    closedir(d);
}

void mb_cgroup_reap_stale(FILE *note)
{
    char home[512], parent[512];
    int version;
    if (mb_cgroup_home(home, sizeof home, &version, NULL) != 0)
        return;
    reap_below(home, version, note);
    /* v2 makes the case's cgroup beside home when home holds processes (v2_base) */
    if (version == 2 && parent_dir(home, parent, sizeof parent))
        reap_below(parent, version, note);
}
