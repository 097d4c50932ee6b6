/* score.c — scoring rules (include/parksim/score.h): CRPS of a binned
 * forecast, PIT, interval score, closed forms for the normal and the
 * lognormal, and the naive random walk with drift. */
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_math.h>

#include "parksim/score.h"

static double hist_total(const ps_score_hist *h)
{
    double t = h->under + h->over;
    for (size_t i = 0; i < h->n; i++)
        t += h->mass[i];
    return t;
}

/* Visit the pieces of the CDF in increasing x: a piece [a, b) on which F
 * goes linearly from fa to fb (continuous) or, for an atom at a, a jump
 * (a = b). fn gets (a, b, fa, fb, width-weighted probability). The callers
 * below integrate over pieces; this keeps the geometry in one place. */
typedef void piece_fn(void *ctx, double a, double b, double fa, double fb);

static void walk(const ps_score_hist *h, double total, piece_fn *fn, void *ctx)
{
    double cum = 0;
    if (h->under > 0) {
        double p = h->under / total;
        if (h->discrete)
            fn(ctx, h->min, h->min, cum, cum + p);
        else
            fn(ctx, h->min, h->edges[0], cum, cum + p);
        cum += p;
    }
    for (size_t i = 0; i < h->n; i++) {
        if (h->mass[i] <= 0)
            continue;
        double p = h->mass[i] / total;
        if (h->discrete) {
            double c = 0.5 * (h->edges[i] + h->edges[i + 1]);
            fn(ctx, c, c, cum, cum + p);
        } else {
            fn(ctx, h->edges[i], h->edges[i + 1], cum, cum + p);
        }
        cum += p;
    }
    if (h->over > 0) { /* the rest of the mass, up to F = 1 exactly */
        if (h->discrete)
            fn(ctx, h->max, h->max, cum, 1.0);
        else
            fn(ctx, h->edges[h->n], GSL_MAX(h->max, h->edges[h->n]), cum, 1.0);
    }
}

typedef struct cdf_ctx {
    double x, f;
} cdf_ctx;

static void cdf_piece(void *ctx, double a, double b, double fa, double fb)
{
    cdf_ctx *c = ctx;
    if (c->x >= b)
        c->f = fb;
    else if (c->x > a && b > a)
        c->f = fa + (fb - fa) * (c->x - a) / (b - a);
}

double ps_score_hist_cdf(const ps_score_hist *h, double x)
{
    double total = hist_total(h);
    if (!(total > 0))
        return NAN;
    cdf_ctx c = {x, 0.0};
    walk(h, total, cdf_piece, &c);
    return c.f;
}

/* ∫_a^b (F(x) − t)² dx for F linear from fa to fb over [a, b]. */
static double sq_linear(double a, double b, double fa, double fb, double t)
{
    double u = fa - t, v = fb - t;
    return (b - a) * (u * u + u * v + v * v) / 3.0;
}

typedef struct crps_ctx {
    double y, sum, err;
    double last_x, last_f; /* F is constant = last_f from last_x to the next piece */
    bool started;
} crps_ctx;

/* ∫ over [a, b] of (F − 1{x ≥ y})², F linear from fa to fb. */
static double crps_span(double a, double b, double fa, double fb, double y)
{
    if (!(b > a))
        return 0;
    if (y <= a)
        return sq_linear(a, b, fa, fb, 1.0);
    if (y >= b)
        return sq_linear(a, b, fa, fb, 0.0);
    double fy = fa + (fb - fa) * (y - a) / (b - a);
    return sq_linear(a, y, fa, fy, 0.0) + sq_linear(y, b, fy, fb, 1.0);
}

static void crps_piece(void *ctx, double a, double b, double fa, double fb)
{
    crps_ctx *c = ctx;
    if (c->started) /* the flat stretch since the previous piece */
        c->sum += crps_span(c->last_x, a, c->last_f, c->last_f, c->y);
    c->started = true;
    c->sum += crps_span(a, b, fa, fb, c->y);
    if (b > a)
        c->err += (b - a) * (fb - fa);
    c->last_x = b;
    c->last_f = fb;
}

