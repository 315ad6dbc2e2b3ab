/* ipc/win/shm_os.c: ipc/shm_os.h on Windows: `shm` is a named pagefile-backed mapping
 * (CreateFileMappingA(INVALID_HANDLE_VALUE, ..., "Local\\<base>") in the parent,
 * OpenFileMappingA in the child), `shm-file` a file in the data directory that both processes
 * open and map. The rings' bells are named events whose names start with "Local\\" + the
 * object's last name component (ipc/win/wait.c). */
#define WIN32_LEAN_AND_MEAN
#define NOUSER /* winuser.h defines MB_OK, which core/err.h names too */
#include <windows.h>

#include "ipc/shm_os.h"

#include <stdio.h>
#include <string.h>

#define OBJ_NS "Local\\" /* this session's kernel object namespace */
/* The longest name kept (a path). */
#define NAME_MAX_LEN (MAX_PATH + 64)

const char mb_shm_api_shm[] =
    "CreateFileMappingA(INVALID_HANDLE_VALUE, \"Local\\\\name\")/OpenFileMappingA + "
    "MapViewOfFile, SPSC ring, named auto-reset events";
const char mb_shm_api_file[] =
    "CreateFileA+SetEndOfFile+CreateFileMappingA+MapViewOfFile of a file in both "
    "processes, SPSC ring, named auto-reset events";

static bool open_handle(intptr_t h)
{
    return h != -1 && h != 0;
}

int mb_shm_obj_name(bool is_file, const struct mb_ipc_params *p, char *buf, size_t len,
                    struct mb_err *err)
{
    if (len > NAME_MAX_LEN)
        len = NAME_MAX_LEN;
    int n = is_file ? snprintf(buf, len, "%s\\%s.ring", p->dir, p->base)
                    : snprintf(buf, len, OBJ_NS "%s", p->base);
    if (n < 0 || (size_t)n >= len || (!is_file && n + 16 >= MAX_PATH))
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "shared object name for '%s' is too long",
                          p->base);
    return 0;
}

int mb_shm_obj_preflight(bool is_file, const char *name, struct mb_err *err)
{
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

/* shm: a named kernel object disappears with its last handle, so there is nothing to remove.
 * shm-file: the file was opened with FILE_SHARE_DELETE, so it can be deleted while mapped
 * (it goes when the last handle closes); if that fails, close() tries again after unmapping. */
void mb_shm_obj_unlink(struct mb_shm_obj *o)
{
    if (!o->named)
        return;
    if (!o->is_file || DeleteFileA(o->name))
        o->named = false;
}

void mb_shm_obj_close(struct mb_shm_obj *o)
{
    if (o->map)
        UnmapViewOfFile(o->map);
    o->map = NULL;
    if (open_handle(o->mapping))
        CloseHandle((HANDLE)o->mapping);
    o->mapping = -1;
    if (open_handle(o->fd))
        CloseHandle((HANDLE)o->fd);
    o->fd = -1;
    mb_shm_obj_unlink(o);
}

/* The bells' prefix for a mapping name or ring file path: "Local\\" + its last component. */
static int make_bells(struct mb_shm_obj *o, struct mb_err *err)
{
    const char *base = o->name;
    for (const char *p = o->name; *p; p++)
        if (*p == '\\' || *p == '/' || *p == ':')
            base = p + 1;
    int n = snprintf(o->bells, MAX_PATH, OBJ_NS "%s", base);
    if (n < 0 || (size_t)n + 16 >= MAX_PATH) /* room for "-p2c-space" */
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "object name for '%s' is too long", o->name);
    return 0;
}

/* Maps the mapping object (the child checks it is large enough) and names the bells. */
static int map(struct mb_shm_obj *o, bool parent, struct mb_err *err)
{
    o->map = MapViewOfFile((HANDLE)o->mapping, FILE_MAP_READ | FILE_MAP_WRITE, 0, 0, o->map_len);
    if (!o->map)
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "MapViewOfFile", "cannot map '%s'",
                          o->name);
    if (!parent) {
        MEMORY_BASIC_INFORMATION mbi;
        if (VirtualQuery(o->map, &mbi, sizeof mbi) == 0 || mbi.RegionSize < o->map_len)
            return mb_err_set(err, MB_E_VERIFY, 0, NULL,
                              "'%s' is smaller than the %llu bytes expected", o->name,
                              (unsigned long long)o->map_len);
    }
    return make_bells(o, err);
}

