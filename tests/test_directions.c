/* test_directions.c — every numeric setting of scenarios/plan.cfg, held at
 * its central value (scenarios/plan_fixed.cfg, so that only the setting
 * under test varies), moves the outcome in the direction its comment says.
 *
 * Each case changes one setting and compares, run by run (same seed, so
 * common random numbers), a 2020 metric with plan.cfg: the mean paired
 * difference must have the expected sign and be more than 3 standard errors
 * from zero. Settings that act on spread are checked on the standard
 * deviation across runs instead (it must change by more than 5 %). */
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_statistics.h>

#include "test_util.h"

#define PLAN "scenarios/plan_fixed.cfg"
enum { RUNS = 160 };

typedef enum { MEAN, SPREAD } effect_kind;

typedef struct direction_case {
    const char *set[2]; /* one or two overrides */
    ps_metric metric;
    int sign; /* +1: the metric rises, -1: it falls */
    effect_kind kind;
} direction_case;

static const direction_case cases[] = {
    {{"shocks.national_ar=0.8"}, PS_M_GDP, +1, SPREAD},
    {{"shocks.national_sigma=0.06"}, PS_M_GDP, +1, SPREAD},
    {{"shocks.regional_sigma=0.06"}, PS_M_GDP, +1, SPREAD},
    {{"growth.mu=0.11"}, PS_M_GDP, +1, MEAN},
    {{"growth.convergence=0.06"}, PS_M_GDP, -1, MEAN},
    {{"growth.class_effect.world_class=0.04"}, PS_M_GDP, +1, MEAN},
    {{"growth.class_effect.innovative=0.03"}, PS_M_GDP, +1, MEAN},
    {{"growth.class_effect.specialty=0.02"}, PS_M_GDP, +1, MEAN},
    {{"growth.class_effect.standard=0.02"}, PS_M_GDP, +1, MEAN},
    {{"growth.region_effect.east=0.02"}, PS_M_GDP_EAST, +1, MEAN},
    {{"growth.region_effect.central=0.03"}, PS_M_GDP_CENTRAL, +1, MEAN},
    {{"growth.region_effect.west=0.03"}, PS_M_GDP_WEST, +1, MEAN},
    {{"growth.region_effect.northeast=0.0"}, PS_M_GDP_NORTHEAST, +1, MEAN},
    {{"growth.demo_effect=0.03"}, PS_M_GDP, +1, MEAN},
    {{"growth.provincial_effect=0.05"}, PS_M_GDP, +1, MEAN},
    {{"land.plot_ratio_max=1.05"}, PS_M_GDP, -1, MEAN},
    {{"land.plot_ratio_gain=0.06"}, PS_M_GDP, +1, MEAN},
    {{"land.tech_gain=0.0"}, PS_M_GDP, +1, MEAN},
    {{"land.supply_cap=0.05"}, PS_M_GDP, -1, MEAN},
    {{"land.expansion_prob=0.8"}, PS_M_GDP, +1, MEAN},
    {{"land.expansion_share=1.0"}, PS_M_GDP, +1, MEAN},
    {{"value_added.drift=0.01"}, PS_M_REVENUE, -1, MEAN},
    {{"value_added.sigma=0.03"}, PS_M_REVENUE, +1, MEAN},
    {{"value_added.min=0.3"}, PS_M_REVENUE, -1, MEAN},
    {{"value_added.max=0.3"}, PS_M_REVENUE, +1, MEAN},
    {{"rd.kappa=0.3"}, PS_M_RD_INTENSITY, +1, MEAN},
    {{"rd.target.world_class=0.1"}, PS_M_RD_INTENSITY, +1, MEAN},
    {{"rd.target.innovative=0.08"}, PS_M_RD_INTENSITY, +1, MEAN},
    {{"rd.target.specialty=0.07"}, PS_M_RD_INTENSITY, +1, MEAN},
    {{"rd.target.standard=0.06"}, PS_M_RD_INTENSITY, +1, MEAN},
    {{"rd.target_provincial=0.05"}, PS_M_RD_INTENSITY, +1, MEAN},
    {{"rd.sigma=0.01"}, PS_M_RD_INTENSITY, +1, SPREAD},
    {{"rd.sigma_national=0.004"}, PS_M_RD_INTENSITY, +1, SPREAD},
    {{"rd.max=0.05"}, PS_M_RD_INTENSITY, -1, MEAN},
    {{"productivity.growth=0.09"}, PS_M_PRODUCTIVITY_GROWTH, +1, MEAN},
    {{"productivity.sigma=0.08"}, PS_M_PRODUCTIVITY_GROWTH, -1, MEAN},
    {{"productivity.sigma_national=0.05"}, PS_M_PRODUCTIVITY_GROWTH, +1, SPREAD},
    {{"enterprises.entry_rate=0.16"}, PS_M_NEW_FIRM_SHARE, +1, MEAN},
    {{"enterprises.exit_rate=0.08"}, PS_M_ENTERPRISES, -1, MEAN},
    {{"enterprises.entry_growth_elasticity=3.0"}, PS_M_NEW_FIRM_SHARE, +1, SPREAD},
    {{"enterprises.entry_sigma_national=0.3"}, PS_M_NEW_FIRM_SHARE, +1, SPREAD},
    {{"kis.kappa=0.2"}, PS_M_KIS_SHARE, +1, MEAN},
    {{"kis.target=0.32"}, PS_M_KIS_SHARE, +1, MEAN},
    {{"kis.target_provincial=0.25"}, PS_M_KIS_SHARE, +1, MEAN},
    {{"kis.sigma=0.03"}, PS_M_KIS_SHARE, +1, SPREAD},
    {{"kis.sigma_national=0.008"}, PS_M_KIS_SHARE, +1, SPREAD},
    {{"upgrade.rate=25.0"}, PS_M_NATIONAL_ZONES, +1, MEAN},
    {{"upgrade.dispersion=20.0"}, PS_M_NATIONAL_ZONES, -1, SPREAD},
    {{"upgrade.pool_size=40"}, PS_M_NATIONAL_ZONES, -1, MEAN},
    {{"upgrade.min_gdp=150.0"}, PS_M_NATIONAL_ZONES, -1, MEAN},
    {{"upgrade.weight_size=3.0"}, PS_M_GDP, +1, MEAN},
    {{"upgrade.weight_rd=3.0"}, PS_M_RD_INTENSITY, +1, MEAN},
    {{"upgrade.region_weight.east=2.0"}, PS_M_ZONES_EAST, +1, MEAN},
    {{"upgrade.region_weight.central=2.0"}, PS_M_ZONES_CENTRAL, +1, MEAN},
    {{"upgrade.region_weight.west=2.0"}, PS_M_ZONES_WEST, +1, MEAN},
    {{"upgrade.region_weight.northeast=2.0"}, PS_M_ZONES_NORTHEAST, +1, MEAN},
    {{"upgrade.city_bonus=2.0"}, PS_M_CITY_COVERAGE, +1, MEAN},
    {{"upgrade.score_noise=3.0"}, PS_M_GDP, -1, MEAN},
    {{"demotion.prob=0.3"}, PS_M_NATIONAL_ZONES, -1, MEAN},
    {{"demotion.prob=0.3", "demotion.bottom_share=0.2"}, PS_M_DEMOTIONS, +1, MEAN},
    {{"policy.growth=0.02"}, PS_M_GDP, +1, MEAN},
    {{"policy.rd_uplift=0.01"}, PS_M_RD_INTENSITY, +1, MEAN},
    {{"policy.entry_boost=0.03"}, PS_M_NEW_FIRM_SHARE, +1, MEAN},
    {{"policy.kis_uplift=0.05"}, PS_M_KIS_SHARE, +1, MEAN},
    {{"policy.land_supply_factor=0.4"}, PS_M_GDP, -1, MEAN},
    {{"policy.plot_ratio_gain=0.02"}, PS_M_PLOT_RATIO, +1, MEAN},
    {{"measurement.gdp_factor=1.1"}, PS_M_GDP, +1, MEAN},
    {{"measurement.rd_factor=1.1"}, PS_M_RD_INTENSITY, +1, MEAN},
    {{"measurement.enterprises_factor=1.2"}, PS_M_ENTERPRISES, +1, MEAN},
    {{"run.include_sip=true"}, PS_M_NATIONAL_ZONES, +1, MEAN},
    {{"run.prefecture_cities=400"}, PS_M_CITY_COVERAGE, -1, MEAN},
};

