/* tests/os/test_os_none.c: the "not available" cgroup.h and devstat.h that platforms without
 * Linux cgroups and /sys/block build (os/cgroup_none.c, os/devstat_none.c, compiled into this
 * test): every call says MB_E_UNSUPPORTED with the reason, leaving and reaping do nothing. */
#include "testutil.h"

#include "os/cgroup.h"
#include "os/devstat.h"

static void test_cgroup_none(void **state)
{
    (void)state;
    struct mb_err err;
    struct mb_cgroup cg;
    char home[512];
    int version = 7;
    assert_int_equal(mb_cgroup_home(home, sizeof home, &version, &err), MB_E_UNSUPPORTED);
    assert_int_equal(version, 0);
    assert_int_equal(mb_cgroup_enter(&cg, 64u << 20, "t", &err), MB_E_UNSUPPORTED);
    assert_string_equal(err.msg, "memory limits need Linux cgroups");
    assert_false(cg.entered);
    uint64_t a, b;
    assert_int_equal(mb_cgroup_usage(&cg, &a, &b, &err), MB_E_UNSUPPORTED);
    assert_int_equal(mb_cgroup_oom_kills(&cg, &a, &err), MB_E_UNSUPPORTED);
    MB_ASSERT_OK(mb_cgroup_leave(&cg, &err), err);
    mb_cgroup_reap_stale(stdout);
}

static void test_devstat_none(void **state)
{
    (void)state;
    struct mb_err err;
    struct mb_devstat ds;
    assert_int_equal(mb_devstat_open(".", &ds, &err), MB_E_UNSUPPORTED);
    assert_int_equal(ds.n, 0);
    uint64_t r, w;
    assert_int_equal(mb_devstat_read(&ds, &r, &w, &err), MB_E_UNSUPPORTED);
}

MB_TEST_MAIN(cmocka_unit_test(test_cgroup_none), cmocka_unit_test(test_devstat_none))
