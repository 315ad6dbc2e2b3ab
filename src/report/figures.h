/* report/figures.h: the figure builders of mapbench-report tables (figures_lines.c: lines
 * over file size, threads and IPC message size; figures_bars.c: heatmap and bar figures).
 * Each appends its figure(s) to fc->figs and, when fc->dir is set, writes their files. */
#ifndef MB_FIGURES_H
#define MB_FIGURES_H

#include "report/gnuplot.h"

/* Figure 1: read throughput vs file size per method, seq/random x warm/cold, one per bs. */
int mb_fig_size(struct mb_fig_ctx *fc, struct mb_err *err);

/* Figure 2: heatmap of the map/explicit ratio over file size x request size. */
int mb_fig_heatmap(struct mb_fig_ctx *fc, struct mb_err *err);

/* Figure 3: write throughput with and without durability per method. */
int mb_fig_write(struct mb_fig_ctx *fc, struct mb_err *err);

/* Figure 4: thread scaling of random reads (all methods), warm and cold. */
int mb_fig_threads(struct mb_fig_ctx *fc, struct mb_err *err);

/* Figure 5: CPU time (user, system) and page faults per GiB per method. */
int mb_fig_cpu(struct mb_fig_ctx *fc, struct mb_err *err);

/* Figure 6: latency percentiles per method, where sampled. */
int mb_fig_latency(struct mb_fig_ctx *fc, struct mb_err *err);

/* Figure 7: IPC throughput vs message size and pingpong latency, per transport. */
int mb_fig_ipc(struct mb_fig_ctx *fc, struct mb_err *err);

/* The title suffix naming a figure's lifetime (empty for one-lifetime runs). */
const char *mb_fig_lifetime_title(const struct mb_fig_ctx *fc, const char *lt);

#endif
