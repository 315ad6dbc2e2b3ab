/* tests/os/test_devstat.c: device counters (os/devstat.h): the disk of the test scratch
 * directory is found, its counters only grow, an O_DIRECT read of a file written and fsynced
 * just before shows up as at least that many bytes read, and a file system without a block
 * device (tmpfs) is refused as unsupported. Skips, saying why, where the scratch directory has
 * no block device or the platform has no counters. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "os/devstat.h"

#define FILE_SIZE (8u << 20)
#define TMPFS_MAGIC_ 0x01021994

/* The scratch directory's disk, or skips saying why. */
static void open_or_skip(struct mb_devstat *ds, char *dir, size_t len)
{
    struct mb_err err;
    mb_test_dir("devstat", dir, len);
    int rc = mb_devstat_open(dir, ds, &err);
    if (rc == MB_E_UNSUPPORTED) {
        printf("skipped: %s\n", err.msg);
        skip();
    }
    MB_ASSERT_OK(rc, err);
}

static void test_open_and_monotonic(void **state)
{
    (void)state;
    struct mb_err err;
    struct mb_devstat ds;
    char dir[512];
    open_or_skip(&ds, dir, sizeof dir);
    printf("%s is on %s (%u disk%s)\n", dir, ds.name, ds.n, ds.n == 1 ? "" : "s");
    assert_true(ds.n >= 1 && ds.n <= MB_DEVSTAT_MAX);
    assert_true(ds.name[0] != '\0');
    for (unsigned i = 0; i < ds.n; i++)
        MB_ASSERT_HAS(ds.stat[i], "/sys/block/", "/stat");
    uint64_t r1, w1, r2, w2;
    MB_ASSERT_OK(mb_devstat_read(&ds, &r1, &w1, &err), err);
    MB_ASSERT_OK(mb_devstat_read(&ds, &r2, &w2, &err), err);
    assert_true(r2 >= r1);
    assert_true(w2 >= w1);
}

static void test_direct_read_counted(void **state)
{
    (void)state;
    struct mb_err err;
    struct mb_devstat ds;
    char dir[512], path[600];
    open_or_skip(&ds, dir, sizeof dir);
    snprintf(path, sizeof path, "%s/direct.bin", dir);
    char *buf = mb_os_alloc_touched(4096, FILE_SIZE);
    assert_non_null(buf);
    for (size_t i = 0; i < FILE_SIZE; i++)
        buf[i] = (char)(i * 131u >> 7);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, buf, FILE_SIZE), (ssize_t)FILE_SIZE);
    assert_int_equal(fsync(fd), 0);
    assert_int_equal(close(fd), 0);
    fd = open(path, O_RDONLY | O_DIRECT);
    if (fd < 0) {
        int e = errno;
        unlink(path);
        mb_os_free_aligned(buf);
        printf("skipped: the scratch file system refuses O_DIRECT (%s)\n", strerror(e));
        skip();
    }
    uint64_t r1, w1, r2, w2;
    MB_ASSERT_OK(mb_devstat_read(&ds, &r1, &w1, &err), err);
    size_t got = 0;
    while (got < FILE_SIZE) {
        ssize_t n = pread(fd, buf + got, 1u << 20, (off_t)got);
        assert_true(n > 0);
        got += (size_t)n;
    }
    MB_ASSERT_OK(mb_devstat_read(&ds, &r2, &w2, &err), err);
    close(fd);
    unlink(path);
    mb_os_free_aligned(buf);
    printf("O_DIRECT read of %u bytes: the disk read %llu bytes\n", FILE_SIZE,
           (unsigned long long)(r2 - r1));
    assert_true(r2 - r1 >= FILE_SIZE);
    assert_true(w2 >= w1);
}

static void test_tmpfs_unsupported(void **state)
{
    (void)state;
    struct mb_err err;
    struct mb_devstat ds;
    struct statfs sf;
    if (statfs("/dev/shm", &sf) != 0 || sf.f_type != TMPFS_MAGIC_) {
        printf("skipped: /dev/shm is not a tmpfs here\n");
        skip();
    }
    assert_int_equal(mb_devstat_open("/dev/shm", &ds, &err), MB_E_UNSUPPORTED);
    printf("/dev/shm: %s\n", err.msg);
    assert_int_equal(ds.n, 0);
    assert_int_equal(mb_devstat_open("/proc/self", &ds, &err), MB_E_UNSUPPORTED);
    assert_int_equal(mb_devstat_open("/no/such/path", &ds, &err), MB_E_IO);
    uint64_t r, w;
    assert_int_equal(mb_devstat_read(&ds, &r, &w, &err), MB_E_USAGE); /* never opened */
}

MB_TEST_MAIN(cmocka_unit_test(test_open_and_monotonic), cmocka_unit_test(test_direct_read_counted),
             cmocka_unit_test(test_tmpfs_unsupported))
