/* methods/uring_none.c: the uring method where it is not built (no liburing, or not Linux):
 * registered as unsupported with the reason, so a sweep that asks for it says why. */
#include "methods/method.h"

const struct mb_method mb_method_uring = {
    .name = "uring",
    .api = "io_uring",
    .unsupported = "io_uring is not available in this build (Linux with liburing only; "
                   "configure with -During=enabled)",
};
