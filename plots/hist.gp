# hist.gp — histogram of one metric's horizon value (2020) over all Monte Carlo runs
# (from runs.tsv). When targets.tsv has a target on the metric: the threshold as a
# vertical line, runs meeting the target in green and the others in grey (split by the
# run's met_<target> column when runs.tsv has it), and P(target met) with its 95 % CI
# in the title. The median run is marked too.
#
# Call:  gnuplot -c plots/hist.gp RUNS_TSV METRIC OUTSTEM [TARGETS_TSV|-] [LABEL]
#   RUNS_TSV     parksim runs.tsv (one row per run; columns found by header name)
#   METRIC       metric column to draw, e.g. national_zones
#   OUTSTEM      output path without extension; writes OUTSTEM.png and OUTSTEM.svg
#   TARGETS_TSV  parksim targets.tsv ("-" or missing: no threshold)
#   LABEL        scenario label for the title (default: stem of the "# scenario:" line)
# Example: gnuplot -c plots/hist.gp out/runs.tsv rd_intensity out/plots/hist_rd_intensity out/targets.tsv

_d(s, i) = (i < 1) ? "" : (s[i:i] eq "/" ? s[1:i] : _d(s, i - 1))
GPDIR = _d(ARG0, strlen(ARG0)); if (GPDIR eq "") { GPDIR = "./" }
load GPDIR . "lib/common.gp"

if (ARGC < 3) { print "usage: gnuplot -c hist.gp RUNS_TSV METRIC OUTSTEM [TARGETS_TSV|-] [LABEL]"; exit status 2 }
FILE = ARG1; METRIC = ARG2; OUT = ARG3
TFILE = (ARGC >= 4) ? ARG4 : "-"
LABEL = (ARGC >= 5) ? ARG5 : ""
if (!readable(FILE)) { print "hist.gp: cannot read " . FILE; exit status 2 }

hascol(f, c) = int(system(AWK . " -f " . sq(GPDIR . "lib/tsv.awk") . " -v has=" . sq(c) . " " . sq(f)))
if (!hascol(FILE, METRIC)) { print "hist.gp: no column '" . METRIC . "' in " . FILE; exit status 2 }

eval system(meta("-v mode=prov -v label=" . sq(LABEL) . " " . sq(FILE)))
eval system(meta("-v mode=metric -v name=" . sq(METRIC) . " " . sq(METRICS_TSV)))

HAVE_T = 0; HAVE_MET = 0
if (readable(TFILE)) {
    eval system(meta("-v mode=targets -v only=" . sq(METRIC) . " " . sq(METRICS_TSV) . " " . sq(TFILE)))
    if (NT > 0) {
        HAVE_T = 1; THR = T_THRS[1]; TOP = T_OP[1]
        HAVE_MET = hascol(FILE, "met_" . T_NAME[1])
    }
}
S = sprintf("%.10g", M_SCALE)
DATA = "< " . tsvnum(FILE, METRIC . (HAVE_MET ? ",met_" . T_NAME[1] : ",@0"), "", S . ",1")
N = nlines(DATA[3:])
if (N == 0) { print "hist.gp: no numeric values of '" . METRIC . "' in " . FILE; exit status NOTHING }

stats DATA using 1 nooutput name "V"
stats DATA using 2 nooutput name "MET"
vmin = V_min; vmax = V_max
if (HAVE_T) { vmin = (THR < vmin) ? THR : vmin; vmax = (THR > vmax) ? THR : vmax }
range = vmax - vmin
# bins: ~2 sqrt(N) of them (8..40); counts get integer widths centred on integers;
# bin edges are aligned on the threshold so no bin straddles it
NB = int(2 * sqrt(N)); NB = (NB < 8) ? 8 : (NB > 40) ? 40 : NB
if (M_KIND eq "count") {
    W = (range <= NB) ? 1 : ceil(range / NB)
    ORIG = HAVE_T ? (TOP eq ">" ? floor(THR) + 0.5 : ceil(THR) - 0.5) : floor(vmin) - 0.5
} else {
    W = (range > 0) ? nicestep(range / NB) : ((abs(vmax) > 0) ? abs(vmax) * 0.01 : 1)
    ORIG = HAVE_T ? THR : 0
}
bin(x) = ORIG + W * floor((x - ORIG) / W) + W / 2.0
xlo = bin(vmin) - W * 1.5; xhi = bin(vmax) + W * 1.5
P_MET = HAVE_T ? T_P[1] : NaN
if (HAVE_T && !HAVE_MET) { P_MET = NaN }

