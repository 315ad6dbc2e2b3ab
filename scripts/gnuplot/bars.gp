# bars.gp: panels of clustered bars, categories (methods) on x, one bar per series.
# Variables (from the .vars file): fig_title, npanels, rows, cols; per panel p: file<p>,
# ptitle<p>, nseries<p>, sname<p>_<i>, and the axis settings read by panel_axes.
load vars
if (!exists("height")) height = rows > 1 ? 720 : 560
load gpdir.'/common.gp'
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.85 border lc rgb '#333333'
set boxwidth 0.9
set key tmargin right horizontal samplen 1.5 font ',9' box lc rgb '#cccccc'
set xtics nomirror rotate by 0 font ',9'
set multiplot layout rows, cols title fig_title."\n".fig_label font ',12'
do for [p=1:npanels] {
    f = value(sprintf('file%d', p))
    if (strlen(f) == 0) {
        set title value(sprintf('ptitle%d', p)) font ',10'
        eval empty_panel
    } else {
        eval panel_axes
        set yrange [*:*]
        if (value(sprintf('ylog%d', p)) == 0) { set yrange [0:*] }
        ns = value(sprintf('nseries%d', p))
        plot for [i=2:ns+1] f using i:xtic(1) \
            lc rgb scolor(value(sprintf('sname%d_%d', p, i-1)), i-1) \
            title value(sprintf('sname%d_%d', p, i-1))
    }
}
unset multiplot
