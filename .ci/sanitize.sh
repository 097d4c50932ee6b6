#!/usr/bin/env bash
# .ci/sanitize.sh — a Debug build with -DPARKSIM_SANITIZE=ON (ASan + UBSan,
# any report is fatal) running the fast unit tests and the command-line
# error tests: memory errors and undefined behaviour fail CI even where the
# output happens to be right. Called by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DPARKSIM_SANITIZE=ON -DPARKSIM_WERROR=ON
cmake --build build-sanitize -j "$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ctest --test-dir build-sanitize --output-on-failure -j "$(nproc)" -L unit -LE slow
ctest --test-dir build-sanitize --output-on-failure -R '^cli_errors$'
