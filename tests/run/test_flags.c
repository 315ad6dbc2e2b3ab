/* tests/run/test_flags.c: the flag parser of the three programs (run/flags.h): both value
 * forms, a flag given twice, list deduplication, a value missing at the end of argv, what
 * stays in argv, the Google Benchmark value checks, and the usage lines. */
#include "testutil.h"

#include <stdbool.h>

#include "run/flags.h"

struct opts {
    const char *list, *value;
    bool on, help;
};

#define O struct opts
static const struct mb_flag table[] = {
    MB_FLAG_L("items", O, list, "the items", NULL),
    MB_FLAG_V("value", O, value, "V", "a value\nover two lines"),
    MB_FLAG_B("on", O, on, "switch on"),
    MB_FLAG_B("help", O, help, "this text"),
    MB_FLAG_V("hook", O, value, "N", NULL), /* undocumented */
};
#undef O
static const struct mb_flags flags = MB_FLAGS_OF("prog", table, true);

/* Parses a copy of the NULL-terminated args (after a program name); returns the code and
 * leaves what stayed in argv in *left (n_left entries). */
static int parse(struct opts *o, const char *const *args, char (*buf)[128], char **argv, int *argc,
                 struct mb_err *err)
{
    int n = 0;
    snprintf(buf[n], sizeof buf[n], "prog");
    argv[n] = buf[n];
    for (n = 1; args[n - 1]; n++) {
        snprintf(buf[n], sizeof buf[n], "%s", args[n - 1]);
        argv[n] = buf[n];
    }
    argv[n] = NULL;
    *argc = n;
    memset(o, 0x7F, sizeof *o); /* the parser must clear every field itself */
    mb_err_clear(err);
    return mb_flags_parse(&flags, o, argc, argv, err);
}

static void test_both_forms(void **state)
{
    (void)state;
    char buf[16][128], *argv[16];
    int argc;
    struct opts o;
    struct mb_err err;
    const char *a[] = {"--items", "x,y", "--value=3", "--on", NULL};
    MB_ASSERT_OK(parse(&o, a, buf, argv, &argc, &err), err);
    assert_string_equal(o.list, "x,y");
    assert_string_equal(o.value, "3");
    assert_true(o.on);
    assert_false(o.help);
    assert_int_equal(argc, 1);
    assert_null(argv[1]);
    const char *b[] = {"--items=x", "--value", "3", "-h", NULL};
    MB_ASSERT_OK(parse(&o, b, buf, argv, &argc, &err), err);
    assert_string_equal(o.list, "x");
    assert_string_equal(o.value, "3");
    assert_false(o.on);
    assert_true(o.help);
    const char *none[] = {NULL};
    MB_ASSERT_OK(parse(&o, none, buf, argv, &argc, &err), err);
    assert_null(o.list);
    assert_null(o.value);
    assert_false(o.on);
}

static void expect_usage(const char *const *args, const char *needle)
{
    char buf[16][128], *argv[16];
    int argc;
    struct opts o;
    struct mb_err err;
    assert_int_equal(parse(&o, args, buf, argv, &argc, &err), MB_E_USAGE);
    if (!strstr(err.msg, needle) || strchr(err.msg, '\n'))
        fail_msg("%s: message '%s' lacks '%s' or is not one line", args[0], err.msg, needle);
}

static void test_refused(void **state)
{
    (void)state;
    const char *twice[] = {"--items=a", "--items", "b", NULL};
    expect_usage(twice, "flag --items given twice");
    const char *twice_bool[] = {"--on", "--on", NULL};
    expect_usage(twice_bool, "flag --on given twice");
    /* two names of one field count as one flag */
    const char *synonym[] = {"--value=1", "--hook=2", NULL};
    expect_usage(synonym, "given twice");
    const char *at_end[] = {"--on", "--value", NULL};
    expect_usage(at_end, "flag --value needs a value (--value=V)");
    const char *empty[] = {"--items=", NULL};
    expect_usage(empty, "flag --items needs a value");
    const char *next_flag[] = {"--value", "--on", NULL};
    expect_usage(next_flag, "flag --value needs a value");
    const char *bool_value[] = {"--on=yes", NULL};
    expect_usage(bool_value, "flag --on takes no value");
}

