/* zone_accum.c — per-zone counts over all runs and zones.tsv (see
 * include/parksim/zone_accum.h for what is counted and the bins). */
#include "parksim/zone_accum.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parksim/accum.h"
#include "parksim/output.h"

enum { HIST_GDP, HIST_RD, HIST_COUNT };

/* One histogram of one zone: PS_ZONE_BINS bins, under, over, min, max. */
#define HIST_SIZE (PS_ZONE_BINS + 4)

struct ps_zone_accum {
    int n_zones, n_years;
    size_t stride;      /* doubles per zone in counts */
    double runs;
    double *counts;     /* n_zones * stride, layout below */
    double *x0;         /* n_zones * HIST_COUNT: the bins' reference values */
};

/* Offsets within one zone's counts. */
static size_t off_upgraded(void) { return 0; }
static size_t off_limited(const ps_zone_accum *z) { return (size_t)z->n_years; }
static size_t off_expanded(const ps_zone_accum *z) { return 2 * (size_t)z->n_years; }
static size_t off_hist(const ps_zone_accum *z, int what)
{
    return 2 * (size_t)z->n_years + 1 + (size_t)what * HIST_SIZE;
}

static size_t stride_of(int n_years) { return 2 * (size_t)n_years + 1 + HIST_COUNT * (size_t)HIST_SIZE; }

/* The reference value of a zone's R&D histogram (its base-year intensity, 0.01 for none). */
static double rd_reference(const ps_zone_base *b) { return b->rd_intensity > 0 ? b->rd_intensity : 0.01; }

ps_zone_accum *ps_zone_accum_alloc(const ps_model *m)
{
    ps_zone_accum *z = calloc(1, sizeof *z);
    if (!z)
        return NULL;
    z->n_zones = ps_model_zone_count(m);
    z->n_years = ps_model_years(m);
    z->stride = stride_of(z->n_years);
    z->counts = calloc((size_t)z->n_zones * z->stride + 1, sizeof *z->counts);
    z->x0 = malloc(sizeof *z->x0 * ((size_t)z->n_zones * HIST_COUNT + 1));
    if (!z->counts || !z->x0) {
        ps_zone_accum_free(z);
        return NULL;
    }
    for (int i = 0; i < z->n_zones; i++) {
        const ps_zone_base *b = ps_model_zone(m, i);
        z->x0[i * HIST_COUNT + HIST_GDP] = b->gdp;
        z->x0[i * HIST_COUNT + HIST_RD] = rd_reference(b);
        for (int w = 0; w < HIST_COUNT; w++) {
            double *h = z->counts + (size_t)i * z->stride + off_hist(z, w);
            h[PS_ZONE_BINS + 2] = INFINITY;  /* min */
            h[PS_ZONE_BINS + 3] = -INFINITY; /* max */
        }
    }
    return z;
}

void ps_zone_accum_free(ps_zone_accum *z)
{
    if (!z)
        return;
    free(z->counts);
    free(z->x0);
    free(z);
}

/* The bin coordinate of a value x / x0: floor of it is the histogram bin
 * (below 0: under the range; PS_ZONE_BINS and above: over it). */
static double bin_coord(const void *ctx, double r)
{
    (void)ctx;
    return (log(r) + PS_ZONE_LOG_RANGE) * (PS_ZONE_BINS / (2 * PS_ZONE_LOG_RANGE));
}

int ps_zone_accum_bins_init(ps_logbin *bins)
{
    double s = PS_ZONE_BINS / (2 * PS_ZONE_LOG_RANGE);
    return ps_logbin_init(bins, PS_ZONE_BINS, -PS_ZONE_LOG_RANGE, s, bin_coord, NULL);
}

int ps_zone_bins_init(ps_zone_bins *zb, const ps_model *m)
{
    memset(zb, 0, sizeof *zb);
    int n = ps_model_zone_count(m);
    zb->x0 = malloc(sizeof *zb->x0 * (2 * (size_t)n + 1));
    if (!zb->x0 || ps_zone_accum_bins_init(&zb->bins) != 0) {
        ps_zone_bins_free(zb);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        zb->x0[2 * i + HIST_GDP] = ps_model_zone(m, i)->gdp;
        zb->x0[2 * i + HIST_RD] = rd_reference(ps_model_zone(m, i));
    }
    return 0;
}

void ps_zone_bins_free(ps_zone_bins *zb)
{
    free(zb->x0);
    ps_logbin_free(&zb->bins);
    memset(zb, 0, sizeof *zb);
}

