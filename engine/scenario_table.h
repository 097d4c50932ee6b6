/* scenario_table.h — every scalar setting of a scenario: path, type, field
 * of ps_scenario, allowed range (inclusive). Internal to engine/.
 *
 * This table is the single list the loader validates against, `parksim
 * config` prints in order and `parksim check` reports ranges from. Meaning,
 * unit and source of each default are documented in scenarios/plan.cfg and
 * engine/MODEL.md. The targets list is handled separately (see scenario.c).
 *
 * X(path, type, field, lo, hi) with type REAL, INT, INT64, BOOL or STRING
 * (for STRING, lo/hi are unused; for INT64 they bound the value).
 */
#ifndef PARKSIM_SCENARIO_TABLE_H
#define PARKSIM_SCENARIO_TABLE_H

#define PS_SETTING_LIST(X)                                                          \
    X("run.base_year", INT, base_year, 1980, 2100)                                  \
    X("run.horizon", INT, horizon, 1980, 2100)                                      \
    X("run.data", STRING, data_path, 0, 0)                                          \
    X("run.seed", INT64, seed, 0, 4294967295.0)                                     \
    X("run.runs", INT64, runs, 1, 1e12)                                             \
    X("run.out", STRING, out_dir, 0, 0)                                             \
    X("run.generator", STRING, generator, 0, 0)                                     \
    X("run.include_sip", BOOL, include_sip, 0, 1)                                   \
    X("run.prefecture_cities", INT, prefecture_cities, 1, 10000)                    \
    X("shocks.national_ar", REAL, shock_nat_ar, -0.99, 0.99)                        \
    X("shocks.national_sigma", REAL, shock_nat_sigma, 0, 1)                         \
    X("shocks.regional_sigma", REAL, shock_reg_sigma, 0, 1)                         \
    X("shocks.zone_sigma", REAL, shock_zone_sigma, 0, 2)                            \
    X("shocks.discrete_random", BOOL, shock_discrete_random, 0, 1)                  \
    X("growth.mu", REAL, growth_mu, -0.5, 1)                                        \
    X("growth.convergence", REAL, growth_convergence, 0, 1)                         \
    X("growth.class_effect.world_class", REAL, growth_class[PS_CLASS_WORLD], -0.5, 0.5)      \
    X("growth.class_effect.innovative", REAL, growth_class[PS_CLASS_INNOVATIVE], -0.5, 0.5)  \
    X("growth.class_effect.specialty", REAL, growth_class[PS_CLASS_SPECIALTY], -0.5, 0.5)    \
    X("growth.class_effect.standard", REAL, growth_class[PS_CLASS_STANDARD], -0.5, 0.5)      \
    X("growth.region_effect.east", REAL, growth_region[PS_REGION_EAST], -0.5, 0.5)           \
    X("growth.region_effect.central", REAL, growth_region[PS_REGION_CENTRAL], -0.5, 0.5)     \
    X("growth.region_effect.west", REAL, growth_region[PS_REGION_WEST], -0.5, 0.5)           \
    X("growth.region_effect.northeast", REAL, growth_region[PS_REGION_NORTHEAST], -0.5, 0.5) \
    X("growth.demo_effect", REAL, growth_demo, -0.5, 0.5)                           \
    X("growth.provincial_effect", REAL, growth_provincial, -0.5, 0.5)               \
    X("land.plot_ratio_max", REAL, land_plot_ratio_max, 0.1, 10)                    \
    X("land.plot_ratio_gain", REAL, land_plot_ratio_gain, 0, 1)                     \
    X("land.tech_gain", REAL, land_tech_gain, -0.5, 0.5)                            \
    X("land.supply_cap", REAL, land_supply_cap, 0, 1)                               \
    X("land.expansion_prob", REAL, land_expansion_prob, 0, 1)                       \
    X("land.expansion_share", REAL, land_expansion_share, 0, 10)                    \
    X("value_added.drift", REAL, va_drift, -0.1, 0.1)                               \
    X("value_added.sigma", REAL, va_sigma, 0, 0.2)                                  \
    X("value_added.min", REAL, va_min, 0.01, 1)                                     \
    X("value_added.max", REAL, va_max, 0.01, 1)                                     \
    X("rd.kappa", REAL, rd_kappa, 0, 1)                                             \
    X("rd.target.world_class", REAL, rd_target[PS_CLASS_WORLD], 0, 0.5)             \
    X("rd.target.innovative", REAL, rd_target[PS_CLASS_INNOVATIVE], 0, 0.5)         \
    X("rd.target.specialty", REAL, rd_target[PS_CLASS_SPECIALTY], 0, 0.5)           \
    X("rd.target.standard", REAL, rd_target[PS_CLASS_STANDARD], 0, 0.5)             \
    X("rd.target_provincial", REAL, rd_target_provincial, 0, 0.5)                   \
    X("rd.sigma", REAL, rd_sigma, 0, 0.1)                                           \
    X("rd.sigma_national", REAL, rd_sigma_nat, 0, 0.1)                              \
    X("rd.max", REAL, rd_max, 0.001, 1)                                             \
    X("productivity.growth", REAL, prod_growth, -0.5, 0.5)                          \
    X("productivity.sigma", REAL, prod_sigma, 0, 1)                                 \
    X("productivity.sigma_national", REAL, prod_sigma_nat, 0, 1)                   \
    X("enterprises.entry_rate", REAL, firm_entry_rate, 0, 2)                        \
    X("enterprises.exit_rate", REAL, firm_exit_rate, 0, 1)                          \
    X("enterprises.entry_growth_elasticity", REAL, firm_entry_elasticity, 0, 10)    \
    X("enterprises.entry_sigma_national", REAL, firm_entry_sigma_nat, 0, 2)         \
    X("kis.kappa", REAL, kis_kappa, 0, 1)                                           \
    X("kis.target", REAL, kis_target, 0, 1)                                         \
    X("kis.target_provincial", REAL, kis_target_provincial, 0, 1)                   \
    X("kis.sigma", REAL, kis_sigma, 0, 0.2)                                         \
    X("kis.sigma_national", REAL, kis_sigma_nat, 0, 0.2)                          \
    X("upgrade.rate", REAL, upgrade_rate, 0, 1000)                                  \
    X("upgrade.dispersion", REAL, upgrade_dispersion, 0.01, 1e6)                    \
    X("upgrade.pool_size", INT, upgrade_pool_size, 0, 100000)                       \
    X("upgrade.min_gdp", REAL, upgrade_min_gdp, 0, 1e6)                             \
    X("upgrade.weight_size", REAL, upgrade_w_size, -10, 10)                         \
    X("upgrade.weight_rd", REAL, upgrade_w_rd, -10, 10)                             \
    X("upgrade.region_weight.east", REAL, upgrade_region[PS_REGION_EAST], -10, 10)           \
    X("upgrade.region_weight.central", REAL, upgrade_region[PS_REGION_CENTRAL], -10, 10)     \
    X("upgrade.region_weight.west", REAL, upgrade_region[PS_REGION_WEST], -10, 10)           \
    X("upgrade.region_weight.northeast", REAL, upgrade_region[PS_REGION_NORTHEAST], -10, 10) \
    X("upgrade.city_bonus", REAL, upgrade_city_bonus, -10, 10)                      \
    X("upgrade.score_noise", REAL, upgrade_noise, 0, 10)                            \
    X("demotion.prob", REAL, demotion_prob, 0, 1)                                   \
    X("demotion.bottom_share", REAL, demotion_share, 0, 1)                          \
    X("policy.growth", REAL, policy_growth, -0.5, 0.5)                              \
    X("policy.rd_uplift", REAL, policy_rd_uplift, -0.5, 0.5)                        \
    X("policy.entry_boost", REAL, policy_entry_boost, -1, 1)                        \
    X("policy.kis_uplift", REAL, policy_kis_uplift, -1, 1)                          \
    X("policy.land_supply_factor", REAL, policy_supply_factor, 0, 10)               \
    X("policy.plot_ratio_gain", REAL, policy_plot_ratio_gain, -1, 1)

#endif
