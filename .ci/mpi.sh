#!/usr/bin/env bash
# .ci/mpi.sh — the optional MPI build: configure a separate build directory
# with -DPARKSIM_MPI=ON, build with warnings as errors, and run the MPI
# equivalence tests (1, 2 and 3 ranks, 2 ranks x 2 threads). Called by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-mpi -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPARKSIM_MPI=ON -DPARKSIM_WERROR=ON
cmake --build build-mpi -j "$(nproc)"
ctest --test-dir build-mpi --output-on-failure -R mpi
