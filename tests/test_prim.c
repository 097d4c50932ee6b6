/* test_prim.c — PRIM (engine/prim.c) against known answers: a hand-worked
 * peeling trajectory, a planted box recovered within the sampling error of
 * the peeling step, irrelevant inputs left alone, quasi-p values of a
 * relevant and an irrelevant restriction, pasting that never lowers density
 * or coverage, and the resampling check. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>
#include <gsl/gsl_rng.h>

#include "parksim/prim.h"

#define assert_near(x, target, tol)                                                        \
    do {                                                                                   \
        double x_ = (x), t_ = (target);                                                    \
        if (!(fabs(x_ - t_) <= (tol)))                                                     \
            fail_msg("%s = %.17g, expected %.17g ± %g", #x, x_, t_, (double)(tol));        \
    } while (0)

static const ps_prim_params defaults = {0.05, 0.05};

/* x = 1..20, y = 1 iff x >= 11, alpha 0.1: each step removes
 * ceil(0.1 * cases) cases from the side that raises density (always the
 * lower side: the upper side removes hits), worked by hand. */
static void test_peel_by_hand(void **state)
{
    (void)state;
    double x[20];
    unsigned char y[20];
    for (int i = 0; i < 20; i++)
        x[i] = i + 1, y[i] = i + 1 >= 11;
    ps_prim_params p = {0.1, 0.05};
    ps_prim_box *t;
    int nt;
    assert_int_equal(ps_prim_peel(x, y, 20, 1, &p, &t, &nt, NULL), PS_OK);
    /* lo: 3, 5, 7, 9, 11 (2 removed each: ceil(0.1 * 18..12) = 2), then one
     * at a time (ceil(0.1 * 10..2) = 1, density stays 1: ties keep the
     * lower side) down to 1 case (min mass 0.05 * 20). */
    const double lo[] = {-INFINITY, 3, 5, 7, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
    const long cases[] = {20, 18, 16, 14, 12, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    assert_int_equal(nt, 15);
    for (int b = 0; b < nt; b++) {
        assert_true(t[b].lo[0] == lo[b]);
        assert_true(isinf(t[b].hi[0]));
        assert_int_equal(t[b].cases, cases[b]);
        long hits = cases[b] < 10 ? cases[b] : 10;
        assert_int_equal(t[b].hits, hits);
        assert_near(t[b].density, (double)hits / (double)cases[b], 1e-15);
        assert_near(t[b].coverage, (double)hits / 10.0, 1e-15);
        assert_near(t[b].mass, (double)cases[b] / 20.0, 1e-15);
        assert_int_equal(t[b].restricted, b > 0);
    }
    /* One-SE rule: the best density with coverage >= 0.5 is 1 (SE 0), and
     * box 5 (lo = 11) is the first to reach it. */
    assert_int_equal(ps_prim_choose(t, nt, 0.5), 5);
    free(t);
}

/* The planted box: k = 5 inputs uniform on [0, 1]; P(y = 1) = 0.9 where
 * x0 >= 0.2 and x1 <= 0.6, 0.05 elsewhere. */
enum { N = 4000, K = 5 };
static double px[N * K];
static unsigned char py[N];

static void plant(unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(r, seed);
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < K; j++)
            px[i * K + j] = gsl_rng_uniform(r);
        bool in = px[i * K] >= 0.2 && px[i * K + 1] <= 0.6;
        py[i] = gsl_rng_uniform(r) < (in ? 0.9 : 0.05);
    }
    gsl_rng_free(r);
}

static ps_prim_box planted_box(void)
{
    ps_prim_box *t;
    int nt;
    assert_int_equal(ps_prim_peel(px, py, N, K, &defaults, &t, &nt, NULL), PS_OK);
    ps_prim_box box = t[ps_prim_choose(t, nt, 0.5)];
    free(t);
    ps_prim_paste(px, py, N, K, defaults.alpha, &box);
    return box;
}

