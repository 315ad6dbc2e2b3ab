/* cache_common.c: portable parts of cache control (names, dispatch). */
#include "cache.h"

#include <string.h>

int mb_cache_parse(const char *text, enum mb_cache_state *out, struct mb_err *err)
{
    if (strcmp(text, "warm") == 0)
        *out = MB_CACHE_WARM;
    else if (strcmp(text, "cold") == 0)
        *out = MB_CACHE_COLD;
    else
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "unknown cache state '%s' (known: warm, cold)",
                          text);
    return 0;
}

const char *mb_cache_name(enum mb_cache_state s)
{
    return s == MB_CACHE_WARM ? "warm" : "cold";
}

int mb_cache_prepare(const char *path, uint64_t size, enum mb_cache_state state, bool first,
                     double *resident, struct mb_err *err)
{
    if (state == MB_CACHE_COLD)
        return mb_cache_make_cold(path, size, resident, err);
    /* A file loaded by 4 KiB random reads sits in small folios and is mapped with ~16x the
     * faults of one loaded sequentially: start each warm case from a sequential load. */
    if (first) {
        int rc = mb_cache_make_cold(path, size, resident, err);
        if (rc)
            return rc;
    }
    return mb_cache_make_warm(path, size, resident, err);
}
