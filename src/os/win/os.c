/* os/win/os.c: os/os.h on Windows (Win32): QueryPerformanceCounter, GetProcessTimes and
 * GetProcessMemoryInfo, GetDiskFreeSpaceExA, CreateFileA with OVERLAPPED offsets,
 * MoveFileExA. Every OS code stored in an mb_err here is a GetLastError() value (never an
 * errno), and mb_os_strerror formats it with FormatMessageA. */
#ifndef PSAPI_VERSION
#define PSAPI_VERSION 2 /* K32GetProcessMemoryInfo in kernel32: no psapi.dll to link */
#endif
#include "os/win/win.h"

#include <psapi.h>

#include "os/os.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>

void mb_os_strerror(int os, char *buf, size_t len)
{
    if (len == 0)
        return;
    DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                             (DWORD)os, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), buf,
                             (DWORD)(len > 0xFFFF ? 0xFFFF : len), NULL);
    if (n == 0) {
        snprintf(buf, len, "Windows error %d", os);
        return;
    }
    /* FormatMessage ends its text with ".\r\n": trim to match strerror's style */
    while (n > 0 &&
           (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' ' || buf[n - 1] == '.'))
        buf[--n] = '\0';
}

uint64_t mb_os_now_ns(void)
{
    LARGE_INTEGER f, c;
    QueryPerformanceFrequency(&f); /* fixed at boot; cheap */
    QueryPerformanceCounter(&c);
    uint64_t freq = (uint64_t)f.QuadPart, t = (uint64_t)c.QuadPart;
    return t / freq * 1000000000ull + t % freq * 1000000000ull / freq;
}

size_t mb_os_page_size(void)
{
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    return si.dwPageSize ? (size_t)si.dwPageSize : 4096;
}

int mb_os_cpu_count(void)
{
    DWORD n = GetActiveProcessorCount(ALL_PROCESSOR_GROUPS);
    return n > 0 ? (int)n : 1;
}

void *mb_os_alloc_aligned(size_t align, size_t size)
{
    return _aligned_malloc(size ? size : align, align);
}

void mb_os_free_aligned(void *p)
{
    _aligned_free(p);
}

static double filetime_s(FILETIME t)
{
    ULARGE_INTEGER u;
    u.LowPart = t.dwLowDateTime;
    u.HighPart = t.dwHighDateTime;
    return (double)u.QuadPart * 1e-7; /* 100 ns units */
}

void mb_os_usage(struct mb_usage *u)
{
    memset(u, 0, sizeof *u);
    FILETIME created, exited, kernel, user;
    if (GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user)) {
        u->usr_s = filetime_s(user);
        u->sys_s = filetime_s(kernel);
    }
    /* Windows counts page faults without a minor/major split (PageFaultCount includes soft
     * faults satisfied from the standby list and hard faults that read the file): all of
     * them are reported as minflt, majflt stays 0. Context switches have no per-process
     * counter short of walking NtQuerySystemInformation's thread list: left 0, as are TLB
     * shootdowns (no portable counter). */
    PROCESS_MEMORY_COUNTERS pmc;
    if (GetProcessMemoryInfo(GetCurrentProcess(), &pmc, sizeof pmc))
        u->minflt = pmc.PageFaultCount;
}

/* wine's ntdll exports wine_get_version; Windows' does not. */
bool mb_os_under_wine(void)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    return ntdll && GetProcAddress(ntdll, "wine_get_version") != NULL;
}

uint64_t mb_os_tlb_shootdowns(void)
{
    return 0; /* no per-process or system-wide counter on Windows (docs/windows.md) */
}

static bool not_found(DWORD e)
{
    return e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND || e == ERROR_INVALID_NAME ||
           e == ERROR_BAD_NETPATH;
}

