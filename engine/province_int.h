/* province_int.h — the part of the province module that sees a run's zone
 * states (engine/province.c; public part include/parksim/province.h). */
#ifndef PARKSIM_PROVINCE_INT_H
#define PARKSIM_PROVINCE_INT_H
#include "parksim/province.h"

#include "model_int.h"

/* The PS_PV_* values of every province in year index y of r, made during
 * ps_year_end's pass over the zones: the year's values zeroed (returned),
 * each counted national zone added in zone order to its province's values
 * v (upgraded: 1 if it counts as upgraded into the year), then the cities
 * (hosts: national zones per city) and R&D intensities. */
double *ps_province_year_start(const ps_model *m, int y, ps_run_result *r);
static inline void ps_province_zone_add(double *v, double gdp, double rd, bool upgraded)
{
    v[PS_PV_ZONES] += 1;
    v[PS_PV_UPGRADES] += upgraded;
    v[PS_PV_GDP] += gdp;
    v[PS_PV_RD] += rd * gdp; /* R&D expenditure until divided by ps_province_year_finish */
}
void ps_province_year_finish(const ps_model *m, const int *hosts, double *year);

/* Among the n candidates (zone index order[c], key keys[c]), move the
 * best-keyed zones of each province with reserved approvals, at most
 * `count` in all, to the end of order/keys; returns how many were
 * reserved (engine/MODEL.md §2.6). */
int ps_province_reserve(const ps_model *m, size_t *order, double *keys, int n, int count);

#endif
