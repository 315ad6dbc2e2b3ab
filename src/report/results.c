/* report/results.c: the reader of mapbench result files (Google Benchmark JSON via jansson),
 * and the JSON and file helpers run.c shares (report/reader.h). */
#include "report/results.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/counters.h"
#include "core/parse.h"
#include "core/status.h"
#include "report/reader.h"

/* The counter of each metric (enum mb_metric order), spelled as the writers spell it. */
static const char *const metric_keys[MB_M_COUNT] = {
    MB_C_BYTES_PER_SECOND,
    MB_C_ITEMS_PER_SECOND,
    MB_C_REAL_TIME,
    MB_C_MINOR_FAULTS,
    MB_C_MAJOR_FAULTS,
    MB_C_USR_S,
    MB_C_SYS_S,
    MB_C_VOL_CS,
    MB_C_INVOL_CS,
    MB_C_TLB_SHOOTDOWNS,
    MB_C_RESIDENT_BEFORE,
    MB_C_PASS_FRACTION,
    MB_C_BYTES_PER_PASS,
    MB_C_LAT_P50_US,
    MB_C_LAT_P99_US,
    MB_C_DEVICE_READ_BYTES,
    MB_C_DEVICE_WRITE_BYTES,
    MB_C_READ_AMPLIFICATION,
    MB_C_CGROUP_PEAK_BYTES,
    MB_C_MEMLIMIT_BYTES,
};

/* Copies JSON text, replacing the bare tokens NaN, -NaN, Infinity and -Infinity outside strings
 * by null (Google Benchmark writes them; strict JSON parsers refuse them). */
static char *denan(const char *in, size_t len, size_t *outlen)
{
    char *out = malloc(len + len / 3 + 16);
    if (!out)
        return NULL;
    size_t o = 0;
    int instr = 0;
    for (size_t i = 0; i < len; i++) {
        char c = in[i];
        if (instr) {
            out[o++] = c;
            if (c == '\\' && i + 1 < len)
                out[o++] = in[++i];
            else if (c == '"')
                instr = 0;
            continue;
        }
        if (c == '"') {
            instr = 1;
            out[o++] = c;
            continue;
        }
        size_t neg = (c == '-') ? 1 : 0;
        size_t skip = 0;
        if (i + neg + 3 <= len && memcmp(in + i + neg, "NaN", 3) == 0)
            skip = neg + 3;
        else if (i + neg + 8 <= len && memcmp(in + i + neg, "Infinity", 8) == 0)
            skip = neg + 8;
        if (skip) {
            memcpy(out + o, "null", 4);
            o += 4;
            i += skip - 1;
            continue;
        }
        out[o++] = c;
    }
    *outlen = o;
    return out;
}

int mb_reader_json(const char *text, size_t len, const char *path, bool say_truncated,
                   json_t **root, struct mb_err *err)
{
    size_t clen;
    char *clean = denan(text, len, &clen);
    if (!clean)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "%s: out of memory", path);
    json_error_t je;
    *root = json_loadb(clean, clen, 0, &je);
    free(clean);
    if (*root)
        return 0;
    /* jansson's text has no newline; keep the message on one line anyway */
    for (char *p = je.text; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    bool truncated = say_truncated && strstr(je.text, "end of file");
    return mb_err_set(err, MB_E_USAGE, 0, NULL, "%s: %s JSON at line %d column %d: %s", path,
                      truncated ? "truncated" : "malformed", je.line, je.column, je.text);
}

static bool gb_suffix(const char *comp)
{
    static const char *const exact[] = {"manual_time", "real_time", "process_time"};
    static const char *const prefix[] = {
        "repeats:", "iterations:", "min_time:", "min_warmup_time:"};
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
        if (strcmp(comp, exact[i]) == 0)
            return true;
    for (size_t i = 0; i < sizeof prefix / sizeof prefix[0]; i++)
        if (strncmp(comp, prefix[i], strlen(prefix[i])) == 0)
            return true;
    return false;
}

