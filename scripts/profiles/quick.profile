# quick: a first look and the end-to-end tests (about 1.5 minutes on a 2-core VM): 5 repetitions,
# enough for the verdict to call a difference significant (an exact Mann-Whitney test of 5 against 5
# reaches p = 0.008), over fewer sizes than the default profile (1 MiB and 16 MiB files).
# Format: "key=value" settings, then one line per group of cases:
#   file NAME  mapbench flags...        (file benchmarks, into mapbench.json)
#   ipc  NAME  mapbench-ipc flags...    (IPC benchmarks, into mapbench-ipc.json)
# Every case of a group runs as its own process, so an interrupted batch resumes per case.
# A case named by several groups is measured once, in the first.
# A group's flags are the program's own, so a line may carry any of them: --memory-limit,
# --queue-depth, --duration, --timeline-interval too. A group with --duration or
# --memory-limit is time-based: run-batch gives each of its cases --timeline-out
# <run>/timeline/<case number>.jsonl (see pressure.profile and docs/pressure.md).
# Tokens: CORES = 1,2,4,...,number of cores; RAM*F = F x physical memory.
repetitions=5
min_time=0.02

file headline  --ops=read --patterns=seq,random --methods=prw,map,mapcopy,direct --sizes=1M,16M --block-sizes=4K --cache=warm,cold --lifetime=pass --threads=1
file steady    --ops=read --patterns=seq,random --methods=prw,map,mem --sizes=1M,16M --block-sizes=4K --cache=warm,cold --lifetime=case --threads=1
file heatmap   --ops=read --patterns=random --methods=prw,map --sizes=1M,16M --block-sizes=4K,1M --cache=warm --lifetime=pass,case --threads=1
file writes    --ops=write,write:sync --patterns=seq,random --methods=prw,map --sizes=16M --block-sizes=64K --cache=warm --lifetime=pass --threads=1
file threads   --ops=read --patterns=random --methods=prw,map --sizes=16M --block-sizes=4K --cache=warm --lifetime=pass --threads=CORES
file latency   --ops=read --patterns=random --methods=prw,map --sizes=8M --block-sizes=4K --cache=warm --lifetime=pass --threads=1 --latency
ipc  ipc       --msg-sizes=64,64K
