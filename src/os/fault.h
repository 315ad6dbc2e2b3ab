/* os/fault.h: running code that touches a mapping so that a bus error (file truncated under the
 * mapping, I/O error on a mapped page) fails that call instead of killing the process. */
#ifndef MB_FAULT_H
#define MB_FAULT_H

#include "core/err.h"

typedef int (*mb_guarded_fn)(void *arg, struct mb_err *err);

/* Runs fn(arg, err) on the calling thread. Returns fn's result, or MB_E_FAULT with a message
 * if a bus error (SIGBUS / EXCEPTION_IN_PAGE_ERROR) hit during the call. */
int mb_fault_guard(mb_guarded_fn fn, void *arg, struct mb_err *err);

#endif
