#!/usr/bin/env bash
# cli_faults.sh — the command line under faults (issue 14): hostile input
# (absurd data, devices, FIFOs, pipes, byte-order marks, control
# characters), signals, failed writes and tampered shards. Each case states
# what must be seen: a located message, the documented exit status, and
# result files that are complete (and say so when interrupted) or absent,
# never a temporary left behind.   Usage: cli_faults.sh PATH/TO/parksim
set -u
P=$1
tmp=$(mktemp -d) || { echo "FAIL: mktemp"; exit 1; }
# Only in this shell, never in a fork of it killed before its exec (tests/wait_events.sh).
trap 'if [ "$BASHPID" = "$$" ]; then rm -rf "$tmp"; fi' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ROOT=$(pwd)
. "$(dirname "$0")/wait_events.sh"

# expect EXIT_STATUS "EXACT STDERR" parksim-args...: and no file in $tmp/out
expect() {
    local status=$1 message=$2
    shift 2
    rm -rf "$tmp/out"
    "$P" "$@" --out "$tmp/out" -q >"$tmp/stdout" 2>"$tmp/stderr" </dev/null
    local got=$?
    if [ "$got" != "$status" ] || [ "$(cat "$tmp/stderr")" != "$message" ]; then
        fail "parksim $*"
        echo "  expected status $status and: $message"
        echo "  got status $got and: $(cat "$tmp/stderr")"
    fi
    if [ -e "$tmp/out" ] && [ -n "$(ls -A "$tmp/out")" ]; then
        fail "parksim $* left files: $(ls -A "$tmp/out")"
    fi
}

# no_temporaries DIR: no .*.tmp.* file anywhere under DIR
no_temporaries() {
    local left
    left=$(find "$1" -name '.*.tmp*' 2>/dev/null)
    [ -z "$left" ] || fail "$2: temporaries left: $left"
}

# A copy of the zone data with one field of the first zone replaced.
edit_zone() { # column value > file
    awk -F'\t' -v col="$1" -v val="$2" 'BEGIN { OFS = "\t" }
        /^#/ { print; next }
        !h { h = 1; for (i = 1; i <= NF; i++) if ($i == col) c = i; print; next }
        !d { $c = val; d = 1 } { print }' scenarios/data/zones-2015.tsv
}

# --- #6: finite but absurd data is a located data error (bounds: README) --
edit_zone gdp 1e300 >"$tmp/gdp.tsv" || fail "setup: gdp.tsv"
expect 5 "parksim: $tmp/gdp.tsv:8: gdp: must be in [0.0001, 1e+06], found 1e300" \
    run scenarios/plan.cfg --runs 2 --set "run.data=\"$tmp/gdp.tsv\""
edit_zone productivity 1e-300 >"$tmp/prod.tsv" || fail "setup: prod.tsv"
expect 5 "parksim: $tmp/prod.tsv:8: productivity: must be in [0.01, 10000], found 1e-300" \
    run scenarios/plan.cfg --runs 2 --set "run.data=\"$tmp/prod.tsv\""
edit_zone enterprises 1e12 >"$tmp/ent.tsv" || fail "setup: ent.tsv"
expect 5 "parksim: $tmp/ent.tsv:8: enterprises: must be in [0, 1e+07], found 1e12" \
    run scenarios/plan.cfg --runs 2 --set "run.data=\"$tmp/ent.tsv\""

# --- #15: the duplicate-id check is linear: 200 000 rows load at once ----
{
    cat scenarios/data/zones-2015.tsv
    tail -1 scenarios/data/zones-2015.tsv | awk -F'\t' 'BEGIN { OFS = "\t" }
        { for (i = 1; i <= 200000; i++) { $1 = 1000000 + i; print } }'
} >"$tmp/many.tsv" || fail "setup: many.tsv"
timeout 60 "$P" check scenarios/plan.cfg --set "run.data=\"$tmp/many.tsv\"" >"$tmp/stdout" 2>&1
[ $? = 0 ] || fail "200000 zones: $(head -3 "$tmp/stdout")"

