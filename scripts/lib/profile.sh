# profile.sh: reading run-batch profiles (sourced; no other dependency). A profile is
# "key=value" settings and group lines "KIND NAME FLAGS..." (see scripts/profiles/quick.profile);
# a group's flags are the program's own, so any mapbench flag can appear on a line, the
# time-based ones included (--duration, --memory-limit, --queue-depth, --timeline-interval).

# profile_setting FILE KEY: prints the last "KEY=value" of the profile (nothing when absent).
profile_setting() { sed -n "s/^$2=//p" "$1" | tail -n 1; }

# profile_groups FILE: prints one "KIND<TAB>NAME<TAB>FLAGS" line per group line, in order
# (comments, blank lines and settings skipped; FLAGS as written, runs of blanks kept).
profile_groups() {
  local kind group rest
  while read -r kind group rest; do
    case "$kind" in '' | '#'* | *=*) continue ;; esac
    printf '%s\t%s\t%s\n' "$kind" "$group" "$rest"
  done <"$1"
}

# profile_flag FLAGS NAME: prints the value a flag string gives --NAME ("--NAME=V" or
# "--NAME V"; the last one when repeated) and returns 0; returns 1 when it has none.
profile_flag() {
  local -a words
  local i v found=1
  read -r -a words <<<"$1"
  for ((i = 0; i < ${#words[@]}; i++)); do
    case "${words[i]}" in
      "--$2="*) v=${words[i]#*=} found=0 ;;
      "--$2") if ((i + 1 < ${#words[@]})); then v=${words[i + 1]} found=0; fi ;;
    esac
  done
  [ "$found" -eq 0 ] && printf '%s\n' "$v"
}

# profile_time_based FLAGS: true when a group's cases are time-based, i.e. its flags give
# --duration or --memory-limit (mapbench runs memory-limited cases time-based by default);
# run-batch gives those, and only those, a --timeline-out file.
profile_time_based() {
  profile_flag "$1" duration >/dev/null || profile_flag "$1" memory-limit >/dev/null
}

# profile_case_memlimit NAME: prints a case name's memory limit in bytes (the /memlimit:<bytes>
# field) and returns 0; returns 1 for a case without one.
profile_case_memlimit() {
  [[ "$1" =~ /memlimit:([0-9]+)(/|$) ]] || return 1
  printf '%s\n' "${BASH_REMATCH[1]}"
}
