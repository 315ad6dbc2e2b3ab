/* ring_msgs.h: the numbered messages the ring tests (test_ring.c, test_ring_threads.c) send
 * through an SPSC ring: message i has a length derived from i (8..3007 bytes), starts with i
 * and continues with bytes derived from i and their offset, so the receiver can check order,
 * length and content. Test-only helpers (static, with cmocka asserts). */
#ifndef MB_TEST_RING_MSGS_H
#define MB_TEST_RING_MSGS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ipc/ring.h"

/* The length of message i. */
static inline size_t ring_msg_len(uint64_t i)
{
    return 8 + (size_t)(i * 2654435761u % 3000);
}

/* Byte k of message seq (past its 8-byte number). */
static inline unsigned char ring_msg_byte(uint64_t seq, size_t k)
{
    return (unsigned char)(seq * 31u + k * 7u);
}

/* Sends message i (blocking, no peer watch); 0 or the reserve's code. */
static inline int ring_msg_send(struct mb_ring *r, uint64_t i, struct mb_err *err)
{
    size_t len = ring_msg_len(i);
    void *w;
    int rc = mb_ring_reserve(r, len, &w, NULL, err);
    if (rc)
        return rc;
    memcpy(w, &i, 8);
    for (size_t k = 8; k < len; k++)
        ((unsigned char *)w)[k] = ring_msg_byte(i, k);
    mb_ring_commit(r);
    return 0;
}

/* Receives the next message (blocking) and asserts it is message i, whole. */
static inline void ring_msg_expect(struct mb_ring *r, uint64_t i)
{
    struct mb_err err;
    const void *p;
    size_t len;
    assert_int_equal(mb_ring_peek(r, &p, &len, NULL, &err), 0);
    uint64_t seq;
    memcpy(&seq, p, 8);
    assert_int_equal(seq, i); /* in order, none lost or repeated */
    assert_int_equal(len, ring_msg_len(i));
    for (size_t k = 8; k < len; k++)
        if (((const unsigned char *)p)[k] != ring_msg_byte(i, k))
            fail_msg("message %llu: byte %llu differs", (unsigned long long)i,
                     (unsigned long long)k);
    mb_ring_release(r);
}

#endif
