/* ring.c: the shared-memory SPSC ring of ring.h (platform-neutral: C11 atomics + bells). */
#include "ipc/ring.h"

#include <stdio.h>
#include <string.h>

#include "os/os.h"

#define RING_MAGIC 0x31676e697262706dull /* "mpbring1" */
#define REC_PAD UINT64_MAX
#define SPIN_NS 20000u /* poll this long before sleeping */

static uint64_t rec_size(size_t len)
{
    return ((uint64_t)len + MB_RING_REC_HDR + 7u) & ~(uint64_t)7u;
}

size_t mb_ring_footprint(uint64_t cap)
{
    return (size_t)(MB_RING_CTRL + cap);
}

uint64_t mb_ring_max_msg(uint64_t cap)
{
    return cap - MB_RING_REC_HDR;
}

int mb_ring_check_cap(uint64_t cap, struct mb_err *err)
{
    if (cap < 4096 || cap % 4096 != 0 || cap > ((uint64_t)1 << 40))
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "bad ring size %llu: must be a multiple of 4096 bytes (4K) up to 1T",
                          (unsigned long long)cap);
    return 0;
}

void mb_ring_format(void *mem, uint64_t cap)
{
    struct mb_ring_shared *sh = mem;
    memset(sh, 0, sizeof *sh);
    sh->cap = cap;
    atomic_init(&sh->head, 0);
    atomic_init(&sh->tail, 0);
    atomic_init(&sh->data_ev, 0);
    atomic_init(&sh->consumer_waiting, 0);
    atomic_init(&sh->space_ev, 0);
    atomic_init(&sh->producer_waiting, 0);
    /* the magic last: an attacher that sees it sees a formatted block */
    atomic_thread_fence(memory_order_release);
    sh->magic = RING_MAGIC;
}

int mb_ring_attach(struct mb_ring *r, void *mem, uint64_t cap, const char *name, bool create,
                   struct mb_err *err)
{
    memset(r, 0, sizeof *r);
    struct mb_ring_shared *sh = mem;
    if (!atomic_is_lock_free(&sh->head) || !atomic_is_lock_free(&sh->data_ev))
        return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL,
                          "64-bit atomics are not lock-free here: they cannot be shared between "
                          "processes");
    atomic_thread_fence(memory_order_acquire);
    if (sh->magic != RING_MAGIC || sh->cap != cap)
        return mb_err_set(err, MB_E_VERIFY, 0, NULL,
                          "ring '%s' is not a formatted %llu-byte mapbench ring", name,
                          (unsigned long long)cap);
    r->sh = sh;
    r->data = (unsigned char *)mem + MB_RING_CTRL;
    r->cap = cap;
    r->spin_ns = SPIN_NS;
    char bell[256];
    snprintf(bell, sizeof bell, "%s-data", name);
    int rc = mb_ipc_bell_open(&r->data_bell, &sh->data_ev, bell, create, err);
    if (rc)
        return rc;
    snprintf(bell, sizeof bell, "%s-space", name);
    rc = mb_ipc_bell_open(&r->space_bell, &sh->space_ev, bell, create, err);
    if (rc) {
        mb_ipc_bell_close(&r->data_bell);
        return rc;
    }
    return 0;
}

void mb_ring_detach(struct mb_ring *r)
{
    if (!r->sh)
        return;
    mb_ipc_bell_close(&r->data_bell);
    mb_ipc_bell_close(&r->space_bell);
    r->sh = NULL;
}

/* Forward declaration: publishing head/tail and waking a sleeper. */
static void publish(_Atomic uint64_t *counter, uint64_t value, _Atomic uint32_t *waiting,
                    struct mb_ipc_bell *bell);

/* True if [pos, pos + bytes) is free, refreshing the cached tail if needed. */
static bool room(struct mb_ring *r, uint64_t bytes)
{
    if (r->pos + bytes - r->cached <= r->cap)
        return true;
    /* acquire: the consumer's reads of that space happened before it released it */
    r->cached = atomic_load_explicit(&r->sh->tail, memory_order_acquire);
    return r->pos + bytes - r->cached <= r->cap;
}

