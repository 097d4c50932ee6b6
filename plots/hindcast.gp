# hindcast.gp — the backtest picture: for each metric scored in hindcast.tsv, the fan
# chart of the projection from the base year (summary.tsv: 90 % band p05–p95, 50 % band
# p25–p75, median) with the published figures of the scored years as points (filled:
# inside the 90 % band; open: outside).
#
# Call:  gnuplot -c plots/hindcast.gp HINDCAST_TSV SUMMARY_TSV OUTSTEM
# Writes OUTSTEM.png (1200x750) and OUTSTEM.svg. Exit status 3: nothing to draw.
_d(s, i) = (i < 1) ? "" : (s[i:i] eq "/" ? s[1:i] : _d(s, i - 1))
GPDIR = _d(ARG0, strlen(ARG0)); if (GPDIR eq "") { GPDIR = "./" }
load GPDIR . "lib/common.gp"
if (ARGC < 3) { print "usage: gnuplot -c hindcast.gp HINDCAST_TSV SUMMARY_TSV OUTSTEM"; exit status 2 }
H = ARG1; S = ARG2; OUT = ARG3
METRICS = system("awk -F'\t' '!/^#/ && NF > 20 && !seen[$1]++ { printf \"%s \", $1 }' '" . H . "'")
N = words(METRICS)
if (N == 0) { print "hindcast.gp: no scored rows in " . H; exit status 3 }
SCEN = system("awk '/^# scenario:/ { sub(/^# scenario: /, \"\"); n = split($0, p, \"/\"); sub(/\\.cfg$/, \"\", p[n]); print p[n]; exit }' '" . H . "'")
RUNS = system("awk '/^# runs:/ { print $3; exit }' '" . H . "'")
COV = system("awk -F'\t' '!/^#/ && NF == 12 && $1 == 90 { print $7; exit }' '" . H . "'")
band(m) = "< awk -F'\t' -v m=" . m . " '$1 == m && !/^#/ { print $2, $6, $7, $8, $9, $10 }' '" . S . "'"
pts(m, inside) = "< awk -F'\t' -v m=" . m . " -v w=" . inside . " '!/^#/ && NF > 20 && $1 == m && (($17 == \"inside\") == w) { print $2, $5 }' '" . H . "'"
COLS = (N <= 4) ? 2 : 3
ROWS = int((N + COLS - 1) / COLS)
do for [fmt in "png svg"] {
    if (fmt eq "png") { set terminal pngcairo size 1200,750 font FONT . ",10" } else { set terminal svg size 1200,750 font FONT . ",10" }
    set output OUT . "." . fmt
    set termoption noenhanced
    set multiplot layout ROWS, COLS title sprintf(L_backtest_title, SCEN, RUNS, COV)
    set xtics 1; set grid ytics lc rgb "#dddddd"; set key top left font ",8"; set format y "%.4g"
    do for [i = 1:N] {
        m = word(METRICS, i)
        eval system(meta("-v mode=metric -v name=" . sq(m) . " " . sq(METRICS_TSV)))
        set title M_SHORT
        plot band(m) using 1:2:6 with filledcurves lc rgb "#c6dbef" title L_bt_band90, \
             band(m) using 1:3:5 with filledcurves lc rgb "#6baed6" title L_bt_band50, \
             band(m) using 1:4 with lines lw 2 lc rgb "#08519c" title L_bt_median, \
             pts(m, 1) using 1:2 with points pt 7 ps 1.5 lc rgb "#d62728" title L_bt_inside, \
             pts(m, 0) using 1:2 with points pt 6 ps 1.8 lw 2 lc rgb "#d62728" title L_bt_outside
    }
    unset multiplot
    set output
}
