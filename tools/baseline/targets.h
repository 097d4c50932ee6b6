/* targets.h — every number parksim-baseline aims at or assumes.
 *
 * Each one is documented, with its source or the word "assumption", in
 * scenarios/data/README.md; change one here and the committed
 * zones-2015.tsv must be regenerated. Facts that are lists (provinces,
 * cities, named zones) are data files under tools/baseline/data/ instead.
 */
#ifndef BG_TARGETS_H
#define BG_TARGETS_H

#include "parksim/zone.h"

#define BG_SEED 20151231UL /* gsl_rng_taus2 seed: the base-year end date */
#define BG_BASE_YEAR 2015  /* the year of the zone list; the default --base-year */

/* National aggregates over the 146 zones, SIP excluded: the 2015 row of
 * BG_YEARS below. Revenue 253 700 亿, 63 zones over 1000 亿, employees
 * 1719 万 and new firms 19 万 are published (the plan); GDP 81 000 亿 is
 * published, secondary; enterprises 1 500 000 (new-firm share 12.7 %), KIS
 * 0.21 and land productivity 0.5 亿元/ha (5000 万元/ha) are assumptions; plot
 * ratio 1.00 is published (2014 evaluation); R&D 0.057 is 2014's 4000 亿 /
 * GDP ~7.0 万亿. */
static const double T_REVENUE_LINE = 1000.0;   /* 亿元 */

/* The aggregates of one base year (scenarios/data/README.md, "Earlier base
 * years"). The 2015 row holds the figures described above. An earlier year takes
 * what history-2009-2015.tsv publishes for it and derives the rest: counts
 * (employees, enterprises, new firms) scaled back by the growth of published
 * revenue from that year to 2015, ratios (R&D, KIS, plot ratio, land
 * productivity) held at their 2015 values, the pool's revenues scaled like
 * the national ones. Per-zone figures published for 2015 (Chengdu, Xi'an)
 * are not used for an earlier year; SIP's 2015 GDP is scaled back by the
 * growth of published GDP. */
typedef struct bg_year {
    int year;
    int n_zones;                     /* national zones, SIP excluded: published count */
    double revenue, gdp;             /* 亿元 */
    int over_1000;
    double employees, enterprises, new_firms; /* the latter two whole numbers */
    double rd, kis, plot_ratio, land_prod;
    double pool_revenue_scale;       /* on POOL_REV_MEDIAN and POOL_REV_MAX */
    double sip_gdp_scale;            /* on SIP's published 2015 GDP */
    int use_zone_figures;            /* per-zone published 2015 figures pinned */
} bg_year;

#define BG_R13 (203000.0 / 253700.0) /* published revenue 2013 / 2015 */
static const bg_year BG_YEARS[] = {
    {2015, 146, 253700.0, 81000.0, 63, 1719.0, 1500000.0, 190000.0, 0.057, 0.21, 1.00, 0.5,
     1.0, 1.0, 1},
    /* 2013: count, revenue, GDP (value added), zones over 1000 亿 published
     * (Xinhua 2014-08-02); employees 1719·r, enterprises 1 500 000·r and new
     * firms 190 000·r rounded to whole numbers, r = 203 000 / 253 700. */
    {2013, 114, 203000.0, 58000.0, 55, 1719.0 * BG_R13, 1200236.0, 152030.0, 0.057, 0.21, 1.00,
     0.5, BG_R13, 58000.0 / 81000.0, 0},
};
#define BG_N_YEARS ((int)(sizeof BG_YEARS / sizeof BG_YEARS[0]))

/* Per-zone spread (assumptions). */
static const double VA_MEAN = 0.32, VA_CONC = 20.0; /* Beta(mean*c, (1-mean)*c) */
static const double VA_MIN = 0.12, VA_MAX = 0.75;   /* clamp of the draw */
static const double SD_RD = 0.35, SD_PROD = 0.30, SD_KIS = 0.30, SD_ENT = 0.30;
static const double SD_NEWRATE = 0.25, SD_LANDQ = 0.35, SD_PLOT = 0.20;
static const double ENT_ELASTICITY = 0.85;      /* enterprises ~ GDP^0.85 */
static const double BUILT_LO = 0.60, BUILT_SPAN = 0.35, BUILT_A = 4, BUILT_B = 3;
                                                /* built/approved = 0.6+0.35*Beta(4,3), mean 0.8 */

/* Seniority score that orders the synthesised revenues. */
static const double SCORE_CLASS[PS_CLASS_COUNT] = {3.0, 1.5, 0.5, 0.0};
static const double SCORE_PER_YEAR = 0.04; /* per year as a national zone */
static const double SCORE_DEMO = 0.8;
static const double SCORE_REGION[PS_REGION_COUNT] = {0.3, 0.1, 0.0, 0.0};
static const double SCORE_NOISE = 0.7;
static const int UNKNOWN_APPROVAL_YEAR = 2012; /* for scoring zones with no known date */

/* Relative class factors applied before the aggregates are scaled exactly
 * (world_class, innovative, specialty, standard). */
static const double F_RD[PS_CLASS_COUNT] = {1.6, 1.1, 0.9, 0.8};
static const double F_PROD[PS_CLASS_COUNT] = {1.35, 1.05, 0.95, 0.9};
static const double F_KIS[PS_CLASS_COUNT] = {0.30, 0.22, 0.17, 0.15};
static const double F_ENT[PS_CLASS_COUNT] = {1.3, 1.0, 0.9, 0.85};
static const double F_NEWRATE[PS_CLASS_COUNT] = {1.2, 1.0, 0.95, 0.9};
static const double F_LANDQ[PS_CLASS_COUNT] = {1.6, 1.1, 0.85, 0.75};
static const double F_PLOT[PS_CLASS_COUNT] = {1.3, 1.0, 0.9, 0.85};
static const double F_DEMO_RD = 1.15, F_DEMO_KIS = 1.1, F_DEMO_NEWRATE = 1.1;

/* Provincial pool (all assumptions; the two known provinces are in
 * data/provinces.tsv). */
#define BG_POOL_SIZE 400
#define BG_POOL_FIRST_ID 1001
static const double POOL_REV_MEDIAN = 150.0; /* 亿元 */
static const double POOL_REV_MAX = 800.0;    /* top quantile of the 400 */
static const double POOL_UNCOVERED = 0.60;   /* share placed in cities without a national zone */
static const int POOL_MAX_PER_CITY = 3;      /* ... but at most this many per such city */
static const double POOL_VA_MEAN = 0.30;
static const double POOL_RD = 0.025, POOL_KIS = 0.15, POOL_PLOT = 0.80;
static const double POOL_PROD = 35.0;        /* 万元 per person */
static const double POOL_LAND_PROD = 0.30;   /* 亿元 per built ha */
static const double POOL_ENT_PER_GDP = 1500000.0 / 81000.0; /* national ΣE/ΣY, per 亿元 */
static const double POOL_NEW_RATE = 0.10;
static const double POOL_SCORE_REGION[PS_REGION_COUNT] = {0.4, 0.2, 0.0, 0.0};
static const double POOL_SCORE_COVERED = 0.2;

/* Class rule constants (the lists of named zones are in data/named-zones.tsv). */
#define BG_SPECIALTY_WORDS {"医药", "稀土", "农业", "钒钛"} /* an industry in the name */
#define BG_LARGEST_ZONE "中关村科技园区" /* pinned to the top synthesised revenue */

#endif
