/* accum.c — Monte Carlo accumulator (see include/parksim/accum.h for the
 * ordering rules that make results independent of threads, ranks, shards). */
#include "parksim/accum.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_histogram.h>
#include <gsl/gsl_math.h>

#include "parksim/province.h"
#include "parksim/zone_accum.h"

struct ps_accum {
    int n_years, n_targets, n_cells;
    ps_moments *total, *block;
    long block_index; /* block being filled, -1 if none */
    long last_run;    /* last run added, -1 if none */
    gsl_histogram **hist;
    double *bin_lo, *bin_scale; /* first bin guess: (x - lo) * scale, or ln(x / lo) * scale */
    double *min, *max;
    double *under, *over; /* values outside the histogram range */
    /* counters, as doubles so they pack with the histograms */
    double runs;
    double *met;    /* n_targets + 1 */
    double *holds;  /* n_targets * n_years */
    double *met_by; /* n_targets * n_years */
    double *first;  /* n_targets * n_years, index 0 = never */
    ps_block_fn on_block;
    void *on_block_ctx;
    ps_zone_accum *zones;    /* per-zone counts (zone_accum.h), packed after the counts above */
    ps_province_accum *prov; /* by province: exact counts, packed after the zones' */
};

/* Range of the histogram of metric m, given its base-year value; *lo and
 * *scale give bin_index its first guess. */
static int set_ranges(gsl_histogram *h, ps_metric m, double base, double *bin_lo, double *scale)
{
    const ps_metric_info *info = ps_metric_get(m);
    switch (info->kind) {
    case PS_HIST_COUNT:
        *bin_lo = info->lo - 0.5;
        *scale = (double)h->n / (info->hi - info->lo);
        return gsl_histogram_set_ranges_uniform(h, info->lo - 0.5, info->hi - 0.5);
    case PS_HIST_LIN:
        *bin_lo = info->lo;
        *scale = (double)h->n / (info->hi - info->lo);
        return gsl_histogram_set_ranges_uniform(h, info->lo, info->hi);
    case PS_HIST_LOG: {
        double lo = base > 0 ? base / 50 : 1e-3, hi = base > 0 ? base * 50 : 1e9;
        size_t n = h->n;
        *bin_lo = lo;
        *scale = (double)n / log(hi / lo);
        double *ranges = malloc(sizeof *ranges * (n + 1));
        if (!ranges)
            return -1;
        double step = log(hi / lo) / (double)n;
        for (size_t i = 0; i <= n; i++)
            ranges[i] = lo * exp(step * (double)i);
        int rc = gsl_histogram_set_ranges(h, ranges, n + 1);
        free(ranges);
        return rc;
    }
    }
    return -1;
}

ps_accum *ps_accum_alloc(const ps_model *m)
{
    ps_accum *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->n_years = ps_model_years(m);
    a->n_targets = ps_model_scenario(m)->n_targets;
    a->n_cells = PS_METRIC_COUNT * a->n_years;
    a->block_index = -1;
    a->last_run = -1;
    size_t cells = (size_t)a->n_cells, ty = (size_t)(a->n_targets * a->n_years);
    a->total = calloc(cells, sizeof *a->total);
    a->block = calloc(cells, sizeof *a->block);
    a->hist = calloc(cells, sizeof *a->hist);
    a->bin_lo = malloc(sizeof *a->bin_lo * cells);
    a->bin_scale = malloc(sizeof *a->bin_scale * cells);
    a->min = malloc(sizeof *a->min * cells);
    a->max = malloc(sizeof *a->max * cells);
    a->under = calloc(cells, sizeof *a->under);
    a->over = calloc(cells, sizeof *a->over);
    a->met = calloc((size_t)a->n_targets + 1, sizeof *a->met);
    a->holds = calloc(ty + 1, sizeof *a->holds);
    a->met_by = calloc(ty + 1, sizeof *a->met_by);
    a->first = calloc(ty + 1, sizeof *a->first);
    a->zones = ps_zone_accum_alloc(m);
    a->prov = ps_province_accum_alloc(m);
    if (!a->zones || !a->prov || !a->total || !a->block || !a->hist || !a->bin_lo || !a->bin_scale || !a->min || !a->max ||
        !a->under || !a->over ||
        !a->met || !a->holds || !a->met_by || !a->first) {
        ps_accum_free(a);
        return NULL;
    }
    for (int k = 0; k < PS_METRIC_COUNT; k++) {
        for (int y = 0; y < a->n_years; y++) {
            int c = k * a->n_years + y;
            a->min[c] = INFINITY;
            a->max[c] = -INFINITY;
            a->hist[c] = gsl_histogram_alloc((size_t)ps_metric_get((ps_metric)k)->bins);
            if (!a->hist[c] || set_ranges(a->hist[c], (ps_metric)k, ps_model_base_value(m, (ps_metric)k),
                                          &a->bin_lo[c], &a->bin_scale[c])) {
                ps_accum_free(a);
                return NULL;
            }
        }
    }
    return a;
}

