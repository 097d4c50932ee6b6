#!/usr/bin/env bash
# render.sh — draw every parksim picture whose input file exists in OUTDIR, as PNG
# (1200x750) and SVG, into OUTDIR/plots/.
#
#   plots/render.sh OUTDIR [SCENARIO_LABEL] [--lang en|zh]
#
#   OUTDIR          a directory written by parksim (summary.tsv, targets.tsv,
#                   target_years.tsv, first_year.tsv, runs.tsv, compare.tsv,
#                   compare_metrics.tsv, sweep.tsv, sensitivity.tsv; any subset)
#   SCENARIO_LABEL  name to show in the titles instead of the scenario file's stem
#   --lang en|zh    language of every word on the pictures (plots/labels.tsv; default en).
#                   zh needs a CJK font (Debian: apt-get install -y fonts-noto-cjk): the
#                   first installed of Noto Sans CJK SC, Source Han Sans SC, WenQuanYi
#                   Zen Hei, or any font fontconfig lists for zh-cn; PARKSIM_CJK_FONT=NAME
#                   picks one. Without one render.sh refuses (exit 2) rather than draw
#                   boxes in place of the characters.
#
# Pictures (see plots/README.md): fan_<metric> for every metric in summary.tsv,
# hist_<metric> for every target metric in runs.tsv, p_by_year, first_year,
# compare and compare_diff, compare_metrics (each metric's paired change), sweep_<target> for every target in sweep.tsv (and
# sweep_overview, all targets in one chart, for a one-key sweep; for a design sweep,
# sweep_<target> shows P(target) against each varied setting), and hindcast (the
# backtest: published figures over the fan charts) when hindcast.tsv is present, and
# calibrate (prior vs posterior density per setting) when posterior.tsv is present,
# sensitivity_<output> for every target and metric@year in sensitivity.tsv (Sobol or
# given-data bars, tornado, or Morris mu*-sigma, by the file's method), zones
# (provincial zones most likely upgraded, national zones most likely land-limited)
# when zones.tsv is present, and for one province (PARKSIM_PROVINCE=Guangdong, else
# the first target by province in targets.tsv) province_<P>_<metric> (its fan chart
# from provinces.tsv) and zones_<P> (the zones picture for its zones only), discover (PRIM trajectory and box) when discover.tsv
# is, and solve (P against the lever, with the answer) when solve.tsv is.
# Works from any directory (scripts are found next to this file) and in any locale.
# A picture with nothing to draw (all values nan, or a sweep over 3+ keys) is skipped
# with a note on stdout.
# Exit status: 0 all drawn (or skipped); 1 some picture failed (the others are still
# drawn; gnuplot's messages are shown on stderr); 2 usage error, OUTDIR unreadable,
# nothing to draw, or no gnuplot.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export LC_ALL=C

usage() { echo "usage: $(basename "$0") OUTDIR [SCENARIO_LABEL] [--lang en|zh]"; }
PLOT_LANG=en
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        --lang) [ $# -ge 2 ] || { echo "render.sh: --lang needs en or zh" >&2; usage >&2; exit 2; }
                PLOT_LANG=$2; shift 2 ;;
        --lang=*) PLOT_LANG=${1#--lang=}; shift ;;
        *) args+=("$1"); shift ;;
    esac
