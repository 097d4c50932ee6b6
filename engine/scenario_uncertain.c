/* scenario_uncertain.c — uncertain settings in scenario files: a
 * distribution group in place of a real value, the `uncertainty` group
 * (correlations, samples file), and the ps_unc_set the model draws from
 * (how the loader is split: engine/scenario_int.h; syntax and meaning:
 * engine/MODEL.md, "Uncertain settings"; distributions: parksim/uncertain.h).
 *
 * A distribution replaces the setting's value whole: a child file or --set
 * giving a number fixes the setting, giving another group replaces the
 * distribution. Its support (after truncation) must lie in the setting's
 * table range; an untruncated tail of a normal or lognormal may cross the
 * range only if it holds at most PS_SC_TAIL_MASS of the mass, and is then
 * cut at the range.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "parksim/samples.h"
#include "paths_int.h"
#include "scenario_int.h"
#include "suggest_int.h"

#define PS_SC_TAIL_MASS 1e-6

enum dist_field { F_MEAN, F_SD, F_MEDIAN, F_SDLOG, F_MODE, F_ALPHA, F_BETA, F_MIN, F_MAX, F_P05, F_P95, F_COUNT };

static const char *const field_names[F_COUNT] = {"mean", "sd",   "median", "sdlog", "mode", "alpha",
                                                 "beta", "min", "max",    "p05",   "p95"};

/* Fields each kind accepts (bit i: field i). */
static unsigned allowed_fields(ps_unc_kind kind)
{
    switch (kind) {
    case PS_UNC_UNIFORM:
        return 1u << F_MIN | 1u << F_MAX;
    case PS_UNC_NORMAL:
        return 1u << F_MEAN | 1u << F_SD | 1u << F_MIN | 1u << F_MAX | 1u << F_P05 | 1u << F_P95;
    case PS_UNC_LOGNORMAL:
        return 1u << F_MEDIAN | 1u << F_SDLOG | 1u << F_MIN | 1u << F_MAX | 1u << F_P05 | 1u << F_P95;
    case PS_UNC_TRIANGULAR:
    case PS_UNC_PERT:
        return 1u << F_MIN | 1u << F_MODE | 1u << F_MAX;
    case PS_UNC_BETA:
        return 1u << F_ALPHA | 1u << F_BETA | 1u << F_MIN | 1u << F_MAX;
    default:
        return 0;
    }
}

/* Where member s of a group written at `at` was written: its own line in a
 * file; the override's origin (no line) for --set. */
static origin member_origin(loader *ld, const config_setting_t *s, origin at)
{
    if (at.source < 0 || ld->not_a_file[at.source])
        return at;
    return ps_sc_origin_of(ld, s, ld->sources[at.source]);
}

typedef struct dist_text {
    bool given[F_COUNT];
    double value[F_COUNT];
    origin at[F_COUNT];
} dist_text;

static void report_unknown_dist(loader *ld, origin at, const char *where, const char *name)
{
    ps_suggestion sg;
    char hint[PATH_TEXT + 32];
    ps_suggest_init(&sg, name);
    for (int k = 0; k < PS_UNC_SAMPLES; k++)
        ps_suggest_consider(&sg, ps_unc_kind_name((ps_unc_kind)k));
    ps_sc_report(ld, PS_ERR_CONFIG, at, where,
                 "unknown distribution '%s'%s; one of uniform, normal, lognormal, triangular, pert, beta", name,
                 ps_suggest_hint(&sg, hint, sizeof hint));
}

