/* scenario_targets.c — the targets list: merged by target name across the
 * extends chain (a child may change one field of a parent's target, or
 * disable it), overridden as targets.NAME.FIELD, and finally the enabled
 * ones copied into ps_scenario.targets in parent order (how the loader is
 * split: engine/scenario_int.h).
 */
#include <float.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "scenario_int.h"
#include "suggest_int.h"

static const setting_info target_fields[TF_COUNT] = {
    {"metric", T_STRING, 0, 0, 64},
    {"op", T_STRING, 0, 0, 8},
    {"threshold", T_REAL, -DBL_MAX, DBL_MAX, 0},
    {"year", T_INT, INT_MIN, INT_MAX, 0},
    {"enabled", T_BOOL, 0, 1, 0},
    {"province", T_STRING, 0, 0, PS_PROVINCE_NAME},
};

static int target_field_index(const char *name)
{
    for (int f = 0; f < TF_COUNT; f++)
        if (strcmp(target_fields[f].path, name) == 0)
            return f;
    return -1;
}

static int cmp_from_name(const char *name)
{
    static const ps_cmp all[] = {PS_CMP_GE, PS_CMP_GT, PS_CMP_LE, PS_CMP_LT};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(ps_cmp_name(all[i]), name) == 0)
            return (int)all[i];
    return -1;
}

static target_entry *find_target(loader *ld, const char *name)
{
    for (int i = 0; i < ld->n_targets; i++)
        if (strcmp(ld->targets[i].name, name) == 0)
            return &ld->targets[i];
    return NULL;
}

static bool is_valid_target_name(const char *name)
{
    if (!name[0])
        return false;
    for (const char *c = name; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '_' || *c == '-'))
            return false;
    return true;
}

static void report_unknown_metric(loader *ld, origin at, const char *where, const char *name)
{
    ps_suggestion sg;
    char hint[PATH_TEXT + 32];
    ps_suggest_init(&sg, name);
    for (int m = 0; m < PS_METRIC_COUNT; m++)
        ps_suggest_consider(&sg, ps_metric_get((ps_metric)m)->name);
    ps_sc_report(ld, PS_ERR_CONFIG, at, where, "unknown metric '%s'%s", name,
                   ps_suggest_hint(&sg, hint, sizeof hint));
}

/* Set field f of target t from s; validates metric and op names. */
static void set_target_field(loader *ld, target_entry *t, int f, const config_setting_t *s,
                             origin at, const char *where)
{
    scalar v;
    memset(&v, 0, sizeof v);
    t->given[f] = true;
    t->field_at[f] = at;
    if (!ps_sc_read_scalar(ld, s, &target_fields[f], at, where, &v)) {
        t->broken = true;
        return;
    }
    switch (f) {
    case TF_METRIC: {
        int m = ps_metric_from_name(v.text);
        if (m < 0) {
            report_unknown_metric(ld, at, where, v.text);
            t->broken = true;
        } else {
            t->metric = (ps_metric)m;
        }
        break;
    }
    case TF_OP: {
        int op = cmp_from_name(v.text);
        if (op < 0) {
            ps_sc_report(ld, PS_ERR_CONFIG, at, where,
                           "op must be \">=\", \">\", \"<=\" or \"<\", found \"%s\"", v.text);
            t->broken = true;
        } else {
            t->op = (ps_cmp)op;
        }
        break;
    }
    case TF_THRESHOLD:
        t->threshold = v.real;
        break;
    case TF_YEAR:
        t->year = (int)v.integer;
        break;
    case TF_ENABLED:
        t->enabled = v.boolean;
        break;
    case TF_PROVINCE: /* checked against the data file by ps_sc_finish_provinces */
        copy_text(t->province, sizeof t->province, v.text);
        for (char *c = t->province; *c; c++)
            *c = *c == '_' ? ' ' : *c;
        break;
    }
}

static void report_unknown_target_field(loader *ld, origin at, const char *target_where,
                                        const char *field)
{
    char path[PATH_TEXT], candidate[PATH_TEXT], hint[PATH_TEXT + 32];
    ps_suggestion sg;
    snprintf(path, sizeof path, "%s.%s", target_where, field);
    ps_suggest_init(&sg, path);
    for (int f = 0; f < TF_COUNT; f++) {
        snprintf(candidate, sizeof candidate, "%s.%s", target_where, target_fields[f].path);
        ps_suggest_consider(&sg, candidate);
    }
    ps_sc_report(ld, PS_ERR_CONFIG, at, path, "unknown setting%s",
                   ps_suggest_hint(&sg, hint, sizeof hint));
}

