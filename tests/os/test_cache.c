/* tests/os/test_cache.c: cold eviction really leaves the file non-resident and warm really loads
 * it, both verified independently of the cache module (Linux: mincore through our own mapping). */
#include "testutil.h"

#include <fcntl.h>
#include <math.h>
#include <sys/mman.h>
#include <unistd.h>

#include "os/cache.h"
#include "core/datafile.h"

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

/* The test's data file (created once, reused by every test). */
static void test_file(struct mb_datafile *df)
{
    char dir[512];
    mb_test_datafile("cache", SIZE, dir, sizeof dir, df);
}

static void test_cold_then_warm(void **state)
{
    (void)state;
    struct mb_err err;
    struct mb_datafile df;
    test_file(&df);
    double r;
    MB_ASSERT_OK(mb_cache_prepare(df.path, SIZE, MB_CACHE_WARM, true, MB_RESIDENCY_AUTO, &r, &err),
                 err);
    assert_true(r >= MB_CACHE_WARM_MIN);
    assert_true(resident_now(df.path) > 0.99);
    MB_ASSERT_OK(mb_cache_prepare(df.path, SIZE, MB_CACHE_COLD, false, MB_RESIDENCY_AUTO, &r, &err),
                 err);
    assert_true(r <= MB_CACHE_COLD_TOLERANCE);
    assert_true(resident_now(df.path) < 0.01);
    MB_ASSERT_OK(mb_cache_resident(df.path, SIZE, MB_RESIDENCY_AUTO, &r, &err), err);
    assert_true(r < 0.01);
}

static void test_cold_fails_while_mapped_and_locked(void **state)
{
    (void)state;
    struct mb_err err;
    struct mb_datafile df;
    test_file(&df);
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
    assert_int_equal(
        mb_cache_prepare(df.path, SIZE, MB_CACHE_COLD, false, MB_RESIDENCY_AUTO, &r, &err),
        MB_E_CACHE);
    assert_non_null(strstr(err.msg, "could not be verified"));
    /* a warm case's first pass re-reads the file from disk (one page-cache layout for every
     * case), so it cannot start either; a later pass only checks residency */
    assert_int_equal(
        mb_cache_prepare(df.path, SIZE, MB_CACHE_WARM, true, MB_RESIDENCY_AUTO, &r, &err),
        MB_E_CACHE);
    MB_ASSERT_OK(mb_cache_prepare(df.path, SIZE, MB_CACHE_WARM, false, MB_RESIDENCY_AUTO, &r, &err),
                 err);
    assert_true(r >= MB_CACHE_WARM_MIN);
    munlock(p, SIZE);
    munmap(p, SIZE);
    close(fd);
}

/* cachestat and mincore measure the same thing: whole file, half a file, nothing. */
static void test_residency_ways_agree(void **state)
{
    (void)state;
    struct mb_err err;
    struct mb_datafile df;
    test_file(&df);
    enum mb_residency used = mb_cache_residency_resolve(df.path, MB_RESIDENCY_AUTO);
    assert_true(used == MB_RESIDENCY_CACHESTAT || used == MB_RESIDENCY_MINCORE);
    double r, rc, rm;
    MB_ASSERT_OK(mb_cache_make_cold(df.path, SIZE, MB_RESIDENCY_MINCORE, &r, &err), err);
    MB_ASSERT_OK(mb_cache_resident(df.path, SIZE, MB_RESIDENCY_MINCORE, &rm, &err), err);
    assert_true(rm <= MB_CACHE_COLD_TOLERANCE);
    /* read the first half only */
    int fd = open(df.path, O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(posix_fadvise(fd, 0, 0, POSIX_FADV_RANDOM), 0);
    char *buf = malloc(1u << 20);
    for (off_t off = 0; off < SIZE / 2; off += 1 << 20)
        assert_int_equal(pread(fd, buf, 1u << 20, off), 1 << 20);
    free(buf);
    close(fd);
    MB_ASSERT_OK(mb_cache_resident(df.path, SIZE, MB_RESIDENCY_MINCORE, &rm, &err), err);
    assert_true(rm > 0.45 && rm < 0.75);
    assert_true(fabs(resident_now(df.path) - rm) < 0.01);
    if (used == MB_RESIDENCY_CACHESTAT) {
        MB_ASSERT_OK(mb_cache_resident(df.path, SIZE, MB_RESIDENCY_CACHESTAT, &rc, &err), err);
        assert_true(fabs(rc - rm) < 0.01);
        MB_ASSERT_OK(mb_cache_make_warm(df.path, SIZE, MB_RESIDENCY_CACHESTAT, &r, &err), err);
        assert_true(r >= MB_CACHE_WARM_MIN);
        assert_true(resident_now(df.path) >= MB_CACHE_WARM_MIN);
        MB_ASSERT_OK(mb_cache_make_cold(df.path, SIZE, MB_RESIDENCY_CACHESTAT, &r, &err), err);
        assert_true(resident_now(df.path) <= MB_CACHE_COLD_TOLERANCE);
    } else {
        assert_int_equal(mb_cache_resident(df.path, SIZE, MB_RESIDENCY_CACHESTAT, &rc, &err),
                         MB_E_UNSUPPORTED);
    }
    enum mb_residency how;
    assert_int_equal(mb_residency_parse("sometimes", &how, &err), MB_E_USAGE);
}

MB_TEST_MAIN(cmocka_unit_test(test_cold_then_warm),
             cmocka_unit_test(test_cold_fails_while_mapped_and_locked),
             cmocka_unit_test(test_residency_ways_agree))
