#!/usr/bin/env bash
# include_graph.sh — the shape of the code, checked: the include graph of
# engine/ and include/ has no cycle; the library (engine/ less main.c,
# cli_*.c, mpi_driver.c) never includes the command line's headers and never
# prints to stdout or stderr; only scenario files include libconfig.h.
# Usage: tests/include_graph.sh [ROOT]   (default: the current directory)
set -u
cd "${1:-.}" || exit 2
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

files=$(ls engine/*.c engine/*.h include/parksim/*.h)
# Edges "from to" for quoted includes, resolved to repository paths.
edges=$(for f in $files; do
    grep -o '^#include "[^"]*"' "$f" | sed 's/^#include "\(.*\)"/\1/' | while read -r inc; do
        if [ -f "include/$inc" ]; then echo "$f include/$inc"
        elif [ -f "engine/$inc" ]; then echo "$f engine/$inc"
        else echo "$f MISSING:$inc"; fi
    done
done)
missing=$(echo "$edges" | grep -c 'MISSING:' || true)
[ "$missing" = 0 ] || fail "includes that resolve to no file: $(echo "$edges" | grep MISSING: | tr '\n' ' ')"

# tsort reports a cycle on stderr ("input contains a loop").
if ! echo "$edges" | grep -v MISSING: | tsort >/dev/null 2>"${TMPDIR:-/tmp}/include_graph.$$"; then :; fi
if grep -q loop "${TMPDIR:-/tmp}/include_graph.$$"; then
    fail "include cycle: $(tr '\n' ' ' <"${TMPDIR:-/tmp}/include_graph.$$")"
fi
rm -f "${TMPDIR:-/tmp}/include_graph.$$"

library=$(ls engine/*.c | grep -v -E '/(main|mpi_driver|cli_[a-z_]+)\.c$')
for f in $library; do
    grep -q '^#include "cli' "$f" && fail "$f (library) includes a command-line header"
    grep -n -E '(printf|puts|fputs|fprintf|perror)\s*\(\s*(stderr|stdout)?' "$f" | grep -E 'stderr|stdout|^[0-9]+:\s*(printf|puts|perror)\(' &&
        fail "$f (library) prints to the terminal"
done
for f in $(grep -l '<libconfig.h>' engine/*.c engine/*.h include/parksim/*.h); do
    case "$f" in engine/scenario_*) ;; *) fail "$f includes libconfig.h (only engine/scenario_*.c may)" ;; esac
done
n_edges=$(echo "$edges" | wc -l)
echo "include_graph: $(echo "$files" | wc -w) files, $n_edges include edges, $fails failure(s)"
[ "$fails" = 0 ]
