#!/usr/bin/env bash
# cli_designs.sh — metrics in `compare` and designs in `sweep`, against known
# answers:
#   compare: a scenario against itself gives metric differences of exactly 0
#   with a zero-width interval; a scenario that only moves a target threshold
#   changes that target's P but no metric (differences exactly 0); each
#   scenario's mean is its own `run`'s summary.tsv mean (same digits), and
#   the mean paired difference is the difference of those means (up to
#   rounding); data identical with 1 and 2 threads.
#   sweep: a Latin hypercube has one point per stratum of every range; random
#   points lie in their ranges, integer settings whole; a design file's points
#   give the grid's rows at the same values (same seed, same runs: common
#   random numbers); --keep-runs rows of a point are `run`'s runs.tsv rows
#   at that point; --quantiles are `run`'s summary.tsv quantiles; a grid with
#   --quantiles keeps the grid's columns; 1 and 2 threads give the same data;
#   bad options and bad design files are located errors with no files.
# Usage: tests/cli_designs.sh PATH/TO/parksim   (from the repository root)
set -u
P=${1:?usage: cli_designs.sh PATH/TO/parksim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
data() { grep -v '^#' "$1"; }
# column NAME of a parksim TSV (header: the last '#' line)
col() { awk -F'\t' -v c="$2" '/^#/ { h = $0; next } !k { sub(/^# /, "", h); n = split(h, H, "\t"); for (i = 1; i <= n; i++) if (H[i] == c) k = i }
        { print $k }' "$1"; }

S=scenarios/plan.cfg
R=(--runs 200 -q)

# ---- compare -----------------------------------------------------------------------
"$P" compare "$S" "$S" "${R[@]}" -o "$tmp/self" || fail "compare self"
awk -F'\t' '!/^#/ { n++; if ($7 != "0" || $8 != "0" || $9 != "0" || $10 != "0") bad++ }
    END { exit !(n == 2 * 32 && bad == 0) }' "$tmp/self/compare_metrics.tsv" ||
    fail "a scenario against itself: metric differences not all exactly 0 with zero-width intervals"

# Only a target's threshold differs: P(rd_intensity) moves, no metric does.
cat >"$tmp/threshold.cfg" <<EOF
extends = "$PWD/$S";
targets = (
  { name = "national_zones"; metric = "national_zones"; op = ">="; threshold = 240.0; year = 2020; },
  { name = "rd_intensity"; metric = "rd_intensity"; op = ">="; threshold = 0.062; year = 2020; },
  { name = "new_firm_share"; metric = "new_firm_share"; op = ">="; threshold = 0.15; year = 2020; },
  { name = "kis_share"; metric = "kis_share"; op = ">"; threshold = 0.25; year = 2020; },
  { name = "productivity_growth"; metric = "productivity_growth"; op = ">="; threshold = 0.6; year = 2020; }
);
EOF
"$P" compare "$S" "$tmp/threshold.cfg" "${R[@]}" -o "$tmp/thr" || fail "compare threshold"
awk -F'\t' '!/^#/ && $2 == "threshold" { n++; if ($7 != "0" || $8 != "0" || $9 != "0") bad++ }
    END { exit !(n == 32 && bad == 0) }' "$tmp/thr/compare_metrics.tsv" ||
    fail "a threshold-only change moved a metric"
awk -F'\t' '!/^#/ && $2 == "threshold" && $3 == "rd_intensity" { d = $8 } END { exit !(d > 0) }' "$tmp/thr/compare.tsv" ||
    fail "a lower rd_intensity threshold did not raise P(rd_intensity)"

# Means: each scenario's `run`; the paired difference: the difference of the means. Runs
# 8100..8299 cross a lockstep chunk boundary (8192).
"$P" compare "$S" scenarios/rd_push.cfg scenarios/status_quo.cfg "${R[@]}" --first-run 8100 -t 1 -o "$tmp/c1" ||
    fail "compare -t 1"
"$P" compare "$S" scenarios/rd_push.cfg scenarios/status_quo.cfg "${R[@]}" --first-run 8100 -t 2 -o "$tmp/c2" ||
    fail "compare -t 2"
for f in compare.tsv compare_metrics.tsv; do
    cmp -s <(data "$tmp/c1/$f") <(data "$tmp/c2/$f") || fail "$f differs with 1 and 2 threads"
done
for s in plan rd_push status_quo; do
    "$P" run "scenarios/$s.cfg" "${R[@]}" --first-run 8100 -o "$tmp/run_$s" || fail "run $s"
done
for s in plan rd_push status_quo; do
    # summary.tsv's horizon-year mean, as text, equals compare_metrics.tsv's
    join -t $'\t' <(awk -F'\t' '!/^#/ && $2 == 2020 { print $1 "\t" $3 }' "$tmp/run_$s/summary.tsv" | sort) \
        <(awk -F'\t' -v s="$s" '!/^#/ && $2 == s { print $3 "\t" $6 }' "$tmp/c1/compare_metrics.tsv" | sort) |
        awk -F'\t' '{ n++; if ($2 != $3) { bad++; print "  " $0 } } END { exit !(n == 32 && bad == 0) }' ||
        fail "$s: compare_metrics.tsv means are not summary.tsv's"
done
# diff = mean(B) - mean(A) up to rounding: relative 1e-9 of the larger mean
awk -F'\t' '!/^#/ { if ($2 == "plan") m0[$3] = $6; else { d = $7 - ($6 - m0[$3]); s = ($6 < 0 ? -$6 : $6) + 1e-300
    if ((d < 0 ? -d : d) > 1e-9 * s) { bad++; print "  " $2, $3, $7, $6 - m0[$3] } ; n++ } }
    END { exit !(n == 64 && bad == 0) }' "$tmp/c1/compare_metrics.tsv" ||
    fail "mean paired difference is not the difference of the means"
