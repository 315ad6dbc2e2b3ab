/* os/os.h: the small portable layer over the operating system (clock, memory, process usage,
 * plain file operations used to create and check data files). One implementation per
 * platform (os/posix/os.c, os/win/os.c), chosen by meson.build. */
#ifndef MB_OS_H
#define MB_OS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/err.h"

/* Monotonic clock in nanoseconds. */
uint64_t mb_os_now_ns(void);

/* VM page size and number of online CPUs. */
size_t mb_os_page_size(void);
int mb_os_cpu_count(void);

/* Aligned allocation (align a power of two >= sizeof(void*)); NULL on failure. */
void *mb_os_alloc_aligned(size_t align, size_t size);
void mb_os_free_aligned(void *p);

/* mb_os_alloc_aligned, then every byte written (zero) from user mode: every buffer the
 * harness reads or hands to a timed loop is made this way. On a guest whose page tables the
 * hypervisor shadows (PVM), a page only the kernel has written (a read() into untouched
 * memory) costs ~5 us on its first user access, with no fault the guest can count: a 1 GiB
 * copy filled by pread read at 0.7 GB/s on its first pass, 27 GB/s once touched. */
static inline void *mb_os_alloc_touched(size_t align, size_t size)
{
    void *p = mb_os_alloc_aligned(align, size);
    if (p)
        memset(p, 0, size);
    return p;
}

/* Process-wide resource usage snapshot (all threads); cheap enough to take around every
 * pass. */
struct mb_usage {
    double usr_s, sys_s;
    uint64_t minflt, majflt, nvcsw, nivcsw;
};
void mb_os_usage(struct mb_usage *u);

/* System-wide count of TLB shootdown interrupts so far (0 where unknown). Costs a read of
 * /proc/interrupts (~0.1 ms), so callers take it per repetition, not per pass. */
uint64_t mb_os_tlb_shootdowns(void);

/* True when the program runs under wine rather than on Windows or POSIX itself. */
bool mb_os_under_wine(void);

/* Checks that `dir` exists, is a directory and is writable. */
int mb_os_dir_check(const char *dir, struct mb_err *err);

/* Creates `dir` if missing (one level). */
int mb_os_mkdir(const char *dir, struct mb_err *err);

/* Free bytes available to this user on the file system holding `dir`. */
int mb_os_free_space(const char *dir, uint64_t *bytes, struct mb_err *err);

/* Identity and size of a file. */
struct mb_file_info {
    uint64_t size;      /* logical size */
    uint64_t allocated; /* bytes of storage allocated */
    uint64_t dev, ino;  /* identity (volume serial / file index on Windows) */
    bool regular;
};

/* Stats `path`. Sets *exists; a missing file is not an error. */
int mb_file_stat(const char *path, bool *exists, struct mb_file_info *info, struct mb_err *err);

/* An open file handle (fd or HANDLE). */
typedef intptr_t mb_fh;

/* Creates a new file, failing if it exists. */
int mb_file_create_excl(const char *path, mb_fh *fh, struct mb_err *err);
/* Opens an existing file for reading. */
int mb_file_open_read(const char *path, mb_fh *fh, struct mb_err *err);
/* Writes / reads exactly len bytes at off (short reads past the end are errors). */
int mb_file_write_at(mb_fh fh, uint64_t off, const void *buf, size_t len, struct mb_err *err);
int mb_file_read_at(mb_fh fh, uint64_t off, void *buf, size_t len, struct mb_err *err);
/* Flushes data and metadata to storage. */
int mb_file_sync(mb_fh fh, struct mb_err *err);
int mb_file_close(mb_fh fh, struct mb_err *err);
/* Renames from -> to, failing with MB_E_FOREIGN if `to` exists. */
int mb_file_rename_noreplace(const char *from, const char *to, struct mb_err *err);
/* Renames from -> to, replacing `to`. */
int mb_file_rename_replace(const char *from, const char *to, struct mb_err *err);
int mb_file_unlink(const char *path, struct mb_err *err);

#endif
