/* aggregate.c — sums over zones: the statistics of year t that every zone's
 * step needs, the metrics of a year (national zones only, engine/MODEL.md
 * §3), the base-year values every run starts from, and the targets.
 */
#include "aggregate_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_math.h>

#include "upgrades_int.h"
#include "zone_step_int.h"

#include "parksim/province.h"

static bool counts_in_aggregates(const ps_model *m, const ps_zone_base *z, const zone_state *s)
{
    return s->tier == PS_TIER_NATIONAL && (!z->sip || m->sc.run.include_sip);
}

void ps_count_city_hosts(const ps_model *m, const zone_state *state, int *hosts)
{
    memset(hosts, 0, sizeof *hosts * (size_t)m->n_cities);
    for (int i = 0; i < m->n_zones; i++)
        if (state[i].tier == PS_TIER_NATIONAL)
            hosts[m->city[i]]++;
}

void ps_year_statistics(const ps_model *m, zone_state *state, year_context *yc)
{
    double sum[PS_TIER_COUNT] = {0}, n[PS_TIER_COUNT] = {0};
    double pool_gdp = 0, pool_rd = 0;
    bool demotion = ps_demotion_active(&m->sc);
    yc->n_eligible = 0;
    for (int i = 0; i < m->n_zones; i++) {
        zone_state *s = &state[i];
        double log_gdp = s->log_gdp;
        sum[s->tier] += log_gdp;
        n[s->tier] += 1;
        /* ln R&D of every zone ps_rank_zone will score: computed once here. */
        if (ps_upgrade_eligible(&m->sc, s->tier, s->gdp)) {
            s->log_rd = ps_log_rd(s->rd);
            pool_gdp += log_gdp;
            pool_rd += s->log_rd;
            yc->n_eligible++;
        } else if (demotion && s->tier == PS_TIER_NATIONAL) {
            s->log_rd = ps_log_rd(s->rd);
        }
    }
    for (int t = 0; t < PS_TIER_COUNT; t++)
        yc->mean_log_gdp[t] = n[t] > 0 ? sum[t] / n[t] : 0;
    yc->pool_log_gdp = yc->n_eligible ? pool_gdp / yc->n_eligible : 0;
    yc->pool_log_rd = yc->n_eligible ? pool_rd / yc->n_eligible : 0;
}