# --- #20: devices and FIFOs: refused at once, a FIFO read once -----------
expect 3 "parksim: /dev/zero: not a regular file (a device, directory or socket)" \
    run scenarios/plan.cfg --runs 2 --set 'run.data="/dev/zero"'
expect 3 "parksim: /dev/zero: cannot read scenario file: not a regular file or pipe" run /dev/zero
timeout 20 "$P" check scenarios/plan.cfg --set 'run.data="/dev/zero"' >"$tmp/stdout" 2>&1
[ $? = 3 ] && [ "$(cat "$tmp/stdout")" = "/dev/zero: not a regular file (a device, directory or socket)" ] ||
    fail "check with run.data=/dev/zero: $(cat "$tmp/stdout")"
sed "s#extends = \"#extends = \"$ROOT/scenarios/#" scenarios/status_quo.cfg >"$tmp/status_quo.cfg" &&
    [ -s "$tmp/status_quo.cfg" ] || fail "setup: status_quo.cfg"
for cmd in check config "run --runs 3 -q -o $tmp/fifo-out"; do
    mkfifo "$tmp/fifo.cfg" || fail "setup: mkfifo"
    timeout 30 sh -c "cat \"$tmp/status_quo.cfg\" >\"$tmp/fifo.cfg\"" &
    timeout 20 "$P" $cmd "$tmp/fifo.cfg" >"$tmp/stdout" 2>"$tmp/stderr"
    [ $? = 0 ] || fail "a FIFO scenario ($cmd): $(cat "$tmp/stderr")"
    wait
    rm -f "$tmp/fifo.cfg"
done

# --- #3: a scenario from a pipe passes the 32-bit literal guard ---------
printf 'extends = "%s/scenarios/plan.cfg";\nrun: { runs = 5000000000; };\n' "$ROOT" |
    "$P" config /dev/stdin >"$tmp/stdout" 2>"$tmp/stderr"
[ $? = 4 ] && [ "$(cat "$tmp/stderr")" = "parksim: /dev/stdin:2: integer 5000000000 does not fit in 32 bits, which libconfig reads wrongly; write 5000000000L" ] ||
    fail "runs = 5000000000 from a pipe: $(cat "$tmp/stderr" "$tmp/stdout" | head -3)"

# --- #24: a UTF-8 byte-order mark is skipped ----------------------------
printf '\357\273\277' >"$tmp/bom.cfg" && cat "$tmp/status_quo.cfg" >>"$tmp/bom.cfg" || fail "setup: bom.cfg"
"$P" check "$tmp/bom.cfg" >"$tmp/stdout" 2>&1
[ $? = 0 ] && [ "$(cat "$tmp/stdout")" = "$tmp/bom.cfg: ok" ] || fail "byte-order mark: $(cat "$tmp/stdout")"
"$P" config "$tmp/status_quo.cfg" >"$tmp/plain.out" && "$P" config "$tmp/bom.cfg" >"$tmp/bom.out" &&
    diff <(grep -v '^#' "$tmp/plain.out") <(grep -v '^#' "$tmp/bom.out") >/dev/null || fail "byte-order mark changes the scenario"

# --- #23: check exits with the status of its worst problem --------------
"$P" check no/such.cfg >/dev/null 2>&1; [ $? = 3 ] || fail "check of a missing file: not 3"
"$P" check scenarios/plan.cfg --set "run.data=\"$tmp/gdp.tsv\"" >/dev/null 2>&1
[ $? = 5 ] || fail "check of bad data: not 5"
"$P" check scenarios/plan.cfg --set run.horizon=2020.5 >/dev/null 2>&1; [ $? = 4 ] || fail "check of a bad setting: not 4"

