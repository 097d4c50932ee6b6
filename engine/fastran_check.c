/* fastran_check.c — the samplers' self-check for `parksim bench` (see
 * include/parksim/fastran_check.h). */
#include "parksim/fastran_check.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "parksim/fastran.h"

#define MAX_BINS 64

enum kind { NORMAL, POISSON, POISSON_CF, BINOMIAL, BINOMIAL_CF };

/* P(X <= k) of the reference (GSL's cdfs). */
static double ref_cdf(enum kind kind, double a, double b, double k)
{
    if (k < 0)
        return 0;
    switch (kind) {
    case POISSON:
    case POISSON_CF: return gsl_cdf_poisson_P((unsigned)k, a);
    case BINOMIAL:
    case BINOMIAL_CF: return k >= a ? 1 : gsl_cdf_binomial_P((unsigned)k, b, (unsigned)a);
    case NORMAL: break;
    }
    return gsl_cdf_ugaussian_P(k);
}

static double draw(enum kind kind, double a, double b, ps_fr_cb *r)
{
    switch (kind) {
    case POISSON: return (double)ps_fr_cb_poisson(r, a);
    case POISSON_CF: return ps_fr_poisson_cf(a, ps_fr_cb_normal(r));
    case BINOMIAL: return (double)ps_fr_cb_binomial(r, b, (uint64_t)a);
    case BINOMIAL_CF: return ps_fr_binomial_cf(a, b, ps_fr_cb_normal(r));
    case NORMAL: break;
    }
    return ps_fr_cb_normal(r);
}

/* Bins: for the normal, MAX_BINS of equal probability; for a count, upper
 * edges k at which the cdf first passes each multiple of 1/32 (merged where
 * two multiples share a k, so every bin expects about 1/32 or more). */
static int make_bins(enum kind kind, double a, double b, double *edge, double *prob)
{
    int n = 0;
    double prev = 0;
    if (kind == NORMAL) {
        for (int i = 1; i < MAX_BINS; i++) {
            edge[n] = gsl_cdf_ugaussian_Pinv((double)i / MAX_BINS);
            prob[n++] = 1.0 / MAX_BINS;
        }
        prob[n++] = 1.0 / MAX_BINS;
        return n;
    }
    double mean = kind == POISSON || kind == POISSON_CF ? a : a * b;
    double sd = kind == POISSON || kind == POISSON_CF ? sqrt(a) : sqrt(a * b * (1 - b));
    double k = fmax(0, floor(mean - 10 * sd));
    for (int j = 1; j < 32; j++) {
        while (ref_cdf(kind, a, b, k) < j / 32.0)
            k++;
        double c = ref_cdf(kind, a, b, k);
        if (n > 0 && edge[n - 1] == k)
            continue;
        if (c >= 1 - 1e-12)
            break;
        edge[n] = k;
        prob[n++] = c - prev;
        prev = c;
    }
    prob[n++] = 1 - prev;
    return n;
}

static void check_one(ps_fr_check *c, const char *name, enum kind kind, double a, double b, uint64_t key)
{
    double edge[MAX_BINS], prob[MAX_BINS], count[MAX_BINS] = {0};
    int nb = make_bins(kind, a, b, edge, prob);
    ps_fr_cb r;
    ps_fr_cb_start(&r, key);
    for (long i = 0; i < PS_FR_CHECK_DRAWS; i++) {
        double x = draw(kind, a, b, &r);
        int lo = 0, hi = nb - 1; /* the first bin whose edge is >= x */
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (x <= edge[mid])
                hi = mid;
            else
                lo = mid + 1;
        }
        count[lo]++;
    }
    double chi2 = 0;
    for (int i = 0; i < nb; i++) {
        double e = PS_FR_CHECK_DRAWS * prob[i];
        chi2 += (count[i] - e) * (count[i] - e) / e;
    }
    snprintf(c->name, sizeof c->name, "%s", name);
    c->bins = nb;
    c->chi2 = chi2;
    c->p = gsl_cdf_chisq_Q(chi2, nb - 1);
}

int ps_fr_check_run(ps_fr_check out[PS_FR_CHECK_COUNT])
{
    /* The model's ranges: entries of means 5 to a few thousand, exits of
     * 50 to 10 000 firms at 3-7 %; corrected normal from variance 50. */
    check_one(&out[0], "normal (ziggurat)", NORMAL, 0, 0, 1);
    check_one(&out[1], "poisson(5), inversion", POISSON, 5, 0, 2);
    check_one(&out[2], "poisson(30), PTRS", POISSON, 30, 0, 3);
    check_one(&out[3], "poisson(50), corrected normal", POISSON_CF, PS_FR_CF_MIN_VAR, 0, 4);
    check_one(&out[4], "poisson(600), corrected normal", POISSON_CF, 600, 0, 5);
    check_one(&out[5], "binomial(100, 0.05), inversion", BINOMIAL, 100, 0.05, 6);
    check_one(&out[6], "binomial(600, 0.05), BTRD", BINOMIAL, 600, 0.05, 7);
    check_one(&out[7], "binomial(1053, 0.05), corr. normal", BINOMIAL_CF, 1053, 0.05, 8);
    check_one(&out[8], "binomial(5000, 0.05), corr. normal", BINOMIAL_CF, 5000, 0.05, 9);
    int failed = 0;
    for (int i = 0; i < PS_FR_CHECK_COUNT; i++)
        failed += out[i].p < PS_FR_CHECK_REJECT_P;
    return failed;
}
