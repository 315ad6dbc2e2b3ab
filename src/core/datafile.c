/* core/datafile.c: creation, sidecar records and reuse checks of benchmark data files. */
#include "core/datafile.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "os/os.h"

#define MB_META_MAGIC "mapbench-data 1"
#define MB_CREATE_CHUNK (1u << 20)

uint64_t mb_datafile_seed(uint64_t size)
{
    return 0x6D617062656E6368ull ^ (size * 0x9E3779B97F4A7C15ull);
}

void mb_datafile_path(const char *dir, uint64_t size, char *buf, size_t len)
{
    snprintf(buf, len, "%s/mb-%" PRIu64 ".dat", dir, size);
}

uint64_t mb_datafile_space_needed(uint64_t size)
{
    return size + size / 64 + (16u << 20); /* the file, metadata slack, a margin */
}

/* Reads the sidecar into df fields; returns 0 if it parsed, MB_E_FOREIGN otherwise. */
static int meta_read(struct mb_datafile *df, uint64_t *size, struct mb_err *err)
{
    mb_fh fh;
    char buf[512] = {0};
    bool exists;
    struct mb_file_info info;
    if (mb_file_stat(df->meta_path, &exists, &info, err))
        return err->code;
    if (!exists || !info.regular || info.size == 0 || info.size >= sizeof buf)
        return MB_E_FOREIGN;
    if (mb_file_open_read(df->meta_path, &fh, err))
        return err->code;
    int rc = mb_file_read_at(fh, 0, buf, (size_t)info.size, err);
    mb_file_close(fh, NULL);
    if (rc)
        return rc;
    unsigned long long s, seed, sum, dev, ino;
    if (sscanf(buf, MB_META_MAGIC "\nsize %llu\nseed %llu\nchecksum %llu\ndev %llu\nino %llu\n", &s,
               &seed, &sum, &dev, &ino) != 5)
        return MB_E_FOREIGN;
    *size = s;
    df->seed = seed;
    df->checksum = sum;
    df->dev = dev;
    df->ino = ino;
    return 0;
}

/* Writes the sidecar atomically (temporary file, fsync, rename over our own sidecar). */
static int meta_write(const struct mb_datafile *df, struct mb_err *err)
{
    char tmp[4300], text[512];
    snprintf(tmp, sizeof tmp, "%s.tmp", df->meta_path);
    int n = snprintf(text, sizeof text,
                     MB_META_MAGIC "\nsize %" PRIu64 "\nseed %" PRIu64 "\nchecksum %" PRIu64
                                   "\ndev %" PRIu64 "\nino %" PRIu64 "\n",
                     df->size, df->seed, df->checksum, df->dev, df->ino);
    mb_fh fh;
    mb_file_unlink(tmp, NULL);
    if (mb_file_create_excl(tmp, &fh, err))
        return err->code;
    int rc = mb_file_write_at(fh, 0, text, (size_t)n, err);
    if (!rc)
        rc = mb_file_sync(fh, err);
    mb_file_close(fh, NULL);
    if (!rc)
        rc = mb_file_rename_replace(tmp, df->meta_path, err);
    if (rc)
        mb_file_unlink(tmp, NULL);
    return rc;
}

int mb_datafile_space_check(const char *dir, uint64_t need, const char *what, struct mb_err *err)
{
    uint64_t avail;
    if (mb_os_free_space(dir, &avail, err))
        return err->code;
    if (avail < need)
        return mb_err_set(err, MB_E_NOSPACE, 0, NULL,
                          "not enough free space in '%s' for %s: need %" PRIu64
                          " MiB, have %" PRIu64 " MiB",
                          dir, what, need >> 20, avail >> 20);
    return 0;
}

/* Writes the whole file under a temporary name, then moves it into place without
 * replacing anything that appeared meanwhile. */