char *mb_reader_strip_name(const char *name)
{
    char *s = strdup(name);
    if (!s)
        return NULL;
    for (;;) {
        char *slash = strrchr(s, '/');
        if (!slash || !gb_suffix(slash + 1))
            break;
        *slash = '\0';
    }
    return s;
}

/* Parses "ipc/<workload>/<transport>/msg:<bytes>[/...]". */
static bool parse_ipc(const char *name, struct mb_ipc_fields *out)
{
    memset(out, 0, sizeof *out);
    if (strncmp(name, "ipc/", 4) != 0)
        return false;
    const char *w = name + 4, *t = strchr(w, '/');
    if (!t || t == w || (size_t)(t - w) >= sizeof out->workload)
        return false;
    const char *m = strchr(t + 1, '/');
    if (!m || m == t + 1 || (size_t)(m - t - 1) >= sizeof out->transport)
        return false;
    if (strncmp(m + 1, "msg:", 4) != 0)
        return false;
    char num[24];
    const char *e = strchr(m + 5, '/');
    size_t nl = e ? (size_t)(e - m - 5) : strlen(m + 5);
    if (nl == 0 || nl >= sizeof num)
        return false;
    memcpy(num, m + 5, nl);
    num[nl] = '\0';
    /* the core parser: a positive whole number (msg:0 is no mapbench case: the programs
     * reject a zero message size, so such a name reads as foreign) */
    if (mb_parse_count(num, "message size", UINT64_MAX, &out->msg, NULL) != 0)
        return false;
    memcpy(out->workload, w, (size_t)(t - w));
    memcpy(out->transport, t + 1, (size_t)(m - t - 1));
    return true;
}

static void case_free(struct mb_rcase *c)
{
    free(c->name);
    free(c->key);
    free(c->v[0]); /* the block of every metric's values */
    free(c->errmsg);
}

void mb_results_free(struct mb_results *r)
{
    for (size_t i = 0; i < r->n; i++)
        case_free(&r->c[i]);
    free(r->c);
    free(r->by_name);
    free(r->by_key);
    free(r->path);
    memset(r, 0, sizeof *r);
}

/* The canonical key of a case name into buf: mb_case_fields_name of a file case name, the
 * suffix-stripped name otherwise. False when it does not fit. */
static bool name_key(const char *name, char *buf, size_t len)
{
    struct mb_case_fields f;
    char *s = mb_reader_strip_name(name);
    if (!s)
        return false;
    int n;
    if (strncmp(s, "ipc/", 4) != 0 && mb_case_parse_name(s, &f, NULL) == 0) {
        mb_case_fields_name(&f, buf, len);
        n = (int)strlen(buf);
    } else {
        n = snprintf(buf, len, "%s", s);
    }
    free(s);
    return n >= 0 && (size_t)n < len - 1;
}

/* FNV-1a hash of a NUL-terminated string. */
static size_t str_hash(const char *s)
{
    uint64_t h = 14695981039346656037ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return (size_t)h;
}

/* The slot of index `tab` (of r->hcap slots) that holds the case whose name (by_key false)
 * or key (true) is s, or the empty slot where it belongs. */
static size_t *hash_slot(const struct mb_results *r, size_t *tab, bool by_key, const char *s)
{
    size_t mask = r->hcap - 1;
    for (size_t h = str_hash(s) & mask;; h = (h + 1) & mask) {
        size_t *slot = &tab[h];
        if (*slot == 0)
            return slot;
        const struct mb_rcase *c = &r->c[*slot - 1];
        if (strcmp(by_key ? c->key : c->name, s) == 0)
            return slot;
    }
}

/* The case index + 1 with this name (by_key false) or key, 0 when none. */
static size_t hash_find(const struct mb_results *r, bool by_key, const char *s)
{
    if (r->hcap == 0)
        return 0;
    return *hash_slot(r, by_key ? r->by_key : r->by_name, by_key, s);
}

/* Indexes case i (name and key; a key already indexed keeps its first case). */
static void hash_add(struct mb_results *r, size_t i)
{
    size_t *s = hash_slot(r, r->by_name, false, r->c[i].name);
    if (*s == 0)
        *s = i + 1;
    s = hash_slot(r, r->by_key, true, r->c[i].key);
    if (*s == 0)
        *s = i + 1;
}

