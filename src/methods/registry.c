/* methods/registry.c: the method registry and hint names (portable). */
#include "methods/method.h"

#include "core/parse.h"

const struct mb_method *const *mb_methods(size_t *count)
{
    static const struct mb_method *const all[] = {
        &mb_method_rw,          &mb_method_prw,    &mb_method_map,
        &mb_method_mapcopy,     &mb_method_direct, &mb_method_uring,
        &mb_method_uringdirect, &mb_method_mem,    &mb_method_mapwin,
    };
    *count = sizeof all / sizeof all[0];
    return all;
}

int mb_method_find(const char *name, const struct mb_method **out, struct mb_err *err)
{
    size_t n;
    const struct mb_method *const *all = mb_methods(&n);
    const char *names[16]; /* more than the registry holds */
    for (size_t i = 0; i < n && i < 16; i++)
        names[i] = all[i]->name;
    int i = mb_parse_name(name, names, (unsigned)(n < 16 ? n : 16), "method", err);
    if (i < 0)
        return i;
    *out = all[i];
    return 0;
}

static const char *const hint_names[MB_HINT_COUNT] = {"none",     "seq",  "random", "willneed",
                                                      "populate", "huge", "fixed"};

const char *mb_hint_name(enum mb_hint h)
{
    return (unsigned)h < MB_HINT_COUNT ? hint_names[h] : "?";
}

int mb_hint_parse(const char *text, enum mb_hint *out, struct mb_err *err)
{
    int i = mb_parse_name(text, hint_names, MB_HINT_COUNT, "hint", err);
    if (i < 0)
        return i;
    *out = (enum mb_hint)i;
    return 0;
}

bool mb_method_accepts_hint(const struct mb_method *m, enum mb_hint h)
{
    return h == MB_HINT_NONE || (m->hints & (1u << h)) != 0;
}
