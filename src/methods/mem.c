/* methods/mem.c: the in-memory baseline: the same consume/produce kernels over a private copy
 * of the file loaded before the case (not per pass), so lifetime:case only. It is the upper
 * bound a zero-copy mapping is measured against. Read cases only: it has no cold state and no
 * file to write.
 * The copy is written from user mode before the file is read into it (mb_os_alloc_touched:
 * the old baseline read a copy only the kernel had written, and paid the guest's first-touch
 * cost in every timed pass). */
#include "methods/method.h"

#include "os/os.h"

struct mem_state {
    unsigned char *buf;
    uint64_t size;
};

static int mem_prepare(void *state, const struct mb_open_args *a, struct mb_err *err)
{
    struct mem_state *s = state;
    s->size = a->size;
    s->buf = mb_os_alloc_touched(mb_os_page_size(), (size_t)a->size);
    if (!s->buf)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "cannot allocate %llu bytes for mem",
                          (unsigned long long)a->size);
    mb_fh fh;
    if (mb_file_open_read(a->path, &fh, err)) {
        mb_os_free_aligned(s->buf);
        s->buf = NULL;
        return err->code;
    }
    int rc = mb_file_read_at(fh, 0, s->buf, (size_t)a->size, err);
    mb_file_close(fh, NULL);
    if (rc) {
        mb_os_free_aligned(s->buf);
        s->buf = NULL;
    }
    return rc;
}

static void mem_release(void *state)
{
    struct mem_state *s = state;
    mb_os_free_aligned(s->buf);
    s->buf = NULL;
}

static int mem_nop(void *state, struct mb_err *err)
{
    (void)state, (void)err;
    return 0;
}

static int mem_open(void *state, const struct mb_open_args *a, struct mb_err *err)
{
    (void)state, (void)a, (void)err;
    return 0;
}

static const void *mem_get(void *state, uint64_t off, size_t len, void *buf, struct mb_err *err)
{
    (void)len, (void)buf, (void)err;
    struct mem_state *s = state;
    return s->buf + off;
}

/* read cases only: no put, no drop (the copy is not the file) */
MB_METHOD_DEFINE_PREPARED(
    mem, "private in-memory copy of the file (baseline: the kernels without any file I/O)",
    MB_CAP_THREADS | MB_CAP_CASE_ONLY, 0, struct mem_state, mem_prepare, mem_release, mem_open,
    mem_get, NULL, NULL, mem_nop, mem_nop, NULL);
