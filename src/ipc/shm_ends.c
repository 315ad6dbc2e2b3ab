/* shm_ends.c: layout and ring-end operations shared by the POSIX and Win32 shm transports. */
#include "shm_ends.h"

size_t mb_shm_layout_size(uint64_t cap)
{
    return MB_RING_CTRL + 2 * mb_ring_footprint(cap);
}

void *mb_shm_ring_at(void *map, uint64_t cap, int which)
{
    return (unsigned char *)map + MB_RING_CTRL + (size_t)which * mb_ring_footprint(cap);
}

void *mb_shm_send_begin(void *st, size_t len, void *buf, struct mb_err *err)
{
    struct mb_shm_ends *e = st;
    (void)buf;
    void *p;
    return mb_ring_reserve(&e->tx, len, &p, &e->peer, err) ? NULL : p;
}

int mb_shm_send_end(void *st, const void *p, size_t len, struct mb_err *err)
{
    struct mb_shm_ends *e = st;
    (void)p;
    (void)len;
    (void)err;
    mb_ring_commit(&e->tx);
    return 0;
}

const void *mb_shm_recv_begin(void *st, size_t len, void *buf, struct mb_err *err)
{
    struct mb_shm_ends *e = st;
    (void)buf;
    const void *p;
    size_t got;
    if (mb_ring_peek(&e->rx, &p, &got, &e->peer, err))
        return NULL;
    if (got != len) {
        mb_err_set(err, MB_E_VERIFY, 0, NULL, "received a %llu-byte message, expected %llu",
                   (unsigned long long)got, (unsigned long long)len);
        return NULL;
    }
    return p;
}

void mb_shm_recv_end(void *st, const void *p, size_t len)
{
    struct mb_shm_ends *e = st;
    (void)p;
    (void)len;
    mb_ring_release(&e->rx);
}
