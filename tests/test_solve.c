/* test_solve.c — the bisection of engine/solve.c on Bernoulli oracles whose
 * answer has a closed form: P(x) = Phi((x - mu) / sigma) reaches p at
 * mu + sigma Phi^-1(p). The oracle shares its random numbers between
 * lever values, as parksim's runs do: run i is a success at x iff
 * u_i < P(x), u_i a fixed uniform of i. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "parksim/solve.h"

#define assert_near(x, target, tol)                                                        \
    do {                                                                                   \
        double x_ = (x), t_ = (target);                                                    \
        if (!(fabs(x_ - t_) <= (tol)))                                                     \
            fail_msg("%s = %.17g, expected %.17g ± %g", #x, x_, t_, (double)(tol));        \
    } while (0)

typedef struct oracle {
    double (*prob)(const struct oracle *o, double x);
    double mu, sigma;
    long runs_asked; /* sum of counts asked for: doubling asks only new runs */
    int calls;
} oracle;

/* splitmix64 of the run index: the run's uniform, the same at every x. */
static double run_uniform(long i)
{
    uint64_t z = (uint64_t)i + 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1.0p-53;
}

static int oracle_eval(void *ctx, double x, long first, long count, unsigned long *met, ps_error *err)
{
    (void)err;
    oracle *o = ctx;
    double px = o->prob(o, x);
    unsigned long m = 0;
    for (long i = first; i < first + count; i++)
        m += run_uniform(i) < px;
    *met = m;
    o->runs_asked += count;
    o->calls++;
    return PS_OK;
}

static double rising(const oracle *o, double x) { return gsl_cdf_ugaussian_P((x - o->mu) / o->sigma); }
static double falling(const oracle *o, double x) { return gsl_cdf_ugaussian_P((o->mu - x) / o->sigma); }

/* Where the answer may be: the bracket's tolerance, plus the lever change
 * that moves P by 3 standard errors of a proportion at p with max_runs
 * runs (with shared uniforms the estimate is the empirical cdf of the u_i
 * at P(x)): dx = 3 sqrt(p (1 - p) / M) * sigma / phi(z_p). */
static double allowed(double p, long max_runs, double sigma, double tol)
{
    double z = gsl_cdf_ugaussian_Pinv(p);
    return tol + 3 * sqrt(p * (1 - p) / (double)max_runs) * sigma / gsl_ran_ugaussian_pdf(z);
}

static void test_rising(void **state)
{
    (void)state;
    oracle o = {rising, 10, 2, 0, 0};
    ps_solve_params pr = {0, 20, 0.8, 0, 1000, 16000, false};
    static ps_solve_result res;
    assert_int_equal(ps_solve(&pr, oracle_eval, &o, &res, NULL), PS_OK);
    assert_int_equal(res.outcome, PS_SOLVE_FOUND);
    assert_int_equal(res.direction, 1);
    assert_near(res.tol, 0.2, 1e-12);
    double truth = 10 + 2 * gsl_cdf_ugaussian_Pinv(0.8);
    assert_near(res.answer, truth, allowed(0.8, 16000, 2, 0.2));
    assert_true(res.bracket_hi - res.bracket_lo <= 0.2);
    assert_true(res.answer == res.bracket_hi); /* rising: the upper end is above p */
    const ps_solve_eval *a = &res.evals[res.answer_eval];
    assert_true(a->x == res.answer && a->decision == PS_SOLVE_ABOVE && a->ci_low > 0.8);
    /* Doubling asks only for the new runs: what was asked is what was counted. */
    long total = 0;
    for (int i = 0; i < res.n_evals; i++)
        total += res.evals[i].runs;
    assert_int_equal(o.runs_asked, total);
}

static void test_falling(void **state)
{
    (void)state;
    oracle o = {falling, 5, 1.5, 0, 0};
    ps_solve_params pr = {0, 10, 0.8, 0.05, 2000, 32000, false};
    static ps_solve_result res;
    assert_int_equal(ps_solve(&pr, oracle_eval, &o, &res, NULL), PS_OK);
    /* With a tolerance this fine the bisection reaches lever values whose P
     * is within MC error of p (here it does: undecided at the last midpoint,
     * which is then the answer); either way the answer is within the band. */
    assert_true(res.outcome == PS_SOLVE_FOUND || res.outcome == PS_SOLVE_UNDECIDED);
    assert_int_equal(res.direction, -1);
    /* Largest x with P >= 0.8: mu - sigma z_0.8. */
    double truth = 5 - 1.5 * gsl_cdf_ugaussian_Pinv(0.8);
    assert_near(res.answer, truth, allowed(0.8, 32000, 1.5, 0.05));
    assert_true(res.answer >= res.bracket_lo && res.answer <= res.bracket_hi);
    /* Falling: every lever value decided above p lies left of every one
     * decided below. */
    for (int i = 0; i < res.n_evals; i++)
        for (int j = 0; j < res.n_evals; j++)
            if (res.evals[i].decision == PS_SOLVE_ABOVE && res.evals[j].decision == PS_SOLVE_BELOW)
                assert_true(res.evals[i].x < res.evals[j].x);
}

