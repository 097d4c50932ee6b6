/* geography.c — the facts parksim-baseline reads from tools/baseline/data/.
 *
 * Provinces (region, pool rule), their prefecture-level cities of 2015, the
 * national zones singled out by name and the source's city aliases are
 * lists with sources, not code: they live in '#'-documented TSV files so
 * they can be checked and corrected without touching the generator. The
 * order of provinces and of cities within a province is kept: the pool is
 * built and drawn in that order, so it is part of the data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgen.h"

/* Make room for element n of arr (elements of `size` bytes): the capacity
 * is the smallest power of two above n, so it doubles when n reaches one. */
static void *grow(void *arr, int n, size_t size)
{
    if (n != 0 && (n & (n - 1)) != 0)
        return arr;
    void *p = realloc(arr, (size_t)(n ? 2 * n : 1) * size);
    if (!p)
        bg_die("out of memory");
    return p;
}

/* A whole number in [lo, hi]. */
static int parse_int(const char *s, int lo, int hi, const char *path, int line, const char *col)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*end != '\0' || end == s || v < lo || v > hi)
        bg_die("%s:%d: %s: expected a whole number in [%d, %d], found '%s'", path, line, col, lo,
               hi, s);
    return (int)v;
}

static bool parse_flag(const char *s, const char *path, int line, const char *col)
{
    return parse_int(s, 0, 1, path, line, col) == 1;
}

static void province_row(void *ctx, char **f, const char *path, int line)
{
    bg_geo *geo = ctx;
    if (bg_province_index(geo, f[0]) >= 0)
        bg_die("%s:%d: province %s listed twice", path, line, f[0]);
    geo->provinces = grow(geo->provinces, geo->n_provinces, sizeof *geo->provinces);
    bg_province *p = &geo->provinces[geo->n_provinces];
    memset(p, 0, sizeof *p);
    bg_copy_str(p->name, sizeof p->name, f[0], "province");
    int r = ps_region_from_name(f[1]);
    if (r < 0)
        bg_die("%s:%d: region: unknown region '%s'", path, line, f[1]);
    p->region = (ps_region)r;
    int fixed_known = strcmp(f[2], "-") != 0;
    p->fixed = fixed_known ? parse_int(f[2], 0, BG_POOL_SIZE, path, line, "pool_fixed") : -1;
    if (fixed_known) {
        if (strcmp(f[3], "-") != 0)
            bg_die("%s:%d: pool_weight: must be '-' when pool_fixed is given", path, line);
        p->weight = 0;
    } else if (strcmp(f[3], "cities") == 0) {
        p->weight = -1;
    } else {
        p->weight = parse_int(f[3], 0, 1000, path, line, "pool_weight");
    }
    geo->n_provinces++;
}

static void city_row(void *ctx, char **f, const char *path, int line)
{
    bg_geo *geo = ctx;
    int p = bg_province_index(geo, f[0]);
    if (p < 0)
        bg_die("%s:%d: province: '%s' is not in provinces.tsv", path, line, f[0]);
    if (bg_city_find(geo, p, f[1]))
        bg_die("%s:%d: city %s listed twice in %s", path, line, f[1], f[0]);
    geo->cities = grow(geo->cities, geo->n_cities, sizeof *geo->cities);
    bg_city *c = &geo->cities[geo->n_cities];
    memset(c, 0, sizeof *c);
    bg_copy_str(c->name, sizeof c->name, f[1], "city");
    c->province = p;
    c->prefecture = parse_flag(f[2], path, line, "prefecture");
    c->pool = parse_flag(f[3], path, line, "pool");
    if (c->pool && !c->prefecture)
        bg_die("%s:%d: pool: only a prefecture-level city can take provincial zones", path, line);
    geo->n_prefecture += c->prefecture;
    geo->n_cities++;
}

static void named_row(void *ctx, char **f, const char *path, int line)
{
    bg_geo *geo = ctx;
    for (int i = 0; i < geo->n_named; i++)
        if (strcmp(geo->named[i].name_zh, f[0]) == 0)
            bg_die("%s:%d: zone %s listed twice", path, line, f[0]);
    geo->named = grow(geo->named, geo->n_named, sizeof *geo->named);
    bg_named_zone *z = &geo->named[geo->n_named];
    memset(z, 0, sizeof *z);
    bg_copy_str(z->name_zh, sizeof z->name_zh, f[0], "name_zh");
    z->world_class = parse_flag(f[1], path, line, "world_class");
    z->demo_year = strcmp(f[2], "0") == 0 ? 0 : parse_int(f[2], 1980, 2100, path, line, "demo_year");
    geo->n_named++;
}

static void alias_row(void *ctx, char **f, const char *path, int line)
{
    (void)path;
    (void)line;
    bg_geo *geo = ctx;
    geo->aliases = grow(geo->aliases, geo->n_aliases, sizeof *geo->aliases);
    bg_alias *a = &geo->aliases[geo->n_aliases];
    bg_copy_str(a->prefix, sizeof a->prefix, f[0], "source_prefix");
    bg_copy_str(a->city, sizeof a->city, f[1], "city");
    geo->n_aliases++;
}

static void read_table(bg_geo *geo, const char *dir, const char *name, const char *const *cols,
                       int ncols, bg_row_fn *fn)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = bg_xcalloc(n, 1);
    snprintf(path, n, "%s/%s", dir, name);
    bg_table_read(path, cols, ncols, fn, geo);
    free(path);
}

void bg_geo_load(bg_geo *geo, const char *dir)
{
    static const char *const prov_cols[] = {"province", "region", "pool_fixed", "pool_weight"};
    static const char *const city_cols[] = {"province", "city", "prefecture", "pool"};
    static const char *const named_cols[] = {"name_zh", "world_class", "demo_year"};
    static const char *const alias_cols[] = {"source_prefix", "city"};
    memset(geo, 0, sizeof *geo);
    read_table(geo, dir, "provinces.tsv", prov_cols, 4, province_row);
    read_table(geo, dir, "cities.tsv", city_cols, 4, city_row);
    read_table(geo, dir, "named-zones.tsv", named_cols, 3, named_row);
    read_table(geo, dir, "city-aliases.tsv", alias_cols, 2, alias_row);
    if (geo->n_provinces == 0)
        bg_die("%s/provinces.tsv: no provinces", dir);
}

void bg_geo_free(bg_geo *geo)
{
    free(geo->provinces);
    free(geo->cities);
    free(geo->named);
    free(geo->aliases);
    memset(geo, 0, sizeof *geo);
}

int bg_province_index(const bg_geo *geo, const char *name)
{
    for (int p = 0; p < geo->n_provinces; p++)
        if (strcmp(geo->provinces[p].name, name) == 0)
            return p;
    return -1;
}

const bg_city *bg_city_find(const bg_geo *geo, int p, const char *city)
{
    for (int c = 0; c < geo->n_cities; c++)
        if (geo->cities[c].province == p && strcmp(geo->cities[c].name, city) == 0)
            return &geo->cities[c];
    return NULL;
}
