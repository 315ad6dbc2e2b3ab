/* test_ring_threads.c: portable tests of the SPSC ring (src/ipc/ring.c) with the platform's
 * bells (futex on Linux, named events on Windows): wraparound in one thread, a producer and a
 * consumer thread on a small ring so that both sides sleep and wake each other (ordering and
 * content checked), and a blocked reader failing after the stall timeout. Runs under wine;
 * the cross-process cases are in the POSIX-only test_ring.c. */
#include "testutil.h"

#include <pthread.h>

#include "ipc/ipc.h"
#include "ipc/proc.h"
#include "os/os.h"
#include "ipc/ring.h"
#include "ring_msgs.h"

/* A ring of `cap` bytes in private memory, both ends attached, bells named uniquely. */
struct pair {
    void *mem;
    struct mb_ring prod, cons;
};

static void pair_open(struct pair *p, uint64_t cap, const char *tag)
{
    p->mem = mb_os_alloc_aligned(4096, mb_ring_footprint(cap));
    assert_non_null(p->mem);
    mb_ring_format(p->mem, cap);
    char name[128];
    snprintf(name, sizeof name, "Local\\mapbench-test-ring-%llu-%s",
             (unsigned long long)mb_ipc_self_id(), tag);
    struct mb_err err;
    assert_int_equal(mb_ring_attach(&p->prod, p->mem, cap, name, true, &err), 0);
    assert_int_equal(mb_ring_attach(&p->cons, p->mem, cap, name, false, &err), 0);
}

static void pair_close(struct pair *p)
{
    mb_ring_detach(&p->prod);
    mb_ring_detach(&p->cons);
    mb_os_free_aligned(p->mem);
}

static void test_wraparound(void **state)
{
    (void)state;
    struct pair p;
    pair_open(&p, 16384, "wrap"); /* every message is shorter than the space a pad leaves */
    struct mb_err err;
    for (uint64_t i = 0; i < 5000; i++) {
        size_t len = ring_msg_len(i);
        void *w;
        assert_int_equal(mb_ring_try_reserve(&p.prod, len, &w, &err), 0);
        for (size_t k = 0; k < len; k++)
            ((unsigned char *)w)[k] = ring_msg_byte(i, k);
        mb_ring_commit(&p.prod);
        const void *r;
        size_t got;
        assert_int_equal(mb_ring_try_peek(&p.cons, &r, &got, &err), 0);
        assert_int_equal(got, len);
        for (size_t k = 0; k < len; k++)
            assert_int_equal(((const unsigned char *)r)[k], ring_msg_byte(i, k));
        mb_ring_release(&p.cons);
    }
    assert_true(p.prod.pos > 100 * 16384); /* wrapped many times */
    pair_close(&p);
}

#define N_MSGS 20000u

static void *producer(void *arg)
{
    struct pair *p = arg;
    struct mb_err err;
    for (uint64_t i = 0; i < N_MSGS; i++)
        if (ring_msg_send(&p->prod, i, &err))
            return (void *)1;
    return NULL;
}

static void test_two_threads(void **state)
{
    (void)state;
    struct pair p;
    pair_open(&p, 8192, "threads");
    p.prod.spin_ns = p.cons.spin_ns = 0; /* sleep at once: exercise the bells */
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, producer, &p), 0);
    for (uint64_t i = 0; i < N_MSGS; i++)
        ring_msg_expect(&p.cons, i);
    void *rc;
    assert_int_equal(pthread_join(t, &rc), 0);
    assert_null(rc);
    pair_close(&p);
}

static void test_stall_timeout(void **state)
{
    (void)state;
    struct pair p;
    pair_open(&p, 4096, "stall");
    struct mb_ipc_peer peer = {.check = NULL, .ctx = NULL, .poll_ms = 10, .stall_ms = 100};
    struct mb_err err;
    const void *r;
    size_t len;
    uint64_t t0 = mb_os_now_ns();
    assert_true(mb_ring_peek(&p.cons, &r, &len, &peer, &err) < 0);
    assert_non_null(strstr(err.msg, "no progress"));
    assert_true((double)(mb_os_now_ns() - t0) * 1e-9 < 5.0);
    pair_close(&p);
}

MB_TEST_MAIN(cmocka_unit_test(test_wraparound), cmocka_unit_test(test_two_threads),
             cmocka_unit_test(test_stall_timeout))
