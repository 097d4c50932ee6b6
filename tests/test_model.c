/* test_model.c — the projection itself: a hand calculation of three zones
 * with every shock off, the base year against the published aggregates,
 * run reproducibility, common random numbers, and the bench's draws alone.
 * The equations one by one are in test_equations.c. */
#include <string.h>

#include "parksim/accum.h"
#include "parksim/mc.h"
#include "parksim/output.h"
#include <gsl/gsl_errno.h>
#include <gsl/gsl_statistics.h>

#include "test_util.h"

#define THREE "tests/data/model/three.cfg"
#define PLAN "scenarios/plan_fixed.cfg"

/* Year 2016 and 2017 of three.cfg, computed here from the equations of
 * engine/MODEL.md with the numbers of three.tsv / three.cfg. */
static void test_three_zones_by_hand(void **state)
{
    (void)state;
    test_job job;
    test_job_open(&job, THREE, NULL, 0);
    ps_workspace *ws = ps_workspace_alloc(job.model);
    ps_run_result *r = ps_run_result_alloc(job.model);
    assert_int_equal(ps_model_run(job.model, ws, 0, r, NULL, NULL), 0);

    /* Growth: mean ln GDP of the national tier is (ln 1000 + ln 100) / 2. */
    double m = 0.5 * (log(1000.0) + log(100.0));
    double g_alpha = 0.1 + 0.0 + 0.02 + 0.01 - 0.05 * (log(1000.0) - m);
    double g_beta = 0.1 + 0.01 + 0.0 - 0.05 * (log(100.0) - m);
    double y_alpha = 1000 * exp(g_alpha); /* Alpha: land is ample */
    /* Beta: plot ratio 0.8 -> 0.9, land productivity 100/20 * 0.9/0.8; it
     * needs more land than the 5 % supply cap allows: 20 -> 21 ha. */
    double q_beta = 100.0 / 20.0 * 0.9 / 0.8;
    double y_beta_potential = 100 * exp(g_beta);
    assert_true(y_beta_potential / q_beta - 20 > 1.0);
    double y_beta = q_beta * 21.0;

    assert_close(run_value(r, PS_M_GDP, 1), y_alpha + y_beta, 1e-9);
    assert_close(run_value(r, PS_M_NATIONAL_ZONES, 1), 2, 0);
    assert_close(run_value(r, PS_M_LAND_LIMITED, 1), 1, 0);
    assert_close(run_value(r, PS_M_BUILT_LAND, 1), 100 + 21, 1e-12);
    /* R&D: halfway to the class targets 0.08 and 0.05. */
    double rd = (0.07 * y_alpha + 0.045 * y_beta) / (y_alpha + y_beta);
    assert_close(run_value(r, PS_M_RD_INTENSITY, 1), rd, 1e-12);
    /* Value added drifts by 0.01: revenue = GDP / v. */
    assert_close(run_value(r, PS_M_REVENUE, 1), y_alpha / 0.26 + y_beta / 0.41, 1e-9);
    /* Enterprises at their expectations; entries follow realised growth. */
    double n_alpha = 0.1 * (1 + (g_alpha - 0.1)) * 10000, n_beta = 0.1 * (1 + (log(y_beta / 100) - 0.1)) * 2000;
    double e_alpha = 10000 + n_alpha - 500, e_beta = 2000 + n_beta - 100;
    assert_close(run_value(r, PS_M_NEW_FIRM_SHARE, 1), (n_alpha + n_beta) / (e_alpha + e_beta), 1e-12);
    /* Productivity grows 5 %: employees = GDP / productivity. */
    double employees = y_alpha / (50 * exp(0.05)) + y_beta / (40 * exp(0.05));
    assert_close(run_value(r, PS_M_EMPLOYEES, 1), employees, 1e-9);
    double base_prod = 1100.0 / (1000.0 / 50 + 100.0 / 40);
    assert_close(run_value(r, PS_M_PRODUCTIVITY_GROWTH, 1), (y_alpha + y_beta) / employees / base_prod - 1, 1e-12);
    /* Services share halfway to 0.4. */
    assert_close(run_value(r, PS_M_KIS_SHARE, 1), (0.35 * y_alpha + 0.3 * y_beta) / (y_alpha + y_beta), 1e-12);
    /* Plot ratio weighted by built land. */
    assert_close(run_value(r, PS_M_PLOT_RATIO, 1), (1.1 * 100 + 0.9 * 21) / 121, 1e-12);
    assert_close(run_value(r, PS_M_CITY_COVERAGE, 1), 0.2, 0);

    /* Upgrades at rate 0.5 per year: none into 2016, one into 2017. */
    assert_close(run_value(r, PS_M_UPGRADES, 1), 0, 0);
    assert_close(run_value(r, PS_M_UPGRADES, 2), 1, 0);
    assert_close(run_value(r, PS_M_NATIONAL_ZONES, 2), 3, 0);
    assert_close(run_value(r, PS_M_ZONES_WEST, 2), 1, 0);
    assert_close(run_value(r, PS_M_CITY_COVERAGE, 2), 0.3, 0);

    /* Deterministic: another run index gives the same numbers. */
    ps_run_result *r2 = ps_run_result_alloc(job.model);
    assert_int_equal(ps_model_run(job.model, ws, 17, r2, NULL, NULL), 0);
    assert_memory_equal(r->values, r2->values, sizeof(double) * PS_METRIC_COUNT * (size_t)r->n_years);
    ps_run_result_free(r2);
    ps_run_result_free(r);
    ps_workspace_free(ws);
    test_job_close(&job);
}

