# lines.gp: panels of lines with whiskers (95% bootstrap interval of the median), one line
# per series (method, transport).
# Variables (from the .vars file): fig_title, fig_note (what the dots and whiskers are),
# npanels, rows, cols, width, height; per drawn panel p: file<p>, ptitle<p>, nseries<p>,
# sname<p>_<i> (legend), optionally smeth<p>_<i> (the method that picks the colour; default
# the legend name) and sdash<p>_<i> (1: a dashed line, the kept-handle lifetime:case series
# beside the method's solid one-shot line), optionally spt<p>_<i> (the point type: another
# queue depth of the same method; default 7, a circle), yscale<p> (the figure shows y /
# yscale: GiB/s from the tables' bytes/s), xtics<p>/xtrot<p> (tics at the measured x values)
# and the axis settings read by panel_axes; methods.gp (the method colours) in the working
# directory.
load vars
smeth(p, i) = exists(sprintf('smeth%d_%d', p, i)) ? value(sprintf('smeth%d_%d', p, i)) \
    : value(sprintf('sname%d_%d', p, i))
sdash(p, i) = exists(sprintf('sdash%d_%d', p, i)) ? value(sprintf('sdash%d_%d', p, i)) : 0
dtype(p, i) = sdash(p, i) ? 2 : 1
spt(p, i) = exists(sprintf('spt%d_%d', p, i)) ? value(sprintf('spt%d_%d', p, i)) : 7
if (!exists("height")) height = rows > 1 ? 760 : 560
if (!exists("width")) width = 1000
load 'methods.gp'  # method_color(name), written by mapbench-report next to the tables
load gpdir.'/common.gp'
set key outside right top vertical Left reverse samplen 3 spacing 1.0 font ',9'
set bars small
set offsets graph 0.04, graph 0.04, graph 0.06, graph 0.06  # room for the end tics and whiskers
set multiplot layout rows, cols title full_title font ',12'
do for [p=1:npanels] {
    f = value(sprintf('file%d', p))
    eval panel_axes
    ns = value(sprintf('nseries%d', p))
    plot for [i=0:ns-1] f using 1:(column(2+3*i)/ys):(column(3+3*i)/ys):(column(4+3*i)/ys) \
        with yerrorlines lw 2 pt spt(p, i+1) ps 0.6 dt dtype(p, i+1) \
        lc rgb scolor(smeth(p, i+1), i+1) \
        title value(sprintf('sname%d_%d', p, i+1))
}
unset multiplot
