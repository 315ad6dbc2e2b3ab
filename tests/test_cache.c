/* test_cache.c: cold eviction really leaves the file non-resident and warm really loads it,
 * both verified independently of the cache module (Linux: mincore through our own mapping). */
#include "testutil.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cache.h"
#include "datafile.h"

#define SIZE (8u << 20)

/* Independent residency check with mincore. */
static double resident_now(const char *path)
{
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    void *p = mmap(NULL, SIZE, PROT_READ, MAP_SHARED, fd, 0);
    assert_true(p != MAP_FAILED);
    size_t pages = SIZE / 4096;
    unsigned char *vec = malloc(pages);
    assert_int_equal(mincore(p, SIZE, vec), 0);
    size_t in = 0;
    for (size_t i = 0; i < pages; i++)
        in += vec[i] & 1;
    free(vec);
    munmap(p, SIZE);
    close(fd);
    return (double)in / (double)pages;
}

static void test_cold_then_warm(void **state)
{
    (void)state;
    char dir[512];
    struct mb_err err;
    struct mb_datafile df;
    mb_test_dir("cache", dir, sizeof dir);
    MB_ASSERT_OK(mb_datafile_ensure(dir, SIZE, &df, &err), err);
    double r;
    MB_ASSERT_OK(mb_cache_prepare(df.path, SIZE, MB_CACHE_WARM, true, &r, &err), err);
    assert_true(r >= MB_CACHE_WARM_MIN);
    assert_true(resident_now(df.path) > 0.99);
    MB_ASSERT_OK(mb_cache_prepare(df.path, SIZE, MB_CACHE_COLD, false, &r, &err), err);
    assert_true(r <= MB_CACHE_COLD_TOLERANCE);
    assert_true(resident_now(df.path) < 0.01);
    MB_ASSERT_OK(mb_cache_resident(df.path, SIZE, &r, &err), err);
    assert_true(r < 0.01);
}

static void test_cold_fails_while_mapped_and_locked(void **state)
{
    (void)state;
    char dir[512];
    struct mb_err err;
    struct mb_datafile df;
    mb_test_dir("cache", dir, sizeof dir);
    MB_ASSERT_OK(mb_datafile_ensure(dir, SIZE, &df, &err), err);
    /* keep the pages pinned through a locked mapping: eviction must fail loudly, not pass */
    int fd = open(df.path, O_RDONLY);
    assert_true(fd >= 0);
    void *p = mmap(NULL, SIZE, PROT_READ, MAP_SHARED | MAP_POPULATE, fd, 0);
    assert_true(p != MAP_FAILED);
    if (mlock(p, SIZE) != 0) {
        munmap(p, SIZE);
        close(fd);
        skip(); /* no RLIMIT_MEMLOCK to pin the pages: cannot construct the case */
    }
    double r;
    assert_int_equal(mb_cache_prepare(df.path, SIZE, MB_CACHE_COLD, false, &r, &err), MB_E_CACHE);
    assert_non_null(strstr(err.msg, "could not be verified"));
    /* a warm case's first pass re-reads the file from disk (one page-cache layout for every
     * case), so it cannot start either; a later pass only checks residency */
    assert_int_equal(mb_cache_prepare(df.path, SIZE, MB_CACHE_WARM, true, &r, &err), MB_E_CACHE);
    MB_ASSERT_OK(mb_cache_prepare(df.path, SIZE, MB_CACHE_WARM, false, &r, &err), err);
    assert_true(r >= MB_CACHE_WARM_MIN);
    munlock(p, SIZE);
    munmap(p, SIZE);
    close(fd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cold_then_warm),
        cmocka_unit_test(test_cold_fails_while_mapped_and_locked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
