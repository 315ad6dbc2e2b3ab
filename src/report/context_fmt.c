/* context_fmt.c: context.json values as people read them: min_time in seconds, byte and KiB
 * counts in binary units, long float spellings shortened ("0.10000000000000001" as 0.1). */
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* True when text is a whole number or float (nothing after it); its value into *v. */
static bool as_number(const char *text, double *v)
{
    char *end;
    if (!text || !*text)
        return false;
    *v = strtod(text, &end);
    return *end == '\0' && isfinite(*v);
}

/* True when key ends in suffix. */
static bool ends_with(const char *key, const char *suffix)
{
    size_t k = strlen(key), s = strlen(suffix);
    return k >= s && strcmp(key + k - s, suffix) == 0;
}

/* bytes in the largest binary unit that leaves at least 1: "23.54 GiB", "8 MiB", "512 B". */
static void binary(double bytes, char *buf, size_t len)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (u < 4 && fabs(bytes) >= 1024) {
        bytes /= 1024;
        u++;
    }
    snprintf(buf, len, "%.4g %s", bytes, units[u]);
}

void mb_report_ctx_value(const char *key, const char *val, char *buf, size_t len)
{
    double v;
    char b[48];
    if (!as_number(val, &v)) {
        snprintf(buf, len, "%s", val ? val : "-");
    } else if (strcmp(key, "min_time") == 0) {
        snprintf(buf, len, "%.6g s", v);
    } else if (ends_with(key, "_bytes") && v >= 1024) {
        binary(v, b, sizeof b);
        snprintf(buf, len, "%s (%s bytes)", b, val);
    } else if (ends_with(key, "_kb") && v >= 1024) {
        binary(v * 1024, b, sizeof b);
        snprintf(buf, len, "%s (%s KiB)", b, val);
    } else if (strpbrk(val, ".eE")) {
        snprintf(buf, len, "%.6g", v);
    } else {
        snprintf(buf, len, "%s", val);
    }
}

bool mb_report_ctx_equal(const char *a, const char *b)
{
    double x, y;
    if (as_number(a, &x) && as_number(b, &y))
        return x == y || fabs(x - y) <= 1e-9 * fmax(fabs(x), fabs(y));
    return strcmp(a, b) == 0;
}
