/* ipc/proc.h: processes for the IPC benchmark: starting this executable again as the child,
 * watching and reaping it, and the interrupt flag (SIGINT/SIGTERM, console Ctrl-C). One
 * implementation per platform (ipc/posix/proc.c, ipc/win/proc.c), chosen by meson.build. */
#ifndef MB_IPC_PROC_H
#define MB_IPC_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* A child process (pid, or process HANDLE + id). */
struct mb_ipc_proc {
    intptr_t id;
    intptr_t handle;
    bool exited;
    int status; /* raw wait status once exited */
};

/* Path of the running executable into buf (falls back to argv0). */
void mb_ipc_self_exe(const char *argv0, char *buf, size_t len);

/* This process's id. */
uint64_t mb_ipc_self_id(void);

/* Starts `exe` with argv (argv[0] included, NULL-terminated), inheriting the descriptors the
 * transport marked inheritable. */
int mb_ipc_proc_spawn(const char *exe, char *const argv[], struct mb_ipc_proc *p,
                      struct mb_err *err);

/* 0 while the child runs; once it has exited (reaped here), MB_E_IO with err saying how. */
int mb_ipc_proc_check(struct mb_ipc_proc *p, struct mb_err *err);

/* Waits up to timeout_ms for the child to exit, then kills it and reaps it. Returns 0 if it
 * exited on its own with status 0, else MB_E_IO describing how it ended. */
int mb_ipc_proc_wait(struct mb_ipc_proc *p, int timeout_ms, struct mb_err *err);

/* Kills the child at once and reaps it (no-op if already reaped). */
void mb_ipc_proc_kill(struct mb_ipc_proc *p);

/* True while the process `parent_id` is still this process's parent. */
bool mb_ipc_parent_alive(uint64_t parent_id);

/* Installs the interrupt handlers (SIGINT, SIGTERM: set a flag, interrupt blocking calls) and
 * ignores SIGPIPE (a dead peer shows up as EPIPE). */
void mb_ipc_signals_install(bool interrupt_handlers);

/* The interrupting signal's number once one arrived, else 0. */
int mb_ipc_interrupted(void);

/* Sleeps about ms milliseconds (returns early on a signal). */
void mb_ipc_sleep_ms(int ms);

/* Ends this process at once as if it crashed (SIGKILL; the test hook for a dying child). */
void mb_ipc_self_kill(void);

/* Stops this process as a debugger or Ctrl-Z would (SIGSTOP; on Windows it sleeps while its
 * parent lives, then exits): the test hook for a stalled child. Returns only if the process is
 * continued. */
void mb_ipc_self_stop(void);

/* Kills this process with the signal that interrupted it (after cleaning up). */
void mb_ipc_exit_interrupted(int sig);

#endif