/* Sums over national zones, turned into the metrics of one year. */
void ps_aggregate(const ps_model *m, const zone_state *state, const int *hosts, int upgrades, int demotions,
                  double base_productivity, double *out)
{
    double zones_by_region[PS_REGION_COUNT] = {0}, gdp_by_region[PS_REGION_COUNT] = {0};
    double rd_by_region[PS_REGION_COUNT] = {0};
    double zones = 0, gdp = 0, revenue = 0, over_1000 = 0, rd = 0, employees = 0;
    double firms = 0, new_firms = 0, kis = 0, built = 0, floor = 0, limited = 0;
    for (int i = 0; i < m->n_zones; i++) {
        const zone_state *s = &state[i];
        if (!counts_in_aggregates(m, m->zones[i], s))
            continue;
        ps_region r = m->zones[i]->region;
        double zone_revenue = s->gdp / s->va;
        zones += 1;
        zones_by_region[r] += 1;
        gdp += s->gdp;
        gdp_by_region[r] += s->gdp;
        revenue += zone_revenue;
        over_1000 += zone_revenue > 1000.0;
        rd += s->rd * s->gdp;
        rd_by_region[r] += s->rd * s->gdp;
        employees += s->gdp / s->prod;
        firms += s->firms;
        new_firms += s->new_firms;
        kis += s->kis * s->gdp;
        built += s->land_built;
        floor += s->plot_ratio * s->land_built;
        limited += s->land_limited;
    }
    int covered = 0;
    for (int c = 0; c < m->n_cities; c++)
        covered += hosts[c] > 0;
    double productivity = employees > 0 ? gdp / employees : 0;

    out[PS_M_NATIONAL_ZONES] = zones;
    out[PS_M_ZONES_EAST] = zones_by_region[PS_REGION_EAST];
    out[PS_M_ZONES_CENTRAL] = zones_by_region[PS_REGION_CENTRAL];
    out[PS_M_ZONES_WEST] = zones_by_region[PS_REGION_WEST];
    out[PS_M_ZONES_NORTHEAST] = zones_by_region[PS_REGION_NORTHEAST];
    out[PS_M_UPGRADES] = upgrades;
    out[PS_M_DEMOTIONS] = demotions;
    out[PS_M_GDP] = gdp;
    out[PS_M_GDP_EAST] = gdp_by_region[PS_REGION_EAST];
    out[PS_M_GDP_CENTRAL] = gdp_by_region[PS_REGION_CENTRAL];
    out[PS_M_GDP_WEST] = gdp_by_region[PS_REGION_WEST];
    out[PS_M_GDP_NORTHEAST] = gdp_by_region[PS_REGION_NORTHEAST];
    out[PS_M_REVENUE] = revenue;
    out[PS_M_ZONES_OVER_1000] = over_1000;
    out[PS_M_RD_EXPENDITURE] = rd;
    out[PS_M_RD_INTENSITY] = gdp > 0 ? rd / gdp : 0;
    for (int r = 0; r < PS_REGION_COUNT; r++)
        out[PS_M_RD_INTENSITY_EAST + r] = gdp_by_region[r] > 0 ? rd_by_region[r] / gdp_by_region[r] : 0;
    out[PS_M_EMPLOYEES] = employees;
    out[PS_M_LABOUR_PRODUCTIVITY] = productivity;
    out[PS_M_PRODUCTIVITY_GROWTH] = base_productivity > 0 ? productivity / base_productivity - 1 : 0;
    out[PS_M_ENTERPRISES] = firms;
    out[PS_M_NEW_FIRMS] = new_firms;
    out[PS_M_NEW_FIRM_SHARE] = firms > 0 ? new_firms / firms : 0;
    out[PS_M_KIS_SHARE] = gdp > 0 ? kis / gdp : 0;
    out[PS_M_BUILT_LAND] = built;
    out[PS_M_PLOT_RATIO] = built > 0 ? floor / built : 0;
    /* GDP is in 1e8 CNY, land productivity is reported in 1e4 CNY per ha. */
    out[PS_M_LAND_PRODUCTIVITY] = built > 0 ? gdp / built * 1e4 : 0;
    out[PS_M_LAND_LIMITED] = limited;
    out[PS_M_CITY_COVERAGE] = (double)covered / m->sc.run.prefecture_cities;
}

/* The base year's `upgrades` are the zones approved that year (SIP aside). */
void ps_base_aggregate(const ps_model *m, const zone_state *state, int *hosts, double *out)
{
    int approved_in_base_year = 0;
    for (int i = 0; i < m->n_zones; i++)
        approved_in_base_year += m->zones[i]->tier == PS_TIER_NATIONAL &&
                                 m->zones[i]->approved == m->sc.run.base_year && !m->zones[i]->sip;
    ps_count_city_hosts(m, state, hosts);
    ps_aggregate(m, state, hosts, approved_in_base_year, 0, 0, out);
    out[PS_M_PRODUCTIVITY_GROWTH] = 0;
}

int ps_base_values(ps_model *m)
{
    int *hosts = calloc((size_t)m->n_cities + 1, sizeof *hosts);
    if (!hosts)
        return -1;
    ps_base_aggregate(m, m->initial, hosts, m->base);
    free(hosts);
    return 0;
}

void ps_evaluate_targets(const ps_model *m, ps_run_result *res)
{
    const ps_scenario *sc = &m->sc;
    int ny = m->n_years;
    for (int t = 0; t < sc->n_targets; t++) {
        const ps_target *tg = &sc->targets[t];
        res->first_met[t] = 0;
        for (int y = 0; y < ny; y++) {
            int p = m->prov.target[t]; /* a target by province reads provinces (province.c) */
            double value = p < 0 ? res->values[tg->metric * ny + y]
                                 : ps_province_target_value(&m->prov, res, tg->metric, p, y);
            bool holds = ps_cmp_holds(tg->op, value, tg->threshold);
            res->holds[t * ny + y] = holds;
            if (holds && y >= 1 && res->first_met[t] == 0)
                res->first_met[t] = y;
        }
        res->met[t] = res->holds[t * ny + (tg->year - sc->run.base_year)];
    }
}
