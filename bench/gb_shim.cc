// gb_shim.cc: implements gb.h over Google Benchmark's C++ API. The only C++ in mapbench.
#include "gb.h"

#include <benchmark/benchmark.h>

#include <string>

namespace {
benchmark::State &S(mb_gb_state *s)
{
    return *reinterpret_cast<benchmark::State *>(s);
}
const benchmark::State &S(const mb_gb_state *s)
{
    return *reinterpret_cast<const benchmark::State *>(s);
}
mb_gb_state *C(benchmark::State &s)
{
    return reinterpret_cast<mb_gb_state *>(&s);
}
} // namespace

extern "C" void mb_gb_initialize(int *argc, char **argv)
{
    benchmark::Initialize(argc, argv);
}

extern "C" int mb_gb_register(const char *name, mb_gb_fn fn, void *arg,
                              const struct mb_gb_case_opts *opts)
{
    auto *b = benchmark::RegisterBenchmark(
        name, [fn, arg](benchmark::State &st) { fn(C(st), arg); });
    b->UseManualTime();
    b->Unit(benchmark::kMillisecond);
    if (opts) {
        if (opts->repetitions > 0)
            b->Repetitions(opts->repetitions);
        if (opts->min_time_s > 0)
            b->MinTime(opts->min_time_s);
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
    size_t n = benchmark::RunSpecifiedBenchmarks();
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

extern "C" bool mb_gb_error_occurred(const mb_gb_state *st)
{
    return S(st).error_occurred();
}

extern "C" int64_t mb_gb_iterations(const mb_gb_state *st)
{
    return static_cast<int64_t>(S(st).iterations());
}
