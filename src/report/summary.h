/* summary.h: the machine-readable outputs of the report tool: summary.csv (one row per case of
 * a run, written beside report.md) and the CSV cells shared with compare.csv (RFC 4180 quoting,
 * the case name's fields as columns). */
#ifndef MB_SUMMARY_H
#define MB_SUMMARY_H

#include <stdio.h>

#include "core/err.h"
#include "report/results.h"

/* The header cells of a case's name fields, comma-separated, no trailing comma:
 * kind,name,op,pattern,method,hint,size,request,cache,lifetime,threads,qd,memlimit,workload,
 * transport,msg. */
#define MB_CSV_FIELDS_HEAD                                                                         \
    "kind,name,op,pattern,method,hint,size,request,cache,lifetime,threads,qd,memlimit,workload,"   \
    "transport,msg"

/* One CSV cell: s as is, or in double quotes (inner quotes doubled) when it holds a comma, a
 * quote or a line break; nothing for NULL. */
void mb_csv_str(FILE *f, const char *s);

/* One numeric cell: %.6g, nothing when v is not finite. */
void mb_csv_num(FILE *f, double v);

/* The name field cells of case c (MB_CSV_FIELDS_HEAD's columns, no trailing comma): a file case
 * fills op..memlimit (hint empty when none, qd and memlimit empty when absent; sizes in bytes),
 * an IPC case workload, transport and msg. */
void mb_csv_fields(FILE *f, const struct mb_rcase *c);

/* The value a case is summarised by: throughput in GiB/s (bytes_per_second / 2^30), else
 * items per second, else the seconds of one iteration (real_time). */
enum mb_summary_metric { MB_SUM_GIBPS, MB_SUM_IPS, MB_SUM_SECONDS };

/* The metric case c has values of (at least one finite positive), in the order above. */
enum mb_summary_metric mb_summary_metric_of(const struct mb_rcase *c);

/* The unit text of a metric: "GiB/s", "items/s", "s". */
const char *mb_summary_unit(enum mb_summary_metric m);

/* Writes outdir/summary.csv (atomically, see report/out.h): a header row and one row per case
 * of the file and IPC results with its name fields, repetitions, median and 95% bootstrap
 * interval with their unit, and for the pairs the verdict compares (map against prw, else
 * rw; mapcopy against prw; same fields, hint and lifetime) the counterpart, the ratio of
 * medians with its interval, the Mann-Whitney p and the call. Returns 0, MB_E_NOMEM or
 * MB_E_IO. */
int mb_report_summary_csv(const struct mb_result_run *run, const char *outdir, struct mb_err *err);

#endif
