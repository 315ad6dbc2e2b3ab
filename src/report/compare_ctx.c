/* compare_ctx.c: the warning at the top of compare.md when the two runs were measured under
 * different settings (profile, repetitions, min_time, kernel, file system). */
#include "report/compare.h"

#include <string.h>

#include "report/report.h"

/* The fewest successful repetitions of a case of r (0: none). */
static size_t fewest_reps(const struct mb_results *r)
{
    size_t m = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->c[i].n && (m == 0 || r->c[i].n < m))
            m = r->c[i].n;
    return m;
}

/* The value of setting `key` of run r into buf (context.json, else for repetitions the
 * results' own count, noted); false when r does not record it. */
static bool setting(const struct mb_result_run *r, const char *key, char *buf, size_t len,
                    bool *derived)
{
    const char *v = mb_result_run_ctx(r, key);
    *derived = false;
    if (v && *v) {
        snprintf(buf, len, "%s", v);
        return true;
    }
    if (strcmp(key, "repetitions") != 0)
        return false;
    size_t n = fewest_reps(r->has_file ? &r->file : &r->ipc);
    if (!n)
        return false;
    snprintf(buf, len, "%zu", n);
    *derived = true;
    return true;
}

size_t mb_compare_warn(FILE *f, const struct mb_result_run *a, const struct mb_result_run *b)
{
    static const char *const keys[] = MB_COMPARE_KEYS;
    const size_t nk = sizeof keys / sizeof keys[0];
    size_t ndiff = 0;
    char unchecked[256] = "";
    for (size_t i = 0; i < nk; i++) {
        char va[256], vb[256], fa[300], fb[300];
        bool da, db;
        bool ha = setting(a, keys[i], va, sizeof va, &da),
             hb = setting(b, keys[i], vb, sizeof vb, &db);
        if (!ha || !hb) {
            size_t l = strlen(unchecked);
            snprintf(unchecked + l, sizeof unchecked - l, "%s%s (%s)", l ? ", " : "", keys[i],
                     !ha && !hb ? "neither run"
                     : !ha      ? "not in A"
                                : "not in B");
            continue;
        }
        if (mb_report_ctx_equal(va, vb))
            continue;
        if (!ndiff++)
            fputs("> **Warning: the runs were measured under different settings**, so a "
                  "difference below may come from the setup rather than from what changed "
                  "between them:\n>\n",
                  f);
        mb_report_ctx_value(keys[i], va, fa, sizeof fa);
        mb_report_ctx_value(keys[i], vb, fb, sizeof fb);
        fprintf(f, "> - %s: A %s%s, B %s%s\n", keys[i], fa, da ? " (fewest per case)" : "", fb,
                db ? " (fewest per case)" : "");
    }
    if (ndiff)
        fputs("\n", f);
    if (*unchecked)
        fprintf(f, "Settings not recorded by both runs, so not checked: %s.\n\n", unchecked);
    return ndiff;
}
