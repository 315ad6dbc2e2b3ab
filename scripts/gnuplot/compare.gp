# compare.gp: a labelled dot plot of the most changed cases of a comparison (compare-top.dat,
# at most 25 rows, in ratio order): one row per case with its short name on the y axis, the
# throughput ratio B/A of medians as a dot, its 95% bootstrap interval as whiskers, a dashed
# line at 1, log x axis. Variables (compare.vars): fig_title, fig_a, fig_b, file1, ncases,
# rlo, rhi.
load vars
if (!exists("height")) height = ncases * 22 + 200 > 420 ? ncases * 22 + 200 : 420
if (!exists("width")) width = 1250
load gpdir.'/common.gp'
set title fig_title."\n".fig_a."\n".fig_b font ',11' noenhanced
set key outside right top vertical Left reverse samplen 1 font ',9'
set lmargin 52
sigcolor(s) = s == 2 ? 0x1a9850 : s == 1 ? 0xd73027 : 0x888888
set logscale x 2
set xrange [rlo:rhi]
set yrange [-0.7:ncases-0.3]
set xlabel "throughput ratio B/A of medians (above 1: B faster), log scale\nwhiskers: 95% bootstrap confidence interval of the ratio"
set format x '%g'
set ytics font ',9' noenhanced nomirror
set grid xtics noytics
set arrow 1 from 1, graph 0 to 1, graph 1 nohead lc rgb '#444444' dt 2
plot file1 using 2:1:3:4:(sigcolor($5)):ytic(6) with xerrorbars pt 7 ps 1 lw 1.5 lc rgb variable notitle, \
     NaN with points pt 7 lc rgb '#1a9850' title 'B significantly faster', \
     NaN with points pt 7 lc rgb '#d73027' title 'B significantly slower', \
     NaN with points pt 7 lc rgb '#888888' title 'not significant or too few reps'
