# zones.gp — which zones? (from zones.tsv)
# Left: the provincial zones most likely to be national by the horizon; right: the
# national zones most likely to be land-limited (realised GDP below potential for lack of
# land) in the horizon year. Top 20 of each, bars with 95 % Wilson intervals. A zone of
# the synthetic provincial pool (origin = synthetic in zones.tsv: a real city's name,
# synthesised figures) is marked "(synthetic)" / "（合成）", a real zone whose base-year GDP
# is not published (its figures synthesised) "(synthetic figures)" / "（数据合成）".
#
# With PROVINCE, the same two panels for that province's zones only (all of them when
# fewer than 20; the titles name the province and say "top 20 of N" when it has more).
# A panel with no zone to rank says so; with no zone in either panel nothing is drawn
# (exit 3: render.sh notes it as skipped).
#
# Call:  gnuplot -c plots/zones.gp ZONES_TSV OUTSTEM [LABEL] [PROVINCE]
#   ZONES_TSV  parksim zones.tsv
#   OUTSTEM    output path without extension; writes OUTSTEM.png and OUTSTEM.svg
#   LABEL      scenario label for the title (default: stem of the "# scenario:" line; "" for it)
#   PROVINCE   a province as in zones.tsv, '_' for a space (Guangdong, Inner_Mongolia)
# Example: gnuplot -c plots/zones.gp out/zones.tsv out/plots/zones_Guangdong "" Guangdong

_d(s, i) = (i < 1) ? "" : (s[i:i] eq "/" ? s[1:i] : _d(s, i - 1))
GPDIR = _d(ARG0, strlen(ARG0)); if (GPDIR eq "") { GPDIR = "./" }
load GPDIR . "lib/common.gp"

if (ARGC < 2) { print "usage: gnuplot -c zones.gp ZONES_TSV OUTSTEM [LABEL] [PROVINCE]"; exit status 2 }
FILE = ARG1; OUT = ARG2
LABEL = (ARGC >= 3) ? ARG3 : ""
PROVINCE = (ARGC >= 4) ? ARG4 : ""
if (!readable(FILE)) { print "zones.gp: cannot read " . FILE; exit status 2 }

ZA(panel, mode) = sprintf("%s -f %s -v panel=%s -v mode=%s -v lang=%s -v labels=%s -v mark=%s -v fmark=%s -v province=%s %s", AWK, \
    sq(GPDIR . "lib/zones.awk"), panel, mode, sq(PLOT_LANG), sq(LABELS_TSV), sq(L_synthetic_mark), \
    sq(L_synthetic_figures_mark), sq(PROVINCE), sq(FILE))
NUP = int(system(ZA("up", "count"))); NLAND = int(system(ZA("land", "count")))
HY = int(system(ZA("land", "year")))
if (NUP + NLAND == 0) {
    print "zones.gp: no zones" . (PROVINCE ne "" ? " of " . PROVINCE : "") . " in " . FILE; exit status NOTHING
}
TOP = 20
# the panel titles; for one province a first line names it, and says "top 20 of N" when it
# has more; its two panels share one row spacing (rank 1 at the top of each)
if (PROVINCE ne "") {
    PNAME = lab("province." . PROVINCE)
    T_UP = PNAME . (NUP > TOP ? sprintf(L_zones_top, TOP, NUP) : "") . "\n" . sprintf(L_zones_up_title, HY)
    T_LAND = PNAME . (NLAND > TOP ? sprintf(L_zones_top, TOP, NLAND) : "") . "\n" . sprintf(L_zones_land_title, HY)
    E_UP = sprintf(L_zones_none_prov, PNAME); E_LAND = sprintf(L_zones_none_national_prov, PNAME)
} else {
    T_UP = sprintf(L_zones_up_title, HY); T_LAND = sprintf(L_zones_land_title, HY)
    E_UP = L_zones_none; E_LAND = L_zones_none_national
}
eval system(meta("-v mode=prov -v label=" . sq(LABEL) . " " . sq(FILE)))
SUB = sprintf(L_scenario, P_SCEN) . (P_RUNS ne "" ? " · " . sprintf(L_runs, thou(int(P_RUNS))) : "")
eval FOOT_CMD
set datafile separator "\t"

# one panel: horizontal bars (rank 1 at the top), the interval as error bars, the
# probability printed beside each bar
DUP = "< " . ZA("up", "rows"); DLAND = "< " . ZA("land", "rows")
lx(hi) = (hi + 2 < 100) ? hi + 1.5 : 99
# rows a panel of N bars spans: N, or for one province the longer panel's count, at
# least 10 (a province with 1 zone gets a bar of ordinary height, not a block)
_NMAX = (NUP > NLAND ? NUP : NLAND); _NMAX = (_NMAX < TOP) ? _NMAX : TOP; _NMAX = (_NMAX < 10) ? 10 : _NMAX
NS(n) = (PROVINCE ne "") ? _NMAX : n
# a panel with nothing to rank: its title and the sentence EMPTY in the middle
EMPTY_PANEL = "set yrange [0 : 1]; unset ytics; set label 98 EMPTY at graph 0.5, 0.55 center font ',12' tc rgb '#606060'; " . \
    "plot 1 / 0 notitle; unset label 98; set ytics nomirror scale 0 font ',10'"
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
    set title T_UP font ",12"
    if (N1 > 0) {
        set yrange [0.4 + N1 - NS(N1) : N1 + 0.6]
        plot DUP using ($2 / 2):(N1 - $1 + 1):(0):2:(N1 - $1 + 0.62):(N1 - $1 + 1.38) with boxxyerror fc rgb "#2c7fb8" notitle, \
             DUP using 2:(N1 - $1 + 1):3:4:yticlabels(5) with xerrorbars lc rgb "#303030" pt -1 notitle, \
             DUP using (lx($4)):(N1 - $1 + 1):(pct($2) . " %") with labels left font ",9" notitle
    } else { EMPTY = E_UP; eval EMPTY_PANEL }
    # right panel, with the provenance footer
    set origin 0.5, 0.0
    eval FOOT_CMD
    N2 = (NLAND < TOP) ? NLAND : TOP
    set title T_LAND font ",12"
    if (N2 > 0) {
        set yrange [0.4 + N2 - NS(N2) : N2 + 0.6]
        plot DLAND using ($2 / 2):(N2 - $1 + 1):(0):2:(N2 - $1 + 0.62):(N2 - $1 + 1.38) with boxxyerror fc rgb "#d95f0e" notitle, \
             DLAND using 2:(N2 - $1 + 1):3:4:yticlabels(5) with xerrorbars lc rgb "#303030" pt -1 notitle, \
             DLAND using (lx($4)):(N2 - $1 + 1):(pct($2) . " %") with labels left font ",9" notitle
    } else { EMPTY = E_LAND; eval EMPTY_PANEL }
    unset multiplot
    unset output
}