void ps_accum_free(ps_accum *a)
{
    if (!a)
        return;
    if (a->hist)
        for (int c = 0; c < a->n_cells; c++)
            if (a->hist[c])
                gsl_histogram_free(a->hist[c]);
    free(a->hist);
    free(a->bin_lo);
    free(a->bin_scale);
    free(a->total);
    free(a->block);
    free(a->min);
    free(a->max);
    free(a->under);
    free(a->over);
    free(a->met);
    free(a->holds);
    free(a->met_by);
    free(a->first);
    ps_zone_accum_free(a->zones);
    ps_province_accum_free(a->prov);
    free(a);
}

void ps_accum_on_block(ps_accum *a, ps_block_fn fn, void *ctx)
{
    a->on_block = fn;
    a->on_block_ctx = ctx;
}

int ps_accum_cells(const ps_accum *a) { return a->n_cells; }

/* Chan et al.: combine two sets of moments. */
static void merge_moments(ps_moments *into, const ps_moments *from)
{
    if (from->n == 0)
        return;
    if (into->n == 0) {
        *into = *from;
        return;
    }
    double n = into->n + from->n, delta = from->mean - into->mean;
    into->mean += delta * from->n / n;
    into->m2 += from->m2 + delta * delta * into->n * from->n / n;
    into->n = n;
}

static void merge_block(ps_accum *a, const ps_moments *moments)
{
    for (int c = 0; c < a->n_cells; c++)
        merge_moments(&a->total[c], &moments[c]);
}

void ps_accum_merge_block(ps_accum *a, const ps_moments *moments)
{
    /* Between whole blocks only: a block being filled would be merged after it. */
    assert(a->block_index < 0);
    merge_block(a, moments);
}

static int close_block(ps_accum *a)
{
    if (a->block_index < 0)
        return 0;
    int rc = a->on_block ? a->on_block(a->on_block_ctx, a->block_index, a->block, a->n_cells) : 0;
    merge_block(a, a->block);
    memset(a->block, 0, sizeof *a->block * (size_t)a->n_cells);
    a->block_index = -1;
    return rc;
}

int ps_accum_finish(ps_accum *a) { return close_block(a); }

/* The bin i of cell c with range[i] <= x < range[i+1], for x inside the
 * histogram: what gsl_histogram_increment finds by bisection, found from a
 * guess by the bins' formula and corrected against the stored ranges, so
 * the bin is the same whatever rounding the guess suffered. */
static size_t bin_index(const ps_accum *a, int c, double x)
{
    const gsl_histogram *h = a->hist[c];
    double g = ps_metric_get((ps_metric)(c / a->n_years))->kind == PS_HIST_LOG
                   ? log(x / a->bin_lo[c]) * a->bin_scale[c]
                   : (x - a->bin_lo[c]) * a->bin_scale[c];
    size_t i = g <= 0 ? 0 : g >= (double)(h->n - 1) ? h->n - 1 : (size_t)g;
    while (i > 0 && x < h->range[i])
        i--;
    while (i + 1 < h->n && x >= h->range[i + 1])
        i++;
    return i;
}

int ps_accum_add(ps_accum *a, const ps_run_result *r)
{
    int rc = ps_accum_add_ordered(a, r);
    ps_zone_accum_add(a->zones, r);
    ps_province_accum_add(a->prov, r);
    return rc;
}

void ps_accum_add_counts(ps_accum *a, ps_run_result *const *results, long n, int threads)
{
    /* Slices of zones and of provinces, a few per thread so that uneven
     * slices even out; each slice goes through every run. */
    int slices = threads > 1 ? 4 * threads : 1, items = 2 * slices;
#ifdef _OPENMP
#pragma omp parallel for num_threads(threads > 1 ? threads : 1) schedule(dynamic, 1) if (threads > 1)
#endif
    for (int item = 0; item < items; item++)
        for (long k = 0; k < n; k++) {
            if (item < slices)
                ps_zone_accum_add_slice(a->zones, results[k], item, slices);
            else
                ps_province_accum_add_slice(a->prov, results[k], item - slices, slices);
        }
    ps_zone_accum_count_runs(a->zones, n);
}

