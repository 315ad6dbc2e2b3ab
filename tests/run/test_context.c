/* tests/run/test_context.c: the machine facts (run/context.h): `mapbench --context` prints one
 * valid JSON object with every key context.json takes from it (numbers and booleans typed),
 * and the JSON printer escapes what it must. Usage: test_context PATH_TO_MAPBENCH. */
#include "testutil.h"

#include <jansson.h>

#include "run/context.h"

static const char *exe;

static void test_context_print(void **state)
{
    (void)state;
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "'%s' --context", exe);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    json_error_t jerr;
    json_t *root = json_loadf(p, 0, &jerr);
    assert_int_equal(pclose(p), 0);
    if (!root)
        fail_msg("mapbench --context is not JSON: %s (line %d)", jerr.text, jerr.line);
    assert_true(json_is_object(root));
    static const char *const text_keys[] = {
        "mapbench_version",
        "data_dir",
        "compiler",
        "benchmark_version",
        "consume_kernel",
        "cpu_model",
        "kernel",
        "os",
        "fs_type",
        "mount_options",
        "device_model",
        "rotational",
        "scheduler",
        "read_ahead_kb",
        "thp",
        "file_huge_pages_kb",
        "damon",
        "device",
        "memory_cgroup",
    };
    for (size_t i = 0; i < sizeof text_keys / sizeof text_keys[0]; i++)
        if (!json_is_string(json_object_get(root, text_keys[i])))
            fail_msg("--context: no text '%s'", text_keys[i]);
    /* the counter sources: what they are, or why they are unavailable */
    const char *dev = json_string_value(json_object_get(root, "device"));
    const char *cg = json_string_value(json_object_get(root, "memory_cgroup"));
    assert_true(dev[0] != '\0');
    assert_true(!strncmp(cg, "v1 /", 4) || !strncmp(cg, "v2 /", 4) ||
                !strncmp(cg, "unavailable: ", 13));
    assert_true(json_is_integer(json_object_get(root, "cpus")));
    assert_true(json_integer_value(json_object_get(root, "cpus")) >= 1);
    assert_true(json_integer_value(json_object_get(root, "memory_bytes")) > 0);
    assert_true(json_integer_value(json_object_get(root, "page_size")) >= 4096);
    assert_true(json_is_false(json_object_get(root, "under_wine")));
    assert_null(json_object_get(root, "thp_enabled")); /* one key per fact: thp */
    json_decref(root);
}

static void test_json_escapes(void **state)
{
    (void)state;
    struct mb_context ctx = {.n = 0};
    mb_context_add(&ctx, "a", MB_FACT_TEXT, "say \"hi\"\\\t");
    mb_context_add(&ctx, "n", MB_FACT_NUMBER, "12");
    mb_context_add(&ctx, "bad_number", MB_FACT_NUMBER, "unknown");
    mb_context_add(&ctx, "b", MB_FACT_BOOL, "true");
    mb_context_add(&ctx, "n", MB_FACT_NUMBER, "13"); /* replaces */
    assert_int_equal(ctx.n, 4);
    assert_string_equal(mb_context_get(&ctx, "n"), "13");
    assert_null(mb_context_get(&ctx, "missing"));
    char text[1024] = "";
    FILE *f = tmpfile();
    assert_non_null(f);
    mb_context_print_json(&ctx, f);
    rewind(f);
    text[fread(text, 1, sizeof text - 1, f)] = '\0';
    fclose(f);
    json_error_t jerr;
    json_t *root = json_loads(text, 0, &jerr);
    if (!root)
        fail_msg("not JSON: %s in %s", jerr.text, text);
    assert_string_equal(json_string_value(json_object_get(root, "a")), "say \"hi\"\\\t");
    assert_int_equal(json_integer_value(json_object_get(root, "n")), 13);
    assert_string_equal(json_string_value(json_object_get(root, "bad_number")), "unknown");
    assert_true(json_is_true(json_object_get(root, "b")));
    json_decref(root);
}

int main(int argc, char **argv)
{
    exe = mb_test_arg(argc, argv, 1, "PATH_TO_MAPBENCH");
    return MB_TEST_RUN(cmocka_unit_test(test_context_print), cmocka_unit_test(test_json_escapes));
}
