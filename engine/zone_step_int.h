/* zone_step_int.h — the equations of one zone-year (engine/MODEL.md §2.2–2.5).
 *
 * One function per equation, in the order ps_zone_step calls them. Each is
 * pure — its inputs in, the new value out, the scenario as a parameter — so a
 * test can check it against a number worked out by hand. Only ps_entries
 * and ps_exits draw (in discrete mode, from the zone-year stream of ws; ws
 * may be NULL in expectation mode), and ps_zone_step updates a zone in place.
 */
#ifndef PARKSIM_ZONE_STEP_INT_H
#define PARKSIM_ZONE_STEP_INT_H

#include <stdbool.h>

#include "model_int.h"

/* §1: state of a zone in the base year. */
void ps_zone_state_init(const ps_zone_base *z, zone_state *s);
/* §1: the base-year state corrected by the measurement factors of sc
 * (measurement.gdp_factor, .rd_factor, .enterprises_factor). */
void ps_base_measurement(const ps_scenario *sc, zone_state *s);

/* §2.2: potential growth g of a zone of that tier with ln GDP log_gdp, given
 * the tier's mean ln GDP, the national shock u, the region's standard normal
 * eta and the zone's standard normal xi. */
double ps_potential_growth(const ps_scenario *sc, const ps_zone_base *z, ps_tier tier, double log_gdp,
                           double mean_log_gdp, double national_shock, double regional_draw,
                           double zone_draw);
/* §2.2: potential GDP Y* = Y e^g. */
double ps_potential_gdp(double gdp, double g);

/* §2.3: next plot ratio; a zone above the ceiling keeps its ratio. */
double ps_plot_ratio(const ps_scenario *sc, double plot_ratio);
/* §2.3: next land productivity q' = (Y / B) (phi' / phi) (1 + tech gain). */
double ps_land_productivity(const ps_scenario *sc, double gdp, double land_built, double plot_ratio,
                            double plot_ratio_next);
/* §2.3: land needed n = Y* / q' - B (negative when the zone has spare land). */
double ps_land_needed(double gdp_potential, double land_productivity, double land_built);
/* §2.3: whether an expansion (扩区) is granted: only in discrete mode, only
 * when n exceeds the approved area left, with chance land.expansion_prob
 * (u is the zone-year's uniform). */
bool ps_expansion_granted(const ps_scenario *sc, double land_needed, double land_approved,
                          double land_built, double u);
/* §2.3: approved area after a granted expansion. */
double ps_expanded_area(const ps_scenario *sc, double land_approved);
/* §2.3: built land B' = B + max(0, min(n, supply cap, A' - B)). */
double ps_built_land(const ps_scenario *sc, double land_needed, double land_approved, double land_built);
/* §2.3: realised GDP Y' = min(Y*, q' B'). */
double ps_realised_gdp(double gdp_potential, double land_productivity, double land_built);
/* §2.3: whether land held Y' below Y* (beyond rounding). */
bool ps_land_limited(double gdp_realised, double gdp_potential);

/* §2.4: value-added ratio after its drift and shock, within its bounds. */
double ps_value_added(const ps_scenario *sc, double va, double zone_draw);
/* §2.4: R&D intensity moved toward the target of its tier and class. */
double ps_rd_intensity(const ps_scenario *sc, ps_tier tier, ps_class cls, double rd, double zone_draw,
                       double national_draw);
/* §2.4: labour productivity after a year's growth. */
double ps_productivity(const ps_scenario *sc, double prod, double zone_draw, double national_draw);
/* §2.4: services share moved toward the target of its tier, within [0, 1]. */
double ps_services_share(const ps_scenario *sc, ps_tier tier, double kis, double zone_draw,
                         double national_draw);

/* §2.5: the year's national factor exp(sigma_e u) on every zone's entry
 * rate: the same for all zones, so computed once a year (year_context). */
double ps_entry_shock(const ps_scenario *sc, double national_draw);
/* §2.5: entry rate given the zone's realised growth ln(Y'/Y) and the year's
 * ps_entry_shock, floored at 0. */
double ps_entry_rate(const ps_scenario *sc, double realised_growth, double entry_shock);
/* §2.5: entries N' ~ Poisson(e E), or e E in expectation mode. */
double ps_entries(const ps_scenario *sc, ps_workspace *ws, double entry_rate, double firms);
/* §2.5: exits X ~ Binomial(E, exit rate), or E x exit rate in expectation mode. */
double ps_exits(const ps_scenario *sc, ps_workspace *ws, double firms);
/* §2.5: enterprises E' = max(1, E + N' - X). */
double ps_enterprises(double firms, double entries, double exits);

/* Step zone i from year index y-1 to y in place, with the zone-year's
 * continuous variates d (DRAW_ order). */
void ps_zone_step(const ps_model *m, ps_workspace *ws, const year_context *yc, int i, int y,
                  const double *d);

#endif
