#!/usr/bin/env bash
# tests/run/test_gb_output.sh: what mapbench passes to and adds around Google Benchmark's
# output: NO_COLOR (set, not empty) leaves no ESC byte in the console output on a terminal
# (which has colour without it, unless --benchmark_color is given), --benchmark_time_unit
# is the unit of the times written, a filter that selects no case exits 2 naming it and
# leaves an existing --benchmark_out file as it was, and the library's DEBUG warning (when
# this libbenchmark prints it) is followed by mapbench's one-line note.
#   test_gb_output.sh MAPBENCH
set -uo pipefail
mb=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
args=(--data-dir="$tmp" --sizes=64K --block-sizes=64K --methods=prw --patterns=seq --cache=warm
  --lifetime=case --benchmark_min_time=0.01)

# on a terminal (script(1) gives one): colour by default, none with NO_COLOR
if command -v script >/dev/null 2>&1; then
  cmd=$(printf '%q ' "$mb" "${args[@]}")
  TERM=xterm script -qec "$cmd" /dev/null >"$tmp/tty" 2>&1 || fail "mapbench on a terminal failed: $(tail -n 3 "$tmp/tty")"
  grep -q $'\e' "$tmp/tty" && ok "colour on a terminal" || fail "no colour on a terminal without NO_COLOR"
  TERM=xterm NO_COLOR=1 script -qec "$cmd" /dev/null >"$tmp/tty" 2>&1 || fail "NO_COLOR run failed"
  grep -q $'\e' "$tmp/tty" && fail "ESC byte in the output with NO_COLOR=1" || ok "NO_COLOR=1: no ESC byte"
  TERM=xterm NO_COLOR= script -qec "$cmd" /dev/null >"$tmp/tty" 2>&1 || fail "NO_COLOR= run failed"
  grep -q $'\e' "$tmp/tty" && ok "NO_COLOR empty: colour" || fail "NO_COLOR empty turned colour off"
  TERM=xterm NO_COLOR=1 script -qec "$cmd --benchmark_color=true" /dev/null >"$tmp/tty" 2>&1 || fail "colour=true run failed"
  grep -q $'\e' "$tmp/tty" && ok "--benchmark_color=true wins over NO_COLOR" || fail "--benchmark_color=true ignored"
else
  echo "skip: no script(1) for a terminal"
fi

# --benchmark_time_unit: the JSON times are in that unit
for unit in us s; do
  rm -f "$tmp/out.json"
  "$mb" "${args[@]}" --benchmark_time_unit=$unit --benchmark_out="$tmp/out.json" \
    --benchmark_out_format=json >/dev/null 2>"$tmp/err" || fail "time unit $unit: $(tail -n 1 "$tmp/err")"
  n=$(grep -c '"time_unit": "'$unit'"' "$tmp/out.json" 2>/dev/null)
  other=$(grep '"time_unit"' "$tmp/out.json" 2>/dev/null | grep -vc '"'$unit'"')
  ((n > 0 && other == 0)) && ok "--benchmark_time_unit=$unit: $n rows in $unit" ||
    fail "--benchmark_time_unit=$unit: $n rows in $unit, $other in another unit"
done

# a filter selecting nothing: exit 2, one line naming it, the out file untouched
printf 'the user file\n' >"$tmp/keep.json"
before=$(sha256sum <"$tmp/keep.json")
"$mb" "${args[@]}" --benchmark_filter=nomatch --benchmark_out="$tmp/keep.json" >"$tmp/out" 2>"$tmp/err"
rc=$?
((rc == 2)) || fail "nomatch filter exited $rc, not 2"
[[ $(wc -l <"$tmp/err") -eq 1 ]] && grep -q "^mapbench: --benchmark_filter 'nomatch' matches none" "$tmp/err" &&
  ok "nomatch: $(cat "$tmp/err")" || fail "nomatch stderr: $(cat "$tmp/err")"
[ "$(sha256sum <"$tmp/keep.json")" = "$before" ] && ok "the --benchmark_out file kept its bytes" ||
  fail "the --benchmark_out file changed"
# a filter that selects the case still runs it; '^$' makes the data files and runs nothing
"$mb" "${args[@]}" --benchmark_filter='prw/size:65536' >"$tmp/out" 2>"$tmp/err" &&
  grep -q manual_time "$tmp/out" && ok "a matching filter runs the case" || fail "a matching filter: $(tail -n 1 "$tmp/err")"
"$mb" "${args[@]}" --benchmark_filter='^$' >"$tmp/out" 2>"$tmp/err" && ! grep -q manual_time "$tmp/out" &&
  ok "'^\$' runs nothing, exit 0" || fail "'^\$': $(tail -n 1 "$tmp/err")"

# the DEBUG warning, when this libbenchmark prints it, is followed by the note
"$mb" "${args[@]}" >/dev/null 2>"$tmp/err" || fail "plain run: $(tail -n 1 "$tmp/err")"
if grep -q 'Library was built as DEBUG' "$tmp/err"; then
  next=$(grep -A1 'Library was built as DEBUG' "$tmp/err" | tail -n 1)
  [[ $next == "mapbench: note: "*"manual time"* ]] && ok "note after the DEBUG warning" ||
    fail "the line after the DEBUG warning is '$next'"
else
  grep -q 'mapbench: note:' "$tmp/err" && fail "a note without the DEBUG warning" ||
    ok "no DEBUG warning, no note"
fi
echo "$failures failures"
((failures == 0))
