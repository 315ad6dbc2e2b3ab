# default: the batch a machine is compared on (under 15 minutes on a 2-core 24 GiB VM).
# Format: see quick.profile. Sizes: 4K..2G files, 4K..1M requests; seq/random/reverse/stride
# reads and writes, warm and cold, every method, both handle lifetimes, threads 1..cores.
# Tokens run-batch expands: CORES = 1,2,4,...,number of cores; RAM*F = F x physical memory.
# Lifetimes: `pass` opens (and maps) inside every timed pass, the cost a one-shot reader pays;
# `case` opens and maps once per case, the steady state of a long-lived mapping. The groups
# that feed the verdict run prw, map and mapcopy at both; the others one-shot only.
repetitions=5
min_time=0.05

# (1) headline: throughput vs file size per method, seq and random reads, warm and cold
file headline  --ops=read --patterns=seq,random --methods=rw,prw,map,mapcopy,direct --sizes=4K,64K,1M,16M,256M,2G --block-sizes=4K --cache=warm,cold --lifetime=pass --threads=1
# (1') the same with kept handles (steady state)
file steady    --ops=read --patterns=seq,random --methods=prw,map,mapcopy --sizes=4K,64K,1M,16M,256M,2G --block-sizes=4K --cache=warm,cold --lifetime=case --threads=1
# the in-memory baseline (mem: the kernels over a private copy made once per case)
file baseline  --ops=read --patterns=seq,random --methods=mem --sizes=4K,64K,1M,16M,256M --block-sizes=4K,1M --cache=warm --lifetime=case --threads=1
# (1b) large (1 MiB) requests, seq and random, warm and cold
file large     --ops=read --patterns=seq,random --methods=prw,map --sizes=16M,256M --block-sizes=1M --cache=warm,cold --lifetime=pass,case --threads=1
# (2) heatmap: map vs prw over file size x request size, random reads, warm, both lifetimes
file heatmap   --ops=read --patterns=random --methods=prw,map --sizes=64K,1M,16M,256M,1G --block-sizes=4K,16K,64K,1M --cache=warm --lifetime=pass,case --threads=1
# (3) writes with and without durability
file writes    --ops=write,write:sync --patterns=seq,random --methods=rw,prw,map,mapcopy,direct --sizes=64M --block-sizes=4K,1M --cache=warm --lifetime=pass --threads=1
file writes-kept --ops=write,write:sync --patterns=seq,random --methods=prw,map --sizes=64M --block-sizes=4K,1M --cache=warm --lifetime=case --threads=1
# writes into an evicted file (a mapped write must first read the page in)
file coldwrite --ops=write --patterns=seq,random --methods=prw,map,mapcopy --sizes=64M --block-sizes=4K,1M --cache=cold --lifetime=pass --threads=1
file coldwrite-kept --ops=write --patterns=seq,random --methods=prw,map --sizes=64M --block-sizes=4K,1M --cache=cold --lifetime=case --threads=1
# (4) thread scaling of random reads
file threads   --ops=read --patterns=random --methods=prw,map,mapcopy --sizes=1G --block-sizes=4K --cache=warm,cold --lifetime=pass --threads=CORES
# (6) latency percentiles (sampled 1 request in 16 or fewer)
# (a file size no other group uses: a case named twice is measured once, in its first group)
file latency   --ops=read --patterns=seq,random --methods=prw,map,mapcopy --sizes=512M --block-sizes=4K --cache=warm,cold --lifetime=pass --threads=1 --latency
# other patterns
file patterns  --ops=read --patterns=reverse,stride:16 --methods=prw,map --sizes=256M --block-sizes=4K,64K --cache=warm,cold --lifetime=pass --threads=1
# mapping hints: madvise / MAP_POPULATE / huge pages, and posix_fadvise for prw
file hints     --ops=read --patterns=seq,random --methods=map,prw --hints=none,random,populate,huge --sizes=256M --block-sizes=4K --cache=warm,cold --lifetime=pass --threads=1
# mixed read/write
file mixed     --ops=mix:70,mix:70:sync --patterns=random --methods=prw,map --sizes=64M --block-sizes=4K --cache=warm --lifetime=pass --threads=1
# IPC through a shared mapping vs pipes and sockets
ipc  ipc       --msg-sizes=64,64K,1M
