#!/usr/bin/env python3
"""compare_outputs.py — do two parksim output sets agree within sampling error?

Usage: compare_outputs.py DIR_A DIR_B [--year YEAR]

For two `parksim run` output directories made from independent random
numbers (e.g. the same scenario run by two versions whose streams differ),
compares for every metric of summary.tsv (the year given, default the last)
the means, z = (mean_a - mean_b) / sqrt(se_a^2 + se_b^2), and for every
target of targets.tsv the probabilities, z from the two binomial standard
errors; and the standard deviations, z from se(sd) = sd sqrt((k + 2) / 4n)
(n = (sd / se)^2 runs, k the excess kurtosis from runs.tsv when both sets
hold it and the year is its year, else 0: normal theory, which understates
se(sd) for heavy-tailed metrics, so there a large z is a prompt to look,
not a verdict). When both directories hold runs.tsv (the per-run values of the
last year), every metric's whole distribution is also compared: two-sample
Kolmogorov-Smirnov, asymptotic p-value (conservative for metrics with
ties, i.e. counts); p below 6e-7 fails like |z| > 5. Under agreement each z is about N(0,1): prints every |z| above 3,
the largest |z|, and how many |z| > 3 were expected by chance (0.27 % of the
comparisons). Exit status 1 if any |z| exceeds 5 (p < 6e-7 per comparison),
else 0. Cells whose standard errors are both zero must be equal exactly.
"""
import math
import os
import sys


def rows(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            yield line.rstrip("\n").split("\t")


def summary(d, year):
    out = {}
    for r in rows(d + "/summary.tsv"):
        if year is None or r[1] == year:
            out[(r[0], r[1])] = (float(r[2]), float(r[4]), float(r[3]))
    if year is None:
        last = max(k[1] for k in out)
        out = {k: v for k, v in out.items() if k[1] == last}
    return out


def targets(d):
    out = {}
    for r in rows(d + "/targets.tsv"):
        n, p = float(r[5]), float(r[7])
        out[r[0]] = (p, n)
    return out


def runs_columns(d):
    """Per-run values of runs.tsv by column name, or None without the file."""
    path = d + "/runs.tsv"
    if not os.path.exists(path):
        return None
    names, cols = None, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                names = line[1:].strip().split("\t")
                continue
            if not line.strip():
                continue
            if cols is None:
                cols = {n: [] for n in names}
            for n, v in zip(names, line.rstrip("\n").split("\t")):
                cols[n].append(float(v))
    return cols


def ks_two_sample(x, y):
    """Kolmogorov-Smirnov D and its asymptotic p-value (Smirnov's series)."""
    x, y = sorted(x), sorted(y)
    n, m = len(x), len(y)
    i = j = 0
    d = 0.0
    while i < n and j < m:
        v = min(x[i], y[j])
        while i < n and x[i] == v:
            i += 1
        while j < m and y[j] == v:
            j += 1
        d = max(d, abs(i / n - j / m))
    lam = (math.sqrt(n * m / (n + m)) + 0.12 + 0.11 / math.sqrt(n * m / (n + m))) * d
    if lam < 1e-3:
        return d, 1.0
    if lam < 1.18:  # the other form of the Kolmogorov distribution converges here
        cdf = math.sqrt(2 * math.pi) / lam * sum(
            math.exp(-((2 * k - 1) ** 2) * math.pi ** 2 / (8 * lam * lam)) for k in range(1, 101))
        p = 1 - cdf
    else:
        p = 2 * sum((-1) ** (k - 1) * math.exp(-2 * k * k * lam * lam) for k in range(1, 101))
    return d, min(1.0, max(0.0, p))


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    a, b = argv[1], argv[2]
    year = argv[argv.index("--year") + 1] if "--year" in argv else None
    zs, worst = [], 0.0
    sa, sb = summary(a, year), summary(b, year)
    ra, rb = runs_columns(a), runs_columns(b)

    def kurtosis(cols, name, key_year):
        last = max(k[1] for k in sa)
        if not cols or name not in cols or key_year != last:
            return 0.0
        x = cols[name]
        m = sum(x) / len(x)
        v = sum((t - m) ** 2 for t in x) / len(x)
        return sum((t - m) ** 4 for t in x) / len(x) / v ** 2 - 3 if v > 0 else 0.0

    for k in sorted(sa):
        ma, ea, da = sa[k]
        mb, eb, db = sb[k]
        se = math.hypot(ea, eb)
        if se == 0:
            z = 0.0 if ma == mb else math.inf
        else:
            z = (ma - mb) / se
        zs.append(abs(z))
        if abs(z) > 3:
            print(f"summary {k[0]} {k[1]}: {ma:.6g} vs {mb:.6g}, z = {z:+.2f}")
        if ea > 0 and eb > 0:
            na, nb = (da / ea) ** 2, (db / eb) ** 2
            ka, kb = kurtosis(ra, k[0], k[1]), kurtosis(rb, k[0], k[1])
            z = (da - db) / math.hypot(da * math.sqrt((ka + 2) / (4 * na)), db * math.sqrt((kb + 2) / (4 * nb)))
            zs.append(abs(z))
            if abs(z) > 3:
                print(f"summary {k[0]} {k[1]} sd: {da:.6g} vs {db:.6g}, z = {z:+.2f}")
    ta, tb = targets(a), targets(b)
    for t in sorted(ta):
        pa, na = ta[t]
        pb, nb = tb[t]
        se = math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
        z = (pa - pb) / se if se > 0 else (0.0 if pa == pb else math.inf)
        zs.append(abs(z))
        print(f"target {t}: p {pa:.4f} vs {pb:.4f}, z = {z:+.2f}")
    worst = max(zs)
    big = sum(z > 3 for z in zs)
    print(f"{len(zs)} comparisons: max |z| = {worst:.2f}; |z| > 3: {big} "
          f"(expected by chance {0.0027 * len(zs):.2f})")
    failed = worst > 5
    if ra and rb:
        ps = []
        for name in ra:
            if name == "run" or name not in rb:
                continue
            d, p = ks_two_sample(ra[name], rb[name])
            ps.append((p, name, d))
            if p < 0.0027:
                print(f"runs {name}: Kolmogorov-Smirnov D = {d:.4f}, p = {p:.2g}")
        low = min(ps)
        print(f"{len(ps)} distributions (runs.tsv): smallest p = {low[0]:.3g} ({low[1]}); "
              f"p < 0.0027: {sum(p < 0.0027 for p, _, _ in ps)} (expected by chance {0.0027 * len(ps):.2f})")
        failed = failed or low[0] < 6e-7
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