/* The kind named by the group's dist member, or -1 (reported). */
static int read_kind(loader *ld, const config_setting_t *group, origin at, const char *path)
{
    const config_setting_t *s = config_setting_get_member(group, "dist");
    char where[PATH_TEXT];
    if (!s) {
        ps_sc_report(ld, PS_ERR_CONFIG, at, path,
                     "a distribution needs dist = \"uniform\", \"normal\", \"lognormal\", \"triangular\", "
                     "\"pert\" or \"beta\"");
        return -1;
    }
    origin sat = member_origin(ld, s, at);
    snprintf(where, sizeof where, "%s.dist", path);
    if (config_setting_type(s) != CONFIG_TYPE_STRING) {
        ps_sc_report_wrong_type(ld, s, T_STRING, sat, where);
        return -1;
    }
    int kind = ps_unc_kind_from_name(config_setting_get_string(s));
    if (kind < 0)
        report_unknown_dist(ld, sat, where, config_setting_get_string(s));
    return kind;
}

/* The numeric members into *t; false if any was wrong (reported). */
static bool read_fields(loader *ld, const config_setting_t *group, ps_unc_kind kind, origin group_at,
                        const char *path, dist_text *t)
{
    static const setting_info any_real = {"", T_REAL, -HUGE_VAL, HUGE_VAL, 0};
    bool ok = true;
    unsigned allowed = allowed_fields(kind);
    int n = config_setting_length(group);
    for (int i = 0; i < n; i++) {
        const config_setting_t *s = config_setting_get_elem(group, (unsigned)i);
        const char *name = config_setting_name(s);
        if (strcmp(name, "dist") == 0)
            continue;
        origin at = member_origin(ld, s, group_at);
        char where[PATH_TEXT];
        snprintf(where, sizeof where, "%s.%s", path, name);
        int f = 0;
        while (f < F_COUNT && strcmp(field_names[f], name) != 0)
            f++;
        if (f == F_COUNT || !(allowed & 1u << f)) {
            ps_suggestion sg;
            char hint[PATH_TEXT + 32];
            ps_suggest_init(&sg, name);
            for (int g = 0; g < F_COUNT; g++)
                if (allowed & 1u << g)
                    ps_suggest_consider(&sg, field_names[g]);
            ps_sc_report(ld, PS_ERR_CONFIG, at, where, "unknown field of a %s distribution%s",
                         ps_unc_kind_name(kind), ps_suggest_hint(&sg, hint, sizeof hint));
            ok = false;
            continue;
        }
        scalar v;
        if (!ps_sc_read_scalar(ld, s, &any_real, at, where, &v)) {
            ok = false;
            continue;
        }
        t->given[f] = true;
        t->value[f] = v.real;
        t->at[f] = at;
    }
    return ok;
}

/* The parameters of *t into *d, with the percentile form solved; false if
 * something is missing or contradictory (reported). */
