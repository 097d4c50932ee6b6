/* test_sensitivity.c — the estimators of parksim/sensitivity.h against
 * functions whose indices are known in closed form: Ishigami (Sobol), a
 * linear model (Sobol and given data), a function with an inert input
 * (Morris), and the model hook ps_model_run_params. Tolerances come from
 * each estimate's own bootstrap interval (widened as stated) or from an
 * explicit sampling-error bound. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_math.h>
#include <gsl/gsl_rng.h>

#include "parksim/sensitivity.h"
#include "test_util.h"

/* Ishigami-Homma (1990): y = sin x1 + a sin^2 x2 + b x3^4 sin x1 on
 * [-pi, pi]^3, a = 7, b = 0.1. Known: V = a^2/8 + b pi^4/5 + b^2 pi^8/18
 * + 1/2; S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437). */
static double ishigami(const double *u)
{
    double x1 = -M_PI + 2 * M_PI * u[0], x2 = -M_PI + 2 * M_PI * u[1], x3 = -M_PI + 2 * M_PI * u[2];
    return sin(x1) + 7 * sin(x2) * sin(x2) + 0.1 * pow(x3, 4) * sin(x1);
}

/* y = sum a_i x_i, x_i ~ U(0, 1) independent: S1_i = ST_i = a_i^2 / sum a^2. */
static const double LIN_A[4] = {1, 2, 3, 0};
static double linear(const double *u)
{
    double y = 0;
    for (int i = 0; i < 4; i++)
        y += LIN_A[i] * u[i];
    return y;
}

/* Evaluate f on a Saltelli design of d inputs, n rows. */
static void saltelli(double (*f)(const double *), int d, long n, double *ya, double *yb, double *yab)
{
    double *a = malloc(sizeof *a * (size_t)(n * d)), *b = malloc(sizeof *b * (size_t)(n * d));
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(ps_sens_saltelli_design(d, n, 7, a, b), 1);
    double x[8];
    for (long j = 0; j < n; j++) {
        ya[j] = f(a + j * d);
        yb[j] = f(b + j * d);
        for (int i = 0; i < d; i++) {
            memcpy(x, a + j * d, sizeof *x * (size_t)d);
            x[i] = b[j * d + i];
            yab[i * n + j] = f(x);
        }
    }
    free(a), free(b);
}

/* Check est within its bootstrap interval widened by half its width on
 * each side plus 0.01: a 95 % interval misses the truth 1 time in 20 per
 * index; doubling the width (about 4 standard errors) makes a miss with a
 * correct estimator rare (< 1e-4), while a wrong estimator (a wrong
 * variance or a swapped A/B) is off by far more (see the test below). */
static void assert_in_interval(const char *what, double truth, double est, double lo, double hi)
{
    double w = hi - lo;
    print_message("%-8s true %.4f est %.4f [%.4f, %.4f]\n", what, truth, est, lo, hi);
    assert_true(lo <= est && est <= hi);
    assert_true(truth >= lo - w / 2 - 0.01 && truth <= hi + w / 2 + 0.01);
}

static void test_ishigami(void **state)
{
    (void)state;
    enum { N = 8192, D = 3 };
    double *ya = malloc(sizeof *ya * N), *yb = malloc(sizeof *yb * N), *yab = malloc(sizeof *yab * N * D);
    assert_non_null(ya), assert_non_null(yb), assert_non_null(yab);
    saltelli(ishigami, D, N, ya, yb, yab);
    double s1[D], st[D], s1l[D], s1h[D], stl[D], sth[D];
    ps_sens_sobol(ya, yb, yab, N, D, s1, st);
    assert_int_equal(ps_sens_sobol_bootstrap(ya, yb, yab, N, D, 300, 0.95, 1, s1l, s1h, stl, sth), 0);
    const double S1[D] = {0.3139, 0.4424, 0}, ST[D] = {0.5576, 0.4424, 0.2437};
    for (int i = 0; i < D; i++) {
        assert_in_interval("S1", S1[i], s1[i], s1l[i], s1h[i]);
        assert_in_interval("ST", ST[i], st[i], stl[i], sth[i]);
        /* The intervals are informative: narrower than 0.1. */
        assert_true(s1h[i] - s1l[i] < 0.1 && sth[i] - stl[i] < 0.1);
    }
    /* A wrong estimator would fail: ST from the first-order formula
     * (yB instead of yA paired with yAB) gives S1 for ST, far off for x1, x3. */
    double bad_s1[D], bad_st[D];
    ps_sens_sobol(yb, ya, yab, N, D, bad_s1, bad_st);
    assert_true(fabs(bad_st[2] - ST[2]) > 0.1);
    free(ya), free(yb), free(yab);
}

