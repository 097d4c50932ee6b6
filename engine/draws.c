/* draws.c — every random number of a run (engine/MODEL.md §2.1, §2.6, §4).
 *
 * Streams, each reseeded from ps_rng_stream_seed so that a run is a pure
 * function of (scenario, data, run index):
 *   - the run's macro stream: national AR(1) and regional growth shocks;
 *     a second macro stream: the national shocks to R&D, services,
 *     productivity and entry;
 *   - one stream per zone and year: six normals and two uniforms, always, in
 *     the order of the DRAW_ enum, then the Poisson entries and binomial
 *     exits last;
 *   - one stream per year for the number of upgrades.
 * A zone-year draws the same variates whatever its state, so a policy change
 * never shifts another zone's or another year's numbers. No other file calls
 * a sampler.
 *
 * Two back ends, chosen from run.generator when the workspace is made
 * (ps_workspace_alloc; MODEL.md §4):
 *   - "taus2" (the default): the inline generator of fastran.h, seeded as
 *     gsl_rng_set seeds taus2, so its words and uniforms are GSL's; normals,
 *     Poisson and binomial come from fastran's exact samplers (ziggurat,
 *     PTRS, BTRD): same distributions as GSL's, other numbers;
 *   - any other GSL generator: the gsl_rng and GSL's samplers, except where
 *     GSL's unsigned int samplers cannot hold the count (LARGE_COUNT).
 * The negative binomial upgrade count (once a year) is GSL's in both.
 */
#include "draws_int.h"

#include <math.h>

#include <gsl/gsl_randist.h>

#include "parksim/fastran.h"
#include "parksim/rng.h"

#include "model_int.h"

/* Counts from LARGE_COUNT up do not go to GSL's Poisson and binomial, whose
 * results are unsigned int (a count above 2^32 wrapped, or hung the
 * binomial): they go to fastran's 64-bit samplers, run on a ps_fr_rng seeded
 * with the next word of the GSL stream. That is a deterministic function of
 * the stream, and exact in distribution. */
#define LARGE_COUNT 0x1p31

/* Beyond these, doubles no longer hold every integer and fastran's samplers
 * stop (fastran.h): the count is drawn from its normal approximation, whose
 * error in distribution (of order 1/sqrt(mean) < 1e-7 relative) is below the
 * spacing of doubles there. See MODEL.md §4. */
#define EXACT_POISSON_MAX 0x1p52
#define EXACT_BINOMIAL_MAX 0x1p53

void ps_draw_seed(ps_workspace *ws, unsigned long s)
{
    if (ws->fast_rng) {
        ps_fr_seed(&ws->fr, s);
        ps_fr_cb_start(&ws->cb, s);
    } else {
        gsl_rng_set(ws->rng, s);
    }
}

/* ps_rng_stream_key_at(zone_prefix, id, y) from zone i's first step
 * ps_rng_stream_mix(zone_prefix, id), kept in ws->zone_hash. */
static uint64_t zone_key(const ps_workspace *ws, int i, int y)
{
    return ps_rng_stream_mix(ws->zone_hash[i], (uint64_t)(long)y);
}

/* Select stream (seed, run, purpose, a, b) on the workspace's back end. */
static void select_stream(const ps_model *m, ps_workspace *ws, long run, ps_stream purpose, long a, long b)
{
    ps_draw_seed(ws, ps_rng_stream_seed(m->sc.run.seed, run, purpose, a, b));
}

static double draw_normal(ps_workspace *ws)
{
    return ws->fast_rng ? ps_fr_normal(&ws->fr) : gsl_ran_gaussian_ziggurat(ws->rng, 1.0);
}

/* A normal of the current zone-year stream (the approximations beyond exact
 * integers). */
static double draw_count_normal(ps_workspace *ws)
{
    return ws->fast_rng ? ps_fr_cb_normal(&ws->cb) : gsl_ran_gaussian_ziggurat(ws->rng, 1.0);
}

/* National AR(1) shock and regional shocks for every year of the run, and
 * the national shocks to R&D, services, productivity and entry (a stream of
 * their own, so adding them left the growth shocks unchanged). */
void ps_draw_macro_shocks(const ps_model *m, ps_workspace *ws, long run)
{
    const ps_scenario *sc = &m->sc;
    select_stream(m, ws, run, PS_STREAM_MACRO, 0, 0);
    double u = 0;
    ws->nat_shock[0] = 0;
    for (int y = 1; y < m->n_years; y++) {
        u = sc->shocks.national_ar * u + sc->shocks.national_sigma * draw_normal(ws);
        ws->nat_shock[y] = u;
        for (int r = 0; r < PS_REGION_COUNT; r++)
            ws->reg_shock[y * PS_REGION_COUNT + r] = draw_normal(ws);
    }
    select_stream(m, ws, run, PS_STREAM_MACRO, 1, 0);
    for (int y = 0; y < m->n_years * STATE_SHOCK_COUNT; y++)
        ws->state_shock[y] = draw_normal(ws);
    /* The (seed, run, purpose) part of every zone-year seed, hashed once. */
    ws->zone_prefix = ps_rng_stream_prefix(sc->run.seed, run, PS_STREAM_ZONE);
    /* And the (seed, run, purpose, zone) part of each zone's keys, once a
     * run rather than once a zone-year (fast back end; see zone_key). */
    if (ws->fast_rng)
        for (int i = 0; i < m->n_zones; i++)
            ws->zone_hash[i] = ps_rng_stream_mix(ws->zone_prefix, (uint64_t)(long)m->zones[i]->id);
}

