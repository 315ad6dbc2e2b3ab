/* core/pattern.h: request-stream generators. A pattern maps a request index i in [0, n) to a block
 * index in O(1) time and O(1) memory, so any thread can generate any slice of the stream and
 * a 64 GiB file costs no more harness memory than a 64 MiB one. */
#ifndef MB_PATTERN_H
#define MB_PATTERN_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

enum mb_pattern_kind { MB_PAT_SEQ, MB_PAT_REVERSE, MB_PAT_RANDOM, MB_PAT_STRIDE, MB_PAT_ZIPF };

/* A parsed pattern name: "seq", "reverse", "random", "stride:N", "zipf" or "zipf:THETA". */
struct mb_pattern_spec {
    enum mb_pattern_kind kind;
    uint64_t stride; /* stride:N, in blocks (>= 1) */
    double theta;    /* zipf skew (0 < theta, != 1 handled), default 0.99 */
    char name[32];   /* canonical name as it appears in case names */
};

/* A pattern bound to a block count. */
struct mb_pattern {
    struct mb_pattern_spec spec;
    uint64_t nblocks;
    /* random and zipf: Feistel permutation over [0, 4^half_bits) with cycle walking */
    unsigned half_bits;
    uint64_t keys[4];
    /* stride */
    uint64_t rows, full_cols;
    /* zipf (Gray et al. 1994, "Quickly generating billion-record synthetic databases") */
    double zetan, alpha, eta, zeta2;
};

/* Parses a pattern name. Returns 0 or MB_E_USAGE with a message naming the bad text. */
int mb_pattern_parse(const char *text, struct mb_pattern_spec *out, struct mb_err *err);

/* Binds a spec to `nblocks` blocks (>= 1) with a seed for the permutations. */
int mb_pattern_init(struct mb_pattern *p, const struct mb_pattern_spec *spec, uint64_t nblocks,
                    uint64_t seed, struct mb_err *err);

/* Block visited by request i (0 <= i < nblocks). Every pattern issues nblocks requests. */
uint64_t mb_pattern_block(const struct mb_pattern *p, uint64_t i);

/* True when the stream visits every block exactly once (all but zipf). */
bool mb_pattern_is_permutation(const struct mb_pattern *p);

#endif
