/* testutil.h: helpers shared by the cmocka tests: the cmocka includes, a test program's main
 * (MB_TEST_MAIN, MB_TEST_RUN, mb_test_arg), a per-test scratch directory (from the MB_TEST_DIR
 * environment variable that meson sets), small files and data files in it, and assertions on
 * project errors and on text. */
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

#include "core/datafile.h"
#include "core/err.h"
#include "os/os.h"

/* Runs the tests (a CMUnitTest array ended by one whose test_func is NULL) as one cmocka group
 * named "tests" with the group setup and teardown given (NULL: none); returns the number of
 * tests that failed. */
static inline int mb_test_group(const struct CMUnitTest *tests, CMFixtureFunction setup,
                                CMFixtureFunction teardown)
{
    size_t n = 0;
    while (tests[n].test_func)
        n++;
    return _cmocka_run_group_tests("tests", tests, n, setup, teardown);
}

/* The tests given (cmocka_unit_test(...) entries) run as one group with the group setup and
 * teardown given (NULL: none): an expression, the number of tests that failed. */
#define MB_TEST_RUN_WITH(setup, teardown, ...)                                                     \
    mb_test_group((const struct CMUnitTest[]){__VA_ARGS__, {.test_func = NULL}}, setup, teardown)

/* The tests given run as one group with no group setup or teardown (the number failed). */
#define MB_TEST_RUN(...) MB_TEST_RUN_WITH(NULL, NULL, __VA_ARGS__)

/* Defines main(): runs the tests given as MB_TEST_RUN does; exits with the number failed. */
#define MB_TEST_MAIN(...)                                                                          \
    int main(void)                                                                                 \
    {                                                                                              \
        return MB_TEST_RUN(__VA_ARGS__);                                                           \
    }

/* The program's argument i (1 = first), which the test needs: exits 2 with a usage line naming
 * `usage` (the arguments' names) when argv has fewer. */
static inline const char *mb_test_arg(int argc, char **argv, int i, const char *usage)
{
    if (argc <= i) {
        fprintf(stderr, "usage: %s %s\n", argc > 0 ? argv[0] : "test", usage);
        exit(2);
    }
    return argv[i];
}

/* Creates (if needed) and returns the scratch directory "<MB_TEST_DIR>/<name>"; without
 * MB_TEST_DIR (a test run by hand) below /tmp/mapbench-tests, never in the working directory,
 * which may be the source tree. */
static inline const char *mb_test_dir(const char *name, char *buf, size_t len)
{
    const char *base = getenv("MB_TEST_DIR");
    if (!base)
        base = "/tmp/mapbench-tests";
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

/* Writes the file at path holding exactly text (bytes as given, no newline translation),
 * replacing what was there (asserts). */
static inline void mb_test_write(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        fail_msg("cannot create %s", path);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
}

/* The scratch directory `name` (its path into dir) holding a ready data file of size bytes
 * (mb_datafile_ensure, asserted to succeed) described in df. */
static inline void mb_test_datafile(const char *name, uint64_t size, char *dir, size_t len,
                                    struct mb_datafile *df)
{
    struct mb_err err;
    mb_test_dir(name, dir, len);
    MB_ASSERT_OK(mb_datafile_ensure(dir, size, df, &err), err);
}

/* Fails the test, naming the first one missing, unless text holds every string of the
 * NULL-terminated list needles (or, with want false, none of them). */
static inline void mb_test_find_all(const char *text, const char *const *needles, int want)
{
    for (; *needles; needles++)
        if ((strstr(text, *needles) != NULL) != (want != 0))
            fail_msg("'%s' %s the text", *needles, want ? "is not in" : "is in");
}

/* Asserts that text holds every string given. */
#define MB_ASSERT_HAS(text, ...)                                                                   \
    mb_test_find_all((text), (const char *const[]){__VA_ARGS__, NULL}, 1)

/* Asserts that text holds none of the strings given. */
#define MB_ASSERT_LACKS(text, ...)                                                                 \
    mb_test_find_all((text), (const char *const[]){__VA_ARGS__, NULL}, 0)

#endif
