/* ipc_main.c: the mapbench-ipc program: IPC between two processes through a named shared
 * mapping (shm, shm-file) vs pipes and sockets (pipe, socket, tcp). Parses our flags, registers
 * one Google Benchmark case per (workload, transport, message size) and runs them; each case
 * starts this executable again in child mode. Exit status: 0 all cases passed, 1 a case
 * failed, 2 bad input. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gb.h"
#include "ipc/ipc.h"
#include "ipc/proc.h"
#include "os/os.h"
#include "core/parse.h"
#include "ipc/ring.h"
#include "run/flags.h"

#ifndef MB_DEFAULT_DATA_DIR
#define MB_DEFAULT_DATA_DIR "data"
#endif
#ifndef MB_VERSION
#define MB_VERSION "unknown"
#endif

#define DEFAULT_SIZES "64,4K,64K,1M"
#define DEFAULT_RING "4M"
#define MAX_SAMPLES (4u << 20)

enum workload { WL_STREAM, WL_PINGPONG, WL_COUNT };
static const char *const workload_names[WL_COUNT] = {"stream", "pingpong"};

/* Shared by every case of this process. */
struct bench {
    char exe[4096];
    const char *dir;
    char base[128];
    uint64_t ring;
    uint64_t die_after; /* test hook, consumed by the first session */
    int failures, bad_input;
};

/* One registered case. */
struct ipc_case {
    struct bench *b;
    const struct mb_ipc_transport *t;
    enum workload wl;
    uint64_t msg;
};

/* Our command line. */
struct cli {
    const char *transports, *workloads, *sizes, *ring, *dir, *die_after, *name;
    bool list, help;
};

/* The registered transports (the --transports usage line). */
static const char *transport_choice(size_t i)
{
    size_t n;
    const struct mb_ipc_transport *const *all = mb_ipc_transports(&n);
    return i < n ? all[i]->name : NULL;
}

#define CLI struct cli
static const struct mb_flag cli_flags[] = {
    MB_FLAG_L("transports", CLI, transports, "(default: all)", transport_choice),
    MB_FLAG_L("workloads", CLI, workloads, "stream,pingpong (default: both)", NULL),
    MB_FLAG_L("msg-sizes", CLI, sizes,
              "message sizes, K/M = 1024^n, at least 32 (default " DEFAULT_SIZES ")", NULL),
    MB_FLAG_V("ring-size", CLI, ring, "SIZE",
              "bytes of each shared-memory ring, a 4K multiple (default " DEFAULT_RING ")"),
    MB_FLAG_V("data-dir", CLI, dir, "DIR",
              "where shm-file's ring file and the socket live\n"
              "(default: data/ in the source tree)"),
    MB_FLAG_V("child-die-after", CLI, die_after, "N", NULL), /* test hook, undocumented */
    MB_FLAG_V("ipc-name", CLI, name, "NAME", NULL),          /* test hook, undocumented */
    MB_FLAG_B("list", CLI, list, "print the cases and exit"),
    MB_FLAG_B("help", CLI, help, "this text"),
};
#undef CLI

static const struct mb_flags cli_table = MB_FLAGS_OF("mapbench-ipc", cli_flags, true);

static void usage(FILE *out)
{
    fputs("usage: mapbench-ipc [flags] [--benchmark_* flags]\n", out);
    mb_flags_usage(&cli_table, out);
    fputs("Cases are named ipc/<workload>/<transport>/msg:<bytes>. Google Benchmark flags\n"
          "(--benchmark_filter, --benchmark_min_time, --benchmark_out=FILE ...) pass through.\n",
          out);
}

/* Takes our flags out of argv (Google Benchmark's and unknown ones stay; see run/flags.h). */
static int cli_extract(int *argc, char **argv, struct cli *c, struct mb_err *err)
{
    memset(c, 0, sizeof *c);
    return mb_flags_parse(&cli_table, c, argc, argv, err);
}

/* Messages per timed iteration: large enough to amortise the SYNC/ACK, small enough that
 * Google Benchmark gets several iterations. */
