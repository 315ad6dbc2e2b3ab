#!/usr/bin/env bash
# tests/scripts/test_run_batch_limits.sh: scripts/run-batch's time-based and memory-limited
# groups, with a fake mapbench (tests/scripts/fakes/: no root, no measurement, seconds):
# --timeline-out goes to the time-based cases only and their timelines land in
# <run>/timeline/, whole lines only; a memory-limited case the "OOM killer" SIGKILLs (it
# leaves MB_CGROUP_ROOT/mapbench-<pid>-1 with oom_kill 1) is recorded as not run with that
# cause, its cgroup removed, and the batch goes on; a memory-limited case mapbench skips
# (could not set the limit) counts as failed; context.json carries the durations and
# limits; where memory limits cannot run, the batch says so at the start and records those
# cases as not run with the reason, never running them.
#   test_run_batch_limits.sh SOURCE_ROOT
set -uo pipefail
root=$1
# shellcheck source=tests/scripts/lib.sh
. "$root/tests/scripts/lib.sh"
rb="$root/scripts/run-batch"

# a build tree that is already built: ninja finds nothing to do, bench/ holds the fakes
fake_build "$tmp/build" mapbench mapbench-memcheck
mkdir -p "$tmp/data" "$tmp/results" "$tmp/cg"
export FAKE_LOG=$tmp/calls.log MB_CGROUP_ROOT=$tmp/cg
export FAKE_OOM_METHOD=map FAKE_SKIP_METHOD=uringdirect

cat >"$tmp/limits.profile" <<'PROFILE'
# the test's profile: whole passes, time-based, and memory-limited time-based groups
repetitions=2
min_time=0.01
file plain    --ops=read --patterns=seq --methods=prw --sizes=1M --cache=warm --lifetime=pass --threads=1
file timed    --ops=read --patterns=random --methods=prw --sizes=1M --cache=cold --lifetime=case --threads=1 --duration 2 --timeline-interval=50
file limited  --ops=read --patterns=random --methods=prw,map,uringdirect --queue-depth=1,32 --sizes=4M --cache=cold --lifetime=case --threads=1 --memory-limit=1M --duration=1.5
PROFILE
# the cases: 1 plain, 1 timed, 4 limited (prw, map, uringdirect qd 1 and 32); map is "killed",
# uringdirect "skipped: unsupported" (a memory limit mapbench could not set: a failure here)
oom_case="read/random/map/size:4194304/bs:4096/cache:cold/lifetime:case/threads:1/memlimit:1048576"

common=(--profile "$tmp/limits.profile" --data-dir "$tmp/data" --out "$tmp/results" --no-plot)
"$rb" "${common[@]}" --name limits >"$tmp/run1.log" 2>&1
rc=$?
run=$(find "$tmp/results/limits" -mindepth 1 -maxdepth 1 -type d -name '2*' | head -n 1)
if [ -z "$run" ]; then
  fail "batch left no run directory (exit $rc): $(tail -n 5 "$tmp/run1.log")"
