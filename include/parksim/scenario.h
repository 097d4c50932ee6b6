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
#include "parksim/zone.h"

#define PS_MAX_TARGETS 32
#define PS_MAX_YEARS 64

typedef enum ps_cmp { PS_CMP_GE, PS_CMP_GT, PS_CMP_LE, PS_CMP_LT } ps_cmp;

typedef struct ps_target {
    char name[48];
    ps_metric metric;
    ps_cmp op;
    double threshold;
    int year;
    bool enabled;
} ps_target;

typedef struct ps_scenario {
    char path[512];       /* file given by the user */
    char data_path[1024]; /* run.data resolved against the defining file's directory */

    /* run */
    int base_year, horizon;
    unsigned long seed;
    long runs;
    char out_dir[512];
    char generator[32]; /* GSL generator name: taus2, mt19937, ... */
    bool include_sip;
    int prefecture_cities;

    /* shocks */
    double shock_nat_ar, shock_nat_sigma, shock_reg_sigma, shock_zone_sigma;
    bool shock_discrete_random; /* false: entries, exits, upgrade counts at their expectations */

    /* growth */
    double growth_mu, growth_convergence;
    double growth_class[PS_CLASS_COUNT], growth_region[PS_REGION_COUNT];
    double growth_demo, growth_provincial;

    /* land */
    double land_plot_ratio_max, land_plot_ratio_gain, land_tech_gain;
    double land_supply_cap, land_expansion_prob, land_expansion_share;

    /* value added */
    double va_drift, va_sigma, va_min, va_max;

    /* R&D intensity */
    double rd_kappa, rd_target[PS_CLASS_COUNT], rd_target_provincial, rd_sigma, rd_sigma_nat, rd_max;

    /* labour productivity */
    double prod_growth, prod_sigma, prod_sigma_nat;

    /* enterprises */
    double firm_entry_rate, firm_exit_rate, firm_entry_elasticity, firm_entry_sigma_nat;

    /* knowledge-intensive services */
    double kis_kappa, kis_target, kis_target_provincial, kis_sigma, kis_sigma_nat;

    /* upgrades of provincial zones */
    double upgrade_rate, upgrade_dispersion;
    int upgrade_pool_size;
    double upgrade_min_gdp, upgrade_w_size, upgrade_w_rd, upgrade_region[PS_REGION_COUNT];
    double upgrade_city_bonus, upgrade_noise;

    /* demotion (动态管理) */
    double demotion_prob, demotion_share;

    /* policy levers */
    double policy_growth, policy_rd_uplift, policy_entry_boost, policy_kis_uplift;
    double policy_supply_factor, policy_plot_ratio_gain;

    int n_targets;
    ps_target targets[PS_MAX_TARGETS];

    uint64_t hash; /* FNV-1a of the resolved scenario text (ps_scenario_write) */
} ps_scenario;

/* Load path, follow its extends chain, apply n_overrides "key=value"
 * strings, validate. On failure *out is unusable and err names the file,
 * line and setting of the first problem (or the override). */
int ps_scenario_load(const char *path, const char *const *overrides, int n_overrides,
                     ps_scenario *out, ps_error *err);

/* Like ps_scenario_load but reports every problem: calls report(err, ctx)
 * once per problem found and returns the number of problems (0 = clean). */
int ps_scenario_check(const char *path, const char *const *overrides, int n_overrides,
                      void (*report)(const ps_error *err, void *ctx), void *ctx);

/* Write the fully resolved scenario as a libconfig file that loads to the
 * same ps_scenario (no extends; data path absolute). Returns 0 or -1 on a
 * write error. Numbers use '.' and round-trip (%.17g). */
int ps_scenario_write(const ps_scenario *sc, FILE *f);

/* Index of the first year (base_year = 0) .. horizon. */
static inline int ps_scenario_years(const ps_scenario *sc) { return sc->horizon - sc->base_year + 1; }

/* Type of the setting at path: 'r' real, 'i' integer, 'b' bool, 's' string,
 * 0 if no such setting. ("targets.NAME.FIELD" paths included.) */
int ps_setting_kind(const char *path);

const char *ps_cmp_name(ps_cmp op); /* ">=", ">", "<=", "<" */
bool ps_cmp_holds(ps_cmp op, double value, double threshold);

#endif
