#!/usr/bin/env bash
# tests/scripts/test_run_batch_locks.sh: scripts/run-batch's run-directory lock, interrupt
# hint, orphaned cases and run names, with the fake mapbench (tests/scripts/fakes/; a case of
# FAKE_SLOW_METHOD runs until killed and writes its pid as the ready signal):
# --resume with another --data-dir refuses the run of a batch still running (one line,
# exit 1) and leaves it alone; after SIGTERM the printed hint, run as printed, resumes and
# finishes the batch; after kill -9 of run-batch alone its case dies too and a new batch takes
# the locks; batches started in the same second get distinct run directories; SIGTERM right
# after a case (the shell between cases) still exits 130 with the hint, every time; a case
# killed by a signal stops the batch with exit 1, the signal and the hint.
#   test_run_batch_locks.sh SOURCE_ROOT
set -uo pipefail
root=$1
# shellcheck source=tests/scripts/lib.sh
. "$root/tests/scripts/lib.sh"
rb="$root/scripts/run-batch"
fake_build "$tmp/build" mapbench mapbench-memcheck
mkdir -p "$tmp/a" "$tmp/b" "$tmp/out"
cat >"$tmp/one.profile" <<'PROFILE'
repetitions=1
min_time=0.01
file one --ops=read --patterns=seq --methods=prw --sizes=1M --cache=warm --lifetime=pass --threads=1
PROFILE
common=(--profile "$tmp/one.profile" --out "$tmp/out" --no-plot)

# wait_for COND...: polls COND every 0.1 s, true once it holds, false after 60 s
wait_for() {
  local i
  for ((i = 0; i < 600; i++)); do
    "$@" && return 0
    sleep 0.1
  done
  return 1
}
alive() { kill -0 "$1" 2>/dev/null && [ "$(ps -o stat= -p "$1" 2>/dev/null | cut -c1)" != Z ]; }
gone() { ! alive "$1"; }

# --- batch A runs a slow case; --resume on another data directory must not take its run ----
export FAKE_SLOW_METHOD=prw FAKE_SLOW_PIDFILE=$tmp/slow.pid
rm -f "$FAKE_SLOW_PIDFILE"
"$rb" "${common[@]}" --name m --data-dir "$tmp/a" >"$tmp/a.log" 2>&1 &
a=$!
if ! wait_for test -s "$FAKE_SLOW_PIDFILE"; then
  fail "batch A's case never started: $(tail -n 3 "$tmp/a.log")"
  kill -KILL "$a" 2>/dev/null
  echo "$fails failed"
  exit 1
fi
case_pid=$(cat "$FAKE_SLOW_PIDFILE")
"$rb" --resume --name m --data-dir "$tmp/b" --out "$tmp/out" --no-plot >"$tmp/r.out" 2>"$tmp/r.err"
rc=$?
[ "$rc" -eq 1 ] && [ "$(wc -l <"$tmp/r.err")" -eq 1 ] && grep -q 'still running' "$tmp/r.err" &&
  ok "--resume --data-dir OTHER refuses a running batch's run: $(cat "$tmp/r.err")" ||
  fail "--resume while A runs: exit $rc: $(cat "$tmp/r.err")"
alive "$case_pid" && alive "$a" && [ -z "$(find "$tmp/out/m" -maxdepth 1 -name '2*')" ] &&
  ok "batch A and its case still run, no run was finished" || fail "batch A disturbed"

# --- SIGTERM: the hint, run as printed, resumes --------------------------------------------
kill -TERM "$a"
wait "$a"
rc=$?
hint=$(sed -n 's/.*; continue with: //p' "$tmp/a.log")
[ "$rc" -eq 130 ] && [[ "$hint" == *"--data-dir $tmp/a"*"--out $tmp/out"* ]] &&
  ok "interrupted batch exits 130, hint: $hint" || fail "interrupt: exit $rc, hint '$hint': $(tail -n 2 "$tmp/a.log")"
wait_for gone "$case_pid" && ok "the interrupted batch's case ended" || fail "case $case_pid outlived SIGTERM"
unset FAKE_SLOW_METHOD
if [ -n "$hint" ]; then
  (eval "$hint") >"$tmp/h.log" 2>&1
  rc=$?
  n=$(find "$tmp/out/m" -mindepth 1 -maxdepth 1 -name '2*' -type d | wc -l)
  [ "$rc" -eq 0 ] && [ "$n" -eq 1 ] && grep -q 'resuming' "$tmp/h.log" &&
    [ -z "$(find "$tmp/out/m" -maxdepth 1 -name '.incomplete-*')" ] &&
    ok "the hint as printed resumed and finished the batch" || fail "hint run: exit $rc, $n runs: $(tail -n 2 "$tmp/h.log")"
fi

# --- kill -9 of run-batch alone: its case dies with it, the locks are free -----------------
export FAKE_SLOW_METHOD=prw
rm -f "$FAKE_SLOW_PIDFILE"
"$rb" "${common[@]}" --name k --data-dir "$tmp/a" >"$tmp/k.log" 2>&1 &
k=$!
if wait_for test -s "$FAKE_SLOW_PIDFILE"; then
  case_pid=$(cat "$FAKE_SLOW_PIDFILE")
  kill -KILL "$k"
  wait "$k" 2>/dev/null
  wait_for gone "$case_pid" && ok "the case died with its killed batch" ||
    { fail "case $case_pid outlived kill -9 of run-batch"; kill -KILL "$case_pid" 2>/dev/null; }
  unset FAKE_SLOW_METHOD
  "$rb" --resume --name k --data-dir "$tmp/a" --out "$tmp/out" --no-plot >"$tmp/k2.log" 2>&1
  rc=$?
  [ "$rc" -eq 0 ] && ok "a new batch took the locks and resumed" || fail "after kill -9: exit $rc: $(tail -n 2 "$tmp/k2.log")"
