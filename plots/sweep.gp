# sweep.gp — P(target met) across a parameter sweep (from sweep.tsv).
# Two varied keys: a heat map over the grid (first key on x, second on y), colour bar
# 0–100 %, the probability printed in each cell (with its 95 % interval when the grid
# is small). One varied key: P(target) against the parameter with 95 % interval bars.
#
# Call:  gnuplot -c plots/sweep.gp SWEEP_TSV TARGET OUTSTEM [TARGETS_TSV|-] [LABEL]
#   SWEEP_TSV    parksim sweep.tsv (columns: point, the varied keys, then p_/lo_/hi_<target>)
#   TARGET       target name, e.g. national_zones, rd_intensity, all; or "+" (see above)
#   OUTSTEM      output path without extension; writes OUTSTEM.png and OUTSTEM.svg
#   TARGETS_TSV  parksim targets.tsv, for the target's threshold in the title (optional)
#   LABEL        scenario label for the title (default: stem of the "# scenario:" line)
# Example: gnuplot -c plots/sweep.gp out/sweep.tsv rd_intensity out/plots/sweep_rd_intensity

_d(s, i) = (i < 1) ? "" : (s[i:i] eq "/" ? s[1:i] : _d(s, i - 1))
GPDIR = _d(ARG0, strlen(ARG0)); if (GPDIR eq "") { GPDIR = "./" }
load GPDIR . "lib/common.gp"

if (ARGC < 3) { print "usage: gnuplot -c sweep.gp SWEEP_TSV TARGET OUTSTEM [TARGETS_TSV|-] [LABEL]"; exit status 2 }
FILE = ARG1; TGT = ARG2; OUT = ARG3
TFILE = (ARGC >= 4) ? ARG4 : "-"
LABEL = (ARGC >= 5) ? ARG5 : ""
if (!readable(FILE)) { print "sweep.gp: cannot read " . FILE; exit status 2 }

# varied keys: the columns between "point" and the first p_ column
COLS = system(AWK . " -f " . sq(GPDIR . "lib/tsv.awk") . " -v header=1 " . sq(FILE))
KEYS = ""; NK = 0; HAVE_P = 0
do for [i = 2:words(COLS)] {
    c = word(COLS, i)
    if (c[1:2] eq "p_" || c[1:3] eq "lo_" || c[1:3] eq "hi_") { break }
    KEYS = KEYS . " " . c; NK = NK + 1
}
do for [i = 1:words(COLS)] { if (word(COLS, i) eq "p_" . TGT) { HAVE_P = 1 } }
# all targets of the file (for the overview)
PT = ""
do for [i = 1:words(COLS)] { c = word(COLS, i); if (c[1:2] eq "p_") { PT = PT . " " . c[3:] } }
NPT = words(PT)
if (TGT eq "+") { HAVE_P = (NPT > 0) }
if (!HAVE_P) { print "sweep.gp: no column p_" . TGT . " in " . FILE; exit status 2 }
_miss = (TGT eq "+") ? "" : missing(FILE, "lo_" . TGT . ",hi_" . TGT)
if (_miss ne "") { print "sweep.gp: " . FILE . ": no column(s) " . _miss . " in the header"; exit status 2 }
if (TGT eq "+" && NK != 1) { print "sweep.gp: the all-targets overview (+) needs a one-key sweep"; exit status 2 }
if (NK < 1) { print sprintf("sweep.gp: no varied key (columns between point and p_...) in %s", FILE); exit status 2 }
if (NK > 2) { print sprintf("sweep.gp: %s varies %d keys; only sweeps over 1 or 2 keys are drawn", FILE, NK); exit status NOTHING }
K1 = word(KEYS, 1); K2 = (NK == 2) ? word(KEYS, 2) : ""
# axes: the settings' human names and units (labels.tsv), values scaled to that unit
K1_L = lab("setting." . K1); K1_S = sprintf("%.10g", setting_scale(K1))
K2_L = (NK == 2) ? lab("setting." . K2) : ""; K2_S = (NK == 2) ? sprintf("%.10g", setting_scale(K2)) : "1"
# the targets "all" stands for: every other p_ column, met together in the same run
ALLT = ""
do for [i = 1:NPT] { if (word(PT, i) ne "all") { ALLT = ALLT . (ALLT eq "" ? "" : ", ") . word(PT, i) } }
ALL_DESC = sprintf(L_all_short, NPT - 1)
ALL_LINE = (TGT eq "all" || TGT eq "+") ? "\n" . sprintf(L_all_jointly, NPT - 1, ALLT) : ""

