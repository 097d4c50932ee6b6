/* zone.h — the fixed vocabulary of zones: regions, tiers, classes.
 *
 * Names here are the spellings used in data files, scenario files and
 * outputs; ps_*_from_name() parse them and return -1 for an unknown name.
 */
#ifndef PARKSIM_ZONE_H
#define PARKSIM_ZONE_H

/* NBS four-region split. */
#define PS_REGION_LIST(X) X(PS_REGION_EAST, "east") X(PS_REGION_CENTRAL, "central") \
    X(PS_REGION_WEST, "west") X(PS_REGION_NORTHEAST, "northeast")

typedef enum ps_region {
#define PS_ENUM_ITEM(id, name) id,
    PS_REGION_LIST(PS_ENUM_ITEM)
    PS_REGION_COUNT
} ps_region;

/* The plan's three kinds of park (四(二)) plus standard. */
#define PS_CLASS_LIST(X) X(PS_CLASS_WORLD, "world_class") X(PS_CLASS_INNOVATIVE, "innovative") \
    X(PS_CLASS_SPECIALTY, "specialty") X(PS_CLASS_STANDARD, "standard")

typedef enum ps_class {
    PS_CLASS_LIST(PS_ENUM_ITEM)
    PS_CLASS_COUNT
} ps_class;

#define PS_TIER_LIST(X) X(PS_TIER_NATIONAL, "national") X(PS_TIER_PROVINCIAL, "provincial")

typedef enum ps_tier {
    PS_TIER_LIST(PS_ENUM_ITEM)
    PS_TIER_COUNT
} ps_tier;
#undef PS_ENUM_ITEM

const char *ps_region_name(ps_region r);
const char *ps_class_name(ps_class c);
const char *ps_tier_name(ps_tier t);
int ps_region_from_name(const char *s);
int ps_class_from_name(const char *s);
int ps_tier_from_name(const char *s);

#endif
