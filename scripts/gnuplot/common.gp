# common.gp: terminal, fonts and colours shared by the mapbench figure templates.
# Expects: out (output path without extension), term ('png' or 'svg'), and optionally
# width/height (pixels).
if (!exists("width")) width = 900
if (!exists("height")) height = 560
if (term eq 'svg') {
    set terminal svg size width, height dynamic noenhanced font 'sans,11' background rgb 'white'
    set output out.'.svg'
} else {
    set terminal pngcairo size width, height noenhanced font 'sans,10' background rgb 'white'
    set output out.'.png'
}
set encoding utf8
set datafile missing 'NaN'
set grid back lc rgb '#dddddd' lw 1
set border 3 lc rgb '#444444'
set tics nomirror out scale 0.6
set key noautotitle

# A fixed colour per method / transport / series name, so figures agree with each other. The
# methods' colours come from methods.gp, written by mapbench-report next to the tables from its
# one colour table over the method registry (the templates that colour by method load it).
scolor(name, i) = \
    exists("methods_loaded") && strlen(method_color(name)) > 0 ? method_color(name) : \
    name eq 'write'   ? '#08519c' : name eq 'write+sync' ? '#d7301f' : \
    name eq 'user'    ? '#08519c' : name eq 'system'  ? '#fd8d3c' : \
    name eq 'minor'   ? '#6baed6' : name eq 'major'   ? '#d7301f' : \
    name eq 'p50'     ? '#08519c' : name eq 'p99'     ? '#fd8d3c' : \
    name eq 'shm-file' ? '#fd8d3c' : name[1:3] eq 'shm' ? '#d7301f' : name eq 'pipe'   ? '#08519c' : \
    name[1:4] eq 'unix' ? '#31a354' : name[1:6] eq 'socket' ? '#31a354' : \
    name eq 'tcp'     ? '#6a3d9a' : \
    word('#1b9e77 #d95f02 #7570b3 #e7298a #66a61e #e6ab02 #a6761d #666666', (i - 1) % 8 + 1)

# Binary-suffixed size labels for byte axes: byte_label(e) names 2^e bytes ("4KiB", "64B").
byte_label(e) = e >= 30 ? sprintf('%dGiB', 2**(e - 30)) : e >= 20 ? sprintf('%dMiB', 2**(e - 20)) : \
    e >= 10 ? sprintf('%dKiB', 2**(e - 10)) : sprintf('%dB', 2**e)
# Labelled tics every 2^step bytes (gnuplot's own %B prefixes read "ki" and " B").
byte_xtics = "set xtics (); do for [e=0:50:step] { eval sprintf('set xtics add (\"%s\" %.0f)', byte_label(e), 2.0**e) }"

# Applies the axis settings of panel p (variables xlabel<p>, ylabel<p>, xfmt<p>, yfmt<p>,
# xlog<p>, ylog<p>, xtstep<p> from the figure's .vars file).
panel_axes = "set xlabel value(sprintf('xlabel%d', p)); set ylabel value(sprintf('ylabel%d', p)); \
    set title value(sprintf('ptitle%d', p)) font ',10'; \
    if (value(sprintf('xlog%d', p)) > 0) { set logscale x value(sprintf('xlog%d', p)) } else { unset logscale x }; \
    if (value(sprintf('ylog%d', p)) > 0) { set logscale y value(sprintf('ylog%d', p)) } else { unset logscale y }; \
    if (strlen(value(sprintf('xfmt%d', p))) > 0) { set format x value(sprintf('xfmt%d', p)) }; \
    if (strlen(value(sprintf('yfmt%d', p))) > 0) { set format y value(sprintf('yfmt%d', p)) }; \
    step = exists(sprintf('xtstep%d', p)) ? value(sprintf('xtstep%d', p)) : 0; \
    if (step > 0) { eval byte_xtics } else { set xtics autofreq }"

# An empty panel with a note, for panels without data.
empty_panel = "unset logscale xy; set border 0; unset xtics; unset ytics; unset xlabel; unset ylabel; \
    set label 99 'no data for this panel' at graph 0.5, 0.5 center tc rgb '#888888'; \
    plot [0:1][0:1] 2 notitle; unset label 99; set border 3; set xtics nomirror; set ytics nomirror"
