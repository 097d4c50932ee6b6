#!/usr/bin/env bash
# mpi_equivalence.sh — under mpirun, `run`, `sweep` and `compare` write the
# same data (every line not starting with '#') as one process with the same
# seed, for 1, 2 and 3 ranks and for 2 ranks x 2 threads; a shard computed
# under mpirun merges with one computed without it. Registered with CTest
# only in the MPI build (-DPARKSIM_MPI=ON).
# Usage: tests/mpi_equivalence.sh PATH/TO/parksim [MPIEXEC]   (from the repository root)
set -u
parksim=${1:?usage: mpi_equivalence.sh PATH/TO/parksim [MPIEXEC]}
mpiexec=${2:-mpirun}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# Open MPI refuses root without these, and more ranks than cores without --oversubscribe.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
extra=()
if "$mpiexec" --version 2>&1 | grep -qiE "open ?mpi|openrte"; then
    extra=(--oversubscribe)
fi
mpi() { # mpi RANKS ARGS...
    local ranks=$1
    shift
    "$mpiexec" "${extra[@]}" -np "$ranks" "$parksim" "$@"
}

same_data() { # same_data DIR_A DIR_B WHAT FILE...
    local a=$1 b=$2 what=$3
    shift 3
    for f in "$@"; do
        if ! cmp -s <(grep -v '^#' "$a/$f") <(grep -v '^#' "$b/$f"); then
            fail "$what: $f differs from the single-process output"
        fi
    done
}

# 3500 runs: 4 chunks (the last one partial), so 3 ranks get uneven shares.
small=(--runs 3500 --set upgrade.pool_size=100 -q)
run_files=(summary.tsv targets.tsv target_years.tsv first_year.tsv zones.tsv provinces.tsv runs.tsv scenario.cfg)

# run: the reference is one process; every variant writes to the same --out
# (run.out is part of scenario.cfg), copied aside after each.
"$parksim" run scenarios/plan.cfg "${small[@]}" -o "$tmp/r" || fail "single-process run"
cp -r "$tmp/r" "$tmp/single"
for variant in "1 1" "2 1" "3 1" "2 2"; do
    read -r ranks threads <<<"$variant"
    rm -rf "$tmp/r"
    mpi "$ranks" run scenarios/plan.cfg "${small[@]}" -o "$tmp/r" -t "$threads" ||
        fail "run with $ranks ranks x $threads threads"
    same_data "$tmp/single" "$tmp/r" "run, $ranks ranks x $threads threads" "${run_files[@]}"
    grep -q "^# mpi_ranks: $ranks\$" "$tmp/r/summary.tsv" || [ "$ranks" -eq 1 ] ||
        fail "run, $ranks ranks: no '# mpi_ranks: $ranks' line"
done

# sweep (2 points) and compare (2 scenarios, paired counts made on rank 0),
# smaller: 2100 runs = 3 chunks.
small=(--runs 2100 --set upgrade.pool_size=100 -q)
vary=(--vary growth.mu=0.08:0.09:0.01)
"$parksim" sweep scenarios/plan.cfg "${small[@]}" "${vary[@]}" -o "$tmp/sweep-single" || fail "single sweep"
"$parksim" compare scenarios/plan.cfg scenarios/plan.cfg "${small[@]}" --set growth.mu=0.085 \
    -o "$tmp/compare-single" || fail "single compare"
for ranks in 2 3; do
    mpi "$ranks" sweep scenarios/plan.cfg "${small[@]}" "${vary[@]}" -o "$tmp/sweep-$ranks" ||
        fail "sweep with $ranks ranks"
    same_data "$tmp/sweep-single" "$tmp/sweep-$ranks" "sweep, $ranks ranks" sweep.tsv
    mpi "$ranks" compare scenarios/plan.cfg scenarios/plan.cfg "${small[@]}" --set growth.mu=0.085 \
        -o "$tmp/compare-$ranks" || fail "compare with $ranks ranks"
    same_data "$tmp/compare-single" "$tmp/compare-$ranks" "compare, $ranks ranks" compare.tsv compare_metrics.tsv
done

# A shard under mpirun and one without merge into the single run.
small=(--runs 3500 --set upgrade.pool_size=100 -q)
mpi 2 run scenarios/plan.cfg "${small[@]}" -o "$tmp/r" --shard 0/2 || fail "shard 0/2 with 2 ranks"
"$parksim" run scenarios/plan.cfg "${small[@]}" -o "$tmp/r" --shard 1/2 || fail "shard 1/2"
rm -f "$tmp/r"/*.tsv "$tmp/r/scenario.cfg"
"$parksim" merge -q "$tmp/r"/shard-*-of-2 || fail "merge"
same_data "$tmp/single" "$tmp/r" "shards with and without MPI" "${run_files[@]}"

# Errors are reported once, by rank 0, with its exit status.
got=$(mpi 2 run scenarios/no-such.cfg -q 2>&1 | grep '^parksim:')
[ "$got" = "parksim: scenarios/no-such.cfg: cannot read scenario file: No such file or directory" ] ||
    fail "error under mpirun: got '$got'"

[ "$failures" -eq 0 ] && echo "mpi_equivalence: all passed"
exit $((failures > 0))
