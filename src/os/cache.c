/* os/cache.c: portable parts of cache control (names, dispatch). */
#include "os/cache.h"

#include "core/parse.h"

static const char *const cache_names[] = {"warm", "cold"}; /* by enum mb_cache_state */
static const char *const residency_names[] = {"auto", "cachestat", "mincore",
                                              "none"}; /* by enum mb_residency */

int mb_cache_parse(const char *text, enum mb_cache_state *out, struct mb_err *err)
{
    int i = mb_parse_name(text, cache_names, 2, "cache state", err);
    if (i < 0)
        return i;
    *out = (enum mb_cache_state)i;
    return 0;
}

/* "none" is a result (the platform cannot measure), never a choice */
int mb_residency_parse(const char *text, enum mb_residency *out, struct mb_err *err)
{
    int i = mb_parse_name(text, residency_names, 3, "residency check", err);
    if (i < 0)
        return i;
    *out = (enum mb_residency)i;
    return 0;
}

const char *mb_residency_name(enum mb_residency r)
{
    return (unsigned)r <= MB_RESIDENCY_NONE ? residency_names[r] : "auto";
}

const char *mb_cache_name(enum mb_cache_state s)
{
    return cache_names[s != MB_CACHE_WARM];
}

int mb_cache_prepare(const char *path, uint64_t size, enum mb_cache_state state, bool first,
                     enum mb_residency how, double *resident, struct mb_err *err)
{
    char fs[16];
    bool in_memory = mb_cache_fs_in_memory(path, fs, sizeof fs);
    if (state == MB_CACHE_COLD && in_memory)
        return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL,
                          "cold cache impossible: '%s' is on %s, which keeps files in memory "
                          "and cannot evict them; use a --data-dir on a disk",
                          path, fs);
    if (state == MB_CACHE_COLD)
        return mb_cache_make_cold(path, size, how, resident, err);
    /* A file loaded by 4 KiB random reads sits in small folios and is mapped with ~16x the
     * faults of one loaded sequentially: start each warm case from a sequential load. */
    if (first && !in_memory) {
        int rc = mb_cache_make_cold(path, size, how, resident, err);
        if (rc)
            return rc;
    }
    return mb_cache_make_warm(path, size, how, resident, err);
}
