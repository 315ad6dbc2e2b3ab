#!/usr/bin/env bash
# test_scripts.sh: scripts/plot and scripts/compare on the fixture runs, into temporary output
# directories: the files exist, and bad input fails with one line and writes nothing.
#   test_scripts.sh SOURCE_ROOT MAPBENCH_REPORT
set -uo pipefail
src=$1
export MAPBENCH_REPORT=$2
command -v gnuplot >/dev/null || { echo "SKIP: gnuplot is not installed (apt-get install gnuplot-nox)"; exit 77; }
fx="$src/tests/report/fixtures"
run_a="$fx/run-a/results/fixture/20261124T142603Z"
tmp=$(mktemp -d /tmp/mbreport-scripts.XXXXXX)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf -- "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
png() { [[ -s "$1" && "$(head -c 8 "$1" | od -An -c | tr -d ' ')" == '211PNG\r\n032\n' ]] || fail "$1 is not a PNG"; }

# plot: figures, SVGs, report and tables
"$src/scripts/plot" --out "$tmp/plot" "$run_a" >"$tmp/plot.log" 2>&1 || fail "plot exited $?: $(cat "$tmp/plot.log")"
for f in report.md throughput-size-bs4K.png throughput-size-bs4K.svg heatmap-map-vs-prw.png \
    write-durability.png cpu-faults.png latency.png ipc-throughput.png ipc-latency.png \
    data/figures.txt; do
    [[ -s "$tmp/plot/$f" ]] || fail "plot did not write $f"
done
png "$tmp/plot/throughput-size-bs4K.png"
# the method colours come from the report (one per registered method), not the templates
grep -q "^    name eq 'mapwin' ? '#" "$tmp/plot/data/methods.gp" || fail "methods.gp has no colour for mapwin"
[[ ! -e "$tmp/plot/threads.png" ]] || fail "threads figure drawn without data"
grep -q "figure threads skipped" "$tmp/plot.log" || fail "no note for the skipped threads figure"
grep -q '](throughput-size-bs4K.png)' "$tmp/plot/report.md" || fail "report.md does not link the figure"
[[ -z "$(find "$tmp" -maxdepth 1 -name '.plot.*')" ]] || fail "plot left its temporary directory"

# plot: a run with both lifetimes (heatmap panel per lifetime, dashed kept-handle series)
"$src/scripts/plot" --out "$tmp/plot-lt" "$fx/run-lifetime" >"$tmp/plot-lt.log" 2>&1 ||
    fail "plot run-lifetime exited $?: $(cat "$tmp/plot-lt.log")"
png "$tmp/plot-lt/heatmap-map-vs-prw.png"
png "$tmp/plot-lt/throughput-size-bs4K.png"
grep -q '^npanels = 2$' "$tmp/plot-lt/data/heatmap-map-vs-prw.vars" || fail "heatmap has no panel per lifetime"
grep -q '| steady state (case) |' "$tmp/plot-lt/report.md" || fail "report.md has no steady-state rows"

# plot: no timelines in run A: the timeline figure is skipped with a one-line note
grep -q "^plot: figure timeline skipped: no timelines in this run" "$tmp/plot.log" ||
    fail "no note for the skipped timeline figure"

