/* classify.c — class and demonstration-zone membership of the national zones.
 *
 * Rule, in this order: world_class = the plan's candidates (named-zones.tsv);
 * specialty = an industry in the Chinese name; innovative = other zones
 * approved up to 2007; specialty = remaining 自创区 members and remaining
 * zones approved 2009-2010; standard = the rest. Every named zone must be in
 * the source exactly once, so a renamed zone cannot silently lose its class.
 */
#include <string.h>

#include "bgen.h"

static const bg_named_zone *find_named(const bg_geo *geo, const char *name_zh)
{
    for (int i = 0; i < geo->n_named; i++)
        if (strcmp(geo->named[i].name_zh, name_zh) == 0)
            return &geo->named[i];
    return NULL;
}

void bg_classify(bg_gen *g)
{
    static const char *const specialty_words[] = BG_SPECIALTY_WORDS;
    for (int i = 0; i < g->geo.n_named; i++) {
        int found = 0;
        for (int k = 0; k < g->n_nat; k++)
            found += strcmp(g->nat[k].z.name_zh, g->geo.named[i].name_zh) == 0;
        if (found != 1)
            bg_die("named zone %s (named-zones.tsv) found %d times in the source",
                   g->geo.named[i].name_zh, found);
    }
    for (int k = 0; k < g->n_nat; k++) {
        ps_zone_base *z = &g->nat[k].z;
        const bg_named_zone *nz = find_named(&g->geo, z->name_zh);
        int named = 0;
        for (size_t w = 0; w < sizeof specialty_words / sizeof specialty_words[0]; w++)
            named |= strstr(z->name_zh, specialty_words[w]) != NULL;
        z->demo = nz && nz->demo_year && nz->demo_year <= g->yt->year;
        if (nz && nz->world_class)
            z->cls = PS_CLASS_WORLD;
        else if (named)
            z->cls = PS_CLASS_SPECIALTY;
        else if (z->approved && z->approved <= 2007)
            z->cls = PS_CLASS_INNOVATIVE;
        else if (z->demo || (z->approved >= 2009 && z->approved <= 2010))
            z->cls = PS_CLASS_SPECIALTY;
        else
            z->cls = PS_CLASS_STANDARD;
    }
}