static bool fill_dist(loader *ld, const dist_text *t, origin at, const char *path, ps_unc_dist *d)
{
    const char *kind = ps_unc_kind_name(d->kind);
    d->min = t->given[F_MIN] ? t->value[F_MIN] : -HUGE_VAL;
    d->max = t->given[F_MAX] ? t->value[F_MAX] : HUGE_VAL;
    d->mean = t->value[F_MEAN], d->sd = t->value[F_SD];
    d->median = t->value[F_MEDIAN], d->sdlog = t->value[F_SDLOG];
    d->mode = t->value[F_MODE], d->alpha = t->value[F_ALPHA], d->beta = t->value[F_BETA];
    if (d->kind == PS_UNC_NORMAL || d->kind == PS_UNC_LOGNORMAL) {
        int a = d->kind == PS_UNC_NORMAL ? F_MEAN : F_MEDIAN, b = a + 1;
        bool direct = t->given[a] || t->given[b], pct = t->given[F_P05] || t->given[F_P95];
        if (direct && pct) {
            ps_sc_report(ld, PS_ERR_CONFIG, at, path, "give %s and %s, or p05 and p95, not both",
                         field_names[a], field_names[b]);
            return false;
        }
        if (pct) {
            if (!t->given[F_P05] || !t->given[F_P95]) {
                ps_sc_report(ld, PS_ERR_CONFIG, at, path, "a %s distribution needs both p05 and p95", kind);
                return false;
            }
            char p05[40], p95[40], where[PATH_TEXT];
            ps_sc_format_number(t->value[F_P05], p05, sizeof p05);
            ps_sc_format_number(t->value[F_P95], p95, sizeof p95);
            snprintf(where, sizeof where, "%s.p95", path);
            if (!(t->value[F_P05] < t->value[F_P95])) {
                ps_sc_report(ld, PS_ERR_CONFIG, t->at[F_P95], where, "%s must be above p05 %s", p95, p05);
                return false;
            }
            if (d->kind == PS_UNC_LOGNORMAL && !(t->value[F_P05] > 0)) {
                snprintf(where, sizeof where, "%s.p05", path);
                ps_sc_report(ld, PS_ERR_CONFIG, t->at[F_P05], where, "must be > 0 for a lognormal, found %s", p05);
                return false;
            }
            ps_unc_from_percentiles(d, t->value[F_P05], t->value[F_P95]);
            return true;
        }
        if (!t->given[a] || !t->given[b]) {
            ps_sc_report(ld, PS_ERR_CONFIG, at, path, "a %s distribution needs %s and %s, or p05 and p95", kind,
                         field_names[a], field_names[b]);
            return false;
        }
        return true;
    }
    unsigned need = allowed_fields(d->kind);
    for (int f = 0; f < F_COUNT; f++)
        if ((need & 1u << f) && !t->given[f]) {
            char list[96] = "";
            for (int g = 0; g < F_COUNT; g++)
                if (need & 1u << g)
                    snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", list[0] ? ", " : "",
                             field_names[g]);
            ps_sc_report(ld, PS_ERR_CONFIG, at, path, "a %s distribution needs %s", kind, list);
            return false;
        }
    return true;
}

/* Mass of d (untruncated) below x and above x. */
static double mass_below(const ps_unc_dist *d, double x) { return ps_unc_cdf_untruncated(d, x); }

static double mass_above(const ps_unc_dist *d, double x)
{
    if (d->kind == PS_UNC_NORMAL)
        return gsl_cdf_ugaussian_Q((x - d->mean) / d->sd);
    if (d->kind == PS_UNC_LOGNORMAL)
        return x <= 0 ? 1 : gsl_cdf_ugaussian_Q((log(x) - log(d->median)) / d->sdlog);
    return 1 - ps_unc_cdf_untruncated(d, x);
}

/* Fit the support of d into the table range of info: given bounds must lie
 * in it; an open tail is cut at the range if it holds little mass. */
static bool fit_range(loader *ld, ps_unc_dist *d, const dist_text *t, const setting_info *info, origin at,
                      const char *path)
{
    char lo[40], hi[40], x[40], where[PATH_TEXT];
    ps_sc_format_number(info->lo, lo, sizeof lo);
    ps_sc_format_number(info->hi, hi, sizeof hi);
    for (int side = 0; side < 2; side++) {
        int f = side ? F_MAX : F_MIN;
        double bound = side ? d->max : d->min, edge = side ? info->hi : info->lo;
        if (t->given[f]) {
            if (side ? bound > edge : bound < edge) {
                ps_sc_format_number(bound, x, sizeof x);
                snprintf(where, sizeof where, "%s.%s", path, field_names[f]);
                ps_sc_report(ld, PS_ERR_CONFIG, t->at[f], where, "%s is outside the setting's range [%s, %s]", x,
                             lo, hi);
                return false;
            }
            continue;
        }
        double outside = side ? mass_above(d, edge) : mass_below(d, edge);
        if (outside > PS_SC_TAIL_MASS) {
            ps_sc_report(ld, PS_ERR_CONFIG, at, path,
                         "the %s distribution puts %.2g of its mass %s %s, outside the setting's range [%s, %s]; "
                         "truncate it with %s",
                         ps_unc_kind_name(d->kind), outside, side ? "above" : "below", side ? hi : lo, lo, hi,
                         field_names[f]);
            return false;
        }
        if (side)
            d->max = edge;
        else
            d->min = edge;
    }
    return true;
}

