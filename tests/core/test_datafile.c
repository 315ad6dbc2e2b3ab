/* tests/core/test_datafile.c: data files are real (non-sparse, right content), reused when their
 * sidecar matches, recreated when ours and damaged, and a foreign or replaced file is refused and
 * left untouched. */
#include "testutil.h"

#include "core/content.h"
#include "core/datafile.h"

static void test_create_and_reuse(void **state)
{
    (void)state;
    char dir[512];
    struct mb_err err;
    struct mb_datafile df, again;
    mb_test_dir("datafile-create", dir, sizeof dir);
    char path[4096];
    mb_datafile_path(dir, 256 * 1024, path, sizeof path);
    mb_file_unlink(path, NULL);
    MB_ASSERT_OK(mb_datafile_ensure(dir, 256 * 1024, &df, &err), err);
    assert_true(df.created);
    bool exists;
    struct mb_file_info info;
    MB_ASSERT_OK(mb_file_stat(df.path, &exists, &info, &err), err);
    assert_true(exists);
    assert_true(info.size == 256 * 1024);
    assert_true(info.allocated >= info.size); /* not sparse */
    /* content sums to the checksum */
    unsigned char *buf = malloc(256 * 1024);
    mb_fh fh;
    MB_ASSERT_OK(mb_file_open_read(df.path, &fh, &err), err);
    MB_ASSERT_OK(mb_file_read_at(fh, 0, buf, 256 * 1024, &err), err);
    mb_file_close(fh, NULL);
    assert_true(mb_consume(buf, 256 * 1024) == df.checksum);
    free(buf);
    MB_ASSERT_OK(mb_datafile_ensure(dir, 256 * 1024, &again, &err), err);
    assert_false(again.created);
    assert_true(again.ino == df.ino);
    MB_ASSERT_OK(mb_datafile_check(&again, &err), err);
}

static void test_foreign_refused(void **state)
{
    (void)state;
    char dir[512], path[4096];
    struct mb_err err;
    struct mb_datafile df;
    mb_test_dir("datafile-foreign", dir, sizeof dir);
    mb_datafile_path(dir, 4096, path, sizeof path);
    char meta[4200];
    snprintf(meta, sizeof meta, "%s.meta", path);
    mb_file_unlink(meta, NULL);
    mb_test_write(path, "precious user data\n");
    assert_int_equal(mb_datafile_ensure(dir, 4096, &df, &err), MB_E_FOREIGN);
    assert_non_null(strstr(err.msg, "not created by mapbench"));
    /* untouched */
    bool exists;
    struct mb_file_info info;
    MB_ASSERT_OK(mb_file_stat(path, &exists, &info, &err), err);
    assert_true(exists && info.size == strlen("precious user data\n"));
    /* a garbage sidecar does not make it ours */
    mb_test_write(meta, "hello\n");
    assert_int_equal(mb_datafile_ensure(dir, 4096, &df, &err), MB_E_FOREIGN);
    MB_ASSERT_OK(mb_file_stat(path, &exists, &info, &err), err);
    assert_true(exists && info.size == strlen("precious user data\n"));
}

static void test_replaced_refused(void **state)
{
    (void)state;
    char dir[512];
    struct mb_err err;
    struct mb_datafile df;
    mb_test_datafile("datafile-replaced", 8192, dir, sizeof dir, &df);
    /* someone replaces our file with theirs (new inode, valid sidecar still ours) */
    char tmp[4300];
    snprintf(tmp, sizeof tmp, "%s.theirs", df.path);
    mb_test_write(tmp, "theirs");
    MB_ASSERT_OK(mb_file_rename_replace(tmp, df.path, &err), err);
    struct mb_err cerr;
    assert_int_equal(mb_datafile_check(&df, &cerr), MB_E_CHANGED);
    struct mb_datafile df2;
    assert_int_equal(mb_datafile_ensure(dir, 8192, &df2, &err), MB_E_FOREIGN);
    bool exists;
    struct mb_file_info info;
    MB_ASSERT_OK(mb_file_stat(df.path, &exists, &info, &err), err);
    assert_true(exists && info.size == 6);
    mb_file_unlink(df.path, NULL);
}

/* Refused before anything is written: bad sizes, a missing directory, too little space. */
static void test_bad_sizes_dirs_and_space(void **state)
{
    (void)state;
    struct mb_err err;
    struct mb_datafile df;
    char dir[512];
    mb_test_dir("datafile-bad", dir, sizeof dir);
    assert_int_equal(mb_datafile_ensure(dir, 1000, &df, &err), MB_E_USAGE);
    assert_int_equal(mb_datafile_ensure(dir, 0, &df, &err), MB_E_USAGE);
    char missing[600];
    snprintf(missing, sizeof missing, "%s/does-not-exist", dir);
    assert_int_equal(mb_os_dir_check(missing, &err), MB_E_USAGE);
    assert_non_null(strstr(err.msg, "does not exist"));
    assert_true(err.os != 0);
    assert_non_null(err.call); /* stat, or GetFileAttributesA on Windows */
    /* not enough free space: says how much is needed, creates nothing */
    mb_test_dir("datafile-nospace", dir, sizeof dir);
    uint64_t avail;
    MB_ASSERT_OK(mb_os_free_space(dir, &avail, &err), err);
    uint64_t huge = (avail + (1ull << 40)) / 512 * 512;
    assert_int_equal(mb_datafile_ensure(dir, huge, &df, &err), MB_E_NOSPACE);
    assert_non_null(strstr(err.msg, "need"));
    bool exists;
    struct mb_file_info info;
    MB_ASSERT_OK(mb_file_stat(df.path, &exists, &info, &err), err);
    assert_false(exists);
}

