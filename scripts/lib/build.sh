# build.sh: the native build tree the scripts share (sourced; expects $root, the repository,
# and a die function). MAPBENCH_BUILD_DIR selects another tree (tests and CI point it at
# their own, so nothing builds twice).
build_dir() { echo "${MAPBENCH_BUILD_DIR:-$root/build}"; }

# Configures the tree once and builds it (or only the given targets); one-line errors.
build_tree() {
  local dir
  dir=$(build_dir)
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$root" >/dev/null || die "meson setup failed (run: meson setup $dir)"
  fi
  ninja -C "$dir" "$@" >/dev/null || die "build failed (run: ninja -C $dir $*)"
}
