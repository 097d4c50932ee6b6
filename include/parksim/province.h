/* province.h — provinces in the model (engine/MODEL.md §2.2, §2.6, §3a).
 *
 * The provinces are those of the data file's province column, sorted by
 * name. A model holds a ps_province_table: the province of every zone in
 * play, the settings by province resolved to indices, and the province of
 * each target that names one. Every run computes, per province and year,
 * the values of PS_PV_* over the province's national zones (the zones that
 * enter the national aggregates, §3); a ps_province_accum gathers them over
 * runs, exactly and order-free (integer histograms and fixed-point sums),
 * so provinces.tsv is identical for any threads, ranks or shards. It rides
 * in the accumulator's exact counts (ps_accum_counts_pack, after the
 * accumulator's own).
 *
 * Tables and accumulators are not thread-safe to change; a table is
 * immutable once made and shared by every thread.
 */
#ifndef PARKSIM_PROVINCE_H
#define PARKSIM_PROVINCE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "parksim/baseline.h"
#include "parksim/error.h"
#include "parksim/logbin.h"
#include "parksim/model.h"

/* Values of one province in one year of a run. city_coverage, a metric by
 * province, is PS_PV_CITIES / the province's cities (ps_province_table). */
typedef enum ps_pv {
    PS_PV_ZONES,    /* national_zones: national zones of the province */
    PS_PV_UPGRADES, /* upgrades: its zones upgraded into the year (base year: approved that year) */
    PS_PV_GDP,      /* gdp: ΣY over its national zones, 亿元 (0 without one) */
    PS_PV_RD,       /* rd_intensity: ΣρY / ΣY over them (NaN without one) */
    PS_PV_CITIES,   /* cities_covered: its cities hosting a national zone */
    PS_PV_COUNT
} ps_pv;

typedef struct ps_province_table {
    int n;                          /* provinces of the data file */
    char (*name)[PS_PROVINCE_NAME]; /* sorted by name */
    int *of_zone;                   /* province of each zone in play */
    int *n_zones;                   /* zones in play per province (national and pool) */
    int *n_cities;                  /* cities hosting a zone in play, per province */
    int *of_city;                   /* province of each city (the model's city index) */
    double *gdp_scale;              /* base-year GDP of its zones in play: range of its GDP histogram */
    double *zone_effect;            /* growth.province_effect of each zone in play */
    double *log_weight;             /* ln upgrade.province_weight per province (0 if unset, -inf for 0) */
    int *reserved;                  /* upgrade.reserved per province */
    int *target;                    /* province of each scenario target, -1 for the nation */
    /* The GDP histograms' bins of x / lo (ps_province_record): one per
     * distinct ln(hi / lo), which is the same for nearly every province;
     * province p uses gdp_bins[gdp_bins_of[p]]. */
    ps_logbin *gdp_bins;
    int n_gdp_bins, *gdp_bins_of;
    int *counted;                   /* of_zone[i] if zone i counts in the aggregates when national (§3), else -1 */
    bool any_effect, any_weight, any_reserved;
} ps_province_table;

/* Make t for the zones in play (zones[i] with city index city[i] of
 * n_cities) of bl under sc. PS_ERR_MISMATCH if sc names a province the data
 * lack (the loader checks this against the same file), PS_ERR_NOMEM. */
int ps_province_table_init(ps_province_table *t, const ps_scenario *sc, const ps_baseline *bl,
                           const ps_zone_base *const *zones, int n_zones, const int *city, int n_cities,
                           ps_error *err);
void ps_province_table_free(ps_province_table *t); /* safe on a zeroed table */

/* The model's table (owned by the model). */
const ps_province_table *ps_model_provinces(const ps_model *m);

/* Value v of province p in year index y of run r (ps_model_run fills them;
 * layout r->provinces[(y * n_provinces + p) * PS_PV_COUNT + v]: a year's
 * values together). */
double ps_province_value(const ps_run_result *r, int p, ps_pv v, int y);
/* The value a province target t reads: its metric in province
 * table->target[t] (city_coverage as a share). */
double ps_province_target_value(const ps_province_table *t, const ps_run_result *r, ps_metric metric, int p, int y);

/* The run's own part of the accumulation (called by ps_model_run, any
 * thread): from r's values by province, r->prov_slot (per value, same
 * layout: the histogram slot it adds to, -1 for none) and r->prov_sum (per
 * province, GDP and R&D intensity, year: the two parts of its fixed-point
 * sum; PS_PROVINCE_SUMS doubles per province-year), so that
 * ps_province_accum_add only adds. */
#define PS_PROVINCE_SUMS 4
void ps_province_record(const ps_model *m, ps_run_result *r);

/* ---- over runs ---------------------------------------------------------- */
typedef struct ps_province_accum ps_province_accum;
ps_province_accum *ps_province_accum_alloc(const ps_model *m);
void ps_province_accum_free(ps_province_accum *a);
void ps_province_accum_add(ps_province_accum *a, const ps_run_result *r);
/* Provinces of slice `slice` of `slices` only: disjoint slices touch
 * disjoint counts (threads may add different slices at once). */
void ps_province_accum_add_slice(ps_province_accum *a, const ps_run_result *r, int slice, int slices);
/* Exact, order-free part, packed as doubles (as ps_accum_counts_*). */
size_t ps_province_counts_size(const ps_province_accum *a);
void ps_province_counts_pack(const ps_province_accum *a, double *buf);
void ps_province_counts_add(ps_province_accum *a, const double *buf);
/* buf holds counts a could have packed after `runs` runs; else *bad is the
 * offending index. */
bool ps_province_counts_valid(const ps_province_accum *a, const double *buf, double runs, size_t *bad);
/* Bound on ps_province_counts_size for any model of n_years years (shard checks). */
size_t ps_province_counts_size_max(int n_years);

/* Results for province p, value v, year index y: runs with a value (all
 * runs but, for rd_intensity, those without a national zone in p), their
 * mean, and quantile q (from the histogram; exact for counts). */
double ps_province_runs(const ps_province_accum *a, int p, ps_pv v, int y);
double ps_province_mean(const ps_province_accum *a, int p, ps_pv v, int y);
double ps_province_quantile(const ps_province_accum *a, int p, ps_pv v, int y, double q);

/* provinces.tsv's body (after the provenance lines). */
void ps_province_write(FILE *f, const ps_model *m, const ps_province_accum *a);

#endif