# --- #1: a state the model cannot represent stops the run, located ------
expect 7 "parksim: run 0, year 2041, zone 1 (Zhongguancun Science Park): enterprises reached 1.68969e+16, beyond what the model represents (finite values, counts up to 2^53): settings far outside their ranges" \
    run scenarios/plan_fixed.cfg --runs 4 --set shocks.discrete_random=false --set enterprises.entry_rate=2.0 \
    --set run.horizon=2050

# --- #27: a write that fails names the file and the system's reason -----
rm -rf "$tmp/big"
(ulimit -f 20; "$P" run scenarios/plan.cfg --runs 2000 -o "$tmp/big" -q 2>"$tmp/stderr")
status=$?
# (one process: the rows go to the checkpoint's rows file first)
[ $status = 3 ] && [ "$(cat "$tmp/stderr")" = "parksim: $tmp/big/.checkpoint/runs.rows: write failed: File too large" ] ||
    fail "ulimit -f: status $status: $(cat "$tmp/stderr")"
[ -z "$(ls -A "$tmp/big")" ] || fail "ulimit -f left: $(ls -A "$tmp/big")"
# A full file system, if this machine lets us mount a small one.
mkdir -p "$tmp/small" || fail "setup: mkdir small"
if mount -t tmpfs -o size=200k tmpfs "$tmp/small" 2>/dev/null; then
    "$P" run scenarios/plan.cfg --runs 3000 -o "$tmp/small/o" -q 2>"$tmp/stderr"
    status=$?
    [ $status = 3 ] && grep -q "No space left on device" "$tmp/stderr" || fail "full disk: $status $(cat "$tmp/stderr")"
    [ -z "$(ls -A "$tmp/small/o")" ] || fail "full disk left: $(ls -A "$tmp/small/o")"
    umount "$tmp/small" || fail "umount $tmp/small"
fi

# --- #11: the output set is replaced all together or not at all ---------
rm -rf "$tmp/set"
"$P" run scenarios/plan.cfg --runs 50 -o "$tmp/set" -q || fail "setup: run into $tmp/set"
rm "$tmp/set/target_years.tsv" && mkdir "$tmp/set/target_years.tsv" || fail "setup: a directory in the way"
(cd "$tmp/set" && md5sum *.tsv scenario.cfg 2>/dev/null) >"$tmp/before"
"$P" run scenarios/plan.cfg --runs 60 -o "$tmp/set" -q 2>"$tmp/stderr"
status=$?
[ $status = 3 ] && [ "$(cat "$tmp/stderr")" = "parksim: $tmp/set/target_years.tsv: cannot replace: Is a directory" ] ||
    fail "a directory in the way: $status $(cat "$tmp/stderr")"
(cd "$tmp/set" && md5sum *.tsv scenario.cfg 2>/dev/null) | cmp -s - "$tmp/before" || fail "a failed commit changed the old files"
no_temporaries "$tmp/set" "failed commit"

# --- #2, #9, #22: signals at any moment ---------------------------------
# The result is absent, or complete with INTERRUPTED in every file's header
# (runs.tsv included), and never a temporary. Shards are all or nothing.
# A background job of a script starts with SIGINT ignored (bash does that
# without job control), so each run is started with SIGINT at its default
# (env --default-signal): a signal sent before parksim installs its handler
# ends it at once, as Ctrl-C in a terminal does, and none is lost. stop
# sends one signal and the caller waits for the exit, however long the
# final write takes (a second signal would kill at once: not what a user
# who presses Ctrl-C once sees). A run that has not ended 120 s after the
# signal is a failure, reported as such, not a hang until ctest's timeout.
# The delays count from the moment the process is parksim (wait_parksim):
# a signal to the shell's fork before its exec would test bash, not
# parksim (and kill bash, which then runs this script's EXIT trap there).
# Nothing outside the output directories may change meanwhile: every other
# file under $tmp is the same after the signals as before (untouched).
untouched() { (cd "$tmp" && find . \( -path './sig-*' -o -path './end-*' \) -prune -o -type f -print0 | sort -z | xargs -0 md5sum); }
before=$(untouched) && [ -n "$before" ] || fail "setup: the list of files before the signals"
stop() {
    kill -$2 $1 2>/dev/null
    local waited=0
    while kill -0 $1 2>/dev/null && [ $waited -lt 1200 ]; do sleep 0.1; waited=$((waited + 1)); done
    if kill -0 $1 2>/dev/null; then
        fail "SIG$2: parksim (pid $1) still running 120 s after the signal"
        kill -KILL $1 2>/dev/null
    fi
}

