#!/usr/bin/env python3
"""compare_outputs.py — do two parksim output sets agree within sampling error?

Usage: compare_outputs.py DIR_A DIR_B [--year YEAR]

For two `parksim run` output directories made from independent random
numbers (e.g. the same scenario run by two versions whose streams differ),
compares for every metric of summary.tsv (the year given, default the last)
the means, z = (mean_a - mean_b) / sqrt(se_a^2 + se_b^2), and for every
target of targets.tsv the probabilities, z from the two binomial standard
errors. Under agreement each z is about N(0,1): prints every |z| above 3,
the largest |z|, and how many |z| > 3 were expected by chance (0.27 % of the
comparisons). Exit status 1 if any |z| exceeds 5 (p < 6e-7 per comparison),
else 0. Cells whose standard errors are both zero must be equal exactly.
"""
import math
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
            out[(r[0], r[1])] = (float(r[2]), float(r[4]))
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


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    a, b = argv[1], argv[2]
    year = argv[argv.index("--year") + 1] if "--year" in argv else None
    zs, worst = [], 0.0
    sa, sb = summary(a, year), summary(b, year)
    for k in sorted(sa):
        ma, ea = sa[k]
        mb, eb = sb[k]
        se = math.hypot(ea, eb)
        if se == 0:
            z = 0.0 if ma == mb else math.inf
        else:
            z = (ma - mb) / se
        zs.append(abs(z))
        if abs(z) > 3:
            print(f"summary {k[0]} {k[1]}: {ma:.6g} vs {mb:.6g}, z = {z:+.2f}")
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
    return 1 if worst > 5 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
