#!/usr/bin/env bash
# cli_provinces.sh — provinces from the command line: located errors for the
# settings by province, the schedule and targets by province (exact
# messages, exit 4, nothing written); provinces.tsv and targets.tsv the same
# for 1 and 2 threads and after shards are merged; a province target against
# Guangdong's zones counted in trajectory.tsv of single runs; the schedule
# in every run; neutral values change nothing (data and scenario hash);
# `report` shows the province target, the province's metrics and the
# settings by province and the schedule among the changes.
#   Usage: cli_provinces.sh PATH/TO/parksim   (from the source tree)
set -u
P=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
data() { grep -v '^#' "$1"; }

S=tests/data/cli/small.cfg
FIX=$(cd tests/data/cli && pwd)/small.cfg

# ---- located errors ---------------------------------------------------------
cat >"$tmp/bad.cfg" <<EOF
extends = "$FIX";
growth = { province_effect = { Guangdon = 0.01; Inner_Mongolia = 0.02; }; };
upgrade = { schedule = [1, 2]; reserved = { Guangdong = 1.5; }; };
targets = ( { name = "gd_rev"; metric = "revenue"; province = "Guangdong"; op = ">="; threshold = 1.0; year = 2020; },
            { name = "gz"; metric = "gdp"; province = "Guangzhou"; op = ">="; threshold = 1.0; year = 2020; } );
EOF
"$P" check "$tmp/bad.cfg" >"$tmp/out" 2>&1; status=$?
[ "$status" = 4 ] || fail "check bad.cfg: exit $status"
cat >"$tmp/want" <<EOF
$tmp/bad.cfg:3: upgrade.reserved.Guangdong: expected an integer, found real number 1.5
$tmp/bad.cfg:4: targets.gd_rev.metric: revenue is not reported by province (national_zones, upgrades, gdp, rd_intensity, city_coverage are)
$tmp/bad.cfg:2: growth.province_effect.Guangdon: unknown province 'Guangdon' (did you mean 'Guangdong'?)
$tmp/bad.cfg:5: targets.gz.province: unknown province 'Guangzhou'
$tmp/bad.cfg:3: upgrade.schedule: 2 values for 5 simulated years (2016..2020): give one count per year, or [] for a random count
EOF
diff "$tmp/want" <(grep -v '^parksim: .* problem' "$tmp/out") >"$tmp/diff" || fail "check bad.cfg messages: $(cat "$tmp/diff")"

"$P" run $S --runs 10 -q -o "$tmp/none" --set growth.province_effect.Zhejaing=0.01 2>"$tmp/stderr"; status=$?
[ "$status" = 4 ] && [ "$(cat "$tmp/stderr")" = "parksim: --set: growth.province_effect.Zhejaing: unknown province 'Zhejaing' (did you mean 'Zhejiang'?)" ] ||
    fail "--set unknown province: $status $(cat "$tmp/stderr")"
[ -e "$tmp/none" ] && fail "refused run left $tmp/none"
"$P" run $S --runs 10 -q -o "$tmp/none" --set 'upgrade.schedule=[1,2,3]' 2>"$tmp/stderr"; status=$?
[ "$status" = 4 ] && [ "$(cat "$tmp/stderr")" = "parksim: --set: upgrade.schedule: 3 values for 5 simulated years (2016..2020): give one count per year, or [] for a random count" ] ||
    fail "--set schedule length: $status $(cat "$tmp/stderr")"
"$P" run $S --runs 10 -q -o "$tmp/none" --set 'upgrade.schedul=[1,2,3,4,5]' 2>"$tmp/stderr"; status=$?
[ "$status" = 4 ] && [ "$(cat "$tmp/stderr")" = "parksim: --set: upgrade.schedul: unknown setting (did you mean 'upgrade.schedule'?)" ] ||
    fail "--set misspelt schedule: $status $(cat "$tmp/stderr")"
"$P" run $S --runs 10 -q -o "$tmp/none" --set 'upgrade.province_weight.Guangdong=-1' 2>"$tmp/stderr"; status=$?
[ "$status" = 4 ] && [ "$(cat "$tmp/stderr")" = "parksim: --set: upgrade.province_weight.Guangdong: value -1 is out of range [0, 100]" ] ||
    fail "--set weight range: $status $(cat "$tmp/stderr")"

