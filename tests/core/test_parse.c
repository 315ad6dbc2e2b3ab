/* tests/core/test_parse.c: sizes, lists, ops, case names and the sweep builder's handling of bad
 * input. */
#include "testutil.h"

#include "core/case.h"
#include "core/parse.h"
#include "run/sweep.h"

static void test_sizes(void **state)
{
    (void)state;
    struct mb_err err;
    uint64_t v;
    const struct {
        const char *text;
        uint64_t want;
    } good[] = {{"4096", 4096},     {"4K", 4096},       {"4KiB", 4096}, {"64M", 64ull << 20},
                {"1G", 1ull << 30}, {"2T", 2ull << 40}, {"512B", 512},  {"1k", 1024}};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        MB_ASSERT_OK(mb_parse_size(good[i].text, "size", &v, &err), err);
        assert_true(v == good[i].want);
    }
    const char *bad[] = {"0",           "-1", "-4K", "abc", "",
                         "1.5K",        "4X", "K",   "4KK", "99999999999999999999",
                         "17179869184G"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(mb_parse_size(bad[i], "size", &v, &err), MB_E_USAGE);
        assert_non_null(strstr(err.msg, "size"));
    }
    char buf[32];
    mb_size_format(4096, buf, sizeof buf);
    assert_string_equal(buf, "4K");
    mb_size_format(1536 * 1024, buf, sizeof buf);
    assert_string_equal(buf, "1536K");
    mb_size_format(1000, buf, sizeof buf);
    assert_string_equal(buf, "1000");
}

static void test_lists(void **state)
{
    (void)state;
    struct mb_err err;
    struct mb_list l;
    MB_ASSERT_OK(mb_list_parse("a,bb,c", "x", &l, &err), err);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.items[1], "bb");
    mb_list_free(&l);
    assert_int_equal(mb_list_parse("a,,b", "method", &l, &err), MB_E_USAGE);
    assert_int_equal(mb_list_parse("a,", "method", &l, &err), MB_E_USAGE);
}

