/* ipc_main.c: the mapbench-ipc program: IPC between two processes through a named shared
 * mapping (shm, shm-file) vs pipes and sockets (pipe, socket, tcp). Parses our flags, registers
 * one Google Benchmark case per (workload, transport, message size) and runs them; each case
 * starts this executable again in child mode. Exit status: 0 all cases passed, 1 a case
 * failed, 2 bad input. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/counters.h"
#include "core/parse.h"
#include "core/status.h"
#include "gb.h"
#include "ipc/cases.h"
#include "ipc/ipc.h"
#include "ipc/proc.h"
#include "ipc/ring.h"
#include "os/os.h"
#include "run/build_info.h"
#include "run/context.h"
#include "run/flags.h"

#define DEFAULT_SIZES MB_IPC_DEFAULT_SIZES
#define DEFAULT_RING "4M"

/* Shared by every case of this process. */
struct bench {
    char exe[4096];
    const char *dir;
    char base[128];
    uint64_t ring;
    uint64_t die_after;  /* test hook, consumed by the first session */
    uint64_t stop_after; /* test hook, consumed by the first session */
    uint64_t stall_ms;   /* test hook: the stall bound (0: the default) */
    const char *ready;   /* test hook: a file made once the first session is open */
    int failures, bad_input;
};

/* One registered case. */
struct ipc_case {
    struct bench *b;
    struct mb_ipc_case c;
};

