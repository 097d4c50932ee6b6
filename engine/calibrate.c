/* calibrate.c — rejection ABC with a bounded heap of the closest draws and
 * the local-linear adjustment (contract in include/parksim/calibrate.h). */
#include "parksim/calibrate.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_multifit.h>

typedef struct entry {
    long run;
    double d;
    double *par, *stat; /* into the owner's arrays */
} entry;

struct ps_calib {
    int n_par, n_stat;
    long keep, pilot, added;
    double *obs, *scale;
    bool scaled;
    /* pilot buffer: runs, params, stats */
    long n_pilot;
    long *pilot_run;
    double *pilot_par, *pilot_stat;
    /* heap of the kept: max distance at the top */
    long n_kept;
    entry *heap;
    double *kept_par, *kept_stat; /* slot storage, keep rows each */
};

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double ps_calib_quantile(const double *x, long n, long stride, double q)
{
    if (n < 1)
        return NAN;
    double *v = malloc(sizeof *v * (size_t)n);
    if (!v)
        return NAN;
    for (long i = 0; i < n; i++)
        v[i] = x[i * stride];
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    double h = q * (double)(n - 1);
    long lo = (long)floor(h);
    double r = lo + 1 < n ? v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]) : v[n - 1];
    free(v);
    return r;
}

ps_calib *ps_calib_alloc(int n_par, int n_stat, const double *obs, long keep, long pilot)
{
    if (n_par < 1 || n_stat < 1 || keep < 1 || pilot < 1)
        return NULL;
    ps_calib *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->n_par = n_par, c->n_stat = n_stat, c->keep = keep, c->pilot = pilot;
    size_t np = (size_t)n_par, ns = (size_t)n_stat;
    c->obs = malloc(sizeof *c->obs * ns);
    c->scale = calloc(ns, sizeof *c->scale);
    c->pilot_run = malloc(sizeof *c->pilot_run * (size_t)pilot);
    c->pilot_par = malloc(sizeof *c->pilot_par * (size_t)pilot * np);
    c->pilot_stat = malloc(sizeof *c->pilot_stat * (size_t)pilot * ns);
    c->heap = malloc(sizeof *c->heap * (size_t)keep);
    c->kept_par = malloc(sizeof *c->kept_par * (size_t)keep * np);
    c->kept_stat = malloc(sizeof *c->kept_stat * (size_t)keep * ns);
    if (!c->obs || !c->scale || !c->pilot_run || !c->pilot_par || !c->pilot_stat || !c->heap || !c->kept_par ||
        !c->kept_stat) {
        ps_calib_free(c);
        return NULL;
    }
    memcpy(c->obs, obs, sizeof *obs * ns);
    for (long k = 0; k < keep; k++) {
        c->heap[k].par = c->kept_par + k * n_par;
        c->heap[k].stat = c->kept_stat + k * n_stat;
    }
    return c;
}

void ps_calib_free(ps_calib *c)
{
    if (!c)
        return;
    free(c->obs);
    free(c->scale);
    free(c->pilot_run);
    free(c->pilot_par);
    free(c->pilot_stat);
    free(c->heap);
    free(c->kept_par);
    free(c->kept_stat);
    free(c);
}

static double distance(const ps_calib *c, const double *stat)
{
    double s = 0;
    for (int j = 0; j < c->n_stat; j++)
        if (c->scale[j] > 0) {
            double z = (stat[j] - c->obs[j]) / c->scale[j];
            s += z * z;
        }
    return sqrt(s);
}

/* Heap order: larger distance first; at equal distance the later run. */
static bool above(const entry *a, const entry *b) { return a->d > b->d || (a->d == b->d && a->run > b->run); }

static void swap_entries(entry *a, entry *b)
{
    entry t = *a;
    *a = *b;
    *b = t;
}

static void sift_down(entry *h, long n, long i)
{
    for (;;) {
        long l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && above(&h[l], &h[m]))
            m = l;
        if (r < n && above(&h[r], &h[m]))
            m = r;
        if (m == i)
            return;
        swap_entries(&h[i], &h[m]);
        i = m;
    }
}

static void offer(ps_calib *c, long run, const double *par, const double *stat)
{
    entry cand = {run, distance(c, stat), NULL, NULL};
    entry *h = c->heap;
    if (c->n_kept < c->keep) {
        long i = c->n_kept++;
        h[i].run = run, h[i].d = cand.d;
        memcpy(h[i].par, par, sizeof *par * (size_t)c->n_par);
        memcpy(h[i].stat, stat, sizeof *stat * (size_t)c->n_stat);
        while (i > 0 && above(&h[i], &h[(i - 1) / 2])) {
            swap_entries(&h[i], &h[(i - 1) / 2]);
            i = (i - 1) / 2;
        }
        return;
    }
    if (!above(&h[0], &cand))
        return;
    h[0].run = run, h[0].d = cand.d;
    memcpy(h[0].par, par, sizeof *par * (size_t)c->n_par);
    memcpy(h[0].stat, stat, sizeof *stat * (size_t)c->n_stat);
    sift_down(h, c->n_kept, 0);
}

