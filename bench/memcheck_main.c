/* memcheck_main.c: mapbench-memcheck, the memory check behind mapbench's numbers: how fast
 * this machine reads and writes plain memory right now, and whether the consume and produce
 * kernels run at that speed.
 *
 *   mapbench-memcheck --check [--size SIZE] [--passes N] [--file PATH]
 *     one JSON object: the consume kernel, a plain C sum loop (the independent reference) and
 *     memcpy over one private, pre-touched buffer (default 1 GiB), passes interleaved,
 *     medians in GB/s (1e9 bytes/s). With --file, also the cost of a first touch: the consume
 *     kernel's first pass over a fresh buffer that only the kernel has written (the file read
 *     into it, as the old mem baseline was filled) and its second pass.
 *   mapbench-memcheck --kernels [--size SIZE] [--file PATH] [--passes N] [--json]
 *     the kernel table: 4K, 16K and 1M requests in seq and random order over the private
 *     buffer (consume vs memcpy out; produce vs memset and vs memcpy in, into the buffer) and,
 *     with --file, over a read-only mapping of that file kept for the whole run (consume vs
 *     memcpy out; nothing is written to the file). Markdown, or JSON with --json.
 *
 * Every private page is written from user mode before it is timed: on a guest whose page
 * tables the hypervisor shadows (PVM), a page only the kernel has written costs ~5 us on its
 * first user access. Exit status: 0 done, 1 a check failed (a kernel's sum was wrong, the file
 * could not be mapped), 2 bad input. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "core/datafile.h"
#include "methods/method.h"
#include "os/os.h"
#include "core/parse.h"
#include "core/pattern.h"

#define MC_SEED 0x6D656D636865636Bull /* "memcheck" */
#define MC_CHUNK (1u << 20)           /* --check's memcpy: 1 MiB requests into a 1 MiB buffer */
#define MC_PASSES_MAX 101

struct opts {
    bool check, kernels, json;
    uint64_t size;
    unsigned passes;
    const char *file;
};

static int usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "mapbench-memcheck: %s%s%s%s (see mapbench-memcheck --help)\n", msg,
            arg ? " '" : "", arg ? arg : "", arg ? "'" : "");
    return 2;
}

static const char *help_text =
    "usage: mapbench-memcheck --check [--size SIZE] [--passes N] [--file PATH]\n"
    "       mapbench-memcheck --kernels [--size SIZE] [--file PATH] [--passes N] [--json]\n"
    "  --check      consume kernel vs a plain C sum loop vs memcpy over a private buffer: JSON\n"
    "  --kernels    consume/produce kernels vs memcpy/memset for 4K, 16K, 1M requests, seq\n"
    "               and random, over the private buffer and (--file) a kept mapping of a file\n"
    "  --size SIZE  private buffer size (default 1G; K/M/G suffixes; a multiple of 1M)\n"
    "  --file PATH  --kernels: also read a mapping of this file (kept for the run, never\n"
    "               written); --check: also time the first user pass over a buffer filled\n"
    "               by reading this file (first_touch_gbps) and the pass after (touched_gbps)\n"
    "  --passes N   timed passes per measurement, interleaved (default 5)\n"
    "  --json       --kernels: JSON instead of a Markdown table\n";

/* Value of "--name=value" or "--name value"; NULL (and rc 2) when missing. */
static const char *flag_value(int argc, char **argv, int *i, const char *name, int *rc)
{
    size_t n = strlen(name);
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (*i + 1 >= argc) {
        char msg[64];
        snprintf(msg, sizeof msg, "%s needs a value", name);
        *rc = usage_error(msg, NULL);
        return NULL;
    }
    return argv[++*i];
}

