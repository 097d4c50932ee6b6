/* test_equations.c — each equation of engine/MODEL.md §2.2–2.6 on its own,
 * against numbers worked out by hand: potential growth, plot ratio, land
 * productivity and need, expansion (扩区), built land, realised GDP, value
 * added, R&D, productivity, services share, entry rate, enterprises, and the
 * readiness score, keys, selection of upgrades and demotions. Each test sets only the settings its
 * equation reads, on an otherwise zero scenario, so the expected value can be
 * checked with a pencil. */
#include <string.h>

#include <gsl/gsl_errno.h>

#include "upgrades_int.h"
#include "zone_step_int.h"

#include "test_util.h"

#define TOL 1e-12

static ps_scenario zero_scenario(void)
{
    ps_scenario sc;
    memset(&sc, 0, sizeof sc);
    return sc;
}

static void test_potential_growth(void **state)
{
    (void)state;
    ps_scenario sc = zero_scenario();
    sc.growth.mu = 0.1;
    sc.policy.growth = 0.02;
    sc.growth.region_effect[PS_REGION_WEST] = 0.03;
    sc.growth.class_effect[PS_CLASS_WORLD] = 0.04;
    sc.growth.provincial_effect = -0.05;
    sc.growth.demo_effect = 0.01;
    sc.growth.convergence = 0.5;
    sc.shocks.regional_sigma = 0.2;
    sc.shocks.zone_sigma = 0.1;
    ps_zone_base z = {.region = PS_REGION_WEST, .cls = PS_CLASS_WORLD, .demo = true};
    /* ln Y = 3 against a tier mean of 2: convergence takes 0.5; shocks
     * u = 0.05, 0.2 * 1, 0.1 * (-2). */
    /* 0.1 + 0.02 + 0.03 + 0.04 + 0.01 - 0.5 + 0.05 + 0.2 - 0.2 */
    assert_close(ps_potential_growth(&sc, &z, PS_TIER_NATIONAL, 3.0, 2.0, 0.05, 1.0, -2.0), -0.25, TOL);
    /* A provincial zone takes provincial_effect instead of its class effect. */
    assert_close(ps_potential_growth(&sc, &z, PS_TIER_PROVINCIAL, 3.0, 2.0, 0.05, 1.0, -2.0), -0.34, TOL);
    z.demo = false;
    assert_close(ps_potential_growth(&sc, &z, PS_TIER_NATIONAL, 3.0, 2.0, 0.05, 1.0, -2.0), -0.26, TOL);
    /* A zone below its tier's mean grows faster. */
    assert_close(ps_potential_growth(&sc, &z, PS_TIER_NATIONAL, 1.0, 2.0, 0.0, 0.0, 0.0), 0.69, TOL);
    assert_close(ps_potential_gdp(100.0, log(2.0)), 200.0, TOL * 200);
}

static void test_plot_ratio(void **state)
{
    (void)state;
    ps_scenario sc = zero_scenario();
    sc.land.plot_ratio_max = 1.2;
    sc.land.plot_ratio_gain = 0.1;
    sc.policy.plot_ratio_gain = 0.05;
    assert_close(ps_plot_ratio(&sc, 1.0), 1.15, TOL);
    assert_close(ps_plot_ratio(&sc, 1.1), 1.2, 0);  /* stops at the ceiling */
    assert_close(ps_plot_ratio(&sc, 1.5), 1.5, 0);  /* above it: keeps its ratio */
}

static void test_land_productivity_and_need(void **state)
{
    (void)state;
    ps_scenario sc = zero_scenario();
    sc.land.tech_gain = 0.1;
    /* Y / B = 100 / 20 = 5, denser by 1.0 / 0.8 = 1.25, technology 1.1. */
    assert_close(ps_land_productivity(&sc, 100, 20, 0.8, 1.0), 6.875, TOL);
    sc.land.tech_gain = 0;
    assert_close(ps_land_productivity(&sc, 100, 20, 1.0, 1.0), 5.0, 0);
    assert_close(ps_land_needed(110, 5, 20), 2.0, TOL);
    assert_close(ps_land_needed(90, 5, 20), -2.0, TOL); /* spare land */
}

