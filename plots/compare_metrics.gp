# compare_metrics.gp — how much each scenario moves each metric (from compare_metrics.tsv,
# written by `parksim compare`).
# OUTSTEM.png/.svg: horizontal bars, one row per metric (regional breakdowns left out; they
#   are in the file), one colour per scenario after the first: the mean paired difference
#   from the first scenario in the horizon year, as a percentage of the first scenario's
#   mean, with its 95 % interval (same random numbers in every scenario) and the value
#   printed (with up to 3 scenarios after the first; more: no values, the key on the
#   right). A metric whose first-scenario mean is 0 has no relative change ("n/a").
#
# Call:  gnuplot -c plots/compare_metrics.gp COMPARE_METRICS_TSV OUTSTEM
# Example: gnuplot -c plots/compare_metrics.gp out/compare_metrics.tsv out/plots/compare_metrics

_d(s, i) = (i < 1) ? "" : (s[i:i] eq "/" ? s[1:i] : _d(s, i - 1))
GPDIR = _d(ARG0, strlen(ARG0)); if (GPDIR eq "") { GPDIR = "./" }
load GPDIR . "lib/common.gp"

if (ARGC < 2) { print "usage: gnuplot -c compare_metrics.gp COMPARE_METRICS_TSV OUTSTEM"; exit status 2 }
FILE = ARG1; OUT = ARG2
if (!readable(FILE)) { print "compare_metrics.gp: cannot read " . FILE; exit status 2 }

CM = AWK . " -f " . sq(GPDIR . "lib/compare_metrics.awk")
LABS = system(CM . " -v list=labels " . sq(FILE))
MS = system(CM . " -v list=metrics " . sq(FILE))
YEAR = system(CM . " -v list=year " . sq(FILE))
NS = words(LABS); NM = words(MS)
if (NS < 2 || NM == 0) { print "compare_metrics.gp: nothing to compare in " . FILE; exit status NOTHING }
DATA = "< " . CM . " " . sq(FILE)
RUNS = system(AWK . " -f " . sq(GPDIR . "lib/tsv.awk") . " -v cols=runs " . sq(FILE) . " | sort -u | tr '\\n' ' '")
eval system(meta("-v mode=prov " . sq(FILE)))
eval FOOT_CMD

# rows: the first metric at the top
set ytics () nomirror scale 0 font ",11"
do for [i = 1:NM] { set ytics add (pesc(lab("metric." . word(MS, i) . ".short")) (NM + 1 - i)) }
RH = 0.8 / (NS - 1)                       # height of one bar
ypos(m, s) = (NM + 1 - m) + ((NS - 2) / 2.0 - (s - 2)) * RH

set autoscale xy
stats DATA using 4 nooutput name "XL"
stats DATA using 5 nooutput name "XH"
xlo = (XL_min < 0) ? XL_min : 0; xhi = (XH_max > 0) ? XH_max : 0
xsp = xhi - xlo; if (xsp <= 0) { xsp = 1 }
set xrange [xlo - 0.16 * xsp : xhi + 0.16 * xsp]
set yrange [0.4 : NM + 0.6]
set xtics auto format "%g"
set grid xtics noytics
set xlabel sprintf(L_cm_xlabel, word(LABS, 1))
set arrow 1 from first 0, graph 0 to first 0, graph 1 nohead lc rgb "#404040" lw 1.2 front
set lmargin 22
set bmargin 6
set style fill solid 0.9 noborder
RUNS_S = (words(RUNS) == 1) ? sprintf(L_runs_per_scenario, thou(int(word(RUNS, 1)))) : sprintf(L_runs_per_scenario_list, RUNS)
unset title     # title and subtitle centred on the picture (the plot area is off-centre)
set label 96 sprintf(L_cm_title, int(YEAR), word(LABS, 1)) at screen 0.5, screen 0.965 center font ",15"
set label 97 RUNS_S . " · " . L_cm_sub at screen 0.5, screen 0.925 center font ",12" tc rgb "#404040"
set tmargin 5
# up to 3 scenarios after the first: the key below and every value printed; more: the key
# on the right and no values (the bars are too thin to carry them)
SHOWVAL = (NS - 1 <= 3)
if (SHOWVAL) {
    set key at screen 0.5, screen 0.05 center center horizontal Left reverse samplen 1.5 font ",12" width 1
} else {
    set key outside right top vertical Left reverse samplen 1.5 font ",11" width 0
    set bmargin 4
}
# +12 %, −0.4 %, 0 %; "n/a" where the first scenario's mean is 0
mag(a) = (a >= 9.95) ? sprintf("%.0f", a) : (a >= 0.995 ? sprintf("%.1f", a) : sprintf("%.2g", a))
signed(x) = (abs(x) < 0.005) ? "0 %" : (x > 0 ? "+" . mag(x) : "−" . mag(-x)) . " %"
VALFONT = (NM * (NS - 1) <= 40) ? ",10" : ",8"

do for [FMT in "png svg"] {
    if (FMT eq "png") { eval term_png } else { eval term_svg }
    set output OUT . "." . FMT
    plot for [s = 2:NS] DATA using ($2 == s ? ($3 < 0 ? $3 : 0) : NaN):(ypos($1, s)):($3 < 0 ? $3 : 0):($3 > 0 ? $3 : 0):(ypos($1, s) - RH * 0.44):(ypos($1, s) + RH * 0.44) \
             with boxxyerror fc rgb scol(s) title word(LABS, s) . " − " . word(LABS, 1), \
         for [s = 2:NS] DATA using ($2 == s ? $3 : NaN):(ypos($1, s)):4:5 with xerrorbars pt -1 lw 1.2 lc rgb "#333333" notitle, \
         for [s = 2:NS] DATA using (SHOWVAL && int($2) == s && !($3 < 0) ? $5 + 0.015 * xsp : NaN):(ypos($1, s)):(int($6) ? L_na : signed($3)) \
             with labels left font VALFONT tc rgb "#222222" notitle, \
         for [s = 2:NS] DATA using (SHOWVAL && int($2) == s && $3 < 0 ? $4 - 0.015 * xsp : NaN):(ypos($1, s)):(signed($3)) \
             with labels right font VALFONT tc rgb "#222222" notitle
    unset output
}
