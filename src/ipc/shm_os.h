/* ipc/shm_os.h: the OS layer under the mapped transports (ipc/transport_shm.c): naming,
 * creating (exclusively), opening, mapping and removing the shared object that holds the
 * rings: a named shared memory object (`shm`) or a file in the data directory (`shm-file`).
 * One implementation per platform (ipc/posix/shm_os.c, ipc/win/shm_os.c), chosen by
 * meson.build. */
#ifndef MB_IPC_SHM_OS_H
#define MB_IPC_SHM_OS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "ipc/ipc.h"

/* Room for an object name or ring file path. */
#define MB_SHM_NAME_ROOM 4200

/* One shared object as this process holds it. */
struct mb_shm_obj {
    bool is_file;     /* shm-file: a file in the data directory */
    bool named;       /* the name exists and is ours to remove */
    intptr_t fd;      /* the descriptor / file HANDLE (-1: none) */
    intptr_t mapping; /* the mapping object where the platform has one (-1: none) */
    void *map;        /* the mapped view of map_len bytes */
    size_t map_len;
    char name[MB_SHM_NAME_ROOM];  /* the object's name or the file's path */
    char bells[MB_SHM_NAME_ROOM]; /* the prefix of the rings' wake-up objects' names */
};

/* The platform's description of each transport (its `api` text). */
extern const char mb_shm_api_shm[], mb_shm_api_file[];

/* The name the object for p gets ("/<base>", "Local\\<base>", "<dir>/<base>.ring").
 * MB_E_USAGE when it does not fit. */
int mb_shm_obj_name(bool is_file, const struct mb_ipc_params *p, char *buf, size_t len,
                    struct mb_err *err);

/* MB_E_FOREIGN when an object of that name (from mb_shm_obj_name) already exists; creates
 * nothing. */
int mb_shm_obj_preflight(bool is_file, const char *name, struct mb_err *err);

/* Parent: creates o->name exclusively (MB_E_FOREIGN if it exists) with o->map_len bytes of
 * real storage, maps it and sets o->bells. o->is_file, name and map_len are set, fd and
 * mapping are -1. */
int mb_shm_obj_create(struct mb_shm_obj *o, struct mb_err *err);

/* Child: opens o->name, checks it has o->map_len bytes (MB_E_VERIFY), maps it, sets o->bells. */
int mb_shm_obj_open(struct mb_shm_obj *o, struct mb_err *err);

/* Removes the name if it is ours (where the platform can while it is mapped). */
void mb_shm_obj_unlink(struct mb_shm_obj *o);

/* Unmaps, closes and removes the name if still there. Safe after a failed create/open. */
void mb_shm_obj_close(struct mb_shm_obj *o);

#endif