# ---- a Guangdong scenario: written back, merged leaf by leaf ------------------
cat >"$tmp/gd.cfg" <<EOF
extends = "$FIX";
growth = { province_effect = { Guangdong = 0.01; Inner_Mongolia = 0.02; }; };
upgrade = { reserved = { Guangdong = 1; }; };
targets = ( { name = "gd_zones"; metric = "national_zones"; province = "Guangdong"; op = ">="; threshold = 14.0; year = 2020; } );
EOF
cat >"$tmp/child.cfg" <<EOF
extends = "gd.cfg";
growth = { province_effect = { Zhejiang = 0.005; Inner_Mongolia = 0.0; }; };
EOF
"$P" config "$tmp/child.cfg" >"$tmp/child_res.cfg" || fail "config child"
grep -q '^    province_effect = { Guangdong = 0.01; Zhejiang = 0.005; };$' "$tmp/child_res.cfg" ||
    fail "province_effect not merged leaf by leaf: $(grep province_effect "$tmp/child_res.cfg")"
grep -q 'province = "Guangdong";' "$tmp/child_res.cfg" || fail "target province not written back"
"$P" config "$tmp/child_res.cfg" | diff - "$tmp/child_res.cfg" >/dev/null || fail "config of config differs"

# ---- the same provinces.tsv for 1 and 2 threads and merged shards -------------
"$P" run "$tmp/gd.cfg" --runs 1200 -t 1 -q -o "$tmp/t1" || fail "run t1"
"$P" run "$tmp/gd.cfg" --runs 1200 -t 2 -q -o "$tmp/t2" || fail "run t2"
for i in 0 1 2; do "$P" run "$tmp/gd.cfg" --runs 1200 -t 1 -q -o "$tmp/sh" --shard $i/3 || fail "shard $i"; done
"$P" merge "$tmp/sh/shard-0-of-3" "$tmp/sh/shard-1-of-3" "$tmp/sh/shard-2-of-3" -q -o "$tmp/merged" || fail "merge"
for f in provinces.tsv targets.tsv runs.tsv; do
    [ -s "$tmp/t1/$f" ] || fail "no $f"
    cmp -s <(data "$tmp/t1/$f") <(data "$tmp/t2/$f") || fail "$f differs between 1 and 2 threads"
    cmp -s <(data "$tmp/t1/$f") <(data "$tmp/merged/$f") || fail "$f differs after merging shards"
done
[ "$(grep -c -P '^Guangdong\t' "$tmp/t1/provinces.tsv")" = 36 ] || fail "Guangdong rows: 6 metrics x 6 years expected"
grep -q -P '^gd_zones\tnational_zones@Guangdong\t>=\t14\t2020\t1200\t' "$tmp/t1/targets.tsv" || fail "targets.tsv row: $(grep gd_zones "$tmp/t1/targets.tsv")"
# the province's mean zone count in provinces.tsv from the met column's runs: P(met) = mean of met_gd_zones
met=$(awk -F'\t' '/^# run/ {for (i = 1; i <= NF; i++) if ($i == "met_gd_zones") c = i} !/^#/ {s += $c} END {print s}' "$tmp/t1/runs.tsv")
grep -q -P "^gd_zones\t.*\t1200\t$met\t" "$tmp/t1/targets.tsv" || fail "met count $met not in targets.tsv"

