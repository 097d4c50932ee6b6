/* draws.c — every random number of a run (engine/MODEL.md §2.1, §2.6, §4).
 *
 * Streams, each reseeded through ps_rng_select so that a run is a pure
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
 * a GSL sampler.
 */
#include "draws_int.h"

#include <math.h>

#include <gsl/gsl_randist.h>

#include "parksim/rng.h"

#include "model_int.h"

/* National AR(1) shock and regional shocks for every year of the run, and
 * the national shocks to R&D, services, productivity and entry (a stream of
 * their own, so adding them left the growth shocks unchanged). */
void ps_draw_macro_shocks(const ps_model *m, ps_workspace *ws, long run)
{
    const ps_scenario *sc = &m->sc;
    ps_rng_select(ws->rng, sc->run.seed, run, PS_STREAM_MACRO, 0, 0);
    double u = 0;
    ws->nat_shock[0] = 0;
    for (int y = 1; y < m->n_years; y++) {
        u = sc->shocks.national_ar * u + sc->shocks.national_sigma * gsl_ran_gaussian_ziggurat(ws->rng, 1.0);
        ws->nat_shock[y] = u;
        for (int r = 0; r < PS_REGION_COUNT; r++)
            ws->reg_shock[y * PS_REGION_COUNT + r] = gsl_ran_gaussian_ziggurat(ws->rng, 1.0);
    }
    ps_rng_select(ws->rng, sc->run.seed, run, PS_STREAM_MACRO, 1, 0);
    for (int y = 0; y < m->n_years * STATE_SHOCK_COUNT; y++)
        ws->state_shock[y] = gsl_ran_gaussian_ziggurat(ws->rng, 1.0);
}

void ps_draw_zone_year(const ps_model *m, ps_workspace *ws, long run, int i, int y, double *d)
{
    ps_rng_select(ws->rng, m->sc.run.seed, run, PS_STREAM_ZONE, m->zones[i]->id, y);
    for (int k = DRAW_GROWTH; k <= DRAW_SCORE; k++)
        d[k] = gsl_ran_gaussian_ziggurat(ws->rng, 1.0);
    d[DRAW_EXPAND] = gsl_rng_uniform(ws->rng);
    d[DRAW_SELECT] = gsl_rng_uniform_pos(ws->rng);
}

double ps_draw_entries(ps_workspace *ws, double mean) { return gsl_ran_poisson(ws->rng, mean); }

double ps_draw_exits(ps_workspace *ws, double p, unsigned n) { return gsl_ran_binomial(ws->rng, p, n); }

int ps_draw_upgrade_count(const ps_model *m, ps_workspace *ws, long run, int y)
{
    const ps_scenario *sc = &m->sc;
    if (sc->upgrade.rate <= 0)
        return 0;
    if (!sc->shocks.discrete_random)
        return (int)(floor(sc->upgrade.rate * y + 1e-9) - floor(sc->upgrade.rate * (y - 1) + 1e-9));
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
            ps_draw_zone_year(m, ws, run, i, y, d);
            if (sc->shocks.discrete_random) {
                checksum += ps_draw_entries(ws, sc->enterprises.entry_rate * z->enterprises);
                checksum += ps_draw_exits(ws, sc->enterprises.exit_rate, (unsigned)z->enterprises);
            }
            checksum += d[DRAW_GROWTH];
        }
        checksum += ps_draw_upgrade_count(m, ws, run, y);
    }
    return checksum;
}