static void test_expansion_only_when_land_runs_out(void **state)
{
    (void)state;
    ps_scenario sc = zero_scenario();
    sc.shocks.discrete_random = true;
    sc.land.expansion_prob = 0.3;
    sc.land.expansion_share = 0.5;
    /* Approved 30 ha, built 20: 10 ha left. */
    assert_false(ps_expansion_granted(&sc, 5, 30, 20, 0.01));  /* need fits */
    assert_false(ps_expansion_granted(&sc, 10, 30, 20, 0.01)); /* exactly fits */
    assert_true(ps_expansion_granted(&sc, 15, 30, 20, 0.2));   /* need exceeds room, u < prob */
    assert_false(ps_expansion_granted(&sc, 15, 30, 20, 0.5));  /* u >= prob */
    sc.shocks.discrete_random = false;                          /* expectation mode: never */
    assert_false(ps_expansion_granted(&sc, 15, 30, 20, 0.2));
    assert_close(ps_expanded_area(&sc, 30), 45, 0);
}

static void test_built_land(void **state)
{
    (void)state;
    ps_scenario sc = zero_scenario();
    sc.land.supply_cap = 0.05;
    sc.policy.land_supply_factor = 2; /* cap: 10 % of built land a year */
    assert_close(ps_built_land(&sc, 5, 150, 100), 105, TOL);   /* need met */
    assert_close(ps_built_land(&sc, 30, 150, 100), 110, TOL);  /* supply cap */
    assert_close(ps_built_land(&sc, 30, 104, 100), 104, TOL);  /* approved area left */
    assert_close(ps_built_land(&sc, -3, 150, 100), 100, 0);    /* never shrinks */
    assert_close(ps_built_land(&sc, 30, 90, 100), 100, 0);     /* built beyond approved */
}

static void test_realised_gdp_capped_by_land(void **state)
{
    (void)state;
    /* Potential 110, land productivity 5: 21 ha hold 105, 30 ha hold 150. */
    assert_close(ps_realised_gdp(110, 5, 21), 105, TOL);
    assert_true(ps_land_limited(105, 110));
    assert_close(ps_realised_gdp(110, 5, 30), 110, 0);
    assert_false(ps_land_limited(110, 110));
    /* Rounding below potential does not count as a limit. */
    assert_false(ps_land_limited(110 * (1 - 1e-14), 110));
    assert_true(ps_land_limited(110 * (1 - 1e-9), 110));
}

static void test_value_added_clamped(void **state)
{
    (void)state;
    ps_scenario sc = zero_scenario();
    sc.value_added.drift = 0.01;
    sc.value_added.sigma = 0.1;
    sc.value_added.min = 0.1;
    sc.value_added.max = 0.5;
    assert_close(ps_value_added(&sc, 0.3, 1.0), 0.41, TOL);
    assert_close(ps_value_added(&sc, 0.3, 10.0), 0.5, 0);
    assert_close(ps_value_added(&sc, 0.3, -10.0), 0.1, 0);
}

static void test_rd_intensity(void **state)
{
    (void)state;
    ps_scenario sc = zero_scenario();
    sc.rd.kappa = 0.5;
    sc.rd.target[PS_CLASS_WORLD] = 0.08;
    sc.rd.target[PS_CLASS_STANDARD] = 0.05;
    sc.rd.target_provincial = 0.03;
    sc.policy.rd_uplift = 0.01;
    sc.rd.sigma = 0.01;
    sc.rd.sigma_national = 0.02;
    sc.rd.max = 0.2;
    /* Halfway from 0.05 to 0.09, plus 0.01 * 1 and 0.02 * 0.5. */
    assert_close(ps_rd_intensity(&sc, PS_TIER_NATIONAL, PS_CLASS_WORLD, 0.05, 1.0, 0.5), 0.09, TOL);
    assert_close(ps_rd_intensity(&sc, PS_TIER_NATIONAL, PS_CLASS_STANDARD, 0.05, 0.0, 0.0), 0.055, TOL);
    /* Provincial: target 0.03 + 0.01 whatever the class. */
    assert_close(ps_rd_intensity(&sc, PS_TIER_PROVINCIAL, PS_CLASS_WORLD, 0.05, 0.0, 1.0), 0.065, TOL);
    assert_close(ps_rd_intensity(&sc, PS_TIER_NATIONAL, PS_CLASS_WORLD, 0.05, -100.0, 0.0), 0.0, 0);
    assert_close(ps_rd_intensity(&sc, PS_TIER_NATIONAL, PS_CLASS_WORLD, 0.05, 100.0, 0.0), 0.2, 0);
}

static void test_productivity(void **state)
{
    (void)state;
    ps_scenario sc = zero_scenario();
    sc.productivity.growth = 0.05;
    sc.productivity.sigma = 0.1;
    sc.productivity.sigma_national = 0.2;
    /* ln p grows by 0.05 + 0.1 * 0.5 - 0.2 * 0.25 = 0.05. */
    assert_close(ps_productivity(&sc, 40, 0.5, -0.25), 40 * exp(0.05), TOL * 40);
    assert_close(ps_productivity(&sc, 40, -0.5, 0.0), 40.0, TOL * 40);
}

