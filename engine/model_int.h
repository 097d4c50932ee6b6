/* model_int.h — the private structures shared by the model's files.
 *
 * The model is split by what each part does (engine/MODEL.md names the
 * function behind every equation): model.c owns these structures and the
 * run loop; zone_step.c the equations of one zone-year; draws.c the random
 * numbers; upgrades.c upgrades and demotions; aggregate.c the metrics of a
 * year and the targets. None of this is visible outside engine/.
 */
#ifndef PARKSIM_MODEL_INT_H
#define PARKSIM_MODEL_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <gsl/gsl_rng.h>

#include "parksim/fastran.h"
#include "parksim/logbin.h"
#include "parksim/model.h"
#include "parksim/province.h"
#include "parksim/samples.h"
#include "parksim/zone_accum.h"

#include "draws_int.h"

/* The state of one zone in the current year (engine/MODEL.md §1). */
typedef struct zone_state {
    double gdp, log_gdp; /* ln gdp is used four times a year: kept, not recomputed */
    double va, rd, prod, firms, new_firms, kis;
    double log_rd; /* ps_log_rd(rd), set by ps_year_end for the zones ranked the next year */
    double land_approved, land_built, plot_ratio;
    double growth_potential;
    ps_tier tier;
    int national_since;
    bool land_limited, expanded, upgraded, demoted;
} zone_state;

/* Immutable after ps_model_create: shared by every thread. */
struct ps_model {
    ps_scenario sc;
    const ps_baseline *bl;
    const gsl_rng_type *rng_type;
    bool fast_rng; /* rng_type is taus2: draw from fastran (draws.c) */
    int n_years, n_zones;
    const ps_zone_base **zones; /* zones in play: national, then the pool */
    int *city;                  /* city index of each zone */
    int n_cities;
    double base[PS_METRIC_COUNT];
    struct zone_state *initial; /* ps_zone_state_init of every zone: copied at each run's start */
    struct zone_state *unmeasured; /* measure_per_run: ps_zone_state_init alone, before measurement */
    bool measure_per_run;       /* a measurement.* setting is uncertain: base year per run */
    /* Uncertain settings (sc.unc): the copula's Cholesky factor over the
     * correlated settings (corr_map[i]: row of setting i, or -1). */
    double *chol;
    int corr_map[PS_UNC_MAX];
    int n_correlated;
    /* The samples file (sc.unc.samples) and the column of each setting
     * (sample_col[i], -1 for a setting with a distribution). */
    ps_samples samples;
    int sample_col[PS_UNC_MAX];
    ps_province_table prov; /* provinces and the settings by province (province.c) */
    ps_zone_bins zone_bins; /* zones.tsv's horizon histograms (ps_zone_bins_init) */
};

/* Everything a run writes: one per thread. */
struct ps_workspace {
    bool fast_rng;      /* draw from fr (taus2, fastran's samplers), else from rng */
    ps_fr_rng fr;       /* the inline taus2 (draws.c) */
    uint64_t zone_prefix; /* ps_rng_stream_prefix(seed, run, PS_STREAM_ZONE) of the current run */
    uint64_t *zone_hash;  /* each zone's part of its zone-year keys in the current run (draws.c) */
    ps_fr_cb cb;        /* the zone-year's counter-based stream (draws.c) */
    ps_fr_cb *zone_cb;  /* each zone's stream of the year after its continuous draws (model.c) */
    gsl_rng *rng;       /* upgrade counts; every draw for other generators */
    zone_state *state;
    double *draws;      /* n_zones * DRAW_COUNT of the current year */
    double *keys;       /* upgrade keys / demotion scores */
    size_t *order;      /* selection scratch */
    double *sel_keys;   /* selection scratch: keys of the candidates */
    size_t *best;       /* selection scratch: chosen positions */
    int *city_hosts;    /* national zones per city in year t */
    double *nat_shock;  /* u_t per year index */
    double *reg_shock;  /* eta_{r,t}: n_years * PS_REGION_COUNT */
    double *state_shock; /* national shocks to R&D, services, productivity, entry: n_years * 4 */
    ps_model *run_model; /* uncertain settings: a copy of the model whose sc holds the run's draws */
    zone_state *run_initial; /* measurement factors drawn per run: this run's base-year states */
};

/* Statistics of year t that every zone's step needs. */
typedef struct year_context {
    double mean_log_gdp[PS_TIER_COUNT];
    double pool_log_gdp, pool_log_rd; /* means over eligible provincial zones */
    int n_eligible;
    double entry_shock; /* ps_entry_shock of the year: one exp a year, not one a zone */
} year_context;

#endif
