/* scenario_merge.c — values into the loader's leaves: each one checked
 * against the table (type, then range or length), groups merged member by
 * member, and the overrides applied after every file (how the loader is
 * split: engine/scenario_int.h).
 *
 * Overrides given as text are parsed by libconfig, so they are typed
 * exactly like file settings; typed overrides (ps_override.kind) become a
 * libconfig setting of their type and go through the same checks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"
#include "suggest_int.h"

/* ------------------------------------------------------------------ */
/* Settings paths                                                      */
/* ------------------------------------------------------------------ */

int ps_sc_setting_index(const char *path)
{
    for (int i = 0; i < N_SETTINGS; i++)
        if (strcmp(ps_sc_settings[i].path, path) == 0)
            return i;
    return -1;
}

/* True if path names a group of the table ("growth", "growth.class_effect"). */
static bool is_group_path(const char *path)
{
    size_t n = strlen(path);
    for (int i = 0; i < N_SETTINGS; i++)
        if (strncmp(ps_sc_settings[i].path, path, n) == 0 && ps_sc_settings[i].path[n] == '.')
            return true;
    return false;
}

/* First table setting inside the group path. */
static const char *first_setting_in(const char *group)
{
    size_t n = strlen(group);
    for (int i = 0; i < N_SETTINGS; i++)
        if (strncmp(ps_sc_settings[i].path, group, n) == 0 && ps_sc_settings[i].path[n] == '.')
            return ps_sc_settings[i].path;
    return "";
}

/* Consider every table path and every group path as a correction of word. */
static void suggest_setting(ps_suggestion *sg)
{
    ps_suggest_consider(sg, "extends");
    ps_suggest_consider(sg, "targets");
    ps_suggest_consider(sg, "uncertainty");
    ps_sc_suggest_province(sg);
    for (int i = 0; i < N_SETTINGS; i++) {
        const char *path = ps_sc_settings[i].path;
        ps_suggest_consider(sg, path);
        for (const char *dot = strchr(path, '.'); dot; dot = strchr(dot + 1, '.')) {
            char group[PATH_TEXT];
            snprintf(group, sizeof group, "%.*s", (int)(dot - path), path);
            ps_suggest_consider(sg, group);
        }
    }
}

static void report_unknown_setting(loader *ld, origin at, const char *path)
{
    ps_suggestion sg;
    char hint[PATH_TEXT + 32];
    ps_suggest_init(&sg, path);
    suggest_setting(&sg);
    ps_sc_report(ld, PS_ERR_CONFIG, at, path, "unknown setting%s",
                   ps_suggest_hint(&sg, hint, sizeof hint));
}

/* ------------------------------------------------------------------ */
/* Typed values                                                        */
/* ------------------------------------------------------------------ */

static const char *expected_phrase(value_type type)
{
    switch (type) {
    case T_REAL:
        return "a real number";
    case T_INT:
    case T_INT64:
        return "an integer";
    case T_BOOL:
        return "true or false";
    case T_STRING:
        return "a string";
    }
    return "a value";
}

/* "integer 1", "real number 2.5", "string \"x\"", "a group { ... }". */
void ps_sc_describe_found(const config_setting_t *s, char *buf, size_t n)
{
    char number[40];
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:
        snprintf(buf, n, "integer %lld", config_setting_get_int64(s));
        break;
    case CONFIG_TYPE_FLOAT:
        ps_sc_format_real_literal(config_setting_get_float(s), number, sizeof number);
        snprintf(buf, n, "real number %s", number);
        break;
    case CONFIG_TYPE_STRING:
        snprintf(buf, n, "string \"%.60s\"", config_setting_get_string(s));
        break;
    case CONFIG_TYPE_BOOL:
        snprintf(buf, n, "boolean %s", config_setting_get_bool(s) ? "true" : "false");
        break;
    case CONFIG_TYPE_GROUP:
        snprintf(buf, n, "a group { ... }");
        break;
    case CONFIG_TYPE_LIST:
        snprintf(buf, n, "a list ( ... )");
        break;
    case CONFIG_TYPE_ARRAY:
        snprintf(buf, n, "an array [ ... ]");
        break;
    default:
        snprintf(buf, n, "nothing");
        break;
    }
}

static bool type_matches(value_type want, int found)
{
    switch (want) {
    case T_REAL: /* an integer where a real is expected is that real (rate = 20;) */
        return found == CONFIG_TYPE_FLOAT || found == CONFIG_TYPE_INT || found == CONFIG_TYPE_INT64;
    case T_INT:
    case T_INT64:
        return found == CONFIG_TYPE_INT || found == CONFIG_TYPE_INT64;
    case T_BOOL:
        return found == CONFIG_TYPE_BOOL;
    case T_STRING:
        return found == CONFIG_TYPE_STRING;
    }
    return false;
}

/* How to write the value the way the table wants it, or "". */
static const char *rewrite_hint(value_type want, const config_setting_t *s, char *buf, size_t n)
{
    int found = config_setting_type(s);
    if ((want == T_INT || want == T_INT64) && found == CONFIG_TYPE_FLOAT) {
        double x = config_setting_get_float(s);
        if (x == (double)(long long)x && x > -1e15 && x < 1e15) {
            snprintf(buf, n, " (write %lld)", (long long)x);
            return buf;
        }
    }
    return "";
}

