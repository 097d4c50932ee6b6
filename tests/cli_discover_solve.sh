#!/usr/bin/env bash
# cli_discover_solve.sh — `parksim solve` and `parksim discover` from the
# shell: solve's answer checked with `run --set` at the answer and at the
# other end of its bracket (same runs: the same counts, exactly); the same
# data with 1 and 2 threads; located errors with did-you-mean; no crossing
# (exit 9); Ctrl-C leaves no file; discover's files and errors.
# Usage: tests/cli_discover_solve.sh PATH/TO/parksim   (from the repository root)
set -u
P=${1:?usage: cli_discover_solve.sh PATH/TO/parksim}
tmp=$(mktemp -d)
# Only in this shell, never in a fork of it killed before its exec (tests/wait_events.sh).
trap 'if [ "$BASHPID" = "$$" ]; then rm -rf "$tmp"; fi' EXIT
. "$(dirname "$0")/wait_events.sh"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
data() { grep -v '^#' "$1"; }

# ---- solve ------------------------------------------------------------------
S=scenarios/plan_fixed.cfg
sargs=(--lever upgrade.rate=5:40 --target national_zones --p 0.8 --runs 200 --max-runs 800 --tol 2 -q)
"$P" solve "$S" "${sargs[@]}" -t 1 -o "$tmp/s1" > "$tmp/s1.out" || fail "solve -t 1 (exit $?)"
"$P" solve "$S" "${sargs[@]}" -t 2 -o "$tmp/s2" > "$tmp/s2.out" || fail "solve -t 2"
cmp -s <(data "$tmp/s1/solve.tsv") <(data "$tmp/s2/solve.tsv") || fail "solve.tsv differs with 2 threads"
# Found, or (if a midpoint's P cannot be told from 0.8 with 800 runs) an
# interval; either way the answer row is decided above, the bracket's other
# end below.
outcome=$(sed -n 's/^# outcome: //p' "$tmp/s1/solve.tsv")
case "$outcome" in found|undecided) ;; *) fail "solve outcome: $outcome" ;; esac
# The answer row and the bracket's other end (the last value decided below).
ans=$(awk -F'\t' '!/^#/ && $9 == 1 { print $2, $3, $4 }' "$tmp/s1/solve.tsv")
read -r ax an am <<< "$ans"
below=$(awk -F'\t' '!/^#/ && $8 == "below" { b = $2 " " $3 " " $4 } END { print b }' "$tmp/s1/solve.tsv")
read -r bx bn bm <<< "$below"
[ -n "$ax" ] && [ -n "$bx" ] || fail "no answer or no below row in solve.tsv"
awk -v a="$ax" -v b="$bx" -v o="$outcome" 'BEGIN { exit !(a > b && (o != "found" || a - b <= 2)) }' ||
    fail "bracket $bx..$ax: not ordered, or wider than --tol 2"
# run --set at each: same runs, so the same count of runs meeting the target.
met_of() { awk -F'\t' '!/^#/ && $1 == "national_zones" { print $7, $9, $10 }' "$1/targets.tsv"; }
"$P" run "$S" --runs "$an" --set "upgrade.rate=$ax" -q -o "$tmp/ra" || fail "run at the answer"
read -r m lo hi <<< "$(met_of "$tmp/ra")"
[ "$m" = "$am" ] || fail "run --set upgrade.rate=$ax: $m met, solve said $am"
awk -v lo="$lo" 'BEGIN { exit !(lo > 0.8) }' || fail "at the answer $ax the interval's low end $lo is not above 0.8"
"$P" run "$S" --runs "$bn" --set "upgrade.rate=$bx" -q -o "$tmp/rb" || fail "run below the answer"
read -r m lo hi <<< "$(met_of "$tmp/rb")"
[ "$m" = "$bm" ] || fail "run --set upgrade.rate=$bx: $m met, solve said $bm"
awk -v hi="$hi" 'BEGIN { exit !(hi < 0.8) }' || fail "below the answer ($bx) the interval's high end $hi is not below 0.8"
if [ "$outcome" = found ]; then
    grep -q "^upgrade.rate = $ax: the smallest value in \[5, 40\] with P(national_zones) >= 0.8" "$tmp/s1.out" ||
        fail "solve's answer line: $(head -1 "$tmp/s1.out")"
