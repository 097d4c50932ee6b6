# fan.gp — fan chart of one parksim metric over the projection years (from summary.tsv):
# median line, 50 % band (p25–p75), 90 % band (p05–p95), mean dashed, and — when
# targets.tsv has a target on this metric — the target threshold as a horizontal line
# with the target year marked and P(target met) in the subtitle.
#
# Call:  gnuplot -c plots/fan.gp SUMMARY_TSV METRIC OUTSTEM [TARGETS_TSV|-] [LABEL] [PROVINCE]
#   SUMMARY_TSV  parksim summary.tsv
#   METRIC       metric name, e.g. national_zones, rd_intensity, gdp_east
#   OUTSTEM      output path without extension; writes OUTSTEM.png and OUTSTEM.svg
#   TARGETS_TSV  parksim targets.tsv ("-" or missing: no target line)
#   LABEL        scenario label for the title (default: stem of the "# scenario:" line)
#   PROVINCE     the rows are one province's (render.sh cuts them from provinces.tsv):
#                its name (label province.NAME, '_' for a space) is added to the title
# Example: gnuplot -c plots/fan.gp out/summary.tsv rd_intensity out/plots/fan_rd_intensity out/targets.tsv

_d(s, i) = (i < 1) ? "" : (s[i:i] eq "/" ? s[1:i] : _d(s, i - 1))
GPDIR = _d(ARG0, strlen(ARG0)); if (GPDIR eq "") { GPDIR = "./" }
load GPDIR . "lib/common.gp"

if (ARGC < 3) { print "usage: gnuplot -c fan.gp SUMMARY_TSV METRIC OUTSTEM [TARGETS_TSV|-] [LABEL]"; exit status 2 }
FILE = ARG1; METRIC = ARG2; OUT = ARG3
TFILE = (ARGC >= 4) ? ARG4 : "-"
LABEL = (ARGC >= 5) ? ARG5 : ""
PROVINCE = (ARGC >= 6) ? ARG6 : ""
if (!readable(FILE)) { print "fan.gp: cannot read " . FILE; exit status 2 }
_miss = missing(FILE, "metric,year,mean,p05,p25,p50,p75,p95")
if (_miss ne "") { print "fan.gp: " . FILE . ": no column(s) " . _miss . " in the header"; exit status 2 }

eval system(meta("-v mode=prov -v label=" . sq(LABEL) . " " . sq(FILE)))
eval system(meta("-v mode=metric -v name=" . sq(METRIC) . " " . sq(METRICS_TSV)))
if (PROVINCE ne "") { M_TITLE = sprintf(L_in_province, M_TITLE, lab("province." . PROVINCE)) }

S = sprintf("%.10g", M_SCALE)
DATA = "< " . tsvnum(FILE, "year,p05,p25,p50,p75,p95,mean", "metric=" . METRIC, "1,".S.",".S.",".S.",".S.",".S.",".S)
if (nlines(DATA[3:]) == 0) {
    if (nlines(tsv(FILE, "year", "metric=" . METRIC, "")) == 0) { print "fan.gp: metric '" . METRIC . "' not found in " . FILE; exit status 2 }
    print "fan.gp: no numeric values for metric '" . METRIC . "' in " . FILE; exit status NOTHING
}

# target on this metric, if any (first one)
HAVE_T = 0
if (readable(TFILE)) {
    eval system(meta("-v mode=targets -v only=" . sq(METRIC) . " " . sq(METRICS_TSV) . " " . sq(TFILE)))
    if (NT > 0) { HAVE_T = 1; THR = T_THRS[1]; TYEAR = T_YEAR[1] }
}

# ranges
stats DATA using 1 nooutput name "X"
stats DATA using 2 nooutput name "LO"
stats DATA using 6 nooutput name "HI"
stats DATA using 7 nooutput name "MEAN"
ymin = (LO_min < MEAN_min) ? LO_min : MEAN_min
ymax = (HI_max > MEAN_max) ? HI_max : MEAN_max
if (HAVE_T) { ymin = (THR < ymin) ? THR : ymin; ymax = (THR > ymax) ? THR : ymax }
span = ymax - ymin
if (span <= 0) { span = (abs(ymax) > 0) ? abs(ymax) * 0.2 : 1 }
ylo = ymin - 0.08 * span; yhi = ymax + 0.10 * span
if (ymin >= 0 && ylo < 0) { ylo = (ymin > 0) ? 0 : -0.025 * span }
x0 = X_min; x1 = X_max
if (HAVE_T) { x1 = (TYEAR > x1) ? TYEAR : x1 }

