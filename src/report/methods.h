/* report/methods.h: the report's view of the method registry (methods/method.h): the canonical
 * order in which tables and legends list methods, and one plot colour per method, written
 * for gnuplot as methods.gp. Nothing in the report lists method names by hand. */
#ifndef MB_REPORT_METHODS_H
#define MB_REPORT_METHODS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/* Room for every registered method. */
#define MB_REPORT_METHODS_MAX 32

/* Fills out[] with the names of the registered methods in the canonical order: the explicit
 * methods (MB_CAP_EXPLICIT), then the mapped ones (MB_CAP_MAPPED), then the rest (the
 * baseline mem), each group in registry order. Returns the count (at most max). */
size_t mb_report_method_order(const char **out, size_t max);

/* The place of a method in the canonical order (0 first); names the registry does not know
 * come after every registered one. */
int mb_report_method_rank(const char *name);

/* True when `name` is a registered mapped method (MB_CAP_MAPPED: map, mapcopy, mapwin). */
bool mb_report_method_mapped(const char *name);

/* True when `name` is a registered method that bypasses the page cache (MB_CAP_UNCACHED:
 * direct, uringdirect). */
bool mb_report_method_uncached(const char *name);

/* The plot colour of a registered method ("#rrggbb"), NULL for a name the registry does not
 * know. A registered method without an entry in the colour table gets a colour from a spare
 * palette by its registry position, so every method has one. */
const char *mb_report_method_color(const char *name);

/* Writes dir/methods.gp: a gnuplot function method_color(name) giving each registered
 * method's colour ('' for other names), loaded by the figure templates. */
int mb_report_methods_gp(const char *dir, struct mb_err *err);

#endif
