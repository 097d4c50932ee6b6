/* rng.h — where every random number of a run comes from.
 *
 * Common random numbers and reproducibility both rest on one rule: a random
 * stream is identified by (scenario seed, run index, purpose, a, b) and
 * nothing else — never by time, thread or MPI rank. Purposes separate macro
 * shocks, the yearly upgrade count and each zone-year, so that two scenarios
 * that differ in policy (and therefore upgrade different zones, or draw a
 * different number of variates in one zone) still share every other draw.
 *
 * GSL generators take seeds of at most 32 significant bits for the fast
 * types; the 64-bit mix below is folded to 32 bits. Distinct streams can
 * therefore coincide (birthday bound); that only pairs two unrelated
 * zone-years and is harmless for the statistics. See engine/MODEL.md.
 */
#ifndef PARKSIM_RNG_H
#define PARKSIM_RNG_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

typedef enum ps_stream {
    PS_STREAM_MACRO = 1,   /* national and regional shocks of a run */
    PS_STREAM_UPGRADE = 2, /* number of upgrades in a year (a = year index) */
    PS_STREAM_ZONE = 3,    /* one zone in one year (a = zone id, b = year index) */
    PS_STREAM_PARAMETER = 4, /* an uncertain setting's draw (a = ps_unc_key of its path) */
    PS_STREAM_SAMPLE_ROW = 5 /* the samples-file row of a run */
} ps_stream;

/* Seed for the stream (seed, run, purpose, a, b). Pure function. */
unsigned long ps_rng_stream_seed(unsigned long seed, long run, ps_stream purpose, long a, long b);

/* The same seed in two steps, for loops over many (a, b) of one run and
 * purpose: ps_rng_stream_seed(seed, run, purpose, a, b) ==
 * ps_rng_stream_seed_at(ps_rng_stream_prefix(seed, run, purpose), a, b). */
uint64_t ps_rng_stream_prefix(unsigned long seed, long run, ps_stream purpose);
unsigned long ps_rng_stream_seed_at(uint64_t prefix, long a, long b);

/* The full 64-bit key of the stream (prefix, a, b), before the fold to 32
 * bits that ps_rng_stream_seed_at makes: keys fastran's counter-based
 * streams (ps_fr_cb_start). Pure function. */
uint64_t ps_rng_stream_key_at(uint64_t prefix, long a, long b);

/* One step of every stream hash: h mixed with the next part x (SplitMix64's
 * finaliser of h ^ x plus its gamma: bijective, with good avalanche, so
 * neighbouring (run, zone, year) tuples give unrelated keys).
 * ps_rng_stream_key_at(prefix, a, b) ==
 * ps_rng_stream_mix(ps_rng_stream_mix(prefix, a), b): inline, so a loop over
 * a's can keep the first step and pay one mix per (a, b). */
static inline uint64_t ps_rng_stream_mix(uint64_t h, uint64_t x)
{
    uint64_t z = (h ^ x) + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* One uniform in (0, 1) for the stream (seed, run, purpose, key, b),
 * taken from the full 64-bit mix (53 bits, no fold to 32 bits), so it does
 * not depend on run.generator. Pure function. For draws made once per run
 * (uncertain settings, samples rows). */
double ps_rng_stream_uniform(unsigned long seed, long run, ps_stream purpose, uint64_t key, long b);

/* Reseed r for that stream. */
void ps_rng_select(gsl_rng *r, unsigned long seed, long run, ps_stream purpose, long a, long b);

/* The GSL generator type with that name ("taus2", "mt19937", ...) or NULL. */
const gsl_rng_type *ps_rng_type_from_name(const char *name);

#endif
