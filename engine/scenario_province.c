/* scenario_province.c — the settings by province and the approval
 * schedule (how the loader is split: engine/scenario_int.h).
 *
 *   growth = { province_effect = { Guangdong = 0.01; Inner_Mongolia = -0.005; }; };
 *   upgrade = { province_weight = { Guangdong = 2.0; };
 *               reserved = { Guangdong = 1; };
 *               schedule = [10, 12, 0, 0, 0]; };
 *
 * A setting by province is a group whose members are provinces (a space in
 * the data file's name is '_' in the setting's name), merged province by
 * province through `extends` like any leaf, and overridden one province at
 * a time (--set growth.province_effect.Guangdong=0.01). Names are checked
 * against the data file's province column when the load ends, with a
 * did-you-mean. The schedule is one value, replaced whole; its length must
 * be the number of simulated years (horizon - base_year). A province given
 * its neutral value (effect 0, weight 1, reserved 0) is dropped, so
 * scenarios without these settings write and hash exactly what they did.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parksim/baseline.h"

#include "scenario_int.h"
#include "suggest_int.h"

static const struct {
    const char *path;
    setting_info info; /* bounds of each province's value */
    double neutral;
} maps[PMAP_COUNT] = {
    [PMAP_EFFECT] = {"growth.province_effect", {"growth.province_effect", T_REAL, -0.5, 0.5, 0}, 0.0},
    [PMAP_WEIGHT] = {"upgrade.province_weight", {"upgrade.province_weight", T_REAL, 0, 100, 0}, 1.0},
    [PMAP_RESERVED] = {"upgrade.reserved", {"upgrade.reserved", T_INT, 0, 1000, 0}, 0.0},
};
#define SCHEDULE_PATH "upgrade.schedule"
static const setting_info schedule_info = {SCHEDULE_PATH, T_INT, 0, 100000, 0};

bool ps_sc_is_province_metric(ps_metric m)
{
    return m == PS_M_NATIONAL_ZONES || m == PS_M_UPGRADES || m == PS_M_GDP || m == PS_M_RD_INTENSITY ||
           m == PS_M_CITY_COVERAGE;
}

void ps_sc_suggest_province(struct ps_suggestion *sg)
{
    for (int k = 0; k < PMAP_COUNT; k++)
        ps_suggest_consider(sg, maps[k].path);
    ps_suggest_consider(sg, SCHEDULE_PATH);
}

/* "Inner_Mongolia" -> "Inner Mongolia" (the data file's spelling). */
static void name_from_key(const char *key, char *out, size_t n)
{
    copy_text(out, n, key);
    for (char *c = out; *c; c++)
        if (*c == '_')
            *c = ' ';
}

static void merge_province_value(loader *ld, int k, const char *province, const config_setting_t *s,
                                 origin at, const char *where)
{
    province_map *pm = &ld->pmaps[k];
    char name[PS_PROVINCE_NAME];
    if (strlen(province) >= sizeof name) {
        ps_sc_report(ld, PS_ERR_CONFIG, at, where, "province name is longer than %zu characters",
                     sizeof name - 1);
        return;
    }
    name_from_key(province, name, sizeof name);
    scalar v;
    memset(&v, 0, sizeof v);
    if (!ps_sc_read_scalar(ld, s, &maps[k].info, at, where, &v))
        return;
    double value = maps[k].info.type == T_REAL ? v.real : (double)v.integer;
    province_entry *e = NULL;
    for (int i = 0; i < pm->n && !e; i++)
        if (strcmp(pm->e[i].name, name) == 0)
            e = &pm->e[i];
    if (!e) {
        if (pm->n == PS_PROVINCE_MAX) {
            ps_sc_report(ld, PS_ERR_CONFIG, at, where, "more than %d provinces", PS_PROVINCE_MAX);
            return;
        }
        e = &pm->e[pm->n++];
        copy_text(e->name, sizeof e->name, name);
    }
    e->value = value;
    e->at = at;
}

