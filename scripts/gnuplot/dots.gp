# dots.gp: panels of dots with whiskers, categories (method variants) on x, per category one
# dot per series (a point shape: write / write+sync, warm / cold, p50 / p99) in the method's
# colour, its whisker the 95% bootstrap interval of the median (the figure note says so).
# Variables (from the .vars file): fig_title, fig_label, fig_note, npanels, rows, cols; per
# panel p: file<p> (table "idx category color s1 s1_lo s1_hi ..."), ptitle<p>, ncat<p>,
# nseries<p>, sname<p>_<i>, yscale<p> (the figure shows y / yscale) and the axis settings read
# by panel_axes.
load vars
if (!exists("height")) height = rows > 1 ? 760 : 560
if (!exists("width")) width = cols > 2 ? 1400 : cols > 1 ? 1000 : 700
load gpdir.'/common.gp'
spt(i) = int(word('7 9 5 13 11 15', (i - 1) % 6 + 1))
set key outside right top vertical Left reverse samplen 1 spacing 1.2 font ',9'
set errorbars 0.6
set offsets 0, 0, graph 0.08, graph 0.08  # room above and below the whiskers
set grid noxtics ytics
set multiplot layout rows, cols title full_title font ',12'
do for [p=1:npanels] {
    f = value(sprintf('file%d', p))
    eval panel_axes
    nc = value(sprintf('ncat%d', p))
    ns = value(sprintf('nseries%d', p))
    unset logscale x
    set xrange [0.4:nc + 0.6]
    if (nc > 6) { set xtics rotate by 30 right } else { set xtics norotate }
    off(i) = (i - (ns - 1) / 2.0) * 0.22
    pos(v) = v > 0 ? v / ys : NaN
    plot for [i=0:ns-1] f using ($1 + off(i)):(pos(column(4+3*i))):(pos(column(5+3*i))):(pos(column(6+3*i))):3 \
            with yerrorbars pt spt(i + 1) ps 1.3 lw 1.5 lc rgb variable notitle, \
        for [i=0:ns-1] NaN with points pt spt(i + 1) ps 1.3 lc rgb '#333333' \
            title value(sprintf('sname%d_%d', p, i + 1))
}
unset multiplot