# ---- the target against Guangdong's national zones in trajectory.tsv ---------
ok_runs=0
for k in 0 1 2 3 4 5; do
    "$P" run "$tmp/gd.cfg" --first-run $k --runs 1 --trajectory -q -o "$tmp/tr$k" || fail "trajectory run $k"
    zones=$(awk -F'\t' '/^# run/ {for (i = 1; i <= NF; i++) c[$i] = i; next} /^#/ {next}
        $c["year"] == 2020 && $c["province"] == "Guangdong" && $c["tier"] == "national" {n++} END {print n + 0}' "$tmp/tr$k/trajectory.tsv")
    want=$([ "$zones" -ge 14 ] && echo 1 || echo 0)
    got=$(awk -F'\t' -v k=$k '/^#/ {next} $1 == k {print $NF}' "$tmp/t1/runs.tsv")
    [ "$got" = "$want" ] && ok_runs=$((ok_runs + 1)) || fail "run $k: $zones Guangdong zones in trajectory.tsv, met_gd_zones $got"
    z=$(awk -F'\t' -v k=$k '/^#/ {next} $1 == k' "$tmp/tr$k/runs.tsv" | wc -l)
    [ "$z" = 1 ] || fail "run $k: runs.tsv rows $z"
done
[ "$ok_runs" = 6 ] || fail "trajectory agreement in $ok_runs of 6 runs"

# ---- the schedule in every run; neutral values change nothing ----------------
"$P" run $S --runs 300 -q -o "$tmp/sched" --set 'upgrade.schedule=[3, 0, 7, 1, 9]' || fail "schedule run"
awk -F'\t' '/^# run/ {for (i = 1; i <= NF; i++) if ($i == "upgrades") c = i} !/^#/ && $c != 9 {bad++} END {exit bad > 0}' "$tmp/sched/runs.tsv" ||
    fail "a run did not upgrade the scheduled 9 in 2020"
grep -q -P '^upgrades\t2018\t7\t0\t' "$tmp/sched/summary.tsv" || fail "2018 upgrades not 7 in every run: $(grep -P '^upgrades\t2018' "$tmp/sched/summary.tsv")"
"$P" run $S --runs 300 -q -o "$tmp/plain" || fail "plain run"
"$P" run $S --runs 300 -q -o "$tmp/plain2" --set upgrade.reserved.Guangdong=0 --set upgrade.province_weight.Zhejiang=1 \
    --set growth.province_effect.Hunan=0 --set 'upgrade.schedule=[]' || fail "neutral run"
for f in summary.tsv targets.tsv runs.tsv provinces.tsv; do
    cmp -s <(data "$tmp/plain/$f") <(data "$tmp/plain2/$f") || fail "neutral values changed $f"
done
[ "$(grep '^# scenario_hash' "$tmp/plain/summary.tsv" | cut -c1-30)" != "" ] || fail "no hash"
"$P" config $S >"$tmp/c1"; "$P" config $S --set upgrade.reserved.Guangdong=0 --set 'upgrade.schedule=[]' >"$tmp/c2"
cmp -s "$tmp/c1" "$tmp/c2" || fail "neutral values written by config"

# ---- report: the province a target names, its metrics, the settings by province
"$P" report "$tmp/t1" >"$tmp/md" || fail "report"
grep -q '^| gd_zones | Number of national high-tech zones: Guangdong >= 14 | 2020 | ' "$tmp/md" || fail "report target row: $(grep gd_zones "$tmp/md")"
grep -q '^## Guangdong in 2020$' "$tmp/md" || fail "report: no Guangdong section"
# its zone count: base year and 2020 quantiles as in provinces.tsv (whole numbers, printed as they are)
want=$(awk -F'\t' '$1 == "Guangdong" && $2 == "national_zones" && $3 == 2015 {b = $5}
    $1 == "Guangdong" && $2 == "national_zones" && $3 == 2020 {q = $6 " | " $8 " | " $10} END {print "| Number of national high-tech zones | zones | " b " | " q " |"}' "$tmp/t1/provinces.tsv")
sed -n '/^## Guangdong in 2020$/,/^## /p' "$tmp/md" | grep -qxF "$want" || fail "report Guangdong zones: want '$want', got $(grep -A4 '^## Guangdong' "$tmp/md")"
grep -qx '| growth.province_effect.Guangdong | 0 | 0.01 |' "$tmp/md" || fail "report: province_effect.Guangdong not among the changes"
grep -qx '| growth.province_effect.Inner_Mongolia | 0 | 0.02 |' "$tmp/md" || fail "report: province_effect.Inner_Mongolia: $(grep Inner "$tmp/md")"
grep -qx '| upgrade.reserved.Guangdong | 0 | 1 |' "$tmp/md" || fail "report: reserved.Guangdong not among the changes"
"$P" report "$tmp/t1" --lang zh | grep -qx '## 2020 年广东' || fail "report --lang zh: no 广东 section"
"$P" report "$tmp/sched" >"$tmp/md2" || fail "report sched"
grep -qxF '| upgrade.schedule | random (upgrade.rate) | [3, 0, 7, 1, 9] |' "$tmp/md2" || fail "report: schedule: $(grep schedule "$tmp/md2")"
grep -q 'Guangdong\|province_effect' "$tmp/md2" && fail "report of a run without provinces names one"

[ "$fails" = 0 ] && echo "cli_provinces: all passed"
exit $((fails > 0))
