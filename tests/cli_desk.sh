#!/usr/bin/env bash
# cli_desk.sh — the tool as a new user meets it: cmake --install to a prefix
# and the installed parksim run from another directory; the man page; list
# settings|metrics|targets; report; never a mixed result directory.
#   Usage: cli_desk.sh PATH/TO/parksim   (from the source tree, build in build/ or next to parksim)
set -u
P=$1
SRC=$(pwd)
BUILD=$(dirname "$P")
S=tests/data/cli/small.cfg
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# list settings: one row per setting of the table, none without a unit or source.
"$P" list settings >"$tmp/settings" || fail "list settings: $?"
n_table=$(( $(grep -c '^    X("' engine/scenario_table.h) + 4 )) # + the settings by province and upgrade.schedule (cli_list.c)
[ "$(tail -n +2 "$tmp/settings" | wc -l)" = "$n_table" ] || fail "list settings: $(tail -n +2 "$tmp/settings" | wc -l) rows, table has $n_table"
grep -P '\t\?\t' "$tmp/settings" && fail "settings without a unit or source"
grep -q "^growth.mu	real	\[-0.5, 1\]	log points per year	calibrated	0.09$" "$tmp/settings" || fail "growth.mu row: $(grep '^growth.mu' "$tmp/settings")"
# Every [tag] in plan.cfg agrees with settings-doc.tsv.
grep -qP "^upgrade.dispersion\t.*\tcalibrated\t[0-9.]+$" "$tmp/settings" || fail "upgrade.dispersion source"
"$P" list metrics | grep -q "^rd_intensity	share of GDP$" || fail "list metrics"
"$P" list targets $S | grep -q "^rd_intensity	rd_intensity	>=	0.065	share of GDP	2020$" || fail "list targets"
"$P" list frobs 2>"$tmp/stderr"; [ $? = 2 ] && [ "$(head -1 "$tmp/stderr")" = "parksim: list: expected settings, metrics or targets, got 'frobs'" ] || fail "list frobs"

# report: Markdown and CSV, rounded; the changes from plan.cfg.
"$P" run $S --runs 300 -q -o "$tmp/r" || fail "run for report"
"$P" report "$tmp/r" >"$tmp/md" || fail "report"
grep -q "^| rd_intensity | R&D intensity (enterprise R&D expenditure / zone GDP) >= 6.5 % | 2020 | [0-9.]* | [0-9.]*–[0-9.]* | 300 |$" "$tmp/md" || fail "report targets row: $(grep rd_intensity "$tmp/md")"
grep -q "^| upgrade.pool_size | 260 | 80 |$" "$tmp/md" || fail "report changes"
grep -q "^| GDP of the national zones | trillion CNY | 8.1 |" "$tmp/md" || fail "report base-year GDP: $(grep GDP "$tmp/md")"
grep -E '[0-9]{8,}' "$tmp/md" && fail "report has long numbers"
"$P" report "$tmp/r" --lang zh --format csv | grep -q "^rd_intensity,研发投入强度" || fail "report zh csv"
"$P" report "$tmp/none" >"$tmp/stdout" 2>"$tmp/stderr"; [ $? = 3 ] && [ ! -s "$tmp/stdout" ] && [ "$(cat "$tmp/stderr")" = "parksim: $tmp/none/targets.tsv: cannot read: No such file or directory" ] || fail "report of nothing: $(cat "$tmp/stderr")"
cp -r "$tmp/r" "$tmp/nocfg" && rm "$tmp/nocfg/scenario.cfg"
"$P" report "$tmp/nocfg" >"$tmp/stdout" 2>/dev/null; [ $? != 0 ] && [ ! -s "$tmp/stdout" ] || fail "report without scenario.cfg printed $(wc -c <"$tmp/stdout") bytes"

# An integer where a real is expected is that real, written back as a real.
"$P" run $S --runs 20 -q -o "$tmp/intreal" --set upgrade.rate=20 || fail "--set upgrade.rate=20"
grep -q "^    rate = 20.0;" "$tmp/intreal/scenario.cfg" || fail "rate not written as 20.0: $(grep rate "$tmp/intreal/scenario.cfg")"
"$P" check "$tmp/intreal/scenario.cfg" >/dev/null || fail "written scenario does not check"

# Never a mixed directory: another run's pictures and files go, with a notice.
"$P" run $S --runs 200 -q -o "$tmp/mix" --trajectory || fail "mix 1"
mkdir -p "$tmp/mix/plots" && touch "$tmp/mix/plots/fan_gdp.png" "$tmp/mix/plots/fan_gdp.svg"
"$P" run $S --runs 200 -q -o "$tmp/mix" || fail "same run again"
[ -e "$tmp/mix/plots/fan_gdp.png" ] || fail "the same run again removed its pictures"
"$P" run $S --runs 100 -o "$tmp/mix" 2>"$tmp/stderr" || fail "mix 2"
grep -q "^parksim: $tmp/mix/ held another run's results: replaced (its pictures and other files removed)$" "$tmp/stderr" || fail "no replace notice: $(cat "$tmp/stderr")"
[ -e "$tmp/mix/plots" ] || [ -e "$tmp/mix/trajectory.tsv" ] && fail "stale files left: $(ls -R "$tmp/mix")"

# A share threshold written in percent is refused with the hint.
"$P" run $S --set targets.rd_intensity.threshold=6.5 -q -o "$tmp/pct" 2>"$tmp/stderr"; status=$?
[ "$status" = 4 ] && [ "$(cat "$tmp/stderr")" = "parksim: --set: targets.rd_intensity.threshold: rd_intensity is a share between 0 and 1; threshold 6.5 is above 1 (for 6.5 % write 0.065)" ] ||
    fail "percent threshold: $status $(cat "$tmp/stderr")"
[ -e "$tmp/pct" ] && fail "refused run left $tmp/pct"

# The man page renders.
if command -v man >/dev/null; then
    man -l doc/parksim.1 2>&1 >/dev/null | grep . && fail "man page warnings"
    man -l doc/parksim.1 2>/dev/null | grep -q -- "--until-se X" || fail "man page lacks --until-se"
fi

# cmake --install to a prefix; the installed parksim runs the installed scenarios from elsewhere.
if [ -f "$BUILD/CMakeCache.txt" ]; then
    cmake --install "$BUILD" --prefix "$tmp/prefix" >/dev/null || fail "cmake --install"
    for f in bin/parksim bin/parksim-baseline share/parksim/scenarios/plan.cfg share/parksim/scenarios/data/zones-2015.tsv \
             share/parksim/scenarios/settings-doc.tsv share/parksim/plots/render.sh share/parksim/plots/labels.tsv share/man/man1/parksim.1; do
        [ -e "$tmp/prefix/$f" ] || fail "not installed: $f"
    done
    mkdir -p "$tmp/elsewhere"
    (cd "$tmp/elsewhere" && "$tmp/prefix/bin/parksim" run "$tmp/prefix/share/parksim/scenarios/plan.cfg" --runs 20 -q -o out) ||
        fail "installed parksim from another directory"
    [ -s "$tmp/elsewhere/out/targets.tsv" ] || fail "installed run wrote no targets.tsv"
    (cd "$tmp/elsewhere" && "$tmp/prefix/bin/parksim" list settings | grep -q "^growth.mu	") || fail "installed list settings"
fi

[ "$fails" = 0 ] && echo "cli_desk: all passed"
exit $((fails > 0))
