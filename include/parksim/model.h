/* model.h — one projection: every zone stepped year by year to the horizon.
 *
 * ps_model_create() binds a validated scenario to a baseline and precomputes
 * what every run shares (the active zones, city indices, base-year
 * aggregates). A ps_model is immutable: any number of threads may run it at
 * once, each with its own ps_workspace. A run is a pure function of
 * (model, run index): its random streams are derived from the scenario seed
 * and the run index only (see rng.h), so run k gives the same result alone,
 * in a batch, on any thread or rank.
 */
#ifndef PARKSIM_MODEL_H
#define PARKSIM_MODEL_H

#include <stdbool.h>

#include "parksim/baseline.h"
#include "parksim/error.h"
#include "parksim/metrics.h"
#include "parksim/scenario.h"

typedef struct ps_model ps_model;

/* The largest firm count a run may reach: 2^53, the last integer a double
 * holds exactly (counts are drawn as exact integers). */
#define PS_MODEL_COUNT_MAX 9007199254740992.0
typedef struct ps_workspace ps_workspace;

/* The outcome of one run. values[m * n_years + y] is metric m in year
 * base_year + y; holds[t * n_years + y] says whether target t's condition
 * holds in that year; first_met[t] is the first year index >= 1 in which it
 * holds, or 0 if never by the horizon; met[t] is holds at the target year. */
typedef struct ps_run_result {
    long run;
    int n_years, n_targets;
    double *values;
    unsigned char *holds;
    int *first_met;
    unsigned char *met;
    int n_params;   /* uncertain settings of the scenario (sc.unc.n) */
    double *params; /* the value each drew in this run, in sc.unc order */
    /* Per zone in play (ps_model_zone order), for per-zone results
     * (zone_accum.h): zone_flags[i * n_years + y] holds PS_ZONE_* bits of
     * zone i in year index y; zone_gdp[i] and zone_rd[i] are its GDP and
     * R&D intensity at the horizon. */
    int n_zones;
    unsigned char *zone_flags;
    double *zone_gdp, *zone_rd;
    int n_provinces;   /* values by province (parksim/province.h): */
    double *provinces; /* n_provinces * PS_PV_COUNT * n_years */
    /* What the accumulator adds for this run, made by the run itself (in
     * parallel) so the in-order fold only adds counts: zone_out[i] per zone
     * in play (ps_zone_accum_record); prov_slot per value by province (the
     * layout of provinces) and prov_sum per province, GDP and R&D, year
     * (ps_province_record). */
    struct ps_zone_outcome *zone_out;
    int *prov_slot;
    double *prov_sum;
    /* Empty, or why the run stopped: its state left what the model can
     * represent (ps_model_run returned PS_ERR_NUMERIC). */
    char fault[320];
    /* This run's runs.tsv row, formatted on the thread that ran it
     * (ps_format_run_row, output.h) so the in-order fold only copies it:
     * row_len bytes, valid when row_run == run. NULL until first used. */
    char *row;
    size_t row_len, row_cap;
    long row_run;
} ps_run_result;

/* Bits of ps_run_result.zone_flags. */
enum {
    PS_ZONE_NATIONAL = 1u << 0,     /* national in that year */
    PS_ZONE_LAND_LIMITED = 1u << 1, /* realised GDP below potential for lack of land */
    PS_ZONE_EXPANDED = 1u << 2      /* approved area enlarged that year */
};

/* One zone in one year, as passed to a trajectory callback. */
typedef struct ps_zone_view {
    long run;
    int year;
    const ps_zone_base *base; /* identity: id, name, province, city, region, class */
    ps_tier tier;
    int national_since;       /* year it became national (0: base-year national) */
    double gdp, revenue, va_ratio, rd_intensity, productivity, employees;
    double enterprises, new_firms, kis_share;
    double land_approved, land_built, plot_ratio;
    double growth_potential;  /* ln(Y_pot / Y) of this step, 0 in the base year */
    bool land_limited;        /* realised GDP below potential for lack of land */
    bool expanded;            /* approved area enlarged this year (扩区) */
    bool upgraded;            /* became national this year */
    bool demoted;             /* lost national status this year */
} ps_zone_view;

typedef int (*ps_trajectory_fn)(void *ctx, const ps_zone_view *zone);

int ps_model_create(const ps_scenario *sc, const ps_baseline *bl, ps_model **out, ps_error *err);
void ps_model_free(ps_model *m);

const ps_scenario *ps_model_scenario(const ps_model *m);
int ps_model_years(const ps_model *m);     /* horizon - base_year + 1 */
int ps_model_zone_count(const ps_model *m); /* national + provincial pool in play */
/* Zone i (0 <= i < ps_model_zone_count) in play: national, then the pool. */
const ps_zone_base *ps_model_zone(const ps_model *m, int i);

/* Value of metric in the base year (identical in every run). */
double ps_model_base_value(const ps_model *m, ps_metric metric);

/* Per-thread scratch. NULL on allocation failure. */
ps_workspace *ps_workspace_alloc(const ps_model *m);
void ps_workspace_free(ps_workspace *ws);

ps_run_result *ps_run_result_alloc(const ps_model *m);
void ps_run_result_free(ps_run_result *r);

/* The values run `run` gives the uncertain settings of the model's scenario
 * (sc.unc order) into params: the draws ps_model_run uses. */
void ps_model_parameters(const ps_model *m, long run, double *params);

/* Project run `run` into res. Before year one the run draws its uncertain
 * settings (ps_model_parameters) and runs on a copy of the scenario that
 * holds them. If trajectory is not NULL it is called for
 * every zone in play in every year (base year included), in zone order; a
 * non-zero return stops the run and is returned. A state the model cannot
 * represent (a non-finite value, a firm count beyond PS_MODEL_COUNT_MAX)
 * stops the run with PS_ERR_NUMERIC and res->fault saying run, year, zone
 * and value: settings far outside their calibrated ranges can drive a zone
 * there, and nothing after it would mean anything. */
int ps_model_run(const ps_model *m, ps_workspace *ws, long run, ps_run_result *res,
                 ps_trajectory_fn trajectory, void *trajectory_ctx);

/* ps_model_run with the uncertain settings set to params[0..sc.unc.n) (sc.unc
 * order) instead of drawn: every other random number (the shocks) is run
 * `run`'s, so two calls with the same run index share their shocks (common
 * random numbers; parksim sensitivity). params must lie in each setting's
 * allowed range; res->params receives a copy. */
int ps_model_run_params(const ps_model *m, ps_workspace *ws, long run, const double *params, ps_run_result *res,
                        ps_trajectory_fn trajectory, void *trajectory_ctx);

/* Draw exactly the random numbers run `run` would draw, with the same
 * distributions and parameters taken from the base year, and nothing else.
 * For the benchmark (cost of randomness alone). Returns a checksum. */
double ps_model_draws_only(const ps_model *m, ps_workspace *ws, long run);

#endif
