/* core/case.c: operations, the check of whether a case can be measured, case names and their
 * parser. */
#include "core/case.h"

#include "core/content.h"
#include "core/parse.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mb_op_parse(const char *text, struct mb_op *out, struct mb_err *err)
{
    memset(out, 0, sizeof *out);
    size_t len = strlen(text);
    const char *sfx = ":sync";
    const size_t sl = strlen(sfx);
    char base[24];
    if (len >= sizeof base)
        goto bad;
    memcpy(base, text, len + 1);
    if (len > sl && strcmp(base + len - sl, sfx) == 0) {
        out->sync = true;
        base[len - sl] = '\0';
    }
    if (strcmp(base, "read") == 0 && !out->sync) {
        out->kind = MB_OP_READ;
    } else if (strcmp(base, "write") == 0) {
        out->kind = MB_OP_WRITE;
    } else if (strncmp(base, "mix:", 4) == 0) {
        char *end;
        errno = 0;
        long pct = strtol(base + 4, &end, 10);
        if (base[4] < '0' || base[4] > '9' || *end || errno || pct < 1 || pct > 99)
            return mb_err_set(err, MB_E_USAGE, 0, NULL,
                              "bad op '%s': mix:R needs R = percent of reads, 1 to 99", text);
        out->kind = MB_OP_MIX;
        out->read_pct = (unsigned)pct;
    } else {
        goto bad;
    }
    snprintf(out->name, sizeof out->name, "%s", text);
    return 0;
bad:
    return mb_err_set(err, MB_E_USAGE, 0, NULL,
                      "unknown op '%s' (known: read, write, write:sync, mix:R, mix:R:sync)", text);
}

static const char *const lifetime_names[] = {"pass", "case"}; /* by enum mb_lifetime */

int mb_lifetime_parse(const char *text, enum mb_lifetime *out, struct mb_err *err)
{
    int i = mb_parse_name(text, lifetime_names, 2, "lifetime", err);
    if (i < 0)
        return i;
    *out = (enum mb_lifetime)i;
    return 0;
}

const char *mb_lifetime_name(enum mb_lifetime l)
{
    return lifetime_names[l == MB_LIFETIME_CASE];
}

bool mb_op_is_read(const struct mb_op *op, uint64_t i)
{
    if (op->kind == MB_OP_READ)
        return true;
    if (op->kind == MB_OP_WRITE)
        return false;
    uint64_t x = (i + 0x632BE59BD9B4E019ull) * 0x9E3779B97F4A7C15ull;
    x ^= x >> 32;
    return (x % 100u) < op->read_pct;
}

