/* run/memcheck.c: the memory check of mapbench-memcheck (see memcheck.h). */
#include "run/memcheck.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "core/datafile.h"
#include "core/order.h"
#include "core/pattern.h"
#include "methods/method.h"
#include "os/os.h"

#define MC_SEED 0x6D656D636865636Bull /* "memcheck" */
#define MC_CHUNK MB_MC_CHUNK
#define MC_PASSES_MAX MB_MC_PASSES_MAX

static double median(const double *v, unsigned n)
{
    double s[MC_PASSES_MAX];
    memcpy(s, v, n * sizeof *v);
    qsort(s, n, sizeof *s, mb_cmp_double);
    return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static double gbps(uint64_t bytes, uint64_t ns)
{
    return ns ? (double)bytes / (double)ns : 0.0;
}

/* A private buffer written from user mode (touched, then filled with generated content). */
static unsigned char *private_buffer(uint64_t size)
{
    unsigned char *p = mb_os_alloc_touched(mb_os_page_size(), (size_t)size);
    if (!p)
        return NULL;
    for (uint64_t off = 0; off < size; off += MC_CHUNK)
        mb_produce(MC_SEED, 0, off, p + off, MC_CHUNK);
    return p;
}

/* The independent reference: the plainest C word sum (whatever the compiler makes of it for
 * the baseline target), no kernel code shared. */
static uint64_t plain_sum(const unsigned char *p, size_t len)
{
    const uint64_t *w = (const uint64_t *)(const void *)p;
    uint64_t s = 0;
    for (size_t i = 0; i < len / 8; i++)
        s += w[i];
    return s;
}

/* The first-touch cost: consume over a fresh buffer the kernel filled by reading `path` (no
 * user-mode write before), first pass and second pass, GB/s. */
static int first_touch(const char *path, uint64_t size, double *first, double *second,
                       struct mb_err *err)
{
    struct mb_file_info info;
    bool exists;
    if (mb_file_stat(path, &exists, &info, err))
        return err->code;
    if (!exists || info.size < size)
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "'%s' is missing or smaller than --size", path);
    unsigned char *buf = mb_os_alloc_aligned(mb_os_page_size(), (size_t)size);
    if (!buf)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "cannot allocate %" PRIu64 " bytes", size);
    mb_fh fh;
    int rc = mb_file_open_read(path, &fh, err);
    for (uint64_t off = 0; !rc && off < size; off += MC_CHUNK)
        rc = mb_file_read_at(fh, off, buf + off, MC_CHUNK, err);
    if (!rc)
        mb_file_close(fh, NULL);
    if (rc) {
        mb_os_free_aligned(buf);
        return rc;
    }
    double g[2];
    uint64_t sums[2];
    for (int p = 0; p < 2; p++) {
        uint64_t t0 = mb_os_now_ns();
        sums[p] = mb_consume(buf, (size_t)size);
        g[p] = gbps(size, mb_os_now_ns() - t0);
    }
    mb_os_free_aligned(buf);
    if (sums[0] != sums[1])
        return mb_err_set(err, MB_E_VERIFY, 0, NULL,
                          "two passes over one buffer summed differently");
    *first = g[0];
    *second = g[1];
    return 0;
}

int mb_memcheck_check(const struct mb_mc_opts *o, struct mb_mc_check *out, struct mb_err *err)
{
    memset(out, 0, sizeof *out);
    unsigned char *buf = private_buffer(o->size);
    unsigned char *dst = mb_os_alloc_touched(mb_os_page_size(), MC_CHUNK);
    if (!buf || !dst) {
        mb_os_free_aligned(buf);
        mb_os_free_aligned(dst);
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "cannot allocate %" PRIu64 " bytes", o->size);
    }
    const uint64_t want = mb_content_range_sum(MC_SEED, 0, o->size);
    double t_consume[MC_PASSES_MAX], t_plain[MC_PASSES_MAX], t_copy[MC_PASSES_MAX];
    volatile uint64_t sink = 0;
    bool ok = true;
    for (unsigned p = 0; p < o->passes; p++) {
        for (unsigned k = 0; k < 3; k++) {
            unsigned which = (k + p) % 3; /* rotate the order so no method always goes first */
            uint64_t t0 = mb_os_now_ns(), s = 0;
            if (which == 0) {
                s = mb_consume(buf, (size_t)o->size);
                ok = ok && s == want;
            } else if (which == 1) {
                s = plain_sum(buf, (size_t)o->size);
                ok = ok && s == want;
            } else {
                for (uint64_t off = 0; off < o->size; off += MC_CHUNK)
                    memcpy(dst, buf + off, MC_CHUNK);
                s = dst[p % MC_CHUNK];
            }
            uint64_t dt = mb_os_now_ns() - t0;
            sink = sink + s;
            double *t = which == 0 ? t_consume : which == 1 ? t_plain : t_copy;
            t[p] = gbps(o->size, dt);
        }
    }
    (void)sink;
    mb_os_free_aligned(buf);
    mb_os_free_aligned(dst);
    if (!ok)
        return mb_err_set(err, MB_E_VERIFY, 0, NULL,
                          "the %s consume kernel or the plain loop summed the buffer wrongly",
                          mb_consume_kernel());
    out->consume_gbps = median(t_consume, o->passes);
    out->plain_gbps = median(t_plain, o->passes);
    out->memcpy_gbps = median(t_copy, o->passes);
    if (o->file)
        return first_touch(o->file, o->size, &out->first_touch_gbps, &out->touched_gbps, err);
    return 0;
}

