# wait_events.sh — sourced (not run) by the shell tests that signal a
# background parksim: they wait for events, never for a fixed time, so a
# signal lands at the same moment under any slowdown (sanitizers, a loaded
# machine), and it lands on parksim itself. Needs $P, the parksim binary.
#
# Why "on parksim itself": `"$P" ... &` is first a fork of the test's own
# bash, which execs parksim a moment later. A fatal signal (SIGTERM) that
# reaches the fork before the exec kills bash, not parksim, and bash 5.2
# then runs the test's EXIT trap in that fork: `rm -rf "$tmp"` in the middle
# of the test. tests/cli_faults.sh lost its whole temporary directory that
# way under load (seen as "cannot read scenario file" or a failed cp much
# later in the script). For the same reason each test's cleanup trap is
#     trap 'if [ "$BASHPID" = "$$" ]; then rm -rf "$tmp"; fi' EXIT
# which does nothing in a fork ($$ is the test's shell there, $BASHPID the
# fork). Not `[ "$BASHPID" != "$$" ] || rm ...`: in that dying fork `[`
# itself fails (status 127), so the rm would run all the same. Until the
# exec the fork also shows the test shell's SigCgt (it catches SIGINT), so
# "catches SIGINT" alone does not mean "is parksim".

PARKSIM_EXE=$(readlink -f "$P")

# is_parksim PID: PID has exec'd parksim (it is no longer the shell's fork or env)
is_parksim() { [ "$(readlink "/proc/$1/exe" 2>/dev/null)" = "$PARKSIM_EXE" ]; }

# catches PID SIGNUM: PID catches signal SIGNUM (bit SIGNUM-1 of SigCgt)
catches() {
    local m
    m=$(sed -n 's/^SigCgt:\s*//p' "/proc/$1/status" 2>/dev/null) && (((0x${m:-0} >> ($2 - 1)) & 1))
}

# wait_parksim PID: until PID is parksim, or has ended
wait_parksim() { while kill -0 "$1" 2>/dev/null && ! is_parksim "$1"; do sleep 0.01; done; }

# wait_catching PID SIGNUM: until PID is parksim and catches SIGNUM, or has ended
wait_catching() {
    while kill -0 "$1" 2>/dev/null && ! { is_parksim "$1" && catches "$1" "$2"; }; do sleep 0.01; done
}

# wait_line PID FILE REGEX: until FILE has a line matching REGEX, or PID has ended
wait_line() { while kill -0 "$1" 2>/dev/null && ! grep -q "$3" "$2" 2>/dev/null; do sleep 0.01; done; }

# wait_file PID PATH: until PATH exists, or PID has ended
wait_file() { while kill -0 "$1" 2>/dev/null && ! [ -e "$2" ]; do sleep 0.01; done; }
