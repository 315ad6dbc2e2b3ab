// gb_shim.cc: implements gb.h over Google Benchmark's C++ API. The only C++ in mapbench.
#include "gb.h"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace
{
/* Google Benchmark 1.7.1 writes the "cv" aggregate of a counter whose mean is 0 as a bare NaN,
 * which is not JSON. This file reporter drops the cv rows (mean, median, stddev and every raw
 * repetition are kept); the console still shows them. */
class MbJsonReporter : public benchmark::JSONReporter
{
  public:
    void ReportRuns(const std::vector<Run> &runs) override
    {
        std::vector<Run> keep;
        for (const Run &r : runs)
            if (r.aggregate_name != "cv")
                keep.push_back(r);
        if (!keep.empty())
            JSONReporter::ReportRuns(keep);
    }
};

/* What the command line asked of Google Benchmark's output: --benchmark_out /
 * --benchmark_out_format, --benchmark_format (the console's), --benchmark_time_unit. Google
 * Benchmark keeps its flags in process-wide variables without getters, so the shim notes
 * these once, before benchmark::Initialize strips them; `debug_note` is whether the note
 * after the library's DEBUG warning is still to be printed. The shim's only process-wide
 * state. */
struct OutFlags {
    bool file = false;
    bool json = true;
    bool console = true;
    benchmark::TimeUnit unit = benchmark::kMillisecond;
    bool debug_note = false;
    std::string prog = "mapbench";
};
OutFlags &out_flags()
{
    static OutFlags f;
    return f;
}

/* The time unit named by --benchmark_time_unit's value (run/flags.c has checked it). */
benchmark::TimeUnit unit_of(const char *v)
{
    if (std::strcmp(v, "ns") == 0)
        return benchmark::kNanosecond;
    if (std::strcmp(v, "us") == 0)
        return benchmark::kMicrosecond;
    if (std::strcmp(v, "s") == 0)
        return benchmark::kSecond;
    return benchmark::kMillisecond;
}

/* True when this libbenchmark was built without NDEBUG: its console context then carries
 * the "***WARNING*** Library was built as DEBUG" line (asked of a console reporter writing
 * into a string; call after benchmark::Initialize, which names the executable). */
bool library_is_debug()
{
    std::ostringstream text;
    benchmark::ConsoleReporter probe(benchmark::ConsoleReporter::OO_None);
    probe.SetOutputStream(&text);
    probe.SetErrorStream(&text);
    probe.ReportContext(benchmark::BenchmarkReporter::Context());
    return text.str().find("Library was built as DEBUG") != std::string::npos;
}

/* Prints, once, right after the library's DEBUG warning (the console context is printed
 * before the first case starts), why it does not apply to mapbench's timings. */
void debug_note_once()
{
    OutFlags &f = out_flags();
    if (!f.debug_note)
        return;
    f.debug_note = false;
    std::fprintf(stderr,
                 "%s: note: Debian's libbenchmark package is built so; %s's times are not "
                 "affected: each iteration is a whole pass (or time-based run) that %s times "
                 "itself (manual time), the library's per-iteration bookkeeping outside it\n",
                 f.prog.c_str(), f.prog.c_str(), f.prog.c_str());
}

benchmark::State &S(mb_gb_state *s)
{
    return *reinterpret_cast<benchmark::State *>(s);
}
mb_gb_state *C(benchmark::State &s)
{
    return reinterpret_cast<mb_gb_state *>(&s);
}
} // namespace

