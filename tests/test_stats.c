/* test_stats.c — statistical behaviour of the Monte Carlo: agreement with a
 * closed form, coverage of the Wilson interval over repeated seeds, and the
 * accumulator (moments, quantiles, exact merging of blocks and counts).
 * Tolerances are derived from the sampling error of each quantity. */
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics.h>

#include "parksim/accum.h"
#include "parksim/mc.h"
#include "test_util.h"

#define LOGNORMAL "tests/data/model/lognormal.cfg"

/* lognormal.cfg: GDP_2020 = 1000 exp(5 mu + sum of 5 N(0, sigma^2)). */
static const double MU = 0.08, SIGMA = 0.05, YEARS = 5, GDP0 = 1000, THRESHOLD = 1500;

static int find_target(const ps_scenario *sc, const char *name)
{
    for (int t = 0; t < sc->n_targets; t++)
        if (strcmp(sc->targets[t].name, name) == 0)
            return t;
    fail_msg("no target %s", name);
    return -1;
}

static ps_accum *run_batch(const ps_model *m, long first, long runs)
{
    ps_accum *acc = ps_accum_alloc(m);
    ps_mc_options mo = {.first_run = first, .runs = runs, .threads = 2};
    long done;
    ps_error err;
    assert_int_equal(ps_mc_execute(m, &mo, acc, &done, &err), PS_OK);
    assert_int_equal(ps_accum_finish(acc), 0);
    return acc;
}

static void test_closed_form_mean_and_probability(void **state)
{
    (void)state;
    test_job job;
    test_job_open(&job, LOGNORMAL, NULL, 0);
    long n = job.sc.run.runs;
    ps_accum *acc = run_batch(job.model, 0, n);
    double mean, sd, se;
    ps_accum_moments(acc, PS_M_GDP, 5, &mean, &sd, &se);
    double true_mean = GDP0 * exp(YEARS * MU + YEARS * SIGMA * SIGMA / 2);
    print_message("mean GDP 2020 %.3f (se %.3f), closed form %.3f\n", mean, se, true_mean);
    assert_close(mean, true_mean, 4 * se);

    double s = SIGMA * sqrt(YEARS);
    double true_p = gsl_cdf_ugaussian_Q((log(THRESHOLD / GDP0) - YEARS * MU) / s);
    int t = find_target(&job.sc, "gdp");
    double p = (double)ps_accum_met(acc, t) / (double)n;
    print_message("P(GDP >= 1500) %.4f, closed form %.4f\n", p, true_p);
    assert_close(p, true_p, 4 * sqrt(true_p * (1 - true_p) / (double)n));

    /* Median of a lognormal: GDP0 exp(5 mu); the histogram quantile must be
     * within the sampling error of a median plus one bin. */
    double median = ps_accum_quantile(acc, PS_M_GDP, 5, 0.5), true_median = GDP0 * exp(YEARS * MU);
    double density = gsl_ran_lognormal_pdf(true_median, log(GDP0) + YEARS * MU, s);
    double se_median = 1 / (2 * density * sqrt((double)n));
    assert_close(median, true_median, 4 * se_median + true_median * 0.002);
    ps_accum_free(acc);
    test_job_close(&job);
}

/* Over repeated seeds the 95 % Wilson interval covers the true probability
 * about 95 % of the time: with 400 batches, the count of covers has sd
 * sqrt(400 * 0.95 * 0.05) = 4.4, and Wilson's coverage at n = 60 stays within
 * about 1.5 points of nominal. */
static void test_wilson_coverage(void **state)
{
    (void)state;
    enum { BATCHES = 400, RUNS = 60 };
    double true_p = gsl_cdf_ugaussian_Q((log(THRESHOLD / GDP0) - YEARS * MU) / (SIGMA * sqrt(YEARS)));
    int covered = 0;
    for (int b = 0; b < BATCHES; b++) {
        char seed[64];
        snprintf(seed, sizeof seed, "run.seed=%d", 1000 + b);
        const char *sets[] = {seed};
        test_job job;
        test_job_open(&job, LOGNORMAL, sets, 1);
        ps_accum *acc = run_batch(job.model, 0, RUNS);
        double lo, hi;
        ps_wilson(ps_accum_met(acc, find_target(&job.sc, "gdp")), RUNS, &lo, &hi);
        covered += lo <= true_p && true_p <= hi;
        ps_accum_free(acc);
        test_job_close(&job);
    }
    double rate = (double)covered / BATCHES;
    print_message("Wilson coverage %.3f over %d batches of %d runs\n", rate, BATCHES, RUNS);
    assert_close(rate, 0.95, 4 * sqrt(0.95 * 0.05 / BATCHES) + 0.015);
}

