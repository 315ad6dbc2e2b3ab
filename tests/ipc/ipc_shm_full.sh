#!/usr/bin/env bash
# tests/ipc/ipc_shm_full.sh: a ring that does not fit is an error, not a SIGBUS. In a private
# mount namespace (unshare -m) a 4 MiB tmpfs is mounted on /dev/shm and on a data directory;
# a 16 MiB ring for shm and for shm-file must fail its case with one clear message naming
# where and how big, and the pipe case after it must still run. Skips (77) where unshare or
# mount is not permitted.
#   ipc_shm_full.sh MAPBENCH_IPC
set -uo pipefail
exe=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! unshare -m --map-root-user true 2>/dev/null && ! unshare -m true 2>/dev/null; then
  echo "SKIP: unshare -m is not permitted here"; exit 77
fi
mkdir -p "$tmp/data"
cat >"$tmp/inner.sh" <<'INNER'
set -u
exe=$1 data=$2 out=$3
mount -t tmpfs -o size=4m tmpfs /dev/shm || exit 77
mount -t tmpfs -o size=4m tmpfs "$data" || exit 77
"$exe" --data-dir="$data" --transports=shm,shm-file,pipe --workloads=stream --msg-sizes=64K \
  --ring-size=16M --benchmark_min_time=0.01 >"$out.stdout" 2>"$out.stderr"
echo $? >"$out.rc"
find /dev/shm "$data" -mindepth 1 >"$out.left"
INNER
unshare -m --map-root-user bash "$tmp/inner.sh" "$exe" "$tmp/data" "$tmp/r" 2>"$tmp/unshare.err" ||
  unshare -m bash "$tmp/inner.sh" "$exe" "$tmp/data" "$tmp/r" 2>"$tmp/unshare.err"
[ -f "$tmp/r.rc" ] || { echo "SKIP: cannot mount a tmpfs in a mount namespace: $(head -n 1 "$tmp/unshare.err")"; exit 77; }
fails=0
rc=$(cat "$tmp/r.rc")
[ "$rc" -eq 1 ] || { echo "FAIL: exit $rc, want 1 (135 is the SIGBUS)"; fails=$((fails + 1)); }
grep -F "ipc/stream/shm/msg:65536/" "$tmp/r.stdout" | grep -Eq "no room for the [0-9]+-byte ring .* on /dev/shm" ||
  { echo "FAIL: shm case does not say /dev/shm has no room"; fails=$((fails + 1)); }
grep -F "ipc/stream/shm-file/msg:65536/" "$tmp/r.stdout" | grep -Eq "no room for the [0-9]+-byte ring" ||
  { echo "FAIL: shm-file case does not say there is no room"; fails=$((fails + 1)); }
grep -F "ipc/stream/pipe/msg:65536/" "$tmp/r.stdout" | grep -q "verified=1" ||
  { echo "FAIL: the pipe case after them did not run"; fails=$((fails + 1)); }
[ -s "$tmp/r.left" ] && { echo "FAIL: names left behind: $(cat "$tmp/r.left")"; fails=$((fails + 1)); }
[ "$fails" -eq 0 ] || { cat "$tmp/r.stdout" "$tmp/r.stderr" | tail -n 8; exit 1; }
echo "ok: a full /dev/shm and a full data directory fail their cases with a message, the next case runs"
