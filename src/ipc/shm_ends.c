/* shm_ends.c: layout and ring-end operations of the mapped transports (see ipc/shm_ends.h). */
#include "ipc/shm_ends.h"

#include <stdio.h>

#define SHM_MAGIC 0x31636970626d6d70ull /* "pmmbpic1" */

/* The control block at the start of the mapping. */
struct shm_ctrl {
    uint64_t magic;
    uint64_t ring_size;
};

size_t mb_shm_layout_size(uint64_t cap)
{
    return MB_RING_CTRL + 2 * mb_ring_footprint(cap);
}

/* The ring `which` (0: parent to child, 1: child to parent) inside the mapping. */
static void *ring_at(void *map, uint64_t cap, int which)
{
    return (unsigned char *)map + MB_RING_CTRL + (size_t)which * mb_ring_footprint(cap);
}

int mb_shm_ends_setup(struct mb_shm_ends *e, void *map, uint64_t cap, bool parent, const char *what,
                      const char *bells, struct mb_err *err)
{
    if (parent) {
        struct shm_ctrl *c = map;
        c->ring_size = cap;
        mb_ring_format(ring_at(map, cap, 0), cap);
        mb_ring_format(ring_at(map, cap, 1), cap);
        c->magic = SHM_MAGIC;
    } else {
        const struct shm_ctrl *c = map;
        if (c->magic != SHM_MAGIC || c->ring_size != cap)
            return mb_err_set(err, MB_E_VERIFY, 0, NULL,
                              "'%s' is not a mapbench IPC mapping with %llu-byte rings", what,
                              (unsigned long long)cap);
    }
    char rname[4200];
    snprintf(rname, sizeof rname, "%s-p2c", bells);
    int rc =
        mb_ring_attach(parent ? &e->tx : &e->rx, ring_at(map, cap, 0), cap, rname, parent, err);
    if (rc)
        return rc;
    snprintf(rname, sizeof rname, "%s-c2p", bells);
    return mb_ring_attach(parent ? &e->rx : &e->tx, ring_at(map, cap, 1), cap, rname, parent, err);
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
