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

/* The metrics of one year (§3) into out[PS_METRIC_COUNT]. */
void ps_aggregate(const ps_model *m, const zone_state *state, const int *hosts, int upgrades, int demotions,
                  double base_productivity, double *out);

/* What ps_year_end reads and writes besides the states. */
typedef struct ps_year_end_io {
    int upgrades, demotions;   /* of the year (metrics) */
    double base_productivity;  /* m->base's labour productivity (metrics) */
    double *metrics;           /* the year's metrics (ps_aggregate), or NULL for none */
    year_context *next;        /* the next year's statistics, or NULL for none */
} ps_year_end_io;

/* One pass over the zones at the end of year index y (after its upgrades
 * and demotions; y = 0: the base year, whose upgrades are the zones
 * approved that year): hosts as ps_count_city_hosts, io->metrics as
 * ps_aggregate, res's zone flags of year y (zones.tsv) and its PS_PV_*
 * values by province, and io->next: the statistics of the year that starts
 * from these states (mean ln GDP per tier, §2.2; the eligible pool's mean
 * ln GDP and ln R&D intensity, §2.6), setting state[i].log_rd of every zone
 * ps_rank_zone will score (eligible zones, and national zones when
 * demotion is active). Every sum is added zone by zone in zone order. */
void ps_year_end(const ps_model *m, zone_state *state, int *hosts, int y, const ps_year_end_io *io,
                 ps_run_result *res);

/* m->base: the base-year metrics, shared by every run. Returns -1 out of memory. */
/* Base-year aggregates of the base-year states `state` into out (hosts:
 * scratch of n_cities + 1). */
void ps_base_aggregate(const ps_model *m, const zone_state *state, int *hosts, double *out);
/* m->base from m->initial. -1 out of memory. */
int ps_base_values(ps_model *m);

/* holds, first_met and met of res from its values (§3, targets). */
void ps_evaluate_targets(const ps_model *m, ps_run_result *res);

#endif
