/* report/slurp.c: reading a whole input file of the report safely: regular files only
 * (opened without blocking, so a FIFO or device in its place is refused, not waited on), a
 * size cap, and a file that grows while being read refused. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/reader.h"

int mb_reader_slurp_max(const char *path, size_t max, char **buf, size_t *len, struct mb_err *err)
{
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; only regular files are read */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return mb_err_set(err, MB_E_IO, errno, "open", "cannot open %s", path);
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return mb_err_set(err, MB_E_IO, e, "fstat", "cannot read %s", path);
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "%s: not a regular file", path);
    }
    if ((unsigned long long)st.st_size > max) {
        close(fd);
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "%s: too large (%lld bytes; at most %zu MiB)",
                          path, (long long)st.st_size, max >> 20);
    }
    /* one byte more than fstat said, to notice a file that grows while being read */
    size_t cap = (size_t)st.st_size + 1, n = 0;
    char *b = malloc(cap);
    if (!b) {
        close(fd);
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "%s: out of memory", path);
    }
    for (;;) {
        ssize_t got = read(fd, b + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int e = errno;
            free(b);
            close(fd);
            return mb_err_set(err, MB_E_IO, e, "read", "cannot read %s", path);
        }
        if (got == 0)
            break;
        n += (size_t)got;
        if (n == cap) {
            free(b);
            close(fd);
            return mb_err_set(err, MB_E_USAGE, 0, NULL, "%s: changed while being read", path);
        }
    }
    close(fd);
    *buf = b;
    *len = n;
    return 0;
}

int mb_reader_slurp(const char *path, char **buf, size_t *len, struct mb_err *err)
{
    return mb_reader_slurp_max(path, MB_READER_FILE_MAX, buf, len, err);
}
