#!/usr/bin/env bash
# .ci/fuzz.sh — build the libFuzzer harnesses of tests/fuzz (clang,
# -DPARKSIM_FUZZ=ON: ASan + UBSan + libFuzzer) in build-fuzz and run each
# for a fixed number of executions on its seed corpus and dictionary. Any
# crash, sanitizer report, leak or input taking over 10 s fails. New inputs
# go to build-fuzz/corpus/NAME, never into the committed seed corpus.
# Executions: 20000 for the baseline and shard readers (~1500/s); 1500
# for the scenario loader (~200/s); 300 for --set (~20/s: every input loads
# the whole plan_fixed.cfg -> plan.cfg chain twice, load and check). The
# whole, build included, takes about 1.5 min on 2 cores. Longer runs: tests/fuzz/README.md. Usage: .ci/fuzz.sh [SCALE]
# multiplies every count (default 1).
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-1}"
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPARKSIM_FUZZ=ON \
  -DPARKSIM_OPENMP=OFF -DPARKSIM_WERROR=ON >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target fuzz_scenario fuzz_set fuzz_baseline fuzz_shard
export ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$PWD/tests/fuzz/lsan.supp UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
for spec in scenario:1500 set:300 baseline:20000 shard:20000; do
  name="${spec%%:*}" runs=$(( ${spec#*:} * scale ))
  mkdir -p "build-fuzz/corpus/$name" "build-fuzz/artifacts/$name"
  echo "fuzz_$name: $runs runs"
  if ! build-fuzz/tests/fuzz/fuzz_"$name" -runs="$runs" -timeout=10 -max_len=65536 \
       -dict="tests/fuzz/$name.dict" -artifact_prefix="build-fuzz/artifacts/$name/" \
       -print_final_stats=1 "build-fuzz/corpus/$name" "tests/fuzz/corpus/$name" \
       >"build-fuzz/fuzz_$name.log" 2>&1; then
    tail -n 60 "build-fuzz/fuzz_$name.log"
    echo "fuzz_$name FAILED: input in build-fuzz/artifacts/$name/" >&2
    exit 1
  fi
  grep -E '^(Done|stat::number_of_executed_units)' "build-fuzz/fuzz_$name.log" || true
done
echo "fuzz: all harnesses clean"
