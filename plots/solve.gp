# solve.gp — what lever value gives P(target) >= p (from solve.tsv, written by `parksim solve`).
# OUTSTEM.png/.svg: every evaluation's P(target) against the lever value with its 95 %
# Wilson interval (green: decided above the level, grey: below, orange: undecided), the
# step number beside it, the level as a red line, the answer as a red vertical line with
# its bracket shaded, and the stretch where P cannot be told from the level (if any).
#
# Call:  gnuplot -c plots/solve.gp SOLVE_TSV OUTSTEM
# Example: gnuplot -c plots/solve.gp results/solve/solve.tsv results/solve/plots/solve

_d(s, i) = (i < 1) ? "" : (s[i:i] eq "/" ? s[1:i] : _d(s, i - 1))
GPDIR = _d(ARG0, strlen(ARG0)); if (GPDIR eq "") { GPDIR = "./" }
load GPDIR . "lib/common.gp"

if (ARGC < 2) { print "usage: gnuplot -c solve.gp SOLVE_TSV OUTSTEM"; exit status 2 }
FILE = ARG1; OUT = ARG2
if (!readable(FILE)) { print "solve.gp: cannot read " . FILE; exit status 2 }
eval system(meta("-v mode=prov " . sq(FILE)))
eval FOOT_CMD
hdr(pat) = system("sed -n " . sq("s/^# " . pat . "/\\1/p") . " " . sq(FILE) . " | head -n 1")
KEY = hdr("lever: \\([^ ]*\\) from.*")
TGT = hdr("level: P(\\([^)]*\\)).*")
LEVEL = real(hdr("level: P([^)]*) >= \\(.*\\)"))
OUTCOME = hdr("outcome: \\(.*\\)")
ANS = hdr("answer: \\([^ ]*\\) in.*")
BLO = hdr("answer: [^ ]* in \\[\\([^,]*\\),.*")
BHI = hdr("answer: [^ ]* in \\[[^,]*, \\([^]]*\\)\\]")
ULO = hdr("undecided: .* from \\([^ ]*\\) to.*")
UHI = hdr("undecided: .* to \\([^ ]*\\)$")
if (KEY eq "" || nlines("grep -v '^#' " . sq(FILE)) == 0) { print "solve.gp: no evaluations in " . FILE; exit status NOTHING }

g4(s) = sprintf("%.4g", real(s))
SUB = (ANS ne "") ? sprintf(L_solve_answer, g4(ANS) . (BLO ne "" ? sprintf(" [%s, %s]", g4(BLO), g4(BHI)) : "")) : OUTCOME
set bmargin 5
set title sprintf(L_solve_title, lab("setting." . KEY), lab("metric." . TGT . ".short"), pct(100 * LEVEL)) . "\n" . \
    sprintf(L_solve_sub, SUB)
set xlabel lab("setting." . KEY) . " (" . KEY . ")"
set ylabel L_solve_ylabel
set yrange [0:105]
set ytics 0, 10, 100
set key bottom right font ",11" opaque
if (BLO ne "") { set object 1 rect from real(BLO), graph 0 to real(BHI), graph 1 fc rgb "#f6d5d1" fs solid 0.8 noborder behind }
if (ULO ne "") { set object 2 rect from real(ULO), graph 0 to real(UHI), graph 1 fc rgb "#fde0b6" fs solid 0.8 noborder behind }
if (ANS ne "") { set arrow 1 from real(ANS), graph 0 to real(ANS), graph 1 nohead lw 2 lc rgb C_TGT front }
DATA = "< grep -v '^#' " . sq(FILE)
col_of(d) = (d eq "above") ? C_MET : (d eq "below") ? "#808080" : "#e69f00"

do for [FMT in "png svg"] {
    if (FMT eq "png") { eval term_png } else { eval term_svg }
    set output OUT . "." . FMT
    plot 100 * LEVEL with lines lw 2 dt 2 lc rgb C_TGT title sprintf(L_solve_level, pct(100 * LEVEL)), \
         DATA using 2:(100 * $5):(100 * $6):(100 * $7):(strcol(8) eq "above" ? 0x2e8b57 : strcol(8) eq "below" ? 0x808080 : 0xe69f00) \
              with yerrorbars pt 7 ps 1.2 lw 1.5 lc rgb variable title L_solve_evals, \
         DATA using 2:(100 * $7 + 3):(sprintf("%d", $1)) with labels font ",9" tc rgb "#404040" notitle, \
         (ULO ne "" ? NaN : NaN) with filledcurves fc rgb "#fde0b6" title (ULO ne "" ? L_solve_undecided : "")
    unset output
}