/* The name of a target element, checked; false (reported) if unusable. */
static bool read_target_name(loader *ld, const config_setting_t *element, origin at,
                             const char *where, char *name, size_t n)
{
    const config_setting_t *s = config_setting_get_member(element, "name");
    if (!s) {
        ps_sc_report(ld, PS_ERR_CONFIG, at, where, "target has no name (name = \"...\";)");
        return false;
    }
    origin name_at = ps_sc_origin_of(ld, s, ld->sources[at.source]);
    if (config_setting_type(s) != CONFIG_TYPE_STRING) {
        ps_sc_report_wrong_type(ld, s, T_STRING, name_at, where);
        return false;
    }
    const char *text = config_setting_get_string(s);
    if (strlen(text) >= n) {
        ps_sc_report(ld, PS_ERR_CONFIG, name_at, where,
                       "target name is longer than %zu characters", n - 1);
        return false;
    }
    if (!is_valid_target_name(text)) {
        ps_sc_report(ld, PS_ERR_CONFIG, name_at, where,
                       "target name \"%s\" may only use letters, digits, '_' and '-'", text);
        return false;
    }
    copy_text(name, n, text);
    return true;
}

static target_entry *add_target(loader *ld, const char *name, origin at)
{
    if (ld->n_targets == MAX_TARGET_ENTRIES)
        return NULL;
    target_entry *t = &ld->targets[ld->n_targets++];
    memset(t, 0, sizeof *t);
    copy_text(t->name, sizeof t->name, name);
    t->at = at;
    t->enabled = true;
    t->last_file = -1;
    return t;
}

/* A target first named in this element must give every field but enabled. */
static void require_complete_target(loader *ld, target_entry *t, const char *where)
{
    char missing[96] = "";
    for (int f = 0; f < TF_COUNT; f++) {
        if (f == TF_ENABLED || f == TF_PROVINCE || t->given[f])
            continue;
        if (missing[0])
            strncat(missing, ", ", sizeof missing - strlen(missing) - 1);
        strncat(missing, target_fields[f].path, sizeof missing - strlen(missing) - 1);
    }
    if (!missing[0])
        return;
    ps_sc_report(ld, PS_ERR_CONFIG, t->at, where,
                   "new target '%s' must set metric, op, threshold and year (missing %s)",
                   t->name, missing);
    t->broken = true;
}

static void merge_target_element(loader *ld, const config_setting_t *element, int index,
                                 const char *file)
{
    origin at = ps_sc_origin_of(ld, element, file);
    char where[PATH_TEXT], name[sizeof ld->targets[0].name];
    snprintf(where, sizeof where, "targets[%d]", index);
    if (!config_setting_is_group(element)) {
        char found[128];
        ps_sc_describe_found(element, found, sizeof found);
        ps_sc_report(ld, PS_ERR_CONFIG, at, where,
                       "expected a target group { name = ...; ... }, found %s", found);
        return;
    }
    if (!read_target_name(ld, element, at, where, name, sizeof name))
        return;
    snprintf(where, sizeof where, "targets.%s", name);

    target_entry *t = find_target(ld, name);
    bool is_new = t == NULL;
    if (t && t->last_file == ld->file_seq) {
        ps_sc_report(ld, PS_ERR_CONFIG, at, where, "target '%s' appears twice in this list",
                       name);
        return;
    }
    if (is_new && !(t = add_target(ld, name, at))) {
        ps_sc_report(ld, PS_ERR_CONFIG, at, where, "too many targets (at most %d)",
                       MAX_TARGET_ENTRIES);
        return;
    }
    t->last_file = ld->file_seq;

    int n = config_setting_length(element);
    for (int i = 0; i < n; i++) {
        const config_setting_t *member = config_setting_get_elem(element, (unsigned)i);
        const char *field = config_setting_name(member);
        origin member_at = ps_sc_origin_of(ld, member, file);
        char path[PATH_TEXT + 16];
        if (strcmp(field, "name") == 0)
            continue;
        int f = target_field_index(field);
        if (f < 0) {
            report_unknown_target_field(ld, member_at, where, field);
            continue;
        }
        snprintf(path, sizeof path, "%s.%s", where, field);
        set_target_field(ld, t, f, member, member_at, path);
    }
    if (is_new)
        require_complete_target(ld, t, where);
}

void ps_sc_merge_targets(loader *ld, const config_setting_t *list, const char *file)
{
    bool empty_array = config_setting_is_array(list) && config_setting_length(list) == 0;
    if (!config_setting_is_list(list) && !empty_array) {
        char found[128];
        ps_sc_describe_found(list, found, sizeof found);
        ps_sc_report(ld, PS_ERR_CONFIG, ps_sc_origin_of(ld, list, file), "targets",
                       "expected a list of targets ( { name = ...; ... }, ... ), found %s",
                       found);
        return;
    }
    int n = config_setting_length(list);
    for (int i = 0; i < n; i++)
        merge_target_element(ld, config_setting_get_elem(list, (unsigned)i), i, file);
}

