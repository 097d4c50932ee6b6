/* bgen.h — internals of parksim-baseline shared between its files.
 *
 * parksim-baseline synthesises scenarios/data/zones-2015.tsv from the list of
 * national zones (national-zones-2015.csv) and the geography tables under
 * tools/baseline/data/. The work is one pipeline, each step in its file:
 *
 *   tables.c     read a '#'-commented TSV table with a fixed header
 *   geography.c  the tables under data/ -> bg_geo
 *   source.c     national-zones-2015.csv -> national zones (bg_zone)
 *   years.c      an earlier base year: the zones national by then
 *   classify.c   class and demonstration-zone membership of each zone
 *   draws.c      the random draws shared by both tiers
 *   fit.c        lognormal revenue quantiles (Brent) and exact rounding
 *   national.c   the national zones' synthetic 2015 state
 *   pool.c       the provincial pool
 *   write.c      the TSV
 *   check.c      read the written file back and check every target
 *   main.c       options, order of the steps, atomic replacement
 *
 * It is a program, not part of the library: on any error it prints
 * "parksim-baseline: ..." and exits 1 (bg_die). All state is in one bg_gen,
 * and every random draw comes from its generator, in a fixed order.
 */
#ifndef BG_BGEN_H
#define BG_BGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <gsl/gsl_rng.h>

#include "parksim/baseline.h"
#include "parksim/zone.h"
#include "targets.h"

/* ---- Failing ----------------------------------------------------------- */

/* Print "parksim-baseline: <message>" to stderr and exit 1. */
void bg_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* calloc that dies when out of memory; n = 0 allowed. */
void *bg_xcalloc(size_t n, size_t size);
/* Copy src into dst[n]; dies naming `what` if it does not fit. */
void bg_copy_str(char *dst, size_t n, const char *src, const char *what);

/* ---- Tables ------------------------------------------------------------ */

enum { BG_TABLE_MAX_COLS = 8 };

/* Called once per data row with its fields (in header order). */
typedef void bg_row_fn(void *ctx, char **field, const char *path, int line);

/* Read path: '#' lines and blank lines skipped, the first other line must be
 * exactly the tab-separated names cols[0..ncols), every later line has ncols
 * fields. Dies with "path:line: problem" on any error. */
void bg_table_read(const char *path, const char *const *cols, int ncols, bg_row_fn *fn, void *ctx);

/* ---- Geography (the tables in data/) -------------------------------  */

typedef struct bg_province {
    char name[32];
    ps_region region;
    int fixed;  /* known number of provincial zones; -1 if unknown */
    int weight; /* share of the rest of the pool; -1 = number of prefecture cities */
} bg_province;

typedef struct bg_city {
    char name[48];
    int province;    /* index into bg_geo.provinces */
    bool prefecture; /* prefecture-level city (else only a national zone's host) */
    bool pool;       /* may receive provincial zones without hosting a national one */
} bg_city;

typedef struct bg_named_zone {
    char name_zh[96];
    bool world_class;
    int demo_year; /* 0 = not in a demonstration zone */
} bg_named_zone;

typedef struct bg_alias {
    char prefix[96]; /* start of the source's city field */
    char city[48];
} bg_alias;

typedef struct bg_geo {
    bg_province *provinces;
    int n_provinces;
    bg_city *cities; /* per province in file order */
    int n_cities;
    int n_prefecture;
    bg_named_zone *named;
    int n_named;
    bg_alias *aliases;
    int n_aliases;
} bg_geo;

/* Read provinces.tsv, cities.tsv, named-zones.tsv and city-aliases.tsv from
 * dir into *geo; dies on any error. */
void bg_geo_load(bg_geo *geo, const char *dir);
void bg_geo_free(bg_geo *geo);
/* Index of the province named name, or -1. */
int bg_province_index(const bg_geo *geo, const char *name);
/* The row of city in province p, or NULL. */
const bg_city *bg_city_find(const bg_geo *geo, int p, const char *city);