/* One region the table reads (and for the private buffer, writes). */
struct region {
    const char *name;
    unsigned char *base;
    uint64_t size;
    bool writable;
};

/* One timed pass of `op` over the requests offs[0..n) of bs bytes in region r. */
static uint64_t timed_pass(enum mb_mc_op op, const struct region *r, const uint64_t *offs, size_t n,
                           size_t bs, unsigned char *aux, unsigned gen, uint64_t *ns)
{
    uint64_t s = 0, t0 = mb_os_now_ns();
    switch (op) {
    case MB_MC_CONSUME:
        for (size_t i = 0; i < n; i++)
            s += mb_consume(r->base + offs[i], bs);
        break;
    case MB_MC_COPY_OUT:
        for (size_t i = 0; i < n; i++)
            memcpy(aux, r->base + offs[i], bs);
        s = aux[gen % bs];
        break;
    case MB_MC_PRODUCE:
        for (size_t i = 0; i < n; i++)
            s += mb_produce(MC_SEED, gen, offs[i], r->base + offs[i], bs);
        break;
    case MB_MC_MEMSET:
        for (size_t i = 0; i < n; i++)
            memset(r->base + offs[i], (int)(gen | 1u) & 0xFF, bs);
        s = r->base[offs[0]];
        break;
    case MB_MC_COPY_IN:
        for (size_t i = 0; i < n; i++)
            memcpy(r->base + offs[i], aux, bs);
        s = r->base[offs[0]];
        break;
    default:
        break;
    }
    *ns = mb_os_now_ns() - t0;
    return s;
}

/* Request offsets of one pass over `size` bytes in bs blocks, in pattern order. */
static int make_offsets(const char *order, uint64_t size, size_t bs, uint64_t *offs,
                        struct mb_err *err)
{
    struct mb_pattern_spec spec;
    struct mb_pattern pat;
    uint64_t n = size / bs;
    if (mb_pattern_parse(order, &spec, err) || mb_pattern_init(&pat, &spec, n, MC_SEED, err))
        return err->code;
    for (uint64_t i = 0; i < n; i++)
        offs[i] = mb_pattern_block(&pat, i) * bs;
    return 0;
}

/* Measures one row over one region: every operation it allows, passes interleaved. */
static int measure_row(const struct mb_mc_opts *o, const struct region *rg, size_t bs,
                       const char *order, double gb[MB_MC_OP_COUNT], unsigned char *aux,
                       struct mb_err *err)
{
    size_t n = (size_t)(rg->size / bs);
    int nops = rg->writable ? MB_MC_OP_COUNT : MB_MC_COPY_OUT + 1;
    uint64_t *offs = malloc(n * sizeof *offs);
    if (!offs)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory for request offsets");
    int rc = make_offsets(order, rg->size, bs, offs, err);
    double t[MB_MC_OP_COUNT][MC_PASSES_MAX];
    volatile uint64_t sink = 0;
    for (unsigned p = 0; !rc && p < o->passes; p++)
        for (int k = 0; k < nops; k++) {
            enum mb_mc_op op =
                (enum mb_mc_op)((k + (int)p) % nops); /* rotated: none always runs first */
            uint64_t ns;
            sink = sink + timed_pass(op, rg, offs, n, bs, aux, p + 1, &ns);
            t[op][p] = gbps(n * bs, ns);
        }
    (void)sink;
    for (int op = 0; op < MB_MC_OP_COUNT; op++)
        gb[op] = (!rc && op < nops) ? median(t[op], o->passes) : 0.0;
    free(offs);
    return rc;
}

