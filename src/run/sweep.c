/* run/sweep.c: mapbench flags and the case table built from them. */
#include "run/sweep.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "core/datafile.h"
#include "core/parse.h"
#include "os/os.h"
#include "run/flags.h"
#include "run/runner.h"

/* The registered methods, from the method registry (the --methods usage line). */
static const char *method_choice(size_t i)
{
    size_t n;
    const struct mb_method *const *all = mb_methods(&n);
    return i < n ? all[i]->name : NULL;
}

/* The hint names (the --hints usage line). */
static const char *hint_choice(size_t i)
{
    return i < MB_HINT_COUNT ? mb_hint_name((enum mb_hint)i) : NULL;
}

#define CLI struct mb_cli
static const struct mb_flag cli_flags[] = {
    MB_FLAG_L("methods", CLI, methods, "(default " MB_DEFAULT_METHODS ")", method_choice),
    MB_FLAG_L("ops", CLI, ops,
              "read,write,write:sync,mix:R,mix:R:sync (default " MB_DEFAULT_OPS ")", NULL),
    MB_FLAG_L("patterns", CLI, patterns,
              "seq,reverse,random,stride:N,zipf[:THETA] (default " MB_DEFAULT_PATTERNS ")", NULL),
    MB_FLAG_L("sizes", CLI, sizes,
              "file sizes, 512-byte multiples, K/M/G/T = 1024^n (default " MB_DEFAULT_SIZES ")",
              NULL),
    MB_FLAG_L("block-sizes", CLI, block_sizes,
              "request sizes, 512-byte multiples (default " MB_DEFAULT_BLOCK_SIZES ")", NULL),
    MB_FLAG_L("cache", CLI, cache, "warm,cold (default " MB_DEFAULT_CACHE ")", NULL),
    MB_FLAG_L("lifetime", CLI, lifetimes,
              "pass: open+map inside every timed pass; case: once per case, outside\n"
              "the timed passes (a kept mapping) (default " MB_DEFAULT_LIFETIMES ")",
              NULL),
    MB_FLAG_L("threads", CLI, threads,
              "thread counts sharing one file/mapping, 1 to 64 (default " MB_DEFAULT_THREADS ")",
              NULL),
    MB_FLAG_L("hints", CLI, hints, "(default " MB_DEFAULT_HINTS ")", hint_choice),
    MB_FLAG_L("queue-depth", CLI, queue_depths,
              "requests in flight per thread for the asynchronous methods (uring,\n"
              "uringdirect), 1 to 1024 (default " MB_DEFAULT_QUEUE_DEPTHS ")",
              NULL),
    MB_FLAG_L("memory-limit", CLI, memory_limits,
              "run each case in its own memory cgroup with this limit (Linux, root;\n"
              "cache:cold, time-based; name field /memlimit:<bytes>)",
              NULL),
    MB_FLAG_V("duration", CLI, duration, "SECONDS",
              "time-based cases: each repetition runs this long, continuing the\n"
              "request stream across passes (default: whole passes; 10 s with --memory-limit)"),
    MB_FLAG_V("timeline-out", CLI, timeline_out, "FILE",
              "write one JSON line per sampling interval of every time-based case"),
    MB_FLAG_V("timeline-interval", CLI, timeline_interval, "MS",
              "milliseconds between timeline samples (default 100)"),
    MB_FLAG_V("data-dir", CLI, data_dir, "DIR",
              "where data files live (default: data/ in the source tree)"),
    MB_FLAG_V("mapwin-view", CLI, mapwin_view, "SIZE",
              "mapwin's view size (default 64M; a multiple of the mapping granularity)"),
    MB_FLAG_V("residency", CLI, residency, "WAY",
              "how page-cache residency is checked between passes: auto (cachestat,\n"
              "else mincore), cachestat, mincore (default auto)"),
    MB_FLAG_B("latency", CLI, latency, "sample per-request latency (lat_p50_us, lat_p99_us)"),
    MB_FLAG_B("list", CLI, list, "print the cases (and the combinations left out) and exit"),
    MB_FLAG_B("context", CLI, context, "print the machine facts (JSON) and exit"),
    MB_FLAG_V("fio-job", CLI, fio_job, "CASE",
              "print the fio job file of the case (a name as --list prints it) and exit"),
    MB_FLAG_B("help", CLI, help, "this text"),
    MB_FLAG_B("h", CLI, help, NULL), /* --h, as before */
};
#undef CLI