else
    grep -q "^undecided: P(national_zones) cannot be told from 0.8 with 800 runs for upgrade.rate from " "$tmp/s1.out" ||
        fail "solve's undecided line: $(head -1 "$tmp/s1.out")"
fi

# No crossing: exit 9, a clear line, solve.tsv still written.
"$P" solve "$S" --lever upgrade.rate=35:40 --target national_zones --p 0.8 --runs 200 -q -o "$tmp/nc" > "$tmp/nc.out"
rc=$?
[ "$rc" = 9 ] || fail "no crossing: exit $rc, expected 9"
grep -q '^no crossing: P(national_zones) is above 0.8 at both ends of \[35, 40\]' "$tmp/nc.out" || fail "no crossing line: $(cat "$tmp/nc.out")"
grep -q '^# outcome: no crossing$' "$tmp/nc/solve.tsv" || fail "no crossing: solve.tsv"

# Errors: located, with did-you-mean, and no file.
msg=$("$P" solve "$S" --lever upgrade.rate=5:40 --target nationalzones --p 0.8 -o "$tmp/e1" 2>&1); rc=$?
[ "$rc" = 2 ] || fail "unknown target: exit $rc"
[ "$msg" = "parksim: $S: --target: unknown target 'nationalzones' (did you mean 'national_zones'?); its targets: national_zones, rd_intensity, new_firm_share, kis_share, productivity_growth" ] ||
    fail "unknown target message: $msg"
msg=$("$P" solve "$S" --lever upgrade.rat=5:40 --target national_zones --p 0.8 -o "$tmp/e1" 2>&1); rc=$?
[ "$rc" = 4 ] || fail "unknown lever: exit $rc"
[ "$msg" = "parksim: --lever: upgrade.rat: unknown setting (did you mean 'upgrade.rate'?)" ] || fail "unknown lever message: $msg"
msg=$("$P" solve "$S" --lever upgrade.rate=40:5 --target national_zones --p 0.8 2>&1 | head -1); 
[ "$msg" = "parksim: --lever: upgrade.rate: expected LO:HI with LO < HI, got '40:5'" ] || fail "bad range message: $msg"
[ ! -e "$tmp/e1" ] || [ -z "$(ls -A "$tmp/e1")" ] || fail "an error left files in $tmp/e1"

# Ctrl-C: exit 130 and no solve.tsv.
# SIGINT once the runs are under way (the first progress line), not after a fixed delay.
PARKSIM_PROGRESS_INTERVAL=0 "$P" solve "$S" --lever upgrade.rate=5:40 --target national_zones --p 0.8 --runs 5000 \
    -o "$tmp/int" 2>"$tmp/int.err" &
pid=$!
wait_line "$pid" "$tmp/int.err" '^parksim: progress: '
kill -INT "$pid"
wait "$pid"; rc=$?
[ "$rc" = 130 ] || fail "interrupted solve: exit $rc: $(tail -2 "$tmp/int.err")"
grep -q '^parksim: progress: ' "$tmp/int.err" || fail "interrupted solve: no progress line before the signal"
[ ! -e "$tmp/int/solve.tsv" ] || fail "interrupted solve left solve.tsv"
ls -A "$tmp/int" 2>/dev/null | grep -q . && fail "interrupted solve left: $(ls -A "$tmp/int")"

# An uncertain lever is fixed at each value, and said so.
"$P" solve scenarios/plan.cfg --lever upgrade.rate=5:40 --target national_zones --p 0.5 --runs 100 --max-runs 100 --tol 10 -o "$tmp/u" > /dev/null 2> "$tmp/u.err"
grep -q "^parksim: solve: upgrade.rate is an uncertain setting of scenarios/plan.cfg: fixed at each value tried$" "$tmp/u.err" || fail "uncertain lever not announced: $(head -2 "$tmp/u.err")"
grep -q '^# lever: upgrade.rate from 5 to 40 (real); an uncertain setting' "$tmp/u/solve.tsv" || fail "uncertain lever not in solve.tsv"