/* Slot of x in a histogram around x0 (ps_zone_outcome): floor(bin_coord(x / x0)). */
static short hist_slot(const ps_logbin *bins, double x0, double x)
{
    if (isnan(x))
        return -1;
    int b = x > 0 ? ps_logbin_find(bins, x / x0) : -1;
    return (short)(b < 0 ? PS_ZONE_BINS : b >= PS_ZONE_BINS ? PS_ZONE_BINS + 1 : b);
}

void ps_zone_accum_record(const ps_zone_bins *zb, ps_run_result *r)
{
    int ny = r->n_years;
    for (int i = 0; i < r->n_zones; i++) {
        const unsigned char *fl = r->zone_flags + (size_t)i * (size_t)ny;
        ps_zone_outcome *o = &r->zone_out[i];
        o->first = -1;
        if (!(fl[0] & PS_ZONE_NATIONAL)) {
            o->first = 0;
            for (int y = 1; y < ny && !o->first; y++)
                if (fl[y] & PS_ZONE_NATIONAL)
                    o->first = (short)y;
        }
        unsigned char any = 0;
        for (int y = 1; y < ny; y++)
            any |= fl[y];
        o->expanded = (any & PS_ZONE_EXPANDED) != 0;
        o->limited = (any & PS_ZONE_LAND_LIMITED) != 0;
        o->gdp_bin = hist_slot(&zb->bins, zb->x0[2 * i + HIST_GDP], r->zone_gdp[i]);
        o->rd_bin = hist_slot(&zb->bins, zb->x0[2 * i + HIST_RD], r->zone_rd[i]);
    }
}

static void hist_add(double *h, short slot, double x)
{
    if (slot < 0)
        return;
    h[slot] += 1;
    if (x < h[PS_ZONE_BINS + 2])
        h[PS_ZONE_BINS + 2] = x;
    if (x > h[PS_ZONE_BINS + 3])
        h[PS_ZONE_BINS + 3] = x;
}

/* Ask for the counts zone i of r will add to (the adds are scattered over
 * megabytes: fetched ahead, their cache misses overlap). */
static void prefetch_zone(const ps_zone_accum *z, const ps_run_result *r, int i)
{
#if defined(__GNUC__)
    const double *c = z->counts + (size_t)i * z->stride;
    const ps_zone_outcome *o = &r->zone_out[i];
    __builtin_prefetch(c + (o->first >= 0 ? o->first : 0), 1);
    if (o->expanded)
        __builtin_prefetch(c + off_expanded(z), 1);
    const double *g = c + off_hist(z, HIST_GDP), *d = c + off_hist(z, HIST_RD);
    __builtin_prefetch(g + (o->gdp_bin >= 0 ? o->gdp_bin : 0), 1);
    __builtin_prefetch(g + PS_ZONE_BINS + 2, 1);
    __builtin_prefetch(d + (o->rd_bin >= 0 ? o->rd_bin : 0), 1);
    __builtin_prefetch(d + PS_ZONE_BINS + 2, 1);
#else
    (void)z, (void)r, (void)i;
#endif
}

enum { PREFETCH_AHEAD = 4 }; /* zones */

void ps_zone_accum_add_slice(ps_zone_accum *z, const ps_run_result *r, int slice, int slices)
{
    int ny = z->n_years;
    int from = (int)((long)slice * z->n_zones / slices), to = (int)((long)(slice + 1) * z->n_zones / slices);
    for (int i = from; i < to && i < from + PREFETCH_AHEAD; i++)
        prefetch_zone(z, r, i);
    for (int i = from; i < to; i++) {
        if (i + PREFETCH_AHEAD < to)
            prefetch_zone(z, r, i + PREFETCH_AHEAD);
        double *c = z->counts + (size_t)i * z->stride;
        const ps_zone_outcome *o = &r->zone_out[i];
        if (o->first >= 0)
            c[off_upgraded() + (size_t)o->first] += 1;
        if (o->limited) {
            const unsigned char *fl = r->zone_flags + (size_t)i * (size_t)ny;
            for (int y = 1; y < ny; y++)
                c[off_limited(z) + (size_t)y] += (fl[y] & PS_ZONE_LAND_LIMITED) != 0;
        }
        if (o->expanded) /* most zones: no line touched for a zero */
            c[off_expanded(z)] += 1;
        hist_add(c + off_hist(z, HIST_GDP), o->gdp_bin, r->zone_gdp[i]);
        hist_add(c + off_hist(z, HIST_RD), o->rd_bin, r->zone_rd[i]);
    }
}

void ps_zone_accum_count_runs(ps_zone_accum *z, long n) { z->runs += (double)n; }

void ps_zone_accum_add(ps_zone_accum *z, const ps_run_result *r)
{
    ps_zone_accum_add_slice(z, r, 0, 1);
    ps_zone_accum_count_runs(z, 1);
}

