/* report/reader.h: helpers of the result reader shared by results.c (result files) and run.c
 * (run directories, context.json); internal to src/report. */
#ifndef MB_READER_H
#define MB_READER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/* Reads a whole file into a malloc'd buffer; MB_E_IO when it cannot be read, MB_E_USAGE when
 * it is too large. */
int mb_reader_slurp(const char *path, char **buf, size_t *len, struct mb_err *err);

/* Parses JSON text (bare NaN/Infinity read as null) into *root; MB_E_USAGE with a one-line
 * "<path>: malformed JSON at line L column C: ..." message ("truncated" instead of
 * "malformed" for an early end when say_truncated). */
int mb_reader_json(const char *text, size_t len, const char *path, bool say_truncated,
                   json_t **root, struct mb_err *err);

/* A context value that says yes ("true", "1", "yes"). */
bool mb_reader_truthy(const char *v);

#endif
