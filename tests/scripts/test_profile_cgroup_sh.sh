#!/usr/bin/env bash
# tests/scripts/test_profile_cgroup_sh.sh: scripts/lib/profile.sh (group lines and their flags,
# time-based groups, memory limits in case names, the pressure profile as written) and
# scripts/lib/cgroup.sh on a fake cgroup tree (MB_CGROUP_ROOT): the OOM-kill count of a
# case's left-over cgroup (v1 memory.oom_control, v2 memory.events), the not-run reason, the
# removal, and where memory limits cannot run. With BUILD_DIR, the pressure profile's groups
# are also listed by the real mapbench (skipped, said so, while mapbench lacks --memory-limit).
#   test_profile_cgroup_sh.sh SOURCE_ROOT [BUILD_DIR]
set -uo pipefail
root=$1
build=${2:-}
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
# shellcheck source=scripts/lib/profile.sh
. "$root/scripts/lib/profile.sh"
# shellcheck source=scripts/lib/cgroup.sh
. "$root/scripts/lib/cgroup.sh"

check() { # what want got
  [ "$3" = "$2" ] && ok "$1: $3" || fail "$1: got '$3', want '$2'"
}

# --- profile_flag, profile_time_based, profile_case_memlimit --------------------------------
flags="--methods=map,prw --memory-limit=256M --duration 5 --queue-depth=1,32 --latency"
check "--NAME=V" "256M" "$(profile_flag "$flags" memory-limit)"
check "--NAME V" "5" "$(profile_flag "$flags" duration)"
check "a list value" "1,32" "$(profile_flag "$flags" queue-depth)"
check "the last of two" "2" "$(profile_flag "--duration=1 --duration=2" duration)"
profile_flag "$flags" sizes >/dev/null && fail "absent flag found" || ok "absent flag: status 1"
profile_flag "--memory-limits=1G" memory-limit >/dev/null && fail "--memory-limits read as --memory-limit" ||
  ok "a longer flag name is another flag"
profile_time_based "$flags" && ok "--memory-limit and --duration: time-based" || fail "time-based not seen"
profile_time_based "--methods=prw --memory-limit=1G" && ok "--memory-limit alone: time-based" ||
  fail "--memory-limit alone not time-based"
profile_time_based "--methods=prw --duration=3" && ok "--duration alone: time-based" ||
  fail "--duration alone not time-based"
profile_time_based "--methods=prw --latency" && fail "plain group read as time-based" ||
  ok "no --duration/--memory-limit: whole passes"
check "memlimit field" 268435456 \
  "$(profile_case_memlimit read/random/map/size:1073741824/bs:4096/cache:cold/lifetime:case/threads:1/memlimit:268435456)"
check "memlimit before a suffix" 1048576 \
  "$(profile_case_memlimit read/random/uringdirect/size:4096/bs:4096/cache:cold/lifetime:case/threads:2/qd:32/memlimit:1048576/manual_time)"
profile_case_memlimit read/random/map/size:4096/bs:4096/cache:cold/lifetime:case/threads:1 >/dev/null &&
  fail "memlimit in a name without one" || ok "no memlimit field: status 1"

# --- profile_groups and the pressure profile -------------------------------------------------
p="$root/scripts/profiles/pressure.profile"
groups=$(profile_groups "$p")
check "pressure: settings" "4 0.05" "$(profile_setting "$p" repetitions) $(profile_setting "$p" min_time)"
check "pressure: groups" 10 "$(printf '%s\n' "$groups" | wc -l)"
bad=$(printf '%s\n' "$groups" | while IFS=$'\t' read -r kind g f; do
  [ "$kind" = file ] || echo "$g: kind $kind"
  profile_time_based "$f" || echo "$g: not time-based"
  [ "$(profile_flag "$f" duration)" = 5 ] || echo "$g: duration $(profile_flag "$f" duration)"
  [ "$(profile_flag "$f" cache)" = cold ] || echo "$g: cache $(profile_flag "$f" cache)"
  case "$g:$(profile_flag "$f" memory-limit):$(profile_flag "$f" sizes)" in
    *-256M*:256M:1G | *-1G*:1G:4G) ;;
    *) echo "$g: limit $(profile_flag "$f" memory-limit), file $(profile_flag "$f" sizes)" ;;
  esac
done)
[ -z "$bad" ] && ok "pressure: every group cold, time-based 5 s, file 4x its limit" || fail "pressure: $bad"
check "pressure: queue depths" "1,32 32 1,32 32" \
  "$(printf '%s\n' "$groups" | cut -f3 | while read -r f; do profile_flag "$f" queue-depth; done | tr '\n' ' ' | sed 's/ $//')"

# the real mapbench lists every group (names with /memlimit: and cache:cold, /qd: on uring)
mb=${build:+$build/bench/mapbench}
if [ -z "$mb" ] || [ ! -x "$mb" ]; then
  echo "skip: the pressure profile against mapbench --list (no build directory given)"
elif ! "$mb" --help 2>&1 | grep -q -- '--memory-limit'; then
  echo "skip: the pressure profile against mapbench --list: this mapbench has no --memory-limit yet"
