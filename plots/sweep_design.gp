# sweep_design.gp — P(target met) at the points of a design sweep (sweep.tsv written by
# `parksim sweep --design random:N|lhs:N` or `--design-file`): one panel per varied setting
# (at most 6), P(target) at every point against that setting's value, with its 95 %
# interval. Each panel shows the setting's effect with the others varying across their
# ranges (a scatter, not a grid: the points are not ordered).
#
# Call:  gnuplot -c plots/sweep_design.gp SWEEP_TSV TARGET OUTSTEM [TARGETS_TSV|-] [LABEL]
# Example: gnuplot -c plots/sweep_design.gp out/sweep.tsv all out/plots/sweep_all

_d(s, i) = (i < 1) ? "" : (s[i:i] eq "/" ? s[1:i] : _d(s, i - 1))
GPDIR = _d(ARG0, strlen(ARG0)); if (GPDIR eq "") { GPDIR = "./" }
load GPDIR . "lib/common.gp"

if (ARGC < 3) { print "usage: gnuplot -c sweep_design.gp SWEEP_TSV TARGET OUTSTEM [TARGETS_TSV|-] [LABEL]"; exit status 2 }
FILE = ARG1; TGT = ARG2; OUT = ARG3
TFILE = (ARGC >= 4) ? ARG4 : "-"
LABEL = (ARGC >= 5) ? ARG5 : ""
if (!readable(FILE)) { print "sweep_design.gp: cannot read " . FILE; exit status 2 }

# varied keys: the columns between "point" and the first p_ column
COLS = system(AWK . " -f " . sq(GPDIR . "lib/tsv.awk") . " -v header=1 " . sq(FILE))
KEYS = ""; NK = 0; NPT = 0
do for [i = 2:words(COLS)] {
    c = word(COLS, i)
    if (c[1:2] eq "p_" || c[1:3] eq "lo_" || c[1:3] eq "hi_") { break }
    KEYS = KEYS . " " . c; NK = NK + 1
}
do for [i = 1:words(COLS)] { c = word(COLS, i); if (c[1:2] eq "p_") { NPT = NPT + 1 } }
_miss = missing(FILE, "p_" . TGT . ",lo_" . TGT . ",hi_" . TGT)
if (_miss ne "") { print "sweep_design.gp: " . FILE . ": no column(s) " . _miss . " in the header"; exit status 2 }
if (NK < 1) { print sprintf("sweep_design.gp: no varied key (columns between point and p_...) in %s", FILE); exit status 2 }
NP = (NK > 6) ? 6 : NK

eval system(meta("-v mode=prov -v label=" . sq(LABEL) . " " . sq(FILE)))
TDESC = TGT; TYEAR_S = ""
if (TGT eq "all") { TDESC = sprintf(L_all_short, NPT - 1) } else {
    eval system(meta("-v mode=metric -v name=" . sq(TGT) . " " . sq(METRICS_TSV)))
    TDESC = sprintf(L_target_met, M_SHORT)
}
if (readable(TFILE)) {
    eval system(meta("-v mode=targets " . sq(METRICS_TSV) . " " . sq(TFILE)))
    do for [j = 1:NT] { if (T_NAME[j] eq TGT) { TDESC = T_DESC[j] } }
    if (NT > 0) { TYEAR_S = sprintf(L_in_year, T_YEAR[1]) }
}
RUNS_S = (P_RUNS ne "") ? sprintf(L_runs_per_point, thou(int(P_RUNS))) : ""
NPOINTS = int(system(tsv(FILE, "point", "", "") . " | grep -c . || true"))
TITLE = sprintf(L_design_title, TDESC, TYEAR_S, NPOINTS) . "\n" . sprintf(L_scenario, P_SCEN) . \
    (RUNS_S ne "" ? " · " . RUNS_S : "") . " · " . L_bars95
eval FOOT_CMD

ROWS = (NP <= 3) ? 1 : 2
COLS_N = (NP <= 3) ? NP : 3
set yrange [-2 : 102]
set ytics 0, 20, 100 format "%g %%"
set grid xtics ytics
unset key
do for [FMT in "png svg"] {
    if (FMT eq "png") { eval term_png } else { eval term_svg }
    set output OUT . "." . FMT
    set multiplot layout ROWS, COLS_N title TITLE font ",14" margins 0.08, 0.98, 0.15, 0.86 spacing 0.07, 0.12
    do for [k = 1:NP] {
        K = word(KEYS, k); KS = sprintf("%.10g", setting_scale(K))
        DATA = "< " . tsv(FILE, K . ",p_" . TGT . ",lo_" . TGT . ",hi_" . TGT, "", KS . ",100,100,100")
        set autoscale x
        set xlabel lab("setting." . K) font ",11"
        set ylabel (k - 1) % COLS_N == 0 ? sprintf(L_p_target_met, TYEAR_S) : "" font ",11"
        set xtics font ",10"
        set errorbars small
        plot DATA using 1:2:3:4 with yerrorbars pt 7 ps 0.8 lw 1 lc rgb C_DARK
    }
    unset multiplot
    unset output
}