int mb_os_dir_check(const char *dir, struct mb_err *err)
{
    DWORD attr = GetFileAttributesA(dir);
    if (attr == INVALID_FILE_ATTRIBUTES) {
        DWORD e = GetLastError();
        return mb_err_set(err, MB_E_USAGE, (int)e, "GetFileAttributesA",
                          "data directory '%s' does not exist", dir);
    }
    if (!(attr & FILE_ATTRIBUTE_DIRECTORY))
        return mb_err_set(err, MB_E_USAGE, 0, NULL, "data directory '%s' is not a directory", dir);
    /* The read-only attribute means nothing on a directory: try to create a file instead. */
    char probe[MAX_PATH + 64];
    snprintf(probe, sizeof probe, "%s\\.mapbench-probe-%lu", dir, GetCurrentProcessId());
    HANDLE h = CreateFileA(probe, GENERIC_WRITE, 0, NULL, CREATE_NEW,
                           FILE_ATTRIBUTE_TEMPORARY | FILE_FLAG_DELETE_ON_CLOSE, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        DWORD e = GetLastError();
        return mb_err_set(err, MB_E_USAGE, (int)e, "CreateFileA",
                          "data directory '%s' is not writable", dir);
    }
    CloseHandle(h);
    return 0;
}

int mb_os_mkdir(const char *dir, struct mb_err *err)
{
    if (!CreateDirectoryA(dir, NULL)) {
        DWORD e = GetLastError();
        if (e != ERROR_ALREADY_EXISTS)
            return mb_err_set(err, MB_E_IO, (int)e, "CreateDirectoryA",
                              "cannot create directory '%s'", dir);
    }
    return 0;
}

int mb_os_free_space(const char *dir, uint64_t *bytes, struct mb_err *err)
{
    ULARGE_INTEGER avail, total, freeb;
    if (!GetDiskFreeSpaceExA(dir, &avail, &total, &freeb))
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "GetDiskFreeSpaceExA",
                          "cannot read free space of '%s'", dir);
    *bytes = (uint64_t)avail.QuadPart;
    return 0;
}

int mb_file_stat(const char *path, bool *exists, struct mb_file_info *info, struct mb_err *err)
{
    memset(info, 0, sizeof *info);
    WIN32_FILE_ATTRIBUTE_DATA fa;
    if (!GetFileAttributesExA(path, GetFileExInfoStandard, &fa)) {
        DWORD e = GetLastError();
        if (not_found(e)) {
            *exists = false;
            return 0;
        }
        return mb_err_set(err, MB_E_IO, (int)e, "GetFileAttributesExA", "cannot stat '%s'", path);
    }
    *exists = true;
    info->size = ((uint64_t)fa.nFileSizeHigh << 32) | fa.nFileSizeLow;
    info->regular = !(fa.dwFileAttributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_DEVICE |
                                             FILE_ATTRIBUTE_REPARSE_POINT));
    /* identity and allocation need a handle; no access rights are needed for either, and
     * sharing everything lets the file stay open (or mapped) elsewhere */
    HANDLE h = CreateFileA(
        path, FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
        OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        DWORD e = GetLastError();
        if (not_found(e)) { /* removed between the two calls */
            *exists = false;
            memset(info, 0, sizeof *info);
            return 0;
        }
        return mb_err_set(err, MB_E_IO, (int)e, "CreateFileA", "cannot open '%s' to stat it", path);
    }
    BY_HANDLE_FILE_INFORMATION bh;
    FILE_STANDARD_INFO std;
    int rc = 0;
    if (!GetFileInformationByHandle(h, &bh))
        rc = mb_err_set(err, MB_E_IO, (int)GetLastError(), "GetFileInformationByHandle",
                        "cannot read the identity of '%s'", path);
    else if (!GetFileInformationByHandleEx(h, FileStandardInfo, &std, sizeof std))
        rc = mb_err_set(err, MB_E_IO, (int)GetLastError(), "GetFileInformationByHandleEx",
                        "cannot read the allocation size of '%s'", path);
    CloseHandle(h);
    if (rc)
        return rc;
    info->dev = bh.dwVolumeSerialNumber;
    info->ino = ((uint64_t)bh.nFileIndexHigh << 32) | bh.nFileIndexLow;
    info->allocated = (uint64_t)std.AllocationSize.QuadPart;
    return 0;
}

