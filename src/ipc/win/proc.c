/* ipc/win/proc.c: ipc/proc.h on Windows: CreateProcessA of this executable (GetModuleFileNameA)
 * with a command line quoted for CommandLineToArgv rules, WaitForSingleObject with a timeout,
 * TerminateProcess, the parent's liveness by OpenProcess + creation time, and a console
 * control handler for Ctrl-C / Ctrl-Break / console close; the stall test hook's child sleeps
 * until its parent (found in a Toolhelp snapshot) is gone. The interrupt flag is the one piece
 * of mutable file-scope state (the console handler runs on its own thread and can reach
 * nothing else). Exit statuses here are process exit codes, never errno values. */
#define WIN32_LEAN_AND_MEAN
#define NOUSER /* winuser.h defines MB_OK, which core/err.h names too */
#include <windows.h>
#include <tlhelp32.h>

#include "ipc/proc.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Exit code of a process ended by mb_ipc_proc_kill / mb_ipc_self_kill (128 + SIGKILL, as a
 * shell reports a killed process). */
#define KILL_CODE 137u
/* Exit code of a process ended by Ctrl-C (NTSTATUS STATUS_CONTROL_C_EXIT). */
#define CTRL_C_CODE 0xC000013Au
/* A stopped child looks for its parent this often, and exits with STOP_ORPHAN_CODE once the
 * parent is gone (a stopped POSIX child is killed by its parent or the test's timeout). */
#define STOP_POLL_MS 200u
#define STOP_ORPHAN_CODE 3u

/* Documented exception to "no mutable file-scope state": written by the console handler. */
static _Atomic int interrupted_by;

static BOOL WINAPI on_console(DWORD type)
{
    atomic_store(&interrupted_by,
                 type == CTRL_C_EVENT || type == CTRL_BREAK_EVENT ? SIGINT : SIGTERM);
    /* handled: the benchmark notices the flag within one poll interval and cleans up (for
     * CTRL_CLOSE_EVENT the system ends the process after a grace period anyway) */
    return TRUE;
}

void mb_ipc_self_exe(const char *argv0, char *buf, size_t len)
{
    DWORD n = GetModuleFileNameA(NULL, buf, len > 0xFFFFFFFFu ? 0xFFFFFFFFu : (DWORD)len);
    if (n > 0 && n < len)
        return;
    snprintf(buf, len, "%s", argv0);
}

uint64_t mb_ipc_self_id(void)
{
    return (uint64_t)GetCurrentProcessId();
}

/* Appends one argument to the command line, quoted so that CommandLineToArgvW / the C runtime
 * give it back unchanged. Returns false if it does not fit. */
static bool append_arg(char *cmd, size_t cap, size_t *used, const char *arg)
{
    char buf[8192];
    size_t n = 0;
    bool quote = arg[0] == '\0' || strpbrk(arg, " \t\n\v\"") != NULL;
    if (*used && n < sizeof buf)
        buf[n++] = ' ';
    if (quote)
        buf[n++] = '"';
    for (const char *p = arg;; p++) {
        size_t slashes = 0;
        while (*p == '\\') {
            p++;
            slashes++;
        }
        /* backslashes are literal unless they precede a quote (or the closing quote) */
        size_t copies = *p == '"' || (*p == '\0' && quote) ? slashes * 2 : slashes;
        if (n + copies + 4 >= sizeof buf)
            return false;
        for (size_t i = 0; i < copies; i++)
            buf[n++] = '\\';
        if (*p == '\0')
            break;
        if (*p == '"')
            buf[n++] = '\\';
        buf[n++] = *p;
    }
    if (quote)
        buf[n++] = '"';
    if (*used + n + 1 > cap)
        return false;
    memcpy(cmd + *used, buf, n);
    *used += n;
    cmd[*used] = '\0';
    return true;
}

int mb_ipc_proc_spawn(const char *exe, char *const argv[], struct mb_ipc_proc *p,
                      struct mb_err *err)
{
    memset(p, 0, sizeof *p);
    char cmd[32768]; /* CreateProcess's limit */
    size_t used = 0;
    cmd[0] = '\0';
    for (size_t i = 0; argv[i]; i++)
        if (!append_arg(cmd, sizeof cmd, &used, argv[i]))
            return mb_err_set(err, MB_E_USAGE, 0, NULL,
                              "the child's command line is too long (argument %u)", (unsigned)i);
    STARTUPINFOA si;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    PROCESS_INFORMATION pi;
    /* bInheritHandles: the transport marked exactly the handles the child needs inheritable */
    /* ERROR_INTERNAL_ERROR is transient (seen once under wine 8, starting the case after one
     * whose child was killed): a bounded retry, 3 tries 100 ms apart; other errors fail now */
    BOOL started = FALSE;
    DWORD code = 0;
    for (int attempt = 0; attempt < 3 && !started; attempt++) {
        if (attempt > 0)
            Sleep(100);
        started = CreateProcessA(exe, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi);
        code = started ? 0 : GetLastError();
        if (!started && code != ERROR_INTERNAL_ERROR)
            break;
    }
    if (!started)
        return mb_err_set(err, MB_E_IO, (int)code, "CreateProcessA", "cannot start the child '%s'",
                          exe);
    CloseHandle(pi.hThread);
    p->id = (intptr_t)pi.dwProcessId;
    p->handle = (intptr_t)pi.hProcess;
    return 0;
}

