/* methods/win/win.h: helpers shared by the Windows mapped methods (methods/win/map.c,
 * methods/win/mapwin.c). Private to those files. */
#ifndef MB_METHOD_WIN_H
#define MB_METHOD_WIN_H

#include "os/win/win.h"

#include "methods/method.h"

/* Opens a->path for the access asked, with the hint's CreateFile flag, and an unnamed mapping
 * object of the whole file (read-only or read-write per a->access). Nothing stays open on
 * failure. */
int mb_win_open_mapping(const struct mb_open_args *a, HANDLE *file, HANDLE *mapping,
                        struct mb_err *err);

/* PrefetchVirtualMemory over [p, p+len), looked up with GetProcAddress: MB_E_UNSUPPORTED
 * with the reason where the system lacks it. */
int mb_win_prefetch(void *p, size_t len, struct mb_err *err);

/* FlushViewOfFile over [base, base+len) then FlushFileBuffers(file): durable. */
int mb_win_flush_view(void *base, size_t len, HANDLE file, struct mb_err *err);

/* Closes a file mapping object and its file, both whatever happens; reports the first
 * failure. */
int mb_win_close_mapping(HANDLE mapping, HANDLE file, struct mb_err *err);

#endif
