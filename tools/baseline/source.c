/* source.c — read national-zones-2015.csv, the list of national zones.
 *
 * One row per zone (146 of end-2015 plus Suzhou Industrial Park), columns
 * found by name. Each zone's province, region and city are checked against
 * the geography tables, so a spelling that drifts in the source stops the
 * run instead of creating a new city. The published per-zone revenue and
 * GDP are kept for national.c to pin.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgen.h"

enum { CSV_MAX_FIELDS = 32 };

/* Split one CSV record (RFC 4180 quoting, no newlines inside fields) in
 * place. Returns the number of fields or -1 on a quoting error. */
static int csv_split(char *line, char **f, int max)
{
    int n = 0;
    char *r = line, *w = line;
    for (;;) {
        if (n == max)
            return -1;
        f[n++] = w;
        if (*r == '"') {
            r++;
            for (;;) {
                if (*r == '\0')
                    return -1;
                if (*r == '"' && r[1] == '"') {
                    *w++ = '"';
                    r += 2;
                } else if (*r == '"') {
                    r++;
                    break;
                } else {
                    *w++ = *r++;
                }
            }
            if (*r != ',' && *r != '\0')
                return -1;
        } else {
            while (*r != ',' && *r != '\0')
                *w++ = *r++;
        }
        int end = *r == '\0';
        *w++ = '\0';
        if (end)
            return n;
        r++;
    }
}

/* The prefecture-level city of a national zone's "city" field: an alias from
 * city-aliases.tsv wins; a bracketed part naming a province disambiguates
 * and is kept ("Taizhou (Jiangsu)"); any other bracketed part names a county
 * or district and is dropped ("Suzhou (Kunshan)" -> "Suzhou"). */
static void normalise_city(const bg_geo *geo, const char *raw, char *out, size_t n)
{
    for (int a = 0; a < geo->n_aliases; a++)
        if (strncmp(raw, geo->aliases[a].prefix, strlen(geo->aliases[a].prefix)) == 0) {
            bg_copy_str(out, n, geo->aliases[a].city, "city");
            return;
        }
    const char *open = strstr(raw, " (");
    if (!open) {
        bg_copy_str(out, n, raw, "city");
        return;
    }
    char inner[64];
    const char *close = strchr(open, ')');
    size_t k = close ? (size_t)(close - open - 2) : 0;
    if (close && k < sizeof inner) {
        memcpy(inner, open + 2, k);
        inner[k] = '\0';
        if (bg_province_index(geo, inner) >= 0) {
            bg_copy_str(out, n, raw, "city");
            return;
        }
    }
    k = (size_t)(open - raw);
    if (k >= n)
        bg_die("city too long: '%s'", raw);
    memcpy(out, raw, k);
    out[k] = '\0';
}

static double parse_opt_number(const char *s, int line, const char *col)
{
    if (s[0] == '\0')
        return 0;
    char *end;
    double x = strtod(s, &end);
    if (*end != '\0' || !(x > 0) || !isfinite(x))
        bg_die("source line %d: %s: expected a positive number, found '%s'", line, col, s);
    return x;
}

static const char *const need[] = {"name_zh", "name_en", "province", "city", "region",
                                   "approved_year", "suzhou_industrial_park",
                                   "revenue_2015_yi", "gdp_2015_yi", "employees_2015_wan"};
enum { C_ZH, C_EN, C_PROV, C_CITY, C_REGION, C_YEAR, C_SIP, C_REV, C_GDP, C_EMP, C_N };

/* Fill one zone from a data row; col[] maps need[] to field numbers. */
static void read_zone(bg_gen *g, bg_zone *gz, char **fld, const int *col, const char *path,
                      int lineno)
{
    memset(gz, 0, sizeof *gz);
    ps_zone_base *z = &gz->z;
    z->id = g->n_nat;
    bg_copy_str(z->name, sizeof z->name, fld[col[C_EN]], "name_en");
    bg_copy_str(z->name_zh, sizeof z->name_zh, fld[col[C_ZH]], "name_zh");
    bg_copy_str(z->province, sizeof z->province, fld[col[C_PROV]], "province");
    normalise_city(&g->geo, fld[col[C_CITY]], z->city, sizeof z->city);
    int p = bg_province_index(&g->geo, z->province);
    if (p < 0)
        bg_die("%s:%d: unknown province '%s'", path, lineno, z->province);
    gz->province = p;
    int r = ps_region_from_name(fld[col[C_REGION]]);
    if (r < 0 || (ps_region)r != g->geo.provinces[p].region)
        bg_die("%s:%d: region '%s' does not match province %s", path, lineno, fld[col[C_REGION]],
               z->province);
    z->region = (ps_region)r;
    /* Municipalities have no cities: a zone there names the municipality. */
    if (!bg_city_find(&g->geo, p, z->city) && strcmp(z->city, z->province) != 0)
        bg_die("%s:%d: city '%s' is not a known prefecture-level city of %s", path, lineno,
               z->city, z->province);
    z->tier = PS_TIER_NATIONAL;
    const char *y = fld[col[C_YEAR]];
    z->approved = y[0] ? atoi(y) : 0;
    if (y[0] && (z->approved < 1980 || z->approved > BG_BASE_YEAR))
        bg_die("%s:%d: bad approved_year '%s'", path, lineno, y);
    gz->approved_eff = z->approved ? z->approved : UNKNOWN_APPROVAL_YEAR;
    z->sip = strcmp(fld[col[C_SIP]], "1") == 0;
    gz->pub_revenue = parse_opt_number(fld[col[C_REV]], lineno, need[C_REV]);
    gz->pub_gdp = parse_opt_number(fld[col[C_GDP]], lineno, need[C_GDP]);
    if (parse_opt_number(fld[col[C_EMP]], lineno, need[C_EMP]) > 0)
        bg_die("%s:%d: published employees are not supported yet", path, lineno);
}

void bg_source_read(bg_gen *g, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        bg_die("%s: %s", path, strerror(errno));
    int col[C_N];
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int lineno = 0, cap_z = 0;
    char *fld[CSV_MAX_FIELDS];
    int nf_header = 0;
    while ((len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0)
            continue;
        int nf = csv_split(line, fld, CSV_MAX_FIELDS);
        if (nf < 0)
            bg_die("%s:%d: bad CSV quoting", path, lineno);
        if (!nf_header) {
            for (int c = 0; c < C_N; c++) {
                col[c] = -1;
                for (int i = 0; i < nf; i++)
                    if (strcmp(fld[i], need[c]) == 0)
                        col[c] = i;
                if (col[c] < 0)
                    bg_die("%s: missing column %s", path, need[c]);
            }
            nf_header = nf;
            continue;
        }
        if (nf != nf_header)
            bg_die("%s:%d: %d fields, header has %d", path, lineno, nf, nf_header);
        if (g->n_nat == cap_z) {
            cap_z = cap_z ? 2 * cap_z : 256;
            bg_zone *nz = realloc(g->nat, (size_t)cap_z * sizeof *nz);
            if (!nz)
                bg_die("out of memory");
            g->nat = nz;
        }
        g->n_nat++;
        read_zone(g, &g->nat[g->n_nat - 1], fld, col, path, lineno);
    }
    if (ferror(f))
        bg_die("%s: read error", path);
    free(line);
    fclose(f);
    if (g->n_nat == 0)
        bg_die("%s: no zones", path);
}
