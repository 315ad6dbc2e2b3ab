# cases.sh: the case loop of a batch (sourced; needs profile.sh and cgroup.sh). run-batch
# runs cases_run in a process of its own, the runner, and only waits for it (see run-batch,
# "running the cases"); the runner gets its inputs as shell variables set before the call.
# (SC2154: the inputs cases_run names are set by its caller)
# shellcheck shell=bash disable=SC2154

# fmt_time SECONDS: prints 1m05s
fmt_time() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }
# regex_escape TEXT: prints TEXT with the extended-regex metacharacters escaped
regex_escape() { printf '%s' "$1" | sed 's/[][().*+?^$|\\{}]/\\&/g'; }
# A timeline after its case: mapbench writes FILE.tmp and renames it to FILE at the end; a
# killed case leaves FILE.tmp, which is kept as FILE (the lines written before the kill)
# without an unfinished last line, so every line of <run>/timeline/*.jsonl is a whole JSON
# object.
timeline_keep() {
  if [ -f "$1.tmp" ] && [ ! -e "$1" ]; then mv "$1.tmp" "$1"; fi
  if [ -s "$1" ] && [ -n "$(tail -c 1 "$1")" ]; then sed -i '$d' "$1"; fi
}

# cases_run: runs every case of $cases (kind <TAB> group <TAB> name <TAB> flags) that has no
# part (parts/NNNNN.KIND.json) or not-run mark (parts/NNNNN.notrun) under $run_tmp yet, one
# at a time, progress on stderr and the output in $log. Inputs: run_tmp cases total profile
# data_dir log case_out mapbench ipcbench repetitions min_time cg_ok cg_problem cg_dir
# cg_version start (the batch's start, for the estimate) deathsig (the prefix that ties a
# case to this process). The caller holds the locks: this process has no fd 8 or 9. Exits 0
# when the list is done, 1 when a case was killed by a signal (the batch stops there).
cases_run() {
  tty=0
  [ -t 2 ] && tty=1
  done_here=0
  k=0
  echo "run-batch: $total cases, profile $profile, data in $data_dir" | tee -a "$log" >&2
  while IFS=$'\t' read -r kind _group case_name flags; do
    k=$((k + 1))
    part="$run_tmp/parts/$(printf '%05d' "$k").$kind.json"
    skipmark="$run_tmp/parts/$(printf '%05d' "$k").notrun"
    if [ -f "$part" ] || [ -f "$skipmark" ]; then
      continue
    fi
    memlimit=$(profile_case_memlimit "$case_name" || true)
    if [ -n "$memlimit" ] && [ "$cg_ok" -eq 0 ]; then
      # said once at the start; each case gets the reason in context.json's not_run
      printf '%s\t%s\n' "$case_name" "memory limit not possible on this machine: $cg_problem" >"$skipmark"
      echo "=== [$k/$total] $case_name: not run: memory limit not possible on this machine: $cg_problem" >>"$log"
      continue
    fi
    # time-based groups sample a timeline, archived as <run>/timeline/<case number>.jsonl
    timeline=()
    if [ "$kind" = file ] && profile_time_based "$flags"; then
      mkdir -p "$run_tmp/timeline"
      tl="$run_tmp/timeline/$(printf '%05d' "$k").jsonl"
      rm -f "$tl" "$tl.tmp" # a case rerun (--resume) starts its timeline afresh
      timeline=(--timeline-out="$tl")
    fi
    now=$(date +%s)
    elapsed=$((now - start))
    if [ "$done_here" -gt 0 ]; then
      left=$(((total - k + 1) * elapsed / done_here))
      eta="~$(fmt_time "$left") left"
    else
      eta="estimating"
    fi
    if [ "$tty" -eq 1 ]; then
      printf '\r\033[K[%d/%d] %s elapsed, %s  %s' "$k" "$total" "$(fmt_time "$elapsed")" "$eta" "$case_name" >&2
    else
      echo "run-batch: [$k/$total] $(fmt_time "$elapsed") elapsed, $eta: $case_name" >&2
    fi
    prog=$mapbench
    [ "$kind" = ipc ] && prog=$ipcbench
    echo "=== [$k/$total] $case_name" >>"$log"
    rc=0
    # shellcheck disable=SC2086
    "${deathsig[@]}" "$prog" $flags --data-dir="$data_dir" \
      --benchmark_filter="^$(regex_escape "$case_name")(/iterations:[0-9]+)?(/manual_time|/real_time)?\$" \
      --benchmark_repetitions="$repetitions" --benchmark_min_time="$min_time" \
      --benchmark_display_aggregates_only=true \
      --benchmark_out="$part.tmp" --benchmark_out_format=json "${timeline[@]}" >"$case_out" 2>&1 &
    pid=$!
    wait "$pid" 2>/dev/null || rc=$? # (bash's own "Killed" line: the log says it below)
    # The log keeps each program's context header once; later cases add only what differs
    # (load average, the median row, errors). The raw repetitions are in the JSON.
    header="$run_tmp/header.$kind"
    if [ ! -s "$header" ]; then
      sed -n '1,/^Benchmark /p' "$case_out" | grep -v '^Load Average\|^[0-9]\{4\}-[0-9][0-9]-' >"$header" || true
      cat "$case_out" >>"$log"
    else
      grep -vxF -f "$header" "$case_out" | grep -v '^--*$\|^Benchmark  \|_\(mean\|stddev\|cv\) ' >>"$log" || true
    fi
    [ "${#timeline[@]}" -eq 0 ] || timeline_keep "$tl"
    # SIGKILL of a memory-limited case: its left-over cgroup says whether the OOM killer did it
    if [ "$rc" -eq 137 ] && [ -n "$memlimit" ] && reason=$(cgroup_oom_reason "$pid" "$memlimit"); then
      rm -f "$part.tmp"
      printf '%s\t%s\n' "$case_name" "$reason" >"$skipmark"
      echo "run-batch: $case_name: FAILED: $reason" | tee -a "$log" >&2
    elif [ "$rc" -gt 128 ]; then
      rm -f "$part.tmp"
      [ -z "$memlimit" ] || cgroup_oom_kills "$pid" >/dev/null || true # its cgroup, if any, goes
      echo "run-batch: $case_name: killed by signal $((rc - 128))" | tee -a "$log" >&2
      exit 1
    elif [ "$rc" -le 1 ] && [ -s "$part.tmp" ] && jq -e '.benchmarks | length > 0' "$part.tmp" >/dev/null 2>&1; then
      mv "$part.tmp" "$part"
      msg=$(jq -r '.benchmarks[0].error_message // ""' "$part")
      if [ "$rc" -ne 0 ]; then
        echo "run-batch: $case_name: FAILED: ${msg:-see batch.log}" | tee -a "$log" >&2
      elif [ -n "$memlimit" ] && [ -n "$msg" ]; then
        # a memory limit mapbench could not set is a failure here, not a platform skip
        echo "run-batch: $case_name: FAILED: $msg" | tee -a "$log" >&2
      fi
    else
      rm -f "$part.tmp"
      reason=$(awk '!/^\*\*\*WARNING/ && NF { l = $0 } END { print l }' "$case_out")
      printf '%s\t%s\n' "$case_name" "$reason" >"$skipmark"
      echo "run-batch: $case_name: not run: $reason" | tee -a "$log" >&2
    fi
    done_here=$((done_here + 1))
  done <"$cases"
  if [ "$tty" -eq 1 ]; then printf '\r\033[K' >&2; fi
}