static const struct mb_flags cli_table = MB_FLAGS_OF("mapbench", cli_flags, true);

const struct mb_flags *mb_cli_flags(void)
{
    return &cli_table;
}

void mb_cli_usage(FILE *out)
{
    fputs("usage: mapbench [flags] [--benchmark_* flags]\n", out);
    mb_flags_usage(&cli_table, out);
    fputs("Google Benchmark flags (--benchmark_filter, --benchmark_repetitions,\n"
          "--benchmark_min_time, --benchmark_out=FILE --benchmark_out_format=json, ...) pass "
          "through;\na --benchmark_filter that selects no case is an error ('^$' only makes the "
          "data files).\nNO_COLOR set: no colour.\n",
          out);
}

int mb_cli_extract(int *argc, char **argv, struct mb_cli *cli, struct mb_err *err)
{
    memset(cli, 0, sizeof *cli);
    return mb_flags_parse(&cli_table, cli, argc, argv, err);
}

/* Growable arrays of the sweep. */
static int push_case(struct mb_sweep *sw, const struct mb_case_spec *c, size_t *cap)
{
    if (sw->n == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        void *p = realloc(sw->cases, nc * sizeof *sw->cases);
        if (!p)
            return MB_E_NOMEM;
        sw->cases = p;
        *cap = nc;
    }
    sw->cases[sw->n++] = *c;
    return 0;
}

static int push_excluded(struct mb_sweep *sw, const struct mb_case_spec *c,
                         const struct mb_err *why)
{
    char name[256], line[800];
    mb_case_name(c, name, sizeof name);
    snprintf(line, sizeof line, "%s: %s", name, why->msg);
    void *p = realloc(sw->excluded, (sw->nexcluded + 1) * sizeof *sw->excluded);
    if (!p)
        return MB_E_NOMEM;
    sw->excluded = p;
    struct mb_excluded *x = &sw->excluded[sw->nexcluded];
    x->code = why->code;
    x->name_reason = strdup(line);
    return sw->excluded[sw->nexcluded++].name_reason ? 0 : MB_E_NOMEM;
}

/* The parsed value lists. */
struct lists {
    struct mb_list methods, ops, patterns, sizes, bss, cache, lifetimes, threads, hints, qds,
        memlimits;
};

static void lists_free(struct lists *l)
{
    mb_list_free(&l->methods);
    mb_list_free(&l->ops);
    mb_list_free(&l->patterns);
    mb_list_free(&l->sizes);
    mb_list_free(&l->bss);
    mb_list_free(&l->cache);
    mb_list_free(&l->lifetimes);
    mb_list_free(&l->threads);
    mb_list_free(&l->hints);
    mb_list_free(&l->qds);
    mb_list_free(&l->memlimits);
}

#define OR(a, b) ((a) ? (a) : (b))

