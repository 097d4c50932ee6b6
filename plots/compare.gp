# compare.gp — scenario comparison (from compare.tsv, written by `parksim compare`).
# OUTSTEM.png/.svg: grouped bars, one group per target (plus "all targets together"),
#   one colour per scenario, P(target met) with 95 % interval bars and the value printed.
# OUTSTEM_diff.png/.svg (when there are 2+ scenarios): the change in P(target met)
#   relative to the first scenario, in percentage points, with the paired 95 % interval
#   (same random numbers in every scenario, so these are much tighter than the bars).
#
# Call:  gnuplot -c plots/compare.gp COMPARE_TSV OUTSTEM [TARGETS_TSV|-]
#   COMPARE_TSV  parksim compare.tsv
#   OUTSTEM      output path without extension, e.g. out/plots/compare
#   TARGETS_TSV  a targets.tsv with the same targets, for thresholds under the bar groups
#                (optional; compare.tsv itself does not carry them)
# Example: gnuplot -c plots/compare.gp out/compare.tsv out/plots/compare out/targets.tsv

_d(s, i) = (i < 1) ? "" : (s[i:i] eq "/" ? s[1:i] : _d(s, i - 1))
GPDIR = _d(ARG0, strlen(ARG0)); if (GPDIR eq "") { GPDIR = "./" }
load GPDIR . "lib/common.gp"

if (ARGC < 2) { print "usage: gnuplot -c compare.gp COMPARE_TSV OUTSTEM [TARGETS_TSV|-]"; exit status 2 }
FILE = ARG1; OUT = ARG2
TFILE = (ARGC >= 3) ? ARG3 : "-"
if (!readable(FILE)) { print "compare.gp: cannot read " . FILE; exit status 2 }

CMP = AWK . " -f " . sq(GPDIR . "lib/compare.awk")
LABS = system(CMP . " -v list=labels " . sq(FILE))
TGTS = system(CMP . " -v list=targets " . sq(FILE))
NS = words(LABS); NTG = words(TGTS)
if (NS == 0 || NTG == 0) { print "compare.gp: no rows in " . FILE; exit status 2 }
DATA = "< " . CMP . " " . sq(FILE)
RUNS = system(AWK . " -f " . sq(GPDIR . "lib/tsv.awk") . " -v cols=runs " . sq(FILE) . " | sort -u | tr '\\n' ' '")
NRUNS = words(RUNS)
eval system(meta("-v mode=prov " . sq(FILE)))

# the x axis: one group per target, labelled with the short name and the condition
HAVE_T = readable(TFILE)
if (HAVE_T) { eval system(meta("-v mode=targets " . sq(METRICS_TSV) . " " . sq(TFILE))) } else { NT = 0 }
TYEAR_S = ""
set xtics () nomirror scale 0 font ",12"
do for [i = 1:NTG] {
    tn = word(TGTS, i)
    if (tn eq "all") { lbl = sprintf(L_all_n, NTG - 1) } else {
        eval system(meta("-v mode=metric -v name=" . sq(tn) . " " . sq(METRICS_TSV)))
        lbl = M_SHORT
        do for [j = 1:NT] { if (T_NAME[j] eq tn) { lbl = T_SHORT[j] . "\n" . T_COND[j]; TYEAR_S = sprintf(L_in_year, T_YEAR[j]) } }
    }
    set xtics add (pesc(lbl) i)
}

GW = 0.8                      # width of a group
BW = GW / NS                  # width of one bar
xpos(t, s) = t + (s - (NS + 1) / 2.0) * BW
RUNS_S = (NRUNS == 1) ? sprintf(L_runs_per_scenario, thou(int(word(RUNS, 1)))) : sprintf(L_runs_per_scenario_list, RUNS)
SCEN_S = ""
do for [s = 1:NS] { SCEN_S = SCEN_S . (s > 1 ? ", " : "") . word(LABS, s) }
eval FOOT_CMD

