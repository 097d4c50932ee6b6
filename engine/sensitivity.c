/* sensitivity.c — Sobol (Saltelli/Jansen), Morris and given-data estimators
 * and their bootstrap intervals, on arrays of outputs (parksim/sensitivity.h). */
#include "parksim/sensitivity.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

int ps_sens_saltelli_design(int d, long n, unsigned long seed, double *a, double *b)
{
    if (2 * d <= PS_SENS_SOBOL_MAX_DIM) {
        gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * d));
        if (!q)
            return -1;
        double v[PS_SENS_SOBOL_MAX_DIM];
        gsl_qrng_get(q, v); /* the origin: no quantile for 0 */
        for (long j = 0; j < n; j++) {
            gsl_qrng_get(q, v);
            for (int i = 0; i < d; i++) {
                a[j * d + i] = v[i];
                b[j * d + i] = v[d + i];
            }
        }
        gsl_qrng_free(q);
        return 1;
    }
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    if (!r)
        return -1;
    gsl_rng_set(r, seed);
    for (long j = 0; j < n; j++)
        for (int i = 0; i < d; i++)
            a[j * d + i] = gsl_rng_uniform_pos(r);
    for (long j = 0; j < n; j++)
        for (int i = 0; i < d; i++)
            b[j * d + i] = gsl_rng_uniform_pos(r);
    gsl_rng_free(r);
    return 0;
}

/* The Sobol estimators over rows idx[0..n) (idx NULL: 0..n-1). Two-pass
 * mean and variance of yA and yB pooled. */
static void sobol_rows(const double *ya, const double *yb, const double *yab, long n, int k, const long *idx,
                       double *s1, double *st)
{
    double mean = 0;
    for (long j = 0; j < n; j++) {
        long r = idx ? idx[j] : j;
        mean += ya[r] + yb[r];
    }
    mean /= (double)(2 * n);
    double var = 0;
    for (long j = 0; j < n; j++) {
        long r = idx ? idx[j] : j;
        var += (ya[r] - mean) * (ya[r] - mean) + (yb[r] - mean) * (yb[r] - mean);
    }
    var /= (double)(2 * n - 1);
    for (int i = 0; i < k; i++) {
        const double *yi = yab + (size_t)i * (size_t)n;
        double f = 0, t = 0;
        for (long j = 0; j < n; j++) {
            long r = idx ? idx[j] : j;
            /* yB centred: the same expectation (E[yAB - yA] = 0), far
             * less noise when the mean is large against the spread. */
            f += (yb[r] - mean) * (yi[r] - ya[r]);
            t += (ya[r] - yi[r]) * (ya[r] - yi[r]);
        }
        s1[i] = var > 0 ? f / (double)n / var : NAN;
        st[i] = var > 0 ? t / (2.0 * (double)n) / var : NAN;
    }
}

void ps_sens_sobol(const double *ya, const double *yb, const double *yab, long n, int k, double *s1, double *st)
{
    sobol_rows(ya, yb, yab, n, k, NULL, s1, st);
}

/* Percentile interval of reps[0..m) (sorted in place), NaN if any is NaN. */
static void percentile(double *reps, int m, double level, double *lo, double *hi)
{
    for (int b = 0; b < m; b++)
        if (isnan(reps[b])) {
            *lo = *hi = NAN;
            return;
        }
    gsl_sort(reps, 1, (size_t)m);
    *lo = gsl_stats_quantile_from_sorted_data(reps, 1, (size_t)m, (1 - level) / 2);
    *hi = gsl_stats_quantile_from_sorted_data(reps, 1, (size_t)m, 1 - (1 - level) / 2);
}