int mb_file_create_excl(const char *path, mb_fh *fh, struct mb_err *err)
{
    HANDLE h = CreateFileA(path, GENERIC_READ | GENERIC_WRITE,
                           FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, CREATE_NEW,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        DWORD e = GetLastError();
        return mb_err_set(
            err, e == ERROR_FILE_EXISTS || e == ERROR_ALREADY_EXISTS ? MB_E_FOREIGN : MB_E_IO,
            (int)e, "CreateFileA", "cannot create '%s'", path);
    }
    *fh = (mb_fh)h;
    return 0;
}

int mb_file_open_read(const char *path, mb_fh *fh, struct mb_err *err)
{
    HANDLE h =
        CreateFileA(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                    NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "CreateFileA", "cannot open '%s'",
                          path);
    *fh = (mb_fh)h;
    return 0;
}

int mb_file_write_at(mb_fh fh, uint64_t off, const void *buf, size_t len, struct mb_err *err)
{
    const char *p = buf;
    while (len > 0) {
        DWORD chunk = (DWORD)(len < MB_WIN_IO_MAX ? len : MB_WIN_IO_MAX), n = 0;
        OVERLAPPED o = mb_win_at(off);
        if (!WriteFile((HANDLE)fh, p, chunk, &n, &o) || n == 0)
            return mb_err_set(err, MB_E_IO, n ? 0 : (int)GetLastError(), "WriteFile",
                              "write failed at offset %llu", (unsigned long long)off);
        p += n;
        off += n;
        len -= n;
    }
    return 0;
}

int mb_file_read_at(mb_fh fh, uint64_t off, void *buf, size_t len, struct mb_err *err)
{
    char *p = buf;
    while (len > 0) {
        DWORD chunk = (DWORD)(len < MB_WIN_IO_MAX ? len : MB_WIN_IO_MAX), n = 0;
        OVERLAPPED o = mb_win_at(off);
        if (!ReadFile((HANDLE)fh, p, chunk, &n, &o)) {
            DWORD e = GetLastError();
            if (e != ERROR_HANDLE_EOF)
                return mb_err_set(err, MB_E_IO, (int)e, "ReadFile", "read failed at offset %llu",
                                  (unsigned long long)off);
            n = 0;
        }
        if (n == 0)
            return mb_err_set(err, MB_E_CHANGED, 0, "ReadFile",
                              "unexpected end of file at offset %llu (file truncated?)",
                              (unsigned long long)off);
        p += n;
        off += n;
        len -= n;
    }
    return 0;
}

int mb_file_sync(mb_fh fh, struct mb_err *err)
{
    if (!FlushFileBuffers((HANDLE)fh))
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "FlushFileBuffers",
                          "FlushFileBuffers failed");
    return 0;
}

int mb_file_close(mb_fh fh, struct mb_err *err)
{
    if (!CloseHandle((HANDLE)fh))
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "CloseHandle", "close failed");
    return 0;
}

int mb_file_rename_noreplace(const char *from, const char *to, struct mb_err *err)
{
    /* without MOVEFILE_REPLACE_EXISTING, MoveFileExA fails if `to` exists */
    if (MoveFileExA(from, to, MOVEFILE_WRITE_THROUGH))
        return 0;
    DWORD e = GetLastError();
    if (e == ERROR_ALREADY_EXISTS || e == ERROR_FILE_EXISTS)
        return mb_err_set(err, MB_E_FOREIGN, (int)e, "MoveFileExA",
                          "'%s' appeared while it was being created; not overwritten", to);
    return mb_err_set(err, MB_E_IO, (int)e, "MoveFileExA", "cannot rename '%s' to '%s'", from, to);
}

int mb_file_rename_replace(const char *from, const char *to, struct mb_err *err)
{
    if (!MoveFileExA(from, to, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
        return mb_err_set(err, MB_E_IO, (int)GetLastError(), "MoveFileExA",
                          "cannot rename '%s' to '%s'", from, to);
    return 0;
}

int mb_file_unlink(const char *path, struct mb_err *err)
{
    if (!DeleteFileA(path)) {
        DWORD e = GetLastError();
        if (!not_found(e))
            return mb_err_set(err, MB_E_IO, (int)e, "DeleteFileA", "cannot remove '%s'", path);
    }
    return 0;
}
