/* helpers.h: helpers shared by the report tests (test_reader.c, test_outputs.c): fixture
 * paths, temporary directories, whole files, run directories made of a fixture. */
#ifndef MB_TEST_HELPERS_H
#define MB_TEST_HELPERS_H

#include <stddef.h>

#include "report/results.h"

#define RUN_A "run-a/results/fixture/20261124T142603Z"
#define RUN_LT "run-lifetime" /* both lifetimes; mem at lifetime:case only; no context.json */

/* The fixture directory ($MB_FIXTURES, else tests/report/fixtures). */
const char *mb_test_fixtures(void);

/* The path of fixture `rel` into buf. */
void mb_test_fixture_path(char *buf, size_t len, const char *rel);

/* A whole file, NUL-terminated (malloc'd), or NULL. */
char *mb_test_slurp(const char *path);

/* The text of file dir/name (malloc'd; asserts that it exists). */
char *mb_test_read(const char *dir, const char *name);

/* Fails unless file dir/name holds every string of the NULL-terminated list needles. */
void mb_test_file_has(const char *dir, const char *name, const char *const *needles);

/* Asserts that file dir/name holds every string given. */
#define MB_ASSERT_FILE_HAS(dir, name, ...)                                                         \
    mb_test_file_has((dir), (name), (const char *const[]){__VA_ARGS__, NULL})

/* A fresh temporary directory (its name into buf; asserts). */
void mb_test_tmpdir(char *buf, size_t len);

/* Removes a directory tree (asserts). */
void mb_test_rmtree(const char *dir);

/* A run directory in a fresh temporary directory tmp: the fixture's mapbench.json (linked)
 * and, when ctx is non-NULL, a context.json with that text. The run directory into dir. */
void mb_test_make_run(char *tmp, size_t tlen, char *dir, size_t dlen, const char *fixture,
                      const char *ctx);

/* report.md of a run directory written by "mapbench-report all" into out (malloc'd). */
char *mb_test_verdict_of_dir(const char *dir, const char *out);

/* Reads out/compare.dat: the number of rows, of significant rows, and the largest |ratio - 1|. */
void mb_test_read_compare(const char *out, int *rows, int *sig, double *maxdev);

/* Loads fixture run `rel` (asserts success). */
void mb_test_load(const char *rel, struct mb_result_run *run);

#endif