void ps_sc_report_wrong_type(loader *ld, const config_setting_t *s, value_type want, origin at,
                              const char *where)
{
    char found[128], hint[64];
    ps_sc_describe_found(s, found, sizeof found);
    ps_sc_report(ld, PS_ERR_CONFIG, at, where, "expected %s, found %s%s", expected_phrase(want),
                   found, rewrite_hint(want, s, hint, sizeof hint));
}

static bool check_range(loader *ld, const setting_info *info, double x, origin at,
                        const char *where)
{
    if (x >= info->lo && x <= info->hi)
        return true;
    char value[40], lo[40], hi[40];
    ps_sc_format_number(x, value, sizeof value);
    ps_sc_format_number(info->lo, lo, sizeof lo);
    ps_sc_format_number(info->hi, hi, sizeof hi);
    ps_sc_report(ld, PS_ERR_CONFIG, at, where, "value %s is out of range [%s, %s]", value, lo,
                   hi);
    return false;
}

/* Check s against info (type, then range or length); fill *out if good. */
bool ps_sc_read_scalar(loader *ld, const config_setting_t *s, const setting_info *info,
                        origin at, const char *where, scalar *out)
{
    if (ps_sc_is_misread_integer(ld, s, at))
        return false; /* already reported */
    if (!type_matches(info->type, config_setting_type(s))) {
        ps_sc_report_wrong_type(ld, s, info->type, at, where);
        return false;
    }
    switch (info->type) {
    case T_REAL:
        out->real = config_setting_type(s) == CONFIG_TYPE_FLOAT ? config_setting_get_float(s)
                                                                 : (double)config_setting_get_int64(s);
        return check_range(ld, info, out->real, at, where);
    case T_INT:
    case T_INT64:
        out->integer = config_setting_get_int64(s);
        return check_range(ld, info, (double)out->integer, at, where);
    case T_BOOL:
        out->boolean = config_setting_get_bool(s) != 0;
        return true;
    case T_STRING: {
        const char *text = config_setting_get_string(s);
        size_t length = strlen(text);
        if (length >= info->capacity || length >= sizeof out->text) {
            ps_sc_report(ld, PS_ERR_CONFIG, at, where,
                           "text is %zu characters long; at most %zu fit", length,
                           info->capacity - 1);
            return false;
        }
        memcpy(out->text, text, length + 1);
        return true;
    }
    }
    return false;
}

/* Give table setting `index` the value s (or mark it invalid). */
static void assign_leaf(loader *ld, int index, const config_setting_t *s, origin at)
{
    leaf *target = &ld->leaves[index];
    const setting_info *info = &ps_sc_settings[index];
    scalar value;
    ps_unc_dist dist;
    memset(&value, 0, sizeof value);
    memset(&dist, 0, sizeof dist);
    bool uncertain = info->type == T_REAL && config_setting_is_group(s);
    bool ok = uncertain ? ps_sc_read_distribution(ld, s, info, at, info->path, &dist)
                        : ps_sc_read_scalar(ld, s, info, at, info->path, &value);
    target->set = true;
    target->valid = ok;
    target->at = at;
    if (ok) {
        if (uncertain)
            value.real = ps_unc_quantile(&dist, 0.5);
        target->value = value;
        target->uncertain = uncertain;
        target->dist = dist;
    }
}

/* ------------------------------------------------------------------ */
/* Merging settings of one file                                        */
/* ------------------------------------------------------------------ */

static void merge_group_members(loader *ld, const config_setting_t *group, const char *prefix,
                                const char *file)
{
    int n = config_setting_length(group);
    for (int i = 0; i < n; i++) {
        const config_setting_t *member = config_setting_get_elem(group, (unsigned)i);
        char path[PATH_TEXT];
        snprintf(path, sizeof path, "%s.%s", prefix, config_setting_name(member));
        ps_sc_merge_setting(ld, member, path, file);
    }
}

void ps_sc_merge_setting(loader *ld, const config_setting_t *s, const char *path,
                          const char *file)
{
    origin at = ps_sc_origin_of(ld, s, file);
    int index = ps_sc_setting_index(path);
    if (index < 0 && ps_sc_merge_province(ld, s, path, file, at))
        return; /* a setting by province, or upgrade.schedule */
    if (index >= 0) {
        assign_leaf(ld, index, s, at);
    } else if (!is_group_path(path)) {
        report_unknown_setting(ld, at, path);
    } else if (!config_setting_is_group(s)) {
        char found[128];
        ps_sc_describe_found(s, found, sizeof found);
        ps_sc_report(ld, PS_ERR_CONFIG, at, path, "expected a group { ... }, found %s", found);
    } else {
        merge_group_members(ld, s, path, file);
    }
}

/* ------------------------------------------------------------------ */
/* Overrides                                                           */
/* ------------------------------------------------------------------ */

/* Parse text as a libconfig value ("v = text;"); if that fails and text has
 * no quotes, take it as a string. NULL (with *why set) if neither works. */
