/* draws_int.h — every random draw of a run, in one place (engine/draws.c).
 *
 * The rest of the model never calls a GSL sampler: it asks here. That keeps
 * the draw order of every stream visible in one file (common random numbers
 * rest on it, see engine/MODEL.md §4) and lets the samplers be replaced
 * without touching the equations.
 */
#ifndef PARKSIM_DRAWS_INT_H
#define PARKSIM_DRAWS_INT_H

#include "parksim/model.h"

/* Continuous variates of one zone-year, in draw order. */
enum {
    DRAW_GROWTH,
    DRAW_VA,
    DRAW_RD,
    DRAW_PROD,
    DRAW_KIS,
    DRAW_SCORE,
    DRAW_EXPAND, /* uniform */
    DRAW_SELECT, /* uniform: upgrade key or demotion */
    DRAW_COUNT
};

/* Seed ws's generator (the fastran taus2 or the gsl_rng, whichever the
 * workspace draws from) with s, as gsl_rng_set does. For tests; the model
 * selects its streams itself. */
void ps_draw_seed(ps_workspace *ws, unsigned long s);

/* National shocks to the zone states other than GDP, one each per year. */
enum { SHOCK_RD, SHOCK_KIS, SHOCK_PROD, SHOCK_ENTRY, STATE_SHOCK_COUNT };

/* Fill ws->nat_shock, ws->reg_shock and ws->state_shock for every year of
 * run `run` (§2.1), and take the run's zone-stream prefix: call it first in
 * every run, before ps_draw_zone_year. */
void ps_draw_macro_shocks(const ps_model *m, ps_workspace *ws, long run);

/* Reseed ws's generator for zone i in year index y of the run whose macro
 * shocks were drawn last, and fill d[DRAW_COUNT]
 * with its continuous variates. The stream stays selected: the discrete
 * draws of the same zone-year (ps_draw_entries, ps_draw_exits) follow. */
void ps_draw_zone_year(const ps_model *m, ps_workspace *ws, int i, int y, double *d);

/* Poisson(mean) entries and Binomial(floor(n), p) exits from the current
 * stream. Counts are doubles: exact integers up to 2^52 (entries) and 2^53
 * (exits), a normal approximation beyond (MODEL.md §4); never wrapped. */
double ps_draw_entries(ps_workspace *ws, double mean);
double ps_draw_exits(ps_workspace *ws, double p, double n);

/* Number of provincial zones upgraded into year index y (§2.6): negative
 * binomial from the year's upgrade stream, or its deterministic expectation
 * path when shocks.discrete_random is off. */
int ps_draw_upgrade_count(const ps_model *m, ps_workspace *ws, long run, int y);

#endif
