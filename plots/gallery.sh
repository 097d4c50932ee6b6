#!/usr/bin/env bash
# gallery.sh — regenerate the pictures README shows (plots/gallery/*.png):
# 10 000 runs of plan.cfg, the scenario library compared (4 000 runs each),
# a 5 x 3 sweep of approval pace against R&D uplift (2 000 runs a point), the
# Sobol indices of P(R&D target) (24 576 runs), plan against rd_push (4 000 runs,
# compare_metrics) and a 40-point Latin hypercube (500 runs a point).
#   bash plots/gallery.sh [PATH/TO/parksim]     (about five minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
P=${1:-build/parksim}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$P" run scenarios/plan.cfg -q --out "$out/plan"
"$P" compare scenarios/plan.cfg scenarios/status_quo.cfg scenarios/faster_upgrades.cfg \
    scenarios/west_priority.cfg scenarios/strict_land.cfg scenarios/rd_push.cfg \
    scenarios/mass_innovation.cfg scenarios/pessimistic.cfg -q --runs 4000 --out "$out/compare"
"$P" sweep scenarios/plan.cfg -q --runs 2000 --vary upgrade.rate=10:30:5 --vary policy.rd_uplift=0:0.01:0.005 \
    --out "$out/sweep"
# which settings matter for the R&D target (README, "Which settings matter?"; ~1.5 min)
"$P" sensitivity scenarios/plan.cfg -q --target rd_intensity --out "$out/sensitivity"
bash plots/render.sh "$out/sensitivity" >/dev/null
cp "$out"/sensitivity/plots/sensitivity_rd_intensity.png plots/gallery/
cp -r "$out/sensitivity" "$out/zh_sensitivity"; bash plots/render.sh "$out/zh_sensitivity" --lang zh >/dev/null
mkdir -p plots/gallery/zh
cp "$out"/zh_sensitivity/plots/sensitivity_rd_intensity.png plots/gallery/zh/
# README's worked examples of compare_metrics.tsv and of a design sweep
"$P" compare scenarios/plan.cfg scenarios/rd_push.cfg -q --runs 4000 --out "$out/rd_vs_plan"
"$P" sweep scenarios/plan.cfg -q --design lhs:40 --vary upgrade.rate=5:30 --vary policy.rd_uplift=0:0.02 \
    --runs 500 --out "$out/lhs"
for d in plan compare sweep rd_vs_plan lhs; do bash plots/render.sh "$out/$d" >/dev/null; done
# the same pictures in Chinese (render.sh --lang zh, CJK font)
mkdir -p plots/gallery/zh
for d in plan compare sweep rd_vs_plan lhs; do cp -r "$out/$d" "$out/zh_$d"; bash plots/render.sh "$out/zh_$d" --lang zh >/dev/null; done
cp "$out"/zh_rd_vs_plan/plots/compare_metrics.png plots/gallery/zh/
cp "$out"/zh_lhs/plots/sweep_national_zones.png plots/gallery/zh/sweep_design_national_zones.png
cp "$out"/zh_plan/plots/{fan_rd_intensity,p_by_year}.png plots/gallery/zh/
cp "$out"/zh_compare/plots/compare.png plots/gallery/zh/
cp "$out"/zh_sweep/plots/sweep_rd_intensity.png plots/gallery/zh/
mkdir -p plots/gallery
cp "$out"/plan/plots/{fan_national_zones,fan_rd_intensity,hist_rd_intensity,p_by_year}.png plots/gallery/
cp "$out"/compare/plots/{compare,compare_diff}.png plots/gallery/
cp "$out"/rd_vs_plan/plots/compare_metrics.png plots/gallery/
cp "$out"/lhs/plots/sweep_national_zones.png plots/gallery/sweep_design_national_zones.png
cp "$out"/sweep/plots/{sweep_national_zones,sweep_rd_intensity}.png plots/gallery/
cp "$out"/plan/targets.tsv plots/gallery/plan-targets.tsv
cp "$out"/compare/compare.tsv plots/gallery/compare.tsv
echo "pictures in plots/gallery/"
