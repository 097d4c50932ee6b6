/* test_logbin.c — bins found against precomputed edges (engine/logbin.c)
 * are exactly the bins a log per value gives: a known answer (a linear
 * coordinate whose edges are the integers), a deliberately bad first guess,
 * and the two histograms that use it — zones.tsv's ln(x / x0) bins and
 * provinces.tsv's GDP bins — against their formula computed directly, at
 * every edge, the doubles next to it and a million log-uniform values. */
#include <math.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "parksim/logbin.h"
#include "parksim/zone_accum.h"

#include "test_util.h"

static double linear(const void *ctx, double r)
{
    (void)ctx;
    return r;
}

/* coord(r) = r: the smallest positive double reaching b is b itself (for
 * b = 0 the smallest subnormal), so bin(r) = floor(r) on [0, n). */
static void test_known_edges(void **state)
{
    (void)state;
    ps_logbin lb;
    /* a = 0, s = 1 is a poor guess for a linear coordinate: the search and
     * the walk must still land on the exact edges */
    assert_int_equal(ps_logbin_init(&lb, 10, 0, 1, linear, NULL), 0);
    assert_true(lb.edge[0] == 0x1p-1074);
    for (int b = 1; b <= 10; b++)
        assert_true(lb.edge[b] == b);
    assert_int_equal(ps_logbin_find(&lb, 0.0), -1);
    assert_int_equal(ps_logbin_find(&lb, -1.0), -1);
    assert_int_equal(ps_logbin_find(&lb, NAN), -1);
    assert_int_equal(ps_logbin_find(&lb, 0x1p-1074), 0);
    assert_int_equal(ps_logbin_find(&lb, nextafter(3.0, 0)), 2);
    assert_int_equal(ps_logbin_find(&lb, 3.0), 3);
    assert_int_equal(ps_logbin_find(&lb, 9.999), 9);
    assert_int_equal(ps_logbin_find(&lb, 10.0), 10);
    assert_int_equal(ps_logbin_find(&lb, INFINITY), 10);
    ps_logbin_free(&lb);
    ps_logbin_free(&lb); /* a zeroed one: no-op */
}

/* The approximate log is a guess only, but a good one (the walk is short). */
static void test_ln_guess(void **state)
{
    (void)state;
    for (double r = 1e-6; r < 1e6; r *= 1.01)
        assert_close(ps_logbin_ln(r), log(r), 2e-4);
}

/* zones.tsv before logbin: the bin hist_add drew with a log per value. */
static int zone_bin_by_log(double r)
{
    double g = (log(r) + PS_ZONE_LOG_RANGE) * (PS_ZONE_BINS / (2 * PS_ZONE_LOG_RANGE));
    return g < 0 ? -1 : g >= PS_ZONE_BINS ? PS_ZONE_BINS : (int)g;
}

/* provinces.tsv's GDP bin of x in [lo, hi), as add_continuous drew it. */
typedef struct gdp_hist {
    double lo, hi;
} gdp_hist;

static int gdp_bin_by_log(const gdp_hist *h, double x)
{
    double f = log(x / h->lo) / log(h->hi / h->lo);
    int i = (int)(f * 1000.0);
    return i < 1000 ? i : 999;
}

static double gdp_coord(const void *ctx, double r) { return log(r) / *(const double *)ctx * 1000.0; }

static void check_zone(const ps_logbin *lb, double r)
{
    int want = zone_bin_by_log(r), got = ps_logbin_find(lb, r);
    if (want != got)
        fail_msg("r = %a: bin %d by log, %d by edges", r, want, got);
}

static void test_zone_bins_exact(void **state)
{
    (void)state;
    ps_logbin lb;
    assert_int_equal(ps_zone_accum_bins_init(&lb), 0);
    assert_int_equal(lb.n, PS_ZONE_BINS);
    assert_non_null(lb.start); /* found by buckets (the linear case above: by the log) */
    assert_true(lb.one_step);  /* buckets 0.8 % wide, bins 2 %: at most one edge in a bucket */
    for (int b = 0; b <= lb.n; b++) {
        double r = lb.edge[b];
        assert_int_equal(zone_bin_by_log(r), b);                  /* the edge is in bin b */
        assert_int_equal(zone_bin_by_log(nextafter(r, 0)), b - 1); /* the double below is not */
        for (int k = 0; k < 8; k++, r = nextafter(r, INFINITY))
            check_zone(&lb, r);
    }
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(rng, 20261202);
    for (int k = 0; k < 1000000; k++) /* log-uniform over [e^-6, e^6], wider than the range */
        check_zone(&lb, exp(12 * gsl_rng_uniform(rng) - 6));
    gsl_rng_free(rng);
    ps_logbin_free(&lb);
}

static void test_gdp_bins_exact(void **state)
{
    (void)state;
    /* three base-year scales, one of them not a round number */
    const double scales[] = {1.0, 4321.987654321, 37.5e3};
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(rng, 7);
    for (size_t s = 0; s < sizeof scales / sizeof scales[0]; s++) {
        gdp_hist h = {scales[s] / 1000, scales[s] * 20};
        double span = log(h.hi / h.lo);
        ps_logbin lb;
        assert_int_equal(ps_logbin_init(&lb, 1000, 0, 1000 / span, gdp_coord, &span), 0);
        assert_true(lb.edge[0] == 1.0);
        assert_true(lb.start && lb.one_step); /* buckets <= 0.78 % wide, bins 0.99 % */
        for (int b = 1; b < 1000; b++) {
            double x = lb.edge[b] * h.lo; /* near the edge in x, both sides */
            for (int k = 0; k < 6; k++, x = nextafter(x, INFINITY)) {
                int got = ps_logbin_find(&lb, x / h.lo);
                assert_int_equal(got < 1000 ? got : 999, gdp_bin_by_log(&h, x));
            }
        }
        for (int k = 0; k < 200000; k++) {
            double x = h.lo * exp(span * gsl_rng_uniform(rng));
            if (x >= h.hi)
                continue;
            int got = ps_logbin_find(&lb, x / h.lo);
            assert_int_equal(got < 1000 ? got : 999, gdp_bin_by_log(&h, x));
        }
        ps_logbin_free(&lb);
    }
    gsl_rng_free(rng);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_edges),
        cmocka_unit_test(test_ln_guess),
        cmocka_unit_test(test_zone_bins_exact),
        cmocka_unit_test(test_gdp_bins_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
