/* cli_list.c — `parksim list settings|metrics|targets [SCENARIO]`: what a
 * scenario can say and what a run reports, as TSV with a header line.
 *
 *   settings  every setting of engine/scenario_table.h: type, allowed range,
 *             unit and where plan.cfg's default comes from (both from
 *             scenarios/settings-doc.tsv, next to plan.cfg), and its value
 *             in SCENARIO (default: plan.cfg)
 *   metrics   every metric with its unit (include/parksim/metrics.h)
 *   targets   every target of SCENARIO (default: plan.cfg)
 *
 * Without SCENARIO, plan.cfg is looked for in the installed scenario library
 * (BINDIR/../share/parksim/scenarios) and then in the source tree.
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "parksim/metrics.h"
#include "scenario_table.h"

/* The directory of the scenario library: installed, else the source tree's. */
const char *cli_scenario_library(void)
{
    static char dir[1200];
    char exe[1024];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        snprintf(dir, sizeof dir, "%s/../share/parksim/scenarios", dirname(exe));
        char plan[1300];
        snprintf(plan, sizeof plan, "%s/plan.cfg", dir);
        if (access(plan, R_OK) == 0)
            return dir;
    }
    return PARKSIM_SOURCE_DIR "/scenarios";
}

static int list_metrics(void)
{
    puts("metric\tunit");
    for (int k = 0; k < PS_METRIC_COUNT; k++)
        printf("%s\t%s\n", ps_metric_get((ps_metric)k)->name, ps_metric_get((ps_metric)k)->unit);
    return cli_flush_stdout();
}

static int load(const char *path, ps_scenario *sc)
{
    ps_error err;
    return ps_scenario_load(path, NULL, 0, sc, &err) == PS_OK ? 0 : cli_report(&err);
}

static int list_targets(const char *path)
{
    static ps_scenario sc;
    int rc = load(path, &sc);
    if (rc)
        return rc;
    puts("target\tmetric\top\tthreshold\tunit\tyear");
    for (int t = 0; t < sc.n_targets; t++) {
        const ps_target *tg = &sc.targets[t];
        printf("%s\t", tg->name);
        ps_put_target_metric(stdout, tg);
        printf("\t%s\t", ps_cmp_name(tg->op));
        ps_put_double(stdout, tg->threshold);
        printf("\t%s\t%d\n", ps_metric_get(tg->metric)->unit, tg->year);
    }
    return cli_flush_stdout();
}

/* One value of any setting type, as `config` would write it. */
static void put_value(double x) { ps_put_double(stdout, x); }
static void put_int(int x) { printf("%d", x); }
static void put_long(long x) { printf("%ld", x); }
static void put_ulong(unsigned long x) { printf("%lu", x); }
static void put_bool(bool x) { fputs(x ? "true" : "false", stdout); }
static void put_string(const char *x) { printf("\"%s\"", x); }
#define PUT(x)                                                                                              \
    _Generic((x), double: put_value, int: put_int, long: put_long, unsigned long: put_ulong, bool: put_bool, \
             char *: put_string, const char *: put_string)(x)

static const char *type_name(const char *t)
{
    return strcmp(t, "REAL") == 0 ? "real" : strcmp(t, "BOOL") == 0 ? "bool" : strcmp(t, "STRING") == 0 ? "string"
                                                                                                      : "integer";
}

static void put_range(const char *type, double lo, double hi)
{
    if (strcmp(type, "STRING") == 0 || strcmp(type, "BOOL") == 0) {
        fputs("-", stdout);
        return;
    }
    char a[32], b[32];
    printf("[%s, %s]", ps_fmt_double(a, lo), ps_fmt_double(b, hi));
}

/* The row of path in settings-doc.tsv: unit and source, or NULL. */
static bool doc_row(FILE *f, const char *path, char *unit, char *source, size_t n)
{
    char line[1024];
    rewind(f);
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#')
            continue;
        line[strcspn(line, "\r\n")] = '\0';
        char *u = strchr(line, '\t'), *s = u ? strchr(u + 1, '\t') : NULL;
        if (!s)
            continue;
        *u++ = '\0', *s++ = '\0';
        if (strcmp(line, path) == 0) {
            snprintf(unit, n, "%s", u);
            snprintf(source, n, "%s", s);
            return true;
        }
    }
    return false;
}

