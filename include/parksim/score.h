/* score.h — scoring rules for probabilistic forecasts against realised
 * values: CRPS, PIT, the interval score, and the naive random-walk
 * forecast a model must beat. Used by `parksim hindcast` (cli_hindcast.c).
 *
 * A model forecast is a binned distribution (ps_score_hist): the
 * accumulator's fixed-bin histogram of one (metric, year) cell. Continuous
 * metrics: the mass of a bin is spread uniformly over it (the CDF is
 * piecewise linear); counts: all mass of a bin sits at its integer centre
 * (the CDF is a step function). Values outside the histogram range (rare)
 * are spread over [min, first edge) and [last edge, max].
 *
 * Pure functions of their arguments: thread-safe, no allocation, never
 * print. References: Gneiting & Raftery (2007), "Strictly proper scoring
 * rules, prediction, and estimation", JASA 102:359 (CRPS, interval score);
 * Czado, Gneiting & Held (2009) (randomised PIT for counts); Baran & Lerch
 * (2015) (CRPS of the lognormal).
 */
#ifndef PARKSIM_SCORE_H
#define PARKSIM_SCORE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ps_score_hist {
    size_t n;             /* bins */
    const double *edges;  /* n + 1 increasing edges */
    const double *mass;   /* n bin counts (any scale; normalised by the total) */
    double under, over;   /* counts below edges[0] and at or above edges[n] */
    double min, max;      /* smallest and largest value seen */
    bool discrete;        /* counts: mass at bin centres (integers) */
} ps_score_hist;

/* Forecast CDF F(x) = P(X <= x). NAN if the histogram is empty. */
double ps_score_hist_cdf(const ps_score_hist *h, double x);

/* CRPS(F, y) = ∫ (F(x) − 1{x ≥ y})² dx of the binned forecast, exact for
 * the piecewise-linear (or step) CDF described above. If bin_err is not
 * NULL it receives a bound on |CRPS of the binned F − CRPS of the runs'
 * empirical distribution| due to binning: Σ_i w_i p_i over the continuous
 * bins (w_i width, p_i probability; 0 for counts), because (F_h − H)² −
 * (F_e − H)² = (F_h − F_e)(F_h + F_e − 2H) with |F_h + F_e − 2H| ≤ 2 and
 * ∫ over bin i of |F_h − F_e| ≤ w_i p_i / 2. NAN if empty. */
double ps_score_crps_hist(const ps_score_hist *h, double y, double *bin_err);

/* PIT value F(y) for a continuous forecast; for counts the randomised PIT
 * F(y−1) + u·(F(y) − F(y−1)) with u in [0, 1) given by the caller (its own
 * stream), uniform on (0, 1) when y is drawn from the forecast. */
double ps_score_pit_hist(const ps_score_hist *h, double y, double u);

/* Closed-form CRPS of N(mu, sd²) and of the lognormal with log-mean mu and
 * log-sd sd (sd > 0), at y. */
double ps_score_crps_normal(double mu, double sd, double y);
double ps_score_crps_lognormal(double mu, double sd, double y);

/* Interval score of the central (1 − alpha) interval [lo, hi] at y:
 * (hi − lo) + (2/alpha)(lo − y)·1{y < lo} + (2/alpha)(y − hi)·1{y > hi}. */
double ps_score_interval(double lo, double hi, double alpha, double y);

/* Where y falls relative to [lo, hi]: -1 below, 0 inside (ends included), 1 above. */
int ps_score_position(double lo, double hi, double y);

/* The naive forecast: a random walk with drift in logs fitted to the
 * published values of one series up to the base year. d = mean of the
 * yearly log changes, each change between consecutive published years
 * y0 < y1 counted as (ln x1 − ln x0)/(y1 − y0) per year over y1 − y0 years
 * (so d = (ln x_last − ln x_first)/(year_last − year_first)); s = the
 * sample sd of the per-year changes (weighted by years) when there are at
 * least two changes, else |d| (stated fallback, sd_fallback = true).
 * Forecast for year Y > base: ln X ~ N(ln x_last + d·h, s²·h), h = Y − year_last. */
typedef struct ps_score_naive {
    double last, drift, sd;
    int last_year, n_changes;
    bool sd_fallback;
} ps_score_naive;

/* Fit from n (year, value) pairs with increasing years; values must be > 0.
 * Returns 0, or -1 if fewer than two values are given or one is not > 0. */
int ps_score_naive_fit(const int *years, const double *values, int n, ps_score_naive *out);
/* Log-mean and log-sd of the naive forecast for year (> last_year). */
void ps_score_naive_at(const ps_score_naive *nv, int year, double *mu, double *sd);

#endif
