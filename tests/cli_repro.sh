#!/usr/bin/env bash
# cli_repro.sh — reproducibility and the planner workflow, end to end:
# identical data for 1, 2 and 4 threads; run k alone equals run k of a batch;
# `config` output runs to the same result; locale never changes a byte;
# compare and sweep agree with single runs; --trajectory; Ctrl-C.
# Usage: cli_repro.sh PATH/TO/parksim
set -u
P=$1
tmp=$(mktemp -d)
# Only in this shell, never in a fork of it killed before its exec (tests/wait_events.sh).
trap 'if [ "$BASHPID" = "$$" ]; then rm -rf "$tmp"; fi' EXIT
. "$(dirname "$0")/wait_events.sh"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
data() { grep -v '^#' "$1"; }
same_data() { # dir1 dir2: every result file has the same non-# lines
    for f in summary.tsv targets.tsv target_years.tsv first_year.tsv provinces.tsv runs.tsv; do
        cmp -s <(data "$1/$f") <(data "$2/$f") || fail "$f differs between $1 and $2"
    done
}
S=tests/data/cli/small.cfg

# 1. Threads: byte-identical data for 1, 2 and 4 threads.
for t in 1 2 4; do
    "$P" run $S -q --threads $t --out "$tmp/t$t" || fail "run with $t threads"
done
same_data "$tmp/t1" "$tmp/t2"
same_data "$tmp/t1" "$tmp/t4"
[ "$(data "$tmp/t1/runs.tsv" | wc -l)" = 1500 ] || fail "runs.tsv should have 1500 rows"

# 2. Run k alone reproduces run k of the batch (k in the second block).
"$P" run $S -q --first-run 1234 --runs 1 --out "$tmp/alone" || fail "run 1234 alone"
cmp -s <(data "$tmp/alone/runs.tsv") <(data "$tmp/t1/runs.tsv" | awk '$1 == 1234') || fail "run 1234 alone differs"

# 3. A child scenario with two overrides; its resolved config runs to the same result.
"$P" config tests/data/cli/child.cfg >"$tmp/child-resolved.cfg" || fail "config child.cfg"
grep -q "rate = 25.0;" "$tmp/child-resolved.cfg" || fail "child override upgrade.rate not in config"
grep -q "threshold = 0.06;" "$tmp/child-resolved.cfg" || fail "child target override not in config"
"$P" run tests/data/cli/child.cfg -q --runs 300 --out "$tmp/child" || fail "run child"
"$P" run "$tmp/child-resolved.cfg" -q --runs 300 --out "$tmp/child2" || fail "run resolved child"
same_data "$tmp/child" "$tmp/child2"
"$P" config "$tmp/child-resolved.cfg" | grep -v '^#' >"$tmp/again.cfg"
cmp -s <(grep -v '^#' "$tmp/child-resolved.cfg") "$tmp/again.cfg" || fail "config is not idempotent"
cmp -s <(grep -v '^#' "$tmp/child/scenario.cfg") <("$P" config tests/data/cli/child.cfg --runs 300 --out "$tmp/child" | grep -v '^#') \
    || fail "scenario.cfg written with the results differs from parksim config"

# 4. Locale: a comma-decimal locale changes nothing.
LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 "$P" run $S -q --runs 200 --out "$tmp/de" 2>/dev/null || fail "run under de_DE"
"$P" run $S -q --runs 200 --out "$tmp/c" || fail "run under C"
same_data "$tmp/de" "$tmp/c"
data "$tmp/c/summary.tsv" | grep -q ',' && fail "a comma in summary.tsv"

# 5. Sweep 2 x 3 equals a shell loop over `run --set ... --format tsv`.
"$P" sweep $S -q --runs 200 --vary upgrade.rate=10:20:10 --vary policy.rd_uplift=0:0.02:0.01 \
    --out "$tmp/sweep" || fail "sweep"
