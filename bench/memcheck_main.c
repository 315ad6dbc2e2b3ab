/* memcheck_main.c: mapbench-memcheck (its flags and output; the measurements are run/memcheck.c),
 * the memory check behind mapbench's numbers: how fast
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
 *     memcpy out; nothing is written to the file). Markdown in GiB/s, or JSON with --json (GB/s).
 *
 * Exit status: 0 done, 1 a check failed (a kernel's sum was wrong, the file could not be
 * mapped), 2 bad input. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "core/parse.h"
#include "run/flags.h"
#include "run/memcheck.h"

/* Our command line as given. */
struct cli {
    bool check, kernels, json, help;
    const char *size, *passes, *file;
};

#define CLI struct cli
static const struct mb_flag cli_flags[] = {
    MB_FLAG_B("check", CLI, check,
              "consume kernel vs a plain C sum loop vs memcpy over a private buffer: JSON"),
    MB_FLAG_B("kernels", CLI, kernels,
              "consume/produce kernels vs memcpy/memset for 4K, 16K, 1M requests, seq\n"
              "and random, over the private buffer and (--file) a kept mapping of a file"),
    MB_FLAG_V("size", CLI, size, "SIZE",
              "private buffer size (default 1G; K/M/G suffixes; a multiple of 1M)"),
    MB_FLAG_V("file", CLI, file, "PATH",
              "--kernels: also read a mapping of this file (kept for the run, never\n"
              "written); --check: also time the first user pass over a buffer filled\n"
              "by reading this file (first_touch_gbps) and the pass after (touched_gbps)"),
    MB_FLAG_V("passes", CLI, passes, "N", "timed passes per measurement, interleaved (default 5)"),
    MB_FLAG_B("json", CLI, json, "--kernels: JSON instead of a Markdown table"),
    MB_FLAG_B("help", CLI, help, "this text"),
};
#undef CLI

static const struct mb_flags cli_table = MB_FLAGS_OF("mapbench-memcheck", cli_flags, false);

static int usage_error(const char *msg)
{
    fprintf(stderr, "mapbench-memcheck: %s (see mapbench-memcheck --help)\n", msg);
    return 2;
}

/* Parses argv into the options; -1 to go on, or an exit status. */
static int parse_args(int argc, char **argv, struct cli *c, struct mb_mc_opts *o)
{
    struct mb_err err;
    *o = (struct mb_mc_opts){.size = 1ull << 30, .passes = 5};
    if (mb_flags_version(&cli_table, argc, argv, stdout))
        return 0;
    if (mb_flags_parse(&cli_table, c, &argc, argv, &err) ||
        mb_flags_leftover(&cli_table, argc, argv, &err)) {
        fprintf(stderr, "mapbench-memcheck: %s\n", err.msg);
        return 2;
    }
    if (c->help) {
        fputs("usage: mapbench-memcheck --check [--size SIZE] [--passes N] [--file PATH]\n"
              "       mapbench-memcheck --kernels [--size SIZE] [--file PATH] [--passes N] "
              "[--json]\n",
              stdout);
        mb_flags_usage(&cli_table, stdout);
        return 0;
    }
    uint64_t n;
    if (c->size && mb_parse_size(c->size, "size", &o->size, &err))
        return usage_error(err.msg);
    if (o->size % MB_MC_CHUNK) {
        char msg[300];
        snprintf(msg, sizeof msg, "--size must be a multiple of 1M: '%s'", c->size);
        return usage_error(msg);
    }
    if (c->passes) {
        if (mb_parse_count(c->passes, "passes", MB_MC_PASSES_MAX, &n, &err))
            return usage_error(err.msg);
        o->passes = (unsigned)n;
    }
    o->file = c->file;
    if (c->check == c->kernels)
        return usage_error("give exactly one of --check and --kernels");
    if (c->check && c->json)
        return usage_error("--json goes with --kernels");
    return -1;
}

/* Prints a failure; exit status 2 for bad input, 1 for a failed check. */
static int fail(const struct mb_err *err)
{
    fprintf(stderr, "mapbench-memcheck: %s\n", err->msg);
    return err->code == MB_E_USAGE ? 2 : 1;
}

static int run_check(const struct mb_mc_opts *o)
{
    struct mb_mc_check r;
    struct mb_err err;
    if (mb_memcheck_check(o, &r, &err)) {
        fprintf(stderr, "mapbench-memcheck: %s\n", err.msg); /* a failed check: 1, as ever */
        return 1;
    }
    printf("{\"buffer_bytes\": %" PRIu64 ", \"kernel\": \"%s\", \"consume_gbps\": %.2f, "
           "\"plain_gbps\": %.2f, \"memcpy_gbps\": %.2f, \"passes\": %u",
           o->size, mb_consume_kernel(), r.consume_gbps, r.plain_gbps, r.memcpy_gbps, o->passes);
    if (o->file)
        printf(", \"first_touch_gbps\": %.2f, \"touched_gbps\": %.2f", r.first_touch_gbps,
               r.touched_gbps);
    printf("}\n");
    return 0;
}

