/* scenario_write.c — ps_scenario_write: the resolved scenario as a
 * libconfig file, every setting in table order, groups nested as their
 * paths, numbers in the shortest text that reads back to the same double
 * (contract in include/parksim/scenario.h). Also the number text the
 * loader's messages use.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_int.h"


/* Make number text read back as a real by libconfig: "2" -> "2.0". */
static void mark_as_real(char *buf, size_t n)
{
    if (!strpbrk(buf, ".en")) /* '.', exponent, "inf", "nan" */
        strncat(buf, ".0", n - strlen(buf) - 1);
}

/* Shortest "%g" text that reads back as x (for messages); no exponent for
 * magnitudes from 1e-4 to 1e15, so 2020 is "2020", not "2.02e+03". */
void ps_sc_format_number(double x, char *buf, size_t n)
{
    double magnitude = x < 0 ? -x : x;
    bool plain = magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e15);
    for (int precision = 1; precision <= 17; precision++) {
        snprintf(buf, n, "%.*g", precision, x);
        if (strtod(buf, NULL) == x && (!plain || !strchr(buf, 'e')))
            return;
    }
}

void ps_sc_format_real_literal(double x, char *buf, size_t n)
{
    ps_sc_format_number(x, buf, n);
    mark_as_real(buf, n);
}

#define FETCH_REAL(src, v) (v)->real = (src)
#define FETCH_INT(src, v) (v)->integer = (src)
#define FETCH_INT64(src, v) (v)->integer = (long long)(src)
#define FETCH_BOOL(src, v) (v)->boolean = (src)
#define FETCH_STRING(src, v) copy_text((v)->text, sizeof(v)->text, (src))

static void fetch_setting(const ps_scenario *sc, int index, scalar *v)
{
    int k = 0;
#define PS_FETCH(path, type, field, lo, hi) \
    if (index == k++) {                     \
        FETCH_##type(sc->field, v);         \
        return;                             \
    }
    PS_SETTING_LIST(PS_FETCH)
#undef PS_FETCH
}

typedef struct writer {
    FILE *f;
    bool failed;
} writer;

static void emit(writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void emit(writer *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (vfprintf(w->f, fmt, ap) < 0)
        w->failed = true;
    va_end(ap);
}

static void emit_indent(writer *w, int depth)
{
    for (int i = 0; i < depth; i++)
        emit(w, "    ");
}

static void emit_quoted(writer *w, const char *text)
{
    emit(w, "\"");
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        switch (*c) {
        case '"':
            emit(w, "\\\"");
            break;
        case '\\':
            emit(w, "\\\\");
            break;
        case '\n':
            emit(w, "\\n");
            break;
        case '\r':
            emit(w, "\\r");
            break;
        case '\t':
            emit(w, "\\t");
            break;
        case '\f':
            emit(w, "\\f");
            break;
        default:
            if (*c < 0x20 || *c == 0x7f)
                emit(w, "\\x%02x", (unsigned)*c);
            else
                emit(w, "%c", *c);
            break;
        }
    }
    emit(w, "\"");
}

static void emit_real(writer *w, double x)
{
    char text[48];
    ps_sc_format_real_literal(x, text, sizeof text); /* shortest text that reads back to x */
    emit(w, "%s", text);
}

static void emit_value(writer *w, value_type type, const scalar *v)
{
    switch (type) {
    case T_REAL:
        emit_real(w, v->real);
        break;
    case T_INT:
        emit(w, "%lld", v->integer);
        break;
    case T_INT64:
        emit(w, "%lld%s", v->integer, v->integer > INT32_MAX || v->integer < INT32_MIN ? "L" : "");
        break;
    case T_BOOL:
        emit(w, "%s", v->boolean ? "true" : "false");
        break;
    case T_STRING:
        emit_quoted(w, v->text);
        break;
    }
}

/* Number of leading dot-separated components two group paths share. */
static int common_groups(const char *a, const char *b)
{
    int shared = 0;
    for (;;) {
        size_t la = strcspn(a, "."), lb = strcspn(b, ".");
        if (la == 0 || la != lb || strncmp(a, b, la) != 0)
            return shared;
        shared++;
        if (!a[la] || !b[lb])
            return shared;
        a += la + 1;
        b += lb + 1;
    }
}

