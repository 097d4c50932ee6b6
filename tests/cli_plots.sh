#!/usr/bin/env bash
# cli_plots.sh — the gnuplot pictures: plots/selftest.sh renders the example
# outputs and, with PARKSIM set, small real runs, compares and sweeps, and
# fails on a missing or empty picture or any gnuplot error or warning.
# Usage: cli_plots.sh PATH/TO/parksim
set -u
PARKSIM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") exec bash plots/selftest.sh
