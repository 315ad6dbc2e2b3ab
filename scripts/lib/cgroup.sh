# cgroup.sh: the memory cgroups of memory-limited cases, as run-batch sees them (sourced; no
# other dependency). mapbench --memory-limit runs each case in a cgroup of its own named
# mapbench-<pid>-<tag>, made below the memory cgroup of the process that starts it (cgroup v1:
# <memory mount>/<our path>/; v2: <cgroup2 mount>/<our path>/, or beside it when our cgroup
# holds processes and its parent gives children the memory controller; see
# src/os/linux/cgroup.c, whose search for the hierarchy this follows: v1 first), and removes
# it when the case ends. A case the cgroup's OOM killer kills dies by SIGKILL and leaves its
# directory, whose memory.events (v2) or memory.oom_control (v1) counts the kill
# ("oom_kill N").
#
# MB_CGROUP_ROOT, when set, names the directory those cgroups are made in, instead of the one
# found from /proc/self/cgroup and /proc/self/mountinfo (a test hook: the tests point it at a
# fake tree; then only its existence and writability are checked, not root or a controller).

# cgroup_locate: sets cg_dir (the directory mapbench's per-case cgroups go in; empty when
# there is none), cg_version ("1", "2", or "override" for MB_CGROUP_ROOT) and cg_problem
# (empty when memory limits can run here, else the reason in a few words). Returns 0 when
# they can run, 1 otherwise.
cgroup_locate() {
  cg_dir="" cg_version="" cg_problem=""
  if [ -n "${MB_CGROUP_ROOT:-}" ]; then
    cg_dir=$MB_CGROUP_ROOT cg_version=override
    if [ ! -d "$cg_dir" ]; then
      cg_problem="no memory cgroup directory '$cg_dir' (MB_CGROUP_ROOT)"
    elif [ ! -w "$cg_dir" ]; then
      cg_problem="memory cgroup directory '$cg_dir' is not writable (MB_CGROUP_ROOT)"
    fi
    [ -z "$cg_problem" ]
    return
  fi
  local path mnt mroot
  # v1: a "N:...memory...:/path" line and a cgroup mount with the memory option
  path=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ { print $3; exit }' /proc/self/cgroup 2>/dev/null)
  read -r mroot mnt < <(awk '{ for (i = 7; i <= NF && $i != "-"; i++) ; if ($(i + 1) == "cgroup" && $(i + 3) ~ /(^|,)memory(,|$)/) { print $4, $5; exit } }' /proc/self/mountinfo 2>/dev/null) || true
  if [ -n "$path" ] && [ -n "$mnt" ]; then
    cg_version=1
  else
    # v2: the "0::/path" line and a cgroup2 mount offering the memory controller
    path=$(awk -F: '$1 == "0" && $2 == "" { print $3; exit }' /proc/self/cgroup 2>/dev/null)
    read -r mroot mnt < <(awk '{ for (i = 7; i <= NF && $i != "-"; i++) ; if ($(i + 1) == "cgroup2") { print $4, $5; exit } }' /proc/self/mountinfo 2>/dev/null) || true
    if [ -n "$path" ] && [ -n "$mnt" ]; then
      cg_version=2
    else
      cg_problem="no memory cgroup (neither a cgroup v1 memory hierarchy nor cgroup v2 is mounted)"
      return 1
    fi
  fi
  # a mount of a sub-tree (a container's) shows the paths below its root
  if [ "$mroot" != / ]; then
    if [ "$path" != "$mroot" ] && [ "${path#"$mroot"/}" = "$path" ]; then
      cg_problem="this process's memory cgroup $path is not visible in the cgroup v$cg_version hierarchy mounted at $mnt"
      return 1
    fi
    path=${path#"$mroot"}
  fi
  cg_dir="$mnt${path%/}"
  if [ ! -d "$cg_dir" ]; then
    cg_problem="memory cgroup directory '$cg_dir' not found"
  elif [ "$cg_version" = 2 ] && ! grep -qw memory "$cg_dir/cgroup.controllers" 2>/dev/null; then
    cg_problem="no memory controller: cgroup v2 $cg_dir does not offer it, and no cgroup v1 memory hierarchy is mounted"
  elif [ ! -w "$cg_dir" ]; then
    if [ "$(id -u)" -ne 0 ]; then
      cg_problem="not root: this user may not create cgroups in $cg_dir"
    else
      cg_problem="memory cgroup directory '$cg_dir' is not writable (a read-only hierarchy?)"
    fi
  fi
  [ -z "$cg_problem" ]
}

# cgroup_remove DIR: removes a per-case cgroup directory left behind (and any cgroup below
# it): rmdir, deepest first, which is how a cgroup goes; a directory that is not on a cgroup
# file system (a test's fake) is removed with its files. Refuses names that are not
# mapbench-<pid>-<tag>. Returns 0 when DIR is gone.
cgroup_remove() {
  local d=$1 fs
  [[ "${d##*/}" =~ ^mapbench-[0-9]+-.+$ ]] || return 1
  [ -d "$d" ] || return 0
  fs=$(stat -f -c %T "$d" 2>/dev/null || echo unknown)
  case "$fs" in
    cgroupfs | cgroup2fs) find "$d" -depth -type d -exec rmdir {} + 2>/dev/null ;;
    *) rm -rf -- "$d" ;;
  esac
  [ ! -d "$d" ]
}

# cgroup_oom_kills PID: the cgroups a mapbench process PID left below cg_dir (set by
# cgroup_locate; with cgroup v2 also beside it): prints the number of OOM kills they recorded
# (0 when none said so), removes them, and returns 0; returns 1 (printing nothing) when PID
# left none.
cgroup_oom_kills() {
  local pid=$1 d f n total=0 found=0
  [ -n "${cg_dir:-}" ] && [ -d "$cg_dir" ] || return 1
  while IFS= read -r -d '' d; do
    found=1
    for f in "$d/memory.events" "$d/memory.oom_control"; do
      [ -r "$f" ] || continue
      n=$(awk '$1 == "oom_kill" { print $2; exit }' "$f" 2>/dev/null)
      [[ "$n" =~ ^[0-9]+$ ]] && total=$((total + n))
    done
    cgroup_remove "$d" || echo "cgroup.sh: could not remove $d" >&2
  done < <(
    find "$cg_dir" -maxdepth 2 -type d -name "mapbench-$pid-*" -print0 2>/dev/null
    [ "${cg_version:-}" != 2 ] ||
      find "${cg_dir%/*}" -mindepth 1 -maxdepth 1 -type d -name "mapbench-$pid-*" -print0 2>/dev/null
  )
  [ "$found" -eq 1 ] || return 1
  echo "$total"
}

# cgroup_oom_reason PID LIMIT: the not-run reason of a memory-limited case whose process PID
# died by SIGKILL, when its left-over cgroup shows the cgroup's OOM killer did it (printed;
# return 0); the cgroups it left are removed either way. Returns 1 (printing nothing) when
# nothing says the OOM killer killed it.
cgroup_oom_reason() {
  local kills
  kills=$(cgroup_oom_kills "$1") || return 1
  [ "$kills" -gt 0 ] || return 1
  echo "killed by the memory cgroup's OOM killer (limit $2 bytes)"
}