static void test_list_dedupe(void **state)
{
    (void)state;
    char buf[16][128], *argv[16];
    int argc;
    struct opts o;
    struct mb_err err;
    const char *a[] = {"--items=prw,map,prw,map,mapcopy,prw", NULL};
    MB_ASSERT_OK(parse(&o, a, buf, argv, &argc, &err), err);
    assert_string_equal(o.list, "prw,map,mapcopy");
    const char *b[] = {"--items", "shm,shm", NULL};
    MB_ASSERT_OK(parse(&o, b, buf, argv, &argc, &err), err);
    assert_string_equal(o.list, "shm");
    /* a prefix is not a repeat; empty items stay for the list parser to refuse */
    const char *c[] = {"--items=mapcopy,map,map,,x", NULL};
    MB_ASSERT_OK(parse(&o, c, buf, argv, &argc, &err), err);
    assert_string_equal(o.list, "mapcopy,map,,x");
}

static void test_left_in_argv(void **state)
{
    (void)state;
    char buf[16][128], *argv[16];
    int argc;
    struct opts o;
    struct mb_err err;
    const char *a[] = {"--benchmark_filter=x", "--on", "--bogus", "extra", NULL};
    MB_ASSERT_OK(parse(&o, a, buf, argv, &argc, &err), err);
    assert_int_equal(argc, 4);
    assert_string_equal(argv[1], "--benchmark_filter=x");
    assert_string_equal(argv[2], "--bogus");
    assert_string_equal(argv[3], "extra");
    assert_null(argv[4]);
    assert_int_equal(mb_flags_leftover(&flags, argc, argv, &err), MB_E_USAGE);
    assert_string_equal(err.msg, "unknown flag '--benchmark_filter=x' (see prog --help)");
    assert_int_equal(mb_flags_leftover(&flags, 1, argv, &err), 0);
}

static void test_gb_values(void **state)
{
    (void)state;
    struct mb_err err;
    static const char *const good[] = {
        "--benchmark_repetitions=3",    "--benchmark_min_time=0.05",
        "--benchmark_min_time=2",       "--benchmark_min_warmup_time=0",
        "--benchmark_out_format=json",  "--benchmark_format=csv",
        "--benchmark_format=console",   "--benchmark_time_unit=us",
        "--benchmark_filter=read/seq",  "--benchmark_list_tests",
        "--benchmark_repetitions_x=-1", /* not a checked flag */
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (mb_flags_check_gb(good[i], &err))
            fail_msg("%s refused: %s", good[i], err.msg);
    static const struct {
        const char *arg, *needle;
    } bad[] = {
        {"--benchmark_repetitions=-3", "bad --benchmark_repetitions '-3': must be a positive"},
        {"--benchmark_repetitions=0", "positive integer"},
        {"--benchmark_repetitions=3x", "positive integer"},
        {"--benchmark_repetitions=99999999999", "positive integer"},
        {"--benchmark_repetitions", "needs a value"},
        {"--benchmark_min_time=0", "positive number"},
        {"--benchmark_min_time=-1", "positive number"},
        {"--benchmark_min_time=1s", "positive number"}, /* 1.7.1 takes plain seconds only */
        {"--benchmark_min_time=10x", "positive number"},
        {"--benchmark_min_time=inf", "positive number"},
        {"--benchmark_min_warmup_time=-0.5", ">= 0"},
        {"--benchmark_out_format=xml", "json, console or csv"},
        {"--benchmark_format=", "json, console or csv"},
        {"--benchmark_time_unit=h", "ns, us, ms or s"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(mb_flags_check_gb(bad[i].arg, &err), MB_E_USAGE);
        if (!strstr(err.msg, bad[i].needle))
            fail_msg("%s: message '%s' lacks '%s'", bad[i].arg, err.msg, bad[i].needle);
    }
    /* the parser checks them on the way, and refuses the first bad one */
    const char *a[] = {"--benchmark_min_time=0.1", "--benchmark_repetitions=-3", NULL};
    char buf[16][128], *argv[16];
    int argc;
    struct opts o;
    assert_int_equal(parse(&o, a, buf, argv, &argc, &err), MB_E_USAGE);
    assert_non_null(strstr(err.msg, "--benchmark_repetitions"));
}

static void test_usage(void **state)
{
    (void)state;
    char text[2048] = "";
    FILE *f = tmpfile();
    assert_non_null(f);
    mb_flags_usage(&flags, f);
    rewind(f);
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    assert_string_equal(text, "  --items=LIST        the items\n"
                              "  --value=V           a value\n"
                              "                      over two lines\n"
                              "  --on                switch on\n"
                              "  --help              this text\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_both_forms),  cmocka_unit_test(test_refused),
        cmocka_unit_test(test_list_dedupe), cmocka_unit_test(test_left_in_argv),
        cmocka_unit_test(test_gb_values),   cmocka_unit_test(test_usage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
