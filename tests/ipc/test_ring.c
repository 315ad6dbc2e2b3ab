/* test_ring.c: unit tests of the shared-memory SPSC ring (src/ipc/ring.c): empty/full,
 * wraparound, messages larger than half the ring, ordering and content across two processes,
 * and a blocked reader noticing a dead writer in bounded time. */
#include "testutil.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ipc/ipc.h"
#include "os/os.h"
#include "ipc/ring.h"
#include "ring_msgs.h"

/* A ring of `cap` bytes in a shared anonymous mapping (survives fork), both ends attached. */
struct pair {
    void *mem;
    size_t len;
    struct mb_ring prod, cons;
};

static void pair_open(struct pair *p, uint64_t cap)
{
    p->len = mb_ring_footprint(cap);
    p->mem = mmap(NULL, p->len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    assert_true(p->mem != MAP_FAILED);
    mb_ring_format(p->mem, cap);
    struct mb_err err;
    assert_int_equal(mb_ring_attach(&p->prod, p->mem, cap, "t", true, &err), 0);
    assert_int_equal(mb_ring_attach(&p->cons, p->mem, cap, "t", false, &err), 0);
}

static void pair_close(struct pair *p)
{
    mb_ring_detach(&p->prod);
    mb_ring_detach(&p->cons);
    munmap(p->mem, p->len);
}

static void fill(unsigned char *d, size_t len, uint64_t seq)
{
    for (size_t i = 0; i < len; i++)
        d[i] = (unsigned char)(seq * 31u + i * 7u);
}

static int same(const unsigned char *d, size_t len, uint64_t seq)
{
    for (size_t i = 0; i < len; i++)
        if (d[i] != (unsigned char)(seq * 31u + i * 7u))
            return 0;
    return 1;
}

static void push(struct pair *p, size_t len, uint64_t seq)
{
    struct mb_err err;
    void *w;
    assert_int_equal(mb_ring_try_reserve(&p->prod, len, &w, &err), 0);
    unsigned char *data = (unsigned char *)p->mem + MB_RING_CTRL;
    assert_true((unsigned char *)w >= data + MB_RING_REC_HDR);
    assert_true((unsigned char *)w + len <= data + p->prod.cap); /* contiguous, in the ring */
    fill(w, len, seq);
    mb_ring_commit(&p->prod);
}

static void pop(struct pair *p, size_t len, uint64_t seq)
{
    struct mb_err err;
    const void *r;
    size_t got;
    assert_int_equal(mb_ring_try_peek(&p->cons, &r, &got, &err), 0);
    assert_int_equal(got, len);
    assert_true(same(r, len, seq));
    mb_ring_release(&p->cons);
}

static void test_empty_and_full(void **state)
{
    (void)state;
    struct pair p;
    pair_open(&p, 4096);
    struct mb_err err;
    const void *r;
    size_t got;
    void *w;
    assert_int_equal(mb_ring_try_peek(&p.cons, &r, &got, &err), 1); /* empty */
    /* 120-byte messages take 128-byte records: exactly 32 fit in 4096 bytes */
    int n = 0;
    while (mb_ring_try_reserve(&p.prod, 120, &w, &err) == 0) {
        fill(w, 120, (uint64_t)n);
        mb_ring_commit(&p.prod);
        n++;
        assert_true(n <= 32);
    }
    assert_int_equal(n, 32);
    assert_int_equal(mb_ring_try_reserve(&p.prod, 120, &w, &err), 1); /* full */
    pop(&p, 120, 0);
    push(&p, 120, 32); /* room again after one release */
    for (int i = 1; i <= 32; i++)
        pop(&p, 120, (uint64_t)i);
    assert_int_equal(mb_ring_try_peek(&p.cons, &r, &got, &err), 1);
    pair_close(&p);
}

static void test_wraparound(void **state)
{
    (void)state;
    struct pair p;
    pair_open(&p, 4096);
    /* sizes that do not divide the ring: records straddle the end and get padded */
    uint64_t seq_w = 0, seq_r = 0;
    size_t sizes[] = {1, 100, 333, 1000, 7, 2040, 64};
    for (int round = 0; round < 2000; round++) {
        size_t len = sizes[round % 7];
        push(&p, len, seq_w++);
        if (round % 3 == 2) { /* let up to three messages queue up */
            while (seq_r < seq_w)
                pop(&p, sizes[seq_r % 7], seq_r), seq_r++;
        }
    }
    while (seq_r < seq_w)
        pop(&p, sizes[seq_r % 7], seq_r), seq_r++;
    assert_true(p.prod.pos > 100 * 4096); /* wrapped many times */
    pair_close(&p);
}

static void test_larger_than_half(void **state)
{
    (void)state;
    struct pair p;
    pair_open(&p, 4096);
    struct mb_err err;
    void *w;
    push(&p, 3000, 1);
    /* a second 3000-byte message needs the ring to be empty first */
    assert_int_equal(mb_ring_try_reserve(&p.prod, 3000, &w, &err), 1);
    pop(&p, 3000, 1);
    push(&p, 3000, 2); /* wrapped to offset 0 behind a pad record */
    pop(&p, 3000, 2);
    /* the largest message is the ring minus its record header: it needs offset 0, so the
     * producer publishes a pad and waits until the consumer has skipped it */
    const void *r;
    size_t got;
    assert_int_equal(mb_ring_try_reserve(&p.prod, mb_ring_max_msg(4096), &w, &err), 1);
    assert_int_equal(mb_ring_try_peek(&p.cons, &r, &got, &err), 1); /* skips the pad: empty */
    push(&p, mb_ring_max_msg(4096), 3);
    pop(&p, mb_ring_max_msg(4096), 3);
    /* one byte more is an error, not a wait */
    assert_true(mb_ring_try_reserve(&p.prod, mb_ring_max_msg(4096) + 1, &w, &err) < 0);
    assert_int_equal(err.code, MB_E_USAGE);
    pair_close(&p);
}

static void test_two_processes(void **state)
{
    (void)state;
    struct pair p;
    pair_open(&p, 8192);
    const uint64_t n = 50000;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct mb_err err;
        for (uint64_t i = 0; i < n; i++)
            if (ring_msg_send(&p.prod, i, &err))
                _exit(2);
        _exit(0);
    }
    for (uint64_t i = 0; i < n; i++)
        ring_msg_expect(&p.cons, i);
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    pair_close(&p);
}

