// gb_shim.cc: implements gb.h over Google Benchmark's C++ API. The only C++ in mapbench.
#include "gb.h"

#include <benchmark/benchmark.h>

#include <cstring>
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

/* What --benchmark_out / --benchmark_out_format asked for. Google Benchmark keeps its flags
 * in process-wide variables without getters, so the shim notes these two once, before
 * benchmark::Initialize strips them: the shim's only process-wide state. */
struct OutFlags {
    bool file = false;
    bool json = true;
};
OutFlags &out_flags()
{
    static OutFlags f;
    return f;
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
    for (int i = 1; i < *argc; i++) {
        if (std::strncmp(argv[i], "--benchmark_out=", 16) == 0)
            out_flags().file = argv[i][16] != '\0';
        else if (std::strncmp(argv[i], "--benchmark_out_format=", 23) == 0)
            out_flags().json = std::strcmp(argv[i] + 23, "json") == 0;
    }
    benchmark::Initialize(argc, argv);
}

extern "C" int mb_gb_register(const char *name, mb_gb_fn fn, void *arg,
                              const struct mb_gb_case_opts *opts)
{
    auto *b =
        benchmark::RegisterBenchmark(name, [fn, arg](benchmark::State &st) { fn(C(st), arg); });
    b->UseManualTime();
    b->Unit(benchmark::kMillisecond);
    if (opts) {
        if (opts->iterations > 0)
            b->Iterations(opts->iterations);
    }
    return 0;
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
