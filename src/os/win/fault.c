/* os/win/fault.c: the mapping fault guard on Windows. mingw's gcc has no __try/__except, so a
 * vectored exception handler (registered once per process) catches EXCEPTION_IN_PAGE_ERROR
 * (the view's file could not be read: I/O error, network file gone) and access violations
 * raised while the faulting thread is inside mb_fault_guard, and jumps back to the guard
 * with __builtin_longjmp. The builtin jump restores the frame and stack pointers without
 * the SEH unwind that msvcrt's longjmp would start from inside the exception dispatcher;
 * GCC saves every callee-saved register around a __builtin_setjmp receiver. Faults outside
 * a guarded call are passed on untouched (EXCEPTION_CONTINUE_SEARCH).
 *
 * Like os/posix/fault.c, the jump target is thread-local mutable state: an exception handler has
 * no other way to find the interrupted call's context. The handler's registration is done
 * once under an INIT_ONCE. Checked under wine 8 and on the documented Windows behaviour. */
#define WIN32_LEAN_AND_MEAN
#define NOUSER /* winuser.h defines MB_OK, which core/err.h names too */
#include <windows.h>

#include "os/fault.h"

#include <stddef.h>

struct guard_frame {
    void *jb[5]; /* __builtin_setjmp buffer: 5 words */
    DWORD code;
    void *addr;
    ULONG_PTR kind; /* EXCEPTION_IN_PAGE_ERROR: 0 read, 1 write, 8 execute */
    LONG status;    /* EXCEPTION_IN_PAGE_ERROR: the LONG of the failed read */
};

static _Thread_local struct guard_frame *mb_fault_frame;

static LONG CALLBACK on_exception(PEXCEPTION_POINTERS ep)
{
    struct guard_frame *f = mb_fault_frame;
    DWORD code = ep->ExceptionRecord->ExceptionCode;
    if (!f || (code != EXCEPTION_IN_PAGE_ERROR && code != EXCEPTION_ACCESS_VIOLATION))
        return EXCEPTION_CONTINUE_SEARCH;
    const EXCEPTION_RECORD *r = ep->ExceptionRecord;
    f->code = code;
    f->addr = r->NumberParameters >= 2 ? (void *)r->ExceptionInformation[1] : r->ExceptionAddress;
    f->kind = r->NumberParameters >= 1 ? r->ExceptionInformation[0] : 0;
    f->status = r->NumberParameters >= 3 ? (LONG)r->ExceptionInformation[2] : 0;
    mb_fault_frame = NULL; /* a fault in the jump itself must not loop */
    __builtin_longjmp(f->jb, 1);
}

static BOOL CALLBACK install(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    (void)once, (void)param;
    PVOID h = AddVectoredExceptionHandler(1, on_exception);
    if (ctx)
        *ctx = h;
    return h != NULL;
}

/* The only state not owned by a call: whether the process-wide handler is registered. */
static INIT_ONCE mb_fault_once = INIT_ONCE_STATIC_INIT;

/* Runs fn under the frame f: kept out of line so that the builtin setjmp's frame is this
 * function's, and its locals are the only ones that live across the jump. */
static __attribute__((noinline)) int run_guarded(struct guard_frame *volatile f, mb_guarded_fn fn,
                                                 void *arg, struct mb_err *err, int *faulted)
{
    struct guard_frame *volatile prev = mb_fault_frame;
    if (__builtin_setjmp(f->jb) == 0) {
        mb_fault_frame = f;
        int rc = fn(arg, err);
        mb_fault_frame = prev;
        *faulted = 0;
        return rc;
    }
    mb_fault_frame = prev;
    *faulted = 1;
    return 0;
}

int mb_fault_guard(mb_guarded_fn fn, void *arg, struct mb_err *err)
{
    if (!InitOnceExecuteOnce(&mb_fault_once, install, NULL, NULL))
        return mb_err_set(err, MB_E_FAULT, (int)GetLastError(), "AddVectoredExceptionHandler",
                          "cannot install the mapping fault handler");
    struct guard_frame f = {0};
    int faulted = 0;
    int rc = run_guarded(&f, fn, arg, err, &faulted);
    if (!faulted)
        return rc;
    if (f.code == EXCEPTION_IN_PAGE_ERROR)
        return mb_err_set(err, MB_E_FAULT, 0, "EXCEPTION_IN_PAGE_ERROR",
                          "in-page error at %p while %s the mapping (LONG 0x%08lx: the "
                          "file's data could not be paged in; I/O error or file gone)",
                          f.addr, f.kind == 1 ? "writing" : "reading", (unsigned long)f.status);
    return mb_err_set(err, MB_E_FAULT, 0, "EXCEPTION_ACCESS_VIOLATION",
                      "access violation at %p while %s the mapping (outside the view, or a "
                      "write to a read-only view)",
                      f.addr, f.kind == 1 ? "writing" : "reading");
}
