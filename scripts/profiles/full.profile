# full: adds a file larger than RAM (when the disk has room), every pattern and more
# repetitions. May take hours. Format: see quick.profile.
repetitions=10
min_time=0.2

file headline  --ops=read --patterns=seq,random --methods=rw,prw,map,mapcopy,direct --sizes=4K,64K,1M,16M,256M,2G,8G --block-sizes=4K --cache=warm,cold --lifetime=pass,case --threads=1
file baseline  --ops=read --patterns=seq,random --methods=mem --sizes=4K,64K,1M,16M,256M,2G,8G --block-sizes=4K,1M --cache=warm --lifetime=case --threads=1
file bigger-than-ram --ops=read --patterns=seq,random --methods=rw,prw,map,mapcopy,direct --sizes=RAM*1.25 --block-sizes=4K,1M --cache=cold --lifetime=pass,case --threads=1
file heatmap   --ops=read --patterns=random --methods=prw,map,mapcopy --sizes=64K,1M,16M,256M,1G,4G --block-sizes=4K,16K,64K,256K,1M --cache=warm,cold --lifetime=pass,case --threads=1
file writes    --ops=write,write:sync --patterns=seq,random,reverse --methods=rw,prw,map,mapcopy,direct --sizes=64M,1G --block-sizes=4K,64K,1M --cache=warm,cold --lifetime=pass,case --threads=1
file threads   --ops=read,write --patterns=random,seq --methods=prw,map,mapcopy,direct --sizes=1G,4G --block-sizes=4K,64K --cache=warm,cold --lifetime=pass,case --threads=CORES
file latency   --ops=read --patterns=random,seq --methods=rw,prw,map,mapcopy,direct --sizes=512M,6G --block-sizes=4K,64K --cache=warm,cold --lifetime=pass,case --threads=1 --latency
file patterns  --ops=read --patterns=reverse,stride:2,stride:16,stride:256,zipf,zipf:1.2 --methods=rw,prw,map,mapcopy,direct --sizes=256M,4G --block-sizes=4K,64K --cache=warm,cold --lifetime=pass,case --threads=1
file hints     --ops=read --patterns=seq,random,zipf --methods=map,mapcopy,prw --hints=none,seq,random,willneed,populate,huge --sizes=256M,4G --block-sizes=4K,64K --cache=warm,cold --lifetime=pass --threads=1
file mixed     --ops=mix:50,mix:70,mix:90,mix:70:sync --patterns=random,zipf --methods=prw,map --sizes=64M,1G --block-sizes=4K --cache=warm,cold --lifetime=pass,case --threads=1
ipc  ipc       --msg-sizes=64,256,1K,4K,16K,64K,256K,1M,4M
