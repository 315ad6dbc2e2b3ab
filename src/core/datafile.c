/* core/datafile.c: creation, sidecar records and reuse checks of benchmark data files. */
#include "core/datafile.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "core/parse.h"
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
    /* the file, metadata slack, a margin; saturates instead of wrapping around, so a size
     * near 2^64 needs "more than any disk has" rather than a few MiB */
    return mb_u64_add_sat(size, size / 64 + (16u << 20));
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

/* True when the regular file at path begins with the n bytes of want (a file mapbench wrote). */
static bool starts_with(const char *path, const struct mb_file_info *info, const void *want,
                        size_t n)
{
    if (!info->regular || info->size < n)
        return false;
    unsigned char *got = malloc(n ? n : 1);
    mb_fh fh;
    bool same = false;
    if (got && mb_file_open_read(path, &fh, NULL) == 0) {
        same = mb_file_read_at(fh, 0, got, n, NULL) == 0 && memcmp(got, want, n) == 0;
        mb_file_close(fh, NULL);
    }
    free(got);
    return same;
}

/* Clears the way for the temporary file tmp: removes one an interrupted mapbench run left
 * (it begins with the n bytes of want), refuses with MB_E_FOREIGN anything else at that name,
 * which mapbench did not create and must not remove. */
static int tmp_clear(const char *tmp, const void *want, size_t n, struct mb_err *err)
{
    bool exists;
    struct mb_file_info info;
    if (mb_file_stat(tmp, &exists, &info, err))
        return err->code;
    if (!exists)
        return 0;
    if (!starts_with(tmp, &info, want, n))
        return mb_err_set(err, MB_E_FOREIGN, 0, NULL,
                          "'%s' exists but was not created by mapbench; move it away or use "
                          "another --data-dir",
                          tmp);
    return mb_file_unlink(tmp, err) ? err->code : 0;
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
    if (tmp_clear(tmp, MB_META_MAGIC "\n", sizeof MB_META_MAGIC, err))
        return err->code;
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
    unsigned char *buf = malloc(MB_CREATE_CHUNK);
    if (!buf)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    /* a leftover of ours begins with the file's first sector */
    mb_produce(df->seed, 0, 0, buf, MB_SECTOR);
    if (tmp_clear(tmp, buf, MB_SECTOR, err)) {
        free(buf);
        return err->code;
    }
    mb_fh fh;
    if (mb_file_create_excl(tmp, &fh, err)) {
        free(buf);
        return err->code;
    }
    int rc = 0;
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
    if (!exists) {
        /* a sidecar without its file is ours (left by a crash before the rename) only if it
         * reads as one; anything else at that name is the user's and stays */
        bool meta_exists;
        struct mb_file_info meta_info;
        uint64_t meta_size;
        struct mb_err merr;
        if (mb_file_stat(df->meta_path, &meta_exists, &meta_info, err))
            return err->code;
        if (meta_exists && meta_read(df, &meta_size, &merr) != 0)
            return mb_err_set(err, MB_E_FOREIGN, 0, NULL,
                              "'%s' exists but was not created by mapbench; move it away or "
                              "use another --data-dir",
                              df->meta_path);
    }
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

int mb_datafile_damage_check(const struct mb_datafile *df, struct mb_err *err)
{
    if (mb_datafile_check(df, err))
        return err->code;
    mb_fh fh;
    if (mb_file_open_read(df->path, &fh, err))
        return err->code;
    unsigned char *buf = malloc(MB_CREATE_CHUNK);
    int rc = buf ? 0 : mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    uint64_t bad = UINT64_MAX;
    for (uint64_t off = 0; !rc && bad == UINT64_MAX && off < df->size; off += MB_CREATE_CHUNK) {
        size_t len = (size_t)(df->size - off < MB_CREATE_CHUNK ? df->size - off : MB_CREATE_CHUNK);
        rc = mb_file_read_at(fh, off, buf, len, err);
        for (size_t k = 0; !rc && k < len; k += MB_SECTOR)
            if (mb_consume(buf + k, MB_SECTOR) !=
                mb_content_sector_target(df->seed, (off + k) / MB_SECTOR)) {
                bad = off + k;
                break;
            }
    }
    free(buf);
    mb_file_close(fh, NULL);
    if (rc || bad == UINT64_MAX)
        return rc;
    bool gone = mb_file_unlink(df->path, NULL) == 0 && mb_file_unlink(df->meta_path, NULL) == 0;
    return mb_err_set(err, MB_E_DAMAGED, 0, NULL,
                      "data file '%s' is damaged: the sector at offset %" PRIu64
                      " changed in place since mapbench wrote it; %s",
                      df->path, bad,
                      gone ? "removed it and its sidecar, the next run recreates it"
                           : "delete it and its .meta sidecar to have it recreated");
}