int mb_case_check(const struct mb_case_spec *c, struct mb_err *err)
{
    const struct mb_method *m = c->method;
    if (m->unsupported)
        return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL, "method %s unsupported: %s", m->name,
                          m->unsupported);
    if (c->bs == 0 || c->bs % MB_SECTOR != 0)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "block size %llu is not a multiple of %u bytes (the checksum sector, "
                          "also the alignment direct I/O needs)",
                          (unsigned long long)c->bs, MB_SECTOR);
    if (c->size == 0 || c->size % MB_SECTOR != 0)
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "file size %llu is not a multiple of %u bytes",
                          (unsigned long long)c->size, MB_SECTOR);
    if (c->bs > c->size)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "block size %llu is larger than the file (%llu bytes)",
                          (unsigned long long)c->bs, (unsigned long long)c->size);
    if ((m->caps & MB_CAP_ALIGNED) && c->size % 4096 != 0)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "method %s needs a file size that is a multiple of 4096", m->name);
    if (c->op.kind != MB_OP_READ && !(m->caps & MB_CAP_WRITE))
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "method %s has no write access", m->name);
    if (c->memlimit && c->cache != MB_CACHE_COLD)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "a memory-limited case starts cold (its page cache grows inside the "
                          "limit): cache:warm does not apply");
    if (c->memlimit && !(m->caps & (MB_CAP_MAPPED | MB_CAP_EXPLICIT)))
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "method %s copies the whole file into private memory: under a memory "
                          "limit it measures the limit, not the file",
                          m->name);
    if (c->cache == MB_CACHE_COLD && !(m->caps & MB_CAP_COLD))
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "method %s has no cold state", m->name);
    if (c->threads == 0)
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "threads must be >= 1");
    uint64_t requests = c->bs ? c->size / c->bs + (c->size % c->bs != 0) : 0;
    if (c->threads > 1 && c->threads > requests)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "%u threads for the %llu requests of a pass (size / block size): "
                          "threads beyond one request each would only wait",
                          c->threads, (unsigned long long)requests);
    if (c->threads > 1 && !(m->caps & MB_CAP_THREADS))
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "method %s uses one shared file position and cannot be split across "
                          "threads (use prw)",
                          m->name);
    if (!mb_method_accepts_hint(m, c->hint))
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "method %s does not take hint %s", m->name,
                          mb_hint_name(c->hint));
    if ((m->caps & MB_CAP_CASE_ONLY) && c->lifetime != MB_LIFETIME_CASE)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "method %s makes its state once per case: lifetime:case only", m->name);
    if (c->lifetime == MB_LIFETIME_CASE &&
        (c->hint == MB_HINT_POPULATE || c->hint == MB_HINT_WILLNEED))
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "hint %s acts once, when the file is opened or mapped: with "
                          "lifetime:case it would act before the first pass only",
                          mb_hint_name(c->hint));
    if (c->lifetime == MB_LIFETIME_CASE && c->cache == MB_CACHE_COLD && (m->caps & MB_CAP_MAPPED) &&
        !m->drop)
        return mb_err_set(err, MB_E_UNSUPPORTED, 0, NULL,
                          "unsupported on this platform: method %s cannot make a kept "
                          "mapping's pages evictable, so a cold pass with lifetime:case cannot "
                          "be made honestly",
                          m->name);
    if ((m->caps & MB_CAP_ASYNC) && (c->queue_depth < 1 || c->queue_depth > MB_QUEUE_DEPTH_MAX))
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "queue depth %u out of range (1 to %u)",
                          c->queue_depth, MB_QUEUE_DEPTH_MAX);
    if (!(m->caps & MB_CAP_ASYNC) && c->queue_depth != 0)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "method %s has one request in flight per thread: no queue depth",
                          m->name);
    if (c->hint == MB_HINT_FIXED && !(m->caps & MB_CAP_ASYNC))
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "hint fixed registers the buffers of an asynchronous queue: not for %s",
                          m->name);
    if ((c->threads > 1 || c->queue_depth > 1) && c->op.kind != MB_OP_READ &&
        c->pattern.kind == MB_PAT_ZIPF)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "zipf writes with several threads or requests in flight write the "
                          "same hot blocks concurrently, so no checksum can be verified");
    /* every thread holds one buffer per request in flight, all touched */
    uint64_t qd = c->queue_depth ? c->queue_depth : 1;
    uint64_t buffers = mb_u64_mul_sat(mb_u64_mul_sat(c->threads, qd), c->bs);
    if (buffers > MB_CASE_BUFFERS_MAX || (c->memlimit && buffers > c->memlimit / 2))
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "threads x queue depth x block size = %llu MiB of buffers: more than "
                          "%s",
                          (unsigned long long)(buffers >> 20),
                          c->memlimit ? "half the memory limit" : "the 4 GiB mapbench allows");
    return 0;
}

void mb_case_name(const struct mb_case_spec *c, char *buf, size_t len)
{
    struct mb_case_fields f;
    memset(&f, 0, sizeof f);
    snprintf(f.op, sizeof f.op, "%s", c->op.name);
    snprintf(f.pattern, sizeof f.pattern, "%s", c->pattern.name);
    snprintf(f.method, sizeof f.method, "%s", c->method->name);
    snprintf(f.hint, sizeof f.hint, "%s", mb_hint_name(c->hint));
    snprintf(f.cache, sizeof f.cache, "%s", mb_cache_name(c->cache));
    snprintf(f.lifetime, sizeof f.lifetime, "%s", mb_lifetime_name(c->lifetime));
    f.size = c->size;
    f.bs = c->bs;
    f.threads = c->threads;
    f.qd = (c->method->caps & MB_CAP_ASYNC) ? c->queue_depth : 0;
    f.memlimit = c->memlimit;
    mb_case_fields_name(&f, buf, len);
}

