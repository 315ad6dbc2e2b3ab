/* report.h: the outputs of the report tool: gnuplot tables with their figure list, the
 * verdict report on "mapping a file greatly improves efficiency", and the comparison of two
 * runs. */
#ifndef MB_REPORT_H
#define MB_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "core/err.h"
#include "report/results.h"

/* Room for every figure: the fixed ones, one per request size, one per timeline scenario. */
#define MB_FIG_MAX 96

/* One figure: drawn when it has data (tables, vars file), otherwise skipped with a note. */
struct mb_fig {
    char name[96];     /* file base name: name.png, name.svg, name.vars */
    char template[24]; /* scripts/gnuplot/<template>.gp */
    char caption[256]; /* what it shows, for the report */
    bool drawn;
    char note[160]; /* why it was skipped */
};

struct mb_figs {
    struct mb_fig f[MB_FIG_MAX];
    size_t n;
};

/* The title prefix of a run: "<machine>, <timestamp>", with ", wine (not Windows
 * performance)" appended for runs under wine. */
void mb_report_label(const struct mb_result_run *run, char *buf, size_t len);

/* Plans the figures of a run; when outdir is non-NULL also writes their tables (*.dat), gnuplot
 * variables (*.vars), the method colours (methods.gp, see report/methods.h) and the list
 * figures.txt ("draw <template> <name>" / "skip <name> <note>" lines) into outdir, which must
 * exist. */
int mb_report_tables(const struct mb_result_run *run, const char *outdir, struct mb_figs *figs,
                     struct mb_err *err);

/* Writes outdir/report.md, the verdict on the run (figures linked as in `figs`), and
 * outdir/summary.csv (report/summary.h). */
int mb_report_verdict(const struct mb_result_run *run, const struct mb_figs *figs,
                      const char *outdir, struct mb_err *err);

/* Compares run b with run a case by case: writes outdir/compare.md, compare.dat and
 * compare.vars, and a few lines of summary to `summary` (if non-NULL). MB_E_USAGE when the
 * runs have no case in common. */
int mb_report_compare(const struct mb_result_run *a, const struct mb_result_run *b,
                      const char *outdir, FILE *summary, struct mb_err *err);

/* A context.json value of `key` as people read it into buf: min_time in seconds ("0.1 s" for
 * 0.10000000000000001), keys ending in _bytes or _kb in binary units with the raw number
 * beside, other numbers written with a fraction shortened (%.6g); text as is. */
void mb_report_ctx_value(const char *key, const char *val, char *buf, size_t len);

/* True when two context values are the same: numerically when both are numbers (0.1 and
 * 0.10000000000000001 are), else as text. */
bool mb_report_ctx_equal(const char *a, const char *b);

/* Writes a size as "4KiB", "64MiB", "100B" (binary suffixes). */
void mb_report_size(uint64_t bytes, char *buf, size_t len);

#endif
