/* methods/io_access.c: explicit-I/O request accessors over the platform's full-length transfers. */
#include "methods/io_access.h"

const void *mb_rw_get(void *state, uint64_t off, size_t len, void *buf, struct mb_err *err)
{
    return mb_io_transfer(state, false, off, len, buf, true, err) ? NULL : buf;
}

const void *mb_prw_get(void *state, uint64_t off, size_t len, void *buf, struct mb_err *err)
{
    return mb_io_transfer(state, false, off, len, buf, false, err) ? NULL : buf;
}

int mb_rw_put_end(void *state, uint64_t off, size_t len, const void *p, struct mb_err *err)
{
    return mb_io_transfer(state, true, off, len, (void *)p, true, err); /* only read */
}

int mb_prw_put_end(void *state, uint64_t off, size_t len, const void *p, struct mb_err *err)
{
    return mb_io_transfer(state, true, off, len, (void *)p, false, err); /* only read */
}

void *mb_put_in_buffer(void *state, uint64_t off, size_t len, void *buf, struct mb_err *err)
{
    (void)state, (void)off, (void)len, (void)err;
    return buf;
}
