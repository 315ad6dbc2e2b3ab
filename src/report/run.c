/* report/run.c: the reader of a run directory results/<machine>/<timestamp>/: its result
 * files (results.c), context.json and its timelines (timeline.c). */
#include "report/results.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report/reader.h"

void mb_result_run_free(struct mb_result_run *run)
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
    mb_timeline_free(&run->tl);
    for (size_t i = 0; i < run->n_not_run; i++) {
        free(run->not_run[i].name);
        free(run->not_run[i].reason);
    }
    free(run->not_run);
    memset(run, 0, sizeof *run);
}

const char *mb_result_run_ctx(const struct mb_result_run *run, const char *key)
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

/* context.json's not_run: "<case name>\t<reason>" strings (entries of another type are
 * ignored). 0 or MB_E_NOMEM. */
static int load_not_run(struct mb_result_run *run, json_t *nr)
{
    if (!json_is_array(nr) || !json_array_size(nr))
        return 0;
    run->not_run = calloc(json_array_size(nr), sizeof *run->not_run);
    if (!run->not_run)
        return MB_E_NOMEM;
    size_t i;
    json_t *v;
    json_array_foreach(nr, i, v)
    {
        const char *t = json_string_value(v);
        if (!t)
            continue;
        const char *tab = strchr(t, '\t');
        struct mb_not_run *e = &run->not_run[run->n_not_run];
        e->name = tab ? strndup(t, (size_t)(tab - t)) : strdup(t);
        e->reason = strdup(tab ? tab + 1 : "");
        if (!e->name || !e->reason) {
            free(e->name);
            free(e->reason);
            return MB_E_NOMEM;
        }
        run->n_not_run++;
        char *s = mb_reader_strip_name(e->name);
        e->file = s && strncmp(s, "ipc/", 4) != 0 && mb_case_parse_name(s, &e->f, NULL) == 0;
        free(s);
        for (char *p = e->name; *p; p++) /* both are shown in Markdown tables */
            if (*p == '\n' || *p == '\r' || *p == '|' || *p == '`')
                *p = ' ';
        for (char *p = e->reason; *p; p++)
            if (*p == '\n' || *p == '\r' || *p == '|')
                *p = ' ';
    }
    return 0;
}

/* The structured context.json fields: memory_check, virtualization and not_run (absent in old
 * runs; a field of the wrong type reads as absent). */
static int load_structured(struct mb_result_run *run, json_t *root)
{
    if (load_not_run(run, json_object_get(root, "not_run")) != 0)
        return MB_E_NOMEM;
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

static int load_context(struct mb_result_run *run, const char *path, struct mb_err *err)
{
    char *buf;
    size_t len;
    int rc = mb_reader_slurp(path, &buf, &len, err);
    if (rc)
        return rc;
    json_t *root;
    rc = mb_reader_json(buf, len, path, false, &root, err);
    free(buf);
    if (rc)
        return rc;
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

/* The run's machine, timestamp and wine flag: from context.json, else from the path
 * results/<machine>/<timestamp> (and the result files' own context). False when out of
 * memory. */
static bool run_identity(struct mb_result_run *run)
{
    const char *m = mb_result_run_ctx(run, "machine");
    const char *t = mb_result_run_ctx(run, "timestamp");
    const char *w = mb_result_run_ctx(run, "under_wine");
    /* context.json says so, or the programs' own context did (a run without context.json) */
    run->wine = (w && mb_reader_truthy(w)) || run->file.wine || run->ipc.wine;
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
    return run->stamp && run->machine;
}

int mb_result_run_load(const char *dir, struct mb_result_run *run, struct mb_err *err)
{
    memset(run, 0, sizeof *run);
    struct stat st;
    if (!dir || !*dir)
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "empty result directory name");
    if (stat(dir, &st) != 0) /* a directory that is not there is bad input, not a failure */
        return mb_err_set(err, errno == ENOENT || errno == ENOTDIR ? MB_E_USAGE : MB_E_IO, errno,
                          "stat", "result directory %s", dir);
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
    snprintf(path, plen, "%s/timeline", run->dir);
    if ((rc = mb_timeline_load_dir(path, &run->tl, err)) != 0)
        goto out;
    if (!run_identity(run))
        rc = mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
out:
    free(path);
    if (rc)
        mb_result_run_free(run);
    return rc;
}
