/* core/status.h: how a case that did not produce a measurement says so in the benchmark JSON
 * (Google Benchmark's error_message), written by the programs and read back by the report.
 *
 * The text is "<code name>: <message>", prefixed by "skipped: " when the case could not be
 * measured on this platform (MB_E_UNSUPPORTED) rather than failed. The project code travels
 * in the text as its name (mb_code_name), so a reader decides by code, never by the wording
 * of the message. */
#ifndef MB_STATUS_H
#define MB_STATUS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/* The prefix of a skipped case's text (scripts that read the JSON match this literal). */
#define MB_STATUS_SKIP_PREFIX "skipped: "

/* True when a failure with this code means "not measurable here" (a loud skip). */
bool mb_status_is_skip(int code);

/* Writes the JSON failure text of err into buf (always terminated). */
void mb_status_format(char *buf, size_t len, const struct mb_err *err);

/* Reads a failure text back: returns its project code (MB_E_IO when the text carries no known
 * code name, e.g. a run written before codes were recorded) and sets *skipped. */
int mb_status_parse(const char *text, bool *skipped);

#endif
