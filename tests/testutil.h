/* testutil.h: helpers shared by the unit tests: a per-test scratch directory (from the
 * MB_TEST_DIR environment variable that meson sets) and cmocka includes. */
#ifndef MB_TESTUTIL_H
#define MB_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/err.h"
#include "os/os.h"

/* Creates (if needed) and returns the scratch directory "<MB_TEST_DIR>/<name>". */
static inline const char *mb_test_dir(const char *name, char *buf, size_t len)
{
    const char *base = getenv("MB_TEST_DIR");
    if (!base)
        base = ".";
    mb_os_mkdir(base, NULL);
    snprintf(buf, len, "%s/%s", base, name);
    mb_os_mkdir(buf, NULL);
    return buf;
}

/* Fails the test with the error's message when rc != 0. */
#define MB_ASSERT_OK(rc, err)                                                                      \
    do {                                                                                           \
        int rc_ = (rc);                                                                            \
        if (rc_ != 0)                                                                              \
            fail_msg("unexpected error %d (%s): %s", rc_, mb_code_name(rc_), (err).msg);           \
    } while (0)

#endif
