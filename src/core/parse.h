/* core/parse.h: parsing of command-line values: sizes with binary suffixes, names of choices and
 * comma lists. */
#ifndef MB_PARSE_H
#define MB_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* a + b and a * b, saturated at UINT64_MAX instead of wrapping around: for sizes and
 * products of sizes, where a wrapped value would pass a check it must fail. */
static inline uint64_t mb_u64_add_sat(uint64_t a, uint64_t b)
{
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}
static inline uint64_t mb_u64_mul_sat(uint64_t a, uint64_t b)
{
    return a && b > UINT64_MAX / a ? UINT64_MAX : a * b;
}

/* Parses a positive size: digits with an optional K, M, G or T suffix (powers of 1024,
 * optionally followed by "i"/"iB"/"B"). Rejects 0, signs, fractions, junk and overflow with
 * MB_E_USAGE naming `what` ("size", "block size"). */
int mb_parse_size(const char *text, const char *what, uint64_t *out, struct mb_err *err);

/* Parses a positive whole number (no suffix) no larger than max. */
int mb_parse_count(const char *text, const char *what, uint64_t max, uint64_t *out,
                   struct mb_err *err);

/* Parses a positive decimal number ("5", "0.5", "2.5e1") no larger than max: no sign, no
 * junk, not NaN or infinite. MB_E_USAGE naming `what` otherwise. */
int mb_parse_positive(const char *text, const char *what, double max, double *out,
                      struct mb_err *err);

/* Looks `text` up among the n names of a set of choices (an enum's names, by value): returns
 * its position (>= 0), or MB_E_USAGE "unknown <what> '<text>' (known: <the names>)". */
int mb_parse_name(const char *text, const char *const *names, unsigned n, const char *what,
                  struct mb_err *err);

/* A comma-separated list split into owned strings. */
struct mb_list {
    char **items;
    size_t n;
};

/* Splits `text` at commas; empty items are a usage error naming `what`. */
int mb_list_parse(const char *text, const char *what, struct mb_list *out, struct mb_err *err);

/* Frees a list from mb_list_parse. */
void mb_list_free(struct mb_list *l);

/* Formats bytes with the largest exact binary suffix ("4K", "64M", "1536K", "100"). */
void mb_size_format(uint64_t bytes, char *buf, size_t len);

#endif
