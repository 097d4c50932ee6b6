#!/usr/bin/env bash
# .ci/sanitize.sh — a build with -DPARKSIM_SANITIZE=ON (ASan + UBSan, any
# report is fatal) running the fast unit tests and every command-line test
# (tests/cli_*.sh): memory errors, leaks and undefined behaviour fail CI even
# where the output happens to be right. Called by .ci/run.
#
# RelWithDebInfo (-O2 -g, frame pointers kept): under ASan it runs about 1.3x
# the plain build's time, a Debug build about 5x, which would put the CLI
# tests past 15 min on 2 cores. Every report goes to build-sanitize/reports/
# as well as failing its process (abort), and the stage fails if any report
# was written, so one inside a command whose exit status a test ignores is
# not missed. The tests are event-driven, not timed, where a slowdown would
# matter (signals: tests/cli_faults.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPARKSIM_SANITIZE=ON -DPARKSIM_WERROR=ON
cmake --build build-sanitize -j "$(nproc)"
reports=$PWD/build-sanitize/reports
rm -rf "$reports" && mkdir -p "$reports"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:log_path=$reports/asan
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:log_path=$reports/ubsan
status=0
ctest --test-dir build-sanitize --output-on-failure -j "$(nproc)" -L unit -LE slow || status=1
ctest --test-dir build-sanitize --output-on-failure -j "$(nproc)" -L cli || status=1
if [ -n "$(ls -A "$reports")" ]; then
  for f in "$reports"/*; do echo "== $f"; head -n 40 "$f"; done
  echo "sanitize: sanitizer reports above" >&2
  status=1
fi
echo "sanitize: $((SECONDS - start)) s, $([ $status = 0 ] && echo clean || echo FAILED)"
exit $status
