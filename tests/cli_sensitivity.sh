#!/usr/bin/env bash
# cli_sensitivity.sh — `parksim sensitivity` from the shell: the shape of
# sensitivity.tsv for each method, the same data with 1 and 2 threads, the
# ranking it gives on a case whose answer is known (rd.kappa moves the R&D
# target, upgrade.rate does not), located errors with no file written, and
# Ctrl-C leaving no file.
# Usage: tests/cli_sensitivity.sh PATH/TO/parksim   (from the repository root)
set -u
P=${1:?usage: cli_sensitivity.sh PATH/TO/parksim}
tmp=$(mktemp -d)
# Only in this shell, never in a fork of it killed before its exec (tests/wait_events.sh).
trap 'if [ "$BASHPID" = "$$" ]; then rm -rf "$tmp"; fi' EXIT
. "$(dirname "$0")/wait_events.sh"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
data() { grep -v '^#' "$1"; }
# value of the row (setting, output, index) of a sensitivity.tsv
val() { awk -F'\t' -v s="$2" -v o="$3" -v i="$4" '!/^#/ && $2 == s && $3 == o && $4 == i { print $5 }' "$1"; }

S=scenarios/plan_fixed.cfg
V=(--vary growth.mu=0.06:0.12 --vary rd.kappa=0.05:0.25 --vary upgrade.rate=0.01:0.05)
common=(--set upgrade.pool_size=100 --target rd_intensity,national_zones --metric rd_intensity@2020 -q)

# ---- sobol: 1 and 2 threads, shape ----
"$P" sensitivity "$S" "${V[@]}" "${common[@]}" --n 32 -t 1 -o "$tmp/s1" || fail "sobol -t 1"
"$P" sensitivity "$S" "${V[@]}" "${common[@]}" --n 32 -t 2 -o "$tmp/s2" || fail "sobol -t 2"
cmp -s <(data "$tmp/s1/sensitivity.tsv") <(data "$tmp/s2/sensitivity.tsv") || fail "sobol differs with 2 threads"
f=$tmp/s1/sensitivity.tsv
[ "$(grep '^#' "$f" | tail -n 1)" = $'# method\tsetting\toutput\tindex\tvalue\tci_low\tci_high' ] ||
    fail "sobol: last header line is not the column names"
grep -q '^# runs: 192 (first run 0)$' "$f" || fail "sobol: provenance runs is not N x (3 + 3) = 192"
# 3 outputs x (mean, var + 4 inputs (3 settings + shocks) x (S1, ST)) = 30 rows of 7 fields
awk -F'\t' '!/^#/ { n++; if (NF != 7 || $1 != "sobol") bad++ } END { exit !(n == 30 && bad == 0) }' "$f" ||
    fail "sobol: expected 30 rows of 7 fields"
[ "$(awk -F'\t' '!/^#/ && $4 == "ST" { print $2 }' "$f" | sort -u | tr '\n' ' ')" = \
  "growth.mu rd.kappa shocks upgrade.rate " ] || fail "sobol: inputs are not the three settings and shocks"
# The known answer: the R&D metric moves with rd.kappa, hardly with upgrade.rate.
awk -v k="$(val "$f" rd.kappa rd_intensity@2020 ST)" -v u="$(val "$f" upgrade.rate rd_intensity@2020 ST)" \
    'BEGIN { exit !(k > 0.2 && u < 0.02) }' || fail "sobol: ST of rd.kappa not > 0.2 or of upgrade.rate not < 0.02"

# ---- tornado: 1 and 2 threads, known direction ----
"$P" sensitivity "$S" "${V[@]}" "${common[@]}" --method tornado --runs 60 -t 1 -o "$tmp/t1" || fail "tornado -t 1"
"$P" sensitivity "$S" "${V[@]}" "${common[@]}" --method tornado --runs 60 -t 2 -o "$tmp/t2" || fail "tornado -t 2"
cmp -s <(data "$tmp/t1/sensitivity.tsv") <(data "$tmp/t2/sensitivity.tsv") || fail "tornado differs with 2 threads"
f=$tmp/t1/sensitivity.tsv
# 3 outputs x (base + 3 x (low, high, diff)) + 3 x (x_low, x_high) = 36 rows
[ "$(data "$f" | wc -l)" -eq 36 ] || fail "tornado: expected 36 rows"
awk -v d="$(val "$f" rd.kappa rd_intensity diff)" -v u="$(val "$f" upgrade.rate rd_intensity diff)" \
    'BEGIN { exit !(d > 0.2 && u == 0) }' || fail "tornado: P(rd) should rise with rd.kappa, not move with upgrade.rate"
[ "$(val "$f" rd.kappa - x_low)" = 0.060000000000000005 ] || fail "tornado: rd.kappa 5 % quantile of U(0.05, 0.25)"

# ---- morris: shape, inert input ----
"$P" sensitivity "$S" "${V[@]}" "${common[@]}" --method morris --runs 10 --trajectories 4 -t 2 -o "$tmp/m" ||
    fail "morris"
f=$tmp/m/sensitivity.tsv
[ "$(data "$f" | wc -l)" -eq 27 ] || fail "morris: expected 3 outputs x 3 settings x 3 indices = 27 rows"
grep -q '^# runs: 160 (first run 0)$' "$f" || fail "morris: runs is not 4 x 4 x 10 = 160"
[ "$(val "$f" upgrade.rate rd_intensity mu_star)" = 0 ] || fail "morris: upgrade.rate should be inert for P(rd)"