int ps_accum_add_ordered(ps_accum *a, const ps_run_result *r)
{
    /* The floating-point result is defined by this order (see accum.h). */
    assert(r->run > a->last_run);
    assert(r->n_years == a->n_years && r->n_targets == a->n_targets);
    a->last_run = r->run;
    long block = r->run / PS_ACCUM_BLOCK;
    if (block != a->block_index) {
        int rc = close_block(a);
        if (rc)
            return rc;
        a->block_index = block;
    }
    for (int c = 0; c < a->n_cells; c++) {
        double x = r->values[c];
        ps_moments *mo = &a->block[c];
        mo->n += 1;
        double delta = x - mo->mean;
        mo->mean += delta / mo->n;
        mo->m2 += delta * (x - mo->mean);
        a->min[c] = GSL_MIN(a->min[c], x);
        a->max[c] = GSL_MAX(a->max[c], x);
        gsl_histogram *h = a->hist[c];
        if (x < h->range[0])
            a->under[c] += 1;
        else if (x >= h->range[h->n])
            a->over[c] += 1;
        else if (!isnan(x)) /* NaN is in no bin, as gsl_histogram_increment left it */
            h->bin[bin_index(a, c, x)] += 1;
    }
    int ny = a->n_years;
    bool all = true;
    for (int t = 0; t < a->n_targets; t++) {
        assert(r->first_met[t] >= 0 && r->first_met[t] < ny);
        a->met[t] += r->met[t];
        all = all && r->met[t];
        a->first[t * ny + r->first_met[t]] += 1;
        for (int y = 0; y < ny; y++) {
            a->holds[t * ny + y] += r->holds[t * ny + y];
            a->met_by[t * ny + y] += r->first_met[t] != 0 && r->first_met[t] <= y;
        }
    }
    a->met[a->n_targets] += all;
    a->runs += 1;
    return 0;
}

/* ---- exact counts: pack / add ---------------------------------------------- */

size_t ps_accum_counts_size(const ps_accum *a)
{
    size_t n = 1 + (size_t)a->n_targets + 1 + 3 * (size_t)(a->n_targets * a->n_years);
    for (int c = 0; c < a->n_cells; c++)
        n += a->hist[c]->n + 4; /* bins, under, over, min, max */
    return n + ps_zone_accum_counts_size(a->zones) + ps_province_counts_size(a->prov);
}

size_t ps_accum_counts_size_max(int n_years)
{
    size_t years = (size_t)n_years, targets = PS_MAX_TARGETS, n = 1 + targets + 1 + 3 * targets * years;
    for (int k = 0; k < PS_METRIC_COUNT; k++)
        n += years * ((size_t)ps_metric_get((ps_metric)k)->bins + 4);
    return n + ps_zone_accum_counts_size_max(n_years) + ps_province_counts_size_max(n_years);
}

void ps_accum_counts_pack(const ps_accum *a, double *buf)
{
    size_t ty = (size_t)(a->n_targets * a->n_years);
    *buf++ = a->runs;
    memcpy(buf, a->met, sizeof *buf * ((size_t)a->n_targets + 1)), buf += a->n_targets + 1;
    memcpy(buf, a->holds, sizeof *buf * ty), buf += ty;
    memcpy(buf, a->met_by, sizeof *buf * ty), buf += ty;
    memcpy(buf, a->first, sizeof *buf * ty), buf += ty;
    for (int c = 0; c < a->n_cells; c++) {
        const gsl_histogram *h = a->hist[c];
        memcpy(buf, h->bin, sizeof *buf * h->n), buf += h->n;
        *buf++ = a->under[c];
        *buf++ = a->over[c];
        *buf++ = a->min[c];
        *buf++ = a->max[c];
    }
    ps_zone_accum_counts_pack(a->zones, buf);
    ps_province_counts_pack(a->prov, buf + ps_zone_accum_counts_size(a->zones));
}

static const double *add_array(double *into, const double *from, size_t n)
{
    for (size_t i = 0; i < n; i++)
        into[i] += from[i];
    return from + n;
}

