# mock_parksim.awk — a toy stand-in for parksim that writes small, realistic,
# self-consistent example outputs in parksim's file formats, so the plot scripts can be
# developed and tested without the engine. NOT the parksim model: an aggregate toy with
# roughly the right 2015 levels (146 zones, GDP 8.1 trillion CNY, R&D 5.7 %, ...) and
# common random numbers (run r sees the same draws in every scenario / sweep point).
# Deterministic (own Park-Miller generator), so mawk and gawk give the same files.
#
#   awk -f mock_parksim.awk -v mode=run     -v runs=400 -v outdir=DIR [-v upg=13.1] [-v uplift=0]
#       writes DIR/summary.tsv targets.tsv target_years.tsv first_year.tsv runs.tsv
#   awk -f mock_parksim.awk -v mode=compare -v runs=400 -v outdir=DIR
#       writes DIR/compare.tsv for plan / faster_upgrades / rd_push
#   awk -f mock_parksim.awk -v mode=sweep   -v runs=300 -v outdir=DIR -v keys=K1[,K2] -v grids=a:b:s[,a:b:s]
#       keys among upgrade.rate and policy.rd_uplift; writes DIR/sweep.tsv
# Run via plots/examples/generate.sh.

function rnd() { seedv = (16807 * seedv) % 2147483647; return seedv / 2147483647 }
function nrm(   a, b) { a = rnd(); b = rnd(); return sqrt(-2 * log(a)) * cos(6.283185307179586 * b) }
function poisinv(lam, u,    k, p, c) {     # Poisson by inversion from one uniform (fixed draw count)
    if (lam <= 0) return 0
    if (lam > 200) return int(lam + sqrt(lam) * 0 + 0.5)
    k = 0; p = exp(-lam); c = p
    while (u > c && k < 1000) { k++; p = p * lam / k; c += p }
    return k
}
function gamma_wh(shape, z,   t) {         # Wilson-Hilferty gamma(shape,1) from one normal
    t = 1 - 1 / (9 * shape) + z * sqrt(1 / (9 * shape))
    if (t < 0) t = 0
    return shape * t * t * t
}
function rint(x) { return (x < 0) ? -int(-x + 0.5) : int(x + 0.5) }

# metric list (order = parksim's)
function setup_metrics(   s) {
    s = "national_zones national_zones_east national_zones_central national_zones_west national_zones_northeast "
    s = s "upgrades demotions gdp gdp_east gdp_central gdp_west gdp_northeast revenue zones_revenue_over_1000 "
    s = s "rd_expenditure rd_intensity rd_intensity_east rd_intensity_central rd_intensity_west rd_intensity_northeast "
    s = s "employees labour_productivity productivity_growth enterprises new_firms new_firm_share kis_share "
    s = s "built_land plot_ratio land_productivity land_limited_zones city_coverage"
    NM = split(s, MN, " ")
    NT = split("national_zones rd_intensity new_firm_share kis_share productivity_growth", TGT, " ")
    split(">= >= >= > >=", TOP, " "); split("240 0.065 0.15 0.25 0.60", TTH, " ")
    NR = split("east central west northeast", REG, " ")
}

