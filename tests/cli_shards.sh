#!/usr/bin/env bash
# cli_shards.sh — `run --shard I/N` + `merge` give the files of a single run
# (every line not starting with '#' byte-identical), and merge refuses
# incomplete or inconsistent sets with an exact message and exit status 8,
# and damaged or edited shards (bad checksum, older format) with exit 5.
# Usage: tests/cli_shards.sh PATH/TO/parksim   (from the repository root)
set -u
parksim=${1:?usage: cli_shards.sh PATH/TO/parksim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# 2500 runs = blocks of 1024, 1024, 452: uneven shards, a partial last block.
small=(scenarios/plan_fixed.cfg --runs 2500 --set upgrade.pool_size=100 -q)
files=(summary.tsv targets.tsv target_years.tsv first_year.tsv zones.tsv provinces.tsv runs.tsv scenario.cfg)

same_data() { # same_data DIR_A DIR_B WHAT
    for f in "${files[@]}"; do
        if ! cmp -s <(grep -v '^#' "$1/$f") <(grep -v '^#' "$2/$f"); then
            fail "$3: $f differs from the single run"
        fi
    done
}

# The single run; shards use the same --out (it is part of the scenario).
"$parksim" run "${small[@]}" -o "$tmp/r" || fail "single run"
mkdir -p "$tmp/single" && cp "$tmp/r"/*.tsv "$tmp/r/scenario.cfg" "$tmp/single/"

for n in 2 3; do
    for ((i = n - 1; i >= 0; i--)); do # any order
        "$parksim" run "${small[@]}" -o "$tmp/r" --shard "$i/$n" || fail "shard $i/$n"
    done
    rm -f "$tmp/r"/*.tsv "$tmp/r/scenario.cfg"
    "$parksim" merge -q "$tmp/r"/shard-*-of-$n || fail "merge of $n shards"
    same_data "$tmp/single" "$tmp/r" "$n shards"
done

# Merge to another directory with --out; run with a first run off a block boundary.
"$parksim" merge -q --out "$tmp/m" "$tmp/r"/shard-*-of-2 || fail "merge --out"
same_data "$tmp/single" "$tmp/m" "merge --out"
off=(scenarios/plan_fixed.cfg --runs 1500 --first-run 1000 --set upgrade.pool_size=100 -q -o "$tmp/o")
"$parksim" run "${off[@]}" && cp -r "$tmp/o" "$tmp/o-single" || fail "run from 1000"
for i in 0 1 2; do "$parksim" run "${off[@]}" --shard "$i/3" || fail "shard $i/3 from 1000"; done
"$parksim" merge -q "$tmp/o"/shard-*-of-3 || fail "merge from 1000"
same_data "$tmp/o-single" "$tmp/o" "first run 1000"

# expect_error STATUS MESSAGE COMMAND...: exact stderr ('*' matches anything), exact status.
expect_error() {
    local want_status=$1 want=$2
    shift 2
    local got status
    got=$("$@" 2>&1 >/dev/null)
    status=$?
    [ "$status" -eq "$want_status" ] || fail "$*: status $status, expected $want_status"
    # shellcheck disable=SC2053 # $want may hold a '*' pattern
    [[ "$got" == $want ]] || fail "$*: message
  got:      $got
  expected: $want"
}

expect_error 8 "parksim: shard 1/3 missing: runs 1024..2047 not covered" \
    "$parksim" merge "$tmp/r/shard-0-of-3" "$tmp/r/shard-2-of-3"
cp -r "$tmp/r/shard-0-of-2" "$tmp/again"
expect_error 8 "parksim: $tmp/again: shard 0/2 given twice (also $tmp/r/shard-0-of-2): runs 0..1023 would be counted twice" \
    "$parksim" merge "$tmp/r/shard-0-of-2" "$tmp/r/shard-1-of-2" "$tmp/again"
"$parksim" run "${small[@]}" -o "$tmp/seed7" --seed 7 --shard 1/2 || fail "shard with seed 7"
expect_error 8 "parksim: $tmp/seed7/shard-1-of-2: seed 7 differs from seed 20170414 in $tmp/r/shard-0-of-2: shards of different runs cannot be merged" \
    "$parksim" merge "$tmp/r/shard-0-of-2" "$tmp/seed7/shard-1-of-2"
"$parksim" run "${small[@]}" -o "$tmp/r" --set growth.mu=0.08 --shard 1/2 && mv "$tmp/r/shard-1-of-2" "$tmp/mu" ||
    fail "shard with growth.mu=0.08"
expect_error 8 "parksim: $tmp/mu: scenario differs from that of $tmp/r/shard-0-of-2 (scenario.cfg line *: 'mu = 0.08*;' here, 'mu = 0.09*;' there): shards of different scenarios or settings cannot be merged" \
    "$parksim" merge "$tmp/r/shard-0-of-2" "$tmp/mu"
expect_error 8 "parksim: $tmp/r/shard-2-of-3: number of shards 3 differs from number of shards 2 in $tmp/r/shard-0-of-2: shards of different runs cannot be merged" \
    "$parksim" merge "$tmp/r/shard-0-of-2" "$tmp/r/shard-2-of-3"
expect_error 8 "parksim: $tmp/single: not a shard directory: cannot read shard.partial: No such file or directory" \
    "$parksim" merge "$tmp/single"
# Data that still parse but were changed: refused by the checksums, exit 5,
# and no merged file written.
cp -r "$tmp/r/shard-1-of-3" "$tmp/edited"
sed -i '0,/^block/s/^\(block\t[0-9]*\t[^\t]*\t0x1\.\)\([0-9a-f]\)/\1f\2/' "$tmp/edited/shard.partial"
cmp -s "$tmp/edited/shard.partial" "$tmp/r/shard-1-of-3/shard.partial" && fail "the block edit changed nothing"
sum_at=$(grep -n '^checksum' "$tmp/edited/shard.partial" | cut -d: -f1)
expect_error 5 "parksim: $tmp/edited/shard.partial:$sum_at: checksum: the shard's data do not match its checksum (edited or damaged)" \
    "$parksim" merge -o "$tmp/never" "$tmp/r/shard-0-of-3" "$tmp/edited" "$tmp/r/shard-2-of-3"
cp -r "$tmp/r/shard-1-of-3" "$tmp/rows"
head -c -3 "$tmp/r/shard-1-of-3/runs.tsv" >"$tmp/rows/runs.tsv"
expect_error 5 "parksim: $tmp/rows/runs.tsv:$(wc -l <"$tmp/r/shard-1-of-3/runs.tsv"): checksum: the rows do not match the runs_checksum of shard.partial (edited or damaged)" \
    "$parksim" merge -o "$tmp/never" "$tmp/r/shard-0-of-3" "$tmp/rows" "$tmp/r/shard-2-of-3"
cp -r "$tmp/r/shard-1-of-3" "$tmp/old"
sed -i 's/^parksim_shard\t.*/parksim_shard\t2/' "$tmp/old/shard.partial"
old_at=$(grep -n '^parksim_shard' "$tmp/old/shard.partial" | cut -d: -f1)
expect_error 5 "parksim: $tmp/old/shard.partial:$old_at: shard format 2, written by an older parksim; rerun the shard (this parksim reads format 3)" \
    "$parksim" merge -o "$tmp/never" "$tmp/r/shard-0-of-3" "$tmp/old" "$tmp/r/shard-2-of-3"
[ -e "$tmp/never" ] && fail "a refused merge left $tmp/never"
# Cut the partial file just before its first block line, as a killed shard would leave it.
awk '/^block/ {exit} {print}' "$tmp/r/shard-1-of-3/shard.partial" >"$tmp/truncated" && cp "$tmp/truncated" "$tmp/r/shard-1-of-3/shard.partial"
cut_at=$(wc -l <"$tmp/truncated")
expect_error 5 "parksim: $tmp/r/shard-1-of-3/shard.partial:$cut_at: truncated: no 'end' line (the shard did not finish?)" \
    "$parksim" merge "$tmp/r"/shard-*-of-3
expect_error 2 "parksim: --shard: expected I/N with 0 <= I < N (shard I of N, 0-based), got '3/3'
Try 'parksim --help' for more information." "$parksim" run "${small[@]}" --shard 3/3
expect_error 2 "parksim: --shard: only 'run' computes shards
Try 'parksim --help' for more information." "$parksim" sweep "${small[@]}" --vary growth.mu=0.08:0.09:0.01 --shard 0/2

[ "$failures" -eq 0 ] && echo "cli_shards: all passed"
exit $((failures > 0))