int mb_ring_try_reserve(struct mb_ring *r, size_t len, void **out, struct mb_err *err)
{
    uint64_t need = rec_size(len);
    if (len == 0 || need > r->cap)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "message of %llu bytes does not fit a %llu-byte ring (at most %llu)",
                          (unsigned long long)len, (unsigned long long)r->cap,
                          (unsigned long long)mb_ring_max_msg(r->cap));
    uint64_t off = r->pos % r->cap;
    if (off + need > r->cap) {
        /* the record would straddle the end: publish a pad record up to the end on its own
         * (the record may need the space the pad covers, once the consumer has skipped it) */
        uint64_t pad = r->cap - off;
        if (!room(r, pad))
            return 1;
        uint64_t h = REC_PAD;
        memcpy(r->data + off, &h, sizeof h);
        r->pos += pad;
        publish(&r->sh->head, r->pos, &r->sh->consumer_waiting, &r->data_bell);
    }
    if (!room(r, need))
        return 1;
    uint64_t h = len;
    memcpy(r->data + r->pos % r->cap, &h, sizeof h);
    r->rec = need;
    *out = r->data + r->pos % r->cap + MB_RING_REC_HDR;
    return 0;
}

/* Sleeps on `bell` after announcing it in *waiting, unless `ready` finds work after the
 * announcement (Dekker: store flag; seq_cst fence; re-check -- pairs with the fence in
 * publish()). Returns 0 to retry, or a negative code when the peer check fails / stalls. */
static int sleep_on(struct mb_ring *r, struct mb_ipc_bell *bell, _Atomic uint32_t *waiting,
                    bool (*ready)(struct mb_ring *), const struct mb_ipc_peer *peer,
                    uint64_t *blocked_since, struct mb_err *err)
{
    uint32_t ev = atomic_load_explicit(bell->word, memory_order_acquire);
    atomic_store_explicit(waiting, 1, memory_order_relaxed);
    atomic_thread_fence(memory_order_seq_cst);
    if (ready(r)) {
        atomic_store_explicit(waiting, 0, memory_order_relaxed);
        return 0;
    }
    int poll_ms = peer && peer->poll_ms > 0 ? peer->poll_ms : 100;
    int w = mb_ipc_bell_wait(bell, ev, poll_ms);
    atomic_store_explicit(waiting, 0, memory_order_relaxed);
    if (w == MB_IPC_WOKEN) {
        *blocked_since = 0;
        return 0;
    }
    if (peer && peer->check) {
        int rc = peer->check(peer->ctx, err);
        if (rc)
            return rc;
    }
    uint64_t now = mb_os_now_ns();
    if (*blocked_since == 0)
        *blocked_since = now;
    if (peer && peer->stall_ms > 0 && now - *blocked_since > (uint64_t)peer->stall_ms * 1000000u)
        return mb_err_set(err, MB_E_CHILD, 0, NULL,
                          "the other process made no progress for %d ms (ring %s)", peer->stall_ms,
                          waiting == &r->sh->producer_waiting ? "full" : "empty");
    return 0;
}

/* Wakes the other side if it announced that it sleeps (pairs with sleep_on). */
static void publish(_Atomic uint64_t *counter, uint64_t value, _Atomic uint32_t *waiting,
                    struct mb_ipc_bell *bell)
{
    atomic_store_explicit(counter, value, memory_order_release);
    atomic_thread_fence(memory_order_seq_cst);
    /* the first publisher to see the flag clears it: one wake-up syscall per sleep */
    if (atomic_load_explicit(waiting, memory_order_relaxed) &&
        atomic_exchange_explicit(waiting, 0, memory_order_relaxed)) {
        atomic_fetch_add_explicit(bell->word, 1, memory_order_release);
        mb_ipc_bell_ring(bell);
    }
}

/* The bounded spin before sleeping: true (after a pause) while the spin time lasts; the clock
 * is read every 32 polls. */
static bool spinning(const struct mb_ring *r, unsigned i, uint64_t *until)
{
    if (*until == UINT64_MAX)
        return false;
    if (i % 32 == 0) {
        uint64_t now = mb_os_now_ns();
        if (*until == 0) {
            *until = now + r->spin_ns;
        } else if (now >= *until) {
            *until = UINT64_MAX;
            return false;
        }
    }
    mb_ipc_cpu_relax();
    return true;
}

