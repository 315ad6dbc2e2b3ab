/* tests/run/test_flags.c: the flag parser of the three programs (run/flags.h): both value
 * forms, a flag given twice, list deduplication, a value missing at the end of argv, what
 * stays in argv, the Google Benchmark value checks, and the usage lines. */
#include "testutil.h"

#include <stdbool.h>

#include "run/build_info.h"
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

/* One parse: the copy of argv it worked on, what stayed in it, the options and the error. */
struct parsed {
    char buf[16][128];
    char *argv[16];
    int argc;
    struct opts o;
    struct mb_err err;
};

/* Parses a copy of the NULL-terminated args (after a program name) into p; returns the code
 * (what stayed in argv is left in p->argv, p->argc entries). */
static int parse(struct parsed *p, const char *const *args)
{
    int n = 0;
    snprintf(p->buf[n], sizeof p->buf[n], "prog");
    p->argv[n] = p->buf[n];
    for (n = 1; args[n - 1]; n++) {
        snprintf(p->buf[n], sizeof p->buf[n], "%s", args[n - 1]);
        p->argv[n] = p->buf[n];
    }
    p->argv[n] = NULL;
    p->argc = n;
    memset(&p->o, 0x7F, sizeof p->o); /* the parser must clear every field itself */
    mb_err_clear(&p->err);
    return mb_flags_parse(&flags, &p->o, &p->argc, p->argv, &p->err);
}

/* Fails unless s is want (NULL: both NULL). */
static void expect_text(const char *s, const char *want)
{
    if (want)
        assert_string_equal(s, want);
    else
        assert_null(s);
}

static void test_both_forms(void **state)
{
    (void)state;
    static const struct {
        const char *args[5]; /* NULL-terminated */
        struct opts want;
    } rows[] = {
        {{"--items", "x,y", "--value=3", "--on"}, {.list = "x,y", .value = "3", .on = true}},
        {{"--items=x", "--value", "3", "-h"}, {.list = "x", .value = "3", .help = true}},
        {{NULL}, {.list = NULL}},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct parsed p;
        MB_ASSERT_OK(parse(&p, rows[i].args), p.err);
        expect_text(p.o.list, rows[i].want.list);
        expect_text(p.o.value, rows[i].want.value);
        assert_int_equal(p.o.on, rows[i].want.on);
        assert_int_equal(p.o.help, rows[i].want.help);
        assert_int_equal(p.argc, 1); /* every flag taken out of argv */
        assert_null(p.argv[1]);
    }
}

static void expect_usage(const char *const *args, const char *needle)
{
    struct parsed p;
    assert_int_equal(parse(&p, args), MB_E_USAGE);
    if (!strstr(p.err.msg, needle) || strchr(p.err.msg, '\n'))
        fail_msg("%s: message '%s' lacks '%s' or is not one line", args[0], p.err.msg, needle);
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
    /* Google Benchmark keeps the last of two silently: refused here */
    const char *gb_twice[] = {"--benchmark_min_time=1", "--on", "--benchmark_min_time=2", NULL};
    expect_usage(gb_twice, "flag --benchmark_min_time given twice");
    const char *gb_bare_twice[] = {"--benchmark_list_tests", "--benchmark_list_tests", NULL};
    expect_usage(gb_bare_twice, "flag --benchmark_list_tests given twice");
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
    struct parsed p;
    const char *a[] = {"--items=prw,map,prw,map,mapcopy,prw", NULL};
    MB_ASSERT_OK(parse(&p, a), p.err);
    assert_string_equal(p.o.list, "prw,map,mapcopy");
    const char *b[] = {"--items", "shm,shm", NULL};
    MB_ASSERT_OK(parse(&p, b), p.err);
    assert_string_equal(p.o.list, "shm");
    /* a prefix is not a repeat; empty items stay for the list parser to refuse */
    const char *c[] = {"--items=mapcopy,map,map,,x", NULL};
    MB_ASSERT_OK(parse(&p, c), p.err);
    assert_string_equal(p.o.list, "mapcopy,map,,x");
    /* an item after a dropped repeat that starts like a kept one (the kept text is compared
     * up to where it ends, not into the bytes behind it), and a leading empty item */
    const struct {
        const char *in, *want;
    } rows[] = {
        {"--items=32,32,1,12", "32,1,12"},
        {"--items=64K,64K,4,44K", "64K,4,44K"},
        {"--items=rw,rw,map,map", "rw,map"},
        {"--items=stream,stream,pingpong,pingpong", "stream,pingpong"},
        {"--items=,rw", ",rw"},
        {"--items=,,rw,rw", ",,rw"},
        {"--items=a,b,a,ab,b,ba,abc", "a,b,ab,ba,abc"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *args[] = {rows[i].in, NULL};
        MB_ASSERT_OK(parse(&p, args), p.err);
        assert_string_equal(p.o.list, rows[i].want);
    }
}

static void test_left_in_argv(void **state)
{
    (void)state;
    struct parsed p;
    const char *a[] = {"--benchmark_filter=x", "--on", "--bogus", "extra", NULL};
    MB_ASSERT_OK(parse(&p, a), p.err);
    assert_int_equal(p.argc, 4);
    assert_string_equal(p.argv[1], "--benchmark_filter=x");
    assert_string_equal(p.argv[2], "--bogus");
    assert_string_equal(p.argv[3], "extra");
    assert_null(p.argv[4]);
    assert_int_equal(mb_flags_leftover(&flags, p.argc, p.argv, &p.err), MB_E_USAGE);
    assert_string_equal(p.err.msg, "unknown flag '--benchmark_filter=x' (see prog --help)");
    assert_int_equal(mb_flags_leftover(&flags, 1, p.argv, &p.err), 0);
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
        {"--benchmark_out=/nonexistent-mapbench-dir/x.json", "is missing, not a directory"},
        {"--benchmark_out=", "needs a value"},
        {"--benchmark_out=sub/", "names a directory"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(mb_flags_check_gb(bad[i].arg, &err), MB_E_USAGE);
        if (!strstr(err.msg, bad[i].needle))
            fail_msg("%s: message '%s' lacks '%s'", bad[i].arg, err.msg, bad[i].needle);
    }
    /* the parser checks them on the way, and refuses the first bad one */
    const char *a[] = {"--benchmark_min_time=0.1", "--benchmark_repetitions=-3", NULL};
    struct parsed p;
    assert_int_equal(parse(&p, a), MB_E_USAGE);
    assert_non_null(strstr(p.err.msg, "--benchmark_repetitions"));
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
                              "  --help              this text\n"
                              "  --version           print the version and exit\n");
}

/* --version anywhere after argv[0] prints "PROG VERSION" (the build's version string). */
static void test_version(void **state)
{
    (void)state;
    char a0[] = "prog", a1[] = "--on", a2[] = "--version", text[256] = "";
    char *with[] = {a0, a1, a2, NULL}, *without[] = {a0, a1, NULL};
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_false(mb_flags_version(&flags, 2, without, f));
    assert_true(mb_flags_version(&flags, 3, with, f));
    rewind(f);
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    char want[256];
    snprintf(want, sizeof want, "prog %s\n", mb_build_version());
    assert_string_equal(text, want);
    assert_non_null(strstr(text, MB_BUILD_VERSION));
}

MB_TEST_MAIN(cmocka_unit_test(test_both_forms), cmocka_unit_test(test_refused),
             cmocka_unit_test(test_list_dedupe), cmocka_unit_test(test_left_in_argv),
             cmocka_unit_test(test_gb_values), cmocka_unit_test(test_usage),
             cmocka_unit_test(test_version))
