/* zone.c — names of regions, classes and tiers (see include/parksim/zone.h). */
#include "parksim/zone.h"

#include <string.h>

#define PS_NAME_ITEM(id, name) name,
static const char *const region_names[] = {PS_REGION_LIST(PS_NAME_ITEM)};
static const char *const class_names[] = {PS_CLASS_LIST(PS_NAME_ITEM)};
static const char *const tier_names[] = {PS_TIER_LIST(PS_NAME_ITEM)};
#undef PS_NAME_ITEM

static int find_name(const char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

const char *ps_region_name(ps_region r) { return region_names[r]; }
const char *ps_class_name(ps_class c) { return class_names[c]; }
const char *ps_tier_name(ps_tier t) { return tier_names[t]; }
int ps_region_from_name(const char *s) { return find_name(region_names, PS_REGION_COUNT, s); }
int ps_class_from_name(const char *s) { return find_name(class_names, PS_CLASS_COUNT, s); }
int ps_tier_from_name(const char *s) { return find_name(tier_names, PS_TIER_COUNT, s); }