# simulate `runs` runs with parameters upg (mean approvals per year) and uplift (R&D target
# uplift); fills V[m, year, run] for years 2015..2020
function simulate(upg, uplift,    r, t, i, u, lam, U, D, Ur, sh, g, Yold, z, pi, drift, rdt, e, N, E, kis, Y, Yr, rdr, Z, Zr, p, p0, C, built, pr, o1000, rd, rev, L, ll, sumY, sumD, k) {
    split("0.38 0.24 0.26 0.12", sh, " ")
    for (r = 1; r <= runs; r++) {
        seedv = 1000003 * r % 2147483647 + 12345          # same draws for run r everywhere
        for (i = 0; i < 5; i++) rnd()
        Z = 146; Zr[1] = 67; Zr[2] = 37; Zr[3] = 29; Zr[4] = 13
        Yr[1] = 48600; Yr[2] = 15390; Yr[3] = 11340; Yr[4] = 5670
        rdr[1] = 0.062; rdr[2] = 0.050; rdr[3] = 0.048; rdr[4] = 0.045
        p0 = 81000 / 1719; p = p0; E = 1300000; N = 190000; kis = 0.22
        C = 135; built = 500000; pr = 1.00; o1000 = 63; u = 0
        pi = 0.074 + 0.012 * nrm(); drift = 1 + 0.6 * nrm(); rdt = 0.0685 + 0.006 * nrm()
        U = 31; D = 0
        for (t = 2015; t <= 2020; t++) {
            if (t > 2015) {
                u = 0.5 * u + 0.018 * nrm()
                lam = upg * gamma_wh(1.3, nrm()) / 1.3
                U = poisinv(lam, rnd()); if (U > 60) U = 60
                D = (rnd() < 0.12) ? 1 : 0
                Ur[1] = rint(U * sh[1]); Ur[2] = rint(U * sh[2]); Ur[3] = rint(U * sh[3])
                Ur[4] = U - Ur[1] - Ur[2] - Ur[3]; if (Ur[4] < 0) { Ur[3] += Ur[4]; Ur[4] = 0 }
                Z += U - D; Zr[1] -= D
                for (i = 1; i <= 4; i++) {
                    Zr[i] += Ur[i]
                    g = 0.078 + u + 0.012 * nrm() + (i == 3 ? 0.012 : 0) + (i == 4 ? -0.025 : 0)
                    Yold = Yr[i] * exp(g)
                    rdr[i] += 0.16 * (rdt + uplift - rdr[i]) + 0.0012 * nrm()
                    Yr[i] = Yold + 110 * Ur[i]
                    rdr[i] = (rdr[i] * Yold + 0.028 * 110 * Ur[i]) / Yr[i]
                }
                p = p * exp(pi + 0.012 * nrm() + 0.5 * u)
                e = 0.152 + 0.0035 * (t - 2015) * drift + 0.006 * nrm()
                N = e * E; E = E * 0.9 + N
                kis += 0.2 * (0.256 - kis) + 0.005 * nrm()
                o1000 += poisinv(4 + 60 * u, rnd())
                built = built * exp(0.028 + 0.004 * nrm()) + 900 * U
                pr += 0.012 + 0.004 * nrm()
                C += rint(0.7 * U)
            }
            sumY = 0; sumD = 0
            for (i = 1; i <= 4; i++) { sumY += Yr[i]; sumD += rdr[i] * Yr[i] }
            rd = sumD / sumY; L = sumY / p
            ll = 18 + 3 * (t - 2015) + rint(2 * (Z - 146) / 40)
            k = 0
            V[MN[++k], t, r] = Z
            for (i = 1; i <= 4; i++) V[MN[++k], t, r] = Zr[i]
            V[MN[++k], t, r] = U; V[MN[++k], t, r] = (t > 2015) ? D : 0
            V[MN[++k], t, r] = sumY
            for (i = 1; i <= 4; i++) V[MN[++k], t, r] = Yr[i]
            V[MN[++k], t, r] = sumY / 0.319; V[MN[++k], t, r] = o1000
            V[MN[++k], t, r] = sumD; V[MN[++k], t, r] = rd
            for (i = 1; i <= 4; i++) V[MN[++k], t, r] = rdr[i]
            V[MN[++k], t, r] = L; V[MN[++k], t, r] = p; V[MN[++k], t, r] = p / p0 - 1
            V[MN[++k], t, r] = E; V[MN[++k], t, r] = N; V[MN[++k], t, r] = N / E
            V[MN[++k], t, r] = kis; V[MN[++k], t, r] = built; V[MN[++k], t, r] = pr
            V[MN[++k], t, r] = sumY * 1e4 / built; V[MN[++k], t, r] = ll; V[MN[++k], t, r] = C / 291
        }
    }
}

function holds(j, t, r,   v) {
    v = V[TGT[j], t, r]
    return (TOP[j] == ">=") ? (v >= TTH[j] - 1e-12) : (v > TTH[j])
}

function wilson(k, n,   z, ph, d, c, h) {
    z = 1.959963985; ph = k / n; d = 1 + z * z / n
    c = (ph + z * z / (2 * n)) / d
    h = z * sqrt(ph * (1 - ph) / n + z * z / (4 * n * n)) / d
    WL = c - h; WH = c + h; if (WL < 0) WL = 0; if (WH > 1) WH = 1
}

function qsort(A, lo, hi,   gap, i, j, tmp) {   # shell sort (mawk has a small recursion stack)
    for (gap = int((hi - lo + 1) / 2); gap > 0; gap = int(gap / 2))
        for (i = lo + gap; i <= hi; i++) {
            tmp = A[i]
            for (j = i; j - gap >= lo && A[j - gap] > tmp; j -= gap) A[j] = A[j - gap]
            A[j] = tmp
        }
}
function quant(A, n, q,   h, lo) { h = (n - 1) * q; lo = int(h); return (lo + 1 < n) ? A[lo + 1] + (h - lo) * (A[lo + 2] - A[lo + 1]) : A[n] }

function prov(f, scen, hash) {
    printf "# parksim 0.1.0 (mock: plots/examples/mock_parksim.awk)\n" > f
    if (scen != "") printf "# scenario: %s\n", scen > f
    if (hash != "") printf "# scenario_hash: %s\n", hash > f
    printf "# seed: 20170414\n# runs: %d (first run 0)\n# generator: taus2\n# threads: 2\n# date: 2026-11-25T04:40:00Z\n", runs > f
}
function fmtv(x) { return sprintf("%.6g", x) }

