/* core/err.h: mapbench's error record: project code, raw OS code and failing call, kept apart. */
#ifndef MB_ERR_H
#define MB_ERR_H

#include <stddef.h>

/* Project error codes (negative return values of every fallible mapbench function). */
enum mb_code {
    MB_OK = 0,
    MB_E_USAGE = -1,       /* bad input from the user */
    MB_E_IO = -2,          /* an OS call failed */
    MB_E_NOMEM = -3,       /* allocation failed */
    MB_E_FOREIGN = -4,     /* a file exists that mapbench did not create */
    MB_E_NOSPACE = -5,     /* not enough free space for a data file */
    MB_E_UNSUPPORTED = -6, /* method/hint/state not available on this platform */
    MB_E_VERIFY = -7,      /* checksum or read-back verification failed */
    MB_E_CACHE = -8,       /* cache state could not be established or verified */
    MB_E_FAULT = -9,       /* the mapping faulted (SIGBUS / in-page error) */
    MB_E_CHANGED = -10,    /* the data file was truncated or replaced */
    MB_E_CHILD = -11,      /* the peer process died, was interrupted or stalled */
    MB_E_DAMAGED = -12,    /* the data file's bytes changed in place since mapbench wrote it */
};

/* What went wrong: code is an mb_code, os the raw errno or GetLastError() value (0 if none),
 * call the failing function's name, msg a sentence for people. */
struct mb_err {
    int code;
    int os;
    const char *call;
    char msg[512];
};

/* Fills `err` (if non-NULL) and returns `code`. `fmt` describes the failure for a person;
 * when os != 0 the OS text for it is appended. */
int mb_err_set(struct mb_err *err, int code, int os, const char *call, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Clears `err`. */
void mb_err_clear(struct mb_err *err);

/* Name of a project code ("io", "usage", ...). */
const char *mb_code_name(int code);

/* The code whose name is the first len bytes of name; MB_OK when none is. */
int mb_code_from_name(const char *name, size_t len);

/* Writes the OS's text for `os` into buf (strerror_r / FormatMessage). Platform file. */
void mb_os_strerror(int os, char *buf, size_t len);

#endif
