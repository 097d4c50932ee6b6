/* province.c — provinces in the model: the province of each zone, the
 * settings by province, a run's values by province, their accumulation
 * over runs and provinces.tsv (contract in include/parksim/province.h;
 * the model: engine/MODEL.md §2.2, §2.6, §3a).
 *
 * Accumulation is exact and order-free, so the result does not depend on
 * how runs are split between threads, ranks or shards: counts (zones,
 * upgrades, cities) in one histogram bin per integer; GDP and R&D intensity
 * in fixed bins (GDP: 1000 log bins from 1/1000 to 20 times the province's
 * base-year GDP of zones in play, about 1 % wide; R&D intensity: 1000 bins
 * on [0, 0.25], 0.025 point wide) for quantiles, and for the mean a sum of
 * fixed-point values (GDP in units of 10^-4 亿元, R&D intensity in units
 * of 10^-9) kept as two whole-number doubles (high and low 26 bits), exact
 * up to 2^27 runs.
 */
#include "province_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_math.h>

#include "parksim/output.h"

/* Histograms and fixed-point sums of the accumulation (see the top). */
enum { GDP_BINS = 1000, RD_BINS = 1000 };
#define RD_HI 0.25
#define GDP_QUANTUM 1e4 /* per 亿元 */
#define RD_QUANTUM 1e9
#define SPLIT 67108864.0 /* 2^26 */

/* ---- the table ---------------------------------------------------------- */

static int find_name(const ps_province_table *t, const char *name)
{
    for (int p = 0; p < t->n; p++)
        if (strcmp(t->name[p], name) == 0)
            return p;
    return -1;
}

static int cmp_names(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }

void ps_province_table_free(ps_province_table *t)
{
    if (!t)
        return;
    free(t->name);
    free(t->of_zone);
    free(t->n_zones);
    free(t->n_cities);
    free(t->of_city);
    free(t->gdp_scale);
    free(t->zone_effect);
    free(t->log_weight);
    free(t->reserved);
    free(t->target);
    free(t->counted);
    if (t->gdp_bins)
        for (int k = 0; k < t->n_gdp_bins; k++)
            ps_logbin_free(&t->gdp_bins[k]);
    free(t->gdp_bins);
    free(t->gdp_bins_of);
    memset(t, 0, sizeof *t);
}

/* Index of each province a setting names, into out[]; error if missing. */
static int resolve(const ps_province_table *t, const ps_province_values *pv, const char *path, int *out,
                   const ps_scenario *sc, ps_error *err)
{
    for (int i = 0; i < pv->n; i++)
        if ((out[i] = find_name(t, pv->name[i])) < 0)
            return ps_error_set(err, PS_ERR_MISMATCH, sc->path, 0, path, "province '%s' is not in data file %s",
                                pv->name[i], sc->run.data);
    return PS_OK;
}

/* The GDP histogram of province p: GDP_BINS log bins on [lo, hi). */
static void gdp_range(const ps_province_table *t, int p, double *lo, double *hi)
{
    double scale = t->gdp_scale[p] > 0 ? t->gdp_scale[p] : 1;
    *lo = scale / 1000;
    *hi = scale * 20;
}

/* The bin coordinate of x / lo in a GDP histogram: f * bins, f =
 * ln(x / lo) / ln(hi / lo) (*ctx), as add_continuous drew it. */
static double gdp_coord(const void *ctx, double r) { return log(r) / *(const double *)ctx * (double)GDP_BINS; }

static int gdp_bins_init(ps_province_table *t)
{
    size_t np = (size_t)(t->n > 0 ? t->n : 1);
    double *spans = malloc(sizeof *spans * np);
    t->gdp_bins = calloc(np, sizeof *t->gdp_bins);
    t->gdp_bins_of = malloc(sizeof *t->gdp_bins_of * np);
    int status = spans && t->gdp_bins && t->gdp_bins_of ? 0 : -1;
    for (int p = 0; status == 0 && p < t->n; p++) {
        double lo, hi;
        gdp_range(t, p, &lo, &hi);
        double span = log(hi / lo);
        int k = 0;
        while (k < t->n_gdp_bins && memcmp(&spans[k], &span, sizeof span) != 0) /* the same coordinate */
            k++;
        if (k == t->n_gdp_bins) {
            spans[k] = span;
            status = ps_logbin_init(&t->gdp_bins[k], GDP_BINS, 0, GDP_BINS / span, gdp_coord, &span);
            t->n_gdp_bins += status == 0;
        }
        t->gdp_bins_of[p] = k;
    }
    free(spans);
    return status;
}