function write_run(   f, m, t, r, j, n, A, s, s2, mean, sd, sep, met, first, cnt, k, byk, yr) {
    HASH = "9f3c2a7d41b0e8c5a16f2d3e4b5c6d7e8f901a2b"
    # summary.tsv
    f = outdir "/summary.tsv"; prov(f, scen, HASH)
    printf "# metric\tyear\tmean\tsd\tse\tp05\tp25\tp50\tp75\tp95\n" > f
    for (m = 1; m <= NM; m++) {
        if (m > 1) printf "\n\n" > f
        for (t = 2015; t <= 2020; t++) {
            s = 0; s2 = 0
            for (r = 1; r <= runs; r++) { A[r] = V[MN[m], t, r]; s += A[r] }
            mean = s / runs
            for (r = 1; r <= runs; r++) s2 += (A[r] - mean) ^ 2
            sd = sqrt(s2 / (runs - 1)); if (sd < 1e-9 * (mean < 0 ? -mean : mean)) sd = 0
            qsort(A, 1, runs)
            printf "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", MN[m], t, fmtv(mean), fmtv(sd), fmtv(sd / sqrt(runs)), \
                fmtv(quant(A, runs, .05)), fmtv(quant(A, runs, .25)), fmtv(quant(A, runs, .5)), fmtv(quant(A, runs, .75)), fmtv(quant(A, runs, .95)) > f
        }
    }
    close(f)
    # targets.tsv
    f = outdir "/targets.tsv"; prov(f, scen, HASH)
    printf "# target\tmetric\top\tthreshold\tyear\truns\tmet\tp\tci_low\tci_high\n" > f
    cnt = 0
    for (r = 1; r <= runs; r++) { met = 1; for (j = 1; j <= NT; j++) if (!holds(j, 2020, r)) met = 0; cnt += met }
    for (j = 1; j <= NT; j++) {
        k = 0; for (r = 1; r <= runs; r++) k += holds(j, 2020, r)
        wilson(k, runs)
        printf "%s\t%s\t%s\t%s\t2020\t%d\t%d\t%.4f\t%.4f\t%.4f\n", TGT[j], TGT[j], TOP[j], TTH[j], runs, k, k / runs, WL, WH > f
    }
    wilson(cnt, runs)
    printf "all\t-\t-\t-\t2020\t%d\t%d\t%.4f\t%.4f\t%.4f\n", runs, cnt, cnt / runs, WL, WH > f
    close(f)
    # target_years.tsv and first_year.tsv
    f = outdir "/target_years.tsv"; prov(f, scen, HASH)
    printf "# target\tyear\tp_holds\tci_low\tci_high\tp_met_by\n" > f
    for (j = 1; j <= NT; j++) {
        if (j > 1) printf "\n\n" > f
        for (r = 1; r <= runs; r++) FY[j, r] = "never"
        for (t = 2016; t <= 2020; t++) {
            k = 0; byk = 0
            for (r = 1; r <= runs; r++) { if (holds(j, t, r)) { k++; if (FY[j, r] == "never") FY[j, r] = t }; if (FY[j, r] != "never") byk++ }
            wilson(k, runs)
            printf "%s\t%d\t%.4f\t%.4f\t%.4f\t%.4f\n", TGT[j], t, k / runs, WL, WH, byk / runs > f
        }
    }
    close(f)
    f = outdir "/first_year.tsv"; prov(f, scen, HASH)
    printf "# target\tfirst_year\truns\tshare\n" > f
    for (j = 1; j <= NT; j++) {
        for (t = 2016; t <= 2021; t++) {
            yr = (t == 2021) ? "never" : t; k = 0
            for (r = 1; r <= runs; r++) if (FY[j, r] == yr) k++
            printf "%s\t%s\t%d\t%.4f\n", TGT[j], yr, k, k / runs > f
        }
    }
    close(f)
    # runs.tsv
    f = outdir "/runs.tsv"; prov(f, scen, HASH)
    printf "# run" > f
    for (m = 1; m <= NM; m++) printf "\t%s", MN[m] > f
    for (j = 1; j <= NT; j++) printf "\tmet_%s", TGT[j] > f
    printf "\n" > f
    for (r = 1; r <= runs; r++) {
        printf "%d", r - 1 > f
        for (m = 1; m <= NM; m++) printf "\t%s", fmtv(V[MN[m], 2020, r]) > f
        for (j = 1; j <= NT; j++) printf "\t%d", holds(j, 2020, r) > f
        printf "\n" > f
    }
    close(f)
}

