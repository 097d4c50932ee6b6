# sensitivity.gp — which settings matter, from sensitivity.tsv (parksim sensitivity).
#   sobol    horizontal bars per input: total index ST (light) and first-order S1 (dark),
#            each with its 95 % bootstrap interval; the 15 largest by ST
#   given    the same with S1 only (first-order indices from an ordinary run)
#   tornado  P(target) (or the metric's mean) with each input at its 5 % and 95 %
#            quantile, bars from the base value, 95 % intervals; the 15 widest
#   morris   mu* against sigma, one point per input, the 10 largest named
# Call:  gnuplot -c plots/sensitivity.gp SENSITIVITY_TSV OUTPUT OUTSTEM [LABEL]
#   OUTPUT   a target name (rd_intensity) or a metric@year (rd_intensity@2020) of the file
# Example: gnuplot -c plots/sensitivity.gp out/sensitivity.tsv rd_intensity out/plots/sensitivity_rd_intensity

_d(s, i) = (i < 1) ? "" : (s[i:i] eq "/" ? s[1:i] : _d(s, i - 1))
GPDIR = _d(ARG0, strlen(ARG0)); if (GPDIR eq "") { GPDIR = "./" }
load GPDIR . "lib/common.gp"

if (ARGC < 3) { print "usage: gnuplot -c sensitivity.gp SENSITIVITY_TSV OUTPUT OUTSTEM [LABEL]"; exit status 2 }
FILE = ARG1; OUTPUT = ARG2; OUT = ARG3
LABEL = (ARGC >= 4) ? ARG4 : ""
if (!readable(FILE)) { print "sensitivity.gp: cannot read " . FILE; exit status 2 }
SAWK(mode) = sprintf("%s -f %s -v mode=%s -v out=%s -v lang=%s -v labels=%s %s", AWK, sq(GPDIR . "lib/sensitivity.awk"), \
    mode, sq(OUTPUT), sq(PLOT_LANG), sq(LABELS_TSV), sq(FILE))
METHOD = system(SAWK("method"))
eval system(meta("-v mode=prov -v label=" . sq(LABEL) . " " . sq(FILE)))
if (P_SCEN eq "" || P_SCEN eq "sensitivity") { P_SCEN = system(AWK . " '/^# source scenario:/ { print $NF; exit }' " . sq(FILE)) }
eval FOOT_CMD

# what the output is: a target's "met" or a metric in a year
AT = strstrt(OUTPUT, "@")
ONAME = (AT > 0) ? OUTPUT[1:AT - 1] : OUTPUT
OYEAR = (AT > 0) ? OUTPUT[AT + 1:] : ""
eval system(meta("-v mode=metric -v name=" . sq(ONAME) . " " . sq(METRICS_TSV)))
ODESC = (AT > 0) ? sprintf(L_sens_metric, M_SHORT, OYEAR) : sprintf(L_sens_target, (M_SHORT ne "" ? M_SHORT : ONAME))
SUB = sprintf(L_scenario, P_SCEN) . ((P_RUNS ne "") ? " · " . sprintf(L_runs, thou(int(P_RUNS))) : "")

TMP = system("mktemp")
set datafile separator "\t"
set datafile missing "NaN"
set tics nomirror out scale 0.6
set lmargin 46
set bmargin 5

