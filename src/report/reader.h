/* report/reader.h: helpers of the result reader shared by results.c (result files), run.c
 * (run directories, context.json) and timeline.c (timeline files); internal to src/report. */
#ifndef MB_READER_H
#define MB_READER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/* The largest result or context file the reader takes (bytes). */
#define MB_READER_FILE_MAX ((size_t)1 << 30)

/* Reads a whole regular file of at most MB_READER_FILE_MAX bytes into a malloc'd buffer
 * without blocking on a FIFO or device; MB_E_IO when it cannot be read, MB_E_USAGE (one line)
 * when it is not a regular file (FIFO, /dev/zero, a directory), too large, or grows while
 * being read. */
int mb_reader_slurp(const char *path, char **buf, size_t *len, struct mb_err *err);

/* The same with a cap of max bytes (the timelines' per-file and per-run budgets). */
int mb_reader_slurp_max(const char *path, size_t max, char **buf, size_t *len, struct mb_err *err);

/* Parses JSON text (bare NaN/Infinity read as null) into *root; MB_E_USAGE with a one-line
 * "<path>: malformed JSON at line L column C: ..." message ("truncated" instead of
 * "malformed" for an early end when say_truncated). */
int mb_reader_json(const char *text, size_t len, const char *path, bool say_truncated,
                   json_t **root, struct mb_err *err);

/* A context value that says yes ("true", "1", "yes"). */
bool mb_reader_truthy(const char *v);

/* A case name without its trailing Google Benchmark components ("/manual_time",
 * "/iterations:N", ...); malloc'd, NULL when out of memory. */
char *mb_reader_strip_name(const char *name);

/* Input text s (at most n bytes, or up to its NUL) made fit to quote in a one-line message into
 * buf (always terminated): control characters and DEL written as \n, \r, \t or \xHH,
 * backslashes doubled, cut with "..." when longer than the buffer allows. */
void mb_reader_quote(const char *s, size_t n, char *buf, size_t len);

/* mb_reader_quote for text that may already hold quoted input (a finished message): control
 * characters and DEL escaped the same way, backslashes left as they are. */
void mb_reader_quote_ctl(const char *s, size_t n, char *buf, size_t len);

#endif