/* The ring file, created (CREATE_NEW) or opened; shared for reading, writing and deleting. */
static HANDLE open_file(const char *name, DWORD how)
{
    return CreateFileA(name, GENERIC_READ | GENERIC_WRITE,
                       FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, how,
                       FILE_ATTRIBUTE_NORMAL, NULL);
}

/* A mapping of the whole ring file. */
static int map_file(struct mb_shm_obj *o, struct mb_err *err)
{
    HANDLE m = CreateFileMappingA((HANDLE)o->fd, NULL, PAGE_READWRITE, 0, 0, NULL);
    if (!m)
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "CreateFileMappingA",
                          "cannot create a mapping of '%s'", o->name);
    o->mapping = (intptr_t)m;
    return 0;
}

static int create_file(struct mb_shm_obj *o, struct mb_err *err)
{
    HANDLE f = open_file(o->name, CREATE_NEW);
    if (f == INVALID_HANDLE_VALUE) {
        DWORD e = GetLastError();
        if (e == ERROR_FILE_EXISTS || e == ERROR_ALREADY_EXISTS)
            return mb_err_set(err, MB_E_FOREIGN, 0, NULL,
                              "ring file '%s' already exists and was not created by this "
                              "run (remove it if it is stale)",
                              o->name);
        return mb_err_set(err, MB_E_IO, (int)e, "CreateFileA", "cannot create '%s'", o->name);
    }
    o->fd = (intptr_t)f;
    o->named = true;
    /* real blocks, so page faults on the ring never extend the file */
    LARGE_INTEGER end;
    end.QuadPart = (LONGLONG)o->map_len;
    if (!SetFilePointerEx(f, end, NULL, FILE_BEGIN) || !SetEndOfFile(f))
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "SetEndOfFile", "cannot size '%s'",
                          o->name);
    return map_file(o, err);
}

static int create_mapping(struct mb_shm_obj *o, struct mb_err *err)
{
    uint64_t size = (uint64_t)o->map_len;
    HANDLE m = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, (DWORD)(size >> 32),
                                  (DWORD)size, o->name);
    if (m && GetLastError() == ERROR_ALREADY_EXISTS) {
        CloseHandle(m);
        return mb_err_set(err, MB_E_FOREIGN, 0, NULL,
                          "file mapping '%s' is a name that already exists and is not ours "
                          "(another process holds it)",
                          o->name);
    }
    if (!m)
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "CreateFileMappingA",
                          "cannot create file mapping '%s'", o->name);
    o->mapping = (intptr_t)m;
    return 0;
}

int mb_shm_obj_create(struct mb_shm_obj *o, struct mb_err *err)
{
    int rc = o->is_file ? create_file(o, err) : create_mapping(o, err);
    return rc ? rc : map(o, true, err);
}

int mb_shm_obj_open(struct mb_shm_obj *o, struct mb_err *err)
{
    if (o->is_file) {
        HANDLE f = open_file(o->name, OPEN_EXISTING);
        if (f == INVALID_HANDLE_VALUE)
            return mb_err_set(err, MB_E_IO, (int)GetLastError(), "CreateFileA", "cannot open '%s'",
                              o->name);
        o->fd = (intptr_t)f;
        LARGE_INTEGER size;
        if (!GetFileSizeEx(f, &size))
            return mb_err_set(err, MB_E_IO, (int)GetLastError(), "GetFileSizeEx",
                              "cannot stat '%s'", o->name);
        if ((uint64_t)size.QuadPart != (uint64_t)o->map_len)
            return mb_err_set(err, MB_E_VERIFY, 0, NULL, "'%s' has %lld bytes, expected %llu",
                              o->name, (long long)size.QuadPart, (unsigned long long)o->map_len);
        int rc = map_file(o, err);
        if (rc)
            return rc;
    } else {
        HANDLE m = OpenFileMappingA(FILE_MAP_READ | FILE_MAP_WRITE, FALSE, o->name);
        if (!m)
            return mb_err_set(err, MB_E_IO, (int)GetLastError(), "OpenFileMappingA",
                              "cannot open file mapping '%s'", o->name);
        o->mapping = (intptr_t)m;
    }
    return map(o, false, err);
}