static void print_json(const struct mb_mc_opts *o, const struct mb_mc_kernels *k)
{
    printf("{\"kernel\": \"%s\", \"buffer_bytes\": %" PRIu64 ", \"file\": ", mb_consume_kernel(),
           o->size);
    if (o->file)
        printf("\"%s\", \"file_bytes\": %" PRIu64 ", \"file_verified\": %s", o->file, k->file_bytes,
               k->file_verified ? "true" : "false");
    else
        printf("null");
    printf(", \"passes\": %u, \"rows\": [", o->passes);
    bool first = true;
    for (int i = 0; i < MB_MC_ROWS; i++)
        for (int g = 0; g < (o->file ? 2 : 1); g++) {
            const struct mb_mc_row *r = &k->rows[i];
            const double *x = r->gb[g];
            printf("%s\n  {\"source\": \"%s\", \"order\": \"%s\", \"bs\": %zu, "
                   "\"consume_gbps\": %.2f, \"memcpy_gbps\": %.2f, \"consume_ratio\": %.3f",
                   first ? "" : ",", g ? "file" : "buffer", r->order, r->bs, x[MB_MC_CONSUME],
                   x[MB_MC_COPY_OUT], x[MB_MC_CONSUME] / x[MB_MC_COPY_OUT]);
            if (g == 0)
                printf(", \"produce_gbps\": %.2f, \"memset_gbps\": %.2f, "
                       "\"memcpy_in_gbps\": %.2f, \"produce_memset_ratio\": %.3f, "
                       "\"produce_memcpy_ratio\": %.3f",
                       x[MB_MC_PRODUCE], x[MB_MC_MEMSET], x[MB_MC_COPY_IN],
                       x[MB_MC_PRODUCE] / x[MB_MC_MEMSET], x[MB_MC_PRODUCE] / x[MB_MC_COPY_IN]);
            printf("}");
            first = false;
        }
    printf("\n]}\n");
}

static void print_markdown(const struct mb_mc_opts *o, const struct mb_mc_kernels *k)
{
    printf("Kernel: %s; private buffer %" PRIu64 " MiB", mb_consume_kernel(), o->size >> 20);
    if (o->file)
        printf("; file %s (%" PRIu64 " MiB, kept read-only mapping%s)", o->file,
               k->file_bytes >> 20, k->file_verified ? ", mapbench content verified" : "");
    printf("; GiB/s (2^30 B/s), median of %u interleaved passes.\n\n", o->passes);
    printf("| source | order | request | consume | memcpy out | consume/memcpy | produce | "
           "memset | produce/memset | memcpy in | produce/memcpy in |\n"
           "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int g = 0; g < (o->file ? 2 : 1); g++)
        for (int i = 0; i < MB_MC_ROWS; i++) {
            const struct mb_mc_row *r = &k->rows[i];
            /* the rows are measured in GB/s (the JSON's unit); the table shows GiB/s */
            double x[MB_MC_OP_COUNT];
            for (int c = 0; c < MB_MC_OP_COUNT; c++)
                x[c] = r->gb[g][c] * 1e9 / 1073741824.0;
            char bs[32];
            mb_size_format(r->bs, bs, sizeof bs);
            printf("| %s | %s | %s | %.2f | %.2f | %.0f%% |", g ? "file map" : "buffer", r->order,
                   bs, x[MB_MC_CONSUME], x[MB_MC_COPY_OUT],
                   100 * x[MB_MC_CONSUME] / x[MB_MC_COPY_OUT]);
            if (g == 0)
                printf(" %.2f | %.2f | %.0f%% | %.2f | %.0f%% |\n", x[MB_MC_PRODUCE],
                       x[MB_MC_MEMSET], 100 * x[MB_MC_PRODUCE] / x[MB_MC_MEMSET], x[MB_MC_COPY_IN],
                       100 * x[MB_MC_PRODUCE] / x[MB_MC_COPY_IN]);
            else
                printf(" - | - | - | - | - |\n");
        }
}

static int run_kernels(const struct mb_mc_opts *o, bool json)
{
    struct mb_mc_kernels k;
    struct mb_err err;
    if (mb_memcheck_kernels(o, &k, &err))
        return fail(&err);
    if (json)
        print_json(o, &k);
    else
        print_markdown(o, &k);
    return 0;
}

int main(int argc, char **argv)
{
    struct cli c;
    struct mb_mc_opts o;
    int rc = parse_args(argc, argv, &c, &o);
    if (rc >= 0)
        return rc;
    return c.check ? run_check(&o) : run_kernels(&o, c.json);
}
