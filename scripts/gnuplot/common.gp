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

# A fixed colour per method / transport name (Okabe-Ito, colour-blind safe), so figures agree with each other. The
# methods' colours come from methods.gp, written by mapbench-report next to the tables from its
# one colour table over the method registry (the templates that colour by method load it).
scolor(name, i) = \
    exists("methods_loaded") && strlen(method_color(name)) > 0 ? method_color(name) : \
    name eq 'shm-file' ? '#cc79a7' : name[1:3] eq 'shm' ? '#d55e00' : name eq 'pipe' ? '#0072b2' : \
    name[1:4] eq 'unix' ? '#009e73' : name[1:6] eq 'socket' ? '#009e73' : \
    name eq 'tcp'     ? '#56b4e9' : \
    word('#e69f00 #999999 #000000 #882255 #44aa99 #117733 #332288 #aa4499', (i - 1) % 8 + 1)

# Labelled y tics at 1, 2, 3 and 5 times the powers of ten (a log axis in GiB/s or µs reads
# "0.1 0.2 0.3 0.5 1 2"), minor tics between; the axis spans the data (not whole decades).
ytics125 = "set ytics (); do for [e=-6:6] { do for [m in '1 2 3 5'] { eval sprintf('set ytics add (\"%g\" %.12g)', real(m) * 10.0**e, real(m) * 10.0**e) } }; set mytics 10; set autoscale yfix"


# Labelled y tics at the powers of ten only, for short log rows (the timeline's throughput).
ytics10 = "set ytics (); do for [e=-6:6] { eval sprintf('set ytics add (\"%g\" %.12g)', 10.0**e, 10.0**e) }; set mytics 10; set autoscale yfix"

# Applies the axis settings of panel p (variables xlabel<p>, ylabel<p>, xfmt<p>, yfmt<p>,
# xlog<p>, ylog<p> from the figure's .vars file; optionally xtics<p>, a tic list at the
# measured x values, with xtrot<p> = 1 for vertical labels; ytics<p>, the labelled tics of a
# log y axis fitted to the data).
panel_axes = "set xlabel value(sprintf('xlabel%d', p)); set ylabel value(sprintf('ylabel%d', p)); \
    set title value(sprintf('ptitle%d', p)) font ',10'; \
    if (value(sprintf('xlog%d', p)) > 0) { set logscale x value(sprintf('xlog%d', p)) } else { unset logscale x }; \
    if (value(sprintf('ylog%d', p)) > 0) { set logscale y value(sprintf('ylog%d', p)); eval ytics125; if (exists(sprintf('ytics%d', p))) { eval 'set ytics '.value(sprintf('ytics%d', p)) } } else { unset logscale y; set ytics autofreq; set autoscale y }; \
    if (strlen(value(sprintf('xfmt%d', p))) > 0) { set format x value(sprintf('xfmt%d', p)) }; \
    if (strlen(value(sprintf('yfmt%d', p))) > 0) { set format y value(sprintf('yfmt%d', p)) }; \
    if (exists(sprintf('xtics%d', p))) { eval 'set xtics '.value(sprintf('xtics%d', p)); unset mxtics } else { set xtics autofreq }; \
    if (exists(sprintf('xtrot%d', p)) && value(sprintf('xtrot%d', p))) { set xtics rotate by 90 right } else { set xtics norotate }; \
    ys = exists(sprintf('yscale%d', p)) ? value(sprintf('yscale%d', p)) : 1"

# The figure title: title, run label and, when the figure has one, the note saying what its
# marks are (dots, whiskers).
if (exists("fig_title") && exists("fig_label")) {
    full_title = fig_title."\n".fig_label.(exists("fig_note") ? "\n".fig_note : "")
}

# An empty panel with a note, for panels without data.
empty_panel = "unset logscale xy; set border 0; unset xtics; unset ytics; unset xlabel; unset ylabel; \
    set label 99 'no data for this panel' at graph 0.5, 0.5 center tc rgb '#888888'; \
    plot [0:1][0:1] 2 notitle; unset label 99; set border 3; set xtics nomirror; set ytics nomirror"