static int count_groups(const char *group)
{
    if (!group[0])
        return 0;
    int n = 1;
    for (const char *c = group; *c; c++)
        n += *c == '.';
    return n;
}

/* Close the groups of `open` that `next` does not share, open the new ones. */
static void switch_groups(writer *w, const char *open, const char *next)
{
    int shared = common_groups(open, next);
    for (int depth = count_groups(open); depth > shared; depth--) {
        emit_indent(w, depth - 1);
        emit(w, "};\n");
    }
    const char *part = next;
    for (int depth = 0; depth < count_groups(next); depth++) {
        const char *end = strchr(part, '.');
        int len = end ? (int)(end - part) : (int)strlen(part);
        if (depth >= shared) {
            if (depth == 0)
                emit(w, "\n");
            emit_indent(w, depth);
            emit(w, "%.*s = {\n", len, part);
        }
        part = end ? end + 1 : part + len;
    }
}

static const ps_unc_setting *uncertain_setting(const ps_scenario *sc, const char *path)
{
    for (int i = 0; i < sc->unc.n; i++)
        if (strcmp(sc->unc.settings[i].path, path) == 0)
            return &sc->unc.settings[i];
    return NULL;
}

/* A distribution as the group that reads back to it: its parameters as
 * solved (the percentile form is written as mean/sd or median/sdlog), and
 * min and max always (after any cut at the setting's range). */
