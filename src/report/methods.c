/* report/methods.c: the canonical method order and the method colours, both derived from the
 * method registry (see report/methods.h). */
#include "report/methods.h"

#include <string.h>

#include "methods/method.h"
#include "report/out.h"

/* The one colour table, from the colour-blind-safe Okabe-Ito palette: the explicit methods
 * in blues, green and greys (rw sky blue, prw blue, uring bluish green, the uncached direct
 * and uringdirect grey and dark grey), the mapped ones in warm hues (map vermillion, mapcopy
 * reddish purple, mapwin orange), the baseline mem black. */
static const struct {
    const char *name, *color;
} method_colors[] = {
    {"rw", "#56b4e9"},     {"prw", "#0072b2"}, {"direct", "#999999"},
    {"uring", "#009e73"},  {"map", "#d55e00"}, {"mapcopy", "#cc79a7"},
    {"mapwin", "#e69f00"}, {"mem", "#000000"}, {"uringdirect", "#555555"},
};

/* Colours for registered methods missing from the table, by registry position. */
static const char *const spare_colors[] = {"#f0e442", "#882255", "#44aa99", "#117733",
                                           "#332288", "#aa4499", "#888888", "#661100"};

/* The group of a method in the canonical order: explicit 0, mapped 1, the rest 2. */
static int method_group(const struct mb_method *m)
{
    if (m->caps & MB_CAP_EXPLICIT)
        return 0;
    return (m->caps & MB_CAP_MAPPED) ? 1 : 2;
}

size_t mb_report_method_order(const char **out, size_t max)
{
    size_t n, k = 0;
    const struct mb_method *const *all = mb_methods(&n);
    for (int g = 0; g < 3; g++)
        for (size_t i = 0; i < n && k < max; i++)
            if (method_group(all[i]) == g)
                out[k++] = all[i]->name;
    return k;
}

int mb_report_method_rank(const char *name)
{
    const char *order[MB_REPORT_METHODS_MAX];
    size_t n = mb_report_method_order(order, MB_REPORT_METHODS_MAX);
    for (size_t i = 0; i < n; i++)
        if (strcmp(order[i], name) == 0)
            return (int)i;
    return (int)n;
}

bool mb_report_method_mapped(const char *name)
{
    const struct mb_method *m;
    return mb_method_find(name, &m, NULL) == 0 && (m->caps & MB_CAP_MAPPED);
}

bool mb_report_method_uncached(const char *name)
{
    const struct mb_method *m;
    return mb_method_find(name, &m, NULL) == 0 && (m->caps & MB_CAP_UNCACHED);
}

const char *mb_report_method_color(const char *name)
{
    size_t n;
    const struct mb_method *const *all = mb_methods(&n);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(all[i]->name, name) != 0)
            continue;
        for (size_t c = 0; c < sizeof method_colors / sizeof method_colors[0]; c++)
            if (strcmp(method_colors[c].name, name) == 0)
                return method_colors[c].color;
        return spare_colors[i % (sizeof spare_colors / sizeof spare_colors[0])];
    }
    return NULL;
}

int mb_report_methods_gp(const char *dir, struct mb_err *err)
{
    struct mb_out o;
    int rc = mb_out_open(&o, dir, "methods.gp", err);
    if (rc)
        return rc;
    fputs("# methods.gp: written by mapbench-report, one colour per registered method\n"
          "method_color(name) = \\\n",
          o.f);
    const char *names[MB_REPORT_METHODS_MAX];
    size_t n = mb_report_method_order(names, MB_REPORT_METHODS_MAX);
    for (size_t i = 0; i < n; i++)
        fprintf(o.f, "    name eq '%s' ? '%s' : \\\n", names[i], mb_report_method_color(names[i]));
    fputs("    ''\nmethods_loaded = 1\n", o.f);
    return mb_out_close(&o, err);
}
