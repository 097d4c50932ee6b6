/* fastran.h — exact random variates fast enough for the per-zone-year loop.
 *
 * GSL draws through function pointers and its Poisson sampler chains gamma
 * variates at the means parksim uses; this module gives the same generator
 * as a plain struct with inline access, and constant-time exact samplers:
 *
 *   ps_fr_rng       L'Ecuyer's taus2 (L'Ecuyer 1996, "Maximally equidistributed
 *                   combined Tausworthe generators", Math. Comp. 65:203-213),
 *                   seeded exactly as GSL's gsl_rng_set(taus2, s): the words,
 *                   ps_fr_uniform and ps_fr_uniform_pos are bit-identical to
 *                   gsl_rng_get / gsl_rng_uniform / gsl_rng_uniform_pos.
 *   ps_fr_normal    ziggurat (Marsaglia & Tsang 2000, J. Stat. Softw. 5(8)),
 *                   128 layers, with Doornik's (2005) remedy of index bits
 *                   disjoint from the value bits; 53-bit resolution.
 *   ps_fr_poisson   PTRS (Hörmann 1993, Insurance: Math. Econ. 12:39-45) for
 *                   mean >= 10, inversion by sequential search below.
 *   ps_fr_binomial  BTRD (Hörmann 1993, J. Stat. Comput. Simul. 46:101-110)
 *                   for n min(p,1-p) >= 10, inversion below; 64-bit n.
 *
 * All are exact in distribution up to double rounding (see engine/fastran.c
 * for the few places where that rounding enters). The normal is NOT GSL's
 * ziggurat stream: same distribution, different numbers.
 *
 * Thread safety: a ps_fr_rng is plain data owned by its caller; the samplers
 * touch only the state passed in and read-only tables.
 */
#ifndef PARKSIM_FASTRAN_H
#define PARKSIM_FASTRAN_H

#include <stdint.h>

/* taus2 state: three 32-bit Tausworthe components. Copy freely. */
typedef struct ps_fr_rng {
    uint32_t s1, s2, s3;
} ps_fr_rng;

/* Next 32-bit word, identical to gsl_rng_get on a GSL taus2. */
static inline uint32_t ps_fr_get(ps_fr_rng *r)
{
#define PS_FR_TAUS(s, a, b, c, d) ((((s) & (c)) << (d)) ^ ((((s) << (a)) ^ (s)) >> (b)))
    r->s1 = PS_FR_TAUS(r->s1, 13, 19, 4294967294u, 12);
    r->s2 = PS_FR_TAUS(r->s2, 2, 25, 4294967288u, 4);
    r->s3 = PS_FR_TAUS(r->s3, 3, 11, 4294967280u, 17);
#undef PS_FR_TAUS
    return r->s1 ^ r->s2 ^ r->s3;
}

/* Seed as gsl_rng_set(taus2, s) does (GSL random/taus.c): s = 0 means 1; an
 * LCG x -> 69069 x mod 2^32 fills the components, each lifted above the
 * minimum its recurrence needs (2, 8, 16), then six warm-up steps. */
static inline void ps_fr_seed(ps_fr_rng *r, unsigned long s)
{
    if (s == 0)
        s = 1;
    r->s1 = (uint32_t)(69069u * (uint32_t)s);
    if (r->s1 < 2)
        r->s1 += 2;
    r->s2 = (uint32_t)(69069u * r->s1);
    if (r->s2 < 8)
        r->s2 += 8;
    r->s3 = (uint32_t)(69069u * r->s2);
    if (r->s3 < 16)
        r->s3 += 16;
    for (int i = 0; i < 6; i++)
        (void)ps_fr_get(r);
}

/* [0,1) with 32-bit resolution, = gsl_rng_uniform on taus2. */
static inline double ps_fr_uniform(ps_fr_rng *r)
{
    return ps_fr_get(r) / 4294967296.0;
}

/* (0,1), = gsl_rng_uniform_pos on taus2 (redraws an exact 0). */
static inline double ps_fr_uniform_pos(ps_fr_rng *r)
{
    double x;
    do
        x = ps_fr_get(r) / 4294967296.0;
    while (x == 0);
    return x;
}

/* [0,1) with 53-bit resolution, from two words (first word high). */
static inline double ps_fr_uniform53(ps_fr_rng *r)
{
    uint64_t hi = ps_fr_get(r) >> 5, lo = ps_fr_get(r) >> 6;
    return (double)(int64_t)((hi << 26) | lo) * 0x1p-53; /* signed: one instruction */
}

