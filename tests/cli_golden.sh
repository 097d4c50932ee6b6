#!/usr/bin/env bash
# cli_golden.sh — the numbers of a release stay the numbers: the data lines
# (every line not starting with '#') of every result file of a few runs,
# as SHA-256 digests, against tests/data/golden/0.3.sha256, which parksim
# 0.3.0 wrote. A speed change must not move a single digit (README
# "Reproducibility"); a change of the model or of its random streams does,
# and then comes with a new version and new digests:
#   bash tests/cli_golden.sh build/parksim --write   (and say why in the commit)
# The digests assume IEEE doubles and glibc's libm (exp, log): the numbers
# of the model pass through them.
# Usage: cli_golden.sh PATH/TO/parksim [--write]
set -u
P=$1
G=tests/data/golden/0.3.sha256
tmp=$(mktemp -d)
trap 'if [ "$BASHPID" = "$$" ]; then rm -rf "$tmp"; fi' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# Uncertain settings, per-run measurement, provinces, upgrades and runs.tsv;
# point values; a province target, zone trajectories and two threads;
# demotions (strict_land) and another generator's exact counts (taus).
"$P" run scenarios/plan.cfg --runs 300 -t 2 -q --out "$tmp/plan" || fail "plan"
"$P" run scenarios/plan_fixed.cfg --runs 300 -t 1 -q --out "$tmp/fixed" || fail "plan_fixed"
"$P" run scenarios/examples/guangdong.cfg --runs 200 -t 2 -q --trajectory 0-2 --out "$tmp/gd" || fail "guangdong"
"$P" run scenarios/strict_land.cfg --runs 200 -q --set demotion.prob=0.3 --out "$tmp/strict" || fail "strict_land"
"$P" run scenarios/plan_fixed.cfg --runs 100 -q --set 'run.generator="taus"' --out "$tmp/taus" || fail "taus"

digests() {
    (cd "$tmp" && find . -name '*.tsv' | LC_ALL=C sort | while read -r f; do
        printf '%s  %s\n' "$(grep -v '^#' "$f" | sha256sum | cut -d' ' -f1)" "${f#./}"
    done)
}
if [ "${2:-}" = "--write" ]; then
    digests > "$G" && echo "wrote $G ($(wc -l < "$G") files)"
    exit 0
fi
[ -s "$G" ] || fail "no digests in $G"
diff <(digests) "$G" > "$tmp/diff" || fail "data differ from the release's (< this build, > $G):
$(cat "$tmp/diff")"
[ "$(wc -l < "$G")" -ge 20 ] || fail "too few files in $G"

if [ $fails -gt 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "cli_golden: every data line as parksim 0.3.0 wrote it"