void ps_draw_zone_year(const ps_model *m, ps_workspace *ws, int i, int y, double *d)
{
    if (ws->fast_rng) {
        /* The counter-based stream keyed by the 64-bit hash of (seed, run,
         * purpose, zone id, year): no 32-bit fold, no seeding. */
        ps_fr_cb *r = &ws->cb;
        ps_fr_cb_start(r, zone_key(ws, i, y));
        for (int k = DRAW_GROWTH; k <= DRAW_SCORE; k++)
            d[k] = ps_fr_cb_normal(r);
        d[DRAW_EXPAND] = ps_fr_cb_uniform(r);
        d[DRAW_SELECT] = ps_fr_cb_uniform_pos(r);
    } else {
        ps_draw_seed(ws, ps_rng_stream_seed_at(ws->zone_prefix, m->zones[i]->id, y));
        for (int k = DRAW_GROWTH; k <= DRAW_SCORE; k++)
            d[k] = gsl_ran_gaussian_ziggurat(ws->rng, 1.0);
        d[DRAW_EXPAND] = gsl_rng_uniform(ws->rng);
        d[DRAW_SELECT] = gsl_rng_uniform_pos(ws->rng);
    }
}

/* The fastran generator a large count is drawn from on the GSL back end. */
static ps_fr_rng *large_count_rng(ps_workspace *ws)
{
    ps_fr_seed(&ws->fr, gsl_rng_get(ws->rng));
    return &ws->fr;
}

double ps_draw_entries(ps_workspace *ws, double mean)
{
    if (!(mean > 0))
        return 0;
    if (mean >= EXACT_POISSON_MAX) {
        double z = draw_count_normal(ws);
        return fmax(0.0, round(mean + sqrt(mean) * z));
    }
    if (ws->fast_rng)
        return mean >= PS_FR_CF_MIN_VAR ? ps_fr_poisson_cf(mean, ps_fr_cb_normal(&ws->cb))
                                        : (double)ps_fr_cb_poisson(&ws->cb, mean);
    if (mean < LARGE_COUNT)
        return gsl_ran_poisson(ws->rng, mean);
    return (double)ps_fr_poisson(large_count_rng(ws), mean);
}

double ps_draw_exits(ps_workspace *ws, double p, double n)
{
    /* A count of firms: its whole part, as the (unsigned) cast took it. */
    n = floor(n);
    if (!(n >= 1) || !(p > 0))
        return 0;
    if (n >= EXACT_BINOMIAL_MAX) {
        double q = fmin(p, 1.0), z = draw_count_normal(ws);
        return fmin(n, fmax(0.0, round(n * q + sqrt(n * q * (1 - q)) * z)));
    }
    if (ws->fast_rng)
        return p < 1 && n * p * (1 - p) >= PS_FR_CF_MIN_VAR ? ps_fr_binomial_cf(n, p, ps_fr_cb_normal(&ws->cb))
                                                            : (double)ps_fr_cb_binomial(&ws->cb, p, (uint64_t)n);
    if (n < LARGE_COUNT)
        return gsl_ran_binomial(ws->rng, p, (unsigned)n);
    return (double)ps_fr_binomial(large_count_rng(ws), p, (uint64_t)n);
}

int ps_draw_upgrade_count(const ps_model *m, ps_workspace *ws, long run, int y)
{
    const ps_scenario *sc = &m->sc;
    if (sc->upgrade.n_schedule > 0) /* approvals decided: year y's count, no draw */
        return sc->upgrade.schedule[y - 1];
    if (sc->upgrade.rate <= 0)
        return 0;
    if (!sc->shocks.discrete_random)
        return (int)(floor(sc->upgrade.rate * y + 1e-9) - floor(sc->upgrade.rate * (y - 1) + 1e-9));
    /* Once a year: GSL's sampler on the gsl_rng, whatever the back end. */
    ps_rng_select(ws->rng, sc->run.seed, run, PS_STREAM_UPGRADE, y, 0);
    /* Negative binomial with mean rate and dispersion n: p = n / (n + rate). */
    double n = sc->upgrade.dispersion;
    return (int)gsl_ran_negative_binomial(ws->rng, n / (n + sc->upgrade.rate), n);
}

/* The same streams as ps_model_run, in the same order, with the discrete
 * draws' parameters taken from the base year. */
double ps_model_draws_only(const ps_model *m, ps_workspace *ws, long run)
{
    const ps_scenario *sc = &m->sc;
    double checksum = 0, d[DRAW_COUNT];
    ps_draw_macro_shocks(m, ws, run);
    for (int y = 1; y < m->n_years; y++) {
        for (int i = 0; i < m->n_zones; i++) {
            const ps_zone_base *z = m->zones[i];
            ps_draw_zone_year(m, ws, i, y, d);
            if (sc->shocks.discrete_random) {
                checksum += ps_draw_entries(ws, sc->enterprises.entry_rate * z->enterprises);
                checksum += ps_draw_exits(ws, sc->enterprises.exit_rate, z->enterprises);
            }
            checksum += d[DRAW_GROWTH];
        }
        checksum += ps_draw_upgrade_count(m, ws, run, y);
    }
    return checksum;
}
