/* methods/uring_none.c: the uring and uringdirect methods where they are not built (no
 * liburing, or not Linux): registered as unsupported with the reason, so a sweep that asks
 * for them says why. */
#include "methods/method.h"

const struct mb_method mb_method_uring = {
    .name = "uring",
    .api = "io_uring",
    /* the capabilities and hints of the real method (methods/linux/uring.c), so that ordering
     * by kind (the report's method order) places it with the explicit methods in every build
     * and a case naming a hint is judged alike everywhere */
    .caps = MB_CAP_EXPLICIT | MB_CAP_WRITE | MB_CAP_COLD | MB_CAP_THREADS | MB_CAP_ASYNC,
    .hints = (1u << MB_HINT_SEQ) | (1u << MB_HINT_RANDOM) | (1u << MB_HINT_WILLNEED) |
             (1u << MB_HINT_FIXED),
    .unsupported = "io_uring is not available in this build (Linux with liburing only; "
                   "configure with -During=enabled)",
};

const struct mb_method mb_method_uringdirect = {
    .name = "uringdirect",
    .api = "io_uring with O_DIRECT",
    .caps = MB_CAP_EXPLICIT | MB_CAP_WRITE | MB_CAP_COLD | MB_CAP_THREADS | MB_CAP_ASYNC |
            MB_CAP_ALIGNED | MB_CAP_UNCACHED,
    .hints = 1u << MB_HINT_FIXED,
    .unsupported = "io_uring is not available in this build (Linux with liburing only; "
                   "configure with -During=enabled)",
};