done
case "$PLOT_LANG" in en|zh) ;; *) echo "render.sh: --lang: expected en or zh, got '$PLOT_LANG'" >&2; exit 2 ;; esac
if [ ${#args[@]} -lt 1 ] || [ ${#args[@]} -gt 2 ]; then usage >&2; exit 2; fi
OUTDIR=${args[0]}
LABEL=${args[1]-}
if [ ! -d "$OUTDIR" ]; then echo "render.sh: $OUTDIR: not a directory" >&2; exit 2; fi
if ! command -v gnuplot >/dev/null 2>&1; then
    echo "render.sh: gnuplot not found (Debian: apt-get install -y gnuplot-nox)" >&2; exit 2
fi

# the font: DejaVu Sans for English; for Chinese an installed CJK font, or a refusal
# (gnuplot would otherwise draw empty boxes and exit 0)
has_cjk() { [ -n "$(fc-list ":family=$1:lang=zh-cn" family 2>/dev/null)" ]; }
if [ "$PLOT_LANG" = zh ]; then
    if ! command -v fc-list >/dev/null 2>&1; then
        echo "render.sh: --lang zh: cannot look for a CJK font: fc-list not found (Debian: apt-get install -y fontconfig fonts-noto-cjk)" >&2; exit 2
    fi
    FONT=
    if [ -n "${PARKSIM_CJK_FONT:-}" ]; then
        has_cjk "$PARKSIM_CJK_FONT" && FONT=$PARKSIM_CJK_FONT
        if [ -z "$FONT" ]; then
            echo "render.sh: --lang zh: font '$PARKSIM_CJK_FONT' (PARKSIM_CJK_FONT) is not installed or has no Chinese characters; nothing drawn" >&2; exit 2
        fi
    else
        for f in "Noto Sans CJK SC" "Source Han Sans SC" "WenQuanYi Zen Hei" "Noto Sans CJK TC" "AR PL UMing CN"; do
            if has_cjk "$f"; then FONT=$f; break; fi
        done
        [ -n "$FONT" ] || FONT=$(fc-list ':lang=zh-cn' family 2>/dev/null | sed 's/,.*//' | sort | head -n 1)
        if [ -z "$FONT" ]; then
            echo "render.sh: --lang zh: no font with Chinese characters is installed (Debian: apt-get install -y fonts-noto-cjk); nothing drawn" >&2; exit 2
        fi
    fi
    export PARKSIM_PLOT_FONT=$FONT
else
    export PARKSIM_PLOT_FONT="DejaVu Sans"
fi
export PARKSIM_PLOT_LANG=$PLOT_LANG

PD="$OUTDIR/plots"
mkdir -p "$PD" || exit 2
LOG=$(mktemp) || exit 2
trap 'rm -f "$LOG"' EXIT

ok=0; failed=0; skipped=0
# draw NAME SCRIPT ARGS... — run one gnuplot script; the output stem is $PD/NAME
draw() {
    local name=$1 script=$2; shift 2
    local rc=0
    gnuplot -c "$HERE/$script" "$@" 2>"$LOG" || rc=$?
    if [ "$rc" -eq 0 ] && [ -s "$PD/$name.png" ] && [ -s "$PD/$name.svg" ]; then
        ok=$((ok + 1))
        if [ -s "$LOG" ]; then sed "s|^|render.sh: $name: |" "$LOG" >&2; fi
    elif [ "$rc" -eq 3 ]; then                       # the script found nothing to draw
        skipped=$((skipped + 1))
        echo "render.sh: $name: skipped: $(tail -n 1 "$LOG")"
        rm -f "$PD/$name.png" "$PD/$name.svg"
    else
        failed=$((failed + 1))
        echo "render.sh: $name: FAILED ($script)" >&2
        sed "s|^|render.sh: $name: |" "$LOG" >&2
        rm -f "$PD/$name.png" "$PD/$name.svg"      # never leave a half-drawn picture
        if [ "$name" = compare ]; then rm -f "$PD/compare_diff.png" "$PD/compare_diff.svg"; fi
    fi
}
# column names of a parksim TSV header / values of one column
header() { awk -f "$HERE/lib/tsv.awk" -v header=1 "$1"; }
column() { awk -f "$HERE/lib/tsv.awk" -v cols="$2" "$1" | awk '!seen[$0]++'; }

T="$OUTDIR/targets.tsv"
[ -r "$T" ] || T=-

# fan charts: the headline metrics first, then every other metric in the file
if [ -r "$OUTDIR/summary.tsv" ]; then
    metrics=$(column "$OUTDIR/summary.tsv" metric) || metrics=
    for m in $metrics; do
        draw "fan_$m" fan.gp "$OUTDIR/summary.tsv" "$m" "$PD/fan_$m" "$T" "$LABEL"
    done
fi

# one province: PARKSIM_PROVINCE (with PARKSIM_PROVINCE_METRIC, default
# national_zones), else the first target by province in targets.tsv (metric
# national_zones@Guangdong); its fan chart from provinces.tsv, and its zones
# (zones_<Province>) from zones.tsv
PROV=${PARKSIM_PROVINCE-}; PMET=${PARKSIM_PROVINCE_METRIC:-national_zones}
if [ -z "$PROV" ] && [ "$T" != - ]; then
    pt=$(awk -F'\t' '/^#/ {next} $2 ~ /@/ {print $2; exit}' "$T")
    if [ -n "$pt" ]; then PROV=${pt#*@}; PMET=${pt%@*}; fi
fi
PKEY=$(printf '%s' "$PROV" | tr ' ' '_')
if [ -r "$OUTDIR/provinces.tsv" ]; then
    if [ -n "$PROV" ]; then
        PTMP=$(mktemp -d) || exit 2
        # the province's rows as a summary.tsv (metric year mean p05 p25 p50 p75 p95), its targets on that metric
        awk -F'\t' -v p="$PROV" -v OFS='\t' '/^# province\t/ {print "# metric\tyear\tmean\tp05\tp25\tp50\tp75\tp95"; next}
            /^#/ {print; next} $1 == p {print $2, $3, $5, $6, $7, $8, $9, $10}' "$OUTDIR/provinces.tsv" >"$PTMP/summary.tsv"
        PT=-
        if [ "$T" != - ]; then
            awk -F'\t' -v m="$PMET@$PROV" -v b="$PMET" -v OFS='\t' '/^# target: / {next} /^#/ {print; next}
                $2 == m {$2 = b; print}' "$T" >"$PTMP/targets.tsv"
            PT="$PTMP/targets.tsv"
        fi
        if grep -q -P "^$PMET\t" "$PTMP/summary.tsv"; then
            draw "province_${PKEY}_$PMET" fan.gp "$PTMP/summary.tsv" "$PMET" "$PD/province_${PKEY}_$PMET" "$PT" "$LABEL" "$PKEY"
        else
            echo "render.sh: province_${PKEY}_$PMET: skipped: no rows for '$PROV' $PMET in provinces.tsv"
        fi
        rm -rf "$PTMP"
    fi
fi

# histograms of the horizon value of each target metric
if [ -r "$OUTDIR/runs.tsv" ]; then
    cols=" $(header "$OUTDIR/runs.tsv" | tr '\n' ' ') "
    if [ "$T" != - ]; then
        hm=$(awk -F'\t' '/^#/ {next} NF >= 2 && $2 != "-" && !seen[$2]++ {print $2}' "$T")
    else
        hm="national_zones rd_intensity new_firm_share kis_share productivity_growth"
    fi
    for m in $hm; do
        case "$cols" in *" $m "*) draw "hist_$m" hist.gp "$OUTDIR/runs.tsv" "$m" "$PD/hist_$m" "$T" "$LABEL" ;; esac
    done
fi

if [ -r "$OUTDIR/target_years.tsv" ]; then
    draw p_by_year p_by_year.gp "$OUTDIR/target_years.tsv" "$PD/p_by_year" "$T" "$LABEL"
fi
if [ -r "$OUTDIR/first_year.tsv" ]; then
    draw first_year first_year.gp "$OUTDIR/first_year.tsv" "$PD/first_year" "$T" "$LABEL"
fi

if [ -r "$OUTDIR/compare.tsv" ]; then
    nscen=$(column "$OUTDIR/compare.tsv" label | wc -l)
    draw compare compare.gp "$OUTDIR/compare.tsv" "$PD/compare" "$T"
    if [ "$nscen" -ge 2 ] && [ -e "$PD/compare.png" ]; then
        if [ -s "$PD/compare_diff.png" ] && [ -s "$PD/compare_diff.svg" ]; then ok=$((ok + 1))
        else failed=$((failed + 1)); echo "render.sh: compare_diff: FAILED (compare.gp)" >&2; fi
    fi
fi

if [ -r "$OUTDIR/compare_metrics.tsv" ]; then
    draw compare_metrics compare_metrics.gp "$OUTDIR/compare_metrics.tsv" "$PD/compare_metrics"
fi

if [ -r "$OUTDIR/sweep.tsv" ] && grep -q '^# design:' "$OUTDIR/sweep.tsv"; then
    # a design (random, Latin hypercube, design file): P(target) against each setting
    for c in $(header "$OUTDIR/sweep.tsv"); do
        case "$c" in p_*) t=${c#p_}; draw "sweep_$t" sweep_design.gp "$OUTDIR/sweep.tsv" "$t" "$PD/sweep_$t" "$T" "$LABEL" ;; esac
    done
elif [ -r "$OUTDIR/sweep.tsv" ]; then
    nkeys=0; inkeys=1
    for c in $(header "$OUTDIR/sweep.tsv" | tail -n +2); do
        case "$c" in p_*|lo_*|hi_*) inkeys=0 ;; *) [ $inkeys = 1 ] && nkeys=$((nkeys + 1)) ;; esac
    done
    for c in $(header "$OUTDIR/sweep.tsv"); do
        case "$c" in p_*) t=${c#p_}; draw "sweep_$t" sweep.gp "$OUTDIR/sweep.tsv" "$t" "$PD/sweep_$t" "$T" "$LABEL" ;; esac
    done
    if [ "$nkeys" -eq 1 ]; then
        draw sweep_overview sweep.gp "$OUTDIR/sweep.tsv" + "$PD/sweep_overview" "$T" "$LABEL"
    fi
fi

if [ -r "$OUTDIR/sensitivity.tsv" ]; then
    # one chart per output (target or metric@year): sensitivity_<output>, '@' as '_'
    for o in $(awk -f "$HERE/lib/sensitivity.awk" -v mode=outputs "$OUTDIR/sensitivity.tsv"); do
        draw "sensitivity_${o//@/_}" sensitivity.gp "$OUTDIR/sensitivity.tsv" "$o" "$PD/sensitivity_${o//@/_}" "$LABEL"
    done
fi

if [ -r "$OUTDIR/zones.tsv" ]; then
    draw zones zones.gp "$OUTDIR/zones.tsv" "$PD/zones" "$LABEL"
    if [ -n "$PROV" ]; then
        draw "zones_$PKEY" zones.gp "$OUTDIR/zones.tsv" "$PD/zones_$PKEY" "$LABEL" "$PKEY"
    fi
fi
if [ -r "$OUTDIR/posterior.tsv" ] && [ -r "$OUTDIR/prior.tsv" ] && [ -r "$OUTDIR/calibrate.tsv" ]; then
    draw calibrate calibrate.gp "$OUTDIR" "$PD/calibrate"
fi
if [ -r "$OUTDIR/hindcast.tsv" ] && [ -r "$OUTDIR/summary.tsv" ]; then
    draw hindcast hindcast.gp "$OUTDIR/hindcast.tsv" "$OUTDIR/summary.tsv" "$PD/hindcast"
fi
if [ -r "$OUTDIR/discover.tsv" ]; then
    draw discover discover.gp "$OUTDIR/discover.tsv" "$PD/discover"
fi
if [ -r "$OUTDIR/solve.tsv" ]; then
    draw solve solve.gp "$OUTDIR/solve.tsv" "$PD/solve"
fi

if [ $((ok + failed + skipped)) -eq 0 ]; then
    echo "render.sh: nothing to draw in $OUTDIR (no summary/targets/target_years/first_year/runs/compare/sweep/sensitivity .tsv)" >&2
    exit 2
fi
msg="render.sh: $ok picture(s) written to $PD (PNG + SVG)"
[ "$skipped" -gt 0 ] && msg="$msg, $skipped skipped (see above)"
[ "$failed" -gt 0 ] && msg="$msg, $failed FAILED"
echo "$msg"
[ "$failed" -eq 0 ]
