# sensitivity.awk — rows of a parksim sensitivity.tsv for one chart (POSIX awk; mawk ok).
#
#   awk -f sensitivity.awk -v mode=sobol|tornado|morris|outputs|method -v out=OUTPUT
#       [-v top=15] -v lang=en|zh -v labels=plots/labels.tsv sensitivity.tsv
#
#   outputs  the outputs of the file, one a line (first-seen order); method: its method
#   sobol    (sobol and given) y, label, S1, lo, hi, ST, lo, hi: the `top` inputs with the
#            largest ST (given: S1), the largest at the top (highest y); a line
#            "#n K" first with the number of inputs
#   tornado  y, label, low, high, low_lo, low_hi, high_lo, high_hi, base: the `top`
#            groups with the largest |high - low|, largest at the top; probabilities in %
#   morris   label, mu_star, sigma, rank (1 = largest mu_star)
# Labels: a setting's human name (labels.tsv "setting.PATH", unit dropped), groups a+b
# joined with " + ", "shocks" as ui.sens_shocks. Tab-separated output.

function lab(key) { return (key in LB) ? LB[key] : "" }
function name_of(s,    n, parts, i, r, l, c) {
    if (s == "shocks") return lab("ui.sens_shocks") != "" ? lab("ui.sens_shocks") : s
    n = split(s, parts, "+"); r = ""
    for (i = 1; i <= n; i++) {
        l = lab("setting." parts[i])
        if (l == "") l = parts[i]
        else { sub(/, [^,]*$/, "", l); if ((c = index(l, "（")) > 1) l = substr(l, 1, c - 1) }
        r = r (i > 1 ? " + " : "") l
    }
    # long group names: cut (English only: awk counts bytes, and a Chinese
    # name is short anyway)
    if (lang != "zh" && length(r) > 46) r = substr(r, 1, 44) "..."
    return r
}
function num(x) { return (x == "nan" || x == "-nan" || x == "") ? "NaN" : x }
function absf(x) { return x < 0 ? -x : x }
BEGIN {
    FS = OFS = "\t"
    if (top == "") top = 15
    while ((getline line < labels) > 0) {
        if (line ~ /^#/) continue
        nf = split(line, lf, "\t")
        if (nf >= 2) LB[lf[1]] = (lang == "zh" && nf >= 3 && lf[3] != "") ? lf[3] : lf[2]
    }
}
/^#/ { next }
{
    if (method == "") method = $1
    if (!($3 in seen_out)) { seen_out[$3] = 1; outs[++nout] = $3 }
    if ($3 != out) next
    if (!($2 in seen)) { seen[$2] = 1; keys[++nk] = $2 }
    V[$2, $4] = num($5); LO[$2, $4] = num($6); HI[$2, $4] = num($7)
}
END {
    if (mode == "method") { print method; exit }
    if (mode == "outputs") { for (i = 1; i <= nout; i++) if (outs[i] != "-") print outs[i]; exit }
    n = 0
    for (i = 1; i <= nk; i++) {
        k = keys[i]; if (k == "-") continue
        if (mode == "sobol") s = (method == "given") ? V[k, "S1"] : V[k, "ST"]
        else if (mode == "tornado") {
            lo = ((k, "p_low") in V) ? V[k, "p_low"] : V[k, "mean_low"]
            hi = ((k, "p_high") in V) ? V[k, "p_high"] : V[k, "mean_high"]
            s = (lo == "NaN" || hi == "NaN") ? -1 : absf(hi - lo)
        } else s = V[k, "mu_star"]
        if (s == "NaN") s = -1
        n++; K[n] = k; S[n] = s + 0
    }
    # sort by score, descending (insertion sort: a few dozen inputs)
    for (i = 2; i <= n; i++) { k = K[i]; s = S[i]; j = i - 1
        while (j >= 1 && S[j] < s) { K[j + 1] = K[j]; S[j + 1] = S[j]; j-- }
        K[j + 1] = k; S[j + 1] = s }
    m = (n < top) ? n : top
    if (mode == "sobol") {
        # nothing to draw when every index is nan (an output that never varies)
        finite = 0
        for (i = 1; i <= n; i++) if (V[K[i], "S1"] != "NaN" || (((K[i], "ST") in V) && V[K[i], "ST"] != "NaN")) finite = 1
        if (!finite) exit
        print "#n", n
        for (i = 1; i <= m; i++) { k = K[i]
            print m - i, name_of(k), V[k, "S1"], LO[k, "S1"], HI[k, "S1"], \
                  ((k, "ST") in V) ? V[k, "ST"] : "NaN", ((k, "ST") in V) ? LO[k, "ST"] : "NaN", ((k, "ST") in V) ? HI[k, "ST"] : "NaN" }
    } else if (mode == "tornado") {
        p = ((K[1], "p_low") in V); f = p ? 100 : 1
        base = p ? V["-", "p_base"] : V["-", "mean_base"]
        for (i = 1; i <= m; i++) { k = K[i]
            lo = p ? "p_low" : "mean_low"; hi = p ? "p_high" : "mean_high"
            print m - i, name_of(k), V[k, lo] * f, V[k, hi] * f, LO[k, lo] * f, HI[k, lo] * f, LO[k, hi] * f, HI[k, hi] * f, base * f }
    } else if (mode == "morris") {
        for (i = 1; i <= n; i++) { k = K[i]; print name_of(k), V[k, "mu_star"], V[k, "sigma"], i }
    }
}
