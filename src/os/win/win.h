/* os/win/win.h: what the Windows files of every subsystem share: <windows.h> with the defines
 * the project needs, the largest byte count one ReadFile / WriteFile call moves, and the
 * OVERLAPPED that positions a call at a file offset. Included by Windows files only. */
#ifndef MB_OS_WIN_H
#define MB_OS_WIN_H

#define WIN32_LEAN_AND_MEAN
#define NOUSER /* winuser.h defines MB_OK, which core/err.h names too */
#include <windows.h>

#include <stdint.h>
#include <string.h>

/* Largest byte count of one ReadFile / WriteFile: its count is a DWORD; 1 GiB stays well below
 * 4 GiB and is a multiple of every sector size, so non-cached I/O stays aligned. */
#define MB_WIN_IO_MAX (1u << 30)

/* The OVERLAPPED that positions a ReadFile / WriteFile on a synchronous handle at `off`. */
static inline OVERLAPPED mb_win_at(uint64_t off)
{
    OVERLAPPED o;
    memset(&o, 0, sizeof o);
    o.Offset = (DWORD)off;
    o.OffsetHigh = (DWORD)(off >> 32);
    return o;
}

#endif
