/* methods/posix/advice.h: the advice an access hint gives on POSIX: madvise for the mapped
 * methods (map, mapcopy, mapwin), posix_fadvise for explicit I/O. -1: the hint gives none
 * (none; populate, a mapping flag; huge for explicit I/O, or where the system lacks
 * MADV_HUGEPAGE). Private to the POSIX method files. */
#ifndef MB_METHODS_POSIX_ADVICE_H
#define MB_METHODS_POSIX_ADVICE_H

#include <stdbool.h>

#include <fcntl.h>
#include <sys/mman.h>

#include "methods/method.h"

/* The advice hint h gives: for madvise when `mapped`, else for posix_fadvise. */
static inline int mb_posix_advice(enum mb_hint h, bool mapped)
{
    switch (h) {
    case MB_HINT_SEQ:
        return mapped ? MADV_SEQUENTIAL : POSIX_FADV_SEQUENTIAL;
    case MB_HINT_RANDOM:
        return mapped ? MADV_RANDOM : POSIX_FADV_RANDOM;
    case MB_HINT_WILLNEED:
        return mapped ? MADV_WILLNEED : POSIX_FADV_WILLNEED;
#ifdef MADV_HUGEPAGE
    case MB_HINT_HUGE:
        return mapped ? MADV_HUGEPAGE : -1;
#endif
    default:
        return -1;
    }
}

/* Opens a->path for a->access (O_DIRECT when direct) and gives a->hint's posix_fadvise
 * advice: the explicit-I/O methods' open (posix/io.c; io_uring's too). *fd on success;
 * MB_E_UNSUPPORTED when O_DIRECT or the advice is refused, MB_E_IO otherwise. */
int mb_posix_open_advised(const struct mb_open_args *a, bool direct, int *fd, struct mb_err *err);

#endif