/* ---- accumulator ------------------------------------------------------------- */

typedef struct block_log {
    int n_blocks, n_cells;
    ps_moments *blocks;
} block_log;

static int log_block(void *ctx, long block, const ps_moments *moments, int n_cells)
{
    block_log *log = ctx;
    assert_int_equal(block, log->n_blocks);
    log->n_cells = n_cells;
    log->blocks = realloc(log->blocks, sizeof *log->blocks * (size_t)(log->n_blocks + 1) * (size_t)n_cells);
    memcpy(&log->blocks[(size_t)log->n_blocks * (size_t)n_cells], moments, sizeof *moments * (size_t)n_cells);
    log->n_blocks++;
    return 0;
}

/* Synthetic results: metric values from GSL draws, to check the accumulator
 * against gsl_stats on the same numbers. */
static void test_accumulator_against_gsl(void **state)
{
    (void)state;
    test_job job;
    test_job_open(&job, LOGNORMAL, NULL, 0);
    enum { N = 3000 };
    ps_run_result *r = ps_run_result_alloc(job.model);
    ps_accum *whole = ps_accum_alloc(job.model), *first = ps_accum_alloc(job.model),
             *second = ps_accum_alloc(job.model), *replayed = ps_accum_alloc(job.model);
    block_log log = {0};
    ps_accum_on_block(whole, log_block, &log);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_taus2);
    static double gdp[N], share[N];
    int ny = r->n_years;
    for (long k = 0; k < N; k++) {
        r->run = k;
        for (int c = 0; c < PS_METRIC_COUNT * ny; c++)
            r->values[c] = 0.5;
        gdp[k] = GDP0 * exp(gsl_ran_gaussian(rng, 0.3));
        share[k] = gsl_ran_beta(rng, 6, 90);
        r->values[PS_M_GDP * ny + 5] = gdp[k];
        r->values[PS_M_RD_INTENSITY * ny + 5] = share[k];
        memset(r->holds, 0, (size_t)(r->n_targets * ny));
        memset(r->met, 0, (size_t)r->n_targets);
        memset(r->first_met, 0, sizeof *r->first_met * (size_t)r->n_targets);
        ps_accum_add(whole, r);
        ps_accum_add(k < 2 * PS_ACCUM_BLOCK ? first : second, r);
    }
    ps_accum_finish(whole);
    ps_accum_finish(first);
    ps_accum_finish(second);

    double mean, sd, se;
    ps_accum_moments(whole, PS_M_GDP, 5, &mean, &sd, &se);
    assert_close(mean, gsl_stats_mean(gdp, 1, N), 1e-12 * mean);
    assert_close(sd, gsl_stats_sd(gdp, 1, N), 1e-10 * sd);
    assert_close(se, sd / sqrt(N), 1e-15 * sd);
    gsl_sort(gdp, 1, N);
    gsl_sort(share, 1, N);
    const double qs[] = {0.05, 0.25, 0.5, 0.75, 0.95};
    for (int i = 0; i < 5; i++) {
        /* Log bins: 4000 over a factor 2500, 0.2 % wide; linear: 0.25/5000. */
        double q_gdp = gsl_stats_quantile_from_sorted_data(gdp, 1, N, qs[i]);
        assert_close(ps_accum_quantile(whole, PS_M_GDP, 5, qs[i]), q_gdp, 0.002 * q_gdp + 1e-9);
        double q_share = gsl_stats_quantile_from_sorted_data(share, 1, N, qs[i]);
        assert_close(ps_accum_quantile(whole, PS_M_RD_INTENSITY, 5, qs[i]), q_share, 0.25 / 5000 + 1e-3 * q_share);
    }
    /* A constant metric reports its exact value at every quantile. */
    assert_close(ps_accum_quantile(whole, PS_M_PLOT_RATIO, 2, 0.05), 0.5, 0);

    /* Exactness of merging: replaying the blocks in order and adding the
     * packed counts of two halves reproduces the whole, bit for bit. */
    assert_int_equal(log.n_blocks, 3);
    for (int b = 0; b < log.n_blocks; b++)
        ps_accum_merge_block(replayed, &log.blocks[(size_t)b * (size_t)log.n_cells]);
    size_t size = ps_accum_counts_size(first);
    double *buf = malloc(sizeof *buf * size);
    ps_accum_counts_pack(first, buf);
    ps_accum_counts_add(replayed, buf);
    ps_accum_counts_pack(second, buf);
    ps_accum_counts_add(replayed, buf);
    double mean2, sd2, se2;
    ps_accum_moments(replayed, PS_M_GDP, 5, &mean2, &sd2, &se2);
    assert_memory_equal(&mean, &mean2, sizeof mean);
    assert_memory_equal(&sd, &sd2, sizeof sd);
    assert_int_equal(ps_accum_runs(replayed), N);
    for (int i = 0; i < 5; i++) {
        double a = ps_accum_quantile(whole, PS_M_GDP, 5, qs[i]), b = ps_accum_quantile(replayed, PS_M_GDP, 5, qs[i]);
        assert_memory_equal(&a, &b, sizeof a);
    }
    free(buf);
    free(log.blocks);
    gsl_rng_free(rng);
    ps_accum_free(whole);
    ps_accum_free(first);
    ps_accum_free(second);
    ps_accum_free(replayed);
    ps_run_result_free(r);
    test_job_close(&job);
}

