/* prim.h — PRIM scenario discovery (Friedman & Fisher 1999, "Bump hunting
 * in high-dimensional data", Statistics and Computing 9:123-143; as used for
 * scenario discovery by Bryant & Lempert 2010 and EMA Workbench, Kwakkel
 * 2017): find a box of input values (lower/upper limits per input) inside
 * which an outcome of interest (y = 1) is concentrated.
 *
 * Data: n cases, k inputs, x row-major (x[i * k + j]), y[i] in {0, 1}.
 * A box is lo[j] <= x_j <= hi[j] for every j; -inf/+inf is no limit.
 *   coverage = hits in box / hits overall, density = hits in box / cases in
 *   box, mass = cases in box / n; a limit "restricts" input j when it is
 *   finite (it excludes some case).
 * Peeling: from the whole space, each step tries, for every input, removing
 *   the alpha share of the box's cases with the lowest and with the highest
 *   values (ties at the cut removed together) and keeps the candidate whose
 *   remaining box has the highest density (ties: more cases left, then the
 *   lower input, lower before upper); it stops when no candidate leaves at
 *   least min_mass * n cases. Every box is a row of the trajectory.
 * Pasting: from a chosen box, repeatedly widen the one limit that, by
 *   letting in the alpha * (cases in box) nearest cases outside it (inside
 *   on every other input), raises the density most; stop when none raises
 *   it. Density and coverage never fall and the box only grows.
 * Quasi-p value of a restriction (EMA Workbench's _calculate_quasip): the
 *   one-sided binomial test P(X >= hits) for X ~ Binomial(cases in box,
 *   density of the box without that restriction).
 * Every function is pure (no globals, no printing) and thread-safe on
 * distinct outputs.
 */
#ifndef PARKSIM_PRIM_H
#define PARKSIM_PRIM_H

#include <stdbool.h>
#include <stddef.h>

#include "parksim/error.h"

#define PS_PRIM_MAX_INPUTS 128

typedef struct ps_prim_params {
    double alpha;    /* peeling (and pasting) share, in (0, 0.5); 0.05 by default */
    double min_mass; /* peeling stops before a box holds fewer than min_mass * n cases */
} ps_prim_params;

typedef struct ps_prim_box {
    double lo[PS_PRIM_MAX_INPUTS], hi[PS_PRIM_MAX_INPUTS];
    long cases, hits;
    double coverage, density, mass;
    int restricted; /* inputs with a finite limit */
} ps_prim_box;

/* The whole space: no limits; statistics filled. */
void ps_prim_box_all(const unsigned char *y, long n, int k, ps_prim_box *box);

/* Fill cases, hits, coverage, density, mass, restricted of box from the data. */
void ps_prim_box_stats(const double *x, const unsigned char *y, long n, int k, ps_prim_box *box);

/* Whether case i lies in box. */
bool ps_prim_inside(const double *x, int k, long i, const ps_prim_box *box);

/* Peel: *traj (malloc'ed, caller frees) gets the trajectory, box 0 the whole
 * space, *n_traj its length. Returns PS_OK, PS_ERR_CONFIG for bad
 * parameters (k out of 1..PS_PRIM_MAX_INPUTS, n < 2, alpha or min_mass out
 * of (0, 1)) or PS_ERR_NOMEM; err says which. */
int ps_prim_peel(const double *x, const unsigned char *y, long n, int k, const ps_prim_params *p,
                 ps_prim_box **traj, int *n_traj, ps_error *err);

/* The default choice, a two-standard-error rule (after CART's one-SE rule,
 * Breiman et al. 1984): among the boxes of traj with coverage >=
 * min_coverage take the one with the highest density d* (n* cases), then
 * return the earliest (largest) box with coverage >= min_coverage whose
 * density is at least d* - 2 sqrt(d* (1 - d*) / n*). Late peels on a flat
 * density gain only noise, and d* is the largest of many noisy values (a
 * selection bias), hence two standard errors rather than one. Box 0 always
 * qualifies. */
int ps_prim_choose(const ps_prim_box *traj, int n_traj, double min_coverage);

/* Paste box (in place), statistics updated. Returns the number of pastes. */
int ps_prim_paste(const double *x, const unsigned char *y, long n, int k, double alpha, ps_prim_box *box);

/* Quasi-p value of box's restriction on input j (1 if j is not restricted
 * or the box holds no hit). */
double ps_prim_quasi_p(const double *x, const unsigned char *y, long n, int k, const ps_prim_box *box, int j);

/* Prune box (in place, statistics updated): while some restriction's
 * quasi-p value exceeds level, drop the one with the largest (ties: the
 * lower input), as Bryant & Lempert (2010) drop restrictions that do not
 * earn their place; the quasi-p values ignore that the limits were chosen
 * on the same data, so level 0.05 is lenient. Returns the number dropped. */
int ps_prim_prune(const double *x, const unsigned char *y, long n, int k, double level, ps_prim_box *box);

/* Resampling check: `resamples` random halves of the n cases (without
 * replacement, as EMA Workbench's PrimBox.resample; GSL's taus2 seeded
 * with seed), each peeled, the box chosen with
 * min_coverage, pasted, and pruned at prune_level as above (prune_level >=
 * 1: not pruned); count[j] = in how many of them input j
 * is restricted. Returns PS_OK or an error as ps_prim_peel. */
int ps_prim_resample(const double *x, const unsigned char *y, long n, int k, const ps_prim_params *p,
                     double min_coverage, double prune_level, int resamples, unsigned long seed, int *count,
                     ps_error *err);

#endif
