/* scenario_table.h — every scalar setting of a scenario: path, type, field
 * of ps_scenario, allowed range (inclusive). Internal to engine/.
 *
 * This table is the single list the loader validates against, `parksim
 * config` prints in order and `parksim check` reports ranges from. Meaning,
 * unit and source of each default are documented in scenarios/plan.cfg and
 * engine/MODEL.md. The targets list is handled separately (see scenario_targets.c).
 *
 * X(path, type, field, lo, hi) with type REAL, INT, INT64, BOOL or STRING
 * (for STRING, lo/hi are unused; for INT64 they bound the value).
 */
#ifndef PARKSIM_SCENARIO_TABLE_H
#define PARKSIM_SCENARIO_TABLE_H

#define PS_SETTING_LIST(X)                                                          \
    X("run.base_year", INT, run.base_year, 1980, 2100)                                  \
    X("run.horizon", INT, run.horizon, 1980, 2100)                                      \
    X("run.data", STRING, run.data, 0, 0)                                          \
    X("run.seed", INT64, run.seed, 0, 4294967295.0)                                     \
    X("run.runs", INT64, run.runs, 1, 1e12)                                             \
    X("run.out", STRING, run.out, 0, 0)                                             \
    X("run.generator", STRING, run.generator, 0, 0)                                     \
    X("run.include_sip", BOOL, run.include_sip, 0, 1)                                   \
    X("run.prefecture_cities", INT, run.prefecture_cities, 1, 10000)                    \
    X("shocks.national_ar", REAL, shocks.national_ar, -0.99, 0.99)                        \
    X("shocks.national_sigma", REAL, shocks.national_sigma, 0, 1)                         \
    X("shocks.regional_sigma", REAL, shocks.regional_sigma, 0, 1)                         \
    X("shocks.zone_sigma", REAL, shocks.zone_sigma, 0, 2)                            \
    X("shocks.discrete_random", BOOL, shocks.discrete_random, 0, 1)                  \
    X("growth.mu", REAL, growth.mu, -0.5, 1)                                        \
    X("growth.convergence", REAL, growth.convergence, 0, 1)                         \
    X("growth.class_effect.world_class", REAL, growth.class_effect[PS_CLASS_WORLD], -0.5, 0.5)      \
    X("growth.class_effect.innovative", REAL, growth.class_effect[PS_CLASS_INNOVATIVE], -0.5, 0.5)  \
    X("growth.class_effect.specialty", REAL, growth.class_effect[PS_CLASS_SPECIALTY], -0.5, 0.5)    \
    X("growth.class_effect.standard", REAL, growth.class_effect[PS_CLASS_STANDARD], -0.5, 0.5)      \
    X("growth.region_effect.east", REAL, growth.region_effect[PS_REGION_EAST], -0.5, 0.5)           \
    X("growth.region_effect.central", REAL, growth.region_effect[PS_REGION_CENTRAL], -0.5, 0.5)     \
    X("growth.region_effect.west", REAL, growth.region_effect[PS_REGION_WEST], -0.5, 0.5)           \
    X("growth.region_effect.northeast", REAL, growth.region_effect[PS_REGION_NORTHEAST], -0.5, 0.5) \
    X("growth.demo_effect", REAL, growth.demo_effect, -0.5, 0.5)                           \
    X("growth.provincial_effect", REAL, growth.provincial_effect, -0.5, 0.5)               \
    X("land.plot_ratio_max", REAL, land.plot_ratio_max, 0.1, 10)                    \
    X("land.plot_ratio_gain", REAL, land.plot_ratio_gain, 0, 1)                     \
    X("land.tech_gain", REAL, land.tech_gain, -0.5, 0.5)                            \
    X("land.supply_cap", REAL, land.supply_cap, 0, 1)                               \
    X("land.expansion_prob", REAL, land.expansion_prob, 0, 1)                       \
    X("land.expansion_share", REAL, land.expansion_share, 0, 10)                    \
    X("value_added.drift", REAL, value_added.drift, -0.1, 0.1)                               \
    X("value_added.sigma", REAL, value_added.sigma, 0, 0.2)                                  \
    X("value_added.min", REAL, value_added.min, 0.01, 1)                                     \
    X("value_added.max", REAL, value_added.max, 0.01, 1)                                     \
    X("rd.kappa", REAL, rd.kappa, 0, 1)                                             \
    X("rd.target.world_class", REAL, rd.target[PS_CLASS_WORLD], 0, 0.5)             \
    X("rd.target.innovative", REAL, rd.target[PS_CLASS_INNOVATIVE], 0, 0.5)         \
    X("rd.target.specialty", REAL, rd.target[PS_CLASS_SPECIALTY], 0, 0.5)           \
    X("rd.target.standard", REAL, rd.target[PS_CLASS_STANDARD], 0, 0.5)             \
    X("rd.target_provincial", REAL, rd.target_provincial, 0, 0.5)                   \
    X("rd.sigma", REAL, rd.sigma, 0, 0.1)                                           \
    X("rd.sigma_national", REAL, rd.sigma_national, 0, 0.1)                              \
    X("rd.max", REAL, rd.max, 0.001, 1)                                             \
    X("productivity.growth", REAL, productivity.growth, -0.5, 0.5)                          \
    X("productivity.sigma", REAL, productivity.sigma, 0, 1)                                 \
    X("productivity.sigma_national", REAL, productivity.sigma_national, 0, 1)                   \
    X("enterprises.entry_rate", REAL, enterprises.entry_rate, 0, 2)                        \
    X("enterprises.exit_rate", REAL, enterprises.exit_rate, 0, 1)                          \
    X("enterprises.entry_growth_elasticity", REAL, enterprises.entry_growth_elasticity, 0, 10)    \
    X("enterprises.entry_sigma_national", REAL, enterprises.entry_sigma_national, 0, 2)         \
    X("kis.kappa", REAL, kis.kappa, 0, 1)                                           \
    X("kis.target", REAL, kis.target, 0, 1)                                         \
    X("kis.target_provincial", REAL, kis.target_provincial, 0, 1)                   \
    X("kis.sigma", REAL, kis.sigma, 0, 0.2)                                         \
    X("kis.sigma_national", REAL, kis.sigma_national, 0, 0.2)                          \
    X("upgrade.rate", REAL, upgrade.rate, 0, 1000)                                  \
    X("upgrade.dispersion", REAL, upgrade.dispersion, 0.01, 1e6)                    \
    X("upgrade.pool_size", INT, upgrade.pool_size, 0, 100000)                       \
    X("upgrade.min_gdp", REAL, upgrade.min_gdp, 0, 1e6)                             \
    X("upgrade.weight_size", REAL, upgrade.weight_size, -10, 10)                         \
    X("upgrade.weight_rd", REAL, upgrade.weight_rd, -10, 10)                             \
    X("upgrade.region_weight.east", REAL, upgrade.region_weight[PS_REGION_EAST], -10, 10)           \
    X("upgrade.region_weight.central", REAL, upgrade.region_weight[PS_REGION_CENTRAL], -10, 10)     \
    X("upgrade.region_weight.west", REAL, upgrade.region_weight[PS_REGION_WEST], -10, 10)           \
    X("upgrade.region_weight.northeast", REAL, upgrade.region_weight[PS_REGION_NORTHEAST], -10, 10) \
    X("upgrade.city_bonus", REAL, upgrade.city_bonus, -10, 10)                      \
    X("upgrade.score_noise", REAL, upgrade.score_noise, 0, 10)                            \
    X("demotion.prob", REAL, demotion.prob, 0, 1)                                   \
    X("demotion.bottom_share", REAL, demotion.bottom_share, 0, 1)                          \
    X("policy.growth", REAL, policy.growth, -0.5, 0.5)                              \
    X("policy.rd_uplift", REAL, policy.rd_uplift, -0.5, 0.5)                        \
    X("policy.entry_boost", REAL, policy.entry_boost, -1, 1)                        \
    X("policy.kis_uplift", REAL, policy.kis_uplift, -1, 1)                          \
    X("policy.land_supply_factor", REAL, policy.land_supply_factor, 0, 10)               \
    X("policy.plot_ratio_gain", REAL, policy.plot_ratio_gain, -1, 1) \
    X("measurement.gdp_factor", REAL, measurement.gdp_factor, 0.5, 2)               \
    X("measurement.rd_factor", REAL, measurement.rd_factor, 0.5, 2)                 \
    X("measurement.enterprises_factor", REAL, measurement.enterprises_factor, 0.5, 2)

#endif
