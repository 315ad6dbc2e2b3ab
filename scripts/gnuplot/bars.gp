# bars.gp: panels of stacked bars, categories (method variants) on x, one bar each in the
# method's colour: series 1 solid at the bottom, series 2 hatched on top (system and user CPU
# time, major and minor faults); bar length is the value (linear axis from 0).
# Variables (from the .vars file): fig_title, fig_label, fig_note, npanels, rows, cols; per
# panel p: file<p> (table "idx category color s1 s2"), ptitle<p>, ncat<p>, nseries<p>,
# sname<p>_<i>, and the axis settings read by panel_axes.
load vars
if (!exists("height")) height = rows > 1 ? 760 : 560
if (!exists("width")) width = cols > 2 ? 1400 : 1000
load gpdir.'/common.gp'
set key outside right top vertical Left reverse samplen 1.5 spacing 1.2 font ',9'
set grid noxtics ytics
num(v) = v == v ? v : 0
set multiplot layout rows, cols title full_title font ',12'
do for [p=1:npanels] {
    f = value(sprintf('file%d', p))
    eval panel_axes
    nc = value(sprintf('ncat%d', p))
    unset logscale x
    set xrange [0.4:nc + 0.6]
    set yrange [0:*]
    if (nc > 5) { set xtics rotate by 30 right } else { set xtics norotate }
    plot f using 1:(num($4)):($1 - 0.32):($1 + 0.32):(0):(num($4)):3 \
            with boxxyerror fs solid 0.9 border lc rgb '#333333' lc rgb variable notitle, \
        f using 1:(num($4) + num($5)):($1 - 0.32):($1 + 0.32):(num($4)):(num($4) + num($5)):3 \
            with boxxyerror fs pattern 4 border lc rgb '#333333' lc rgb variable notitle, \
        NaN with boxes fs solid 0.9 lc rgb '#777777' title value(sprintf('sname%d_1', p)), \
        NaN with boxes fs pattern 4 lc rgb '#777777' title value(sprintf('sname%d_2', p))
}
unset multiplot
