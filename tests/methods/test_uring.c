/* tests/methods/test_uring.c: the asynchronous io_uring methods (uring, uringdirect) through
 * the runner: every pass verified (checksum, write read-back) for read, write and mix at queue
 * depths 1, 4 and 32, with one and two threads, seq and random, lifetimes pass and case, with
 * and without registered buffers (hint fixed), warm and cold; every request completes exactly
 * once (the run's progress counts them); the queue itself on a short read at the end of the
 * file and after an error with requests in flight; queue depths out of range refused. Skips,
 * saying why, where io_uring is not built or the kernel refuses a ring. */
#include "testutil.h"

#include "core/content.h"
#include "core/datafile.h"
#include "run/runner.h"

#define FILE_SIZE (1024u * 1024u + 8u * 4096u) /* not a multiple of the 64K block */

struct fixture {
    char dir[512];
    struct mb_datafile df;
    char why[600]; /* non-empty: io_uring cannot run here, and why */
};

/* Why io_uring cannot run here ("" if it can): the method is not built, or the kernel refuses
 * a ring of one entry over the file. */
static void probe(struct fixture *fx)
{
    const struct mb_method *m = NULL;
    struct mb_err err;
    fx->why[0] = '\0';
    if (mb_method_find("uring", &m, &err) != 0 || m->unsupported) {
        snprintf(fx->why, sizeof fx->why, "%s", m ? m->unsupported : err.msg);
        return;
    }
    void *state = calloc(1, m->state_size), *queue = calloc(1, m->queue_size);
    void *buf = mb_os_alloc_touched(mb_os_page_size(), 4096);
    assert_true(state && queue && buf);
    struct mb_open_args a = {fx->df.path, fx->df.size, MB_ACCESS_READ, MB_HINT_NONE, false, 0};
    MB_ASSERT_OK(m->open(state, &a, &err), err);
    void *bufs[1] = {buf};
    int rc = m->queue_open(state, queue, 1, bufs, 4096, MB_HINT_NONE, &err);
    if (rc == MB_E_UNSUPPORTED)
        snprintf(fx->why, sizeof fx->why, "%s", err.msg);
    else
        MB_ASSERT_OK(rc, err);
    if (rc == 0)
        m->queue_close(queue);
    MB_ASSERT_OK(m->close(state, &err), err);
    mb_os_free_aligned(buf);
    free(queue);
    free(state);
}

static int setup(void **state)
{
    static struct fixture fx; /* cmocka state: one fixture for the group */
    struct mb_err err;
    mb_test_dir("uring", fx.dir, sizeof fx.dir);
    if (mb_datafile_ensure(fx.dir, FILE_SIZE, &fx.df, &err)) {
        fprintf(stderr, "setup: %s\n", err.msg);
        return -1;
    }
    probe(&fx);
    *state = &fx;
    return 0;
}

/* Skips the test (printing why) where io_uring cannot run. */
#define SKIP_WITHOUT_URING(fx)                                                                     \
    do {                                                                                           \
        if ((fx)->why[0]) {                                                                        \
            printf("skipped: io_uring unavailable: %s\n", (fx)->why);                              \
            skip();                                                                                \
        }                                                                                          \
    } while (0)

/* What one case of the matrix is. */
struct ucase {
    const char *method, *pattern, *op;
    uint64_t bs;
    unsigned threads, qd;
    enum mb_lifetime life;
    enum mb_hint hint;
    enum mb_cache_state cache;
};

static struct mb_case_spec spec_of(const struct mb_datafile *df, const struct ucase *u)
{
    struct mb_case_spec c;
    struct mb_err err;
    memset(&c, 0, sizeof c);
    MB_ASSERT_OK(mb_method_find(u->method, &c.method, &err), err);
    MB_ASSERT_OK(mb_pattern_parse(u->pattern, &c.pattern, &err), err);
    MB_ASSERT_OK(mb_op_parse(u->op, &c.op, &err), err);
    c.size = df->size;
    c.bs = u->bs;
    c.threads = u->threads;
    c.queue_depth = u->qd;
    c.lifetime = u->life;
    c.hint = u->hint;
    c.cache = u->cache;
    return c;
}

/* Runs 3 verified passes of the case: each sums to what the file implies (the whole file's
 * checksum for a whole pass), cold passes start cold, and the run's progress counts every
 * request once. */