static bool flag_is(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

/* Parses argv into o; returns -1 to go on, or an exit status. */
static int parse_args(int argc, char **argv, struct opts *o)
{
    *o = (struct opts){.size = 1ull << 30, .passes = 5};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        int rc = 2;
        struct mb_err err;
        if (strcmp(a, "--check") == 0) {
            o->check = true;
        } else if (strcmp(a, "--kernels") == 0) {
            o->kernels = true;
        } else if (strcmp(a, "--json") == 0) {
            o->json = true;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(help_text, stdout);
            return 0;
        } else if (flag_is(a, "--size")) {
            if (!(v = flag_value(argc, argv, &i, "--size", &rc)))
                return rc;
            if (mb_parse_size(v, "size", &o->size, &err))
                return usage_error(err.msg, NULL);
            if (o->size % MC_CHUNK)
                return usage_error("--size must be a multiple of 1M:", v);
        } else if (flag_is(a, "--passes")) {
            uint64_t n;
            if (!(v = flag_value(argc, argv, &i, "--passes", &rc)))
                return rc;
            if (mb_parse_count(v, "passes", MC_PASSES_MAX, &n, &err))
                return usage_error(err.msg, NULL);
            o->passes = (unsigned)n;
        } else if (flag_is(a, "--file")) {
            if (!(v = flag_value(argc, argv, &i, "--file", &rc)))
                return rc;
            o->file = v;
        } else {
            return usage_error("unknown option", a);
        }
    }
    if (o->check == o->kernels)
        return usage_error("give exactly one of --check and --kernels", NULL);
    if (o->check && o->json)
        return usage_error("--json goes with --kernels", NULL);
    return -1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(const double *v, unsigned n)
{
    double s[MC_PASSES_MAX];
    memcpy(s, v, n * sizeof *v);
    qsort(s, n, sizeof *s, cmp_double);
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

/* ---- --check ---------------------------------------------------------------------------- */

/* The first-touch cost: consume over a fresh buffer the kernel filled by reading `path` (no
 * user-mode write before), first pass and second pass, GB/s. 0 on success, 1 on failure. */
static int first_touch(const char *path, uint64_t size, double *first, double *second)
{
    struct mb_err err;
    struct mb_file_info info;
    bool exists;
    if (mb_file_stat(path, &exists, &info, &err) || !exists || info.size < size) {
        fprintf(stderr, "mapbench-memcheck: '%s' is missing or smaller than --size\n", path);
        return 1;
    }
    unsigned char *buf = mb_os_alloc_aligned(mb_os_page_size(), (size_t)size);
    if (!buf) {
        fprintf(stderr, "mapbench-memcheck: cannot allocate %" PRIu64 " bytes\n", size);
        return 1;
    }
    mb_fh fh;
    int rc = mb_file_open_read(path, &fh, &err);
    for (uint64_t off = 0; !rc && off < size; off += MC_CHUNK)
        rc = mb_file_read_at(fh, off, buf + off, MC_CHUNK, &err);
    if (!rc)
        mb_file_close(fh, NULL);
    if (rc) {
        fprintf(stderr, "mapbench-memcheck: %s\n", err.msg);
        mb_os_free_aligned(buf);
        return 1;
    }
    double g[2];
    uint64_t sums[2];
    for (int p = 0; p < 2; p++) {
        uint64_t t0 = mb_os_now_ns();
        sums[p] = mb_consume(buf, (size_t)size);
        g[p] = gbps(size, mb_os_now_ns() - t0);
    }
    mb_os_free_aligned(buf);
    if (sums[0] != sums[1]) {
        fprintf(stderr, "mapbench-memcheck: two passes over one buffer summed differently\n");
        return 1;
    }
    *first = g[0];
    *second = g[1];
    return 0;
}

static int run_check(const struct opts *o)
{
    unsigned char *buf = private_buffer(o->size);
    unsigned char *dst = mb_os_alloc_touched(mb_os_page_size(), MC_CHUNK);
    if (!buf || !dst) {
        fprintf(stderr, "mapbench-memcheck: cannot allocate %" PRIu64 " bytes\n", o->size);
        return 1;
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
    if (!ok) {
        fprintf(stderr,
                "mapbench-memcheck: the %s consume kernel or the plain loop summed the "
                "buffer wrongly\n",
                mb_consume_kernel());
        return 1;
    }
    double ft_first = 0, ft_second = 0;
    if (o->file && first_touch(o->file, o->size, &ft_first, &ft_second))
        return 1;
    printf("{\"buffer_bytes\": %" PRIu64 ", \"kernel\": \"%s\", \"consume_gbps\": %.2f, "
           "\"plain_gbps\": %.2f, \"memcpy_gbps\": %.2f, \"passes\": %u",
           o->size, mb_consume_kernel(), median(t_consume, o->passes), median(t_plain, o->passes),
           median(t_copy, o->passes), o->passes);
    if (o->file)
        printf(", \"first_touch_gbps\": %.2f, \"touched_gbps\": %.2f", ft_first, ft_second);
    printf("}\n");
    return 0;
}

/* ---- --kernels -------------------------------------------------------------------------- */

enum op { OP_CONSUME, OP_COPY_OUT, OP_PRODUCE, OP_MEMSET, OP_COPY_IN, OP_COUNT };

/* One region the table reads (and for the private buffer, writes). */
struct region {
    const char *name;
    unsigned char *base;
    uint64_t size;
    bool writable;
};

/* One row's medians (GB/s), per region and operation. */
struct row {
    size_t bs;
    const char *order;
    double gb[2][OP_COUNT];
};

/* One timed pass of `op` over the requests offs[0..n) of bs bytes in region r. */
static uint64_t timed_pass(enum op op, const struct region *r, const uint64_t *offs, size_t n,
                           size_t bs, unsigned char *aux, unsigned gen, uint64_t *ns)
{
    uint64_t s = 0, t0 = mb_os_now_ns();
    switch (op) {
    case OP_CONSUME:
        for (size_t i = 0; i < n; i++)
            s += mb_consume(r->base + offs[i], bs);
        break;
    case OP_COPY_OUT:
        for (size_t i = 0; i < n; i++)
            memcpy(aux, r->base + offs[i], bs);
        s = aux[gen % bs];
        break;
    case OP_PRODUCE:
        for (size_t i = 0; i < n; i++)
            s += mb_produce(MC_SEED, gen, offs[i], r->base + offs[i], bs);
        break;
    case OP_MEMSET:
        for (size_t i = 0; i < n; i++)
            memset(r->base + offs[i], (int)(gen | 1u) & 0xFF, bs);
        s = r->base[offs[0]];
        break;
    case OP_COPY_IN:
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
static int measure_row(const struct opts *o, const struct region *rg, size_t bs, const char *order,
                       double gb[OP_COUNT], unsigned char *aux, struct mb_err *err)
{
    size_t n = (size_t)(rg->size / bs);
    int nops = rg->writable ? OP_COUNT : OP_COPY_OUT + 1;
    uint64_t *offs = malloc(n * sizeof *offs);
    if (!offs)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory for request offsets");
    int rc = make_offsets(order, rg->size, bs, offs, err);
    double t[OP_COUNT][MC_PASSES_MAX];
    volatile uint64_t sink = 0;
    for (unsigned p = 0; !rc && p < o->passes; p++)
        for (int k = 0; k < nops; k++) {
            enum op op = (enum op)((k + (int)p) % nops); /* rotated: none always runs first */
            uint64_t ns;
            sink = sink + timed_pass(op, rg, offs, n, bs, aux, p + 1, &ns);
            t[op][p] = gbps(n * bs, ns);
        }
    (void)sink;
    for (int op = 0; op < OP_COUNT; op++)
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

static void print_table(const struct opts *o, const struct row *rows, int nrows,
                        const struct region *rg, int nrg, bool file_verified)
{
    if (o->json) {
        printf("{\"kernel\": \"%s\", \"buffer_bytes\": %" PRIu64 ", \"file\": ",
               mb_consume_kernel(), rg[0].size);
        if (nrg > 1)
            printf("\"%s\", \"file_bytes\": %" PRIu64 ", \"file_verified\": %s", o->file,
                   rg[1].size, file_verified ? "true" : "false");
        else
            printf("null");
        printf(", \"passes\": %u, \"rows\": [", o->passes);
        bool first = true;
        for (int i = 0; i < nrows; i++)
            for (int g = 0; g < nrg; g++) {
                const double *x = rows[i].gb[g];
                printf("%s\n  {\"source\": \"%s\", \"order\": \"%s\", \"bs\": %zu, "
                       "\"consume_gbps\": %.2f, \"memcpy_gbps\": %.2f, \"consume_ratio\": %.3f",
                       first ? "" : ",", g ? "file" : "buffer", rows[i].order, rows[i].bs,
                       x[OP_CONSUME], x[OP_COPY_OUT], x[OP_CONSUME] / x[OP_COPY_OUT]);
                if (rg[g].writable)
                    printf(", \"produce_gbps\": %.2f, \"memset_gbps\": %.2f, "
                           "\"memcpy_in_gbps\": %.2f, \"produce_memset_ratio\": %.3f, "
                           "\"produce_memcpy_ratio\": %.3f",
                           x[OP_PRODUCE], x[OP_MEMSET], x[OP_COPY_IN], x[OP_PRODUCE] / x[OP_MEMSET],
                           x[OP_PRODUCE] / x[OP_COPY_IN]);
                printf("}");
                first = false;
            }
        printf("\n]}\n");
        return;
    }
    printf("Kernel: %s; private buffer %" PRIu64 " MiB", mb_consume_kernel(), rg[0].size >> 20);
    if (nrg > 1)
        printf("; file %s (%" PRIu64 " MiB, kept read-only mapping%s)", o->file, rg[1].size >> 20,
               file_verified ? ", mapbench content verified" : "");
    printf("; GB/s = 1e9 B/s, median of %u interleaved passes.\n\n", o->passes);
    printf("| source | order | request | consume | memcpy out | consume/memcpy | produce | "
           "memset | produce/memset | memcpy in | produce/memcpy in |\n"
           "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int g = 0; g < nrg; g++)
        for (int i = 0; i < nrows; i++) {
            const double *x = rows[i].gb[g];
            char bs[32];
            mb_size_format(rows[i].bs, bs, sizeof bs);
            printf("| %s | %s | %s | %.2f | %.2f | %.0f%% |", rg[g].name, rows[i].order, bs,
                   x[OP_CONSUME], x[OP_COPY_OUT], 100 * x[OP_CONSUME] / x[OP_COPY_OUT]);
            if (rg[g].writable)
                printf(" %.2f | %.2f | %.0f%% | %.2f | %.0f%% |\n", x[OP_PRODUCE], x[OP_MEMSET],
                       100 * x[OP_PRODUCE] / x[OP_MEMSET], x[OP_COPY_IN],
                       100 * x[OP_PRODUCE] / x[OP_COPY_IN]);
            else
                printf(" - | - | - | - | - |\n");
        }
}

/* The buffer's rows, then (buffer freed) the file's: one 1 GiB working set at a time. With
 * both mapped at once (2 GiB of 4 KiB pages) the private buffer's passes collapsed at random
 * to 1-3 GB/s on the PVM guest, a page-table effect, not the kernels'. */
static int run_kernels(const struct opts *o)
{
    static const size_t sizes[] = {4096, 16384, 1u << 20};
    static const char *const orders[] = {"seq", "random"};
    struct mb_err err;
    mb_err_clear(&err);
    struct region rg[2];
    int nrg = o->file ? 2 : 1, rc = 0;
    struct file_map fm = {0};
    bool verified = false;
    struct row rows[6];
    int nrows = 0;
    for (size_t s = 0; s < 3; s++)
        for (size_t k = 0; k < 2; k++)
            rows[nrows++] = (struct row){.bs = sizes[s], .order = orders[k]};
    struct mb_file_info info;
    if (o->file && (rc = check_file(o->file, &info, &err)) != 0) {
        fprintf(stderr, "mapbench-memcheck: %s\n", err.msg);
        return rc == MB_E_USAGE ? 2 : 1;
    }
    unsigned char *aux = mb_os_alloc_touched(mb_os_page_size(), MC_CHUNK);
    rg[0] = (struct region){
        .name = "buffer", .base = private_buffer(o->size), .size = o->size, .writable = true};
    if (!rg[0].base || !aux) {
        fprintf(stderr, "mapbench-memcheck: cannot allocate %" PRIu64 " bytes\n", o->size);
        mb_os_free_aligned(rg[0].base);
        mb_os_free_aligned(aux);
        return 1;
    }
    memset(aux, 0x5A, MC_CHUNK);
    for (int i = 0; i < nrows && !rc; i++)
        rc = measure_row(o, &rg[0], rows[i].bs, rows[i].order, rows[i].gb[0], aux, &err);
    mb_os_free_aligned(rg[0].base);
    rg[0].base = NULL;
    if (!rc && o->file) {
        rc = map_file(o->file, &fm, &rg[1], &verified, &err);
        for (int i = 0; i < nrows && !rc; i++)
            rc = measure_row(o, &rg[1], rows[i].bs, rows[i].order, rows[i].gb[1], aux, &err);
    }
    if (rc)
        fprintf(stderr, "mapbench-memcheck: %s\n", err.msg);
    else
        print_table(o, rows, nrows, rg, nrg, verified);
    unmap_file(&fm);
    mb_os_free_aligned(aux);
    if (rc == MB_E_USAGE)
        return 2;
    return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
    struct opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0)
        return rc;
    return o.check ? run_check(&o) : run_kernels(&o);
}
