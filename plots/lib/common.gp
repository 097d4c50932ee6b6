# common.gp — shared settings and helpers for the parksim plot scripts.
# Loaded by every plots/*.gp after it has set GPDIR (the directory holding the script,
# with a trailing '/'). Not meant to be called on its own.
#
# Provides: locale-independent number handling, the house style (fonts, colours, grid),
# AWK (command prefix), sq() shell quoting, readable() file test, tsv() / meta() command
# builders, pct() formatting, term_png / term_svg terminal strings, and footer().

# no "set encoding": cairo (png) and svg take UTF-8 strings as they are, and setting it
# makes gnuplot warn under a non-UTF-8 locale (LC_ALL=C)
set decimalsign '.'          # numbers printed on charts always use '.' (never the locale)
set termoption noenhanced    # names like faster_upgrades must not turn into subscripts

AWK = "LC_ALL=C awk"

# shell single-quoting: sq("a'b") = 'a'\''b'
_sqi(s) = (_k = strstrt(s, "'"), _k == 0 ? s : s[1:_k-1] . "'\\''" . _sqi(s[_k+1:]))
sq(s) = "'" . _sqi(s) . "'"
# double every '%' (explicit tic labels are used as printf formats)
pesc(s) = (_k = strstrt(s, "%"), _k == 0 ? s : s[1:_k] . "%" . pesc(s[_k+1:]))

# exit status of a script that found nothing to draw (render.sh reports it as skipped)
NOTHING = 3
readable(f) = (f eq "" || f eq "-") ? 0 : int(system("test -r " . sq(f) . " && echo 1 || echo 0"))

# command that selects columns of a parksim TSV (see lib/tsv.awk for the options)
tsv(file, cols, where, scale) = sprintf("%s -f %s -v cols=%s -v where=%s -v scale=%s %s", \
    AWK, sq(GPDIR . "lib/tsv.awk"), sq(cols), sq(where), sq(scale), sq(file))
tsvnum(file, cols, where, scale) = sprintf("%s -f %s -v numeric=1 -v cols=%s -v where=%s -v scale=%s %s", \
    AWK, sq(GPDIR . "lib/tsv.awk"), sq(cols), sq(where), sq(scale), sq(file))
tsvkeep(file, cols, where, scale) = sprintf("%s -f %s -v blank=keep -v cols=%s -v where=%s -v scale=%s %s", \
    AWK, sq(GPDIR . "lib/tsv.awk"), sq(cols), sq(where), sq(scale), sq(file))
# ---- language ------------------------------------------------------------------------
# PARKSIM_PLOT_LANG (en, zh; set by render.sh --lang) picks the column of labels.tsv;
# PARKSIM_PLOT_FONT the font (render.sh sets a CJK font for zh). Every word a chart
# shows is L_NAME (ui.NAME rows of labels.tsv) or lab(KEY).
PLOT_LANG = system("printf %s \"${PARKSIM_PLOT_LANG:-en}\"")
LABELS_TSV = GPDIR . "labels.tsv"
eval system(sprintf("%s -f %s -v lang=%s %s", AWK, sq(GPDIR . "lib/labels.awk"), sq(PLOT_LANG), sq(LABELS_TSV)))
lab(key) = system(sprintf("%s -f %s -v lang=%s -v get=%s %s", AWK, sq(GPDIR . "lib/labels.awk"), sq(PLOT_LANG), sq(key), sq(LABELS_TSV)))
# a setting's axis label and scale (lib/settings.tsv; 1 when not listed)
setting_scale(key) = real(system(sprintf("%s -F'\t' -v k=%s '$1 == k { s = $2 } END { print (s == \"\" ? 1 : s) }' %s", AWK, sq(key), sq(GPDIR . "lib/settings.tsv"))))

