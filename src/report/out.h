/* out.h: output files of the report tool, each written to a temporary name in its directory
 * and renamed into place when complete (a reader never sees half a file). */
#ifndef MB_OUT_H
#define MB_OUT_H

#include <stdio.h>

#include "core/err.h"

struct mb_out {
    FILE *f;
    char *tmp, *path;
};

/* Makes sure `dir` is a writable directory, creating it (not its parents) when missing. */
int mb_out_dir(const char *dir, struct mb_err *err);

/* Opens dir/name for writing (through a temporary file dir/.name.XXXXXX). */
int mb_out_open(struct mb_out *o, const char *dir, const char *name, struct mb_err *err);

/* Flushes, closes and renames the file into place; on any failure the temporary file is
 * removed and MB_E_IO returned. */
int mb_out_close(struct mb_out *o, struct mb_err *err);

/* Abandons the file: closes and removes the temporary file. */
void mb_out_abort(struct mb_out *o);

#endif
