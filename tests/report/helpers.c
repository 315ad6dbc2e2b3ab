/* helpers.c: the shared helpers of the report tests (see helpers.h). */
#include "testutil.h"

#include <math.h>
#include <unistd.h>

#include "helpers.h"
#include "report/cli.h"

const char *mb_test_fixtures(void)
{
    const char *d = getenv("MB_FIXTURES");
    return d ? d : "tests/report/fixtures";
}

void mb_test_fixture_path(char *buf, size_t len, const char *rel)
{
    snprintf(buf, len, "%s/%s", mb_test_fixtures(), rel);
}

char *mb_test_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    if (b)
        b[n] = '\0';
    fclose(f);
    return b;
}

void mb_test_tmpdir(char *buf, size_t len)
{
    snprintf(buf, len, "/tmp/mbreport-test.XXXXXX");
    assert_non_null(mkdtemp(buf));
}

void mb_test_rmtree(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* A run directory in a fresh temporary directory: the fixture's mapbench.json (linked) and,
 * when ctx is non-NULL, a context.json with that text. Returns the run directory in dir. */
void mb_test_make_run(char *tmp, size_t tlen, char *dir, size_t dlen, const char *fixture,
                      const char *ctx)
{
    char src[512], path[700];
    mb_test_tmpdir(tmp, tlen);
    snprintf(dir, dlen, "%s/m/20261201T120000Z", tmp);
    snprintf(path, sizeof path, "mkdir -p '%s'", dir);
    assert_int_equal(system(path), 0);
    mb_test_fixture_path(src, sizeof src, fixture);
    snprintf(path, sizeof path, "%s/mapbench.json", src);
    char link[700];
    snprintf(link, sizeof link, "%s/mapbench.json", dir);
    assert_int_equal(symlink(path, link), 0);
    if (ctx) {
        snprintf(path, sizeof path, "%s/context.json", dir);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(ctx, f);
        fclose(f);
    }
}

/* report.md of a run directory (malloc'd). */
char *mb_test_verdict_of_dir(const char *dir, const char *out)
{
    char path[600];
    char *argv[] = {"mapbench-report", "all", (char *)dir, (char *)out};
    assert_int_equal(mb_cli_main(4, argv), 0);
    snprintf(path, sizeof path, "%s/report.md", out);
    char *md = mb_test_slurp(path);
    assert_non_null(md);
    return md;
}

void mb_test_load(const char *rel, struct mb_result_run *run)
{
    char dir[512];
    struct mb_err e;
    mb_err_clear(&e);
    mb_test_fixture_path(dir, sizeof dir, rel);
    assert_int_equal(mb_result_run_load(dir, run, &e), 0);
}

/* Reads compare.dat: counts rows, significant rows, and the largest |ratio - 1|. */
void mb_test_read_compare(const char *out, int *rows, int *sig, double *maxdev)
{
    char path[600], line[1024];
    snprintf(path, sizeof path, "%s/compare.dat", out);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    *rows = *sig = 0;
    *maxdev = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#')
            continue;
        int rank, s;
        double r, lo, hi;
        assert_int_equal(sscanf(line, "%d %lf %lf %lf %d", &rank, &r, &lo, &hi, &s), 5);
        (*rows)++;
        *sig += s != 0;
        *maxdev = fmax(*maxdev, fabs(r - 1));
        assert_true(lo <= r && r <= hi);
    }
    fclose(f);
}

char *mb_test_read(const char *dir, const char *name)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *text = mb_test_slurp(path);
    assert_non_null(text);
    return text;
}

void mb_test_file_has(const char *dir, const char *name, const char *const *needles)
{
    char *text = mb_test_read(dir, name);
    for (; *needles; needles++)
        if (!strstr(text, *needles))
            fail_msg("%s/%s lacks '%s'", dir, name, *needles);
    free(text);
}