else
  bad=$(printf '%s\n' "$groups" | while IFS=$'\t' read -r kind g f; do
    f=${f//CORES/1,2}
    # shellcheck disable=SC2086
    names=$("$mb" $f --data-dir="$tmp" --list 2>&1) || { echo "$g: $(printf '%s\n' "$names" | tail -n 1)"; continue; }
    names=$(printf '%s\n' "$names" | awk 'NF && !/^#/')
    [ -n "$names" ] || echo "$g: no case"
    printf '%s\n' "$names" | grep -v '/cache:cold/.*/memlimit:[0-9]*$' | sed "s|^|$g: |"
    printf '%s\n' "$names" | grep '/uringdirect/' | grep -v '/qd:[0-9]*/' | sed "s|^|$g: no qd: |"
  done)
  [ -z "$bad" ] && ok "pressure: mapbench lists every group" || fail "pressure listing: $bad"
fi

# --- cgroup_locate with MB_CGROUP_ROOT ---------------------------------------------------------
export MB_CGROUP_ROOT=$tmp/cg
mkdir -p "$MB_CGROUP_ROOT"
cgroup_locate && check "usable fake root" "override $tmp/cg " "$cg_version $cg_dir $cg_problem" ||
  fail "fake root not usable: $cg_problem"
MB_CGROUP_ROOT=$tmp/none cgroup_locate && fail "missing root usable" ||
  check "missing root" "no memory cgroup directory '$tmp/none' (MB_CGROUP_ROOT)" "$cg_problem"
if [ "$(id -u)" -ne 0 ]; then
  mkdir "$tmp/ro" && chmod 555 "$tmp/ro"
  MB_CGROUP_ROOT=$tmp/ro cgroup_locate && fail "read-only root usable" ||
    check "read-only root" "memory cgroup directory '$tmp/ro' is not writable (MB_CGROUP_ROOT)" "$cg_problem"
else
  echo "skip: a read-only cgroup directory (root writes anywhere)"
fi
cgroup_locate

# --- the left-over cgroups of a killed case ----------------------------------------------------
mkcg() { # name file content...: a fake left-over cgroup
  local d="$MB_CGROUP_ROOT/$1" f=$2
  shift 2
  mkdir -p "$d"
  printf '%s\n' "$@" >"$d/$f"
}
mkcg mapbench-4242-1 memory.oom_control "oom_kill_disable 0" "under_oom 0" "oom_kill 1"
mkcg mapbench-4242-2 memory.events "low 0" "high 0" "max 12" "oom 1" "oom_kill 2" "oom_group_kill 0"
mkcg mapbench-42-1 memory.oom_control "oom_kill 1" # another pid (a prefix of 4242)
mkdir -p "$MB_CGROUP_ROOT/mapbench-4242-1/inner"   # a cgroup below it goes too
check "oom kills of pid 4242 (v1 + v2 files)" 3 "$(cgroup_oom_kills 4242)"
[ ! -e "$MB_CGROUP_ROOT/mapbench-4242-1" ] && [ ! -e "$MB_CGROUP_ROOT/mapbench-4242-2" ] &&
  ok "pid 4242's cgroups removed" || fail "left: $(ls "$MB_CGROUP_ROOT")"
[ -d "$MB_CGROUP_ROOT/mapbench-42-1" ] && ok "pid 42's cgroup untouched" || fail "pid 42's cgroup removed"
cgroup_oom_kills 4242 >/dev/null && fail "second look found cgroups" || ok "none left: status 1"
check "reason" "killed by the memory cgroup's OOM killer (limit 268435456 bytes)" "$(cgroup_oom_reason 42 268435456)"
[ ! -e "$MB_CGROUP_ROOT/mapbench-42-1" ] && ok "reason: cgroup removed" || fail "reason: cgroup left"
mkcg mapbench-7-1 memory.events "oom 0" "oom_kill 0"
cgroup_oom_reason 7 1048576 >/dev/null && fail "no OOM kill read as one" || ok "oom_kill 0: no OOM reason"
[ ! -e "$MB_CGROUP_ROOT/mapbench-7-1" ] && ok "oom_kill 0: cgroup removed all the same" || fail "mapbench-7-1 left"
mkcg sub/mapbench-9-1 memory.oom_control "oom_kill 1"
check "a cgroup one level down" 1 "$(cgroup_oom_kills 9)"
cgroup_oom_reason 12345 1 >/dev/null && fail "reason without a cgroup" || ok "no cgroup left: no reason"
# cgroup v2 puts a case's cgroup beside ours when ours holds processes: looked for there too
cg_dir=$tmp/v2/home cg_version=2
mkdir -p "$cg_dir" "$tmp/v2/mapbench-55-1" "$tmp/v2/other/mapbench-55-2"
printf 'oom 1\noom_kill 1\n' >"$tmp/v2/mapbench-55-1/memory.events"
printf 'oom_kill 5\n' >"$tmp/v2/other/mapbench-55-2/memory.events"
check "v2: the cgroup beside ours (not a cousin's)" 1 "$(cgroup_oom_kills 55)"
[ -d "$tmp/v2/other/mapbench-55-2" ] && ok "v2: a cousin's cgroup untouched" || fail "v2: cousin removed"
cgroup_locate
mkdir -p "$tmp/keep"
cgroup_remove "$tmp/keep" && fail "cgroup_remove took a directory not named mapbench-<pid>-<tag>" ||
  { [ -d "$tmp/keep" ] && ok "cgroup_remove refuses other names"; }

echo "$fails failed"
[ "$fails" -eq 0 ]
