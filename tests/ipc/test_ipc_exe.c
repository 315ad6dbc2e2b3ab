/* test_ipc_exe.c: end-to-end tests of the mapbench-ipc program (path in argv[1]): every
 * transport and workload verified in a short run (checked in its JSON output), bad input exits
 * 2 with one line, a child killed mid-case fails that case (code "child") in bounded time while
 * the next case still passes, an interrupted parent cleans up, and no shm object / file /
 * socket is left. */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "os/os.h"

extern char **environ;

/* The test context: the program and a scratch directory. */
struct ctx {
    const char *exe;
    char dir[256];
};

static struct ctx *g_ctx(void **state)
{
    return *state;
}

/* The result of one run of the program. */
struct run {
    int status; /* raw wait status */
    double secs;
    pid_t pid;
    char err[8192];
};

/* Starts the program with extra args, stdout and stderr to files in dir. */
static pid_t start(const struct ctx *c, const char *const *args)
{
    char *argv[64];
    int n = 0;
    argv[n++] = (char *)c->exe;
    for (; *args; args++)
        argv[n++] = (char *)*args;
    argv[n] = NULL;
    char out[300], err[300];
    snprintf(out, sizeof out, "%s/stdout.txt", c->dir);
    snprintf(err, sizeof err, "%s/stderr.txt", c->dir);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid;
    int rc = posix_spawn(&pid, c->exe, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    assert_int_equal(rc, 0);
    return pid;
}

/* Waits up to timeout_s for pid (killing it after), fills r. */
static void finish(const struct ctx *c, pid_t pid, double timeout_s, uint64_t t0, struct run *r)
{
    r->pid = pid;
    for (;;) {
        pid_t w = waitpid(pid, &r->status, WNOHANG);
        if (w == pid)
            break;
        if ((double)(mb_os_now_ns() - t0) * 1e-9 > timeout_s) {
            kill(pid, SIGKILL);
            waitpid(pid, &r->status, 0);
            fail_msg("mapbench-ipc did not finish within %.0f s", timeout_s);
        }
        usleep(10000);
    }
    r->secs = (double)(mb_os_now_ns() - t0) * 1e-9;
    char path[300];
    snprintf(path, sizeof path, "%s/stderr.txt", c->dir);
    FILE *f = fopen(path, "r");
    r->err[0] = '\0';
    if (f) {
        size_t n = fread(r->err, 1, sizeof r->err - 1, f);
        r->err[n] = '\0';
        fclose(f);
    }
}

static void run(const struct ctx *c, const char *const *args, double timeout_s, struct run *r)
{
    uint64_t t0 = mb_os_now_ns();
    pid_t pid = start(c, args);
    finish(c, pid, timeout_s, t0, r);
}

static int exit_code(const struct run *r)
{
    return WIFEXITED(r->status) ? WEXITSTATUS(r->status) : -1;
}

/* Fails if anything named after pid is left in /dev/shm, or if dir holds files other than
 * the test's own (stdout/stderr/JSON). */
static void assert_nothing_left(const struct ctx *c, pid_t pid)
{
    char needle[64];
    snprintf(needle, sizeof needle, "mapbench-ipc-%ld", (long)pid);
    DIR *d = opendir("/dev/shm");
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)))
        if (strstr(e->d_name, needle))
            fail_msg("left behind: /dev/shm/%s", e->d_name);
    closedir(d);
    d = opendir(c->dir);
    assert_non_null(d);
    while ((e = readdir(d))) {
        const char *n = e->d_name;
        if (strcmp(n, ".") && strcmp(n, "..") && strcmp(n, "stdout.txt") &&
            strcmp(n, "stderr.txt") && strcmp(n, "out.json"))
            fail_msg("left behind in the data directory: %s", n);
    }
    closedir(d);
    /* no child still running: its command line names the parent */
    char mark[64];
    snprintf(mark, sizeof mark, "--ipc-parent=%ld", (long)pid);
    d = opendir("/proc");
    assert_non_null(d);
    while ((e = readdir(d))) {
        char path[300], buf[4096];
        snprintf(path, sizeof path, "/proc/%s/cmdline", e->d_name);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        for (size_t i = 0; i < n; i++)
            if (buf[i] == '\0')
                buf[i] = ' ';
        buf[n] = '\0';
        if (strstr(buf, mark))
            fail_msg("child process %s still runs: %s", e->d_name, buf);
    }
    closedir(d);
}

static json_t *load_json(const struct ctx *c)
{
    char path[300];
    snprintf(path, sizeof path, "%s/out.json", c->dir);
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root)
        fail_msg("cannot parse %s: %s", path, je.text);
    return root;
}

/* The benchmark entry whose run_name (or name) starts with prefix. */
static json_t *find_case(json_t *root, const char *prefix)
{
    json_t *b = json_object_get(root, "benchmarks");
    size_t i;
    json_t *v;
    json_array_foreach(b, i, v)
    {
        const char *name = json_string_value(json_object_get(v, "name"));
        if (name && strncmp(name, prefix, strlen(prefix)) == 0 &&
            (name[strlen(prefix)] == '/' || name[strlen(prefix)] == '\0'))
            return v;
    }
    return NULL;
}

