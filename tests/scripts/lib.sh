# tests/scripts/lib.sh: the set-up the script tests share (sourced; expects $root, the source
# tree): $tmp, a scratch directory removed at exit (kept when KEEP is set); fail/ok, which
# print one result line (fail counts into $fails); fake_build DIR FAKE..., a build tree at DIR
# that needs no building (ninja finds nothing to do) with the named fakes of
# tests/scripts/fakes/ in DIR/bench/, exported as MAPBENCH_BUILD_DIR.
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

fake_build() {
  local dir=$1 f
  shift
  mkdir -p "$dir/bench"
  printf 'rule nop\n  command = true\nbuild all: phony\ndefault all\n' >"$dir/build.ninja"
  for f in "$@"; do cp "$root/tests/scripts/fakes/$f" "$dir/bench/"; done
  export MAPBENCH_BUILD_DIR=$dir
}
