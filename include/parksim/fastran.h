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

/* log k! - [(k+1/2) log(k+1) - (k+1) + log(2 pi)/2], the Stirling-series
 * correction used by PTRS and BTRD (k >= 0 an integer). Exposed for tests. */
double ps_fr_stirling_tail(double k);

#endif
