# methods.gp: written by mapbench-report, one colour per registered method
method_color(name) = \
    name eq 'rw' ? '#17becf' : \
    name eq 'prw' ? '#08519c' : \
    name eq 'direct' ? '#737373' : \
    name eq 'uring' ? '#6a3d9a' : \
    name eq 'uringdirect' ? '#c51b7d' : \
    name eq 'map' ? '#d7301f' : \
    name eq 'mapcopy' ? '#f0a30a' : \
    name eq 'mapwin' ? '#8c510a' : \
    name eq 'mem' ? '#31a354' : \
    ''
methods_loaded = 1