static int lists_parse(const struct mb_cli *cli, struct lists *l, struct mb_err *err)
{
    memset(l, 0, sizeof *l);
    if (mb_list_parse(OR(cli->methods, MB_DEFAULT_METHODS), "method", &l->methods, err) ||
        mb_list_parse(OR(cli->ops, MB_DEFAULT_OPS), "op", &l->ops, err) ||
        mb_list_parse(OR(cli->patterns, MB_DEFAULT_PATTERNS), "pattern", &l->patterns, err) ||
        mb_list_parse(OR(cli->sizes, MB_DEFAULT_SIZES), "size", &l->sizes, err) ||
        mb_list_parse(OR(cli->block_sizes, MB_DEFAULT_BLOCK_SIZES), "block size", &l->bss, err) ||
        mb_list_parse(OR(cli->cache, MB_DEFAULT_CACHE), "cache state", &l->cache, err) ||
        mb_list_parse(OR(cli->lifetimes, MB_DEFAULT_LIFETIMES), "lifetime", &l->lifetimes, err) ||
        mb_list_parse(OR(cli->threads, MB_DEFAULT_THREADS), "thread count", &l->threads, err) ||
        mb_list_parse(OR(cli->hints, MB_DEFAULT_HINTS), "hint", &l->hints, err) ||
        mb_list_parse(OR(cli->queue_depths, MB_DEFAULT_QUEUE_DEPTHS), "queue depth", &l->qds,
                      err) ||
        (cli->memory_limits &&
         mb_list_parse(cli->memory_limits, "memory limit", &l->memlimits, err))) {
        lists_free(l);
        return err->code;
    }
    return 0;
}

/* Parsed, validated values of every dimension. */
struct values {
    const struct mb_method **methods;
    struct mb_op *ops;
    struct mb_pattern_spec *patterns;
    uint64_t *sizes, *bss;
    enum mb_cache_state *cache;
    enum mb_lifetime *lifetimes;
    unsigned *threads;
    enum mb_hint *hints;
    unsigned *qds;
    uint64_t *memlimits; /* one 0 (no limit) without --memory-limit */
};

static void values_free(struct values *v)
{
    free(v->methods);
    free(v->ops);
    free(v->patterns);
    free(v->sizes);
    free(v->bss);
    free(v->cache);
    free(v->lifetimes);
    free(v->threads);
    free(v->hints);
    free(v->qds);
    free(v->memlimits);
}

static int values_parse(const struct lists *l, struct values *v, struct mb_err *err)
{
    memset(v, 0, sizeof *v);
    v->methods = calloc(l->methods.n, sizeof *v->methods);
    v->ops = calloc(l->ops.n, sizeof *v->ops);
    v->patterns = calloc(l->patterns.n, sizeof *v->patterns);
    v->sizes = calloc(l->sizes.n, sizeof *v->sizes);
    v->bss = calloc(l->bss.n, sizeof *v->bss);
    v->cache = calloc(l->cache.n, sizeof *v->cache);
    v->lifetimes = calloc(l->lifetimes.n, sizeof *v->lifetimes);
    v->threads = calloc(l->threads.n, sizeof *v->threads);
    v->hints = calloc(l->hints.n, sizeof *v->hints);
    v->qds = calloc(l->qds.n, sizeof *v->qds);
    v->memlimits = calloc(l->memlimits.n ? l->memlimits.n : 1, sizeof *v->memlimits);
    if (!v->methods || !v->ops || !v->patterns || !v->sizes || !v->bss || !v->cache ||
        !v->lifetimes || !v->threads || !v->hints || !v->qds || !v->memlimits)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    for (size_t i = 0; i < l->methods.n; i++)
        if (mb_method_find(l->methods.items[i], &v->methods[i], err))
            return err->code;
    for (size_t i = 0; i < l->ops.n; i++)
        if (mb_op_parse(l->ops.items[i], &v->ops[i], err))
            return err->code;
    for (size_t i = 0; i < l->patterns.n; i++)
        if (mb_pattern_parse(l->patterns.items[i], &v->patterns[i], err))
            return err->code;
    for (size_t i = 0; i < l->sizes.n; i++) {
        if (mb_parse_size(l->sizes.items[i], "size", &v->sizes[i], err))
            return err->code;
        if (v->sizes[i] % MB_SECTOR)
            return mb_err_set(err, MB_E_USAGE, 0, NULL,
                              "bad size '%s': file sizes must be a multiple of %u bytes",
                              l->sizes.items[i], MB_SECTOR);
    }
    for (size_t i = 0; i < l->bss.n; i++) {
        if (mb_parse_size(l->bss.items[i], "block size", &v->bss[i], err))
            return err->code;
        if (v->bss[i] % MB_SECTOR)
            return mb_err_set(err, MB_E_USAGE, 0, NULL,
                              "bad block size '%s': must be a multiple of %u bytes (the "
                              "checksum sector; direct I/O needs it too)",
                              l->bss.items[i], MB_SECTOR);
    }
    for (size_t i = 0; i < l->cache.n; i++)
        if (mb_cache_parse(l->cache.items[i], &v->cache[i], err))
            return err->code;
    for (size_t i = 0; i < l->lifetimes.n; i++)
        if (mb_lifetime_parse(l->lifetimes.items[i], &v->lifetimes[i], err))
            return err->code;
    for (size_t i = 0; i < l->threads.n; i++) {
        uint64_t t;
        if (mb_parse_count(l->threads.items[i], "thread count", MB_THREADS_MAX, &t, err))
            return err->code;
        v->threads[i] = (unsigned)t;
    }
    for (size_t i = 0; i < l->hints.n; i++)
        if (mb_hint_parse(l->hints.items[i], &v->hints[i], err))
            return err->code;
    for (size_t i = 0; i < l->qds.n; i++) {
        uint64_t q;
        if (mb_parse_count(l->qds.items[i], "queue depth", MB_QUEUE_DEPTH_MAX, &q, err))
            return err->code;
        v->qds[i] = (unsigned)q;
    }
    for (size_t i = 0; i < l->memlimits.n; i++)
        if (mb_parse_size(l->memlimits.items[i], "memory limit", &v->memlimits[i], err))
            return err->code;
    return 0;
}

