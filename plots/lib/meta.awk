# meta.awk — turn parksim provenance, metric and target information into gnuplot
# assignments, which the plot scripts run with `eval system(...)` (POSIX awk; mawk ok).
#
#   awk -f meta.awk -v mode=prov FILE
#       P_SCEN (scenario file stem, or P_LABEL override), P_SCENFILE, P_RUNS, P_SEED,
#       P_VERSION, P_HASH, P_DATE, P_FOOT (one-line provenance footer for the chart),
#       P_WARN (the "# INTERRUPTED: ..." line of an interrupted run, or empty).
#       -v label=TEXT replaces the scenario stem in P_SCEN.
# Words (titles, units, footer) come from -v labels=plots/labels.tsv in -v lang=en|zh.
#   awk -f meta.awk -v mode=metric -v name=METRIC METRICS_TSV
#       M_NAME, M_TITLE, M_SHORT, M_UNIT, M_SCALE, M_KIND, M_PCT (1 for shares).
#   awk -f meta.awk -v mode=targets METRICS_TSV TARGETS_TSV
#       NT and arrays T_NAME, T_METRIC, T_OP, T_THR (file units), T_THRS (plotted units),
#       T_YEAR, T_P, T_LO, T_HI (in %), T_COND ("≥ 6.5 %"), T_DESC ("R&D intensity ≥ 6.5 %"),
#       T_SHORT, T_SCALE; plus ALL_P, ALL_LO, ALL_HI (joint row "all", in %, or NaN)
#       and TLIST (space-separated target names).
#       -v only=METRIC keeps the targets on that metric only.
# Output is a single line of ';'-separated gnuplot statements (strings single-quoted).

