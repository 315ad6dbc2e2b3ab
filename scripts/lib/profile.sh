# profile.sh: reading run-batch profiles (sourced; no other dependency). A profile is
# "key=value" settings and group lines "KIND NAME FLAGS..." (see scripts/profiles/quick.profile);
# a group's flags are the program's own, so any mapbench flag can appear on a line, the
# time-based ones included (--duration, --memory-limit, --queue-depth, --timeline-interval).

# profile_setting FILE KEY: prints the last "KEY=value" of the profile (nothing when absent).
profile_setting() { sed -n "s/^[[:space:]]*$2=//p" "$1" | tail -n 1; }

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

# profile_check FILE: checks a whole profile before anything runs and returns 0, or prints
# one line "FILE:LINE: KEY: what is wrong" and returns 1. Settings: repetitions (a whole
# number 1..10000) and min_time (a decimal number of seconds, > 0, < 1000000), each required;
# any other key is refused. Group lines: "file|ipc NAME FLAGS..." with NAME of letters,
# digits, . _ - (a line without a name is refused). Numbers are checked here, in bash, so
# no malformed value reaches jq or the benchmark programs.
profile_check() {
  local file=$1 n=0 line kind group rest key value reps="" mt=""
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    read -r kind group rest <<<"$line"
    case "$kind" in '' | '#'*) continue ;; esac
    if [[ "$kind" == *=* ]]; then
      line=${line#"${line%%[![:space:]]*}"}
      key=${line%%=*} value=${line#*=}
      case "$key" in
        repetitions)
          [[ "$value" =~ ^[1-9][0-9]{0,4}$ ]] && ((value <= 10000)) ||
            { echo "$file:$n: repetitions: '$value' is not a whole number from 1 to 10000"; return 1; }
          reps=$value ;;
        min_time)
          [[ "$value" =~ ^[0-9]{1,6}(\.[0-9]+)?$ && "$value" =~ [1-9] ]] ||
            { echo "$file:$n: min_time: '$value' is not a number of seconds above 0 (like 0.05)"; return 1; }
          mt=$value ;;
        *) echo "$file:$n: unknown key '$key' (known: repetitions, min_time)"; return 1 ;;
      esac
      continue
    fi
    case "$kind" in
      file | ipc) ;;
      *) echo "$file:$n: unknown group kind '$kind' (known: file, ipc)"; return 1 ;;
    esac
    [ -n "$group" ] || { echo "$file:$n: $kind: a group line needs a name and flags ('$kind NAME FLAGS...')"; return 1; }
    [[ "$group" =~ ^[A-Za-z0-9._-]+$ ]] ||
      { echo "$file:$n: $kind: bad group name '$group' (letters, digits, . _ - only)"; return 1; }
  done <"$file"
  [ -n "$reps" ] || { echo "$file: repetitions: missing (add a line like repetitions=3)"; return 1; }
  [ -n "$mt" ] || { echo "$file: min_time: missing (add a line like min_time=0.05)"; return 1; }
}
