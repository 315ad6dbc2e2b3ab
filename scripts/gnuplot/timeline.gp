# timeline.gp: rows sharing one time axis (throughput, major faults per second, device reads
# and, when recorded, the memory cgroup's usage), one line per method variant, the shape of the
# CIDR'22 mmap figure. The data file holds one block per line (gnuplot index 0..nseries-1):
# "t_s throughput major_faults/s device_reads cgroup_usage" in the units the labels name.
# Variables (from the .vars file): fig_title, fig_label, file, nseries, nrows, xmax, pint (the
# interval of point marks); per line i (1-based): sname_<i> (legend), smeth_<i> (the method: its
# colour from methods.gp), sdt_<i> (dash type: 2 for a kept handle), spt_<i> (a point type
# marking a method's further hint or queue depth, 0: no marks); per row r: ylabel<r>, col<r> (data column), rows<r> (the 0-based lines with
# data in that row, blank-separated; empty: the row says it was not recorded), optionally
# limit<r> (a horizontal line: the memory limit), ymax<r> and note<r> (a remark right of the row).
load vars
if (!exists("width")) width = 1150
# tall enough for the rows and for the legend (one line per series, beside the rows)
if (!exists("height")) height = 190 * nrows + 150 > 17 * nseries + 200 ? 190 * nrows + 150 : 17 * nseries + 200
load 'methods.gp'  # method_color(name), written by mapbench-report next to the tables
load gpdir.'/common.gp'
sname(i) = value(sprintf('sname_%d', i))
smeth(i) = value(sprintf('smeth_%d', i))
sdt(i) = exists(sprintf('sdt_%d', i)) ? value(sprintf('sdt_%d', i)) : 1
spt(i) = exists(sprintf('spt_%d', i)) ? value(sprintf('spt_%d', i)) : 0
if (!exists("pint")) pint = 10

# screen fractions: the title above `top`, x tics and label below `bottom`, the legend right
top = 1.0 - 80.0 / height
bottom = 60.0 / height
h = (top - bottom) / nrows
set multiplot title fig_title."\n".fig_label font ',12'
unset key
set lmargin at screen 0.09
set rmargin at screen 0.73
set xrange [0:xmax]
set format x '%g'
set bars small
do for [r=1:nrows] {
    set tmargin at screen top - (r - 1) * h
    set bmargin at screen top - r * h + 0.03
    set ylabel value(sprintf('ylabel%d', r)) font ',9'
    if (r < nrows) {
        set format x ''
        unset xlabel
    } else {
        set format x '%g'
        set xlabel 'seconds since the repetition started (each point: one interval, at its end)'
    }
    set format y '%g'
    # throughput on a log axis: a thrashing mapping runs 100-1000x below the others, which a
    # linear axis draws as zero (intervals with no bytes are left out there)
    if (r == 1) {
        set logscale y 10
        set yrange [*:*]
        eval ytics10
    } else {
        unset logscale y
        set ytics autofreq
        set mytics default
        set autoscale y
        if (exists(sprintf('ymax%d', r))) { set yrange [0:value(sprintf('ymax%d', r))] } else { set yrange [0:*] }
    }
    unset arrow 1
    unset label 1
    if (exists(sprintf('limit%d', r))) {
        lim = value(sprintf('limit%d', r))
        set arrow 1 from graph 0, first lim to graph 1, first lim nohead lc rgb '#444444' dt 2 lw 1.5
        set label 1 'memory limit' at graph 0.01, first lim offset 0, 0.7 font ',8' tc rgb '#444444'
    }
    unset label 3
    if (exists(sprintf('note%d', r))) {
        set label 3 value(sprintf('note%d', r)) at graph 1.02, graph 0.05 left font ',8' tc rgb '#444444'
    }
    lst = value(sprintf('rows%d', r))
    c = value(sprintf('col%d', r))
    if (strlen(lst) == 0) {
        set yrange [0:1]
        set ytics ('' 0)
        set label 2 'not recorded in this run' at graph 0.5, 0.5 center tc rgb '#888888'
        plot 2 notitle
        unset label 2
        set ytics autofreq
    } else {
        plot for [w in lst] file index (w + 0) using 1:(column(c)) with linespoints lw 1.6 \
            dt sdt(w + 1) pt (spt(w + 1) > 0 ? spt(w + 1) : 7) ps (spt(w + 1) > 0 ? 0.9 : 0) \
            pi pint lc rgb scolor(smeth(w + 1), w + 1) notitle
    }
}
# the legend: a plot of its own right of the rows, as tall as they are (a key inside a row
# would drop the entries that do not fit its height)
set lmargin at screen 0.75
set rmargin at screen 0.995
set tmargin at screen top
set bmargin at screen bottom
unset border
unset tics
unset xlabel
unset ylabel
unset grid
unset arrow 1
unset label 1
unset label 3
set xrange [0:1]
set yrange [0:1]
set key inside left top vertical Left reverse samplen 4 spacing 1.1 font ',9' box lc rgb '#cccccc'
plot for [i=1:nseries] NaN with linespoints lw 1.6 dt sdt(i) pt (spt(i) > 0 ? spt(i) : 7) \
    ps (spt(i) > 0 ? 0.9 : 0) lc rgb scolor(smeth(i), i) title sname(i)
unset multiplot
