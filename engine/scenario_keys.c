/* scenario_keys.c — questions about setting names that need no file:
 * which settings exist and what type each has (from scenario_table.h). */
#include <string.h>

#include "parksim/scenario.h"
#include "scenario_table.h"

int ps_setting_kind(const char *path)
{
#define PS_KIND_REAL 'r'
#define PS_KIND_INT 'i'
#define PS_KIND_INT64 'i'
#define PS_KIND_BOOL 'b'
#define PS_KIND_STRING 's'
#define PS_SETTING_KIND(p, type, field, lo, hi) \
    if (strcmp(path, p) == 0)                   \
        return PS_KIND_##type;
    PS_SETTING_LIST(PS_SETTING_KIND)
#undef PS_SETTING_KIND
    /* one province of a setting by province (scenario_province.c) */
    if (strncmp(path, "growth.province_effect.", 23) == 0 && path[23])
        return 'r';
    if (strncmp(path, "upgrade.province_weight.", 24) == 0 && path[24])
        return 'r';
    if (strncmp(path, "upgrade.reserved.", 17) == 0 && path[17])
        return 'i';
    if (strncmp(path, "targets.", 8) == 0) {
        const char *field = strrchr(path, '.') + 1;
        if (strcmp(field, "threshold") == 0)
            return 'r';
        if (strcmp(field, "year") == 0)
            return 'i';
        if (strcmp(field, "enabled") == 0)
            return 'b';
        return 's';
    }
    return 0;
}