/* ------------------------------------------------------------------ */
/* Overrides and the final list                                        */
/* ------------------------------------------------------------------ */

void ps_sc_override_target(loader *ld, const char *key, const config_setting_t *value, origin at)
{
    const char *name = key + strlen("targets.");
    const char *dot = strchr(name, '.');
    char wanted[sizeof ld->targets[0].name];
    if (!dot || dot == name || (size_t)(dot - name) >= sizeof wanted) {
        ps_sc_report(ld, PS_ERR_CONFIG, at, key, "expected targets.NAME.FIELD");
        return;
    }
    snprintf(wanted, sizeof wanted, "%.*s", (int)(dot - name), name);
    target_entry *t = find_target(ld, wanted);
    if (!t) {
        ps_suggestion sg;
        char hint[PATH_TEXT + 32];
        ps_suggest_init(&sg, wanted);
        for (int i = 0; i < ld->n_targets; i++)
            ps_suggest_consider(&sg, ld->targets[i].name);
        ps_sc_report(ld, PS_ERR_CONFIG, at, key, "unknown target '%s'%s", wanted,
                       ps_suggest_hint(&sg, hint, sizeof hint));
        return;
    }
    char target_where[PATH_TEXT];
    snprintf(target_where, sizeof target_where, "targets.%s", wanted);
    int f = target_field_index(dot + 1);
    if (f < 0)
        report_unknown_target_field(ld, at, target_where, dot + 1);
    else
        set_target_field(ld, t, f, value, at, key);
}

/* Enabled, well-formed targets into sc, parent order first. */
void ps_sc_finish_targets(loader *ld, ps_scenario *sc, bool years_known)
{
    sc->n_targets = 0;
    for (int i = 0; i < ld->n_targets; i++) {
        const target_entry *t = &ld->targets[i];
        char where[PATH_TEXT];
        if (!t->enabled || t->broken)
            continue;
        snprintf(where, sizeof where, "targets.%s", t->name);
        if (years_known && (t->year <= sc->run.base_year || t->year > sc->run.horizon)) {
            strncat(where, ".year", sizeof where - strlen(where) - 1);
            ps_sc_report(ld, PS_ERR_CONFIG, t->field_at[TF_YEAR], where,
                           "year %d is outside the projection years %d..%d", t->year,
                           sc->run.base_year + 1, sc->run.horizon);
            continue;
        }
        if (sc->n_targets == PS_MAX_TARGETS) {
            ps_sc_report(ld, PS_ERR_CONFIG, t->at, where,
                           "more than %d targets are enabled", PS_MAX_TARGETS);
            return;
        }
        /* A share is a fraction: 6.5 for 6.5 % would be a target no run can meet. */
        const ps_metric_info *mi = ps_metric_get(t->metric);
        if (strncmp(mi->unit, "share of ", 9) == 0 && t->threshold > 1) {
            strncat(where, ".threshold", sizeof where - strlen(where) - 1);
            ps_sc_report(ld, PS_ERR_CONFIG, t->field_at[TF_THRESHOLD], where,
                         "%s is a share between 0 and 1; threshold %g is above 1 (for %g %% write %g)",
                         mi->name, t->threshold, t->threshold, t->threshold / 100);
            continue;
        }
        if (t->province[0] && !ps_sc_is_province_metric(t->metric)) {
            strncat(where, ".metric", sizeof where - strlen(where) - 1);
            ps_sc_report(ld, PS_ERR_CONFIG, t->field_at[TF_METRIC], where,
                         "%s is not reported by province (national_zones, upgrades, gdp, rd_intensity, "
                         "city_coverage are)", mi->name);
            continue;
        }
        ps_target *out = &sc->targets[sc->n_targets++];
        copy_text(out->province, sizeof out->province, t->province);
        copy_text(out->name, sizeof out->name, t->name);
        out->metric = t->metric;
        out->op = t->op;
        out->threshold = t->threshold;
        out->year = t->year;
        out->enabled = true;
    }
}

/* ------------------------------------------------------------------ */
/* Comparisons                                                         */
/* ------------------------------------------------------------------ */

const char *ps_cmp_name(ps_cmp op)
{
    switch (op) {
    case PS_CMP_GE:
        return ">=";
    case PS_CMP_GT:
        return ">";
    case PS_CMP_LE:
        return "<=";
    case PS_CMP_LT:
        return "<";
    }
    return "?";
}

bool ps_cmp_holds(ps_cmp op, double value, double threshold)
{
    switch (op) {
    case PS_CMP_GE:
        return value >= threshold;
    case PS_CMP_GT:
        return value > threshold;
    case PS_CMP_LE:
        return value <= threshold;
    case PS_CMP_LT:
        return value < threshold;
    }
    return false;
}
