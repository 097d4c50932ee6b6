/* check.c — read the written file back and check every target.
 *
 * The file is loaded with the engine's own loader (ps_baseline_load), so a
 * baseline the engine would reject is never installed, and the aggregates
 * are recomputed from the text, as any user of the file would: each must
 * equal its target to 1e-9 relative (the zone counts exactly).
 */
#include <math.h>
#include <stdio.h>

#include "bgen.h"
#include "parksim/error.h"

static int close_to(double x, double target) { return fabs(x - target) <= 1e-9 * fabs(target); }

/* Read the file back and check every target; prints a summary. */
int bg_check_file(const char *path, const bg_year *yt)
{
    ps_baseline b;
    ps_error err;
    char msg[1024];
    if (ps_baseline_load(path, &b, &err)) {
        fprintf(stderr, "parksim-baseline: written file does not load: %s\n",
                ps_error_format(&err, msg, sizeof msg));
        return 0;
    }
    double y = 0, r = 0, l = 0, e = 0, nf = 0, rd = 0, k = 0, bl = 0, phib = 0;
    int n146 = 0, over = 0, region[PS_REGION_COUNT] = {0};
    double py = 0, pr = 0, prd = 0, pk = 0, pb = 0, pphib = 0, pl = 0, pe = 0, pn = 0;
    for (int i = 0; i < b.n_zones; i++) {
        const ps_zone_base *z = &b.zones[i];
        if (z->tier == PS_TIER_PROVINCIAL) {
            py += z->gdp;
            pr += z->gdp / z->va_ratio;
            prd += z->rd_intensity * z->gdp;
            pk += z->kis_share * z->gdp;
            pb += z->land_built;
            pphib += z->plot_ratio * z->land_built;
            pl += z->gdp / z->productivity;
            pe += z->enterprises;
            pn += z->new_firms;
            continue;
        }
        region[z->region]++;
        if (z->sip)
            continue;
        n146++;
        y += z->gdp;
        r += z->gdp / z->va_ratio;
        over += z->gdp / z->va_ratio > T_REVENUE_LINE;
        l += z->gdp / z->productivity;
        e += z->enterprises;
        nf += z->new_firms;
        rd += z->rd_intensity * z->gdp;
        k += z->kis_share * z->gdp;
        bl += z->land_built;
        phib += z->plot_ratio * z->land_built;
    }
    int ok = n146 == yt->n_zones && b.n_national == yt->n_zones + 1 &&
             b.n_provincial == BG_POOL_SIZE && b.year == yt->year &&
             close_to(r, yt->revenue) && close_to(y, yt->gdp) && over == yt->over_1000 &&
             close_to(l, yt->employees) && close_to(e, yt->enterprises) &&
             close_to(nf, yt->new_firms) && close_to(rd / y, yt->rd) && close_to(k / y, yt->kis) &&
             close_to(phib / bl, yt->plot_ratio) && close_to(y / bl, yt->land_prod);
    printf("national (%d, SIP excluded): revenue %.6f, GDP %.6f, over 1000: %d, employees %.6f\n",
           n146, r, y, over, l);
    printf("  enterprises %.0f, new firms %.0f (share %.4f), R&D %.6f, KIS %.6f, plot %.6f,"
           " built %.1f ha\n", e, nf, nf / e, rd / y, k / y, phib / bl, bl);
    printf("  zones: %d national (east %d, central %d, west %d, northeast %d), %d provincial\n",
           b.n_national, region[0], region[1], region[2], region[3], b.n_provincial);
    printf("pool (%d): revenue %.1f, GDP %.1f, R&D %.4f, KIS %.4f, plot %.4f, productivity %.2f,"
           " enterprises %.0f, new-firm share %.4f\n", b.n_provincial, pr, py, prd / py, pk / py,
           pphib / pb, py / pl, pe, pn / pe);
    ps_baseline_free(&b);
    if (!ok)
        fprintf(stderr, "parksim-baseline: the written file misses a target\n");
    return ok;
}

