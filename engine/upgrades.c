/* upgrades.c — which provincial zones become national, and which national
 * zones lose status (engine/MODEL.md §2.6).
 *
 * Decisions rest on the year-t state, so every zone is ranked before it
 * steps (ps_rank_zone) and tiers change only after all zones have stepped.
 * The number of upgrades is drawn in draws.c (ps_draw_upgrade_count).
 */
#include "upgrades_int.h"

#include "province_int.h"

#include <math.h>

#include <gsl/gsl_math.h>
#include <gsl/gsl_sort.h>

bool ps_upgrade_eligible(const ps_scenario *sc, ps_tier tier, double gdp)
{
    return tier == PS_TIER_PROVINCIAL && gdp >= sc->upgrade.min_gdp;
}

bool ps_demotion_active(const ps_scenario *sc)
{
    return sc->demotion.prob > 0 && sc->demotion.bottom_share > 0 && sc->shocks.discrete_random;
}

double ps_log_rd(double rd) { return log(GSL_MAX(rd, 1e-6)); }

double ps_readiness_score(const ps_scenario *sc, ps_region r, double log_gdp, double log_rd,
                          double pool_log_gdp, double pool_log_rd, bool city_has_national, double draw)
{
    double score = sc->upgrade.weight_size * (log_gdp - pool_log_gdp) +
                   sc->upgrade.weight_rd * (log_rd - pool_log_rd) +
                   sc->upgrade.region_weight[r] + sc->upgrade.score_noise * draw;
    if (!city_has_national)
        score += sc->upgrade.city_bonus;
    return score;
}

double ps_upgrade_key(double u, double score) { return log(u) / exp(score); }

static double zone_score(const ps_model *m, const ps_workspace *ws, const year_context *yc, int i,
                         const double *d)
{
    const zone_state *s = &ws->state[i];
    return ps_readiness_score(&m->sc, m->zones[i]->region, s->log_gdp, s->log_rd, yc->pool_log_gdp,
                              yc->pool_log_rd, ws->city_hosts[m->city[i]] != 0, d[DRAW_SCORE]);
}

void ps_rank_zone(const ps_model *m, ps_workspace *ws, const year_context *yc, int i, const double *d,
                  bool demotion_active)
{
    zone_state *s = &ws->state[i];
    /* `upgraded` marks the candidates until ps_select_upgrades. */
    s->upgraded = ps_upgrade_eligible(&m->sc, s->tier, s->gdp);
    s->demoted = false;
    /* upgrade.province_weight w multiplies the odds e^s: s + ln w; w = 0 excludes. */
    double log_weight = m->prov.any_weight ? m->prov.log_weight[m->prov.of_zone[i]] : 0.0;
    if (s->upgraded && log_weight == -INFINITY)
        s->upgraded = false;
    if (s->upgraded) {
        /* In expectation mode u is fixed, so the k highest scores win. */
        double u = m->sc.shocks.discrete_random ? d[DRAW_SELECT] : exp(-1.0);
        double score = zone_score(m, ws, yc, i, d);
        ws->keys[i] = ps_upgrade_key(u, m->prov.any_weight ? score + log_weight : score);
    } else if (demotion_active && s->tier == PS_TIER_NATIONAL) {
        ws->keys[i] = zone_score(m, ws, yc, i, d);
    }
}

int ps_select_upgrades(const ps_model *m, ps_workspace *ws, int count, int y)
{
    int n_candidates = 0;
    for (int i = 0; i < m->n_zones; i++) {
        if (!ws->state[i].upgraded)
            continue;
        ws->sel_keys[n_candidates] = ws->keys[i];
        ws->order[n_candidates] = (size_t)i;
        n_candidates++;
    }
    int k = GSL_MIN(count, n_candidates);
    /* `upgraded` marked the candidates so far; from here it marks the chosen. */
    for (int c = 0; c < n_candidates; c++)
        ws->state[ws->order[c]].upgraded = false;
    if (k == 0)
        return 0;
    /* upgrade.reserved: those zones first, moved to the end of the candidates. */
    int reserved = m->prov.any_reserved ? ps_province_reserve(m, ws->order, ws->sel_keys, n_candidates, k) : 0;
    int rest = n_candidates - reserved;
    for (int j = 0; j < reserved; j++)
        ws->best[k - reserved + j] = (size_t)(rest + j);
    if (k > reserved)
        gsl_sort_largest_index(ws->best, (size_t)(k - reserved), ws->sel_keys, 1, (size_t)rest);
    for (int j = 0; j < k; j++) {
        zone_state *s = &ws->state[ws->order[ws->best[j]]];
        s->upgraded = true;
        s->tier = PS_TIER_NATIONAL;
        s->national_since = m->sc.run.base_year + y;
    }
    return k;
}

int ps_apply_demotions(const ps_model *m, ps_workspace *ws)
{
    const ps_scenario *sc = &m->sc;
    if (!ps_demotion_active(sc))
        return 0;
    int n = 0;
    for (int i = 0; i < m->n_zones; i++) {
        const zone_state *s = &ws->state[i];
        if (s->tier == PS_TIER_NATIONAL && !m->zones[i]->sip) {
            ws->sel_keys[n] = ws->keys[i];
            ws->order[n++] = (size_t)i;
        }
    }
    int bottom = (int)floor(sc->demotion.bottom_share * n);
    if (bottom == 0)
        return 0;
    gsl_sort_smallest_index(ws->best, (size_t)bottom, ws->sel_keys, 1, (size_t)n);
    int demoted = 0;
    for (int j = 0; j < bottom; j++) {
        size_t i = ws->order[ws->best[j]];
        if (ws->draws[i * DRAW_COUNT + DRAW_SELECT] < sc->demotion.prob) {
            ws->state[i].tier = PS_TIER_PROVINCIAL;
            ws->state[i].demoted = true;
            demoted++;
        }
    }
    return demoted;
}
