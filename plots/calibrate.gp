# calibrate.gp — the calibration picture: for each setting in posterior.tsv, the
# prior (prior.tsv: the first draws) and posterior (posterior.tsv: the kept draws)
# densities, as kernel density estimates (gnuplot's smooth kdensity, default
# bandwidth, each normalised to area 1), with the posterior 5–95 % interval from calibrate.tsv shaded.
#
# Call:  gnuplot -c plots/calibrate.gp OUTDIR OUTSTEM
# OUTDIR holds posterior.tsv, prior.tsv and calibrate.tsv (parksim calibrate).
# Writes OUTSTEM.png (1200x750) and OUTSTEM.svg. Exit status 3: nothing to draw.
if (ARGC < 2) { print "usage: gnuplot -c calibrate.gp OUTDIR OUTSTEM"; exit status 2 }
D = ARG1; OUT = ARG2
POST = D . "/posterior.tsv"; PRIOR = D . "/prior.tsv"; REP = D . "/calibrate.tsv"
NAMES = system("awk -F'\t' '!/^#/ { for (i = 1; i <= NF; i++) printf \"%s \", $i; exit }' '" . POST . "'")
N = words(NAMES)
if (N == 0) { print "calibrate.gp: no settings in " . POST; exit status 3 }
INFO = system("awk '/^# draws/ { sub(/^# /, \"\"); print; exit }' '" . REP . "'")
col(f, i) = "< awk -F'\t' -v i=" . i . " '!/^#/ && h++ { print $i }' '" . f . "'"
NPRIOR = real(system("grep -vc '^#' '" . PRIOR . "'")) - 1
NPOST = real(system("grep -vc '^#' '" . POST . "'")) - 1
q(name, c) = real(system("awk -F'\t' -v k=" . name . " -v c=" . c . " '$1 == k { print $c; exit }' '" . REP . "'"))
COLS = (N <= 4) ? 2 : 3
ROWS = int((N + COLS - 1) / COLS)
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1200,750 font "DejaVu Sans,10" } else { set terminal svg size 1200,750 font "DejaVu Sans,10" }
    set output OUT . "." . fmt
    set termoption noenhanced
    set multiplot layout ROWS, COLS title "Calibration: prior (grey) vs posterior (blue) density per setting\n" . INFO
    set grid ytics lc rgb "#dddddd"; set key top right font ",8"; set format x "%.3g"; unset ytics
    do for [i = 1:N] {
        name = word(NAMES, i)
        lo = q(name, 7); hi = q(name, 9)
        set title name
        set object 1 rect from lo, graph 0 to hi, graph 1 fc rgb "#deebf7" fs solid 0.6 noborder behind
        plot col(PRIOR, i) using 1:(1.0 / NPRIOR) smooth kdensity lw 2 lc rgb "#888888" title "prior", \
             col(POST, i) using 1:(1.0 / NPOST) smooth kdensity lw 2 lc rgb "#08519c" title "posterior (90 % shaded)"
        unset object 1
    }
    unset multiplot
}
