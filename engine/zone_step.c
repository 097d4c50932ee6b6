/* zone_step.c — one zone, one year: the equations of engine/MODEL.md §2.2–2.5.
 *
 * Each equation is its own pure function, named after the step in MODEL.md;
 * ps_zone_step calls them in the model's order. Floating-point sums are not
 * associative, so every expression keeps the operand order it has always had:
 * the outputs of a scenario are byte-for-byte those of earlier versions.
 */
#include "zone_step_int.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_math.h>

static double clamp(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

void ps_zone_state_init(const ps_zone_base *z, zone_state *s)
{
    memset(s, 0, sizeof *s);
    s->gdp = z->gdp;
    s->log_gdp = log(z->gdp);
    s->va = z->va_ratio;
    s->rd = z->rd_intensity;
    s->prod = z->productivity;
    s->firms = z->enterprises;
    s->new_firms = z->new_firms;
    s->kis = z->kis_share;
    s->land_approved = z->land_approved;
    s->land_built = z->land_built;
    s->plot_ratio = z->plot_ratio;
    s->tier = z->tier;
}

/* §1: what the base year's weakly published figures may be off by. GDP
 * (a secondary source) scales GDP with revenue and employees as published,
 * so the value-added ratio and productivity scale with it; R&D intensity
 * (2014's "about 4 000 亿") and the enterprise count (an assumption) scale
 * alone. A factor of exactly 1 leaves the state untouched, bit for bit. */
void ps_base_measurement(const ps_scenario *sc, zone_state *s)
{
    double f = sc->measurement.gdp_factor;
    if (f != 1.0) {
        s->gdp *= f;
        s->log_gdp = log(s->gdp);
        s->va *= f;
        s->prod *= f;
    }
    if (sc->measurement.rd_factor != 1.0)
        s->rd *= sc->measurement.rd_factor;
    if (sc->measurement.enterprises_factor != 1.0)
        s->firms *= sc->measurement.enterprises_factor;
}

/* ---- §2.2 potential growth ------------------------------------------------ */

/* Trend, class/region/demo effects, convergence to the tier's mean size, and
 * the three levels of shocks. */
double ps_potential_growth(const ps_scenario *sc, const ps_zone_base *z, ps_tier tier, double log_gdp,
                           double mean_log_gdp, double national_shock, double regional_draw,
                           double zone_draw)
{
    bool national = tier == PS_TIER_NATIONAL;
    return sc->growth.mu + sc->policy.growth + sc->growth.region_effect[z->region] +
           (national ? sc->growth.class_effect[z->cls] : sc->growth.provincial_effect) +
           (z->demo ? sc->growth.demo_effect : 0) -
           sc->growth.convergence * (log_gdp - mean_log_gdp) + national_shock +
           sc->shocks.regional_sigma * regional_draw +
           sc->shocks.zone_sigma * zone_draw;
}

double ps_potential_gdp(double gdp, double g) { return gdp * exp(g); }

/* ---- §2.3 land ------------------------------------------------------------- */

/* Denser building raises output per hectare, up to a ceiling. */
double ps_plot_ratio(const ps_scenario *sc, double plot_ratio)
{
    return GSL_MAX(plot_ratio, GSL_MIN(sc->land.plot_ratio_max,
                                       plot_ratio + sc->land.plot_ratio_gain + sc->policy.plot_ratio_gain));
}

double ps_land_productivity(const ps_scenario *sc, double gdp, double land_built, double plot_ratio,
                            double plot_ratio_next)
{
    return gdp / land_built * (plot_ratio_next / plot_ratio) * (1 + sc->land.tech_gain);
}

double ps_land_needed(double gdp_potential, double land_productivity, double land_built)
{
    return gdp_potential / land_productivity - land_built;
}

/* Expansion (扩区) is demand-driven: only a zone whose approved area cannot
 * hold this year's need applies, and is granted with a chance. */
bool ps_expansion_granted(const ps_scenario *sc, double land_needed, double land_approved,
                          double land_built, double u)
{
    return sc->shocks.discrete_random && land_needed > land_approved - land_built &&
           u < sc->land.expansion_prob;
}

double ps_expanded_area(const ps_scenario *sc, double land_approved)
{
    return land_approved * (1 + sc->land.expansion_share);
}

/* New land is limited by the approved area left and by the yearly supply cap. */
double ps_built_land(const ps_scenario *sc, double land_needed, double land_approved, double land_built)
{
    double supply_cap = sc->land.supply_cap * sc->policy.land_supply_factor * land_built;
    double new_land = GSL_MAX(0.0, GSL_MIN(land_needed, GSL_MIN(supply_cap, land_approved - land_built)));
    return land_built + new_land;
}

double ps_realised_gdp(double gdp_potential, double land_productivity, double land_built)
{
    return GSL_MIN(gdp_potential, land_productivity * land_built);
}

/* The tolerance keeps a zone whose land exactly fits from counting as limited. */
bool ps_land_limited(double gdp_realised, double gdp_potential)
{
    return gdp_realised < gdp_potential * (1 - 1e-12);
}

/* ---- §2.4 value added, R&D, productivity, services ------------------------ */

double ps_value_added(const ps_scenario *sc, double va, double zone_draw)
{
    return clamp(va + sc->value_added.drift + sc->value_added.sigma * zone_draw, sc->value_added.min,
                 sc->value_added.max);
}

double ps_rd_intensity(const ps_scenario *sc, ps_tier tier, ps_class cls, double rd, double zone_draw,
                       double national_draw)
{
    double target = (tier == PS_TIER_NATIONAL ? sc->rd.target[cls] : sc->rd.target_provincial) +
                    sc->policy.rd_uplift;
    return clamp(rd + sc->rd.kappa * (target - rd) + sc->rd.sigma * zone_draw +
                     sc->rd.sigma_national * national_draw,
                 0, sc->rd.max);
}

double ps_productivity(const ps_scenario *sc, double prod, double zone_draw, double national_draw)
{
    return prod * exp(sc->productivity.growth + sc->productivity.sigma * zone_draw +
                      sc->productivity.sigma_national * national_draw);
}

double ps_services_share(const ps_scenario *sc, ps_tier tier, double kis, double zone_draw,
                         double national_draw)
{
    double target = (tier == PS_TIER_NATIONAL ? sc->kis.target : sc->kis.target_provincial) +
                    sc->policy.kis_uplift;
    return clamp(kis + sc->kis.kappa * (target - kis) + sc->kis.sigma * zone_draw +
                     sc->kis.sigma_national * national_draw,
                 0, 1);
}

/* ---- §2.5 enterprises ------------------------------------------------------ */

/* Entries respond to the zone's realised growth, so land limits and shocks
 * reach enterprise formation. */
double ps_entry_shock(const ps_scenario *sc, double national_draw)
{
    return exp(sc->enterprises.entry_sigma_national * national_draw);
}

double ps_entry_rate(const ps_scenario *sc, double realised_growth, double entry_shock)
{
    double rate = (sc->enterprises.entry_rate + sc->policy.entry_boost) *
                  (1 + sc->enterprises.entry_growth_elasticity * (realised_growth - sc->growth.mu)) *
                  entry_shock;
    return GSL_MAX(rate, 0.0);
}

double ps_entries(const ps_scenario *sc, ps_workspace *ws, double entry_rate, double firms)
{
    if (sc->shocks.discrete_random)
        return ps_draw_entries(ws, entry_rate * firms);
    return entry_rate * firms;
}

double ps_exits(const ps_scenario *sc, ps_workspace *ws, double firms)
{
    if (sc->shocks.discrete_random)
        return ps_draw_exits(ws, sc->enterprises.exit_rate, firms);
    return sc->enterprises.exit_rate * firms;
}

double ps_enterprises(double firms, double entries, double exits) { return GSL_MAX(firms + entries - exits, 1.0); }

/* ---- the step -------------------------------------------------------------- */

void ps_zone_step(const ps_model *m, ps_workspace *ws, const year_context *yc, int i, int y,
                  const double *d)
{
    const ps_scenario *sc = &m->sc;
    const ps_zone_base *z = m->zones[i];
    zone_state *s = &ws->state[i];
    const double *common = &ws->state_shock[y * STATE_SHOCK_COUNT];

    double g = ps_potential_growth(sc, z, s->tier, s->log_gdp, yc->mean_log_gdp[s->tier], ws->nat_shock[y],
                                   ws->reg_shock[y * PS_REGION_COUNT + z->region], d[DRAW_GROWTH]);
    if (m->prov.any_effect) /* growth.province_effect: a term of g (MODEL.md §2.2) */
        g += m->prov.zone_effect[i];
    double gdp_potential = ps_potential_gdp(s->gdp, g);

    double plot_ratio = ps_plot_ratio(sc, s->plot_ratio);
    double land_productivity = ps_land_productivity(sc, s->gdp, s->land_built, s->plot_ratio, plot_ratio);
    double land_needed = ps_land_needed(gdp_potential, land_productivity, s->land_built);
    s->expanded = ps_expansion_granted(sc, land_needed, s->land_approved, s->land_built, d[DRAW_EXPAND]);
    if (s->expanded)
        s->land_approved = ps_expanded_area(sc, s->land_approved);
    s->land_built = ps_built_land(sc, land_needed, s->land_approved, s->land_built);
    s->plot_ratio = plot_ratio;

    double gdp = ps_realised_gdp(gdp_potential, land_productivity, s->land_built);
    s->land_limited = ps_land_limited(gdp, gdp_potential);
    /* ln Y' is ln Y + g unless land cut growth: no log() for most zones. */
    double log_gdp = s->land_limited ? log(gdp) : s->log_gdp + g;
    double realised_growth = log_gdp - s->log_gdp;
    s->growth_potential = g;
    s->gdp = gdp;
    s->log_gdp = log_gdp;

    s->va = ps_value_added(sc, s->va, d[DRAW_VA]);
    s->rd = ps_rd_intensity(sc, s->tier, z->cls, s->rd, d[DRAW_RD], common[SHOCK_RD]);
    s->prod = ps_productivity(sc, s->prod, d[DRAW_PROD], common[SHOCK_PROD]);
    s->kis = ps_services_share(sc, s->tier, s->kis, d[DRAW_KIS], common[SHOCK_KIS]);

    /* The two discrete draws come last in the zone-year stream (draws.c). */
    double entry_rate = ps_entry_rate(sc, realised_growth, yc->entry_shock);
    double entries = ps_entries(sc, ws, entry_rate, s->firms);
    double exits = ps_exits(sc, ws, s->firms);
    s->new_firms = entries;
    s->firms = ps_enterprises(s->firms, entries, exits);
}