static void assert_verified(json_t *v, const char *name)
{
    if (!v)
        fail_msg("case %s missing from the JSON", name);
    if (json_is_true(json_object_get(v, "error_occurred")))
        fail_msg("case %s failed: %s", name,
                 json_string_value(json_object_get(v, "error_message")));
    json_t *ver = json_object_get(v, "verified");
    if (!json_is_number(ver) || json_number_value(ver) != 1.0)
        fail_msg("case %s has no verified=1", name);
}

static const char *const transports[] = {"shm", "shm-file", "pipe", "socket", "tcp"};

/* Runs the program with args, the scratch directory as data directory and JSON output into
 * out.json there. */
static void run_json(const struct ctx *c, const char *const *args, double timeout_s, struct run *r)
{
    char dd[300], out[300];
    snprintf(dd, sizeof dd, "--data-dir=%s", c->dir);
    snprintf(out, sizeof out, "--benchmark_out=%s/out.json", c->dir);
    const char *all[64];
    size_t n = 0;
    for (; *args && n < 60; args++)
        all[n++] = *args;
    all[n++] = dd;
    all[n++] = out;
    all[n++] = "--benchmark_out_format=json";
    all[n] = NULL;
    run(c, all, timeout_s, r);
}

static void test_every_transport_verified(void **state)
{
    struct ctx *c = g_ctx(state);
    const char *args[] = {"--msg-sizes=64,4K", "--benchmark_min_time=0.01", NULL};
    struct run r;
    run_json(c, args, 240, &r);
    if (exit_code(&r) != 0)
        fail_msg("exit %d, stderr: %s", exit_code(&r), r.err);
    json_t *root = load_json(c);
    size_t n = json_array_size(json_object_get(root, "benchmarks"));
    assert_int_equal(n, 2 * 5 * 2);
    const char *wl[] = {"stream", "pingpong"};
    const char *sz[] = {"64", "4096"};
    for (int w = 0; w < 2; w++)
        for (int t = 0; t < 5; t++)
            for (int s = 0; s < 2; s++) {
                char name[128];
                snprintf(name, sizeof name, "ipc/%s/%s/msg:%s", wl[w], transports[t], sz[s]);
                json_t *v = find_case(root, name);
                assert_verified(v, name);
                if (w == 1) {
                    json_t *p50 = json_object_get(v, "lat_p50_us");
                    json_t *p99 = json_object_get(v, "lat_p99_us");
                    assert_true(json_is_number(p50) && json_is_number(p99));
                    assert_true(json_number_value(p50) > 0);
                    assert_true(json_number_value(p99) >= json_number_value(p50));
                } else {
                    assert_true(json_number_value(json_object_get(v, "bytes_per_second")) > 0);
                }
            }
    json_decref(root);
    assert_nothing_left(c, r.pid);
}

/* Runs args, expects exit 2 and one stderr line containing `want`. */
static void expect_bad(const struct ctx *c, const char *const *args, const char *want)
{
    struct run r;
    run(c, args, 30, &r);
    if (exit_code(&r) != 2)
        fail_msg("%s: expected exit 2, got %d (stderr: %s)", args[0], exit_code(&r), r.err);
    size_t len = strlen(r.err);
    const char *nl = strchr(r.err, '\n');
    if (len == 0 || !nl || nl != r.err + len - 1)
        fail_msg("%s: expected one line on stderr, got: '%s'", args[0], r.err);
    if (!strstr(r.err, want))
        fail_msg("%s: stderr lacks '%s': %s", args[0], want, r.err);
}

