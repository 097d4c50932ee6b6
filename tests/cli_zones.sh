#!/usr/bin/env bash
# cli_zones.sh — zones.tsv against a loop of single runs: the counts of 100
# runs (upgrade year, land-limited by year, expansions) equal those counted
# by awk from the trajectories of the same 100 runs (`--trajectory 0-99`),
# exactly; the horizon GDP and R&D quantiles lie in the same 2 % bin as the
# order statistic they estimate; zones.tsv is identical for 1 and 2
# threads; the origin column; --trajectory LIST and its located errors.
# Usage: tests/cli_zones.sh PATH/TO/parksim   (from the repository root)
set -u
parksim=${1:?usage: cli_zones.sh PATH/TO/parksim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# A pool of 60 so upgrades are frequent; plan.cfg keeps its uncertain settings.
args=(scenarios/plan.cfg --runs 100 --set upgrade.pool_size=60 -q)
"$parksim" run "${args[@]}" -t 1 -o "$tmp/a" --trajectory 0-99 || fail "run with --trajectory 0-99"
"$parksim" run "${args[@]}" -t 2 -o "$tmp/b" || fail "run on 2 threads"
cmp -s <(grep -v '^#' "$tmp/a/zones.tsv") <(grep -v '^#' "$tmp/b/zones.tsv") ||
    fail "zones.tsv differs between 1 and 2 threads"

# Every run named, each with every zone in every year.
runs=$(awk -F'\t' '!/^#/ {print $1}' "$tmp/a/trajectory.tsv" | sort -un | wc -l)
[ "$runs" = 100 ] || fail "trajectory.tsv holds $runs runs, not 100"

# Counts from the trajectories, in zones.tsv's layout: per zone id, the year
# a provincial zone first is national (never), P(land-limited) per year,
# P(expanded at least once); then the empirical order statistics of GDP and
# R&D at the horizon (sorted per zone), 5th, 50th and 95th of 100
# (q * n = 5, 50, 95: the value where the histogram's cumulative count
# reaches q * n lies in the same bin of width 0.02 in ln x).
awk -F'\t' -v out="$tmp/loop.tsv" '
    /^#/ { next }
    {
        key = $3; run = $1; y = $2
        if (!(key in base)) { order[++n] = key; base[key] = y }
        if (y == base[key]) { startnat[key, run] = ($8 == "national"); next }
        if (y > last) last = y
        lim[key, y] += $(NF - 3)
        if ($(NF - 2) == 1) exp_[key, run] = 1
        if (!startnat[key, run] && $8 == "national" && !((key, run) in first)) first[key, run] = y
        gdp[key, run] = $12; rd[key, run] = $15; runs[run] = 1
    }
    END {
        for (i = 1; i <= n; i++) {
            k = order[i]; e = 0; never = 0; delete up
            for (r in runs) {
                e += ((k, r) in exp_)
                if (!startnat[k, r]) { if ((k, r) in first) up[first[k, r]]++; else never++ }
            }
            line = k "\t" e "\t" never
            for (y = base[k] + 1; y <= last; y++) line = line "\t" (up[y] + 0) "\t" (lim[k, y] + 0)
            print line > out
            for (r in runs) print k "\t" gdp[k, r] "\t" rd[k, r] > (out ".values")
        }
    }' "$tmp/a/trajectory.tsv"

# The same from zones.tsv (columns found by name).
awk -F'\t' -v out="$tmp/zones.tsv" '
    /^# id\t/ { sub(/^# /, ""); for (i = 1; i <= NF; i++) col[$i] = i; next }
    /^#/ { next }
    {
        runs = $col["runs"]; nat = ($col["tier"] == "national")
        line = $col["id"] "\t" $col["p_expanded"] * runs "\t" (nat ? 0 : $col["upgraded_never"])
        for (y = 2016; y <= 2020; y++)
            line = line "\t" (nat ? 0 : $col["upgraded_" y]) "\t" $col["p_limited_" y] * runs
        print line > out
        print $col["id"] "\t" $col["gdp_p05"] "\t" $col["gdp_p50"] "\t" $col["gdp_p95"] "\t" \
            $col["rd_p05"] "\t" $col["rd_p50"] "\t" $col["rd_p95"] > (out ".q")
    }' "$tmp/a/zones.tsv"
# p * runs is k / 100 * 100: awk's %.6g prints the whole number k.
if ! diff <(sort "$tmp/loop.tsv") <(sort "$tmp/zones.tsv") > "$tmp/diff"; then
    fail "zones.tsv counts differ from the 100 trajectories: $(head -4 "$tmp/diff" | tr '\n' ' ')"
fi
upgrades=$(awk -F'\t' '{ for (i = 4; i <= NF; i += 2) s += $i } END { print s + 0 }' "$tmp/loop.tsv")
[ "$upgrades" -gt 100 ] || fail "only $upgrades upgrades in 100 runs: the comparison tests little"

# Quantiles: the order statistic and the quantile in the same bin (|ln ratio| < 0.02).
sort -k1,1n -k2,2g "$tmp/loop.tsv.values" > "$tmp/gdp.sorted"
sort -k1,1n -k3,3g "$tmp/loop.tsv.values" > "$tmp/rd.sorted"
bad=$(awk -F'\t' '
    FILENAME == ARGV[1] { g[$1, ++ng[$1]] = $2; next }
    FILENAME == ARGV[2] { r[$1, ++nr[$1]] = $3; next }
    {
        split("5 50 95", at, " ")
        for (j = 1; j <= 3; j++) {
            d = log($(1 + j) / g[$1, at[j]]); if (d < 0) d = -d
            if (d > 0.0200001) print "zone " $1 " gdp q" j ": " $(1 + j) " vs " g[$1, at[j]]
            d = log($(4 + j) / r[$1, at[j]]); if (d < 0) d = -d
            if (d > 0.0200001) print "zone " $1 " rd q" j ": " $(4 + j) " vs " r[$1, at[j]]
        }
    }' "$tmp/gdp.sorted" "$tmp/rd.sorted" "$tmp/zones.tsv.q" | head -3)
[ -z "$bad" ] || fail "quantiles outside the bin of their order statistic: $bad"

# Origin: national zones published, the default pool synthetic, in both files.
origins=$(awk -F'\t' '!/^#/ { print $7 "/" $9 }' "$tmp/a/zones.tsv" | sort | uniq -c | awk '{ print $1 " " $2 }' | tr '\n' ' ')
[ "$origins" = "147 national/published 60 provincial/synthetic " ] || fail "origins in zones.tsv: $origins"
traj=$(awk -F'\t' '!/^#/ && $1 == 0 && $2 == 2015 { print $8 "/" $11 }' "$tmp/a/trajectory.tsv" | sort | uniq -c |
    awk '{ print $1 " " $2 }' | tr '\n' ' ')
[ "$traj" = "147 national/published 60 provincial/synthetic " ] || fail "origins in trajectory.tsv: $traj"

# --trajectory LIST: runs in the order given; bare --trajectory: the first run.
"$parksim" run scenarios/plan.cfg --runs 3 -q -o "$tmp/c" --first-run 7 --trajectory || fail "bare --trajectory"
got=$(awk -F'\t' '!/^#/ { print $1 }' "$tmp/c/trajectory.tsv" | uniq | tr '\n' ' ')
[ "$got" = "7 " ] || fail "bare --trajectory with --first-run 7 wrote runs '$got'"
"$parksim" run --trajectory 0,5,10-12 scenarios/plan.cfg --runs 3 -q -o "$tmp/c" || fail "--trajectory 0,5,10-12"
got=$(awk -F'\t' '!/^#/ { print $1 }' "$tmp/c/trajectory.tsv" | uniq | tr '\n' ' ')
[ "$got" = "0 5 10 11 12 " ] || fail "--trajectory 0,5,10-12 wrote runs '$got'"
# Run 5 of the list is the run 5 of a loop: the same rows as --first-run 5 --trajectory.
"$parksim" run scenarios/plan.cfg --runs 1 -q -o "$tmp/d" --first-run 5 --trajectory || fail "run 5 alone"
cmp -s <(awk -F'\t' '!/^#/ && $1 == 5' "$tmp/c/trajectory.tsv") <(grep -v '^#' "$tmp/d/trajectory.tsv") ||
    fail "run 5 of --trajectory 0,5,10-12 differs from run 5 alone"

expect_error() { # expect_error STATUS MESSAGE COMMAND...
    local status=$1 message=$2
    shift 2
    local out
    out=$("$@" 2>&1 >/dev/null)
    local rc=$?
    [ "$rc" = "$status" ] || fail "'$*' exited $rc, not $status"
    [ "$(echo "$out" | head -1)" = "$message" ] || fail "'$*' said '$(echo "$out" | head -1)', not '$message'"
}
expect_error 2 "parksim: --trajectory: '3' at character 3 of '5,3': runs must be listed in increasing order, each once" \
    "$parksim" run scenarios/plan.cfg --runs 2 -q -o "$tmp/e" --trajectory 5,3
expect_error 2 "parksim: --trajectory: expected a run index at character 3 of '1,,2'" \
    "$parksim" run scenarios/plan.cfg --runs 2 -q -o "$tmp/e" --trajectory=1,,2
expect_error 2 "parksim: --trajectory: expected the end of the range at character 3 of '4-'" \
    "$parksim" run scenarios/plan.cfg --runs 2 -q -o "$tmp/e" --trajectory 4-
expect_error 2 "parksim: --trajectory: more than 1000 runs in '0-1000'" \
    "$parksim" run scenarios/plan.cfg --runs 2 -q -o "$tmp/e" --trajectory 0-1000
expect_error 2 "parksim: --trajectory: expected ',' or '-' at character 2 of '1x'" \
    "$parksim" run scenarios/plan.cfg --runs 2 -q -o "$tmp/e" --trajectory=1x
[ ! -e "$tmp/e" ] || fail "a bad --trajectory left $tmp/e behind"

# parksim-baseline --provincial: listed zones take the places of their
# provinces' synthetic zones (pool order), known figures kept, the rest as
# before; every other row byte-identical to the default baseline.
baseline=$(dirname "$parksim")/parksim-baseline
if [ -x "$baseline" ]; then
    printf '# fictional names: a test of the import\nname\tname_zh\tprovince\tcity\tgdp\trevenue\temployees\n' > "$tmp/list.tsv"
    printf 'Example A Zone\t示例甲园区\tAnhui\tHefei\t120.5\t400\t-\n' >> "$tmp/list.tsv"
    printf 'Example B Zone\t-\tAnhui\tWuhu\t-\t250\t3.1\n' >> "$tmp/list.tsv"
    printf 'Example C Zone\t\tGuangdong\tShenzhen\t\t\t\n' >> "$tmp/list.tsv"
    "$baseline" --provincial "$tmp/list.tsv" scenarios/data/national-zones-2015.csv "$tmp/zones.tsv" > /dev/null ||
        fail "parksim-baseline --provincial"
    # Rows that changed: exactly the three listed, in the places of the first
    # synthetic zones of Anhui (2) and Guangdong (1) in pool order.
    first() { awk -F'\t' -v p="$1" -v k="$2" '!/^#/ && $4 == p && $7 == "provincial" && ++n == k { print $1 }' scenarios/data/zones-2015.tsv; }
    want="$(first Guangdong 1) $(first Anhui 1) $(first Anhui 2)"
    changed=$(diff <(grep -v '^#' scenarios/data/zones-2015.tsv) <(grep -v '^#' "$tmp/zones.tsv") |
        awk -F'\t' '/^> / { sub(/^> /, ""); print $1 }' | sort -n | tr '\n' ' ')
    [ "$changed" = "$(echo $want | tr ' ' '\n' | sort -n | tr '\n' ' ')" ] ||
        fail "import changed rows '$changed', expected the first synthetic zones of Guangdong and Anhui ($want)"
    # The listed figures, exactly; flags name the known ones.
    row() { awk -F'\t' -v n="$1" '$2 == n' "$tmp/zones.tsv"; }
    got=$(row "Example A Zone" | awk -F'\t' '{ print $3, $5, $12, $12 / $13, $22 }')
    [ "$got" = "示例甲园区 Hefei 120.5 400 name,gdp,revenue" ] || fail "Example A Zone: '$got'"
    got=$(row "Example B Zone" | awk -F'\t' '{ printf "%s %s %.12g %.12g %s\n", $3, $5, $12 / $13, $12 / $15, $22 }')
    [ "$got" = "- Wuhu 250 3.1 name,revenue,employees" ] || fail "Example B Zone: '$got'"
    # Unknown figures: those of the zone replaced (Guangdong's first), GDP included.
    got=$(row "Example C Zone" | cut -f6-21)
    old=$(awk -F'\t' -v id="$(first Guangdong 1)" '$1 == id' scenarios/data/zones-2015.tsv | cut -f6-21)
    [ "$got" = "$old" ] || fail "Example C Zone: figures differ from the synthetic zone it replaced"
    [ "$(row "Example C Zone" | cut -f22)" = name ] || fail "Example C Zone: published is not 'name'"
    # In zones.tsv: published origin for the listed zones.
    "$parksim" run scenarios/plan.cfg --runs 20 -q -o "$tmp/f" --set "run.data=\"$tmp/zones.tsv\"" ||
        fail "run on the imported baseline"
    got=$(awk -F'\t' '!/^#/ && $2 ~ /^Example/ { print $2 "/" $9 "/" $10 }' "$tmp/f/zones.tsv" | sort | tr '\n' ' ')
    [ "$got" = "Example A Zone/published/name,gdp,revenue Example B Zone/published/name,revenue,employees Example C Zone/published/name " ] ||
        fail "zones.tsv of the imported baseline: '$got'"
    # Located errors, nothing written.
    bad() { # bad LINE "MESSAGE"
        printf 'name\tprovince\tcity\tgdp\n%s\n' "$1" > "$tmp/bad.tsv"
        local msg
        msg=$("$baseline" --provincial "$tmp/bad.tsv" scenarios/data/national-zones-2015.csv "$tmp/bad-out.tsv" 2>&1 >/dev/null)
        [ "$msg" = "parksim-baseline: $tmp/bad.tsv:2: $2" ] || fail "import error: '$msg', expected '$2'"
        [ ! -e "$tmp/bad-out.tsv" ] || fail "a bad list left $tmp/bad-out.tsv"
    }
    bad $'X Zone\tAnhwei\tHefei\t1' "province: 'Anhwei' is not a province of provinces.tsv"
    bad $'X Zone\tAnhui\tWuhan\t1' "city: 'Wuhan' is not a city of Anhui in cities.tsv"
    bad $'X Zone\tAnhui\tHefei\tabc' "gdp: expected a number in (0, 1e+06] or '-' (unknown), found 'abc'"
    printf 'name\tprovince\tcity\tgdp\n' > "$tmp/many.tsv"
    for i in $(seq 1 15); do printf 'Z%d\tAnhui\tHefei\t-\n' "$i" >> "$tmp/many.tsv"; done
    msg=$("$baseline" --provincial "$tmp/many.tsv" scenarios/data/national-zones-2015.csv "$tmp/bad-out.tsv" 2>&1 >/dev/null)
    [ "$msg" = "parksim-baseline: $tmp/many.tsv:16: province: more zones of Anhui than the pool holds for it (14); give Anhui a pool_fixed of at least 15 in a copy of provinces.tsv (--data)" ] ||
        fail "import of 15 Anhui zones: '$msg'"
else
    fail "no $baseline next to $parksim"
fi

[ "$failures" = 0 ] && echo "cli_zones: all passed"
exit $((failures > 0))
