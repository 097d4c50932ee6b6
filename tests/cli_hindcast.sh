#!/usr/bin/env bash
# cli_hindcast.sh — `parksim hindcast` on the 2013 backtest with few runs:
# the file's structure (provenance, one row per published (metric, year)
# after 2013, the band columns), the summary lines (coverage k/n adding up),
# the wide and long formats giving the same scores, and exact file:line
# messages for bad history files, with no output left behind.
# Usage: cli_hindcast.sh PATH/TO/parksim
set -u
P=$1
S=scenarios/hindcast_2013.cfg
H=scenarios/data/history-2009-2015.tsv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$P" hindcast "$S" --history "$H" --runs 300 -q --out "$tmp/a" || fail "hindcast exit status $?"
F=$tmp/a/hindcast.tsv
[ -s "$F" ] && [ -s "$tmp/a/summary.tsv" ] || fail "hindcast.tsv or summary.tsv missing"
head -1 "$F" | grep -qx '# parksim .* (hindcast)' || fail "provenance line"
grep -qx '# runs: 300 (first run 0)' "$F" || fail "runs in provenance"
grep -qx "# history: $H (wide format)" "$F" || fail "history line"
# The published figures after 2013 in the history file: national_zones and
# new_approvals 2014-15, revenue 2014-15, GDP 2015, over-1000 2014-15, R&D 2014.
rows=$(awk -F'\t' '!/^#/ && NF > 20' "$F" | cut -f1,2 | tr '\t' ' ' | tr '\n' ',')
[ "$rows" = "national_zones 2014,national_zones 2015,upgrades 2014,upgrades 2015,gdp 2015,revenue 2014,revenue 2015,zones_revenue_over_1000 2014,zones_revenue_over_1000 2015,rd_expenditure 2014," ] ||
    fail "rows: $rows"
# Every row: lo <= median <= hi, bands nested, pos words, pit in [0, 1], crps >= 0.
awk -F'\t' '!/^#/ && NF > 20 {
    if (!($7 <= $6 && $6 <= $8 && $9 <= $7 && $8 <= $10 && $11 <= $9 && $10 <= $12 && $13 <= $11 && $12 <= $14)) { print "bands " $1 " " $2; bad = 1 }
    for (c = 15; c <= 18; c++) if ($c != "inside" && $c != "below" && $c != "above") { print "pos " $c; bad = 1 }
    if (!($19 >= 0 && $19 <= 1 && $20 >= 0)) { print "pit/crps " $1; bad = 1 }
    want = ($5 < $13) ? "below" : ($5 > $14) ? "above" : "inside"
    if ($18 != want) { print "pos95 " $1 " " $2 " " $18 " want " want; bad = 1 }
} END { exit bad }' "$F" || fail "row contents"
# Summary block: four bands, inside + below + above = n = 10, k_of_n matches.
summ=$(awk -F'\t' '!/^#/ && NF == 12' "$F")
[ "$(echo "$summ" | cut -f1 | tr '\n' ' ')" = "50 80 90 95 " ] || fail "summary bands: $summ"
echo "$summ" | awk -F'\t' '{ if ($2 != 10 || $3 + $4 + $5 != $2 || $7 != $3 "/" $2) bad = 1 } END { exit bad }' ||
    fail "summary counts: $summ"
# Coverage cannot fall as the band widens.
echo "$summ" | awk -F'\t' 'NR > 1 && $3 < prev { bad = 1 } { prev = $3 } END { exit bad }' || fail "coverage not monotone"

# The long format with the same figures gives the same data lines.
awk -F'\t' '!/^#/ && NF > 20 { print $1 "\t" $2 "\t" $5 }' "$F" >"$tmp/long.tsv"
# and the values up to 2013 for the naive forecast, as in the history file
awk -F'\t' '/^#/ { next } { split("national_zones upgrades revenue gdp zones_revenue_over_1000 rd_expenditure", m, " ")
    for (c = 2; c <= 7; c++) if ($c != "" && $1 <= 2013) print m[c - 1] "\t" $1 "\t" $c }' "$H" >>"$tmp/long.tsv"
"$P" hindcast "$S" --history "$tmp/long.tsv" --runs 300 -q --out "$tmp/b" || fail "long format exit status"
diff <(grep -v '^#' "$F" | cut -f1,2,5-) <(grep -v '^#' "$tmp/b/hindcast.tsv" | cut -f1,2,5-) >/dev/null ||
    fail "long and wide formats score differently"

# Bad history files: exact message, exit status, no output directory content.
expect() {
    local status=$1 message=$2
    shift 2
    rm -rf "$tmp/out"
    "$P" hindcast "$S" --runs 10 -q --out "$tmp/out" "$@" >/dev/null 2>"$tmp/stderr"
    local got=$?
    if [ "$got" != "$status" ] || [ "$(cat "$tmp/stderr")" != "$message" ]; then
        fail "parksim hindcast $*"
        echo "  expected status $status and: $message"
        echo "  got status $got and: $(cat "$tmp/stderr")"
    fi
    [ -e "$tmp/out" ] && [ -n "$(ls -A "$tmp/out")" ] && fail "parksim hindcast $* left files"
    return 0
}
TRY="Try 'parksim --help' for more information."
expect 2 "parksim: hindcast: --history FILE is required
$TRY"
expect 3 "parksim: $tmp/none.tsv: No such file or directory" --history "$tmp/none.tsv"
sed 's/^2014\t115/2014\t1l5/' "$H" >"$tmp/bad1.tsv"
expect 5 "parksim: $tmp/bad1.tsv:8: national_zones: expected a number, found '1l5'" --history "$tmp/bad1.tsv"
sed 's/\tgdp_yi\t/\tgdp_bn\t/' "$H" >"$tmp/bad2.tsv"
expect 5 "parksim: $tmp/bad2.tsv:2: gdp_bn: unknown history column (the history file's columns or a parksim metric name)" \
    --history "$tmp/bad2.tsv"
sed 's/^2013\t114\t9\t/2013\t114\t/' "$H" >"$tmp/bad3.tsv"
expect 5 "parksim: $tmp/bad3.tsv:7: 7 fields, the header has 8" --history "$tmp/bad3.tsv"
printf 'national_zones\t2014\t115\nrevenue 2015\nnational_zones 2014 115\n' >"$tmp/bad4.tsv"
expect 5 "parksim: $tmp/bad4.tsv:2: expected 'metric year value' (or a wide header starting with 'year')" \
    --history "$tmp/bad4.tsv"
printf '# comment\nnational_zones\t2014\t115\nnational_zone\t2015\t146\n' >"$tmp/bad5.tsv"
expect 5 "parksim: $tmp/bad5.tsv:3: metric: unknown metric 'national_zone'" --history "$tmp/bad5.tsv"
printf 'national_zones\t2014\t115\nnational_zones 2014 116\n' >"$tmp/bad6.tsv"
expect 5 "parksim: $tmp/bad6.tsv:2: national_zones: 2014 given twice (first on line 1)" --history "$tmp/bad6.tsv"
printf 'national_zones\t2010\t83\n' >"$tmp/bad7.tsv"
expect 8 "parksim: $tmp/bad7.tsv: no published figure after the base year 2013 and up to the horizon 2015" \
    --history "$tmp/bad7.tsv"

[ "$fails" = 0 ] && echo "cli_hindcast: all passed"
exit $((fails > 0))