eval system(meta("-v mode=prov -v label=" . sq(LABEL) . " " . sq(FILE)))
# what the target means
TDESC = TGT; TYEAR_S = ""
if (TGT eq "all") { TDESC = ALL_DESC } else {
    eval system(meta("-v mode=metric -v name=" . sq(TGT) . " " . sq(METRICS_TSV)))
    TDESC = sprintf(L_target_met, M_SHORT)
}
if (readable(TFILE) && TGT ne "all") {
    eval system(meta("-v mode=targets " . sq(METRICS_TSV) . " " . sq(TFILE)))
    do for [j = 1:NT] { if (T_NAME[j] eq TGT) { TDESC = T_DESC[j]; TYEAR_S = sprintf(L_in_year, T_YEAR[j]) } }
}
array PDESC[NPT > 0 ? NPT : 1]
do for [i = 1:NPT] {
    tn = word(PT, i)
    if (tn eq "all") { PDESC[i] = sprintf(L_all_n, NPT - 1); PDESC[i] = PDESC[i][1:strstrt(PDESC[i], "\n") - 1] . " " . PDESC[i][strstrt(PDESC[i], "\n") + 1:] } else {
        eval system(meta("-v mode=metric -v name=" . sq(tn) . " " . sq(METRICS_TSV)))
        PDESC[i] = M_SHORT
    }
}
if (readable(TFILE)) {
    eval system(meta("-v mode=targets " . sq(METRICS_TSV) . " " . sq(TFILE)))
    do for [i = 1:NPT] { do for [j = 1:NT] { if (T_NAME[j] eq word(PT, i)) { PDESC[i] = T_DESC[j] } } }
}
if (TGT eq "+") { if (readable(TFILE) && NT > 0) { TYEAR_S = sprintf(L_in_year, T_YEAR[1]) } }
if (readable(TFILE) && TGT eq "all") {
    eval system(meta("-v mode=targets " . sq(METRICS_TSV) . " " . sq(TFILE)))
    if (NT > 0) { TYEAR_S = sprintf(L_in_year, T_YEAR[1]) }
}

RUNS_S = (P_RUNS ne "") ? sprintf(L_runs_per_point, thou(int(P_RUNS))) : ""
SUB = sprintf(L_scenario, P_SCEN) . (RUNS_S ne "" ? " · " . RUNS_S : "")
eval FOOT_CMD
# the probabilities a planner asks about: 50 % and 80 % guides on the curve charts
GUIDES = "set arrow 11 from graph 0, first 50 to graph 1, first 50 nohead lw 1.5 dt (7, 5) lc rgb '#666666' back; " . \
    "set arrow 12 from graph 0, first 80 to graph 1, first 80 nohead lw 1.5 dt (7, 5) lc rgb C_TGT back; " . \
    "set label 11 L_guide50 at graph 0.99, first 50 right offset 0, 0.7 font ',10' tc rgb '#666666' back; " . \
    "set label 12 L_guide80 at graph 0.99, first 80 right offset 0, 0.7 font ',10' tc rgb C_TGT back"