static void test_ops(void **state)
{
    (void)state;
    struct mb_err err;
    struct mb_op op;
    MB_ASSERT_OK(mb_op_parse("write:sync", &op, &err), err);
    assert_int_equal(op.kind, MB_OP_WRITE);
    assert_true(op.sync);
    MB_ASSERT_OK(mb_op_parse("mix:70", &op, &err), err);
    assert_int_equal(op.read_pct, 70);
    unsigned reads = 0;
    for (uint64_t i = 0; i < 10000; i++)
        reads += mb_op_is_read(&op, i);
    assert_true(reads > 6700 && reads < 7300);
    const char *bad[] = {"read:sync", "mix:0", "mix:100", "mix:", "mix:x", "erase", "write:"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(mb_op_parse(bad[i], &op, &err), MB_E_USAGE);
}

static void test_case_names(void **state)
{
    (void)state;
    struct mb_err err;
    struct mb_case_spec c;
    memset(&c, 0, sizeof c);
    MB_ASSERT_OK(mb_op_parse("mix:70:sync", &c.op, &err), err);
    MB_ASSERT_OK(mb_pattern_parse("stride:8", &c.pattern, &err), err);
    MB_ASSERT_OK(mb_method_find("map", &c.method, &err), err);
    c.hint = MB_HINT_RANDOM;
    c.size = 1ull << 30;
    c.bs = 4096;
    c.cache = MB_CACHE_COLD;
    c.threads = 2;
    c.lifetime = MB_LIFETIME_CASE;
    char name[256];
    mb_case_name(&c, name, sizeof name);
    assert_string_equal(name, "mix:70:sync/stride:8/map:random/size:1073741824/bs:4096/"
                              "cache:cold/lifetime:case/threads:2");
    struct mb_case_fields f;
    char with_suffix[300];
    snprintf(with_suffix, sizeof with_suffix, "%s/manual_time", name);
    MB_ASSERT_OK(mb_case_parse_name(with_suffix, &f, &err), err);
    assert_string_equal(f.op, "mix:70:sync");
    assert_string_equal(f.pattern, "stride:8");
    assert_string_equal(f.method, "map");
    assert_string_equal(f.hint, "random");
    assert_true(f.size == (1ull << 30));
    assert_true(f.bs == 4096);
    assert_string_equal(f.cache, "cold");
    assert_string_equal(f.lifetime, "case");
    assert_int_equal(f.threads, 2);
    char canon[300];
    mb_case_fields_name(&f, canon, sizeof canon);
    assert_string_equal(canon, name);
    /* an archived name without the lifetime field reads as lifetime:pass, and its canonical
     * name is the one today's mapbench writes for the same case */
    MB_ASSERT_OK(
        mb_case_parse_name("read/seq/prw/size:4096/bs:4096/cache:warm/threads:1_mean", &f, &err),
        err);
    assert_string_equal(f.hint, "none");
    assert_string_equal(f.lifetime, "pass");
    assert_int_equal(f.threads, 1);
    mb_case_fields_name(&f, canon, sizeof canon);
    assert_string_equal(canon, "read/seq/prw/size:4096/bs:4096/cache:warm/lifetime:pass/threads:1");
    struct mb_case_spec d = c;
    d.lifetime = MB_LIFETIME_PASS;
    mb_case_name(&d, name, sizeof name);
    MB_ASSERT_OK(mb_case_parse_name(name, &f, &err), err);
    assert_string_equal(f.lifetime, "pass");
    assert_int_equal(
        mb_case_parse_name("read/seq/prw/size:4096/bs:4096/cache:warm/lifetime:forever/threads:1",
                           &f, &err),
        MB_E_USAGE);
    assert_int_equal(
        mb_case_parse_name("read/seq/prw/size:4096/bs:4096/cache:warm/lifetime:case", &f, &err),
        MB_E_USAGE);
    enum mb_lifetime lt;
    assert_int_equal(mb_lifetime_parse("always", &lt, &err), MB_E_USAGE);
    MB_ASSERT_OK(mb_lifetime_parse("case", &lt, &err), err);
    assert_int_equal(lt, MB_LIFETIME_CASE);
    assert_int_equal(mb_case_parse_name("BM_foo/8", &f, &err), MB_E_USAGE);
    assert_int_equal(
        mb_case_parse_name("read/seq/prw/size:0/bs:4096/cache:warm/threads:1", &f, &err),
        MB_E_USAGE);
}

/* The sweep: bad values are errors, impossible combinations are left out with a reason. */
static void test_sweep(void **state)
{
    (void)state;
    struct mb_err err;
    struct mb_sweep sw;
    struct mb_cli cli;
    memset(&cli, 0, sizeof cli);
    cli.methods = "rw,prw,mem";
    cli.sizes = "4K,1M";
    cli.block_sizes = "4K,64K";
    cli.threads = "1,2";
    cli.cache = "warm,cold";
    MB_ASSERT_OK(mb_sweep_build(&cli, &sw, &err), err);
    /* rw x threads:2, mem x cold, 64K > 4K file are left out */
    for (size_t i = 0; i < sw.n; i++) {
        const struct mb_case_spec *c = &sw.cases[i];
        assert_false(strcmp(c->method->name, "rw") == 0 && c->threads > 1);
        assert_false(strcmp(c->method->name, "mem") == 0 && c->cache == MB_CACHE_COLD);
        assert_true(c->bs <= c->size);
    }
    assert_true(sw.nexcluded > 0);
    assert_int_equal(sw.nsizes, 2);
    mb_sweep_free(&sw);

    /* each flag's bad values (one at a time, through the flag parser) and their messages */
    static const struct {
        const char *flag;
        const char *bad[4][2]; /* value, message part; ended by a NULL value */
    } flags[] = {
        {"methods", {{"rw,mmap", "unknown method 'mmap'"}}},
        {"ops", {{"erase", "unknown op"}}},
        {"patterns", {{"zigzag", "unknown pattern"}}},
        {"cache", {{"tepid", "unknown cache state"}}},
        {"sizes",
         {{"0", "greater than 0"},
          {"-4K", "bad size"},
          {"lots", "bad size"},
          {"1000", "multiple of 512"}}},
        {"block-sizes", {{"1000", "multiple of 512"}, {"0", "greater than 0"}}},
        {"threads", {{"0", "thread count"}}},
        {"hints", {{"fast", "unknown hint"}}},
    };
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        for (size_t k = 0; k < 4 && flags[i].bad[k][0]; k++) {
            char a0[] = "mapbench", a1[64];
            snprintf(a1, sizeof a1, "--%s=%s", flags[i].flag, flags[i].bad[k][0]);
            char *argv[] = {a0, a1, NULL};
            int argc = 2;
            MB_ASSERT_OK(mb_cli_extract(&argc, argv, &cli, &err), err);
            const char *needle = flags[i].bad[k][1];
            assert_int_equal(mb_sweep_build(&cli, &sw, &err), MB_E_USAGE);
            if (!strstr(err.msg, needle))
                fail_msg("'%s': message '%s' lacks '%s'", a1, err.msg, needle);
        }
    /* a block larger than the only file is an error, not an empty run */
    memset(&cli, 0, sizeof cli);
    cli.sizes = "4K";
    cli.block_sizes = "1M";
    assert_int_equal(mb_sweep_build(&cli, &sw, &err), MB_E_USAGE);
    assert_non_null(strstr(err.msg, "larger than the file"));
    /* only unsupported methods: an error naming the reason */
    memset(&cli, 0, sizeof cli);
    cli.methods = "uring";
    if (mb_sweep_build(&cli, &sw, &err) == 0)
        mb_sweep_free(&sw); /* built with io_uring: supported */
    else
        assert_non_null(strstr(err.msg, "unsupported"));
}

/* Names of choices: each parser takes its names back and refuses others listing the known. */
static void test_names(void **state)
{
    (void)state;
    struct mb_err err;
    const char *const names[] = {"alpha", "beta", "gamma"};
    assert_int_equal(mb_parse_name("alpha", names, 3, "letter", &err), 0);
    assert_int_equal(mb_parse_name("gamma", names, 3, "letter", &err), 2);
    assert_int_equal(mb_parse_name("delta", names, 3, "letter", &err), MB_E_USAGE);
    assert_string_equal(err.msg, "unknown letter 'delta' (known: alpha, beta, gamma)");
    assert_int_equal(mb_parse_name("gamma", names, 2, "letter", &err), MB_E_USAGE);

    for (int l = MB_LIFETIME_PASS; l <= MB_LIFETIME_CASE; l++) {
        enum mb_lifetime got;
        MB_ASSERT_OK(mb_lifetime_parse(mb_lifetime_name((enum mb_lifetime)l), &got, &err), err);
        assert_int_equal(got, l);
    }
    for (int c = MB_CACHE_WARM; c <= MB_CACHE_COLD; c++) {
        enum mb_cache_state got;
        MB_ASSERT_OK(mb_cache_parse(mb_cache_name((enum mb_cache_state)c), &got, &err), err);
        assert_int_equal(got, c);
    }
    for (int r = MB_RESIDENCY_AUTO; r <= MB_RESIDENCY_MINCORE; r++) {
        enum mb_residency got;
        MB_ASSERT_OK(mb_residency_parse(mb_residency_name((enum mb_residency)r), &got, &err), err);
        assert_int_equal(got, r);
    }
    for (int h = MB_HINT_NONE; h < MB_HINT_COUNT; h++) {
        enum mb_hint got;
        MB_ASSERT_OK(mb_hint_parse(mb_hint_name((enum mb_hint)h), &got, &err), err);
        assert_int_equal(got, h);
    }
    assert_string_equal(mb_residency_name(MB_RESIDENCY_NONE), "none");
    enum mb_residency r;
    assert_int_equal(mb_residency_parse("none", &r, &err), MB_E_USAGE);
    assert_string_equal(err.msg,
                        "unknown residency check 'none' (known: auto, cachestat, mincore)");
    enum mb_lifetime l;
    assert_int_equal(mb_lifetime_parse("forever", &l, &err), MB_E_USAGE);
    assert_string_equal(err.msg, "unknown lifetime 'forever' (known: pass, case)");
    enum mb_cache_state c;
    assert_int_equal(mb_cache_parse("tepid", &c, &err), MB_E_USAGE);
    assert_string_equal(err.msg, "unknown cache state 'tepid' (known: warm, cold)");
    enum mb_hint h;
    assert_int_equal(mb_hint_parse("fast", &h, &err), MB_E_USAGE);
    assert_string_equal(
        err.msg, "unknown hint 'fast' (known: none, seq, random, willneed, populate, huge, fixed)");
    const struct mb_method *m;
    assert_int_equal(mb_method_find("mmap", &m, &err), MB_E_USAGE);
    assert_string_equal(err.msg, "unknown method 'mmap' (known: rw, prw, map, mapcopy, direct, "
                                 "uring, uringdirect, mem, mapwin)");
    MB_ASSERT_OK(mb_method_find("mapwin", &m, &err), err);
    assert_string_equal(m->name, "mapwin");
}

static void test_cli_extract(void **state)
{
    (void)state;
    struct mb_err err;
    struct mb_cli cli;
    char a0[] = "mapbench", a1[] = "--methods=map", a2[] = "--benchmark_filter=x", a3[] = "--sizes",
         a4[] = "4K", a5[] = "--list", a6[] = "--bogus";
    char *argv[] = {a0, a1, a2, a3, a4, a5, a6, NULL};
    int argc = 7;
    MB_ASSERT_OK(mb_cli_extract(&argc, argv, &cli, &err), err);
    assert_int_equal(argc, 3);
    assert_string_equal(argv[1], "--benchmark_filter=x");
    assert_string_equal(argv[2], "--bogus");
    assert_string_equal(cli.methods, "map");
    assert_string_equal(cli.sizes, "4K");
    assert_true(cli.list);
    char b1[] = "--sizes";
    char *argv2[] = {a0, b1, NULL};
    argc = 2;
    assert_int_equal(mb_cli_extract(&argc, argv2, &cli, &err), MB_E_USAGE);
    assert_non_null(strstr(err.msg, "needs a value"));
}

MB_TEST_MAIN(cmocka_unit_test(test_sizes), cmocka_unit_test(test_lists), cmocka_unit_test(test_ops),
             cmocka_unit_test(test_case_names), cmocka_unit_test(test_sweep),
             cmocka_unit_test(test_names), cmocka_unit_test(test_cli_extract))