/* The 2015 row of every run is the published 2015 aggregate. */
static void test_base_year_matches_published(void **state)
{
    (void)state;
    test_job job;
    test_job_open(&job, PLAN, NULL, 0);
    const ps_model *m = job.model;
    assert_close(ps_model_base_value(m, PS_M_NATIONAL_ZONES), 146, 0);
    assert_close(ps_model_base_value(m, PS_M_REVENUE), 253700, 1e-6 * 253700);
    assert_close(ps_model_base_value(m, PS_M_GDP), 81000, 1e-6 * 81000);
    assert_close(ps_model_base_value(m, PS_M_ZONES_OVER_1000), 63, 0);
    assert_close(ps_model_base_value(m, PS_M_EMPLOYEES), 1719, 1e-6 * 1719);
    assert_close(ps_model_base_value(m, PS_M_NEW_FIRMS), 190000, 1e-6 * 190000);
    assert_close(ps_model_base_value(m, PS_M_PLOT_RATIO), 1.0, 1e-9);
    assert_close(ps_model_base_value(m, PS_M_RD_INTENSITY), 0.057, 1e-9);
    assert_close(ps_model_base_value(m, PS_M_PRODUCTIVITY_GROWTH), 0, 0);

    ps_workspace *ws = ps_workspace_alloc(m);
    ps_run_result *r = ps_run_result_alloc(m);
    assert_int_equal(ps_model_run(m, ws, 5, r, NULL, NULL), 0);
    for (int k = 0; k < PS_METRIC_COUNT; k++)
        assert_close(run_value(r, (ps_metric)k, 0), ps_model_base_value(m, (ps_metric)k), 0);
    /* Zones only ever join: national_zones never falls without demotion. */
    for (int y = 1; y < r->n_years; y++)
        assert_true(run_value(r, PS_M_NATIONAL_ZONES, y) >= run_value(r, PS_M_NATIONAL_ZONES, y - 1));
    ps_run_result_free(r);
    ps_workspace_free(ws);
    test_job_close(&job);
}

/* Run k computed alone equals run k of a batch, and any thread count gives
 * the same accumulated moments and quantiles, bit for bit. */
