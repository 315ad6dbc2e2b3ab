/* transport_shm_posix.c: the mapped transports on POSIX: `shm` (a named POSIX shared memory
 * object, shm_open + mmap) and `shm-file` (a file in the data directory mapped MAP_SHARED by
 * both processes). Both hold the same layout: a control page, then the parent->child ring,
 * then the child->parent ring (ring.h). */
#include "ipc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ring.h"

#define SHM_MAGIC 0x31636970626d6d70ull /* "pmmbpic1" */

/* The control page at the start of the mapping. */
struct shm_ctrl {
    uint64_t magic;
    uint64_t ring_size;
    uint64_t msg_size;
};

struct shm_state {
    int fd;
    bool is_file, named;
    void *map;
    size_t map_len;
    char name[4096]; /* "/<base>" or "<dir>/<base>.ring" */
    struct mb_ring tx, rx;
    struct mb_ipc_peer peer;
};

static size_t layout_size(uint64_t cap)
{
    return MB_RING_CTRL + 2 * mb_ring_footprint(cap);
}

static void *ring_at(void *map, uint64_t cap, int which)
{
    return (unsigned char *)map + MB_RING_CTRL + (size_t)which * mb_ring_footprint(cap);
}

static int make_name(bool is_file, const struct mb_ipc_params *p, char *buf, size_t len,
                     struct mb_err *err)
{
    int n = is_file ? snprintf(buf, len, "%s/%s.ring", p->dir, p->base)
                    : snprintf(buf, len, "/%s", p->base);
    if (n < 0 || (size_t)n >= len || (!is_file && n > 255))
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "shared object name for '%s' is too long",
                          p->base);
    return 0;
}

static int shm_preflight_any(bool is_file, const struct mb_ipc_params *p, struct mb_err *err)
{
    char name[4096];
    int rc = make_name(is_file, p, name, sizeof name, err);
    if (rc)
        return rc;
    if (is_file) {
        struct stat st;
        if (lstat(name, &st) == 0)
            return mb_err_set(err, MB_E_FOREIGN, 0, NULL,
                              "ring file '%s' already exists and was not created by this run "
                              "(remove it if it is stale)",
                              name);
        return 0;
    }
    int fd = shm_open(name, O_RDONLY, 0);
    if (fd >= 0) {
        close(fd);
        return mb_err_set(err, MB_E_FOREIGN, 0, NULL,
                          "shared memory object '%s' already exists and was not created by this "
                          "run (remove /dev/shm%s if it is stale)",
                          name, name);
    }
    if (errno == EACCES)
        return mb_err_set(err, MB_E_FOREIGN, errno, "shm_open",
                          "shared memory object '%s' already exists and is not ours", name);
    return 0;
}

static int shm_preflight(const struct mb_ipc_params *p, struct mb_err *err)
{
    return shm_preflight_any(false, p, err);
}

static int file_preflight(const struct mb_ipc_params *p, struct mb_err *err)
{
    return shm_preflight_any(true, p, err);
}

static void shm_unlink_name(void *st)
{
    struct shm_state *s = st;
    if (!s->named)
        return;
    if (s->is_file)
        unlink(s->name);
    else
        shm_unlink(s->name);
    s->named = false;
}

static void shm_close(void *st)
{
    struct shm_state *s = st;
    mb_ring_detach(&s->tx);
    mb_ring_detach(&s->rx);
    if (s->map)
        munmap(s->map, s->map_len);
    s->map = NULL;
    if (s->fd > 0)
        close(s->fd);
    s->fd = -1;
    shm_unlink_name(st);
}

/* Maps the object and attaches both rings; parent: tx = ring 0; child: tx = ring 1. */
static int map_and_attach(struct shm_state *s, uint64_t cap, bool parent, struct mb_err *err)
{
    s->map = mmap(NULL, s->map_len, PROT_READ | PROT_WRITE, MAP_SHARED, s->fd, 0);
    if (s->map == MAP_FAILED) {
        s->map = NULL;
        return mb_err_set(err, MB_E_IO, errno, "mmap", "cannot map '%s'", s->name);
    }
    if (parent) {
        struct shm_ctrl *c = s->map;
        c->ring_size = cap;
        mb_ring_format(ring_at(s->map, cap, 0), cap);
        mb_ring_format(ring_at(s->map, cap, 1), cap);
        c->magic = SHM_MAGIC;
    } else {
        const struct shm_ctrl *c = s->map;
        if (c->magic != SHM_MAGIC || c->ring_size != cap)
            return mb_err_set(err, MB_E_VERIFY, 0, NULL,
                              "'%s' is not a mapbench IPC mapping with %llu-byte rings", s->name,
                              (unsigned long long)cap);
    }
    char rname[4200];
    snprintf(rname, sizeof rname, "%s-p2c", s->name);
    int rc =
        mb_ring_attach(parent ? &s->tx : &s->rx, ring_at(s->map, cap, 0), cap, rname, parent, err);
    if (rc)
        return rc;
    snprintf(rname, sizeof rname, "%s-c2p", s->name);
    return mb_ring_attach(parent ? &s->rx : &s->tx, ring_at(s->map, cap, 1), cap, rname, parent,
                          err);
}