# met flags for the current V into MET[s, j, r] (j = NT+1: all)
function record_met(s,   r, j, all) {
    for (r = 1; r <= runs; r++) {
        all = 1
        for (j = 1; j <= NT; j++) { MET[s, j, r] = holds(j, 2020, r); if (!MET[s, j, r]) all = 0 }
        MET[s, NT + 1, r] = all
    }
}

function write_compare(   f, s, NS, lab, ups, upl, j, r, k, d, sd, md, tn) {
    NS = split("plan faster_upgrades rd_push", lab, " ")
    split("13.1 20 13.1", ups, " "); split("0 0 0.006", upl, " ")
    for (s = 1; s <= NS; s++) { simulate(ups[s] + 0, upl[s] + 0); record_met(s) }
    f = outdir "/compare.tsv"; prov(f, "", "")
    printf "# scenarios: scenarios/plan.cfg scenarios/faster_upgrades.cfg scenarios/rd_push.cfg\n" > f
    printf "# scenario\tlabel\ttarget\truns\tp\tci_low\tci_high\tdiff\tdiff_low\tdiff_high\n" > f
    for (s = 1; s <= NS; s++) {
        for (j = 1; j <= NT + 1; j++) {
            tn = (j <= NT) ? TGT[j] : "all"
            k = 0; md = 0
            for (r = 1; r <= runs; r++) { k += MET[s, j, r]; md += MET[s, j, r] - MET[1, j, r] }
            md /= runs; sd = 0
            for (r = 1; r <= runs; r++) sd += (MET[s, j, r] - MET[1, j, r] - md) ^ 2
            sd = sqrt(sd / (runs - 1)) / sqrt(runs)
            wilson(k, runs)
            if (s == 1) printf "scenarios/%s.cfg\t%s\t%s\t%d\t%.4f\t%.4f\t%.4f\t0\t0\t0\n", lab[s], lab[s], tn, runs, k / runs, WL, WH > f
            else printf "scenarios/%s.cfg\t%s\t%s\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\n", lab[s], lab[s], tn, runs, k / runs, WL, WH, md, md - 1.96 * sd, md + 1.96 * sd > f
        }
    }
    close(f)
}

function write_sweep(   f, nk, K, G, a, b, st, n1, n2, i1, i2, v1, v2, upg, upl, j, k, r, pt) {
    nk = split(keys, K, ","); split(grids, G, ",")
    split(G[1], a, ":"); n1 = rint((a[2] - a[1]) / a[3]) + 1
    if (nk > 1) { split(G[2], b, ":"); n2 = rint((b[2] - b[1]) / b[3]) + 1 } else n2 = 1
    f = outdir "/sweep.tsv"; prov(f, "scenarios/plan.cfg", "9f3c2a7d41b0e8c5a16f2d3e4b5c6d7e8f901a2b")
    for (i1 = 1; i1 <= nk; i1++) printf "# vary: %s=%s\n", K[i1], G[i1] > f
    printf "# point" > f
    for (i1 = 1; i1 <= nk; i1++) printf "\t%s", K[i1] > f
    for (j = 1; j <= NT + 1; j++) { tn = (j <= NT) ? TGT[j] : "all"; printf "\tp_%s\tlo_%s\thi_%s", tn, tn, tn > f }
    printf "\n" > f
    pt = 0
    for (i1 = 0; i1 < n1; i1++) {
        if (i1 > 0) printf "\n" > f
        for (i2 = 0; i2 < n2; i2++) {
            v1 = a[1] + i1 * a[3]; v2 = (nk > 1) ? b[1] + i2 * b[3] : 0
            upg = 13.1; upl = 0
            if (K[1] == "upgrade.rate") upg = v1; else upl = v1
            if (nk > 1) { if (K[2] == "upgrade.rate") upg = v2; else upl = v2 }
            simulate(upg, upl); record_met(1)
            printf "%d\t%s", pt++, fmtv(v1) > f
            if (nk > 1) printf "\t%s", fmtv(v2) > f
            for (j = 1; j <= NT + 1; j++) {
                k = 0; for (r = 1; r <= runs; r++) k += MET[1, j, r]
                wilson(k, runs); printf "\t%.4f\t%.4f\t%.4f", k / runs, WL, WH > f
            }
            printf "\n" > f
        }
    }
    close(f)
}

BEGIN {
    if (runs == "") runs = 400
    if (upg == "") upg = 13.1
    if (uplift == "") uplift = 0
    if (scen == "") scen = "scenarios/plan.cfg"
    setup_metrics()
    if (mode == "run") { simulate(upg + 0, uplift + 0); write_run() }
    else if (mode == "compare") write_compare()
    else if (mode == "sweep") write_sweep()
    else { print "mock_parksim.awk: mode must be run, compare or sweep" > "/dev/stderr"; exit 2 }
}