static void test_reproducible_across_threads(void **state)
{
    (void)state;
    const char *sets[] = {"upgrade.pool_size=120"};
    test_job job;
    test_job_open(&job, PLAN, sets, 1);
    const int n_threads[] = {1, 2, 4};
    double first_mean = 0, first_q = 0, first_sd = 0;
    unsigned long first_met = 0;
    for (int i = 0; i < 3; i++) {
        ps_accum *acc = ps_accum_alloc(job.model);
        ps_mc_options mo = {.first_run = 0, .runs = 1100, .threads = n_threads[i]};
        long done;
        ps_error err;
        assert_int_equal(ps_mc_execute(job.model, &mo, acc, &done, &err), PS_OK);
        assert_int_equal(ps_accum_finish(acc), 0);
        double mean, sd, se;
        ps_accum_moments(acc, PS_M_RD_INTENSITY, 5, &mean, &sd, &se);
        double q = ps_accum_quantile(acc, PS_M_GDP, 5, 0.9);
        if (i == 0) {
            first_mean = mean, first_sd = sd, first_q = q, first_met = ps_accum_met(acc, 0);
        } else {
            assert_memory_equal(&mean, &first_mean, sizeof mean);
            assert_memory_equal(&sd, &first_sd, sizeof sd);
            assert_memory_equal(&q, &first_q, sizeof q);
            assert_int_equal(ps_accum_met(acc, 0), first_met);
        }
        ps_accum_free(acc);
    }
    ps_workspace *ws = ps_workspace_alloc(job.model);
    ps_run_result *alone = ps_run_result_alloc(job.model), *again = ps_run_result_alloc(job.model);
    assert_int_equal(ps_model_run(job.model, ws, 1037, alone, NULL, NULL), 0);
    assert_int_equal(ps_model_run(job.model, ws, 3, again, NULL, NULL), 0);
    assert_int_equal(ps_model_run(job.model, ws, 1037, again, NULL, NULL), 0);
    assert_memory_equal(alone->values, again->values, sizeof(double) * PS_METRIC_COUNT * (size_t)alone->n_years);
    ps_run_result_free(alone);
    ps_run_result_free(again);
    ps_workspace_free(ws);
    test_job_close(&job);
}

/* Common random numbers: two scenarios that differ in one policy setting
 * (even one that changes which zones are upgraded) see the same shocks, so
 * the spread of their paired difference is far below the unpaired one. */
static void test_common_random_numbers(void **state)
{
    (void)state;
    const char *base_sets[] = {"upgrade.pool_size=200"};
    const char *policy_sets[] = {"upgrade.pool_size=200", "policy.rd_uplift=0.01", "upgrade.rate=25.0"};
    test_job a, b;
    test_job_open(&a, PLAN, base_sets, 1);
    test_job_open(&b, PLAN, policy_sets, 3);
    ps_workspace *wa = ps_workspace_alloc(a.model), *wb = ps_workspace_alloc(b.model);
    ps_run_result *ra = ps_run_result_alloc(a.model), *rb = ps_run_result_alloc(b.model);
    enum { RUNS = 300 };
    double xa[RUNS], xb[RUNS], diff[RUNS], shuffled[RUNS];
    for (int k = 0; k < RUNS; k++) {
        ps_model_run(a.model, wa, k, ra, NULL, NULL);
        ps_model_run(b.model, wb, k, rb, NULL, NULL);
        xa[k] = run_value(ra, PS_M_GDP, 5);
        xb[k] = run_value(rb, PS_M_GDP, 5);
        diff[k] = xb[k] - xa[k];
    }
    for (int k = 0; k < RUNS; k++)
        shuffled[k] = xb[(k + RUNS / 2) % RUNS] - xa[k]; /* pairs unrelated runs */
    double sd_paired = gsl_stats_sd(diff, 1, RUNS), sd_unpaired = gsl_stats_sd(shuffled, 1, RUNS);
    print_message("gdp 2020: sd of paired difference %.1f, unpaired %.1f\n", sd_paired, sd_unpaired);
    assert_true(sd_paired < 0.25 * sd_unpaired);
    ps_run_result_free(ra);
    ps_run_result_free(rb);
    ps_workspace_free(wa);
    ps_workspace_free(wb);
    test_job_close(&a);
    test_job_close(&b);
}

/* ps_model_draws_only (parksim bench) is a pure function of the run index:
 * run 7 gives the same checksum before and after other runs, another run a
 * different one. */