# rd_push raises R&D intensity by about its 1-point uplift; the interval excludes 0
awk -F'\t' '$2 == "rd_push" && $3 == "rd_intensity" { exit !($8 > 0.003 && $9 < 0.008 && $8 <= $7 && $7 <= $9) }' \
    "$tmp/c1/compare_metrics.tsv" || fail "rd_push: rd_intensity difference not in (0.003, 0.008)"

# ---- sweep designs ---------------------------------------------------------------
N=12
"$P" sweep "$S" --design lhs:$N --vary policy.rd_uplift=0:0.02 --vary upgrade.pool_size=100:219 \
    --vary growth.mu=0.05:0.11 --runs 40 -q -o "$tmp/lhs" || fail "sweep lhs"
for k in "policy.rd_uplift 0 0.02" "upgrade.pool_size 100 220" "growth.mu 0.05 0.11"; do
    set -- $k
    col "$tmp/lhs/sweep.tsv" "$1" | awk -v lo="$2" -v hi="$3" -v n=$N '
        { s = int(($1 - lo) / (hi - lo) * n); c[s]++; m++ }
        END { for (i = 0; i < n; i++) if (c[i] != 1) exit 1; exit !(m == n) }' ||
        fail "lhs: $1 is not one point per stratum"
done
col "$tmp/lhs/sweep.tsv" upgrade.pool_size | grep -qv '^[0-9][0-9]*$' && fail "lhs: an integer setting is not whole"
grep -q '^# design: lhs:12, Latin hypercube' "$tmp/lhs/sweep.tsv" || fail "lhs: no design line in the provenance"

"$P" sweep "$S" --design random:20 --vary growth.mu=0.07:0.09 --runs 20 -q -o "$tmp/rnd" -t 1 || fail "sweep random"
col "$tmp/rnd/sweep.tsv" growth.mu | awk '{ n++; if ($1 < 0.07 || $1 > 0.09) bad++; seen[$1] = 1 }
    END { k = 0; for (x in seen) k++; exit !(n == 20 && k == 20 && bad == 0) }' || fail "random: points out of range"
"$P" sweep "$S" --design random:20 --vary growth.mu=0.07:0.09 --runs 20 -q -o "$tmp/rnd2" -t 2 || fail "sweep random -t 2"
cmp -s <(data "$tmp/rnd/sweep.tsv") <(data "$tmp/rnd2/sweep.tsv") || fail "random design differs with 2 threads"

