# first_year.awk — reshape parksim first_year.tsv into stacked-bar segments (POSIX awk).
#   awk -f first_year.awk first_year.tsv
# prints per row: target_index category_index x_from x_to share (shares in percent,
# cumulative within a target in category order: years as in the file, "never" last).
#   -v list=targets      target names, one per line (order of first appearance)
#   -v list=categories   first_year values, one per line ("never" last)
BEGIN { FS = "\t"; OFS = "\t" }
/^#/ { if (!started) hdr = $0; next }
/^[ \t\r]*$/ { next }
{
    sub(/\r$/, "")
    if (!started) {
        h = hdr; sub(/^#[ \t]*/, "", h); n = split(h, t, "\t")
        for (i = 1; i <= n; i++) c[t[i]] = i
        split("target first_year share", need, " ")
        for (i = 1; i <= 3; i++) if (!(need[i] in c)) {
            printf "first_year.awk: %s: no column '%s'\n", FILENAME, need[i] > "/dev/stderr"; bad = 1; exit 2
        }
        started = 1
    }
    tg = $(c["target"]); fy = $(c["first_year"]); sh = $(c["share"]) * 100
    if (!(tg in ti)) { ti[tg] = ++nt; tgs[nt] = tg }
    if (!(fy in ci)) { ci[fy] = ++nc; cats[nc] = fy }
    S[ti[tg], fy] = sh
}
END {
    if (bad) exit 2
    # "never" goes last whatever the file order
    if ("never" in ci) { k = 0; for (i = 1; i <= nc; i++) if (cats[i] != "never") { k++; ord[cats[i]] = k }; ord["never"] = k + 1 }
    else for (i = 1; i <= nc; i++) ord[cats[i]] = i
    if (list == "targets") { for (i = 1; i <= nt; i++) print tgs[i]; exit 0 }
    if (list == "categories") { for (i = 1; i <= nc; i++) sorted[ord[cats[i]]] = cats[i]; for (i = 1; i <= nc; i++) print sorted[i]; exit 0 }
    for (i = 1; i <= nc; i++) sorted[ord[cats[i]]] = cats[i]
    for (tt = 1; tt <= nt; tt++) {
        cum = 0
        for (k = 1; k <= nc; k++) {
            sh = ((tt, sorted[k]) in S) ? S[tt, sorted[k]] : 0
            printf "%d\t%d\t%.6g\t%.6g\t%.6g\n", tt, k, cum, cum + sh, sh
            cum += sh
        }
    }
}
