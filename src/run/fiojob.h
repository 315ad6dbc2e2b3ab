/* run/fiojob.h: mapbench --fio-job CASE: the fio job file of a mapbench case, for the cases
 * fio can express, from the parsed case (core/case.h). The mapping (method to ioengine,
 * pattern to rw, cache state, threads, queue depth, hint) is one table in fiojob.c and is
 * described in docs/fio.md. */
#ifndef MB_FIOJOB_H
#define MB_FIOJOB_H

#include <stdio.h>

#include "core/err.h"

/* Writes the fio job file of the case named `name` (a name as mapbench --list prints it) over
 * the data file mapbench would use in data_dir, to out. MB_E_USAGE (message on the one line
 * of err) when the name is not a case mapbench could run, MB_E_UNSUPPORTED when a part of the
 * case has no fio counterpart (the message names the part and why); nothing is written
 * then. Parts whose difference is only a detail are written with a comment saying so. */
int mb_fiojob_write(const char *name, const char *data_dir, FILE *out, struct mb_err *err);

#endif