int ps_province_table_init(ps_province_table *t, const ps_scenario *sc, const ps_baseline *bl,
                           const ps_zone_base *const *zones, int n_zones, const int *city, int n_cities,
                           ps_error *err)
{
    memset(t, 0, sizeof *t);
    size_t nz = (size_t)(n_zones > 0 ? n_zones : 1), nc = (size_t)(n_cities > 0 ? n_cities : 1);
    t->name = malloc(sizeof *t->name * (size_t)(bl->n_zones > 0 ? bl->n_zones : 1));
    t->of_zone = malloc(sizeof *t->of_zone * nz);
    t->zone_effect = calloc(nz, sizeof *t->zone_effect);
    t->of_city = malloc(sizeof *t->of_city * nc);
    t->target = malloc(sizeof *t->target * (size_t)(sc->n_targets + 1));
    t->counted = malloc(sizeof *t->counted * nz);
    if (!t->name || !t->of_zone || !t->zone_effect || !t->of_city || !t->target || !t->counted)
        goto nomem;
    for (int i = 0; i < bl->n_zones; i++) { /* distinct names, then sorted */
        bool seen = false;
        for (int p = 0; p < t->n && !seen; p++)
            seen = strcmp(t->name[p], bl->zones[i].province) == 0;
        if (!seen)
            snprintf(t->name[t->n++], PS_PROVINCE_NAME, "%s", bl->zones[i].province);
    }
    qsort(t->name, (size_t)t->n, sizeof *t->name, cmp_names);
    size_t np = (size_t)(t->n > 0 ? t->n : 1);
    t->n_zones = calloc(np, sizeof *t->n_zones);
    t->n_cities = calloc(np, sizeof *t->n_cities);
    t->gdp_scale = calloc(np, sizeof *t->gdp_scale);
    t->log_weight = calloc(np, sizeof *t->log_weight);
    t->reserved = calloc(np, sizeof *t->reserved);
    if (!t->n_zones || !t->n_cities || !t->gdp_scale || !t->log_weight || !t->reserved)
        goto nomem;
    for (int c = 0; c < n_cities; c++)
        t->of_city[c] = -1;
    for (int i = 0; i < n_zones; i++) {
        int p = find_name(t, zones[i]->province);
        t->of_zone[i] = p;
        t->counted[i] = zones[i]->sip && !sc->run.include_sip ? -1 : p; /* as aggregate.c */
        t->n_zones[p]++;
        t->gdp_scale[p] += zones[i]->gdp;
        if (t->of_city[city[i]] < 0) {
            t->of_city[city[i]] = p;
            t->n_cities[p]++;
        }
    }
    int idx[PS_PROVINCE_MAX];
    int status = resolve(t, &sc->growth.province_effect, "growth.province_effect", idx, sc, err);
    for (int k = 0; status == PS_OK && k < sc->growth.province_effect.n; k++)
        for (int i = 0; i < n_zones; i++)
            if (t->of_zone[i] == idx[k]) {
                t->zone_effect[i] = sc->growth.province_effect.value[k];
                t->any_effect = true;
            }
    if (status == PS_OK)
        status = resolve(t, &sc->upgrade.province_weight, "upgrade.province_weight", idx, sc, err);
    for (int k = 0; status == PS_OK && k < sc->upgrade.province_weight.n; k++) {
        t->log_weight[idx[k]] = log(sc->upgrade.province_weight.value[k]); /* log(0) = -inf: never chosen */
        t->any_weight = true;
    }
    if (status == PS_OK)
        status = resolve(t, &sc->upgrade.reserved, "upgrade.reserved", idx, sc, err);
    for (int k = 0; status == PS_OK && k < sc->upgrade.reserved.n; k++) {
        t->reserved[idx[k]] = (int)sc->upgrade.reserved.value[k];
        t->any_reserved = true;
    }
    for (int k = 0; status == PS_OK && k < sc->n_targets; k++) {
        const ps_target *tg = &sc->targets[k];
        t->target[k] = tg->province[0] ? find_name(t, tg->province) : -1;
        if (tg->province[0] && t->target[k] < 0)
            status = ps_error_set(err, PS_ERR_MISMATCH, sc->path, 0, tg->name, "province '%s' is not in data file %s",
                                  tg->province, sc->run.data);
    }
    if (status != PS_OK) {
        ps_province_table_free(t);
        return status;
    }
    if (gdp_bins_init(t) != 0)
        goto nomem;
    return PS_OK;
nomem:
    ps_province_table_free(t);
    return ps_error_set(err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory");
}

/* ---- one run ------------------------------------------------------------ */

/* Where value v of province p in year index y lies in a run's arrays. */
static size_t value_index(int n_prov, int p, int v, int y)
{
    return ((size_t)y * (size_t)n_prov + (size_t)p) * PS_PV_COUNT + (size_t)v;
}

double ps_province_value(const ps_run_result *r, int p, ps_pv v, int y)
{
    return r->provinces[value_index(r->n_provinces, p, v, y)];
}

double *ps_province_year_start(const ps_model *m, int y, ps_run_result *r)
{
    const ps_province_table *t = &m->prov;
    double *year = r->provinces + value_index(t->n, 0, 0, y); /* the year's values, province by province */
    memset(year, 0, sizeof *year * (size_t)t->n * PS_PV_COUNT);
    return year;
}

void ps_province_year_finish(const ps_model *m, const int *hosts, double *year)
{
    const ps_province_table *t = &m->prov;
    for (int c = 0; c < m->n_cities; c++)
        if (hosts[c] > 0)
            year[(size_t)t->of_city[c] * PS_PV_COUNT + PS_PV_CITIES] += 1;
    for (int p = 0; p < t->n; p++) {
        double *v = year + (size_t)p * PS_PV_COUNT;
        v[PS_PV_RD] = v[PS_PV_GDP] > 0 ? v[PS_PV_RD] / v[PS_PV_GDP] : NAN;
    }
}

double ps_province_target_value(const ps_province_table *t, const ps_run_result *r, ps_metric metric, int p, int y)
{
    switch (metric) {
    case PS_M_NATIONAL_ZONES:
        return ps_province_value(r, p, PS_PV_ZONES, y);
    case PS_M_UPGRADES:
        return ps_province_value(r, p, PS_PV_UPGRADES, y);
    case PS_M_GDP:
        return ps_province_value(r, p, PS_PV_GDP, y);
    case PS_M_RD_INTENSITY:
        return ps_province_value(r, p, PS_PV_RD, y);
    case PS_M_CITY_COVERAGE:
        return t->n_cities[p] > 0 ? ps_province_value(r, p, PS_PV_CITIES, y) / t->n_cities[p] : 0;
    default:
        return NAN; /* the loader allows no other metric by province */
    }
}

int ps_province_reserve(const ps_model *m, size_t *order, double *keys, int n, int count)
{
    const ps_province_table *t = &m->prov;
    int taken = 0;
    for (int p = 0; p < t->n && taken < count; p++) {
        for (int j = 0; j < t->reserved[p] && taken < count; j++) {
            int best = -1, end = n - taken;
            for (int c = 0; c < end; c++)
                if (t->of_zone[order[c]] == p && (best < 0 || keys[c] > keys[best]))
                    best = c;
            if (best < 0)
                break; /* no eligible zone of the province left */
            size_t o = order[best];
            double k = keys[best];
            order[best] = order[end - 1], keys[best] = keys[end - 1];
            order[end - 1] = o, keys[end - 1] = k;
            taken++;
        }
    }
    return taken;
}

/* ---- over runs ---------------------------------------------------------- */


/* Layout of one cell (province, value, year) in the flat counts array.
 * Count values: bins 0..cap. Continuous values: n, zeros, under, over,
 * bins, sum_hi, sum_lo, min, max. */
enum { C_N, C_ZEROS, C_UNDER, C_OVER, C_HEAD };
typedef struct cell {
    size_t at, bins;
    bool discrete;
    double lo, hi;   /* histogram range (continuous) */
    bool log_bins;
} cell;

struct ps_province_accum {
    int n_prov, n_years;
    size_t n_cells, size;
    cell *cells;
    double *buf;
    const ps_province_table *table;
};

static bool discrete_value(int v) { return v == PS_PV_ZONES || v == PS_PV_UPGRADES || v == PS_PV_CITIES; }

static size_t cell_index(const ps_province_accum *a, int p, int v, int y)
{
    return ((size_t)p * PS_PV_COUNT + (size_t)v) * (size_t)a->n_years + (size_t)y;
}

ps_province_accum *ps_province_accum_alloc(const ps_model *m)
{
    const ps_province_table *t = ps_model_provinces(m);
    ps_province_accum *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->table = t;
    a->n_prov = t->n;
    a->n_years = ps_model_years(m);
    a->n_cells = (size_t)t->n * PS_PV_COUNT * (size_t)a->n_years;
    a->cells = malloc(sizeof *a->cells * (a->n_cells ? a->n_cells : 1));
    if (!a->cells) {
        free(a);
        return NULL;
    }
    size_t at = 0;
    for (int p = 0; p < t->n; p++)
        for (int v = 0; v < PS_PV_COUNT; v++)
            for (int y = 0; y < a->n_years; y++) {
                cell *c = &a->cells[cell_index(a, p, v, y)];
                c->at = at;
                c->discrete = discrete_value(v);
                if (c->discrete) {
                    c->bins = (size_t)(v == PS_PV_CITIES ? t->n_cities[p] : t->n_zones[p]) + 1;
                    at += c->bins;
                } else {
                    c->bins = v == PS_PV_GDP ? GDP_BINS : RD_BINS;
                    c->log_bins = v == PS_PV_GDP;
                    if (v == PS_PV_GDP)
                        gdp_range(t, p, &c->lo, &c->hi);
                    else
                        c->lo = 0, c->hi = RD_HI;
                    at += C_HEAD + c->bins + 4;
                }
            }
    a->size = at;
    a->buf = calloc(at ? at : 1, sizeof *a->buf);
    if (!a->buf) {
        ps_province_accum_free(a);
        return NULL;
    }
    for (size_t k = 0; k < a->n_cells; k++) {
        const cell *c = &a->cells[k];
        if (!c->discrete) {
            a->buf[c->at + C_HEAD + c->bins + 2] = INFINITY;   /* min */
            a->buf[c->at + C_HEAD + c->bins + 3] = -INFINITY;  /* max */
        }
    }
    return a;
}

void ps_province_accum_free(ps_province_accum *a)
{
    if (!a)
        return;
    free(a->cells);
    free(a->buf);
    free(a);
}

/* Slot of continuous value x in its cell (province p, value v): C_ZEROS,
 * C_UNDER, C_OVER or C_HEAD + bin; -1 for NaN (not counted). */
static int continuous_slot(const ps_province_table *t, int p, ps_pv v, double x)
{
    if (isnan(x))
        return -1;
    double lo = 0, hi = RD_HI;
    if (v == PS_PV_GDP)
        gdp_range(t, p, &lo, &hi);
    if (x == 0)
        return C_ZEROS;
    if (x < lo)
        return C_UNDER;
    if (x >= hi)
        return C_OVER;
    int i;
    if (v == PS_PV_GDP) /* x >= lo, so x / lo >= 1: bin >= 0 */
        i = ps_logbin_find(&t->gdp_bins[t->gdp_bins_of[p]], x / lo);
    else
        i = (int)((x - lo) / (hi - lo) * (double)RD_BINS);
    int bins = v == PS_PV_GDP ? GDP_BINS : RD_BINS;
    return C_HEAD + (i < 0 ? 0 : i < bins ? i : bins - 1);
}

/* nearbyint(y) without a libm call for 0 <= y < 2^52: adding and
 * subtracting 2^52 rounds y to a whole number as nearbyint does (to
 * nearest, ties to even, the default mode); other y go to nearbyint. */
static double whole(double y) { return y >= 0 && y < 0x1p52 ? (y + 0x1p52) - 0x1p52 : nearbyint(y); }

/* floor(y) without a libm call for 0 <= y < 2^62 (truncation). */
static double whole_below(double y) { return y >= 0 && y < 0x1p62 ? (double)(int64_t)y : floor(y); }

/* Where the fixed-point sum of GDP or R&D intensity (v) of province p in
 * year index y lies in r->prov_sum (two doubles: high and low part). */
static size_t sum_index(int n_prov, int p, ps_pv v, int y)
{
    return (((size_t)y * (size_t)n_prov + (size_t)p) * 2 + (v == PS_PV_RD)) * 2;
}

void ps_province_record(const ps_model *m, ps_run_result *r)
{
    const ps_province_table *t = &m->prov;
    for (int y = 0; y < r->n_years; y++)
        for (int p = 0; p < t->n; p++) {
            size_t at = value_index(t->n, p, 0, y);
            const double *x = r->provinces + at;
            int *slot_of = r->prov_slot + at;
            for (int v = 0; v < PS_PV_COUNT; v++) {
                if (discrete_value(v)) {
                    long bins = (v == PS_PV_CITIES ? t->n_cities[p] : t->n_zones[p]) + 1;
                    long k = x[v] >= 0 ? (long)(x[v] + 0.5) : -1; /* lround of a count (a whole number) */
                    slot_of[v] = k < bins ? (int)k : -1;
                    continue;
                }
                slot_of[v] = continuous_slot(t, p, (ps_pv)v, x[v]);
                if (slot_of[v] < 0)
                    continue;
                double quantum = v == PS_PV_GDP ? GDP_QUANTUM : RD_QUANTUM;
                double q = whole(x[v] * quantum), hi = whole_below(q / SPLIT);
                double *sum = r->prov_sum + sum_index(t->n, p, (ps_pv)v, y);
                sum[0] = hi;
                sum[1] = q - hi * SPLIT;
            }
        }
}

void ps_province_accum_add(ps_province_accum *a, const ps_run_result *r) { ps_province_accum_add_slice(a, r, 0, 1); }

void ps_province_accum_add_slice(ps_province_accum *a, const ps_run_result *r, int slice, int slices)
{
    int ny = a->n_years;
    int from = (int)((long)slice * a->n_prov / slices), to = (int)((long)(slice + 1) * a->n_prov / slices);
    for (int y = 0; y < ny; y++) /* in the order of the run's arrays */
        for (int p = from; p < to; p++)
            for (int v = 0; v < PS_PV_COUNT; v++) {
                size_t k = value_index(a->n_prov, p, v, y);
                const cell *c = &a->cells[cell_index(a, p, v, y)];
                int s = r->prov_slot[k];
                if (s < 0)
                    continue;
                double *b = a->buf + c->at;
                b[s] += 1;
                if (c->discrete)
                    continue;
                b[C_N] += 1;
                double x = r->provinces[k], *tail = b + C_HEAD + c->bins;
                const double *sum = r->prov_sum + sum_index(a->n_prov, p, (ps_pv)v, y);
                tail[0] += sum[0];
                tail[1] += sum[1];
                tail[2] = GSL_MIN(tail[2], x);
                tail[3] = GSL_MAX(tail[3], x);
            }
}

size_t ps_province_counts_size(const ps_province_accum *a) { return a->size; }

size_t ps_province_counts_size_max(int n_years)
{
    /* at most PS_PROVINCE_MAX * 2 provinces (the loader's bound on names),
     * count bins bounded by the zones of a data file (pool_size <= 100000) */
    size_t per_year = (size_t)PS_PROVINCE_MAX * 2 * (2 * (C_HEAD + 4 + 1000) + 3) + 3 * (100000 + 1000);
    return per_year * (size_t)n_years;
}

void ps_province_counts_pack(const ps_province_accum *a, double *buf) { memcpy(buf, a->buf, sizeof *buf * a->size); }

void ps_province_counts_add(ps_province_accum *a, const double *buf)
{
    for (size_t k = 0; k < a->n_cells; k++) {
        const cell *c = &a->cells[k];
        double *b = a->buf + c->at;
        const double *from = buf + c->at;
        size_t n = c->discrete ? c->bins : C_HEAD + c->bins + 2;
        for (size_t i = 0; i < n; i++)
            b[i] += from[i];
        if (!c->discrete) {
            b[n] = GSL_MIN(b[n], from[n]);
            b[n + 1] = GSL_MAX(b[n + 1], from[n + 1]);
        }
    }
}

bool ps_province_counts_valid(const ps_province_accum *a, const double *buf, double runs, size_t *bad)
{
    for (size_t k = 0; k < a->n_cells; k++) {
        const cell *c = &a->cells[k];
        size_t counters = c->discrete ? c->bins : C_HEAD + c->bins;
        for (size_t i = 0; i < counters; i++) {
            double x = buf[c->at + i];
            if (!(x >= 0 && x <= runs && x == floor(x))) {
                *bad = c->at + i;
                return false;
            }
        }
        if (c->discrete)
            continue;
        for (size_t i = counters; i < counters + 4; i++) {
            double x = buf[c->at + i];
            bool ok = i < counters + 2 ? x >= 0 && x < 0x1p53 && x == floor(x) : !isnan(x);
            if (!ok) {
                *bad = c->at + i;
                return false;
            }
        }
    }
    return true;
}

double ps_province_runs(const ps_province_accum *a, int p, ps_pv v, int y)
{
    const cell *c = &a->cells[cell_index(a, p, v, y)];
    const double *b = a->buf + c->at;
    if (!c->discrete)
        return b[C_N];
    double n = 0;
    for (size_t i = 0; i < c->bins; i++)
        n += b[i];
    return n;
}

double ps_province_mean(const ps_province_accum *a, int p, ps_pv v, int y)
{
    const cell *c = &a->cells[cell_index(a, p, v, y)];
    const double *b = a->buf + c->at;
    double n = ps_province_runs(a, p, v, y);
    if (n <= 0)
        return NAN;
    if (c->discrete) {
        double s = 0;
        for (size_t i = 0; i < c->bins; i++)
            s += (double)i * b[i];
        return s / n;
    }
    const double *tail = b + C_HEAD + c->bins;
    return (tail[0] * SPLIT + tail[1]) / (v == PS_PV_GDP ? GDP_QUANTUM : RD_QUANTUM) / n;
}

/* As ps_accum_quantile: the bin where the cumulative count reaches q n,
 * interpolated inside it (log-linearly for log bins), counts at their
 * integer, clamped to the exact minimum and maximum. */
double ps_province_quantile(const ps_province_accum *a, int p, ps_pv v, int y, double q)
{
    const cell *c = &a->cells[cell_index(a, p, v, y)];
    const double *b = a->buf + c->at;
    double n = ps_province_runs(a, p, v, y), target = q * n, cum = 0;
    if (n <= 0)
        return NAN;
    if (c->discrete) {
        for (size_t i = 0; i < c->bins; i++) {
            cum += b[i];
            if (b[i] > 0 && cum >= target)
                return (double)i;
        }
        for (size_t i = c->bins; i-- > 0;)
            if (b[i] > 0)
                return (double)i;
        return NAN;
    }
    const double *bins = b + C_HEAD, *tail = b + C_HEAD + c->bins;
    double min = tail[2], max = tail[3];
    if (min == max)
        return min;
    cum = b[C_ZEROS];
    if (target <= cum && cum > 0)
        return 0;
    cum += b[C_UNDER];
    if (target <= cum && b[C_UNDER] > 0)
        return min; /* below the histogram: only the exact minimum is known */
    for (size_t i = 0; i < c->bins; i++) {
        if (bins[i] > 0 && cum + bins[i] >= target) {
            double f = (target - cum) / bins[i], w = 1.0 / (double)c->bins, x;
            if (c->log_bins)
                x = c->lo * pow(c->hi / c->lo, w * ((double)i + f));
            else
                x = c->lo + (c->hi - c->lo) * w * ((double)i + f);
            return GSL_MAX(min, GSL_MIN(max, x));
        }
        cum += bins[i];
    }
    return max;
}

void ps_province_write(FILE *f, const ps_model *m, const ps_province_accum *a)
{
    static const char *const names[PS_PV_COUNT] = {"national_zones", "upgrades", "gdp", "rd_intensity",
                                                   "cities_covered"};
    static const double q[5] = {0.05, 0.25, 0.50, 0.75, 0.95};
    const ps_province_table *t = ps_model_provinces(m);
    const ps_scenario *sc = ps_model_scenario(m);
    fputs("# by province, over its national zones as in the national aggregates (engine/MODEL.md 3a);\n"
          "# column runs = runs with a value (rd_intensity: runs in which the province has a national zone);\n"
          "# quantiles from fixed-bin histograms (counts exact); city_coverage = cities_covered / the\n"
          "# province's cities with a zone in play (national or pool) =", f);
    for (int p = 0; p < t->n; p++)
        fprintf(f, "%s %s=%d", p ? "," : "", t->name[p], t->n_cities[p]);
    fputs("\n# province\tmetric\tyear\truns\tmean\tp05\tp25\tp50\tp75\tp95\n", f);
    for (int p = 0; p < t->n; p++)
        for (int v = 0; v <= PS_PV_COUNT; v++) {
            ps_pv pv = v == PS_PV_COUNT ? PS_PV_CITIES : (ps_pv)v;
            double div = v == PS_PV_COUNT ? (t->n_cities[p] > 0 ? t->n_cities[p] : 1) : 1;
            for (int y = 0; y < a->n_years; y++) {
                ps_put_escaped(f, t->name[p]);
                fprintf(f, "\t%s\t%d\t", v == PS_PV_COUNT ? "city_coverage" : names[v], sc->run.base_year + y);
                ps_put_double(f, ps_province_runs(a, p, pv, y)), fputc('\t', f);
                ps_put_double(f, ps_province_mean(a, p, pv, y) / div);
                for (int j = 0; j < 5; j++)
                    fputc('\t', f), ps_put_double(f, ps_province_quantile(a, p, pv, y, q[j]) / div);
                fputc('\n', f);
            }
        }
}
