/* tests/run/test_memcheck.c: the memory check (run/memcheck.h) over small buffers: every rate
 * is measured, the kernel table covers its rows, a file is read back through its mapping, and
 * a file that does not fit is bad input. */
#include "testutil.h"

#include "core/datafile.h"
#include "run/memcheck.h"

static void test_check(void **state)
{
    (void)state;
    struct mb_mc_opts o = {.size = 2 * MB_MC_CHUNK, .passes = 3};
    struct mb_mc_check r;
    struct mb_err err;
    MB_ASSERT_OK(mb_memcheck_check(&o, &r, &err), err);
    assert_true(r.consume_gbps > 0 && r.plain_gbps > 0 && r.memcpy_gbps > 0);
    assert_true(r.first_touch_gbps == 0 && r.touched_gbps == 0);
    /* a file smaller than the buffer cannot fill it */
    char dir[512], path[700];
    mb_test_dir("memcheck", dir, sizeof dir);
    snprintf(path, sizeof path, "%s/small", dir);
    mb_test_write(path, "tiny\n");
    o.file = path;
    assert_int_equal(mb_memcheck_check(&o, &r, &err), MB_E_USAGE);
    assert_non_null(strstr(err.msg, "smaller than --size"));
}

static void test_kernels(void **state)
{
    (void)state;
    char dir[512];
    struct mb_datafile df;
    struct mb_err err;
    mb_test_datafile("memcheck", MB_MC_CHUNK, dir, sizeof dir, &df);
    struct mb_mc_opts o = {.size = MB_MC_CHUNK, .passes = 1, .file = df.path};
    struct mb_mc_kernels k;
    MB_ASSERT_OK(mb_memcheck_kernels(&o, &k, &err), err);
    assert_int_equal(k.file_bytes, MB_MC_CHUNK);
    assert_true(k.file_verified);
    for (int i = 0; i < MB_MC_ROWS; i++) {
        assert_true(k.rows[i].bs == 4096 || k.rows[i].bs == 16384 || k.rows[i].bs == MB_MC_CHUNK);
        for (int op = 0; op < MB_MC_OP_COUNT; op++)
            assert_true(k.rows[i].gb[0][op] > 0); /* the buffer: every operation */
        assert_true(k.rows[i].gb[1][MB_MC_CONSUME] > 0 && k.rows[i].gb[1][MB_MC_COPY_OUT] > 0);
        assert_true(k.rows[i].gb[1][MB_MC_PRODUCE] == 0); /* the file is never written */
    }
    assert_string_equal(k.rows[0].order, "seq");
    assert_string_equal(k.rows[1].order, "random");
    /* not a whole number of MiB: bad input, nothing measured */
    char path[700];
    snprintf(path, sizeof path, "%s/odd", dir);
    mb_test_write(path, "odd\n");
    o.file = path;
    assert_int_equal(mb_memcheck_kernels(&o, &k, &err), MB_E_USAGE);
    assert_non_null(strstr(err.msg, "multiple of 1 MiB"));
}

MB_TEST_MAIN(cmocka_unit_test(test_check), cmocka_unit_test(test_kernels))