static void test_planted_box(void **state)
{
    (void)state;
    for (unsigned long seed = 1; seed <= 3; seed++) {
        plant(seed);
        ps_prim_box box = planted_box();
        /* Tolerance: one peeling step moves a limit by alpha times the
         * box's width in that input (<= 0.05 here), plus 3 standard errors
         * of an empirical quantile near 0.2 of 4000 uniforms
         * (sqrt(0.2 * 0.8 / 4000) = 0.0063): 0.05 + 0.019 < 0.07. */
        assert_near(box.lo[0], 0.2, 0.07);
        assert_true(isinf(box.hi[0]));
        assert_near(box.hi[1], 0.6, 0.07);
        assert_true(isinf(box.lo[1]));
        /* Irrelevant inputs are not restricted. */
        for (int j = 2; j < K; j++)
            assert_true(isinf(box.lo[j]) && isinf(box.hi[j]));
        assert_int_equal(box.restricted, 2);
        /* The box's density is the planted 0.9 within 4 standard errors
         * (about 0.48 * 4000 cases: se = sqrt(0.9 * 0.1 / 1900) = 0.007),
         * less a little contamination from a limit a step outside. */
        assert_near(box.density, 0.9, 4 * 0.007 + 0.01);
    }
}

static void test_peel_finds_wrong_side_fails(void **state)
{
    (void)state;
    /* Peeling must cut where y = 0: flip the outcome and the limits go to
     * the other side of the same edges. */
    plant(7);
    for (int i = 0; i < N; i++)
        py[i] = !py[i];
    ps_prim_box *t;
    int nt;
    assert_int_equal(ps_prim_peel(px, py, N, K, &defaults, &t, &nt, NULL), PS_OK);
    /* Now y = 1 with P 0.95 outside the planted box: the box of x0 < 0.2
     * alone has density 0.95 and coverage about 0.2 / 0.568 < 0.5; with
     * coverage >= 0.3 the peel keeps x0 <= ~0.2 or x1 >= ~0.6. */
    ps_prim_box b = t[ps_prim_choose(t, nt, 0.3)];
    free(t);
    bool upper0 = isfinite(b.hi[0]) && b.hi[0] < 0.27, lower1 = isfinite(b.lo[1]) && b.lo[1] > 0.53;
    assert_true(upper0 || lower1);
    assert_true(b.density > 0.85);
}

static void test_quasi_p(void **state)
{
    (void)state;
    plant(11);
    ps_prim_box box = planted_box();
    /* Relevant restrictions: the box holds ~0.9 hits against a null density
     * of ~0.5 without the limit: far beyond any test level. */
    assert_true(ps_prim_quasi_p(px, py, N, K, &box, 0) < 1e-10);
    assert_true(ps_prim_quasi_p(px, py, N, K, &box, 1) < 1e-10);
    /* Not restricted: 1. */
    assert_true(ps_prim_quasi_p(px, py, N, K, &box, 3) == 1);
    /* An irrelevant restriction (x2 >= 0.3) leaves the density where it was:
     * its quasi-p value is a p-value under the null (uniform-ish), so above
     * 0.05 with probability 0.95; with this fixed seed it is. */
    box.lo[2] = 0.3;
    ps_prim_box_stats(px, py, N, K, &box);
    double q = ps_prim_quasi_p(px, py, N, K, &box, 2);
    assert_true(q > 0.05 && q <= 1);
    /* The relevant ones stay tiny. */
    assert_true(ps_prim_quasi_p(px, py, N, K, &box, 0) < 1e-10);
}

