/* results.c: the reader of mapbench run directories (Google Benchmark JSON via jansson). */
#include "report/results.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const metric_keys[MB_M_COUNT] = {
    "bytes_per_second",
    "items_per_second",
    "real_time",
    "minor_faults",
    "major_faults",
    "usr_s",
    "sys_s",
    "vol_cs",
    "invol_cs",
    "tlb_shootdowns",
    "resident_before",
    "pass_fraction",
    "bytes_per_pass",
    "lat_p50_us",
    "lat_p99_us",
};

const char *mb_metric_key(enum mb_metric m)
{
    return (unsigned)m < MB_M_COUNT ? metric_keys[m] : "?";
}

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

/* The name without trailing Google Benchmark components; malloc'd. */
static char *strip_name(const char *name)
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

static bool parse_u64(const char *s, uint64_t *out)
{
    if (*s < '0' || *s > '9')
        return false;
    uint64_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (UINT64_MAX - 9) / 10)
            return false;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    *out = v;
    return true;
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
    if (!parse_u64(num, &out->msg))
        return false;
    memcpy(out->workload, w, (size_t)(t - w));
    memcpy(out->transport, t + 1, (size_t)(m - t - 1));
    return true;
}

static void case_free(struct mb_rcase *c)
{
    free(c->name);
    free(c->key);
    for (int m = 0; m < MB_M_COUNT; m++)
        free(c->v[m]);
    free(c->errmsg);
}

void mb_results_free(struct mb_results *r)
{
    for (size_t i = 0; i < r->n; i++)
        case_free(&r->c[i]);
    free(r->c);
    free(r->path);
    memset(r, 0, sizeof *r);
}

/* The canonical key of a case name into buf: mb_case_fields_name of a file case name, the
 * suffix-stripped name otherwise. False when it does not fit. */
static bool name_key(const char *name, char *buf, size_t len)
{
    struct mb_case_fields f;
    char *s = strip_name(name);
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

const struct mb_rcase *mb_results_find_name(const struct mb_results *r, const char *name)
{
    char key[512];
    if (!name_key(name, key, sizeof key))
        return NULL;
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->c[i].key, key) == 0)
            return &r->c[i];
    return NULL;
}

bool mb_results_has_lifetime(const struct mb_results *r, const char *lifetime)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->c[i].kind == MB_KIND_FILE && r->c[i].n && strcmp(r->c[i].f.lifetime, lifetime) == 0)
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
            c->f.threads == threads && strcmp(c->f.op, op) == 0 &&
            strcmp(c->f.pattern, pattern) == 0 && strcmp(c->f.method, method) == 0 &&
            strcmp(c->f.hint, hint) == 0 && strcmp(c->f.cache, cache) == 0 &&
            (!lifetime || strcmp(c->f.lifetime, lifetime) == 0))
            return c;
    }
    return NULL;
}