void mb_case_fields_name(const struct mb_case_fields *f, char *buf, size_t len)
{
    char method[48], qd[24] = "", memlimit[40] = "";
    if (strcmp(f->hint, "none") == 0)
        snprintf(method, sizeof method, "%s", f->method);
    else
        snprintf(method, sizeof method, "%s:%s", f->method, f->hint);
    if (f->qd)
        snprintf(qd, sizeof qd, "/qd:%u", f->qd);
    if (f->memlimit)
        snprintf(memlimit, sizeof memlimit, "/memlimit:%" PRIu64, f->memlimit);
    snprintf(buf, len,
             "%s/%s/%s/size:%" PRIu64 "/bs:%" PRIu64 "/cache:%s/lifetime:%s/threads:%u%s%s", f->op,
             f->pattern, method, f->size, f->bs, f->cache, f->lifetime, f->threads, qd, memlimit);
}

/* Copies the text after `key` in `field` into out; fails if the prefix is missing. */
static bool field_value(const char *field, const char *key, char *out, size_t cap)
{
    size_t kl = strlen(key);
    if (strncmp(field, key, kl) != 0 || strlen(field + kl) >= cap || field[kl] == '\0')
        return false;
    strcpy(out, field + kl);
    return true;
}

static bool parse_u64(const char *s, uint64_t *v)
{
    if (*s < '0' || *s > '9')
        return false;
    char *end;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 10);
    if (*end || errno || x == 0)
        return false;
    *v = x;
    return true;
}

/* Cuts an aggregate suffix ("_mean", "_stddev", ...: Google Benchmark puts it on the last
 * field of a name) off a number; false if nothing is left. */
static bool strip_aggregate(char *num)
{
    char *us = strchr(num, '_');
    if (us)
        *us = '\0';
    return num[0] != '\0';
}

int mb_case_parse_name(const char *name, struct mb_case_fields *out, struct mb_err *err)
{
    memset(out, 0, sizeof *out);
    char tmp[512];
    if (strlen(name) >= sizeof tmp)
        goto bad;
    strcpy(tmp, name);
    char *field[16];
    int n = 0;
    for (char *s = strtok(tmp, "/"); s && n < 16; s = strtok(NULL, "/"))
        field[n++] = s;
    if (n < 7)
        goto bad;
    char num[32], *colon;
    if (strlen(field[0]) >= sizeof out->op || strlen(field[1]) >= sizeof out->pattern)
        goto bad;
    strcpy(out->op, field[0]);
    strcpy(out->pattern, field[1]);
    colon = strchr(field[2], ':');
    if (colon) {
        *colon = '\0';
        if (strlen(colon + 1) >= sizeof out->hint)
            goto bad;
        strcpy(out->hint, colon + 1);
    } else {
        strcpy(out->hint, "none");
    }
    if (strlen(field[2]) >= sizeof out->method || field[2][0] == '\0')
        goto bad;
    strcpy(out->method, field[2]);
    uint64_t threads;
    if (!field_value(field[3], "size:", num, sizeof num) || !parse_u64(num, &out->size) ||
        !field_value(field[4], "bs:", num, sizeof num) || !parse_u64(num, &out->bs) ||
        !field_value(field[5], "cache:", out->cache, sizeof out->cache))
        goto bad;
    /* optional fields between cache and threads, each read as its default when absent */
    int k = 6;
    strcpy(out->lifetime, "pass");
    if (field_value(field[k], "lifetime:", out->lifetime, sizeof out->lifetime)) {
        enum mb_lifetime l;
        if (mb_lifetime_parse(out->lifetime, &l, NULL) != 0 || ++k >= n)
            goto bad;
    }
    if (!field_value(field[k], "threads:", num, sizeof num) || !strip_aggregate(num) ||
        !parse_u64(num, &threads) || threads > 4096)
        goto bad;
    out->threads = (unsigned)threads;
    /* optional fields after threads (then Google Benchmark's own suffixes, ignored) */
    uint64_t v;
    if (++k < n && field_value(field[k], "qd:", num, sizeof num)) {
        if (!strip_aggregate(num) || !parse_u64(num, &v) || v > MB_QUEUE_DEPTH_MAX)
            goto bad;
        out->qd = (unsigned)v;
        k++;
    }
    if (k < n && field_value(field[k], "memlimit:", num, sizeof num)) {
        if (!strip_aggregate(num) || !parse_u64(num, &out->memlimit))
            goto bad;
    }
    /* archived names of asynchronous methods from before the qd field ran at depth 1 */
    const struct mb_method *m;
    if (out->qd == 0 && mb_method_find(out->method, &m, NULL) == 0 && (m->caps & MB_CAP_ASYNC))
        out->qd = 1;
    return 0;
bad:
    return mb_err_set(err, MB_E_USAGE, 0, NULL, "'%s' is not a mapbench case name", name);
}
