/* import.c — a real list of provincial zones in place of synthetic ones
 * (parksim-baseline --provincial FILE; scenarios/data/README.md, "A real
 * provincial list").
 *
 * FILE is a TSV with `#` comment lines, then a header naming its columns
 * (any order): name, province, city (required); name_zh, gdp, revenue
 * (亿元), employees (万 persons) (optional; a cell may be empty or `-` when
 * unknown). The pool is first synthesised exactly as without FILE (same
 * seed, same draws, same order); then the k-th listed zone of a province
 * takes the place (id, pool position) of the province's k-th synthetic
 * zone in pool order, with its own name, Chinese name and city. Its known
 * figures replace the synthetic ones; what is unknown is filled from the
 * zone it replaces, so the result is as reproducible as before:
 *   gdp and revenue known: va = gdp / revenue; only gdp: va kept (revenue
 *   follows); only revenue: gdp = va · revenue; employees known:
 *   productivity = gdp / employees, else productivity kept;
 *   the quantities that scale with size keep their ratio to GDP: land
 *   (built and approved) in proportion, enterprises and new firms as
 *   GDP^ENT_ELASTICITY (as they were drawn), rounded;
 *   R&D intensity, services share, plot ratio: kept.
 * The zone's `published` bits say `name` plus each figure given. Errors
 * name FILE, line and column and stop the program (exit 1, nothing
 * written).
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgen.h"

enum { COL_NAME, COL_NAME_ZH, COL_PROVINCE, COL_CITY, COL_GDP, COL_REVENUE, COL_EMPLOYEES, COL_N };
static const char *const COLS[COL_N] = {"name", "name_zh", "province", "city", "gdp", "revenue", "employees"};

static void die_at(const char *path, int line, const char *col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void die_at(const char *path, int line, const char *col, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (col)
        bg_die("%s:%d: %s: %s", path, line, col, msg);
    bg_die("%s:%d: %s", path, line, msg);
}

/* A known positive figure, or NAN for an empty cell or '-'. */
static double figure(const char *s, const char *path, int line, const char *col, double hi)
{
    if (!s || !*s || strcmp(s, "-") == 0)
        return NAN;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || !(v > 0) || v > hi)
        die_at(path, line, col, "expected a number in (0, %g] or '-' (unknown), found '%s'", hi, s);
    return v;
}

static int split(char *line, char **f, int max)
{
    int n = 0;
    for (char *p = line;; n++) {
        char *tab = strchr(p, '\t');
        if (n < max)
            f[n] = p;
        if (!tab)
            return n + 1;
        *tab = '\0';
        p = tab + 1;
    }
}

static bool printable_ascii(const char *s)
{
    for (; *s; s++)
        if (*s < 0x20 || *s > 0x7e)
            return false;
    return true;
}

/* The figures of a synthetic pool zone replaced by a listed one. */
static void fill(ps_zone_base *z, double gdp, double revenue, double employees, const char *path, int line)
{
    double g0 = z->gdp;
    if (!isnan(gdp) && !isnan(revenue)) {
        if (gdp > revenue)
            die_at(path, line, "gdp", "GDP %g above revenue %g (value added is part of revenue)", gdp, revenue);
        z->gdp = gdp, z->va_ratio = gdp / revenue;
    } else if (!isnan(gdp)) {
        z->gdp = gdp;
    } else if (!isnan(revenue)) {
        z->gdp = z->va_ratio * revenue;
    }
    if (!isnan(employees))
        z->productivity = z->gdp / employees;
    double s = z->gdp / g0, se = pow(s, ENT_ELASTICITY);
    z->land_built *= s;
    z->land_approved *= s;
    z->enterprises = fmax(1, round(z->enterprises * se));
    z->new_firms = fmin(z->enterprises, round(z->new_firms * se));
    z->published = PS_FIELD_NAME | (isnan(gdp) ? 0 : PS_FIELD_GDP) | (isnan(revenue) ? 0 : PS_FIELD_REVENUE) |
                   (isnan(employees) ? 0 : PS_FIELD_EMPLOYEES);
}

