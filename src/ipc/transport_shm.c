/* ipc/transport_shm.c: the mapped transports: `shm` (a named shared memory object) and
 * `shm-file` (a file in the data directory mapped shared by both processes). Both hold the
 * same layout: a control page, then the parent->child ring, then the child->parent ring
 * (ipc/shm_ends.h). Platform-neutral: the OS calls are behind ipc/shm_os.h. */
#include "ipc/ipc.h"

#include <stdio.h>
#include <string.h>

#include "ipc/shm_ends.h"
#include "ipc/shm_os.h"

struct shm_state {
    struct mb_shm_ends ends; /* first: the shared ring operations read it through st */
    struct mb_shm_obj obj;
};

static int preflight_any(bool is_file, const struct mb_ipc_params *p, struct mb_err *err)
{
    char name[MB_SHM_NAME_ROOM];
    int rc = mb_shm_obj_name(is_file, p, name, sizeof name, err);
    return rc ? rc : mb_shm_obj_preflight(is_file, name, err);
}

static int shm_preflight(const struct mb_ipc_params *p, struct mb_err *err)
{
    return preflight_any(false, p, err);
}

static int file_preflight(const struct mb_ipc_params *p, struct mb_err *err)
{
    return preflight_any(true, p, err);
}

static void shm_unlink_name(void *st)
{
    struct shm_state *s = st;
    mb_shm_obj_unlink(&s->obj);
}

static void shm_close(void *st)
{
    struct shm_state *s = st;
    mb_ring_detach(&s->ends.tx);
    mb_ring_detach(&s->ends.rx);
    mb_shm_obj_close(&s->obj);
}

static void init_state(struct shm_state *s, bool is_file, const struct mb_ipc_params *p)
{
    s->obj.is_file = is_file;
    s->obj.fd = s->obj.mapping = -1;
    s->obj.map_len = mb_shm_layout_size(p->ring_size);
    s->ends.peer = p->peer;
}

static int create_any(void *st, bool is_file, const struct mb_ipc_params *p, char *token,
                      size_t len, struct mb_err *err)
{
    struct shm_state *s = st;
    init_state(s, is_file, p);
    int rc = mb_ring_check_cap(p->ring_size, err);
    if (!rc)
        rc = mb_shm_obj_name(is_file, p, s->obj.name, sizeof s->obj.name, err);
    if (!rc)
        rc = mb_shm_obj_create(&s->obj, err);
    if (!rc) /* parent: tx = ring 0 */
        rc = mb_shm_ends_setup(&s->ends, s->obj.map, p->ring_size, true, s->obj.name, s->obj.bells,
                               err);
    if (rc)
        return rc;
    if ((size_t)snprintf(token, len, "%s", s->obj.name) >= len)
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "name '%s' is too long", s->obj.name);
    return 0;
}

static int shm_create(void *st, const struct mb_ipc_params *p, char *token, size_t len,
                      struct mb_err *err)
{
    return create_any(st, false, p, token, len, err);
}

static int file_create(void *st, const struct mb_ipc_params *p, char *token, size_t len,
                       struct mb_err *err)
{
    return create_any(st, true, p, token, len, err);
}

static int attach_any(void *st, bool is_file, const struct mb_ipc_params *p, const char *token,
                      struct mb_err *err)
{
    struct shm_state *s = st;
    init_state(s, is_file, p);
    snprintf(s->obj.name, sizeof s->obj.name, "%s", token);
    int rc = mb_shm_obj_open(&s->obj, err);
    /* child: tx = ring 1 */
    return rc ? rc
              : mb_shm_ends_setup(&s->ends, s->obj.map, p->ring_size, false, s->obj.name,
                                  s->obj.bells, err);
}

static int shm_attach(void *st, const struct mb_ipc_params *p, const char *token,
                      struct mb_err *err)
{
    return attach_any(st, false, p, token, err);
}

static int file_attach(void *st, const struct mb_ipc_params *p, const char *token,
                       struct mb_err *err)
{
    return attach_any(st, true, p, token, err);
}

const struct mb_ipc_transport mb_ipc_shm = {
    .name = "shm",
    .api = mb_shm_api_shm,
    .state_size = sizeof(struct shm_state),
    .preflight = shm_preflight,
    .create = shm_create,
    .unlink = shm_unlink_name,
    .attach = shm_attach,
    .send_begin = mb_shm_send_begin,
    .send_end = mb_shm_send_end,
    .recv_begin = mb_shm_recv_begin,
    .recv_end = mb_shm_recv_end,
    .close = shm_close,
};

const struct mb_ipc_transport mb_ipc_shm_file = {
    .name = "shm-file",
    .api = mb_shm_api_file,
    .caps = MB_IPC_CAP_DIR,
    .state_size = sizeof(struct shm_state),
    .preflight = file_preflight,
    .create = file_create,
    .unlink = shm_unlink_name,
    .attach = file_attach,
    .send_begin = mb_shm_send_begin,
    .send_end = mb_shm_send_end,
    .recv_begin = mb_shm_recv_begin,
    .recv_end = mb_shm_recv_end,
    .close = shm_close,
};
