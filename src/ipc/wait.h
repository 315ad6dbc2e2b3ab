/* ipc/wait.h: blocking waits for the IPC transports: a "bell" that one process rings and the
 * other sleeps on (a futex on a word in the shared mapping on Linux; a named event on
 * Windows), the peer watch a blocked side uses to notice a dead peer, and a CPU relax hint.
 * One implementation per platform (ipc/linux/wait.c, ipc/win/wait.c), chosen by meson.build. */
#ifndef MB_IPC_WAIT_H
#define MB_IPC_WAIT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

/* How a blocked side watches the other one: while blocked it wakes every poll_ms and calls
 * check(ctx, err), which returns 0 to keep waiting or a negative mb_code (err filled) when the
 * peer died or this process was interrupted; after stall_ms without progress the wait fails. */
struct mb_ipc_peer {
    int (*check)(void *ctx, struct mb_err *err);
    void *ctx;
    int poll_ms;
    int stall_ms;
};

/* A bell: `word` lives in the shared mapping (the futex word / the event's sequence count);
 * `os` is the platform's handle (NULL on Linux). */
struct mb_ipc_bell {
    _Atomic uint32_t *word;
    void *os;
};

/* Results of mb_ipc_bell_wait. */
enum { MB_IPC_WOKEN = 0, MB_IPC_TIMEOUT = 1, MB_IPC_EINTR = 2 };

/* Opens the bell for `word`; `name` identifies it system-wide where the platform needs a name
 * (create: the creating process). Returns 0 or a negative mb_code. */
int mb_ipc_bell_open(struct mb_ipc_bell *b, _Atomic uint32_t *word, const char *name, bool create,
                     struct mb_err *err);

/* Releases the bell's OS resources. */
void mb_ipc_bell_close(struct mb_ipc_bell *b);

/* Sleeps while *word == expected, at most timeout_ms. Returns MB_IPC_WOKEN (woken, or the word
 * had already changed), MB_IPC_TIMEOUT or MB_IPC_EINTR (a signal arrived). */
int mb_ipc_bell_wait(struct mb_ipc_bell *b, uint32_t expected, int timeout_ms);

/* Wakes the sleeper (the caller has already changed *word). */
void mb_ipc_bell_ring(struct mb_ipc_bell *b);

/* A spin-wait hint to the CPU (pause / yield instruction). */
void mb_ipc_cpu_relax(void);

#endif