static void test_no_crossing(void **state)
{
    (void)state;
    oracle o = {rising, 10, 2, 0, 0};
    ps_solve_params pr = {15, 20, 0.8, 0, 1000, 8000, false};
    static ps_solve_result res;
    assert_int_equal(ps_solve(&pr, oracle_eval, &o, &res, NULL), PS_OK);
    assert_int_equal(res.outcome, PS_SOLVE_NO_CROSSING);
    assert_true(res.always_met);
    assert_int_equal(res.n_evals, 2);
    pr.lo = 0, pr.hi = 5;
    assert_int_equal(ps_solve(&pr, oracle_eval, &o, &res, NULL), PS_OK);
    assert_int_equal(res.outcome, PS_SOLVE_NO_CROSSING);
    assert_false(res.always_met);
}

/* Low at 0, high at 1, but higher still at 0.5 than at 1. */
static double bump(const oracle *o, double x)
{
    (void)o;
    return x < 0.4 ? 0.05 : x < 0.6 ? 0.99 : 0.95;
}

static void test_not_monotone(void **state)
{
    (void)state;
    oracle o = {bump, 0, 0, 0, 0};
    ps_solve_params pr = {0, 1, 0.5, 0, 1000, 8000, false};
    static ps_solve_result res;
    assert_int_equal(ps_solve(&pr, oracle_eval, &o, &res, NULL), PS_OK);
    /* 0.99 at 0.5 (Wilson [0.982, 0.995] with 1000 runs) against 0.95 at 1
     * ([0.935, 0.962]): the intervals do not overlap. */
    assert_int_equal(res.outcome, PS_SOLVE_NOT_MONOTONE);
    assert_true(res.evals[res.bad_b].x == 0.5);
    assert_true(res.evals[res.bad_a].x == 1);
}

static void test_integer(void **state)
{
    (void)state;
    /* P(12) = Phi(0.75) = 0.773, P(13) = Phi(1.25) = 0.894: 13 is the
     * smallest integer with P >= 0.8, each side far beyond MC error. */
    oracle o = {rising, 10.5, 2, 0, 0};
    ps_solve_params pr = {0, 30, 0.8, 0, 1000, 16000, true};
    static ps_solve_result res;
    assert_int_equal(ps_solve(&pr, oracle_eval, &o, &res, NULL), PS_OK);
    assert_int_equal(res.outcome, PS_SOLVE_FOUND);
    assert_true(res.answer == 13);
    assert_true(res.bracket_lo == 12 && res.bracket_hi == 13);
    assert_true(res.tol == 1);
    for (int i = 0; i < res.n_evals; i++)
        assert_true(res.evals[i].x == floor(res.evals[i].x));
}

/* P = p exactly on [0.4, 0.6]: the midpoint cannot be decided. */
static double plateau(const oracle *o, double x)
{
    (void)o;
    return x < 0.4 ? 0.1 : x <= 0.6 ? 0.8 : 0.95;
}

static void test_undecided(void **state)
{
    (void)state;
    oracle o = {plateau, 0, 0, 0, 0};
    ps_solve_params pr = {0, 1, 0.8, 0, 500, 4000, false};
    static ps_solve_result res;
    assert_int_equal(ps_solve(&pr, oracle_eval, &o, &res, NULL), PS_OK);
    assert_int_equal(res.outcome, PS_SOLVE_UNDECIDED);
    /* The first midpoint, 0.5, is undecided after doubling 500 -> 1000 ->
     * 2000 -> 4000 runs. */
    assert_true(res.evals[2].x == 0.5);
    assert_int_equal(res.evals[2].runs, 4000);
    assert_int_equal(res.evals[2].decision, PS_SOLVE_UNDECIDED_AT);
    assert_true(res.evals[2].ci_low <= 0.8 && res.evals[2].ci_high >= 0.8);
    /* Both gaps narrowed to the tolerance (0.01) around the plateau's
     * edges, 0.4 and 0.6: below p just under 0.4, above just over 0.6. */
    assert_near(res.tol, 0.01, 1e-15);
    assert_true(res.bracket_lo < 0.4 && res.bracket_lo >= 0.4 - 0.01);
    assert_true(res.bracket_hi > 0.6 && res.bracket_hi <= 0.6 + 0.01);
    assert_true(res.undecided_lo >= 0.4 && res.undecided_hi <= 0.6);
    assert_true(res.answer == res.bracket_hi);
    assert_int_equal(res.evals[res.answer_eval].decision, PS_SOLVE_ABOVE);
}

static void test_bad_params(void **state)
{
    (void)state;
    oracle o = {rising, 10, 2, 0, 0};
    static ps_solve_result res;
    ps_error err;
    ps_solve_params pr = {5, 5, 0.8, 0, 100, 100, false};
    assert_int_equal(ps_solve(&pr, oracle_eval, &o, &res, &err), PS_ERR_CONFIG);
    assert_string_equal(err.message, "expected LO < HI, got 5:5");
    pr = (ps_solve_params){0, 1, 1.0, 0, 100, 100, false};
    assert_int_equal(ps_solve(&pr, oracle_eval, &o, &res, &err), PS_ERR_CONFIG);
    assert_string_equal(err.where, "p");
    pr = (ps_solve_params){0.5, 3, 0.5, 0, 100, 100, true};
    assert_int_equal(ps_solve(&pr, oracle_eval, &o, &res, &err), PS_ERR_CONFIG);
    assert_string_equal(err.message, "an integer setting needs integer LO and HI");
    assert_int_equal(o.calls, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rising),       cmocka_unit_test(test_falling),  cmocka_unit_test(test_no_crossing),
        cmocka_unit_test(test_not_monotone), cmocka_unit_test(test_integer),  cmocka_unit_test(test_undecided),
        cmocka_unit_test(test_bad_params),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