/* The space a file needs never wraps around: a size near 2^64 needs more than any disk. */
static void test_space_saturates(void **state)
{
    (void)state;
    assert_true(mb_datafile_space_needed(UINT64_MAX - 5) == UINT64_MAX);
    assert_true(mb_datafile_space_needed(UINT64_C(18162948011026856960)) == UINT64_MAX);
    assert_true(mb_datafile_space_needed(1u << 20) > (1u << 20));
}

/* Writes text to dir/name (a file the user made). */
static void user_file(const char *dir, const char *name, char *path, size_t len)
{
    snprintf(path, len, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("the user's own bytes\n", f);
    fclose(f);
}

/* Files at the names mapbench uses for its temporaries and sidecar, that it did not make,
 * are refused (MB_E_FOREIGN) and left as they were; one of its own leftovers is replaced. */
static void test_user_temporaries_kept(void **state)
{
    (void)state;
    static const char *const names[] = {"mb-65536.dat.tmp", "mb-65536.dat.meta.tmp",
                                        "mb-65536.dat.meta"};
    char dir[512], path[4300], data[4096];
    struct mb_err err;
    struct mb_datafile df;
    mb_test_dir("datafile-usertmp", dir, sizeof dir);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        mb_datafile_path(dir, 65536, data, sizeof data);
        mb_file_unlink(data, NULL);
        user_file(dir, names[i], path, sizeof path);
        assert_int_equal(mb_datafile_ensure(dir, 65536, &df, &err), MB_E_FOREIGN);
        assert_non_null(strstr(err.msg, names[i]));
        char buf[64] = {0};
        FILE *f = fopen(path, "r");
        assert_non_null(f);
        assert_non_null(fgets(buf, sizeof buf, f));
        fclose(f);
        assert_string_equal(buf, "the user's own bytes\n");
        mb_file_unlink(path, NULL);
    }
    /* a data temporary mapbench left (it begins with the file's content) is ours */
    MB_ASSERT_OK(mb_datafile_ensure(dir, 65536, &df, &err), err);
    snprintf(path, sizeof path, "%s.tmp", df.path);
    MB_ASSERT_OK(mb_file_rename_noreplace(df.path, path, &err), err);
    MB_ASSERT_OK(mb_datafile_ensure(dir, 65536, &df, &err), err);
    assert_true(df.created);
    bool exists;
    struct mb_file_info info;
    MB_ASSERT_OK(mb_file_stat(path, &exists, &info, &err), err);
    assert_false(exists);
}

/* A byte changed in place is found by the damage check, which names the file and the sector
 * and removes the file and its sidecar; an intact file passes. */
static void test_damage_found(void **state)
{
    (void)state;
    char dir[512];
    struct mb_err err;
    struct mb_datafile df;
    mb_test_dir("datafile-damage", dir, sizeof dir);
    MB_ASSERT_OK(mb_datafile_ensure(dir, 65536, &df, &err), err);
    MB_ASSERT_OK(mb_datafile_damage_check(&df, &err), err);
    FILE *f = fopen(df.path, "r+b");
    assert_non_null(f);
    assert_int_equal(fseek(f, 5000, SEEK_SET), 0);
    fputc('X', f);
    fclose(f);
    assert_int_equal(mb_datafile_damage_check(&df, &err), MB_E_DAMAGED);
    assert_non_null(strstr(err.msg, df.path));
    assert_non_null(strstr(err.msg, "offset 4608"));
    bool exists;
    struct mb_file_info info;
    MB_ASSERT_OK(mb_file_stat(df.path, &exists, &info, &err), err);
    assert_false(exists);
    MB_ASSERT_OK(mb_file_stat(df.meta_path, &exists, &info, &err), err);
    assert_false(exists);
    MB_ASSERT_OK(mb_datafile_ensure(dir, 65536, &df, &err), err);
    assert_true(df.created);
}

MB_TEST_MAIN(cmocka_unit_test(test_space_saturates), cmocka_unit_test(test_create_and_reuse),
             cmocka_unit_test(test_foreign_refused), cmocka_unit_test(test_user_temporaries_kept),
             cmocka_unit_test(test_damage_found), cmocka_unit_test(test_replaced_refused),
             cmocka_unit_test(test_bad_sizes_dirs_and_space))
