# lines.gp: panels of lines with min-max error bars, one line per series (method, transport).
# Variables (from the .vars file): fig_title, npanels, rows, cols; per panel p: file<p>,
# ptitle<p>, nseries<p>, sname<p>_<i>, and the axis settings read by panel_axes.
load vars
if (!exists("height")) height = rows > 1 ? 720 : 560
if (!exists("width")) width = 1000
load gpdir.'/common.gp'
set key outside right top vertical Left reverse samplen 2 spacing 1.0 font ',9'
set bars small
set offsets graph 0.04, graph 0.04, 0, 0  # room for the end tics and error bars
set multiplot layout rows, cols title fig_title."\n".fig_label font ',12'
do for [p=1:npanels] {
    f = value(sprintf('file%d', p))
    if (strlen(f) == 0) {
        set title value(sprintf('ptitle%d', p)) font ',10'
        eval empty_panel
    } else {
        eval panel_axes
        ns = value(sprintf('nseries%d', p))
        plot for [i=0:ns-1] f using 1:(column(2+3*i)):(column(3+3*i)):(column(4+3*i)) \
            with yerrorlines lw 2 pt 7 ps 0.6 \
            lc rgb scolor(value(sprintf('sname%d_%d', p, i+1)), i+1) \
            title value(sprintf('sname%d_%d', p, i+1))
    }
}
unset multiplot
