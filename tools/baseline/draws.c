/* draws.c — the random draws shared by the national zones and the pool.
 *
 * All come from the one generator in bg_gen; the callers draw in a fixed
 * order, which is what makes the output reproducible byte for byte.
 */
#include <math.h>

#include <gsl/gsl_randist.h>

#include "bgen.h"

double bg_lognoise(bg_gen *g, double sd) { return exp(gsl_ran_gaussian_ziggurat(g->rng, sd)); }

double bg_draw_va(bg_gen *g, double mean)
{
    double v = gsl_ran_beta(g->rng, mean * VA_CONC, (1 - mean) * VA_CONC);
    return v < VA_MIN ? VA_MIN : v > VA_MAX ? VA_MAX : v;
}

double bg_draw_built_share(bg_gen *g)
{
    return BUILT_LO + BUILT_SPAN * gsl_ran_beta(g->rng, BUILT_A, BUILT_B);
}
