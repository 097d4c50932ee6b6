/* upgrades_int.h — provincial zones becoming national, and demotions
 * (engine/MODEL.md §2.6). Implemented in engine/upgrades.c.
 *
 * Within a year: ps_rank_zone scores every zone on its year-t state (before
 * it steps), then ps_apply_demotions and ps_select_upgrades change tiers.
 */
#ifndef PARKSIM_UPGRADES_INT_H
#define PARKSIM_UPGRADES_INT_H

#include <stdbool.h>

#include "model_int.h"

/* Provincial with GDP at least upgrade.min_gdp. */
bool ps_upgrade_eligible(const ps_scenario *sc, ps_tier tier, double gdp);

/* Whether demotion can happen at all in this scenario. */
bool ps_demotion_active(const ps_scenario *sc);

/* ln R&D intensity as the score uses it, floored at ln 1e-6. */
double ps_log_rd(double rd);

/* Readiness score of a zone in region r: size and R&D relative to the
 * eligible pool's means, region priority, a bonus when its city has no
 * national zone, and noise times the zone-year's normal draw. */
double ps_readiness_score(const ps_scenario *sc, ps_region r, double log_gdp, double log_rd,
                          double pool_log_gdp, double pool_log_rd, bool city_has_national, double draw);

/* Efraimidis-Spirakis key ln(u) / e^score: the k largest keys are a weighted
 * sample without replacement with weights e^score. */
double ps_upgrade_key(double u, double score);

/* Before zone i steps: mark it as a candidate (state.upgraded) and store its
 * upgrade key, or, for a national zone when demotion is active, its score
 * (ws->keys[i]). Clears state.demoted. */
void ps_rank_zone(const ps_model *m, ps_workspace *ws, const year_context *yc, int i, const double *d,
                  bool demotion_active);

/* Demote among the bottom demotion.bottom_share of national zones (SIP
 * excepted) by score, each with chance demotion.prob. Returns the number. */
int ps_apply_demotions(const ps_model *m, ps_workspace *ws);

/* Upgrade the min(count, candidates) candidates with the largest keys into
 * year index y; afterwards state.upgraded marks the chosen. Returns the number. */
int ps_select_upgrades(const ps_model *m, ps_workspace *ws, int count, int y);

#endif