/* Makes room in the indexes for one more case (load at most 1/2); false when out of memory. */
static bool hash_reserve(struct mb_results *r)
{
    if (2 * (r->n + 1) <= r->hcap)
        return true;
    size_t cap = r->hcap ? 2 * r->hcap : 128;
    size_t *bn = calloc(cap, sizeof *bn), *bk = calloc(cap, sizeof *bk);
    if (!bn || !bk) {
        free(bn);
        free(bk);
        return false;
    }
    free(r->by_name);
    free(r->by_key);
    r->by_name = bn;
    r->by_key = bk;
    r->hcap = cap;
    for (size_t i = 0; i < r->n; i++)
        hash_add(r, i);
    return true;
}

const struct mb_rcase *mb_results_find_name(const struct mb_results *r, const char *name)
{
    char key[512];
    if (!name_key(name, key, sizeof key))
        return NULL;
    size_t i = hash_find(r, true, key);
    return i ? &r->c[i - 1] : NULL;
}

bool mb_results_has_lifetime(const struct mb_results *r, const char *lifetime)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->c[i].kind == MB_KIND_FILE && r->c[i].n && !r->c[i].f.memlimit &&
            strcmp(r->c[i].f.lifetime, lifetime) == 0)
            return true;
    return false;
}

const struct mb_rcase *mb_results_find(const struct mb_results *r, const char *op,
                                       const char *pattern, const char *method, const char *hint,
                                       uint64_t size, uint64_t bs, const char *cache,
                                       const char *lifetime, unsigned threads)
{
    for (size_t i = 0; i < r->n; i++) {
        const struct mb_rcase *c = &r->c[i];
        if (c->kind == MB_KIND_FILE && c->f.size == size && c->f.bs == bs &&
            c->f.threads == threads && c->f.memlimit == 0 && strcmp(c->f.op, op) == 0 &&
            strcmp(c->f.pattern, pattern) == 0 && strcmp(c->f.method, method) == 0 &&
            strcmp(c->f.hint, hint) == 0 && strcmp(c->f.cache, cache) == 0 &&
            (!lifetime || strcmp(c->f.lifetime, lifetime) == 0))
            return c;
    }
    return NULL;
}

const struct mb_rcase *mb_results_find_fields(const struct mb_results *r,
                                              const struct mb_case_fields *f)
{
    char key[512];
    mb_case_fields_name(f, key, sizeof key);
    size_t i = hash_find(r, true, key);
    return i && r->c[i - 1].kind == MB_KIND_FILE ? &r->c[i - 1] : NULL;
}

/* The case named `name` (stripped), appended when new. */
static struct mb_rcase *case_get(struct mb_results *r, const char *raw, struct mb_err *err)
{
    char *name = mb_reader_strip_name(raw);
    if (!name)
        return NULL;
    size_t k = hash_find(r, false, name);
    if (k) {
        free(name);
        return &r->c[k - 1];
    }
    struct mb_rcase c;
    memset(&c, 0, sizeof c);
    c.name = name;
    if (strncmp(name, "ipc/", 4) == 0) {
        if (!parse_ipc(name, &c.ipc))
            goto foreign;
        c.kind = MB_KIND_IPC;
        c.key = strdup(name);
    } else {
        if (mb_case_parse_name(name, &c.f, NULL) != 0)
            goto foreign;
        c.kind = MB_KIND_FILE;
        char key[512];
        mb_case_fields_name(&c.f, key, sizeof key);
        c.key = strdup(key);
    }
    if (!c.key)
        goto nomem;
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 64;
        struct mb_rcase *nc = realloc(r->c, cap * sizeof *nc);
        if (!nc)
            goto nomem;
        r->c = nc;
        r->cap = cap;
    }
    if (!hash_reserve(r))
        goto nomem;
    r->c[r->n] = c;
    hash_add(r, r->n);
    return &r->c[r->n++];