else
  fail "batch K's case never started: $(tail -n 3 "$tmp/k.log")"
  kill -KILL "$k" 2>/dev/null
fi
unset FAKE_SLOW_METHOD

# --- a case killed by a signal stops the batch: exit 1, the reason and the hint -------------
export FAKE_SLOW_METHOD=prw
rm -f "$FAKE_SLOW_PIDFILE"
"$rb" "${common[@]}" --name ks --data-dir "$tmp/a" >"$tmp/ks.log" 2>&1 &
k=$!
if wait_for test -s "$FAKE_SLOW_PIDFILE"; then
  kill -KILL "$(cat "$FAKE_SLOW_PIDFILE")"
  wait "$k"
  rc=$?
  [ "$rc" -eq 1 ] && grep -q 'killed by signal 9' "$tmp/ks.log" && grep -q 'stopped; .*continue with: ' "$tmp/ks.log" &&
    ok "a case killed by SIGKILL: exit 1, $(grep -o 'killed by signal 9' "$tmp/ks.log") and the hint" ||
    fail "killed case: exit $rc: $(tail -n 2 "$tmp/ks.log")"
else
  fail "batch KS's case never started: $(tail -n 3 "$tmp/ks.log")"
  kill -KILL "$k" 2>/dev/null
fi
unset FAKE_SLOW_METHOD

# --- run names: the seconds ahead taken, and two batches at once ---------------------------
now=$(date -u +%s)
for ((s = now; s < now + 30; s++)); do mkdir -p "$tmp/out/u/$(date -u -d "@$s" +%Y%m%dT%H%M%SZ)"; done
mkdir -p "$tmp/u1" "$tmp/u2"
"$rb" "${common[@]}" --name u --data-dir "$tmp/u1" >"$tmp/u1.log" 2>&1 &
p1=$!
"$rb" "${common[@]}" --name u --data-dir "$tmp/u2" >"$tmp/u2.log" 2>&1 &
p2=$!
wait "$p1"
r1=$?
wait "$p2"
r2=$?
new=$(find "$tmp/out/u" -mindepth 1 -maxdepth 1 -type d -name '2*-*' | wc -l)
left=$(find "$tmp/out/u" -mindepth 1 -maxdepth 1 -name '.*' | wc -l)
[ "$r1" -eq 0 ] && [ "$r2" -eq 0 ] && [ "$new" -eq 2 ] && [ "$left" -eq 0 ] &&
  ! grep -q 'File exists' "$tmp/u1.log" "$tmp/u2.log" &&
  ok "two batches in a taken second: runs $(cd "$tmp/out/u" && ls -d 2*-* | tr '\n' ' ')" ||
  fail "same-second batches: exit $r1/$r2, $new suffixed runs, $left left over: $(tail -n 1 "$tmp/u1.log") / $(tail -n 1 "$tmp/u2.log")"

# --- SIGTERM at any moment: between cases too, always exit 130 with the hint ---------------
# (run-batch's shell only waits while its trap is set: bash 5.2 could run the trap inside
# the parse of a $(...) between cases and die with "trap: line 2: unexpected EOF", exit 2)
cat >"$tmp/many.profile" <<'PROFILE'
repetitions=1
min_time=0.01
file many --ops=read --patterns=seq,random --methods=prw,rw,map,mapcopy --sizes=1M,2M,4M --cache=warm --lifetime=pass --threads=1
PROFILE
rounds=12
bad=0
for ((i = 1; i <= rounds; i++)); do
  mkdir -p "$tmp/i$i"
  "$rb" --profile "$tmp/many.profile" --out "$tmp/out" --no-plot --name "i$i" --data-dir "$tmp/i$i" \
    >"$tmp/i$i.log" 2>&1 &
  b=$!
  want=$((1 + RANDOM % 4)) # right after a case's part appears: the shell is between cases
  for ((j = 0; j < 2000; j++)); do
    [ "$(find "$tmp/out/i$i" -path '*/parts/*.json' 2>/dev/null | wc -l)" -ge "$want" ] && break
    sleep 0.005
  done
  kill -TERM "$b"
  wait "$b"
  rc=$?
  if [ "$rc" -ne 130 ] || ! grep -q 'interrupted; finished cases are kept in' "$tmp/i$i.log" ||
    [ "$(find "$tmp/out/i$i" -maxdepth 1 -name '.incomplete-*' | wc -l)" -ne 1 ]; then
    bad=$((bad + 1))
    fail "interrupt $i after $want cases: exit $rc: $(tail -n 2 "$tmp/i$i.log")"
  fi
done
[ "$bad" -eq 0 ] && ok "$rounds interrupts right after a case: each exit 130 with the hint, one .incomplete run"

echo "$fails failed"
[ "$fails" -eq 0 ]
