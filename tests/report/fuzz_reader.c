/* fuzz_reader.c: libFuzzer target for the result readers: any input, read as Google Benchmark
 * JSON (mb_results_parse) and as timeline JSON Lines (mb_timeline_parse), must give either
 * results or a one-line error, never a crash or a leak. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "report/results.h"
#include "report/timeline.h"

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
    struct mb_timelines tl;
    memset(&tl, 0, sizeof tl);
    mb_err_clear(&e);
    if (mb_timeline_parse((const char *)data, size, "fuzz.jsonl", &tl, &e) != 0 &&
        strchr(e.msg, '\n'))
        __builtin_trap();
    mb_timeline_free(&tl);
    return 0;
}