double ps_score_crps_hist(const ps_score_hist *h, double y, double *bin_err)
{
    double total = hist_total(h);
    if (bin_err)
        *bin_err = NAN;
    if (!(total > 0))
        return NAN;
    crps_ctx c = {y, 0, 0, 0, 0, false};
    walk(h, total, crps_piece, &c);
    /* Outside the support: F = 0 below the first piece (left), 1 above. */
    double first = h->under > 0 ? h->min : NAN;
    if (isnan(first))
        for (size_t i = 0; i < h->n && isnan(first); i++)
            if (h->mass[i] > 0)
                first = h->discrete ? 0.5 * (h->edges[i] + h->edges[i + 1]) : h->edges[i];
    if (isnan(first))
        first = h->discrete ? h->max : h->edges[h->n];
    if (y < first) /* F = 0 on [y, first): (0 − 1)² */
        c.sum += first - y;
    if (y > c.last_x) /* F = 1 on [last, y): (1 − 0)² */
        c.sum += y - c.last_x;
    if (bin_err)
        *bin_err = c.err;
    return c.sum;
}

double ps_score_pit_hist(const ps_score_hist *h, double y, double u)
{
    if (!h->discrete)
        return ps_score_hist_cdf(h, y);
    double hi = ps_score_hist_cdf(h, y), lo = ps_score_hist_cdf(h, y - 1.0);
    /* integers: F(y − 1) is the mass strictly below y */
    return lo + u * (hi - lo);
}

double ps_score_crps_normal(double mu, double sd, double y)
{
    double z = (y - mu) / sd;
    return sd * (z * (2 * gsl_cdf_ugaussian_P(z) - 1) + 2 * exp(-0.5 * z * z) / sqrt(2 * M_PI) -
                 1 / sqrt(M_PI));
}

double ps_score_crps_lognormal(double mu, double sd, double y)
{
    if (!(y > 0)) /* F = 0 below 0: ∫_y^∞ (F − 1)² = E|X − y| − E|X − X'|/2 with X > 0 */
        return exp(mu + sd * sd / 2) * (1 - 2 * (gsl_cdf_ugaussian_P(sd / M_SQRT2) - 0.5)) - y;
    double z = (log(y) - mu) / sd;
    return y * (2 * gsl_cdf_ugaussian_P(z) - 1) -
           2 * exp(mu + sd * sd / 2) * (gsl_cdf_ugaussian_P(z - sd) + gsl_cdf_ugaussian_P(sd / M_SQRT2) - 1);
}

double ps_score_interval(double lo, double hi, double alpha, double y)
{
    double s = hi - lo;
    if (y < lo)
        s += 2 / alpha * (lo - y);
    if (y > hi)
        s += 2 / alpha * (y - hi);
    return s;
}

int ps_score_position(double lo, double hi, double y) { return y < lo ? -1 : y > hi ? 1 : 0; }

int ps_score_naive_fit(const int *years, const double *values, int n, ps_score_naive *out)
{
    if (n < 2)
        return -1;
    for (int i = 0; i < n; i++)
        if (!(values[i] > 0) || (i > 0 && years[i] <= years[i - 1]))
            return -1;
    double span = years[n - 1] - years[0];
    double d = (log(values[n - 1]) - log(values[0])) / span;
    double ss = 0;
    for (int i = 1; i < n; i++) {
        double g = years[i] - years[i - 1], delta = log(values[i]) - log(values[i - 1]);
        ss += (delta - d * g) * (delta - d * g) / g;
    }
    out->last = values[n - 1];
    out->last_year = years[n - 1];
    out->drift = d;
    out->n_changes = n - 1;
    out->sd_fallback = n < 3;
    out->sd = n >= 3 ? sqrt(ss / (n - 2)) : fabs(d);
    return 0;
}

void ps_score_naive_at(const ps_score_naive *nv, int year, double *mu, double *sd)
{
    double h = year - nv->last_year;
    *mu = log(nv->last) + nv->drift * h;
    *sd = nv->sd * sqrt(h);
}
