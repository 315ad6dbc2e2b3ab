/* fuzz_reader.c: libFuzzer target for the result reader (mb_results_parse): any input must give
 * either results or a one-line error, never a crash or a leak. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "report/results.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct mb_results r;
    struct mb_err e;
    mb_err_clear(&e);
    if (mb_results_parse((const char *)data, size, "fuzz.json", &r, &e) == 0)
        mb_results_free(&r);
    else if (strchr(e.msg, '\n'))
        __builtin_trap(); /* errors are one line */
    return 0;
}
