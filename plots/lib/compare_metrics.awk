# compare_metrics.awk — reshape parksim compare_metrics.tsv for a horizontal bar chart
# (POSIX awk; mawk ok).
#   awk -f compare_metrics.awk compare_metrics.tsv
# prints, per metric (regional breakdowns *_east/_central/_west/_northeast left out) and per
# scenario after the first: row scenario_index rel_diff rel_low rel_high na (row 1 = the first
# metric, drawn at the top; scenario indices from 1 in order of first appearance; relative
# differences in percent of the first scenario's mean; na = 1 (and 0s) where undefined:
# the first scenario's mean is 0), tab-separated.
#   awk -f compare_metrics.awk -v list=labels FILE    scenario labels, one per line
#   awk -f compare_metrics.awk -v list=metrics FILE   the metrics drawn, one per line
#   awk -f compare_metrics.awk -v list=year FILE      the year compared
# Columns are found by header name (the last '#' line before the data).
BEGIN { FS = "\t"; OFS = "\t" }
/^#/ { if (!started) hdr = $0; next }
/^[ \t\r]*$/ { next }
{
    sub(/\r$/, "")
    if (!started) {
        h = hdr; sub(/^#[ \t]*/, "", h); n = split(h, t, "\t")
        for (i = 1; i <= n; i++) c[t[i]] = i
        split("label metric year rel_diff rel_low rel_high", need, " ")
        for (i = 1; i <= 6; i++) if (!(need[i] in c)) {
            printf "compare_metrics.awk: %s: no column '%s'\n", FILENAME, need[i] > "/dev/stderr"; bad = 1; exit 2
        }
        started = 1
    }
    lab = $(c["label"]); m = $(c["metric"]); year = $(c["year"])
    if (m ~ /_(east|central|west|northeast)$/) next
    if (!(lab in si)) { si[lab] = ++ns; labs[ns] = lab }
    if (!(m in mi)) { mi[m] = ++nm; ms[nm] = m }
    if (list == "" && si[lab] > 1) {
        r = pc($(c["rel_diff"])); lo = pc($(c["rel_low"])); hi = pc($(c["rel_high"]))
        na = (r == "NaN")                 # no relative change: a 0-width bar and "n/a"
        if (na) r = lo = hi = 0
        print mi[m], si[lab], r, lo, hi, na
    }
}
function pc(v) { return (v ~ /^[ \t]*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?[ \t]*$/) ? sprintf("%.6g", v * 100) : "NaN" }
END {
    if (bad) exit 2
    if (list == "labels") for (i = 1; i <= ns; i++) print labs[i]
    if (list == "metrics") for (i = 1; i <= nm; i++) print ms[i]
    if (list == "year") print year
}
