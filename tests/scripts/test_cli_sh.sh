#!/usr/bin/env bash
# tests/scripts/test_cli_sh.sh: the scripts' option and exit-code convention (scripts/lib/cli.sh):
# both value forms, switches, positional arguments and "--", and every usage error with its
# one line and exit 2; die exits 1, bad_input 2.
#   test_cli_sh.sh SOURCE_ROOT
set -uo pipefail
lib="$1/scripts/lib/cli.sh"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# run SPEC ARGS...: parses in a subshell, prints "rc|stderr|opt_a|opt_b_c|opt_s|args"
run() {
  local spec=$1
  shift
  (
    prog=probe
    usage() { echo "usage text"; }
    # shellcheck source=scripts/lib/cli.sh
    . "$lib"
    cli_parse "$spec" "$@" 2>"$tmpf"
    echo "0|$(cat "$tmpf")|${opt_a-unset}|${opt_b_c-unset}|${opt_s-unset}|${cli_args[*]}"
  ) 2>"$tmpf" || echo "$?|$(cat "$tmpf")"
}
tmpf=$(mktemp)
trap 'rm -f "$tmpf"' EXIT
spec="a=value b-c=value s"

check() { # want args...
  local want=$1 got
  shift
  got=$(run "$spec" "$@")
  [[ $got == "$want" ]] && ok "$* -> $got" || fail "$*: got '$got', want '$want'"
}
check "0||x|unset|unset|" --a x
check "0||x|y z|1|p q" --a=x p --b-c "y z" --s q
check "2|probe: --a needs a value (see scripts/probe --help)" --a --s
check "0||-x|unset|unset|" --a -x
check "0||--s|unset|unset|" --a=--s
check "0||x=y|unset|unset|" --a=x=y
check "0||unset|unset|unset|--a x" -- --a x
check "2|probe: --a given twice (see scripts/probe --help)" --a x --a=y
check "2|probe: --s given twice (see scripts/probe --help)" --s --s
check "2|probe: unknown option '--zz' (see scripts/probe --help)" --zz
check "2|probe: unknown option '-z' (see scripts/probe --help)" -z
check "2|probe: --a needs a value (see scripts/probe --help)" --a
check "2|probe: --a needs a value (see scripts/probe --help)" --a=
check "2|probe: --s takes no value (see scripts/probe --help)" --s=1
check "2|probe: unknown option '--A' (see scripts/probe --help)" --A
got=$(run "$spec" --help)
[[ $got == "0|usage text" || $got == "usage text" ]] && ok "--help prints the usage, exit 0" ||
  fail "--help: got '$got'"

codes=$(
  prog=probe
  # shellcheck source=scripts/lib/cli.sh
  . "$lib"
  (die "runtime") 2>/dev/null
  a=$?
  (bad_input "input") 2>/dev/null
  echo "$a $?"
)
[[ $codes == "1 2" ]] && ok "die exits 1, bad_input 2" || fail "die/bad_input exit '$codes', want '1 2'"

if ((failures)); then
  echo "$failures failed"
  exit 1
fi
echo "all passed"
