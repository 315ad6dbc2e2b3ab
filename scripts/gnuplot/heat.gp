# heat.gp: heatmap of the map / explicit throughput ratio over file size x request size, the
# ratio printed in each cell; one panel per lifetime when the run has both (npanels = 2: left
# the steady state, lifetime:case, right one-shot use, lifetime:pass), one colour scale.
# Variables: fig_title, nx, ny, rmax, xt, yt (tic lists), explicit; npanels (default 1) and per
# panel p: file<p>, ptitle<p>, explicit<p> (older .vars files have file1 only).
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
if (npanels == 1) {
    set title fig_title."\n".fig_label font ',12'
    plot file1 using 1:2:(0.5):(0.5):3 with boxxyerror fillcolor palette notitle, \
         file1 using 1:2:($3 == $3 ? sprintf('%.2fx', $3) : '') with labels font ',10' notitle
} else {
    # fixed margins: both panels get the same plot area, the one colour box sits at the right
    set multiplot title fig_title."\n".fig_label font ',12'
    set tmargin at screen 0.84
    set bmargin at screen 0.12
    do for [p=1:npanels] {
        f = value(sprintf('file%d', p))
        set title value(sprintf('ptitle%d', p)) font ',11'
        set lmargin at screen 0.07 + (p - 1) * 0.43
        set rmargin at screen 0.45 + (p - 1) * 0.43
        if (p < npanels) { unset colorbox } else {
            set colorbox user origin screen 0.91, screen 0.12 size screen 0.015, screen 0.72
        }
        if (p > 1) { unset ylabel }
        plot f using 1:2:(0.5):(0.5):3 with boxxyerror fillcolor palette notitle, \
             f using 1:2:($3 == $3 ? sprintf('%.2fx', $3) : '') with labels font ',10' notitle
    }
    unset multiplot
}
