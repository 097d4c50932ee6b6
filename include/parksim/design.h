/* design.h — designs of experiments for `parksim sweep`: the points at which
 * a sweep runs the scenario, as a table of setting values (one row per
 * point, one column per setting).
 *
 *   random  N independent uniform points in the box [lo, hi]^k;
 *   lhs     a Latin hypercube (McKay, Beckman & Conover 1979, Technometrics
 *           21:239): in every dimension each of the N equal strata
 *           [j/N, (j+1)/N) holds exactly one point, at a uniform place in it;
 *           the strata are matched across dimensions by independent random
 *           permutations (gsl_ran_shuffle);
 *   file    a TSV of setting values written by another tool (SALib, EMA
 *           Workbench, a spreadsheet): a header line naming the settings,
 *           then one line per point; '#' lines and blank lines are skipped.
 *
 * Pure functions: the generator is a parameter, nothing is global, nothing
 * is printed; errors come back in a ps_error. Thread-safe on distinct
 * arguments.
 */
#ifndef PARKSIM_DESIGN_H
#define PARKSIM_DESIGN_H

#include <stdbool.h>

#include <gsl/gsl_rng.h>

#include "parksim/error.h"

#define PS_DESIGN_MAX_KEYS 64        /* settings (columns) of a design */
#define PS_DESIGN_MAX_POINTS 1000000L /* rows of a design */
#define PS_DESIGN_KEY_MAX 160        /* longest setting path, bytes with the NUL */

/* N points in the unit cube [0, 1)^k, row-major into u[n * k].
 * ps_design_unit_random: every coordinate gsl_rng_uniform(r);
 * ps_design_unit_lhs: McKay's Latin hypercube (see above). For both, the
 * draws are made in a fixed order, so the same generator state gives the
 * same design. Return PS_OK, or PS_ERR_NOMEM (lhs needs n longs). */
int ps_design_unit_random(gsl_rng *r, int k, long n, double *u);
int ps_design_unit_lhs(gsl_rng *r, int k, long n, double *u, ps_error *err);

/* Map a unit coordinate u in [0, 1) to [lo, hi]: lo + u (hi - lo) for a
 * real setting; for an integer one (integer true) the N = hi - lo + 1
 * whole numbers each take an equal share of [0, 1): lo + floor(u N). */
double ps_design_scale(double u, double lo, double hi, bool integer);

/* A design read from a file: k settings, n points. */
typedef struct ps_design {
    int k;
    long n;
    char keys[PS_DESIGN_MAX_KEYS][PS_DESIGN_KEY_MAX];
    char kinds[PS_DESIGN_MAX_KEYS]; /* 'r' real, 'i' integer (ps_setting_kind) */
    double *x;                      /* n * k values, row-major */
    int *lines;                     /* n: the file line of each point */
} ps_design;

/* Read a design file (see above; fields separated by tabs, spaces around a
 * field ignored, '.' decimal point). Every header field must be a numeric
 * setting (ps_setting_kind 'r' or 'i'), named once; every line must have
 * one finite number per column, whole for an integer setting. Errors are
 * located "FILE:LINE: column KEY: problem" (err->file, line, where =
 * "column KEY"): an unknown setting with a did-you-mean, a setting that is
 * not a number, a repeated column, a bad number, a wrong count of fields.
 * On success d->x and d->lines are allocated (ps_design_free); on failure d is left empty.
 * Returns PS_OK, PS_ERR_IO (cannot read), PS_ERR_PARSE (header or numbers),
 * PS_ERR_CONFIG (setting), PS_ERR_NOMEM. */
int ps_design_read(const char *path, ps_design *d, ps_error *err);

/* Free what ps_design_read allocated; NULL or an empty design: no-op. */
void ps_design_free(ps_design *d);

#endif