void ps_accum_counts_add(ps_accum *a, const double *buf)
{
    size_t ty = (size_t)(a->n_targets * a->n_years);
    a->runs += *buf++;
    buf = add_array(a->met, buf, (size_t)a->n_targets + 1);
    buf = add_array(a->holds, buf, ty);
    buf = add_array(a->met_by, buf, ty);
    buf = add_array(a->first, buf, ty);
    for (int c = 0; c < a->n_cells; c++) {
        gsl_histogram *h = a->hist[c];
        buf = add_array(h->bin, buf, h->n);
        a->under[c] += *buf++;
        a->over[c] += *buf++;
        a->min[c] = GSL_MIN(a->min[c], *buf), buf++;
        a->max[c] = GSL_MAX(a->max[c], *buf), buf++;
    }
    ps_zone_accum_counts_add(a->zones, buf);
    ps_province_counts_add(a->prov, buf + ps_zone_accum_counts_size(a->zones));
}

/* A count of runs: a whole number in [0, runs]. */
static bool is_count(double x, double runs)
{
    return x >= 0 && x <= runs && x == floor(x);
}

bool ps_accum_counts_valid(const ps_accum *a, const double *buf, size_t *bad)
{
    size_t ty = (size_t)(a->n_targets * a->n_years), i = 0;
    double runs = buf[0];
    if (!(runs >= 0 && runs < 0x1p53 && runs == floor(runs))) {
        *bad = 0;
        return false;
    }
    i++;
    for (size_t end = i + (size_t)a->n_targets + 1 + 3 * ty; i < end; i++)
        if (!is_count(buf[i], runs)) {
            *bad = i;
            return false;
        }
    for (int c = 0; c < a->n_cells; c++) {
        for (size_t end = i + a->hist[c]->n + 2; i < end; i++) /* bins, under, over */
            if (!is_count(buf[i], runs)) {
                *bad = i;
                return false;
            }
        for (size_t end = i + 2; i < end; i++) /* min, max */
            if (isnan(buf[i])) {
                *bad = i;
                return false;
            }
    }
    if (!ps_zone_accum_counts_valid(a->zones, buf + i, runs, bad)) {
        *bad += i;
        return false;
    }
    i += ps_zone_accum_counts_size(a->zones);
    if (!ps_province_counts_valid(a->prov, buf + i, runs, bad)) {
        *bad += i;
        return false;
    }
    return true;
}

/* ---- results ----------------------------------------------------------------- */

long ps_accum_runs(const ps_accum *a) { return (long)a->runs; }
const ps_zone_accum *ps_accum_zones(const ps_accum *a) { return a->zones; }
const ps_province_accum *ps_accum_provinces(const ps_accum *a) { return a->prov; }

/* Bounds of a (metric, year) cell and of a (target, year) counter. */
#define ASSERT_CELL(a, m, y) assert((int)(m) >= 0 && (m) < PS_METRIC_COUNT && (y) >= 0 && (y) < (a)->n_years)
#define ASSERT_TARGET_YEAR(a, t, y) assert((t) >= 0 && (t) < (a)->n_targets && (y) >= 0 && (y) < (a)->n_years)

void ps_accum_moments(const ps_accum *a, ps_metric m, int year_index, double *mean, double *sd, double *se)
{
    ASSERT_CELL(a, m, year_index);
    const ps_moments *mo = &a->total[m * a->n_years + year_index];
    *mean = mo->n > 0 ? mo->mean : NAN;
    *sd = mo->n > 1 ? sqrt(GSL_MAX(mo->m2, 0.0) / (mo->n - 1)) : (mo->n == 1 ? 0.0 : NAN);
    *se = mo->n > 0 ? *sd / sqrt(mo->n) : NAN;
}

/* Quantile from the histogram: the bin where the cumulative count reaches
 * q * n, interpolated inside the bin (log-linearly for log bins), counted
 * integers taken at their bin centre, and clamped to the exact min and max
 * (so a constant metric reports its exact value). */
