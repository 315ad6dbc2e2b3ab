/* msg.c: the IPC message format: header (seq, checksum, op, arg) and a payload derived from
 * the sequence number; the checksum (a Fletcher-style pair of 64-bit word sums, sensitive to
 * order) covers every byte after the checksum field. */
#include "ipc/ipc.h"

#include <stddef.h>
#include <string.h>

#include "core/mix.h"

#define GOLDEN 0x9e3779b97f4a7c15ull
#define SUM_OFF offsetof(struct mb_ipc_msg_hdr, op)

static uint64_t finish(uint64_t a, uint64_t b)
{
    return a ^ (b << 32 | b >> 32);
}

/* Checksum of bytes [SUM_OFF, len) of p. */
static uint64_t msg_sum(const unsigned char *p, size_t len)
{
    uint64_t a = 0, b = 0;
    size_t i = SUM_OFF;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        a += w;
        b += a;
    }
    if (i < len) {
        uint64_t w = 0;
        memcpy(&w, p + i, len - i);
        a += w;
        b += a;
    }
    return finish(a, b);
}

void mb_ipc_msg_fill(void *p, size_t len, uint64_t seq, uint32_t op, uint64_t arg)
{
    unsigned char *b = p;
    struct mb_ipc_msg_hdr h = {.seq = seq, .sum = 0, .op = op, .reserved = 0, .arg = arg};
    memcpy(b, &h, sizeof h);
    /* the checksum is computed while writing: one pass over the message */
    uint64_t a = 0, s2 = 0;
    for (size_t i = SUM_OFF; i < sizeof h; i += 8) {
        uint64_t w;
        memcpy(&w, b + i, 8);
        a += w;
        s2 += a;
    }
    uint64_t w = mb_mix64(seq);
    size_t i = sizeof h;
    for (; i + 8 <= len; i += 8) {
        memcpy(b + i, &w, 8);
        a += w;
        s2 += a;
        w += GOLDEN;
    }
    if (i < len) {
        uint64_t t = 0;
        memcpy(b + i, &w, len - i);
        memcpy(&t, b + i, len - i);
        a += t;
        s2 += a;
    }
    h.sum = finish(a, s2);
    memcpy(b + offsetof(struct mb_ipc_msg_hdr, sum), &h.sum, sizeof h.sum);
}

int mb_ipc_msg_check(const void *p, size_t len, uint64_t seq, uint32_t *op, uint64_t *arg,
                     struct mb_err *err)
{
    const unsigned char *b = p;
    struct mb_ipc_msg_hdr h;
    if (len < sizeof h)
        return mb_err_set(err, MB_E_VERIFY, 0, NULL,
                          "message of %llu bytes is shorter than its header",
                          (unsigned long long)len);
    memcpy(&h, b, sizeof h);
    uint64_t sum = msg_sum(b, len);
    if (h.seq != seq)
        return mb_err_set(err, MB_E_VERIFY, 0, NULL,
                          "message out of order: sequence number %llu, expected %llu",
                          (unsigned long long)h.seq, (unsigned long long)seq);
    if (sum != h.sum)
        return mb_err_set(err, MB_E_VERIFY, 0, NULL,
                          "message %llu is corrupt: checksum %016llx, expected %016llx",
                          (unsigned long long)seq, (unsigned long long)sum,
                          (unsigned long long)h.sum);
    *op = h.op;
    *arg = h.arg;
    return 0;
}
