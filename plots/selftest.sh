#!/usr/bin/env bash
# selftest.sh — check the plot scripts against the example outputs in plots/examples/.
#
#   bash plots/selftest.sh [KEEPDIR]
#
# Copies each example directory to a temporary place (a path with a space in it, to
# catch quoting bugs), runs render.sh on it from another working directory and under
# LC_ALL=C, and fails if render.sh exits non-zero, if gnuplot prints anything (errors or
# warnings), or if an expected picture is missing, empty, not a 1200x750 PNG, or lacks
# its SVG. Then checks that render.sh fails (and leaves no picture) on broken input.
# With KEEPDIR the rendered pictures are kept there for viewing; otherwise removed.
# Also draws every example with --lang zh (Chinese words, CJK font), checks the refusal
# without a CJK font, and that every chart word (L_NAME) has en and zh in labels.tsv.
# With PARKSIM=path/to/parksim in the environment it also renders small real runs
# (run, compare, sweep of scenarios/plan.cfg; a run of scenarios/examples/guangdong.cfg
# with its zones_Guangdong picture) made by that binary, and checks that every
# metric and setting `parksim list` shows has a row in labels.tsv.
# Last line: "plots selftest: N passed, M failed"; exit 0 only when nothing failed.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
EX="$HERE/examples"
RENDER="$HERE/render.sh"

if ! command -v gnuplot >/dev/null 2>&1; then
    echo "plots selftest: gnuplot not found (Debian: apt-get install -y gnuplot-nox)" >&2
    echo "plots selftest: 0 passed, 1 failed"
    exit 1
fi

