/* gb.h: the C interface to Google Benchmark (implemented in gb_shim.cc, the only C++ file).
 * A case is a C function that loops while mb_gb_keep_running() and reports its own
 * manual time per iteration; everything else about Google Benchmark stays on the C++ side. */
#ifndef MB_GB_H
#define MB_GB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Opaque handle on benchmark::State for the running case. */
typedef struct mb_gb_state mb_gb_state;

/* A case body: called once per repetition by Google Benchmark with the case's argument. */
typedef void (*mb_gb_fn)(mb_gb_state *st, void *arg);

/* How a counter is aggregated (mirrors benchmark::Counter flags). */
enum mb_gb_counter_kind {
    MB_GB_AVG_PER_ITER = 0, /* value summed over iterations, reported per iteration */
    MB_GB_RATE = 1,         /* value summed, divided by the (manual) time */
    MB_GB_PLAIN = 2,        /* value reported as given */
};

/* Options for one registered case. */
struct mb_gb_case_opts {
    int64_t iterations; /* 0: automatic; >0: fixed iteration count */
};

/* Strips Google Benchmark's own flags from argv (leaving ours and unknown ones).
 * Must be called before mb_gb_register. With NO_COLOR set and not empty
 * (https://no-color.org) and no --benchmark_color given, the console has no colour.
 * --benchmark_time_unit=ns|us|ms|s is the unit of every case's times (default ms). When the
 * library is a DEBUG build and the console format is in use, one line after its warning
 * says why that does not affect the times. */
void mb_gb_initialize(int *argc, char **argv);

/* Registers a case under `name`; the name is copied. Uses manual time. Returns 0. */
int mb_gb_register(const char *name, mb_gb_fn fn, void *arg, const struct mb_gb_case_opts *opts);

/* Whether a case registered as `name` with opts is selected by --benchmark_filter, matched
 * as Google Benchmark matches it: 1 yes, 0 no, -1 cannot tell (a regular expression the
 * shim's matcher refuses; Google Benchmark then says so itself). After mb_gb_initialize. */
int mb_gb_filter_matches(const char *name, const struct mb_gb_case_opts *opts);

/* The --benchmark_filter given ("" when none), truncated to len - 1 bytes. */
void mb_gb_filter(char *buf, size_t len);

/* Adds a key/value to the JSON "context" object. */
void mb_gb_add_context(const char *key, const char *value);

/* Runs every registered case (honouring --benchmark_filter); returns the number run. */
int mb_gb_run(void);

/* True while Google Benchmark wants another iteration. */
bool mb_gb_keep_running(mb_gb_state *st);

/* Reports the wall time of the iteration just finished. */
void mb_gb_set_iteration_time(mb_gb_state *st, double seconds);

/* Total bytes / items processed over all iterations (become bytes_per_second etc.). */
void mb_gb_set_bytes_processed(mb_gb_state *st, int64_t bytes);
void mb_gb_set_items_processed(mb_gb_state *st, int64_t items);

/* Sets a user counter. */
void mb_gb_set_counter(mb_gb_state *st, const char *name, double value,
                       enum mb_gb_counter_kind kind);

/* Marks the case failed with `msg`; the caller must stop iterating. */
void mb_gb_skip_with_error(mb_gb_state *st, const char *msg);

#ifdef __cplusplus
}
#endif

#endif
