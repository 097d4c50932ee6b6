/* test_score.c — the scoring rules of parksim hindcast (engine/score.c),
 * each against a known answer: closed forms, hand computations, and the
 * uniformity of the PIT of draws from the forecast itself. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "parksim/score.h"

#define assert_near(x, target, tol)                                                        \
    do {                                                                                   \
        double x_ = (x), t_ = (target);                                                    \
        if (!(fabs(x_ - t_) <= (tol)))                                                     \
            fail_msg("%s = %.17g, expected %.17g ± %g", #x, x_, t_, (double)(tol));        \
    } while (0)

/* ∫ (F(x) − 1{x ≥ y})² dx by the midpoint rule on [lo, hi], n steps. */
static double crps_numeric(double (*cdf)(double, const double *), const double *par, double y, double lo,
                           double hi, int n)
{
    double h = (hi - lo) / n, s = 0;
    for (int i = 0; i < n; i++) {
        double x = lo + (i + 0.5) * h, d = cdf(x, par) - (x >= y);
        s += d * d * h;
    }
    return s;
}
static double normal_cdf(double x, const double *p) { return gsl_cdf_gaussian_P(x - p[0], p[1]); }
static double lognormal_cdf(double x, const double *p) { return x > 0 ? gsl_cdf_lognormal_P(x, p[0], p[1]) : 0; }

static void test_crps_normal_closed_form(void **state)
{
    (void)state;
    /* At the mean: sd (2 φ(0) − 1/√π) = 0.2336949772... sd. */
    assert_near(ps_score_crps_normal(3.0, 2.0, 3.0), 2.0 * (2 / sqrt(2 * M_PI) - 1 / sqrt(M_PI)), 1e-14);
    const double par[2] = {1.0, 0.5};
    for (double y = -1.0; y <= 3.0; y += 0.37)
        assert_near(ps_score_crps_normal(par[0], par[1], y), crps_numeric(normal_cdf, par, y, -9, 11, 400000),
                    1e-8);
}

static void test_crps_lognormal_closed_form(void **state)
{
    (void)state;
    const double par[2] = {0.3, 0.4};
    for (double y = 0.2; y <= 5.0; y += 0.41)
        assert_near(ps_score_crps_lognormal(par[0], par[1], y),
                    crps_numeric(lognormal_cdf, par, y, 0, 60, 600000), 1e-7);
}

/* A histogram of N(mu, sd²) with the exact bin masses: the CRPS of the
 * piecewise-linear CDF is within the stated bin error of the closed form. */
static void test_crps_fine_histogram(void **state)
{
    (void)state;
    enum { N = 4000 };
    static double edges[N + 1], mass[N];
    double mu = 100.0, sd = 7.0, lo = mu - 8 * sd, hi = mu + 8 * sd;
    for (int i = 0; i <= N; i++)
        edges[i] = lo + (hi - lo) * i / N;
    for (int i = 0; i < N; i++)
        mass[i] = gsl_cdf_gaussian_P(edges[i + 1] - mu, sd) - gsl_cdf_gaussian_P(edges[i] - mu, sd);
    ps_score_hist h = {N, edges, mass, 0, 0, lo, hi, false};
    for (double y = 80; y <= 125; y += 3.3) {
        double err, c = ps_score_crps_hist(&h, y, &err), exact = ps_score_crps_normal(mu, sd, y);
        /* err = Σ w p = bin width here */
        assert_near(err, (hi - lo) / N, 1e-9);
        assert_near(c, exact, err);
        /* the bound is loose: the piecewise-linear CDF is far closer */
        assert_near(c, exact, 1e-4 * sd);
    }
    /* The CDF at the median and the PIT at a point. */
    assert_near(ps_score_hist_cdf(&h, mu), 0.5, 1e-9);
    assert_near(ps_score_pit_hist(&h, mu + sd, 0.3), gsl_cdf_ugaussian_P(1.0), 1e-5);
}

/* Counts by hand: P(0) = P(1) = 1/2. */
static void test_crps_discrete_by_hand(void **state)
{
    (void)state;
    const double edges[] = {-0.5, 0.5, 1.5, 2.5}, mass[] = {5, 5, 0};
    ps_score_hist h = {3, edges, mass, 0, 0, 0, 1, true};
    double err;
    assert_near(ps_score_crps_hist(&h, 0, &err), 0.25, 1e-15);
    assert_near(err, 0, 0);
    assert_near(ps_score_crps_hist(&h, 1, NULL), 0.25, 1e-15);
    assert_near(ps_score_crps_hist(&h, 3, NULL), 0.25 + 2.0, 1e-15);   /* + ∫_1^3 1 */
    assert_near(ps_score_crps_hist(&h, -2, NULL), 2.0 + 0.25, 1e-15);  /* ∫_-2^0 1 + ∫_0^1 ¼ */
    /* randomised PIT: F(−1) + u (F(0) − F(−1)) = 0.5 u at 0; 0.5 + 0.5 u at 1 */
    assert_near(ps_score_pit_hist(&h, 0, 0.4), 0.2, 1e-15);
    assert_near(ps_score_pit_hist(&h, 1, 0.4), 0.7, 1e-15);
}