# A design file at grid values gives the grid's rows; --keep-runs and --quantiles.
printf '# from a design tool\ngrowth.mu\tpolicy.rd_uplift\n0.08\t0\n\n0.08\t0.01\n0.09\t0\n0.09\t0.01\n' >"$tmp/d.tsv"
"$P" sweep "$S" --vary growth.mu=0.08:0.09:0.01 --vary policy.rd_uplift=0:0.01:0.01 "${R[@]}" -o "$tmp/grid" ||
    fail "sweep grid"
"$P" sweep "$S" --vary growth.mu=0.08:0.09:0.01 --vary policy.rd_uplift=0:0.01:0.01 "${R[@]}" -o "$tmp/gridq" \
    --quantiles rd_intensity,national_zones@2018 || fail "sweep grid --quantiles"
cmp -s <(data "$tmp/grid/sweep.tsv") <(data "$tmp/gridq/sweep.tsv" | cut -f1-21) ||
    fail "--quantiles changed the grid's columns"
for t in 1 2; do
    "$P" sweep "$S" --design-file "$tmp/d.tsv" "${R[@]}" -t $t -o "$tmp/file$t" --keep-runs \
        --quantiles rd_intensity,national_zones@2018 || fail "sweep --design-file -t $t"
done
for f in sweep.tsv sweep_runs.tsv; do
    cmp -s <(data "$tmp/file1/$f") <(data "$tmp/file2/$f") || fail "$f differs with 1 and 2 threads"
done
# (the grid writes 0.0 where the design file's value is written 0: compared as numbers)
cmp -s <(data "$tmp/grid/sweep.tsv" | grep -v '^$' | awk -F'\t' -v OFS='\t' '{ $2 += 0; $3 += 0; print }' | cut -f1-21) \
    <(data "$tmp/file1/sweep.tsv" | awk -F'\t' -v OFS='\t' '{ $2 += 0; $3 += 0; print }' | cut -f1-21) ||
    fail "the design file's points do not give the grid's rows"
grep -q "^# design: the 4 points of $tmp/d.tsv" "$tmp/file1/sweep.tsv" || fail "design file: no design line"
"$P" run "$S" "${R[@]}" --set growth.mu=0.09 --set policy.rd_uplift=0.0 -o "$tmp/p2" || fail "run at point 2"
cmp -s <(data "$tmp/p2/runs.tsv") <(awk -F'\t' '!/^#/ && $1 == 2' "$tmp/file1/sweep_runs.tsv" | cut -f2-) ||
    fail "sweep_runs.tsv rows of point 2 are not run's runs.tsv"
[ "$(grep '^# point' "$tmp/file1/sweep_runs.tsv")" = "# point"$'\t'"$(grep $'^# run\t' "$tmp/p2/runs.tsv" | cut -c3-)" ] ||
    fail "sweep_runs.tsv columns are not point + runs.tsv's"
want=$(awk -F'\t' '$1 == "rd_intensity" && $2 == 2020 { print $3, $6, $8, $10 }' "$tmp/p2/summary.tsv"
      awk -F'\t' '$1 == "national_zones" && $2 == 2018 { print $3, $6, $8, $10 }' "$tmp/p2/summary.tsv")
got=$(awk -F'\t' '!/^#/ && $1 == 2 { print $22, $23, $24, $25; print $26, $27, $28, $29 }' "$tmp/file1/sweep.tsv")
[ "$want" = "$got" ] || fail "--quantiles at point 2: '$got', summary.tsv says '$want'"
grep -q $'\tmean_rd_intensity\tp05_rd_intensity\tp50_rd_intensity\tp95_rd_intensity\tmean_national_zones@2018\t' \
    "$tmp/file1/sweep.tsv" || fail "--quantiles column names"

# ---- errors: located, exit status, no files -----------------------------------------
expect() { # expect STATUS MESSAGE ARGS...
    local want=$1 msg=$2; shift 2
    rm -rf "$tmp/e"
    "$P" "$@" -o "$tmp/e" >"$tmp/out" 2>&1
    local rc=$?
    [ "$rc" -eq "$want" ] || fail "exit $rc, expected $want: $*"
    [ "$(cat "$tmp/out")" = "$msg" ] || { fail "message of: $*"; echo "  got:  $(cat "$tmp/out")"; echo "  want: $msg"; }
    [ ! -e "$tmp/e/sweep.tsv" ] || fail "files left by: $*"
}
H="Try 'parksim --help' for more information."
printf 'growth.mu\tgrowth.mux\n0.1\t0.2\n' >"$tmp/bad1.tsv"
expect 4 "parksim: $tmp/bad1.tsv:1: column growth.mux: unknown setting (did you mean 'growth.mu'?)" \
    sweep "$S" --design-file "$tmp/bad1.tsv"
