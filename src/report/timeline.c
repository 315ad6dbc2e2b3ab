/* report/timeline.c: the reader of timeline files, JSON Lines of per-interval samples (see
 * report/timeline.h). */
#include "report/timeline.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/reader.h"

/* All timeline files of a run together: more is refused as bad input. */
#define TL_TOTAL_MAX ((size_t)512 << 20)

/* The largest repetition index a line may name. */
#define TL_REP_MAX 1000000

void mb_timeline_free(struct mb_timelines *tl)
{
    for (size_t i = 0; i < tl->n; i++) {
        free(tl->s[i].name);
        free(tl->s[i].key);
        free(tl->s[i].p);
    }
    free(tl->s);
    memset(tl, 0, sizeof *tl);
}

const struct mb_tl_series *mb_timeline_find(const struct mb_timelines *tl, const char *key,
                                            unsigned rep)
{
    for (size_t i = 0; i < tl->n; i++)
        if (tl->s[i].rep == rep && strcmp(tl->s[i].key, key) == 0)
            return &tl->s[i];
    return NULL;
}

/* MB_E_USAGE with the message "<path>:<line>: <fmt...>". */
static int line_err(struct mb_err *err, const char *path, size_t line, const char *fmt, ...)
{
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return mb_err_set(err, MB_E_USAGE, 0, NULL, "%s:%zu: %s", path, line, what);
}

/* Number field `key` of object o into *out: NaN when absent (allowed unless required) or null
 * (allowed when nullable); otherwise a finite number >= 0. NULL, or why not (for the
 * message: "no ...", "... is not a number" and the like) into why. */
static const char *num_field(json_t *o, const char *key, bool required, bool nullable, double *out,
                             char *why, size_t wlen)
{
    json_t *v = json_object_get(o, key);
    *out = NAN;
    if (!v) {
        if (!required)
            return NULL;
        snprintf(why, wlen, "no \"%s\"", key);
        return why;
    }
    if (json_is_null(v)) {
        if (nullable)
            return NULL;
        snprintf(why, wlen, "\"%s\" is null", key);
        return why;
    }
    if (!json_is_number(v)) {
        snprintf(why, wlen, "\"%s\" is not a number", key);
        return why;
    }
    double d = json_number_value(v);
    if (!isfinite(d) || d < 0) {
        snprintf(why, wlen, "\"%s\" is negative (%g)", key, d);
        return why;
    }
    *out = d;
    return NULL;
}

/* The series of (key, rep), appended when new (name and f copied then); NULL when out of
 * memory. Lines of one series come together: the newest series is looked at first. */
static struct mb_tl_series *series_get(struct mb_timelines *tl, const char *name, const char *key,
                                       const struct mb_case_fields *f, unsigned rep)
{
    for (size_t k = tl->n; k > 0; k--)
        if (tl->s[k - 1].rep == rep && strcmp(tl->s[k - 1].key, key) == 0)
            return &tl->s[k - 1];
    if (tl->n == tl->cap) {
        size_t cap = tl->cap ? 2 * tl->cap : 16;
        struct mb_tl_series *ns = realloc(tl->s, cap * sizeof *ns);
        if (!ns)
            return NULL;
        tl->s = ns;
        tl->cap = cap;
    }
    struct mb_tl_series *s = &tl->s[tl->n];
    memset(s, 0, sizeof *s);
    s->name = strdup(name);
    s->key = strdup(key);
    if (!s->name || !s->key) {
        free(s->name);
        free(s->key);
        return NULL;
    }
    s->f = *f;
    s->rep = rep;
    tl->n++;
    return s;
}

/* a + b where either may be NaN (not recorded): the recorded one, NaN when neither is. */
static double add_known(double a, double b)
{
    return isnan(a) ? b : isnan(b) ? a : a + b;
}

/* Merges the short interval p into q of the same t_s: counts add up, the usage is p's when
 * recorded. */
static void merge_short(struct mb_tl_point *q, const struct mb_tl_point *p)
{
    q->interval_s += p->interval_s;
    q->bytes += p->bytes;
    q->requests += p->requests;
    q->minor = add_known(q->minor, p->minor);
    q->major = add_known(q->major, p->major);
    q->dev_read = add_known(q->dev_read, p->dev_read);
    q->dev_write = add_known(q->dev_write, p->dev_write);
    q->tlb = add_known(q->tlb, p->tlb);
    if (!isnan(p->cgroup))
        q->cgroup = p->cgroup;
}

/* Inserts point p into s at its place by t_s (merged into an interval of the same t_s when
 * either is shorter than MB_TL_SHORT_S). 1 when s has another interval of that t_s, -1 when
 * out of memory, else 0. */