static void test_wilson_and_paired_intervals(void **state)
{
    (void)state;
    double lo, hi, d;
    /* Wilson (1927) for 81 of 263: 0.2553 to 0.3662 (Newcombe 1998, table I). */
    ps_wilson(81, 263, &lo, &hi);
    assert_close(lo, 0.2553, 1e-4);
    assert_close(hi, 0.3662, 1e-4);
    ps_wilson(0, 10, &lo, &hi);
    assert_close(lo, 0, 0);
    assert_close(hi, 0.2775, 1e-4);
    /* Paired interval (Newcombe 1998, method 10). With no correlation
     * (a d = b c, so phi = 0) it is the square-and-add of the two Wilson
     * intervals: a = 40, b = 20, c = 10, d = 5, n = 75. */
    double l1, u1, l2, u2;
    ps_wilson(60, 75, &l1, &u1);
    ps_wilson(50, 75, &l2, &u2);
    double p1 = 60.0 / 75, p2 = 50.0 / 75;
    ps_newcombe_paired(40, 20, 10, 5, &d, &lo, &hi);
    assert_close(d, p1 - p2, 1e-15);
    assert_close(lo, d - sqrt(gsl_pow_2(p1 - l1) + gsl_pow_2(u2 - p2)), 1e-12);
    assert_close(hi, d + sqrt(gsl_pow_2(p2 - l2) + gsl_pow_2(u1 - p1)), 1e-12);
    /* Positive correlation (same margins, more concordant pairs) narrows it. */
    double lo_c, hi_c;
    ps_newcombe_paired(50, 10, 0, 15, &d, &lo_c, &hi_c);
    assert_close(d, p1 - p2, 1e-15);
    assert_true(hi_c - lo_c < 0.7 * (hi - lo));
    /* Identical outcomes: the difference is exactly zero and the interval
     * far narrower than either Wilson interval. */
    ps_newcombe_paired(500, 0, 0, 500, &d, &lo, &hi);
    assert_close(d, 0, 0);
    assert_true(hi - lo < 0.01);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_closed_form_mean_and_probability),
        cmocka_unit_test(test_wilson_coverage),
        cmocka_unit_test(test_accumulator_against_gsl),
        cmocka_unit_test(test_wilson_and_paired_intervals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
