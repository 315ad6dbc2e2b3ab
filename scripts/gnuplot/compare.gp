# compare.gp: ratio B/A per case with 95% CI bars. Few cases: one labelled row per case; many:
# the cases sorted by ratio, unlabelled. Variables: fig_title, file1, ncases, rlo, rhi.
load vars
few = ncases <= 40
if (!exists("height")) height = few ? (ncases * 18 + 160 > 560 ? ncases * 18 + 160 : 560) : 560
if (!exists("width")) width = few ? 1100 : 900
load gpdir.'/common.gp'
set title fig_title."\n".fig_a."\n".fig_b font ',11' noenhanced
set key top left Left reverse samplen 1 font ',9' opaque box lc rgb '#cccccc'
sigcolor(s) = s == 2 ? 0x1a9850 : s == 1 ? 0xd73027 : 0x888888
if (few) {
    set logscale x 2
    set xrange [rlo:rhi]
    set yrange [-0.7:ncases-0.3]
    set xlabel 'throughput ratio B/A (above 1: B faster), 95% CI'
    set ytics font ',8' noenhanced
    set grid xtics noytics
    set arrow 1 from 1, graph 0 to 1, graph 1 nohead lc rgb '#444444' dt 2
    plot file1 using 2:1:3:4:(sigcolor($5)):ytic(6) with xerrorbars pt 7 ps 0.8 lc rgb variable notitle, \
         NaN with points pt 7 lc rgb '#1a9850' title 'B significantly faster', \
         NaN with points pt 7 lc rgb '#d73027' title 'B significantly slower', \
         NaN with points pt 7 lc rgb '#888888' title 'no significant difference'
} else {
    set logscale y 2
    set yrange [rlo:rhi]
    set xrange [-1:ncases]
    set xlabel sprintf('%d cases, sorted by ratio', ncases)
    set ylabel 'throughput ratio B/A (above 1: B faster)'
    set arrow 1 from graph 0, first 1 to graph 1, first 1 nohead lc rgb '#444444' dt 2
    plot file1 using 1:2:3:4:(sigcolor($5)) with yerrorbars pt 7 ps 0.4 lc rgb variable notitle, \
         NaN with points pt 7 lc rgb '#1a9850' title 'B significantly faster', \
         NaN with points pt 7 lc rgb '#d73027' title 'B significantly slower', \
         NaN with points pt 7 lc rgb '#888888' title 'no significant difference'
}
