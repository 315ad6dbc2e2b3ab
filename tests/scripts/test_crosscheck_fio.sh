#!/usr/bin/env bash
# tests/scripts/test_crosscheck_fio.sh: scripts/crosscheck-fio with a fake mapbench and a fake
# fio (tests/scripts/fakes/: seconds, nothing measured): the io_uring rows run fio's io_uring
# engine at mapbench's depth on mapbench's data file (--direct=1 --iodepth=1/32, time-based,
# randread 4k; --direct=0 warm) and mapbench's uringdirect/uring at that depth; every fio
# command is printed ("+ fio ...") and, pasted into a shell, runs fio with the same
# arguments; the ratio column and the agreement note (+-10%, else by how much); the psync/mmap
# table is kept; --rows chooses the tables; a bad --rows is a usage error.
#   test_crosscheck_fio.sh SOURCE_ROOT
set -uo pipefail
root=$1
# shellcheck source=tests/scripts/lib.sh
. "$root/tests/scripts/lib.sh"
cf="$root/scripts/crosscheck-fio"

fake_build "$tmp/build" mapbench
mkdir -p "$tmp/bin"
cp "$root/tests/scripts/fakes/fio" "$tmp/bin/"
export FAKE_LOG=$tmp/mb.log FAKE_FIO_LOG=$tmp/fio.log PATH="$tmp/bin:$PATH"
# mapbench 100 MB/s everywhere; fio 100 MB/s, 200 MB/s at depth 32
export FAKE_MB_BW=1e8 FAKE_FIO_BW=1e8 FAKE_FIO_BW32=2e8
data="$tmp/data dir" # a space: the printed commands must quote it

"$cf" --size 1M --data-dir "$data" --rounds 1 --rows uring --out "$tmp/plots/m/fio.md" >"$tmp/out.md" 2>"$tmp/err.log"
rc=$?
[ "$rc" -eq 0 ] && ok "--rows uring: exit 0" || fail "--rows uring: exit $rc: $(tail -n 3 "$tmp/err.log")"
file="$data/mb-1048576.dat"
# the machine named as the run archive names it: plots/<MACHINE>/ of --out
grep -q '^# mapbench vs fio on m, ' "$tmp/out.md" && ok "machine name from plots/m/" ||
  fail "title: $(head -n 1 "$tmp/out.md")"
grep -q '^### .*fio io_uring --direct=1 --iodepth=32$' "$tmp/out.md" && ok "a section per fio job" ||
  fail "no section for the qd 32 job: $(sed -n '/^## fio commands/,$p' "$tmp/out.md" | head -n 12)"
# the fio commands, as printed
mapfile -t printed < <(sed -n 's/^+ fio /fio /p' "$tmp/err.log")
[ "${#printed[@]}" -eq 4 ] && ok "4 fio commands printed" || fail "${#printed[@]} fio commands printed: $(cat "$tmp/err.log")"
want_direct="--ioengine=io_uring --direct=1 --iodepth=QD --rw=randread --bs=4k --time_based --runtime=3"
for qd in 1 32; do
  n=$(printf '%s\n' "${printed[@]}" | grep -F -- "--filename=$(printf '%q' "$file") " | grep -cF -- "${want_direct//QD/$qd}")
  [ "$n" -eq 1 ] && ok "fio io_uring --direct=1 --iodepth=$qd time-based on mapbench's file" ||
    fail "no fio command '${want_direct//QD/$qd}' on $file: ${printed[*]}"
  n=$(printf '%s\n' "${printed[@]}" | grep -cF -- "--ioengine=io_uring --direct=0 --iodepth=$qd --rw=randread --bs=4k --invalidate=0 --fadvise_hint=0 --time_based --runtime=3")
  [ "$n" -eq 1 ] && ok "fio io_uring --direct=0 --iodepth=$qd warm" || fail "no warm buffered fio at depth $qd: ${printed[*]}"
  grep -- '--benchmark_out' "$FAKE_LOG" | grep -q -- "--methods=uringdirect .*--cache=cold .*--lifetime=case --queue-depth=$qd --duration=3" &&
    ok "mapbench uringdirect at depth $qd, time-based" || fail "mapbench uringdirect qd $qd not run: $(cat "$FAKE_LOG")"
done
grep -- '--benchmark_out' "$FAKE_LOG" | grep -q -- "--methods=uring .*--cache=warm .*--lifetime=case --queue-depth=32 --duration=3" &&
  ok "mapbench uring (buffered) warm at depth 32, time-based" || fail "mapbench uring warm not run: $(cat "$FAKE_LOG")"
grep -q '^+ cat .*mb-1048576.dat >/dev/null$' "$tmp/err.log" && ok "the warm rows' file read is printed" ||
  fail "warm-up not printed"
# pasted into a shell, a printed command runs fio with the same arguments
: >"$tmp/fio.rerun"
for c in "${printed[@]}"; do FAKE_FIO_LOG=$tmp/fio.rerun eval "$c" >/dev/null; done
cmp -s "$tmp/fio.log" "$tmp/fio.rerun" && ok "the printed commands rerun fio with the same arguments" ||
  fail "rerun differs: $(diff "$tmp/fio.log" "$tmp/fio.rerun" | head -n 4)"
