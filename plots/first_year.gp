# first_year.gp — when is each target first met? (from first_year.tsv)
# One horizontal bar per target, split into the share of runs whose first year meeting
# the target is 2016, 2017, ... (dark = early) and the share that never meet it by the
# horizon (grey). Shares of 5 % and more are printed in the segments.
#
# Call:  gnuplot -c plots/first_year.gp FIRST_YEAR_TSV OUTSTEM [TARGETS_TSV|-] [LABEL]
#   FIRST_YEAR_TSV  parksim first_year.tsv
#   OUTSTEM         output path without extension; writes OUTSTEM.png and OUTSTEM.svg
#   TARGETS_TSV     parksim targets.tsv, for thresholds in the target names (optional)
#   LABEL           scenario label for the title (default: stem of the "# scenario:" line)
# Example: gnuplot -c plots/first_year.gp out/first_year.tsv out/plots/first_year out/targets.tsv

_d(s, i) = (i < 1) ? "" : (s[i:i] eq "/" ? s[1:i] : _d(s, i - 1))
GPDIR = _d(ARG0, strlen(ARG0)); if (GPDIR eq "") { GPDIR = "./" }
load GPDIR . "lib/common.gp"

if (ARGC < 2) { print "usage: gnuplot -c first_year.gp FIRST_YEAR_TSV OUTSTEM [TARGETS_TSV|-] [LABEL]"; exit status 2 }
FILE = ARG1; OUT = ARG2
TFILE = (ARGC >= 3) ? ARG3 : "-"
LABEL = (ARGC >= 4) ? ARG4 : ""
if (!readable(FILE)) { print "first_year.gp: cannot read " . FILE; exit status 2 }

FY = AWK . " -f " . sq(GPDIR . "lib/first_year.awk")
TGTS = system(FY . " -v list=targets " . sq(FILE))
CATS = system(FY . " -v list=categories " . sq(FILE))
NTG = words(TGTS); NC = words(CATS)
if (NTG == 0) { print "first_year.gp: no rows in " . FILE; exit status 2 }
DATA = "< " . FY . " " . sq(FILE)
eval system(meta("-v mode=prov -v label=" . sq(LABEL) . " " . sq(FILE)))

HAVE_T = readable(TFILE)
if (HAVE_T) { eval system(meta("-v mode=targets " . sq(METRICS_TSV) . " " . sq(TFILE))) } else { NT = 0 }
TYEAR_S = ""
set ytics () nomirror scale 0 font ",12"
do for [i = 1:NTG] {
    tn = word(TGTS, i)
    eval system(meta("-v mode=metric -v name=" . sq(tn) . " " . sq(METRICS_TSV)))
    lbl = M_SHORT
    do for [j = 1:NT] { if (T_NAME[j] eq tn) { lbl = T_DESC[j]; TYEAR_S = " " . sprintf(L_targets_for, T_YEAR[j]) } }
    set ytics add (pesc(lbl) NTG - i + 1)
}

# colours: years from dark blue (early) to light green (late), "never" grey
YCOLS = "#253494 #2c7fb8 #41b6c4 #7fcdbb #c7e9b4"
NY = (word(CATS, NC) eq "never") ? NC - 1 : NC
ypick(k) = (NY > 1) ? int(1 + (k - 1.0) * 4 / (NY - 1) + 0.5) : 1
ccol(k) = (k > NY) ? "#cfcfcf" : word(YCOLS, ypick(k))
ctext(k) = (k > NY) ? L_never_met : sprintf(L_first_met_in, word(CATS, k))
tcol(k) = (k <= NY && ypick(k) <= 2) ? "#ffffff" : "#222222"

set xrange [0 : 100]
set yrange [0.4 : NTG + 0.6]
set xtics 0, 10, 100 format "%g %%"
unset grid
set border 1 lc rgb "#404040"
set xlabel L_share_of_runs
set lmargin 30
set bmargin 8
set key at screen 0.55, screen 0.075 center center horizontal Left reverse samplen 1.5 font ",12" width 0 maxrows 1
set style fill solid 1.0 noborder
SUB = sprintf(L_scenario, P_SCEN) . (P_RUNS ne "" ? " · " . sprintf(L_runs, thou(int(P_RUNS))) : "")
set title L_first_year_title . TYEAR_S . "\n" . SUB
eval FOOT_CMD

yc(t) = NTG - t + 1
do for [FMT in "png svg"] {
    if (FMT eq "png") { eval term_png } else { eval term_svg }
    set output OUT . "." . FMT
    plot for [k = 1:NC] DATA using (($3 + $4) / 2):($2 == k ? yc($1) : NaN):3:4:(yc($1) - 0.33):(yc($1) + 0.33) \
             with boxxyerror fc rgb ccol(k) title ctext(k), \
         for [k = 1:NC] DATA using (($3 + $4) / 2):($2 == k && $5 >= 5 ? yc($1) : NaN):(pct($5) . " %") \
             with labels center font ",11" tc rgb tcol(k) notitle
    unset output
}
