/* methods/method.h: the access-method table, the spine of mapbench. A method is a const table of
 * operations (in the style of fio's ioengine_ops / SQLite's io_methods): the benchmark loop
 * calls get() for each read request and consumes the bytes it hands back, whether they are
 * the caller's buffer (explicit I/O) or the mapping itself (zero copy), and put_begin() /
 * put_end() for each write request. Each platform defines the same method symbols in its
 * own files (methods/posix/, methods/linux/, methods/win/); nothing outside those files asks
 * which OS it runs on. */
#ifndef MB_METHOD_H
#define MB_METHOD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* Capability flags. */
enum {
    MB_CAP_MAPPED = 1u << 0,    /* accesses a mapping (mapping hints apply) */
    MB_CAP_EXPLICIT = 1u << 1,  /* explicit read/write calls (fadvise-style hints apply) */
    MB_CAP_THREADS = 1u << 2,   /* one handle may be used by several threads at once */
    MB_CAP_ALIGNED = 1u << 3,   /* needs sector-aligned buffers, offsets and lengths */
    MB_CAP_WRITE = 1u << 4,     /* supports put (write access) */
    MB_CAP_COLD = 1u << 5,      /* a cold cache state is meaningful */
    MB_CAP_UNCACHED = 1u << 6,  /* bypasses the page cache: every pass goes to the device */
    MB_CAP_CASE_ONLY = 1u << 7, /* its state is made once per case: lifetime:case only */
    MB_CAP_ASYNC = 1u << 8,     /* keeps up to a queue depth of requests in flight per thread
                                 * through the queue_* operations (get/put are not used) */
};

/* Access hints, a case option (part of the method field of a case name: "map:random"). */
enum mb_hint {
    MB_HINT_NONE = 0,
    MB_HINT_SEQ,      /* madvise / posix_fadvise SEQUENTIAL; FILE_FLAG_SEQUENTIAL_SCAN */
    MB_HINT_RANDOM,   /* madvise / posix_fadvise RANDOM; FILE_FLAG_RANDOM_ACCESS */
    MB_HINT_WILLNEED, /* madvise / posix_fadvise WILLNEED; PrefetchVirtualMemory */
    MB_HINT_POPULATE, /* MAP_POPULATE: fault the whole mapping in at map time */
    MB_HINT_HUGE,     /* MADV_HUGEPAGE on the file mapping */
    MB_HINT_FIXED,    /* asynchronous methods: buffers registered with the kernel once per queue */
    MB_HINT_COUNT
};

/* What one pass opens the file for. */
enum mb_access { MB_ACCESS_READ = 1, MB_ACCESS_WRITE = 2, MB_ACCESS_RW = 3 };

/* Arguments of open(): which file, how big, for what, with which hint. */
struct mb_open_args {
    const char *path;
    uint64_t size;
    enum mb_access access;
    enum mb_hint hint;
    bool durable;       /* the pass ends with sync(): methods may open for write-through */
    uint64_t view_size; /* mapwin: bytes per view (0: MB_MAPWIN_VIEW_DEFAULT) */
};

/* One access method. `state` points to state_size zeroed bytes owned by the caller, shared
 * by all threads of a pass; buffers are per thread, page-aligned and at least `len` long.
 * prepare/release run once per case outside the timed region (may be NULL). open ... close
 * run once per pass inside it (lifetime:pass), or once per case outside it (lifetime:case, the
 * handle then serves every pass). drop (lifetime:case, cold cache) releases what an open
 * handle keeps resident, i.e. a mapping's page-table entries, so the file can be evicted; the
 * handle stays usable. It is NULL for methods whose handle pins no page; a mapped method
 * without it cannot run cold with lifetime:case on that platform. get/put_* may run
 * concurrently on one state only when caps has MB_CAP_THREADS. Every function returns 0 / a
 * pointer on success, or a negative mb_code / NULL with *err filled. */
