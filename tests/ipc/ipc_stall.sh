#!/usr/bin/env bash
# tests/ipc/ipc_stall.sh: every transport bounds a wait on a stopped child. For each transport
# the first pingpong case's child stops itself (SIGSTOP) after 5 messages; the parent must
# report "no progress for 1000 ms" (the --stall-ms test hook) for that case, and the next case
# must still run and verify. Bound: well under the default 30 s stall bound.
#   ipc_stall.sh MAPBENCH_IPC
set -uo pipefail
exe=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
for t in shm shm-file pipe socket tcp; do
  for wl in pingpong stream; do
    start=$(date +%s)
    timeout -k 5 120 "$exe" --data-dir="$tmp" --transports="$t" --workloads="$wl" \
      --msg-sizes=64,128 --stall-ms=1000 --child-stop-after=5 --benchmark_min_time=0.01 \
      >"$tmp/out" 2>"$tmp/err"
    rc=$?
    secs=$(($(date +%s) - start))
    first="ipc/$wl/$t/msg:64/"
    second="ipc/$wl/$t/msg:128/"
    if [ "$rc" -ne 1 ]; then
      echo "FAIL $t $wl: exit $rc, want 1 (one case failed)"; fails=$((fails + 1))
    elif ! grep -F "$first" "$tmp/out" | grep -q "no progress for 1000 ms"; then
      echo "FAIL $t $wl: the stopped child's case did not report the stall"; fails=$((fails + 1))
    elif ! grep -F "$second" "$tmp/out" | grep -q "verified=1"; then
      echo "FAIL $t $wl: the case after the stall did not run and verify"; fails=$((fails + 1))
    elif [ "$secs" -ge 25 ]; then
      echo "FAIL $t $wl: took $secs s, the 1000 ms stall bound was not used"; fails=$((fails + 1))
    else
      echo "ok $t $wl: stall reported, next case verified ($secs s)"
    fi
    [ "$rc" -eq 1 ] || { cat "$tmp/out" "$tmp/err" | tail -n 5; }
    if ls "$tmp" | grep -q mapbench-ipc; then
      echo "FAIL $t $wl: left names behind: $(ls "$tmp")"; fails=$((fails + 1))
    fi
  done
done
[ "$fails" -eq 0 ]