check_interrupted() { # dir what
    local d=$1 f
    [ -e "$d" ] || return 0
    [ -n "$(ls -A "$d")" ] || { rmdir "$d"; return 0; }
    for f in summary.tsv targets.tsv target_years.tsv first_year.tsv zones.tsv runs.tsv scenario.cfg; do
        [ -s "$d/$f" ] || fail "$2: $f missing beside $(ls "$d" | tr '\n' ' ')"
    done
    for f in summary.tsv targets.tsv target_years.tsv first_year.tsv zones.tsv runs.tsv; do
        if grep -q '^# INTERRUPTED' "$d/runs.tsv" 2>/dev/null || grep -q '^# INTERRUPTED' "$d/summary.tsv"; then
            sed -n '1,12p' "$d/$f" | grep -q '^# INTERRUPTED: only runs' || fail "$2: $f does not say INTERRUPTED in its header"
        fi
    done
    no_temporaries "$d" "$2"
}
n=0
for sig in INT TERM; do
    for delay in 0 0.02 0.05 0.2 0.5 1; do
        n=$((n + 1))
        d=$tmp/sig-$n
        env --default-signal=INT "$P" run scenarios/plan.cfg --runs 200000 -o "$d" -q 2>/dev/null &
        pid=$!
        wait_parksim $pid
        sleep $delay
        stop $pid $sig
        wait $pid
        status=$?
        # 143: killed by SIGTERM before the handler was installed (nothing written yet)
        [ $status = 130 ] || [ $status = 143 ] || [ $status = 0 ] || fail "SIG$sig after ${delay}s: exit $status"
        check_interrupted "$d" "SIG$sig after ${delay}s"
        # A shard: complete or absent.
        env --default-signal=INT "$P" run scenarios/plan.cfg --runs 200000 --shard 1/2 -o "$d-shard" -q 2>/dev/null &
        pid=$!
        wait_parksim $pid
        sleep $delay
        stop $pid $sig
        wait $pid
        status=$?
        [ $status = 130 ] || [ $status = 143 ] || fail "shard: SIG$sig after ${delay}s: exit $status"
        [ -z "$(ls -A "$d-shard/shard-1-of-2" 2>/dev/null)" ] ||
            fail "shard: SIG$sig after ${delay}s left: $(ls -A "$d-shard/shard-1-of-2")"
    done
done
# Interrupted during the final write: a small run, SIGTERM as soon as the
# temporary of one of the tables appears (the tables are opened one after
# the other once the runs are done), or at once after the run if it ended
# first. Events, not delays: the same moments under any slowdown
# (sanitizers, a loaded machine).
for table in summary targets target_years first_year; do
    d=$tmp/end-$table
    "$P" run scenarios/plan.cfg --runs 400 -o "$d" -q 2>/dev/null &
    pid=$!
    wait_file $pid "$d/.$table.tsv.tmp.$pid"
    kill -TERM $pid 2>/dev/null
    wait $pid
    status=$?
    [ $status = 130 ] || [ $status = 0 ] || fail "SIGTERM at the end ($table.tsv): exit $status"
    check_interrupted "$d" "SIGTERM at the end ($table.tsv)"
done
[ "$(untouched)" = "$before" ] ||
    fail "the signal sections changed files outside their output directories: $(diff <(echo "$before") <(untouched) | head -5)"