# rows: ratio and agreement
row() { grep -F "$1" "$tmp/out.md"; }
case "$(row "uringdirect qd 1 vs fio io_uring --direct=1 --iodepth=1 (round 1)")" in
  *"| 95.4 MiB/s | 95.4 MiB/s | 1.00 | agree within +-10% |") ok "qd 1: ratio 1.00, agree" ;;
  *) fail "qd 1 row: $(row "uringdirect qd 1")" ;;
esac
case "$(row "uringdirect qd 32 vs fio io_uring --direct=1 --iodepth=32 (round 1)")" in
  *"| 95.4 MiB/s | 190.7 MiB/s | 0.50 | mapbench 50% slower |") ok "qd 32: ratio 0.50, the difference said" ;;
  *) fail "qd 32 row: $(row "uringdirect qd 32")" ;;
esac
grep -q '^2 of 4 rows agree within +-10%\.$\|2 of 4 rows agree within +-10%\.' "$tmp/out.md" && ok "the agreement count" ||
  fail "no agreement count: $(grep -n 'agree' "$tmp/out.md" | head -n 3)"
grep -q '^## fio commands' "$tmp/out.md" && [ "$(sed -n '/^## fio commands/,$p' "$tmp/out.md" | grep -c '^fio ')" -eq 4 ] &&
  ok "the report lists the 4 fio commands" || fail "report's command list: $(sed -n '/^## fio commands/,$p' "$tmp/out.md")"
cmp -s "$tmp/out.md" "$tmp/plots/m/fio.md" && ok "--out holds the printed report" || fail "--out differs from stdout"
grep -q '^| scenario | mapbench prw' "$tmp/out.md" && fail "--rows uring printed the psync/mmap table" ||
  ok "--rows uring: no psync/mmap table"

# a failed mapbench case: n/a, not a ratio of 0
FAKE_MB_FAIL_METHOD=uring "$cf" --size 1M --data-dir "$data" --rounds 1 --rows uring >"$tmp/fail.md" 2>/dev/null
case "$(grep -F "uring qd 32 vs fio io_uring --direct=0" "$tmp/fail.md")" in
  *"| n/a | 190.7 MiB/s | n/a | n/a |") ok "a failed mapbench case shows n/a" ;;
  *) fail "failed case row: $(grep -F "uring qd 32 vs" "$tmp/fail.md")" ;;
esac
grep -q '1 of 2 rows agree within +-10%\.' "$tmp/fail.md" && ok "n/a rows are not counted" ||
  fail "count with n/a rows: $(grep -o '[0-9]* of [0-9]* rows agree' "$tmp/fail.md")"

# a build whose uring has no queue depth (no /qd: in its names) is not taken for depth 32
FAKE_NO_QD=1 "$cf" --size 1M --data-dir "$data" --rounds 1 --rows uring >"$tmp/noqd.md" 2>/dev/null
[ "$(grep -c '(round 1) | n/a | .* | n/a | n/a |$' "$tmp/noqd.md")" -eq 4 ] &&
  ok "cases without /qd:N are not counted as depth N" || fail "no-qd rows: $(grep '(round 1)' "$tmp/noqd.md")"

# every table: the psync/mmap one as before, then io_uring
: >"$tmp/fio.log"
"$cf" --size 1M --data-dir "$data" --rounds 1 >"$tmp/all.md" 2>"$tmp/err2.log"
rc=$?
header="| scenario | mapbench prw | fio psync | prw/psync | mapbench mapcopy | fio mmap | mapcopy/mmap | mapbench map (zero copy) | map/fio mmap | map one-shot (lifetime:pass) | one-shot/fio mmap |"
if [ "$rc" -eq 0 ] && grep -qxF "$header" "$tmp/all.md" && [ "$(grep -c '(round 1) |' "$tmp/all.md")" -eq 10 ] &&
  grep -q '^## io_uring at depth' "$tmp/all.md"; then
  ok "default: the psync/mmap table (6 rows) and the io_uring table (4 rows)"
else
  fail "default rows: exit $rc, $(grep -c '(round 1) |' "$tmp/all.md") rows: $(tail -n 3 "$tmp/err2.log")"
fi
[ "$(grep -c '^+ fio ' "$tmp/err2.log")" -eq 16 ] && ok "default: 16 fio commands printed (12 psync/mmap + 4 io_uring)" ||
  fail "default: $(grep -c '^+ fio ' "$tmp/err2.log") fio commands printed"
"$cf" --size 1M --data-dir "$data" --rounds 1 --rows sync >"$tmp/sync.md" 2>/dev/null
grep -q 'io_uring' "$tmp/sync.md" && fail "--rows sync ran io_uring rows" || ok "--rows sync: no io_uring rows"

out=$("$cf" --rows bogus 2>&1 >/dev/null)
rc=$?
[ "$rc" -eq 2 ] && [[ "$out" == *"--rows takes all, sync or uring"* ]] && ok "bad --rows: $out" ||
  fail "bad --rows: exit $rc: $out"

echo "$fails failed"
[ "$fails" -eq 0 ]