nomem:
    free(name);
    free(c.key);
    mb_err_set(err, MB_E_NOMEM, 0, NULL, "%s: out of memory", r->path);
    return NULL;
foreign:;
    char q[240];
    mb_reader_quote(raw, strlen(raw), q, sizeof q);
    mb_err_set(err, MB_E_USAGE, 0, NULL, "%s: benchmark '%s' is not a mapbench case name", r->path,
               q);
    free(name);
    return NULL;
}

static double unit_seconds(const char *unit)
{
    if (!unit || strcmp(unit, "ns") == 0)
        return 1e-9;
    if (strcmp(unit, "us") == 0)
        return 1e-6;
    if (strcmp(unit, "ms") == 0)
        return 1e-3;
    if (strcmp(unit, "s") == 0)
        return 1.0;
    return NAN;
}

/* A repetition that reported an error: counted; the first message is kept with the project
 * code it carries and whether it is a skip (mb_status_parse: an archived message without a
 * code name reads as MB_E_IO, its "skipped: " prefix still counts). */
static int add_error(struct mb_results *r, struct mb_rcase *c, json_t *row, struct mb_err *err)
{
    c->nerr++;
    if (c->errmsg)
        return 0;
    const char *m = json_string_value(json_object_get(row, "error_message"));
    c->errmsg = strdup(m && *m ? m : "(no message)");
    if (!c->errmsg)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "%s: out of memory", r->path);
    c->errcode = mb_status_parse(c->errmsg, &c->skipped);
    return 0;
}

/* The one-line refusal of field `field` of benchmarks[idx] (a repetition of case c). */
static int bad_value(const struct mb_results *r, const struct mb_rcase *c, size_t idx,
                     const char *field, const char *why, struct mb_err *err)
{
    char q[200];
    mb_reader_quote(c->name, strlen(c->name), q, sizeof q);
    return mb_err_set(err, MB_E_USAGE, 0, NULL, "%s: benchmarks[%zu] (case '%s'): \"%s\" %s",
                      r->path, idx, q, field, why);
}

/* Metric m of a successful repetition into *out (NaN when absent). Every value present must
 * be a number >= 0. A bare NaN/Infinity (read as null) is refused in real_time and the
 * throughputs (bytes_per_second, items_per_second), which the verdict and comparisons rank on;
 * in the other counters (latency percentiles a case could not measure, ...) it reads as
 * absent (NaN), as an absent counter does. */
static int row_value(const struct mb_results *r, const struct mb_rcase *c, json_t *row, size_t idx,
                     int m, double *out, struct mb_err *err)
{
    json_t *v = json_object_get(row, metric_keys[m]);
    bool key = m == MB_M_TIME || m == MB_M_BPS || m == MB_M_IPS;
    *out = NAN;
    if (!v)
        return 0;
    if (json_is_null(v)) {
        if (key)
            return bad_value(r, c, idx, metric_keys[m], "is NaN or infinite", err);
        return 0;
    }
    if (!json_is_number(v))
        return bad_value(r, c, idx, metric_keys[m], "is not a number", err);
    double d = json_number_value(v);
    if (!isfinite(d))
        return bad_value(r, c, idx, metric_keys[m], "is NaN or infinite", err);
    /* -1 is mapbench's "not measured" for the residency before a pass (Windows has no
     * residency check): absent, not a bad value */
    if (d == -1.0 && strcmp(metric_keys[m], MB_C_RESIDENT_BEFORE) == 0)
        return 0;
    if (d < 0)
        return bad_value(r, c, idx, metric_keys[m], "is negative", err);
    *out = d;
    return 0;
}

