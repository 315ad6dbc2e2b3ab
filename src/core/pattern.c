/* core/pattern.c: seq, reverse, random (Feistel permutation), stride:N and zipf request streams. */
#include "core/pattern.h"

#include "core/mix.h"
#include "core/parse.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mb_pattern_parse(const char *text, struct mb_pattern_spec *out, struct mb_err *err)
{
    memset(out, 0, sizeof *out);
    out->theta = 0.99;
    /* the patterns without a parameter, by enum mb_pattern_kind */
    static const char *const plain[] = {"seq", "reverse", "random"};
    int kind = mb_parse_name(text, plain, 3, "pattern", NULL);
    if (kind >= 0) {
        out->kind = (enum mb_pattern_kind)kind;
    } else if (strncmp(text, "stride:", 7) == 0) {
        char *end;
        errno = 0;
        unsigned long long n = strtoull(text + 7, &end, 10);
        if (text[7] == '\0' || text[7] == '-' || *end != '\0' || errno || n == 0)
            return mb_err_set(err, MB_E_USAGE, 0, NULL,
                              "bad pattern '%s': stride:N needs a whole number of blocks >= 1",
                              text);
        out->kind = MB_PAT_STRIDE;
        out->stride = n;
    } else if (strcmp(text, "zipf") == 0 || strncmp(text, "zipf:", 5) == 0) {
        out->kind = MB_PAT_ZIPF;
        if (text[4] == ':') {
            char *end;
            double t = strtod(text + 5, &end);
            if (text[5] == '\0' || *end != '\0' || !(t > 0.0) || t > 10.0 || t == 1.0)
                return mb_err_set(err, MB_E_USAGE, 0, NULL,
                                  "bad pattern '%s': zipf:THETA needs 0 < THETA <= 10, not 1",
                                  text);
            out->theta = t;
        }
    } else {
        return mb_err_set(err, MB_E_USAGE, 0, NULL,
                          "unknown pattern '%s' (known: seq, reverse, random, stride:N, zipf, "
                          "zipf:THETA)",
                          text);
    }
    /* the name in case names: a stride by its value (stride:007 is stride:7), anything
     * else as written, never cut short */
    if (out->kind == MB_PAT_STRIDE)
        snprintf(out->name, sizeof out->name, "stride:%llu", (unsigned long long)out->stride);
    else if (strlen(text) >= sizeof out->name)
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "bad pattern '%s': longer than %u characters",
                          text, (unsigned)sizeof out->name - 1);
    else
        snprintf(out->name, sizeof out->name, "%s", text);
    return 0;
}

/* zeta(n, theta) = sum_{k=1..n} k^-theta: exact for the first terms, integral for the tail. */
static double zeta(uint64_t n, double theta)
{
    const uint64_t exact = n < 4096 ? n : 4096;
    double s = 0;
    for (uint64_t k = 1; k <= exact; k++)
        s += pow((double)k, -theta);
    if (n > exact) {
        double a = (double)exact + 0.5, b = (double)n + 0.5;
        s += (pow(b, 1 - theta) - pow(a, 1 - theta)) / (1 - theta);
    }
    return s;
}

int mb_pattern_init(struct mb_pattern *p, const struct mb_pattern_spec *spec, uint64_t nblocks,
                    uint64_t seed, struct mb_err *err)
{
    memset(p, 0, sizeof *p);
    p->spec = *spec;
    p->nblocks = nblocks;
    if (nblocks == 0)
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "pattern over zero blocks");
    unsigned bits = 0;
    while (bits < 64 && (1ull << bits) < nblocks)
        bits++;
    p->half_bits = (bits + 1) / 2;
    if (p->half_bits == 0)
        p->half_bits = 1;
    for (int r = 0; r < 4; r++)
        p->keys[r] = mb_mix64(seed + 0x9E3779B97F4A7C15ull * (uint64_t)(r + 1));
    if (spec->kind == MB_PAT_STRIDE) {
        uint64_t s = spec->stride;
        p->rows = nblocks / s + (nblocks % s != 0); /* items in a full column (no overflow) */
        p->full_cols = nblocks % s;                 /* columns with `rows` items (0: all of them) */
    }
    if (spec->kind == MB_PAT_ZIPF) {
        double t = spec->theta;
        p->zetan = zeta(nblocks, t);
        p->zeta2 = zeta(2, t);
        p->alpha = 1.0 / (1.0 - t);
        p->eta = (1 - pow(2.0 / (double)nblocks, 1 - t)) / (1 - p->zeta2 / p->zetan);
    }
    return 0;
}

/* One Feistel permutation of [0, 4^half_bits). */
static uint64_t feistel(const struct mb_pattern *p, uint64_t x)
{
    unsigned h = p->half_bits;
    uint64_t mask = (h >= 32) ? 0xFFFFFFFFull : ((1ull << h) - 1);
    uint64_t l = (x >> h) & mask, r = x & mask;
    for (int i = 0; i < 4; i++) {
        uint64_t f = mb_mix64(r ^ p->keys[i]) & mask;
        uint64_t nl = r;
        r = l ^ f;
        l = nl;
    }
    return (l << h) | r;
}

/* Bijection on [0, nblocks) by cycle walking the Feistel permutation. */
static uint64_t permute(const struct mb_pattern *p, uint64_t i)
{
    uint64_t x = i;
    do {
        x = feistel(p, x);
    } while (x >= p->nblocks);
    return x;
}

static uint64_t zipf_rank(const struct mb_pattern *p, uint64_t i)
{
    double u = (double)(mb_mix64(i ^ p->keys[0]) >> 11) * (1.0 / 9007199254740992.0);
    double uz = u * p->zetan;
    if (uz < 1.0)
        return 0;
    if (uz < 1.0 + pow(0.5, p->spec.theta))
        return p->nblocks > 1 ? 1 : 0;
    uint64_t r = (uint64_t)((double)p->nblocks * pow(p->eta * u - p->eta + 1, p->alpha));
    return r >= p->nblocks ? p->nblocks - 1 : r;
}

uint64_t mb_pattern_block(const struct mb_pattern *p, uint64_t i)
{
    switch (p->spec.kind) {
    case MB_PAT_SEQ:
        return i;
    case MB_PAT_REVERSE:
        return p->nblocks - 1 - i;
    case MB_PAT_RANDOM:
        return permute(p, i);
    case MB_PAT_STRIDE: {
        uint64_t rows = p->rows, col, row;
        if (p->full_cols == 0 || i < p->full_cols * rows) {
            col = i / rows;
            row = i % rows;
        } else {
            uint64_t j = i - p->full_cols * rows;
            col = p->full_cols + j / (rows - 1);
            row = j % (rows - 1);
        }
        return row * p->spec.stride + col;
    }
    case MB_PAT_ZIPF:
        /* hot ranks scattered over the file by the permutation */
        return permute(p, zipf_rank(p, i));
    }
    return 0;
}

bool mb_pattern_is_permutation(const struct mb_pattern *p)
{
    return p->spec.kind != MB_PAT_ZIPF;
}