static void test_interval_score_by_hand(void **state)
{
    (void)state;
    assert_near(ps_score_interval(10, 20, 0.1, 15), 10, 0);
    assert_near(ps_score_interval(10, 20, 0.1, 25), 10 + 20 * 5, 1e-12);
    assert_near(ps_score_interval(10, 20, 0.1, 5), 10 + 20 * 5, 1e-12);
    assert_near(ps_score_interval(10, 20, 0.5, 21), 10 + 4 * 1, 1e-12);
    assert_int_equal(ps_score_position(10, 20, 9.9), -1);
    assert_int_equal(ps_score_position(10, 20, 20), 0);
    assert_int_equal(ps_score_position(10, 20, 20.1), 1);
}

static void test_naive_by_hand(void **state)
{
    (void)state;
    /* ln x: 0, 1, 1.5 in 2009, 2010, 2012: d = 1.5/3; s² = ((1 − .5)²/1 + (.5 − 1)²/2)/(3 − 2) */
    const int years[] = {2009, 2010, 2012};
    const double v[] = {1.0, exp(1.0), exp(1.5)};
    ps_score_naive nv;
    assert_int_equal(ps_score_naive_fit(years, v, 3, &nv), 0);
    assert_near(nv.drift, 0.5, 1e-15);
    assert_near(nv.sd, sqrt(0.375), 1e-15);
    assert_false(nv.sd_fallback);
    double mu, sd;
    ps_score_naive_at(&nv, 2015, &mu, &sd);
    assert_near(mu, 1.5 + 3 * 0.5, 1e-14);
    assert_near(sd, sqrt(0.375 * 3), 1e-14);
    /* one change: sd = |drift| */
    assert_int_equal(ps_score_naive_fit(years, v, 2, &nv), 0);
    assert_true(nv.sd_fallback);
    assert_near(nv.sd, 1.0, 1e-15);
    const double bad[] = {1.0, 0.0};
    assert_int_equal(ps_score_naive_fit(years, bad, 2, &nv), -1);
    assert_int_equal(ps_score_naive_fit(years, v, 1, &nv), -1);
}

/* PIT of draws from the forecast itself is uniform: chi-square over 10
 * equal cells, N = 20000 draws, fixed seed; the threshold 27.88 is the
 * 0.999 quantile of chi-square with 9 degrees of freedom. */
static double pit_chi2(const ps_score_hist *h, const double *prob, gsl_rng *r)
{
    enum { N = 20000, CELLS = 10 };
    double count[CELLS] = {0};
    gsl_ran_discrete_t *d = gsl_ran_discrete_preproc(h->n, prob);
    for (int k = 0; k < N; k++) {
        size_t i = gsl_ran_discrete(r, d);
        double y = h->discrete ? 0.5 * (h->edges[i] + h->edges[i + 1])
                               : h->edges[i] + gsl_rng_uniform(r) * (h->edges[i + 1] - h->edges[i]);
        double p = ps_score_pit_hist(h, y, gsl_rng_uniform(r));
        int c = (int)(p * CELLS);
        count[c < CELLS ? c : CELLS - 1]++;
    }
    gsl_ran_discrete_free(d);
    double chi2 = 0, e = (double)N / CELLS;
    for (int c = 0; c < CELLS; c++)
        chi2 += (count[c] - e) * (count[c] - e) / e;
    return chi2;
}

static void test_pit_uniform(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(r, 20170414);
    enum { N = 30 };
    double edges[N + 1], prob[N];
    for (int i = 0; i <= N; i++)
        edges[i] = i - 0.5;
    for (int i = 0; i < N; i++)
        prob[i] = gsl_ran_poisson_pdf((unsigned)i, 6.0);
    ps_score_hist counts = {N, edges, prob, 0, 0, 0, N - 1, true};
    double chi2 = pit_chi2(&counts, prob, r);
    if (!(chi2 < 27.88))
        fail_msg("randomised PIT of counts: chi2 %.2f >= 27.88", chi2);
    /* the test has power: without randomisation (u = 0) it rejects */
    double chi2_u0 = 0;
    {
        ps_score_hist c0 = counts;
        enum { M = 20000 };
        double cnt[10] = {0};
        gsl_ran_discrete_t *d = gsl_ran_discrete_preproc(N, prob);
        for (int k = 0; k < M; k++) {
            double p = ps_score_pit_hist(&c0, (double)gsl_ran_discrete(r, d), 0.0);
            int c = (int)(p * 10);
            cnt[c < 10 ? c : 9]++;
        }
        gsl_ran_discrete_free(d);
        for (int c = 0; c < 10; c++)
            chi2_u0 += (cnt[c] - M / 10.0) * (cnt[c] - M / 10.0) / (M / 10.0);
    }
    if (!(chi2_u0 > 27.88))
        fail_msg("PIT without randomisation passes the uniformity test: chi2 %.2f", chi2_u0);
    double cont_edges[N + 1];
    for (int i = 0; i <= N; i++)
        cont_edges[i] = 10.0 + 0.7 * i * (1 + 0.05 * i);
    ps_score_hist cont = {N, cont_edges, prob, 0, 0, 10.0, cont_edges[N], false};
    chi2 = pit_chi2(&cont, prob, r);
    if (!(chi2 < 27.88))
        fail_msg("PIT of a continuous binned forecast: chi2 %.2f >= 27.88", chi2);
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crps_normal_closed_form),
        cmocka_unit_test(test_crps_lognormal_closed_form),
        cmocka_unit_test(test_crps_fine_histogram),
        cmocka_unit_test(test_crps_discrete_by_hand),
        cmocka_unit_test(test_interval_score_by_hand),
        cmocka_unit_test(test_naive_by_hand),
        cmocka_unit_test(test_pit_uniform),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
