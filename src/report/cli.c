/* cli.c: mapbench-report's subcommands: tables, verdict, all, compare, check. */
#include "report/cli.h"

#include <stdio.h>
#include <string.h>

#include "report/out.h"
#include "report/reader.h"
#include "report/report.h"
#include "report/results.h"
#include "run/build_info.h"

static const char usage_text[] =
    "usage: mapbench-report COMMAND ARGS\n"
    "  tables  RUN_DIR OUT_DIR         gnuplot tables (*.dat, *.vars, methods.gp), figures.txt\n"
    "  verdict RUN_DIR OUT_DIR         OUT_DIR/report.md, the verdict on the run, and summary.csv\n"
    "  all     RUN_DIR OUT_DIR         tables and verdict\n"
    "  compare RUN_A RUN_B OUT_DIR     compare.md, compare.csv, compare*.dat, compare.vars;\n"
    "                                  summary on stdout\n"
    "  check   RUN_DIR                 validate a run directory and describe it\n"
    "  --help, --version\n"
    "RUN_DIR is results/<machine>/<timestamp>/ holding mapbench.json and/or mapbench-ipc.json\n"
    "(Google Benchmark JSON), optionally context.json and timeline/*.jsonl. OUT_DIR is\n"
    "created if missing (its parent must exist); files in it are replaced atomically.\n";

/* Prints the error's one line (control characters escaped as a last guard: the reader quotes
 * input itself with mb_reader_quote); exit 2 for bad input (MB_E_USAGE), 1 otherwise. */
static int fail(const struct mb_err *e)
{
    char q[sizeof e->msg * 2];
    mb_reader_quote_ctl(e->msg, sizeof e->msg, q, sizeof q);
    fprintf(stderr, "mapbench-report: %s\n", q);
    return e->code == MB_E_USAGE ? 2 : 1;
}

/* A usage error quoting the command-line argument arg (escaped); exit 2. */
static int usage_error(const char *fmt, const char *arg)
{
    char q[600];
    mb_reader_quote(arg, strlen(arg), q, sizeof q);
    fputs("mapbench-report: ", stderr);
    fprintf(stderr, fmt, q);
    fputs(" (see mapbench-report --help)\n", stderr);
    return 2;
}

static int cmd_check(const char *dir)
{
    struct mb_result_run run;
    struct mb_err e;
    mb_err_clear(&e);
    if (mb_result_run_load(dir, &run, &e))
        return fail(&e);
    size_t errs = 0;
    for (size_t i = 0; i < run.file.n; i++)
        errs += run.file.c[i].nerr != 0;
    for (size_t i = 0; i < run.ipc.n; i++)
        errs += run.ipc.c[i].nerr != 0;
    size_t limited = 0;
    for (size_t i = 0; i < run.file.n; i++)
        limited += run.file.c[i].kind == MB_KIND_FILE && run.file.c[i].f.memlimit != 0;
    /* directory names are input: one line each, control characters escaped */
    char machine[256], stamp[256];
    mb_reader_quote(run.machine, strlen(run.machine), machine, sizeof machine);
    mb_reader_quote(run.stamp, strlen(run.stamp), stamp, sizeof stamp);
    printf("machine %s\ntimestamp %s\nfile_cases %zu\nipc_cases %zu\ncases_with_errors %zu\n"
           "under_wine %s\nmemlimit_cases %zu\ntimeline_files %zu\ntimeline_series %zu\n",
           machine, stamp, run.file.n, run.ipc.n, errs, run.wine ? "true" : "false", limited,
           run.tl.files, run.tl.n);
    mb_result_run_free(&run);
    return 0;
}

static int cmd_report(const char *cmd, const char *dir, const char *outdir)
{
    struct mb_result_run run;
    struct mb_err e;
    mb_err_clear(&e);
    if (mb_result_run_load(dir, &run, &e))
        return fail(&e);
    struct mb_figs figs;
    bool tables = strcmp(cmd, "verdict") != 0, verdict = strcmp(cmd, "tables") != 0;
    int rc = mb_out_dir(outdir, &e);
    if (!rc)
        rc = mb_report_tables(&run, tables ? outdir : NULL, &figs, &e);
    if (!rc && verdict)
        rc = mb_report_verdict(&run, &figs, outdir, &e);
    mb_result_run_free(&run);
    return rc ? fail(&e) : 0;
}

static int cmd_compare(const char *da, const char *db, const char *outdir)
{
    struct mb_result_run a, b;
    struct mb_err e;
    mb_err_clear(&e);
    if (mb_result_run_load(da, &a, &e))
        return fail(&e);
    if (mb_result_run_load(db, &b, &e)) {
        mb_result_run_free(&a);
        return fail(&e);
    }
    int rc = mb_out_dir(outdir, &e);
    if (!rc)
        rc = mb_report_compare(&a, &b, outdir, stdout, &e);
    mb_result_run_free(&a);
    mb_result_run_free(&b);
    return rc ? fail(&e) : 0;
}

int mb_cli_main(int argc, char **argv)
{
    const char *pos[4];
    int npos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage_text, stdout);
            return 0;
        }
        if (strcmp(a, "--version") == 0) {
            printf("mapbench-report %s\n", mb_build_version());
            return 0;
        }
        if (strcmp(a, "--") == 0) {
            for (i++; i < argc; i++) {
                if (npos == 4)
                    return usage_error("too many arguments at '%s'", argv[i]);
                pos[npos++] = argv[i];
            }
            break;
        }
        if (a[0] == '-' && a[1] != '\0')
            return usage_error("unknown option '%s'", a);
        if (npos == 4)
            return usage_error("too many arguments at '%s'", a);
        pos[npos++] = a;
    }
    if (npos == 0)
        return usage_error("%s", "no command given");
    const char *cmd = pos[0];
    int want =
        strcmp(cmd, "check") == 0     ? 2
        : strcmp(cmd, "compare") == 0 ? 4
        : (strcmp(cmd, "tables") == 0 || strcmp(cmd, "verdict") == 0 || strcmp(cmd, "all") == 0)
            ? 3
            : 0;
    if (!want)
        return usage_error("unknown command '%s'", cmd);
    if (npos != want)
        return usage_error("wrong number of arguments for '%s'", cmd);
    if (strcmp(cmd, "check") == 0)
        return cmd_check(pos[1]);
    if (strcmp(cmd, "compare") == 0)
        return cmd_compare(pos[1], pos[2], pos[3]);
    return cmd_report(cmd, pos[1], pos[2]);
}