# ---- given data from an ordinary run ----
"$P" run scenarios/plan.cfg --runs 400 --set upgrade.pool_size=100 -q -o "$tmp/run" || fail "run for given"
"$P" sensitivity --method given --from "$tmp/run" --target rd_intensity --metric rd_intensity@2020 -q -o "$tmp/g" ||
    fail "given"
f=$tmp/g/sensitivity.tsv
nset=$(grep '^# run' "$tmp/run/runs.tsv" | tr '\t' '\n' | awk '/^met_/ { m = NR } END { print NR - m }')
[ "$(data "$f" | wc -l)" -eq $((nset * 2 * 2)) ] || fail "given: expected settings x 2 outputs x (S1, eta2) rows"
grep -q "^# design: given data, 400 runs, 20 equal-count bins" "$f" || fail "given: bins are not sqrt(400) = 20"

# ---- pictures: one per output, for each method's file ----
if command -v gnuplot >/dev/null 2>&1; then
    for d in s1 t1 m g; do
        bash plots/render.sh "$tmp/$d" >/dev/null 2>"$tmp/render.err" || fail "render.sh $d: $(cat "$tmp/render.err")"
    done
    # national_zones is never met here (every index nan): skipped, not drawn
    [ ! -e "$tmp/s1/plots/sensitivity_national_zones.png" ] || fail "a picture of all-nan indices"
    for p in s1/plots/sensitivity_rd_intensity \
             s1/plots/sensitivity_rd_intensity_2020 t1/plots/sensitivity_rd_intensity m/plots/sensitivity_rd_intensity \
             g/plots/sensitivity_rd_intensity_2020; do
        [ -s "$tmp/$p.png" ] && [ -s "$tmp/$p.svg" ] || fail "no picture $p"
    done
fi

# ---- errors: located message, exit status, no file ----
expect() { # expect STATUS MESSAGE ARGS...
    local want=$1 msg=$2; shift 2
    local out rc
    out=$("$P" sensitivity "$@" -q -o "$tmp/err" 2>&1); rc=$?
    [ "$rc" -eq "$want" ] || fail "$* -> exit $rc, expected $want"
    [ "$(echo "$out" | head -n 1)" = "$msg" ] || fail "$* -> '$(echo "$out" | head -n 1)', expected '$msg'"
    [ ! -e "$tmp/err/sensitivity.tsv" ] || fail "$* left sensitivity.tsv"
}
expect 4 "parksim: --vary: growth.muu: unknown setting (did you mean 'growth.mu'?)" "$S" --vary growth.muu=0.06:0.12
expect 2 "parksim: --vary: growth.mu: expected LO:HI with LO < HI, got '0.12:0.06'" "$S" --vary growth.mu=0.12:0.06
expect 2 "parksim: --vary: run.runs: only real settings can be varied (it is an integer)" "$S" --vary run.runs=1:5
expect 4 "parksim: --vary: growth.mu.min: -5 is outside the setting's range [-0.5, 1]" "$S" --vary growth.mu=-5:0.12
expect 2 "parksim: --target: rd_intensty: no such target in $S (did you mean 'rd_intensity'?)" \
    "$S" "${V[@]}" --target rd_intensty
expect 2 "parksim: --metric: rd_intensty: unknown metric (did you mean 'rd_intensity'?)" \
    "$S" "${V[@]}" --metric rd_intensty@2020
expect 2 "parksim: --metric: rd_intensity@2030: year outside 2016..2020" "$S" "${V[@]}" --metric rd_intensity@2030
expect 2 "parksim: sensitivity: $S has no uncertain settings; give ranges with --vary KEY=LO:HI" "$S"
expect 2 "parksim: --method: expected sobol, morris, tornado or given, got 'sobel'" "$S" --method sobel
expect 3 "parksim: $tmp/none/runs.tsv: cannot read: No such file or directory" --method given --from "$tmp/none"

# ---- Ctrl-C: no file, exit 130 ----
# SIGINT once the evaluations are under way (the first progress line; the
# handler is installed before), not after a fixed delay: under load or
# sanitizers a delay can end before parksim catches SIGINT (a background
# job starts with it ignored: the signal is lost and the run completes).
PARKSIM_PROGRESS_INTERVAL=0 "$P" sensitivity "$S" "${V[@]}" --n 65536 -t 1 -o "$tmp/int" 2>"$tmp/int.err" &
pid=$!
wait_line "$pid" "$tmp/int.err" '^parksim: progress: '
kill -INT "$pid"
wait "$pid"; rc=$?
[ "$rc" -eq 130 ] || fail "interrupted sensitivity exited $rc, expected 130: $(tail -2 "$tmp/int.err")"
grep -q '^parksim: progress: ' "$tmp/int.err" || fail "interrupted sensitivity: no progress line before the signal"
[ -z "$(ls -A "$tmp/int" 2>/dev/null)" ] || fail "interrupted sensitivity left files: $(ls -A "$tmp/int")"

[ "$fails" -eq 0 ] && echo "cli_sensitivity: all passed"
exit "$((fails > 0))"
