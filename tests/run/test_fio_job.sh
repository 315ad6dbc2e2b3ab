#!/usr/bin/env bash
# tests/run/test_fio_job.sh: mapbench --fio-job CASE prints a fio job file (exit 0) for the
# cases fio can express, with the engine, pattern, depth, threads and cache options the
# mapping (docs/fio.md) gives, accepted by fio --parse-only when fio is installed; and
# refuses the others (zero-copy map, mapwin, mem, reverse, stride, a kept mapping per pass,
# bad names) with one line on stderr, exit 2, nothing on stdout.
#   test_fio_job.sh MAPBENCH
set -uo pipefail
mb=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
have_fio=0
command -v fio >/dev/null 2>&1 && have_fio=1
S=size:1048576/bs:4096

# CASE<TAB>lines the job must hold (space separated)
expressible=(
  "read/seq/prw/$S/cache:warm/lifetime:case/threads:1	ioengine=psync direct=0 rw=read bs=4096 size=1048576 invalidate=0 pre_read=1 fadvise_hint=0 iomem_align=4096 filename=$tmp/mb-1048576.dat"
  "read/random/rw/size:16777216/bs:4096/cache:cold/lifetime:case/threads:1	ioengine=sync rw=randread invalidate=1 norandommap=0 randrepeat=1 number_ios=2048"
  "read/random/mapcopy/$S/cache:warm/lifetime:case/threads:1	ioengine=mmap rw=randread"
  "read/seq/direct/$S/cache:cold/lifetime:case/threads:1	ioengine=psync direct=1"
  "read/random/uring/$S/cache:cold/lifetime:case/threads:2/qd:32	ioengine=io_uring iodepth=32 numjobs=2 thread=1 group_reporting=1 size=524288 offset_increment=524288"
  "read/random/uringdirect:fixed/$S/cache:cold/lifetime:case/threads:1/qd:8	ioengine=io_uring direct=1 iodepth=8 fixedbufs=1"
  "read/zipf:0.9/prw/$S/cache:warm/lifetime:case/threads:1	rw=randread random_distribution=zipf:0.9 norandommap=1"
  "read/random/prw:random/$S/cache:cold/lifetime:pass/threads:1	fadvise_hint=random"
  "write/seq/prw/$S/cache:warm/lifetime:case/threads:1	rw=write filename=$tmp/mb-1048576.dat.fio"
  "write:sync/random/mapcopy/$S/cache:warm/lifetime:case/threads:1	rw=randwrite end_fsync=1"
  "mix:70/random/prw/$S/cache:warm/lifetime:case/threads:1	rw=randrw rwmixread=70"
)
for row in "${expressible[@]}"; do
  case=${row%%	*}
  want=${row#*	}
  "$mb" --data-dir="$tmp" --fio-job "$case" >"$tmp/job.fio" 2>"$tmp/err"
  rc=$?
  if ((rc != 0)) || [ -s "$tmp/err" ]; then
    fail "$case: exit $rc, stderr '$(cat "$tmp/err")'"
    continue
  fi
  missing=""
  for line in $want; do grep -qxF -- "$line" "$tmp/job.fio" || missing+=" $line"; done
  [ -z "$missing" ] || { fail "$case: job lacks$missing"; continue; }
  grep -qxF "[$case]" "$tmp/job.fio" || fail "$case: no job section named after the case"
  if ((have_fio)); then
    ro=(--readonly)
    [[ $case == read/* ]] || ro=()
    fio "${ro[@]}" --parse-only "$tmp/job.fio" >"$tmp/fio.out" 2>&1 ||
      { fail "$case: fio --parse-only refused it: $(head -n 3 "$tmp/fio.out")"; continue; }
  fi
  ok "$case"
done
((have_fio)) || echo "skip: fio not installed, jobs not given to fio --parse-only"

# CASE<TAB>pattern of the one stderr line
refused=(
  "read/seq/map/$S/cache:warm/lifetime:case/threads:1	^mapbench: case '.*': map has no fio counterpart: zero-copy"
  "read/random/map/$S/cache:cold/lifetime:pass/threads:1	^mapbench: case '.*': map has no fio counterpart"
  "read/seq/mapwin/$S/cache:warm/lifetime:case/threads:1	^mapbench: case '.*': mapwin has no fio counterpart"
  "read/seq/mem/$S/cache:warm/lifetime:case/threads:1	^mapbench: case '.*': mem has no fio counterpart"
  "read/reverse/prw/$S/cache:warm/lifetime:case/threads:1	^mapbench: case '.*': the reverse pattern has no fio counterpart"
  "read/stride:4/prw/$S/cache:warm/lifetime:case/threads:1	^mapbench: case '.*': the stride pattern has no fio counterpart"
  "read/seq/mapcopy/$S/cache:warm/lifetime:pass/threads:1	^mapbench: case '.*': lifetime:pass has no fio counterpart"
  "read/seq/prw:willneed/$S/cache:warm/lifetime:pass/threads:1	^mapbench: case '.*': the hint has no fio counterpart"
  "read/seq/prw/$S/cache:cold/lifetime:case/threads:1/memlimit:33554432	^mapbench: case '.*': memlimit has no fio counterpart"
  "bogus	^mapbench: bad --fio-job 'bogus': 'bogus' is not a mapbench case name"
  "read/seq/nosuch/$S/cache:warm/lifetime:case/threads:1	^mapbench: bad --fio-job '.*': unknown method 'nosuch'"
)
for row in "${refused[@]}"; do
  case=${row%%	*}
  want=${row#*	}
  "$mb" --data-dir="$tmp" --fio-job "$case" >"$tmp/job.fio" 2>"$tmp/err"
  rc=$?
  if ((rc == 2)) && [ ! -s "$tmp/job.fio" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -Eq "$want" "$tmp/err"; then
    ok "refused: $(cat "$tmp/err")"
  else
    fail "$case: exit $rc, stdout $(wc -c <"$tmp/job.fio") bytes, stderr '$(cat "$tmp/err")', want /$want/"
  fi
done
# with other flags it is refused too (the case's flags are in its name)
"$mb" --data-dir="$tmp" --fio-job "read/seq/prw/$S/cache:warm/lifetime:case/threads:1" --bogus >/dev/null 2>"$tmp/err"
(($? == 2)) && grep -q "unknown flag '--bogus'" "$tmp/err" && ok "unknown flag beside --fio-job" ||
  fail "unknown flag beside --fio-job: $(cat "$tmp/err")"
echo "$failures failures"
((failures == 0))
