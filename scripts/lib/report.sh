# report.sh: shell functions shared by scripts/plot and scripts/compare (sourced; expects
# $root, the repository, and a die function).

# The mapbench-report binary: $MAPBENCH_REPORT, or built (or brought up to date) in build/.
report_tool() {
    if [[ -n "${MAPBENCH_REPORT:-}" ]]; then
        [[ -x "$MAPBENCH_REPORT" ]] || die "MAPBENCH_REPORT=$MAPBENCH_REPORT is not executable"
        echo "$MAPBENCH_REPORT"
        return
    fi
    command -v meson >/dev/null && command -v ninja >/dev/null ||
        die "meson and ninja are needed to build mapbench-report (scripts/install-deps)"
    if [[ ! -f "$root/build/build.ninja" ]]; then
        meson setup "$root/build" "$root" >&2 || die "meson setup build/ failed"
    fi
    ninja -C "$root/build" src/report/mapbench-report >&2 ||
        die "building mapbench-report failed (is libjansson-dev installed? scripts/install-deps)"
    echo "$root/build/src/report/mapbench-report"
}

# The newest finished run under a machine's results directory.
newest_run() {
    local dir=$1 best=""
    [[ -d "$dir" ]] || return 1
    for d in "$dir"/*/; do
        d=${d%/}
        [[ "$(basename "$d")" =~ ^[0-9]{8}T[0-9]{6}Z$ ]] || continue
        best=$d
    done
    [[ -n "$best" ]] && echo "$best"
}
