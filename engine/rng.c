/* rng.c — stream seeds derived from (seed, run, purpose, a, b); see rng.h. */
#include "parksim/rng.h"

#include <stdint.h>
#include <string.h>

/* SplitMix64's finaliser (rng.h: ps_rng_stream_mix). */
static uint64_t mix64(uint64_t z) { return ps_rng_stream_mix(z, 0); }

uint64_t ps_rng_stream_prefix(unsigned long seed, long run, ps_stream purpose)
{
    uint64_t h = mix64((uint64_t)seed);
    h = mix64(h ^ (uint64_t)run);
    return mix64(h ^ (uint64_t)purpose);
}

uint64_t ps_rng_stream_key_at(uint64_t prefix, long a, long b)
{
    return ps_rng_stream_mix(ps_rng_stream_mix(prefix, (uint64_t)a), (uint64_t)b);
}

unsigned long ps_rng_stream_seed_at(uint64_t prefix, long a, long b)
{
    uint64_t h = ps_rng_stream_key_at(prefix, a, b);
    /* Fold to 32 bits: GSL's fast generators use only the low 32 bits. */
    return (unsigned long)((h >> 32) ^ (h & 0xffffffffULL));
}

unsigned long ps_rng_stream_seed(unsigned long seed, long run, ps_stream purpose, long a, long b)
{
    return ps_rng_stream_seed_at(ps_rng_stream_prefix(seed, run, purpose), a, b);
}

double ps_rng_stream_uniform(unsigned long seed, long run, ps_stream purpose, uint64_t key, long b)
{
    /* The same chain as a stream seed, without the fold to 32 bits. */
    uint64_t h = mix64(ps_rng_stream_prefix(seed, run, purpose) ^ key);
    h = mix64(h ^ (uint64_t)b);
    return ((double)(h >> 11) + 0.5) * 0x1p-53; /* the centre of one of 2^53 cells */
}

void ps_rng_select(gsl_rng *r, unsigned long seed, long run, ps_stream purpose, long a, long b)
{
    gsl_rng_set(r, ps_rng_stream_seed(seed, run, purpose, a, b));
}

const gsl_rng_type *ps_rng_type_from_name(const char *name)
{
    for (const gsl_rng_type **t = gsl_rng_types_setup(); *t; t++)
        if (strcmp((*t)->name, name) == 0)
            return *t;
    return NULL;
}