/* ---- Work data --------------------------------------------------------- */

typedef struct bg_zone {
    ps_zone_base z;
    double revenue;
    double pub_revenue, pub_gdp; /* 0 when not published */
    int approved_eff;            /* approval year used for scoring */
    int covered;                 /* provincial: city hosts a national zone */
    int province;                /* index into geo.provinces */
} bg_zone;

typedef struct bg_gen {
    gsl_rng *rng;
    bg_geo geo;
    bg_zone *nat; /* national zones, CSV order, SIP included */
    int n_nat;
    bg_zone pool[BG_POOL_SIZE];
    const bg_year *yt; /* the base year's aggregates (BG_YEARS) */
    const char *imported; /* --provincial FILE, or NULL */
    int n_imported;       /* zones listed in it */
} bg_gen;

/* ---- Steps ------------------------------------------------------------- */

/* Append the zones of the source CSV at path to g->nat (ids 1, 2, ... in
 * source order), checking provinces, regions and cities against g->geo. */
void bg_source_read(bg_gen *g, const char *path);

/* Base year earlier than BG_BASE_YEAR: keep only the zones national by the
 * end of g->yt->year, their approval year from the source or, when unknown,
 * from DIR/unknown-approvals.tsv (which must list every such zone); then
 * the count must equal g->yt->n_zones. */
void bg_source_filter(bg_gen *g, const char *dir);

/* Set cls and demo of every national zone from g->geo's named zones. */
void bg_classify(bg_gen *g);

/* Random draws (from g->rng). */
double bg_lognoise(bg_gen *g, double sd);           /* exp(N(0, sd²)) */
double bg_draw_va(bg_gen *g, double mean);          /* Beta, clamped to [VA_MIN, VA_MAX] */
double bg_draw_built_share(bg_gen *g);              /* built / approved land */

/* The revenue grid: revenues T_REVENUE_LINE·exp(σ(z[k] − z_mid)). */
typedef struct bg_grid {
    const double *z; /* standard normal quantiles of the grid */
    int n;
    double z_mid;    /* quantile at which the revenue line falls */
    double target;   /* sum the grid must reach */
} bg_grid;
double bg_grid_sum(double sigma, const bg_grid *gp);
/* σ for which the grid sums to gp->target (GSL Brent, to 1e-14). */
double bg_fit_sigma(const bg_grid *gp);
/* Round x[0..n) to integers summing exactly to total (largest remainder). */
void bg_round_to_total(double *x, int n, double total);

typedef struct bg_nat_report {
    double sigma, mu, va_scale;
    int n_grid;
} bg_nat_report;
/* Synthesise the 2015 state of g->nat (prints a note per inconsistent
 * published pair). */
void bg_synth_national(bg_gen *g, bg_nat_report *rep);

typedef struct bg_pool_report {
    int *per_province;  /* n_provinces entries; free with free() */
    int uncovered;
    int covered_cities; /* prefecture-level cities hosting a national zone */
} bg_pool_report;
/* Synthesise g->pool, in pool order with ids from BG_POOL_FIRST_ID. */
void bg_synth_pool(bg_gen *g, bg_pool_report *rep);

/* Put the provincial zones listed in the TSV at path in place of synthetic
 * pool zones of their provinces, filling unknown figures from the zones
 * they replace (import.c). Returns how many were listed; stops the program
 * with "path:line: column: problem" on bad input. */
int bg_import_pool(bg_gen *g, const char *path);

/* Write the whole zones file; source is the CSV path (its base name is
 * recorded in the header). Write errors are left in ferror(f). */
void bg_write_file(FILE *f, const bg_gen *g, const char *source);

/* Load path with ps_baseline_load, print the realised aggregates and return
 * 1 if every target of yt is met to 1e-9 relative, else 0 (with a message). */
int bg_check_file(const char *path, const bg_year *yt);

#endif
