/* zone_accum.h — per-zone results over all runs (zones.tsv).
 *
 * For every zone in play: the distribution of the year a provincial zone
 * first becomes national (never included), the number of runs in which it
 * is land-limited in each year and in which it is granted an expansion at
 * least once, and fixed-bin histograms of its GDP and R&D intensity at the
 * horizon. Everything is an exact count (whole numbers below 2^53) or an
 * exact minimum/maximum, so it is order-free: partial accumulators are
 * added in any order and give the same bytes for any threads, ranks and
 * shards. The accumulator (accum.h) owns one and packs these counts after
 * its own. Memory is fixed by zones x (years + bins), not by runs.
 *
 * Histogram bins: ln(x / x0) in [-PS_ZONE_LOG_RANGE, +PS_ZONE_LOG_RANGE]
 * in PS_ZONE_BINS equal bins, x0 the zone's base-year value (for an R&D
 * intensity of 0 in the base year, 0.01). A bin is 2 % wide in x, so the
 * median and 5/95 % quantiles are read to within 2 % (log-linear inside
 * the bin, clamped to the exact minimum and maximum); values beyond a
 * factor of 100 either way are counted below/above the range.
 *
 * Not thread-safe: one writer.
 */
#ifndef PARKSIM_ZONE_ACCUM_H
#define PARKSIM_ZONE_ACCUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "parksim/logbin.h"
#include "parksim/model.h"

#define PS_ZONE_BINS 460
#define PS_ZONE_LOG_RANGE 4.6
/* The most zones a packed set of counts may describe (bounds what a shard
 * file may ask to allocate). */
#define PS_ZONE_ACCUM_MAX_ZONES 4096

typedef struct ps_zone_accum ps_zone_accum;

/* What one run adds for one zone in play (ps_run_result.zone_out): made in
 * the run by ps_zone_accum_record, added by ps_zone_accum_add. A bin is a
 * slot of the zone's histogram: 0..PS_ZONE_BINS-1, PS_ZONE_BINS below the
 * range (or x <= 0), PS_ZONE_BINS + 1 above it, -1 for NaN (not counted). */
typedef struct ps_zone_outcome {
    short first;            /* year index it first became national, 0: never; -1: national in the base year */
    short gdp_bin, rd_bin;  /* of its GDP and R&D intensity at the horizon */
    unsigned char expanded; /* granted an expansion in some year >= 1 */
    unsigned char limited;  /* land-limited in some year >= 1 */
} ps_zone_outcome;

/* What a run needs to find its zones' bins, made once per model: the bins
 * of ln(x / x0) (x / x0 -> bin) and each zone's reference values x0 (base
 * GDP, base R&D intensity or 0.01), side by side. */
typedef struct ps_zone_bins {
    ps_logbin bins;
    double *x0; /* n_zones * 2: GDP, R&D */
} ps_zone_bins;
/* The bins alone (x / x0 -> bin as hist_add drew them); -1 if out of memory. */
int ps_zone_accum_bins_init(ps_logbin *bins);
/* For model m's zones in play; -1 if out of memory (zb zeroed). */
int ps_zone_bins_init(ps_zone_bins *zb, const ps_model *m);
void ps_zone_bins_free(ps_zone_bins *zb); /* safe on a zeroed one */
/* Fill r->zone_out from r's zone flags and horizon values (the run's own
 * part of the accumulation: called by ps_model_run, any thread). */
void ps_zone_accum_record(const ps_zone_bins *zb, ps_run_result *r);

/* Accumulator shaped for model m's zones in play. NULL if out of memory. */
ps_zone_accum *ps_zone_accum_alloc(const ps_model *m);
void ps_zone_accum_free(ps_zone_accum *z); /* NULL: no-op */

/* Add one run of the same model (any order). */
void ps_zone_accum_add(ps_zone_accum *z, const ps_run_result *r);
/* The same in parts: slice `slice` of `slices` (0 <= slice < slices) of
 * the zones of run r, and the run count. Different slices touch disjoint
 * counts, so threads may add different slices at once. */
void ps_zone_accum_add_slice(ps_zone_accum *z, const ps_run_result *r, int slice, int slices);
void ps_zone_accum_count_runs(ps_zone_accum *z, long n);

/* Exact counts, packed as doubles after the accumulator's own. */
size_t ps_zone_accum_counts_size(const ps_zone_accum *z);
size_t ps_zone_accum_counts_size_max(int n_years); /* PS_ZONE_ACCUM_MAX_ZONES zones */
void ps_zone_accum_counts_pack(const ps_zone_accum *z, double *buf);
void ps_zone_accum_counts_add(ps_zone_accum *z, const double *buf);
/* Whether buf can be packed counts of runs runs; *bad: first offending index. */
bool ps_zone_accum_counts_valid(const ps_zone_accum *z, const double *buf, double runs, size_t *bad);

/* Origin of a zone's data: "published" (a zone of the national list, or a
 * provincial zone imported with the `name` bit: the zone exists under that
 * name) or "synthetic" (a pool zone invented at a real city). */
bool ps_zone_is_published(const ps_zone_base *z);
const char *ps_zone_origin(const ps_zone_base *z);

/* Results. i: zone in play, y: year index. */
long ps_zone_accum_runs(const ps_zone_accum *z);
/* Runs in which provincial zone i first became national in year index y
 * (y = 0: never by the horizon; national zones: 0 everywhere). */
unsigned long ps_zone_accum_upgraded(const ps_zone_accum *z, int i, int y);
unsigned long ps_zone_accum_limited(const ps_zone_accum *z, int i, int y);
unsigned long ps_zone_accum_expanded(const ps_zone_accum *z, int i);
/* Quantile q of zone i's GDP (what = 0) or R&D intensity (what = 1) at the
 * horizon; NaN without runs. */
double ps_zone_accum_quantile(const ps_zone_accum *z, int i, int what, double q);

/* zones.tsv (README, Outputs): one row per zone in play. */
void ps_write_zones(FILE *f, const ps_model *m, const ps_zone_accum *z);

#endif
