/* shm_ends.h: the part of the shared-mapping transports (shm, shm-file) that does not depend on
 * the platform: the mapping's layout (control block, then one ring per direction) and the
 * send/receive operations over the two ring ends. ipc/transport_shm.c creates, names and maps
 * the object (through ipc/shm_os.h); these functions run on what it mapped. */
#ifndef MB_SHM_ENDS_H
#define MB_SHM_ENDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipc/ipc.h"
#include "core/err.h"
#include "ipc/ring.h"

/* A transport's state must begin with this struct: the operations below take the transport
 * state pointer and read it through its first member. */
struct mb_shm_ends {
    struct mb_ring tx, rx;
    struct mb_ipc_peer peer;
};

/* Bytes of a mapping holding the control block and two rings of `cap` bytes each. */
size_t mb_shm_layout_size(uint64_t cap);

/* Sets up the ends over a mapping of mb_shm_layout_size(cap) bytes. The parent (creator)
 * formats the control block and both rings; the child checks that the mapping is one
 * (MB_E_VERIFY naming `what` otherwise). Then each side attaches its sending and receiving
 * ring, whose wake-up objects are named from `bells` ("<bells>-p2c", "<bells>-c2p"). */
int mb_shm_ends_setup(struct mb_shm_ends *e, void *map, uint64_t cap, bool parent, const char *what,
                      const char *bells, struct mb_err *err);

/* The mb_ipc_transport operations over the ring ends (the state starts with mb_shm_ends):
 * messages are written into and read from the ring in place (zero copy); a received message
 * of another length than expected is MB_E_VERIFY. */
void *mb_shm_send_begin(void *st, size_t len, void *buf, struct mb_err *err);
int mb_shm_send_end(void *st, const void *p, size_t len, struct mb_err *err);
const void *mb_shm_recv_begin(void *st, size_t len, void *buf, struct mb_err *err);
void mb_shm_recv_end(void *st, const void *p, size_t len);

#endif
