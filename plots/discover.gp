# discover.gp — PRIM scenario discovery (from discover.tsv, written by `parksim discover`).
# OUTSTEM.png/.svg, two panels:
#   left   the peeling trajectory: coverage (x) against density (y) of every box,
#          coloured by the number of settings it restricts, the chosen box ringed;
#   right  the chosen box (after pasting and pruning): for each restricted setting its
#          range in the runs scaled to 0–1 (grey) and the box's limits on it (blue), with
#          the limits, quasi-p value and how often resamples restrict it.
#
# Call:  gnuplot -c plots/discover.gp DISCOVER_TSV OUTSTEM
# Example: gnuplot -c plots/discover.gp results/plan/discover.tsv results/plan/plots/discover
# Exit status 3: nothing to draw (no restricted setting).

_d(s, i) = (i < 1) ? "" : (s[i:i] eq "/" ? s[1:i] : _d(s, i - 1))
GPDIR = _d(ARG0, strlen(ARG0)); if (GPDIR eq "") { GPDIR = "./" }
load GPDIR . "lib/common.gp"

if (ARGC < 2) { print "usage: gnuplot -c discover.gp DISCOVER_TSV OUTSTEM"; exit status 2 }
FILE = ARG1; OUT = ARG2
if (!readable(FILE)) { print "discover.gp: cannot read " . FILE; exit status 2 }
eval system(meta("-v mode=prov " . sq(FILE)))
eval FOOT_CMD

# block 1 (the box): names in order, and how many
BOX = AWK . " -F'\t' '/^#/ { next } /^$/ { b++; next } b == 2' " . sq(FILE)
NAMES = system(BOX . " | cut -f1 | tr '\\n' ' '")
NB = words(NAMES)
if (NB == 0) { print "discover.gp: the chosen box restricts no setting"; exit status NOTHING }
TARGETS = system("sed -n 's/^# outcome: all of \\([^ ]*\\) met.*/\\1/p' " . sq(FILE) . " | tr ',' ' '")
TSTR = ""
do for [i = 1:words(TARGETS)] { TSTR = TSTR . (i > 1 ? " + " : "") . lab("metric." . word(TARGETS, i) . ".short") }
BOXLINE = system("sed -n 's/^# block 1: the chosen box after pasting and pruning: coverage \\([^,]*\\), density \\([^,]*\\),.*/\\1 \\2/p' " . sq(FILE))
BCOV = real(word(BOXLINE, 1)); BDEN = real(word(BOXLINE, 2))
ALLDEN = real(system(AWK . " -F'\t' '!/^#/ && NF > 1 { print $3; exit }' " . sq(FILE)))

limtext(lo, hi) = (lo eq "-") ? sprintf("≤ %.4g", real(hi)) : (hi eq "-") ? sprintf("≥ %.4g", real(lo)) : \
    sprintf("%.4g – %.4g", real(lo), real(hi))
qp(x) = (x < 1e-4) ? sprintf("%.0e", x) : sprintf("%.2g", x)

do for [FMT in "png svg"] {
    if (FMT eq "png") { eval term_png } else { eval term_svg }
    set output OUT . "." . FMT
    set multiplot title sprintf(L_discover_title, TSTR) . "\n" . sprintf(L_discover_sub, pct(100 * BDEN), pct(100 * ALLDEN), pct(100 * BCOV)) font ",15"

    # ---- left: the trajectory ----
    set origin 0, 0.04
    set size 0.40, 0.84
    set xlabel L_coverage font ",11"
    set ylabel L_density font ",11"
    set xrange [*:1.02]
    set yrange [0:*]
    set format x "%.1f"; set format y "%.2f"
    set cblabel L_restricted_n
    set cbrange [0:*]
    set palette defined (0 "#deebf7", 1 "#6baed6", 2 "#08519c", 3 "#08306b")
    set key top right font ",11" samplen 1 opaque
    plot FILE index 0 using 2:3:7 with points pt 7 ps 1.1 lc palette title L_peeled_box, \
         FILE index 0 using ($8 == 1 ? $2 : NaN):3 with points pt 6 ps 3 lw 2.5 lc rgb C_TGT title L_chosen_box
    unset colorbox; set xrange [*:*]; unset cblabel

    # ---- right: the box against each setting's range ----
    set origin 0.40, 0.04
    set size 0.60, 0.84
    set xrange [-0.02:2.0]
    set yrange [NB + 0.7 : 0.3]
    set xtics 0, 0.25, 1 format "%.2f"
    set ytics () scale 0 font ",10"
    do for [i = 1:NB] { set ytics add (pesc(lab("setting." . word(NAMES, i))) . "\n" . word(NAMES, i) i) }
    set xlabel L_range01 font ",10" offset -6, 0
    unset ylabel
    set grid xtics noytics
    set lmargin 28
    set key off
    plot FILE index 1 using (0.5):($0 + 1):(0.5):(0.32) with boxxyerror fc rgb "#e0e0e0" fs solid 1 noborder, \
         FILE index 1 using (($6 + $7) / 2):($0 + 1):(($7 - $6) / 2 > 0.004 ? ($7 - $6) / 2 : 0.004):(0.32) with boxxyerror fc rgb C_BAND5 fs solid 1 noborder, \
         FILE index 1 using (1.03):($0 + 1):(limtext(strcol(2), strcol(3)) . " · " . sprintf(L_quasi_p, qp($8)) . "\n" . sprintf(L_recurs, pct(100 * $9))) with labels left font ",10"
    unset multiplot
    unset output
    set lmargin -1; set grid xtics ytics; set xtics auto; set ytics auto
}
