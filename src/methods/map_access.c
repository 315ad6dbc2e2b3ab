/* methods/map_access.c: zero-copy and copying request accessors over a whole-file mapping. */
#include "methods/map_access.h"

#include <string.h>

const void *mb_map_get(void *state, uint64_t off, size_t len, void *buf, struct mb_err *err)
{
    (void)len, (void)buf, (void)err;
    const struct mb_map_view *v = state;
    return v->base + off;
}

void *mb_map_put_begin(void *state, uint64_t off, size_t len, void *buf, struct mb_err *err)
{
    (void)len, (void)buf, (void)err;
    struct mb_map_view *v = state;
    return v->base + off;
}

int mb_map_put_end(void *state, uint64_t off, size_t len, const void *p, struct mb_err *err)
{
    (void)state, (void)off, (void)len, (void)p, (void)err;
    return 0;
}

const void *mb_mapcopy_get(void *state, uint64_t off, size_t len, void *buf, struct mb_err *err)
{
    (void)err;
    const struct mb_map_view *v = state;
    memcpy(buf, v->base + off, len);
    return buf;
}

int mb_mapcopy_put_end(void *state, uint64_t off, size_t len, const void *p, struct mb_err *err)
{
    (void)err;
    struct mb_map_view *v = state;
    memcpy(v->base + off, p, len);
    return 0;
}