static int series_insert(struct mb_tl_series *s, const struct mb_tl_point *p)
{
    size_t at = s->n;
    if (s->n && !(p->t_s > s->p[s->n - 1].t_s)) {
        size_t lo = 0, hi = s->n; /* the first point with t_s >= p's */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (s->p[mid].t_s < p->t_s)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < s->n && s->p[lo].t_s == p->t_s) {
            if (p->interval_s >= MB_TL_SHORT_S && s->p[lo].interval_s >= MB_TL_SHORT_S)
                return 1;
            merge_short(&s->p[lo], p);
            return 0;
        }
        at = lo;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        struct mb_tl_point *np = realloc(s->p, cap * sizeof *np);
        if (!np)
            return -1;
        s->p = np;
        s->cap = cap;
    }
    memmove(s->p + at + 1, s->p + at, (s->n - at) * sizeof *p);
    s->p[at] = *p;
    s->n++;
    return 0;
}

/* The case and repetition of a line object: the stripped name, its fields and canonical key.
 * NULL, or why not into why (the name quoted). *name is malloc'd on success. */
static const char *line_case(json_t *o, char **name, struct mb_case_fields *f, char *key,
                             size_t klen, unsigned *rep, char *why, size_t wlen)
{
    json_t *c = json_object_get(o, "case"), *r = json_object_get(o, "rep");
    *name = NULL;
    if (!c || !json_is_string(c)) {
        snprintf(why, wlen, c ? "\"case\" is not a string" : "no \"case\"");
        return why;
    }
    if (!r || !json_is_integer(r) || json_integer_value(r) < 0 ||
        json_integer_value(r) > TL_REP_MAX) {
        snprintf(why, wlen, r ? "\"rep\" is not a whole number from 0 to %d" : "no \"rep\"",
                 TL_REP_MAX);
        return why;
    }
    *rep = (unsigned)json_integer_value(r);
    const char *raw = json_string_value(c);
    *name = mb_reader_strip_name(raw);
    if (!*name) {
        snprintf(why, wlen, "out of memory");
        return why;
    }
    if (strncmp(*name, "ipc/", 4) == 0 || mb_case_parse_name(*name, f, NULL) != 0) {
        char q[240];
        mb_reader_quote(raw, json_string_length(c), q, sizeof q);
        snprintf(why, wlen, "case '%s' is not a mapbench case name", q);
        free(*name);
        *name = NULL;
        return why;
    }
    mb_case_fields_name(f, key, klen);
    return NULL;
}

/* One line's object into tl. */
static int add_line(struct mb_timelines *tl, json_t *o, const char *path, size_t line,
                    struct mb_err *err)
{
    static const struct {
        const char *key;
        bool required, nullable;
        size_t off;
    } fields[] = {
        {"t_s", true, false, offsetof(struct mb_tl_point, t_s)},
        {"interval_s", true, false, offsetof(struct mb_tl_point, interval_s)},
        {"bytes", true, false, offsetof(struct mb_tl_point, bytes)},
        {"requests", true, false, offsetof(struct mb_tl_point, requests)},
        {"minor_faults", false, true, offsetof(struct mb_tl_point, minor)},
        {"major_faults", false, true, offsetof(struct mb_tl_point, major)},
        {"device_read_bytes", false, true, offsetof(struct mb_tl_point, dev_read)},
        {"device_write_bytes", false, true, offsetof(struct mb_tl_point, dev_write)},
        {"tlb_shootdowns", false, true, offsetof(struct mb_tl_point, tlb)},
        {"cgroup_bytes", false, true, offsetof(struct mb_tl_point, cgroup)},
    };
    char why[320], key[512], *name;
    struct mb_case_fields f;
    unsigned rep;
    struct mb_tl_point p;
    if (line_case(o, &name, &f, key, sizeof key, &rep, why, sizeof why))
        return line_err(err, path, line, "%s", why);
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        double *slot = (double *)(void *)((char *)&p + fields[i].off);
        if (num_field(o, fields[i].key, fields[i].required, fields[i].nullable, slot, why,
                      sizeof why)) {
            free(name);
            return line_err(err, path, line, "%s", why);
        }
    }
    struct mb_tl_series *s = series_get(tl, name, key, &f, rep);
    free(name);
    int rc = s ? series_insert(s, &p) : -1;
    if (rc < 0)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "%s: out of memory", path);
    if (rc > 0) {
        char q[240];
        mb_reader_quote(s->name, strlen(s->name), q, sizeof q);
        return line_err(err, path, line, "t_s %g repeats an interval of case '%s' rep %u", p.t_s, q,
                        rep);
    }
    return 0;
}

/* True when the n bytes at s are all blanks. */
static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    return true;
}

