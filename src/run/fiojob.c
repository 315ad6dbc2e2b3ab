/* run/fiojob.c: the fio job file of a mapbench case (see fiojob.h and docs/fio.md): the
 * tables from mapbench's methods and hints to fio's engines and options, the checks of what
 * fio cannot express, and the writer. */
#include "run/fiojob.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/case.h"
#include "core/datafile.h"
#include "core/pattern.h"
#include "run/runner.h"

/* A mapbench method as fio does it: the engine, O_DIRECT, whether the case's queue depth is
 * fio's iodepth; or, engine NULL, why fio has no counterpart. */
struct fio_method {
    const char *method;
    const char *engine;
    bool direct, depth;
    const char *why;
};

static const struct fio_method fio_methods[] = {
    {"rw", "sync", false, false, NULL},
    {"prw", "psync", false, false, NULL},
    {"mapcopy", "mmap", false, false, NULL},
    {"direct", "psync", true, false, NULL},
    {"uring", "io_uring", false, true, NULL},
    {"uringdirect", "io_uring", true, true, NULL},
    {"map", NULL, false, false,
     "zero-copy access (the checksum reads the mapping in place): fio's mmap engine memcpys "
     "every request out of or into the mapping, which is mapbench's mapcopy"},
    {"mapwin", NULL, false, false,
     "sliding mapping views with zero-copy access: fio's mmap engine maps the file once and "
     "memcpys every request"},
    {"mem", NULL, false, false, "an in-memory copy without file I/O: every fio job does file I/O"},
};

/* A mapbench hint as a fio option, or why fio has none. */
struct fio_hint {
    enum mb_hint hint;
    const char *option;
    const char *why;
};

static const struct fio_hint fio_hints[] = {
    /* fio's default (fadvise_hint=1) advises by the pattern; mapbench's none advises nothing */
    {MB_HINT_NONE, "fadvise_hint=0", NULL},
    {MB_HINT_SEQ, "fadvise_hint=sequential", NULL},
    {MB_HINT_RANDOM, "fadvise_hint=random", NULL},
    {MB_HINT_WILLNEED, NULL, "fio's fadvise_hint has no WILLNEED"},
    {MB_HINT_POPULATE, NULL, "fio's mmap engine has no MAP_POPULATE"},
    {MB_HINT_HUGE, "thp=1", NULL},
    {MB_HINT_FIXED, "fixedbufs=1", NULL},
};

/* The rw= of an op and pattern kind (seq or random-like). */
static const char *fio_rw(const struct mb_op *op, bool random)
{
    if (op->kind == MB_OP_READ)
        return random ? "randread" : "read";
    if (op->kind == MB_OP_WRITE)
        return random ? "randwrite" : "write";
    return random ? "randrw" : "rw";
}

/* The refusal of a part fio cannot express. */
static int cannot(struct mb_err *err, const char *name, const char *part, const char *why)
{
    return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL, "case '%s': %s has no fio counterpart: %s",
                      name, part, why);
}

/* The error of a name mapbench would not run, with the parser's or the check's reason. */
static int refuse(struct mb_err *err, int code, const char *name)
{
    char why[sizeof err->msg];
    snprintf(why, sizeof why, "%s", err->msg);
    return mb_err_set(err, code, 0, NULL, "bad --fio-job '%s': %s", name, why);
}

/* Everything the writer needs, resolved and checked before anything is written. */
struct job {
    struct mb_case_spec c;
    const struct fio_method *fm;
    const struct fio_hint *fh;
    bool random;
};

/* Parses the name (core/case.c's parser and the field parsers), checks it is a case mapbench
 * could run, and finds the fio counterpart of every part, or refuses the first that has none. */
static int job_resolve(const char *name, struct job *j, struct mb_err *err)
{
    struct mb_case_fields f;
    int rc;
    memset(j, 0, sizeof *j);
    if ((rc = mb_case_parse_name(name, &f, err)) || (rc = mb_op_parse(f.op, &j->c.op, err)) ||
        (rc = mb_pattern_parse(f.pattern, &j->c.pattern, err)) ||
        (rc = mb_method_find(f.method, &j->c.method, err)) ||
        (rc = mb_hint_parse(f.hint, &j->c.hint, err)) ||
        (rc = mb_cache_parse(f.cache, &j->c.cache, err)) ||
        (rc = mb_lifetime_parse(f.lifetime, &j->c.lifetime, err)))
        return refuse(err, MB_E_USAGE, name);
    j->c.size = f.size;
    j->c.bs = f.bs;
    j->c.threads = f.threads;
    j->c.queue_depth = f.qd;
    j->c.memlimit = f.memlimit;
    if ((rc = mb_case_check(&j->c, err)) != 0)
        return refuse(err, rc, name);
    for (size_t i = 0; i < sizeof fio_methods / sizeof fio_methods[0]; i++)
        if (strcmp(fio_methods[i].method, f.method) == 0)
            j->fm = &fio_methods[i];
    if (!j->fm)
        return cannot(err, name, "the method", "not in mapbench's fio table");
    if (!j->fm->engine)
        return cannot(err, name, f.method, j->fm->why);
    for (size_t i = 0; i < sizeof fio_hints / sizeof fio_hints[0]; i++)
        if (fio_hints[i].hint == j->c.hint)
            j->fh = &fio_hints[i];
    if (!j->fh || !j->fh->option)
        return cannot(err, name, "the hint", j->fh ? j->fh->why : "not in mapbench's fio table");
    enum mb_pattern_kind k = j->c.pattern.kind;
    if (k == MB_PAT_REVERSE)
        return cannot(err, name, "the reverse pattern", "fio reads sequentially forwards only");
    if (k == MB_PAT_STRIDE)
        return cannot(err, name, "the stride pattern",
                      "mapbench visits every block once, column by column; fio's rw=read:<skip> "
                      "leaves holes");
    j->random = k == MB_PAT_RANDOM || k == MB_PAT_ZIPF;
    if (j->c.memlimit)
        return cannot(err, name, "memlimit",
                      "fio runs in no memory cgroup of its own (run it under one, e.g. "
                      "systemd-run -p MemoryMax=)");
    if (j->c.lifetime == MB_LIFETIME_PASS && (j->c.method->caps & MB_CAP_MAPPED))
        return cannot(err, name, "lifetime:pass",
                      "fio maps the file once per job; mapbench maps and unmaps it inside every "
                      "timed pass (use lifetime:case)");
    return 0;
}