static void test_services_share(void **state)
{
    (void)state;
    ps_scenario sc = zero_scenario();
    sc.kis.kappa = 0.5;
    sc.kis.target = 0.4;
    sc.kis.target_provincial = 0.2;
    sc.policy.kis_uplift = 0.1;
    sc.kis.sigma = 0.1;
    sc.kis.sigma_national = 0.05;
    assert_close(ps_services_share(&sc, PS_TIER_NATIONAL, 0.3, 0.0, 0.0), 0.4, TOL);   /* halfway to 0.5 */
    assert_close(ps_services_share(&sc, PS_TIER_PROVINCIAL, 0.3, 0.0, 0.0), 0.3, TOL); /* at 0.3 already */
    assert_close(ps_services_share(&sc, PS_TIER_NATIONAL, 0.3, 1.0, 2.0), 0.6, TOL);
    assert_close(ps_services_share(&sc, PS_TIER_NATIONAL, 0.3, 100.0, 0.0), 1.0, 0);
    assert_close(ps_services_share(&sc, PS_TIER_NATIONAL, 0.3, -100.0, 0.0), 0.0, 0);
}

static void test_entry_rate_floored(void **state)
{
    (void)state;
    ps_scenario sc = zero_scenario();
    sc.enterprises.entry_rate = 0.1;
    sc.policy.entry_boost = 0.02;
    sc.enterprises.entry_growth_elasticity = 2;
    sc.growth.mu = 0.1;
    sc.enterprises.entry_sigma_national = 0.5;
    /* 0.12 * (1 + 2 * (0.2 - 0.1)) = 0.144. */
    assert_close(ps_entry_rate(&sc, 0.2, ps_entry_shock(&sc, 0.0)), 0.144, TOL);
    assert_close(ps_entry_rate(&sc, 0.2, ps_entry_shock(&sc, 1.0)), 0.144 * exp(0.5), TOL);
    /* Shrinking by 0.5: 1 + 2 * (-0.6) < 0, floored at 0. */
    assert_close(ps_entry_rate(&sc, -0.5, ps_entry_shock(&sc, 0.0)), 0.0, 0);
}

static void test_enterprises_expectation_mode(void **state)
{
    (void)state;
    ps_scenario sc = zero_scenario();
    sc.shocks.discrete_random = false;
    sc.enterprises.exit_rate = 0.05;
    /* No draws: the workspace is not touched. */
    double entries = ps_entries(&sc, NULL, 0.144, 1000), exits = ps_exits(&sc, NULL, 1000);
    assert_close(entries, 144, TOL * 144);
    assert_close(exits, 50, TOL * 50);
    assert_close(ps_enterprises(1000, entries, exits), 1094, TOL * 1094);
    assert_close(ps_enterprises(10, 0, 20), 1, 0); /* never below one firm */
}

/* Discrete mode: entries ~ Poisson(100), exits ~ Binomial(1000, 0.05), from
 * a workspace's generator. Means within 5 standard errors. */
static void test_enterprises_discrete_mode(void **state)
{
    (void)state;
    test_job job;
    test_job_open(&job, "tests/data/model/three.cfg", NULL, 0);
    ps_workspace *ws = ps_workspace_alloc(job.model);
    assert_non_null(ws);
    ps_scenario sc = zero_scenario();
    sc.shocks.discrete_random = true;
    sc.enterprises.exit_rate = 0.05;
    ps_draw_seed(ws, 12345);
    enum { N = 4000 };
    double sum_entries = 0, sum_exits = 0;
    for (int k = 0; k < N; k++) {
        double entries = ps_entries(&sc, ws, 0.1, 1000), exits = ps_exits(&sc, ws, 1000);
        assert_true(entries == floor(entries) && entries >= 0);
        assert_true(exits == floor(exits) && exits >= 0 && exits <= 1000);
        sum_entries += entries;
        sum_exits += exits;
    }
    assert_close(sum_entries / N, 100, 5 * sqrt(100.0 / N));
    assert_close(sum_exits / N, 50, 5 * sqrt(1000 * 0.05 * 0.95 / N));
    ps_workspace_free(ws);
    test_job_close(&job);
}

/* Counts beyond 32 bits (issue 14, defect 1): exits from 5e9 firms and
 * entries at a mean of 6e9, on both back ends (taus2: fastran; mt19937:
 * GSL, handing such counts to fastran). Whole numbers, within range, means
 * within 5 standard errors; before, the binomial wrapped or never returned. */