static void test_bad_input(void **state)
{
    struct ctx *c = g_ctx(state);
    char dd[300];
    snprintf(dd, sizeof dd, "--data-dir=%s", c->dir);
    static const struct {
        const char *args[3]; /* NULL-terminated */
        const char *want;
    } bad[] = {
        {{"--transports=shm,carrier-pigeon"}, "unknown transport 'carrier-pigeon'"},
        {{"--workloads=burst"}, "unknown workload 'burst'"},
        {{"--msg-sizes=64,0"}, "greater than 0"},
        {{"--msg-sizes=4M", "--ring-size=4M"}, "larger than the 4M ring"},
        {{"--msg-sizes=12"}, "at least 32"},
        {{"--no-such-flag"}, "unknown flag '--no-such-flag'"},
        {{"--ring-size=5000"}, "multiple of 4096"},
        {{"--msg-sizes=1X"}, "bad message size"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        expect_bad(c, bad[i].args, bad[i].want);

    /* a shared memory object with our name that we did not create: refused, left alone */
    char base[64], shm[80], nameflag[96];
    snprintf(base, sizeof base, "mbtest-foreign-%ld", (long)getpid());
    snprintf(shm, sizeof shm, "/%s", base);
    snprintf(nameflag, sizeof nameflag, "--ipc-name=%s", base);
    int fd = shm_open(shm, O_RDWR | O_CREAT | O_EXCL, 0600);
    assert_true(fd >= 0);
    close(fd);
    const char *a9[] = {nameflag, "--transports=shm", NULL};
    expect_bad(c, a9, "already exists");
    fd = shm_open(shm, O_RDONLY, 0);
    assert_true(fd >= 0); /* still there: not ours to remove */
    close(fd);
    shm_unlink(shm);

    /* the same for a socket path and a ring file in the data directory */
    const char *kinds[][2] = {{"socket", "sock"}, {"shm-file", "ring"}};
    for (int k = 0; k < 2; k++) {
        char path[400], tflag[64];
        snprintf(path, sizeof path, "%s/%s.%s", c->dir, base, kinds[k][1]);
        snprintf(tflag, sizeof tflag, "--transports=%s", kinds[k][0]);
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
        assert_true(fd >= 0);
        close(fd);
        const char *a10[] = {nameflag, tflag, dd, NULL};
        expect_bad(c, a10, "already exists");
        struct stat st;
        assert_int_equal(stat(path, &st), 0);
        unlink(path);
    }
}

static void test_child_dies(void **state)
{
    struct ctx *c = g_ctx(state);
    for (int t = 0; t < 5; t++) {
        char tflag[64];
        snprintf(tflag, sizeof tflag, "--transports=%s", transports[t]);
        /* the first case's child kills itself after 50 messages, mid-stream */
        const char *args[] = {tflag,
                              "--workloads=stream,pingpong",
                              "--msg-sizes=4K",
                              "--child-die-after=50",
                              "--benchmark_min_time=0.01",
                              NULL};
        struct run r;
        run_json(c, args, 60, &r);
        if (exit_code(&r) != 1)
            fail_msg("%s: expected exit 1, got %d: %s", transports[t], exit_code(&r), r.err);
        if (r.secs > 20)
            fail_msg("%s: the dead child took %.1f s to notice", transports[t], r.secs);
        json_t *root = load_json(c);
        char name[128];
        snprintf(name, sizeof name, "ipc/stream/%s/msg:4096", transports[t]);
        json_t *v = find_case(root, name);
        assert_non_null(v);
        assert_true(json_is_true(json_object_get(v, "error_occurred")));
        const char *msg = json_string_value(json_object_get(v, "error_message"));
        if (!msg || !strstr(msg, "child process"))
            fail_msg("%s: error message does not name the child: %s", transports[t],
                     msg ? msg : "(none)");
        /* the project code of a dead peer, in front of the message */
        if (strncmp(msg, "child: ", 7) != 0)
            fail_msg("%s: error message does not carry the code 'child': %s", transports[t], msg);
        snprintf(name, sizeof name, "ipc/pingpong/%s/msg:4096", transports[t]);
        assert_verified(find_case(root, name), name);
        json_decref(root);
        assert_nothing_left(c, r.pid);
    }
}

static void test_interrupted_parent(void **state)
{
    struct ctx *c = g_ctx(state);
    char dd[300];
    snprintf(dd, sizeof dd, "--data-dir=%s", c->dir);
    const char *ts[] = {"--transports=shm", "--transports=shm-file", "--transports=socket"};
    for (int i = 0; i < 3; i++) {
        const char *args[] = {
            ts[i], "--workloads=stream", "--msg-sizes=64", "--benchmark_min_time=60", dd, NULL};
        uint64_t t0 = mb_os_now_ns();
        pid_t pid = start(c, args);
        usleep(1500000);
        kill(pid, SIGTERM);
        struct run r;
        finish(c, pid, 10, t0, &r);
        if (!(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGTERM))
            fail_msg("%s: expected death by SIGTERM after cleanup, wait status %d: %s", ts[i],
                     r.status, r.err);
        assert_non_null(strstr(r.err, "interrupted"));
        assert_nothing_left(c, r.pid);
    }
}

int main(int argc, char **argv)
{
    struct ctx ctx = {.exe = mb_test_arg(argc, argv, 1, "PATH-TO-mapbench-ipc")}, *c = &ctx;
    snprintf(c->dir, sizeof c->dir, "/tmp/mb-ipc-test-XXXXXX");
    if (!mkdtemp(c->dir)) {
        perror("mkdtemp");
        return 1;
    }
    int rc = MB_TEST_RUN(cmocka_unit_test_prestate(test_bad_input, c),
                         cmocka_unit_test_prestate(test_every_transport_verified, c),
                         cmocka_unit_test_prestate(test_child_dies, c),
                         cmocka_unit_test_prestate(test_interrupted_parent, c));
    char path[400];
    const char *files[] = {"stdout.txt", "stderr.txt", "out.json"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", c->dir, files[i]);
        unlink(path);
    }
    rmdir(c->dir);
    return rc;
}