[ "$(data "$tmp/sweep/sweep.tsv" | grep -c .)" = 6 ] || fail "sweep.tsv should have 6 points"
for rate in 10.0 20.0; do
    for up in 0.0 0.01 0.02; do
        "$P" run $S -q --runs 200 --out "$tmp/loop" --format tsv --set upgrade.rate=$rate --set policy.rd_uplift=$up
    done
done | cut -f4- | awk -F'\t' -v OFS='\t' '{NF = NF - 2; print}' >"$tmp/loop.tsv"
data "$tmp/sweep/sweep.tsv" | grep . | cut -f4- >"$tmp/sweep_p.tsv"
cmp -s "$tmp/loop.tsv" "$tmp/sweep_p.tsv" || { fail "sweep differs from the shell loop"; diff "$tmp/loop.tsv" "$tmp/sweep_p.tsv" | head; }

# 6. Compare: same seed for all; the first scenario's differences are 0.
"$P" compare $S tests/data/cli/child.cfg -q --runs 300 --out "$tmp/cmp" || fail "compare"
rows=$(data "$tmp/cmp/compare.tsv" | wc -l)
[ "$rows" = 12 ] || fail "compare.tsv has $rows rows, expected 2 x 6"
data "$tmp/cmp/compare.tsv" | head -6 | awk -F'\t' '$8 != 0 || $9 != 0 || $10 != 0 {bad = 1} END {exit bad}' \
    || fail "first scenario's differences are not 0"
p_child=$(data "$tmp/cmp/compare.tsv" | awk -F'\t' '$2 == "child" && $3 == "national_zones" {print $5}')
p_run=$(data "$tmp/child/targets.tsv" | awk -F'\t' '$1 == "national_zones" {print $8}')
[ "$p_child" = "$p_run" ] || fail "compare p ($p_child) differs from run p ($p_run)"

# 7. --trajectory: every zone in play, every year.
"$P" run $S -q --runs 10 --trajectory --out "$tmp/traj" || fail "trajectory"
zones=$(( $(awk -F'\t' '!/^#/ && $7 == "national"' scenarios/data/zones-2015.tsv | wc -l) + 80 ))
[ "$(data "$tmp/traj/trajectory.tsv" | wc -l)" = $((zones * 6)) ] || fail "trajectory.tsv should have $zones zones x 6 years"

# 8. Ctrl-C: exit 130, and either no files or complete files marked INTERRUPTED.
PARKSIM_PROGRESS_INTERVAL=0 "$P" run scenarios/plan.cfg --runs 400000 --out "$tmp/int" 2>"$tmp/int.err" &
pid=$!
# SIGINT starts ignored in a script's background job: send it once parksim
# catches it (bit 2 of SigCgt in /proc/PID/status, of the process once it
# is parksim: tests/wait_events.sh) and the runs are under way (the first
# progress line, after the first chunk): events, not delays.
wait_catching $pid 2
wait_line $pid "$tmp/int.err" '^parksim: progress: '
kill -INT $pid
wait $pid
status=$?
[ "$status" = 130 ] || fail "interrupted run exited $status"
# Runs were done before the signal: the files are there, marked.
[ -e "$tmp/int/summary.tsv" ] || fail "interrupted after the first chunk, but no summary.tsv: $(tail -2 "$tmp/int.err")"
if [ -e "$tmp/int/summary.tsv" ]; then
    grep -q "^# INTERRUPTED" "$tmp/int/summary.tsv" || fail "interrupted summary not marked"
    n=$(data "$tmp/int/runs.tsv" | wc -l)
    grep -q "^# INTERRUPTED after $n of 400000 runs" "$tmp/int/runs.tsv" || fail "runs.tsv rows ($n) do not match its mark"
fi
ls -A "$tmp/int" 2>/dev/null | grep -q '\.tmp\.' && fail "temporary files left behind"

echo "cli_repro: $fails failure(s)"
[ "$fails" = 0 ]