# --- #16: shards written to different directories are one set ------------
"$P" run scenarios/plan.cfg --runs 300 --shard 0/2 -o "$tmp/nodeA" -q &&
    "$P" run scenarios/plan.cfg --runs 300 --shard 1/2 -o "$tmp/nodeB" -q || fail "shards to two directories"
"$P" merge "$tmp/nodeA/shard-0-of-2" "$tmp/nodeB/shard-1-of-2" -o "$tmp/merged" -q 2>"$tmp/stderr" ||
    fail "merge of shards from two directories: $(cat "$tmp/stderr")"
"$P" run scenarios/plan.cfg --runs 300 -o "$tmp/nodeA" -q || fail "run into $tmp/nodeA"
grep -v '^#' "$tmp/merged/runs.tsv" | cmp -s - <(grep -v '^#' "$tmp/nodeA/runs.tsv") || fail "merged runs differ from one run"
# A shard from another build is named as such.
cp -r "$tmp/nodeB/shard-1-of-2" "$tmp/other" &&
    sed -i 's/^engine\t.*/engine\t0.0-other/' "$tmp/other/shard.partial" || fail "setup: shard of another build"
line=$(grep -n '^engine' "$tmp/other/shard.partial" | cut -d: -f1)
"$P" merge "$tmp/nodeA/shard-0-of-2" "$tmp/other" -o "$tmp/merged2" -q 2>"$tmp/stderr"
status=$?
[ $status = 5 ] && grep -q "^parksim: $tmp/other/shard.partial:$line: written by parksim 0.0-other, this is parksim " "$tmp/stderr" ||
    fail "shard of another build: $status $(cat "$tmp/stderr")"
[ -e "$tmp/merged2" ] && fail "merge of a foreign shard left $tmp/merged2"

# --- #21: control characters in the scenario path are escaped -----------
nl=$'\n'
mkdir -p "$tmp/we${nl}ird	dir" && cp "$tmp/status_quo.cfg" "$tmp/we${nl}ird	dir/s.cfg" || fail "setup: weird path"
"$P" run "$tmp/we${nl}ird	dir/s.cfg" --runs 20 -o "$tmp/weird" -q --format tsv >"$tmp/stdout" 2>"$tmp/stderr" || fail "weird path: run: $(cat "$tmp/stderr")"
grep -qF "# scenario: $tmp/we\nird\tdir/s.cfg" "$tmp/weird/summary.tsv" || fail "weird path: provenance not escaped"
[ "$(wc -l <"$tmp/stdout")" = 1 ] && [ "$(head -1 "$tmp/stdout" | cut -f2)" = 20 ] || fail "weird path: --format line: $(cat "$tmp/stdout")"
"$P" run "$tmp/we${nl}ird	dir/s.cfg" --runs 300 --shard 0/2 -o "$tmp/wsh" -q &&
    "$P" run "$tmp/we${nl}ird	dir/s.cfg" --runs 300 --shard 1/2 -o "$tmp/wsh" -q &&
    "$P" merge "$tmp/wsh/shard-0-of-2" "$tmp/wsh/shard-1-of-2" -o "$tmp/wmerged" -q || fail "weird path: shards do not merge"

# --- #17: expectation mode says what it drops ---------------------------
"$P" run scenarios/plan.cfg --runs 2 --set shocks.discrete_random=false --set demotion.prob=0.5 \
    --set demotion.bottom_share=0.1 -o "$tmp/em" 2>&1 >/dev/null | grep warning >"$tmp/stderr"
[ "$(cat "$tmp/stderr")" = "parksim: scenarios/plan.cfg: warning: land.expansion_prob = 0.3 has no effect with shocks.discrete_random = false (expansion is a random event)
parksim: scenarios/plan.cfg: warning: demotion.prob = 0.5 has no effect with shocks.discrete_random = false (demotion is a random event)" ] ||
    fail "expectation mode warnings: $(cat "$tmp/stderr")"

[ "$fails" = 0 ] && echo "cli_faults: all passed"
exit $((fails > 0))