/* Truncation must leave some mass. */
static bool check_truncation(loader *ld, const ps_unc_dist *d, origin at, const char *path)
{
    if (d->kind != PS_UNC_NORMAL && d->kind != PS_UNC_LOGNORMAL)
        return true;
    double kept = 1 - mass_below(d, d->min) - mass_above(d, d->max);
    if (kept > 1e-9)
        return true;
    char a[40], b[40];
    ps_sc_format_number(d->min, a, sizeof a);
    ps_sc_format_number(d->max, b, sizeof b);
    ps_sc_report(ld, PS_ERR_CONFIG, at, path, "[min, max] = [%s, %s] holds almost none (%.2g) of the distribution",
                 a, b, kept);
    return false;
}

bool ps_sc_read_distribution(loader *ld, const config_setting_t *group, const setting_info *info, origin at,
                             const char *path, ps_unc_dist *out)
{
    int kind = read_kind(ld, group, at, path);
    if (kind < 0)
        return false;
    dist_text t;
    memset(&t, 0, sizeof t);
    memset(out, 0, sizeof *out);
    out->kind = (ps_unc_kind)kind;
    if (!read_fields(ld, group, out->kind, at, path, &t) || !fill_dist(ld, &t, at, path, out))
        return false;
    char why[200], where[PATH_TEXT];
    const char *field;
    if (ps_unc_check(out, why, sizeof why, &field)) {
        int f = 0;
        while (f < F_COUNT && strcmp(field_names[f], field) != 0)
            f++;
        snprintf(where, sizeof where, "%s%s%s", path, field[0] ? "." : "", field);
        ps_sc_report(ld, PS_ERR_CONFIG, f < F_COUNT && t.given[f] ? t.at[f] : at, where, "%s", why);
        return false;
    }
    return fit_range(ld, out, &t, info, at, path) && check_truncation(ld, out, at, path);
}

/* ------------------------------------------------------------------ */
/* The uncertainty group: correlations and samples                      */
/* ------------------------------------------------------------------ */

static void report_unknown_real(loader *ld, origin at, const char *where, const char *name)
{
    ps_suggestion sg;
    char hint[PATH_TEXT + 32];
    ps_suggest_init(&sg, name);
    for (int i = 0; i < N_SETTINGS; i++)
        if (ps_sc_settings[i].type == T_REAL)
            ps_suggest_consider(&sg, ps_sc_settings[i].path);
    ps_sc_report(ld, PS_ERR_CONFIG, at, where, "'%s' is not a real setting%s", name,
                 ps_suggest_hint(&sg, hint, sizeof hint));
}

/* A path member (a or b) of a correlation: the table index of a real setting, or -1 (reported). */
static int read_corr_path(loader *ld, const config_setting_t *elem, const char *name, origin at,
                          const char *where_prefix, const char *file)
{
    const config_setting_t *s = config_setting_get_member(elem, name);
    char where[PATH_TEXT + 8];
    snprintf(where, sizeof where, "%s.%s", where_prefix, name);
    if (!s) {
        ps_sc_report(ld, PS_ERR_CONFIG, at, where, "missing (a correlation needs a, b and rho)");
        return -1;
    }
    origin sat = ps_sc_origin_of(ld, s, file);
    if (config_setting_type(s) != CONFIG_TYPE_STRING) {
        ps_sc_report_wrong_type(ld, s, T_STRING, sat, where);
        return -1;
    }
    const char *path = config_setting_get_string(s);
    int index = ps_sc_setting_index(path);
    if (index < 0 || ps_sc_settings[index].type != T_REAL) {
        report_unknown_real(ld, sat, where, path);
        return -1;
    }
    return index;
}

