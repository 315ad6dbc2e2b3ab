/* report/figures.h: the figure builders of mapbench-report tables (figures_lines.c: lines
 * over file size, threads and IPC message size; figures_bars.c: heatmap and CPU bars;
 * figures_dots.c: dots with whiskers per method (writes, cold writes, latency);
 * figures_timeline.c: throughput and faults over time from the run's timelines).
 * Each appends its figure(s) to fc->figs and, when fc->dir is set, writes their files. */
#ifndef MB_FIGURES_H
#define MB_FIGURES_H

#include "report/gnuplot.h"

/* Figure 1: read throughput vs file size per method, seq/random x warm/cold, one per bs. */
int mb_fig_size(struct mb_fig_ctx *fc, struct mb_err *err);

/* Figure 2: heatmap of the map/explicit ratio over file size x request size, one panel per
 * lifetime, significant cells marked. */
int mb_fig_heatmap(struct mb_fig_ctx *fc, struct mb_err *err);

/* Figure 3: write throughput with and without durability per method (dots.gp). */
int mb_fig_write(struct mb_fig_ctx *fc, struct mb_err *err);

/* Figure 3b: write throughput with the cache cold against warm per method (dots.gp). */
int mb_fig_write_cold(struct mb_fig_ctx *fc, struct mb_err *err);

/* Figure 4: thread scaling of random reads (all methods), warm and cold. */
int mb_fig_threads(struct mb_fig_ctx *fc, struct mb_err *err);

/* Figure 5: CPU time (system, user) and page faults per GiB per method; the methods that
 * bypass the page cache get their own CPU panel. */
int mb_fig_cpu(struct mb_fig_ctx *fc, struct mb_err *err);

/* Figure 6: latency percentiles (p50, p99) per method, where sampled (dots.gp). */
int mb_fig_latency(struct mb_fig_ctx *fc, struct mb_err *err);

/* Figure 7: IPC throughput vs message size and pingpong latency, per transport. */
int mb_fig_ipc(struct mb_fig_ctx *fc, struct mb_err *err);

/* Figure 8: per timeline scenario (op, pattern, file size, request size, cache, memory limit,
 * threads) throughput, major faults/s, device reads and cgroup usage over time per method
 * variant (repetition 0), template timeline.gp; one skipped "timeline" entry when the run has
 * no timelines. */
int mb_fig_timeline(struct mb_fig_ctx *fc, struct mb_err *err);

/* The name of the timeline figure of the scenario of case fields f
 * ("timeline-read-random-1G-bs4K-cold-mem256M-t1"; characters other than letters, digits, '-'
 * and '.' as '_'). */
void mb_fig_timeline_name(const struct mb_case_fields *f, char *buf, size_t len);

/* The scenario of case fields f in words: "random reads, 1GiB file, 4KiB requests, cold cache,
 * memory limit 256MiB", with ", 2 threads" appended when `threads`. */
void mb_fig_scenario_text(const struct mb_case_fields *f, bool threads, char *buf, size_t len);

/* The title suffix naming a figure's lifetime (empty for one-lifetime runs). */
const char *mb_fig_lifetime_title(const struct mb_fig_ctx *fc, const char *lt);

#endif
