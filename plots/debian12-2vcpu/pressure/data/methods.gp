# methods.gp: written by mapbench-report, one colour per registered method
method_color(name) = \
    name eq 'rw' ? '#56b4e9' : \
    name eq 'prw' ? '#0072b2' : \
    name eq 'direct' ? '#999999' : \
    name eq 'uring' ? '#009e73' : \
    name eq 'uringdirect' ? '#555555' : \
    name eq 'map' ? '#d55e00' : \
    name eq 'mapcopy' ? '#cc79a7' : \
    name eq 'mapwin' ? '#e69f00' : \
    name eq 'mem' ? '#000000' : \
    ''
methods_loaded = 1