/* ---- counter-based streams ------------------------------------------------
 *
 * ps_fr_cb: word j of a stream is SplitMix64's output function applied to
 * the counter key + (j + 1) gamma (G. L. Steele, D. Lea & C. H. Flood 2014,
 * "Fast splittable pseudorandom number generators", OOPSLA '14; the
 * finaliser is D. Stafford's "Mix13"); a stream is its 64-bit key, with
 * nothing to seed or warm up, and its words are independent computations (no
 * chain from one word to the next). parksim keys a zone-year stream by the
 * 64-bit hash of (seed, run, purpose, zone, year) (engine/rng.c). Streams are
 * windows of one Weyl sequence of period 2^64: two of the N streams of a
 * batch overlap with probability about N^2 L / 2^64 for L words a stream
 * (N = 2e9 zone-years of a million runs, L = 16: a few pairs, each pairing
 * two unrelated zone-years; with 32-bit taus2 seeds it was about N^2 / 2^33).
 * Philox4x64-10 (Salmon et al. 2011, "Parallel random numbers: as easy as
 * 1, 2, 3") was measured too: on this machine it cost more than reseeding
 * taus2 (40 ns to start a stream, tests/bench_fastran.c), SplitMix about 5.
 */
typedef struct ps_fr_cb {
    uint64_t state; /* key + j gamma after j words */
} ps_fr_cb;

#define PS_FR_CB_GAMMA 0x9e3779b97f4a7c15ULL

/* Start the stream of 64-bit key `key`. */
static inline void ps_fr_cb_start(ps_fr_cb *r, uint64_t key)
{
    r->state = key;
}

