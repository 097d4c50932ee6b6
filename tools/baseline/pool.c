/* pool.c — the synthetic pool of provincial high-tech zones.
 *
 * No national list of provincial zones exists, so the pool is synthetic
 * (scenarios/data/README.md, "How the provincial pool is synthesised"):
 * BG_POOL_SIZE zones shared among provinces by provinces.tsv (largest
 * remainder), placed in their cities (cities.tsv) with a preference for
 * cities without a national zone, revenues as lognormal quantiles by a
 * random score, the other quantities drawn and scaled to the pool's
 * targets, and finally one shuffle that is the pool order.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sort.h>

#include "bgen.h"

/* Number of prefecture-level cities of province p. */
static int n_prefecture(const bg_geo *geo, int p)
{
    int n = 0;
    for (int c = 0; c < geo->n_cities; c++)
        n += geo->cities[c].province == p && geo->cities[c].prefecture;
    return n;
}

/* Pool size per province: the fixed ones as given, the rest shared by
 * weight with largest remainder. count has one entry per province. */
static void allocate_pool(const bg_geo *geo, int *count)
{
    int np = geo->n_provinces, fixed = 0;
    double wsum = 0;
    double *w = bg_xcalloc((size_t)np, sizeof *w), *quota = bg_xcalloc((size_t)np, sizeof *quota);
    double *frac = bg_xcalloc((size_t)np, sizeof *frac);
    size_t *order = bg_xcalloc((size_t)np, sizeof *order);
    for (int p = 0; p < np; p++) {
        const bg_province *pr = &geo->provinces[p];
        w[p] = pr->fixed >= 0 ? 0 : pr->weight >= 0 ? pr->weight : n_prefecture(geo, p);
        if (pr->fixed >= 0)
            fixed += pr->fixed;
        wsum += w[p];
    }
    if (fixed > BG_POOL_SIZE || (fixed < BG_POOL_SIZE && !(wsum > 0)))
        bg_die("provinces.tsv: the pool rule cannot give %d zones (%d fixed)", BG_POOL_SIZE, fixed);
    int given = 0;
    for (int p = 0; p < np; p++) {
        const bg_province *pr = &geo->provinces[p];
        quota[p] = wsum > 0 ? (BG_POOL_SIZE - fixed) * w[p] / wsum : 0;
        count[p] = pr->fixed >= 0 ? pr->fixed : (int)floor(quota[p]);
        frac[p] = pr->fixed >= 0 ? 1.0 : -(quota[p] - floor(quota[p]));
        given += count[p];
    }
    gsl_sort_index(order, frac, 1, (size_t)np);
    for (int k = 0; given < BG_POOL_SIZE; k++, given++)
        count[order[k]]++;
    free(w);
    free(quota);
    free(frac);
    free(order);
}

