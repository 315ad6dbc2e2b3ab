/* methods/posix/advice.h: the advice an access hint gives on POSIX: madvise for the mapped
 * methods (map, mapcopy, mapwin), posix_fadvise for explicit I/O. -1: the hint gives none
 * (none, populate: a mapping flag; huge where the system lacks MADV_HUGEPAGE). Private to the
 * POSIX method files. */
#ifndef MB_METHODS_POSIX_ADVICE_H
#define MB_METHODS_POSIX_ADVICE_H

#include <fcntl.h>
#include <sys/mman.h>

#include "methods/method.h"

static inline int mb_posix_madvice(enum mb_hint h)
{
    switch (h) {
    case MB_HINT_SEQ:
        return MADV_SEQUENTIAL;
    case MB_HINT_RANDOM:
        return MADV_RANDOM;
    case MB_HINT_WILLNEED:
        return MADV_WILLNEED;
#ifdef MADV_HUGEPAGE
    case MB_HINT_HUGE:
        return MADV_HUGEPAGE;
#endif
    default:
        return -1;
    }
}

static inline int mb_posix_fadvice(enum mb_hint h)
{
    switch (h) {
    case MB_HINT_SEQ:
        return POSIX_FADV_SEQUENTIAL;
    case MB_HINT_RANDOM:
        return POSIX_FADV_RANDOM;
    case MB_HINT_WILLNEED:
        return POSIX_FADV_WILLNEED;
    default:
        return -1;
    }
}

#endif