/* Next 64-bit word of the stream. */
static inline uint64_t ps_fr_cb_get(ps_fr_cb *r)
{
    uint64_t z = (r->state += PS_FR_CB_GAMMA);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* [0,1) with 53-bit resolution, one word. */
static inline double ps_fr_cb_uniform(ps_fr_cb *r)
{
    return (double)(int64_t)(ps_fr_cb_get(r) >> 11) * 0x1p-53;
}

/* (0,1): the centre of one of 2^53 equal cells, one word. */
static inline double ps_fr_cb_uniform_pos(ps_fr_cb *r)
{
    return ((double)(int64_t)(ps_fr_cb_get(r) >> 11) + 0.5) * 0x1p-53;
}

/* Ziggurat tables (engine/fastran.c). Layer i is picked with probability
 * 1/128: a point x = U edge[i] is accepted at once when x < edge[i+1]; layer
 * 0 is the base strip plus the tail beyond edge[1] = r. For i >= 1
 * dens[i] = exp(-edge[i]^2/2); dens[0] is unused. */
#define PS_FR_ZIG_LAYERS 128
extern const double ps_fr_zig_edge[PS_FR_ZIG_LAYERS + 1];
extern const double ps_fr_zig_dens[PS_FR_ZIG_LAYERS + 1];

/* The rare path of ps_fr_normal (wedge test, tail, fresh attempts); it
 * takes the rejected layer i, value x and sign. Not for direct use. */
double ps_fr_normal_slow(ps_fr_rng *r, unsigned i, double x, int negative);

/* Standard normal N(0,1). Two words per attempt: the low 7 bits of the
 * first pick the layer, bit 7 the sign, the other 53 bits the position. */
static inline double ps_fr_normal(ps_fr_rng *r)
{
    uint32_t lo = ps_fr_get(r), hi = ps_fr_get(r);
    unsigned i = lo & (PS_FR_ZIG_LAYERS - 1);
    double x = (double)(int64_t)(((uint64_t)hi << 21) | (lo >> 11)) * 0x1p-53 * ps_fr_zig_edge[i];
    if (x < ps_fr_zig_edge[i + 1])
        return (lo & 128u) ? -x : x;
    return ps_fr_normal_slow(r, i, x, (lo & 128u) != 0);
}

/* Poisson(mu). mu <= 0 or NaN gives 0; mu must stay below 2^52 (results
 * are exact integers in a double). Expected cost is bounded in mu. */
uint64_t ps_fr_poisson(ps_fr_rng *r, double mu);

/* Binomial(n, p): successes in n trials of probability p. p <= 0 (or NaN)
 * gives 0, p >= 1 gives n; n up to 2^53. Expected cost is bounded in n. */
uint64_t ps_fr_binomial(ps_fr_rng *r, double p, uint64_t n);

/* The rare path of ps_fr_cb_normal, as ps_fr_normal_slow. */
double ps_fr_cb_normal_slow(ps_fr_cb *r, unsigned i, double x, int negative);

/* Standard normal N(0,1) from one word: the low 7 bits pick the layer,
 * bit 7 the sign, the top 53 bits the position (the ziggurat above). */
static inline double ps_fr_cb_normal(ps_fr_cb *r)
{
    uint64_t w = ps_fr_cb_get(r);
    unsigned i = (unsigned)(w & (PS_FR_ZIG_LAYERS - 1));
    double x = (double)(int64_t)(w >> 11) * 0x1p-53 * ps_fr_zig_edge[i];
    if (__builtin_expect(x < ps_fr_zig_edge[i + 1], 1)) {
        /* The sign bit moved into place: no branch on a coin flip. */
        uint64_t bits;
        __builtin_memcpy(&bits, &x, sizeof bits);
        bits ^= (w & 128u) << 56;
        __builtin_memcpy(&x, &bits, sizeof x);
        return x;
    }
    return ps_fr_cb_normal_slow(r, i, x, (w & 128u) != 0);
}

/* ps_fr_poisson and ps_fr_binomial drawing from a counter-based stream:
 * the same methods, 53-bit uniforms throughout. */
uint64_t ps_fr_cb_poisson(ps_fr_cb *r, double mu);
uint64_t ps_fr_cb_binomial(ps_fr_cb *r, double p, uint64_t n);

/* ---- large counts: a corrected normal (engine/MODEL.md §4) ---------------
 *
 * A count of mean mu, variance v >= PS_FR_CF_MIN_VAR, third and fourth
 * cumulants k3 = c3 v and k4 = c4 v is drawn as round(x(Z)) from one
 * standard normal Z, where x is the Cornish-Fisher expansion to second order
 * (E. A. Cornish & R. A. Fisher 1937, Rev. Int. Stat. Inst. 5:307-320):
 *   x(z) = mu + s' [z + g1 (z^2-1)/6 + g2 (z^3-3z)/24 - g1^2 (2z^3-5z)/36],
 * g1 = k3/v^1.5, g2 = k4/v^2, with Sheppard's correction for rounding to
 * integers (W. F. Sheppard 1898), s'^2 = v - 1/12, to first order:
 * s' = sqrt(v) - 1/(24 sqrt(v)). Its total-variation
 * distance from the exact law, computed from GSL's pmf in
 * tests/test_fastran.c, is at most 6e-5 at the threshold (Poisson 50) and
 * falls as v^-1.5: 2e-5 at 100, 2e-6 at 500. Poisson: c3 = c4 = 1;
 * binomial(n, p): c3 = 1 - 2p, c4 = 1 - 6p(1-p). */
#define PS_FR_CF_MIN_VAR 50.0

/* x(z) above, unrounded (exposed for tests). Inline, as the two below, so
 * the model's draws compile into its loop. */
static inline double ps_fr_count_cf(double mu, double v, double c3, double c4, double z)
{
    /* x is increasing for |z| <= 12 whenever v >= 50 (tests/test_fastran.c);
     * beyond, where the cubic terms would turn it back, z is held at +-12:
     * a change of law of probability P(|Z| > 12) = 4e-33. One square root
     * and one division: s' = s - 1/(24 s) is Sheppard's sqrt(v - 1/12) to
     * first order (the next term, 1/(1152 v^1.5), is below 3e-6 from v = 50
     * on; the tests measure this formula as written). */
    z = z < -12 ? -12 : z > 12 ? 12 : z;
    double inv_s = 1 / __builtin_sqrt(v), s = v * inv_s, g1 = c3 * inv_s, g2 = c4 * inv_s * inv_s, z2 = z * z;
    return mu + (s - inv_s / 24) *
                    (z + g1 * (z2 - 1) / 6 + g2 * (z2 - 3) * z / 24 - g1 * g1 * (2 * z2 - 5) * z / 36);
}

/* Poisson(mu) for mu >= PS_FR_CF_MIN_VAR, from a standard normal z: the
 * rounded x(z), at least 0. (Comparisons rather than fmin/fmax, which GCC
 * leaves as libm calls.) */
static inline double ps_fr_poisson_cf(double mu, double z)
{
    double k = __builtin_floor(ps_fr_count_cf(mu, mu, 1, 1, z) + 0.5);
    return k > 0 ? k : 0;
}

/* Binomial(n, p) for n p (1-p) >= PS_FR_CF_MIN_VAR (n whole), from a
 * standard normal z: the rounded x(z), clamped to [0, n]. */
static inline double ps_fr_binomial_cf(double n, double p, double z)
{
    double v = n * p * (1 - p);
    double k = __builtin_floor(ps_fr_count_cf(n * p, v, 1 - 2 * p, 1 - 6 * p * (1 - p), z) + 0.5);
    return k < 0 ? 0 : k > n ? n : k;
}

/* log k! - [(k+1/2) log(k+1) - (k+1) + log(2 pi)/2], the Stirling-series
 * correction used by PTRS and BTRD (k >= 0 an integer). Exposed for tests. */
double ps_fr_stirling_tail(double k);

#endif