if (NK == 2) {
    DATA = "< " . tsvkeep(FILE, K1 . "," . K2 . ",p_" . TGT . ",lo_" . TGT . ",hi_" . TGT, "", K1_S . "," . K2_S . ",100,100,100")
    N = int(system(DATA[3:] . " | grep -c . || true"))
    NX = int(system(tsv(FILE, K1, "", "") . " | sort -u | wc -l"))
    NY = int(system(tsv(FILE, K2, "", "") . " | sort -u | wc -l"))
    stats DATA using 1:2 nooutput name "G"
    DX = (NX > 1) ? (G_max_x - G_min_x) / (NX - 1) : 1
    DY = (NY > 1) ? (G_max_y - G_min_y) / (NY - 1) : 1
    DECX = decs(DX * 6); DECY = decs(DY * 6)
    # contour lines at 50 % and 80 % through the grid (needs 2 x 2 points): gnuplot's
    # contouring of the scan lines into a temporary table, tagged with the level (before
    # the tic formats are set: a table writes its numbers in them)
    CNT = system("mktemp")
    HAVE_CNT = (NX >= 2 && NY >= 2)
    if (HAVE_CNT) {
        GRID = DATA . " | grep . | sort -t'	' -k1,1g -k2,2g | " . AWK . " -F'	' 'NR > 1 && $1 != p { print \"\" } { p = $1; print }'"
        set zrange [-1 : 101]; set contour base; set cntrparam linear; set cntrparam levels discrete 50, 80; unset surface
        set table CNT
        splot GRID using 1:2:3 with lines notitle
        unset table; unset contour; set surface
    }
    # (a point far outside the plot for each level, so that a level without a line is no warning)
    CDATA = "< " . AWK . " '/^# Contour/ { lev = $NF } /^#/ || NF < 3 { print \"\"; next } { print $1, $2, lev } " . \
        "END { print \"\"; print 1e30, 1e30, 50; print \"\"; print 1e30, 1e30, 80 }' " . sq(CNT)
    clev(l) = CDATA
    set xrange [G_min_x - DX / 2 : G_max_x + DX / 2]
    set yrange [G_min_y - DY / 2 : G_max_y + DY / 2]
    if (NX <= 15) { set xtics G_min_x, DX, G_max_x format "%." . DECX . "f" } else { set xtics format "%." . DECX . "f" }
    if (NY <= 15) { set ytics G_min_y, DY, G_max_y format "%." . DECY . "f" } else { set ytics format "%." . DECY . "f" }
    set tics nomirror out scale 0.6
    set grid noxtics noytics
    set border 15 lc rgb "#404040"
    set xlabel K1_L
    set ylabel K2_L
    set cbrange [0 : 100]
    set cbtics 0, 20, 100 format "%g %%"
    set cblabel sprintf(L_p_target_met, TYEAR_S) offset 1, 0
    set palette defined (0 "#440154", 0.25 "#3b528b", 0.5 "#21918c", 0.75 "#5ec962", 1 "#fde725")
    set colorbox user origin screen 0.88, screen 0.16 size screen 0.025, screen 0.66
    set rmargin at screen 0.84
    set bmargin 5
    unset key
    set title sprintf(L_across_sweep, TDESC, TYEAR_S) . ALL_LINE . "\n" . SUB . " · " . L_contours
    # numbers in the cells: always the probability; the interval too when cells are big enough
    # cell size in pixels (plot area is about 910 x 560) decides what fits in a cell
    CW = 910.0 / NX; CH = 560.0 / NY
    BIG = (CW >= 90 && CH >= 45)
    SHOW = (CW >= 24 && CH >= 14)
    cell(p, lo, hi) = BIG ? sprintf("%s %%\n(%.0f–%.0f)", pct(p), lo, hi) : (SHOW ? pct(p) : "")
    FS = BIG ? 12 : int((CW / 2.6 < CH / 1.5 ? CW / 2.6 : CH / 1.5)); FS = (FS > 12) ? 12 : (FS < 7 ? 7 : FS)
    do for [FMT in "png svg"] {
        if (FMT eq "png") { eval term_png } else { eval term_svg }
        set output OUT . "." . FMT
        # svg: one rectangle per cell (viewers would smooth an embedded bitmap into a
        # gradient); png: a plain image (rectangles leave faint anti-aliasing seams)
        if (FMT eq "svg") {
            plot DATA using 1:2:3 with image pixels, \
                 clev(0) using 1:($3 == 50 || $3 == 80 ? $2 : NaN) with lines lw 5 lc rgb "#222222" notitle, \
                 clev(0) using 1:($3 == 50 ? $2 : NaN) with lines lw 2.5 dt (6, 4) lc rgb "#ffffff" notitle, \
                 clev(0) using 1:($3 == 80 ? $2 : NaN) with lines lw 2.5 lc rgb "#ffffff" notitle, \
                 DATA using 1:2:($3 < 62 ? cell($3, $4, $5) : "") with labels center font sprintf(",%d", FS) tc rgb "#ffffff", \
                 DATA using 1:2:($3 >= 62 ? cell($3, $4, $5) : "") with labels center font sprintf(",%d", FS) tc rgb "#000000"
        } else {
            plot DATA using 1:2:3 with image, \
                 clev(0) using 1:($3 == 50 || $3 == 80 ? $2 : NaN) with lines lw 5 lc rgb "#222222" notitle, \
                 clev(0) using 1:($3 == 50 ? $2 : NaN) with lines lw 2.5 dt (6, 4) lc rgb "#ffffff" notitle, \
                 clev(0) using 1:($3 == 80 ? $2 : NaN) with lines lw 2.5 lc rgb "#ffffff" notitle, \
                 DATA using 1:2:($3 < 62 ? cell($3, $4, $5) : "") with labels center font sprintf(",%d", FS) tc rgb "#ffffff", \
                 DATA using 1:2:($3 >= 62 ? cell($3, $4, $5) : "") with labels center font sprintf(",%d", FS) tc rgb "#000000"
        }
        unset output
    }
    system "rm -f " . sq(CNT)
} else { if (TGT eq "+") {
    pdat(i) = "< " . tsv(FILE, K1 . ",p_" . word(PT, i) . ",lo_" . word(PT, i) . ",hi_" . word(PT, i), "", K1_S . ",100,100,100")
    stats pdat(1) using 1 nooutput name "G"
    DX = (G_max - G_min) > 0 ? (G_max - G_min) : 1
    set xrange [G_min - 0.04 * DX : G_max + 0.04 * DX]
    set xtics format "%." . decs(DX) . "f"
    set yrange [-2 : 102]
    set ytics 0, 10, 100 format "%g %%"
    set xlabel K1_L
    set ylabel sprintf(L_p_target_met, TYEAR_S)
    set bmargin 5
    set rmargin 38
    set style fill transparent solid 0.13 noborder
    set key outside right top vertical Left reverse samplen 2.5 spacing 1.35 font ",12" width 0
    set title sprintf(L_each_target, TYEAR_S, K1_L) . ALL_LINE . "\n" . SUB . " · " . L_shading95
    eval GUIDES
    do for [FMT in "png svg"] {
        if (FMT eq "png") { eval term_png } else { eval term_svg }
        set output OUT . "." . FMT
        plot for [i = 1:NPT] pdat(i) using 1:3:4 with filledcurves fc rgb (word(PT, i) eq "all" ? "#000000" : scol(i)) notitle, \
             for [i = 1:NPT] pdat(i) using 1:2 with linespoints lw (word(PT, i) eq "all" ? 3.2 : 2.4) \
                 pt (word(PT, i) eq "all" ? 5 : 7) ps 1.0 lc rgb (word(PT, i) eq "all" ? "#000000" : scol(i)) title PDESC[i]
        unset output
    }
} else {
    DATA = "< " . tsv(FILE, K1 . ",p_" . TGT . ",lo_" . TGT . ",hi_" . TGT, "", K1_S . ",100,100,100")
    stats DATA using 1 nooutput name "G"
    DX = (G_max - G_min) > 0 ? (G_max - G_min) : 1
    set xrange [G_min - 0.04 * DX : G_max + 0.04 * DX]
    set xtics format "%." . decs(DX) . "f"
    set yrange [-2 : 102]
    set ytics 0, 10, 100 format "%g %%"
    set xlabel K1_L
    set ylabel sprintf(L_p_of, TGT eq "all" ? L_all_targets_together : TDESC, TYEAR_S)
    set bmargin 5
    set key at graph 0.02, graph 0.98 left top Left reverse samplen 2 font ",12" box lc rgb "#cccccc" opaque
    set title sprintf(L_against, TDESC, TYEAR_S, K1_L) . ALL_LINE . "\n" . SUB
    eval GUIDES
    do for [FMT in "png svg"] {
        if (FMT eq "png") { eval term_png } else { eval term_svg }
        set output OUT . "." . FMT
        plot DATA using 1:2:3:4 with yerrorbars lw 1.6 pt 7 ps 1.2 lc rgb C_DARK title L_p_with_ci, \
             DATA using 1:2 with lines lw 2.2 lc rgb C_DARK notitle
        unset output
    }
}
}