static uint64_t batch(const struct ipc_case *c)
{
    uint64_t n;
    if (c->wl == WL_STREAM) {
        n = (8u << 20) / c->msg;
        return n < 4 ? 4 : n > 16384 ? 16384 : n;
    }
    n = (16u << 20) / c->msg;
    return n < 8 ? 8 : n > 1000 ? 1000 : n;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void case_fail(mb_gb_state *st, struct ipc_case *c, const struct mb_err *err)
{
    char msg[700];
    bool skip = err->code == MB_E_UNSUPPORTED;
    snprintf(msg, sizeof msg, "%s%s: %s", skip ? "skipped: " : "", mb_code_name(err->code),
             err->msg);
    if (err->code == MB_E_FOREIGN || err->code == MB_E_USAGE)
        c->b->bad_input++;
    else if (!skip)
        c->b->failures++;
    mb_gb_skip_with_error(st, msg);
}

/* After a case: if a signal arrived, everything is cleaned up by now, so leave. */
static void exit_if_interrupted(void)
{
    int sig = mb_ipc_interrupted();
    if (!sig)
        return;
    fprintf(stderr, "mapbench-ipc: interrupted by signal %d; child stopped, names removed\n", sig);
    fflush(NULL);
    mb_ipc_exit_interrupted(sig);
}

/* Per-repetition totals. */
struct totals {
    uint64_t iters, msgs;
    double usr, sys, vcs, ivcs;
};

static int run_iterations(mb_gb_state *st, struct ipc_case *c, struct mb_ipc_session *s,
                          uint64_t **samples, size_t *nsamples, struct totals *t,
                          struct mb_err *err)
{
    uint64_t n = batch(c);
    size_t cap = 0;
    double secs;
    /* one untimed batch: faults the ring / socket buffers in, wakes both processes */
    int rc = c->wl == WL_STREAM ? mb_ipc_session_stream(s, n, &secs, err)
                                : mb_ipc_session_pingpong(s, n, NULL, &secs, err);
    while (!rc && mb_gb_keep_running(st)) {
        uint64_t *rtt = NULL;
        if (c->wl == WL_PINGPONG) {
            if (*nsamples + n > cap && *nsamples + n <= MAX_SAMPLES) {
                cap = cap ? cap * 2 : 4096;
                while (cap < *nsamples + n)
                    cap *= 2;
                uint64_t *p = realloc(*samples, cap * sizeof *p);
                if (!p)
                    return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory for samples");
                *samples = p;
            }
            if (*nsamples + n <= cap)
                rtt = *samples + *nsamples;
        }
        struct mb_usage u0, u1;
        mb_os_usage(&u0);
        rc = c->wl == WL_STREAM ? mb_ipc_session_stream(s, n, &secs, err)
                                : mb_ipc_session_pingpong(s, n, rtt, &secs, err);
        mb_os_usage(&u1);
        if (rc)
            break;
        mb_gb_set_iteration_time(st, secs);
        if (rtt)
            *nsamples += n;
        t->iters++;
        t->msgs += n;
        t->usr += u1.usr_s - u0.usr_s;
        t->sys += u1.sys_s - u0.sys_s;
        t->vcs += (double)(u1.nvcsw - u0.nvcsw);
        t->ivcs += (double)(u1.nivcsw - u0.nivcsw);
    }
    return rc;
}

static void case_run(mb_gb_state *st, void *arg)
{
    struct ipc_case *c = arg;
    struct bench *b = c->b;
    struct mb_err err;
    mb_err_clear(&err);
    exit_if_interrupted();
    struct mb_ipc_session_opts o = {
        .t = c->t,
        .exe = b->exe,
        .msg_size = c->msg,
        .ring_size = b->ring,
        .dir = b->dir,
        .base = b->base,
        .child_die_after = b->die_after,
    };
    b->die_after = 0;
    struct mb_ipc_session *s;
    if (mb_ipc_session_open(&s, &o, &err)) {
        case_fail(st, c, &err);
        exit_if_interrupted();
        return;
    }
    uint64_t *samples = NULL;
    size_t nsamples = 0;
    struct totals t = {0};
    int rc = run_iterations(st, c, s, &samples, &nsamples, &t, &err);
    struct mb_err cerr;
    mb_err_clear(&cerr);
    int crc = mb_ipc_session_close(s, &cerr);
    if (rc) {
        case_fail(st, c, &err);
    } else if (crc) {
        case_fail(st, c, &cerr);
    } else {
        double bytes_per_msg = (double)c->msg * (c->wl == WL_PINGPONG ? 2.0 : 1.0);
        mb_gb_set_bytes_processed(st, (int64_t)((double)t.msgs * bytes_per_msg));
        mb_gb_set_items_processed(st, (int64_t)t.msgs);
        mb_gb_set_counter(st, "verified", 1.0, MB_GB_PLAIN);
        mb_gb_set_counter(st, "msg_bytes", (double)c->msg, MB_GB_PLAIN);
        mb_gb_set_counter(st, "msgs_per_iter", (double)batch(c), MB_GB_PLAIN);
        mb_gb_set_counter(st, "usr_s", t.usr, MB_GB_AVG_PER_ITER);
        mb_gb_set_counter(st, "sys_s", t.sys, MB_GB_AVG_PER_ITER);
        mb_gb_set_counter(st, "vol_cs", t.vcs, MB_GB_AVG_PER_ITER);
        mb_gb_set_counter(st, "invol_cs", t.ivcs, MB_GB_AVG_PER_ITER);
        if (nsamples) {
            qsort(samples, nsamples, sizeof *samples, cmp_u64);
            double p50 = (double)samples[(size_t)((double)(nsamples - 1) * 0.50)] * 1e-3;
            double p99 = (double)samples[(size_t)((double)(nsamples - 1) * 0.99)] * 1e-3;
            mb_gb_set_counter(st, "lat_p50_us", p50, MB_GB_PLAIN);
            mb_gb_set_counter(st, "lat_p99_us", p99, MB_GB_PLAIN);
            mb_gb_set_counter(st, "lat_samples", (double)nsamples, MB_GB_PLAIN);
        }
    }
    free(samples);
    exit_if_interrupted();
}

static int die(const struct mb_err *err)
{
    fprintf(stderr, "mapbench-ipc: %s\n", err->msg);
    return 2;
}

/* The selected entries of a list flag (or all), as indexes. */
struct selection {
    const struct mb_ipc_transport *t[16];
    size_t nt;
    enum workload wl[WL_COUNT];
    size_t nwl;
    uint64_t sizes[64];
    size_t nsizes;
};

static int select_all(const struct cli *c, uint64_t ring, struct selection *sel, struct mb_err *err)
{
    memset(sel, 0, sizeof *sel);
    struct mb_list l;
    int rc;
    size_t nall;
    const struct mb_ipc_transport *const *all = mb_ipc_transports(&nall);
    if (c->transports) {
        if ((rc = mb_list_parse(c->transports, "transport list", &l, err)))
            return rc;
        for (size_t i = 0; i < l.n && !rc; i++) {
            if (sel->nt == 16)
                rc = mb_err_set(err, MB_E_USAGE, 0, NULL, "too many transports");
            else
                rc = mb_ipc_transport_find(l.items[i], &sel->t[sel->nt++], err);
        }
        mb_list_free(&l);
        if (rc)
            return rc;
    } else {
        for (size_t i = 0; i < nall; i++)
            sel->t[sel->nt++] = all[i];
    }
    if ((rc = mb_list_parse(c->workloads ? c->workloads : "stream,pingpong", "workload list", &l,
                            err)))
        return rc;
    for (size_t i = 0; i < l.n && !rc; i++) {
        size_t k = 0;
        while (k < WL_COUNT && strcmp(l.items[i], workload_names[k]) != 0)
            k++;
        if (k == WL_COUNT || sel->nwl == WL_COUNT)
            rc =
                mb_err_set(err, MB_E_USAGE, 0, NULL,
                           "unknown workload '%s' (known: stream,pingpong; each once)", l.items[i]);
        else
            sel->wl[sel->nwl++] = (enum workload)k;
    }
    mb_list_free(&l);
    if (rc)
        return rc;
    if ((rc = mb_list_parse(c->sizes ? c->sizes : DEFAULT_SIZES, "message size list", &l, err)))
        return rc;
    for (size_t i = 0; i < l.n && !rc; i++) {
        uint64_t v;
        if ((rc = mb_parse_size(l.items[i], "message size", &v, err)))
            break;
        char rs[32];
        mb_size_format(ring, rs, sizeof rs);
        if (v < MB_IPC_MSG_MIN)
            rc = mb_err_set(err, MB_E_USAGE, 0, NULL,
                            "bad message size '%s': at least %" PRIu64
                            " bytes (sequence number, checksum, op, arg)",
                            l.items[i], MB_IPC_MSG_MIN);
        else if (v > mb_ring_max_msg(ring))
            rc = mb_err_set(err, MB_E_USAGE, 0, NULL,
                            "bad message size '%s': larger than the %s ring (%" PRIu64
                            " bytes, at most %" PRIu64 " per message); use a larger --ring-size",
                            l.items[i], rs, ring, mb_ring_max_msg(ring));
        else if (sel->nsizes == 64)
            rc = mb_err_set(err, MB_E_USAGE, 0, NULL, "too many message sizes");
        else
            sel->sizes[sel->nsizes++] = v;
    }
    mb_list_free(&l);
    return rc;
}

int main(int argc, char **argv)
{
    if (mb_ipc_is_child(argc, argv))
        return mb_ipc_child_main(argc, argv);
    struct mb_err err;
    mb_err_clear(&err);
    struct cli cli;
    if (cli_extract(&argc, argv, &cli, &err))
        return die(&err);
    if (cli.help) {
        usage(stdout);
        return 0;
    }
    struct bench b = {.failures = 0};
    if (mb_parse_size(cli.ring ? cli.ring : DEFAULT_RING, "ring size", &b.ring, &err) ||
        mb_ring_check_cap(b.ring, &err))
        return die(&err);
    struct selection sel;
    if (select_all(&cli, b.ring, &sel, &err))
        return die(&err);
    if (cli.die_after &&
        mb_parse_count(cli.die_after, "--child-die-after", UINT32_MAX, &b.die_after, &err))
        return die(&err);
    mb_gb_initialize(&argc, argv);
    if (argc > 1) {
        fprintf(stderr, "mapbench-ipc: unknown flag '%s' (see mapbench-ipc --help)\n", argv[1]);
        return 2;
    }
    size_t ncases = sel.nwl * sel.nt * sel.nsizes;
    struct ipc_case *cases = calloc(ncases ? ncases : 1, sizeof *cases);
    if (!cases)
        return 2;
    size_t k = 0;
    for (size_t w = 0; w < sel.nwl; w++)
        for (size_t i = 0; i < sel.nt; i++)
            for (size_t z = 0; z < sel.nsizes; z++)
                cases[k++] = (struct ipc_case){&b, sel.t[i], sel.wl[w], sel.sizes[z]};
    if (cli.list) {
        for (size_t i = 0; i < ncases; i++)
            printf("ipc/%s/%s/msg:%" PRIu64 "\n", workload_names[cases[i].wl], cases[i].t->name,
                   cases[i].msg);
        printf("# %llu cases\n", (unsigned long long)ncases);
        free(cases);
        return 0;
    }

    b.dir = cli.dir ? cli.dir : MB_DEFAULT_DATA_DIR;
    bool need_dir = false;
    for (size_t i = 0; i < sel.nt; i++)
        need_dir |= (sel.t[i]->caps & MB_IPC_CAP_DIR) != 0;
    if (need_dir && ((!cli.dir && mb_os_mkdir(b.dir, &err)) || mb_os_dir_check(b.dir, &err)))
        return die(&err);
    if (cli.name)
        snprintf(b.base, sizeof b.base, "%s", cli.name);
    else
        snprintf(b.base, sizeof b.base, "mapbench-ipc-%" PRIu64, mb_ipc_self_id());
    if (strchr(b.base, '/') || !b.base[0])
        return die(&(struct mb_err){.msg = "bad --ipc-name: no '/' allowed, not empty"});
    struct mb_ipc_params pp = {.dir = b.dir, .base = b.base, .ring_size = b.ring};
    for (size_t i = 0; i < sel.nt; i++)
        if (sel.t[i]->preflight && sel.t[i]->preflight(&pp, &err))
            return die(&err);
    mb_ipc_self_exe(argv[0], b.exe, sizeof b.exe);
    mb_ipc_signals_install(true);

    for (size_t i = 0; i < ncases; i++) {
        char name[256];
        snprintf(name, sizeof name, "ipc/%s/%s/msg:%" PRIu64, workload_names[cases[i].wl],
                 cases[i].t->name, cases[i].msg);
        mb_gb_register(name, case_run, &cases[i], NULL);
    }
    char buf[64];
    mb_gb_add_context("mapbench_version", MB_VERSION);
    mb_gb_add_context("under_wine", mb_os_under_wine() ? "true" : "false");
    mb_gb_add_context("data_dir", b.dir);
    snprintf(buf, sizeof buf, "%" PRIu64, b.ring);
    mb_gb_add_context("ipc.ring_size", buf);
    snprintf(buf, sizeof buf, "%d", mb_os_cpu_count());
    mb_gb_add_context("ipc.cpus", buf);
    size_t nall;
    const struct mb_ipc_transport *const *all = mb_ipc_transports(&nall);
    for (size_t i = 0; i < nall; i++) {
        char key[64];
        snprintf(key, sizeof key, "ipc.transport.%s", all[i]->name);
        mb_gb_add_context(key, all[i]->unsupported ? all[i]->unsupported : all[i]->api);
    }
    mb_gb_run();
    free(cases);
    if (b.bad_input) {
        fprintf(stderr, "mapbench-ipc: %d case%s could not run because of bad input\n", b.bad_input,
                b.bad_input == 1 ? "" : "s");
        return 2;
    }
    if (b.failures) {
        fprintf(stderr, "mapbench-ipc: %d case%s failed\n", b.failures, b.failures == 1 ? "" : "s");
        return 1;
    }
    return 0;
}
