/* aggregate.c — sums over zones: the statistics of year t that every zone's
 * step needs, the metrics of a year (national zones only, engine/MODEL.md
 * §3), the base-year values every run starts from, and the targets.
 */
#include "aggregate_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_math.h>

#include "province_int.h"
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

/* Each sum below is a sum over zones in zone order: ps_aggregate (the base
 * year) and ps_year_end add zone by zone with the same per-zone step
 * (sums_add), so their metrics are the same doubles. */

typedef struct stat_sums {
    double sum[PS_TIER_COUNT], n[PS_TIER_COUNT];
    double pool_gdp, pool_rd;
    int n_eligible;
    bool demotion;
} stat_sums;

static inline void stats_add(const ps_model *m, stat_sums *a, zone_state *s)
{
    double log_gdp = s->log_gdp;
    a->sum[s->tier] += log_gdp;
    a->n[s->tier] += 1;
    /* ln R&D of every zone ps_rank_zone will score: computed once here. */
    if (ps_upgrade_eligible(&m->sc, s->tier, s->gdp)) {
        s->log_rd = ps_log_rd(s->rd);
        a->pool_gdp += log_gdp;
        a->pool_rd += s->log_rd;
        a->n_eligible++;
    } else if (a->demotion && s->tier == PS_TIER_NATIONAL) {
        s->log_rd = ps_log_rd(s->rd);
    }
}

static void stats_finish(const stat_sums *a, year_context *yc)
{
    yc->n_eligible = a->n_eligible;
    for (int t = 0; t < PS_TIER_COUNT; t++)
        yc->mean_log_gdp[t] = a->n[t] > 0 ? a->sum[t] / a->n[t] : 0;
    yc->pool_log_gdp = yc->n_eligible ? a->pool_gdp / yc->n_eligible : 0;
    yc->pool_log_rd = yc->n_eligible ? a->pool_rd / yc->n_eligible : 0;
}

typedef struct agg_sums {
    double zones_by_region[PS_REGION_COUNT], gdp_by_region[PS_REGION_COUNT], rd_by_region[PS_REGION_COUNT];
    double zones, gdp, revenue, over_1000, rd, employees;
    double firms, new_firms, kis, built, floor, limited;
} agg_sums;

/* Zone i's part of the metrics, if it counts in them. */
static inline void sums_add(const ps_model *m, agg_sums *a, int i, const zone_state *s)
{
    if (!counts_in_aggregates(m, m->zones[i], s))
        return;
    ps_region r = m->zones[i]->region;
    double zone_revenue = s->gdp / s->va;
    a->zones += 1;
    a->zones_by_region[r] += 1;
    a->gdp += s->gdp;
    a->gdp_by_region[r] += s->gdp;
    a->revenue += zone_revenue;
    a->over_1000 += zone_revenue > 1000.0;
    a->rd += s->rd * s->gdp;
    a->rd_by_region[r] += s->rd * s->gdp;
    a->employees += s->gdp / s->prod;
    a->firms += s->firms;
    a->new_firms += s->new_firms;
    a->kis += s->kis * s->gdp;
    a->built += s->land_built;
    a->floor += s->plot_ratio * s->land_built;
    a->limited += s->land_limited;
}

