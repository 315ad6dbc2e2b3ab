#!/usr/bin/env bash
# tests/scripts/test_version.sh: --version of every program and every user script prints
# one line "NAME X.Y.Z" or "NAME X.Y.Z (git HASH)" on stdout, exits 0, and all of them print
# the same version (the programs take it from the build, the scripts from meson.build and
# git at run time: one source).
#   test_version.sh SOURCE_ROOT PROGRAM...
set -uo pipefail
root=$1
shift
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
want_version=$(sed -n "s/^ *version: *'\([^']*\)'.*/\1/p" "$root/meson.build" | head -n 1)
[ -n "$want_version" ] || fail "no version in $root/meson.build"
first=""
probe() { # NAME COMMAND...
  local name=$1 out rc
  shift
  out=$("$@" --version 2>&1)
  rc=$?
  if ((rc != 0)); then
    fail "$name --version exited $rc: $out"
    return
  fi
  if [[ $(printf '%s\n' "$out" | wc -l) -ne 1 ]] ||
    ! [[ $out =~ ^$name\ ([0-9]+\.[0-9]+\.[0-9]+( \(git [0-9a-f]{4,40}\))?)$ ]]; then
    fail "$name --version: '$out' is not '$name X.Y.Z (git HASH)'"
    return
  fi
  local v=${BASH_REMATCH[1]}
  [[ $v == "$want_version"* ]] || fail "$name: version '$v' is not meson.build's $want_version"
  if [ -z "$first" ]; then
    first=$v
  elif [ "$v" != "$first" ]; then
    fail "$name says '$v', the first one said '$first'"
  fi
  echo "ok: $out"
}
for exe in "$@"; do
  probe "$(basename "$exe")" "$exe"
done
for s in run-batch plot compare crosscheck-fio check-targets check-hygiene fuzz install-deps \
  test test-windows win-deps; do
  [ -x "$root/scripts/$s" ] || continue
  probe "$s" "$root/scripts/$s"
done
# the commit, when this is a git checkout: the one the build and the scripts name
if commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null); then
  [[ $first == *"(git $commit)" ]] || fail "version '$first' does not name the checkout's commit $commit"
fi
echo "$failures failures"
((failures == 0))
