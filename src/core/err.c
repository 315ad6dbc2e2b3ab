/* core/err.c: builds mb_err records and their one-line messages. */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mb_err_set(struct mb_err *err, int code, int os, const char *call, const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    err->os = os;
    err->call = call;
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int n = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    /* too long (a path of thousands of characters): keep the start and the end, where the
     * message says what to do, and cut the middle, saying so */
    char *whole = (size_t)n >= sizeof err->msg ? malloc((size_t)n + 1) : NULL;
    if (whole && vsnprintf(whole, (size_t)n + 1, fmt, again) == n) {
        const size_t head = 200, tail = 200; /* with room for the OS error after them */
        snprintf(err->msg, sizeof err->msg, "%.*s[...]%s", (int)head, whole,
                 whole + (size_t)n - tail);
        n = (int)strlen(err->msg);
    }
    free(whole);
    va_end(again);
    size_t used = (size_t)n < sizeof err->msg ? (size_t)n : sizeof err->msg - 1;
    if (os != 0 && used + 4 < sizeof err->msg) {
        char text[160];
        mb_os_strerror(os, text, sizeof text);
        snprintf(err->msg + used, sizeof err->msg - used, ": %s: %s (os error %d)",
                 call ? call : "?", text, os);
    }
    return code;
}

void mb_err_clear(struct mb_err *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

/* Names of the project codes, indexed by -code. */
static const char *const code_names[] = {"ok",      "usage",       "io",     "nomem", "foreign",
                                         "nospace", "unsupported", "verify", "cache", "fault",
                                         "changed", "child",       "damaged"};

const char *mb_code_name(int code)
{
    int i = -code;
    if (i < 0 || i >= (int)(sizeof code_names / sizeof code_names[0]))
        return "unknown";
    return code_names[i];
}

int mb_code_from_name(const char *name, size_t len)
{
    for (size_t i = 1; i < sizeof code_names / sizeof code_names[0]; i++)
        if (strlen(code_names[i]) == len && strncmp(code_names[i], name, len) == 0)
            return -(int)i;
    return MB_OK;
}
