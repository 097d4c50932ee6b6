/* aggregate_int.h — what a year of the whole run adds up to: statistics
 * every zone's step needs, the metrics of a year over national zones, the
 * base-year values, and the targets (engine/MODEL.md §2.2, §3).
 * Implemented in engine/aggregate.c.
 */
#ifndef PARKSIM_AGGREGATE_INT_H
#define PARKSIM_AGGREGATE_INT_H

#include "model_int.h"

/* hosts[c] = number of national zones in city c (m->n_cities entries). */
void ps_count_city_hosts(const ps_model *m, const zone_state *state, int *hosts);

/* Year-t statistics: mean ln GDP per tier (§2.2) and the eligible pool's
 * mean ln GDP and ln R&D intensity (§2.6). Also sets state[i].log_rd for
 * every zone ps_rank_zone will score this year (eligible zones, and national
 * zones when demotion is active). */
void ps_year_statistics(const ps_model *m, zone_state *state, year_context *yc);

/* The metrics of one year (§3) into out[PS_METRIC_COUNT]. */
void ps_aggregate(const ps_model *m, const zone_state *state, const int *hosts, int upgrades, int demotions,
                  double base_productivity, double *out);

/* m->base: the base-year metrics, shared by every run. Returns -1 out of memory. */
/* Base-year aggregates of the base-year states `state` into out (hosts:
 * scratch of n_cities + 1). */
void ps_base_aggregate(const ps_model *m, const zone_state *state, int *hosts, double *out);
/* m->base from m->initial. -1 out of memory. */
int ps_base_values(ps_model *m);

/* holds, first_met and met of res from its values (§3, targets). */
void ps_evaluate_targets(const ps_model *m, ps_run_result *res);

#endif