# ---- discover ---------------------------------------------------------------
R=scenarios/plan.cfg
"$P" run "$R" --runs 1000 -q -t 1 -o "$tmp/d1" || fail "run -t 1"
"$P" run "$R" --runs 1000 -q -t 2 -o "$tmp/d2" || fail "run -t 2"
"$P" discover "$tmp/d1" --target national_zones,rd_intensity --resamples 5 -q > "$tmp/d1.out" || fail "discover (exit $?)"
"$P" discover "$tmp/d2" --target national_zones,rd_intensity --resamples 5 -q > "$tmp/d2.out" || fail "discover 2"
cmp -s <(data "$tmp/d1/discover.tsv") <(data "$tmp/d2/discover.tsv") || fail "discover.tsv differs for runs with 1 and 2 threads"
cmp -s "$tmp/d1.out" "$tmp/d2.out" || fail "discover's summary differs"
# Three blocks; the trajectory starts with the whole space and shrinks.
awk -F'\t' '/^#/ { next } /^$/ { b++; next }
    b == 0 { if (NR0++ == 0 && !($1 == 0 && $2 == 1 && $4 == 1 && $7 == 0)) bad = 1
             if (NR0 > 1 && ($4 > prev || $2 > prevc)) bad = 1; prev = $4; prevc = $2; chosen += $8 }
    END { exit !(bad == 0 && chosen == 1 && b >= 2) }' "$tmp/d1/discover.tsv" || fail "discover.tsv trajectory block"
# The box block: lo01/hi01 within [0, 1], quasi-p within [0, 1].
awk -F'\t' '/^#/ { next } /^$/ { b++; next }
    b == 2 { n++; if ($6 < 0 || $6 > 1 || $7 < 0 || $7 > 1 || $6 > $7 || $8 < 0 || $8 > 1) bad = 1 }
    END { exit !(bad == 0) }' "$tmp/d1/discover.tsv" || fail "discover.tsv box block"
msg=$("$P" discover "$tmp/d1" --target national_zones,rd_intensty 2>&1); rc=$?
[ "$rc" = 2 ] || fail "discover unknown target: exit $rc"
[ "$msg" = "parksim: $tmp/d1/runs.tsv:17: --target: unknown target 'rd_intensty' (did you mean 'rd_intensity'?); its targets: national_zones, rd_intensity, new_firm_share, kis_share, productivity_growth" ] ||
    fail "discover unknown target message: $msg"
msg=$("$P" discover "$tmp/nothing" --target national_zones 2>&1); rc=$?
[ "$rc" = 3 ] || fail "discover without runs.tsv: exit $rc"
case "$msg" in "parksim: $tmp/nothing/runs.tsv: cannot read: No such file or directory"*) ;; *) fail "no runs.tsv message: $msg" ;; esac
"$P" run "$S" --runs 50 -q -o "$tmp/fixed" || fail "run plan_fixed"
msg=$("$P" discover "$tmp/fixed" --target national_zones 2>&1); rc=$?
[ "$rc" = 5 ] || fail "discover without uncertain settings: exit $rc"
case "$msg" in "parksim: $tmp/fixed/runs.tsv:17: no uncertain settings"*) ;; *) fail "no uncertain settings message: $msg" ;; esac
[ ! -e "$tmp/fixed/discover.tsv" ] || fail "a failed discover wrote discover.tsv"
msg=$("$P" discover "$tmp/d1" --target national_zones --box 100000 2>&1 | head -1)
case "$msg" in "parksim: --box: the trajectory has boxes 0 to "*) ;; *) fail "--box out of range: $msg" ;; esac

if [ "$fails" -gt 0 ]; then echo "$fails failure(s)"; exit 1; fi
echo "cli_discover_solve: ok"