/* Our command line. */
struct cli {
    const char *transports, *workloads, *sizes, *ring, *dir, *die_after, *stop_after, *stall_ms,
        *name, *ready;
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
    MB_FLAG_V("child-die-after", CLI, die_after, "N", NULL),   /* test hook, undocumented */
    MB_FLAG_V("child-stop-after", CLI, stop_after, "N", NULL), /* test hook, undocumented */
    MB_FLAG_V("stall-ms", CLI, stall_ms, "MS", NULL),          /* test hook, undocumented */
    MB_FLAG_V("ipc-name", CLI, name, "NAME", NULL),            /* test hook, undocumented */
    MB_FLAG_V("ready-file", CLI, ready, "PATH", NULL),         /* test hook, undocumented */
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

static void case_fail(mb_gb_state *st, struct bench *b, const struct mb_err *err)
{
    char msg[700];
    mb_status_format(msg, sizeof msg, err);
    if (err->code == MB_E_FOREIGN || err->code == MB_E_USAGE) {
        /* the reason, not only the count: a name another process holds is found here when it
         * appeared after the preflight check */
        fprintf(stderr, "mapbench-ipc: %s\n", err->msg);
        b->bad_input++;
    } else if (!mb_status_is_skip(err->code))
        b->failures++;
    mb_gb_skip_with_error(st, msg);
}

/* The --ready-file hook: once the first session is open (its channel, a named mapping
 * included, exists and the child attached), makes the file (exclusively: an existing file is
 * left alone), so a test can start a second process at the right time instead of sleeping. */
static void ready_signal(struct bench *b)
{
    if (!b->ready)
        return;
    struct mb_err err;
    mb_err_clear(&err);
    mb_fh fh;
    if (mb_file_create_excl(b->ready, &fh, &err) == 0) {
        mb_file_write_at(fh, 0, "ready\n", 6, &err);
        mb_file_close(fh, &err);
    } else
        fprintf(stderr, "mapbench-ipc: --ready-file: %s\n", err.msg);
    b->ready = NULL;
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

static bool gb_keep_running(void *st)
{
    return mb_gb_keep_running(st);
}

static void gb_iteration_time(void *st, double seconds)
{
    mb_gb_set_iteration_time(st, seconds);
}

/* The counters of a verified case. */
static void case_report(mb_gb_state *st, const struct mb_ipc_case *c, struct mb_ipc_totals *t)
{
    double bytes_per_msg = (double)c->msg * (c->wl == MB_IPC_WL_PINGPONG ? 2.0 : 1.0);
    mb_gb_set_bytes_processed(st, (int64_t)((double)t->msgs * bytes_per_msg));
    mb_gb_set_items_processed(st, (int64_t)t->msgs);
    mb_gb_set_counter(st, MB_C_VERIFIED, 1.0, MB_GB_PLAIN);
    mb_gb_set_counter(st, MB_C_MSG_BYTES, (double)c->msg, MB_GB_PLAIN);
    mb_gb_set_counter(st, MB_C_MSGS_PER_ITER, (double)mb_ipc_batch(c), MB_GB_PLAIN);
    mb_gb_set_counter(st, MB_C_USR_S, t->usr, MB_GB_AVG_PER_ITER);
    mb_gb_set_counter(st, MB_C_SYS_S, t->sys, MB_GB_AVG_PER_ITER);
    mb_gb_set_counter(st, MB_C_VOL_CS, t->vcs, MB_GB_AVG_PER_ITER);
    mb_gb_set_counter(st, MB_C_INVOL_CS, t->ivcs, MB_GB_AVG_PER_ITER);
    if (t->lat.n) {
        mb_gb_set_counter(st, MB_C_LAT_P50_US, mb_ipc_samples_percentile_us(&t->lat, 50),
                          MB_GB_PLAIN);
        mb_gb_set_counter(st, MB_C_LAT_P99_US, mb_ipc_samples_percentile_us(&t->lat, 99),
                          MB_GB_PLAIN);
        mb_gb_set_counter(st, MB_C_LAT_SAMPLES, (double)t->lat.n, MB_GB_PLAIN);
    }
}

static void case_run(mb_gb_state *st, void *arg)
{
    struct ipc_case *ic = arg;
    const struct mb_ipc_case *c = &ic->c;
    struct bench *b = ic->b;
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
        .child_stop_after = b->stop_after,
        .stall_ms = (int)b->stall_ms,
    };
    b->die_after = 0;
    b->stop_after = 0;
    struct mb_ipc_session *s;
    if (mb_ipc_session_open(&s, &o, &err)) {
        case_fail(st, b, &err);
        exit_if_interrupted();
        return;
    }
    ready_signal(b);
    struct mb_ipc_totals t = {0};
    struct mb_ipc_harness h = {gb_keep_running, gb_iteration_time, st};
    int rc = mb_ipc_case_measure(c, s, &h, &t, &err);
    struct mb_err cerr;
    mb_err_clear(&cerr);
    int crc = mb_ipc_session_close(s, &cerr);
    if (rc)
        case_fail(st, b, &err);
    else if (crc)
        case_fail(st, b, &cerr);
    else
        case_report(st, c, &t);
    mb_ipc_samples_free(&t.lat);
    exit_if_interrupted();
}

static int die(const struct mb_err *err)
{
    fprintf(stderr, "mapbench-ipc: %s\n", err->msg);
    return 2;
}

/* Everything main parsed and checked before the cases run. */
static int setup(int *argc, char **argv, struct cli *cli, struct bench *b, struct mb_ipc_cases *sel,
                 struct mb_err *err)
{
    int rc;
    if ((rc = mb_parse_size(cli->ring ? cli->ring : DEFAULT_RING, "ring size", &b->ring, err)) ||
        (rc = mb_ring_check_cap(b->ring, err)))
        return rc;
    if ((rc = mb_ipc_cases_select(cli->transports, cli->workloads, cli->sizes, b->ring, sel, err)))
        return rc;
    if (cli->die_after &&
        (rc = mb_parse_count(cli->die_after, "--child-die-after", UINT32_MAX, &b->die_after, err)))
        return rc;
    if (cli->stop_after && (rc = mb_parse_count(cli->stop_after, "--child-stop-after", UINT32_MAX,
                                                &b->stop_after, err)))
        return rc;
    if (cli->stall_ms &&
        (rc = mb_parse_count(cli->stall_ms, "--stall-ms", 3600000, &b->stall_ms, err)))
        return rc;
    b->ready = cli->ready;
    /* --benchmark_out was checked by the flag parser (run/flags.c) */
    mb_gb_initialize(argc, argv);
    if (*argc > 1)
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "unknown flag '%s' (see mapbench-ipc --help)",
                          argv[1]);
    if (cli->list)
        return 0;
    b->dir = cli->dir ? cli->dir : MB_BUILD_DEFAULT_DATA_DIR;
    if (mb_ipc_cases_need_dir(sel) &&
        (((!cli->dir && (rc = mb_os_mkdir(b->dir, err)))) || (rc = mb_os_dir_check(b->dir, err))))
        return rc;
    if (cli->name)
        snprintf(b->base, sizeof b->base, "%s", cli->name);
    else
        snprintf(b->base, sizeof b->base, "mapbench-ipc-%" PRIu64, mb_ipc_self_id());
    if (strchr(b->base, '/') || !b->base[0])
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "bad --ipc-name: no '/' allowed, not empty");
    struct mb_ipc_params pp = {.dir = b->dir, .base = b->base, .ring_size = b->ring};
    return mb_ipc_cases_preflight(sel, &pp, err);
}

