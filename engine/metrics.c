/* metrics.c — the static table behind include/parksim/metrics.h. */
#include "parksim/metrics.h"

#include <string.h>

static const ps_metric_info metric_table[PS_METRIC_COUNT] = {
#define PS_METRIC_INFO(id, name, unit, kind, lo, hi, bins) {name, unit, PS_HIST_##kind, lo, hi, bins},
    PS_METRIC_LIST(PS_METRIC_INFO)
#undef PS_METRIC_INFO
};

const ps_metric_info *ps_metric_get(ps_metric m) { return &metric_table[m]; }

int ps_metric_from_name(const char *name)
{
    for (int m = 0; m < PS_METRIC_COUNT; m++)
        if (strcmp(metric_table[m].name, name) == 0)
            return m;
    return -1;
}