int mb_timeline_parse(const char *text, size_t len, const char *path, struct mb_timelines *tl,
                      struct mb_err *err)
{
    size_t line = 0;
    for (size_t at = 0; at < len;) {
        const char *s = text + at, *nl = memchr(s, '\n', len - at);
        size_t n = nl ? (size_t)(nl - s) : len - at;
        at += n + (nl ? 1 : 0);
        line++;
        if (n > MB_TL_LINE_MAX)
            return line_err(err, path, line, "line longer than %d bytes", MB_TL_LINE_MAX);
        if (blank(s, n))
            continue;
        json_error_t je;
        json_t *o = json_loadb(s, n, JSON_REJECT_DUPLICATES, &je);
        if (!o) {
            char q[200];
            mb_reader_quote(je.text, strlen(je.text), q, sizeof q);
            return line_err(err, path, line, "%s JSON at column %d: %s",
                            strstr(je.text, "end of file") ? "truncated" : "malformed", je.column,
                            q);
        }
        int rc = json_is_object(o) ? add_line(tl, o, path, line, err)
                                   : line_err(err, path, line, "not a JSON object");
        json_decref(o);
        if (rc)
            return rc;
    }
    return 0;
}

/* Reads one timeline file (a regular file of at most MB_TL_FILE_MAX bytes, and no more than
 * what is left of the run's TL_TOTAL_MAX) into a malloc'd buffer; *total counts the bytes read
 * so far for the run. */
static int read_file(const char *path, char **buf, size_t *len, size_t *total, struct mb_err *err)
{
    size_t room = TL_TOTAL_MAX - *total;
    int rc =
        mb_reader_slurp_max(path, MB_TL_FILE_MAX < room ? MB_TL_FILE_MAX : room, buf, len, err);
    if (rc == 0)
        *total += *len;
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of dir's timeline files (<name>.jsonl, not starting with '.'), sorted, into a
 * malloc'd array of malloc'd strings. */
static int list_dir(const char *dir, DIR *d, char ***names, size_t *count, struct mb_err *err)
{
    char **v = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    int rc = 0;
    errno = 0;
    while ((de = readdir(d)) != NULL) {
        size_t l = strlen(de->d_name);
        if (de->d_name[0] == '.' || l < 7 || strcmp(de->d_name + l - 6, ".jsonl") != 0)
            continue;
        if (n == MB_TL_FILES_MAX) {
            rc = mb_err_set(err, MB_E_USAGE, 0, NULL, "%s: more than %d timeline files", dir,
                            MB_TL_FILES_MAX);
            break;
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            char **nv = realloc(v, cap * sizeof *nv);
            if (!nv) {
                rc = mb_err_set(err, MB_E_NOMEM, 0, NULL, "%s: out of memory", dir);
                break;
            }
            v = nv;
        }
        if (!(v[n] = strdup(de->d_name))) {
            rc = mb_err_set(err, MB_E_NOMEM, 0, NULL, "%s: out of memory", dir);
            break;
        }
        n++;
        errno = 0;
    }
    if (!rc && errno)
        rc = mb_err_set(err, MB_E_IO, errno, "readdir", "cannot read %s", dir);
    if (rc) {
        for (size_t i = 0; i < n; i++)
            free(v[i]);
        free(v);
        return rc;
    }
    if (n)
        qsort(v, n, sizeof *v, cmp_str);
    *names = v;
    *count = n;
    return 0;
}

int mb_timeline_load_dir(const char *dir, struct mb_timelines *tl, struct mb_err *err)
{
    memset(tl, 0, sizeof *tl);
    struct stat st;
    if (stat(dir, &st) != 0)
        return errno == ENOENT ? 0 : mb_err_set(err, MB_E_IO, errno, "stat", "cannot read %s", dir);
    if (!S_ISDIR(st.st_mode))
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "%s: not a directory", dir);
    DIR *d = opendir(dir);
    if (!d)
        return mb_err_set(err, MB_E_IO, errno, "opendir", "cannot read %s", dir);
    char **names = NULL;
    size_t n = 0, total = 0;
    int rc = list_dir(dir, d, &names, &n, err);
    closedir(d);
    for (size_t i = 0; i < n; i++) {
        size_t plen = strlen(dir) + strlen(names[i]) + 2;
        char *path = rc ? NULL : malloc(plen);
        if (!rc && !path)
            rc = mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
        if (!rc && path) {
            snprintf(path, plen, "%s/%s", dir, names[i]);
            char *buf = NULL;
            size_t len = 0;
            rc = read_file(path, &buf, &len, &total, err);
            if (!rc) {
                rc = mb_timeline_parse(buf, len, path, tl, err);
                free(buf);
                tl->files++;
            }
        }
        free(path);
        free(names[i]);
    }
    free(names);
    if (rc)
        mb_timeline_free(tl);
    return rc;
}