static void test_enterprises_beyond_32_bits(void **state)
{
    (void)state;
    const char *generators[] = {"run.generator=\"taus2\"", "run.generator=\"mt19937\""};
    for (int g = 0; g < 2; g++) {
        test_job job;
        test_job_open(&job, "tests/data/model/three.cfg", &generators[g], 1);
        ps_workspace *ws = ps_workspace_alloc(job.model);
        assert_non_null(ws);
        ps_scenario sc = zero_scenario();
        sc.shocks.discrete_random = true;
        sc.enterprises.exit_rate = 0.05;
        ps_draw_seed(ws, 4711);
        enum { N = 400 };
        double n = 5e9, mean = 6e9, sum_entries = 0, sum_exits = 0;
        for (int k = 0; k < N; k++) {
            double entries = ps_entries(&sc, ws, mean / n, n), exits = ps_exits(&sc, ws, n);
            assert_true(entries == floor(entries) && entries >= 0);
            assert_true(exits == floor(exits) && exits >= 0 && exits <= n);
            sum_entries += entries;
            sum_exits += exits;
        }
        assert_close(sum_entries / N, mean, 5 * sqrt(mean / N));
        assert_close(sum_exits / N, n * 0.05, 5 * sqrt(n * 0.05 * 0.95 / N));
        ps_workspace_free(ws);
        test_job_close(&job);
    }
}

static void test_upgrade_score_and_key(void **state)
{
    (void)state;
    ps_scenario sc = zero_scenario();
    sc.upgrade.min_gdp = 50;
    sc.upgrade.weight_size = 1;
    sc.upgrade.weight_rd = 0.5;
    sc.upgrade.region_weight[PS_REGION_EAST] = 0.2;
    sc.upgrade.score_noise = 0.1;
    sc.upgrade.city_bonus = 0.3;
    /* 1 * (5 - 4) + 0.5 * (-3 + 4) + 0.2 + 0.1 * 2 = 1.9; +0.3 without a
     * national zone in the city. */
    double rd = exp(-3.0);
    assert_close(ps_readiness_score(&sc, PS_REGION_EAST, 5, ps_log_rd(rd), 4, -4, true, 2), 1.9, TOL);
    assert_close(ps_readiness_score(&sc, PS_REGION_EAST, 5, ps_log_rd(rd), 4, -4, false, 2), 2.2, TOL);
    /* R&D intensity 0 counts as 1e-6 (its log stays finite). */
    assert_close(ps_readiness_score(&sc, PS_REGION_WEST, 4, ps_log_rd(0), 4, 0, true, 0), 0.5 * log(1e-6), TOL);
    /* Key ln(u) / e^s: weight 2 halves the key's magnitude. */
    assert_close(ps_upgrade_key(exp(-1.0), 0), -1, TOL);
    assert_close(ps_upgrade_key(0.25, log(2.0)), log(0.25) / 2, TOL);
    assert_true(ps_upgrade_key(0.5, 1.0) > ps_upgrade_key(0.5, 0.0));

    assert_true(ps_upgrade_eligible(&sc, PS_TIER_PROVINCIAL, 50));
    assert_false(ps_upgrade_eligible(&sc, PS_TIER_PROVINCIAL, 49.9));
    assert_false(ps_upgrade_eligible(&sc, PS_TIER_NATIONAL, 500));

    sc.shocks.discrete_random = true;
    sc.demotion.prob = 0.5;
    sc.demotion.bottom_share = 0.1;
    assert_true(ps_demotion_active(&sc));
    sc.demotion.bottom_share = 0;
    assert_false(ps_demotion_active(&sc));
    sc.demotion.bottom_share = 0.1;
    sc.shocks.discrete_random = false;
    assert_false(ps_demotion_active(&sc));
}

/* The candidates with the k largest keys become national in year index y;
 * `upgraded` then marks exactly them. */