if (METHOD eq "sobol" || METHOD eq "given") {
    system(SAWK("sobol") . " > " . sq(TMP))
    M = nlines("grep -v '^#' " . sq(TMP))
    if (M == 0) { print "sensitivity.gp: no finite index of " . OUTPUT . " in " . FILE . " (an output that never varies)"; system("rm -f " . sq(TMP)); exit status NOTHING }
    NIN = int(system(AWK . " -F'\t' '/^#n/ { print $2 }' " . sq(TMP)))
    set yrange [-0.7 : M - 0.3]
    set ytics scale 0 font ",11"
    set xrange [0 : *]
    set xtics format "%g"
    set grid xtics noytics
    set xlabel L_sens_share
    set key at graph 0.98, graph 0.04 right bottom Left reverse samplen 1.5 font ",12" box lc rgb "#cccccc" opaque
    set title sprintf(METHOD eq "given" ? L_sens_given_title : L_sens_sobol_title, ODESC) . "\n" . SUB . "\n" . \
        sprintf(L_sens_top, M, NIN) . " · " . L_sens_ci offset -12, 0
    BW = 0.36
    do for [FMT in "png svg"] {
        if (FMT eq "png") { eval term_png } else { eval term_svg }
        set output OUT . "." . FMT
        if (METHOD eq "given") {
            plot TMP using ($3 > 0 ? $3 / 2 : 0):1:($3 > 0 ? $3 / 2 : 0):(BW):ytic(2) with boxxyerror fc rgb C_DARK fs solid 0.85 title L_sens_s1, \
                 TMP using 3:1:4:5 with xerrorbars pt -1 lw 1.4 lc rgb "#000000" notitle
        } else {
            plot TMP using ($6 > 0 ? $6 / 2 : 0):($1 + 0.18):($6 > 0 ? $6 / 2 : 0):(0.17):ytic(2) with boxxyerror fc rgb C_BAND9 fs solid 1 title L_sens_st, \
                 TMP using ($3 > 0 ? $3 / 2 : 0):($1 - 0.18):($3 > 0 ? $3 / 2 : 0):(0.17) with boxxyerror fc rgb C_DARK fs solid 0.9 title L_sens_s1, \
                 TMP using 6:($1 + 0.18):7:8 with xerrorbars pt -1 lw 1.2 lc rgb "#404040" notitle, \
                 TMP using 3:($1 - 0.18):4:5 with xerrorbars pt -1 lw 1.2 lc rgb "#000000" notitle
        }
        unset output
    }
}
if (METHOD eq "tornado") {
    system(SAWK("tornado") . " > " . sq(TMP))
    M = nlines("cat " . sq(TMP))
    if (M == 0) { print "sensitivity.gp: no bars for " . OUTPUT . " in " . FILE; system("rm -f " . sq(TMP)); exit status NOTHING }
    BASE = real(system(AWK . " -F'\t' 'NR == 1 { print $9 }' " . sq(TMP)))
    set yrange [-0.7 : M - 0.3]
    set ytics scale 0 font ",11"
    set grid xtics noytics
    IS_P = (AT == 0)
    if (IS_P) { set xrange [0 : 100]; set xtics 0, 10, 100 format "%g %%" } else { set xtics format "%g" }
    set xlabel (IS_P ? sprintf(L_sens_p_axis, ODESC) : sprintf(L_sens_mean_axis, ODESC))
    set arrow 1 from first BASE, graph 0 to first BASE, graph 1 nohead lw 2 dt (6, 4) lc rgb "#333333" front
    set key at graph 0.98, graph 0.04 right bottom Left reverse samplen 1.5 font ",12" box lc rgb "#cccccc" opaque
    set title sprintf(L_sens_tornado_title, ODESC) . "\n" . SUB . "\n" . sprintf(L_sens_base, (IS_P ? pct(BASE) . " %" : sprintf("%.4g", BASE))) . " · " . L_sens_tornado_ci offset -12, 0
    do for [FMT in "png svg"] {
        if (FMT eq "png") { eval term_png } else { eval term_svg }
        set output OUT . "." . FMT
        plot TMP using ((BASE + $3) / 2):1:(abs($3 - BASE) / 2):(0.34):ytic(2) with boxxyerror fc rgb "#D55E00" fs solid 0.8 title L_sens_low, \
             TMP using ((BASE + $4) / 2):1:(abs($4 - BASE) / 2):(0.34) with boxxyerror fc rgb "#0072B2" fs solid 0.8 title L_sens_high, \
             TMP using 3:1:5:6 with xerrorbars pt -1 lw 1.2 lc rgb "#000000" notitle, \
             TMP using 4:1:7:8 with xerrorbars pt -1 lw 1.2 lc rgb "#000000" notitle
        unset output
    }
}
if (METHOD eq "morris") {
    system(SAWK("morris") . " > " . sq(TMP))
    M = nlines("cat " . sq(TMP))
    if (M == 0) { print "sensitivity.gp: no effects for " . OUTPUT . " in " . FILE; system("rm -f " . sq(TMP)); exit status NOTHING }
    set lmargin 12
    set rmargin 6
    set grid
    stats TMP using 2 nooutput name "MU"
    MX = (MU_max > 0) ? MU_max : 1
    # sigma at least a tenth of the largest mu* on the axis (a rounding-level sigma is no spread)
    eval sprintf("set yrange [0 : %.6g < *]", MX / 10)
    set xrange [0 : *]
    set offsets 0, graph 0.25, graph 0.08, 0
    set xlabel L_sens_mu_star
    set ylabel L_sens_sigma
    set title sprintf(L_sens_morris_title, ODESC) . "\n" . SUB . " · " . L_sens_morris_note
    do for [FMT in "png svg"] {
        if (FMT eq "png") { eval term_png } else { eval term_svg }
        set output OUT . "." . FMT
        plot TMP using 2:3 with points pt 7 ps 1.3 lc rgb C_DARK notitle, \
             TMP using 2:3:($4 <= 10 && $2 > MX / 50 ? stringcolumn(1) : "") with labels left offset 0.8, 0.3 font ",10" notitle
        unset output
    }
}
system("rm -f " . sq(TMP))
