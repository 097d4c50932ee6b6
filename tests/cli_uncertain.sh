#!/usr/bin/env bash
# cli_uncertain.sh — uncertain settings from the command line: runs.tsv has
# one column per uncertain setting; the same data with 1 and 2 threads and
# from shards + merge; `config` output reads back to itself; a bad
# distribution is one located message with exit status 4 and no files.
# Usage: tests/cli_uncertain.sh PATH/TO/parksim   (from the repository root)
set -u
P=${1:?usage: cli_uncertain.sh PATH/TO/parksim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
data() { grep -v '^#' "$1"; }

S=scenarios/examples/uncertain_growth.cfg
args=(--runs 600 --set upgrade.pool_size=100 -q -o "$tmp/r")

"$P" run "$S" "${args[@]}" -t 1 || fail "run -t 1"
mkdir "$tmp/t1" && cp "$tmp/r"/*.tsv "$tmp/t1/"
"$P" run "$S" "${args[@]}" -t 2 || fail "run -t 2"
for f in "$tmp/t1"/*.tsv; do
    cmp -s <(data "$f") <(data "$tmp/r/$(basename "$f")") || fail "$(basename "$f") differs with 2 threads"
done

# The header names the uncertain settings after the existing columns, in table order.
header=$(grep '^# run' "$tmp/t1/runs.tsv")
case "$header" in
*$'\tgrowth.mu\tproductivity.growth\tupgrade.rate') ;;
*) fail "runs.tsv header ends with: ${header: -80}" ;;
esac
# Each run's draws lie in their ranges, and differ between runs.
awk -F'\t' '!/^#/ { n++; mu = $(NF-2); r = $NF
    if (mu < 0 || mu > 1 || r < 10 || r > 25) bad++
    seen[mu] = 1 }
    END { k = 0; for (x in seen) k++; exit !(n == 600 && bad == 0 && k == 600) }' "$tmp/t1/runs.tsv" ||
    fail "runs.tsv draws out of range or repeated"

# Shards and merge give the rows of the single run.
for i in 1 0; do "$P" run "$S" "${args[@]}" --shard "$i/2" || fail "shard $i/2"; done
"$P" merge -q --out "$tmp/m" "$tmp/r"/shard-*-of-2 || fail "merge"
cmp -s <(data "$tmp/t1/runs.tsv") <(data "$tmp/m/runs.tsv") || fail "merged runs.tsv differs"

# config reads back to itself.
"$P" config "$S" >"$tmp/a.cfg" || fail "config"
"$P" config "$tmp/a.cfg" >"$tmp/b.cfg" || fail "config of config"
cmp -s "$tmp/a.cfg" "$tmp/b.cfg" || fail "config does not read back"
grep -q 'mu = { dist = "normal"; mean = 0.09; sd = 0.02; min = 0.0; max = 1.0; };' "$tmp/a.cfg" ||
    fail "config does not show growth.mu's distribution"

# A bad distribution: one message, exit 4, no output.
msg=$("$P" run scenarios/plan.cfg --set 'growth.mu={dist="normal";mean=0.08;sd=-1.0;}' -q -o "$tmp/bad" 2>&1)
[ $? = 4 ] || fail "bad distribution: exit status"
[ "$msg" = "parksim: --set: growth.mu.sd: must be > 0, found -1" ] || fail "bad distribution: $msg"
[ ! -e "$tmp/bad" ] || fail "bad distribution left $tmp/bad"

[ "$fails" = 0 ] && echo "cli_uncertain: ok"
exit $((fails > 0))
