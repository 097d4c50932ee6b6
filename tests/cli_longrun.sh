#!/usr/bin/env bash
# cli_longrun.sh — long runs: a run killed mid-way and resumed with --resume
# writes the data of an uninterrupted run byte for byte; --until-se stops at
# the first block where every target's standard error is below the bound,
# the same for any threads; --no-runs-file; --plain-header; --runs 1e6;
# progress lines when stderr is a file.   Usage: cli_longrun.sh PATH/TO/parksim
set -u
P=$1
S=tests/data/cli/small.cfg
tmp=$(mktemp -d)
# Only in this shell, never in a fork of it killed before its exec (tests/wait_events.sh).
trap 'if [ "$BASHPID" = "$$" ]; then rm -rf "$tmp"; fi' EXIT
. "$(dirname "$0")/wait_events.sh"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
data() { grep -v '^#' "$1"; }
same_data() { # DIR1 DIR2 FILES...
    local a=$1 b=$2; shift 2
    for f in "$@"; do cmp -s <(data "$a/$f") <(data "$b/$f") || fail "$a/$f and $b/$f differ"; done
}
TABLES="summary.tsv targets.tsv target_years.tsv first_year.tsv"

"$P" run $S --runs 5000 -q -t 2 -o "$tmp/whole" || fail "whole run"
[ -e "$tmp/whole/.checkpoint" ] && fail "a finished run left its checkpoint"

# Killed (SIGKILL) after its first checkpoint, resumed on another thread count.
PARKSIM_CHECKPOINT_BLOCKS=1 "$P" run $S --runs 5000 -q -t 1 -o "$tmp/killed" &
pid=$!
wait_file $pid "$tmp/killed/.checkpoint/state"
kill -KILL $pid; wait $pid 2>/dev/null; status=$?
[ "$status" = 137 ] || fail "the run was not killed mid-way (status $status)"
"$P" run $S --runs 5000 -t 2 -o "$tmp/killed" --resume 2>"$tmp/stderr" || fail "resume: $(cat "$tmp/stderr")"
grep -q "^parksim: resuming $tmp/killed/ at run [1-4]024: [1-4]024 of 5000 runs done$" "$tmp/stderr" ||
    fail "resume message: $(cat "$tmp/stderr")"
same_data "$tmp/whole" "$tmp/killed" $TABLES runs.tsv
[ -e "$tmp/killed/.checkpoint" ] && fail "the resumed run left its checkpoint"

# Interrupted (SIGINT): files that say so, then --resume completes them.
PARKSIM_PROGRESS_INTERVAL=0 PARKSIM_CHECKPOINT_BLOCKS=100 "$P" run $S --runs 5000 -t 1 -o "$tmp/int" 2>"$tmp/stderr" &
pid=$!
wait_line $pid "$tmp/stderr" "progress"

kill -INT $pid; wait $pid; status=$?
[ "$status" = 130 ] || fail "SIGINT after the first block: status $status"
if [ "$status" = 130 ]; then
    grep -q '^# INTERRUPTED' "$tmp/int/targets.tsv" || fail "interrupted targets.tsv does not say so"
    grep -q "^parksim: to continue: the same command with --resume$" "$tmp/stderr" || fail "no resume hint: $(cat "$tmp/stderr")"
    "$P" run $S --runs 5000 -q -t 2 -o "$tmp/int" --resume || fail "resume after SIGINT"
    same_data "$tmp/whole" "$tmp/int" $TABLES runs.tsv
    grep -q INTERRUPTED "$tmp/int/targets.tsv" && fail "resumed targets.tsv still says INTERRUPTED"
fi

# --resume errors: nothing to resume; another run's checkpoint.
"$P" run $S --runs 5000 -q -o "$tmp/none" --resume 2>"$tmp/stderr"; status=$?
[ "$status" = 3 ] && [ "$(cat "$tmp/stderr")" = "parksim: --resume: no checkpoint in $tmp/none/ (a stopped run leaves one; a finished run removes it)" ] ||
    fail "resume without checkpoint: $status $(cat "$tmp/stderr")"
PARKSIM_CHECKPOINT_BLOCKS=1 "$P" run $S --runs 5000 -q -t 1 -o "$tmp/other" &
pid=$!
wait_file $pid "$tmp/other/.checkpoint/state"
kill -KILL $pid; wait $pid 2>/dev/null
"$P" run $S --runs 5000 --seed 7 -q -o "$tmp/other" --resume 2>"$tmp/stderr"; status=$?
[ "$status" = 8 ] && grep -q "^parksim: $tmp/other/.checkpoint/state: checkpoint of another run (scenario hash [0-9a-f]*, seed 20170414, runs 5000 from run 0, until-se 0); this one: [0-9a-f]*, 7, 5000 from 0, 0; run without --resume to start again$" "$tmp/stderr" ||
    fail "resume of another run: $status $(cat "$tmp/stderr")"

