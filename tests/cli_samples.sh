#!/usr/bin/env bash
# cli_samples.sh — a scenario taking settings from a samples file: each
# run's pair of values in runs.tsv is a row of the file; the same data with
# 1 and 2 threads and from shards + merge; `config` reads back to itself;
# the scenario hash follows the file's bytes; a bad file is one located
# message from `check` and `run` (exit 4, no output).
# Usage: tests/cli_samples.sh PATH/TO/parksim   (from the repository root)
set -u
P=${1:?usage: cli_samples.sh PATH/TO/parksim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
data() { grep -v '^#' "$1"; }

{
    echo '# provenance: cli_samples.sh'
    printf 'growth.mu\tupgrade.rate\n'
    for r in $(seq 0 29); do printf '%s\t%s\n' "$(awk -v r="$r" 'BEGIN { print 0.05 + 0.001 * r }')" "$((10 + r % 7)).5"; done
} >"$tmp/post.tsv"
printf 'extends = "%s/scenarios/plan_fixed.cfg";\nuncertainty = { samples = "post.tsv"; };\n' "$PWD" >"$tmp/s.cfg"
args=(--runs 400 --set upgrade.pool_size=100 -q)

"$P" run "$tmp/s.cfg" "${args[@]}" -t 1 -o "$tmp/t1" || fail "run -t 1"
"$P" run "$tmp/s.cfg" "${args[@]}" -t 2 -o "$tmp/t2" || fail "run -t 2"
for f in "$tmp/t1"/*.tsv; do
    cmp -s <(data "$f") <(data "$tmp/t2/$(basename "$f")") || fail "$(basename "$f") differs with 2 threads"
done
header=$(grep '^# run' "$tmp/t1/runs.tsv")
case "$header" in
*$'\tgrowth.mu\tupgrade.rate') ;;
*) fail "runs.tsv header ends with: ${header: -60}" ;;
esac
# Every run's (growth.mu, upgrade.rate) is a row of the file; most rows are used.
awk -F'\t' 'NR == FNR { if (!/^#/ && !/^growth/) row[$1 + 0 "," $2 + 0] = 1; next }
    !/^#/ { n++; k = $(NF-1) + 0 "," $NF + 0; if (!(k in row)) bad++; used[k] = 1 }
    END { u = 0; for (k in used) u++; exit !(n == 400 && bad == 0 && u == 30) }' "$tmp/post.tsv" "$tmp/t1/runs.tsv" ||
    fail "runs.tsv pairs are not rows of the samples file"

for i in 1 0; do "$P" run "$tmp/s.cfg" "${args[@]}" --shard "$i/2" -o "$tmp/sh" || fail "shard $i/2"; done
"$P" merge -q --out "$tmp/m" "$tmp/sh"/shard-*-of-2 || fail "merge"
cmp -s <(data "$tmp/t1/runs.tsv") <(data "$tmp/m/runs.tsv") || fail "merged runs.tsv differs"

"$P" config "$tmp/s.cfg" >"$tmp/a.cfg" || fail "config"
"$P" config "$tmp/a.cfg" >"$tmp/b.cfg" || fail "config of config"
cmp -s "$tmp/a.cfg" "$tmp/b.cfg" || fail "config does not read back"
grep -q "columns = \[ \"growth.mu\", \"upgrade.rate\" \];" "$tmp/a.cfg" || fail "config does not list the columns"

# The hash follows the bytes of the samples file.
h1=$(grep '^# scenario_hash' "$tmp/t1/runs.tsv")
sed -i '$ s/\.5$/.25/' "$tmp/post.tsv"
"$P" run "$tmp/s.cfg" "${args[@]}" --runs 10 -o "$tmp/h" || fail "run after edit"
h2=$(grep '^# scenario_hash' "$tmp/h/runs.tsv")
[ "$h1" != "$h2" ] || fail "scenario hash unchanged by the samples file's bytes"

# A bad file: the located message, exit 5 (invalid data), no output.
printf 'growth.mu\tupgrade.rate\n0.05\t12.0\n0.06\n' >"$tmp/post.tsv"
msg=$("$P" check "$tmp/s.cfg" 2>&1)
[ $? = 5 ] || fail "check of a ragged file: exit status (5: invalid data, as run)"
[ "$msg" = "$tmp/post.tsv:3: 1 field, the header (line 1) has 2" ] || fail "check: $msg"
msg=$("$P" run "$tmp/s.cfg" "${args[@]}" -o "$tmp/bad" 2>&1)
[ $? = 5 ] || fail "run of a ragged file: exit status (5: invalid data)"
[ "$msg" = "parksim: $tmp/post.tsv:3: 1 field, the header (line 1) has 2" ] || fail "run: $msg"
[ ! -e "$tmp/bad" ] || fail "bad samples file left $tmp/bad"

[ "$fails" = 0 ] && echo "cli_samples: ok"
exit $((fails > 0))