function q(s) { gsub(/'/, "''", s); return "'" s "'" }

function stem(p) { sub(/^.*\//, "", p); sub(/\.[^.]*$/, "", p); return p }

function opsym(o) {
    if (o == ">=") return "≥"; if (o == "<=") return "≤"; if (o == "==") return "="
    return o
}

function load_metric_row() {
    # called for every non-comment line of metrics.tsv (name, scale, kind)
    msc[$1] = $2; mk[$1] = $3
}

# the words of key in the chosen language (-v lang=en|zh, -v labels=plots/labels.tsv)
function lab(key) { return (key in LB) ? LB[key] : key }
function load_labels(    line, f, n) {
    if (labels == "") return
    while ((getline line < labels) > 0) {
        if (line ~ /^#/) continue
        n = split(line, f, "\t")
        if (n >= 2) LB[f[1]] = (lang == "zh" && n >= 3 && f[3] != "") ? f[3] : f[2]
    }
    close(labels)
}

function lookup(name,    base, reg, regs, i, at, prov) {
    at = index(name, "@")              # a target by province: national_zones@Guangdong
    if (at > 0) {
        prov = substr(name, at + 1); gsub(/ /, "_", prov)
        lookup(substr(name, 1, at - 1))
        L_TITLE = sprintf(lab("ui.in_province"), L_TITLE, lab("province." prov))
        L_SHORT = sprintf(lab("ui.in_province"), L_SHORT, lab("province." prov))
        return
    }
    L_TITLE = name; L_SHORT = name; L_UNIT = ""; L_SCALE = 1; L_KIND = "level"
    base = name; reg = ""
    if (!(name in msc)) {
        n = split("east central west northeast", regs, " ")
        for (i = 1; i <= n; i++) {
            if (length(name) > length(regs[i]) + 1 && substr(name, length(name) - length(regs[i])) == "_" regs[i]) {
                base = substr(name, 1, length(name) - length(regs[i]) - 1); reg = regs[i]
            }
        }
    }
    if (base in msc) {
        L_TITLE = lab("metric." base ".title"); L_SHORT = lab("metric." base ".short")
        L_UNIT = lab("metric." base ".unit"); L_SCALE = msc[base]
        L_KIND = mk[base]
        if (reg != "") {
            L_TITLE = L_TITLE lab("region." reg ".title")
            L_SHORT = L_SHORT lab("region." reg ".short")
        }
    } else if (name ~ /_share$/ || name ~ /intensity/ || name ~ /coverage/) {
        L_KIND = "share"; L_SCALE = 100; L_UNIT = "%"
    }
}

# numeric value times k for gnuplot, or NaN when the field is not a number
function num(v, k) { return (v ~ /^[ \t]*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?[ \t]*$/) ? sprintf("%.10g", v * k) : "NaN" }

function fmtnum(v,    s) {
    s = sprintf("%.4g", v)
    return s
}

BEGIN { FS = "\t"; out = ""; load_labels() }

mode == "prov" && /^#/ {
    line = $0
    if (seen_data) next
    if (line ~ /^#[ \t]*parksim[ \t]/) { v = line; sub(/^#[ \t]*parksim[ \t]+/, "", v); P["version"] = v; next }
    if (match(line, /^#[ \t]*[A-Za-z_]+:[ \t]*/)) {
        k = line; sub(/^#[ \t]*/, "", k); sub(/:.*/, "", k)
        v = substr(line, RLENGTH + 1); sub(/[ \t\r]+$/, "", v)
        P[k] = v
    }
    next
}
mode == "prov" && !/^#/ && !/^[ \t]*$/ { seen_data = 1; nrows++; next }

mode == "metric" && !/^#/ && NF >= 3 { load_metric_row(); next }

mode == "targets" && FILENAME == ARGV[1] && !/^#/ && NF >= 3 { load_metric_row(); next }
mode == "targets" && FILENAME != ARGV[1] && /^#/ {
    if (!thead_done) { h = $0; sub(/^#[ \t]*/, "", h); nh = split(h, hn, "\t"); for (i = 1; i <= nh; i++) tc[hn[i]] = i }
    next
}
mode == "targets" && FILENAME != ARGV[1] && !/^[ \t\r]*$/ {
    thead_done = 1
    sub(/\r$/, "")
    tname = ("target" in tc) ? $(tc["target"]) : $1
    if (tname == "all") {
        ALLP = $(tc["p"]); ALLLO = $(tc["ci_low"]); ALLHI = $(tc["ci_high"]); next
    }
    if (tname in seen_t) next          # files with several rows per target (target_years.tsv)
    tmet = ("metric" in tc) ? $(tc["metric"]) : tname
    if (only != "" && tmet != only) next
    seen_t[tname] = 1
    nt++
    TN[nt] = tname; TM[nt] = tmet
    TO[nt] = ("op" in tc) ? $(tc["op"]) : ""; TT[nt] = ("threshold" in tc) ? $(tc["threshold"]) : ""
    TY[nt] = ("year" in tc) ? $(tc["year"]) : ""
    TP[nt] = ("p" in tc) ? $(tc["p"]) : "nan"; TL[nt] = ("ci_low" in tc) ? $(tc["ci_low"]) : "nan"
    TH[nt] = ("ci_high" in tc) ? $(tc["ci_high"]) : "nan"
    next
}

END {
    if (mode == "prov") {
        scen = (label != "") ? label : (P["scenario"] != "" ? stem(P["scenario"]) : "")
        # "# runs: 10000 (first run 0)" -> 10000
        runs = P["runs"]; if (match(runs, /^[0-9]+/)) runs = substr(runs, 1, RLENGTH); else runs = ""
        P["runs"] = runs
        out = "P_SCEN = " q(scen) "; P_SCENFILE = " q(P["scenario"]) "; P_RUNS = " q(runs)
        out = out "; P_SEED = " q(P["seed"]) "; P_VERSION = " q(P["version"]) "; P_HASH = " q(P["scenario_hash"])
        out = out "; P_DATE = " q(P["date"]) "; P_NROWS = " (nrows + 0)
        foot = ""
        if (P["version"] != "") foot = "parksim " P["version"]
        if (P["scenario"] != "") foot = foot (foot != "" ? " · " : "") P["scenario"]
        if (P["scenario_hash"] != "") foot = foot (foot != "" ? " · " : "") lab("ui.hash") " " substr(P["scenario_hash"], 1, 12)
        if (P["seed"] != "") foot = foot (foot != "" ? " · " : "") lab("ui.seed") " " P["seed"]
        if (P["generator"] != "") foot = foot (foot != "" ? " · " : "") P["generator"]
        if (P["date"] != "") foot = foot (foot != "" ? " · " : "") P["date"]
        out = out "; P_FOOT = " q(foot)
        # an interrupted run: the charts must say so
        out = out "; P_WARN = " q(P["INTERRUPTED"] != "" ? sprintf(lab("ui.interrupted"), P["INTERRUPTED"]) : "")
        # runs with a thin space as thousands separator, e.g. "10 000"
        r = P["runs"]; rs = ""
        if (r ~ /^[0-9]+$/) { while (length(r) > 3) { rs = " " substr(r, length(r) - 2) rs; r = substr(r, 1, length(r) - 3) }; rs = r rs }
        out = out "; P_RUNS_S = " q(rs)
    } else if (mode == "metric") {
        lookup(name)
        out = "M_NAME = " q(name) "; M_TITLE = " q(L_TITLE) "; M_SHORT = " q(L_SHORT) "; M_UNIT = " q(L_UNIT)
        out = out "; M_SCALE = " (L_SCALE + 0) " * 1.0; M_KIND = " q(L_KIND)
        out = out "; M_PCT = " (L_KIND == "share" ? 1 : 0)
    } else if (mode == "targets") {
        out = "NT = " (nt + 0)
        if (nt > 0) {
            split("T_NAME T_METRIC T_OP T_COND T_DESC T_SHORT T_THR T_THRS T_YEAR T_P T_LO T_HI T_SCALE", an, " ")
            for (i = 1; i <= 13; i++) out = out "; array " an[i] "[" nt "]"
            tl = ""
            for (i = 1; i <= nt; i++) {
                lookup(TM[i])
                thrs = (TT[i] == "") ? "NaN" : TT[i] * L_SCALE
                cond = (TO[i] == "") ? "" : opsym(TO[i]) " " fmtnum(thrs) (L_KIND == "share" ? " %" : "")
                out = out "; T_NAME[" i "] = " q(TN[i]) "; T_METRIC[" i "] = " q(TM[i]) "; T_OP[" i "] = " q(TO[i])
                out = out "; T_COND[" i "] = " q(cond) "; T_DESC[" i "] = " q(L_SHORT (cond != "" ? " " cond : "")) "; T_SHORT[" i "] = " q(L_SHORT)
                out = out "; T_THR[" i "] = " num(TT[i], 1) "; T_THRS[" i "] = " num(TT[i], L_SCALE) "; T_YEAR[" i "] = " num(TY[i], 1)
                out = out "; T_P[" i "] = " num(TP[i], 100) "; T_LO[" i "] = " num(TL[i], 100) "; T_HI[" i "] = " num(TH[i], 100)
                out = out "; T_SCALE[" i "] = " (L_SCALE + 0) " * 1.0"
                tl = tl (i > 1 ? " " : "") TN[i]
            }
            out = out "; TLIST = " q(tl)
        } else out = out "; TLIST = ''"
        if (ALLP != "") out = out "; ALL_P = " (ALLP * 100) "; ALL_LO = " (ALLLO * 100) "; ALL_HI = " (ALLHI * 100)
        else out = out "; ALL_P = NaN; ALL_LO = NaN; ALL_HI = NaN"
    }
    print out
}
