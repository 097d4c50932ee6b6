/* model.c — the yearly step of every zone and the aggregates of a run.
 *
 * Equations and the names of the settings they use are in engine/MODEL.md;
 * comments here say why the code is shaped as it is. One year t -> t+1:
 *   1. statistics of year t every zone needs (mean ln GDP per tier, which
 *      cities already host a national zone, the provincial pool's means);
 *   2. each zone draws its own stream for the year and steps (growth, land,
 *      value added, R&D, productivity, enterprises, services share) and, from
 *      its year-t state, its upgrade key or demotion draw;
 *   3. the number of upgrades is drawn from the year's upgrade stream and the
 *      provincial zones with the largest keys become national; demotions;
 *   4. aggregates of year t+1 over national zones.
 * Every zone-year stream draws the same variates in the same order whatever
 * the state, with the two discrete draws (entries, exits) last, so that a
 * policy change never shifts another zone's or another year's numbers.
 */
#include "parksim/model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sort.h>

#include "parksim/rng.h"

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

/* National shocks to the zone states other than GDP, one each per year. */
enum { SHOCK_RD, SHOCK_KIS, SHOCK_PROD, SHOCK_ENTRY, STATE_SHOCK_COUNT };

typedef struct zone_state {
    double gdp, log_gdp; /* ln gdp is used four times a year: kept, not recomputed */
    double va, rd, prod, firms, new_firms, kis;
    double land_approved, land_built, plot_ratio;
    double growth_potential;
    ps_tier tier;
    int national_since;
    bool land_limited, expanded, upgraded, demoted;
} zone_state;

struct ps_model {
    ps_scenario sc;
    const ps_baseline *bl;
    const gsl_rng_type *rng_type;
    int n_years, n_zones;
    const ps_zone_base **zones; /* zones in play: national, then the pool */
    int *city;                  /* city index of each zone */
    int n_cities;
    double base[PS_METRIC_COUNT];
};

struct ps_workspace {
    gsl_rng *rng;
    zone_state *state;
    double *draws;      /* n_zones * DRAW_COUNT of the current year */
    double *keys;       /* upgrade keys / demotion scores */
    size_t *order;      /* selection scratch */
    double *sel_keys;   /* selection scratch: keys of the candidates */
    size_t *best;       /* selection scratch: chosen positions */
    int *city_hosts;    /* national zones per city in year t */
    double *nat_shock;  /* u_t per year index */
    double *reg_shock;  /* eta_{r,t}: n_years * PS_REGION_COUNT */
    double *state_shock; /* national shocks to R&D, services, productivity, entry: n_years * 4 */
};

/* ---- aggregates ---------------------------------------------------------- */

static bool counts_in_aggregates(const ps_model *m, const ps_zone_base *z, const zone_state *s)
{
    return s->tier == PS_TIER_NATIONAL && (!z->sip || m->sc.run.include_sip);
}

static void count_city_hosts(const ps_model *m, const zone_state *state, int *hosts)
{
    memset(hosts, 0, sizeof *hosts * (size_t)m->n_cities);
    for (int i = 0; i < m->n_zones; i++)
        if (state[i].tier == PS_TIER_NATIONAL)
            hosts[m->city[i]]++;
}

/* Sums over national zones, turned into the metrics of one year. */
static void aggregate(const ps_model *m, const zone_state *state, const int *hosts,
                      int upgrades, int demotions, double base_productivity, double *out)
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

/* ---- model setup ---------------------------------------------------------- */

static void init_state(const ps_zone_base *z, zone_state *s)
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

static int index_cities(ps_model *m)
{
    m->city = malloc(sizeof *m->city * (size_t)m->n_zones);
    if (!m->city)
        return -1;
    for (int i = 0; i < m->n_zones; i++) {
        int found = -1;
        for (int j = 0; j < i && found < 0; j++)
            if (strcmp(m->zones[j]->city, m->zones[i]->city) == 0 &&
                strcmp(m->zones[j]->province, m->zones[i]->province) == 0)
                found = m->city[j];
        m->city[i] = found >= 0 ? found : m->n_cities++;
    }
    return 0;
}

