/* ipc/win/transport_shm.c: the mapped transports on Windows: `shm` (a named pagefile-backed
 * mapping: CreateFileMappingA(INVALID_HANDLE_VALUE, ..., "Local\\<base>") in the parent,
 * OpenFileMappingA + MapViewOfFile in the child) and `shm-file` (a file in the data directory
 * that both processes open and map). Both hold the layout of the POSIX version: a control page,
 * then the parent->child ring, then the child->parent ring (ring.h); the rings' bells are named
 * events derived from the mapping's name (ipc/win/wait.c). */
#define WIN32_LEAN_AND_MEAN
#define NOUSER /* winuser.h defines MB_OK, which core/err.h names too */
#include <windows.h>

#include "ipc/ipc.h"

#include <stdio.h>
#include <string.h>

#include "ipc/shm_ends.h"

#define OBJ_NS "Local\\" /* this session's kernel object namespace */

struct shm_state {
    struct mb_shm_ends ends; /* first: the shared ring operations read it through st */
    HANDLE file;             /* shm-file: the ring file (INVALID_HANDLE_VALUE otherwise) */
    HANDLE mapping;          /* the file mapping object */
    bool is_file, named;
    void *map;
    size_t map_len;
    char name[MAX_PATH + 64]; /* "Local\\<base>" or "<dir>\\<base>.ring" */
    char objname[MAX_PATH];   /* prefix of the events' names: "Local\\<base>[.ring]" */
};

/* The event name prefix for a mapping name or ring file path: "Local\\" + its last component. */
static int make_objname(const char *name, char *buf, size_t len, struct mb_err *err)
{
    const char *base = name;
    for (const char *p = name; *p; p++)
        if (*p == '\\' || *p == '/' || *p == ':')
            base = p + 1;
    int n = snprintf(buf, len, OBJ_NS "%s", base);
    if (n < 0 || (size_t)n + 16 >= len) /* room for "-p2c-space" */
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "object name for '%s' is too long", name);
    return 0;
}

static int make_name(bool is_file, const struct mb_ipc_params *p, char *buf, size_t len,
                     struct mb_err *err)
{
    int n = is_file ? snprintf(buf, len, "%s\\%s.ring", p->dir, p->base)
                    : snprintf(buf, len, OBJ_NS "%s", p->base);
    if (n < 0 || (size_t)n >= len || (!is_file && n + 16 >= MAX_PATH))
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "shared object name for '%s' is too long",
                          p->base);
    return 0;
}

static int shm_preflight_any(bool is_file, const struct mb_ipc_params *p, struct mb_err *err)
{
    char name[MAX_PATH + 64];
    int rc = make_name(is_file, p, name, sizeof name, err);
    if (rc)
        return rc;
    if (is_file) {
        if (GetFileAttributesA(name) != INVALID_FILE_ATTRIBUTES)
            return mb_err_set(err, MB_E_FOREIGN, 0, NULL,
                              "ring file '%s' already exists and was not created by this run "
                              "(remove it if it is stale)",
                              name);
        return 0;
    }
    HANDLE h = OpenFileMappingA(FILE_MAP_READ, FALSE, name);
    if (h) {
        CloseHandle(h);
        return mb_err_set(err, MB_E_FOREIGN, 0, NULL,
                          "file mapping '%s' already exists and is not ours (another process "
                          "holds it)",
                          name);
    }
    DWORD e = GetLastError();
    if (e == ERROR_ACCESS_DENIED)
        return mb_err_set(err, MB_E_FOREIGN, (int)e, "OpenFileMappingA",
                          "file mapping '%s' already exists and is not ours", name);
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

/* shm: a named kernel object disappears with its last handle, so there is nothing to remove.
 * shm-file: the file was opened with FILE_SHARE_DELETE, so it can be deleted while mapped
 * (it goes when the last handle closes); if that fails, close() tries again after unmapping. */
static void shm_unlink_name(void *st)
{
    struct shm_state *s = st;
    if (!s->named)
        return;
    if (!s->is_file || DeleteFileA(s->name))
        s->named = false;
}

static void shm_close(void *st)
{
    struct shm_state *s = st;
    mb_ring_detach(&s->ends.tx);
    mb_ring_detach(&s->ends.rx);
    if (s->map)
        UnmapViewOfFile(s->map);
    s->map = NULL;
    if (s->mapping)
        CloseHandle(s->mapping);
    s->mapping = NULL;
    if (s->file && s->file != INVALID_HANDLE_VALUE)
        CloseHandle(s->file);
    s->file = INVALID_HANDLE_VALUE;
    shm_unlink_name(st);
}

/* Maps the mapping object and attaches both rings; parent: tx = ring 0; child: tx = ring 1. */
static int map_and_attach(struct shm_state *s, uint64_t cap, bool parent, struct mb_err *err)
{
    s->map = MapViewOfFile(s->mapping, FILE_MAP_READ | FILE_MAP_WRITE, 0, 0, s->map_len);
    if (!s->map)
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "MapViewOfFile", "cannot map '%s'",
                          s->name);
    if (!parent) {
        MEMORY_BASIC_INFORMATION mbi;
        if (VirtualQuery(s->map, &mbi, sizeof mbi) == 0 || mbi.RegionSize < s->map_len)
            return mb_err_set(err, MB_E_VERIFY, 0, NULL,
                              "'%s' is smaller than the %llu bytes expected", s->name,
                              (unsigned long long)s->map_len);
    }
    int rc = make_objname(s->name, s->objname, sizeof s->objname, err);
    if (rc)
        return rc;
    return mb_shm_ends_setup(&s->ends, s->map, cap, parent, s->name, s->objname, err);
}

