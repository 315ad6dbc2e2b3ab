/* methods/io_access.c: explicit-I/O request accessors over the platform's full-length transfers. */
#include "methods/io_access.h"

const void *mb_rw_get(void *state, uint64_t off, size_t len, void *buf, struct mb_err *err)
{
    return mb_io_read_full(state, off, len, buf, 1, err) ? NULL : buf;
}

const void *mb_prw_get(void *state, uint64_t off, size_t len, void *buf, struct mb_err *err)
{
    return mb_io_read_full(state, off, len, buf, 0, err) ? NULL : buf;
}

int mb_rw_put_end(void *state, uint64_t off, size_t len, const void *p, struct mb_err *err)
{
    return mb_io_write_full(state, off, len, p, 1, err);
}

int mb_prw_put_end(void *state, uint64_t off, size_t len, const void *p, struct mb_err *err)
{
    return mb_io_write_full(state, off, len, p, 0, err);
}

void *mb_put_in_buffer(void *state, uint64_t off, size_t len, void *buf, struct mb_err *err)
{
    (void)state, (void)off, (void)len, (void)err;
    return buf;
}