else
  # a case not run fails the batch, after it finished
  [ "$rc" -eq 1 ] && ok "batch with an OOM-killed case exits 1 after finishing" || fail "batch exit $rc, want 1"
  grep -q "4 memory-limited cases; their cgroups go below $tmp/cg" "$tmp/run1.log" &&
    ok "the start says where the cgroups go" || fail "no cgroup line at the start: $(head -n 5 "$tmp/run1.log")"
  grep -q "6 cases, 2 failed, 1 not run" "$tmp/run1.log" &&
    ok "the summary counts the skipped memory-limited cases as failed and the killed one as not run" ||
    fail "summary: $(tail -n 1 "$tmp/run1.log")"
  [ "$(grep -c 'qd:[0-9]*/memlimit:1048576: FAILED: skipped: unsupported: memory cgroups need root' "$tmp/run1.log")" -eq 2 ] &&
    ok "a memory limit mapbench could not set is said to fail" || fail "no FAILED line for the skipped limited cases"
  # the OOM-killed case: not run with its cause, its cgroup gone, the batch went on
  reason=$(jq -r --arg c "$oom_case" '.not_run[] | select(startswith($c + "\t")) | split("\t")[1]' "$run/context.json")
  [ "$reason" = "killed by the memory cgroup's OOM killer (limit 1048576 bytes)" ] &&
    ok "OOM kill recorded: $reason" || fail "not_run: $(jq -c .not_run "$run/context.json")"
  [ -z "$(ls -A "$tmp/cg")" ] && ok "the killed case's cgroup was removed" || fail "left in cg: $(ls -A "$tmp/cg")"
  n=$(jq '[.benchmarks[] | select(.run_type == "iteration" and .verified == 1)] | length' "$run/mapbench.json")
  [ "$n" -eq 9 ] && ok "the other 3 cases ran (9 rows)" || fail "$n verified iteration rows, want 9"
  # timelines: the time-based cases only (timed: case 2, limited: cases 3-6), whole lines
  tls=$(cd "$run/timeline" 2>/dev/null && ls | tr '\n' ' ')
  [ "$tls" = "00002.jsonl 00003.jsonl 00004.jsonl 00005.jsonl 00006.jsonl " ] &&
    ok "timelines of the time-based cases: $tls" || fail "timeline files: '$tls'"
  if jq -e -s 'length > 0' "$run"/timeline/*.jsonl >/dev/null 2>&1; then
    ok "every timeline line is JSON (the killed case's half line dropped)"
  else
    fail "timeline not JSON Lines: $(tail -c 200 "$run"/timeline/*.jsonl)"
  fi
  [ "$(wc -l <"$run/timeline/00004.jsonl")" -eq 1 ] && ok "the killed case keeps its whole lines" ||
    fail "killed case's timeline: $(cat "$run/timeline/00004.jsonl")"
  plain_tl=$(grep -c -- '--timeline-out' <(grep '/lifetime:pass' "$FAKE_LOG" | grep -v -- '--list'))
  timed_tl=$(grep -- '--benchmark_out' "$FAKE_LOG" | grep -c -- '--timeline-out=.*/timeline/0000[2-6]\.jsonl')
  [ "$plain_tl" -eq 0 ] && [ "$timed_tl" -eq 5 ] && ok "--timeline-out given to the 5 time-based cases only" ||
    fail "--timeline-out: $plain_tl plain, $timed_tl time-based calls"
  # context.json: durations, intervals, limits, the cgroup
  tb=$(jq -c '[.time_based[] | [.group, .cases, .duration_s, .timeline_interval_ms, .memory_limits]]' "$run/context.json")
  [ "$tb" = '[["timed",1,2,50,[]],["limited",4,1.5,null,[1048576]]]' ] && ok "context.json time_based: $tb" ||
    fail "context.json time_based: $tb"
  cg=$(jq -c '[.memory_limits, .memory_cgroup.usable, .memory_cgroup.version, .memory_cgroup.problem]' "$run/context.json")
  [ "$cg" = '[[1048576],true,"override",null]' ] && ok "context.json memory limits and cgroup: $cg" ||
    fail "context.json memory_limits/memory_cgroup: $cg"
fi

# --- no memory cgroup: said at the start, the limited cases recorded as not run, not run ------
: >"$FAKE_LOG"
MB_CGROUP_ROOT=$tmp/no-cgroups "$rb" "${common[@]}" --name nocg >"$tmp/run2.log" 2>&1
rc=$?
run=$(find "$tmp/results/nocg" -mindepth 1 -maxdepth 1 -type d -name '2*' | head -n 1)
if [ -z "$run" ]; then
  fail "no-cgroup batch left no run directory (exit $rc): $(tail -n 5 "$tmp/run2.log")"
else
  line=$(grep -m1 'cannot run memory limits' "$tmp/run2.log")
  [ "$rc" -eq 1 ] && [[ "$line" == *"no memory cgroup directory '$tmp/no-cgroups'"*"the 4 memory-limited cases will be recorded as not run"* ]] &&
    ok "said at the start: $line" || fail "exit $rc, start line '$line'"
  n=$(jq '[.not_run[] | select(test("/memlimit:[0-9]+\tmemory limit not possible on this machine: no memory cgroup directory"))] | length' "$run/context.json")
  [ "$n" -eq 4 ] && ok "the 4 limited cases recorded as not run with the reason" || fail "not_run: $(jq -c .not_run "$run/context.json")"
  ran=$(grep -- '--benchmark_out' "$FAKE_LOG" | grep -c -- '--memory-limit')
  [ "$ran" -eq 0 ] && ok "no memory-limited case was started" || fail "$ran memory-limited cases started"
  [ "$(jq -c '[.memory_cgroup.usable, (.memory_cgroup.problem | startswith("no memory cgroup directory"))]' "$run/context.json")" = '[false,true]' ] &&
    ok "context.json memory_cgroup says why" || fail "memory_cgroup: $(jq -c .memory_cgroup "$run/context.json")"
fi

echo "$fails failed"
[ "$fails" -eq 0 ]
