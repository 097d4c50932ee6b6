/* national.c — the synthetic 2015 state of the national zones.
 *
 * Steps (scenarios/data/README.md, "How the national zones are
 * synthesised"): value-added ratio draws; published revenue or GDP pinned;
 * the other revenues as lognormal quantiles by seniority rank, σ fitted so
 * the sum is exact (fit.c); GDP from one scale on the va draws; the other
 * per-zone quantities drawn and scaled by one factor each so every
 * aggregate over the 146 zones (SIP excluded) equals its target.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sort.h>

#include "bgen.h"

/* SIP is in the file but outside the published 146-zone totals. */
static int counts_in_totals(const bg_zone *gz) { return !gz->z.sip; }

void bg_synth_national(bg_gen *g, bg_nat_report *rep)
{
    int n = g->n_nat;
    const bg_year *yt = g->yt;
    /* 1. Value-added ratio draw (scaled in step 4). */
    for (int i = 0; i < n; i++)
        g->nat[i].z.va_ratio = bg_draw_va(g, VA_MEAN);

    /* 2. Published figures. Revenue published: kept, GDP synthesised unless
     * it is also published and consistent with the va bounds. GDP only:
     * kept, va = the national ratio ΣY/ΣR, revenue = GDP / va. */
    if (!yt->use_zone_figures)
        for (int i = 0; i < n; i++) {
            bg_zone *gz = &g->nat[i];
            gz->pub_gdp = gz->z.sip ? gz->pub_gdp * yt->sip_gdp_scale : 0;
            gz->pub_revenue = 0;
        }
    double pinned_revenue = 0;
    int pinned_over = 0, n_grid = 0;
    for (int i = 0; i < n; i++) {
        bg_zone *gz = &g->nat[i];
        if (gz->pub_revenue > 0) {
            gz->revenue = gz->pub_revenue;
            gz->z.published |= PS_FIELD_REVENUE;
            double ratio = gz->pub_gdp / gz->pub_revenue;
            if (gz->pub_gdp > 0 && ratio >= VA_MIN && ratio <= VA_MAX) {
                gz->z.gdp = gz->pub_gdp;
                gz->z.va_ratio = ratio;
                gz->z.published |= PS_FIELD_GDP;
            } else if (gz->pub_gdp > 0) {
                printf("note: %s: published GDP %.2f and revenue %.0f imply va %.3f; "
                       "revenue kept, GDP synthesised\n",
                       gz->z.name, gz->pub_gdp, gz->pub_revenue, ratio);
            }
        } else if (gz->pub_gdp > 0) {
            gz->z.gdp = gz->pub_gdp;
            gz->z.published |= PS_FIELD_GDP;
            gz->z.va_ratio = yt->gdp / yt->revenue; /* the national ratio, not a draw */
            gz->revenue = gz->z.gdp / gz->z.va_ratio;
        }
        if (!counts_in_totals(gz))
            continue;
        if (gz->revenue > 0) {
            pinned_revenue += gz->revenue;
            pinned_over += gz->revenue > T_REVENUE_LINE;
        } else {
            n_grid++;
        }
    }

    /* 3. Revenue of the others: lognormal quantiles by seniority rank. */
    double *score = bg_xcalloc((size_t)n, sizeof *score);
    int *grid_zone = bg_xcalloc((size_t)n, sizeof *grid_zone);
    int m = 0;
    for (int i = 0; i < n; i++) {
        bg_zone *gz = &g->nat[i];
        double noise = gsl_ran_gaussian_ziggurat(g->rng, SCORE_NOISE);
        if (!counts_in_totals(gz) || gz->revenue > 0)
            continue;
        /* negative: gsl_sort_index sorts ascending, rank 1 = highest score */
        score[m] = -(SCORE_CLASS[gz->z.cls] + SCORE_PER_YEAR * (yt->year - gz->approved_eff) +
                     (gz->z.demo ? SCORE_DEMO : 0) + SCORE_REGION[gz->z.region] + noise);
        if (strcmp(gz->z.name_zh, BG_LARGEST_ZONE) == 0)
            score[m] = -HUGE_VAL;
        grid_zone[m++] = i;
    }
    size_t *order = bg_xcalloc((size_t)n_grid, sizeof *order);
    gsl_sort_index(order, score, 1, (size_t)n_grid);
    double *zq = bg_xcalloc((size_t)n_grid, sizeof *zq);
    for (int r = 0; r < n_grid; r++) /* descending rank r -> ascending k = n_grid - r */
        zq[r] = gsl_cdf_ugaussian_Pinv((n_grid - r - 0.5) / n_grid);
    int n_over = yt->over_1000 - pinned_over;
    if (n_over < 1 || n_over >= n_grid)
        bg_die("revenue fit: %d zones over the line left for the grid", n_over);
    bg_grid gp = {zq, n_grid, gsl_cdf_ugaussian_Pinv((double)(n_grid - n_over) / n_grid),
                      yt->revenue - pinned_revenue};
    double sigma = bg_fit_sigma(&gp);
    double exact = gp.target / bg_grid_sum(sigma, &gp); /* removes the last 1e-14 */
    for (int r = 0; r < n_grid; r++)
        g->nat[grid_zone[order[r]]].revenue =
            T_REVENUE_LINE * exp(sigma * (zq[r] - gp.z_mid)) * exact;
    rep->sigma = sigma;
    rep->mu = log(T_REVENUE_LINE) - sigma * gp.z_mid;
    rep->n_grid = n_grid;
    free(score);
    free(grid_zone);
    free(order);
    free(zq);

    /* 4. GDP: scale the synthesised va so that ΣY hits the target. */
    double fixed_gdp = 0, free_gdp = 0;
    for (int i = 0; i < n; i++) {
        bg_zone *gz = &g->nat[i];
        if (!counts_in_totals(gz))
            continue;
        if (gz->z.published & PS_FIELD_GDP)
            fixed_gdp += gz->z.gdp;
        else
            free_gdp += gz->z.va_ratio * gz->revenue;
    }
    double s = (yt->gdp - fixed_gdp) / free_gdp;
    rep->va_scale = s;
    for (int i = 0; i < n; i++) {
        bg_zone *gz = &g->nat[i];
        if (gz->z.published & PS_FIELD_GDP)
            continue;
        gz->z.va_ratio *= s;
        gz->z.gdp = gz->z.va_ratio * gz->revenue;
        if (gz->z.va_ratio > 1)
            bg_die("internal error: va_ratio %g > 1 for %s", gz->z.va_ratio, gz->z.name);
    }

    /* 5. Per-zone draws, then exact scaling over the 146. */
    double *ent = bg_xcalloc((size_t)n, sizeof *ent);
    double *nf = bg_xcalloc((size_t)n, sizeof *nf);
    double *q = bg_xcalloc((size_t)n, sizeof *q);
    for (int i = 0; i < n; i++) {
        ps_zone_base *z = &g->nat[i].z;
        int c = z->cls;
        z->rd_intensity = F_RD[c] * (z->demo ? F_DEMO_RD : 1) * bg_lognoise(g, SD_RD);
        z->productivity = F_PROD[c] * bg_lognoise(g, SD_PROD);
        z->kis_share = F_KIS[c] * (z->demo ? F_DEMO_KIS : 1) * bg_lognoise(g, SD_KIS);
        ent[i] = F_ENT[c] * pow(z->gdp, ENT_ELASTICITY) * bg_lognoise(g, SD_ENT);
        nf[i] = ent[i] * F_NEWRATE[c] * (z->demo ? F_DEMO_NEWRATE : 1) * bg_lognoise(g, SD_NEWRATE);
        q[i] = F_LANDQ[c] * bg_lognoise(g, SD_LANDQ);
        z->plot_ratio = F_PLOT[c] * bg_lognoise(g, SD_PLOT);
        z->land_built = z->gdp / q[i];
        z->land_approved = z->land_built / bg_draw_built_share(g);
    }
    double sy = 0, srd = 0, sl = 0, sk = 0, se = 0, sn = 0, sb = 0, sphib = 0;
    for (int i = 0; i < n; i++) {
        ps_zone_base *z = &g->nat[i].z;
        if (!counts_in_totals(&g->nat[i]))
            continue;
        sy += z->gdp;
        srd += z->rd_intensity * z->gdp;
        sl += z->gdp / z->productivity;
        sk += z->kis_share * z->gdp;
        se += ent[i];
        sn += nf[i];
        sb += z->land_built;
        sphib += z->plot_ratio * z->land_built;
    }
    double k_rd = yt->rd * sy / srd, k_prod = sl / yt->employees, k_kis = yt->kis * sy / sk;
    double k_ent = yt->enterprises / se, k_nf = yt->new_firms / sn;
    double k_land = (yt->gdp / yt->land_prod) / sb;
    double k_plot = yt->plot_ratio * sb / sphib; /* invariant under the land scale */
    for (int i = 0; i < n; i++) {
        ps_zone_base *z = &g->nat[i].z;
        z->rd_intensity *= k_rd;
        z->productivity *= k_prod;
        z->kis_share *= k_kis;
        ent[i] *= k_ent;
        nf[i] *= k_nf;
        z->land_built *= k_land;
        z->land_approved *= k_land;
        z->plot_ratio *= k_plot;
        if (z->rd_intensity > 0.5 || z->kis_share > 0.95)
            bg_die("internal error: share out of range for %s", z->name);
    }
    /* Integer counts: largest remainder over the 146, plain rounding for SIP. */
    double *e146 = bg_xcalloc((size_t)n, sizeof *e146), *n146 = bg_xcalloc((size_t)n, sizeof *n146);
    int m146 = 0;
    for (int i = 0; i < n; i++)
        if (counts_in_totals(&g->nat[i])) {
            e146[m146] = ent[i];
            n146[m146++] = nf[i];
        }
    bg_round_to_total(e146, m146, yt->enterprises);
    bg_round_to_total(n146, m146, yt->new_firms);
    for (int i = 0, j = 0; i < n; i++) {
        ps_zone_base *z = &g->nat[i].z;
        if (counts_in_totals(&g->nat[i])) {
            z->enterprises = e146[j];
            z->new_firms = n146[j++];
        } else {
            z->enterprises = round(ent[i]);
            z->new_firms = round(nf[i]);
        }
        if (z->enterprises < 1 || z->new_firms > z->enterprises)
            bg_die("internal error: enterprise counts for %s", z->name);
    }
    free(ent);
    free(nf);
    free(q);
    free(e146);
    free(n146);
    if (!yt->use_zone_figures) /* SIP's GDP was derived, not published */
        for (int i = 0; i < n; i++)
            g->nat[i].z.published = 0;
}

