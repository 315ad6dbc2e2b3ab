/* ipc/posix/proc.c: ipc/proc.h on POSIX: posix_spawn of /proc/self/exe, waitpid with WNOHANG
 * polling and a timeout, getppid() for the child's watch on its parent, sigaction handlers.
 * The interrupt flag is the one piece of mutable file-scope state (a signal handler can reach
 * nothing else). */
#include "ipc/proc.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* Documented exception to "no mutable file-scope state": written by the signal handler. */
static volatile sig_atomic_t interrupted_by;

static void on_signal(int sig)
{
    interrupted_by = sig;
}

void mb_ipc_self_exe(const char *argv0, char *buf, size_t len)
{
    ssize_t n = readlink("/proc/self/exe", buf, len - 1);
    if (n > 0) {
        buf[n] = '\0';
        return;
    }
    snprintf(buf, len, "%s", argv0);
}

uint64_t mb_ipc_self_id(void)
{
    return (uint64_t)getpid();
}

int mb_ipc_proc_spawn(const char *exe, char *const argv[], struct mb_ipc_proc *p,
                      struct mb_err *err)
{
    memset(p, 0, sizeof *p);
    pid_t pid;
    int rc = posix_spawn(&pid, exe, NULL, NULL, argv, environ);
    if (rc != 0)
        return mb_err_set(err, MB_E_IO, rc, "posix_spawn", "cannot start the child '%s'", exe);
    p->id = pid;
    return 0;
}

static int describe(const struct mb_ipc_proc *p, struct mb_err *err)
{
    int st = p->status;
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
        return mb_err_set(err, MB_E_CHILD, 0, NULL, "child process %ld exited early (status 0)",
                          (long)p->id);
    if (WIFEXITED(st))
        return mb_err_set(err, MB_E_CHILD, 0, NULL,
                          "child process %ld exited with status %d (its message is on stderr)",
                          (long)p->id, WEXITSTATUS(st));
    if (WIFSIGNALED(st))
        return mb_err_set(err, MB_E_CHILD, 0, NULL,
                          "child process %ld was killed by signal %d (%s)", (long)p->id,
                          WTERMSIG(st), strsignal(WTERMSIG(st)));
    return mb_err_set(err, MB_E_CHILD, 0, NULL, "child process %ld ended (wait status %d)",
                      (long)p->id, st);
}

/* Reaps without blocking: 1 if the child has exited (now or before), 0 if it runs. */
static int reap(struct mb_ipc_proc *p)
{
    if (p->exited)
        return 1;
    if (p->id <= 0)
        return 1;
    int st;
    pid_t r;
    do
        r = waitpid((pid_t)p->id, &st, WNOHANG);
    while (r < 0 && errno == EINTR);
    if (r == 0)
        return 0;
    p->exited = true;
    p->status = r > 0 ? st : 0;
    return 1;
}

int mb_ipc_proc_check(struct mb_ipc_proc *p, struct mb_err *err)
{
    if (!reap(p))
        return 0;
    return describe(p, err);
}

int mb_ipc_proc_wait(struct mb_ipc_proc *p, int timeout_ms, struct mb_err *err)
{
    for (int waited = 0; !reap(p); waited++) {
        if (waited >= timeout_ms) {
            mb_ipc_proc_kill(p);
            return mb_err_set(err, MB_E_CHILD, 0, NULL,
                              "child process %ld did not exit within %d ms and was killed",
                              (long)p->id, timeout_ms);
        }
        struct timespec ts = {0, 1000000L};
        nanosleep(&ts, NULL);
    }
    if (WIFEXITED(p->status) && WEXITSTATUS(p->status) == 0)
        return 0;
    return describe(p, err);
}

void mb_ipc_proc_kill(struct mb_ipc_proc *p)
{
    if (p->exited || p->id <= 0)
        return;
    kill((pid_t)p->id, SIGKILL);
    int st;
    pid_t r;
    do
        r = waitpid((pid_t)p->id, &st, 0);
    while (r < 0 && errno == EINTR);
    p->exited = true;
    p->status = r > 0 ? st : 0;
}

bool mb_ipc_parent_alive(uint64_t parent_id)
{
    return (uint64_t)getppid() == parent_id;
}

void mb_ipc_signals_install(bool interrupt_handlers)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
    if (!interrupt_handlers)
        return;
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: blocking calls return EINTR and see the flag */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int mb_ipc_interrupted(void)
{
    return (int)interrupted_by;
}

void mb_ipc_exit_interrupted(int sig)
{
    signal(sig, SIG_DFL);
    raise(sig);
    _exit(128 + sig);
}

void mb_ipc_self_kill(void)
{
    kill(getpid(), SIGKILL);
    _exit(137);
}

void mb_ipc_self_stop(void)
{
    raise(SIGSTOP);
}

void mb_ipc_sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}