/* Values of metric at the horizon for runs 0..RUNS-1. */
static void horizon_values(const char *const *sets, int n_sets, ps_metric metric, double *out)
{
    test_job job;
    test_job_open(&job, PLAN, sets, n_sets);
    ps_workspace *ws = ps_workspace_alloc(job.model);
    ps_run_result *r = ps_run_result_alloc(job.model);
    for (int k = 0; k < RUNS; k++) {
        assert_int_equal(ps_model_run(job.model, ws, k, r, NULL, NULL), 0);
        out[k] = run_value(r, metric, r->n_years - 1);
    }
    ps_run_result_free(r);
    ps_workspace_free(ws);
    test_job_close(&job);
}

static void test_every_setting_moves_its_metric(void **state)
{
    (void)state;
    /* plan.cfg's values of every metric, once. */
    static double base[PS_METRIC_COUNT][RUNS];
    bool have_base[PS_METRIC_COUNT] = {false};
    int failures = 0;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const direction_case *dc = &cases[c];
        if (!have_base[dc->metric]) {
            horizon_values(NULL, 0, dc->metric, base[dc->metric]);
            have_base[dc->metric] = true;
        }
        double changed[RUNS], diff[RUNS];
        int n_sets = dc->set[1] ? 2 : 1;
        horizon_values(dc->set, n_sets, dc->metric, changed);
        const char *name = ps_metric_get(dc->metric)->name;
        bool ok;
        if (dc->kind == MEAN) {
            for (int k = 0; k < RUNS; k++)
                diff[k] = changed[k] - base[dc->metric][k];
            double mean = gsl_stats_mean(diff, 1, RUNS), se = gsl_stats_sd(diff, 1, RUNS) / sqrt(RUNS);
            ok = dc->sign * mean > 3 * se && dc->sign * mean > 0;
            print_message("%-44s %-22s mean change %+.4g (se %.2g)%s\n", dc->set[0], name, mean, se,
                          ok ? "" : "  WRONG DIRECTION");
        } else {
            double ratio = gsl_stats_sd(changed, 1, RUNS) / gsl_stats_sd(base[dc->metric], 1, RUNS);
            ok = dc->sign > 0 ? ratio > 1.05 : ratio < 1 / 1.05;
            print_message("%-44s %-22s sd ratio %.3f%s\n", dc->set[0], name, ratio, ok ? "" : "  WRONG DIRECTION");
        }
        failures += !ok;
    }
    assert_int_equal(failures, 0);
}

