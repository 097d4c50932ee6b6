# p_by_year.gp — probability of each plan target by year (from target_years.tsv):
# one colour per target; solid line = share of runs in which the target's condition
# holds in that year, with its 95 % Wilson interval shaded; dashed line = share of runs
# in which it has been met in at least one year up to then.
#
# Call:  gnuplot -c plots/p_by_year.gp TARGET_YEARS_TSV OUTSTEM [TARGETS_TSV|-] [LABEL]
#   TARGET_YEARS_TSV  parksim target_years.tsv
#   OUTSTEM           output path without extension; writes OUTSTEM.png and OUTSTEM.svg
#   TARGETS_TSV       parksim targets.tsv, for the targets' thresholds in the legend
#                     ("-" or missing: legend shows target names only)
#   LABEL             scenario label for the title (default: stem of the "# scenario:" line)
# Example: gnuplot -c plots/p_by_year.gp out/target_years.tsv out/plots/p_by_year out/targets.tsv

_d(s, i) = (i < 1) ? "" : (s[i:i] eq "/" ? s[1:i] : _d(s, i - 1))
GPDIR = _d(ARG0, strlen(ARG0)); if (GPDIR eq "") { GPDIR = "./" }
load GPDIR . "lib/common.gp"

if (ARGC < 2) { print "usage: gnuplot -c p_by_year.gp TARGET_YEARS_TSV OUTSTEM [TARGETS_TSV|-] [LABEL]"; exit status 2 }
FILE = ARG1; OUT = ARG2
TFILE = (ARGC >= 3) ? ARG3 : "-"
LABEL = (ARGC >= 4) ? ARG4 : ""
if (!readable(FILE)) { print "p_by_year.gp: cannot read " . FILE; exit status 2 }
_miss = missing(FILE, "target,year,p_holds,ci_low,ci_high,p_met_by")
if (_miss ne "") { print "p_by_year.gp: " . FILE . ": no column(s) " . _miss . " in the header"; exit status 2 }

eval system(meta("-v mode=prov -v label=" . sq(LABEL) . " " . sq(FILE)))
# the targets (order of target_years.tsv); thresholds from targets.tsv when available
eval system(meta("-v mode=targets " . sq(METRICS_TSV) . " " . sq(FILE)))
if (NT == 0) { print "p_by_year.gp: no targets in " . FILE; exit status 2 }
NTY = NT
array NAMES[NTY]; array DESC[NTY]; array P_END[NTY]
do for [i = 1:NTY] { NAMES[i] = T_NAME[i]; DESC[i] = T_SHORT[i]; P_END[i] = NaN }
TYEAR_S = ""
if (readable(TFILE)) {
    eval system(meta("-v mode=targets " . sq(METRICS_TSV) . " " . sq(TFILE)))
    SAMEYEAR = 1
    do for [j = 2:NT] { if (T_YEAR[j] != T_YEAR[1]) { SAMEYEAR = 0 } }
    if (SAMEYEAR && NT > 0) { TYEAR_S = " " . sprintf(L_targets_for, T_YEAR[1]) }
    do for [i = 1:NTY] {
        do for [j = 1:NT] {
            if (T_NAME[j] eq NAMES[i]) { DESC[i] = T_DESC[j] . (SAMEYEAR ? "" : " " . sprintf(L_for_year, T_YEAR[j])) }
        }
    }
}

dat(i) = "< " . tsvnum(FILE, "year,p_holds,ci_low,ci_high,p_met_by", "target=" . NAMES[i], "1,100,100,100,100")
stats "< " . tsv(FILE, "year", "", "") using 1 nooutput name "X"

set xrange [X_min - 0.2 : X_max + 0.2]
set xtics 1 format "%.0f"
set yrange [-2 : 102]
set ytics 0, 10, 100 format "%g %%"
set xlabel L_year_axis
set ylabel L_share_of_runs
set style fill transparent solid 0.13 noborder
set rmargin 38
set bmargin 5
set key outside right top vertical Left reverse samplen 2.5 spacing 1.35 font ",12" width 0
SUB = sprintf(L_scenario, P_SCEN) . (P_RUNS ne "" ? " · " . sprintf(L_runs, thou(int(P_RUNS))) : "") . " · " . L_wilson
set title L_p_by_year_title . TYEAR_S . "\n" . SUB
eval FOOT_CMD

do for [FMT in "png svg"] {
    if (FMT eq "png") { eval term_png } else { eval term_svg }
    set output OUT . "." . FMT
    plot for [i = 1:NTY] dat(i) using 1:3:4 with filledcurves fc rgb scol(i) notitle, \
         for [i = 1:NTY] dat(i) using 1:2 with linespoints lw 2.6 pt 7 ps 1.1 lc rgb scol(i) title DESC[i], \
         for [i = 1:NTY] dat(i) using 1:5 with lines lw 1.8 dt (7, 5) lc rgb scol(i) notitle, \
         NaN with lines lw 0 lc rgb "#ffffff" title " ", \
         NaN with lines lw 2.6 lc rgb "#404040" title L_holds, \
         NaN with lines lw 1.8 dt (7, 5) lc rgb "#404040" title L_met_by
    unset output
}
