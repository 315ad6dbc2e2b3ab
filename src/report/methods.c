/* report/methods.c: the canonical method order and the method colours, both derived from the
 * method registry (see report/methods.h). */
#include "report/methods.h"

#include <string.h>

#include "methods/method.h"
#include "report/out.h"

/* The one colour table: distinct hues within each family (explicit: blues, greys and purples,
 * mapped: reds and browns, baseline: green). */
static const struct {
    const char *name, *color;
} method_colors[] = {
    {"rw", "#17becf"},     {"prw", "#08519c"}, {"direct", "#737373"},
    {"uring", "#6a3d9a"},  {"map", "#d7301f"}, {"mapcopy", "#f0a30a"},
    {"mapwin", "#8c510a"}, {"mem", "#31a354"}, {"uringdirect", "#c51b7d"},
};

/* Colours for registered methods missing from the table, by registry position. */
static const char *const spare_colors[] = {"#e7298a", "#66a61e", "#a6761d", "#1b9e77",
                                           "#7570b3", "#d95f02", "#666666", "#e6ab02"};

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