/* Producer's ready(): room for the record being reserved (or for the pad before it). */
static bool has_room(struct mb_ring *r)
{
    uint64_t off = r->pos % r->cap;
    return room(r, off + r->rec > r->cap ? r->cap - off : r->rec);
}

void mb_ring_commit(struct mb_ring *r)
{
    r->pos += r->rec;
    publish(&r->sh->head, r->pos, &r->sh->consumer_waiting, &r->data_bell);
}

static bool has_data(struct mb_ring *r)
{
    r->cached = atomic_load_explicit(&r->sh->head, memory_order_acquire);
    return r->cached != r->pos;
}

int mb_ring_try_peek(struct mb_ring *r, const void **p, size_t *len, struct mb_err *err)
{
    for (;;) {
        if (r->cached == r->pos) {
            /* acquire: the producer's writes of the record happened before it published it */
            r->cached = atomic_load_explicit(&r->sh->head, memory_order_acquire);
            if (r->cached == r->pos)
                return 1;
        }
        uint64_t off = r->pos % r->cap;
        uint64_t h;
        memcpy(&h, r->data + off, sizeof h);
        if (h == REC_PAD) {
            /* published at once: the producer may be waiting for the pad's space */
            r->pos += r->cap - off;
            publish(&r->sh->tail, r->pos, &r->sh->producer_waiting, &r->space_bell);
            continue;
        }
        if (h == 0 || rec_size(h) > r->cap - off || r->pos + rec_size(h) > r->cached)
            return mb_err_set(err, MB_E_VERIFY, 0, NULL,
                              "corrupt ring record header %llu at ring offset %llu",
                              (unsigned long long)h, (unsigned long long)off);
        r->rec = rec_size(h);
        *len = (size_t)h;
        *p = r->data + off + MB_RING_REC_HDR;
        return 0;
    }
}

/* What a blocking reserve (produce) or peek waits for, and where its result goes. */
struct blocking_op {
    bool produce;
    size_t len;     /* produce: the record's length */
    void **out;     /* produce: where the record goes */
    const void **p; /* peek: the record */
    size_t *plen;   /* peek: its length */
};

/* Tries op until it succeeds or fails: spins for the spin time, then sleeps on the other
 * side's bell, watching the peer. */
static int blocking(struct mb_ring *r, const struct blocking_op *op, const struct mb_ipc_peer *peer,
                    struct mb_err *err)
{
    uint64_t blocked_since = 0, spin_until = 0;
    for (unsigned i = 0;; i++) {
        int rc = op->produce ? mb_ring_try_reserve(r, op->len, op->out, err)
                             : mb_ring_try_peek(r, op->p, op->plen, err);
        if (rc <= 0)
            return rc;
        if (spinning(r, i, &spin_until))
            continue;
        if (op->produce) {
            r->rec = rec_size(op->len);
            rc = sleep_on(r, &r->space_bell, &r->sh->producer_waiting, has_room, peer,
                          &blocked_since, err);
        } else {
            rc = sleep_on(r, &r->data_bell, &r->sh->consumer_waiting, has_data, peer,
                          &blocked_since, err);
        }
        if (rc)
            return rc;
    }
}

int mb_ring_reserve(struct mb_ring *r, size_t len, void **out, const struct mb_ipc_peer *peer,
                    struct mb_err *err)
{
    struct blocking_op op = {.produce = true, .len = len, .out = out};
    return blocking(r, &op, peer, err);
}

int mb_ring_peek(struct mb_ring *r, const void **p, size_t *len, const struct mb_ipc_peer *peer,
                 struct mb_err *err)
{
    struct blocking_op op = {.produce = false, .p = p, .plen = len};
    return blocking(r, &op, peer, err);
}

void mb_ring_release(struct mb_ring *r)
{
    r->pos += r->rec;
    r->rec = 0;
    publish(&r->sh->tail, r->pos, &r->sh->producer_waiting, &r->space_bell);
}