static void run_ucase(const struct mb_datafile *df, const struct ucase *u)
{
    struct mb_case_spec c = spec_of(df, u);
    struct mb_err err;
    char name[256];
    mb_case_name(&c, name, sizeof name);
    MB_ASSERT_OK(mb_case_check(&c, &err), err);
    struct mb_run *run;
    struct mb_run_opts opts = {.latency = true};
    MB_ASSERT_OK(mb_run_create(&run, &c, df, &opts, &err), err);
    uint64_t requests = 0, bytes = 0;
    for (int pass = 0; pass < 3; pass++) {
        struct mb_pass_result res;
        int rc = mb_run_pass(run, &res, &err);
        if (rc)
            fail_msg("%s pass %d: %s (%s)", name, pass, err.msg, mb_code_name(rc));
        assert_true(res.sum == res.expected);
        assert_true(res.requests > 0 && res.bytes > 0);
        if (res.pass_fraction == 1.0) {
            assert_true(res.sum == df->checksum);
            assert_true(res.bytes == df->size);
        }
        if (u->cache == MB_CACHE_COLD &&
            mb_cache_residency_resolve(df->path, MB_RESIDENCY_AUTO) != MB_RESIDENCY_NONE)
            assert_true(res.resident_before >= 0 && res.resident_before <= MB_CACHE_COLD_TOLERANCE);
        requests += res.requests;
        bytes += res.bytes;
    }
    uint64_t done_bytes, done_requests;
    mb_run_progress(run, &done_bytes, &done_requests);
    if (done_requests != requests || done_bytes != bytes)
        fail_msg("%s: %llu requests of %llu bytes completed, %llu of %llu issued", name,
                 (unsigned long long)done_requests, (unsigned long long)done_bytes,
                 (unsigned long long)requests, (unsigned long long)bytes);
    double p50, p99;
    assert_true(mb_run_latency(run, &p50, &p99));
    assert_true(p50 > 0 && p99 >= p50);
    mb_run_destroy(run);
}

/* The file still holds content of its checksum (after all the writes). */
static void assert_file_verifies(const struct mb_datafile *df)
{
    mb_fh fh;
    struct mb_err err;
    unsigned char *buf = malloc(FILE_SIZE);
    assert_non_null(buf);
    MB_ASSERT_OK(mb_file_open_read(df->path, &fh, &err), err);
    MB_ASSERT_OK(mb_file_read_at(fh, 0, buf, FILE_SIZE, &err), err);
    mb_file_close(fh, NULL);
    assert_true(mb_consume(buf, FILE_SIZE) == df->checksum);
    free(buf);
}

/* The warm matrix of one method. */
static void matrix(const struct fixture *fx, const char *method)
{
    const char *ops[] = {"read", "write", "mix:70"};
    const char *patterns[] = {"seq", "random"};
    const unsigned qds[] = {1, 4, 32};
    const uint64_t bss[] = {4096, 65536};
    const enum mb_hint hints[] = {MB_HINT_NONE, MB_HINT_FIXED};
    for (size_t o = 0; o < 3; o++)
        for (size_t p = 0; p < 2; p++)
            for (size_t q = 0; q < 3; q++)
                for (unsigned t = 1; t <= 2; t++)
                    for (int l = 0; l < 2; l++)
                        for (size_t h = 0; h < 2; h++)
                            for (size_t b = 0; b < 2; b++) {
                                struct ucase u = {method,
                                                  patterns[p],
                                                  ops[o],
                                                  bss[b],
                                                  t,
                                                  qds[q],
                                                  l ? MB_LIFETIME_CASE : MB_LIFETIME_PASS,
                                                  hints[h],
                                                  MB_CACHE_WARM};
                                run_ucase(&fx->df, &u);
                            }
    /* durable writes and the fadvise hints of the buffered method */
    struct ucase u = {method, "random",         "write:sync",  4096,         2,
                      8,      MB_LIFETIME_PASS, MB_HINT_FIXED, MB_CACHE_WARM};
    run_ucase(&fx->df, &u);
    assert_file_verifies(&fx->df);
}

static void test_uring_matrix(void **state)
{
    struct fixture *fx = *state;
    SKIP_WITHOUT_URING(fx);
    matrix(fx, "uring");
    const enum mb_hint hints[] = {MB_HINT_SEQ, MB_HINT_RANDOM, MB_HINT_WILLNEED};
    for (size_t h = 0; h < 3; h++) {
        struct ucase u = {"uring", "random",         "read",   4096,         1,
                          16,      MB_LIFETIME_PASS, hints[h], MB_CACHE_WARM};
        run_ucase(&fx->df, &u);
    }
}

static void test_uringdirect_matrix(void **state)
{
    struct fixture *fx = *state;
    SKIP_WITHOUT_URING(fx);
    matrix(fx, "uringdirect");
}

/* Cold passes (verified evicted before each), both lifetimes: uringdirect at every depth,
 * buffered uring at two. */
