/* cli_sensitivity_design.c — the designs of `parksim sensitivity`: the
 * space of inputs (uncertain settings grouped where they cannot move alone:
 * correlated, or from one samples file), the map from a design point in
 * [0, 1)^d to a parameter vector, and for each method which run index and
 * which parameter vector evaluation e is (Saltelli/Sobol, Morris, tornado;
 * the design matrices themselves: sensitivity.c). Running the evaluations
 * and writing sensitivity.tsv: cli_sensitivity.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "cli_sensitivity_int.h"
#include "parksim/samples.h"

/* ---- the space of inputs ------------------------------------------------ */

static int uf_find(int *parent, int i)
{
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

/* Groups: union of correlated pairs and of all samples-file settings. */
int sens_space_init(sens_space *sp, const ps_scenario *sc, ps_error *err)
{
    const ps_unc_set *set = &sc->unc;
    memset(sp, 0, sizeof *sp);
    sp->set = set;
    int parent[PS_UNC_MAX], first_sample = -1;
    for (int i = 0; i < set->n; i++)
        parent[i] = i;
    for (int c = 0; c < set->n_corr; c++)
        parent[uf_find(parent, set->corr[c].a)] = uf_find(parent, set->corr[c].b);
    for (int i = 0; i < set->n; i++) {
        sp->sample_col[i] = -1;
        if (set->settings[i].dist.kind != PS_UNC_SAMPLES)
            continue;
        if (first_sample < 0)
            first_sample = i;
        else
            parent[uf_find(parent, i)] = uf_find(parent, first_sample);
    }
    if (first_sample >= 0) {
        int st = ps_samples_read(set->samples, set->samples, &sp->samples, err);
        if (st != PS_OK)
            return st;
        for (int i = 0; i < set->n; i++)
            if (set->settings[i].dist.kind == PS_UNC_SAMPLES &&
                (sp->sample_col[i] = ps_samples_column(&sp->samples, set->settings[i].path)) < 0)
                return ps_error_set(err, PS_ERR_DATA, set->samples, 0, set->settings[i].path, "no such column");
    }
    if (ps_unc_cholesky(set, sp->corr_map, &sp->n_corr, sp->chol) != 0)
        return ps_error_set(err, PS_ERR_CONFIG, sc->path, 0, "uncertain.correlations",
                            "the correlation matrix is not positive definite");
    /* Dimensions: one per setting, one for all samples-file settings. */
    int group_root[PS_UNC_MAX], sample_dim = -1;
    for (int i = 0; i < set->n; i++) {
        if (sp->sample_col[i] >= 0 && sample_dim >= 0) {
            sp->dim_of[i] = sample_dim;
            continue;
        }
        sp->dim_of[i] = sp->n_dims++;
        if (sp->sample_col[i] >= 0)
            sample_dim = sp->dim_of[i];
    }
    for (int i = 0; i < set->n; i++) {
        int root = uf_find(parent, i), g = 0;
        while (g < sp->n_groups && group_root[g] != root)
            g++;
        if (g == sp->n_groups) {
            group_root[g] = root;
            sp->group_lead[g] = i;
            sp->n_groups++;
        }
        char *name = sp->group_name[g];
        size_t len = strlen(name);
        snprintf(name + len, sizeof sp->group_name[g] - len, "%s%s", len ? "+" : "", set->settings[i].path);
        sp->group_of_dim[sp->dim_of[i]] = g;
    }
    return PS_OK;
}

static double clamp_u(double u)
{
    return u < 1e-12 ? 1e-12 : u > 1 - 1e-12 ? 1 - 1e-12 : u;
}

/* Parameter vector for design point u[0..n_dims): the copula over the
 * correlated settings, a samples row, each marginal's inverse CDF. */
static void space_map(const sens_space *sp, const double *u, double *params)
{
    const ps_unc_set *set = sp->set;
    double z[PS_UNC_MAX];
    int m = sp->n_corr;
    for (int i = 0; i < set->n; i++)
        if (sp->corr_map[i] >= 0)
            z[sp->corr_map[i]] = gsl_cdf_ugaussian_Pinv(clamp_u(u[sp->dim_of[i]]));
    for (int i = 0; i < set->n; i++) {
        double ui = clamp_u(u[sp->dim_of[i]]);
        if (sp->sample_col[i] >= 0) {
            long row = (long)(ui * (double)sp->samples.n_rows);
            if (row >= sp->samples.n_rows)
                row = sp->samples.n_rows - 1;
            params[i] = sp->samples.values[row * sp->samples.n_cols + sp->sample_col[i]];
            continue;
        }
        if (sp->corr_map[i] >= 0) {
            int r = sp->corr_map[i];
            double y = 0;
            for (int c = 0; c <= r; c++)
                y += sp->chol[r * m + c] * z[c];
            ui = clamp_u(gsl_cdf_ugaussian_P(y));
        }
        params[i] = ps_unc_quantile(&set->settings[i].dist, ui);
    }
}

/* q-quantile of samples column c. */
static double sample_quantile(const ps_samples *s, int c, double q)
{
    double *v = malloc(sizeof *v * (size_t)s->n_rows);
    if (!v)
        return NAN;
    for (long r = 0; r < s->n_rows; r++)
        v[r] = s->values[r * s->n_cols + c];
    gsl_sort(v, 1, (size_t)s->n_rows);
    double x = gsl_stats_quantile_from_sorted_data(v, 1, (size_t)s->n_rows, q);
    free(v);
    return x;
}

/* Tornado point: every setting at its median, group g (-1: none) at its
 * q-quantile. A correlated group: its first setting at q, the others at
 * their conditional medians given it (Gaussian copula: z_j = r_j,lead z);
 * a samples-file group: each column at its own q-quantile. */
void sens_space_tornado(const sens_space *sp, int g, double q, double *params)
{
    const ps_unc_set *set = sp->set;
    double u[PS_UNC_MAX];
    for (int d = 0; d < sp->n_dims; d++)
        u[d] = 0.5;
    space_map(sp, u, params);
    for (int i = 0; i < set->n; i++)
        if (sp->sample_col[i] >= 0)
            params[i] = ps_samples_median(&sp->samples, sp->sample_col[i]);
    if (g < 0)
        return;
    int lead = sp->group_lead[g], m = sp->n_corr;
    double zl = gsl_cdf_ugaussian_Pinv(q);
    for (int i = 0; i < set->n; i++) {
        if (sp->group_of_dim[sp->dim_of[i]] != g)
            continue;
        if (sp->sample_col[i] >= 0)
            params[i] = sample_quantile(&sp->samples, sp->sample_col[i], q);
        else if (sp->corr_map[i] < 0 || i == lead)
            params[i] = ps_unc_quantile(&set->settings[i].dist, q);
        else {
            int a = sp->corr_map[i], b = sp->corr_map[lead];
            double r = 0;
            for (int c = 0; c < m; c++)
                r += sp->chol[a * m + c] * sp->chol[b * m + c];
            params[i] = ps_unc_quantile(&set->settings[i].dist, clamp_u(gsl_cdf_ugaussian_P(r * zl)));
        }
    }
}

/* ---- the points of each design ------------------------------------------ */

/* Blocks of n evaluations: A, B, AB_g for each group, AB_shocks. */
void sens_sobol_point(const void *vctx, long e, long *run, double *params)
{
    const sobol_ctx *c = vctx;
    const sens_space *sp = c->sp;
    long block = e / c->n, j = e % c->n;
    int d = sp->n_dims;
    double u[PS_UNC_MAX];
    const double *a = c->a + j * d, *b = c->b + j * d;
    if (block == 1) {
        memcpy(u, b, sizeof *u * (size_t)d);
        *run = c->first + c->n + j;
    } else {
        memcpy(u, a, sizeof *u * (size_t)d);
        *run = c->first + j;
        if (block >= 2 && block < 2 + sp->n_groups)
            for (int k = 0; k < d; k++)
                if (sp->group_of_dim[k] == block - 2)
                    u[k] = b[k];
        if (block == 2 + sp->n_groups)
            *run = c->first + c->n + j; /* shocks from B */
    }
    space_map(sp, u, params);
}

void sens_morris_point(const void *vctx, long e, long *run, double *params)
{
    const morris_ctx *c = vctx;
    const sens_space *sp = c->sp;
    long pt = e / c->runs;
    *run = c->first + e % c->runs;
    double u[PS_UNC_MAX];
    /* Level l of p is the middle of the l-th of p equal-probability bins. */
    for (int d = 0; d < sp->n_dims; d++)
        u[d] = (c->x[pt * sp->n_groups + sp->group_of_dim[d]] * (c->p - 1) + 0.5) / c->p;
    space_map(sp, u, params);
}

/* Point 0: all at the median; 1 + 2g: group g low; 2 + 2g: high. */
void sens_tornado_point(const void *vctx, long e, long *run, double *params)
{
    const tornado_ctx *c = vctx;
    long pt = e / c->runs;
    *run = c->first + e % c->runs;
    sens_space_tornado(c->sp, pt == 0 ? -1 : (int)((pt - 1) / 2), pt == 0 ? 0.5 : (pt % 2 ? 0.05 : 0.95), params);
}
