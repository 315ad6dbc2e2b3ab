/* os/cache.c: portable parts of cache control (names, dispatch). */
#include "os/cache.h"

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

int mb_residency_parse(const char *text, enum mb_residency *out, struct mb_err *err)
{
    if (strcmp(text, "auto") == 0)
        *out = MB_RESIDENCY_AUTO;
    else if (strcmp(text, "cachestat") == 0)
        *out = MB_RESIDENCY_CACHESTAT;
    else if (strcmp(text, "mincore") == 0)
        *out = MB_RESIDENCY_MINCORE;
    else
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "unknown residency check '%s' (known: auto, cachestat, mincore)", text);
    return 0;
}

const char *mb_residency_name(enum mb_residency r)
{
    switch (r) {
    case MB_RESIDENCY_CACHESTAT:
        return "cachestat";
    case MB_RESIDENCY_MINCORE:
        return "mincore";
    case MB_RESIDENCY_NONE:
        return "none";
    default:
        return "auto";
    }
}

const char *mb_cache_name(enum mb_cache_state s)
{
    return s == MB_CACHE_WARM ? "warm" : "cold";
}

int mb_cache_prepare(const char *path, uint64_t size, enum mb_cache_state state, bool first,
                     enum mb_residency how, double *resident, struct mb_err *err)
{
    if (state == MB_CACHE_COLD)
        return mb_cache_make_cold(path, size, how, resident, err);
    /* A file loaded by 4 KiB random reads sits in small folios and is mapped with ~16x the
     * faults of one loaded sequentially: start each warm case from a sequential load. */
    if (first) {
        int rc = mb_cache_make_cold(path, size, how, resident, err);
        if (rc)
            return rc;
    }
    return mb_cache_make_warm(path, size, how, resident, err);
}