/* Base-year aggregates, shared by every run. Returns -1 out of memory. */
static int compute_base_values(ps_model *m)
{
    zone_state *state = malloc(sizeof *state * (size_t)m->n_zones);
    int *hosts = calloc((size_t)m->n_cities + 1, sizeof *hosts);
    if (!state || !hosts) {
        free(state);
        free(hosts);
        return -1;
    }
    int approved_in_base_year = 0;
    for (int i = 0; i < m->n_zones; i++) {
        init_state(m->zones[i], &state[i]);
        approved_in_base_year += m->zones[i]->tier == PS_TIER_NATIONAL &&
                                 m->zones[i]->approved == m->sc.run.base_year && !m->zones[i]->sip;
    }
    count_city_hosts(m, state, hosts);
    aggregate(m, state, hosts, approved_in_base_year, 0, 0, m->base);
    m->base[PS_M_PRODUCTIVITY_GROWTH] = 0;
    free(state);
    free(hosts);
    return 0;
}

int ps_model_create(const ps_scenario *sc, const ps_baseline *bl, ps_model **out, ps_error *err)
{
    *out = NULL;
    if (bl->year != sc->run.base_year)
        return ps_error_set(err, PS_ERR_MISMATCH, sc->path, 0, "run.base_year",
                            "base year %d differs from the base year %d of data file %s",
                            sc->run.base_year, bl->year, bl->path);
    if (sc->upgrade.pool_size > bl->n_provincial)
        return ps_error_set(err, PS_ERR_MISMATCH, sc->path, 0, "upgrade.pool_size",
                            "pool of %d provincial zones asked for, data file %s has %d",
                            sc->upgrade.pool_size, bl->path, bl->n_provincial);
    const gsl_rng_type *type = ps_rng_type_from_name(sc->run.generator);
    if (!type)
        return ps_error_set(err, PS_ERR_CONFIG, sc->path, 0, "run.generator",
                            "unknown GSL generator '%s'", sc->run.generator);
    ps_model *m = calloc(1, sizeof *m);
    if (!m)
        return ps_error_set(err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory");
    m->sc = *sc;
    m->bl = bl;
    m->rng_type = type;
    m->n_years = ps_scenario_years(sc);
    m->zones = malloc(sizeof *m->zones * (size_t)bl->n_zones);
    if (!m->zones) {
        ps_model_free(m);
        return ps_error_set(err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory");
    }
    int pool_taken = 0;
    for (int i = 0; i < bl->n_zones; i++) {
        const ps_zone_base *z = &bl->zones[i];
        if (z->tier == PS_TIER_PROVINCIAL && pool_taken++ >= sc->upgrade.pool_size)
            continue;
        m->zones[m->n_zones++] = z;
    }
    if (index_cities(m) != 0 || compute_base_values(m) != 0) {
        ps_model_free(m);
        return ps_error_set(err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory");
    }
    *out = m;
    return PS_OK;
}

void ps_model_free(ps_model *m)
{
    if (!m)
        return;
    free(m->zones);
    free(m->city);
    free(m);
}

const ps_scenario *ps_model_scenario(const ps_model *m) { return &m->sc; }
int ps_model_years(const ps_model *m) { return m->n_years; }
int ps_model_zone_count(const ps_model *m) { return m->n_zones; }
double ps_model_base_value(const ps_model *m, ps_metric metric) { return m->base[metric]; }

ps_workspace *ps_workspace_alloc(const ps_model *m)
{
    ps_workspace *ws = calloc(1, sizeof *ws);
    if (!ws)
        return NULL;
    size_t n = (size_t)m->n_zones;
    ws->rng = gsl_rng_alloc(m->rng_type);
    ws->state = malloc(sizeof *ws->state * n);
    ws->draws = malloc(sizeof *ws->draws * n * DRAW_COUNT);
    ws->keys = malloc(sizeof *ws->keys * n);
    ws->order = malloc(sizeof *ws->order * n);
    ws->sel_keys = malloc(sizeof *ws->sel_keys * n);
    ws->best = malloc(sizeof *ws->best * n);
    ws->city_hosts = malloc(sizeof *ws->city_hosts * (size_t)(m->n_cities + 1));
    ws->nat_shock = malloc(sizeof *ws->nat_shock * (size_t)m->n_years);
    ws->reg_shock = malloc(sizeof *ws->reg_shock * (size_t)m->n_years * PS_REGION_COUNT);
    ws->state_shock = malloc(sizeof *ws->state_shock * (size_t)m->n_years * STATE_SHOCK_COUNT);
    if (!ws->rng || !ws->state || !ws->draws || !ws->keys || !ws->order || !ws->sel_keys || !ws->best ||
        !ws->city_hosts ||
        !ws->nat_shock || !ws->reg_shock || !ws->state_shock) {
        ps_workspace_free(ws);
        return NULL;
    }
    return ws;
}

void ps_workspace_free(ps_workspace *ws)
{
    if (!ws)
        return;
    if (ws->rng)
        gsl_rng_free(ws->rng);
    free(ws->state);
    free(ws->draws);
    free(ws->keys);
    free(ws->order);
    free(ws->sel_keys);
    free(ws->best);
    free(ws->city_hosts);
    free(ws->nat_shock);
    free(ws->reg_shock);
    free(ws->state_shock);
    free(ws);
}

ps_run_result *ps_run_result_alloc(const ps_model *m)
{
    ps_run_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->n_years = m->n_years;
    r->n_targets = m->sc.n_targets;
    size_t ny = (size_t)m->n_years, nt = (size_t)m->sc.n_targets;
    r->values = malloc(sizeof *r->values * PS_METRIC_COUNT * ny);
    r->holds = malloc(nt * ny + 1);
    r->first_met = malloc(sizeof *r->first_met * (nt + 1));
    r->met = malloc(nt + 1);
    if (!r->values || !r->holds || !r->first_met || !r->met) {
        ps_run_result_free(r);
        return NULL;
    }
    return r;
}

void ps_run_result_free(ps_run_result *r)
{
    if (!r)
        return;
    free(r->values);
    free(r->holds);
    free(r->first_met);
    free(r->met);
    free(r);
}

/* ---- one run ---------------------------------------------------------------- */

/* National AR(1) shock and regional shocks for every year of the run, and
 * the national shocks to R&D, services, productivity and entry (a stream of
 * their own, so adding them left the growth shocks unchanged). */
static void draw_macro_shocks(const ps_model *m, ps_workspace *ws, long run)
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

/* The fixed set of continuous variates of zone i in year index y. */
static void draw_zone_year(const ps_model *m, ps_workspace *ws, long run, int i, int y, double *d)
{
    ps_rng_select(ws->rng, m->sc.run.seed, run, PS_STREAM_ZONE, m->zones[i]->id, y);
    for (int k = DRAW_GROWTH; k <= DRAW_SCORE; k++)
        d[k] = gsl_ran_gaussian_ziggurat(ws->rng, 1.0);
    d[DRAW_EXPAND] = gsl_rng_uniform(ws->rng);
    d[DRAW_SELECT] = gsl_rng_uniform_pos(ws->rng);
}

typedef struct year_context {
    double mean_log_gdp[PS_TIER_COUNT];
    double pool_log_gdp, pool_log_rd; /* means over eligible provincial zones */
    int n_eligible;
} year_context;

static bool upgrade_eligible(const ps_model *m, const zone_state *s)
{
    return s->tier == PS_TIER_PROVINCIAL && s->gdp >= m->sc.upgrade.min_gdp;
}

static void year_statistics(const ps_model *m, const zone_state *state, year_context *yc)
{
    double sum[PS_TIER_COUNT] = {0}, n[PS_TIER_COUNT] = {0};
    double pool_gdp = 0, pool_rd = 0;
    yc->n_eligible = 0;
    for (int i = 0; i < m->n_zones; i++) {
        const zone_state *s = &state[i];
        double log_gdp = s->log_gdp;
        sum[s->tier] += log_gdp;
        n[s->tier] += 1;
        if (upgrade_eligible(m, s)) {
            pool_gdp += log_gdp;
            pool_rd += log(GSL_MAX(s->rd, 1e-6));
            yc->n_eligible++;
        }
    }
    for (int t = 0; t < PS_TIER_COUNT; t++)
        yc->mean_log_gdp[t] = n[t] > 0 ? sum[t] / n[t] : 0;
    yc->pool_log_gdp = yc->n_eligible ? pool_gdp / yc->n_eligible : 0;
    yc->pool_log_rd = yc->n_eligible ? pool_rd / yc->n_eligible : 0;
}

/* Readiness score of a zone for upgrade (and, for national zones, the
 * ranking used for demotion): size and R&D relative to the pool, region
 * priority, a bonus for a city without a national zone, and noise. */
static double readiness_score(const ps_model *m, const ps_workspace *ws, const year_context *yc,
                              int i, const zone_state *s, const double *d)
{
    const ps_scenario *sc = &m->sc;
    double score = sc->upgrade.weight_size * (s->log_gdp - yc->pool_log_gdp) +
                   sc->upgrade.weight_rd * (log(GSL_MAX(s->rd, 1e-6)) - yc->pool_log_rd) +
                   sc->upgrade.region_weight[m->zones[i]->region] + sc->upgrade.score_noise * d[DRAW_SCORE];
    if (ws->city_hosts[m->city[i]] == 0)
        score += sc->upgrade.city_bonus;
    return score;
}

static double clamp(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

/* Step zone i from year index y-1 to y in place. */
static void step_zone(const ps_model *m, ps_workspace *ws, const year_context *yc, int i, int y,
                      const double *d)
{
    const ps_scenario *sc = &m->sc;
    const ps_zone_base *z = m->zones[i];
    zone_state *s = &ws->state[i];
    bool national = s->tier == PS_TIER_NATIONAL;

    /* Potential growth: trend, class/region/demo effects, convergence to the
     * tier's mean size, and the three levels of shocks. */
    double g = sc->growth.mu + sc->policy.growth + sc->growth.region_effect[z->region] +
               (national ? sc->growth.class_effect[z->cls] : sc->growth.provincial_effect) +
               (z->demo ? sc->growth.demo_effect : 0) -
               sc->growth.convergence * (s->log_gdp - yc->mean_log_gdp[s->tier]) + ws->nat_shock[y] +
               sc->shocks.regional_sigma * ws->reg_shock[y * PS_REGION_COUNT + z->region] +
               sc->shocks.zone_sigma * d[DRAW_GROWTH];
    double gdp_potential = s->gdp * exp(g);

    /* Land: denser building raises output per hectare; new land is limited by
     * the approved area left and by the yearly supply cap. */
    double plot_ratio = GSL_MAX(s->plot_ratio, GSL_MIN(sc->land.plot_ratio_max,
                                s->plot_ratio + sc->land.plot_ratio_gain + sc->policy.plot_ratio_gain));
    double land_productivity = s->gdp / s->land_built * (plot_ratio / s->plot_ratio) * (1 + sc->land.tech_gain);
    double land_needed = gdp_potential / land_productivity - s->land_built;
    /* Expansion (扩区) is demand-driven: only a zone whose approved area
     * cannot hold this year's need applies, and is granted with a chance. */
    s->expanded = sc->shocks.discrete_random && land_needed > s->land_approved - s->land_built &&
                  d[DRAW_EXPAND] < sc->land.expansion_prob;
    if (s->expanded)
        s->land_approved *= 1 + sc->land.expansion_share;
    double supply_cap = sc->land.supply_cap * sc->policy.land_supply_factor * s->land_built;
    double new_land = GSL_MAX(0.0, GSL_MIN(land_needed, GSL_MIN(supply_cap, s->land_approved - s->land_built)));
    s->land_built += new_land;
    s->plot_ratio = plot_ratio;
    double gdp_new = GSL_MIN(gdp_potential, land_productivity * s->land_built);
    s->land_limited = gdp_new < gdp_potential * (1 - 1e-12);
    double log_gdp_new = s->land_limited ? log(gdp_new) : s->log_gdp + g;
    double realised_growth = log_gdp_new - s->log_gdp;
    s->growth_potential = g;
    s->gdp = gdp_new;
    s->log_gdp = log_gdp_new;

    s->va = clamp(s->va + sc->value_added.drift + sc->value_added.sigma * d[DRAW_VA], sc->value_added.min, sc->value_added.max);

    double rd_target = (national ? sc->rd.target[z->cls] : sc->rd.target_provincial) + sc->policy.rd_uplift;
    const double *common = &ws->state_shock[y * STATE_SHOCK_COUNT];
    s->rd = clamp(s->rd + sc->rd.kappa * (rd_target - s->rd) + sc->rd.sigma * d[DRAW_RD] +
                      sc->rd.sigma_national * common[SHOCK_RD],
                  0, sc->rd.max);

    s->prod *= exp(sc->productivity.growth + sc->productivity.sigma * d[DRAW_PROD] + sc->productivity.sigma_national * common[SHOCK_PROD]);

    double kis_target = (national ? sc->kis.target : sc->kis.target_provincial) + sc->policy.kis_uplift;
    s->kis = clamp(s->kis + sc->kis.kappa * (kis_target - s->kis) + sc->kis.sigma * d[DRAW_KIS] +
                       sc->kis.sigma_national * common[SHOCK_KIS],
                   0, 1);

    /* Enterprises: entries respond to the zone's realised growth; the two
     * discrete draws come last in the stream (see the file comment). */
    double entry_rate = (sc->enterprises.entry_rate + sc->policy.entry_boost) *
                        (1 + sc->enterprises.entry_growth_elasticity * (realised_growth - sc->growth.mu)) *
                        exp(sc->enterprises.entry_sigma_national * common[SHOCK_ENTRY]);
    entry_rate = GSL_MAX(entry_rate, 0.0);
    double entries, exits;
    if (sc->shocks.discrete_random) {
        entries = gsl_ran_poisson(ws->rng, entry_rate * s->firms);
        exits = gsl_ran_binomial(ws->rng, sc->enterprises.exit_rate, (unsigned)s->firms);
    } else {
        entries = entry_rate * s->firms;
        exits = sc->enterprises.exit_rate * s->firms;
    }
    s->new_firms = entries;
    s->firms = GSL_MAX(s->firms + entries - exits, 1.0);
}

/* Number of provincial zones upgraded into year index y. */
static int draw_upgrade_count(const ps_model *m, ps_workspace *ws, long run, int y)
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

/* Weighted sampling without replacement (Efraimidis-Spirakis): each eligible
 * zone gets key ln(u) / w with w = exp(score); the k largest keys win. In
 * expectation mode u is fixed, so the k highest scores win. */
static int select_upgrades(const ps_model *m, ps_workspace *ws, int count, int y)
{
    int n_candidates = 0;
    for (int i = 0; i < m->n_zones; i++) {
        if (!ws->state[i].upgraded)
            continue;
        ws->sel_keys[n_candidates] = ws->keys[i];
        ws->order[n_candidates] = (size_t)i;
        n_candidates++;
    }
    int k = GSL_MIN(count, n_candidates);
    /* `upgraded` marked the candidates so far; from here it marks the chosen. */
    for (int c = 0; c < n_candidates; c++)
        ws->state[ws->order[c]].upgraded = false;
    if (k == 0)
        return 0;
    gsl_sort_largest_index(ws->best, (size_t)k, ws->sel_keys, 1, (size_t)n_candidates);
    for (int j = 0; j < k; j++) {
        zone_state *s = &ws->state[ws->order[ws->best[j]]];
        s->upgraded = true;
        s->tier = PS_TIER_NATIONAL;
        s->national_since = m->sc.run.base_year + y;
    }
    return k;
}

/* The bottom share of national zones by readiness score (in keys) each lose
 * status with probability demotion.prob. */
static int apply_demotions(const ps_model *m, ps_workspace *ws)
{
    const ps_scenario *sc = &m->sc;
    if (sc->demotion.prob <= 0 || sc->demotion.bottom_share <= 0 || !sc->shocks.discrete_random)
        return 0;
    int n = 0;
    for (int i = 0; i < m->n_zones; i++) {
        const zone_state *s = &ws->state[i];
        if (s->tier == PS_TIER_NATIONAL && !m->zones[i]->sip) {
            ws->sel_keys[n] = ws->keys[i];
            ws->order[n++] = (size_t)i;
        }
    }
    int bottom = (int)floor(sc->demotion.bottom_share * n);
    if (bottom == 0)
        return 0;
    gsl_sort_smallest_index(ws->best, (size_t)bottom, ws->sel_keys, 1, (size_t)n);
    int demoted = 0;
    for (int j = 0; j < bottom; j++) {
        size_t i = ws->order[ws->best[j]];
        if (ws->draws[i * DRAW_COUNT + DRAW_SELECT] < sc->demotion.prob) {
            ws->state[i].tier = PS_TIER_PROVINCIAL;
            ws->state[i].demoted = true;
            demoted++;
        }
    }
    return demoted;
}

static int emit_trajectory(const ps_model *m, const ps_workspace *ws, long run, int y,
                           ps_trajectory_fn fn, void *ctx)
{
    for (int i = 0; i < m->n_zones; i++) {
        const zone_state *s = &ws->state[i];
        ps_zone_view v = {
            .run = run, .year = m->sc.run.base_year + y, .base = m->zones[i], .tier = s->tier,
            .national_since = s->national_since, .gdp = s->gdp, .revenue = s->gdp / s->va,
            .va_ratio = s->va, .rd_intensity = s->rd, .productivity = s->prod,
            .employees = s->gdp / s->prod, .enterprises = s->firms, .new_firms = s->new_firms,
            .kis_share = s->kis, .land_approved = s->land_approved, .land_built = s->land_built,
            .plot_ratio = s->plot_ratio, .growth_potential = s->growth_potential,
            .land_limited = s->land_limited, .expanded = s->expanded, .upgraded = s->upgraded,
            .demoted = s->demoted,
        };
        int rc = fn(ctx, &v);
        if (rc)
            return rc;
    }
    return 0;
}

static void evaluate_targets(const ps_model *m, ps_run_result *res)
{
    const ps_scenario *sc = &m->sc;
    int ny = m->n_years;
    for (int t = 0; t < sc->n_targets; t++) {
        const ps_target *tg = &sc->targets[t];
        res->first_met[t] = 0;
        for (int y = 0; y < ny; y++) {
            bool holds = ps_cmp_holds(tg->op, res->values[tg->metric * ny + y], tg->threshold);
            res->holds[t * ny + y] = holds;
            if (holds && y >= 1 && res->first_met[t] == 0)
                res->first_met[t] = y;
        }
        res->met[t] = res->holds[t * ny + (tg->year - sc->run.base_year)];
    }
}

static void store_year(ps_run_result *res, int ny, int y, const double *metrics)
{
    for (int k = 0; k < PS_METRIC_COUNT; k++)
        res->values[k * ny + y] = metrics[k];
}

int ps_model_run(const ps_model *m, ps_workspace *ws, long run, ps_run_result *res,
                 ps_trajectory_fn trajectory, void *trajectory_ctx)
{
    int ny = m->n_years;
    res->run = run;
    for (int i = 0; i < m->n_zones; i++)
        init_state(m->zones[i], &ws->state[i]);
    store_year(res, ny, 0, m->base);
    draw_macro_shocks(m, ws, run);
    if (trajectory) {
        int rc = emit_trajectory(m, ws, run, 0, trajectory, trajectory_ctx);
        if (rc)
            return rc;
    }
    double metrics[PS_METRIC_COUNT];
    const ps_scenario *sc = &m->sc;
    bool demotion_active = sc->demotion.prob > 0 && sc->demotion.bottom_share > 0 && sc->shocks.discrete_random;
    /* city_hosts always describes the current year: counted here for the
     * base year, then after each year's upgrades and demotions. */
    count_city_hosts(m, ws->state, ws->city_hosts);
    for (int y = 1; y < ny; y++) {
        year_context yc;
        year_statistics(m, ws->state, &yc);
        for (int i = 0; i < m->n_zones; i++) {
            double *d = &ws->draws[(size_t)i * DRAW_COUNT];
            zone_state *s = &ws->state[i];
            draw_zone_year(m, ws, run, i, y, d);
            /* Decisions rest on the year-t state: score before stepping.
             * `upgraded` marks the candidates until select_upgrades. */
            s->upgraded = upgrade_eligible(m, s);
            s->demoted = false;
            if (s->upgraded) {
                double u = m->sc.shocks.discrete_random ? d[DRAW_SELECT] : exp(-1.0);
                ws->keys[i] = log(u) / exp(readiness_score(m, ws, &yc, i, s, d));
            } else if (demotion_active && s->tier == PS_TIER_NATIONAL) {
                ws->keys[i] = readiness_score(m, ws, &yc, i, s, d);
            }
            step_zone(m, ws, &yc, i, y, d);
        }
        int demotions = apply_demotions(m, ws);
        int upgrades = select_upgrades(m, ws, draw_upgrade_count(m, ws, run, y), y);
        count_city_hosts(m, ws->state, ws->city_hosts);
        aggregate(m, ws->state, ws->city_hosts, upgrades, demotions, m->base[PS_M_LABOUR_PRODUCTIVITY],
                  metrics);
        store_year(res, ny, y, metrics);
        if (trajectory) {
            int rc = emit_trajectory(m, ws, run, y, trajectory, trajectory_ctx);
            if (rc)
                return rc;
        }
    }
    evaluate_targets(m, res);
    return 0;
}

double ps_model_draws_only(const ps_model *m, ps_workspace *ws, long run)
{
    const ps_scenario *sc = &m->sc;
    double checksum = 0, d[DRAW_COUNT];
    draw_macro_shocks(m, ws, run);
    for (int y = 1; y < m->n_years; y++) {
        for (int i = 0; i < m->n_zones; i++) {
            const ps_zone_base *z = m->zones[i];
            draw_zone_year(m, ws, run, i, y, d);
            if (sc->shocks.discrete_random) {
                checksum += gsl_ran_poisson(ws->rng, sc->enterprises.entry_rate * z->enterprises);
                checksum += gsl_ran_binomial(ws->rng, sc->enterprises.exit_rate, (unsigned)z->enterprises);
            }
            checksum += d[DRAW_GROWTH];
        }
        checksum += draw_upgrade_count(m, ws, run, y);
    }
    return checksum;
}
