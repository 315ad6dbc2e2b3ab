/* tests/os/test_cgroup.c: memory cgroups (os/cgroup.h): entering one really moves the process
 * into a limited child cgroup (checked in /proc/self/cgroup and the limit file), page cache
 * read through it stays within the limit, leaving removes it; bad limits are refused; an
 * interrupted process removes its cgroup; what a killed (OOM) process left is reaped with its
 * OOM kill count. Skips, saying why, where memory cgroups are not usable (not root, no memory
 * controller, not Linux). */
#include "testutil.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "os/cache.h"
#include "os/cgroup.h"

#define LIMIT (64ull << 20)

/* Skips the test, saying why, when rc says memory cgroups are unusable here. */
#define SKIP_UNSUPPORTED(rc, err)                                                                  \
    do {                                                                                           \
        if ((rc) == MB_E_UNSUPPORTED) {                                                            \
            printf("skipped: %s\n", (err).msg);                                                    \
            skip();                                                                                \
        }                                                                                          \
    } while (0)

/* /proc/self/cgroup as text. */
static void self_cgroup(char *buf, size_t len)
{
    FILE *f = fopen("/proc/self/cgroup", "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, len - 1, f);
    buf[n] = '\0';
    fclose(f);
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static uint64_t file_u64(const char *dir, const char *name)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    unsigned long long v = 0;
    assert_int_equal(fscanf(f, "%llu", &v), 1);
    fclose(f);
    return v;
}

/* Reads the whole file through the page cache (1 MiB read()s). */
static void read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(1u << 20);
    assert_non_null(buf);
    while (fread(buf, 1, 1u << 20, f) > 0)
        ;
    assert_int_equal(ferror(f), 0);
    free(buf);
    fclose(f);
}

/* The home cgroup directory, or skips. */
static void home_or_skip(char *home, size_t len, int *version)
{
    struct mb_err err;
    int rc = mb_cgroup_home(home, len, version, &err);
    SKIP_UNSUPPORTED(rc, err);
    MB_ASSERT_OK(rc, err);
}

static void test_enter_read_leave(void **state)
{
    (void)state;
    struct mb_err err;
    struct mb_datafile df;
    char dir[512], before[4096], now[4096];
    int version;
    home_or_skip(dir, sizeof dir, &version); /* before writing a data file for nothing */
    mb_test_datafile("cgroup", 3 * LIMIT, dir, sizeof dir, &df);
    double resident;
    /* evicted first: pages already cached are charged to the cgroup that read them before */
    MB_ASSERT_OK(mb_cache_make_cold(df.path, df.size, MB_RESIDENCY_AUTO, &resident, &err), err);
    self_cgroup(before, sizeof before);

    struct mb_cgroup cg;
    int rc = mb_cgroup_enter(&cg, LIMIT, "test", &err);
    SKIP_UNSUPPORTED(rc, err);
    MB_ASSERT_OK(rc, err);
    assert_true(cg.entered);
    assert_true(cg.version == 1 || cg.version == 2);
    assert_int_equal(cg.limit, LIMIT);
    assert_true(is_dir(cg.dir));
    char name[64];
    snprintf(name, sizeof name, "/mapbench-%ld-test\n", (long)getpid());
    self_cgroup(now, sizeof now);
    MB_ASSERT_HAS(now, name);
    name[strlen(name) - 1] = '\0';
    /* below home, named for this process; with v2 it may be beside home (below its parent:
     * home holds processes, so it cannot give memory to children) */
    size_t hl = strlen(cg.home);
    if (cg.version == 2 && strncmp(cg.dir, cg.home, hl) != 0) {
        const char *slash = strrchr(cg.home, '/');
        assert_non_null(slash);
        hl = (size_t)(slash - cg.home);
    }
    assert_memory_equal(cg.dir, cg.home, hl);
    assert_string_equal(cg.dir + hl, name);
    assert_int_equal(file_u64(cg.dir, cg.version == 2 ? "memory.max" : "memory.limit_in_bytes"),
                     LIMIT);

    read_all(df.path);
    uint64_t cur, peak, kills;
    MB_ASSERT_OK(mb_cgroup_usage(&cg, &cur, &peak, &err), err);
    printf("3x-limit file read: usage %llu, peak %llu, limit %llu bytes\n", (unsigned long long)cur,
           (unsigned long long)peak, (unsigned long long)LIMIT);
    assert_true(cur <= LIMIT);
    if (peak != UINT64_MAX) {
        assert_true(peak <= LIMIT);
        assert_true(peak >= LIMIT / 2); /* the file's pages were charged here, then reclaimed */
    }
    MB_ASSERT_OK(mb_cgroup_oom_kills(&cg, &kills, &err), err);
    assert_true(kills == 0 || kills == UINT64_MAX);

    char gone[512];
    snprintf(gone, sizeof gone, "%s", cg.dir);
    MB_ASSERT_OK(mb_cgroup_leave(&cg, &err), err);
    assert_false(cg.entered);
    assert_false(is_dir(gone));
    self_cgroup(now, sizeof now);
    assert_string_equal(now, before);
    MB_ASSERT_OK(mb_cgroup_leave(&cg, &err), err); /* twice: nothing to do */
}

