/* baseline.h — the zones as they stood at the end of the base year.
 *
 * A baseline is read from one TSV file (scenarios/data/zones-2015.tsv; the
 * format is described in scenarios/data/README.md): every national zone of
 * the base year and the pool of provincial zones that can be upgraded, each
 * with its base-year state. The file is validated as it is read: a missing or
 * non-numeric field, an unknown region/class/tier or a value out of range is
 * reported with file, line (physical line of the file) and column name.
 *
 * A ps_baseline is immutable after loading and may be shared by any number of
 * threads.
 */
#ifndef PARKSIM_BASELINE_H
#define PARKSIM_BASELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "parksim/error.h"
#include "parksim/zone.h"

typedef struct ps_zone_base {
    int id;              /* unique, as in the file */
    char name[96];       /* English name (ASCII) */
    char name_zh[96];    /* Chinese name (UTF-8), may be "" for synthetic zones */
    char province[32];
    char city[48];       /* prefecture-level city; key for city coverage */
    ps_region region;
    ps_tier tier;        /* tier in the base year */
    ps_class cls;
    bool demo;           /* member of a national independent innovation demonstration zone */
    bool sip;            /* Suzhou Industrial Park (the plan's "+1") */
    int approved;        /* year of national approval; 0 if unknown or provincial */
    double gdp;          /* Y, 亿元 */
    double va_ratio;     /* v = Y / revenue */
    double rd_intensity; /* ρ = R&D expenditure / Y */
    double productivity; /* p = Y / employees, 万元 per person */
    double enterprises;  /* E, count */
    double new_firms;    /* N, enterprises newly registered in the base year */
    double kis_share;    /* k, knowledge-intensive services share of Y */
    double land_approved;/* A, ha */
    double land_built;   /* B, ha */
    double plot_ratio;   /* φ */
    unsigned published;  /* bit set of PS_FIELD_* read from a published source */
} ps_zone_base;

/* Bits of ps_zone_base.published. */
enum {
    PS_FIELD_GDP = 1u << 0,
    PS_FIELD_REVENUE = 1u << 1,
    PS_FIELD_EMPLOYEES = 1u << 2,
    PS_FIELD_NAME = 1u << 3 /* the zone itself (name, city) is on a published list */
};

typedef struct ps_baseline {
    char path[512];
    int year;            /* base year, from the "# base_year=YYYY" directive */
    int n_zones;
    ps_zone_base *zones; /* national zones first, then provincial pool in pool order */
    int n_national;      /* zones with tier national (SIP included) */
    int n_provincial;
    char *bytes;         /* the file exactly as read (NUL-terminated), for the scenario hash */
    size_t n_bytes;      /* its size, without that NUL */
} ps_baseline;

/* Read path into *out (keeping its bytes in out->bytes). On failure *out
 * is left empty (safe to free) and err names file, line and column. */
int ps_baseline_load(const char *path, ps_baseline *out, ps_error *err);

/* Release memory. Safe on a zeroed or already freed baseline. */
void ps_baseline_free(ps_baseline *b);

#endif
