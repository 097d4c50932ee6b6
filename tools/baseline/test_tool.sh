#!/usr/bin/env bash
# test_tool.sh — parksim-baseline as a program: its options, that the data
# tables are really read at run time (--data), and that a bad table or
# source stops the run with one exact "file:line: problem" message, exit 1,
# and leaves an existing output untouched.
# Usage: test_tool.sh PATH/TO/parksim-baseline SOURCE_DIR
set -u
B=$1
cd "$2" || exit 1
SRC=scenarios/data/national-zones-2015.csv
DATA=tools/baseline/data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# expect STATUS "EXACT STDERR" args... ; the output file must keep its content.
expect() {
    local status=$1 message=$2
    shift 2
    echo keep >"$tmp/out.tsv"
    "$B" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    local got=$?
    if [ "$got" != "$status" ] || [ "$(cat "$tmp/stderr")" != "$message" ]; then
        fail "parksim-baseline $*"
        echo "  expected status $status and: $message"
        echo "  got status $got and: $(cat "$tmp/stderr")"
    fi
    [ "$(cat "$tmp/out.tsv")" = keep ] || fail "parksim-baseline $* replaced the output"
    [ -z "$(ls "$tmp" | grep '\.tmp\.')" ] || fail "parksim-baseline $* left a temporary"
}

# A copy of the tables with one sed edit applied to one of them.
tables() {
    rm -rf "$tmp/data"
    cp -r "$DATA" "$tmp/data"
    sed -i "$2" "$tmp/data/$1"
}

TRY="Try 'parksim-baseline --help' for more information."
"$B" --help >"$tmp/help" || fail "--help exit status"
grep -q -- "--data DIR" "$tmp/help" || fail "--help does not document --data"
grep -q "default: $(pwd)/$DATA\]" "$tmp/help" || fail "--help does not show the default data directory"
expect 2 "parksim-baseline: expected SOURCE_CSV and OUT_TSV
$TRY" "$SRC"
expect 2 "parksim-baseline: unrecognized option '--bogus'
$TRY" --bogus "$SRC" "$tmp/out.tsv"
expect 2 "parksim-baseline: missing argument to '--data'
$TRY" "$SRC" "$tmp/out.tsv" --data
expect 1 "parksim-baseline: $tmp/none/provinces.tsv: No such file or directory (give the tables' directory with --data)" \
    --data "$tmp/none" "$SRC" "$tmp/out.tsv"

tables provinces.tsv 's/pool_fixed/fixed/'
expect 1 "parksim-baseline: $tmp/data/provinces.tsv:13: column 3 is 'fixed', expected 'pool_fixed'" \
    --data "$tmp/data" "$SRC" "$tmp/out.tsv"
tables provinces.tsv 's/^Hebei\teast/Hebei\tnorth/'
expect 1 "parksim-baseline: $tmp/data/provinces.tsv:16: region: unknown region 'north'" \
    --data "$tmp/data" "$SRC" "$tmp/out.tsv"
tables cities.tsv 's/^Hubei\tXiantao\t0\t0$/Hubei\tXiantao\t0\t1/'
expect 1 "parksim-baseline: $tmp/data/cities.tsv:306: pool: only a prefecture-level city can take provincial zones" \
    --data "$tmp/data" "$SRC" "$tmp/out.tsv"
tables cities.tsv '/\tXiantao\t/d'
expect 1 "parksim-baseline: $SRC:97: city 'Xiantao' is not a known prefecture-level city of Hubei" \
    --data "$tmp/data" "$SRC" "$tmp/out.tsv"
tables cities.tsv 's/^Hubei\tWuhan\t1\t1$/Hubei\tWuhan\t1/'
expect 1 "parksim-baseline: $tmp/data/cities.tsv:173: 3 fields, expected 4" \
    --data "$tmp/data" "$SRC" "$tmp/out.tsv"
tables named-zones.tsv 's/^合肥高新技术产业开发区/合肥高新区/'
expect 1 "parksim-baseline: named zone 合肥高新区 (named-zones.tsv) found 0 times in the source" \
    --data "$tmp/data" "$SRC" "$tmp/out.tsv"

# --base-year: only the years with a row in targets.h; the assumed approval
# years must reproduce the published count of the year.
expect 2 "parksim-baseline: --base-year '2014': must be 2015 or 2013
$TRY" --base-year 2014 "$SRC" "$tmp/out.tsv"
tables unknown-approvals.tsv 's/^\(三明[^\t]*\)\t2015/\1\t2012/'
expect 1 "parksim-baseline: $tmp/data/unknown-approvals.tsv: 115 zones national by the end of 2013, the published count is 114" \
    --base-year 2013 --data "$tmp/data" "$SRC" "$tmp/out.tsv"
tables unknown-approvals.tsv '/^北海/d'
expect 1 "parksim-baseline: $tmp/data/unknown-approvals.tsv: 北海高新技术产业开发区 has no approval year: list it with an assumed year" \
    --base-year 2013 --data "$tmp/data" "$SRC" "$tmp/out.tsv"
tables unknown-approvals.tsv 's/^\(北海[^\t]*\)\t2015/\1\t2o15/'
expect 1 "parksim-baseline: $tmp/data/unknown-approvals.tsv:22: assumed_year: expected a year 1980-2015, found '2o15'" \
    --base-year 2013 --data "$tmp/data" "$SRC" "$tmp/out.tsv"

# The tables are data: the same tables give the committed file, a changed
# one (two provinces swapped: the pool's order) gives another.
cp -r "$DATA" "$tmp/same"
"$B" --data "$tmp/same" "$SRC" "$tmp/same.tsv" >/dev/null || fail "run with a copy of the tables"
cmp -s "$tmp/same.tsv" scenarios/data/zones-2015.tsv || fail "a copy of the tables gives another file"
tables provinces.tsv '/^Hebei\t/{h;d};/^Shanxi\t/{G}'
"$B" --data "$tmp/data" "$SRC" "$tmp/swapped.tsv" >/dev/null || fail "run with swapped provinces"
cmp -s "$tmp/swapped.tsv" scenarios/data/zones-2015.tsv && fail "swapping two provinces changed nothing"

[ "$fails" = 0 ] && echo "test_tool: all passed"
exit $((fails > 0))
