/* core/case.h: a benchmark case: its operation, pattern, method, sizes, cache state and threads,
 * and its systematic name
 *   <op>/<pattern>/<method>[:<hint>]/size:<bytes>/bs:<bytes>/cache:<state>/lifetime:<l>/threads:<n>
 *   [/qd:<depth>][/memlimit:<bytes>]
 * which scripts and the report tool parse (documented in README.md). qd is present for
 * asynchronous methods only (archived names without it read as qd:1), memlimit only for a
 * case run in a memory cgroup. Archived names without the lifetime field read as
 * lifetime:pass. */
#ifndef MB_CASE_H
#define MB_CASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "os/cache.h"
#include "core/err.h"
#include "methods/method.h"
#include "core/pattern.h"

enum mb_op_kind { MB_OP_READ, MB_OP_WRITE, MB_OP_MIX };

/* How long a case keeps its file handle (and mapping): `pass` opens, maps, unmaps and closes
 * inside every timed pass (what a one-shot reader pays); `case` opens and maps once per case
 * outside the timed region and reuses the handle in every pass (the steady state of a
 * long-lived mapping). */
enum mb_lifetime { MB_LIFETIME_PASS, MB_LIFETIME_CASE };

/* Parses "pass" / "case" (MB_E_USAGE otherwise) and names a lifetime. */
int mb_lifetime_parse(const char *text, enum mb_lifetime *out, struct mb_err *err);
const char *mb_lifetime_name(enum mb_lifetime l);

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
    enum mb_lifetime lifetime;
    unsigned threads;
    unsigned queue_depth; /* requests in flight per thread: asynchronous methods (>= 1), else 0 */
    uint64_t memlimit;    /* bytes of the case's memory cgroup limit; 0: none */
};

/* The most buffer memory a case may hold (threads x requests in flight x block size). */
#define MB_CASE_BUFFERS_MAX (4ull << 30)

/* Checks a case spec against its method's capabilities (operation, cache state, threads, hint,
 * lifetime) and the sizes the checksum needs, for combinations that cannot be measured
 * honestly. Returns 0 if runnable, MB_E_USAGE for bad input or a combination that cannot be
 * asked for, MB_E_UNSUPPORTED for a platform gap (an unsupported method, a kept mapping that
 * cannot be made cold), with the reason in *err. */
int mb_case_check(const struct mb_case_spec *spec, struct mb_err *err);

/* Writes the case name. */
void mb_case_name(const struct mb_case_spec *c, char *buf, size_t len);

/* The fields of a case name, as text and numbers. */
struct mb_case_fields {
    char op[24], pattern[32], method[24], hint[16], cache[8], lifetime[8];
    uint64_t size, bs;
    unsigned threads;
    unsigned qd;       /* 0: no qd field (not an asynchronous method) */
    uint64_t memlimit; /* 0: no memlimit field */
};

/* Parses a case name (Google Benchmark suffixes such as "/manual_time", "/repeats:5" and
 * aggregate suffixes "_mean" are ignored; a missing lifetime field reads as "pass").
 * MB_E_USAGE if it is not a mapbench case name. */
int mb_case_parse_name(const char *name, struct mb_case_fields *out, struct mb_err *err);

/* Writes the canonical name of parsed fields (every field present, no Google Benchmark
 * suffix): an archived name and today's name of the same case give the same text, so runs
 * from before an axis existed pair with today's. */
void mb_case_fields_name(const struct mb_case_fields *f, char *buf, size_t len);

#endif