/* A thread that reports its id and waits until fd (a pipe) is closed. */
struct waiter {
    int fd;
    volatile long tid;
};

static void *waiter_run(void *arg)
{
    struct waiter *w = arg;
    w->tid = (long)syscall(SYS_gettid);
    char c;
    while (read(w->fd, &c, 1) > 0)
        ;
    return NULL;
}

static void test_threads_move(void **state)
{
    (void)state;
    struct mb_err err;
    struct mb_cgroup cg;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    struct waiter w = {.fd = fds[0], .tid = 0};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, waiter_run, &w), 0);
    while (!w.tid)
        usleep(1000);
    int rc = mb_cgroup_enter(&cg, LIMIT, "threads", &err);
    if (rc == 0) { /* the other thread moved too: cgroup.procs moves the whole process */
        char path[64], text[4096], name[64];
        snprintf(path, sizeof path, "/proc/self/task/%ld/cgroup", w.tid);
        FILE *f = fopen(path, "r");
        assert_non_null(f);
        size_t n = fread(text, 1, sizeof text - 1, f);
        text[n] = '\0';
        fclose(f);
        snprintf(name, sizeof name, "/mapbench-%ld-threads\n", (long)getpid());
        MB_ASSERT_HAS(text, name);
        MB_ASSERT_OK(mb_cgroup_leave(&cg, &err), err);
    }
    close(fds[1]);
    pthread_join(t, NULL);
    close(fds[0]);
    SKIP_UNSUPPORTED(rc, err);
    MB_ASSERT_OK(rc, err);
}

static void test_bad_limits(void **state)
{
    (void)state;
    struct mb_err err;
    struct mb_cgroup cg;
    int rc = mb_cgroup_enter(&cg, 0, "zero", &err);
    SKIP_UNSUPPORTED(rc, err);
    assert_int_equal(rc, MB_E_USAGE);
    /* below the resident set plus the margin: both numbers named */
    assert_int_equal(mb_cgroup_enter(&cg, 1u << 20, "small", &err), MB_E_USAGE);
    MB_ASSERT_HAS(err.msg, "1048576 bytes", "resident set of ", "8388608");
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    uint64_t phys = (uint64_t)pages * (uint64_t)page;
    assert_int_equal(mb_cgroup_enter(&cg, phys + (1u << 30), "big", &err), MB_E_USAGE);
    MB_ASSERT_HAS(err.msg, "physical memory");
    assert_int_equal(mb_cgroup_enter(&cg, LIMIT, "bad/tag", &err), MB_E_USAGE);
    assert_int_equal(mb_cgroup_enter(&cg, LIMIT, "", &err), MB_E_USAGE);
    assert_false(cg.entered);
    uint64_t a, b;
    assert_int_equal(mb_cgroup_usage(&cg, &a, &b, &err), MB_E_USAGE);
    assert_int_equal(mb_cgroup_oom_kills(&cg, &a, &err), MB_E_USAGE);
    MB_ASSERT_OK(mb_cgroup_leave(&cg, &err), err); /* never entered: nothing to do */
}

static void test_enter_twice_refused_pages(void **state)
{
    (void)state;
    struct mb_err err;
    struct mb_cgroup cg, cg2;
    int rc = mb_cgroup_enter(&cg, LIMIT + 100, "once", &err);
    SKIP_UNSUPPORTED(rc, err);
    MB_ASSERT_OK(rc, err);
    assert_int_equal(cg.limit, LIMIT); /* what the kernel applies: whole pages */
    assert_int_equal(mb_cgroup_enter(&cg2, LIMIT, "twice", &err), MB_E_USAGE);
    MB_ASSERT_OK(mb_cgroup_leave(&cg, &err), err);
}

/* The id of a process that has exited (a child forked and reaped). */
static pid_t dead_pid(void)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        _exit(0);
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    return pid;
}

/* Runs mb_cgroup_reap_stale and returns what it wrote (free() it). */
static char *reap_notes(void)
{
    char *text = NULL;
    size_t len = 0;
    FILE *note = open_memstream(&text, &len);
    assert_non_null(note);
    mb_cgroup_reap_stale(note);
    fclose(note);
    return text;
}