struct watch {
    pid_t pid;
    int checks;
};

static int watch_check(void *ctx, struct mb_err *err)
{
    struct watch *w = ctx;
    w->checks++;
    int st;
    if (waitpid(w->pid, &st, WNOHANG) == w->pid)
        return mb_err_set(err, MB_E_IO, 0, NULL, "writer died");
    return 0;
}

static void test_dead_writer_noticed(void **state)
{
    (void)state;
    struct pair p;
    pair_open(&p, 4096);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        usleep(100000);
        kill(getpid(), SIGKILL); /* dies without writing */
    }
    struct watch w = {pid, 0};
    struct mb_ipc_peer peer = {.check = watch_check, .ctx = &w, .poll_ms = 20, .stall_ms = 0};
    struct mb_err err;
    const void *r;
    size_t len;
    uint64_t t0 = mb_os_now_ns();
    assert_true(mb_ring_peek(&p.cons, &r, &len, &peer, &err) < 0);
    double secs = (double)(mb_os_now_ns() - t0) * 1e-9;
    assert_true(secs < 2.0);
    assert_true(w.checks >= 1);
    assert_non_null(strstr(err.msg, "writer died"));
    pair_close(&p);
}

static void test_stall_timeout(void **state)
{
    (void)state;
    struct pair p;
    pair_open(&p, 4096);
    struct mb_ipc_peer peer = {.check = NULL, .ctx = NULL, .poll_ms = 10, .stall_ms = 100};
    struct mb_err err;
    const void *r;
    size_t len;
    assert_true(mb_ring_peek(&p.cons, &r, &len, &peer, &err) < 0);
    assert_non_null(strstr(err.msg, "no progress"));
    pair_close(&p);
}

MB_TEST_MAIN(cmocka_unit_test(test_empty_and_full), cmocka_unit_test(test_wraparound),
             cmocka_unit_test(test_larger_than_half), cmocka_unit_test(test_two_processes),
             cmocka_unit_test(test_dead_writer_noticed), cmocka_unit_test(test_stall_timeout))