static int list_settings(const char *path)
{
    static ps_scenario sc;
    int rc = load(path, &sc);
    if (rc)
        return rc;
    char doc_path[1300];
    snprintf(doc_path, sizeof doc_path, "%s/settings-doc.tsv", cli_scenario_library());
    FILE *doc = fopen(doc_path, "r");
    if (!doc) {
        ps_error err;
        ps_error_set(&err, PS_ERR_IO, doc_path, 0, NULL, "cannot read: %s", strerror(errno));
        return cli_report(&err);
    }
    char unit[256], source[256];
    int missing = 0;
    puts("setting\ttype\trange\tunit\tsource\tvalue");
#define ROW(path_, type, field, lo, hi)                                                     \
    if (!doc_row(doc, path_, unit, source, sizeof unit))                                    \
        snprintf(unit, sizeof unit, "?"), snprintf(source, sizeof source, "?"), missing++;  \
    printf("%s\t%s\t", path_, type_name(#type));                                            \
    put_range(#type, lo, hi);                                                               \
    printf("\t%s\t%s\t", unit, source);                                                     \
    PUT(sc.field);                                                                          \
    putchar('\n');
    PS_SETTING_LIST(ROW)
#undef ROW
    /* The settings by province and the schedule (engine/scenario_province.c). */
    static const struct {
        const char *path, *type, *range;
        const ps_province_values *pv;
    } extra[] = {{"growth.province_effect", "real by province", "[-0.5, 0.5]", &sc.growth.province_effect},
                 {"upgrade.province_weight", "real by province", "[0, 100]", &sc.upgrade.province_weight},
                 {"upgrade.reserved", "integer by province", "[0, 1000]", &sc.upgrade.reserved},
                 {"upgrade.schedule", "integer array", "[0, 100000] each", NULL}};
    for (size_t k = 0; k < sizeof extra / sizeof extra[0]; k++) {
        if (!doc_row(doc, extra[k].path, unit, source, sizeof unit))
            snprintf(unit, sizeof unit, "?"), snprintf(source, sizeof source, "?"), missing++;
        printf("%s\t%s\t%s\t%s\t%s\t", extra[k].path, extra[k].type, extra[k].range, unit, source);
        if (extra[k].pv) {
            printf("{");
            for (int i = 0; i < extra[k].pv->n; i++) {
                printf(" %s = ", extra[k].pv->name[i]);
                put_value(extra[k].pv->value[i]);
                printf(";");
            }
            printf(" }\n");
        } else {
            printf("[");
            for (int i = 0; i < sc.upgrade.n_schedule; i++)
                printf("%s%d", i ? ", " : " ", sc.upgrade.schedule[i]);
            printf(" ]\n");
        }
    }
    fclose(doc);
    rc = cli_flush_stdout();
    if (rc == 0 && missing) {
        ps_error err;
        ps_error_set(&err, PS_ERR_DATA, doc_path, 0, NULL, "%d settings have no row (unit and source '?')", missing);
        return cli_report(&err);
    }
    return rc;
}

int cli_list(const cli_options *o)
{
    if (o->n_scenarios < 1 || o->n_scenarios > 2)
        return cli_usage_error("list: expected settings, metrics or targets, and at most one scenario");
    const char *what = o->scenarios[0];
    char plan[1300];
    snprintf(plan, sizeof plan, "%s/plan.cfg", cli_scenario_library());
    const char *path = o->n_scenarios == 2 ? o->scenarios[1] : plan;
    if (strcmp(what, "metrics") == 0)
        return o->n_scenarios == 1 ? list_metrics() : cli_usage_error("list metrics: takes no scenario");
    if (strcmp(what, "targets") == 0)
        return list_targets(path);
    if (strcmp(what, "settings") == 0)
        return list_settings(path);
    return cli_usage_error("list: expected settings, metrics or targets, got '%s'", what);
}
