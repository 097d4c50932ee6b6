/* scenario.h — a scenario: every setting of one projection, validated.
 *
 * A scenario file is libconfig text. It may name a parent with
 *     extends = "plan.cfg";
 * (resolved relative to the child's directory); settings are merged leaf by
 * leaf, child over parent, and the targets list is merged by target name.
 * Command-line overrides ("growth.mu=0.08") are applied last and are typed
 * and validated exactly like file settings. After merging, every setting of
 * the table in engine/scenario_table.h must be present exactly once: there
 * are no defaults hidden in the code, scenarios/plan.cfg is the root that
 * every scenario extends.
 *
 * This is the only module that includes libconfig.h. Once loaded, a
 * ps_scenario is a plain struct: immutable, shareable across threads.
 */
#ifndef PARKSIM_SCENARIO_H
#define PARKSIM_SCENARIO_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "parksim/error.h"
#include "parksim/metrics.h"
#include "parksim/uncertain.h"
#include "parksim/zone.h"

#define PS_MAX_TARGETS 32
#define PS_MAX_YEARS 64

/* Settings by province (growth.province_effect, upgrade.province_weight,
 * upgrade.reserved): a province name, as in the data file's province column
 * ("Inner Mongolia"; written Inner_Mongolia as a setting name), and its
 * value, sorted by name; a province not listed has the setting's neutral
 * value (0, 1, 0). Names are checked against the data file by the loader. */
#define PS_PROVINCE_MAX 40
#define PS_PROVINCE_NAME 32
typedef struct ps_province_values {
    int n;
    char name[PS_PROVINCE_MAX][PS_PROVINCE_NAME];
    double value[PS_PROVINCE_MAX];
} ps_province_values;

typedef enum ps_cmp { PS_CMP_GE, PS_CMP_GT, PS_CMP_LE, PS_CMP_LT } ps_cmp;

typedef struct ps_target {
    char name[48];
    ps_metric metric;
    ps_cmp op;
    double threshold;
    int year;
    bool enabled;
    char province[PS_PROVINCE_NAME]; /* "": the nation; else the metric of that province (provinces.tsv) */
} ps_target;

/* Settings are nested as their paths, so `sc->land.supply_cap` is the
 * setting land.supply_cap and a grep for a path finds every use. Arrays
 * indexed by class or region hold the settings path.<class or region>.
 * Meaning, unit and source of each: scenarios/plan.cfg, engine/MODEL.md. */
typedef struct ps_scenario {
    char path[512]; /* file given by the user */

    struct {
        int base_year, horizon;
        char data[1024]; /* resolved against the defining file's directory */
        unsigned long seed;
        long runs;
        char out[512];
        char generator[32]; /* GSL generator name: taus2, mt19937, ... */
        bool include_sip;
        int prefecture_cities;
    } run;

    struct {
        double national_ar, national_sigma, regional_sigma, zone_sigma;
        bool discrete_random; /* false: entries, exits, upgrade counts at their expectations */
    } shocks;

    struct {
        double mu, convergence;
        double class_effect[PS_CLASS_COUNT], region_effect[PS_REGION_COUNT];
        double demo_effect, provincial_effect;
        ps_province_values province_effect; /* added to a zone's trend growth (MODEL.md §2.2) */
    } growth;

    struct {
        double plot_ratio_max, plot_ratio_gain, tech_gain;
        double supply_cap, expansion_prob, expansion_share;
    } land;

    struct {
        double drift, sigma, min, max;
    } value_added;

    struct {
        double kappa, target[PS_CLASS_COUNT], target_provincial, sigma, sigma_national, max;
    } rd;

    struct {
        double growth, sigma, sigma_national;
    } productivity;

    struct {
        double entry_rate, exit_rate, entry_growth_elasticity, entry_sigma_national;
    } enterprises;

    struct { /* knowledge-intensive services */
        double kappa, target, target_provincial, sigma, sigma_national;
    } kis;

    struct { /* provincial zones becoming national */
        double rate, dispersion;
        int pool_size;
        double min_gdp, weight_size, weight_rd, region_weight[PS_REGION_COUNT];
        double city_bonus, score_noise;
        ps_province_values province_weight; /* multiplies a zone's selection odds (MODEL.md §2.6) */
        ps_province_values reserved;        /* approvals a year taken first by a province's best zones */
        int n_schedule;                     /* 0: the count is random; else one count per simulated year */
        int schedule[PS_MAX_YEARS];
    } upgrade;

    struct { /* 动态管理 */
        double prob, bottom_share;
    } demotion;

    struct { /* levers */
        double growth, rd_uplift, entry_boost, kis_uplift, land_supply_factor, plot_ratio_gain;
    } policy;

    struct { /* how far the base year's weakly published figures may be off */
        double gdp_factor, rd_factor, enterprises_factor;
    } measurement;

    int n_targets;
    ps_target targets[PS_MAX_TARGETS];

    /* Settings given a distribution, in table order; their fields above
     * hold the distribution's median (parksim/uncertain.h). A run writes
     * its own draws into a copy (ps_model_run). */
    ps_unc_set unc;

    uint64_t hash; /* FNV-1a of the resolved scenario text (ps_scenario_write) */
} ps_scenario;