/* ---- exact counts ------------------------------------------------------------ */

size_t ps_zone_accum_counts_size(const ps_zone_accum *z) { return 1 + (size_t)z->n_zones * z->stride; }

size_t ps_zone_accum_counts_size_max(int n_years) { return 1 + PS_ZONE_ACCUM_MAX_ZONES * stride_of(n_years); }

void ps_zone_accum_counts_pack(const ps_zone_accum *z, double *buf)
{
    buf[0] = z->runs;
    memcpy(buf + 1, z->counts, sizeof *buf * (size_t)z->n_zones * z->stride);
}

void ps_zone_accum_counts_add(ps_zone_accum *z, const double *buf)
{
    z->runs += buf[0];
    buf++;
    for (int i = 0; i < z->n_zones; i++) {
        double *c = z->counts + (size_t)i * z->stride;
        const double *b = buf + (size_t)i * z->stride;
        for (size_t k = 0; k < z->stride; k++) {
            size_t in_hist = k >= off_hist(z, 0) ? (k - off_hist(z, 0)) % HIST_SIZE : 0;
            if (k >= off_hist(z, 0) && in_hist == PS_ZONE_BINS + 2)
                c[k] = fmin(c[k], b[k]);
            else if (k >= off_hist(z, 0) && in_hist == PS_ZONE_BINS + 3)
                c[k] = fmax(c[k], b[k]);
            else
                c[k] += b[k];
        }
    }
}

bool ps_zone_accum_counts_valid(const ps_zone_accum *z, const double *buf, double runs, size_t *bad)
{
    if (buf[0] != runs) {
        *bad = 0;
        return false;
    }
    for (int i = 0; i < z->n_zones; i++)
        for (size_t k = 0; k < z->stride; k++) {
            size_t at = 1 + (size_t)i * z->stride + k;
            double x = buf[at];
            size_t in_hist = k >= off_hist(z, 0) ? (k - off_hist(z, 0)) % HIST_SIZE : 0;
            bool extreme = k >= off_hist(z, 0) && in_hist >= PS_ZONE_BINS + 2;
            if (extreme ? isnan(x) : !(x >= 0 && x <= runs && x == floor(x))) {
                *bad = at;
                return false;
            }
        }
    return true;
}

/* ---- results ------------------------------------------------------------------ */

bool ps_zone_is_published(const ps_zone_base *z)
{
    return z->tier == PS_TIER_NATIONAL || (z->published & PS_FIELD_NAME);
}

const char *ps_zone_origin(const ps_zone_base *z) { return ps_zone_is_published(z) ? "published" : "synthetic"; }

long ps_zone_accum_runs(const ps_zone_accum *z) { return (long)z->runs; }

unsigned long ps_zone_accum_upgraded(const ps_zone_accum *z, int i, int y)
{
    return (unsigned long)z->counts[(size_t)i * z->stride + off_upgraded() + (size_t)y];
}

unsigned long ps_zone_accum_limited(const ps_zone_accum *z, int i, int y)
{
    return (unsigned long)z->counts[(size_t)i * z->stride + off_limited(z) + (size_t)y];
}

unsigned long ps_zone_accum_expanded(const ps_zone_accum *z, int i)
{
    return (unsigned long)z->counts[(size_t)i * z->stride + off_expanded(z)];
}

/* The bin where the cumulative count reaches q * runs, log-linear inside it,
 * clamped to the exact extremes (which it also returns for a quantile below
 * or above the binned range). */
double ps_zone_accum_quantile(const ps_zone_accum *z, int i, int what, double q)
{
    const double *h = z->counts + (size_t)i * z->stride + off_hist(z, what);
    double n = z->runs, lo = h[PS_ZONE_BINS + 2], hi = h[PS_ZONE_BINS + 3];
    if (n <= 0)
        return NAN;
    if (lo == hi)
        return lo;
    double target = q * n, cum = h[PS_ZONE_BINS], x0 = z->x0[i * HIST_COUNT + what];
    if (target <= cum)
        return lo;
    double width = 2 * PS_ZONE_LOG_RANGE / PS_ZONE_BINS;
    for (int b = 0; b < PS_ZONE_BINS; b++) {
        if (h[b] > 0 && cum + h[b] >= target) {
            double f = (target - cum) / h[b];
            double x = x0 * exp(-PS_ZONE_LOG_RANGE + width * ((double)b + f));
            return fmax(lo, fmin(hi, x));
        }
        cum += h[b];
    }
    return hi;
}

/* ---- zones.tsv ------------------------------------------------------------------ */