struct mb_method {
    const char *name;        /* platform-neutral name used in case names */
    const char *api;         /* the concrete API on this platform */
    const char *unsupported; /* NULL when available, else why not (method is skipped) */
    unsigned caps;
    unsigned hints; /* bit (1u << hint) for each hint the method accepts */
    size_t state_size;
    int (*prepare)(void *state, const struct mb_open_args *a, struct mb_err *err);
    void (*release)(void *state);
    int (*open)(void *state, const struct mb_open_args *a, struct mb_err *err);
    const void *(*get)(void *state, uint64_t off, size_t len, void *buf, struct mb_err *err);
    void *(*put_begin)(void *state, uint64_t off, size_t len, void *buf, struct mb_err *err);
    int (*put_end)(void *state, uint64_t off, size_t len, const void *p, struct mb_err *err);
    int (*sync)(void *state, struct mb_err *err);
    int (*close)(void *state, struct mb_err *err);
    int (*drop)(void *state, struct mb_err *err);
    /* Asynchronous methods (MB_CAP_ASYNC) only; NULL otherwise. Each thread owns one queue
     * (queue_size zeroed bytes) over the open state: queue_open gives it `depth` slots, slot
     * k's buffer being bufs[k] (page-aligned, buflen bytes, the caller's); queue_submit queues
     * a read of len bytes at off into bufs[slot] (write false) or a write of bufs[slot]
     * (write true); queue_wait sends what is queued and waits until one request is complete,
     * whole length (short transfers are resubmitted inside), and names its slot;
     * queue_close frees the queue: after an error it first sends what is queued and waits
     * (boundedly) for every request still in the kernel, so no buffer is written after it
     * returns. */
    size_t queue_size;
    int (*queue_open)(void *state, void *queue, unsigned depth, void *const *bufs, size_t buflen,
                      enum mb_hint hint, struct mb_err *err);
    int (*queue_submit)(void *queue, unsigned slot, bool write, uint64_t off, size_t len,
                        struct mb_err *err);
    int (*queue_wait)(void *queue, unsigned *slot, struct mb_err *err);
    void (*queue_close)(void *queue);
};

/* Define mb_method_<id>, the table of the method named "<id>", from its parts: the one table
 * layout the method families of the platform files (MB_IO_METHODS, MB_MAP_METHODS,
 * MB_MAPWIN_METHOD) and single methods share. MB_METHOD_DEFINE leaves prepare and release
 * unset; MB_METHOD_DEFINE_PREPARED takes them too. */
#define MB_METHOD_DEFINE(id, api_text, cap_bits, hint_bits, state, open_fn, get_fn, put_begin_fn,  \
                         put_end_fn, sync_fn, close_fn, drop_fn)                                   \
    MB_METHOD_DEFINE_PREPARED(id, api_text, cap_bits, hint_bits, state, NULL, NULL, open_fn,       \
                              get_fn, put_begin_fn, put_end_fn, sync_fn, close_fn, drop_fn)
#define MB_METHOD_DEFINE_PREPARED(id, api_text, cap_bits, hint_bits, state, prepare_fn,            \
                                  release_fn, open_fn, get_fn, put_begin_fn, put_end_fn, sync_fn,  \
                                  close_fn, drop_fn)                                               \
    const struct mb_method mb_method_##id = {                                                      \
        .name = #id,                                                                               \
        .api = api_text,                                                                           \
        .caps = cap_bits,                                                                          \
        .hints = hint_bits,                                                                        \
        .state_size = sizeof(state),                                                               \
        .prepare = prepare_fn,                                                                     \
        .release = release_fn,                                                                     \
        .open = open_fn,                                                                           \
        .get = get_fn,                                                                             \
        .put_begin = put_begin_fn,                                                                 \
        .put_end = put_end_fn,                                                                     \
        .sync = sync_fn,                                                                           \
        .close = close_fn,                                                                         \
        .drop = drop_fn,                                                                           \
    }

/* The platform's methods (same symbols on every platform). */
extern const struct mb_method mb_method_rw;
extern const struct mb_method mb_method_prw;
extern const struct mb_method mb_method_map;
extern const struct mb_method mb_method_mapcopy;
extern const struct mb_method mb_method_direct;
extern const struct mb_method mb_method_uring;
extern const struct mb_method mb_method_uringdirect;
extern const struct mb_method mb_method_mem;
extern const struct mb_method mb_method_mapwin;

/* Queue depths an asynchronous method accepts: 1..MB_QUEUE_DEPTH_MAX. */
#define MB_QUEUE_DEPTH_MAX 1024u

/* mapwin's default view size, and the check of a requested one: a non-zero multiple of the
 * platform's mapping granularity (the page size; 64 KiB on Windows). MB_E_USAGE otherwise. */
#define MB_MAPWIN_VIEW_DEFAULT (64ull << 20)
int mb_mapwin_check_view(uint64_t bytes, struct mb_err *err);

/* The registry: every method in a fixed order (supported or not). */
const struct mb_method *const *mb_methods(size_t *count);

/* Looks a method up by name: MB_E_USAGE for an unknown name (listing the known ones). A
 * known but unsupported method is returned (the caller skips it with its reason). */
int mb_method_find(const char *name, const struct mb_method **out, struct mb_err *err);

/* Hint names ("none", "seq", "random", "willneed", "populate", "huge", "fixed") and parsing. */
const char *mb_hint_name(enum mb_hint h);
int mb_hint_parse(const char *text, enum mb_hint *out, struct mb_err *err);

/* True when method m accepts hint h. */
bool mb_method_accepts_hint(const struct mb_method *m, enum mb_hint h);

#endif
