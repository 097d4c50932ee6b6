# zones.gp — which zones? (from zones.tsv)
# Left: the provincial zones most likely to be national by the horizon; right: the
# national zones most likely to be land-limited (realised GDP below potential for lack of
# land) in the horizon year. Top 20 of each, bars with 95 % Wilson intervals. A zone of
# the synthetic provincial pool (origin = synthetic in zones.tsv: a real city's name,
# synthesised figures) is marked "(synthetic)" / "（合成）".
#
# Call:  gnuplot -c plots/zones.gp ZONES_TSV OUTSTEM [LABEL]
#   ZONES_TSV  parksim zones.tsv
#   OUTSTEM    output path without extension; writes OUTSTEM.png and OUTSTEM.svg
#   LABEL      scenario label for the title (default: stem of the "# scenario:" line)
# Example: gnuplot -c plots/zones.gp out/zones.tsv out/plots/zones

_d(s, i) = (i < 1) ? "" : (s[i:i] eq "/" ? s[1:i] : _d(s, i - 1))
GPDIR = _d(ARG0, strlen(ARG0)); if (GPDIR eq "") { GPDIR = "./" }
load GPDIR . "lib/common.gp"

if (ARGC < 2) { print "usage: gnuplot -c zones.gp ZONES_TSV OUTSTEM [LABEL]"; exit status 2 }
FILE = ARG1; OUT = ARG2
LABEL = (ARGC >= 3) ? ARG3 : ""
if (!readable(FILE)) { print "zones.gp: cannot read " . FILE; exit status 2 }

ZA(panel, mode) = sprintf("%s -f %s -v panel=%s -v mode=%s -v lang=%s -v labels=%s -v mark=%s %s", AWK, \
    sq(GPDIR . "lib/zones.awk"), panel, mode, sq(PLOT_LANG), sq(LABELS_TSV), sq(L_synthetic_mark), sq(FILE))
NUP = int(system(ZA("up", "count"))); NLAND = int(system(ZA("land", "count")))
HY = int(system(ZA("land", "year")))
if (NUP + NLAND == 0) { print "zones.gp: no zones in " . FILE; exit status NOTHING }
eval system(meta("-v mode=prov -v label=" . sq(LABEL) . " " . sq(FILE)))
SUB = sprintf(L_scenario, P_SCEN) . (P_RUNS ne "" ? " · " . sprintf(L_runs, thou(int(P_RUNS))) : "")
eval FOOT_CMD
TOP = 20
set datafile separator "\t"

# one panel: horizontal bars (rank 1 at the top), the interval as error bars, the
# probability printed beside each bar
DUP = "< " . ZA("up", "rows"); DLAND = "< " . ZA("land", "rows")
lx(hi) = (hi + 2 < 100) ? hi + 1.5 : 99
do for [FMT in "png svg"] {
    if (FMT eq "png") {
        set terminal pngcairo size 1600,900 font FONT . ",12" linewidth 1.3 rounded noenhanced background '#ffffff'
    } else {
        set terminal svg size 1600,900 dynamic font FONT . ",12" fontscale 1.25 linewidth 1.3 rounded noenhanced background '#ffffff'
    }
    set output OUT . "." . FMT
    set multiplot title SUB . "\n" . L_zones_synthetic_note font ",11"
    set style fill solid 1.0 noborder
    set xrange [0 : 108]
    set xtics 0, 20, 100 format "%g" font ",10"
    set ytics nomirror scale 0 font ",10"
    set border 1 lc rgb "#404040"
    set grid xtics lc rgb "#e0e0e0"
    set xlabel L_zones_axis font ",10"
    set bmargin 4
    set tmargin 5
    unset label 99
    # left panel
    set origin 0, 0.0
    set size 0.5, 0.93
    set lmargin 40
    set rmargin 4
    N1 = (NUP < TOP) ? NUP : TOP
    if (N1 > 0) {
        set yrange [0.4 : N1 + 0.6]
        set title sprintf(L_zones_up_title, HY) font ",12"
        plot DUP using ($2 / 2):(N1 - $1 + 1):(0):2:(N1 - $1 + 0.62):(N1 - $1 + 1.38) with boxxyerror fc rgb "#2c7fb8" notitle, \
             DUP using 2:(N1 - $1 + 1):3:4:yticlabels(5) with xerrorbars lc rgb "#303030" pt -1 notitle, \
             DUP using (lx($4)):(N1 - $1 + 1):(pct($2) . " %") with labels left font ",9" notitle
    }
    # right panel, with the provenance footer
    set origin 0.5, 0.0
    eval FOOT_CMD
    N2 = (NLAND < TOP) ? NLAND : TOP
    if (N2 > 0) {
        set yrange [0.4 : N2 + 0.6]
        set title sprintf(L_zones_land_title, HY) font ",12"
        plot DLAND using ($2 / 2):(N2 - $1 + 1):(0):2:(N2 - $1 + 0.62):(N2 - $1 + 1.38) with boxxyerror fc rgb "#d95f0e" notitle, \
             DLAND using 2:(N2 - $1 + 1):3:4:yticlabels(5) with xerrorbars lc rgb "#303030" pt -1 notitle, \
             DLAND using (lx($4)):(N2 - $1 + 1):(pct($2) . " %") with labels left font ",9" notitle
    }
    unset multiplot
    unset output
}
