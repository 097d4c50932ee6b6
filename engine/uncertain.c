/* uncertain.c — distributions of uncertain settings: their checks, inverse
 * CDFs (truncated by inverse CDF), the percentile form, the Gaussian copula
 * and a run's uniforms (contract in include/parksim/uncertain.h; the model
 * in engine/MODEL.md, "Uncertain settings"). Uses GSL's CDFs only.
 */
#include "parksim/uncertain.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_math.h>

#include "parksim/rng.h"

static const char *const kind_names[PS_UNC_KIND_COUNT] = {
    "uniform", "normal", "lognormal", "triangular", "pert", "beta", "samples",
};

const char *ps_unc_kind_name(ps_unc_kind kind)
{
    return (unsigned)kind < PS_UNC_KIND_COUNT ? kind_names[kind] : NULL;
}

int ps_unc_kind_from_name(const char *name)
{
    for (int k = 0; k < PS_UNC_SAMPLES; k++)
        if (strcmp(kind_names[k], name) == 0)
            return k;
    return -1;
}

uint64_t ps_unc_key(const char *path)
{
    uint64_t h = 14695981039346656037ULL;
    for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
        h ^= *c;
        h *= 1099511628211ULL;
    }
    return h;
}

/* ---- checks ------------------------------------------------------------------ */

/* Values in messages are the user's own numbers: %.15g prints them as typed. */
#define PROBLEM(name, ...) (snprintf(why, n, __VA_ARGS__), *field = (name), why)

const char *ps_unc_check(const ps_unc_dist *d, char *why, size_t n, const char **field)
{
    *field = "";
    switch (d->kind) {
    case PS_UNC_NORMAL:
        if (!(d->sd > 0) || !isfinite(d->sd))
            return PROBLEM("sd", "must be > 0, found %.15g", d->sd);
        break;
    case PS_UNC_LOGNORMAL:
        if (!(d->median > 0) || !isfinite(d->median))
            return PROBLEM("median", "must be > 0, found %.15g", d->median);
        if (!(d->sdlog > 0) || !isfinite(d->sdlog))
            return PROBLEM("sdlog", "must be > 0, found %.15g", d->sdlog);
        if (d->max <= 0)
            return PROBLEM("max", "must be > 0 for a lognormal, found %.15g", d->max);
        break;
    case PS_UNC_TRIANGULAR:
    case PS_UNC_PERT:
        if (d->min < d->max && !(d->mode >= d->min && d->mode <= d->max))
            return PROBLEM("mode", "%.15g is outside [min, max] = [%.15g, %.15g]", d->mode, d->min, d->max);
        break;
    case PS_UNC_BETA:
        if (!(d->alpha > 0) || !isfinite(d->alpha))
            return PROBLEM("alpha", "must be > 0, found %.15g", d->alpha);
        if (!(d->beta > 0) || !isfinite(d->beta))
            return PROBLEM("beta", "must be > 0, found %.15g", d->beta);
        break;
    default:
        break;
    }
    if (d->kind != PS_UNC_SAMPLES && !(d->min < d->max))
        return PROBLEM("min", "%.15g must be below max %.15g", d->min, d->max);
    return NULL;
}

/* ---- CDFs and inverse CDFs ------------------------------------------------- */

static void pert_shapes(const ps_unc_dist *d, double *a, double *b)
{
    double w = d->max - d->min;
    *a = 1 + 4 * (d->mode - d->min) / w;
    *b = 1 + 4 * (d->max - d->mode) / w;
}

/* z of x for normal and lognormal (their standard-normal argument). */
static double standard_z(const ps_unc_dist *d, double x)
{
    if (d->kind == PS_UNC_NORMAL)
        return (x - d->mean) / d->sd;
    if (x <= 0)
        return -INFINITY;
    return (log(x) - log(d->median)) / d->sdlog;
}

double ps_unc_cdf_untruncated(const ps_unc_dist *d, double x)
{
    double w = d->max - d->min, a, b;
    switch (d->kind) {
    case PS_UNC_UNIFORM:
        return x <= d->min ? 0 : x >= d->max ? 1 : (x - d->min) / w;
    case PS_UNC_NORMAL:
    case PS_UNC_LOGNORMAL:
        return gsl_cdf_ugaussian_P(standard_z(d, x));
    case PS_UNC_TRIANGULAR:
        if (x <= d->min)
            return 0;
        if (x >= d->max)
            return 1;
        if (x <= d->mode)
            return (x - d->min) * (x - d->min) / (w * (d->mode - d->min));
        return 1 - (d->max - x) * (d->max - x) / (w * (d->max - d->mode));
    case PS_UNC_PERT:
        pert_shapes(d, &a, &b);
        return gsl_cdf_beta_P((x - d->min) / w, a, b);
    case PS_UNC_BETA:
        return gsl_cdf_beta_P((x - d->min) / w, d->alpha, d->beta);
    default:
        return NAN;
    }
}

/* Standard normal quantile of u, truncated to [za, zb]. Works in whichever
 * tail keeps precision: the upper tail through Q when the whole interval
 * lies above 0. */
