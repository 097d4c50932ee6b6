/* prim.c — PRIM peeling, pasting, quasi-p values and the resampling check
 * (include/parksim/prim.h; Friedman & Fisher 1999, EMA Workbench's
 * prim.py, Kwakkel 2017). Peeling walks each input's cases in sorted order
 * (sorted once), so a step costs about k * alpha * n / mass, not a sort. */
#include "parksim/prim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>

bool ps_prim_inside(const double *x, int k, long i, const ps_prim_box *box)
{
    const double *row = x + (size_t)i * (size_t)k;
    for (int j = 0; j < k; j++)
        if (row[j] < box->lo[j] || row[j] > box->hi[j])
            return false;
    return true;
}

static void finish_stats(ps_prim_box *box, long n, long total_hits, int k)
{
    box->coverage = total_hits > 0 ? (double)box->hits / (double)total_hits : 0;
    box->density = box->cases > 0 ? (double)box->hits / (double)box->cases : 0;
    box->mass = (double)box->cases / (double)n;
    box->restricted = 0;
    for (int j = 0; j < k; j++)
        box->restricted += isfinite(box->lo[j]) || isfinite(box->hi[j]);
}

static long count_hits(const unsigned char *y, long n)
{
    long h = 0;
    for (long i = 0; i < n; i++)
        h += y[i] != 0;
    return h;
}

void ps_prim_box_stats(const double *x, const unsigned char *y, long n, int k, ps_prim_box *box)
{
    box->cases = box->hits = 0;
    for (long i = 0; i < n; i++)
        if (ps_prim_inside(x, k, i, box)) {
            box->cases++;
            box->hits += y[i] != 0;
        }
    finish_stats(box, n, count_hits(y, n), k);
}

void ps_prim_box_all(const unsigned char *y, long n, int k, ps_prim_box *box)
{
    for (int j = 0; j < PS_PRIM_MAX_INPUTS; j++) {
        box->lo[j] = -INFINITY;
        box->hi[j] = INFINITY;
    }
    box->cases = n;
    box->hits = count_hits(y, n);
    finish_stats(box, n, box->hits, k);
}

/* qsort context: C11 has no qsort_r, so sort (value, index) pairs. */
typedef struct keyed {
    double v;
    long i;
} keyed;

static int keyed_cmp(const void *a, const void *b)
{
    const keyed *p = a, *q = b;
    if (p->v != q->v)
        return p->v < q->v ? -1 : 1;
    return (p->i > q->i) - (p->i < q->i);
}

/* A peel of input j from one side: how many cases and hits it removes and
 * the new limit (the nearest remaining value). dir +1: from below. */
typedef struct peel {
    long removed, removed_hits;
    double limit;
    bool ok;
} peel;

static peel try_peel(const long *order, const double *x, const unsigned char *y, long n, int k, int j,
                     const unsigned char *in, long target, int dir)
{
    peel r = {0, 0, 0, false};
    double last = NAN;
    for (long s = 0; s < n; s++) {
        long i = order[dir > 0 ? s : n - 1 - s];
        if (!in[i])
            continue;
        double v = x[(size_t)i * (size_t)k + (size_t)j];
        if (r.removed >= target && v != last) {
            r.limit = v;
            r.ok = true;
            return r;
        }
        r.removed++;
        r.removed_hits += y[i] != 0;
        last = v;
    }
    return r; /* everything would go: not a peel */
}

static void apply_peel(const long *order, const double *x, long n, int k, int j, unsigned char *in, double limit,
                       int dir)
{
    for (long s = 0; s < n; s++) {
        long i = order[dir > 0 ? s : n - 1 - s];
        double v = x[(size_t)i * (size_t)k + (size_t)j];
        if (dir > 0 ? v >= limit : v <= limit)
            break;
        in[i] = 0;
    }
}

