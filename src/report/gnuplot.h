/* report/gnuplot.h: the one writer of gnuplot input for the figure templates
 * (scripts/gnuplot/<template>.gp): data tables (*.dat) and variable files (*.vars) of line and bar
 * figures, and the figure context the figure builders share. */
#ifndef MB_GNUPLOT_H
#define MB_GNUPLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "report/out.h"
#include "report/query.h"
#include "report/report.h"

/* The run a set of figures is made of, where its files go (NULL: plan only) and the list. */
struct mb_fig_ctx {
    const struct mb_result_run *run;
    const char *dir;
    struct mb_figs *figs;
    char label[200];
    bool two; /* the run has lifetime:case cases (both lifetimes); archived runs have not */
};

/* Per-panel axis settings of the generic templates (NULL strings read as empty). */
struct mb_pstyle {
    const char *xlabel, *ylabel, *xfmt, *yfmt;
    int xlog, ylog; /* 0 linear, else the log base */
    bool xbytes;    /* x is a byte axis: the tics of a line panel (always at the measured x
                     * values) read "4K", "1M", "1G" (binary), else the plain number */
    double yscale;  /* the figure shows y / yscale (0: y); tables keep the raw unit */
};

/* 2^30: throughput tables are in bytes/s, the figures show GiB/s. */
#define MB_GP_GIB 1073741824.0

/* A line-figure panel: x values and, per series, the case at each x. A series has a legend
 * name, the method (or transport) that picks its colour (NULL: the name), a dashed flag
 * (kept handles, lifetime:case, beside the solid one-shot line of the same method), and for a
 * method's cases the queue depth (0: any) and the point type (0: the default, a circle;
 * another depth of the same method gets another). */
struct mb_panel {
    char title[96];
    size_t nx, ns;
    uint64_t x[MB_QUERY_MAXV];
    const char *sname[MB_QUERY_MAXV];
    const char *smeth[MB_QUERY_MAXV];
    bool sdash[MB_QUERY_MAXV];
    const char *slife[MB_QUERY_MAXV]; /* the lifetime of a series' cases, NULL: any */
    unsigned sqd[MB_QUERY_MAXV];
    int spt[MB_QUERY_MAXV];
    char sbuf[MB_QUERY_MAXV][48]; /* storage for composed series names */
    const struct mb_rcase *cell[MB_QUERY_MAXV][MB_QUERY_MAXV]; /* [series][x] */
};

/* Series per bar or dot panel. */
#define MB_BARS_MAXS 8

/* A bar-figure panel (template bars.gp): per category (a method variant, coloured by its
 * method) one bar of two stacked parts: series 0 solid at the bottom, series 1 hatched on top;
 * values given (medians). */
struct mb_bars {
    char title[96];
    size_t nc, ns;
    char cat[MB_QUERY_MAXV][64];
    const char *cmeth[MB_QUERY_MAXV]; /* the method whose colour the category takes */
    const char *sname[MB_BARS_MAXS];
    double v[MB_QUERY_MAXV][MB_BARS_MAXS];
    struct mb_pstyle st;
};

/* A dot-figure panel (template dots.gp): per category (a method variant, coloured by its
 * method) and series (a point shape) the median of the series' metric over a case's
 * repetitions, with whiskers at the 95% bootstrap interval of that median. */
struct mb_dots {
    char title[96];
    size_t nc, ns;
    char cat[MB_QUERY_MAXV][64];
    const char *cmeth[MB_QUERY_MAXV];
    const char *sname[MB_BARS_MAXS];
    const struct mb_rcase *cell[MB_QUERY_MAXV][MB_BARS_MAXS]; /* [category][series] */
    enum mb_metric sm[MB_BARS_MAXS];
    struct mb_pstyle st;
};

/* The gnuplot point type of the k-th queue depth of a method in a figure (0: the circle). */
int mb_gp_point_type(size_t k);

/* Writes `key = '<val>'` as a gnuplot string literal (quotes doubled); gp_strf appends idx to
 * the key. */
void mb_gp_str(FILE *f, const char *key, const char *val);
void mb_gp_strf(FILE *f, const char *key, int idx, const char *val);

/* Writes " <v>" with 6 significant digits, " NaN" when v is not finite. */
void mb_gp_num(FILE *f, double v);

/* Appends a figure to the list (NULL when the list is full). */
struct mb_fig *mb_fig_new(struct mb_fig_ctx *fc, const char *name, const char *tmpl,
                          const char *caption);

/* Opens fig.vars and writes the figure header: fig_title, fig_label, npanels and, when rows
 * is non-zero, rows and cols. */
int mb_gp_vars_open(struct mb_fig_ctx *fc, const struct mb_fig *g, const char *title, size_t np,
                    int rows, int cols, struct mb_out *o, struct mb_err *err);

/* The grid of a figure of n drawn panels: one row of up to three, else two or three
 * columns. */
void mb_gp_layout(size_t n, int *rows, int *cols);

/* Writes a figure of line panels (template lines.gp): a wide table per panel with data of
 * metric m[i] ("x s1 s1_lo s1_hi s2 ...": median and its 95% bootstrap interval; the table
 * of panel i is <name>-<i+1>.dat whatever is drawn), and the .vars file listing only the
 * panels with data, in a grid that fits their number (mb_gp_layout), x tics at the measured
 * x values, and a note saying what the dots and whiskers are. A figure without any data is
 * skipped with a note. */
int mb_gp_lines(struct mb_fig_ctx *fc, struct mb_fig *g, const struct mb_panel *pan, size_t np,
                const char *xname, const enum mb_metric *m, const struct mb_pstyle *st,
                const char *title, struct mb_err *err);

/* Writes a figure of bar panels (template bars.gp) in a grid of `cols` columns, like
 * mb_gp_lines (only panels with data drawn); `note` says what the bars are. */
int mb_gp_bars(struct mb_fig_ctx *fc, struct mb_fig *g, const struct mb_bars *b, size_t np,
               int cols, const char *title, const char *note, struct mb_err *err);

/* Writes a figure of dot panels (template dots.gp), like mb_gp_lines: per panel a table
 * "idx category color s1 s1_lo s1_hi ..." (color the method's as 0xRRGGBB in decimal). */
int mb_gp_dots(struct mb_fig_ctx *fc, struct mb_fig *g, const struct mb_dots *d, size_t np,
               const char *title, struct mb_err *err);

/* Writes the figure note "dot: median of N repetitions; whiskers: 95% bootstrap ..." for the
 * cases of panel tables whose repetition counts range over [nmin, nmax]. */
void mb_gp_note_whiskers(char *buf, size_t len, size_t nmin, size_t nmax);

/* Writes figures.txt, the list of figures ("draw <template> <name>" / "skip <name> <note>"). */
int mb_gp_list(const struct mb_fig_ctx *fc, struct mb_err *err);

#endif