/* Requests of one iteration of the case per thread: a whole pass, or a slice (runner.h) for
 * the cases that go to the device request by request. 0: the whole file. */
static uint64_t job_ios(const struct job *j)
{
    const struct mb_case_spec *c = &j->c;
    bool sliced =
        (c->method->caps & MB_CAP_UNCACHED) ||
        (c->cache == MB_CACHE_COLD && (c->pattern.kind != MB_PAT_SEQ || c->hint == MB_HINT_RANDOM));
    uint64_t pass = c->size / c->bs, n = MB_SLICE_MAX_REQUESTS;
    if (MB_SLICE_MAX_BYTES / c->bs < n)
        n = MB_SLICE_MAX_BYTES / c->bs;
    if (!sliced || n >= pass)
        return 0;
    n /= c->threads;
    return n ? n : 1;
}

int mb_fiojob_write(const char *name, const char *data_dir, FILE *out, struct mb_err *err)
{
    struct job j;
    int rc = job_resolve(name, &j, err);
    if (rc)
        return rc;
    const struct mb_case_spec *c = &j.c;
    char path[4096];
    mb_datafile_path(data_dir, c->size, path, sizeof path);
    bool reads_only = c->op.kind == MB_OP_READ;
    uint64_t part = c->size / c->threads / c->bs * c->bs;
    fprintf(out, "# fio job of the mapbench case %s (mapbench --fio-job; docs/fio.md)\n", name);
    fprintf(out, "# mapbench sums every byte it reads and verifies every pass; fio does not touch "
                 "the data\n");
    fprintf(out, "[%s]\n", name);
    fprintf(out, "ioengine=%s\n", j.fm->engine);
    fprintf(out, "direct=%d\n", j.fm->direct ? 1 : 0);
    if (j.fm->depth)
        fprintf(out, "iodepth=%u\n", c->queue_depth ? c->queue_depth : 1);
    fprintf(out, "rw=%s\n", fio_rw(&c->op, j.random));
    if (c->op.kind == MB_OP_MIX)
        fprintf(out, "rwmixread=%u\n", c->op.read_pct);
    if (c->pattern.kind == MB_PAT_ZIPF)
        fprintf(out, "random_distribution=zipf:%g\nnorandommap=1\n", c->pattern.theta);
    else if (j.random) /* every block once per pass, the same order every run, as mapbench */
        fprintf(out, "norandommap=0\nrandrepeat=1\n");
    fprintf(out, "bs=%" PRIu64 "\n", c->bs);
    if (reads_only) {
        fprintf(out, "# reads only (fio --readonly makes sure)\nfilename=%s\n", path);
    } else {
        fprintf(out, "# fio writes its own data: a file of its own beside mapbench's data file\n");
        fprintf(out, "filename=%s.fio\n", path);
    }
    if (c->op.sync)
        fprintf(out, "# mapbench's :sync is an fdatasync (msync) at the end of each pass\n"
                     "end_fsync=1\n");
    if (c->threads > 1)
        fprintf(out,
                "# mapbench's threads share one file handle and split each pass\n"
                "thread=1\nnumjobs=%u\ngroup_reporting=1\nsize=%" PRIu64
                "\noffset_increment=%" PRIu64 "\n",
                c->threads, part, part);
    else
        fprintf(out, "size=%" PRIu64 "\n", c->size);
    uint64_t ios = job_ios(&j);
    if (ios)
        fprintf(out,
                "# one iteration of mapbench's: a slice of the requests after the eviction\n"
                "number_ios=%" PRIu64 "\n",
                ios);
    if (c->cache == MB_CACHE_COLD)
        fprintf(out, "invalidate=1\n");
    else
        fprintf(out, "invalidate=0\npre_read=1\nloops=5\n");
    fprintf(out, "%s\n", j.fh->option);
    /* fio's default buffer alignment made warm 1 MiB psync reads 6x slower (crosscheck-fio) */
    fprintf(out, "iomem_align=4096\n");
    if (c->lifetime == MB_LIFETIME_PASS)
        fprintf(out, "# lifetime:pass: mapbench also opens and closes the file inside every "
                     "timed pass; fio opens it once per job\n");
    return ferror(out) ? mb_err_set(err, MB_E_IO, 0, "fprintf", "cannot write the fio job") : 0;
}