static void fix_scales(ps_calib *c)
{
    long n = c->n_pilot;
    double *dev = malloc(sizeof *dev * (size_t)(n > 0 ? n : 1));
    for (int j = 0; j < c->n_stat && dev; j++) {
        const double *x = c->pilot_stat + j;
        double med = ps_calib_quantile(x, n, c->n_stat, 0.5);
        for (long i = 0; i < n; i++)
            dev[i] = fabs(x[i * c->n_stat] - med);
        double mad = 1.4826 * ps_calib_quantile(dev, n, 1, 0.5);
        if (!(mad > 0) && n > 1) {
            double m = 0, v = 0;
            for (long i = 0; i < n; i++)
                m += x[i * c->n_stat];
            m /= (double)n;
            for (long i = 0; i < n; i++)
                v += (x[i * c->n_stat] - m) * (x[i * c->n_stat] - m);
            mad = sqrt(v / (double)(n - 1));
        }
        c->scale[j] = mad > 0 && isfinite(mad) ? mad : 0;
    }
    free(dev);
    c->scaled = true;
    for (long i = 0; i < n; i++)
        offer(c, c->pilot_run[i], c->pilot_par + i * c->n_par, c->pilot_stat + i * c->n_stat);
}

int ps_calib_add(ps_calib *c, long run, const double *par, const double *stat)
{
    c->added++;
    if (c->scaled) {
        offer(c, run, par, stat);
        return 0;
    }
    long i = c->n_pilot++;
    c->pilot_run[i] = run;
    memcpy(c->pilot_par + i * c->n_par, par, sizeof *par * (size_t)c->n_par);
    memcpy(c->pilot_stat + i * c->n_stat, stat, sizeof *stat * (size_t)c->n_stat);
    if (c->n_pilot == c->pilot)
        fix_scales(c);
    return 0;
}

static int by_run(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    return (x->run > y->run) - (x->run < y->run);
}

int ps_calib_finish(ps_calib *c)
{
    if (!c->scaled)
        fix_scales(c);
    qsort(c->heap, (size_t)c->n_kept, sizeof *c->heap, by_run);
    return 0;
}

long ps_calib_added(const ps_calib *c) { return c->added; }
long ps_calib_kept(const ps_calib *c) { return c->n_kept; }
const double *ps_calib_scales(const ps_calib *c) { return c->scale; }
long ps_calib_run(const ps_calib *c, long i) { return c->heap[i].run; }
double ps_calib_distance(const ps_calib *c, long i) { return c->heap[i].d; }
const double *ps_calib_params(const ps_calib *c, long i) { return c->heap[i].par; }
const double *ps_calib_stats(const ps_calib *c, long i) { return c->heap[i].stat; }

const double *ps_calib_pilot(const ps_calib *c, long *n)
{
    *n = c->n_pilot;
    return c->pilot_par;
}

int ps_calib_adjust(ps_calib *c, const double *lo, const double *hi)
{
    int used[64], m = 0;
    for (int j = 0; j < c->n_stat && m < 64; j++)
        if (c->scale[j] > 0)
            used[m++] = j;
    long n = c->n_kept;
    double dmax = 0;
    for (long i = 0; i < n; i++)
        dmax = fmax(dmax, c->heap[i].d);
    long positive = 0;
    for (long i = 0; i < n; i++)
        positive += c->heap[i].d < dmax;
    if (m == 0 || positive < m + 2 || !(dmax > 0))
        return -1;
    size_t rows = (size_t)n, cols = (size_t)m + 1;
    gsl_matrix *X = gsl_matrix_alloc(rows, cols), *cov = gsl_matrix_alloc(cols, cols);
    gsl_vector *w = gsl_vector_alloc(rows), *y = gsl_vector_alloc(rows), *beta = gsl_vector_alloc(cols);
    gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc(rows, cols);
    double *adjusted = malloc(sizeof *adjusted * rows * (size_t)c->n_par);
    int rc = X && cov && w && y && beta && ws && adjusted ? 0 : -1;
    for (long i = 0; rc == 0 && i < n; i++) {
        double r = c->heap[i].d / dmax;
        gsl_vector_set(w, (size_t)i, 1 - r * r);
        gsl_matrix_set(X, (size_t)i, 0, 1.0);
        for (int k = 0; k < m; k++)
            gsl_matrix_set(X, (size_t)i, (size_t)k + 1,
                           (c->heap[i].stat[used[k]] - c->obs[used[k]]) / c->scale[used[k]]);
    }
    for (int p = 0; rc == 0 && p < c->n_par; p++) {
        for (long i = 0; i < n; i++)
            gsl_vector_set(y, (size_t)i, c->heap[i].par[p]);
        double chisq;
        if (gsl_multifit_wlinear(X, w, y, beta, cov, &chisq, ws) != 0) {
            rc = -1;
            break;
        }
        for (long i = 0; i < n; i++) {
            double t = c->heap[i].par[p];
            for (int k = 0; k < m; k++)
                t -= gsl_vector_get(beta, (size_t)k + 1) * gsl_matrix_get(X, (size_t)i, (size_t)k + 1);
            adjusted[i * c->n_par + p] = fmin(hi[p], fmax(lo[p], t));
        }
    }
    if (rc == 0)
        for (long i = 0; i < n; i++)
            memcpy(c->heap[i].par, adjusted + i * c->n_par, sizeof *adjusted * (size_t)c->n_par);
    free(adjusted);
    gsl_multifit_linear_free(ws);
    gsl_vector_free(beta);
    gsl_vector_free(y);
    gsl_vector_free(w);
    gsl_matrix_free(cov);
    gsl_matrix_free(X);
    return rc;
}