static void put_p(FILE *f, unsigned long k, unsigned long n)
{
    double lo, hi;
    ps_wilson(k, n, &lo, &hi);
    fputc('\t', f), ps_put_double(f, n ? (double)k / (double)n : 0);
    fputc('\t', f), ps_put_double(f, lo);
    fputc('\t', f), ps_put_double(f, hi);
}

static void put_published(FILE *f, unsigned bits)
{
    static const struct {
        unsigned bit;
        const char *name;
    } names[] = {{PS_FIELD_NAME, "name"}, {PS_FIELD_GDP, "gdp"}, {PS_FIELD_REVENUE, "revenue"},
                 {PS_FIELD_EMPLOYEES, "employees"}};
    const char *sep = "";
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (bits & names[k].bit)
            fprintf(f, "%s%s", sep, names[k].name), sep = ",";
    if (!*sep)
        fputc('-', f);
}

void ps_write_zones(FILE *f, const ps_model *m, const ps_zone_accum *z)
{
    const ps_scenario *sc = ps_model_scenario(m);
    int ny = z->n_years, y0 = sc->run.base_year;
    unsigned long n = (unsigned long)z->runs;
    fputs("# per zone in play, over all runs: one row per zone (national zones, then the provincial pool)\n"
          "# origin: published = a zone of the published national list or an imported provincial list "
          "(published has 'name'); synthetic = a pool zone invented at a real city, its figures synthesised\n"
          "# published: which base-year figures come from a published source ('-': none)\n"
          "# upgraded_never, upgraded_Y: runs in which a provincial zone first became national in year Y; "
          "p_national_Y lo hi: P(national by Y), 95 % Wilson interval ('-' for zones national in the base year)\n"
          "# p_limited_Y: P(land-limited in Y); p_expanded lo hi: P(granted an expansion at least once by the "
          "horizon)\n",
          f);
    fprintf(f, "# gdp_*, rd_*: at the horizon %d; quantiles from fixed bins 2 %% wide in ln(x / base value), "
               "clamped to the exact min and max\n",
            sc->run.horizon);
    fputs("# id\tname\tname_zh\tprovince\tcity\tregion\ttier\tclass\torigin\tpublished\truns\tupgraded_never", f);
    for (int y = 1; y < ny; y++)
        fprintf(f, "\tupgraded_%d", y0 + y);
    for (int y = 1; y < ny; y++)
        fprintf(f, "\tp_national_%d\tlo_national_%d\thi_national_%d", y0 + y, y0 + y, y0 + y);
    for (int y = 1; y < ny; y++)
        fprintf(f, "\tp_limited_%d", y0 + y);
    fputs("\tp_expanded\tlo_expanded\thi_expanded\tgdp_base\tgdp_p05\tgdp_p50\tgdp_p95\trd_base\trd_p05\trd_p50"
          "\trd_p95\n",
          f);
    for (int i = 0; i < z->n_zones; i++) {
        const ps_zone_base *b = ps_model_zone(m, i);
        fprintf(f, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t", b->id, b->name, b->name_zh[0] ? b->name_zh : "-",
                b->province, b->city, ps_region_name(b->region), ps_tier_name(b->tier), ps_class_name(b->cls),
                ps_zone_origin(b));
        put_published(f, b->published);
        fprintf(f, "\t%lu", n);
        bool provincial = b->tier != PS_TIER_NATIONAL;
        for (int y = 0; y < ny; y++) {
            if (provincial)
                fprintf(f, "\t%lu", ps_zone_accum_upgraded(z, i, y));
            else
                fputs("\t-", f);
        }
        unsigned long by = 0;
        for (int y = 1; y < ny; y++) {
            by += ps_zone_accum_upgraded(z, i, y);
            if (provincial)
                put_p(f, by, n);
            else
                fputs("\t-\t-\t-", f);
        }
        for (int y = 1; y < ny; y++)
            fputc('\t', f), ps_put_double(f, n ? (double)ps_zone_accum_limited(z, i, y) / (double)n : 0);
        put_p(f, ps_zone_accum_expanded(z, i), n);
        fputc('\t', f), ps_put_double(f, b->gdp);
        for (int q = 0; q < 3; q++)
            fputc('\t', f), ps_put_double(f, ps_zone_accum_quantile(z, i, HIST_GDP, (double[]){0.05, 0.5, 0.95}[q]));
        fputc('\t', f), ps_put_double(f, b->rd_intensity);
        for (int q = 0; q < 3; q++)
            fputc('\t', f), ps_put_double(f, ps_zone_accum_quantile(z, i, HIST_RD, (double[]){0.05, 0.5, 0.95}[q]));
        fputc('\n', f);
    }
}