/* The time-based options: --duration (the default for memory-limited sweeps), the timeline
 * file and its interval. */
static int timing_parse(const struct mb_cli *cli, const struct lists *l, struct mb_sweep *sw,
                        struct mb_err *err)
{
    if (cli->duration && mb_parse_positive(cli->duration, "duration (seconds)", MB_DURATION_MAX_S,
                                           &sw->duration_s, err))
        return err->code;
    if (!cli->duration && l->memlimits.n)
        sw->duration_s = MB_DEFAULT_LIMITED_DURATION_S;
    sw->timeline_ms = MB_DEFAULT_TIMELINE_MS;
    if (cli->timeline_interval) {
        uint64_t ms;
        if (mb_parse_count(cli->timeline_interval, "timeline interval (ms)", MB_TIMELINE_MS_MAX,
                           &ms, err))
            return err->code;
        sw->timeline_ms = (unsigned)ms;
    }
    if ((cli->timeline_out || cli->timeline_interval) && sw->duration_s == 0)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "--timeline-out and --timeline-interval sample time-based cases: give "
                          "--duration SECONDS (or --memory-limit)");
    sw->timeline_out = cli->timeline_out;
    return 0;
}

static int add_size(struct mb_sweep *sw, uint64_t size)
{
    for (size_t i = 0; i < sw->nsizes; i++)
        if (sw->sizes[i] == size)
            return 0;
    void *p = realloc(sw->sizes, (sw->nsizes + 1) * sizeof *sw->sizes);
    if (!p)
        return MB_E_NOMEM;
    sw->sizes = p;
    sw->sizes[sw->nsizes++] = size;
    return 0;
}