static int create_any(void *st, bool is_file, const struct mb_ipc_params *p, char *token,
                      size_t len, struct mb_err *err)
{
    struct shm_state *s = st;
    s->fd = -1;
    s->is_file = is_file;
    s->peer = p->peer;
    int rc = mb_ring_check_cap(p->ring_size, err);
    if (rc)
        return rc;
    rc = make_name(is_file, p, s->name, sizeof s->name, err);
    if (rc)
        return rc;
    s->map_len = layout_size(p->ring_size);
    if (is_file)
        s->fd = open(s->name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    else
        s->fd = shm_open(s->name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (s->fd < 0) {
        int e = errno;
        if (e == EEXIST)
            return mb_err_set(err, MB_E_FOREIGN, 0, NULL,
                              "%s '%s' already exists and was not created by this run (remove "
                              "it if it is stale)",
                              is_file ? "ring file" : "shared memory object", s->name);
        return mb_err_set(err, MB_E_IO, e, is_file ? "open" : "shm_open", "cannot create '%s'",
                          s->name);
    }
    s->named = true;
    if (ftruncate(s->fd, (off_t)s->map_len) != 0)
        return mb_err_set(err, MB_E_IO, errno, "ftruncate", "cannot size '%s'", s->name);
    if (is_file) {
        /* real blocks, so page faults on the ring never allocate */
        int e = posix_fallocate(s->fd, 0, (off_t)s->map_len);
        if (e)
            return mb_err_set(err, MB_E_IO, e, "posix_fallocate", "cannot allocate '%s'", s->name);
    }
    rc = map_and_attach(s, p->ring_size, true, err);
    if (rc)
        return rc;
    if ((size_t)snprintf(token, len, "%s", s->name) >= len)
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "name '%s' is too long", s->name);
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
    s->fd = -1;
    s->is_file = is_file;
    s->peer = p->peer;
    snprintf(s->name, sizeof s->name, "%s", token);
    s->map_len = layout_size(p->ring_size);
    s->fd = is_file ? open(s->name, O_RDWR | O_CLOEXEC) : shm_open(s->name, O_RDWR, 0);
    if (s->fd < 0)
        return mb_err_set(err, MB_E_IO, errno, is_file ? "open" : "shm_open", "cannot open '%s'",
                          s->name);
    struct stat sb;
    if (fstat(s->fd, &sb) != 0)
        return mb_err_set(err, MB_E_IO, errno, "fstat", "cannot stat '%s'", s->name);
    if ((uint64_t)sb.st_size != s->map_len)
        return mb_err_set(err, MB_E_VERIFY, 0, NULL, "'%s' has %lld bytes, expected %zu", s->name,
                          (long long)sb.st_size, s->map_len);
    return map_and_attach(s, p->ring_size, false, err);
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

static void *shm_send_begin(void *st, size_t len, void *buf, struct mb_err *err)
{
    struct shm_state *s = st;
    (void)buf;
    void *p;
    return mb_ring_reserve(&s->tx, len, &p, &s->peer, err) ? NULL : p;
}

static int shm_send_end(void *st, const void *p, size_t len, struct mb_err *err)
{
    struct shm_state *s = st;
    (void)p;
    (void)len;
    (void)err;
    mb_ring_commit(&s->tx);
    return 0;
}

static const void *shm_recv_begin(void *st, size_t len, void *buf, struct mb_err *err)
{
    struct shm_state *s = st;
    (void)buf;
    const void *p;
    size_t got;
    if (mb_ring_peek(&s->rx, &p, &got, &s->peer, err))
        return NULL;
    if (got != len) {
        mb_err_set(err, MB_E_VERIFY, 0, NULL, "received a %zu-byte message, expected %zu", got,
                   len);
        return NULL;
    }
    return p;
}

static void shm_recv_end(void *st, const void *p, size_t len)
{
    struct shm_state *s = st;
    (void)p;
    (void)len;
    mb_ring_release(&s->rx);
}

const struct mb_ipc_transport mb_ipc_shm = {
    .name = "shm",
    .api = "shm_open+mmap(MAP_SHARED), SPSC ring, futex",
    .caps = MB_IPC_CAP_MAPPED,
    .state_size = sizeof(struct shm_state),
    .preflight = shm_preflight,
    .create = shm_create,
    .unlink = shm_unlink_name,
    .attach = shm_attach,
    .send_begin = shm_send_begin,
    .send_end = shm_send_end,
    .recv_begin = shm_recv_begin,
    .recv_end = shm_recv_end,
    .close = shm_close,
};

const struct mb_ipc_transport mb_ipc_shm_file = {
    .name = "shm-file",
    .api = "open+posix_fallocate+mmap(MAP_SHARED) of a file, SPSC ring, futex",
    .caps = MB_IPC_CAP_MAPPED | MB_IPC_CAP_DIR,
    .state_size = sizeof(struct shm_state),
    .preflight = file_preflight,
    .create = file_create,
    .unlink = shm_unlink_name,
    .attach = file_attach,
    .send_begin = shm_send_begin,
    .send_end = shm_send_end,
    .recv_begin = shm_recv_begin,
    .recv_end = shm_recv_end,
    .close = shm_close,
};