/* The case named `name` (stripped), appended when new. */
static struct mb_rcase *case_get(struct mb_results *r, const char *raw, struct mb_err *err)
{
    char *name = strip_name(raw);
    if (!name)
        return NULL;
    /* rows of one case come together: look at the newest case first */
    for (size_t k = r->n; k > 0; k--) {
        if (strcmp(r->c[k - 1].name, name) == 0) {
            free(name);
            return &r->c[k - 1];
        }
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
    if (!c.key) {
        free(name);
        mb_err_set(err, MB_E_NOMEM, 0, NULL, "%s: out of memory", r->path);
        return NULL;
    }
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 64;
        struct mb_rcase *nc = realloc(r->c, cap * sizeof *nc);
        if (!nc) {
            free(name);
            free(c.key);
            mb_err_set(err, MB_E_NOMEM, 0, NULL, "%s: out of memory", r->path);
            return NULL;
        }
        r->c = nc;
        r->cap = cap;
    }
    r->c[r->n] = c;
    return &r->c[r->n++];
foreign:
    mb_err_set(err, MB_E_USAGE, 0, NULL, "%s: benchmark '%.200s' is not a mapbench case name",
               r->path, raw);
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

static int add_row(struct mb_results *r, json_t *row, size_t idx, struct mb_err *err)
{
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
    if (json_is_true(json_object_get(row, "error_occurred"))) {
        c->nerr++;
        if (!c->errmsg) {
            const char *m = json_string_value(json_object_get(row, "error_message"));
            c->errmsg = strdup(m && *m ? m : "(no message)");
            if (!c->errmsg)
                return mb_err_set(err, MB_E_NOMEM, 0, NULL, "%s: out of memory", r->path);
        }
        return 0;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 8;
        for (int m = 0; m < MB_M_COUNT; m++) {
            double *nv = realloc(c->v[m], cap * sizeof *nv);
            if (!nv)
                return mb_err_set(err, MB_E_NOMEM, 0, NULL, "%s: out of memory", r->path);
            c->v[m] = nv;
        }
        c->cap = cap;
    }
    for (int m = 0; m < MB_M_COUNT; m++) {
        json_t *v = json_object_get(row, metric_keys[m]);
        c->v[m][c->n] = json_is_number(v) ? json_number_value(v) : NAN;
    }
    c->v[MB_M_TIME][c->n] *= unit_seconds(json_string_value(json_object_get(row, "time_unit")));
    c->n++;
    return 0;
}

/* A context value that says yes ("true", "1", "yes"). */
static bool truthy(const char *v)
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
    size_t clen;
    char *clean = denan(text, len, &clen);
    if (!clean) {
        mb_results_free(out);
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "%s: out of memory", path);
    }
    json_error_t je;
    json_t *root = json_loadb(clean, clen, 0, &je);
    free(clean);
    int rc = 0;
    if (!root) {
        /* jansson's text has no newline; keep the message on one line anyway */
        for (char *p = je.text; *p; p++)
            if (*p == '\n' || *p == '\r')
                *p = ' ';
        rc = mb_err_set(err, MB_E_USAGE, 0, NULL, "%s: %s JSON at line %d column %d: %s", path,
                        strstr(je.text, "end of file") ? "truncated" : "malformed", je.line,
                        je.column, je.text);
        goto out;
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
    out->wine = json_is_true(wine) || (json_is_string(wine) && truthy(json_string_value(wine)));
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

/* Reads a whole file; MB_E_IO on failure. */
static int slurp(const char *path, char **buf, size_t *len, struct mb_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return mb_err_set(err, MB_E_IO, errno, "fopen", "cannot open %s", path);
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    while (b) {
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (n < cap)
            break;
        if (cap >= ((size_t)1 << 32)) {
            free(b);
            fclose(f);
            return mb_err_set(err, MB_E_USAGE, 0, NULL, "%s: file too large", path);
        }
        char *nb = realloc(b, cap * 2);
        if (!nb) {
            free(b);
            b = NULL;
            break;
        }
        b = nb;
        cap *= 2;
    }
    if (!b) {
        fclose(f);
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "%s: out of memory", path);
    }
    if (ferror(f)) {
        int e = errno;
        free(b);
        fclose(f);
        return mb_err_set(err, MB_E_IO, e, "fread", "cannot read %s", path);
    }
    fclose(f);
    *buf = b;
    *len = n;
    return 0;
}

int mb_results_load(const char *path, struct mb_results *out, struct mb_err *err)
{
    memset(out, 0, sizeof *out);
    char *buf;
    size_t len;
    int rc = slurp(path, &buf, &len, err);
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

void mb_run_free(struct mb_run *run)
{
    free(run->dir);
    free(run->machine);
    free(run->stamp);
    mb_results_free(&run->file);
    mb_results_free(&run->ipc);
    for (size_t i = 0; i < run->nctx; i++) {
        free(run->ctx[i].key);
        free(run->ctx[i].val);
    }
    free(run->ctx);
    free(run->virt_evidence);
    memset(run, 0, sizeof *run);
}

const char *mb_run_ctx(const struct mb_run *run, const char *key)
{
    for (size_t i = 0; i < run->nctx; i++)
        if (strcmp(run->ctx[i].key, key) == 0)
            return run->ctx[i].val;
    return NULL;
}

static char *value_text(json_t *v)
{
    char num[64];
    switch (json_typeof(v)) {
    case JSON_STRING:
        return strdup(json_string_value(v));
    case JSON_INTEGER:
        snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
        return strdup(num);
    case JSON_REAL:
        snprintf(num, sizeof num, "%.17g", json_real_value(v));
        return strdup(num);
    case JSON_TRUE:
        return strdup("true");
    case JSON_FALSE:
        return strdup("false");
    case JSON_NULL:
        return strdup("null");
    default:
        return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    }
}

/* A number of a JSON object, NaN when absent or not a number. */
static double obj_num(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static void memrate(json_t *o, struct mb_memrate *out)
{
    out->consume = obj_num(o, "consume_gbps");
    out->plain = obj_num(o, "plain_gbps");
    out->memcpy = obj_num(o, "memcpy_gbps");
}

/* The structured context.json fields: memory_check and virtualization (absent in old runs;
 * a field of the wrong type reads as absent). */
static int load_structured(struct mb_run *run, json_t *root)
{
    json_t *mc = json_object_get(root, "memory_check");
    if (json_is_object(mc)) {
        struct mb_memcheck *m = &run->memcheck;
        m->present = true;
        m->buffer_bytes = obj_num(mc, "buffer_bytes");
        const char *k = json_string_value(json_object_get(mc, "kernel"));
        snprintf(m->kernel, sizeof m->kernel, "%s", k ? k : "");
        memrate(json_object_get(mc, "start"), &m->start);
        memrate(json_object_get(mc, "end"), &m->end);
    }
    json_t *vi = json_object_get(root, "virtualization");
    if (json_is_object(vi)) {
        const char *t = json_string_value(json_object_get(vi, "type"));
        const char *e = json_string_value(json_object_get(vi, "evidence"));
        snprintf(run->virt_type, sizeof run->virt_type, "%s", t ? t : "");
        if (e && !(run->virt_evidence = strdup(e)))
            return MB_E_NOMEM;
        for (char *p = run->virt_evidence; p && *p; p++)
            if (*p == '\n' || *p == '\r' || *p == '|')
                *p = ' ';
    }
    return 0;
}

static int load_context(struct mb_run *run, const char *path, struct mb_err *err)
{
    char *buf;
    size_t len;
    int rc = slurp(path, &buf, &len, err);
    if (rc)
        return rc;
    size_t clen;
    char *clean = denan(buf, len, &clen);
    free(buf);
    if (!clean)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "%s: out of memory", path);
    json_error_t je;
    json_t *root = json_loadb(clean, clen, 0, &je);
    free(clean);
    if (!root) {
        for (char *p = je.text; *p; p++)
            if (*p == '\n' || *p == '\r')
                *p = ' ';
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "%s: malformed JSON at line %d column %d: %s",
                          path, je.line, je.column, je.text);
    }
    if (!json_is_object(root)) {
        json_decref(root);
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "%s: not a JSON object", path);
    }
    size_t n = json_object_size(root);
    run->ctx = calloc(n ? n : 1, sizeof *run->ctx);
    if (!run->ctx) {
        json_decref(root);
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "%s: out of memory", path);
    }
    if (load_structured(run, root) != 0) {
        json_decref(root);
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "%s: out of memory", path);
    }
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v)
    {
        struct mb_kv *kv = &run->ctx[run->nctx];
        kv->key = strdup(key);
        kv->val = value_text(v);
        if (!kv->key || !kv->val) {
            free(kv->key);
            free(kv->val);
            json_decref(root);
            return mb_err_set(err, MB_E_NOMEM, 0, NULL, "%s: out of memory", path);
        }
        for (char *p = kv->val; *p; p++)
            if (*p == '\n' || *p == '\r' || *p == '|')
                *p = ' ';
        run->nctx++;
    }
    json_decref(root);
    return 0;
}

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* The last component of a path (after trailing slashes are gone); malloc'd. */
static char *last_component(const char *path)
{
    const char *s = strrchr(path, '/');
    return strdup(s ? s + 1 : path);
}