# final-year values for the end labels
stats DATA using ($1 == X_max ? $4 : NaN) nooutput name "ENDM"
stats DATA using ($1 == X_max ? $2 : NaN) nooutput name "END5"
stats DATA using ($1 == X_max ? $6 : NaN) nooutput name "END95"
yr = yhi - ylo
UNIT = M_PCT ? " %" : ""

set xrange [x0 - 0.25 : x1 + 0.25]
set yrange [ylo : yhi]
set xtics 1 format "%.0f"
set mxtics 1
YSTEP = tstep(yhi - ylo, M_KIND eq "count")
DEC = sdec(YSTEP)
set ytics YSTEP
# numbers written on the chart: three significant digits (6.47 %, 12.8, 0.664, 1812)
LDEC(v) = (M_KIND eq "count" || v == 0) ? 0 : (_l = 2 - floor(log10(abs(v))), _l < 0 ? 0 : _l)     # numbers written on the chart
set format y (M_PCT ? "%." . DEC . "f %%" : "%." . DEC . "f")
set xlabel L_year_axis
set ylabel M_UNIT
set rmargin 16
set bmargin 8
set key at screen 0.47, screen 0.085 center center horizontal reverse Left maxrows 2 width -2 samplen 2.5 spacing 1.25 font ",12"

SUB = sprintf(L_scenario, P_SCEN) . (P_RUNS ne "" ? " · " . sprintf(L_runs, thou(int(P_RUNS))) : "")
if (HAVE_T) {
    SUB = SUB . " · " . sprintf(L_p_in, T_COND[1], TYEAR, pctci(T_P[1], T_LO[1], T_HI[1]))
}
set title M_TITLE . ", " . sprintf("%d–%d", X_min, X_max) . "\n" . SUB
eval FOOT_CMD

# end-of-horizon labels (skip the band ends when they would touch the median label)
set label 1 sprintf(L_end_median . " %." . LDEC(ENDM_max) . "f" . UNIT, ENDM_max) at X_max, ENDM_max offset 2.2, 0 left font ",12" tc rgb C_DARK front
if ((END95_max - ENDM_max) / yr > 0.05) {
    set label 2 sprintf(L_end_p95 . " %." . LDEC(END95_max) . "f" . UNIT, END95_max) at X_max, END95_max offset 2.2, 0 left font ",11" tc rgb "#4a6f94" front
}
if ((ENDM_max - END5_max) / yr > 0.05) {
    set label 3 sprintf(L_end_p05 . " %." . LDEC(END5_max) . "f" . UNIT, END5_max) at X_max, END5_max offset 2.2, 0 left font ",11" tc rgb "#4a6f94" front
}

TGT_TITLE = HAVE_T ? sprintf(L_target_for, TYEAR, T_COND[1] . (M_KIND eq "count" ? " " . M_UNIT : "")) : ""
TGT_Y(x) = HAVE_T ? THR : NaN
set samples 2

do for [FMT in "png svg"] {
    if (FMT eq "png") { eval term_png } else { eval term_svg }
    set output OUT . "." . FMT
    plot DATA using 1:2:6 with filledcurves fc rgb C_BAND9 title L_band90, \
         DATA using 1:3:5 with filledcurves fc rgb C_BAND5 title L_band50, \
         DATA using 1:4 with linespoints lw 3 lc rgb C_DARK pt 7 ps 1.1 title L_median, \
         DATA using 1:7 with lines lw 2 dt (8, 6) lc rgb "#f28e2b" title L_mean, \
         TGT_Y(x) with lines lw 2.2 dt (4, 4) lc rgb C_TGT title TGT_TITLE, \
         "+" using (HAVE_T ? TYEAR : NaN):(HAVE_T ? THR : NaN) with points pt 9 ps 2.6 lc rgb C_TGT notitle
    unset output
}