int ps_sens_sobol_bootstrap(const double *ya, const double *yb, const double *yab, long n, int k, int n_boot,
                            double level, unsigned long seed, double *s1_lo, double *s1_hi, double *st_lo,
                            double *st_hi)
{
    long *idx = malloc(sizeof *idx * (size_t)n);
    double *r1 = malloc(sizeof *r1 * (size_t)n_boot * (size_t)k);
    double *rt = malloc(sizeof *rt * (size_t)n_boot * (size_t)k);
    double *s1 = malloc(sizeof *s1 * (size_t)k), *st = malloc(sizeof *st * (size_t)k);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_taus2);
    int rc = -1;
    if (!idx || !r1 || !rt || !s1 || !st || !rng)
        goto done;
    gsl_rng_set(rng, seed);
    for (int b = 0; b < n_boot; b++) {
        for (long j = 0; j < n; j++)
            idx[j] = (long)gsl_rng_uniform_int(rng, (unsigned long)n);
        sobol_rows(ya, yb, yab, n, k, idx, s1, st);
        for (int i = 0; i < k; i++) {
            r1[(size_t)i * (size_t)n_boot + (size_t)b] = s1[i];
            rt[(size_t)i * (size_t)n_boot + (size_t)b] = st[i];
        }
    }
    for (int i = 0; i < k; i++) {
        percentile(r1 + (size_t)i * (size_t)n_boot, n_boot, level, &s1_lo[i], &s1_hi[i]);
        percentile(rt + (size_t)i * (size_t)n_boot, n_boot, level, &st_lo[i], &st_hi[i]);
    }
    rc = 0;
done:
    gsl_rng_free(rng);
    free(idx), free(r1), free(rt), free(s1), free(st);
    return rc;
}

void ps_sens_morris_design(int k, int r, int p, unsigned long seed, double *x, int *moved, int *sign)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_taus2);
    if (!rng)
        return;
    gsl_rng_set(rng, seed);
    double delta = (double)p / (2.0 * (p - 1));
    int order[256]; /* k <= PS_UNC_MAX + 1 in parksim; larger k: order in place */
    int *perm = k <= 256 ? order : malloc(sizeof *perm * (size_t)k);
    if (!perm) {
        gsl_rng_free(rng);
        return;
    }
    for (int t = 0; t < r; t++) {
        double *pt = x + (size_t)t * (size_t)(k + 1) * (size_t)k;
        for (int i = 0; i < k; i++)
            pt[i] = (double)gsl_rng_uniform_int(rng, (unsigned long)p) / (p - 1);
        for (int i = 0; i < k; i++)
            perm[i] = i;
        gsl_ran_shuffle(rng, perm, (size_t)k, sizeof *perm);
        for (int s = 0; s < k; s++) {
            double *next = pt + (size_t)(s + 1) * (size_t)k;
            memcpy(next, pt + (size_t)s * (size_t)k, sizeof *next * (size_t)k);
            int i = perm[s];
            int up = next[i] + delta <= 1 + 1e-12;
            next[i] += up ? delta : -delta;
            moved[t * k + s] = i;
            sign[t * k + s] = up ? 1 : -1;
        }
    }
    if (perm != order)
        free(perm);
    gsl_rng_free(rng);
}

void ps_sens_morris_effects(const double *y, const int *moved, const int *sign, int k, int r, int p, double *mu,
                            double *mu_star, double *sigma)
{
    double delta = (double)p / (2.0 * (p - 1));
    for (int i = 0; i < k; i++)
        mu[i] = mu_star[i] = sigma[i] = 0;
    /* Two passes over the effects: means, then the spread about them. */
    for (int t = 0; t < r; t++)
        for (int s = 0; s < k; s++) {
            const double *yt = y + (size_t)t * (size_t)(k + 1);
            double ee = (yt[s + 1] - yt[s]) / (sign[t * k + s] * delta);
            mu[moved[t * k + s]] += ee / r;
            mu_star[moved[t * k + s]] += fabs(ee) / r;
        }
    for (int t = 0; t < r; t++)
        for (int s = 0; s < k; s++) {
            const double *yt = y + (size_t)t * (size_t)(k + 1);
            int i = moved[t * k + s];
            double ee = (yt[s + 1] - yt[s]) / (sign[t * k + s] * delta);
            sigma[i] += (ee - mu[i]) * (ee - mu[i]);
        }
    for (int i = 0; i < k; i++)
        sigma[i] = r > 1 ? sqrt(sigma[i] / (r - 1)) : NAN;
}