/* One row of "benchmarks": a raw repetition added to its case (aggregates are skipped). */
static int add_row(struct mb_results *r, json_t *row, size_t idx, struct mb_err *err)
{
    int rc;
    if (!json_is_object(row))
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "%s: benchmarks[%zu] is not an object (not Google Benchmark output)",
                          r->path, idx);
    const char *name = json_string_value(json_object_get(row, "name"));
    if (!name || !*name)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "%s: benchmarks[%zu] has no \"name\" (not Google Benchmark output)",
                          r->path, idx);
    json_t *rt = json_object_get(row, "run_type");
    if (rt && !json_is_string(rt))
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "%s: benchmarks[%zu]: bad \"run_type\"",
                          r->path, idx);
    if (rt && strcmp(json_string_value(rt), "iteration") != 0)
        return 0; /* aggregates: statistics come from the raw repetitions */
    struct mb_rcase *c = case_get(r, name, err);
    if (!c)
        return err && err->code ? err->code : MB_E_NOMEM;
    if (json_is_true(json_object_get(row, "error_occurred")))
        return add_error(r, c, row, err);
    if (c->n == c->cap) {
        /* one block for all metrics (v[m] = block + m * cap): one allocation per case, not
         * one per metric */
        size_t cap = c->cap ? 2 * c->cap : 4;
        double *blk = malloc(cap * MB_M_COUNT * sizeof *blk);
        if (!blk)
            return mb_err_set(err, MB_E_NOMEM, 0, NULL, "%s: out of memory", r->path);
        for (int m = 0; m < MB_M_COUNT; m++) {
            if (c->n)
                memcpy(blk + m * cap, c->v[m], c->n * sizeof *blk);
        }
        free(c->v[0]);
        for (int m = 0; m < MB_M_COUNT; m++)
            c->v[m] = blk + m * cap;
        c->cap = cap;
    }
    double val[MB_M_COUNT];
    for (int m = 0; m < MB_M_COUNT; m++)
        if ((rc = row_value(r, c, row, idx, m, &val[m], err)) != 0)
            return rc;
    json_t *unit = json_object_get(row, "time_unit");
    double scale = unit_seconds(json_string_value(unit));
    if ((unit && !json_is_string(unit)) || isnan(scale))
        return bad_value(r, c, idx, "time_unit", "is not ns, us, ms or s", err);
    for (int m = 0; m < MB_M_COUNT; m++)
        c->v[m][c->n] = val[m];
    c->v[MB_M_TIME][c->n] *= scale;
    c->n++;
    return 0;
}

bool mb_reader_truthy(const char *v)
{
    return strcmp(v, "true") == 0 || strcmp(v, "1") == 0 || strcmp(v, "yes") == 0;
}

int mb_results_parse(const char *text, size_t len, const char *path, struct mb_results *out,
                     struct mb_err *err)
{
    memset(out, 0, sizeof *out);
    out->path = strdup(path);
    if (!out->path)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    json_t *root;
    int rc = mb_reader_json(text, len, path, true, &root, err);
    if (rc) {
        mb_results_free(out);
        return rc;
    }
    json_t *bench = json_is_object(root) ? json_object_get(root, "benchmarks") : NULL;
    if (!json_is_array(bench) || !json_is_object(json_object_get(root, "context"))) {
        rc = mb_err_set(err, MB_E_USAGE, 0, NULL,
                        "%s: not Google Benchmark output (no \"context\" object and "
                        "\"benchmarks\" array)",
                        path);
        goto out;
    }
    json_t *wine = json_object_get(json_object_get(root, "context"), "under_wine");
    out->wine =
        json_is_true(wine) || (json_is_string(wine) && mb_reader_truthy(json_string_value(wine)));
    size_t i;
    json_t *row;
    json_array_foreach(bench, i, row)
    {
        if ((rc = add_row(out, row, i, err)) != 0)
            goto out;
    }
    if (out->n == 0)
        rc = mb_err_set(err, MB_E_USAGE, 0, NULL, "%s: no benchmark results in the file", path);
out:
    json_decref(root);
    if (rc)
        mb_results_free(out);
    return rc;
}

int mb_results_load(const char *path, struct mb_results *out, struct mb_err *err)
{
    memset(out, 0, sizeof *out);
    char *buf;
    size_t len;
    int rc = mb_reader_slurp(path, &buf, &len, err);
    if (rc)
        return rc;
    if (len == 0) {
        free(buf);
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "%s: empty file", path);
    }
    rc = mb_results_parse(buf, len, path, out, err);
    free(buf);
    return rc;
}