if [ $# -ge 1 ]; then ROOT=$1; mkdir -p "$ROOT"; else ROOT=$(mktemp -d); trap 'rm -rf "$ROOT"' EXIT; fi
WORK="$ROOT/plots selftest"
rm -rf "$WORK"; mkdir -p "$WORK"

pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

# is_png FILE [W H] — non-empty PNG of 1200x750 or WxH (width/height from the IHDR chunk)
is_png() {
    [ -s "$1" ] || return 1
    local hdr
    hdr=$(od -An -tx1 -N24 "$1" | tr -d ' \n')
    [ "${hdr:0:16}" = 89504e470d0a1a0a ] || return 1
    [ "$((16#${hdr:32:8}))" -eq "${2:-1200}" ] && [ "$((16#${hdr:40:8}))" -eq "${3:-750}" ]
}

# render NAME LABEL... — copy examples/NAME, render it, check stderr and exit status
render() {
    local name=$1; shift
    cp -r "$EX/$name" "$WORK/$name"
    local err="$WORK/$name.stderr"
    if (cd / && LC_ALL=C "$RENDER" "$WORK/$name" "$@" >/dev/null 2>"$err"); then ok
    else bad "render.sh $name exited non-zero"; fi
    if [ -s "$err" ]; then bad "render.sh $name printed messages:"; sed 's/^/    /' "$err" >&2; else ok; fi
}
# expect NAME PICTURE... — each picture exists as PNG (1200x750) and SVG
expect() {
    local name=$1; shift
    local p
    for p in "$@"; do
        if is_png "$WORK/$name/plots/$p.png"; then ok; else bad "$name: $p.png missing, empty or not 1200x750"; fi
        if [ -s "$WORK/$name/plots/$p.svg" ] && grep -q '</svg>' "$WORK/$name/plots/$p.svg"; then ok
        else bad "$name: $p.svg missing or incomplete"; fi
    done
}
metrics_of() { awk -F'\t' '!/^#/ && NF > 1 && !seen[$1]++ { print $1 }' "$1"; }
TARGET_METRICS="national_zones rd_intensity new_firm_share kis_share productivity_growth"
SWEEP_TARGETS="national_zones rd_intensity new_firm_share kis_share productivity_growth all"

# 1. a full run directory: fans for every metric, histograms, p_by_year, first_year
render plan
fans=$(metrics_of "$EX/plan/summary.tsv" | sed 's/^/fan_/')
expect plan $fans $(for m in $TARGET_METRICS; do echo "hist_$m"; done) p_by_year first_year
# the headline fans must be among them
expect plan fan_national_zones fan_rd_intensity fan_new_firm_share fan_kis_share fan_productivity_growth fan_gdp

# 2. a tiny run (30 runs, targets near-certain), with a label
render small "generous (test label)"
expect small $(metrics_of "$EX/small/summary.tsv" | sed 's/^/fan_/') \
    $(for m in $TARGET_METRICS; do echo "hist_$m"; done) p_by_year first_year
if grep -q 'generous (test label)' "$WORK/small/plots/fan_gdp.svg"; then ok; else bad "small: label not in the title"; fi

# 3. scenario comparison
render compare
expect compare compare compare_diff

# 4. sweeps over two keys (heat maps) and one key (curves)
render sweep2d
expect sweep2d $(for t in $SWEEP_TARGETS; do echo "sweep_$t"; done)
render sweep1d
expect sweep1d $(for t in $SWEEP_TARGETS; do echo "sweep_$t"; done) sweep_overview
if [ ! -e "$WORK/sweep2d/plots/sweep_overview.png" ]; then ok; else bad "sweep2d: an overview was drawn for a two-key sweep"; fi

# 5. broken input: a summary.tsv without the p50 column must fail and leave no picture
mkdir -p "$WORK/broken"
sed 's/\tp50\t/\tmedian\t/' "$EX/plan/summary.tsv" > "$WORK/broken/summary.tsv"
if (cd / && LC_ALL=C "$RENDER" "$WORK/broken" >/dev/null 2>"$WORK/broken.stderr"); then
    bad "render.sh succeeded on a summary.tsv without p50"
else ok; fi
if ls "$WORK/broken/plots/"*.png >/dev/null 2>&1; then bad "render.sh left pictures after failing"; else ok; fi
if grep -q "no column(s) p50" "$WORK/broken.stderr"; then ok; else bad "render.sh did not say which column was missing"; fi

# 6. missing values: "nan" in some years of a metric (drawn up to the last good year)
#    and in all years of another (skipped with a note, not a failure)
mkdir -p "$WORK/nan"
awk -F'\t' 'BEGIN { OFS = "\t" }
    $1 == "gdp_northeast" && $2 >= 2018 { for (i = 3; i <= NF; i++) $i = "nan" }
    $1 == "rd_intensity_northeast" { for (i = 3; i <= NF; i++) $i = "nan" } { print }' \
    "$EX/plan/summary.tsv" > "$WORK/nan/summary.tsv"
if (cd / && LC_ALL=C "$RENDER" "$WORK/nan" >"$WORK/nan.stdout" 2>"$WORK/nan.stderr"); then ok
else bad "render.sh failed on a summary.tsv with nan values"; sed 's/^/    /' "$WORK/nan.stderr" >&2; fi
if [ ! -s "$WORK/nan.stderr" ]; then ok; else bad "render.sh printed messages for nan values"; fi
expect nan fan_gdp_northeast fan_gdp
if [ ! -e "$WORK/nan/plots/fan_rd_intensity_northeast.png" ] && grep -q 'fan_rd_intensity_northeast: skipped' "$WORK/nan.stdout"
then ok; else bad "an all-nan metric was not skipped with a note"; fi

# 7. nothing to draw, and usage errors
mkdir -p "$WORK/empty"
(cd / && "$RENDER" "$WORK/empty" >/dev/null 2>&1); rc=$?
if [ "$rc" -eq 2 ]; then ok; else bad "render.sh on an empty directory: exit $rc, want 2"; fi
("$RENDER" >/dev/null 2>&1); rc=$?
if [ "$rc" -eq 2 ]; then ok; else bad "render.sh without arguments: exit $rc, want 2"; fi

# 8. one script called directly, from another directory, with a relative path
if (cd "$WORK/plan" && gnuplot -c "$HERE/fan.gp" summary.tsv gdp direct_gdp - 2>"$WORK/direct.stderr") \
   && [ ! -s "$WORK/direct.stderr" ] && is_png "$WORK/plan/direct_gdp.png"; then ok
else bad "fan.gp called directly failed"; cat "$WORK/direct.stderr" >&2; fi

# 9. Chinese: every picture of every example drawn with --lang zh (CJK font), Chinese
#    titles and axis names in the SVGs, no gnuplot message
for name in plan small compare sweep2d sweep1d; do
    cp -r "$EX/$name" "$WORK/zh_$name"
    if (cd / && LC_ALL=C "$RENDER" "$WORK/zh_$name" --lang zh >/dev/null 2>"$WORK/zh_$name.stderr") && [ ! -s "$WORK/zh_$name.stderr" ]
    then ok; else bad "render.sh --lang zh $name"; sed 's/^/    /' "$WORK/zh_$name.stderr" >&2; fi
    want=$(cd "$WORK/$name/plots" && ls *.png | sed 's/\.png$//')
    [ -n "$want" ] && expect "zh_$name" $want
done
zh_has() { # FILE TEXT — the SVG holds TEXT
    if grep -qF "$2" "$WORK/$1"; then ok; else bad "$1 lacks '$2'"; fi
}
zh_has zh_plan/plots/fan_national_zones.svg "国家高新区数量"
zh_has zh_plan/plots/fan_national_zones.svg "年份（年末）"
zh_has zh_plan/plots/fan_national_zones.svg "Noto Sans CJK"
zh_has zh_plan/plots/hist_rd_intensity.svg "研发投入强度"
zh_has zh_plan/plots/p_by_year.svg "各规划目标逐年达成概率"
zh_has zh_plan/plots/first_year.svg "各目标首次达成年份"
zh_has zh_compare/plots/compare.svg "各情景下各目标的达成概率"
zh_has zh_compare/plots/compare_diff.svg "百分点"
zh_has zh_sweep2d/plots/sweep_rd_intensity.svg "每年升级数量"
zh_has zh_sweep2d/plots/sweep_rd_intensity.svg "研发目标上调（百分点）"
zh_has zh_sweep2d/plots/sweep_all.svg "全部 5 项目标同时达成：national_zones, rd_intensity"
zh_has zh_sweep1d/plots/sweep_overview.svg "50 % 概率"
# English: setting names, not keys, on the sweep axes; the 50 % / 80 % guides; "all" spelt out
zh_has sweep2d/plots/sweep_rd_intensity.svg "R&amp;D target uplift, pp"
zh_has sweep2d/plots/sweep_rd_intensity.svg "Upgrades per year"
zh_has sweep1d/plots/sweep_national_zones.svg "80 % probability"
zh_has sweep2d/plots/sweep_all.svg "all 5 targets jointly: national_zones, rd_intensity, new_firm_share, kis_share, productivity_growth"
if grep -q ">policy.rd_uplift<" "$WORK/sweep2d/plots/sweep_rd_intensity.svg"; then bad "a setting key on a sweep axis"; else ok; fi

# 10. --lang zh without a CJK font: refused (exit 2, a clear message, no picture)
for how in "PARKSIM_CJK_FONT=No Such Font" "FONTCONFIG_FILE=$WORK/empty-fonts.conf"; do
    printf '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n' > "$WORK/empty-fonts.conf"
    rm -rf "$WORK/nofont"; cp -r "$EX/small" "$WORK/nofont"
    (cd / && env "$how" "$RENDER" "$WORK/nofont" --lang zh >/dev/null 2>"$WORK/nofont.stderr"); rc=$?
    if [ "$rc" -eq 2 ]; then ok; else bad "--lang zh with $how: exit $rc, want 2"; fi
    if grep -q "^render.sh: --lang zh: .*font.*nothing drawn" "$WORK/nofont.stderr"; then ok
    else bad "--lang zh with $how: message: $(cat "$WORK/nofont.stderr")"; fi
    if ls "$WORK/nofont/plots/"*.png >/dev/null 2>&1; then bad "--lang zh with $how drew pictures"; else ok; fi
done
(cd / && "$RENDER" "$WORK/small" --lang fr >/dev/null 2>&1); rc=$?
if [ "$rc" -eq 2 ]; then ok; else bad "--lang fr: exit $rc, want 2"; fi

# 11. the label table: every ui.NAME a script uses (L_NAME) has a row with en and zh
for k in $(grep -ohE '(^|[^A-Za-z0-9_])L_[a-z0-9_]+' "$HERE"/*.gp "$HERE"/lib/common.gp | sed 's/^.*L_//' | sort -u); do
    if awk -F'\t' -v k="ui.$k" '$1 == k && $2 != "" && $3 != "" { f = 1 } END { exit !f }' "$HERE/labels.tsv"; then ok
    else bad "labels.tsv: no en and zh for ui.$k"; fi
done

# 12. optional: real parksim output (PARKSIM=path/to/parksim bash plots/selftest.sh)
if [ -n "${PARKSIM:-}" ]; then
    REPO=$(cd "$HERE/.." && pwd)
    if (cd "$REPO" && "$PARKSIM" run scenarios/plan.cfg -n 60 -o "$WORK/real run" -q \
        && "$PARKSIM" compare scenarios/plan.cfg scenarios/faster_upgrades.cfg -n 60 -o "$WORK/real compare" -q \
        && "$PARKSIM" sweep scenarios/plan.cfg --vary upgrade.rate=10:30:10 --vary policy.rd_uplift=0:0.02:0.01 \
               -n 30 -o "$WORK/real sweep" -q \
        && "$PARKSIM" sweep scenarios/plan.cfg --design lhs:6 --vary upgrade.rate=10:30 --vary policy.rd_uplift=0:0.02 \
               -n 20 -o "$WORK/real design" -q) >"$WORK/parksim.log" 2>&1; then
        ok
        for d in "real run" "real compare" "real sweep" "real design"; do
            if (cd / && LC_ALL=C "$RENDER" "$WORK/$d" >/dev/null 2>"$WORK/$d.stderr") && [ ! -s "$WORK/$d.stderr" ]; then ok
            else bad "render.sh on parksim output ($d)"; sed 's/^/    /' "$WORK/$d.stderr" >&2; fi
        done
        expect "real run" fan_national_zones fan_rd_intensity hist_national_zones p_by_year first_year
        expect "real compare" compare compare_diff compare_metrics
        expect "real sweep" sweep_national_zones sweep_all
        expect "real design" sweep_national_zones sweep_all
        # Chinese: the metric changes and the design panels
        for d in "real compare" "real design"; do
            cp -r "$WORK/$d" "$WORK/zh $d"
            if (cd / && LC_ALL=C "$RENDER" "$WORK/zh $d" --lang zh >/dev/null 2>"$WORK/zh $d.stderr") && [ ! -s "$WORK/zh $d.stderr" ]
            then ok; else bad "render.sh --lang zh on parksim output ($d)"; sed 's/^/    /' "$WORK/zh $d.stderr" >&2; fi
        done
        zh_has "zh real compare/plots/compare_metrics.svg" "各指标相对“plan”的变化"
        zh_has "zh real compare/plots/compare_metrics.svg" "研发投入强度"
        zh_has "zh real design/plots/sweep_national_zones.svg" "个设计点"
        zh_has "real compare/plots/compare_metrics.svg" "Change in each metric in 2020 relative to 'plan'"
        # one province (scenarios/examples/guangdong.cfg, a target on Guangdong's zones):
        # zones_Guangdong beside the nationwide zones, in en and zh, 1600x900
        g="real guangdong"
        if (cd "$REPO" && "$PARKSIM" run scenarios/examples/guangdong.cfg -n 40 -o "$WORK/$g" -q) >"$WORK/$g.log" 2>&1 \
           && (cd / && LC_ALL=C "$RENDER" "$WORK/$g" >"$WORK/$g.stdout" 2>"$WORK/$g.stderr") && [ ! -s "$WORK/$g.stderr" ]
        then ok; else bad "run and render guangdong.cfg"; cat "$WORK/$g.log" "$WORK/$g.stderr" >&2; fi
        for z in zones zones_Guangdong; do
            if is_png "$WORK/$g/plots/$z.png" 1600 900 && grep -q '</svg>' "$WORK/$g/plots/$z.svg"; then ok
            else bad "$g: $z.png (1600x900) or $z.svg missing"; fi
        done
        expect "$g" province_Guangdong_national_zones
        zh_has "$g/plots/zones_Guangdong.svg" "Guangdong"
        zh_has "$g/plots/zones_Guangdong.svg" "(synthetic)"
        if grep -q " · Guangdong" "$WORK/$g/plots/zones_Guangdong.svg"; then bad "zones_Guangdong: the province repeated in the labels"; else ok; fi
        # the panels hold exactly the province's zones, most likely first: the p column of
        # zones.awk against an independent cut of zones.tsv (Guangdong's provincial zones
        # by P(national by the horizon), top 20; its national zones by P(land-limited))
        for panel in up land; do
            got=$(awk -f "$HERE/lib/zones.awk" -v panel=$panel -v province=Guangdong "$WORK/$g/zones.tsv" | cut -f2)
            want=$(awk -F'\t' -v panel=$panel '/^# id\t/ { sub(/^# /, ""); for (i = 1; i <= NF; i++) c[$i] = i; next } /^#/ { next }
                $c["province"] == "Guangdong" { for (k in c) if (k ~ /^p_limited_/ && substr(k, 11) + 0 > hy) hy = substr(k, 11) + 0
                    if (panel == "up" && $c["tier"] == "provincial") printf "%.6g\n", 100 * $c["p_national_" hy]
                    if (panel == "land" && $c["tier"] == "national") printf "%.6g\n", 100 * $c["p_limited_" hy] }' \
                "$WORK/$g/zones.tsv" | sort -g -r | head -n 20)
            if [ -n "$got" ] && [ "$got" = "$want" ]; then ok; else bad "zones.awk province=Guangdong panel=$panel: got [$got] want [$want]"; fi
        done
        cp -r "$WORK/$g" "$WORK/zh $g"; rm -rf "$WORK/zh $g/plots"
        if (cd / && LC_ALL=C "$RENDER" "$WORK/zh $g" --lang zh >/dev/null 2>"$WORK/zh $g.stderr") && [ ! -s "$WORK/zh $g.stderr" ]
        then ok; else bad "render.sh --lang zh on $g"; sed 's/^/    /' "$WORK/zh $g.stderr" >&2; fi
        zh_has "zh $g/plots/zones_Guangdong.svg" "广东"
        zh_has "zh $g/plots/zones_Guangdong.svg" "最可能升级为国家高新区的省级高新区"
        # a province with no provincial zone in play (Beijing), one written with a space
        # (Inner Mongolia), and a name no zone has (skipped with a note, exit 0)
        for pv in Beijing "Inner Mongolia" Atlantis; do
            d="$WORK/prov $pv"; mkdir -p "$d"; cp "$WORK/$g/zones.tsv" "$d/"
            if (cd / && PARKSIM_PROVINCE="$pv" LC_ALL=C "$RENDER" "$d" >"$d.stdout" 2>"$d.stderr") && [ ! -s "$d.stderr" ]; then ok
            else bad "render.sh with PARKSIM_PROVINCE=$pv"; sed 's/^/    /' "$d.stderr" >&2; fi
        done
        zh_has "prov Beijing/plots/zones_Beijing.svg" "no provincial zone of Beijing in play"
        zh_has "prov Inner Mongolia/plots/zones_Inner_Mongolia.svg" "Inner Mongolia"
        if [ ! -e "$WORK/prov Atlantis/plots/zones_Atlantis.png" ] && grep -q "zones_Atlantis: skipped: .*no zones of Atlantis" "$WORK/prov Atlantis.stdout"
        then ok; else bad "PARKSIM_PROVINCE=Atlantis: not skipped with a note"; fi
        # every metric and every setting parksim lists has a row in the label table
        for m in $("$PARKSIM" list metrics | awk -F'\t' 'NR > 1 { print $1 }' | sed -E 's/_(east|central|west|northeast)$//' | sort -u); do
            for part in title short unit; do
                if awk -F'\t' -v k="metric.$m.$part" '$1 == k && $2 != "" && $3 != "" { f = 1 } END { exit !f }' "$HERE/labels.tsv"
                then ok; else bad "labels.tsv: no en and zh for metric.$m.$part"; fi
            done
        done
        nset=0
        for k in $("$PARKSIM" list settings | awk -F'\t' 'NR > 1 { print $1 }'); do
            nset=$((nset + 1))
            if awk -F'\t' -v k="setting.$k" '$1 == k && $2 != "" && $3 != "" { f = 1 } END { exit !f }' "$HERE/labels.tsv"
            then ok; else bad "labels.tsv: no en and zh for setting.$k"; fi
        done
        if [ "$nset" -gt 50 ]; then ok; else bad "parksim list settings listed only $nset settings"; fi
    else
        bad "parksim ($PARKSIM) failed:"; sed 's/^/    /' "$WORK/parksim.log" >&2
    fi
fi

[ $# -ge 1 ] && echo "pictures kept under $WORK"
echo "plots selftest: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