static void merge_correlation(loader *ld, const config_setting_t *elem, int k, const char *file)
{
    origin at = ps_sc_origin_of(ld, elem, file);
    char where[PATH_TEXT];
    snprintf(where, sizeof where, "uncertainty.correlations.[%d]", k);
    if (!config_setting_is_group(elem)) {
        char found[128];
        ps_sc_describe_found(elem, found, sizeof found);
        ps_sc_report(ld, PS_ERR_CONFIG, at, where, "expected a group { a = ...; b = ...; rho = ...; }, found %s",
                     found);
        return;
    }
    int n = config_setting_length(elem);
    bool ok = true;
    for (int i = 0; i < n; i++) {
        const char *name = config_setting_name(config_setting_get_elem(elem, (unsigned)i));
        if (strcmp(name, "a") && strcmp(name, "b") && strcmp(name, "rho")) {
            char w[2 * PATH_TEXT];
            snprintf(w, sizeof w, "%s.%s", where, name);
            ps_sc_report(ld, PS_ERR_CONFIG, ps_sc_origin_of(ld, config_setting_get_elem(elem, (unsigned)i), file),
                         w, "unknown field of a correlation (a, b, rho)");
            ok = false;
        }
    }
    int a = read_corr_path(ld, elem, "a", at, where, file);
    int b = read_corr_path(ld, elem, "b", at, where, file);
    const config_setting_t *r = config_setting_get_member(elem, "rho");
    static const setting_info rho_info = {"rho", T_REAL, -1, 1, 0};
    scalar v;
    char w[PATH_TEXT + 8];
    snprintf(w, sizeof w, "%s.rho", where);
    if (!r) {
        ps_sc_report(ld, PS_ERR_CONFIG, at, w, "missing (a correlation needs a, b and rho)");
        return;
    }
    bool rho_ok = ps_sc_read_scalar(ld, r, &rho_info, ps_sc_origin_of(ld, r, file), w, &v);
    if (!ok || a < 0 || b < 0 || !rho_ok)
        return;
    if (a == b) {
        ps_sc_report(ld, PS_ERR_CONFIG, at, where, "a and b are the same setting %s", ps_sc_settings[a].path);
        return;
    }
    if (v.real <= -1 || v.real >= 1) {
        ps_sc_report(ld, PS_ERR_CONFIG, ps_sc_origin_of(ld, r, file), w, "must lie strictly between -1 and 1");
        return;
    }
    int lo = a < b ? a : b, hi = a < b ? b : a;
    corr_entry *e = NULL;
    for (int i = 0; i < ld->n_corr && !e; i++)
        if (ld->corr[i].a == lo && ld->corr[i].b == hi)
            e = &ld->corr[i];
    if (!e) {
        if (ld->n_corr == PS_UNC_MAX_CORR) {
            ps_sc_report(ld, PS_ERR_CONFIG, at, where, "more than %d correlations", PS_UNC_MAX_CORR);
            return;
        }
        e = &ld->corr[ld->n_corr++];
    }
    e->a = lo, e->b = hi, e->rho = v.real, e->at = at;
}

/* uncertainty.samples = "FILE": relative to the declaring file. */
static void merge_samples_path(loader *ld, const config_setting_t *s, origin at)
{
    if (config_setting_type(s) != CONFIG_TYPE_STRING) {
        ps_sc_report_wrong_type(ld, s, T_STRING, at, "uncertainty.samples");
        return;
    }
    const char *value = config_setting_get_string(s);
    if (!value[0]) {
        ps_sc_report(ld, PS_ERR_CONFIG, at, "uncertainty.samples", "empty path");
        return;
    }
    if (!ps_path_beside(ld->sources[at.source], value, ld->samples_decl.display,
                        sizeof ld->samples_decl.display)) {
        ps_sc_report(ld, PS_ERR_CONFIG, at, "uncertainty.samples", "path is too long");
        return;
    }
    ld->samples_decl.pending = true;
    ld->samples_decl.at = at;
}