# command printing gnuplot assignments (see lib/meta.awk); run it with eval system(...)
meta(args) = sprintf("%s -f %s -v lang=%s -v labels=%s %s", AWK, sq(GPDIR . "lib/meta.awk"), sq(PLOT_LANG), sq(LABELS_TSV), args)
METRICS_TSV = GPDIR . "lib/metrics.tsv"
nlines(cmd) = int(system(cmd . " | wc -l"))
# the names among COLS (comma-separated) that FILE's header lacks, "" when none
missing(file, cols) = system(sprintf("%s -f %s -v need=%s %s", AWK, sq(GPDIR . "lib/tsv.awk"), sq(cols), sq(file)))

# percent formatting (x already in %): whole numbers, but more digits near 0 and 100 so a
# rare event never reads "0" and a near-certain one never reads "100":
# 0 -> "0", 0.04 -> "0.04", 0.15 -> "0.2", 37.4 -> "37", 99.7 -> "99.7", 100 -> "100"
pct(x) = (x != x) ? "n/a" : (x <= 0 || x >= 100) ? sprintf("%.0f", x) : \
    (x < 0.095 || x > 99.905) ? sprintf("%.2f", x) : (x < 0.95 || x > 99.05) ? sprintf("%.1f", x) : sprintf("%.0f", x)
pctci(p, lo, hi) = sprintf(L_ci95, pct(p), pct(lo), pct(hi))

# runs with a thin-space thousands separator
thou(n) = (n >= 1000) ? sprintf("%d %03d", int(n / 1000), int(n) % 1000) : sprintf("%d", n)

# ---- house style --------------------------------------------------------------------
FONT = system("printf %s \"${PARKSIM_PLOT_FONT:-DejaVu Sans}\"")
term_png = sprintf("set terminal pngcairo size 1200,750 font '%s,13' linewidth 1.3 rounded noenhanced background '#ffffff'", FONT)
term_svg = sprintf("set terminal svg size 1200,750 dynamic font '%s,13' fontscale 1.25 linewidth 1.3 rounded noenhanced background '#ffffff'", FONT)

C_DARK  = "#08306b"    # median lines
C_BAND9 = "#9ecae1"    # 90 % band
C_BAND5 = "#4292c6"    # 50 % band
C_TGT   = "#c0392b"    # targets / thresholds
C_MET   = "#2e8b57"    # runs meeting a target
C_MISS  = "#b0b0b0"    # runs missing it
C_GRID  = "#dddddd"
C_FOOT  = "#707070"
# Okabe–Ito colour-blind-safe series colours (targets, scenarios)
SERIES = "#0072B2 #D55E00 #009E73 #CC79A7 #E69F00 #56B4E9 #000000 #8C564B"
scol(i) = word(SERIES, ((i - 1) % 8) + 1)

set border 3 lc rgb "#404040"
set tics nomirror out scale 0.6
set grid back lc rgb C_GRID lw 1 dt 1
set style fill solid 1.0 noborder
set key noautotitle
set title font ",15"
set xlabel font ",13"
set ylabel font ",13"

# the provenance footer (bottom right, small grey); call with the P_FOOT string
# and, for an interrupted run, a red warning in the top left corner
FOOT_CMD = "set label 99 P_FOOT at screen 0.995, screen 0.012 right font ',9' tc rgb C_FOOT front; " . \
    "if (exists('P_WARN') && P_WARN ne '') { set label 98 P_WARN at screen 0.005, screen 0.985 left font ',11' tc rgb '#c0392b' front }"

# axis tics: a round step giving ~6 tics over a span, and the decimals that step needs
nicestep(x) = (_e = 10.0 ** floor(log10(x)), _m = x / _e, (_m <= 1 ? 1 : _m <= 2 ? 2 : _m <= 2.5 ? 2.5 : _m <= 5 ? 5 : 10) * _e)
tstep(span, iscount) = (span <= 0) ? 1 : (_s = nicestep(span / 6.0), iscount ? (_s < 1 ? 1 : (_s == 2.5 ? 2 : _s)) : _s)
sdec(st) = (_d = (st >= 0.999) ? 0 : ceil(-log10(st) - 1e-9), abs(st * 10**_d - floor(st * 10**_d + 0.5)) > 1e-6 ? _d + 1 : _d)
decs(span) = sdec(tstep(span, 0))
