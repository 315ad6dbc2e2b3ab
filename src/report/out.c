/* out.c: atomic output files (temporary file + rename) and the output directory check. */
#include "report/out.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int mb_out_dir(const char *dir, struct mb_err *err)
{
    struct stat st;
    if (!dir || !*dir)
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "empty output directory name");
    if (stat(dir, &st) != 0) {
        if (errno != ENOENT)
            return mb_err_set(err, MB_E_IO, errno, "stat", "output directory %s", dir);
        if (mkdir(dir, 0777) != 0)
            return mb_err_set(err, MB_E_IO, errno, "mkdir", "cannot create output directory %s",
                              dir);
    } else if (!S_ISDIR(st.st_mode)) {
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "output %s is not a directory", dir);
    }
    if (access(dir, W_OK | X_OK) != 0)
        return mb_err_set(err, MB_E_IO, errno, "access", "output directory %s is not writable",
                          dir);
    return 0;
}

int mb_out_open(struct mb_out *o, const char *dir, const char *name, struct mb_err *err)
{
    memset(o, 0, sizeof *o);
    size_t len = strlen(dir) + strlen(name) + 16;
    o->path = malloc(len);
    o->tmp = malloc(len);
    if (!o->path || !o->tmp) {
        mb_out_abort(o);
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    }
    snprintf(o->path, len, "%s/%s", dir, name);
    snprintf(o->tmp, len, "%s/.%s.XXXXXX", dir, name);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        int e = errno;
        free(o->tmp);
        o->tmp = NULL;
        mb_out_abort(o);
        return mb_err_set(err, MB_E_IO, e, "mkstemp", "cannot write in %s", dir);
    }
    fchmod(fd, 0644);
    o->f = fdopen(fd, "w");
    if (!o->f) {
        int e = errno;
        close(fd);
        mb_out_abort(o);
        return mb_err_set(err, MB_E_IO, e, "fdopen", "cannot write %s", o->path);
    }
    return 0;
}

int mb_out_close(struct mb_out *o, struct mb_err *err)
{
    int rc = 0;
    if (!o->f)
        return mb_err_set(err, MB_E_IO, 0, NULL, "output file not open");
    int bad = ferror(o->f);
    int e = errno;
    if (fclose(o->f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    o->f = NULL;
    if (bad)
        rc = mb_err_set(err, MB_E_IO, e, "write", "cannot write %s", o->path);
    else if (rename(o->tmp, o->path) != 0)
        rc = mb_err_set(err, MB_E_IO, errno, "rename", "cannot write %s", o->path);
    if (rc)
        unlink(o->tmp);
    free(o->tmp);
    free(o->path);
    o->tmp = o->path = NULL;
    return rc;
}

void mb_out_abort(struct mb_out *o)
{
    if (o->f)
        fclose(o->f);
    if (o->tmp)
        unlink(o->tmp);
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
}
