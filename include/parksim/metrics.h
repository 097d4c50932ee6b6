/* metrics.h — the aggregate metrics reported for every year.
 *
 * All aggregates are over national zones only (Suzhou Industrial Park is
 * counted only when the scenario sets run.include_sip). The X-macro list
 * gives, per metric: enum id, name used in files, unit, and the histogram
 * used for its quantiles: LIN(lo, hi, bins) for bounded metrics, LOG(bins)
 * for positive scale metrics (bins log-spaced from base/50 to base*50, where
 * base is the metric's base-year value).
 */
#ifndef PARKSIM_METRICS_H
#define PARKSIM_METRICS_H

#define PS_METRIC_LIST(X)                                                                   \
    X(PS_M_NATIONAL_ZONES, "national_zones", "zones", COUNT, 0, 4000, 4000)                 \
    X(PS_M_ZONES_EAST, "national_zones_east", "zones", COUNT, 0, 2000, 2000)                \
    X(PS_M_ZONES_CENTRAL, "national_zones_central", "zones", COUNT, 0, 2000, 2000)          \
    X(PS_M_ZONES_WEST, "national_zones_west", "zones", COUNT, 0, 2000, 2000)                \
    X(PS_M_ZONES_NORTHEAST, "national_zones_northeast", "zones", COUNT, 0, 2000, 2000)      \
    X(PS_M_UPGRADES, "upgrades", "zones/yr", COUNT, 0, 2000, 2000)                          \
    X(PS_M_DEMOTIONS, "demotions", "zones/yr", COUNT, 0, 2000, 2000)                        \
    X(PS_M_GDP, "gdp", "1e8 CNY", LOG, 0, 0, 4000)                                          \
    X(PS_M_GDP_EAST, "gdp_east", "1e8 CNY", LOG, 0, 0, 4000)                                \
    X(PS_M_GDP_CENTRAL, "gdp_central", "1e8 CNY", LOG, 0, 0, 4000)                          \
    X(PS_M_GDP_WEST, "gdp_west", "1e8 CNY", LOG, 0, 0, 4000)                                \
    X(PS_M_GDP_NORTHEAST, "gdp_northeast", "1e8 CNY", LOG, 0, 0, 4000)                      \
    X(PS_M_REVENUE, "revenue", "1e8 CNY", LOG, 0, 0, 4000)                                  \
    X(PS_M_ZONES_OVER_1000, "zones_revenue_over_1000", "zones", COUNT, 0, 2000, 2000)       \
    X(PS_M_RD_EXPENDITURE, "rd_expenditure", "1e8 CNY", LOG, 0, 0, 4000)                    \
    X(PS_M_RD_INTENSITY, "rd_intensity", "share of GDP", LIN, 0, 0.25, 5000)                \
    X(PS_M_RD_INTENSITY_EAST, "rd_intensity_east", "share of GDP", LIN, 0, 0.25, 5000)      \
    X(PS_M_RD_INTENSITY_CENTRAL, "rd_intensity_central", "share of GDP", LIN, 0, 0.25, 5000) \
    X(PS_M_RD_INTENSITY_WEST, "rd_intensity_west", "share of GDP", LIN, 0, 0.25, 5000)      \
    X(PS_M_RD_INTENSITY_NORTHEAST, "rd_intensity_northeast", "share of GDP", LIN, 0, 0.25, 5000) \
    X(PS_M_EMPLOYEES, "employees", "1e4 persons", LOG, 0, 0, 4000)                          \
    X(PS_M_LABOUR_PRODUCTIVITY, "labour_productivity", "1e4 CNY/person", LOG, 0, 0, 4000)   \
    X(PS_M_PRODUCTIVITY_GROWTH, "productivity_growth", "share since base year", LIN, -1, 9, 10000) \
    X(PS_M_ENTERPRISES, "enterprises", "firms", LOG, 0, 0, 4000)                            \
    X(PS_M_NEW_FIRMS, "new_firms", "firms/yr", LOG, 0, 0, 4000)                             \
    X(PS_M_NEW_FIRM_SHARE, "new_firm_share", "share of firms", LIN, 0, 1, 10000)            \
    X(PS_M_KIS_SHARE, "kis_share", "share of GDP", LIN, 0, 1, 10000)                        \
    X(PS_M_BUILT_LAND, "built_land", "ha", LOG, 0, 0, 4000)                                 \
    X(PS_M_PLOT_RATIO, "plot_ratio", "floor area/land area", LIN, 0, 10, 10000)             \
    X(PS_M_LAND_PRODUCTIVITY, "land_productivity", "1e4 CNY/ha", LOG, 0, 0, 4000)           \
    X(PS_M_LAND_LIMITED, "land_limited_zones", "zones", COUNT, 0, 2000, 2000)               \
    X(PS_M_CITY_COVERAGE, "city_coverage", "share of prefecture cities", LIN, 0, 1, 10000)

typedef enum ps_metric {
#define PS_METRIC_ENUM(id, name, unit, kind, lo, hi, bins) id,
    PS_METRIC_LIST(PS_METRIC_ENUM)
#undef PS_METRIC_ENUM
    PS_METRIC_COUNT
} ps_metric;

typedef enum ps_hist_kind { PS_HIST_COUNT, PS_HIST_LIN, PS_HIST_LOG } ps_hist_kind;

typedef struct ps_metric_info {
    const char *name;
    const char *unit;
    ps_hist_kind kind; /* COUNT: unit-wide bins centred on integers lo..hi-1 */
    double lo, hi;     /* histogram range for COUNT and LIN */
    int bins;
} ps_metric_info;

/* Static description of metric m (m must be < PS_METRIC_COUNT). */
const ps_metric_info *ps_metric_get(ps_metric m);

/* Metric with that name, or -1. */
int ps_metric_from_name(const char *name);

#endif
