/* test_uncertain.c — uncertain settings (parksim/uncertain.h and the loader's
 * distribution groups): every distribution's draws against its known mean
 * and CDF (fixed seed; tolerances from sampling error), truncation, the
 * percentile form, the copula's rank correlation, stream independence,
 * a run on its own draws, config round trip, and check's exact messages.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>

#include "parksim/rng.h"
#include "parksim/uncertain.h"

#include "test_util.h"

#define PLAN PS_SOURCE_DIR "/scenarios/plan_fixed.cfg"
#define N_DRAWS 20000
#define SEED 20170414UL

static ps_scenario loaded; /* large: kept off the stack */
static char tmpdir[256];

/* Write text (after an extends of plan_fixed.cfg) to tmpdir/name; path into out. */
static void scenario_file(const char *name, const char *text, char *out, size_t n)
{
    snprintf(out, n, "%s/%s", tmpdir, name);
    FILE *f = fopen(out, "w");
    assert_non_null(f);
    fprintf(f, "extends = \"%s\";\n%s", PLAN, text);
    assert_int_equal(fclose(f), 0);
}

/* Truncated CDF of d (what ps_unc_quantile inverts). */
static double cdf(const ps_unc_dist *d, double x)
{
    double lo = ps_unc_cdf_untruncated(d, d->min), hi = ps_unc_cdf_untruncated(d, d->max);
    double p = (ps_unc_cdf_untruncated(d, x) - lo) / (hi - lo);
    return p < 0 ? 0 : p > 1 ? 1 : p;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* N_DRAWS draws of d from the parameter stream of a path, one per run:
 * the Kolmogorov–Smirnov distance to the CDF below its 0.1 % critical
 * value (1.95 / sqrt(n)), the mean within 4 standard errors of the known
 * mean (sd the known standard deviation), every draw inside [min, max]. */
static void check_draws(const ps_unc_dist *d, double mean, double sd)
{
    static double x[N_DRAWS];
    uint64_t key = ps_unc_key("growth.mu");
    double sum = 0;
    for (int k = 0; k < N_DRAWS; k++) {
        x[k] = ps_unc_quantile(d, ps_rng_stream_uniform(SEED, k, PS_STREAM_PARAMETER, key, 0));
        assert_true(x[k] >= d->min && x[k] <= d->max);
        sum += x[k];
    }
    qsort(x, N_DRAWS, sizeof x[0], compare_doubles);
    double ks = 0;
    for (int k = 0; k < N_DRAWS; k++) {
        double f = cdf(d, x[k]);
        ks = fmax(ks, fmax(fabs(f - (double)k / N_DRAWS), fabs(f - (double)(k + 1) / N_DRAWS)));
    }
    if (ks > 1.95 / sqrt(N_DRAWS))
        print_error("%s: KS distance %g\n", ps_unc_kind_name(d->kind), ks);
    assert_true(ks <= 1.95 / sqrt(N_DRAWS));
    assert_close(sum / N_DRAWS, mean, 4 * sd / sqrt(N_DRAWS));
}

static void each_distribution_draws_its_law(void **state)
{
    (void)state;
    ps_unc_dist d = {.kind = PS_UNC_UNIFORM, .min = 0.02, .max = 0.10};
    check_draws(&d, 0.06, 0.08 / sqrt(12));

    d = (ps_unc_dist){.kind = PS_UNC_NORMAL, .mean = 0.09, .sd = 0.02, .min = -HUGE_VAL, .max = HUGE_VAL};
    check_draws(&d, 0.09, 0.02);

    double s = 0.4; /* lognormal: mean median e^{s^2/2}, variance (e^{s^2} - 1) e^{s^2} median^2 */
    d = (ps_unc_dist){.kind = PS_UNC_LOGNORMAL, .median = 0.05, .sdlog = s, .min = -HUGE_VAL, .max = HUGE_VAL};
    check_draws(&d, 0.05 * exp(s * s / 2), 0.05 * sqrt((exp(s * s) - 1) * exp(s * s)));

    double a = 0, c = 0.03, b = 0.12; /* triangular: mean (a+b+c)/3 */
    d = (ps_unc_dist){.kind = PS_UNC_TRIANGULAR, .min = a, .mode = c, .max = b};
    check_draws(&d, (a + b + c) / 3, sqrt((a * a + b * b + c * c - a * b - a * c - b * c) / 18));

    /* PERT(5, 10, 20): beta(1 + 4*5/15, 1 + 4*10/15) on [5, 20], mean (a + 4m + b)/6 */
    double al = 1 + 20.0 / 15, be = 1 + 40.0 / 15;
    d = (ps_unc_dist){.kind = PS_UNC_PERT, .min = 5, .mode = 10, .max = 20};
    check_draws(&d, (5 + 40 + 20) / 6.0, 15 * sqrt(al * be / ((al + be) * (al + be) * (al + be + 1))));

    d = (ps_unc_dist){.kind = PS_UNC_BETA, .alpha = 2, .beta = 5, .min = 0.1, .max = 0.3};
    check_draws(&d, 0.1 + 0.2 * 2 / 7.0, 0.2 * sqrt(10.0 / (49 * 8)));
}

static void truncation_keeps_the_law_inside_the_bounds(void **state)
{
    (void)state;
    /* normal(0, 1) cut to [0, inf): half-normal, mean sqrt(2/pi), sd sqrt(1 - 2/pi) */
    ps_unc_dist d = {.kind = PS_UNC_NORMAL, .mean = 0, .sd = 1, .min = 0, .max = HUGE_VAL};
    check_draws(&d, sqrt(2 / M_PI), sqrt(1 - 2 / M_PI));
    /* cut to [1, 2]: mean (phi(1) - phi(2)) / (Phi(2) - Phi(1)), all in the upper tail */
    d.min = 1, d.max = 2;
    double z = gsl_cdf_ugaussian_P(2) - gsl_cdf_ugaussian_P(1);
    double phi1 = exp(-0.5) / sqrt(2 * M_PI), phi2 = exp(-2.0) / sqrt(2 * M_PI);
    double mean = (phi1 - phi2) / z, var = 1 + (phi1 - 2 * phi2) / z - mean * mean;
    check_draws(&d, mean, sqrt(var));
    /* a far tail stays accurate: normal(0, 1) cut to [6, 7] */
    d.min = 6, d.max = 7;
    assert_true(ps_unc_quantile(&d, 1e-9) >= 6 && ps_unc_quantile(&d, 0.5) > 6.05 &&
                ps_unc_quantile(&d, 0.5) < 6.2);
    /* lognormal cut to [0.04, 0.08] */
    d = (ps_unc_dist){.kind = PS_UNC_LOGNORMAL, .median = 0.05, .sdlog = 0.4, .min = 0.04, .max = 0.08};
    double lo = (log(0.04) - log(0.05)) / 0.4, hi = (log(0.08) - log(0.05)) / 0.4;
    /* E[X^j | a<X<b] = median^j e^{(js)^2/2} (Phi(hi - js) - Phi(lo - js)) / (Phi(hi) - Phi(lo)) */
    double zt = gsl_cdf_ugaussian_P(hi) - gsl_cdf_ugaussian_P(lo);
    double m1 = 0.05 * exp(0.08) * (gsl_cdf_ugaussian_P(hi - 0.4) - gsl_cdf_ugaussian_P(lo - 0.4)) / zt;
    double m2 = 0.0025 * exp(0.32) * (gsl_cdf_ugaussian_P(hi - 0.8) - gsl_cdf_ugaussian_P(lo - 0.8)) / zt;
    check_draws(&d, m1, sqrt(m2 - m1 * m1));
}

static void percentile_form_recovers_p05_and_p95(void **state)
{
    (void)state;
    char path[512];
    scenario_file("pct.cfg",
                  "growth = { mu = { dist = \"normal\"; p05 = 0.06; p95 = 0.12; }; };\n"
                  "land = { supply_cap = { dist = \"lognormal\"; p05 = 0.01; p95 = 0.05; }; };\n",
                  path, sizeof path);
    ps_error err;
    assert_int_equal(ps_scenario_load(path, NULL, 0, &loaded, &err), PS_OK);
    assert_int_equal(loaded.unc.n, 2);
    const ps_unc_dist *mu = &loaded.unc.settings[0].dist, *cap = &loaded.unc.settings[1].dist;
    assert_string_equal(loaded.unc.settings[0].path, "growth.mu");
    assert_close(mu->mean, 0.09, 1e-15);
    assert_close(mu->sd, 0.03 / gsl_cdf_ugaussian_Pinv(0.95), 1e-15);
    assert_close(cap->median, sqrt(0.01 * 0.05), 1e-15);
    /* the quantiles themselves (tails beyond the range are < 1e-6 of the mass) */
    assert_close(ps_unc_quantile(mu, 0.05), 0.06, 1e-9);
    assert_close(ps_unc_quantile(mu, 0.95), 0.12, 1e-9);
    assert_close(ps_unc_quantile(cap, 0.05), 0.01, 1e-9);
    assert_close(ps_unc_quantile(cap, 0.95), 0.05, 1e-9);
    /* and the value held for the setting is the median */
    assert_close(loaded.growth.mu, 0.09, 1e-9);
}

/* Spearman's rank correlation of x and y (no ties). */
static double spearman(const double *x, const double *y, int n)
{
    double *rx = malloc(sizeof *rx * (size_t)n), *ry = malloc(sizeof *ry * (size_t)n);
    assert_non_null(rx);
    assert_non_null(ry);
    for (int i = 0; i < n; i++) {
        int a = 0, b = 0;
        for (int j = 0; j < n; j++)
            a += x[j] < x[i], b += y[j] < y[i];
        rx[i] = a, ry[i] = b;
    }
    double mean = (n - 1) / 2.0, sxy = 0, sxx = 0;
    for (int i = 0; i < n; i++)
        sxy += (rx[i] - mean) * (ry[i] - mean), sxx += (rx[i] - mean) * (rx[i] - mean);
    free(rx);
    free(ry);
    return sxy / sxx;
}

#define N_RUNS 3000

static void copula_gives_the_rank_correlation(void **state)
{
    (void)state;
    char path[512];
    scenario_file("corr.cfg",
                  "growth = { mu = { dist = \"normal\"; mean = 0.09; sd = 0.02; min = 0.0; }; };\n"
                  "productivity = { growth = { dist = \"triangular\"; min = 0.03; mode = 0.07; max = 0.09; }; };\n"
                  "land = { supply_cap = { dist = \"uniform\"; min = 0.01; max = 0.05; }; };\n"
                  "uncertainty = { correlations = ( { a = \"growth.mu\"; b = \"productivity.growth\"; rho = 0.6; } ); };\n",
                  path, sizeof path);
    test_job job;
    test_job_open(&job, path, NULL, 0);
    assert_int_equal(job.sc.unc.n, 3); /* table order: growth.mu, land.supply_cap, productivity.growth */
    static double x[3][N_RUNS];
    for (long k = 0; k < N_RUNS; k++) {
        double p[3];
        ps_model_parameters(job.model, k, p);
        for (int i = 0; i < 3; i++)
            x[i][k] = p[i];
    }
    /* SE of Spearman's rho near 0.6: about (1 - rho^2) / sqrt(n) * 1.1 = 0.013 */
    double se = (1 - 0.36) / sqrt(N_RUNS) * 1.1;
    assert_close(spearman(x[0], x[2], N_RUNS), 0.6, 4 * se);
    assert_close(spearman(x[0], x[1], N_RUNS), 0.0, 4 / sqrt(N_RUNS));
    test_job_close(&job);
}

static void fixing_one_setting_leaves_the_others_draws(void **state)
{
    (void)state;
    char both[512], other[512];
    scenario_file("both.cfg",
                  "growth = { mu = { dist = \"normal\"; mean = 0.09; sd = 0.02; min = 0.0; }; };\n"
                  "productivity = { growth = { dist = \"pert\"; min = 0.03; mode = 0.07; max = 0.09; }; };\n",
                  both, sizeof both);
    /* another scenario that shares only productivity.growth */
    scenario_file("other.cfg",
                  "productivity = { growth = { dist = \"pert\"; min = 0.03; mode = 0.07; max = 0.09; }; };\n"
                  "kis = { kappa = { dist = \"uniform\"; min = 0.1; max = 0.3; }; };\n",
                  other, sizeof other);
    const char *fix[] = {"growth.mu=0.09"};
    test_job a, b, c;
    test_job_open(&a, both, NULL, 0);
    test_job_open(&b, both, fix, 1);
    test_job_open(&c, other, NULL, 0);
    assert_int_equal(a.sc.unc.n, 2);
    assert_int_equal(b.sc.unc.n, 1);
    assert_int_equal(c.sc.unc.n, 2);
    int same = 0;
    for (long k = 0; k < 200; k++) {
        double pa[2], pb[1], pc[2];
        ps_model_parameters(a.model, k, pa);
        ps_model_parameters(b.model, k, pb);
        ps_model_parameters(c.model, k, pc);
        same += pa[1] == pb[0] && pa[1] == pc[0]; /* productivity.growth (table order) */
    }
    assert_int_equal(same, 200);
    test_job_close(&a);
    test_job_close(&b);
    test_job_close(&c);
}

/* Run k with growth.mu uncertain gives exactly the run k of the scenario
 * with growth.mu fixed at the value run k drew. */
static void a_run_uses_its_own_draws(void **state)
{
    (void)state;
    char path[512], set[64];
    scenario_file("one.cfg", "growth = { mu = { dist = \"uniform\"; min = 0.05; max = 0.13; }; };\n", path,
                  sizeof path);
    test_job u;
    test_job_open(&u, path, NULL, 0);
    ps_workspace *ws = ps_workspace_alloc(u.model);
    ps_run_result *r = ps_run_result_alloc(u.model);
    assert_non_null(ws);
    assert_non_null(r);
    assert_int_equal(r->n_params, 1);
    for (long k = 3; k < 5; k++) {
        assert_int_equal(ps_model_run(u.model, ws, k, r, NULL, NULL), 0);
        snprintf(set, sizeof set, "growth.mu=%.17g", r->params[0]);
        const char *sets[] = {set};
        test_job f;
        test_job_open(&f, PLAN, sets, 1);
        ps_workspace *wf = ps_workspace_alloc(f.model);
        ps_run_result *rf = ps_run_result_alloc(f.model);
        assert_int_equal(ps_model_run(f.model, wf, k, rf, NULL, NULL), 0);
        assert_int_equal(rf->n_params, 0);
        assert_memory_equal(r->values, rf->values, sizeof *r->values * PS_METRIC_COUNT * (size_t)r->n_years);
        ps_run_result_free(rf);
        ps_workspace_free(wf);
        test_job_close(&f);
    }
    ps_run_result_free(r);
    ps_workspace_free(ws);
    test_job_close(&u);
}

static void config_reads_back(void **state)
{
    (void)state;
    char path[512], again[512];
    scenario_file("rt.cfg",
                  "growth = { mu = { dist = \"normal\"; p05 = 0.06; p95 = 0.12; min = 0.0; }; };\n"
                  "land = { supply_cap = { dist = \"lognormal\"; median = 0.02; sdlog = 0.3; }; };\n"
                  "productivity = { growth = { dist = \"beta\"; alpha = 2.0; beta = 3.0; min = 0.0; max = 0.1; }; };\n"
                  "upgrade = { rate = { dist = \"pert\"; min = 10.0; mode = 18.8; max = 25.0; }; };\n"
                  "kis = { kappa = { dist = \"triangular\"; min = 0.1; mode = 0.2; max = 0.4; }; };\n"
                  "uncertainty = { correlations = ( { a = \"growth.mu\"; b = \"upgrade.rate\"; rho = -0.3; } ); };\n",
                  path, sizeof path);
    ps_error err;
    assert_int_equal(ps_scenario_load(path, NULL, 0, &loaded, &err), PS_OK);
    snprintf(again, sizeof again, "%s/written.cfg", tmpdir);
    FILE *f = fopen(again, "w");
    assert_non_null(f);
    assert_int_equal(ps_scenario_write(&loaded, f), 0);
    assert_int_equal(fclose(f), 0);
    static ps_scenario back;
    assert_int_equal(ps_scenario_load(again, NULL, 0, &back, &err), PS_OK);
    assert_int_equal(back.unc.n, 5);
    assert_int_equal(back.unc.n_corr, 1);
    assert_memory_equal(&back.unc, &loaded.unc, sizeof back.unc);
    assert_close(back.growth.mu, loaded.growth.mu, 0);
}

/* ---- check's messages --------------------------------------------------------- */

typedef struct collected {
    char text[16][700];
    int n;
} collected;

static void collect(const ps_error *err, void *ctx)
{
    collected *c = ctx;
    char buf[1400];
    if (c->n < 16)
        snprintf(c->text[c->n++], sizeof c->text[0], "%s", ps_error_format(err, buf, sizeof buf));
}

static void check_reports_each_problem_with_its_line(void **state)
{
    (void)state;
    char path[512];
    scenario_file("bad.cfg",
                  "growth = {\n"                                                              /* 2 */
                  "  mu = { dist = \"normel\"; mean = 0.09; sd = 0.02; };\n"                  /* 3 */
                  "  convergence = { dist = \"normal\"; mean = 0.1; sd = -0.02; };\n"         /* 4 */
                  "  demo_effect = { dist = \"uniform\"; min = 0.2; max = 0.1; };\n"          /* 5 */
                  "};\n"
                  "land = {\n"                                                                /* 7 */
                  "  supply_cap = { dist = \"triangular\"; min = 0.0; mode = 0.3; max = 0.2; };\n" /* 8 */
                  "  tech_gain = { dist = \"normal\"; p05 = 0.12; p95 = 0.06; };\n"           /* 9 */
                  "  plot_ratio_gain = { dist = \"normal\"; mean = 0.5; sdd = 0.1; };\n"      /* 10 */
                  "  expansion_prob = { dist = \"normal\"; mean = 0.5; sd = 0.3; };\n"        /* 11 */
                  "  expansion_share = { dist = \"uniform\"; min = 0.0; max = 11.0; };\n"     /* 12 */
                  "};\n"
                  "run = { runs = { dist = \"uniform\"; min = 1.0; max = 2.0; }; };\n"        /* 14 */
                  "uncertainty = { correlations = ( { a = \"growth.muu\"; b = \"land.tech_gain\"; rho = 0.5; } ); };\n",
                  path, sizeof path);
    collected c = {.n = 0};
    int problems = ps_scenario_check(path, NULL, 0, collect, &c);
    const char *expected[] = {
        "bad.cfg:3: growth.mu.dist: unknown distribution 'normel' (did you mean 'normal'?); one of uniform, "
        "normal, lognormal, triangular, pert, beta",
        "bad.cfg:4: growth.convergence.sd: must be > 0, found -0.02",
        "bad.cfg:5: growth.demo_effect.min: 0.2 must be below max 0.1",
        "bad.cfg:8: land.supply_cap.mode: 0.3 is outside [min, max] = [0, 0.2]",
        "bad.cfg:9: land.tech_gain.p95: 0.06 must be above p05 0.12",
        "bad.cfg:10: land.plot_ratio_gain.sdd: unknown field of a normal distribution (did you mean 'sd'?)",
        "bad.cfg:11: land.expansion_prob: the normal distribution puts 0.048 of its mass below 0, outside the "
        "setting's range [0, 1]; truncate it with min",
        "bad.cfg:12: land.expansion_share.max: 11 is outside the setting's range [0, 10]",
        "bad.cfg:14: run.runs: expected an integer, found a group { ... }",
        "bad.cfg:15: uncertainty.correlations.[0].a: 'growth.muu' is not a real setting (did you mean "
        "'growth.mu'?)",
    };
    int n = (int)(sizeof expected / sizeof expected[0]);
    for (int i = 0; i < c.n; i++) {
        const char *text = strstr(c.text[i], "bad.cfg:");
        assert_non_null(text);
        if (i >= n || strcmp(text, expected[i]) != 0)
            print_error("got %s\n", text);
        assert_true(i < n);
        assert_string_equal(text, expected[i]);
    }
    assert_int_equal(problems, n);
    assert_int_equal(c.n, n);
}

static void set_takes_a_distribution(void **state)
{
    (void)state;
    const char *sets[] = {"growth.mu={dist=\"normal\";mean=0.08;sd=0.01;}"};
    ps_error err;
    assert_int_equal(ps_scenario_load(PLAN, sets, 1, &loaded, &err), PS_OK);
    assert_int_equal(loaded.unc.n, 1);
    assert_close(loaded.unc.settings[0].dist.mean, 0.08, 0);
    const char *bad[] = {"growth.mu={dist=\"normal\";mean=0.08;}"};
    char text[1400];
    assert_int_equal(ps_scenario_load(PLAN, bad, 1, &loaded, &err), PS_ERR_CONFIG);
    assert_string_equal(ps_error_format(&err, text, sizeof text),
                        "--set: growth.mu: a normal distribution needs mean and sd, or p05 and p95");
}

static void not_positive_definite_is_located(void **state)
{
    (void)state;
    char path[512];
    scenario_file("npd.cfg",
                  "growth = { mu = { dist = \"uniform\"; min = 0.0; max = 0.1; };\n"
                  "  convergence = { dist = \"uniform\"; min = 0.0; max = 0.1; };\n"
                  "  demo_effect = { dist = \"uniform\"; min = 0.0; max = 0.1; }; };\n"
                  "uncertainty = { correlations = (\n"
                  "  { a = \"growth.mu\"; b = \"growth.convergence\"; rho = 0.9; },\n"
                  "  { a = \"growth.mu\"; b = \"growth.demo_effect\"; rho = 0.9; },\n"
                  "  { a = \"growth.convergence\"; b = \"growth.demo_effect\"; rho = -0.9; } ); };\n",
                  path, sizeof path);
    ps_error err;
    char text[1400];
    assert_int_equal(ps_scenario_load(path, NULL, 0, &loaded, &err), PS_ERR_CONFIG);
    const char *got = strstr(ps_error_format(&err, text, sizeof text), "npd.cfg:");
    assert_non_null(got);
    assert_string_equal(got, "npd.cfg:6: uncertainty.correlations: the correlations are inconsistent: their "
                             "normal correlation matrix (2 sin(pi rho / 6)) is not positive definite");
}

static int setup(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    return test_tmpdir_make(tmpdir, sizeof tmpdir, "test_uncertain");
}

static int teardown(void **state)
{
    (void)state;
    return test_tmpdir_remove(tmpdir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_distribution_draws_its_law),
        cmocka_unit_test(truncation_keeps_the_law_inside_the_bounds),
        cmocka_unit_test(percentile_form_recovers_p05_and_p95),
        cmocka_unit_test(copula_gives_the_rank_correlation),
        cmocka_unit_test(fixing_one_setting_leaves_the_others_draws),
        cmocka_unit_test(a_run_uses_its_own_draws),
        cmocka_unit_test(config_reads_back),
        cmocka_unit_test(check_reports_each_problem_with_its_line),
        cmocka_unit_test(set_takes_a_distribution),
        cmocka_unit_test(not_positive_definite_is_located),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