int main(int argc, char **argv)
{
    if (mb_ipc_is_child(argc, argv))
        return mb_ipc_child_main(argc, argv);
    struct mb_err err;
    mb_err_clear(&err);
    struct cli cli;
    if (mb_flags_version(&cli_table, argc, argv, stdout))
        return 0;
    if (cli_extract(&argc, argv, &cli, &err))
        return die(&err);
    if (cli.help) {
        usage(stdout);
        return 0;
    }
    struct bench b = {.failures = 0};
    struct mb_ipc_cases sel = {0};
    if (setup(&argc, argv, &cli, &b, &sel, &err)) {
        mb_ipc_cases_free(&sel);
        return die(&err);
    }
    size_t ncases = sel.n;
    char name[256];
    if (cli.list) {
        for (size_t i = 0; i < ncases; i++) {
            mb_ipc_case_name(&sel.v[i], name, sizeof name);
            printf("%s\n", name);
        }
        printf("# %llu cases\n", (unsigned long long)ncases);
        mb_ipc_cases_free(&sel);
        return 0;
    }
    struct ipc_case *cases = calloc(ncases ? ncases : 1, sizeof *cases);
    if (!cases) {
        mb_ipc_cases_free(&sel);
        fprintf(stderr, "mapbench-ipc: out of memory for %llu cases\n", (unsigned long long)ncases);
        return 1;
    }
    for (size_t i = 0; i < ncases; i++)
        cases[i] = (struct ipc_case){&b, sel.v[i]};

    mb_ipc_self_exe(argv[0], b.exe, sizeof b.exe);
    mb_ipc_signals_install(true);

    /* a filter that selects no case: one line, exit 2, before Google Benchmark would open
     * (and truncate) the --benchmark_out file */
    int selected = 0;
    for (size_t i = 0; i < ncases && !selected; i++) {
        mb_ipc_case_name(&cases[i].c, name, sizeof name);
        selected = mb_gb_filter_matches(name, NULL) != 0;
    }
    if (!selected && ncases > 0) {
        char filter[512];
        mb_gb_filter(filter, sizeof filter);
        fprintf(stderr,
                "mapbench-ipc: --benchmark_filter '%s' matches none of the %zu cases (see "
                "mapbench-ipc --list with the same flags)\n",
                filter, ncases);
        free(cases);
        mb_ipc_cases_free(&sel);
        return 2;
    }
    for (size_t i = 0; i < ncases; i++) {
        mb_ipc_case_name(&cases[i].c, name, sizeof name);
        mb_gb_register(name, case_run, &cases[i], NULL);
    }
    /* the machine facts under the same keys as mapbench's (run/context.h), then ours */
    struct mb_context ctx;
    mb_context_collect(b.dir, &ctx);
    for (size_t i = 0; i < ctx.n; i++)
        mb_gb_add_context(ctx.fact[i].key, ctx.fact[i].value);
    char buf[64];
    snprintf(buf, sizeof buf, "%" PRIu64, b.ring);
    mb_gb_add_context("ipc.ring_size", buf);
    size_t nall;
    const struct mb_ipc_transport *const *all = mb_ipc_transports(&nall);
    for (size_t i = 0; i < nall; i++) {
        char key[64];
        snprintf(key, sizeof key, "ipc.transport.%s", all[i]->name);
        mb_gb_add_context(key, all[i]->unsupported ? all[i]->unsupported : all[i]->api);
    }
    int ran = mb_gb_run();
    free(cases);
    mb_ipc_cases_free(&sel);
    if (ran == 0 && ncases > 0)
        return 2; /* --benchmark_filter matched nothing (Google Benchmark said so, one line) */
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