void bg_synth_pool(bg_gen *g, bg_pool_report *rep)
{
    const bg_geo *geo = &g->geo;
    memset(rep, 0, sizeof *rep);
    rep->per_province = bg_xcalloc((size_t)geo->n_provinces, sizeof *rep->per_province);
    int *count = bg_xcalloc((size_t)geo->n_provinces, sizeof *count);
    allocate_pool(geo, count);
    /* cities without (unc) and with (cov) a national zone, one province at a time */
    const char **unc = bg_xcalloc((size_t)geo->n_cities + 1, sizeof *unc);
    const char **cov = bg_xcalloc((size_t)geo->n_cities + 1, sizeof *cov);
    int np = 0;
    for (int p = 0; p < geo->n_provinces; p++) {
        const bg_province *pr = &geo->provinces[p];
        int nc = 0, nu = 0, nv = 0;
        for (int c = 0; c < geo->n_cities; c++) {
            const bg_city *city = &geo->cities[c];
            if (city->province != p || !city->prefecture)
                continue;
            nc++;
            int hosted = 0;
            for (int k = 0; k < g->n_nat; k++)
                hosted |= strcmp(g->nat[k].z.city, city->name) == 0 && g->nat[k].province == p;
            if (hosted)
                cov[nv++] = city->name;
            else if (city->pool)
                unc[nu++] = city->name;
            rep->covered_cities += hosted;
        }
        if (nc == 0) /* municipality */
            cov[nv++] = pr->name;
        if (nu > 1) /* gsl_ran_shuffle does not accept n = 0 */
            gsl_ran_shuffle(g->rng, unc, (size_t)nu, sizeof unc[0]);
        if (nv > 1)
            gsl_ran_shuffle(g->rng, cov, (size_t)nv, sizeof cov[0]);
        int n = count[p];
        if (n > 0 && nu + nv == 0)
            bg_die("cities.tsv: no city of %s can take its %d provincial zones", pr->name, n);
        int m = nu == 0 ? 0 : nv == 0 ? n : (int)lround(POOL_UNCOVERED * n);
        if (nv > 0 && m > POOL_MAX_PER_CITY * nu)
            m = POOL_MAX_PER_CITY * nu;
        rep->per_province[p] = n;
        for (int j = 0; j < n; j++) {
            bg_zone *gz = &g->pool[np++];
            ps_zone_base *z = &gz->z;
            const char *city = j < m ? unc[j % nu] : cov[(j - m) % nv];
            gz->covered = j >= m;
            rep->uncovered += !gz->covered;
            int same = 1;
            for (int k = 0; k < np - 1; k++)
                same += strcmp(g->pool[k].z.city, city) == 0;
            if (same == 1)
                snprintf(z->name, sizeof z->name, "%s Provincial High-tech Zone", city);
            else
                snprintf(z->name, sizeof z->name, "%s Provincial High-tech Zone No. %d", city,
                         same);
            bg_copy_str(z->province, sizeof z->province, pr->name, "province");
            bg_copy_str(z->city, sizeof z->city, city, "city");
            z->region = pr->region;
            z->tier = PS_TIER_PROVINCIAL;
            z->cls = PS_CLASS_STANDARD;
            gz->province = p;
        }
    }
    free(count);
    free(unc);
    free(cov);
    if (np != BG_POOL_SIZE)
        bg_die("internal error: pool has %d zones", np);

    /* Revenue: lognormal quantiles (median 150, top 800) ordered by score. */
    double score[BG_POOL_SIZE];
    size_t order[BG_POOL_SIZE];
    for (int i = 0; i < BG_POOL_SIZE; i++)
        score[i] = -(POOL_SCORE_REGION[g->pool[i].z.region] +
                     (g->pool[i].covered ? POOL_SCORE_COVERED : 0) +
                     gsl_ran_ugaussian(g->rng));
    gsl_sort_index(order, score, 1, BG_POOL_SIZE);
    double ztop = gsl_cdf_ugaussian_Pinv((BG_POOL_SIZE - 0.5) / BG_POOL_SIZE);
    double sigma = log(POOL_REV_MAX / POOL_REV_MEDIAN) / ztop;
    double rev_median = POOL_REV_MEDIAN * g->yt->pool_revenue_scale;
    for (int r = 0; r < BG_POOL_SIZE; r++)
        g->pool[order[r]].revenue =
            rev_median * exp(sigma * gsl_cdf_ugaussian_Pinv((BG_POOL_SIZE - r - 0.5) / BG_POOL_SIZE));

    double sy = 0, srd = 0, sl = 0, sk = 0, sb = 0, sphib = 0, se = 0, sn = 0;
    double ent[BG_POOL_SIZE], nf[BG_POOL_SIZE];
    for (int i = 0; i < BG_POOL_SIZE; i++) {
        ps_zone_base *z = &g->pool[i].z;
        z->va_ratio = bg_draw_va(g, POOL_VA_MEAN);
        z->gdp = z->va_ratio * g->pool[i].revenue;
        z->rd_intensity = bg_lognoise(g, SD_RD);
        z->productivity = bg_lognoise(g, SD_PROD);
        z->kis_share = bg_lognoise(g, SD_KIS);
        ent[i] = pow(z->gdp, ENT_ELASTICITY) * bg_lognoise(g, SD_ENT);
        nf[i] = ent[i] * bg_lognoise(g, SD_NEWRATE);
        z->plot_ratio = bg_lognoise(g, SD_PLOT);
        z->land_built = z->gdp / bg_lognoise(g, SD_LANDQ);
        z->land_approved = z->land_built / bg_draw_built_share(g);
        sy += z->gdp;
        srd += z->rd_intensity * z->gdp;
        sl += z->gdp / z->productivity;
        sk += z->kis_share * z->gdp;
        se += ent[i];
        sn += nf[i];
        sb += z->land_built;
        sphib += z->plot_ratio * z->land_built;
    }
    double k_rd = POOL_RD * sy / srd, k_prod = sl / (sy / POOL_PROD), k_kis = POOL_KIS * sy / sk;
    double k_land = (sy / POOL_LAND_PROD) / sb, k_plot = POOL_PLOT * sb / sphib;
    double k_ent = POOL_ENT_PER_GDP * sy / se;
    double k_nf = POOL_NEW_RATE * POOL_ENT_PER_GDP * sy / sn;
    for (int i = 0; i < BG_POOL_SIZE; i++) {
        ps_zone_base *z = &g->pool[i].z;
        z->rd_intensity *= k_rd;
        z->productivity *= k_prod;
        z->kis_share *= k_kis;
        z->land_built *= k_land;
        z->land_approved *= k_land;
        z->plot_ratio *= k_plot;
        z->enterprises = fmax(1, round(ent[i] * k_ent));
        z->new_firms = fmin(z->enterprises, round(nf[i] * k_nf));
        if (z->rd_intensity > 0.5 || z->kis_share > 0.95)
            bg_die("internal error: share out of range for %s", z->name);
    }

    /* Pool order: one random permutation; ids follow it. */
    gsl_ran_shuffle(g->rng, g->pool, BG_POOL_SIZE, sizeof g->pool[0]);
    for (int i = 0; i < BG_POOL_SIZE; i++)
        g->pool[i].z.id = BG_POOL_FIRST_ID + i;
}

