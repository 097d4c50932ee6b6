#!/usr/bin/env bash
# cli_calibrate.sh — `parksim calibrate` checks itself on pseudo-observed
# data: one run of calibrate_2013.cfg at known settings (seed 777, not the
# calibration's) written as a long-format history file; the calibration
# must put every true value inside its posterior 5–95 % interval and
# narrow the posterior of growth.mu and upgrade.rate (the settings the
# figures inform most) below the prior's sd. Also: posterior.tsv reads back
# as a samples file; -t 1 and -t 2 give the same posterior; figures after
# 2015 are never used; usage errors.
# Usage: tests/cli_calibrate.sh PATH/TO/parksim   (from the repository root)
set -u
P=${1:?usage: cli_calibrate.sh PATH/TO/parksim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
S=scenarios/calibrate_2013.cfg

truth=(growth.mu=0.10 shocks.national_sigma=0.03 shocks.zone_sigma=0.08 upgrade.rate=12.0 upgrade.dispersion=1.6)
sets=()
for t in "${truth[@]}"; do sets+=(--set "$t"); done
"$P" run "$S" "${sets[@]}" --runs 1 --seed 777 -q -o "$tmp/truth" || fail "truth run"
# The figures history publishes for 2014–2015, as this one run made them; and a 2016 figure that must be ignored.
{
    echo "metric year value"
    awk -F'\t' '!/^#/ && ($2 == 2014 || $2 == 2015) && $1 ~ /^(national_zones|upgrades|revenue|gdp|zones_revenue_over_1000)$/ { print $1, $2, $3 }' \
        "$tmp/truth/summary.tsv"
    echo "revenue 2016 1"
} >"$tmp/obs.tsv"
[ "$(wc -l <"$tmp/obs.tsv")" = 12 ] || fail "pseudo-observed file has $(wc -l <"$tmp/obs.tsv") lines"

args=(--history "$tmp/obs.tsv" --draws 6000 --accept 0.05 -q)
"$P" calibrate "$S" "${args[@]}" -t 1 -o "$tmp/c1" || fail "calibrate -t 1"
"$P" calibrate "$S" "${args[@]}" -t 2 -o "$tmp/c2" || fail "calibrate -t 2"
cmp -s <(grep -v '^#' "$tmp/c1/posterior.tsv") <(grep -v '^#' "$tmp/c2/posterior.tsv") || fail "posterior differs with 2 threads"
[ "$(grep -vc '^#' "$tmp/c1/posterior.tsv")" = 301 ] || fail "posterior.tsv is not a header and 300 rows"
grep -q '^revenue	2016' "$tmp/c1/calibrate.tsv" && fail "a 2016 figure was used"

# Coverage: each true value inside the posterior 5–95 % interval; informed settings narrowed.
for t in "${truth[@]}"; do
    k=${t%%=*} v=${t#*=}
    awk -F'\t' -v k="$k" -v v="$v" '$1 == k { exit !($7 <= v && v <= $9) } END { }' "$tmp/c1/calibrate.tsv" ||
        fail "$k = $v outside its posterior 90 % interval: $(grep "^$k	" "$tmp/c1/calibrate.tsv" | cut -f7,9)"
done
for k in growth.mu upgrade.rate; do
    awk -F'\t' -v k="$k" '$1 == k { exit !($12 < 0.9) }' "$tmp/c1/calibrate.tsv" ||
        fail "$k: posterior sd not below 0.9 x the prior's"
done

# The posterior is a samples file a scenario can take.
printf 'extends = "%s/%s";\nuncertainty = { samples = "c1/posterior.tsv"; };\n' "$PWD" "$S" >"$tmp/post.cfg"
"$P" check "$tmp/post.cfg" >/dev/null || fail "posterior.tsv does not load as a samples file"

msg=$("$P" calibrate "$S" -q 2>&1)
[ $? = 2 ] || fail "no --history: exit status"
case "$msg" in "parksim: calibrate: --history FILE is required"*) ;; *) fail "no --history: $msg" ;; esac
msg=$("$P" calibrate scenarios/plan_fixed.cfg --history "$tmp/obs.tsv" -q -o "$tmp/x" 2>&1)
[ $? = 4 ] || fail "no priors: exit status"
[ "$msg" = "parksim: scenarios/plan_fixed.cfg: no uncertain settings: give the settings to calibrate a prior distribution" ] ||
    fail "no priors: $msg"
[ ! -e "$tmp/x" ] || fail "no priors left $tmp/x"

[ "$fails" = 0 ] && echo "cli_calibrate: ok"
exit $((fails > 0))
