/* report/tables.c: the gnuplot tables of a run and the list of figures to draw from them
 * (the figures are built in figures_*.c, written by gnuplot.c). */
#include "report/report.h"

#include <string.h>

#include "core/parse.h"
#include "report/figures.h"
#include "report/methods.h"

void mb_report_size(uint64_t bytes, char *buf, size_t len)
{
    char s[21];
    mb_size_format(bytes, s, sizeof s);
    size_t l = strnlen(s, sizeof s - 1);
    bool suffix = l && (s[l - 1] < '0' || s[l - 1] > '9');
    snprintf(buf, len, "%s%s", s, suffix ? "iB" : "B");
}

void mb_report_label(const struct mb_result_run *run, char *buf, size_t len)
{
    snprintf(buf, len, "%s, %s%s", run->machine, run->stamp,
             run->wine ? ", wine (not Windows performance)" : "");
}

const char *mb_fig_lifetime_title(const struct mb_fig_ctx *fc, const char *lt)
{
    if (!fc->two)
        return "";
    return strcmp(lt, "case") == 0 ? ", steady state (lifetime:case)"
                                   : ", one-shot (lifetime:pass)";
}

int mb_report_tables(const struct mb_result_run *run, const char *outdir, struct mb_figs *figs,
                     struct mb_err *err)
{
    struct mb_fig_ctx fc = {.run = run,
                            .dir = outdir,
                            .figs = figs,
                            .two = mb_results_has_lifetime(&run->file, "case")};
    memset(figs, 0, sizeof *figs);
    mb_report_label(run, fc.label, sizeof fc.label);
    static int (*const builders[])(struct mb_fig_ctx *, struct mb_err *) = {
        mb_fig_size, mb_fig_heatmap, mb_fig_write, mb_fig_write_cold, mb_fig_threads,
        mb_fig_cpu,  mb_fig_latency, mb_fig_ipc,   mb_fig_timeline,
    };
    for (size_t i = 0; i < sizeof builders / sizeof builders[0]; i++) {
        int rc = builders[i](&fc, err);
        if (rc)
            return rc;
    }
    /* the figures of unlimited cases skipped in a run with memory-limited ones say why */
    bool limited = false;
    for (size_t i = 0; i < run->file.n && !limited; i++)
        limited = run->file.c[i].kind == MB_KIND_FILE && run->file.c[i].f.memlimit;
    for (size_t i = 0; limited && i < figs->n; i++) {
        struct mb_fig *g = &figs->f[i];
        size_t l = strlen(g->note);
        if (!g->drawn && strcmp(g->template, "timeline") != 0 && strncmp(g->name, "ipc-", 4) != 0)
            snprintf(g->note + l, sizeof g->note - l, "; memory-limited cases are not drawn here");
    }
    if (!outdir)
        return 0;
    int rc = mb_report_methods_gp(outdir, err);
    return rc ? rc : mb_gp_list(&fc, err);
}