static void emit_distribution(writer *w, const ps_unc_dist *d)
{
    emit(w, "{ dist = ");
    emit_quoted(w, ps_unc_kind_name(d->kind));
    const struct {
        const char *name;
        double value;
        bool used;
    } fields[] = {
        {"mean", d->mean, d->kind == PS_UNC_NORMAL},
        {"sd", d->sd, d->kind == PS_UNC_NORMAL},
        {"median", d->median, d->kind == PS_UNC_LOGNORMAL},
        {"sdlog", d->sdlog, d->kind == PS_UNC_LOGNORMAL},
        {"alpha", d->alpha, d->kind == PS_UNC_BETA},
        {"beta", d->beta, d->kind == PS_UNC_BETA},
        {"min", d->min, true},
        {"mode", d->mode, d->kind == PS_UNC_TRIANGULAR || d->kind == PS_UNC_PERT},
        {"max", d->max, true},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (fields[i].used) {
            emit(w, "; %s = ", fields[i].name);
            emit_real(w, fields[i].value);
        }
    emit(w, "; }");
}

/* The settings by province and the schedule of top-level group `top`
 * (written only when given: scenarios without them write what they did). */
static void emit_province_values(writer *w, const char *name, const ps_province_values *pv, bool integer)
{
    if (pv->n == 0)
        return;
    emit_indent(w, 1);
    emit(w, "%s = {", name);
    for (int i = 0; i < pv->n; i++) {
        emit(w, " ");
        for (const char *c = pv->name[i]; *c; c++)
            emit(w, "%c", *c == ' ' ? '_' : *c);
        emit(w, " = ");
        if (integer)
            emit(w, "%d", (int)pv->value[i]);
        else
            emit_real(w, pv->value[i]);
        emit(w, ";");
    }
    emit(w, " };\n");
}

static void emit_province_extras(writer *w, const ps_scenario *sc, const char *top)
{
    if (strcmp(top, "growth") == 0)
        emit_province_values(w, "province_effect", &sc->growth.province_effect, false);
    if (strcmp(top, "upgrade") != 0)
        return;
    emit_province_values(w, "province_weight", &sc->upgrade.province_weight, false);
    emit_province_values(w, "reserved", &sc->upgrade.reserved, true);
    if (sc->upgrade.n_schedule == 0)
        return;
    emit_indent(w, 1);
    emit(w, "schedule = [");
    for (int i = 0; i < sc->upgrade.n_schedule; i++)
        emit(w, "%s%d", i ? ", " : " ", sc->upgrade.schedule[i]);
    emit(w, " ];\n");
}

/* The top-level group of a group path ("upgrade.region_weight" -> "upgrade"). */
static void top_group(const char *group, char *top, size_t n)
{
    const char *dot = strchr(group, '.');
    snprintf(top, n, "%.*s", dot ? (int)(dot - group) : (int)strlen(group), group);
}

static void emit_settings(writer *w, const ps_scenario *sc)
{
    char open[PATH_TEXT] = "";
    for (int i = 0; i < N_SETTINGS; i++) {
        const char *path = ps_sc_settings[i].path;
        const char *last_dot = strrchr(path, '.');
        char group[PATH_TEXT];
        snprintf(group, sizeof group, "%.*s", last_dot ? (int)(last_dot - path) : 0, path);
        char top_open[PATH_TEXT], top_next[PATH_TEXT];
        top_group(open, top_open, sizeof top_open);
        top_group(group, top_next, sizeof top_next);
        if (top_open[0] && strcmp(top_open, top_next) != 0) { /* leaving a top-level group */
            switch_groups(w, open, top_open);
            copy_text(open, sizeof open, top_open);
            emit_province_extras(w, sc, top_open);
        }
        switch_groups(w, open, group);
        copy_text(open, sizeof open, group);

        scalar v;
        fetch_setting(sc, i, &v);
        emit_indent(w, count_groups(group));
        emit(w, "%s = ", last_dot ? last_dot + 1 : path);
        const ps_unc_setting *u = uncertain_setting(sc, path);
        if (u && u->dist.kind != PS_UNC_SAMPLES)
            emit_distribution(w, &u->dist); /* a samples column: its median, overridden by the file below */
        else
            emit_value(w, ps_sc_settings[i].type, &v);
        emit(w, ";\n");
    }
    switch_groups(w, open, "");
}

static void emit_targets(writer *w, const ps_scenario *sc)
{
    emit(w, "\ntargets = (");
    for (int i = 0; i < sc->n_targets; i++) {
        const ps_target *t = &sc->targets[i];
        emit(w, "%s\n    { name = ", i ? "," : "");
        emit_quoted(w, t->name);
        emit(w, "; metric = ");
        emit_quoted(w, ps_metric_get(t->metric)->name);
        emit(w, "; op = ");
        emit_quoted(w, ps_cmp_name(t->op));
        emit(w, "; threshold = ");
        emit_real(w, t->threshold);
        emit(w, "; year = %d; enabled = %s;", t->year, t->enabled ? "true" : "false");
        if (t->province[0]) {
            emit(w, " province = ");
            emit_quoted(w, t->province);
            emit(w, ";");
        }
        emit(w, " }");
    }
    emit(w, "%s);\n", sc->n_targets ? "\n" : " ");
}

/* The uncertainty group, only when there is something in it (so scenarios
 * without correlations write what they always wrote). */
static void emit_uncertainty(writer *w, const ps_scenario *sc)
{
    if (sc->unc.n_corr == 0 && !sc->unc.samples[0])
        return;
    emit(w, "\nuncertainty = {\n");
    if (sc->unc.samples[0]) {
        emit(w, "    samples = ");
        emit_quoted(w, sc->unc.samples);
        emit(w, ";\n    columns = [");
        int k = 0;
        for (int i = 0; i < sc->unc.n; i++)
            if (sc->unc.settings[i].dist.kind == PS_UNC_SAMPLES) {
                emit(w, "%s", k++ ? ", " : " ");
                emit_quoted(w, sc->unc.settings[i].path);
            }
        emit(w, " ];\n");
    }
    if (sc->unc.n_corr == 0) {
        emit(w, "};\n");
        return;
    }
    emit(w, "    correlations = (");
    for (int c = 0; c < sc->unc.n_corr; c++) {
        const ps_unc_correlation *k = &sc->unc.corr[c];
        emit(w, "%s\n        { a = ", c ? "," : "");
        emit_quoted(w, sc->unc.settings[k->a].path);
        emit(w, "; b = ");
        emit_quoted(w, sc->unc.settings[k->b].path);
        emit(w, "; rho = ");
        emit_real(w, k->rho);
        emit(w, "; }");
    }
    emit(w, "\n    );\n};\n");
}

int ps_scenario_write(const ps_scenario *sc, FILE *f)
{
    writer w = {f, false};
    emit(&w, "# Resolved parksim scenario: every setting, no extends.\n");
    emit_settings(&w, sc);
    emit_targets(&w, sc);
    emit_uncertainty(&w, sc);
    if (fflush(f) != 0 || ferror(f))
        w.failed = true;
    return w.failed ? -1 : 0;
}