static int create_any(void *st, bool is_file, const struct mb_ipc_params *p, char *token,
                      size_t len, struct mb_err *err)
{
    struct shm_state *s = st;
    s->file = INVALID_HANDLE_VALUE;
    s->is_file = is_file;
    s->ends.peer = p->peer;
    int rc = mb_ring_check_cap(p->ring_size, err);
    if (rc)
        return rc;
    rc = make_name(is_file, p, s->name, sizeof s->name, err);
    if (rc)
        return rc;
    s->map_len = mb_shm_layout_size(p->ring_size);
    uint64_t size = (uint64_t)s->map_len;
    if (is_file) {
        s->file = CreateFileA(s->name, GENERIC_READ | GENERIC_WRITE,
                              FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                              CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
        if (s->file == INVALID_HANDLE_VALUE) {
            DWORD e = GetLastError();
            if (e == ERROR_FILE_EXISTS || e == ERROR_ALREADY_EXISTS)
                return mb_err_set(err, MB_E_FOREIGN, 0, NULL,
                                  "ring file '%s' already exists and was not created by this "
                                  "run (remove it if it is stale)",
                                  s->name);
            return mb_err_set(err, MB_E_IO, (int)e, "CreateFileA", "cannot create '%s'", s->name);
        }
        s->named = true;
        /* real blocks, so page faults on the ring never extend the file */
        LARGE_INTEGER end;
        end.QuadPart = (LONGLONG)size;
        if (!SetFilePointerEx(s->file, end, NULL, FILE_BEGIN) || !SetEndOfFile(s->file))
            return mb_err_set(err, MB_E_IO, (int)GetLastError(), "SetEndOfFile", "cannot size '%s'",
                              s->name);
        s->mapping = CreateFileMappingA(s->file, NULL, PAGE_READWRITE, 0, 0, NULL);
        if (!s->mapping)
            return mb_err_set(err, MB_E_IO, (int)GetLastError(), "CreateFileMappingA",
                              "cannot create a mapping of '%s'", s->name);
    } else {
        s->mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE,
                                        (DWORD)(size >> 32), (DWORD)size, s->name);
        if (s->mapping && GetLastError() == ERROR_ALREADY_EXISTS) {
            CloseHandle(s->mapping);
            s->mapping = NULL;
            return mb_err_set(err, MB_E_FOREIGN, 0, NULL,
                              "file mapping '%s' is a name that already exists and is not ours "
                              "(another process holds it)",
                              s->name);
        }
        if (!s->mapping)
            return mb_err_set(err, MB_E_IO, (int)GetLastError(), "CreateFileMappingA",
                              "cannot create file mapping '%s'", s->name);
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
    s->file = INVALID_HANDLE_VALUE;
    s->is_file = is_file;
    s->ends.peer = p->peer;
    snprintf(s->name, sizeof s->name, "%s", token);
    s->map_len = mb_shm_layout_size(p->ring_size);
    if (is_file) {
        s->file = CreateFileA(s->name, GENERIC_READ | GENERIC_WRITE,
                              FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                              OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
        if (s->file == INVALID_HANDLE_VALUE)
            return mb_err_set(err, MB_E_IO, (int)GetLastError(), "CreateFileA", "cannot open '%s'",
                              s->name);
        LARGE_INTEGER size;
        if (!GetFileSizeEx(s->file, &size))
            return mb_err_set(err, MB_E_IO, (int)GetLastError(), "GetFileSizeEx",
                              "cannot stat '%s'", s->name);
        if ((uint64_t)size.QuadPart != (uint64_t)s->map_len)
            return mb_err_set(err, MB_E_VERIFY, 0, NULL, "'%s' has %lld bytes, expected %llu",
                              s->name, (long long)size.QuadPart, (unsigned long long)s->map_len);
        s->mapping = CreateFileMappingA(s->file, NULL, PAGE_READWRITE, 0, 0, NULL);
        if (!s->mapping)
            return mb_err_set(err, MB_E_IO, (int)GetLastError(), "CreateFileMappingA",
                              "cannot create a mapping of '%s'", s->name);
    } else {
        s->mapping = OpenFileMappingA(FILE_MAP_READ | FILE_MAP_WRITE, FALSE, s->name);
        if (!s->mapping)
            return mb_err_set(err, MB_E_IO, (int)GetLastError(), "OpenFileMappingA",
                              "cannot open file mapping '%s'", s->name);
    }
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
    .api = "CreateFileMappingA(INVALID_HANDLE_VALUE, \"Local\\\\name\")/OpenFileMappingA + "
           "MapViewOfFile, SPSC ring, named auto-reset events",
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
    .api = "CreateFileA+SetEndOfFile+CreateFileMappingA+MapViewOfFile of a file in both "
           "processes, SPSC ring, named auto-reset events",
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