static int check_params(long n, int k, double alpha, double min_mass, ps_error *err)
{
    if (k < 1 || k > PS_PRIM_MAX_INPUTS)
        return ps_error_set(err, PS_ERR_CONFIG, NULL, 0, NULL, "PRIM needs 1 to %d inputs, got %d",
                            PS_PRIM_MAX_INPUTS, k);
    if (n < 2)
        return ps_error_set(err, PS_ERR_CONFIG, NULL, 0, NULL, "PRIM needs at least 2 cases, got %ld", n);
    if (!(alpha > 0 && alpha < 0.5))
        return ps_error_set(err, PS_ERR_CONFIG, NULL, 0, "alpha", "expected a share above 0 and below 0.5, got %g",
                            alpha);
    if (!(min_mass > 0 && min_mass < 1))
        return ps_error_set(err, PS_ERR_CONFIG, NULL, 0, "min-mass",
                            "expected a share above 0 and below 1, got %g", min_mass);
    return PS_OK;
}

int ps_prim_peel(const double *x, const unsigned char *y, long n, int k, const ps_prim_params *p,
                 ps_prim_box **traj, int *n_traj, ps_error *err)
{
    *traj = NULL;
    *n_traj = 0;
    int status = check_params(n, k, p->alpha, p->min_mass, err);
    if (status)
        return status;
    /* Boxes shrink by a share alpha per step (at least one case): the
     * trajectory is at most log(min_mass)/log(1 - alpha) + 2 long, and never
     * longer than n. */
    long cap = (long)ceil(log(p->min_mass) / log1p(-p->alpha)) + 2;
    if (cap > n + 1)
        cap = n + 1;
    long *order = malloc((size_t)n * (size_t)k * sizeof *order);
    keyed *tmp = malloc((size_t)n * sizeof *tmp);
    unsigned char *in = malloc((size_t)n);
    ps_prim_box *t = malloc((size_t)cap * sizeof *t);
    if (!order || !tmp || !in || !t) {
        free(order), free(tmp), free(in), free(t);
        return ps_error_set(err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory for PRIM on %ld cases", n);
    }
    for (int j = 0; j < k; j++) {
        for (long i = 0; i < n; i++)
            tmp[i] = (keyed){x[(size_t)i * (size_t)k + (size_t)j], i};
        qsort(tmp, (size_t)n, sizeof *tmp, keyed_cmp);
        for (long i = 0; i < n; i++)
            order[(size_t)j * (size_t)n + (size_t)i] = tmp[i].i;
    }
    free(tmp);
    memset(in, 1, (size_t)n);
    ps_prim_box_all(y, n, k, &t[0]);
    long total_hits = t[0].hits;
    int nt = 1;
    double min_cases = p->min_mass * (double)n;
    while (nt < cap) {
        const ps_prim_box *cur = &t[nt - 1];
        long target = (long)ceil(p->alpha * (double)cur->cases);
        if (target < 1)
            target = 1;
        int best_j = -1, best_dir = 0;
        peel best = {0, 0, 0, false};
        double best_density = -1;
        for (int j = 0; j < k; j++)
            for (int dir = 1; dir >= -1; dir -= 2) {
                peel c = try_peel(order + (size_t)j * (size_t)n, x, y, n, k, j, in, target, dir);
                long left = cur->cases - c.removed;
                if (!c.ok || (double)left < min_cases)
                    continue;
                double d = (double)(cur->hits - c.removed_hits) / (double)left;
                if (d > best_density || (d == best_density && c.removed < best.removed)) {
                    best = c, best_density = d, best_j = j, best_dir = dir;
                }
            }
        if (best_j < 0)
            break;
        apply_peel(order + (size_t)best_j * (size_t)n, x, n, k, best_j, in, best.limit, best_dir);
        ps_prim_box *nb = &t[nt];
        *nb = *cur;
        if (best_dir > 0)
            nb->lo[best_j] = best.limit;
        else
            nb->hi[best_j] = best.limit;
        nb->cases = cur->cases - best.removed;
        nb->hits = cur->hits - best.removed_hits;
        finish_stats(nb, n, total_hits, k);
        nt++;
    }
    free(order);
    free(in);
    *traj = t;
    *n_traj = nt;
    return PS_OK;
}

int ps_prim_choose(const ps_prim_box *traj, int n_traj, double min_coverage)
{
    int best = 0;
    for (int b = 1; b < n_traj; b++)
        if (traj[b].coverage >= min_coverage && traj[b].density > traj[best].density)
            best = b;
    double d = traj[best].density, floor = d - 2 * sqrt(d * (1 - d) / (double)traj[best].cases);
    for (int b = 0; b < best; b++)
        if (traj[b].coverage >= min_coverage && traj[b].density >= floor)
            return b;
    return best;
}

int ps_prim_paste(const double *x, const unsigned char *y, long n, int k, double alpha, ps_prim_box *box)
{
    ps_prim_box_stats(x, y, n, k, box);
    keyed *cand = malloc((size_t)n * sizeof *cand);
    double *colmin = malloc((size_t)k * sizeof *colmin), *colmax = malloc((size_t)k * sizeof *colmax);
    if (!cand || !colmin || !colmax) {
        free(cand), free(colmin), free(colmax);
        return 0; /* no memory: the box stays as peeled */
    }
    for (int j = 0; j < k; j++) {
        colmin[j] = INFINITY, colmax[j] = -INFINITY;
        for (long i = 0; i < n; i++) {
            double v = x[(size_t)i * (size_t)k + (size_t)j];
            colmin[j] = fmin(colmin[j], v), colmax[j] = fmax(colmax[j], v);
        }
    }
    long total_hits = count_hits(y, n);
    int pastes = 0;
    for (;;) {
        long target = (long)ceil(alpha * (double)box->cases);
        if (target < 1)
            target = 1;
        int best_j = -1, best_dir = 0;
        double best_density = box->density, best_limit = 0;
        long best_add = 0, best_add_hits = 0;
        for (int j = 0; j < k; j++)
            for (int dir = 1; dir >= -1; dir -= 2) {
                double lim = dir > 0 ? box->lo[j] : box->hi[j];
                if (!isfinite(lim))
                    continue;
                /* Cases outside only through this limit, nearest first. */
                long m = 0;
                ps_prim_box wide = *box;
                if (dir > 0)
                    wide.lo[j] = -INFINITY;
                else
                    wide.hi[j] = INFINITY;
                for (long i = 0; i < n; i++) {
                    double v = x[(size_t)i * (size_t)k + (size_t)j];
                    if ((dir > 0 ? v < lim : v > lim) && ps_prim_inside(x, k, i, &wide))
                        cand[m++] = (keyed){dir > 0 ? -v : v, i};
                }
                if (m == 0)
                    continue;
                qsort(cand, (size_t)m, sizeof *cand, keyed_cmp);
                long take = 0, hits = 0;
                while (take < m && (take < target || cand[take].v == cand[take - 1].v)) {
                    hits += y[cand[take].i] != 0;
                    take++;
                }
                double d = (double)(box->hits + hits) / (double)(box->cases + take);
                if (d > best_density) {
                    best_density = d, best_j = j, best_dir = dir, best_add = take, best_add_hits = hits;
                    best_limit = dir > 0 ? -cand[take - 1].v : cand[take - 1].v;
                }
            }
        if (best_j < 0 || pastes >= 100000)
            break;
        if (best_dir > 0)
            box->lo[best_j] = best_limit <= colmin[best_j] ? -INFINITY : best_limit;
        else
            box->hi[best_j] = best_limit >= colmax[best_j] ? INFINITY : best_limit;
        box->cases += best_add;
        box->hits += best_add_hits;
        finish_stats(box, n, total_hits, k);
        pastes++;
    }
    free(cand), free(colmin), free(colmax);
    return pastes;
}

double ps_prim_quasi_p(const double *x, const unsigned char *y, long n, int k, const ps_prim_box *box, int j)
{
    if (!isfinite(box->lo[j]) && !isfinite(box->hi[j]))
        return 1;
    ps_prim_box in = *box, without = *box;
    without.lo[j] = -INFINITY, without.hi[j] = INFINITY;
    ps_prim_box_stats(x, y, n, k, &in);
    ps_prim_box_stats(x, y, n, k, &without);
    if (in.hits == 0)
        return 1;
    /* P(X >= hits) = Q(hits - 1), X ~ Binomial(cases, null density). */
    return gsl_cdf_binomial_Q((unsigned)(in.hits - 1), without.density, (unsigned)in.cases);
}

int ps_prim_prune(const double *x, const unsigned char *y, long n, int k, double level, ps_prim_box *box)
{
    int dropped = 0;
    for (;;) {
        int worst = -1;
        double worst_p = level;
        for (int j = 0; j < k; j++) {
            if (!isfinite(box->lo[j]) && !isfinite(box->hi[j]))
                continue;
            double q = ps_prim_quasi_p(x, y, n, k, box, j);
            if (q > worst_p)
                worst = j, worst_p = q;
        }
        if (worst < 0)
            break;
        box->lo[worst] = -INFINITY, box->hi[worst] = INFINITY;
        dropped++;
    }
    ps_prim_box_stats(x, y, n, k, box);
    return dropped;
}

int ps_prim_resample(const double *x, const unsigned char *y, long n, int k, const ps_prim_params *p,
                     double min_coverage, double prune_level, int resamples, unsigned long seed, int *count,
                     ps_error *err)
{
    for (int j = 0; j < k; j++)
        count[j] = 0;
    int status = check_params(n, k, p->alpha, p->min_mass, err);
    if (status)
        return status;
    double *xb = malloc((size_t)n * (size_t)k * sizeof *xb);
    unsigned char *yb = malloc((size_t)n);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_taus2);
    if (!xb || !yb || !rng) {
        free(xb), free(yb), gsl_rng_free(rng);
        return ps_error_set(err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory for PRIM resamples");
    }
    gsl_rng_set(rng, seed);
    long *idx = malloc((size_t)n * sizeof *idx);
    if (!idx) {
        free(xb), free(yb), gsl_rng_free(rng);
        return ps_error_set(err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory for PRIM resamples");
    }
    for (long i = 0; i < n; i++)
        idx[i] = i;
    long m = n / 2 > 2 ? n / 2 : n;
    for (int r = 0; r < resamples && status == PS_OK; r++) {
        /* Half of the cases without replacement (EMA Workbench's
         * PrimBox.resample, p = 1/2): no duplicated cases, whose ties would
         * make peels of their own: the first m of a partial Fisher-Yates
         * shuffle (uniform whatever order idx is left in). */
        for (long i = 0; i < m; i++) {
            long j = i + (long)gsl_rng_uniform_int(rng, (unsigned long)(n - i));
            long t = idx[i];
            idx[i] = idx[j], idx[j] = t;
        }
        long w = 0;
        for (long i = 0; i < m; i++) {
            long src = idx[i];
            memcpy(xb + (size_t)w * (size_t)k, x + (size_t)src * (size_t)k, (size_t)k * sizeof *xb);
            yb[w++] = y[src];
        }
        ps_prim_box *traj = NULL;
        int nt = 0;
        status = ps_prim_peel(xb, yb, m, k, p, &traj, &nt, err);
        if (status)
            break;
        ps_prim_box box = traj[ps_prim_choose(traj, nt, min_coverage)];
        free(traj);
        ps_prim_paste(xb, yb, m, k, p->alpha, &box);
        if (prune_level < 1)
            ps_prim_prune(xb, yb, m, k, prune_level, &box);
        for (int j = 0; j < k; j++)
            count[j] += isfinite(box.lo[j]) || isfinite(box.hi[j]);
    }
    free(xb), free(yb), free(idx);
    gsl_rng_free(rng);
    return status;
}