static void merge_schedule(loader *ld, const config_setting_t *s, origin at)
{
    bool empty_list = config_setting_is_list(s) && config_setting_length(s) == 0;
    if (!config_setting_is_array(s) && !empty_list) {
        char found[128];
        ps_sc_describe_found(s, found, sizeof found);
        ps_sc_report(ld, PS_ERR_CONFIG, at, SCHEDULE_PATH,
                     "expected an array of approvals per year [10, 12, ...], found %s", found);
        return;
    }
    int n = config_setting_length(s);
    if (n > PS_MAX_YEARS) {
        ps_sc_report(ld, PS_ERR_CONFIG, at, SCHEDULE_PATH, "%d years; at most %d fit", n, PS_MAX_YEARS);
        return;
    }
    int values[PS_MAX_YEARS];
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
        char where[PATH_TEXT];
        snprintf(where, sizeof where, SCHEDULE_PATH "[%d]", i);
        scalar v;
        if (!ps_sc_read_scalar(ld, e, &schedule_info, at, where, &v))
            return;
        values[i] = (int)v.integer;
    }
    ld->schedule.given = true;
    ld->schedule.at = at;
    ld->schedule.n = n;
    memcpy(ld->schedule.values, values, sizeof values[0] * (size_t)n);
}

bool ps_sc_merge_province(loader *ld, const config_setting_t *s, const char *path, const char *file, origin at)
{
    if (strcmp(path, SCHEDULE_PATH) == 0) {
        merge_schedule(ld, s, at);
        return true;
    }
    for (int k = 0; k < PMAP_COUNT; k++) {
        size_t len = strlen(maps[k].path);
        if (strncmp(path, maps[k].path, len) != 0)
            continue;
        if (path[len] == '.') { /* one province: growth.province_effect.Guangdong */
            merge_province_value(ld, k, path + len + 1, s, at, path);
            return true;
        }
        if (path[len] != '\0')
            continue;
        if (!config_setting_is_group(s)) {
            char found[128];
            ps_sc_describe_found(s, found, sizeof found);
            ps_sc_report(ld, PS_ERR_CONFIG, at, path,
                         "expected a group of provinces { Guangdong = ...; }, found %s", found);
            return true;
        }
        int n = config_setting_length(s);
        for (int i = 0; i < n; i++) {
            const config_setting_t *member = config_setting_get_elem(s, (unsigned)i);
            origin member_at = file ? ps_sc_origin_of(ld, member, file) : at;
            char where[PATH_TEXT];
            snprintf(where, sizeof where, "%s.%s", path, config_setting_name(member));
            merge_province_value(ld, k, config_setting_name(member), member, member_at, where);
        }
        return true;
    }
    return false;
}

/* ---- at the end of the load ------------------------------------------------ */

typedef struct province_names {
    int n;
    char name[PS_PROVINCE_MAX * 2][PS_PROVINCE_NAME];
} province_names;

/* The provinces of the data file; false if it cannot be read (the job
 * reports that when it loads the data). */
static bool read_province_names(const char *data, province_names *out)
{
    ps_baseline bl;
    ps_error err;
    out->n = 0;
    if (!data[0] || ps_baseline_load(data, &bl, &err) != PS_OK)
        return false;
    for (int i = 0; i < bl.n_zones; i++) {
        bool seen = false;
        for (int j = 0; j < out->n && !seen; j++)
            seen = strcmp(out->name[j], bl.zones[i].province) == 0;
        if (!seen && out->n < PS_PROVINCE_MAX * 2)
            copy_text(out->name[out->n++], PS_PROVINCE_NAME, bl.zones[i].province);
    }
    ps_baseline_free(&bl);
    return true;
}

