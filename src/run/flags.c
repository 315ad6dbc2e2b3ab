/* run/flags.c: the table-driven flag parser of the three programs (see flags.h). */
#include "run/flags.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "os/os.h"
#include "run/build_info.h"

#define USAGE_COLUMN 22 /* where a flag's text starts in the usage */

static bool *bool_at(void *opts, const struct mb_flag *fl)
{
    return (bool *)((char *)opts + fl->offset);
}

static const char **value_at(void *opts, const struct mb_flag *fl)
{
    return (const char **)((char *)opts + fl->offset);
}

/* Rewrites the comma list s in place, keeping the first of each repeated (non-empty) item. */
static void list_dedupe(char *s)
{
    char *w = s, *r = s;
    bool first = true;
    for (;;) {
        size_t n = strcspn(r, ",");
        bool seen = false;
        for (const char *k = s; n && k < w && !seen;) {
            size_t kn = strcspn(k, ",");
            if (kn > (size_t)(w - k))
                kn = (size_t)(w - k); /* the kept text ends at w, not at a terminator */
            seen = kn == n && memcmp(k, r, n) == 0;
            k += kn + 1;
        }
        bool last = r[n] == '\0';
        if (!seen) { /* empty items stay, for the list parser to refuse */
            if (!first)
                *w++ = ',';
            memmove(w, r, n);
            w += n;
            first = false;
        }
        if (last)
            break;
        r += n + 1;
    }
    *w = '\0';
}

/* The table entry named by the flag body (the text after "--", up to '=' or its end). */
static const struct mb_flag *flag_find(const struct mb_flags *f, const char *body)
{
    size_t n = strcspn(body, "=");
    for (size_t i = 0; i < f->n; i++)
        if (strlen(f->flag[i].name) == n && strncmp(f->flag[i].name, body, n) == 0)
            return &f->flag[i];
    return NULL;
}

/* Takes one of our flags (argv[*i], possibly with its value in argv[*i + 1]). */
static int flag_take(const struct mb_flag *fl, void *opts, int argc, char **argv, int *i,
                     struct mb_err *err)
{
    char *eq = strchr(argv[*i], '=');
    if (fl->kind == MB_FLAG_BOOL) {
        if (eq)
            return mb_err_set(err, MB_E_USAGE, 0, NULL, "flag --%s takes no value", fl->name);
        if (*bool_at(opts, fl))
            return mb_err_set(err, MB_E_USAGE, 0, NULL, "flag --%s given twice", fl->name);
        *bool_at(opts, fl) = true;
        return 0;
    }
    char *val = NULL;
    if (eq)
        val = eq + 1;
    else if (*i + 1 < argc && strncmp(argv[*i + 1], "--", 2) != 0)
        val = argv[++*i];
    if (!val || !*val)
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "flag --%s needs a value (--%s=%s)", fl->name,
                          fl->name, fl->arg ? fl->arg : "VALUE");
    if (*value_at(opts, fl))
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "flag --%s given twice", fl->name);
    if (fl->kind == MB_FLAG_LIST)
        list_dedupe(val);
    *value_at(opts, fl) = val;
    return 0;
}

int mb_flags_parse(const struct mb_flags *f, void *opts, int *argc, char **argv, struct mb_err *err)
{
    for (size_t k = 0; k < f->n; k++) {
        if (f->flag[k].kind == MB_FLAG_BOOL)
            *bool_at(opts, &f->flag[k]) = false;
        else
            *value_at(opts, &f->flag[k]) = NULL;
    }
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        char *a = argv[i];
        const struct mb_flag *fl = NULL;
        if (strncmp(a, "--", 2) == 0)
            fl = flag_find(f, a + 2);
        else if (strcmp(a, "-h") == 0)
            fl = flag_find(f, "help");
        if (fl) {
            if (flag_take(fl, opts, *argc, argv, &i, err))
                return err->code;
        } else {
            if (f->gb && strncmp(a, "--benchmark_", 12) == 0) {
                if (mb_flags_check_gb(a, err))
                    return err->code;
                /* Google Benchmark would silently keep the last of two */
                size_t n = strcspn(a, "=");
                for (int k = 1; k < out; k++)
                    if (strncmp(argv[k], a, n) == 0 && (argv[k][n] == '=' || !argv[k][n]))
                        return mb_err_set(err, MB_E_USAGE, 0, NULL, "flag %.*s given twice", (int)n,
                                          a);
            }
            argv[out++] = a;
        }
    }
    argv[out] = NULL;
    *argc = out;
    return 0;
}

int mb_flags_leftover(const struct mb_flags *f, int argc, char **argv, struct mb_err *err)
{
    if (argc < 2)
        return 0;
    return mb_err_set(err, MB_E_USAGE, 0, NULL, "unknown flag '%s' (see %s --help)", argv[1],
                      f->prog);
}

