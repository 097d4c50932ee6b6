/* fastran_samplers.h — the bodies of fastran's samplers, written once for
 * both of its generators (the taus2 ps_fr_rng and the counter-based
 * ps_fr_cb): engine/fastran.c includes this file twice, each time with
 *   FR_T        the generator type,
 *   FR_NAME(f)  the public name of sampler f, FR_LOCAL(f) a static helper's,
 *   FR_U53(r)   a uniform on [0,1) with 53 bits,
 *   FR_UACC(r)  the uniform of an acceptance test (32 bits on taus2),
 *   FR_ATTEMPT(r, i, negative, x)  a fresh ziggurat attempt,
 * defined (the way GSL's templates_on.h instantiates one source per type).
 * No function pointer: each instantiation is plain code on its own type.
 * Sources and exactness: engine/fastran.c. Not a header of its own module:
 * included by fastran.c only. */

/* Rare path of the ziggurat (about 1.2 % of calls): the wedge of layer i
 * between edge[i+1] and edge[i], or the tail beyond r for layer 0; on a
 * rejection, fresh attempts exactly as the inline fast path makes them. */
double FR_NAME(normal_slow)(FR_T *r, unsigned i, double x, int negative)
{
    const double rr = ps_fr_zig_edge[1];
    for (;;) {
        if (i == 0) {
            /* Marsaglia 1964: r + t with t ~ Exp(r), kept with probability
             * exp(-t^2/2); 1 - U keeps log away from 0. */
            double t, y;
            do {
                t = -log1p(-FR_U53(r)) / rr;
                y = -log1p(-FR_U53(r));
            } while (y + y <= t * t);
            return negative ? -(rr + t) : rr + t;
        }
        double y = ps_fr_zig_dens[i] + FR_U53(r) * (ps_fr_zig_dens[i + 1] - ps_fr_zig_dens[i]);
        if (y < exp(-0.5 * x * x))
            return negative ? -x : x;
        FR_ATTEMPT(r, i, negative, x);
        if (x < ps_fr_zig_edge[i + 1])
            return negative ? -x : x;
    }
}

/* Sequential search from k = 0: the least k with U < P(X <= k). If rounding
 * leaves the sum short of U once the terms vanish, draw again (probability
 * of order 1e-16). Used for mu < 10: about mu + 1 steps. */
static uint64_t FR_LOCAL(poisson_inversion)(FR_T *r, double mu)
{
    double p0 = exp(-mu);
    for (;;) {
        double u = FR_U53(r), p = p0, k = 0;
        while (u >= p && p > 0) {
            u -= p;
            k += 1;
            p *= mu / k;
        }
        if (u < p)
            return (uint64_t)k;
    }
}

/* PTRS, Hörmann 1993, for mu >= 10: transformed rejection with squeeze
 * (about 1.1 attempts; about 3 in 4 calls return from the squeeze). */
static uint64_t FR_LOCAL(poisson_ptrs)(FR_T *r, double mu)
{
    double b = 0.931 + 2.53 * sqrt(mu), a = -0.059 + 0.02483 * b, vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
        double u = FR_U53(r) - 0.5, v = FR_UACC(r), us = 0.5 - fabs(u);
        double k = floor((2 * a / us + b) * u + mu + 0.43);
        if (us >= 0.07 && v <= vr)
            return (uint64_t)k;
        if (k < 0 || (us < 0.013 && v > us))
            continue;
        /* log(0) = -inf for v = 0 accepts, as the paper's test does. */
        double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
        if (log(v * inv_alpha / (a / (us * us) + b)) <= poisson_log_pmf(k, mu))
            return (uint64_t)k;
    }
}

uint64_t FR_NAME(poisson)(FR_T *r, double mu)
{
    if (!(mu > 0))
        return 0;
    return mu < 10 ? FR_LOCAL(poisson_inversion)(r, mu) : FR_LOCAL(poisson_ptrs)(r, mu);
}

/* Sequential search for n p < 10, p <= 1/2: P(0) = (1-p)^n, then the ratio
 * P(k)/P(k-1) = ((n+1)/k - 1) p/(1-p). Redraws as poisson_inversion does. */
