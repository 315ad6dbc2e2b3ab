/* run/context.h: the facts about the machine a run measures (CPU, memory, kernel, OS, the data
 * directory's file system and device, THP, ...), collected in one place under one key each:
 * mapbench writes them into its Google Benchmark context and prints them with --context, and
 * scripts/run-batch builds context.json from that print plus the batch's own facts. */
#ifndef MB_CONTEXT_H
#define MB_CONTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define MB_CONTEXT_MAX 40

enum mb_fact_kind { MB_FACT_TEXT, MB_FACT_NUMBER, MB_FACT_BOOL };

/* One fact: a key and its value as text ("true"/"false" for MB_FACT_BOOL). */
struct mb_fact {
    char key[48];
    char value[512];
    enum mb_fact_kind kind;
};

/* The collected facts, in the order they were added. */
struct mb_context {
    struct mb_fact fact[MB_CONTEXT_MAX];
    size_t n;
};

/* Collects every machine fact of this platform about a run whose data files live in
 * data_dir (facts that cannot be read are "unknown"). Never fails. */
void mb_context_collect(const char *data_dir, struct mb_context *ctx);

/* Adds (or replaces) a fact; facts beyond MB_CONTEXT_MAX are dropped. */
void mb_context_add(struct mb_context *ctx, const char *key, enum mb_fact_kind kind,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The value of key, or NULL. */
const char *mb_context_get(const struct mb_context *ctx, const char *key);

/* Prints the facts as one JSON object (numbers and booleans unquoted) and a newline. */
void mb_context_print_json(const struct mb_context *ctx, FILE *out);

/* The platform's facts (run/posix/context.c, run/win/context.c). */
void mb_context_platform(const char *data_dir, struct mb_context *ctx);

#endif