/* The zone shock acts on dispersion between zones, which no aggregate shows
 * cleanly (land caps truncate it): check the spread of potential growth
 * across zones in the first projected year of run 0, via the trajectory. */
typedef struct growth_spread {
    double values[2048];
    int n;
} growth_spread;

static int collect_growth(void *ctx, const ps_zone_view *z)
{
    growth_spread *g = ctx;
    if (z->year == 2016 && z->tier == PS_TIER_NATIONAL && g->n < 2048)
        g->values[g->n++] = z->growth_potential;
    return 0;
}

static double zone_growth_sd(const char *set)
{
    const char *sets[] = {set};
    test_job job;
    test_job_open(&job, PLAN, sets, set ? 1 : 0);
    ps_workspace *ws = ps_workspace_alloc(job.model);
    ps_run_result *r = ps_run_result_alloc(job.model);
    static growth_spread g;
    g.n = 0;
    assert_int_equal(ps_model_run(job.model, ws, 0, r, collect_growth, &g), 0);
    ps_run_result_free(r);
    ps_workspace_free(ws);
    test_job_close(&job);
    return gsl_stats_sd(g.values, 1, (size_t)g.n);
}

static void test_zone_shock_spreads_zones(void **state)
{
    (void)state;
    double base = zone_growth_sd(NULL), wide = zone_growth_sd("shocks.zone_sigma=0.16");
    print_message("sd of potential growth across zones in 2016: %.4f, with zone_sigma 0.16: %.4f\n", base, wide);
    assert_true(wide > 1.5 * base);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_setting_moves_its_metric),
        cmocka_unit_test(test_zone_shock_spreads_zones),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