/* The file, mapped read-only with the project's map method, kept for the whole run and read
 * once (untimed) so every page is resident and mapped before the first timed pass. */
struct file_map {
    void *state;
    bool open;
};

/* The file --file names must be a regular file of a whole number of MiB (>= 1). */
static int check_file(const char *path, struct mb_file_info *info, struct mb_err *err)
{
    bool exists = false;
    if (mb_method_map.unsupported)
        return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL, "map: %s", mb_method_map.unsupported);
    if (mb_file_stat(path, &exists, info, err))
        return err->code;
    if (!exists || !info->regular || info->size < MC_CHUNK || info->size % MC_CHUNK)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "'%s' is not a regular file of a non-zero multiple of 1 MiB", path);
    return 0;
}

static int map_file(const char *path, struct file_map *fm, struct region *r, bool *verified,
                    struct mb_err *err)
{
    const struct mb_method *m = &mb_method_map;
    struct mb_file_info info;
    if (check_file(path, &info, err))
        return err->code;
    fm->state = calloc(1, m->state_size);
    if (!fm->state)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    struct mb_open_args a = {.path = path, .size = info.size, .access = MB_ACCESS_READ};
    if (m->prepare && m->prepare(fm->state, &a, err))
        return err->code;
    if (m->open(fm->state, &a, err))
        return err->code;
    fm->open = true;
    const void *p = m->get(fm->state, 0, (size_t)info.size, NULL, err);
    if (!p)
        return err->code;
    *r = (struct region){.name = "file map", .base = (unsigned char *)p, .size = info.size};
    /* settle: fault every page in, and say whether it holds mapbench content */
    *verified = mb_consume(p, (size_t)info.size) ==
                mb_content_range_sum(mb_datafile_seed(info.size), 0, info.size);
    return 0;
}

static void unmap_file(struct file_map *fm)
{
    if (fm->open)
        mb_method_map.close(fm->state, NULL);
    if (fm->state && mb_method_map.release)
        mb_method_map.release(fm->state);
    free(fm->state);
}

/* The buffer's rows, then (buffer freed) the file's: one 1 GiB working set at a time. With
 * both mapped at once (2 GiB of 4 KiB pages) the private buffer's passes collapsed at random
 * to 1-3 GB/s on the PVM guest, a page-table effect, not the kernels'. */
int mb_memcheck_kernels(const struct mb_mc_opts *o, struct mb_mc_kernels *out, struct mb_err *err)
{
    static const size_t sizes[] = {4096, 16384, 1u << 20};
    static const char *const orders[] = {"seq", "random"};
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < MB_MC_ROWS; i++)
        out->rows[i] = (struct mb_mc_row){.bs = sizes[i / 2], .order = orders[i % 2]};
    struct mb_file_info info;
    if (o->file && check_file(o->file, &info, err))
        return err->code;
    unsigned char *aux = mb_os_alloc_touched(mb_os_page_size(), MC_CHUNK);
    struct region rg = {
        .name = "buffer", .base = private_buffer(o->size), .size = o->size, .writable = true};
    if (!rg.base || !aux) {
        mb_os_free_aligned(rg.base);
        mb_os_free_aligned(aux);
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "cannot allocate %" PRIu64 " bytes", o->size);
    }
    memset(aux, 0x5A, MC_CHUNK);
    int rc = 0;
    for (int i = 0; i < MB_MC_ROWS && !rc; i++)
        rc = measure_row(o, &rg, out->rows[i].bs, out->rows[i].order, out->rows[i].gb[0], aux, err);
    mb_os_free_aligned(rg.base);
    struct file_map fm = {0};
    if (!rc && o->file) {
        rc = map_file(o->file, &fm, &rg, &out->file_verified, err);
        out->file_bytes = rc ? 0 : rg.size;
        for (int i = 0; i < MB_MC_ROWS && !rc; i++)
            rc = measure_row(o, &rg, out->rows[i].bs, out->rows[i].order, out->rows[i].gb[1], aux,
                             err);
    }
    unmap_file(&fm);
    mb_os_free_aligned(aux);
    return rc;
}
