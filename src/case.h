/* case.h: a benchmark case: its operation, pattern, method, sizes, cache state and threads,
 * and its systematic name
 *   <op>/<pattern>/<method>[:<hint>]/size:<bytes>/bs:<bytes>/cache:<state>/threads:<n>
 * which scripts and the report tool parse (documented in README.md). */
#ifndef MB_CASE_H
#define MB_CASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cache.h"
#include "mb_err.h"
#include "method.h"
#include "pattern.h"

enum mb_op_kind { MB_OP_READ, MB_OP_WRITE, MB_OP_MIX };

/* An operation: "read", "write", "write:sync", "mix:R" or "mix:R:sync" (R = percent reads).
 * ":sync" makes the pass durable (fdatasync / msync at its end, inside the timed region). */
struct mb_op {
    enum mb_op_kind kind;
    unsigned read_pct; /* mix only, 1..99 */
    bool sync;
    char name[24];
};

int mb_op_parse(const char *text, struct mb_op *out, struct mb_err *err);

/* True when request index i of a pass is a read for this op (deterministic in i). */
bool mb_op_is_read(const struct mb_op *op, uint64_t i);

/* Everything that defines one case. */
struct mb_case_spec {
    struct mb_op op;
    struct mb_pattern_spec pattern;
    const struct mb_method *method;
    enum mb_hint hint;
    uint64_t size, bs;
    enum mb_cache_state cache;
    unsigned threads;
};

/* Writes the case name. */
void mb_case_name(const struct mb_case_spec *c, char *buf, size_t len);

/* The fields of a case name, as text and numbers. */
struct mb_case_fields {
    char op[24], pattern[32], method[24], hint[16], cache[8];
    uint64_t size, bs;
    unsigned threads;
};

/* Parses a case name (Google Benchmark suffixes such as "/manual_time", "/repeats:5" and
 * aggregate suffixes "_mean" are ignored). MB_E_USAGE if it is not a mapbench case name. */
int mb_case_parse_name(const char *name, struct mb_case_fields *out, struct mb_err *err);

#endif