static void test_cold(void **state)
{
    struct fixture *fx = *state;
    SKIP_WITHOUT_URING(fx);
    const char *ops[] = {"read", "write", "mix:50"};
    const unsigned qds[] = {1, 4, 32};
    for (size_t o = 0; o < 3; o++)
        for (size_t q = 0; q < 3; q++)
            for (int l = 0; l < 2; l++) {
                enum mb_lifetime life = l ? MB_LIFETIME_CASE : MB_LIFETIME_PASS;
                struct ucase d = {"uringdirect", "random", ops[o],        4096,         2,
                                  qds[q],        life,     MB_HINT_FIXED, MB_CACHE_COLD};
                run_ucase(&fx->df, &d);
                struct ucase b = {"uring", "seq", ops[o],       65536,        1,
                                  qds[q],  life,  MB_HINT_NONE, MB_CACHE_COLD};
                run_ucase(&fx->df, &b);
            }
    /* more requests than one slice: successive slices, each verified */
    struct ucase s = {"uringdirect",    "random",     "read",       512, 1, 32,
                      MB_LIFETIME_CASE, MB_HINT_NONE, MB_CACHE_COLD};
    run_ucase(&fx->df, &s);
}

/* An open method state and one queue of `depth` slots of buflen bytes over the fixture's file
 * (opened for reading). */
struct qfix {
    const struct mb_method *m;
    void *state, *queue;
    void *bufs[8];
    size_t buflen;
};

static void qfix_open(struct qfix *f, const struct fixture *fx, const char *method, unsigned depth,
                      size_t buflen, enum mb_hint hint)
{
    struct mb_err err;
    memset(f, 0, sizeof *f);
    MB_ASSERT_OK(mb_method_find(method, &f->m, &err), err);
    f->state = calloc(1, f->m->state_size);
    f->queue = calloc(1, f->m->queue_size);
    assert_true(f->state && f->queue && depth <= 8);
    f->buflen = buflen;
    for (unsigned k = 0; k < depth; k++)
        assert_non_null(f->bufs[k] = mb_os_alloc_touched(mb_os_page_size(), buflen));
    struct mb_open_args a = {fx->df.path, fx->df.size, MB_ACCESS_READ, MB_HINT_NONE, false, 0};
    MB_ASSERT_OK(f->m->open(f->state, &a, &err), err);
    MB_ASSERT_OK(f->m->queue_open(f->state, f->queue, depth, f->bufs, buflen, hint, &err), err);
}

static void qfix_close(struct qfix *f)
{
    struct mb_err err;
    f->m->queue_close(f->queue);
    MB_ASSERT_OK(f->m->close(f->state, &err), err);
    for (unsigned k = 0; k < 8; k++)
        mb_os_free_aligned(f->bufs[k]);
    free(f->queue);
    free(f->state);
}

/* A read that runs past the end of the file completes short, is resubmitted for its rest, and
 * then meets the end: MB_E_CHANGED naming the operation; the queue stays usable. Waiting with
 * nothing in flight is refused. */
static void test_queue_eof(void **state)
{
    struct fixture *fx = *state;
    SKIP_WITHOUT_URING(fx);
    const char *methods[] = {"uring", "uringdirect"};
    const enum mb_hint hints[] = {MB_HINT_NONE, MB_HINT_FIXED};
    for (size_t mi = 0; mi < 2; mi++)
        for (size_t h = 0; h < 2; h++) {
            struct qfix f;
            struct mb_err err;
            unsigned slot = 99;
            qfix_open(&f, fx, methods[mi], 2, 8192, hints[h]);
            assert_int_equal(f.m->queue_wait(f.queue, &slot, &err), MB_E_USAGE);
            MB_ASSERT_OK(f.m->queue_submit(f.queue, 1, false, FILE_SIZE - 4096, 8192, &err), err);
            assert_int_equal(f.m->queue_wait(f.queue, &slot, &err), MB_E_CHANGED);
            MB_ASSERT_HAS(err.call, "IORING_OP_READ");
            if (hints[h] == MB_HINT_FIXED)
                MB_ASSERT_HAS(err.call, "FIXED");
            /* the slot is free again; a whole read of the last 8K sums to the file's bytes */
            MB_ASSERT_OK(f.m->queue_submit(f.queue, 1, false, FILE_SIZE - 8192, 8192, &err), err);
            MB_ASSERT_OK(f.m->queue_wait(f.queue, &slot, &err), err);
            assert_int_equal(slot, 1);
            assert_true(mb_consume(f.bufs[1], 8192) ==
                        mb_content_range_sum(fx->df.seed, FILE_SIZE - 8192, 8192));
            qfix_close(&f);
        }
}

/* After an error the queue closes safely with requests still in flight (queued or in the
 * kernel): the rest of the slots are abandoned, nothing is reaped twice. */