/* True if name is a province of the data; else reported at `at`. */
static bool check_province(loader *ld, const province_names *known, const char *name, origin at,
                           const char *where, bool as_key)
{
    for (int i = 0; i < known->n; i++)
        if (strcmp(known->name[i], name) == 0)
            return true;
    ps_suggestion sg;
    char hint[PATH_TEXT + 32], word[PS_PROVINCE_NAME], candidates[PS_PROVINCE_MAX * 2][PS_PROVINCE_NAME];
    copy_text(word, sizeof word, name);
    if (as_key) /* suggest the spelling of a setting name */
        for (char *c = word; *c; c++)
            *c = *c == ' ' ? '_' : *c;
    ps_suggest_init(&sg, word);
    for (int i = 0; i < known->n; i++) {
        copy_text(candidates[i], PS_PROVINCE_NAME, known->name[i]);
        if (as_key)
            for (char *c = candidates[i]; *c; c++)
                *c = *c == ' ' ? '_' : *c;
        ps_suggest_consider(&sg, candidates[i]);
    }
    ps_sc_report(ld, PS_ERR_CONFIG, at, where, "unknown province '%s'%s", word, ps_suggest_hint(&sg, hint, sizeof hint));
    return false;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const province_entry *)a)->name, ((const province_entry *)b)->name);
}

void ps_sc_finish_provinces(loader *ld, ps_scenario *sc, bool years_known)
{
    ps_province_values *out[PMAP_COUNT] = {&sc->growth.province_effect, &sc->upgrade.province_weight,
                                           &sc->upgrade.reserved};
    bool any = false;
    for (int k = 0; k < PMAP_COUNT; k++)
        any = any || ld->pmaps[k].n > 0;
    for (int i = 0; i < ld->n_targets; i++)
        any = any || ld->targets[i].province[0];
    province_names *known = any ? malloc(sizeof *known) : NULL;
    bool checkable = known && read_province_names(sc->run.data, known);
    for (int k = 0; k < PMAP_COUNT; k++) {
        province_map *pm = &ld->pmaps[k];
        qsort(pm->e, (size_t)pm->n, sizeof pm->e[0], by_name);
        out[k]->n = 0;
        for (int i = 0; i < pm->n; i++) {
            char where[PATH_TEXT], key[PS_PROVINCE_NAME];
            copy_text(key, sizeof key, pm->e[i].name);
            for (char *c = key; *c; c++)
                *c = *c == ' ' ? '_' : *c;
            snprintf(where, sizeof where, "%s.%s", maps[k].path, key);
            if (checkable && !check_province(ld, known, pm->e[i].name, pm->e[i].at, where, true))
                continue;
            if (pm->e[i].value == maps[k].neutral)
                continue;
            copy_text(out[k]->name[out[k]->n], PS_PROVINCE_NAME, pm->e[i].name);
            out[k]->value[out[k]->n++] = pm->e[i].value;
        }
    }
    for (int i = 0; i < ld->n_targets; i++) {
        const target_entry *t = &ld->targets[i];
        if (!t->province[0] || !t->enabled || t->broken)
            continue;
        char where[PATH_TEXT];
        snprintf(where, sizeof where, "targets.%s.province", t->name);
        if (checkable)
            check_province(ld, known, t->province, t->field_at[TF_PROVINCE], where, false);
    }
    free(known);
    sc->upgrade.n_schedule = 0;
    if (ld->schedule.given && ld->schedule.n > 0) {
        int years = sc->run.horizon - sc->run.base_year;
        if (years_known && ld->schedule.n != years) {
            ps_sc_report(ld, PS_ERR_CONFIG, ld->schedule.at, SCHEDULE_PATH,
                         "%d values for %d simulated years (%d..%d): give one count per year, or [] for a random count",
                         ld->schedule.n, years, sc->run.base_year + 1, sc->run.horizon);
            return;
        }
        sc->upgrade.n_schedule = ld->schedule.n;
        memcpy(sc->upgrade.schedule, ld->schedule.values, sizeof ld->schedule.values[0] * (size_t)ld->schedule.n);
    }
}