static const config_setting_t *parse_override_value(config_t *cfg, const char *text,
                                                    const char **why)
{
    size_t n = strlen(text) + 8;
    char *source = malloc(n);
    *why = "out of memory";
    if (!source)
        return NULL;
    snprintf(source, n, "v = %s;", text);
    int parsed = config_read_string(cfg, source);
    free(source);
    const config_setting_t *root = config_root_setting(cfg);
    if (parsed == CONFIG_TRUE && config_setting_length(root) == 1) {
        const config_setting_t *v = config_setting_get_member(root, "v");
        if (v)
            return v;
    }
    *why = parsed == CONFIG_TRUE ? "not a single value"
                                 : (config_error_text(cfg) ? config_error_text(cfg) : "syntax error");
    if (strchr(text, '"'))
        return NULL;
    config_destroy(cfg);
    config_init(cfg);
    config_setting_t *v = config_setting_add(config_root_setting(cfg), "v", CONFIG_TYPE_STRING);
    if (!v || config_setting_set_string(v, text) != CONFIG_TRUE)
        return NULL;
    return v;
}

static void apply_override_value(loader *ld, const char *key, const config_setting_t *value,
                                 origin at)
{
    if (strncmp(key, "targets.", strlen("targets.")) == 0) {
        ps_sc_override_target(ld, key, value, at);
        return;
    }
    int index = ps_sc_setting_index(key);
    if (index < 0 && ps_sc_merge_province(ld, value, key, NULL, at))
        return;
    if (index >= 0)
        assign_leaf(ld, index, value, at);
    else if (is_group_path(key))
        ps_sc_report(ld, PS_ERR_CONFIG, at, key, "is a group; set its settings one by one (%s=...)",
                       first_setting_in(key));
    else
        report_unknown_setting(ld, at, key);
}

/* A typed value as a libconfig setting in cfg, so that it is checked by
 * exactly the code that checks file values. NULL if out of memory. */
static const config_setting_t *typed_value(config_t *cfg, const ps_override *ov)
{
    config_setting_t *root = config_root_setting(cfg), *v = NULL;
    int ok = CONFIG_FALSE;
    switch (ov->kind) {
    case 'r':
        if ((v = config_setting_add(root, "v", CONFIG_TYPE_FLOAT)))
            ok = config_setting_set_float(v, ov->value.real);
        break;
    case 'i':
        if ((v = config_setting_add(root, "v", CONFIG_TYPE_INT64)))
            ok = config_setting_set_int64(v, ov->value.integer);
        break;
    case 'b':
        if ((v = config_setting_add(root, "v", CONFIG_TYPE_BOOL)))
            ok = config_setting_set_bool(v, ov->value.boolean);
        break;
    case 's':
        if ((v = config_setting_add(root, "v", CONFIG_TYPE_STRING)))
            ok = config_setting_set_string(v, ov->value.text ? ov->value.text : "");
        break;
    }
    return ok == CONFIG_TRUE ? v : NULL;
}

/* Value text (libconfig syntax, or a bare string) for key, from at. */
static void apply_override_text(loader *ld, const char *key, const char *text, origin at)
{
    if (ps_sc_report_wide_integers(ld, text, at, key) > 0)
        return;
    config_t cfg;
    const char *why = NULL;
    config_init(&cfg);
    const config_setting_t *value = parse_override_value(&cfg, text, &why);
    if (value)
        apply_override_value(ld, key, value, at);
    else
        ps_sc_report(ld, PS_ERR_PARSE, at, key, "cannot parse value '%s': %s", text, why);
    config_destroy(&cfg);
}

void ps_sc_apply_override(loader *ld, const ps_override *ov)
{
    const char *name = ov->origin ? ov->origin : "--set";
    origin at = {ps_sc_intern_source(ld, name), 0};
    ld->not_a_file[at.source] = true;
    if (!ov->path) {
        /* "key=value" */
        const char *text = ov->value.text ? ov->value.text : "";
        const char *equals = strchr(text, '=');
        char key[PATH_TEXT];
        if (!equals || equals == text || (size_t)(equals - text) >= sizeof key) {
            ps_sc_report(ld, PS_ERR_CONFIG, at, text, "expected key=value");
            return;
        }
        snprintf(key, sizeof key, "%.*s", (int)(equals - text), text);
        apply_override_text(ld, key, equals + 1, at);
        return;
    }
    if (ov->kind == 0) {
        apply_override_text(ld, ov->path, ov->value.text ? ov->value.text : "", at);
        return;
    }
    if (ov->kind != 'r' && ov->kind != 'i' && ov->kind != 'b' && ov->kind != 's') {
        ps_sc_report(ld, PS_ERR_CONFIG, at, ov->path, "override of unknown kind '%c'", ov->kind);
        return;
    }
    config_t cfg;
    config_init(&cfg);
    const config_setting_t *value = typed_value(&cfg, ov);
    if (value)
        apply_override_value(ld, ov->path, value, at);
    else
        ps_sc_report(ld, PS_ERR_NOMEM, at, ov->path, "out of memory");
    config_destroy(&cfg);
}