double ps_accum_quantile(const ps_accum *a, ps_metric m, int year_index, double q)
{
    ASSERT_CELL(a, m, year_index);
    int c = m * a->n_years + year_index;
    const gsl_histogram *h = a->hist[c];
    double n = a->runs;
    if (n <= 0)
        return NAN;
    if (a->min[c] == a->max[c])
        return a->min[c];
    double target = q * n, cum = a->under[c];
    if (target <= cum)
        return a->under[c] > 0 ? -INFINITY : a->min[c];
    const ps_metric_info *info = ps_metric_get(m);
    for (size_t i = 0; i < h->n; i++) {
        double b = h->bin[i];
        if (b > 0 && cum + b >= target) {
            double lo = h->range[i], hi = h->range[i + 1], f = (target - cum) / b, x;
            if (info->kind == PS_HIST_COUNT)
                x = round(0.5 * (lo + hi));
            else if (info->kind == PS_HIST_LOG)
                x = lo * pow(hi / lo, f);
            else
                x = lo + f * (hi - lo);
            return GSL_MAX(a->min[c], GSL_MIN(a->max[c], x));
        }
        cum += b;
    }
    return a->over[c] > 0 ? INFINITY : a->max[c];
}

void ps_accum_histogram(const ps_accum *a, ps_metric m, int year_index, ps_accum_hist *out)
{
    ASSERT_CELL(a, m, year_index);
    int c = m * a->n_years + year_index;
    const gsl_histogram *h = a->hist[c];
    out->n = h->n;
    out->edges = h->range;
    out->counts = h->bin;
    out->under = a->under[c];
    out->over = a->over[c];
    out->min = a->min[c];
    out->max = a->max[c];
    out->discrete = ps_metric_get(m)->kind == PS_HIST_COUNT;
}

unsigned long ps_accum_met(const ps_accum *a, int target)
{
    assert(target >= 0 && target <= a->n_targets);
    return (unsigned long)a->met[target];
}

unsigned long ps_accum_holds(const ps_accum *a, int t, int y)
{
    ASSERT_TARGET_YEAR(a, t, y);
    return (unsigned long)a->holds[t * a->n_years + y];
}

unsigned long ps_accum_met_by(const ps_accum *a, int t, int y)
{
    ASSERT_TARGET_YEAR(a, t, y);
    return (unsigned long)a->met_by[t * a->n_years + y];
}

unsigned long ps_accum_first(const ps_accum *a, int t, int y)
{
    ASSERT_TARGET_YEAR(a, t, y);
    return (unsigned long)a->first[t * a->n_years + y];
}

void ps_wilson(unsigned long k, unsigned long n, double *lo, double *hi)
{
    if (n == 0) {
        *lo = 0;
        *hi = 1;
        return;
    }
    double z = gsl_cdf_ugaussian_Pinv(0.975), nn = (double)n, p = (double)k / nn;
    double centre = (p + z * z / (2 * nn)) / (1 + z * z / nn);
    double half = z / (1 + z * z / nn) * sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn));
    /* At k = 0 or k = n the bound is exactly 0 or 1; rounding would leave 1e-19. */
    *lo = k == 0 ? 0.0 : GSL_MAX(0.0, centre - half);
    *hi = k == n ? 1.0 : GSL_MIN(1.0, centre + half);
}

/* Newcombe (1998), method 10: interval for p1 - p2 from paired binary
 * outcomes, built from the two Wilson intervals and the correlation phi.
 * n11: both met, n10: only 1, n01: only 2, n00: neither. */
void ps_newcombe_paired(unsigned long n11, unsigned long n10, unsigned long n01, unsigned long n00,
                        double *diff, double *lo, double *hi)
{
    double a = (double)n11, b = (double)n10, c = (double)n01, d = (double)n00, n = a + b + c + d;
    if (n == 0) {
        *diff = 0, *lo = -1, *hi = 1;
        return;
    }
    double p1 = (a + b) / n, p2 = (a + c) / n, l1, u1, l2, u2;
    ps_wilson(n11 + n10, (unsigned long)n, &l1, &u1);
    ps_wilson(n11 + n01, (unsigned long)n, &l2, &u2);
    double denom = sqrt((a + b) * (c + d) * (a + c) * (b + d)), phi = 0;
    if (denom > 0) {
        double num = a * d - b * c;
        phi = (num > 0 ? GSL_MAX(num - n / 2, 0.0) : num) / denom;
    }
    *diff = p1 - p2;
    double delta = sqrt(GSL_MAX(0.0, gsl_pow_2(p1 - l1) - 2 * phi * (p1 - l1) * (u2 - p2) + gsl_pow_2(u2 - p2)));
    double eps = sqrt(GSL_MAX(0.0, gsl_pow_2(u1 - p1) - 2 * phi * (u1 - p1) * (p2 - l2) + gsl_pow_2(p2 - l2)));
    *lo = GSL_MAX(-1.0, *diff - delta);
    *hi = GSL_MIN(1.0, *diff + eps);
}