# --until-se: whole blocks until the largest standard error is below 0.006;
# the same data for 1 and 2 threads; one block fewer was not enough.
"$P" run $S --until-se 0.006 --runs 20000 -q -t 1 -o "$tmp/se1" || fail "until-se"
"$P" run $S --until-se 0.006 --runs 20000 -q -t 2 -o "$tmp/se2" || fail "until-se -t 2"
same_data "$tmp/se1" "$tmp/se2" $TABLES runs.tsv
n=$(awk '/^# runs:/ { print $3 }' "$tmp/se1/targets.tsv")
grep -q "^# until_se: 0.006 reached after $n runs " "$tmp/se1/targets.tsv" || fail "until_se header: $(grep until "$tmp/se1/targets.tsv")"
maxse() { awk -F'\t' '!/^#/ { p = $8; s = sqrt(p * (1 - p) / $6); if (s > m) m = s } END { print m }' "$1"; }
awk -v s="$(maxse "$tmp/se1/targets.tsv")" 'BEGIN { exit !(s < 0.006) }' || fail "until-se: largest se $(maxse "$tmp/se1/targets.tsv")"
[ $((n % 1024)) = 0 ] && [ "$n" -ge 2048 ] || fail "until-se stopped at $n runs, not a whole block after the first"
"$P" run $S --runs $((n - 1024)) -q -o "$tmp/se0" || fail "one block fewer"
awk -v s="$(maxse "$tmp/se0/targets.tsv")" 'BEGIN { exit !(s >= 0.006) }' || fail "until-se ran too long: $(maxse "$tmp/se0/targets.tsv") at $((n - 1024))"

"$P" run $S --until-se 0 -q -o "$tmp/x" 2>"$tmp/stderr"; status=$?
[ "$status" = 2 ] && [ "$(head -1 "$tmp/stderr")" = "parksim: --until-se: expected a standard error between 0 and 0.5 (e.g. 0.005), got '0'" ] ||
    fail "--until-se 0: $status $(cat "$tmp/stderr")"

# --no-runs-file: the same tables, no runs.tsv.
"$P" run $S --runs 5000 -q -o "$tmp/norows" --no-runs-file || fail "--no-runs-file"
[ -e "$tmp/norows/runs.tsv" ] && fail "--no-runs-file wrote runs.tsv"
"$P" run $S --runs 300 -t 1 -o "$tmp/norows2" --no-runs-file 2>"$tmp/stderr" || fail "--no-runs-file (not quiet)"
[ "$(tail -1 "$tmp/stderr")" = "parksim: results in $tmp/norows2/ (summary.tsv, targets.tsv, target_years.tsv, first_year.tsv, zones.tsv, provinces.tsv, scenario.cfg)" ] ||
    fail "--no-runs-file: results message: $(tail -1 "$tmp/stderr")"
same_data "$tmp/whole" "$tmp/norows" $TABLES

# --plain-header: the column names as the first line that is not '#'.
"$P" run $S --runs 300 -q -o "$tmp/plain" --plain-header || fail "--plain-header"
[ "$(grep -v '^#' "$tmp/plain/targets.tsv" | head -1)" = "$(printf 'target\tmetric\top\tthreshold\tyear\truns\tmet\tp\tci_low\tci_high')" ] ||
    fail "plain header of targets.tsv: $(grep -v '^#' "$tmp/plain/targets.tsv" | head -1)"
[ "$(grep -v '^#' "$tmp/plain/runs.tsv" | head -1 | cut -f1-2)" = "$(printf 'run\tnational_zones')" ] || fail "plain header of runs.tsv"
[ "$(grep -v '^#' "$tmp/plain/summary.tsv" | head -1 | cut -f1-3)" = "$(printf 'metric\tyear\tmean')" ] || fail "plain header of summary.tsv"
if command -v gnuplot >/dev/null; then
    v=$(cd "$tmp/plain" && gnuplot -e "set table '/dev/null'; plot 'targets.tsv' using 0:'p'; print GPVAL_DATA_Y_MAX" 2>&1) ||
        fail "gnuplot columnheader: $v"
fi

# --runs in exponent form: exact integers only.
"$P" config $S --runs 1e6 | grep -q '^    runs = 1000000;$' || fail "--runs 1e6"
"$P" config $S --runs 1.5e6 | grep -q '^    runs = 1500000;$' || fail "--runs 1.5e6"
"$P" config $S --runs 1.5e0 >/dev/null 2>"$tmp/stderr"; status=$?
[ "$status" = 2 ] && [ "$(head -1 "$tmp/stderr")" = "parksim: --runs: expected an integer >= 1, got '1.5e0'" ] || fail "--runs 1.5e0: $status"

# Progress: whole lines when stderr is a file (every PARKSIM_PROGRESS_INTERVAL seconds).
PARKSIM_PROGRESS_INTERVAL=0 "$P" run $S --runs 2500 -o "$tmp/prog" 2>"$tmp/stderr" || fail "progress run"
grep -q "^parksim: progress: 2500/2500 runs, [0-9]* runs/s, 0 s left$" "$tmp/stderr" || fail "progress lines: $(cat "$tmp/stderr")"
grep -q $'\r' "$tmp/stderr" && fail "carriage returns in a log file"
"$P" run $S --runs 2500 -q -o "$tmp/prog" 2>"$tmp/stderr"; [ -s "$tmp/stderr" ] && fail "-q printed: $(cat "$tmp/stderr")"

[ "$fails" = 0 ] && echo "cli_longrun: all passed"
exit $((fails > 0))