/* uncertainty.columns = ["growth.mu", ...]: the columns to use (default all). */
static void merge_samples_columns(loader *ld, const config_setting_t *s, origin at)
{
    int n = config_setting_is_array(s) || config_setting_is_list(s) ? config_setting_length(s) : -1;
    if (n < 0) {
        char found[128];
        ps_sc_describe_found(s, found, sizeof found);
        ps_sc_report(ld, PS_ERR_CONFIG, at, "uncertainty.columns",
                     "expected an array of setting paths [\"growth.mu\", ...], found %s", found);
        return;
    }
    if (n > PS_UNC_MAX) {
        ps_sc_report(ld, PS_ERR_CONFIG, at, "uncertainty.columns", "more than %d columns", PS_UNC_MAX);
        return;
    }
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
        const char *text = config_setting_get_string(e);
        if (!text || strlen(text) >= PS_UNC_PATH) {
            ps_sc_report(ld, PS_ERR_CONFIG, at, "uncertainty.columns", "element %d is not a setting path", i + 1);
            return;
        }
        copy_text(ld->samples_decl.columns[i], PS_UNC_PATH, text);
    }
    ld->samples_decl.n_columns = n;
    ld->samples_decl.has_columns = true;
    ld->samples_decl.columns_at = at;
}

/* Which columns of t the declaration uses (used[c]); false if columns names
 * one the file lacks (reported). */
static bool chosen_columns(loader *ld, const ps_samples *t, bool *used)
{
    for (int c = 0; c < t->n_cols; c++)
        used[c] = !ld->samples_decl.has_columns;
    bool ok = true;
    for (int i = 0; i < ld->samples_decl.n_columns && ld->samples_decl.has_columns; i++) {
        const char *name = ld->samples_decl.columns[i];
        int c = ps_samples_column(t, name);
        if (c >= 0) {
            used[c] = true;
            continue;
        }
        ps_suggestion sg;
        char hint[PATH_TEXT + 32];
        ps_suggest_init(&sg, name);
        for (int k = 0; k < t->n_cols; k++)
            ps_suggest_consider(&sg, t->names[k]);
        ps_sc_report(ld, PS_ERR_CONFIG, ld->samples_decl.columns_at, "uncertainty.columns",
                     "'%s' is not a column of %s%s", name, ld->samples_decl.display,
                     ps_suggest_hint(&sg, hint, sizeof hint));
        ok = false;
    }
    return ok;
}

/* Check column c of t (a real setting, every value in its range); its
 * table index, or -1 (reported). */
static int check_column(loader *ld, const ps_samples *t, int c, int source)
{
    const char *name = t->names[c];
    origin head = {source, t->header_line};
    int index = ps_sc_setting_index(name);
    if (index < 0 || ps_sc_settings[index].type != T_REAL) {
        report_unknown_real(ld, head, name, name);
        return -1;
    }
    const setting_info *info = &ps_sc_settings[index];
    for (long r = 0; r < t->n_rows; r++) {
        double x = t->values[r * t->n_cols + c];
        if (x >= info->lo && x <= info->hi)
            continue;
        char v[40], lo[40], hi[40];
        ps_sc_format_number(x, v, sizeof v);
        ps_sc_format_number(info->lo, lo, sizeof lo);
        ps_sc_format_number(info->hi, hi, sizeof hi);
        ps_sc_report(ld, PS_ERR_CONFIG, (origin){source, t->row_line[r]}, name,
                     "%s is outside the setting's range [%s, %s]", v, lo, hi);
        return -1;
    }
    return index;
}

