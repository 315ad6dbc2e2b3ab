/* ipc/win/wait.c: ipc/wait.h on Windows: a bell is a named auto-reset event (WaitOnAddress only
 * works inside one process). The creator makes the event (CreateEventA, exclusively), the
 * other process opens it by name (OpenEventA). The shared word still carries the event count,
 * so a waiter never sleeps when the count already moved; an auto-reset event stays signalled
 * until a waiter consumes it, so a ring between the check and the wait is not lost either
 * (at worst a later wait returns at once, and the ring loop re-checks). Waits always have a
 * timeout so a dead peer is noticed by the caller's peer check. */
#define WIN32_LEAN_AND_MEAN
#define NOUSER /* winuser.h defines MB_OK, which core/err.h names too */
#include <windows.h>

#include "ipc/wait.h"

int mb_ipc_bell_open(struct mb_ipc_bell *b, _Atomic uint32_t *word, const char *name, bool create,
                     struct mb_err *err)
{
    b->word = word;
    b->os = NULL;
    HANDLE h;
    if (create) {
        h = CreateEventA(NULL, FALSE, FALSE, name);
        if (h && GetLastError() == ERROR_ALREADY_EXISTS) {
            CloseHandle(h);
            return mb_err_set(err, MB_E_FOREIGN, 0, NULL,
                              "event '%s' already exists and is not ours (a process of an "
                              "earlier run may still hold it)",
                              name);
        }
        if (!h)
            return mb_err_set(err, MB_E_IO, (int)GetLastError(), "CreateEventA",
                              "cannot create event '%s'", name);
    } else {
        h = OpenEventA(SYNCHRONIZE | EVENT_MODIFY_STATE, FALSE, name);
        if (!h)
            return mb_err_set(err, MB_E_IO, (int)GetLastError(), "OpenEventA",
                              "cannot open event '%s'", name);
    }
    b->os = h;
    return 0;
}

void mb_ipc_bell_close(struct mb_ipc_bell *b)
{
    if (b->os)
        CloseHandle((HANDLE)b->os);
    b->os = NULL;
    b->word = NULL;
}

int mb_ipc_bell_wait(struct mb_ipc_bell *b, uint32_t expected, int timeout_ms)
{
    if (atomic_load_explicit(b->word, memory_order_acquire) != expected)
        return MB_IPC_WOKEN;
    DWORD w = WaitForSingleObject((HANDLE)b->os, timeout_ms < 0 ? 0 : (DWORD)timeout_ms);
    if (w == WAIT_OBJECT_0)
        return MB_IPC_WOKEN;
    if (w == WAIT_FAILED) /* a broken handle: behave like a timeout so the peer check runs */
        Sleep(timeout_ms < 0 ? 0 : (DWORD)timeout_ms);
    return MB_IPC_TIMEOUT;
}

void mb_ipc_bell_ring(struct mb_ipc_bell *b)
{
    SetEvent((HANDLE)b->os);
}

void mb_ipc_cpu_relax(void)
{
    YieldProcessor();
}
