/* methods/registry.c: the method registry and hint names (portable). */
#include "methods/method.h"

#include <stdio.h>
#include <string.h>

const struct mb_method *const *mb_methods(size_t *count)
{
    static const struct mb_method *const all[] = {
        &mb_method_rw,     &mb_method_prw,   &mb_method_map, &mb_method_mapcopy,
        &mb_method_direct, &mb_method_uring, &mb_method_mem, &mb_method_mapwin,
    };
    *count = sizeof all / sizeof all[0];
    return all;
}

int mb_method_find(const char *name, const struct mb_method **out, struct mb_err *err)
{
    size_t n;
    const struct mb_method *const *all = mb_methods(&n);
    char known[256] = "";
    for (size_t i = 0; i < n; i++) {
        if (strcmp(all[i]->name, name) == 0) {
            *out = all[i];
            return 0;
        }
        size_t used = strlen(known);
        snprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "", all[i]->name);
    }
    return mb_err_set(err, MB_E_USAGE, 0, NULL, "unknown method '%s' (known: %s)", name, known);
}

static const char *const hint_names[MB_HINT_COUNT] = {"none",     "seq",      "random",
                                                      "willneed", "populate", "huge"};

const char *mb_hint_name(enum mb_hint h)
{
    return (unsigned)h < MB_HINT_COUNT ? hint_names[h] : "?";
}

int mb_hint_parse(const char *text, enum mb_hint *out, struct mb_err *err)
{
    for (unsigned i = 0; i < MB_HINT_COUNT; i++) {
        if (strcmp(text, hint_names[i]) == 0) {
            *out = (enum mb_hint)i;
            return 0;
        }
    }
    return mb_err_set(err, MB_E_USAGE, 0, NULL,
                      "unknown hint '%s' (known: none, seq, random, willneed, populate, huge)",
                      text);
}

bool mb_method_accepts_hint(const struct mb_method *m, enum mb_hint h)
{
    return h == MB_HINT_NONE || (m->hints & (1u << h)) != 0;
}
