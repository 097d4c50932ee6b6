# zones.awk — the rows of one panel of plots/zones.gp from parksim zones.tsv (POSIX awk).
#   awk -f zones.awk -v panel=up|land -v lang=en|zh -v mark=' (synthetic)' -v fmark=' (synthetic figures)' -v top=20 zones.tsv
# panel=up:   provincial zones by P(national by the horizon), with its Wilson interval
# panel=land: national zones by P(land-limited in the horizon year), with a 95 % Wilson
#            interval computed here from the count p * runs
# Prints the top rows, most likely first: rank, p, lo, hi (all in %), label. The label
# is the zone's name (Chinese where the file has one and lang=zh), shortened (the
# common suffix dropped), with its province (-v labels=labels.tsv: in lang), and `mark` appended for a synthetic zone,
# `fmark` for a real zone whose base-year GDP is not from a published source (its figures are synthesised).
# -v province=NAME keeps that province's zones only ('_' may stand for a space:
# Inner_Mongolia) and leaves the province out of the labels (the title names it).
# -v mode=count prints how many zones the panel ranks; -v mode=year the horizon year.
BEGIN {
    FS = "\t"; if (top == "") top = 20
    gsub(/_/, " ", province)
    # province names in the chart's language (province.NAME rows of labels.tsv)
    if (labels != "")
        while ((getline line < labels) > 0) {
            split(line, f, "\t")
            if (f[1] ~ /^province\./) PROV[substr(f[1], 10)] = (lang == "zh" && f[3] != "") ? f[3] : f[2]
        }
}
/^# id\t/ { sub(/^# /, ""); for (i = 1; i <= NF; i++) col[$i] = i; next }
/^#/ { next }
{
    if (!("runs" in col)) { print "zones.awk: no column header in " FILENAME > "/dev/stderr"; exit 2 }
    if (!hy) for (k in col) if (k ~ /^p_limited_/ && substr(k, 11) + 0 > hy) hy = substr(k, 11) + 0
    if (province != "") { pv = $col["province"]; gsub(/_/, " ", pv); if (pv != province) next }
    n = $col["runs"] + 0
    if (panel == "up") {
        if ($col["tier"] != "provincial") next
        p = $col["p_national_" hy]; lo = $col["lo_national_" hy]; hi = $col["hi_national_" hy]
    } else {
        if ($col["tier"] != "national") next
        p = $col["p_limited_" hy]; k = p * n; z = 1.959963984540054
        c = (p + z * z / (2 * n)) / (1 + z * z / n)
        h = z / (1 + z * z / n) * sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        lo = (k == 0) ? 0 : c - h; hi = (k == n) ? 1 : c + h
    }
    name = (lang == "zh" && $col["name_zh"] != "-") ? $col["name_zh"] : $col["name"]
    sub(/ (High-tech Industrial Development Zone|High-tech Zone|High-tech Park)/, "", name)
    sub(/高新技术产业开发区$/, "", name); sub(/国家/, "", name)
    if (length(name) > 40) name = substr(name, 1, 38) ".."
    pv = $col["province"]; if (pv in PROV) pv = PROV[pv]
    lbl = (province != "") ? name : name " · " pv
    if ($col["origin"] == "synthetic") lbl = lbl mark
    else if ($col["published"] !~ /(^|,)gdp(,|$)/) lbl = lbl fmark
    m++; P[m] = p; L[m] = lo; H[m] = hi; B[m] = lbl; ID[m] = $col["id"] + 0
}
END {
    if (mode == "count") { print m + 0; exit }
    if (mode == "year") { print hy + 0; exit }
    # most likely first; ties by id (insertion sort: at most a few hundred rows)
    for (i = 2; i <= m; i++) {
        p = P[i]; lo = L[i]; hi = H[i]; b = B[i]; id = ID[i]
        for (j = i - 1; j >= 1 && (P[j] < p || (P[j] == p && ID[j] > id)); j--) {
            P[j + 1] = P[j]; L[j + 1] = L[j]; H[j + 1] = H[j]; B[j + 1] = B[j]; ID[j + 1] = ID[j]
        }
        P[j + 1] = p; L[j + 1] = lo; H[j + 1] = hi; B[j + 1] = b; ID[j + 1] = id
    }
    for (i = 1; i <= m && i <= top; i++)
        printf "%d\t%.6g\t%.6g\t%.6g\t%s\n", i, 100 * P[i], 100 * L[i], 100 * H[i], B[i]
}
