/* ring.h: a single-producer single-consumer ring of variable-length records in shared memory
 * (any mapping both processes see: shm_open, a mapped file, CreateFileMapping). Records are
 * contiguous (a record that would straddle the end is preceded by a pad record and starts at
 * offset 0), so the producer writes a message in place and the consumer reads it in place:
 * zero copy. head/tail are free-running byte counters published with release/acquire; a side
 * that finds the ring empty/full spins briefly, then sleeps on a bell (futex) with a Dekker
 * handshake (waiting flag + seq_cst fences) so a wake-up is never lost. See docs/ipc.md. */
#ifndef MB_RING_H
#define MB_RING_H

#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipc/wait.h"
#include "core/err.h"

/* Bytes of the shared control block in front of each ring's data (keeps data page-aligned). */
#define MB_RING_CTRL 4096u
/* Bytes of the header in front of each record. */
#define MB_RING_REC_HDR 8u

/* The shared control block (lives in the mapping). Each hot field has its own cache line. */
struct mb_ring_shared {
    uint64_t magic;
    uint64_t cap;
    alignas(64) _Atomic uint64_t head; /* bytes published by the producer */
    alignas(64) _Atomic uint64_t tail; /* bytes released by the consumer */
    alignas(64) _Atomic uint32_t data_ev;
    _Atomic uint32_t consumer_waiting;
    alignas(64) _Atomic uint32_t space_ev;
    _Atomic uint32_t producer_waiting;
};

/* One process's end of a ring. */
struct mb_ring {
    struct mb_ring_shared *sh;
    unsigned char *data;
    uint64_t cap;
    uint64_t pos;     /* producer: bytes written; consumer: bytes read */
    uint64_t cached;  /* producer: last tail seen; consumer: last head seen */
    uint64_t rec;     /* size of the record reserved / peeked */
    uint64_t spin_ns; /* how long to poll before sleeping */
    struct mb_ipc_bell data_bell, space_bell;
};

/* Bytes a ring of `cap` data bytes occupies in a mapping (control block + data). */
size_t mb_ring_footprint(uint64_t cap);

/* Largest message a ring of `cap` bytes carries. */
uint64_t mb_ring_max_msg(uint64_t cap);

/* Checks that `cap` is usable: a multiple of 4096, at least 4096. */
int mb_ring_check_cap(uint64_t cap, struct mb_err *err);

/* Initialises a ring in `mem` (mb_ring_footprint(cap) bytes, 64-byte aligned, zeroed or not).
 * Called once, by the creator, before the other side attaches. */
void mb_ring_format(void *mem, uint64_t cap);

/* Attaches one end to the ring at `mem`; `name` names its bells where the platform needs it.
 * Fails with MB_E_VERIFY if the block is not a formatted ring of `cap` bytes. */
int mb_ring_attach(struct mb_ring *r, void *mem, uint64_t cap, const char *name, bool create,
                   struct mb_err *err);

/* Releases an end's bells. */
void mb_ring_detach(struct mb_ring *r);

/* Producer: reserves room for a `len`-byte message without blocking. Returns 0 with *out
 * pointing at the message bytes in the ring, 1 when the ring has no room yet, or a negative
 * mb_code (the message can never fit). */
int mb_ring_try_reserve(struct mb_ring *r, size_t len, void **out, struct mb_err *err);

/* Producer: as try_reserve, but waits (spin, then sleep watching `peer`) until there is room. */
int mb_ring_reserve(struct mb_ring *r, size_t len, void **out, const struct mb_ipc_peer *peer,
                    struct mb_err *err);

/* Producer: publishes the reserved message (the bytes written through *out before this). */
void mb_ring_commit(struct mb_ring *r);

/* Consumer: the next message without blocking: 0 with *p, *len set, 1 when empty, or a
 * negative mb_code (MB_E_VERIFY: corrupt record header). */
int mb_ring_try_peek(struct mb_ring *r, const void **p, size_t *len, struct mb_err *err);

/* Consumer: as try_peek, but waits (spin, then sleep watching `peer`) until a message arrives. */
int mb_ring_peek(struct mb_ring *r, const void **p, size_t *len, const struct mb_ipc_peer *peer,
                 struct mb_err *err);

/* Consumer: gives the peeked message's space back to the producer. */
void mb_ring_release(struct mb_ring *r);

#endif