extern "C" void mb_gb_initialize(int *argc, char **argv)
{
    OutFlags &f = out_flags();
    bool color_given = false;
    for (int i = 1; i < *argc; i++) {
        if (std::strncmp(argv[i], "--benchmark_out=", 16) == 0)
            f.file = argv[i][16] != '\0';
        else if (std::strncmp(argv[i], "--benchmark_out_format=", 23) == 0)
            f.json = std::strcmp(argv[i] + 23, "json") == 0;
        else if (std::strncmp(argv[i], "--benchmark_format=", 19) == 0)
            f.console = std::strcmp(argv[i] + 19, "console") == 0;
        else if (std::strncmp(argv[i], "--benchmark_time_unit=", 22) == 0)
            f.unit = unit_of(argv[i] + 22);
        else if (std::strncmp(argv[i], "--benchmark_color", 17) == 0)
            color_given = true;
    }
    if (*argc > 0 && argv[0]) {
        const char *base = argv[0];
        for (const char *p = argv[0]; *p; p++)
            if (*p == '/' || *p == '\\')
                base = p + 1;
        f.prog = base;
    }
    /* NO_COLOR (https://no-color.org), set and not empty: no colour unless asked for */
    const char *no_color = std::getenv("NO_COLOR");
    static char color_off[] = "--benchmark_color=false";
    std::vector<char *> args(argv, argv + *argc);
    if (no_color && *no_color && !color_given)
        args.push_back(color_off);
    args.push_back(nullptr);
    int n = static_cast<int>(args.size()) - 1;
    benchmark::Initialize(&n, args.data());
    for (int i = 0; i < n; i++)
        argv[i] = args[static_cast<size_t>(i)];
    argv[n] = nullptr;
    *argc = n;
    f.debug_note = f.console && library_is_debug();
}

extern "C" int mb_gb_register(const char *name, mb_gb_fn fn, void *arg,
                              const struct mb_gb_case_opts *opts)
{
    auto *b = benchmark::RegisterBenchmark(name, [fn, arg](benchmark::State &st) {
        debug_note_once();
        fn(C(st), arg);
    });
    b->UseManualTime();
    b->Unit(out_flags().unit);
    if (opts) {
        if (opts->iterations > 0)
            b->Iterations(opts->iterations);
    }
    return 0;
}

extern "C" int mb_gb_filter_matches(const char *name, const struct mb_gb_case_opts *opts)
{
    /* Google Benchmark 1.7.1's matching (benchmark.cc, benchmark_register.cc): "" and "all"
     * mean ".", a leading '-' negates, an extended regular expression searched in the
     * instance name: NAME[/iterations:N]/manual_time */
    std::string spec = benchmark::GetBenchmarkFilter();
    if (spec.empty() || spec == "all")
        spec = ".";
    bool negative = spec[0] == '-';
    if (negative)
        spec.erase(0, 1);
    std::string full = name;
    if (opts && opts->iterations > 0)
        full += "/iterations:" + std::to_string(opts->iterations);
    full += "/manual_time";
    try {
        std::regex re(spec, std::regex::extended);
        return std::regex_search(full, re) != negative;
    } catch (const std::regex_error &) {
        return -1;
    }
}

extern "C" void mb_gb_filter(char *buf, size_t len)
{
    std::snprintf(buf, len, "%s", benchmark::GetBenchmarkFilter().c_str());
}

extern "C" void mb_gb_add_context(const char *key, const char *value)
{
    benchmark::AddCustomContext(key, value);
}

extern "C" int mb_gb_run(void)
{
    size_t n;
    if (out_flags().file && out_flags().json) {
        MbJsonReporter file_reporter;
        n = benchmark::RunSpecifiedBenchmarks(nullptr, &file_reporter);
    } else {
        n = benchmark::RunSpecifiedBenchmarks();
    }
    benchmark::Shutdown();
    return static_cast<int>(n);
}

extern "C" bool mb_gb_keep_running(mb_gb_state *st)
{
    return S(st).KeepRunning();
}

extern "C" void mb_gb_set_iteration_time(mb_gb_state *st, double seconds)
{
    S(st).SetIterationTime(seconds);
}

extern "C" void mb_gb_set_bytes_processed(mb_gb_state *st, int64_t bytes)
{
    S(st).SetBytesProcessed(bytes);
}

extern "C" void mb_gb_set_items_processed(mb_gb_state *st, int64_t items)
{
    S(st).SetItemsProcessed(items);
}

extern "C" void mb_gb_set_counter(mb_gb_state *st, const char *name, double value,
                                  enum mb_gb_counter_kind kind)
{
    benchmark::Counter::Flags f = benchmark::Counter::kDefaults;
    if (kind == MB_GB_AVG_PER_ITER)
        f = benchmark::Counter::kAvgIterations;
    else if (kind == MB_GB_RATE)
        f = benchmark::Counter::kIsRate;
    S(st).counters[name] = benchmark::Counter(value, f);
}

extern "C" void mb_gb_skip_with_error(mb_gb_state *st, const char *msg)
{
    S(st).SkipWithError(msg);
}