static void test_select_upgrades_takes_largest_keys(void **state)
{
    (void)state;
    test_job job;
    test_job_open(&job, "scenarios/plan.cfg", NULL, 0);
    const ps_model *m = job.model;
    ps_workspace *ws = ps_workspace_alloc(m);
    assert_non_null(ws);
    for (int i = 0; i < m->n_zones; i++) {
        ps_zone_state_init(m->zones[i], &ws->state[i]);
        ws->state[i].upgraded = false;
    }
    /* Four provincial candidates with keys -3, -0.5, -2, -1: the two
     * largest are -0.5 and -1. */
    const double keys[] = {-3, -0.5, -2, -1};
    int cand[4], n = 0;
    for (int i = 0; i < m->n_zones && n < 4; i++)
        if (ws->state[i].tier == PS_TIER_PROVINCIAL) {
            cand[n] = i;
            ws->state[i].upgraded = true;
            ws->keys[i] = keys[n++];
        }
    assert_int_equal(n, 4);
    assert_int_equal(ps_select_upgrades(m, ws, 2, 3), 2);
    const bool chosen[] = {false, true, false, true};
    for (int c = 0; c < 4; c++) {
        const zone_state *s = &ws->state[cand[c]];
        assert_int_equal(s->upgraded, chosen[c]);
        assert_int_equal(s->tier, chosen[c] ? PS_TIER_NATIONAL : PS_TIER_PROVINCIAL);
        if (chosen[c])
            assert_int_equal(s->national_since, m->sc.run.base_year + 3);
    }
    /* More upgrades asked for than candidates: all of them, no more. (The
     * run marks a new year's candidates afresh, as here.) */
    ws->state[cand[1]].upgraded = false;
    ws->state[cand[3]].upgraded = false;
    ws->state[cand[0]].upgraded = true;
    ws->state[cand[2]].upgraded = true;
    assert_int_equal(ps_select_upgrades(m, ws, 10, 4), 2);
    assert_int_equal(ws->state[cand[0]].tier, PS_TIER_NATIONAL);
    for (int c = 0; c < 4; c++)
        ws->state[cand[c]].upgraded = false;
    assert_int_equal(ps_select_upgrades(m, ws, 10, 5), 0); /* no candidates */
    ps_workspace_free(ws);
    test_job_close(&job);
}

/* Demotion: among the bottom floor(share * n) national zones (SIP aside) by
 * score, those whose uniform is below demotion.prob lose status. */
static void test_demotions_bottom_share(void **state)
{
    (void)state;
    const char *sets[] = {"demotion.prob=0.5", "demotion.bottom_share=0.1"};
    test_job job;
    test_job_open(&job, "scenarios/plan.cfg", sets, 2);
    const ps_model *m = job.model;
    assert_true(m->sc.shocks.discrete_random);
    ps_workspace *ws = ps_workspace_alloc(m);
    assert_non_null(ws);
    int n_national = 0;
    for (int i = 0; i < m->n_zones; i++) {
        ps_zone_state_init(m->zones[i], &ws->state[i]);
        ws->state[i].demoted = false;
        /* Score = zone index: the bottom are the first national zones. The
         * uniform alternates below / above demotion.prob. */
        ws->keys[i] = i;
        ws->draws[(size_t)i * DRAW_COUNT + DRAW_SELECT] = i % 2 ? 0.9 : 0.1;
        n_national += ws->state[i].tier == PS_TIER_NATIONAL && !m->zones[i]->sip;
    }
    int bottom = (int)floor(0.1 * n_national), expected = 0, seen = 0;
    for (int i = 0; i < m->n_zones; i++)
        if (ws->state[i].tier == PS_TIER_NATIONAL && !m->zones[i]->sip && seen++ < bottom)
            expected += i % 2 == 0;
    assert_true(bottom >= 10 && expected >= 4);
    assert_int_equal(ps_apply_demotions(m, ws), expected);
    seen = 0;
    for (int i = 0; i < m->n_zones; i++) {
        const ps_zone_base *z = m->zones[i];
        bool in_bottom = z->tier == PS_TIER_NATIONAL && !z->sip && seen++ < bottom;
        bool demoted = in_bottom && i % 2 == 0;
        assert_int_equal(ws->state[i].demoted, demoted);
        assert_int_equal(ws->state[i].tier, demoted ? PS_TIER_PROVINCIAL : z->tier);
    }
    ps_workspace_free(ws);
    test_job_close(&job);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_potential_growth),
        cmocka_unit_test(test_plot_ratio),
        cmocka_unit_test(test_land_productivity_and_need),
        cmocka_unit_test(test_expansion_only_when_land_runs_out),
        cmocka_unit_test(test_built_land),
        cmocka_unit_test(test_realised_gdp_capped_by_land),
        cmocka_unit_test(test_value_added_clamped),
        cmocka_unit_test(test_rd_intensity),
        cmocka_unit_test(test_productivity),
        cmocka_unit_test(test_services_share),
        cmocka_unit_test(test_entry_rate_floored),
        cmocka_unit_test(test_enterprises_expectation_mode),
        cmocka_unit_test(test_enterprises_discrete_mode),
        cmocka_unit_test(test_enterprises_beyond_32_bits),
        cmocka_unit_test(test_upgrade_score_and_key),
        cmocka_unit_test(test_select_upgrades_takes_largest_keys),
        cmocka_unit_test(test_demotions_bottom_share),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