static void test_draws_only_reproducible(void **state)
{
    (void)state;
    test_job job;
    test_job_open(&job, PLAN, NULL, 0);
    ps_workspace *ws = ps_workspace_alloc(job.model);
    assert_non_null(ws);
    double first = ps_model_draws_only(job.model, ws, 7);
    double other = ps_model_draws_only(job.model, ws, 8);
    ps_run_result *r = ps_run_result_alloc(job.model);
    assert_int_equal(ps_model_run(job.model, ws, 3, r, NULL, NULL), 0);
    double again = ps_model_draws_only(job.model, ws, 7);
    assert_memory_equal(&first, &again, sizeof first);
    assert_true(first != other);
    ps_run_result_free(r);
    ps_workspace_free(ws);
    test_job_close(&job);
}

/* runs.tsv rows formatted on the threads (ps_mc_options.rows) are the rows
 * the fold would have formatted itself, byte for byte; a result reused for
 * another run never writes the row of the run it held before. */
static int put_row(void *ctx, const ps_run_result *r)
{
    void **c = ctx;
    ps_write_run_row(c[0], c[1], r);
    return ferror((FILE *)c[0]) ? -1 : 0;
}

static char *slurp(FILE *f, long *len)
{
    *len = ftell(f);
    char *text = malloc((size_t)*len + 1);
    assert_non_null(text);
    rewind(f);
    assert_int_equal(fread(text, 1, (size_t)*len, f), (size_t)*len);
    text[*len] = '\0';
    fclose(f);
    return text;
}

static void test_rows_on_threads(void **state)
{
    (void)state;
    test_job job;
    test_job_open(&job, "scenarios/plan.cfg", NULL, 0); /* uncertain settings: rows end in their draws */
    char *text[2];
    long len[2];
    for (int rows = 0; rows < 2; rows++) {
        FILE *f = tmpfile();
        assert_non_null(f);
        void *ctx[2] = {f, (void *)job.model};
        ps_accum *acc = ps_accum_alloc(job.model);
        ps_mc_options mo = {.first_run = 1000, .runs = 60, .threads = 2, .sink = put_row, .sink_ctx = ctx,
                            .rows = rows};
        long done;
        ps_error err;
        assert_int_equal(ps_mc_execute(job.model, &mo, acc, &done, &err), PS_OK);
        ps_accum_free(acc);
        text[rows] = slurp(f, &len[rows]);
    }
    assert_true(len[0] > 60 * 100);
    assert_int_equal(len[0], len[1]);
    assert_memory_equal(text[0], text[1], (size_t)len[0]);
    /* The row of run 1000 is the first line. */
    assert_int_equal(strncmp(text[0], "1000\t", 5), 0);

    ps_workspace *ws = ps_workspace_alloc(job.model);
    ps_run_result *r = ps_run_result_alloc(job.model);
    assert_int_equal(ps_model_run(job.model, ws, 1000, r, NULL, NULL), 0);
    assert_int_equal(ps_format_run_row(job.model, r), 0);
    assert_int_equal(ps_model_run(job.model, ws, 1001, r, NULL, NULL), 0); /* reused, not formatted again */
    FILE *f = tmpfile();
    assert_non_null(f);
    ps_write_run_row(f, job.model, r);
    long n;
    char *row = slurp(f, &n);
    const char *second = strchr(text[0], '\n') + 1; /* run 1001's row of the batch */
    assert_int_equal(strncmp(row, "1001\t", 5), 0);
    assert_memory_equal(row, second, (size_t)n);
    free(row);
    free(text[0]), free(text[1]);
    ps_run_result_free(r);
    ps_workspace_free(ws);
    test_job_close(&job);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_three_zones_by_hand),
        cmocka_unit_test(test_base_year_matches_published),
        cmocka_unit_test(test_reproducible_across_threads),
        cmocka_unit_test(test_common_random_numbers),
        cmocka_unit_test(test_draws_only_reproducible),
        cmocka_unit_test(test_rows_on_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
