/* tests/os/test_fault.c: a file truncated under a mapping makes the access fail with MB_E_FAULT
 * (not kill the process), and a truncated or replaced data file fails the next pass with
 * MB_E_CHANGED. */
#include "testutil.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/datafile.h"
#include "os/fault.h"
#include "run/runner.h"

struct touch {
    const volatile unsigned char *p;
    size_t len;
    unsigned sum;
};

static int touch_all(void *arg, struct mb_err *err)
{
    (void)err;
    struct touch *t = arg;
    for (size_t i = 0; i < t->len; i += 4096)
        t->sum += t->p[i];
    return 0;
}

static void test_sigbus_caught(void **state)
{
    (void)state;
    char dir[512], path[600];
    struct mb_err err;
    mb_test_dir("fault", dir, sizeof dir);
    snprintf(path, sizeof path, "%s/victim", dir);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, 1 << 20), 0);
    void *p = mmap(NULL, 1 << 20, PROT_READ, MAP_SHARED, fd, 0);
    assert_true(p != MAP_FAILED);
    struct touch t = {p, 1 << 20, 0};
    MB_ASSERT_OK(mb_fault_guard(touch_all, &t, &err), err);
    assert_int_equal(ftruncate(fd, 4096), 0);
    assert_int_equal(mb_fault_guard(touch_all, &t, &err), MB_E_FAULT);
    assert_non_null(strstr(err.msg, "bus error"));
    /* the guard is reusable after a fault */
    t.len = 4096;
    MB_ASSERT_OK(mb_fault_guard(touch_all, &t, &err), err);
    munmap(p, 1 << 20);
    close(fd);
    unlink(path);
}

static void test_changed_file_fails_pass(void **state)
{
    (void)state;
    char dir[512];
    struct mb_err err;
    struct mb_datafile df;
    mb_test_datafile("fault-changed", 64 * 1024, dir, sizeof dir, &df);
    struct mb_case_spec c;
    memset(&c, 0, sizeof c);
    MB_ASSERT_OK(mb_method_find("map", &c.method, &err), err);
    MB_ASSERT_OK(mb_pattern_parse("seq", &c.pattern, &err), err);
    MB_ASSERT_OK(mb_op_parse("read", &c.op, &err), err);
    c.size = df.size;
    c.bs = 4096;
    c.threads = 1;
    struct mb_run *run;
    MB_ASSERT_OK(mb_run_create(&run, &c, &df, NULL, &err), err);
    struct mb_pass_result res;
    MB_ASSERT_OK(mb_run_pass(run, &res, &err), err);
    assert_int_equal(truncate(df.path, 4096), 0);
    assert_int_equal(mb_run_pass(run, &res, &err), MB_E_CHANGED);
    assert_non_null(strstr(err.msg, "changed size"));
    mb_run_destroy(run);
    /* ours but damaged: the next ensure recreates it */
    struct mb_datafile again;
    MB_ASSERT_OK(mb_datafile_ensure(dir, 64 * 1024, &again, &err), err);
    assert_true(again.created);
}

MB_TEST_MAIN(cmocka_unit_test(test_sigbus_caught), cmocka_unit_test(test_changed_file_fails_pass))
