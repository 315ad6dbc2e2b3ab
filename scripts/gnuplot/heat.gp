# heat.gp: heatmap of the map / explicit throughput ratio over file size x request size, the
# ratio printed in each cell (bold with '*' where the difference is significant), grey where
# there is no data; one panel per lifetime when the run has both (npanels = 2: left
# the steady state, lifetime:case, right one-shot use, lifetime:pass), one colour scale.
# Variables: fig_title, fig_note, nx, ny, rmax, xt, yt (tic lists), explicit; npanels (default 1) and per
# panel p: file<p> (table "ix iy ratio sig"), ptitle<p>, explicit<p> (older .vars files have
# file1 only).
load vars
if (!exists("npanels")) npanels = 1
if (!exists("height")) height = 560
if (!exists("width")) width = npanels > 1 ? 1400 : 900
load gpdir.'/common.gp'
set xlabel 'file size'
set ylabel 'request size'
eval 'set xtics '.xt
eval 'set ytics '.yt
set xrange [-0.5:nx-0.5]
set yrange [-0.5:ny-0.5]
set border 15
set grid noxtics noytics
set logscale cb 10
set cbrange [1.0/rmax:rmax]
set cblabel 'map / '.explicit.' throughput (above 1: map faster)'
set palette defined (0 '#2166ac', 0.35 '#92c5de', 0.5 '#f7f7f7', 0.65 '#f4a582', 1 '#b2182b')
set format cb '%g'
set cbtics ('1/8' 0.125, '1/4' 0.25, '1/2' 0.5, '2/3' 0.6667, '0.8' 0.8, '1' 1, '1.25' 1.25, '1.5' 1.5, '2' 2, '4' 4, '8' 8, '16' 16, '32' 32, \
    '64' 64, '1/16' 0.0625, '1/32' 0.03125, '1/64' 0.015625 )
set style fill solid 1.0 noborder
# cells without data (not measured, e.g. requests larger than the file) show the grey
# background, a colour the ratio scale does not use
set object 1 rectangle from graph 0, 0 to graph 1, 1 behind fillcolor rgb '#a0a0a0' fillstyle solid 1.0 noborder
set key at screen 0.99, screen 0.01 right bottom horizontal samplen 1.5 font ',9'
# the cells, their ratio labels (bold with '*' where significant, sig = 1) and the key entry
cells(f) = sprintf("%s using 1:2:(0.5):(0.5):3 with boxxyerror fillcolor palette notitle, \
    %s using 1:2:($4 > 0 ? '' : sprintf('%%.2fx', $3)) with labels font ',10' notitle, \
    %s using 1:2:($4 > 0 ? sprintf('%%.2fx*', $3) : '') with labels font 'sans:Bold,10' notitle, \
    NaN with boxes fillcolor rgb '#a0a0a0' fillstyle solid 1.0 title 'no data (not measured)'", \
    "'".f."'", "'".f."'", "'".f."'")
if (npanels == 1) {
    set title full_title font ',12'
    eval 'plot '.cells(file1)
} else {
    # fixed margins: both panels get the same plot area, the one colour box sits at the right
    set multiplot title full_title font ',12'
    set tmargin at screen 0.80
    set bmargin at screen 0.18
    do for [p=1:npanels] {
        f = value(sprintf('file%d', p))
        set title value(sprintf('ptitle%d', p)) font ',11'
        set lmargin at screen 0.07 + (p - 1) * 0.43
        set rmargin at screen 0.45 + (p - 1) * 0.43
        if (p < npanels) { unset colorbox } else {
            set colorbox user origin screen 0.91, screen 0.18 size screen 0.015, screen 0.62
        }
        if (p > 1) { unset ylabel }
        if (p > 1) { unset key }
        eval 'plot '.cells(f)
    }
    unset multiplot
}
