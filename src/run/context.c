/* run/context.c: the portable machine facts and the fact list (see context.h). */
#include "run/context.h"

#include <stdarg.h>
#include <string.h>

#include "core/content.h"
#include "os/cgroup.h"
#include "os/devstat.h"
#include "os/os.h"
#include "run/build_info.h"

void mb_context_add(struct mb_context *ctx, const char *key, enum mb_fact_kind kind,
                    const char *fmt, ...)
{
    size_t i = 0;
    while (i < ctx->n && strcmp(ctx->fact[i].key, key) != 0)
        i++;
    if (i == MB_CONTEXT_MAX)
        return;
    struct mb_fact *f = &ctx->fact[i];
    snprintf(f->key, sizeof f->key, "%s", key);
    f->kind = kind;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->value, sizeof f->value, fmt, ap);
    va_end(ap);
    if (i == ctx->n)
        ctx->n++;
}

const char *mb_context_get(const struct mb_context *ctx, const char *key)
{
    for (size_t i = 0; i < ctx->n; i++)
        if (strcmp(ctx->fact[i].key, key) == 0)
            return ctx->fact[i].value;
    return NULL;
}

/* The sources of the per-case device and cgroup counters: the disk(s) whose traffic is
 * counted (os/devstat.h) and the memory cgroup below which memlimit cases run (os/cgroup.h),
 * or "unavailable: <reason>". */
static void add_counters(const char *data_dir, struct mb_context *ctx)
{
    struct mb_err err;
    struct mb_devstat ds;
    if (mb_devstat_open(data_dir, &ds, &err) == 0)
        mb_context_add(ctx, "device", MB_FACT_TEXT, "%s", ds.name);
    else
        mb_context_add(ctx, "device", MB_FACT_TEXT, "unavailable: %s", err.msg);
    char home[512];
    int version;
    if (mb_cgroup_home(home, sizeof home, &version, &err) == 0)
        mb_context_add(ctx, "memory_cgroup", MB_FACT_TEXT, "v%d %s", version, home);
    else
        mb_context_add(ctx, "memory_cgroup", MB_FACT_TEXT, "unavailable: %s", err.msg);
}

void mb_context_collect(const char *data_dir, struct mb_context *ctx)
{
    ctx->n = 0;
    mb_context_add(ctx, "mapbench_version", MB_FACT_TEXT, "%s", mb_build_version());
    mb_context_add(ctx, "data_dir", MB_FACT_TEXT, "%s", data_dir);
    /* wine is not Windows: its timings must never pass for Windows performance */
    mb_context_add(ctx, "under_wine", MB_FACT_BOOL, "%s", mb_os_under_wine() ? "true" : "false");
    mb_context_add(ctx, "cpus", MB_FACT_NUMBER, "%d", mb_os_cpu_count());
    mb_context_add(ctx, "page_size", MB_FACT_NUMBER, "%llu", (unsigned long long)mb_os_page_size());
    mb_context_add(ctx, "compiler", MB_FACT_TEXT, "%s", MB_BUILD_COMPILER);
    mb_context_add(ctx, "benchmark_version", MB_FACT_TEXT, "%s", MB_BUILD_BENCHMARK_VERSION);
    mb_context_add(ctx, "consume_kernel", MB_FACT_TEXT, "%s", mb_consume_kernel());
    mb_context_platform(data_dir, ctx);
    add_counters(data_dir, ctx);
}

/* Prints s as a JSON string. */
static void json_string(const char *s, FILE *out)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

void mb_context_print_json(const struct mb_context *ctx, FILE *out)
{
    fputc('{', out);
    for (size_t i = 0; i < ctx->n; i++) {
        const struct mb_fact *f = &ctx->fact[i];
        fputs(i ? ",\n  " : "\n  ", out);
        json_string(f->key, out);
        fputs(": ", out);
        bool bare = f->kind == MB_FACT_NUMBER
                        ? f->value[0] && strspn(f->value, "0123456789") == strlen(f->value)
                        : f->kind == MB_FACT_BOOL &&
                              (!strcmp(f->value, "true") || !strcmp(f->value, "false"));
        if (!bare)
            json_string(f->value, out);
        else
            fputs(f->value, out);
    }
    fputs("\n}\n", out);
}