static void test_queue_abandon(void **state)
{
    struct fixture *fx = *state;
    SKIP_WITHOUT_URING(fx);
    const char *methods[] = {"uring", "uringdirect"};
    for (size_t mi = 0; mi < 2; mi++) {
        struct qfix f;
        struct mb_err err;
        unsigned slot;
        qfix_open(&f, fx, methods[mi], 8, 4096, MB_HINT_NONE);
        /* slot 0 reads past the end; 1..7 are whole reads */
        MB_ASSERT_OK(f.m->queue_submit(f.queue, 0, false, FILE_SIZE, 4096, &err), err);
        for (unsigned k = 1; k < 8; k++)
            MB_ASSERT_OK(f.m->queue_submit(f.queue, k, false, (uint64_t)k * 4096, 4096, &err), err);
        assert_int_equal(f.m->queue_submit(f.queue, 3, false, 0, 4096, &err), MB_E_USAGE);
        int rc;
        unsigned ok = 0;
        while ((rc = f.m->queue_wait(f.queue, &slot, &err)) == 0)
            ok++;
        assert_int_equal(rc, MB_E_CHANGED);
        assert_true(ok < 8);
        qfix_close(&f);
        /* closing with requests in the kernel (all sent, one reaped), and with requests queued
         * but never sent */
        for (int sent = 1; sent >= 0; sent--) {
            qfix_open(&f, fx, methods[mi], 8, 4096, MB_HINT_FIXED);
            for (unsigned k = 0; k < 8; k++)
                MB_ASSERT_OK(f.m->queue_submit(f.queue, k, false, (uint64_t)k * 4096, 4096, &err),
                             err);
            if (sent)
                MB_ASSERT_OK(f.m->queue_wait(f.queue, &slot, &err), err);
            qfix_close(&f);
        }
    }
}

/* Queue depths out of range are refused by the case check (an asynchronous method needs 1 to
 * MB_QUEUE_DEPTH_MAX; others none), also where io_uring is not built (a copy of the table
 * marked supported stands in). */
static void test_depth_refused(void **state)
{
    struct fixture *fx = *state;
    const char *methods[] = {"uring", "uringdirect"};
    for (size_t mi = 0; mi < 2; mi++) {
        struct ucase u = {methods[mi],      "seq",        "read",       4096, 1, 1,
                          MB_LIFETIME_PASS, MB_HINT_NONE, MB_CACHE_WARM};
        struct mb_case_spec c = spec_of(&fx->df, &u);
        struct mb_method supported = *c.method;
        supported.unsupported = NULL;
        c.method = &supported;
        struct mb_err err;
        MB_ASSERT_OK(mb_case_check(&c, &err), err);
        c.queue_depth = MB_QUEUE_DEPTH_MAX;
        MB_ASSERT_OK(mb_case_check(&c, &err), err);
        c.queue_depth = 0;
        assert_int_equal(mb_case_check(&c, &err), MB_E_USAGE);
        MB_ASSERT_HAS(err.msg, "queue depth");
        c.queue_depth = MB_QUEUE_DEPTH_MAX + 1;
        assert_int_equal(mb_case_check(&c, &err), MB_E_USAGE);
        MB_ASSERT_HAS(err.msg, "queue depth");
        /* hint fixed is for asynchronous methods only, and a synchronous one takes no depth */
        c.queue_depth = 4;
        c.hint = MB_HINT_FIXED;
        MB_ASSERT_OK(mb_case_check(&c, &err), err);
        MB_ASSERT_OK(mb_method_find("prw", &c.method, &err), err);
        c.queue_depth = 0;
        assert_int_equal(mb_case_check(&c, &err), MB_E_USAGE);
        MB_ASSERT_HAS(err.msg, "fixed");
        c.hint = MB_HINT_NONE;
        MB_ASSERT_OK(mb_case_check(&c, &err), err);
        c.queue_depth = 1;
        assert_int_equal(mb_case_check(&c, &err), MB_E_USAGE);
        MB_ASSERT_HAS(err.msg, "queue depth");
    }
    /* the direct method takes no fadvise hint, the buffered one does */
    const struct mb_method *m;
    struct mb_err err;
    MB_ASSERT_OK(mb_method_find("uringdirect", &m, &err), err);
    assert_false(mb_method_accepts_hint(m, MB_HINT_RANDOM));
    assert_true(mb_method_accepts_hint(m, MB_HINT_FIXED));
    MB_ASSERT_OK(mb_method_find("uring", &m, &err), err);
    assert_true(mb_method_accepts_hint(m, MB_HINT_RANDOM));
    assert_false(mb_method_accepts_hint(m, MB_HINT_POPULATE));
    assert_true(m->caps & MB_CAP_ASYNC);
}

int main(void)
{
    return MB_TEST_RUN_WITH(setup, NULL, cmocka_unit_test(test_depth_refused),
                            cmocka_unit_test(test_queue_eof), cmocka_unit_test(test_queue_abandon),
                            cmocka_unit_test(test_uring_matrix),
                            cmocka_unit_test(test_uringdirect_matrix), cmocka_unit_test(test_cold));
}