/* The sums over national zones turned into the metrics of one year. */
static void sums_finish(const ps_model *m, const agg_sums *a, const int *hosts, int upgrades, int demotions,
                        double base_productivity, double *out)
{
    double gdp = a->gdp, built = a->built;
    int covered = 0;
    for (int c = 0; c < m->n_cities; c++)
        covered += hosts[c] > 0;
    double productivity = a->employees > 0 ? gdp / a->employees : 0;

    out[PS_M_NATIONAL_ZONES] = a->zones;
    out[PS_M_ZONES_EAST] = a->zones_by_region[PS_REGION_EAST];
    out[PS_M_ZONES_CENTRAL] = a->zones_by_region[PS_REGION_CENTRAL];
    out[PS_M_ZONES_WEST] = a->zones_by_region[PS_REGION_WEST];
    out[PS_M_ZONES_NORTHEAST] = a->zones_by_region[PS_REGION_NORTHEAST];
    out[PS_M_UPGRADES] = upgrades;
    out[PS_M_DEMOTIONS] = demotions;
    out[PS_M_GDP] = gdp;
    out[PS_M_GDP_EAST] = a->gdp_by_region[PS_REGION_EAST];
    out[PS_M_GDP_CENTRAL] = a->gdp_by_region[PS_REGION_CENTRAL];
    out[PS_M_GDP_WEST] = a->gdp_by_region[PS_REGION_WEST];
    out[PS_M_GDP_NORTHEAST] = a->gdp_by_region[PS_REGION_NORTHEAST];
    out[PS_M_REVENUE] = a->revenue;
    out[PS_M_ZONES_OVER_1000] = a->over_1000;
    out[PS_M_RD_EXPENDITURE] = a->rd;
    out[PS_M_RD_INTENSITY] = gdp > 0 ? a->rd / gdp : 0;
    for (int r = 0; r < PS_REGION_COUNT; r++)
        out[PS_M_RD_INTENSITY_EAST + r] =
            a->gdp_by_region[r] > 0 ? a->rd_by_region[r] / a->gdp_by_region[r] : 0;
    out[PS_M_EMPLOYEES] = a->employees;
    out[PS_M_LABOUR_PRODUCTIVITY] = productivity;
    out[PS_M_PRODUCTIVITY_GROWTH] = base_productivity > 0 ? productivity / base_productivity - 1 : 0;
    out[PS_M_ENTERPRISES] = a->firms;
    out[PS_M_NEW_FIRMS] = a->new_firms;
    out[PS_M_NEW_FIRM_SHARE] = a->firms > 0 ? a->new_firms / a->firms : 0;
    out[PS_M_KIS_SHARE] = gdp > 0 ? a->kis / gdp : 0;
    out[PS_M_BUILT_LAND] = built;
    out[PS_M_PLOT_RATIO] = built > 0 ? a->floor / built : 0;
    /* GDP is in 1e8 CNY, land productivity is reported in 1e4 CNY per ha. */
    out[PS_M_LAND_PRODUCTIVITY] = built > 0 ? gdp / built * 1e4 : 0;
    out[PS_M_LAND_LIMITED] = a->limited;
    out[PS_M_CITY_COVERAGE] = (double)covered / m->sc.run.prefecture_cities;
}

/* Sums over national zones, turned into the metrics of one year. */
void ps_aggregate(const ps_model *m, const zone_state *state, const int *hosts, int upgrades, int demotions,
                  double base_productivity, double *out)
{
    agg_sums a;
    memset(&a, 0, sizeof a);
    for (int i = 0; i < m->n_zones; i++)
        sums_add(m, &a, i, &state[i]);
    sums_finish(m, &a, hosts, upgrades, demotions, base_productivity, out);
}

void ps_year_end(const ps_model *m, zone_state *state, int *hosts, int y, const ps_year_end_io *io,
                 ps_run_result *res)
{
    const ps_province_table *t = &m->prov;
    int ny = m->n_years;
    bool base = y == 0;
    agg_sums a;
    memset(&a, 0, sizeof a);
    stat_sums st = {.demotion = ps_demotion_active(&m->sc)};
    double *prov = ps_province_year_start(m, y, res);
    unsigned char *flags = res->zone_flags + y;
    memset(hosts, 0, sizeof *hosts * (size_t)m->n_cities);
    for (int i = 0; i < m->n_zones; i++, flags += ny) {
        zone_state *s = &state[i];
        bool national = s->tier == PS_TIER_NATIONAL;
        if (national)
            hosts[m->city[i]]++;
        *flags = (unsigned char)((national ? PS_ZONE_NATIONAL : 0) | (s->land_limited ? PS_ZONE_LAND_LIMITED : 0) |
                                 (s->expanded ? PS_ZONE_EXPANDED : 0));
        if (io->metrics)
            sums_add(m, &a, i, s);
        if (national && t->counted[i] >= 0)
            ps_province_zone_add(prov + (size_t)t->counted[i] * PS_PV_COUNT, s->gdp, s->rd,
                                 base ? m->zones[i]->approved == m->sc.run.base_year : s->upgraded);
        if (io->next)
            stats_add(m, &st, s);
    }
    if (io->metrics)
        sums_finish(m, &a, hosts, io->upgrades, io->demotions, io->base_productivity, io->metrics);
    ps_province_year_finish(m, hosts, prov);
    if (io->next)
        stats_finish(&st, io->next);
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