printf 'growth.mu\trun.out\n0.1\tx\n' >"$tmp/bad2.tsv"
expect 4 "parksim: $tmp/bad2.tsv:1: column run.out: not a numeric setting (a text setting): a design gives numbers" \
    sweep "$S" --design-file "$tmp/bad2.tsv"
printf 'growth.mu\tupgrade.pool_size\n0.1\t100\n0.1\t1e2.5\n' >"$tmp/bad3.tsv"
expect 4 "parksim: $tmp/bad3.tsv:3: column upgrade.pool_size: expected a number, got '1e2.5'" \
    sweep "$S" --design-file "$tmp/bad3.tsv"
printf 'growth.mu\tupgrade.pool_size\n0.1\n' >"$tmp/bad4.tsv"
expect 4 "parksim: $tmp/bad4.tsv:2: 1 value, expected 2 (one per column of the header)" \
    sweep "$S" --design-file "$tmp/bad4.tsv"
printf 'growth.mu\n0.1\n# out of range below\n5\n' >"$tmp/bad5.tsv"
expect 4 "parksim: $tmp/bad5.tsv:4: growth.mu: value 5 is out of range [-0.5, 1]" \
    sweep "$S" --design-file "$tmp/bad5.tsv"
expect 2 "parksim: --design: expected random:N or lhs:N with N from 1 to 1000000, got 'lhs:0'
$H" sweep "$S" --design lhs:0 --vary growth.mu=0:1
expect 2 "parksim: --vary: growth.mu: with --design, expected LO:HI with HI >= LO, got '0:1:0.1'
$H" sweep "$S" --design lhs:5 --vary growth.mu=0:1:0.1
expect 2 "parksim: sweep: --design-file names the settings in its header: no --vary with it
$H" sweep "$S" --design-file "$tmp/d.tsv" --vary growth.mu=0:1
expect 2 "parksim: --quantiles: rd_intensty: unknown metric (did you mean 'rd_intensity'?) (parksim list metrics)
$H" sweep "$S" --vary growth.mu=0.08:0.09:0.01 --quantiles rd_intensty
expect 2 "parksim: --quantiles: rd_intensity@2030: the scenario's years are 2015 to 2020
$H" sweep "$S" --vary growth.mu=0.08:0.09:0.01 --quantiles rd_intensity@2030
expect 2 "parksim: sweep: a grid takes at most 4 --vary options (more: --design lhs:N)
$H" sweep "$S" --vary growth.mu=0:1:1 --vary policy.rd_uplift=0:1:1 --vary upgrade.rate=1:2:1 \
    --vary shocks.zone_sigma=0:1:1 --vary shocks.national_sigma=0:1:1
expect 2 "parksim: --keep-runs: not an option of 'compare'
$H" compare "$S" "$S" --keep-runs

# A sweep over run.seed has no common random numbers: it is allowed (seed
# noise is a fair question) but said, on stderr, even with -q.
"$P" sweep "$S" --vary run.seed=1:2:1 --runs 10 -q -o "$tmp/seeds" 2>"$tmp/seeds.err" || fail "sweep over run.seed"
grep -qx "parksim: sweep: warning: run.seed varies, so the points do not share their random numbers (differences between points include Monte Carlo noise)" "$tmp/seeds.err" ||
    fail "sweep over run.seed: no warning: $(cat "$tmp/seeds.err")"
"$P" sweep "$S" --vary growth.mu=0.08:0.09:0.01 --runs 10 -q -o "$tmp/noseeds" 2>"$tmp/noseeds.err"
[ -s "$tmp/noseeds.err" ] && fail "sweep over growth.mu warns: $(cat "$tmp/noseeds.err")"

[ "$fails" -eq 0 ] && echo "cli_designs: all checks passed"
exit $((fails > 0))