set xrange [0.45 : NTG + 0.55]
set yrange [0 : 109]
set ytics 0, 10, 100 format "%g %%"
set grid noxtics ytics
set ylabel sprintf(L_p_target_met, TYEAR_S)
set boxwidth BW * 0.88 absolute
set style fill solid 0.9 noborder
set bmargin 8
set key at screen 0.5, screen 0.075 center center horizontal Left reverse samplen 1.5 font ",12" width 1
set title sprintf(L_compare_title, TYEAR_S) . "\n" . \
    sprintf(L_scenarios, SCEN_S) . "\n" . RUNS_S . " · " . L_bars95
VALFONT = (NS * NTG <= 30) ? ",11" : ",9"

do for [FMT in "png svg"] {
    if (FMT eq "png") { eval term_png } else { eval term_svg }
    set output OUT . "." . FMT
    plot for [s = 1:NS] DATA using (xpos($1, s)):($2 == s ? $3 : NaN) with boxes fc rgb scol(s) title word(LABS, s), \
         for [s = 1:NS] DATA using (xpos($1, s)):($2 == s ? $4 : NaN):(0):($5 - $4) with vectors heads size screen 0.006, 90 lw 1.3 lc rgb "#333333" notitle, \
         for [s = 1:NS] DATA using (xpos($1, s)):($2 == s ? $5 + 3 : NaN):(NS * NTG <= 48 ? pct($3) : "") with labels center font VALFONT tc rgb "#222222" notitle
    unset output
}

# ---- differences against the first scenario ------------------------------------------
if (NS >= 2) {
    BW = GW / (NS - 1)
    xpos(t, s) = t + ((s - 1) - NS / 2.0) * BW
    set autoscale xy    # stats honours the current ranges: clear them first
    stats DATA using ($2 > 1 ? $7 : NaN) nooutput name "DL"
    stats DATA using ($2 > 1 ? $8 : NaN) nooutput name "DH"
    dlo = (DL_min < 0) ? DL_min : 0; dhi = (DH_max > 0) ? DH_max : 0
    dsp = dhi - dlo; if (dsp <= 0) { dsp = 10 }
    set xrange [0.45 : NTG + 0.55]
    set yrange [dlo - 0.12 * dsp : dhi + 0.14 * dsp]
    set ytics auto format "%g"
    set ylabel sprintf(L_diff_ylabel, TYEAR_S)
    set boxwidth BW * 0.88 absolute
    set arrow 1 from graph 0, first 0 to graph 1, first 0 nohead lc rgb "#404040" lw 1.2 front
    set title sprintf(L_diff_title, TYEAR_S, word(LABS, 1)) . "\n" . \
        RUNS_S . " · " . L_diff_sub
    # whole points, one decimal below 1 point, "0" for no change at all
    mag(a) = (a >= 0.95) ? sprintf("%.0f", a) : sprintf("%.1f", a)
    signed(x) = (abs(x) < 0.05) ? "0" : (x > 0 ? "+" . mag(x) : "−" . mag(-x))
    do for [FMT in "png svg"] {
        if (FMT eq "png") { eval term_png } else { eval term_svg }
        set output OUT . "_diff." . FMT
        plot for [s = 2:NS] DATA using (xpos($1, s)):($2 == s ? $6 : NaN) with boxes fc rgb scol(s) title word(LABS, s) . " − " . word(LABS, 1), \
             for [s = 2:NS] DATA using (xpos($1, s)):($2 == s ? $7 : NaN):(0):($8 - $7) with vectors heads size screen 0.006, 90 lw 1.3 lc rgb "#333333" notitle, \
             for [s = 2:NS] DATA using (xpos($1, s)):($2 == s ? ($6 >= 0 ? $8 + 0.05 * dsp : $7 - 0.05 * dsp) : NaN):(signed($6)) with labels center font VALFONT tc rgb "#222222" notitle
        unset output
    }
}
