/* os/posix/fault.c: SIGBUS guard with sigsetjmp/siglongjmp. The jump target is the one piece of
 * mutable non-local state in mapbench: a thread-local pointer, because a signal handler has
 * no other way to find the interrupted call's context. */
#include "os/fault.h"

#include <setjmp.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>

static _Thread_local sigjmp_buf *mb_fault_jmp;
static _Thread_local void *mb_fault_addr;

static void on_sigbus(int sig, siginfo_t *info, void *uctx)
{
    (void)uctx;
    if (mb_fault_jmp) {
        mb_fault_addr = info ? info->si_addr : NULL;
        siglongjmp(*mb_fault_jmp, 1);
    }
    /* not inside a guarded call: restore the default action and re-raise */
    signal(sig, SIG_DFL);
    raise(sig);
}

int mb_fault_guard(mb_guarded_fn fn, void *arg, struct mb_err *err)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigbus;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGBUS, &sa, &old);
    sigjmp_buf env;
    sigjmp_buf *volatile prev = mb_fault_jmp;
    int rc;
    if (sigsetjmp(env, 1) == 0) {
        mb_fault_jmp = &env;
        rc = fn(arg, err);
    } else {
        rc = mb_err_set(err, MB_E_FAULT, 0, "SIGBUS",
                        "bus error at %p while accessing the mapping (file truncated or "
                        "replaced while mapped, or an I/O error)",
                        mb_fault_addr);
    }
    mb_fault_jmp = prev;
    return rc;
}
