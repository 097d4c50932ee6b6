/* model.c — a projection: the model's setup and the run loop.
 *
 * Equations and the names of the settings they use are in engine/MODEL.md,
 * which names the function behind each. The model is spread over files by
 * what each part does; their shared structures are in model_int.h:
 *   zone_step.c  one zone, one year: the equations of §2.2–2.5;
 *   draws.c      every random draw of a run (§2.1, §4);
 *   upgrades.c   upgrades and demotions (§2.6);
 *   aggregate.c  statistics and metrics of a year, base-year values, targets (§3).
 * One year t -> t+1 of ps_model_run:
 *   1. statistics of year t every zone needs (mean ln GDP per tier, the
 *      provincial pool's means; which cities host a national zone is kept
 *      up to date in ws->city_hosts);
 *   2. each zone draws its own stream for the year, is ranked for upgrade or
 *      demotion on its year-t state, and steps;
 *   3. demotions, then the number of upgrades is drawn and the provincial
 *      zones with the largest keys become national;
 *   4. aggregates of year t+1 over national zones.
 */
#include "parksim/model.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "parksim/rng.h"
#include "parksim/zone_accum.h"

#include "aggregate_int.h"
#include "draws_int.h"
#include "model_int.h"
#include "province_int.h"
#include "upgrades_int.h"
#include "zone_step_int.h"

/* ---- model setup ---------------------------------------------------------- */

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

/* The samples file of the scenario's samples settings (checked by the
 * loader; read again here, so a file changed since is caught). */