static void test_reap_stale(void **state)
{
    (void)state;
    char home[512], stale[700], live[700];
    int version;
    home_or_skip(home, sizeof home, &version);
    long dead = (long)dead_pid();
    snprintf(stale, sizeof stale, "%s/mapbench-%ld-left", home, dead);
    snprintf(live, sizeof live, "%s/mapbench-%ld-alive", home, (long)getppid());
    assert_int_equal(mkdir(stale, 0755), 0);
    assert_int_equal(mkdir(live, 0755), 0);
    char *text = reap_notes();
    printf("%s", text);
    bool stale_left = is_dir(stale), live_left = is_dir(live);
    rmdir(stale);
    rmdir(live);
    assert_false(stale_left);
    assert_true(live_left); /* its process is alive: not touched */
    MB_ASSERT_HAS(text, stale, "OOM kill");
    MB_ASSERT_LACKS(text, live);
    free(text);
}

/* A child that enters a cgroup, tells the parent its directory through fd, then waits for
 * the parent's signal, or (oom) allocates twice its limit. */
static void child_enter(int fd, bool oom)
{
    struct mb_err err;
    struct mb_cgroup cg;
    if (mb_cgroup_enter(&cg, LIMIT, oom ? "oom" : "sig", &err) != 0) {
        if (write(fd, "-", 1) != 1)
            _exit(3);
        _exit(2);
    }
    if (write(fd, cg.dir, strlen(cg.dir) + 1) != (ssize_t)strlen(cg.dir) + 1)
        _exit(3);
    close(fd);
    alarm(60); /* never outlive a parent that failed before signalling */
    if (oom) {
        for (size_t i = 0; i < 2 * (LIMIT >> 20); i++) { /* twice the limit, no swap: OOM */
            volatile char *p = malloc(1u << 20);
            if (!p)
                _exit(4);
            for (size_t j = 0; j < (1u << 20); j += 4096)
                p[j] = 1;
        }
        _exit(5); /* not killed: the limit did not hold */
    }
    for (;;)
        pause();
}

/* Forks child_enter and returns its pid, with its cgroup directory in dir (or skips). */
static pid_t spawn_child(bool oom, char *dir, size_t len)
{
    struct mb_err err;
    struct mb_cgroup probe;
    int rc = mb_cgroup_enter(&probe, LIMIT, "probe", &err);
    SKIP_UNSUPPORTED(rc, err);
    MB_ASSERT_OK(rc, err);
    MB_ASSERT_OK(mb_cgroup_leave(&probe, &err), err);
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        child_enter(fds[1], oom);
    }
    close(fds[1]);
    size_t n = 0;
    ssize_t r;
    while (n < len - 1 && (r = read(fds[0], dir + n, len - 1 - n)) > 0)
        n += (size_t)r;
    dir[n] = '\0';
    close(fds[0]);
    if (n == 0 || dir[0] != '/')
        fail_msg("the child could not enter a cgroup");
    return pid;
}

static void test_signal_removes(void **state)
{
    (void)state;
    char dir[600];
    pid_t pid = spawn_child(false, dir, sizeof dir);
    assert_true(is_dir(dir));
    assert_int_equal(kill(pid, SIGTERM), 0);
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFSIGNALED(st));
    assert_int_equal(WTERMSIG(st), SIGTERM); /* re-raised with the default action */
    assert_false(is_dir(dir));
}

static void test_oom_reaped(void **state)
{
    (void)state;
    char dir[600];
    pid_t pid = spawn_child(true, dir, sizeof dir);
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL) {
        rmdir(dir);
        fail_msg("the child over its limit was not OOM-killed (status 0x%x)", st);
    }
    assert_true(is_dir(dir)); /* SIGKILL: no handler ran */
    char *text = reap_notes();
    printf("%s", text);
    bool left = is_dir(dir);
    if (left)
        rmdir(dir);
    assert_false(left);
    MB_ASSERT_HAS(text, dir);
    if (!strstr(text, "not reported"))
        MB_ASSERT_HAS(text, "(1 OOM kill)");
    free(text);
}

MB_TEST_MAIN(cmocka_unit_test(test_bad_limits), cmocka_unit_test(test_enter_read_leave),
             cmocka_unit_test(test_threads_move), cmocka_unit_test(test_enter_twice_refused_pages),
             cmocka_unit_test(test_reap_stale), cmocka_unit_test(test_signal_removes),
             cmocka_unit_test(test_oom_reaped))
