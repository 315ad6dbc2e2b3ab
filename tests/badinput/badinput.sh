#!/usr/bin/env bash
# tests/badinput/badinput.sh: the table-driven bad-input test across mapbench, mapbench-ipc,
# mapbench-report and scripts/run-batch. Every row of tests/badinput/*.tsv is one probe a
# hostile new user could type; each must end with its expected exit status (2 bad input,
# 1 runtime failure), one line on stderr matching the row's pattern, within 60 s, and
# leave every file the row's setup made as it was (nothing the tool did not create is
# overwritten or removed).
#   badinput.sh SOURCE_ROOT BUILD_ROOT [TABLE...]
#
# A row: EXIT<TAB>PATTERN<TAB>COMMAND, '#' starts a comment line.
#   EXIT     the exit status wanted; a leading '~' allows more than one line on stderr
#            (the pattern must then match one of them)
#   PATTERN  an extended regular expression (grep -E) the stderr line must match
#   COMMAND  bash, run in a fresh empty directory (the row's own, also $HERE) with
#            $MAPBENCH, $MAPBENCH_IPC, $MAPBENCH_REPORT, $RUN_BATCH (scripts/run-batch over
#            a build tree that needs no building), $DATA (an empty data directory) and
#            $ROOT (the source tree). Files the command makes before the tool runs are
#            "the user's": a row that makes them calls `protect FILE...` to have the test
#            check they survive byte for byte.
set -uo pipefail
root=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
shift 2
tables=("$@")
((${#tables[@]})) || tables=("$root"/tests/badinput/*.tsv)
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || { chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"; }' EXIT

# a build tree run-batch need not build: bench/ links to the real programs
fake=$tmp/build
mkdir -p "$fake/bench/ipc" "$fake/src/report"
printf 'rule nop\n  command = true\nbuild all: phony\ndefault all\n' >"$fake/build.ninja"
ln -s "$build/bench/mapbench" "$fake/bench/mapbench"
ln -s "$build/bench/mapbench-memcheck" "$fake/bench/mapbench-memcheck"
ln -s "$build/bench/ipc/mapbench-ipc" "$fake/bench/ipc/mapbench-ipc"
report=$(find "$build" -name mapbench-report -type f -perm -u+x | head -n 1)
[ -n "$report" ] && ln -s "$report" "$fake/src/report/mapbench-report"

export ROOT=$root MAPBENCH=$build/bench/mapbench MAPBENCH_IPC=$build/bench/ipc/mapbench-ipc
export MAPBENCH_REPORT=${report:-/nonexistent/mapbench-report} RUN_BATCH=$root/scripts/run-batch
export MAPBENCH_BUILD_DIR=$fake

rows=0 fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
for table in "${tables[@]}"; do
  lineno=0
  while IFS= read -r line || [ -n "$line" ]; do
    lineno=$((lineno + 1))
    [[ -z "$line" || "$line" == \#* ]] && continue
    IFS=$'\t' read -r want pattern cmd <<<"$line"
    where="$(basename "$table"):$lineno"
    if [ -z "${cmd:-}" ]; then
      fail "$where: not EXIT<TAB>PATTERN<TAB>COMMAND"
      continue
    fi
    rows=$((rows + 1))
    many=0
    [[ "$want" == \~* ]] && { many=1; want=${want#\~}; }
    here=$tmp/row$rows
    mkdir -p "$here/data"
    # protect FILE...: the file (made by the row) must survive the tool byte for byte
    (
      cd "$here" || exit 97
      export HERE=$here DATA=$here/data
      protect() { local f; for f in "$@"; do sha256sum "$f" >>"$HERE/.protected" || exit 98; done; }
      export -f protect
      exec timeout -k 5 60 bash -c "$cmd" </dev/null >"$here/.stdout" 2>"$here/.stderr"
    )
    rc=$?
    err=$(cat "$here/.stderr")
    nlines=$(grep -c '' "$here/.stderr")
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
      fail "$where: timed out after 60 s: $cmd"
    elif [ "$rc" != "$want" ]; then
      fail "$where: exit $rc, want $want: $cmd; stderr: $(head -c 400 <<<"$err")"
    elif [ "$many" -eq 0 ] && [ "$nlines" -ne 1 ]; then
      fail "$where: stderr has $nlines lines, want 1: $cmd; stderr: $(head -c 400 <<<"$err")"
    elif ! grep -Eq -- "$pattern" <<<"$err"; then
      fail "$where: stderr does not match /$pattern/: $cmd; stderr: $(head -c 400 <<<"$err")"
    elif [ -f "$here/.protected" ] && ! (cd "$here" && sha256sum --quiet -c .protected >/dev/null 2>&1); then
      fail "$where: a file the row made was changed or removed: $cmd"
    else
      echo "ok: $where: $cmd"
    fi
  done <"$table"
done
echo "$rows rows, $fails failed"
[ "$rows" -gt 0 ] || { echo "FAIL: no rows"; exit 1; }
[ "$fails" -eq 0 ]