static double FR_LOCAL(binomial_inversion)(FR_T *r, double p, double n)
{
    double s = p / (1 - p), a = (n + 1) * s, p0 = exp(n * log1p(-p));
    for (;;) {
        double u = FR_U53(r), px = p0, k = 0;
        while (u >= px && px > 0 && k < n) {
            u -= px;
            k += 1;
            px *= a / k - s;
        }
        if (u < px)
            return k;
    }
}

/* BTRD, Hörmann 1993, for n p >= 10, p <= 1/2. Steps 1-3.4 as in the paper;
 * h (step 3.3) only when step 3.4 is reached. */
static double FR_LOCAL(binomial_btrd)(FR_T *r, double p, double n)
{
    double q = 1 - p, m = floor((n + 1) * p), rr = p / q, nr = (n + 1) * rr;
    double npq = n * p * q, spq = sqrt(npq);
    double b = 1.15 + 2.53 * spq, a = -0.0873 + 0.0248 * b + 0.01 * p, c = n * p + 0.5;
    double inv_b = 1 / b, alpha = (2.83 + 5.1 * inv_b) * spq, vr = 0.92 - 4.2 * inv_b;
    double urvr = 0.86 * vr, inv_vr = 1 / vr;
    double h = NAN, nm = n - m + 1;
    for (;;) {
        double u, v = FR_U53(r); /* step 1 */
        if (v <= urvr) {
            u = v * inv_vr - 0.43;
            return floor((2 * a / (0.5 - fabs(u)) + b) * u + c);
        }
        if (v >= vr) { /* step 2 */
            u = FR_U53(r) - 0.5;
        } else {
            u = v * inv_vr - 0.93;
            u = copysign(0.5, u) - u;
            v = FR_UACC(r) * vr;
        }
        double us = 0.5 - fabs(u), k = floor((2 * a / us + b) * u + c); /* step 3.0 */
        if (!(k >= 0 && k <= n))
            continue;
        v = v * alpha / (a / (us * us) + b);
        double km = fabs(k - m);
        if (km <= 15) { /* step 3.1: f(k)/f(m) by recursion */
            /* The paper's factors nr/i - rr, as (nr - rr i)/i with the
             * numerators and denominators multiplied apart: no division.
             * At most 15 factors, each below 2^53: no overflow. */
            /* Comparisons for fmin/fmax (libm calls here): m and k are
             * whole, neither NaN; k may be -0 where m is +0, and then
             * either gives the same i and the same bound. */
            double num = 1, den = 1, lo = m < k ? m : k, hi = m < k ? k : m;
            for (double i = lo + 1; i <= hi; i++) {
                num *= nr - rr * i;
                den *= i;
            }
            if (m < k ? v * den <= num : v * num <= den)
                return k;
            continue;
        }
        v = log(v); /* step 3.2: squeeze */
        double rho = (km / npq) * (((km / 3 + 0.625) * km + 1.0 / 6) / npq + 0.5);
        double t = -km * km / (2 * npq);
        if (v < t - rho)
            return k;
        if (v > t + rho)
            continue;
        if (isnan(h)) /* step 3.3 */
            h = (m + 0.5) * log((m + 1) / (rr * nm)) + ps_fr_stirling_tail(m) +
                ps_fr_stirling_tail(n - m);
        /* step 3.4; log(nm/nk) as log1p((k-m)/nk), exact for large n */
        double nk = n - k + 1;
        if (v <= h + (n + 1) * log1p((k - m) / nk) + (k + 0.5) * log(nk * rr / (k + 1)) -
                      ps_fr_stirling_tail(k) - ps_fr_stirling_tail(n - k))
            return k;
    }
}

uint64_t FR_NAME(binomial)(FR_T *r, double p, uint64_t n)
{
    if (!(p > 0) || n == 0)
        return 0;
    if (p >= 1)
        return n;
    /* Symmetry: draw failures when p > 1/2 (1 - p is exact there). */
    int flip = p > 0.5;
    double pp = flip ? 1 - p : p, nd = (double)n;
    double k = nd * pp < 10 ? FR_LOCAL(binomial_inversion)(r, pp, nd) : FR_LOCAL(binomial_btrd)(r, pp, nd);
    return flip ? n - (uint64_t)k : (uint64_t)k;
}
