/* ipc/linux/wait.c: ipc/wait.h on Linux: bells are shared (not private) futexes on a word in the
 * mapping, so they work across processes for both shm_open and file mappings. */
#include "ipc/wait.h"

#include <errno.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int mb_ipc_bell_open(struct mb_ipc_bell *b, _Atomic uint32_t *word, const char *name, bool create,
                     struct mb_err *err)
{
    (void)name;
    (void)create;
    (void)err;
    b->word = word;
    b->os = NULL;
    return 0;
}

void mb_ipc_bell_close(struct mb_ipc_bell *b)
{
    b->word = NULL;
}

int mb_ipc_bell_wait(struct mb_ipc_bell *b, uint32_t expected, int timeout_ms)
{
    struct timespec ts = {.tv_sec = timeout_ms / 1000, .tv_nsec = (timeout_ms % 1000) * 1000000L};
    long rc = syscall(SYS_futex, (uint32_t *)b->word, FUTEX_WAIT, expected, &ts, NULL, 0);
    if (rc == 0)
        return MB_IPC_WOKEN;
    if (errno == ETIMEDOUT)
        return MB_IPC_TIMEOUT;
    if (errno == EINTR)
        return MB_IPC_EINTR;
    return MB_IPC_WOKEN; /* EAGAIN: the word already changed */
}

void mb_ipc_bell_ring(struct mb_ipc_bell *b)
{
    syscall(SYS_futex, (uint32_t *)b->word, FUTEX_WAKE, 1, NULL, NULL, 0);
}

void mb_ipc_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __asm__ __volatile__("pause" ::: "memory");
#elif defined(__aarch64__)
    __asm__ __volatile__("yield" ::: "memory");
#else
    atomic_signal_fence(memory_order_seq_cst);
#endif
}
