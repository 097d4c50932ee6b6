#!/bin/sh
# generate.sh — (re)write the example parksim outputs under plots/examples/ with the toy
# generator mock_parksim.awk (deterministic; the files are committed, so this is only
# needed when the formats change). Usage: sh plots/examples/generate.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
export LC_ALL=C
gen="$here/mock_parksim.awk"
mkdir -p "$here/plan" "$here/compare" "$here/sweep2d" "$here/sweep1d" "$here/small"
awk -f "$gen" -v mode=run -v runs=400 -v outdir="$here/plan"
awk -f "$gen" -v mode=compare -v runs=400 -v outdir="$here/compare"
awk -f "$gen" -v mode=sweep -v runs=300 -v outdir="$here/sweep2d" \
    -v keys=upgrade.rate,policy.rd_uplift -v grids=10:30:5,0:0.02:0.01
awk -f "$gen" -v mode=sweep -v runs=300 -v outdir="$here/sweep1d" \
    -v keys=policy.rd_uplift -v grids=0:0.02:0.0025
# a tiny run (30 runs, generous scenario): near-certain targets, few distinct values
awk -f "$gen" -v mode=run -v runs=30 -v upg=40 -v uplift=0.02 -v scen=scenarios/generous.cfg -v outdir="$here/small"
# the pictures take thresholds from a targets.tsv next to compare.tsv / sweep.tsv when
# there is one (sweep1d is left without, to test that path)
cp "$here/plan/targets.tsv" "$here/compare/targets.tsv"
cp "$here/plan/targets.tsv" "$here/sweep2d/targets.tsv"
echo "examples written under $here"