static double truncated_standard_normal(double u, double za, double zb)
{
    if (za > 0) {
        double qa = gsl_cdf_ugaussian_Q(za), qb = gsl_cdf_ugaussian_Q(zb);
        return gsl_cdf_ugaussian_Qinv(qa - u * (qa - qb));
    }
    double pa = gsl_cdf_ugaussian_P(za), pb = gsl_cdf_ugaussian_P(zb);
    return gsl_cdf_ugaussian_Pinv(pa + u * (pb - pa));
}

static double clamp(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

double ps_unc_quantile(const ps_unc_dist *d, double u)
{
    double w = d->max - d->min, a, b, z, c;
    switch (d->kind) {
    case PS_UNC_UNIFORM:
        return clamp(d->min + u * w, d->min, d->max);
    case PS_UNC_NORMAL:
        z = truncated_standard_normal(u, standard_z(d, d->min), standard_z(d, d->max));
        return clamp(d->mean + d->sd * z, d->min, d->max);
    case PS_UNC_LOGNORMAL:
        z = truncated_standard_normal(u, standard_z(d, d->min), standard_z(d, d->max));
        return clamp(d->median * exp(d->sdlog * z), d->min, d->max);
    case PS_UNC_TRIANGULAR:
        c = (d->mode - d->min) / w;
        if (u < c)
            return clamp(d->min + sqrt(u * w * (d->mode - d->min)), d->min, d->max);
        return clamp(d->max - sqrt((1 - u) * w * (d->max - d->mode)), d->min, d->max);
    case PS_UNC_PERT:
        pert_shapes(d, &a, &b);
        return clamp(d->min + w * gsl_cdf_beta_Pinv(u, a, b), d->min, d->max);
    case PS_UNC_BETA:
        return clamp(d->min + w * gsl_cdf_beta_Pinv(u, d->alpha, d->beta), d->min, d->max);
    default:
        return NAN;
    }
}

int ps_unc_from_percentiles(ps_unc_dist *d, double p05, double p95)
{
    double z95 = gsl_cdf_ugaussian_Pinv(0.95);
    if (!(p05 < p95))
        return -1;
    if (d->kind == PS_UNC_LOGNORMAL) {
        if (!(p05 > 0))
            return -1;
        d->median = sqrt(p05 * p95);
        d->sdlog = (log(p95) - log(p05)) / (2 * z95);
        return 0;
    }
    d->mean = 0.5 * (p05 + p95);
    d->sd = (p95 - p05) / (2 * z95);
    return 0;
}

/* ---- the copula -------------------------------------------------------------- */

double ps_unc_normal_correlation(double spearman) { return 2 * sin(M_PI * spearman / 6); }

int ps_unc_cholesky(const ps_unc_set *set, int *map, int *m, double *l)
{
    *m = 0;
    for (int i = 0; i < set->n; i++)
        map[i] = -1;
    for (int i = 0; i < set->n; i++)
        for (int c = 0; c < set->n_corr; c++)
            if ((set->corr[c].a == i || set->corr[c].b == i) && map[i] < 0)
                map[i] = (*m)++;
    int k = *m;
    if (k == 0)
        return 0;
    for (int i = 0; i < k * k; i++)
        l[i] = 0;
    for (int i = 0; i < k; i++)
        l[i * k + i] = 1;
    for (int c = 0; c < set->n_corr; c++) {
        int a = map[set->corr[c].a], b = map[set->corr[c].b];
        double r = ps_unc_normal_correlation(set->corr[c].rho);
        l[a * k + b] = l[b * k + a] = r;
    }
    gsl_matrix_view v = gsl_matrix_view_array(l, (size_t)k, (size_t)k);
    if (gsl_linalg_cholesky_decomp1(&v.matrix) != 0)
        return -1;
    for (int i = 0; i < k; i++) /* keep the lower triangle only */
        for (int j = i + 1; j < k; j++)
            l[i * k + j] = 0;
    return 0;
}

void ps_unc_uniforms(const ps_unc_set *set, const double *l, const int *map, int m, unsigned long seed,
                     long run, double *u, double *scratch)
{
    for (int i = 0; i < set->n; i++)
        u[i] = ps_rng_stream_uniform(seed, run, PS_STREAM_PARAMETER, set->settings[i].key, 0);
    if (m == 0)
        return;
    double *z = scratch, *y = scratch + PS_UNC_MAX;
    for (int i = 0; i < set->n; i++)
        if (map[i] >= 0)
            z[map[i]] = gsl_cdf_ugaussian_Pinv(u[i]);
    for (int r = 0; r < m; r++) {
        double s = 0;
        for (int c = 0; c <= r; c++)
            s += l[r * m + c] * z[c];
        y[r] = s;
    }
    for (int i = 0; i < set->n; i++)
        if (map[i] >= 0) {
            double p = gsl_cdf_ugaussian_P(y[map[i]]);
            /* stay inside (0, 1): a far tail of y must not give 0 or 1 */
            u[i] = clamp(p, 0x1p-54, 1 - 0x1p-54);
        }
}

long ps_unc_sample_row(unsigned long seed, long run, long n_rows)
{
    double u = ps_rng_stream_uniform(seed, run, PS_STREAM_SAMPLE_ROW, 0, 0);
    long r = (long)(u * (double)n_rows);
    return r < n_rows ? r : n_rows - 1;
}
