# compare.awk — reshape parksim compare.tsv for bar charts (POSIX awk; mawk ok).
#   awk -f compare.awk compare.tsv
# prints, per row: target_index scenario_index p lo hi diff diff_lo diff_hi (indices from 1
# in order of first appearance; shares converted to percent), tab-separated.
#   awk -f compare.awk -v list=labels compare.tsv    scenario labels, one per line
#   awk -f compare.awk -v list=targets compare.tsv   target names, one per line
# Columns are found by header name (the last '#' line before the data).
BEGIN { FS = "\t"; OFS = "\t" }
/^#/ { if (!started) hdr = $0; next }
/^[ \t\r]*$/ { next }
{
    sub(/\r$/, "")
    if (!started) {
        h = hdr; sub(/^#[ \t]*/, "", h); n = split(h, t, "\t")
        for (i = 1; i <= n; i++) c[t[i]] = i
        split("label target p ci_low ci_high diff diff_low diff_high", need, " ")
        for (i = 1; i <= 8; i++) if (!(need[i] in c)) {
            printf "compare.awk: %s: no column '%s'\n", FILENAME, need[i] > "/dev/stderr"; bad = 1; exit 2
        }
        started = 1
    }
    lab = $(c["label"]); tg = $(c["target"])
    if (!(lab in si)) { si[lab] = ++ns; labs[ns] = lab }
    if (!(tg in ti)) { ti[tg] = ++nt; tgs[nt] = tg }
    if (list == "") print ti[tg], si[lab], pc($(c["p"])), pc($(c["ci_low"])), pc($(c["ci_high"])), \
        pc($(c["diff"])), pc($(c["diff_low"])), pc($(c["diff_high"]))
}
function pc(v) { return (v ~ /^[ \t]*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?[ \t]*$/) ? sprintf("%.6g", v * 100) : "NaN" }
END {
    if (bad) exit 2
    if (list == "labels") for (i = 1; i <= ns; i++) print labs[i]
    if (list == "targets") for (i = 1; i <= nt; i++) print tgs[i]
}
