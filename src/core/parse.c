/* core/parse.c: sizes with binary suffixes, whole numbers and comma lists from the command line. */
#include "core/parse.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mb_parse_count(const char *text, const char *what, uint64_t max, uint64_t *out,
                   struct mb_err *err)
{
    if (!text || !isdigit((unsigned char)text[0]))
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "bad %s '%s': expected a whole number >= 1",
                          what, text ? text : "");
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (*end != '\0' || errno || v == 0 || v > max)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "bad %s '%s': expected a whole number from 1 to %llu", what, text,
                          (unsigned long long)max);
    *out = v;
    return 0;
}

int mb_parse_size(const char *text, const char *what, uint64_t *out, struct mb_err *err)
{
    if (!text || !isdigit((unsigned char)text[0]))
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "bad %s '%s': expected a positive number of bytes, e.g. 4096, 4K, "
                          "64M, 1G",
                          what, text ? text : "");
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    unsigned shift = 0;
    switch (*end) {
    case 'k':
    case 'K':
        shift = 10;
        break;
    case 'm':
    case 'M':
        shift = 20;
        break;
    case 'g':
    case 'G':
        shift = 30;
        break;
    case 't':
    case 'T':
        shift = 40;
        break;
    default:
        break;
    }
    if (shift) {
        end++;
        if (*end == 'i')
            end++;
        if (*end == 'B')
            end++;
    } else if (*end == 'B') {
        end++;
    }
    if (*end == '\0' && errno == ERANGE)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "bad %s '%s': too large (at most %llu bytes, 16 EiB)", what, text,
                          (unsigned long long)UINT64_MAX);
    if (*end != '\0' || errno)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "bad %s '%s': expected a positive number of bytes with an optional "
                          "K/M/G/T suffix",
                          what, text);
    if (v == 0)
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "bad %s '%s': must be greater than 0", what,
                          text);
    if (shift && v > (UINT64_MAX >> shift))
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "bad %s '%s': too large (at most %llu bytes, 16 EiB)", what, text,
                          (unsigned long long)UINT64_MAX);
    *out = (uint64_t)v << shift;
    return 0;
}

int mb_parse_name(const char *text, const char *const *names, unsigned n, const char *what,
                  struct mb_err *err)
{
    char known[256] = "";
    for (unsigned i = 0; i < n; i++) {
        if (strcmp(text, names[i]) == 0)
            return (int)i;
        size_t used = strlen(known);
        snprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "", names[i]);
    }
    return mb_err_set(err, MB_E_USAGE, 0, NULL, "unknown %s '%s' (known: %s)", what, text, known);
}

int mb_list_parse(const char *text, const char *what, struct mb_list *out, struct mb_err *err)
{
    out->items = NULL;
    out->n = 0;
    size_t cap = 1;
    for (const char *c = text; *c; c++)
        cap += (*c == ',');
    out->items = calloc(cap, sizeof *out->items);
    if (!out->items)
        return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
    const char *s = text;
    for (;;) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        if (len == 0) {
            mb_list_free(out);
            return mb_err_set(err, MB_E_USAGE, 0, NULL, "empty item in %s list '%s'", what, text);
        }
        char *item = malloc(len + 1);
        if (!item) {
            mb_list_free(out);
            return mb_err_set(err, MB_E_NOMEM, 0, NULL, "out of memory");
        }
        memcpy(item, s, len);
        item[len] = '\0';
        out->items[out->n++] = item;
        if (!comma)
            break;
        s = comma + 1;
    }
    return 0;
}

void mb_list_free(struct mb_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

void mb_size_format(uint64_t bytes, char *buf, size_t len)
{
    static const char suffix[] = "KMGT";
    int k = -1;
    while (k < 3 && bytes >= 1024 && bytes % 1024 == 0) {
        bytes /= 1024;
        k++;
    }
    if (k < 0)
        snprintf(buf, len, "%llu", (unsigned long long)bytes);
    else
        snprintf(buf, len, "%llu%c", (unsigned long long)bytes, suffix[k]);
}

int mb_parse_positive(const char *text, const char *what, double max, double *out,
                      struct mb_err *err)
{
    char *end = (char *)text;
    errno = 0;
    double v = (text[0] >= '0' && text[0] <= '9') || text[0] == '.' ? strtod(text, &end) : -1;
    /* v == v: not NaN; v <= max also refuses infinity */
    if (v < 0 || *end || errno || !(v == v) || v <= 0 || v > max)
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "bad %s '%s': a positive number no larger than %g", what, text, max);
    *out = v;
    return 0;
}