static void test_linear_sobol(void **state)
{
    (void)state;
    enum { N = 4096, D = 4 };
    double *ya = malloc(sizeof *ya * N), *yb = malloc(sizeof *yb * N), *yab = malloc(sizeof *yab * N * D);
    assert_non_null(ya), assert_non_null(yb), assert_non_null(yab);
    saltelli(linear, D, N, ya, yb, yab);
    double s1[D], st[D], s1l[D], s1h[D], stl[D], sth[D];
    ps_sens_sobol(ya, yb, yab, N, D, s1, st);
    assert_int_equal(ps_sens_sobol_bootstrap(ya, yb, yab, N, D, 300, 0.95, 2, s1l, s1h, stl, sth), 0);
    double sum = 0;
    for (int i = 0; i < D; i++)
        sum += LIN_A[i] * LIN_A[i];
    for (int i = 0; i < D; i++) {
        assert_in_interval("lin S1", LIN_A[i] * LIN_A[i] / sum, s1[i], s1l[i], s1h[i]);
        assert_in_interval("lin ST", LIN_A[i] * LIN_A[i] / sum, st[i], stl[i], sth[i]);
    }
    /* The inert input: exactly zero total effect (yAB = yA row by row). */
    assert_true(st[3] == 0 && s1[3] == 0);
    /* Indices do not depend on the output's level: y + 1000 gives the same
     * S1 to rounding (an uncentred yB (yAB - yA) would add 1000 mean(yAB -
     * yA) / V, of order 1000 sqrt(2 V / N) / V ~ 10 here, and fail). */
    for (long j = 0; j < N; j++) {
        ya[j] += 1000, yb[j] += 1000;
        for (int i = 0; i < D; i++)
            yab[i * N + j] += 1000;
    }
    double s1b[D], stb[D];
    ps_sens_sobol(ya, yb, yab, N, D, s1b, stb);
    for (int i = 0; i < D; i++) {
        assert_close(s1b[i], s1[i], 1e-6);
        assert_close(stb[i], st[i], 1e-6);
    }
    free(ya), free(yb), free(yab);
}

/* Given data on the linear model with independent uniforms: n = 20000,
 * b = 141 bins (~sqrt n). The bias of eta^2 for an inert input is about
 * (b - 1)/(n - 1) = 0.007; Kelley's epsilon^2 removes it, leaving a
 * sampling error of order sqrt(2 (b - 1))/n ~ 0.001 (chi-square spread). */
static void test_given_data(void **state)
{
    (void)state;
    enum { N = 20000, D = 4, B = 141 };
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(r, 11);
    double *x = malloc(sizeof *x * N * D), *y = malloc(sizeof *y * N), *col = malloc(sizeof *col * N);
    int *bin = malloc(sizeof *bin * N);
    assert_non_null(x), assert_non_null(y), assert_non_null(col), assert_non_null(bin);
    for (long j = 0; j < N; j++) {
        for (int i = 0; i < D; i++)
            x[j * D + i] = gsl_rng_uniform(r);
        y[j] = linear(x + j * D);
    }
    double sum = 0;
    for (int i = 0; i < D; i++)
        sum += LIN_A[i] * LIN_A[i];
    for (int i = 0; i < D; i++) {
        for (long j = 0; j < N; j++)
            col[j] = x[j * D + i];
        int b = ps_sens_bins(col, N, B, bin);
        assert_int_equal(b, B);
        double eta2, eps2, lo, hi;
        ps_sens_corr_ratio(y, bin, N, b, &eta2, &eps2);
        assert_int_equal(ps_sens_corr_ratio_bootstrap(y, bin, N, b, 200, 0.95, 3, &lo, &hi), 0);
        /* Binning loses the within-bin variation of x: a_i^2 / (12 b^2) of
         * V, below 1e-4 here; the tolerance is 4 sampling errors + that. */
        double truth = LIN_A[i] * LIN_A[i] / sum;
        print_message("given x%d: true %.4f eta2 %.4f eps2 %.4f [%.4f, %.4f]\n", i + 1, truth, eta2, eps2, lo, hi);
        assert_true(fabs(eps2 - truth) < 0.01);
        /* Its interval covers the truth (widened as for Sobol). */
        assert_in_interval("given", truth, eps2, lo, hi);
        assert_true(eta2 > eps2); /* the correction lowers it */
        if (i == 3) {
            /* The inert input: eta^2 carries the bias (b-1)/(n-1), eps^2 does not. */
            assert_true(eta2 > 0.5 * (B - 1.0) / (N - 1.0));
            assert_true(fabs(eps2) < 0.004);
        }
    }
    gsl_rng_free(r);
    free(x), free(y), free(col), free(bin);
}