int ps_sens_bins(const double *x, long n, int bins, int *bin)
{
    size_t *order = malloc(sizeof *order * (size_t)n);
    if (!order)
        return -1;
    gsl_sort_index(order, x, 1, (size_t)n);
    int used = 0;
    for (long q = 0; q < n; q++) {
        int b = (int)((double)q * bins / (double)n);
        if (q > 0 && x[order[q]] == x[order[q - 1]])
            b = bin[order[q - 1]];
        bin[order[q]] = b;
        if (b + 1 > used)
            used = b + 1;
    }
    free(order);
    return used;
}

/* eta^2 over rows idx (NULL: all); counts and sums in the caller's scratch. */
static void corr_ratio_rows(const double *y, const int *bin, long n, int b, const long *idx, double *sum,
                            long *count, double *eta2, double *eps2)
{
    for (int i = 0; i < b; i++)
        sum[i] = 0, count[i] = 0;
    double mean = 0;
    for (long j = 0; j < n; j++) {
        long r = idx ? idx[j] : j;
        sum[bin[r]] += y[r];
        count[bin[r]]++;
        mean += y[r];
    }
    mean /= (double)n;
    double total = 0, between = 0;
    for (long j = 0; j < n; j++) {
        long r = idx ? idx[j] : j;
        total += (y[r] - mean) * (y[r] - mean);
    }
    int nonempty = 0;
    for (int i = 0; i < b; i++)
        if (count[i] > 0) {
            double m = sum[i] / (double)count[i];
            between += (double)count[i] * (m - mean) * (m - mean);
            nonempty++;
        }
    if (!(total > 0) || n <= nonempty) {
        *eta2 = *eps2 = NAN;
        return;
    }
    *eta2 = between / total;
    *eps2 = 1 - (1 - *eta2) * (double)(n - 1) / (double)(n - nonempty);
}

void ps_sens_corr_ratio(const double *y, const int *bin, long n, int b, double *eta2, double *eps2)
{
    double *sum = malloc(sizeof *sum * (size_t)b);
    long *count = malloc(sizeof *count * (size_t)b);
    if (sum && count)
        corr_ratio_rows(y, bin, n, b, NULL, sum, count, eta2, eps2);
    else
        *eta2 = *eps2 = NAN;
    free(sum), free(count);
}

int ps_sens_corr_ratio_bootstrap(const double *y, const int *bin, long n, int b, int n_boot, double level,
                                 unsigned long seed, double *lo, double *hi)
{
    double *sum = malloc(sizeof *sum * (size_t)b), *reps = malloc(sizeof *reps * (size_t)n_boot);
    long *count = malloc(sizeof *count * (size_t)b), *idx = malloc(sizeof *idx * (size_t)n);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_taus2);
    int rc = -1;
    if (sum && reps && count && idx && rng) {
        gsl_rng_set(rng, seed);
        for (int k = 0; k < n_boot; k++) {
            for (long j = 0; j < n; j++)
                idx[j] = (long)gsl_rng_uniform_int(rng, (unsigned long)n);
            double eta2;
            corr_ratio_rows(y, bin, n, b, idx, sum, count, &eta2, &reps[k]);
        }
        /* A resample's population is the data, whose eta^2 (not epsilon^2)
         * is its true value: the replicates sit about eta^2 - epsilon^2 too
         * high. Shift the percentile interval by the bootstrap estimate of
         * bias, mean(replicates) - estimate (Efron & Tibshirani 1993, 10.4). */
        double eta2, eps2, mean = 0;
        corr_ratio_rows(y, bin, n, b, NULL, sum, count, &eta2, &eps2);
        for (int k = 0; k < n_boot; k++)
            mean += reps[k] / n_boot;
        percentile(reps, n_boot, level, lo, hi);
        *lo -= mean - eps2;
        *hi -= mean - eps2;
        rc = 0;
    }
    gsl_rng_free(rng);
    free(sum), free(reps), free(count), free(idx);
    return rc;
}