static int describe(const struct mb_ipc_proc *p, struct mb_err *err)
{
    unsigned code = (unsigned)p->status;
    if (code == 0)
        return mb_err_set(err, MB_E_CHILD, 0, NULL, "child process %ld exited early (status 0)",
                          (long)p->id);
    if (code == KILL_CODE)
        return mb_err_set(err, MB_E_CHILD, 0, NULL,
                          "child process %ld was killed (exit code %u, TerminateProcess)",
                          (long)p->id, code);
    if (code == CTRL_C_CODE)
        return mb_err_set(err, MB_E_CHILD, 0, NULL,
                          "child process %ld was ended by Ctrl-C (exit code 0x%08X)", (long)p->id,
                          code);
    if (code >= 0xC0000000u)
        return mb_err_set(err, MB_E_CHILD, 0, NULL, "child process %ld crashed (exception 0x%08X)",
                          (long)p->id, code);
    return mb_err_set(err, MB_E_CHILD, 0, NULL,
                      "child process %ld exited with status %u (its message is on stderr)",
                      (long)p->id, code);
}

/* Records the exit code and drops the handle once the process has ended. */
static void reaped(struct mb_ipc_proc *p)
{
    DWORD code = 0;
    if (!GetExitCodeProcess((HANDLE)p->handle, &code))
        code = 0;
    CloseHandle((HANDLE)p->handle);
    p->handle = 0;
    p->exited = true;
    p->status = (int)code;
}

/* 1 if the child has exited (now or before), 0 if it runs; waits up to ms for it. */
static int reap(struct mb_ipc_proc *p, DWORD ms)
{
    if (p->exited || !p->handle)
        return 1;
    if (WaitForSingleObject((HANDLE)p->handle, ms) == WAIT_TIMEOUT)
        return 0;
    reaped(p);
    return 1;
}

int mb_ipc_proc_check(struct mb_ipc_proc *p, struct mb_err *err)
{
    if (!reap(p, 0))
        return 0;
    return describe(p, err);
}

int mb_ipc_proc_wait(struct mb_ipc_proc *p, int timeout_ms, struct mb_err *err)
{
    if (!reap(p, timeout_ms < 0 ? 0 : (DWORD)timeout_ms)) {
        mb_ipc_proc_kill(p);
        return mb_err_set(err, MB_E_CHILD, 0, NULL,
                          "child process %ld did not exit within %d ms and was killed", (long)p->id,
                          timeout_ms);
    }
    if (p->status == 0)
        return 0;
    return describe(p, err);
}

void mb_ipc_proc_kill(struct mb_ipc_proc *p)
{
    if (p->exited || !p->handle)
        return;
    TerminateProcess((HANDLE)p->handle, KILL_CODE);
    /* TerminateProcess is asynchronous: wait until the process (and its mappings) are gone */
    WaitForSingleObject((HANDLE)p->handle, 10000);
    reaped(p);
}

bool mb_ipc_parent_alive(uint64_t parent_id)
{
    HANDLE h =
        OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD)parent_id);
    if (!h)
        return false;
    bool alive = WaitForSingleObject(h, 0) == WAIT_TIMEOUT;
    /* a reused id belongs to a process created after this one: not our parent */
    FILETIME pc, me, x1, x2, x3;
    if (alive && GetProcessTimes(h, &pc, &x1, &x2, &x3) &&
        GetProcessTimes(GetCurrentProcess(), &me, &x1, &x2, &x3) && CompareFileTime(&pc, &me) > 0)
        alive = false;
    CloseHandle(h);
    return alive;
}

void mb_ipc_signals_install(bool interrupt_handlers)
{
    /* no SIGPIPE on Windows: a dead peer shows up as ERROR_BROKEN_PIPE / WSAECONNRESET */
    if (interrupt_handlers)
        SetConsoleCtrlHandler(on_console, TRUE);
}

int mb_ipc_interrupted(void)
{
    return atomic_load(&interrupted_by);
}

void mb_ipc_exit_interrupted(int sig)
{
    (void)sig;
    /* what a process ended by Ctrl-C reports */
    fflush(NULL);
    ExitProcess(CTRL_C_CODE);
}

void mb_ipc_self_kill(void)
{
    TerminateProcess(GetCurrentProcess(), KILL_CODE);
    ExitProcess(KILL_CODE);
}

/* The id of the process that created this one (0 if unknown). */
static DWORD parent_id(void)
{
    DWORD me = GetCurrentProcessId(), parent = 0;
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    if (snap == INVALID_HANDLE_VALUE)
        return 0;
    PROCESSENTRY32 pe;
    pe.dwSize = sizeof pe;
    for (BOOL more = Process32First(snap, &pe); more; more = Process32Next(snap, &pe))
        if (pe.th32ProcessID == me) {
            parent = pe.th32ParentProcessID;
            break;
        }
    CloseHandle(snap);
    return parent;
}

/* Windows cannot stop its own process as SIGSTOP does (suspending its own threads is not
 * safe): the child stops moving messages and sleeps. It never returns while its parent lives
 * (the parent's stall bound ends the case and kills it); once the parent is gone it exits, so
 * that no stopped child outlives an interrupted run. */
void mb_ipc_self_stop(void)
{
    DWORD parent = parent_id();
    for (;;) {
        Sleep(parent ? STOP_POLL_MS : INFINITE);
        if (!mb_ipc_parent_alive(parent))
            ExitProcess(STOP_ORPHAN_CODE);
    }
}

void mb_ipc_sleep_ms(int ms)
{
    Sleep(ms < 0 ? 0 : (DWORD)ms);
}