static int create_file(struct mb_datafile *df, const char *dir, struct mb_err *err)
{
    if (mb_datafile_space_check(dir, mb_datafile_space_needed(df->size), df->path, err))
        return err->code;
    char tmp[4300];
    snprintf(tmp, sizeof tmp, "%s.tmp", df->path);
    mb_file_unlink(tmp, NULL);
    mb_fh fh;
    if (mb_file_create_excl(tmp, &fh, err))
        return err->code;
    unsigned char *buf = malloc(MB_CREATE_CHUNK);
    int rc = buf ? 0 : mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    for (uint64_t off = 0; !rc && off < df->size; off += MB_CREATE_CHUNK) {
        size_t len = (size_t)(df->size - off < MB_CREATE_CHUNK ? df->size - off : MB_CREATE_CHUNK);
        mb_produce(df->seed, 0, off, buf, len);
        rc = mb_file_write_at(fh, off, buf, len, err);
    }
    free(buf);
    if (!rc)
        rc = mb_file_sync(fh, err);
    mb_file_close(fh, NULL);
    bool exists = false;
    struct mb_file_info info;
    if (!rc)
        rc = mb_file_stat(tmp, &exists, &info, err);
    if (!rc) {
        df->dev = info.dev;
        df->ino = info.ino;
        /* sidecar first: a crash before the rename leaves a sidecar without a file, which
         * the next run simply rewrites; never a data file without its sidecar */
        rc = meta_write(df, err);
    }
    if (!rc)
        rc = mb_file_rename_noreplace(tmp, df->path, err);
    if (rc)
        mb_file_unlink(tmp, NULL);
    return rc;
}

int mb_datafile_ensure(const char *dir, uint64_t size, struct mb_datafile *df, struct mb_err *err)
{
    memset(df, 0, sizeof *df);
    if (size == 0 || size % MB_SECTOR != 0)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "bad size %" PRIu64 ": data file sizes must be a non-zero multiple of "
                          "%u bytes",
                          size, MB_SECTOR);
    mb_datafile_path(dir, size, df->path, sizeof df->path);
    snprintf(df->meta_path, sizeof df->meta_path, "%s.meta", df->path);
    df->size = size;
    uint64_t want_seed = mb_datafile_seed(size);
    uint64_t want_sum = mb_content_range_sum(want_seed, 0, size);

    bool exists;
    struct mb_file_info info;
    if (mb_file_stat(df->path, &exists, &info, err))
        return err->code;
    if (exists) {
        uint64_t meta_size = 0;
        struct mb_err merr;
        int mrc = meta_read(df, &meta_size, &merr);
        if (mrc == MB_E_FOREIGN)
            return mb_err_set(err, MB_E_FOREIGN, 0, NULL,
                              "'%s' exists but was not created by mapbench (no valid sidecar "
                              "%s); move it away or use another --data-dir",
                              df->path, df->meta_path);
        if (mrc) {
            *err = merr;
            return mrc;
        }
        if (!info.regular || info.dev != df->dev || info.ino != df->ino || meta_size != size)
            return mb_err_set(err, MB_E_FOREIGN, 0, NULL,
                              "'%s' is not the file mapbench created (replaced since); move it "
                              "away or use another --data-dir",
                              df->path);
        if (df->seed != want_seed || df->checksum != want_sum)
            return mb_err_set(err, MB_E_FOREIGN, 0, NULL,
                              "'%s' has a sidecar from another mapbench version; move it away",
                              df->path);
        if (info.size == size && info.allocated >= size) {
            df->created = false;
            return 0;
        }
        /* ours, but truncated or holed: recreate it */
        if (mb_file_unlink(df->path, err))
            return err->code;
    }
    df->seed = want_seed;
    df->checksum = want_sum;
    df->created = true;
    return create_file(df, dir, err);
}

int mb_datafile_check(const struct mb_datafile *df, struct mb_err *err)
{
    bool exists;
    struct mb_file_info info;
    if (mb_file_stat(df->path, &exists, &info, err))
        return err->code;
    if (!exists)
        return mb_err_set(err, MB_E_CHANGED, 0, NULL, "data file '%s' was removed", df->path);
    if (info.dev != df->dev || info.ino != df->ino)
        return mb_err_set(err, MB_E_CHANGED, 0, NULL, "data file '%s' was replaced", df->path);
    if (info.size != df->size)
        return mb_err_set(err, MB_E_CHANGED, 0, NULL,
                          "data file '%s' changed size (%" PRIu64 " bytes, expected %" PRIu64 ")",
                          df->path, info.size, df->size);
    return 0;
}