/* Morris on y = 4 x1 + x2^2 + 0 x3 (x in [0,1]): EE of x1 is exactly 4,
 * of x3 exactly 0; x2 non-linear (sigma > 0). */
static double morris_f(const double *x)
{
    return 4 * x[0] + x[1] * x[1] + 0 * x[2];
}

static void test_morris(void **state)
{
    (void)state;
    enum { K = 3, R = 20, P = 4 };
    double x[R * (K + 1) * K], y[R * (K + 1)];
    int moved[R * K], sign[R * K];
    ps_sens_morris_design(K, R, P, 5, x, moved, sign);
    for (int j = 0; j < R * (K + 1); j++) {
        for (int i = 0; i < K; i++)
            assert_true(x[j * K + i] >= -1e-12 && x[j * K + i] <= 1 + 1e-12);
        y[j] = morris_f(x + j * K);
    }
    double mu[K], mu_star[K], sigma[K];
    ps_sens_morris_effects(y, moved, sign, K, R, P, mu, mu_star, sigma);
    for (int i = 0; i < K; i++)
        print_message("morris x%d: mu %.4f mu* %.4f sigma %.4f\n", i + 1, mu[i], mu_star[i], sigma[i]);
    assert_close(mu[0], 4, 1e-9);
    assert_close(mu_star[0], 4, 1e-9);
    assert_close(sigma[0], 0, 1e-9);
    assert_true(mu_star[2] == 0 && sigma[2] == 0);
    /* x2: EE = (x + d)^2 - x^2)/d = 2x + d with x in {0, 1/3} and d = 2/3 (up)
     * or x in {2/3, 1} down: always in [2/3, 2] so mu* in that range, sigma > 0. */
    assert_true(mu_star[1] >= 2.0 / 3 - 1e-9 && mu_star[1] <= 2 + 1e-9);
    assert_true(sigma[1] > 0.1);
    /* Every trajectory moves every input exactly once. */
    for (int t = 0; t < R; t++) {
        int seen[K] = {0};
        for (int s = 0; s < K; s++)
            seen[moved[t * K + s]]++;
        for (int i = 0; i < K; i++)
            assert_int_equal(seen[i], 1);
    }
}

/* ps_model_run_params with run k's own draws gives run k exactly; with a
 * setting changed it gives a different projection on the same shocks:
 * the same run with the setting at its draw again is identical. */
static void test_model_run_params(void **state)
{
    (void)state;
    test_job job;
    test_job_open(&job, "scenarios/plan.cfg", NULL, 0);
    const ps_model *m = job.model;
    ps_workspace *ws = ps_workspace_alloc(m);
    ps_run_result *a = ps_run_result_alloc(m), *b = ps_run_result_alloc(m);
    assert_non_null(ws), assert_non_null(a), assert_non_null(b);
    int n = job.sc.unc.n, ny = ps_model_years(m);
    assert_true(n > 0);
    double params[PS_UNC_MAX];
    for (long run = 3; run < 6; run++) {
        assert_int_equal(ps_model_run(m, ws, run, a, NULL, NULL), 0);
        ps_model_parameters(m, run, params);
        assert_int_equal(ps_model_run_params(m, ws, run, params, b, NULL, NULL), 0);
        assert_memory_equal(a->values, b->values, sizeof *a->values * PS_METRIC_COUNT * (size_t)ny);
        assert_memory_equal(a->params, b->params, sizeof *a->params * (size_t)n);
    }
    /* growth.mu moved up by 0.02: a higher GDP in the horizon, same run. */
    int mu = -1;
    for (int i = 0; i < n; i++)
        if (strcmp(job.sc.unc.settings[i].path, "growth.mu") == 0)
            mu = i;
    assert_true(mu >= 0);
    ps_model_parameters(m, 4, params);
    assert_int_equal(ps_model_run_params(m, ws, 4, params, a, NULL, NULL), 0);
    params[mu] += 0.02;
    assert_int_equal(ps_model_run_params(m, ws, 4, params, b, NULL, NULL), 0);
    assert_true(run_value(b, PS_M_GDP, ny - 1) > run_value(a, PS_M_GDP, ny - 1));
    ps_run_result_free(a), ps_run_result_free(b);
    ps_workspace_free(ws);
    test_job_close(&job);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ishigami),
        cmocka_unit_test(test_linear_sobol),
        cmocka_unit_test(test_given_data),
        cmocka_unit_test(test_morris),
        cmocka_unit_test(test_model_run_params),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
