/* run/flags.h: the one command-line flag parser of mapbench, mapbench-ipc and
 * mapbench-memcheck. Each program describes its flags in a const table (name, kind, where the
 * value goes in the program's options struct, usage text); the parser takes them out of argv,
 * accepts --flag VALUE and --flag=VALUE alike, refuses a flag given twice, drops repeated
 * items of a list flag, refuses unknown flags, and validates the Google Benchmark flags
 * (--benchmark_*) it leaves in argv for Google Benchmark, whose own parser can crash on them.
 * The usage text is printed from the same table. */
#ifndef MB_FLAGS_H
#define MB_FLAGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/err.h"

enum mb_flag_kind {
    MB_FLAG_BOOL,  /* --name; sets a bool */
    MB_FLAG_VALUE, /* --name VALUE or --name=VALUE; sets a const char * into argv */
    MB_FLAG_LIST,  /* a VALUE that is a comma list; repeated items are dropped */
};

/* One flag of a program. */
struct mb_flag {
    const char *name; /* without the leading "--" */
    enum mb_flag_kind kind;
    size_t offset;    /* of the bool (BOOL) or const char * (VALUE, LIST) in the options */
    const char *arg;  /* the value's name in the usage text ("LIST"); NULL for BOOL */
    const char *help; /* usage text ('\n' continues it on the next line); NULL: undocumented */
    /* optional: the i-th accepted value (NULL past the last), printed comma-separated
     * before help, e.g. the method names from the method registry */
    const char *(*choice)(size_t i);
};

/* A program's flags. */
struct mb_flags {
    const char *prog;           /* program name for messages ("mapbench") */
    const struct mb_flag *flag; /* the table */
    size_t n;
    bool gb; /* --benchmark_* flags are Google Benchmark's (validated, left in argv) */
};

/* The initializer of a program's struct mb_flags from its table (an array). */
#define MB_FLAGS_OF(prog, table, gb)                                                               \
    {                                                                                              \
        prog, table, sizeof table / sizeof table[0], gb                                            \
    }

/* Table entries for a field of the options struct type T. */
#define MB_FLAG_B(nm, T, field, help)                                                              \
    {                                                                                              \
        nm, MB_FLAG_BOOL, offsetof(T, field), NULL, help, NULL                                     \
    }
#define MB_FLAG_V(nm, T, field, arg, help)                                                         \
    {                                                                                              \
        nm, MB_FLAG_VALUE, offsetof(T, field), arg, help, NULL                                     \
    }
#define MB_FLAG_L(nm, T, field, help, choice)                                                      \
    {                                                                                              \
        nm, MB_FLAG_LIST, offsetof(T, field), "LIST", help, choice                                 \
    }

/* Parses argv: first sets every table field of opts to false/NULL, then takes each of our
 * flags out of argv into opts; "-h" is "--help" when the table has a "help" flag. What is not
 * ours stays in argv, in order after argv[0] (argv[*argc] is NULL): Google Benchmark's
 * --benchmark_* flags (when f->gb), each validated first, and unknown ones (refused by
 * mb_flags_leftover once Google Benchmark has taken its own). A list value is rewritten in
 * place without its repeated items (argv's strings must be writable, as main's are).
 * MB_E_USAGE with a one-line message for: a flag of ours given twice, a value flag without a
 * value (also at the end of argv) or with an empty one, a bad Google Benchmark value. */
int mb_flags_parse(const struct mb_flags *f, void *opts, int *argc, char **argv,
                   struct mb_err *err);

/* MB_E_USAGE naming argv[1] as an unknown flag or argument when anything is left after argv[0]
 * (call it after Google Benchmark took its flags); 0 when nothing is left. */
int mb_flags_leftover(const struct mb_flags *f, int argc, char **argv, struct mb_err *err);

/* Checks one Google Benchmark flag ("--benchmark_repetitions=3") whose value Google Benchmark
 * 1.7.1 would crash on or misread: repetitions a positive integer, min_time a positive
 * number of seconds, min_warmup_time a number >= 0, out_format/format json|console|csv,
 * time_unit ns|us|ms|s. Other --benchmark_* flags pass unchecked. 0 or MB_E_USAGE. */
int mb_flags_check_gb(const char *arg, struct mb_err *err);

/* Writes one usage line per documented flag of the table, aligned, to out, and last the
 * --version line every program has (mb_flags_version). */
void mb_flags_usage(const struct mb_flags *f, FILE *out);

/* --version, common to every program: when argv (after argv[0]) holds "--version", prints
 * "PROG VERSION" (f->prog, mb_build_version: "mapbench 0.1.0 (git c48cb4c)") to out and
 * returns true (the program then exits 0 without looking at its other flags); false
 * otherwise. */
bool mb_flags_version(const struct mb_flags *f, int argc, char **argv, FILE *out);

#endif
