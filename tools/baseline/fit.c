/* fit.c — making synthetic numbers hit published totals exactly.
 *
 * The national revenues are lognormal quantiles exp(μ + σ·z_k) with μ tied
 * to σ so the 1000 亿 line falls at z_mid; σ is the root of
 * Σ revenues − target, found with GSL's Brent solver. Counts (enterprises,
 * new firms) are rounded to whole numbers by largest remainder so their
 * total stays exact.
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sort.h>

#include "bgen.h"

double bg_grid_sum(double sigma, const bg_grid *gp)
{
    double s = 0;
    for (int k = 0; k < gp->n; k++)
        s += T_REVENUE_LINE * exp(sigma * (gp->z[k] - gp->z_mid));
    return s;
}

static double grid_residual(double sigma, void *params)
{
    const bg_grid *gp = params;
    return bg_grid_sum(sigma, gp) - gp->target;
}

double bg_fit_sigma(const bg_grid *gp)
{
    gsl_function fn;
    fn.function = grid_residual;
    fn.params = (void *)gp;
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s)
        bg_die("out of memory");
    double lo = 0.01, hi = 5.0;
    if (grid_residual(lo, fn.params) >= 0 || grid_residual(hi, fn.params) <= 0)
        bg_die("revenue fit: target %.1f not bracketed by sigma in [%g, %g]", gp->target, lo, hi);
    if (gsl_root_fsolver_set(s, &fn, lo, hi) != GSL_SUCCESS)
        bg_die("revenue fit: cannot start the root finder");
    double sigma = 0;
    int status = GSL_CONTINUE;
    for (int iter = 0; iter < 200 && status == GSL_CONTINUE; iter++) {
        if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
            bg_die("revenue fit: root finder failed");
        sigma = gsl_root_fsolver_root(s);
        status = gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s),
                                        0, 1e-14);
    }
    gsl_root_fsolver_free(s);
    if (status != GSL_SUCCESS)
        bg_die("revenue fit: no convergence");
    return sigma;
}

void bg_round_to_total(double *x, int n, double total)
{
    double *frac = bg_xcalloc((size_t)n, sizeof *frac);
    size_t *order = bg_xcalloc((size_t)n, sizeof *order);
    double sum = 0;
    for (int i = 0; i < n; i++) {
        double fl = floor(x[i]);
        frac[i] = -(x[i] - fl); /* ascending sort = largest remainder first */
        x[i] = fl;
        sum += fl;
    }
    double deficit = total - sum;
    if (deficit < -0.5 || deficit > n + 0.5)
        bg_die("internal error: rounding deficit %g", deficit);
    gsl_sort_index(order, frac, 1, (size_t)n);
    for (int k = 0; k < (int)lround(deficit); k++)
        x[order[k]] += 1;
    free(frac);
    free(order);
}