# plot: a small memory-limited run with a timeline (written here): the section and the figure
lim=/memlimit:16777216
mrun="$tmp/mrun/synth/20261210T000000Z"
mkdir -p "$mrun/timeline"
{
    echo '{"context": {}, "benchmarks": ['
    sep=""
    for m in prw map map:random; do
        for r in 0 1 2 3 4; do
            bps=$(((${#m} * 10 + r) * 1000000))
            printf '%s{"name": "read/random/%s/size:67108864/bs:4096/cache:cold/lifetime:pass/threads:1%s/manual_time", "run_type": "iteration", "bytes_per_second": %d, "read_amplification": 1.5, "cgroup_peak_bytes": 16000000, "memlimit_bytes": 16777216}\n' \
                "$sep" "$m" "$lim" "$bps"
            sep=","
        done
    done
    echo ']}'
} >"$mrun/mapbench.json"
for m in prw map; do
    for i in 1 2 3 4 5; do
        printf '{"case": "read/random/%s/size:67108864/bs:4096/cache:cold/lifetime:pass/threads:1%s", "rep": 0, "t_s": 0.%d, "interval_s": 0.1, "bytes": %d, "requests": 100, "minor_faults": 0, "major_faults": %d, "device_read_bytes": %d, "device_write_bytes": null, "tlb_shootdowns": 0, "cgroup_bytes": %d}\n' \
            "$m" "$lim" "$i" $((i * 409600)) $((i * 10)) $((i * 819200)) $((i * 3000000))
    done
done >"$mrun/timeline/t.jsonl"
"$src/scripts/plot" --out "$tmp/plot-mem" "$mrun" >"$tmp/plot-mem.log" 2>&1 ||
    fail "plot of the memory-limited run exited $?: $(cat "$tmp/plot-mem.log")"
png "$tmp/plot-mem/timeline-read-random-64M-bs4K-cold-mem16M-t1.png"
grep -q '^## Larger than memory$' "$tmp/plot-mem/report.md" || fail "report.md has no section 'Larger than memory'"
grep -q '](timeline-read-random-64M-bs4K-cold-mem16M-t1.png)' "$tmp/plot-mem/report.md" ||
    fail "report.md does not link the timeline figure"
! grep -q 'figure timeline' "$tmp/plot-mem.log" || fail "plot skipped a timeline figure: $(cat "$tmp/plot-mem.log")"
printf '{"case": 1}\n' >"$mrun/timeline/u.jsonl"
expect_one_line() { # description command...: fails with one line on stderr
    local what=$1
    shift
    "$@" >/dev/null 2>"$tmp/err" && fail "$what: exit 0"
    [[ $(wc -l <"$tmp/err") -eq 1 ]] || fail "$what: stderr is not one line: $(cat "$tmp/err")"
}
expect_one_line "plot bad timeline" "$src/scripts/plot" --out "$tmp/plot-mem2" "$mrun"
grep -q 'timeline/u.jsonl:1: ' "$tmp/err" || fail "bad timeline line not named: $(cat "$tmp/err")"

# plot: the committed sample run (archived: no lifetime fields, no memory check) still renders
sample=""
for d in "$src"/results/*/*/; do # the first archived run from before the lifetime axis
    if [[ -f $d/mapbench.json ]] && ! grep -q 'lifetime:' "$d/mapbench.json"; then
        sample=$d
        break
    fi
done
if [[ -n "$sample" ]]; then
    "$src/scripts/plot" --out "$tmp/plot-sample" "$sample" >"$tmp/plot-sample.log" 2>&1 ||
        fail "plot of the sample run exited $?: $(cat "$tmp/plot-sample.log")"
    png "$tmp/plot-sample/heatmap-map-vs-prw.png"
    grep -q 'Only one-shot use was measured' "$tmp/plot-sample/report.md" ||
        fail "sample report.md lacks the one-shot-only note"
fi

# compare: a run against itself, by machine name (newest run under MAPBENCH_RESULTS)
MAPBENCH_RESULTS="$fx/run-a/results" "$src/scripts/compare" --out "$tmp/self" fixture fixture \
    >"$tmp/self.log" 2>&1 || fail "compare fixture fixture exited $?: $(cat "$tmp/self.log")"
for f in compare.md compare.png compare.svg compare.dat; do
    [[ -s "$tmp/self/$f" ]] || fail "compare did not write $f"
done
png "$tmp/self/compare.png"
grep -q "no significant differences" "$tmp/self.log" || fail "self-comparison found differences"
"$src/scripts/compare" --out "$tmp/ab" "$run_a" "$fx/run-b" >"$tmp/ab.log" 2>&1 || fail "compare A B exited $?"
grep -q "B significantly faster in 1," "$tmp/ab.log" || fail "compare A B did not find the doubled case"

# bad input: non-zero exit, one line on stderr, nothing written next to the output directory
mkdir "$tmp/empty" "$tmp/bad"
: >"$tmp/afile"
expect_fail() { # description command...
    local what=$1
    shift
    local before after
    before=$(ls -A "$tmp/bad")
    "$@" >/dev/null 2>"$tmp/err"
    local rc=$?
    after=$(ls -A "$tmp/bad")
    ((rc != 0)) || fail "$what: exit 0"
    [[ $(wc -l <"$tmp/err") -eq 1 ]] || fail "$what: stderr is not one line: $(cat "$tmp/err")"
    [[ "$before" == "$after" ]] || fail "$what: wrote into $tmp/bad: $after"
}
expect_fail "plot unknown option" "$src/scripts/plot" --bogus "$run_a"
expect_fail "plot missing dir" "$src/scripts/plot" --out "$tmp/bad/o" "$tmp/nope"
expect_fail "plot empty dir" "$src/scripts/plot" --out "$tmp/bad/o" "$tmp/empty"
expect_fail "plot not a run" "$src/scripts/plot" --out "$tmp/bad/o" "$fx/not-a-run"
expect_fail "plot truncated" "$src/scripts/plot" --out "$tmp/bad/o" "$fx/bad-truncated"
expect_fail "plot foreign" "$src/scripts/plot" --out "$tmp/bad/o" "$fx/bad-foreign"
expect_fail "plot output under a file" "$src/scripts/plot" --out "$tmp/afile/o" "$run_a"
expect_fail "compare unknown option" "$src/scripts/compare" --bogus "$run_a" "$run_a"
expect_fail "compare one run" "$src/scripts/compare" --out "$tmp/bad/o" "$run_a"
expect_fail "compare missing" "$src/scripts/compare" --out "$tmp/bad/o" "$run_a" "$tmp/nope"
expect_fail "compare not a run" "$src/scripts/compare" --out "$tmp/bad/o" "$run_a" "$fx/not-a-run"
expect_fail "compare no common" "$src/scripts/compare" --out "$tmp/bad/o" "$run_a" "$fx/run-nocommon"
if [[ $(id -u) -ne 0 ]]; then
    mkdir "$tmp/ro" && chmod 555 "$tmp/ro"
    expect_fail "plot unwritable output" "$src/scripts/plot" --out "$tmp/ro/o" "$run_a"
fi
expect_fail "report tool unwritable output" "$MAPBENCH_REPORT" all "$run_a" "$tmp/afile/o"

((fails == 0)) || { echo "$fails failures"; exit 1; }
echo "ok"