/* One override of a setting, applied after every file of the chain, in
 * array order (a later override of the same path wins).
 *
 *   path    "run.runs", "growth.class_effect.east", "targets.NAME.FIELD";
 *           NULL: value.text is a whole "key=value" (what --set passes).
 *   kind    'r' real, 'i' integer, 'b' boolean, 's' string: value is typed
 *           and taken as is (a string verbatim, quotes and all); it must be
 *           the kind of the setting (ps_setting_kind(path)), as a file
 *           value must, else it is reported like a wrongly typed file value.
 *           0: value.text is libconfig text ("0.08", "3000000000L",
 *           "\"x\"", or a bare word, taken as a string), typed like a file.
 *   origin  what problems are reported against in place of a file name,
 *           e.g. "--runs"; NULL means "--set". A relative run.data given by
 *           an override is resolved against the working directory.
 *
 * Typed values are checked against engine/scenario_table.h exactly like
 * file values: {"run.runs", 'i', {.integer = 0}, "--runs"} fails with
 * "--runs: run.runs: value 0 is out of range [1, 1000000000000]"; an
 * unknown path with "unknown setting (did you mean '...'?)". The strings
 * are not copied: they must live until the load returns. */
typedef struct ps_override {
    const char *path;
    char kind;
    union {
        double real;
        long long integer;
        bool boolean;
        const char *text;
    } value;
    const char *origin;
} ps_override;

/* Load path, follow its extends chain, apply the n_overrides overrides,
 * validate. On failure *out is unusable and err names the file (or the
 * override's origin), line and setting of the first problem. Does not read
 * the data file (run.data is only resolved to an absolute path) and leaves
 * out->hash 0: ps_job_open (parksim/job.h) loads the data and sets it.
 * Thread-safe (all state is on the heap of the call). */
int ps_scenario_load_overrides(const char *path, const ps_override *overrides, int n_overrides,
                               ps_scenario *out, ps_error *err);

/* Like ps_scenario_load_overrides but reports every problem: calls
 * report(err, ctx) once per problem found (report may be NULL) and returns
 * the number of problems (0 = clean). */
int ps_scenario_check_overrides(const char *path, const ps_override *overrides, int n_overrides,
                                void (*report)(const ps_error *err, void *ctx), void *ctx);

/* Both at once, reading the files once (a FIFO can be read only once):
 * reports every problem like ps_scenario_check_overrides and, when it
 * returns 0, *out holds the scenario ps_scenario_load_overrides loads. */
int ps_scenario_check_load(const char *path, const ps_override *overrides, int n_overrides, ps_scenario *out,
                           void (*report)(const ps_error *err, void *ctx), void *ctx);

/* The same with n_overrides "key=value" strings (origin "--set"). */
int ps_scenario_load(const char *path, const char *const *overrides, int n_overrides,
                     ps_scenario *out, ps_error *err);
int ps_scenario_check(const char *path, const char *const *overrides, int n_overrides,
                      void (*report)(const ps_error *err, void *ctx), void *ctx);

/* Write the fully resolved scenario as a libconfig file that loads to the
 * same ps_scenario (no extends; data path absolute). Returns 0 or -1 on a
 * write error. Numbers use '.' and round-trip (%.17g). */
int ps_scenario_write(const ps_scenario *sc, FILE *f);

/* Index of the first year (base_year = 0) .. horizon. */
static inline int ps_scenario_years(const ps_scenario *sc) { return sc->run.horizon - sc->run.base_year + 1; }

/* Type of the setting at path: 'r' real, 'i' integer, 'b' bool, 's' string,
 * 0 if no such setting. ("targets.NAME.FIELD" paths included.) */
int ps_setting_kind(const char *path);

const char *ps_cmp_name(ps_cmp op); /* ">=", ">", "<=", "<" */
bool ps_cmp_holds(ps_cmp op, double value, double threshold);

#endif