YEAR_S = HAVE_T ? sprintf("%d", T_YEAR[1]) : L_final_year
set xrange [xlo : xhi]
set yrange [0 : *]
set offsets 0, 0, graph 0.12, 0
set boxwidth W * 0.92 absolute
set style fill solid 0.9 noborder
UNIT = M_PCT ? " %" : ""
XSTEP = tstep(xhi - xlo, M_KIND eq "count")
DEC = sdec(XSTEP)
set xtics XSTEP
# numbers written on the chart: three significant digits (6.47 %, 12.8, 0.664, 1812)
LDEC(v) = (M_KIND eq "count" || v == 0) ? 0 : (_l = 2 - floor(log10(abs(v))), _l < 0 ? 0 : _l)
set format x (M_PCT ? "%." . DEC . "f %%" : "%." . DEC . "f")
set format y "%g %%"
set xlabel sprintf(L_hist_xlabel, M_SHORT, YEAR_S, M_UNIT)
set ylabel L_share_of_runs
set bmargin 7
set key at screen 0.5, screen 0.075 center center horizontal reverse Left maxrows 1 width -1 samplen 2 font ",12"

SUB = sprintf(L_scenario, P_SCEN) . " · " . sprintf(L_distribution_over, thou(N))
if (HAVE_T) { SUB = SUB . "\n" . sprintf(L_p_in, T_COND[1] . (M_KIND eq "count" ? " " . M_UNIT : ""), int(YEAR_S), pctci(T_P[1], T_LO[1], T_HI[1])) }
set title sprintf(L_hist_title, M_TITLE, YEAR_S) . "\n" . SUB
eval FOOT_CMD

if (HAVE_T) {
    set arrow 1 from THR, graph 0 to THR, graph 1 nohead lc rgb C_TGT lw 2.5 dt (6, 4) front
    set label 1 L_target_line . " " . T_COND[1] at THR, graph 0.97 offset 0.6, 0 left font ",12" tc rgb C_TGT front
}
set arrow 2 from V_median, graph 0 to V_median, graph 0.88 nohead lc rgb C_DARK lw 1.8 dt (2, 3) front
set label 2 sprintf(L_median_line . " %." . LDEC(V_median) . "f" . UNIT, V_median) at V_median, graph 0.91 center font ",11" tc rgb C_DARK front
# keep the labels inside the plot and apart: the target label goes on the left of its
# line near the right edge; a median label close to the target goes on the far side
if (HAVE_T) {
    TL_LEFT = ((xhi - THR) / (xhi - xlo) < 0.18)
    if (abs(V_median - THR) / (xhi - xlo) < 0.18) { TL_LEFT = (V_median > THR) }
    if (TL_LEFT) { set label 1 at THR, graph 0.97 right offset -0.6, 0 }
    if (abs(V_median - THR) / (xhi - xlo) < 0.18) {
        if (V_median < THR) { set label 2 at V_median, graph 0.91 right offset -0.6, 0 }
        if (V_median >= THR) { set label 2 at V_median, graph 0.91 left offset 0.6, 0 }
    }
}

# runs meeting the target (met column, or bin side of the threshold when there is none)
in_met(x, m) = HAVE_MET ? (m > 0.5) : (!HAVE_T ? 0 : (TOP eq ">" ? (bin(x) > THR) : (TOP eq ">=" ? (bin(x) >= THR) : (TOP eq "<" ? (bin(x) < THR) : (bin(x) <= THR)))))
K = 100.0 / N
T_MISS = HAVE_T ? L_runs_missing : L_runs_all
T_MET = HAVE_T ? sprintf(L_runs_meeting, pct(HAVE_MET ? MET_mean * 100 : T_P[1])) : ""

do for [FMT in "png svg"] {
    if (FMT eq "png") { eval term_png } else { eval term_svg }
    set output OUT . "." . FMT
    plot DATA using (bin($1)):(K) smooth frequency with boxes fc rgb (HAVE_T ? C_MISS : C_BAND5) title T_MISS, \
         DATA using (bin($1)):(in_met($1, $2) ? K : 0) smooth frequency with boxes fc rgb C_MET title T_MET
    unset output
}
