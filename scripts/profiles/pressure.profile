# pressure: larger than memory, in minutes (about 14 minutes on a 2-core VM with a virtio disk,
# plus ~30 s the first time to write the 4 GiB data file). Every case runs in its own memory
# cgroup (--memory-limit; needs root and a memory cgroup, else run-batch says so at the start
# and records these cases as not run) over a file 4x the limit: 1 GiB under 256 MiB, 4 GiB
# under 1 GiB. Cases start cold and are time-based (--duration: each repetition reads for 5 s,
# continuing the request stream); run-batch archives their timelines in <run>/timeline/.
# Format: see quick.profile.
# Repetitions: 4, the fewest with which the report's Mann-Whitney test can reach p < 0.05
# (with 3 per side its smallest two-sided p is 0.1); 4 x 5 s per case keeps 36 cases in budget.
repetitions=4
min_time=0.05

# random 4 KiB reads under 256 MiB: map one-shot and kept (with and without MADV_RANDOM), prw,
# O_DIRECT pread and io_uring O_DIRECT at depth 1 and 32, threads 1..cores
file rand-256M       --ops=read --patterns=random --methods=map,prw --hints=none --sizes=1G --block-sizes=4K --cache=cold --lifetime=pass --threads=1 --memory-limit=256M --duration=5
file rand-256M-kept  --ops=read --patterns=random --methods=map,prw --hints=none --sizes=1G --block-sizes=4K --cache=cold --lifetime=case --threads=CORES --memory-limit=256M --duration=5
file rand-256M-hint  --ops=read --patterns=random --methods=map --hints=random --sizes=1G --block-sizes=4K --cache=cold --lifetime=case --threads=CORES --memory-limit=256M --duration=5
file rand-256M-async --ops=read --patterns=random --methods=direct,uringdirect --queue-depth=1,32 --sizes=1G --block-sizes=4K --cache=cold --lifetime=case --threads=CORES --memory-limit=256M --duration=5
# sequential 4 KiB reads under 256 MiB (io_uring at depth 32 only: at depth 1 it is direct)
file seq-256M        --ops=read --patterns=seq --methods=map,prw,direct,uringdirect --queue-depth=32 --sizes=1G --block-sizes=4K --cache=cold --lifetime=case --threads=1 --memory-limit=256M --duration=5
# the same under 1 GiB over a 4 GiB file
file rand-1G         --ops=read --patterns=random --methods=map,prw --hints=none --sizes=4G --block-sizes=4K --cache=cold --lifetime=pass --threads=1 --memory-limit=1G --duration=5
file rand-1G-kept    --ops=read --patterns=random --methods=map,prw --hints=none --sizes=4G --block-sizes=4K --cache=cold --lifetime=case --threads=CORES --memory-limit=1G --duration=5
file rand-1G-hint    --ops=read --patterns=random --methods=map --hints=random --sizes=4G --block-sizes=4K --cache=cold --lifetime=case --threads=CORES --memory-limit=1G --duration=5
file rand-1G-async   --ops=read --patterns=random --methods=direct,uringdirect --queue-depth=1,32 --sizes=4G --block-sizes=4K --cache=cold --lifetime=case --threads=CORES --memory-limit=1G --duration=5
file seq-1G          --ops=read --patterns=seq --methods=map,prw,direct,uringdirect --queue-depth=32 --sizes=4G --block-sizes=4K --cache=cold --lifetime=case --threads=1 --memory-limit=1G --duration=5
