/* methods/win/win.h: helpers shared by the Windows mapped methods (methods/win/map.c,
 * methods/win/mapwin.c). Private to those files. */
#ifndef MB_METHOD_WIN_H
#define MB_METHOD_WIN_H

#include "os/win/win.h"

#include "methods/method.h"

/* Hints the mapped methods accept on Windows (see methods/win/map.c). */
#define MB_WIN_MAP_HINTS ((1u << MB_HINT_SEQ) | (1u << MB_HINT_RANDOM) | (1u << MB_HINT_WILLNEED))

/* Opens a->path for the access asked, with the hint's CreateFile flag. */
int mb_win_open_file(const struct mb_open_args *a, struct mb_err *err, HANDLE *out);

/* Creates an unnamed mapping of the whole file (read-only or read-write per a->access). */
int mb_win_create_mapping(HANDLE file, const struct mb_open_args *a, HANDLE *out,
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
