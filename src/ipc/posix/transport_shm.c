/* ipc/posix/transport_shm.c: the mapped transports on POSIX: `shm` (a named POSIX shared memory
 * object, shm_open + mmap) and `shm-file` (a file in the data directory mapped MAP_SHARED by
 * both processes). Both hold the same layout: a control page, then the parent->child ring,
 * then the child->parent ring (ring.h). */
#include "ipc/ipc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipc/shm_ends.h"

struct shm_state {
    struct mb_shm_ends ends; /* first: the shared ring operations read it through st */
    int fd;
    bool is_file, named;
    void *map;
    size_t map_len;
    char name[4096]; /* "/<base>" or "<dir>/<base>.ring" */
};

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
    mb_ring_detach(&s->ends.tx);
    mb_ring_detach(&s->ends.rx);
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
    return mb_shm_ends_setup(&s->ends, s->map, cap, parent, s->name, s->name, err);
}

static int create_any(void *st, bool is_file, const struct mb_ipc_params *p, char *token,
                      size_t len, struct mb_err *err)
{
    struct shm_state *s = st;
    s->fd = -1;
    s->is_file = is_file;
    s->ends.peer = p->peer;
    int rc = mb_ring_check_cap(p->ring_size, err);
    if (rc)
        return rc;
    rc = make_name(is_file, p, s->name, sizeof s->name, err);
    if (rc)
        return rc;
    s->map_len = mb_shm_layout_size(p->ring_size);
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
    s->ends.peer = p->peer;
    snprintf(s->name, sizeof s->name, "%s", token);
    s->map_len = mb_shm_layout_size(p->ring_size);
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

const struct mb_ipc_transport mb_ipc_shm = {
    .name = "shm",
    .api = "shm_open+mmap(MAP_SHARED), SPSC ring, futex",
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
    .api = "open+posix_fallocate+mmap(MAP_SHARED) of a file, SPSC ring, futex",
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
