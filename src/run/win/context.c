/* run/win/context.c: the machine facts of a Windows system (processor name, physical memory,
 * Windows version); under wine they describe what wine reports, and under_wine says so. */
#include <windows.h>

#include <stdlib.h>

#include "run/context.h"

void mb_context_platform(const char *data_dir, struct mb_context *ctx)
{
    (void)data_dir;
    const char *cpu = getenv("PROCESSOR_IDENTIFIER");
    mb_context_add(ctx, "cpu_model", MB_FACT_TEXT, "%s", cpu ? cpu : "unknown");
    MEMORYSTATUSEX ms = {.dwLength = sizeof ms};
    mb_context_add(ctx, "memory_bytes", MB_FACT_NUMBER, "%llu",
                   GlobalMemoryStatusEx(&ms) ? (unsigned long long)ms.ullTotalPhys : 0ull);
    mb_context_add(ctx, "os", MB_FACT_TEXT, "Windows");
}