static void test_paste_monotone(void **state)
{
    (void)state;
    plant(5);
    /* A density that is not flat along x1: P(y = 1) = 0.2 below 0.3, 0.9
     * on [0.3, 0.6], 0.05 above. The box x1 <= 0.35 (density about 0.3) is
     * too tight: pasting adds cases of density 0.9 until the limit reaches
     * 0.6, where the next ones would have 0.05 (within one paste step,
     * alpha * 1 in x1, plus 3 se of the quantile as in test_planted_box:
     * 0.07). */
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(r, 99);
    for (int i = 0; i < N; i++) {
        double v = px[i * K + 1];
        py[i] = gsl_rng_uniform(r) < (v < 0.3 ? 0.2 : v <= 0.6 ? 0.9 : 0.05);
    }
    gsl_rng_free(r);
    ps_prim_box box;
    ps_prim_box_all(py, N, K, &box);
    box.hi[1] = 0.35;
    ps_prim_box_stats(px, py, N, K, &box);
    ps_prim_box before = box;
    int pastes = ps_prim_paste(px, py, N, K, 0.05, &box);
    assert_true(pastes > 0);
    assert_true(box.density > before.density);
    assert_true(box.coverage > before.coverage);
    assert_true(box.cases > before.cases);
    for (int j = 0; j < K; j++)
        assert_true(box.lo[j] <= before.lo[j] && box.hi[j] >= before.hi[j]);
    assert_near(box.hi[1], 0.6, 0.07);
    assert_true(isinf(box.lo[1]));
    /* Stats consistent with a recount. */
    ps_prim_box recount = box;
    ps_prim_box_stats(px, py, N, K, &recount);
    assert_int_equal(recount.cases, box.cases);
    assert_int_equal(recount.hits, box.hits);
    /* Pasting a box again changes nothing. */
    before = box;
    assert_int_equal(ps_prim_paste(px, py, N, K, 0.05, &box), 0);
    assert_int_equal(box.cases, before.cases);
}

static void test_resample(void **state)
{
    (void)state;
    plant(3);
    int count[K];
    assert_int_equal(ps_prim_resample(px, py, N, K, &defaults, 0.5, 1, 20, 42, count, NULL), PS_OK);
    /* The two planted limits recur in every resample; an irrelevant input
     * in few (a chance peel survives pasting rarely). */
    assert_int_equal(count[0], 20);
    assert_int_equal(count[1], 20);
    for (int j = 2; j < K; j++)
        if (count[j] > 6)
            fail_msg("input %d restricted in %d of 20 resamples", j, count[j]);
    /* Fixed seed: the same counts again. */
    int again[K];
    assert_int_equal(ps_prim_resample(px, py, N, K, &defaults, 0.5, 1, 20, 42, again, NULL), PS_OK);
    for (int j = 0; j < K; j++)
        assert_int_equal(again[j], count[j]);
}

static void test_prune(void **state)
{
    (void)state;
    plant(11);
    ps_prim_box box = planted_box();
    /* Two irrelevant restrictions added by hand: pruning drops them (their
     * quasi-p values are those of test_quasi_p, above 0.05) and keeps the
     * planted ones (quasi-p < 1e-10). */
    box.lo[2] = 0.3, box.hi[4] = 0.8;
    ps_prim_box_stats(px, py, N, K, &box);
    double lo0 = box.lo[0], hi1 = box.hi[1];
    assert_int_equal(ps_prim_prune(px, py, N, K, 0.05, &box), 2);
    assert_true(isinf(box.lo[2]) && isinf(box.hi[4]));
    assert_true(box.lo[0] == lo0 && box.hi[1] == hi1);
    assert_int_equal(box.restricted, 2);
    /* Level 1e-300: nothing passes, everything is dropped. */
    assert_int_equal(ps_prim_prune(px, py, N, K, 1e-300, &box), 2);
    assert_int_equal(box.restricted, 0);
    assert_int_equal(box.cases, N);
}

static void test_bad_params(void **state)
{
    (void)state;
    ps_prim_box *t;
    int nt;
    ps_error err;
    ps_prim_params p = {0.6, 0.05};
    assert_int_equal(ps_prim_peel(px, py, N, K, &p, &t, &nt, &err), PS_ERR_CONFIG);
    assert_string_equal(err.where, "alpha");
    assert_null(t);
    p = (ps_prim_params){0.05, 0};
    assert_int_equal(ps_prim_peel(px, py, N, K, &p, &t, &nt, &err), PS_ERR_CONFIG);
    assert_string_equal(err.where, "min-mass");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_peel_by_hand),      cmocka_unit_test(test_planted_box),
        cmocka_unit_test(test_peel_finds_wrong_side_fails), cmocka_unit_test(test_quasi_p),
        cmocka_unit_test(test_paste_monotone),    cmocka_unit_test(test_resample),
        cmocka_unit_test(test_prune),             cmocka_unit_test(test_bad_params),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
