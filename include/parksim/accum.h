/* accum.h — the Monte Carlo accumulator: per metric and year, moments and a
 * histogram; per target, counts of runs meeting it.
 *
 * Memory is fixed by the scenario (metrics x years x bins), not by the number
 * of runs. Results must be bit-identical whatever the number of threads,
 * ranks or shards, so the floating-point part is defined by run order:
 * runs are added in increasing run index; they are grouped in blocks of
 * PS_ACCUM_BLOCK consecutive run indices; each block's moments are computed
 * by Welford's update in run order and blocks are merged into the total by
 * Chan's formula in block order. Everything else (histogram counts, minima,
 * maxima, target counters) is exact and order-free, so partial accumulators
 * can be added in any order. A shard or rank therefore only needs to hand
 * over its block moments (small) in block order plus its exact counts.
 *
 * Not thread-safe: one accumulator per thread or one writer.
 */
#ifndef PARKSIM_ACCUM_H
#define PARKSIM_ACCUM_H

#include <stdbool.h>
#include <stddef.h>

#include "parksim/model.h"
#include "parksim/zone_accum.h"

#define PS_ACCUM_BLOCK 1024L

typedef struct ps_moments {
    double n, mean, m2;
} ps_moments;

typedef struct ps_accum ps_accum;

/* Called with each completed block's moments (n_cells = metrics x years). */
typedef int (*ps_block_fn)(void *ctx, long block, const ps_moments *moments, int n_cells);

/* Accumulator shaped for model m (histogram ranges from its base values). */
ps_accum *ps_accum_alloc(const ps_model *m);
void ps_accum_free(ps_accum *a);

/* Optional observer of completed blocks (used to write shards). */
void ps_accum_on_block(ps_accum *a, ps_block_fn fn, void *ctx);

/* Add one run (shaped for the same model). Runs must arrive in strictly
 * increasing run index (asserted).
 * Returns 0, or the observer's non-zero status. */
int ps_accum_add(ps_accum *a, const ps_run_result *r);

/* ps_accum_add in two parts, for a batch of runs: ps_accum_add_ordered
 * adds everything but the counts by zone and by province (runs in
 * increasing order, as ps_accum_add); ps_accum_add_counts then adds those
 * of results[0..n), which are exact and order-free, split by zones and
 * provinces over `threads` threads (OpenMP; 1: this thread). The counts
 * must be added before the accumulator is packed, finished or read. */
int ps_accum_add_ordered(ps_accum *a, const ps_run_result *r);
void ps_accum_add_counts(ps_accum *a, ps_run_result *const *results, long n, int threads);

/* Close the last partial block. Call once after the last run. */
int ps_accum_finish(ps_accum *a);

/* Merge one block's moments into the total (blocks in increasing order;
 * not while a block of added runs is open, i.e. between ps_accum_add and
 * ps_accum_finish; asserted). */
void ps_accum_merge_block(ps_accum *a, const ps_moments *moments);

/* Exact, order-free part: histograms, min/max, target counters, run count.
 * Packed as doubles (all integers below 2^53). */
size_t ps_accum_counts_size(const ps_accum *a);
/* The most any accumulator of n_years years packs (PS_MAX_TARGETS targets). */
size_t ps_accum_counts_size_max(int n_years);
void ps_accum_counts_pack(const ps_accum *a, double *buf);
void ps_accum_counts_add(ps_accum *a, const double *buf);
/* Whether buf (ps_accum_counts_size(a) values) can be packed counts: the
 * run count and every counter whole numbers in [0, runs], no NaN minimum
 * or maximum. If not, *bad is the index of the first value that cannot. */
bool ps_accum_counts_valid(const ps_accum *a, const double *buf, size_t *bad);

int ps_accum_cells(const ps_accum *a); /* metrics x years */

/* Results. Metric, year and target indices must be in range (asserted). */
long ps_accum_runs(const ps_accum *a);
/* The per-zone counts (zones.tsv), owned by a. */
const ps_zone_accum *ps_accum_zones(const ps_accum *a);
/* The results by province (parksim/province.h), part of a's exact counts. */
struct ps_province_accum;
const struct ps_province_accum *ps_accum_provinces(const ps_accum *a);
void ps_accum_moments(const ps_accum *a, ps_metric m, int year_index, double *mean, double *sd, double *se);
double ps_accum_quantile(const ps_accum *a, ps_metric m, int year_index, double q);
/* The fixed-bin histogram of one (metric, year) cell, read-only: pointers
 * into a, valid until a is freed or changes. discrete: a count metric, bins
 * of width 1 centred on integers. */
typedef struct ps_accum_hist {
    size_t n;             /* bins */
    const double *edges;  /* n + 1 */
    const double *counts; /* n */
    double under, over;   /* runs below edges[0], at or above edges[n] */
    double min, max;      /* exact extremes */
    bool discrete;
} ps_accum_hist;
void ps_accum_histogram(const ps_accum *a, ps_metric m, int year_index, ps_accum_hist *out);
/* Counts of runs: target met at its year (t = n_targets: all jointly),
 * condition holding in year y, met in some year 1..y, first met in y (y=0: never). */
unsigned long ps_accum_met(const ps_accum *a, int target);
unsigned long ps_accum_holds(const ps_accum *a, int target, int year_index);
unsigned long ps_accum_met_by(const ps_accum *a, int target, int year_index);
unsigned long ps_accum_first(const ps_accum *a, int target, int year_index);

/* 95 % Wilson score interval for k successes out of n. */
void ps_wilson(unsigned long k, unsigned long n, double *lo, double *hi);

/* Difference p1 - p2 of two proportions measured on the same runs, with its
 * 95 % interval (Newcombe's method 10 for paired data). n11: runs where both
 * hold, n10: only the first, n01: only the second, n00: neither. */
void ps_newcombe_paired(unsigned long n11, unsigned long n10, unsigned long n01, unsigned long n00,
                        double *diff, double *lo, double *hi);

#endif
