/* sensitivity.h — estimators of global sensitivity analysis on arrays of
 * model outputs (engine/MODEL.md, "Sensitivity analysis"). Pure functions:
 * the caller runs the model and hands in the outputs; nothing here knows
 * about parksim's scenarios. Every function is thread-safe (no globals; a
 * bootstrap takes its own seed).
 *
 *   Sobol indices   Saltelli design: matrices A and B (n rows), and for each
 *                   input (group) i the matrix AB_i = A with the columns of
 *                   group i taken from B. First order (Saltelli et al. 2010,
 *                   Comput. Phys. Commun. 181, table 2 (b)):
 *                     S1_i = mean_j (yB_j - f0) (yAB_ij - yA_j) / V
 *                   (yB centred on the pooled mean f0: the same expectation,
 *                   much less noise for an output far from 0)
 *                   total (Jansen 1999, Comput. Phys. Commun. 117, table 2 (f)):
 *                     ST_i = mean_j (yA_j - yAB_ij)^2 / (2 V)
 *                   with V the variance of yA and yB pooled.
 *   Morris          elementary effects on r trajectories of a p-level grid
 *                   (Morris 1991, Technometrics 33); mu* = mean |EE|
 *                   (Campolongo, Cariboni, Saltelli 2007, Environ. Model.
 *                   Softw. 22), mu = mean EE, sigma = sd of EE (n - 1).
 *   Given data      first-order index from one sample, no design: the
 *                   correlation ratio eta^2 = Var(E[y | bin of x]) / Var(y)
 *                   over equal-count bins of x, and Kelley's (1935, PNAS 21)
 *                   bias-corrected epsilon^2 = 1 - (1 - eta^2)(n - 1)/(n - b)
 *                   (b bins), the analysis-of-variance analogue of adjusted R^2.
 *   Intervals       percentile bootstrap over rows (Efron & Tibshirani 1993),
 *                   GSL's taus2 generator seeded from the caller's seed.
 */
#ifndef PARKSIM_SENSITIVITY_H
#define PARKSIM_SENSITIVITY_H

#include <stddef.h>

/* Sobol design dimension GSL's gsl_qrng_sobol supports. */
#define PS_SENS_SOBOL_MAX_DIM 40

/* The Saltelli matrices for d inputs and n rows, row-major n x d, values
 * in (0, 1). With 2d <= PS_SENS_SOBOL_MAX_DIM: points 1..n of a 2d-dimensional
 * Sobol sequence (gsl_qrng_sobol, its first point, the origin, skipped), A
 * the first d coordinates and B the last d (Saltelli 2002). With more
 * inputs: independent uniforms from GSL's taus2 seeded with seed (plain
 * Monte Carlo, which the estimators and the bootstrap also accept).
 * Returns 1 for a Sobol design, 0 for Monte Carlo, -1 on allocation failure. */
int ps_sens_saltelli_design(int d, long n, unsigned long seed, double *a, double *b);

/* First-order and total indices of k inputs from yA[n], yB[n] and
 * yab[i * n + j] (row j of AB_i). NaN where V = 0 (a constant output). */
void ps_sens_sobol(const double *ya, const double *yb, const double *yab, long n, int k, double *s1, double *st);

/* Percentile bootstrap interval (level, e.g. 0.95) of S1 and ST: rows j
 * resampled with replacement n_boot times. lo/hi arrays of k. Returns 0, or
 * -1 on allocation failure. */
int ps_sens_sobol_bootstrap(const double *ya, const double *yb, const double *yab, long n, int k, int n_boot,
                            double level, unsigned long seed, double *s1_lo, double *s1_hi, double *st_lo,
                            double *st_hi);

/* Morris design: r trajectories over k inputs on the grid {0, 1/(p-1), ..., 1}
 * (p even), step delta = p / (2 (p - 1)). x has r (k + 1) rows of k values;
 * moved[t * k + s] is the input that changes between point s and s + 1 of
 * trajectory t, and sign[...] (+1 or -1) its direction. Each trajectory:
 * a random base point on the levels that keep x + delta on the grid, the
 * inputs moved once each in random order, up or down (Morris 1991). */
void ps_sens_morris_design(int k, int r, int p, unsigned long seed, double *x, int *moved, int *sign);

/* mu, mu* and sigma (arrays of k) of the elementary effects
 * EE = (y(next) - y(this)) / (sign * delta) from y[r (k + 1)]. */
void ps_sens_morris_effects(const double *y, const int *moved, const int *sign, int k, int r, int p, double *mu,
                            double *mu_star, double *sigma);

/* Equal-count bin of each row: rows sorted by x, row of rank q in bin
 * floor(q bins / n); tied x values share the bin of the first of them.
 * Returns the number of bins used (<= bins), or -1 on allocation failure. */
int ps_sens_bins(const double *x, long n, int bins, int *bin);

/* eta^2 and Kelley's epsilon^2 of y over the bins (from ps_sens_bins, b of
 * them). NaN for a constant y. */
void ps_sens_corr_ratio(const double *y, const int *bin, long n, int b, double *eta2, double *eps2);

/* Bootstrap interval of epsilon^2 (rows resampled, bins kept): the
 * percentile interval shifted by the bootstrap estimate of bias. */
int ps_sens_corr_ratio_bootstrap(const double *y, const int *bin, long n, int b, int n_boot, double level,
                                 unsigned long seed, double *lo, double *hi);

#endif
