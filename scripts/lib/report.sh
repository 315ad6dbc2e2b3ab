# report.sh: shell functions shared by scripts/plot and scripts/compare (sourced; expects
# $root, the repository, and a die function).

# shellcheck source=scripts/lib/build.sh
. "$root/scripts/lib/build.sh"

# The mapbench-report binary: $MAPBENCH_REPORT, or built (or brought up to date) in the
# build tree (build_dir).
report_tool() {
    if [[ -n "${MAPBENCH_REPORT:-}" ]]; then
        [[ -x "$MAPBENCH_REPORT" ]] || die "MAPBENCH_REPORT=$MAPBENCH_REPORT is not executable"
        echo "$MAPBENCH_REPORT"
        return
    fi
    command -v meson >/dev/null && command -v ninja >/dev/null ||
        die "meson and ninja are needed to build mapbench-report (scripts/install-deps)"
    build_tree src/report/mapbench-report
    echo "$(build_dir)/src/report/mapbench-report"
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
