#!/usr/bin/env bash
# tests/scripts/test_run_batch.sh: scripts/run-batch end to end on a tiny profile in a scratch directory:
# bad input gets one line and exit 2; a run produces a complete run directory whose cases
# all verified; a second batch on the same data directory is refused; an interrupted batch
# leaves only an .incomplete directory and --resume finishes it without redoing cases; the
# run feeds scripts/plot. Usage: tests/scripts/test_run_batch.sh SOURCE_ROOT BUILD_DIR
set -uo pipefail
root=$1
export MAPBENCH_BUILD_DIR=$2
export MAPBENCH_REPORT=$2/src/report/mapbench-report
export MAPBENCH_MEMCHECK_SIZE=64M # the batch's memory checks, kept short here
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
rb="$root/scripts/run-batch"

# --- bad input: one line on stderr, exit 2, nothing created --------------------------------
expect_usage() { # needle args...
  local needle=$1 out rc
  shift
  out=$("$rb" "$@" 2>&1 >/dev/null)
  rc=$?
  if [ "$rc" -ne 2 ]; then fail "run-batch $*: exit $rc, want 2 ($out)"; return; fi
  if [ "$(printf '%s\n' "$out" | wc -l)" -ne 1 ]; then fail "run-batch $*: not one line: $out"; return; fi
  case "$out" in *"$needle"*) ok "run-batch $*: $out" ;; *) fail "run-batch $*: '$out' lacks '$needle'" ;; esac
}
mkdir -p "$tmp/data" "$tmp/results"
expect_usage "unknown option '--bogus'" --bogus
expect_usage "bad machine name" --name 'a/b' --out "$tmp/results" --data-dir "$tmp/data"
expect_usage "unknown profile 'nosuch'" --profile nosuch --out "$tmp/results" --data-dir "$tmp/data"
expect_usage "does not exist" --data-dir "$tmp/missing" --out "$tmp/results"
expect_usage "nothing to resume" --resume --name e2e --out "$tmp/results" --data-dir "$tmp/data"
expect_usage "--name needs a value" --name
expect_usage "--name given twice" --name a --name=b --out "$tmp/results" --data-dir "$tmp/data"
expect_usage "give one of them" --quick --profile tiny --out "$tmp/results" --data-dir "$tmp/data"
expect_usage "--no-plot takes no value" --no-plot=1 --out "$tmp/results" --data-dir "$tmp/data"
expect_usage "unexpected argument 'stray'" stray --out "$tmp/results" --data-dir "$tmp/data"
[ -z "$(ls -A "$tmp/results")" ] || fail "bad input created $(ls -A "$tmp/results")"

# --- a tiny profile ------------------------------------------------------------------------
cat >"$tmp/tiny.profile" <<'PROFILE'
# tiny: the end-to-end test's profile
repetitions=2
min_time=0.01
file reads  --ops=read --patterns=seq,random --methods=prw,map --sizes=64K,1M --block-sizes=4K --cache=warm,cold --lifetime=pass,case --threads=1
file writes --ops=write:sync --patterns=seq --methods=prw,map --sizes=1M --block-sizes=64K --cache=warm --lifetime=pass --threads=1
ipc  ipc    --transports=shm,pipe --workloads=stream --msg-sizes=64
PROFILE
want_file=$(( 2 * 2 * 2 * 2 * 2 + 2 ))
common=(--profile "$tmp/tiny.profile" --data-dir "$tmp/data" --out "$tmp/results" --no-plot)
args=("${common[@]}" --name e2e)
"$rb" "${args[@]}" >"$tmp/run1.log" 2>&1
rc=$?
runs=$(find "$tmp/results/e2e" -mindepth 1 -maxdepth 1 -type d | wc -l)
run=$(find "$tmp/results/e2e" -mindepth 1 -maxdepth 1 -type d -name '2*' | head -n 1)
if [ "$rc" -ne 0 ] || [ "$runs" -ne 1 ] || [ -z "$run" ]; then
  fail "tiny batch: exit $rc, $runs run dirs: $(tail -n 3 "$tmp/run1.log")"