int bg_import_pool(bg_gen *g, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        bg_die("%s: %s", path, strerror(errno));
    int col[COL_N], np = g->geo.n_provinces, imported = 0;
    int *taken = bg_xcalloc((size_t)np, sizeof *taken); /* listed zones so far, per province */
    bool header = false;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    for (int lineno = 1; (len = getline(&line, &cap, f)) >= 0; lineno++) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (line[0] == '#' || len == 0)
            continue;
        char *fl[32];
        int n = split(line, fl, 32);
        if (n > 32)
            die_at(path, lineno, NULL, "more than 32 columns");
        if (!header) {
            for (int c = 0; c < COL_N; c++)
                col[c] = -1;
            for (int k = 0; k < n; k++) {
                int c = 0;
                while (c < COL_N && strcmp(fl[k], COLS[c]) != 0)
                    c++;
                if (c == COL_N)
                    die_at(path, lineno, NULL, "unknown column '%s' (known: name, name_zh, province, city, gdp, "
                           "revenue, employees)", fl[k]);
                if (col[c] >= 0)
                    die_at(path, lineno, NULL, "column '%s' twice", fl[k]);
                col[c] = k;
            }
            for (int c = COL_NAME; c <= COL_CITY; c++)
                if (c != COL_NAME_ZH && col[c] < 0)
                    die_at(path, lineno, NULL, "no column '%s' (name, province and city are required)", COLS[c]);
            header = true;
            continue;
        }
        const char *v[COL_N];
        for (int c = 0; c < COL_N; c++)
            v[c] = col[c] < 0 ? NULL : col[c] < n ? fl[col[c]] : "";
        for (int c = COL_NAME; c <= COL_CITY; c++)
            if (c != COL_NAME_ZH && !*v[c])
                die_at(path, lineno, COLS[c], "empty field");
        if (!printable_ascii(v[COL_NAME]) || strlen(v[COL_NAME]) >= sizeof g->pool[0].z.name)
            die_at(path, lineno, "name", "expected printable ASCII under %zu bytes, found '%s'",
                   sizeof g->pool[0].z.name, v[COL_NAME]);
        if (v[COL_NAME_ZH] && strlen(v[COL_NAME_ZH]) >= sizeof g->pool[0].z.name_zh)
            die_at(path, lineno, "name_zh", "longer than %zu bytes", sizeof g->pool[0].z.name_zh - 1);
        int p = bg_province_index(&g->geo, v[COL_PROVINCE]);
        if (p < 0)
            die_at(path, lineno, "province", "'%s' is not a province of provinces.tsv", v[COL_PROVINCE]);
        const bg_city *city = bg_city_find(&g->geo, p, v[COL_CITY]);
        bool municipality = strcmp(v[COL_CITY], v[COL_PROVINCE]) == 0;
        if (!city && !municipality)
            die_at(path, lineno, "city", "'%s' is not a city of %s in cities.tsv", v[COL_CITY], v[COL_PROVINCE]);
        for (int i = 0; i < BG_POOL_SIZE; i++)
            if (g->pool[i].z.published & PS_FIELD_NAME && strcmp(g->pool[i].z.name, v[COL_NAME]) == 0)
                die_at(path, lineno, "name", "'%s' listed twice", v[COL_NAME]);
        double gdp = figure(v[COL_GDP], path, lineno, "gdp", 1e6);
        double revenue = figure(v[COL_REVENUE], path, lineno, "revenue", 1e7);
        double employees = figure(v[COL_EMPLOYEES], path, lineno, "employees", 1e4);
        /* the province's next synthetic zone in pool order */
        int slot = -1;
        for (int i = 0, k = 0; i < BG_POOL_SIZE && slot < 0; i++)
            if (g->pool[i].province == p && k++ == taken[p])
                slot = i;
        if (slot < 0)
            die_at(path, lineno, "province", "more zones of %s than the pool holds for it (%d); give %s a "
                   "pool_fixed of at least %d in a copy of provinces.tsv (--data)",
                   v[COL_PROVINCE], taken[p], v[COL_PROVINCE], taken[p] + 1);
        taken[p]++;
        ps_zone_base *z = &g->pool[slot].z;
        bg_copy_str(z->name, sizeof z->name, v[COL_NAME], "name");
        bg_copy_str(z->name_zh, sizeof z->name_zh, v[COL_NAME_ZH] && strcmp(v[COL_NAME_ZH], "-") != 0
                                                        ? v[COL_NAME_ZH] : "", "name_zh");
        bg_copy_str(z->city, sizeof z->city, v[COL_CITY], "city");
        fill(z, gdp, revenue, employees, path, lineno);
        imported++;
    }
    free(line);
    free(taken);
    if (ferror(f))
        bg_die("%s: read error", path);
    fclose(f);
    if (!header)
        bg_die("%s: no header line (name, province, city, ...)", path);
    return imported;
}