int mb_sweep_build(const struct mb_cli *cli, struct mb_sweep *sw, struct mb_err *err)
{
    memset(sw, 0, sizeof *sw);
    struct lists l;
    struct values v;
    if (lists_parse(cli, &l, err))
        return err->code;
    int rc = values_parse(&l, &v, err);
    if (!rc && cli->mapwin_view) {
        rc = mb_parse_size(cli->mapwin_view, "mapwin view size", &sw->view_size, err);
        if (!rc)
            rc = mb_mapwin_check_view(sw->view_size, err);
    }
    if (!rc && cli->residency)
        rc = mb_residency_parse(cli->residency, &sw->residency, err);
    if (!rc)
        rc = timing_parse(cli, &l, sw, err);
    size_t cap = 0;
    char first_why[512] = "";
    /* one index per dimension, the last varying fastest (the order of the case table) */
    size_t nmem = l.memlimits.n ? l.memlimits.n : 1;
    size_t dims[] = {nmem,    l.ops.n,   l.patterns.n,  l.methods.n, l.hints.n, l.sizes.n,
                     l.bss.n, l.cache.n, l.lifetimes.n, l.threads.n, l.qds.n};
    enum { D_MEM, D_OP, D_PAT, D_METH, D_HINT, D_SIZE, D_BS, D_CACHE, D_LIFE, D_THR, D_QD, D_N };
    size_t total = 1;
    for (int d = 0; d < D_N; d++)
        total *= dims[d];
    for (size_t k = 0; !rc && k < total; k++) {
        size_t ix[D_N], rest = k;
        for (int d = D_N - 1; d >= 0; d--) {
            ix[d] = rest % dims[d];
            rest /= dims[d];
        }
        struct mb_case_spec c = {
            .op = v.ops[ix[D_OP]],
            .pattern = v.patterns[ix[D_PAT]],
            .method = v.methods[ix[D_METH]],
            .hint = v.hints[ix[D_HINT]],
            .size = v.sizes[ix[D_SIZE]],
            .bs = v.bss[ix[D_BS]],
            .cache = v.cache[ix[D_CACHE]],
            .lifetime = v.lifetimes[ix[D_LIFE]],
            .threads = v.threads[ix[D_THR]],
            .memlimit = v.memlimits[ix[D_MEM]],
        };
        /* the queue depths vary only the asynchronous methods */
        if (c.method->caps & MB_CAP_ASYNC)
            c.queue_depth = v.qds[ix[D_QD]];
        else if (ix[D_QD] != 0)
            continue;
        struct mb_err why;
        if (mb_case_check(&c, &why) == 0) {
            rc = push_case(sw, &c, &cap);
            if (!rc)
                rc = add_size(sw, c.size);
        } else {
            if (!first_why[0])
                snprintf(first_why, sizeof first_why, "%s", why.msg);
            rc = push_excluded(sw, &c, &why);
        }
    }
    if (rc == MB_E_NOMEM)
        mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    if (!rc && sw->n == 0)
        rc = mb_err_set(err, MB_E_USAGE, 0, NULL, "no case to run: %s", first_why);
    values_free(&v);
    lists_free(&l);
    if (rc)
        mb_sweep_free(sw);
    return rc;
}

void mb_sweep_free(struct mb_sweep *sw)
{
    for (size_t i = 0; i < sw->nexcluded; i++)
        free(sw->excluded[i].name_reason);
    free(sw->excluded);
    free(sw->cases);
    free(sw->sizes);
    memset(sw, 0, sizeof *sw);
}

int mb_sweep_datafiles(const struct mb_sweep *sw, const char *dir, struct mb_datafile **out,
                       struct mb_err *err)
{
    *out = NULL;
    /* free space for every file still to be created, checked before creating any */
    uint64_t need = 0;
    for (size_t i = 0; i < sw->nsizes; i++) {
        char path[4096];
        bool exists;
        struct mb_file_info info;
        mb_datafile_path(dir, sw->sizes[i], path, sizeof path);
        if (mb_file_stat(path, &exists, &info, err))
            return err->code;
        if (!exists)
            need = mb_u64_add_sat(need, mb_datafile_space_needed(sw->sizes[i]));
    }
    if (mb_datafile_space_check(dir, need, "the data files", err))
        return err->code;
    struct mb_datafile *dfs = calloc(sw->nsizes ? sw->nsizes : 1, sizeof *dfs);
    if (!dfs)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    for (size_t i = 0; i < sw->nsizes; i++) {
        if (mb_datafile_ensure(dir, sw->sizes[i], &dfs[i], err)) {
            free(dfs);
            return err->code;
        }
        if (dfs[i].created)
            fprintf(stderr, "mapbench: created %s (%" PRIu64 " bytes)\n", dfs[i].path, dfs[i].size);
    }
    *out = dfs;
    return 0;
}