else
  for f in mapbench.json mapbench-ipc.json context.json batch.log; do
    [ -s "$run/$f" ] || fail "run dir lacks $f"
  done
  n=$(jq '[.benchmarks[] | select(.run_type == "iteration")] | length' "$run/mapbench.json")
  bad=$(jq '[.benchmarks[] | select(.run_type == "iteration" and .verified != 1)] | length' "$run/mapbench.json")
  [ "$n" -eq $((want_file * 2)) ] && [ "$bad" -eq 0 ] && ok "tiny batch: $n verified repetitions" ||
    fail "tiny batch: $n repetitions (want $((want_file * 2))), $bad not verified"
  ipc=$(jq '[.benchmarks[] | select(.run_type == "iteration" and .verified == 1)] | length' "$run/mapbench-ipc.json")
  [ "$ipc" -eq 4 ] && ok "ipc: 4 verified repetitions" || fail "ipc: $ipc verified repetitions, want 4"
  [ "$(jq -r '.machine + " " + .profile + " " + (.under_wine | tostring)' "$run/context.json")" = "e2e tiny false" ] &&
    ok "context.json names machine, profile, wine" || fail "context.json: $(head -c 300 "$run/context.json")"
  [ -z "$(find "$run" -name '*.tmp' -o -name parts -o -name cases.tsv -o -name profile.name)" ] || fail "run dir has leftovers"
  # the profile is archived byte for byte, and context.json names the copy
  cmp -s "$run/batch.profile" "$tmp/tiny.profile" &&
    [ "$(jq -r .profile_file "$run/context.json")" = batch.profile ] &&
    ok "profile archived as batch.profile" || fail "batch.profile missing or different from the profile run"
  # memory checks at the start and the end, the consume kernel, the hypervisor
  mc=$(jq -r '.memory_check | [.buffer_bytes, .kernel, .start.consume_gbps > 0, .start.plain_gbps > 0,
      .start.memcpy_gbps > 0, .end.consume_gbps > 0, .end.plain_gbps > 0, .end.memcpy_gbps > 0]
      | map(tostring) | join(" ")' "$run/context.json" 2>/dev/null)
  kern=$(jq -r '.consume_kernel' "$run/context.json")
  case "$mc" in
    "67108864 $kern true true true true true true") ok "context.json memory_check: $mc" ;;
    *) fail "context.json memory_check/consume_kernel: '$mc' / '$kern'" ;;
  esac
  case "$kern" in avx512|avx2|scalar) ;; *) fail "consume_kernel '$kern'" ;; esac
  virt=$(jq -r '.virtualization | (.type | strings) + " | " + (.evidence | strings)' "$run/context.json")
  [[ "$virt" =~ ^[a-z0-9-]+\ \|\ .+ ]] && ok "context.json virtualization: $virt" ||
    fail "context.json virtualization: '$virt'"
fi

# --- the lock ------------------------------------------------------------------------------
# the holder says when it has the lock (a file), and is stopped once the second batch answered
(exec 7>"$tmp/data/.mapbench-batch.lock" && flock 7 && : >"$tmp/locked" && exec sleep 60) &
locker=$!
for _ in $(seq 1 600); do [ -e "$tmp/locked" ] && break; sleep 0.05; done
out=$("$rb" "${args[@]}" 2>&1 >/dev/null)
rc=$?
kill "$locker" 2>/dev/null
wait "$locker" 2>/dev/null
# a runtime refusal, not bad input: exit 1 (scripts/lib/cli.sh)
[ "$rc" -eq 1 ] && [[ "$out" == *"already running"* ]] && ok "second batch refused: $out" ||
  fail "second batch: exit $rc: $out"

# --- interrupt, then resume ----------------------------------------------------------------
"$rb" "${common[@]}" --name e2e-resume >"$tmp/run2.log" 2>&1 &
batch=$!
for _ in $(seq 1 200); do
  parts=$(find "$tmp/results/e2e-resume" -path '*/parts/*.json' 2>/dev/null | wc -l)
  [ "$parts" -ge 3 ] && break
  sleep 0.05
done
kill -TERM "$batch"
wait "$batch"
rc=$?
incomplete=$(find "$tmp/results/e2e-resume" -maxdepth 1 -name '.incomplete-*' | wc -l)
complete=$(find "$tmp/results/e2e-resume" -maxdepth 1 -name '2*' | wc -l)
if [ "$rc" -eq 130 ] && [ "$incomplete" -eq 1 ] && [ "$complete" -eq 0 ]; then
  ok "interrupted batch left one .incomplete directory"
  done_before=$(find "$tmp/results/e2e-resume" -path '*/parts/*.json' | wc -l)
  # (--no-install: the packages are there, so the check passes without apt-get)
  "$rb" --resume --no-install --name e2e-resume --data-dir "$tmp/data" --out "$tmp/results" --no-plot >"$tmp/run3.log" 2>&1
  rc=$?
  run=$(find "$tmp/results/e2e-resume" -mindepth 1 -maxdepth 1 -type d -name '2*' | head -n 1)
  ran=$(grep -c '^run-batch: \[' "$tmp/run3.log")
  total=$((want_file + 2))
  if [ "$rc" -eq 0 ] && [ -n "$run" ] && [ "$ran" -eq $((total - done_before)) ]; then
    n=$(jq '[.benchmarks[] | select(.run_type == "iteration" and .verified == 1)] | length' "$run/mapbench.json")
    [ "$n" -eq $((want_file * 2)) ] && ok "resume ran the $ran missing cases; $n verified" ||
      fail "resumed run has $n verified repetitions"
    cmp -s "$run/batch.profile" "$tmp/tiny.profile" && ok "resumed run keeps the profile it started with" ||
      fail "resumed run: batch.profile missing or different"
  else
    fail "resume: exit $rc, ran $ran cases (want $((total - done_before))): $(tail -n 2 "$tmp/run3.log")"
  fi
else
  fail "interrupt: exit $rc, $incomplete incomplete, $complete complete: $(tail -n 2 "$tmp/run2.log")"
fi

# --- the run feeds scripts/plot ------------------------------------------------------------
run=$(find "$tmp/results/e2e" -mindepth 1 -maxdepth 1 -type d -name '2*' | head -n 1)
if [ -n "$run" ] && command -v gnuplot >/dev/null; then
  if "$root/scripts/plot" --out "$tmp/plots" "$run" >"$tmp/plot.log" 2>&1 && [ -s "$tmp/plots/report.md" ] &&
    [ -n "$(find "$tmp/plots" -name '*.png' | head -n 1)" ]; then
    ok "scripts/plot rendered $(find "$tmp/plots" -name '*.png' | wc -l) PNGs and report.md"
  else
    fail "scripts/plot: $(tail -n 3 "$tmp/plot.log")"
  fi
fi

echo "$fails failed"
[ "$fails" -eq 0 ]
