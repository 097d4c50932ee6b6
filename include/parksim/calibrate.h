/* calibrate.h — rejection ABC over the runs of a scenario with priors
 * (engine/MODEL.md, "Calibration"; the command is `parksim calibrate`,
 * engine/cli_calibrate.c).
 *
 * Each run is one prior draw: its parameter vector (ps_run_result.params)
 * and its summary statistics (the simulated values of the published
 * (metric, year) figures). Runs are added in run order. The first `pilot`
 * runs are buffered to fix the scales (1.4826 x the median absolute
 * deviation of each statistic over the pilot; the standard deviation if
 * that is 0; a statistic with both 0 is left out of the distance, scale 0);
 * from then on only the `keep` runs closest to the observed statistics are
 * held (a max-heap on the distance), so memory is O(pilot + keep) whatever
 * the number of draws. Distance: sqrt(sum_j ((s_j - obs_j) / scale_j)^2).
 * Ties keep the earlier run. Not thread-safe on one ps_calib.
 */
#ifndef PARKSIM_CALIBRATE_H
#define PARKSIM_CALIBRATE_H

#include "parksim/error.h"

typedef struct ps_calib ps_calib;

/* obs[n_stat] is copied. NULL if out of memory or a count is < 1. */
ps_calib *ps_calib_alloc(int n_par, int n_stat, const double *obs, long keep, long pilot);
void ps_calib_free(ps_calib *c); /* NULL: no-op */

/* Add run `run`'s parameters and statistics. Returns 0, or -1 out of memory. */
int ps_calib_add(ps_calib *c, long run, const double *par, const double *stat);

/* After the last run: fixes the scales if the pilot was not filled, and
 * sorts the kept runs by run index. Returns 0 or -1 (out of memory). */
int ps_calib_finish(ps_calib *c);

long ps_calib_added(const ps_calib *c);
long ps_calib_kept(const ps_calib *c);
const double *ps_calib_scales(const ps_calib *c); /* [n_stat] */
/* Kept run i (0 <= i < kept, by run index): its run, distance, parameters
 * (adjusted if ps_calib_adjust was called) and statistics. */
long ps_calib_run(const ps_calib *c, long i);
double ps_calib_distance(const ps_calib *c, long i);
const double *ps_calib_params(const ps_calib *c, long i);
const double *ps_calib_stats(const ps_calib *c, long i);
/* The pilot's parameters (prior draws): *n rows of n_par. */
const double *ps_calib_pilot(const ps_calib *c, long *n);

/* Local-linear regression adjustment (Beaumont, Zhang & Balding 2002): for
 * each parameter a weighted least-squares fit (gsl_multifit_wlinear) of
 * theta on x = (s - obs) / scale over the kept runs, Epanechnikov weights
 * 1 - (d / d_max)^2, then theta - beta . x, clipped to [lo[p], hi[p]].
 * Returns 0, or -1 (too few kept runs with weight for the regression, or
 * out of memory: parameters unchanged). */
int ps_calib_adjust(ps_calib *c, const double *lo, const double *hi);

/* Quantile q of x[0..n) by linear interpolation of the order statistics
 * (type 7); sorts a copy. NAN if n < 1 or out of memory. */
double ps_calib_quantile(const double *x, long n, long stride, double q);

#endif