static int load_samples(ps_model *m, ps_error *err)
{
    const ps_unc_set *set = &m->sc.unc;
    for (int i = 0; i < set->n; i++)
        m->sample_col[i] = -1;
    if (!set->samples[0])
        return PS_OK;
    int status = ps_samples_read(set->samples, NULL, &m->samples, err);
    if (status != PS_OK)
        return status;
    for (int i = 0; i < set->n; i++) {
        if (set->settings[i].dist.kind != PS_UNC_SAMPLES)
            continue;
        m->sample_col[i] = ps_samples_column(&m->samples, set->settings[i].path);
        if (m->sample_col[i] < 0)
            return ps_error_set(err, PS_ERR_MISMATCH, set->samples, 0, set->settings[i].path,
                                "no longer a column of the samples file");
    }
    return PS_OK;
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
    m->fast_rng = type == gsl_rng_taus2;
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
    if (m->sc.unc.n_corr > 0) {
        m->chol = malloc(sizeof *m->chol * PS_UNC_MAX * PS_UNC_MAX);
        if (m->chol && ps_unc_cholesky(&m->sc.unc, m->corr_map, &m->n_correlated, m->chol) != 0) {
            ps_model_free(m);
            return ps_error_set(err, PS_ERR_CONFIG, sc->path, 0, "uncertainty.correlations",
                                "the correlation matrix is not positive definite");
        }
    }
    if (load_samples(m, err) != PS_OK) {
        ps_model_free(m);
        return err ? err->code : PS_ERR_DATA;
    }
    m->initial = malloc(sizeof *m->initial * (size_t)m->n_zones);
    if (m->initial)
        for (int i = 0; i < m->n_zones; i++)
            ps_zone_state_init(m->zones[i], &m->initial[i]),
                ps_base_measurement(&m->sc, &m->initial[i]);
    /* Measurement factors drawn per run change the base year run by run. */
    for (int i = 0; i < m->sc.unc.n; i++) {
        size_t at = m->sc.unc.settings[i].offset, lo = offsetof(ps_scenario, measurement);
        m->measure_per_run |= at >= lo && at < lo + sizeof m->sc.measurement;
    }
    /* Per-run measurement starts from the unmeasured states, kept here so a
     * run copies them rather than recomputing every zone's ln GDP. */
    if (m->measure_per_run && m->initial) {
        m->unmeasured = malloc(sizeof *m->unmeasured * (size_t)m->n_zones);
        for (int i = 0; m->unmeasured && i < m->n_zones; i++)
            ps_zone_state_init(m->zones[i], &m->unmeasured[i]);
    }
    if ((m->sc.unc.n_corr > 0 && !m->chol) || !m->initial || (m->measure_per_run && !m->unmeasured) ||
        index_cities(m) != 0 || ps_base_values(m) != 0) {
        ps_model_free(m);
        return ps_error_set(err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory");
    }
    int status = ps_province_table_init(&m->prov, &m->sc, bl, m->zones, m->n_zones, m->city, m->n_cities, err);
    if (status != PS_OK) {
        ps_model_free(m);
        return status;
    }
    if (ps_zone_bins_init(&m->zone_bins, m) != 0) {
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
    free(m->initial);
    free(m->unmeasured);
    free(m->chol);
    ps_samples_free(&m->samples);
    ps_province_table_free(&m->prov);
    ps_zone_bins_free(&m->zone_bins);
    free(m);
}

const ps_scenario *ps_model_scenario(const ps_model *m) { return &m->sc; }
const ps_province_table *ps_model_provinces(const ps_model *m) { return &m->prov; }
int ps_model_years(const ps_model *m) { return m->n_years; }
int ps_model_zone_count(const ps_model *m) { return m->n_zones; }
const ps_zone_base *ps_model_zone(const ps_model *m, int i) { return m->zones[i]; }
double ps_model_base_value(const ps_model *m, ps_metric metric) { return m->base[metric]; }

ps_workspace *ps_workspace_alloc(const ps_model *m)
{
    ps_workspace *ws = calloc(1, sizeof *ws);
    if (!ws)
        return NULL;
    size_t n = (size_t)m->n_zones;
    ws->fast_rng = m->fast_rng;
    ps_fr_seed(&ws->fr, 0);
    ws->rng = gsl_rng_alloc(m->rng_type);
    ws->state = malloc(sizeof *ws->state * n);
    ws->draws = malloc(sizeof *ws->draws * n * DRAW_COUNT);
    ws->zone_cb = malloc(sizeof *ws->zone_cb * n);
    ws->zone_hash = malloc(sizeof *ws->zone_hash * n);
    ws->keys = malloc(sizeof *ws->keys * n);
    ws->order = malloc(sizeof *ws->order * n);
    ws->sel_keys = malloc(sizeof *ws->sel_keys * n);
    ws->best = malloc(sizeof *ws->best * n);
    ws->city_hosts = malloc(sizeof *ws->city_hosts * (size_t)(m->n_cities + 1));
    ws->nat_shock = malloc(sizeof *ws->nat_shock * (size_t)m->n_years);
    ws->reg_shock = malloc(sizeof *ws->reg_shock * (size_t)m->n_years * PS_REGION_COUNT);
    ws->state_shock = malloc(sizeof *ws->state_shock * (size_t)m->n_years * STATE_SHOCK_COUNT);
    if (m->sc.unc.n > 0) {
        ws->run_model = malloc(sizeof *ws->run_model);
        if (!ws->run_model) {
            ps_workspace_free(ws);
            return NULL;
        }
        *ws->run_model = *m; /* shares m's arrays; only the drawn settings change */
        if (m->measure_per_run) {
            ws->run_initial = malloc(sizeof *ws->run_initial * n);
            if (!ws->run_initial) {
                ps_workspace_free(ws);
                return NULL;
            }
            ws->run_model->initial = ws->run_initial;
        }
    }
    if (!ws->rng || !ws->state || !ws->draws || !ws->zone_cb || !ws->zone_hash || !ws->keys || !ws->order ||
        !ws->sel_keys || !ws->best ||
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
    free(ws->zone_cb);
    free(ws->zone_hash);
    free(ws->keys);
    free(ws->order);
    free(ws->sel_keys);
    free(ws->best);
    free(ws->city_hosts);
    free(ws->nat_shock);
    free(ws->reg_shock);
    free(ws->state_shock);
    free(ws->run_model);
    free(ws->run_initial);
    free(ws);
}

ps_run_result *ps_run_result_alloc(const ps_model *m)
{
    ps_run_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->n_years = m->n_years;
    r->n_targets = m->sc.n_targets;
    r->row_run = -1; /* no row formatted yet */
    size_t ny = (size_t)m->n_years, nt = (size_t)m->sc.n_targets;
    r->values = malloc(sizeof *r->values * PS_METRIC_COUNT * ny);
    r->holds = malloc(nt * ny + 1);
    r->first_met = malloc(sizeof *r->first_met * (nt + 1));
    r->met = malloc(nt + 1);
    r->n_params = m->sc.unc.n;
    r->params = malloc(sizeof *r->params * ((size_t)r->n_params + 1));
    r->n_zones = m->n_zones;
    r->zone_flags = malloc((size_t)m->n_zones * ny + 1);
    r->zone_gdp = malloc(sizeof *r->zone_gdp * ((size_t)m->n_zones + 1));
    r->zone_rd = malloc(sizeof *r->zone_rd * ((size_t)m->n_zones + 1));
    r->n_provinces = m->prov.n;
    r->provinces = malloc(sizeof *r->provinces * ((size_t)m->prov.n * PS_PV_COUNT * ny + 1));
    r->zone_out = malloc(sizeof *r->zone_out * ((size_t)m->n_zones + 1));
    r->prov_slot = malloc(sizeof *r->prov_slot * ((size_t)m->prov.n * PS_PV_COUNT * ny + 1));
    r->prov_sum = malloc(sizeof *r->prov_sum * ((size_t)m->prov.n * PS_PROVINCE_SUMS * ny + 1));
    if (!r->values || !r->holds || !r->first_met || !r->met || !r->params || !r->zone_flags || !r->zone_gdp ||
        !r->zone_rd || !r->provinces || !r->zone_out || !r->prov_slot || !r->prov_sum) {
        ps_run_result_free(r);
        return NULL;
    }
    /* Until a run fills them, the counts by zone and province add nothing
     * (a result made by hand, as in tests, is safe to accumulate). */
    for (int i = 0; i < m->n_zones; i++)
        r->zone_out[i] = (ps_zone_outcome){.first = -1, .gdp_bin = -1, .rd_bin = -1};
    for (size_t k = 0; k < (size_t)m->prov.n * PS_PV_COUNT * ny; k++)
        r->prov_slot[k] = -1;
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
    free(r->params);
    free(r->zone_flags);
    free(r->zone_gdp);
    free(r->zone_rd);
    free(r->provinces);
    free(r->zone_out);
    free(r->prov_slot);
    free(r->prov_sum);
    free(r->row);
    free(r);
}

/* ---- one run ---------------------------------------------------------------- */

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

static void store_year(ps_run_result *res, int ny, int y, const double *metrics)
{
    for (int k = 0; k < PS_METRIC_COUNT; k++)
        res->values[k * ny + y] = metrics[k];
}

void ps_model_parameters(const ps_model *m, long run, double *params)
{
    const ps_unc_set *set = &m->sc.unc;
    double u[PS_UNC_MAX], scratch[2 * PS_UNC_MAX];
    ps_unc_uniforms(set, m->chol, m->corr_map, m->n_correlated, m->sc.run.seed, run, u, scratch);
    long row = m->samples.n_rows > 0 ? ps_unc_sample_row(m->sc.run.seed, run, m->samples.n_rows) : 0;
    for (int i = 0; i < set->n; i++)
        params[i] = m->sample_col[i] >= 0 ? m->samples.values[row * m->samples.n_cols + m->sample_col[i]]
                                          : ps_unc_quantile(&set->settings[i].dist, u[i]);
}

/* The model run `run` runs on: m itself, or for uncertain settings the
 * workspace's copy with this run's draws written in. */
static const ps_model *run_model(const ps_model *m, ps_workspace *ws, long run, double *params,
                                 const double *given)
{
    if (m->sc.unc.n == 0)
        return m;
    if (given)
        memcpy(params, given, sizeof *params * (size_t)m->sc.unc.n);
    else
        ps_model_parameters(m, run, params);
    for (int i = 0; i < m->sc.unc.n; i++)
        memcpy((char *)&ws->run_model->sc + m->sc.unc.settings[i].offset, &params[i], sizeof(double));
    if (m->measure_per_run) {
        /* This run's base year: its own measurement factors, its own aggregates. */
        ps_model *rm = ws->run_model;
        memcpy(ws->run_initial, m->unmeasured, sizeof *ws->run_initial * (size_t)m->n_zones);
        for (int i = 0; i < m->n_zones; i++)
            ps_base_measurement(&rm->sc, &ws->run_initial[i]);
        ps_base_aggregate(rm, ws->run_initial, ws->city_hosts, rm->base);
    }
    return ws->run_model;
}

/* PS_ERR_NUMERIC (and res->fault) if zone i's state after the step into
 * year index y cannot be represented; the check only reads the state. */
static int check_state(const ps_model *m, const zone_state *s, int i, long run, int y, ps_run_result *res)
{
    const char *what = NULL;
    double value = 0;
    if (!isfinite(s->gdp))
        what = "gdp", value = s->gdp;
    else if (!isfinite(s->prod) || s->prod <= 0)
        what = "productivity", value = s->prod;
    else if (!(s->firms <= PS_MODEL_COUNT_MAX))
        what = "enterprises", value = s->firms;
    else if (!isfinite(s->new_firms))
        what = "new_firms", value = s->new_firms;
    else if (!isfinite(s->land_approved) || !isfinite(s->land_built))
        what = "land", value = isfinite(s->land_approved) ? s->land_built : s->land_approved;
    if (!what)
        return 0;
    snprintf(res->fault, sizeof res->fault,
             "run %ld, year %d, zone %d (%.64s): %s reached %g, beyond what the model represents "
             "(finite values, counts up to 2^53): settings far outside their ranges",
             run, m->sc.run.base_year + y, m->zones[i]->id, m->zones[i]->name, what, value);
    return PS_ERR_NUMERIC;
}

/* ps_model_run with the uncertain settings drawn (given NULL) or given. */
static int model_run(const ps_model *m, ps_workspace *ws, long run, const double *given, ps_run_result *res,
                     ps_trajectory_fn trajectory, void *trajectory_ctx)
{
    m = run_model(m, ws, run, res->params, given);
    int ny = m->n_years;
    res->run = run;
    res->fault[0] = '\0';
    /* The base-year states, with their ln GDP, made once in ps_model_create. */
    memcpy(ws->state, m->initial, sizeof *ws->state * (size_t)m->n_zones);
    store_year(res, ny, 0, m->base);
    ps_draw_macro_shocks(m, ws, run);
    if (trajectory) {
        int rc = emit_trajectory(m, ws, run, 0, trajectory, trajectory_ctx);
        if (rc)
            return rc;
    }
    double metrics[PS_METRIC_COUNT];
    bool demotion_active = ps_demotion_active(&m->sc);
    /* One pass over the zones at the end of each year (the base year's
     * first): city_hosts, zone flags and province values of the year, its
     * metrics, and the statistics of the next year (yc). */
    year_context yc;
    ps_year_end(m, ws->state, ws->city_hosts, 0, &(ps_year_end_io){.next = ny > 1 ? &yc : NULL}, res);
    for (int y = 1; y < ny; y++) {
        yc.entry_shock = ps_entry_shock(&m->sc, ws->state_shock[y * STATE_SHOCK_COUNT + SHOCK_ENTRY]);
        if (ws->fast_rng) {
            /* Zones are independent within a year: first every zone's
             * continuous draws and ranking (a loop without long chains),
             * each zone's stream kept where its discrete draws resume, then
             * the steps. Each zone sees the same numbers as in one loop. */
            for (int i = 0; i < m->n_zones; i++) {
                ps_draw_zone_year(m, ws, i, y, &ws->draws[(size_t)i * DRAW_COUNT]);
                ws->zone_cb[i] = ws->cb;
            }
            for (int i = 0; i < m->n_zones; i++) {
                const double *d = &ws->draws[(size_t)i * DRAW_COUNT];
                /* Decisions rest on the year-t state: rank before stepping. */
                ps_rank_zone(m, ws, &yc, i, d, demotion_active);
                ws->cb = ws->zone_cb[i];
                ps_zone_step(m, ws, &yc, i, y, d);
            }
            /* The first zone whose state cannot be represented, in zone
             * order as when each zone was checked after its step. */
            for (int i = 0; i < m->n_zones; i++)
                if (check_state(m, &ws->state[i], i, run, y, res) != 0)
                    return PS_ERR_NUMERIC;
        } else {
            for (int i = 0; i < m->n_zones; i++) {
                double *d = &ws->draws[(size_t)i * DRAW_COUNT];
                ps_draw_zone_year(m, ws, i, y, d);
                /* Decisions rest on the year-t state: rank before stepping. */
                ps_rank_zone(m, ws, &yc, i, d, demotion_active);
                ps_zone_step(m, ws, &yc, i, y, d);
                if (check_state(m, &ws->state[i], i, run, y, res) != 0)
                    return PS_ERR_NUMERIC;
            }
        }
        int demotions = ps_apply_demotions(m, ws);
        int upgrades = ps_select_upgrades(m, ws, ps_draw_upgrade_count(m, ws, run, y), y);
        ps_year_end(m, ws->state, ws->city_hosts, y,
                    &(ps_year_end_io){.upgrades = upgrades, .demotions = demotions,
                                      .base_productivity = m->base[PS_M_LABOUR_PRODUCTIVITY],
                                      .metrics = metrics, .next = y + 1 < ny ? &yc : NULL},
                    res);
        store_year(res, ny, y, metrics);
        if (trajectory) {
            int rc = emit_trajectory(m, ws, run, y, trajectory, trajectory_ctx);
            if (rc)
                return rc;
        }
    }
    for (int i = 0; i < m->n_zones; i++)
        res->zone_gdp[i] = ws->state[i].gdp, res->zone_rd[i] = ws->state[i].rd;
    ps_zone_accum_record(&m->zone_bins, res);
    ps_province_record(m, res);
    ps_evaluate_targets(m, res);
    return 0;
}

int ps_model_run(const ps_model *m, ps_workspace *ws, long run, ps_run_result *res,
                 ps_trajectory_fn trajectory, void *trajectory_ctx)
{
    return model_run(m, ws, run, NULL, res, trajectory, trajectory_ctx);
}

int ps_model_run_params(const ps_model *m, ps_workspace *ws, long run, const double *params, ps_run_result *res,
                        ps_trajectory_fn trajectory, void *trajectory_ctx)
{
    return model_run(m, ws, run, params, res, trajectory, trajectory_ctx);
}