int mb_run_load(const char *dir, struct mb_run *run, struct mb_err *err)
{
    memset(run, 0, sizeof *run);
    struct stat st;
    if (!dir || !*dir)
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "empty result directory name");
    if (stat(dir, &st) != 0)
        return mb_err_set(err, MB_E_IO, errno, "stat", "result directory %s", dir);
    if (!S_ISDIR(st.st_mode))
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "%s is not a directory", dir);
    run->dir = strdup(dir);
    if (!run->dir)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    size_t dl = strlen(run->dir);
    while (dl > 1 && run->dir[dl - 1] == '/')
        run->dir[--dl] = '\0';
    size_t plen = dl + 32;
    char *path = malloc(plen);
    int rc = 0;
    if (!path) {
        rc = mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
        goto out;
    }
    snprintf(path, plen, "%s/mapbench.json", run->dir);
    if (file_exists(path)) {
        if ((rc = mb_results_load(path, &run->file, err)) != 0)
            goto out;
        run->has_file = true;
    }
    snprintf(path, plen, "%s/mapbench-ipc.json", run->dir);
    if (file_exists(path)) {
        if ((rc = mb_results_load(path, &run->ipc, err)) != 0)
            goto out;
        run->has_ipc = true;
    }
    if (!run->has_file && !run->has_ipc) {
        rc = mb_err_set(err, MB_E_USAGE, 0, NULL,
                        "%s is not a mapbench run (no mapbench.json or mapbench-ipc.json)",
                        run->dir);
        goto out;
    }
    snprintf(path, plen, "%s/context.json", run->dir);
    if (file_exists(path) && (rc = load_context(run, path, err)) != 0)
        goto out;
    const char *m = mb_run_ctx(run, "machine");
    const char *t = mb_run_ctx(run, "timestamp");
    const char *w = mb_run_ctx(run, "under_wine");
    /* context.json says so, or the programs' own context did (a run without context.json) */
    run->wine = (w && truthy(w)) || run->file.wine || run->ipc.wine;
    run->stamp = t && *t ? strdup(t) : last_component(run->dir);
    if (m && *m) {
        run->machine = strdup(m);
    } else {
        /* results/<machine>/<timestamp>: the parent directory's name */
        char *parent = strdup(run->dir);
        char *s = parent ? strrchr(parent, '/') : NULL;
        if (s && s != parent) {
            *s = '\0';
            run->machine = last_component(parent);
        } else {
            run->machine = strdup("unknown");
        }
        free(parent);
    }
    if (!run->stamp || !run->machine)
        rc = mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
out:
    free(path);
    if (rc)
        mb_run_free(run);
    return rc;
}