/* Google Benchmark flags whose values are checked, and what each must be. */
enum gb_check { GB_POS_INT, GB_POS_NUM, GB_NONNEG_NUM, GB_FORMAT, GB_UNIT };
static const struct {
    const char *name;
    enum gb_check check;
    const char *what;
} gb_checked[] = {
    {"benchmark_repetitions", GB_POS_INT, "a positive integer"},
    {"benchmark_min_time", GB_POS_NUM, "a positive number of seconds"},
    {"benchmark_min_warmup_time", GB_NONNEG_NUM, "a number of seconds >= 0"},
    {"benchmark_out_format", GB_FORMAT, "json, console or csv"},
    {"benchmark_format", GB_FORMAT, "json, console or csv"},
    {"benchmark_time_unit", GB_UNIT, "ns, us, ms or s"},
};

static bool one_of(const char *v, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(v, *set) == 0)
            return true;
    return false;
}

static bool gb_value_ok(enum gb_check check, const char *v)
{
    static const char *const formats[] = {"json", "console", "csv", NULL};
    static const char *const units[] = {"ns", "us", "ms", "s", NULL};
    char *end;
    errno = 0;
    switch (check) {
    case GB_POS_INT: {
        long n = strtol(v, &end, 10);
        return *v && !*end && errno == 0 && n > 0 && n <= INT32_MAX;
    }
    case GB_POS_NUM:
    case GB_NONNEG_NUM: {
        double d = strtod(v, &end);
        return *v && !*end && errno == 0 && isfinite(d) && (check == GB_POS_NUM ? d > 0 : d >= 0);
    }
    case GB_FORMAT:
        return one_of(v, formats);
    case GB_UNIT:
        return one_of(v, units);
    }
    return false;
}

/* --benchmark_out=PATH: a file in an existing, writable directory, checked before any case
 * runs (Google Benchmark would say "invalid file name" only at the end, exit 1). */
static int out_check(const char *path, struct mb_err *err)
{
    if (!*path)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "flag --benchmark_out needs a value (--benchmark_out=FILE)");
    char dir[4096];
    const char *slash = strrchr(path, '/'), *back = strrchr(path, '\\');
    if (back && (!slash || back > slash))
        slash = back;
    size_t n = slash ? (size_t)(slash - path) : 0;
    if (n >= sizeof dir)
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "bad --benchmark_out '%s': path too long",
                          path);
    snprintf(dir, sizeof dir, "%.*s", (int)n, path);
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (n == 0)
        snprintf(dir, sizeof dir, "/");
    if (slash && !slash[1])
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "bad --benchmark_out '%s': names a directory",
                          path);
    struct mb_err derr;
    if (mb_os_dir_check(dir, &derr))
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "bad --benchmark_out '%s': directory '%s' is missing, not a directory "
                          "or not writable",
                          path, dir);
    return 0;
}

int mb_flags_check_gb(const char *arg, struct mb_err *err)
{
    const char *body = arg + 2;
    size_t n = strcspn(body, "=");
    for (size_t i = 0; i < sizeof gb_checked / sizeof gb_checked[0]; i++) {
        if (strlen(gb_checked[i].name) != n || strncmp(body, gb_checked[i].name, n) != 0)
            continue;
        if (body[n] != '=')
            return mb_err_set(err, MB_E_USAGE, 0, NULL, "flag --%s needs a value (--%s=VALUE)",
                              gb_checked[i].name, gb_checked[i].name);
        if (!gb_value_ok(gb_checked[i].check, body + n + 1))
            return mb_err_set(err, MB_E_USAGE, 0, NULL, "bad --%s '%s': must be %s",
                              gb_checked[i].name, body + n + 1, gb_checked[i].what);
    }
    if (n == strlen("benchmark_out") && strncmp(body, "benchmark_out", n) == 0)
        return out_check(body[n] == '=' ? body + n + 1 : "", err);
    return 0;
}

/* Prints one flag's usage line(s). */
static void flag_usage(const struct mb_flag *fl, FILE *out)
{
    int col = fprintf(out, "  --%s%s%s", fl->name, fl->arg ? "=" : "", fl->arg ? fl->arg : "");
    fprintf(out, "%*s", col < USAGE_COLUMN - 2 ? USAGE_COLUMN - col : 2, "");
    if (fl->choice) {
        const char *c;
        for (size_t i = 0; (c = fl->choice(i)) != NULL; i++)
            fprintf(out, "%s%s", i ? "," : "", c);
        fputc(' ', out);
    }
    for (const char *h = fl->help; *h;) {
        size_t n = strcspn(h, "\n");
        fwrite(h, 1, n, out);
        fputc('\n', out);
        h += n;
        if (*h == '\n' && *++h)
            fprintf(out, "%*s", USAGE_COLUMN, "");
    }
}

void mb_flags_usage(const struct mb_flags *f, FILE *out)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->flag[i].help)
            flag_usage(&f->flag[i], out);
    const struct mb_flag version = {"version", MB_FLAG_BOOL, 0, NULL, "print the version and exit",
                                    NULL};
    flag_usage(&version, out);
}

bool mb_flags_version(const struct mb_flags *f, int argc, char **argv, FILE *out)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--version") == 0) {
            fprintf(out, "%s %s\n", f->prog, mb_build_version());
            return true;
        }
    return false;
}