void ps_sc_apply_samples(loader *ld)
{
    if (!ld->samples_decl.pending) {
        ld->samples_decl.has_columns = false;
        return;
    }
    ld->samples_decl.pending = false;
    const char *display = ld->samples_decl.display;
    char abs[PATH_MAX];
    ps_samples t;
    ps_error e;
    ps_error_clear(&e);
    if (!realpath(display, abs)) {
        ps_sc_report(ld, PS_ERR_IO, ld->samples_decl.at, "uncertainty.samples", "cannot read %s: %s", display,
                     strerror(errno));
        ld->samples_decl.has_columns = false;
        return;
    }
    int source = ps_sc_intern_source(ld, display);
    if (ps_samples_read(abs, display, &t, &e) != PS_OK) {
        ps_sc_report(ld, e.code, (origin){source, e.line}, e.where[0] ? e.where : NULL, "%s", e.message);
        ld->samples_decl.has_columns = false;
        return;
    }
    bool used[PS_UNC_MAX];
    bool ok = chosen_columns(ld, &t, used);
    int index[PS_UNC_MAX];
    for (int c = 0; c < t.n_cols; c++) {
        index[c] = used[c] ? check_column(ld, &t, c, source) : -1;
        ok = ok && (!used[c] || index[c] >= 0);
    }
    /* Settings taken from an earlier samples file that this one does not carry. */
    for (int i = 0; i < N_SETTINGS && ok; i++) {
        const leaf *l = &ld->leaves[i];
        if (!l->valid || !l->uncertain || l->dist.kind != PS_UNC_SAMPLES)
            continue;
        int c = ps_samples_column(&t, ps_sc_settings[i].path);
        if (c < 0 || !used[c]) {
            ps_sc_report(ld, PS_ERR_CONFIG, ld->samples_decl.at, "uncertainty.samples",
                         "%s replaces the samples file %s, whose column %s it does not carry: give that setting "
                         "a value or a distribution after this line",
                         display, ld->samples_display, ps_sc_settings[i].path);
            ok = false;
        }
    }
    if (ok) {
        for (int c = 0; c < t.n_cols; c++) {
            if (index[c] < 0)
                continue;
            leaf *l = &ld->leaves[index[c]];
            memset(&l->dist, 0, sizeof l->dist);
            l->dist.kind = PS_UNC_SAMPLES;
            l->dist.min = HUGE_VAL, l->dist.max = -HUGE_VAL;
            for (long r = 0; r < t.n_rows; r++) {
                double x = t.values[r * t.n_cols + c];
                l->dist.min = fmin(l->dist.min, x);
                l->dist.max = fmax(l->dist.max, x);
            }
            l->set = l->valid = l->uncertain = true;
            l->at = ld->samples_decl.at;
            memset(&l->value, 0, sizeof l->value);
            l->value.real = ps_samples_median(&t, c);
            if (isnan(l->value.real)) /* the values are finite (ps_samples_read) */
                ps_sc_report(ld, PS_ERR_NOMEM, ld->samples_decl.at, "uncertainty.samples",
                             "out of memory taking the median of column %s", t.names[c]);
        }
        copy_text(ld->samples_abs, sizeof ld->samples_abs, abs);
        copy_text(ld->samples_display, sizeof ld->samples_display, display);
    }
    ld->samples_decl.has_columns = false;
    ps_samples_free(&t);
}

