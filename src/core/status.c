/* core/status.c: the failure text of a case in benchmark JSON (see core/status.h). */
#include "core/status.h"

#include <stdio.h>
#include <string.h>

bool mb_status_is_skip(int code)
{
    return code == MB_E_UNSUPPORTED;
}

void mb_status_format(char *buf, size_t len, const struct mb_err *err)
{
    if (len == 0)
        return;
    snprintf(buf, len, "%s%s: %s", mb_status_is_skip(err->code) ? MB_STATUS_SKIP_PREFIX : "",
             mb_code_name(err->code), err->msg);
}

int mb_status_parse(const char *text, bool *skipped)
{
    size_t np = strlen(MB_STATUS_SKIP_PREFIX);
    bool skip = strncmp(text, MB_STATUS_SKIP_PREFIX, np) == 0;
    if (skip)
        text += np;
    *skipped = skip;
    const char *colon = strchr(text, ':');
    int code = colon ? mb_code_from_name(text, (size_t)(colon - text)) : MB_E_IO;
    return code == MB_OK ? MB_E_IO : code;
}
