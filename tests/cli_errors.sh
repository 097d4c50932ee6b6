#!/usr/bin/env bash
# cli_errors.sh — bad input on the command line: one clear message naming
# file, line and setting (or data row and column), the documented exit
# status, and no output files at all.   Usage: cli_errors.sh PATH/TO/parksim
set -u
P=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

# expect EXIT_STATUS "EXACT STDERR" parksim-args...
expect() {
    local status=$1 message=$2
    shift 2
    rm -rf "$tmp/out"
    "$P" "$@" --out "$tmp/out" -q >"$tmp/stdout" 2>"$tmp/stderr"
    local got=$?
    if [ "$got" != "$status" ] || [ "$(cat "$tmp/stderr")" != "$message" ]; then
        echo "FAIL: parksim $*"
        echo "  expected status $status and: $message"
        echo "  got status $got and: $(cat "$tmp/stderr")"
        fails=$((fails + 1))
    fi
    if [ -e "$tmp/out" ] && [ -n "$(ls -A "$tmp/out")" ]; then
        echo "FAIL: parksim $* left files: $(ls -A "$tmp/out")"
        fails=$((fails + 1))
    fi
}

S=tests/data/scenario
D=$(pwd)/tests/data/baseline
expect 3 "parksim: no/such.cfg: cannot read scenario file: No such file or directory" run no/such.cfg
expect 4 "parksim: $S/syntax.cfg:4: syntax error" run $S/syntax.cfg
expect 4 "parksim: $S/wrong-type.cfg:4: run.horizon: expected an integer, found real number 2020.5" run $S/wrong-type.cfg
expect 4 "parksim: $S/unknown.cfg:4: growth.muu: unknown setting (did you mean 'growth.mu'?)" run $S/unknown.cfg
expect 4 "parksim: $S/range.cfg:4: land.supply_cap: value 1.5 is out of range [0, 1]" run $S/range.cfg
expect 5 "parksim: $D/bad_number.tsv:6: gdp: expected a number, found 'abc'" run tests/data/cli/bad-number.cfg
expect 4 "parksim: --set: run.horizon: expected an integer, found real number 2020.0 (write 2020)" \
    run scenarios/plan.cfg --set run.horizon=2020.0
expect 4 "parksim: --set: growth.muu: unknown setting (did you mean 'growth.mu'?)" \
    run scenarios/plan.cfg --set growth.muu=0.1

# A data row with too few fields names the row and the first missing column.
"$P" run tests/data/cli/too-few-fields.cfg --out "$tmp/out" -q 2>"$tmp/stderr"
status=$?
if [ "$status" != 5 ] || ! grep -q "^parksim: $D/too_few_fields.tsv:[0-9]*: [a-z_]*: " "$tmp/stderr"; then
    echo "FAIL: too few fields: status $status: $(cat "$tmp/stderr")"; fails=$((fails + 1))
fi
[ -e "$tmp/out" ] && { echo "FAIL: too few fields left $tmp/out"; fails=$((fails + 1)); }

# Usage errors: exit 2 and a hint.
"$P" run >/dev/null 2>"$tmp/stderr"; status=$?
[ "$status" = 2 ] && grep -q "Try 'parksim --help'" "$tmp/stderr" || { echo "FAIL: usage error ($status)"; fails=$((fails + 1)); }
"$P" frobnicate >/dev/null 2>&1; [ $? = 2 ] || { echo "FAIL: unknown command"; fails=$((fails + 1)); }
"$P" run scenarios/plan.cfg --runs zero >/dev/null 2>&1; [ $? = 2 ] || { echo "FAIL: --runs zero"; fails=$((fails + 1)); }
"$P" --help | grep -q "^Usage: parksim COMMAND" || { echo "FAIL: --help"; fails=$((fails + 1)); }
"$P" --version | grep -q "^parksim [0-9]" || { echo "FAIL: --version"; fails=$((fails + 1)); }

# Typed options: handed to the scenario typed, never re-encoded as text.
"$P" config scenarios/plan.cfg --runs 3000000000 -o 'a"b' >"$tmp/stdout" 2>"$tmp/stderr"
grep -q '^    runs = 3000000000L;$' "$tmp/stdout" && grep -q '^    out = "a\\"b";$' "$tmp/stdout" ||
    { echo "FAIL: typed --runs/--out: $(cat "$tmp/stderr") $(grep -E ' (runs|out) =' "$tmp/stdout")"; fails=$((fails + 1)); }
expect 4 "parksim: --seed: run.seed: value 99999999999 is out of range [0, 4294967295]" \
    run scenarios/plan.cfg --seed 99999999999
expect 2 "parksim: --threads: expected an integer from 1 to 1024, got '4294967297'
Try 'parksim --help' for more information." run scenarios/plan.cfg --threads 4294967297
expect 2 "parksim: --runs: expected an integer >= 1, got '99999999999999999999'
Try 'parksim --help' for more information." run scenarios/plan.cfg --runs 99999999999999999999
expect 2 "parksim: --first-run: expected an integer from 0 to 1000000000000000, got '9223372036854775807'
Try 'parksim --help' for more information." run scenarios/plan.cfg --first-run 9223372036854775807
expect 2 "parksim: --vary: not an option of 'run'
Try 'parksim --help' for more information." run scenarios/plan.cfg --vary growth.mu=0:1:0.5
expect 2 "parksim: --vary: growth.mu: 100000000000000000000 points is too many (at most 10000)
Try 'parksim --help' for more information." sweep scenarios/plan.cfg --vary growth.mu=0:1:1e-20
expect 2 "parksim: --vary: growth.mu: expected FROM:TO:STEP with STEP > 0 and TO >= FROM, got 'nan:1:0.1'
Try 'parksim --help' for more information." sweep scenarios/plan.cfg --vary growth.mu=nan:1:0.1

# Each command's --help lists its own options only, on stdout, exit 0.
"$P" sweep --help >"$tmp/stdout" 2>&1 && grep -q '^Usage: parksim sweep SCENARIO' "$tmp/stdout" &&
    grep -q -- '--vary KEY' "$tmp/stdout" && ! grep -q -- '--shard' "$tmp/stdout" ||
    { echo "FAIL: sweep --help"; cat "$tmp/stdout"; fails=$((fails + 1)); }
"$P" run --help >"$tmp/stdout" 2>&1 && grep -q -- '--shard I/N' "$tmp/stdout" && ! grep -q -- '--vary' "$tmp/stdout" ||
    { echo "FAIL: run --help"; cat "$tmp/stdout"; fails=$((fails + 1)); }
# A closed stdout is an i/o error, not a silent success.
if [ -w /dev/full ]; then
    "$P" config scenarios/plan.cfg >/dev/full 2>"$tmp/stderr"; status=$?
    [ "$status" = 3 ] || { echo "FAIL: config to a full disk: status $status"; fails=$((fails + 1)); }
fi

# check reports every problem at once, with file:line, and exits non-zero.
"$P" check $S/three-problems.cfg >"$tmp/stdout" 2>&1; status=$?
problems=$(grep -c "three-problems.cfg:[0-9]*:" "$tmp/stdout")
[ "$status" = 4 ] && [ "$problems" = 3 ] || { echo "FAIL: check found $problems problems, status $status"; cat "$tmp/stdout"; fails=$((fails + 1)); }
"$P" check scenarios/*.cfg >"$tmp/stdout" 2>&1 || { echo "FAIL: check of the scenario library"; cat "$tmp/stdout"; fails=$((fails + 1)); }

echo "cli_errors: $fails failure(s)"
[ "$fails" = 0 ]