void ps_sc_merge_uncertainty(loader *ld, const config_setting_t *group, const char *file)
{
    origin at = ps_sc_origin_of(ld, group, file);
    if (!config_setting_is_group(group)) {
        char found[128];
        ps_sc_describe_found(group, found, sizeof found);
        ps_sc_report(ld, PS_ERR_CONFIG, at, "uncertainty", "expected a group { ... }, found %s", found);
        return;
    }
    int n = config_setting_length(group);
    for (int i = 0; i < n; i++) {
        const config_setting_t *s = config_setting_get_elem(group, (unsigned)i);
        const char *name = config_setting_name(s);
        origin sat = ps_sc_origin_of(ld, s, file);
        if (strcmp(name, "correlations") == 0) {
            if (!config_setting_is_list(s)) {
                char found[128];
                ps_sc_describe_found(s, found, sizeof found);
                ps_sc_report(ld, PS_ERR_CONFIG, sat, "uncertainty.correlations", "expected a list ( ... ), found %s",
                             found);
                continue;
            }
            for (int k = 0; k < config_setting_length(s); k++)
                merge_correlation(ld, config_setting_get_elem(s, (unsigned)k), k, file);
        } else if (strcmp(name, "samples") == 0) {
            merge_samples_path(ld, s, sat);
        } else if (strcmp(name, "columns") == 0) {
            merge_samples_columns(ld, s, sat);
        } else {
            char where[PATH_TEXT];
            snprintf(where, sizeof where, "uncertainty.%s", name);
            ps_suggestion sg;
            char hint[PATH_TEXT + 32];
            ps_suggest_init(&sg, name);
            ps_suggest_consider(&sg, "correlations");
            ps_suggest_consider(&sg, "samples");
            ps_suggest_consider(&sg, "columns");
            ps_sc_report(ld, PS_ERR_CONFIG, sat, where, "unknown setting%s", ps_suggest_hint(&sg, hint, sizeof hint));
        }
    }
}

/* ------------------------------------------------------------------ */
/* Into the scenario                                                    */
/* ------------------------------------------------------------------ */

static const size_t setting_offsets[N_SETTINGS] = {
#define PS_OFFSET(path, type, field, lo, hi) offsetof(ps_scenario, field),
    PS_SETTING_LIST(PS_OFFSET)
#undef PS_OFFSET
};

void ps_sc_finish_uncertain(loader *ld, ps_scenario *sc)
{
    ps_unc_set *set = &sc->unc;
    int slot[N_SETTINGS];
    set->n = 0;
    for (int i = 0; i < N_SETTINGS; i++) {
        slot[i] = -1;
        const leaf *l = &ld->leaves[i];
        if (!l->valid || !l->uncertain)
            continue;
        ps_unc_setting *u = &set->settings[set->n];
        copy_text(u->path, sizeof u->path, ps_sc_settings[i].path);
        u->offset = setting_offsets[i];
        u->key = ps_unc_key(u->path);
        u->dist = l->dist;
        u->column = -1;
        slot[i] = set->n++;
        if (l->dist.kind == PS_UNC_SAMPLES)
            copy_text(set->samples, sizeof set->samples, ld->samples_abs);
    }
    /* A correlation applies while both settings are drawn from distributions:
     * fixing one (in a child or with --set), or taking it from a samples file
     * (whose rows carry their own joint law), drops its correlations. */
    set->n_corr = 0;
    origin first = no_origin;
    for (int c = 0; c < ld->n_corr; c++) {
        const corr_entry *e = &ld->corr[c];
        int a = slot[e->a], b = slot[e->b];
        if (a < 0 || b < 0 || e->rho == 0)
            continue;
        for (int k = 0; k < 2; k++) {
            int s = k ? b : a;
            if (set->settings[s].dist.kind == PS_UNC_SAMPLES) {
                a = -1;
                break;
            }
        }
        if (a < 0)
            continue;
        if (first.source < 0)
            first = e->at;
        set->corr[set->n_corr++] = (ps_unc_correlation){a, b, e->rho};
    }
    if (set->n_corr == 0)
        return;
    double *l = malloc(sizeof *l * PS_UNC_MAX * PS_UNC_MAX);
    int map[PS_UNC_MAX], m;
    if (!l) {
        ps_sc_report(ld, PS_ERR_NOMEM, first, "uncertainty.correlations", "out of memory");
        return;
    }
    if (ps_unc_cholesky(set, map, &m, l) != 0)
        ps_sc_report(ld, PS_ERR_CONFIG, first, "uncertainty.correlations",
                     "the correlations are inconsistent: their normal correlation matrix (2 sin(pi rho / 6)) "
                     "is not positive definite");
    free(l);
}
