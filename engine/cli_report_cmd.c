/* cli_report_cmd.c — `parksim report DIR [--format md|csv] [--lang en|zh]`:
 * the key tables of a result directory, rounded for reading and ready to
 * paste: the targets (P(met) and its 95 % interval in percent), the base-year
 * value and horizon-year quantiles of each target's metric, for each province
 * a target names (national_zones@Guangdong) that province's metrics from
 * provinces.tsv, and the settings in which the run's scenario differs from
 * plan.cfg (settings by province and the approvals schedule included). The
 * Markdown page embeds DIR/plots/ pictures when they have been drawn (the
 * province's fan chart and zones picture among them). Result files keep their
 * round-trip digits; only this page rounds (4 significant digits, shares in
 * percent), which also hides float noise such as 80999.99999999997.
 *
 * Metric titles and units come from plots/labels.tsv (keys metric.NAME.title
 * and .unit; columns en, zh), scales and kinds from plots/lib/metrics.tsv, of
 * the installed or source tree; a metric without a row is shown by its name.
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "scenario_table.h"

typedef struct report {
    bool zh, csv;
    const char *dir;
} report;

static const char *tr(const report *r, const char *en, const char *zh) { return r->zh ? zh : en; }

/* Field k (0-based) of a tab-separated line, into buf. */
static bool field(const char *line, int k, char *buf, size_t n)
{
    for (int i = 0; i < k; i++) {
        line = strchr(line, '\t');
        if (!line)
            return false;
        line++;
    }
    size_t len = strcspn(line, "\t\r\n");
    snprintf(buf, n, "%.*s", (int)(len < n ? len : n - 1), line);
    return true;
}

/* Column col of the row of file whose first field is key ("" if none). */
static bool lookup(const char *file, const char *key, int col, char *buf, size_t n)
{
    FILE *f = fopen(file, "r");
    char line[2048], first[256];
    bool found = false;
    while (f && !found && fgets(line, sizeof line, f))
        found = line[0] != '#' && field(line, 0, first, sizeof first) && strcmp(first, key) == 0 &&
                field(line, col, buf, n);
    if (f)
        fclose(f);
    if (!found)
        buf[0] = '\0';
    return found;
}

static char plots_dir[1400];

typedef struct metric_look {
    char title[256], unit[256], kind[16];
    double scale;
} metric_look;

/* A province's name in the report's language (label province.NAME, '_' for a
 * space; the name itself when there is no label). */
static void province_name(const report *r, const char *name, char *buf, size_t n)
{
    char file[1500], key[300];
    snprintf(key, sizeof key, "province.%s", name);
    for (char *c = key; *c; c++)
        *c = *c == ' ' ? '_' : *c;
    snprintf(file, sizeof file, "%s/labels.tsv", plots_dir);
    if (!(r->zh && lookup(file, key, 2, buf, n) && buf[0]) && !lookup(file, key, 1, buf, n))
        snprintf(buf, n, "%s", name);
}

static void metric_info(const report *r, const char *name, metric_look *m)
{
    char file[1500], key[300], buf[64];
    const char *at = strchr(name, '@');
    if (at) { /* a target by province: national_zones@Guangdong */
        char base[128], province[128];
        snprintf(base, sizeof base, "%.*s", (int)(at - name), name);
        metric_info(r, base, m);
        province_name(r, at + 1, province, sizeof province);
        size_t n = strlen(m->title);
        snprintf(m->title + n, sizeof m->title - n, "%s%s", r->zh ? "：" : ": ", province);
        return;
    }
    snprintf(file, sizeof file, "%s/lib/metrics.tsv", plots_dir);
    if (!lookup(file, name, 2, m->kind, sizeof m->kind))
        m->kind[0] = '\0';
    m->scale = lookup(file, name, 1, buf, sizeof buf) ? strtod(buf, NULL) : 1;
    /* words: plots/labels.tsv, column 1 English, column 2 Chinese (English when empty) */
    snprintf(file, sizeof file, "%s/labels.tsv", plots_dir);
    snprintf(key, sizeof key, "metric.%s.title", name);
    if (!(r->zh && lookup(file, key, 2, m->title, sizeof m->title) && m->title[0]) &&
        !lookup(file, key, 1, m->title, sizeof m->title))
        snprintf(m->title, sizeof m->title, "%s", name);
    snprintf(key, sizeof key, "metric.%s.unit", name);
    if (!(r->zh && lookup(file, key, 2, m->unit, sizeof m->unit) && m->unit[0]))
        lookup(file, key, 1, m->unit, sizeof m->unit);
}

/* x with 4 significant digits, no exponent for ordinary magnitudes. */
static const char *round4(char *buf, double x)
{
    if (!isfinite(x))
        return snprintf(buf, 32, "%g", x), buf;
    double a = fabs(x);
    int decimals = a == 0 ? 0 : 3 - (int)floor(log10(a));
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    snprintf(buf, 32, "%.*f", decimals, x);
    if (strchr(buf, '.')) { /* 12.50 -> 12.5, 3.000 -> 3 */
        char *e = buf + strlen(buf) - 1;
        while (*e == '0')
            *e-- = '\0';
        if (*e == '.')
            *e = '\0';
    }
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
    return buf;
}

/* A probability in percent: 1 decimal, 2 below 1 %. */
static const char *percent(char *buf, double p)
{
    double x = 100 * p;
    snprintf(buf, 32, "%.*f", x < 1 && x > 0 ? 2 : 1, x);
    return buf;
}

static void row(const report *r, int n, const char *const *cells)
{
    for (int i = 0; i < n; i++) {
        if (r->csv) {
            bool quote = strpbrk(cells[i], ",\"\n") != NULL;
            printf("%s%s", i ? "," : "", quote ? "\"" : "");
            for (const char *c = cells[i]; *c; c++)
                printf(*c == '"' && quote ? "\"\"" : "%c", *c);
            fputs(quote ? "\"" : "", stdout);
        } else
            printf("| %s ", cells[i]);
    }
    puts(r->csv ? "" : "|");
}

static void header(const report *r, int n, const char *const *cells)
{
    row(r, n, cells);
    if (!r->csv) {
        for (int i = 0; i < n; i++)
            fputs("|---", stdout);
        puts("|");
    }
}

static void heading(const report *r, const char *text)
{
    if (r->csv)
        printf("\n# %s\n", text);
    else
        printf("\n## %s\n\n", text);
}

static int open_table(const report *r, const char *name, FILE **f)
{
    char path[1300];
    snprintf(path, sizeof path, "%s/%s", r->dir, name);
    *f = fopen(path, "r");
    if (*f)
        return 0;
    ps_error err;
    ps_error_set(&err, PS_ERR_IO, path, 0, NULL, "cannot read: %s", strerror(errno));
    return cli_report(&err);
}

static int targets_table(const report *r, int *horizon)
{
    FILE *f;
    int rc = open_table(r, "targets.tsv", &f);
    if (rc)
        return rc;
    char line[4096], v[10][256];
    heading(r, tr(r, "Targets: probability of being met", "目标：达成概率"));
    const char *h[] = {tr(r, "target", "目标"), tr(r, "condition", "条件"), tr(r, "year", "年份"),
                       tr(r, "P(met), %", "达成概率（%）"), tr(r, "95 % interval, %", "95% 置信区间（%）"),
                       tr(r, "runs", "模拟次数")};
    header(r, 6, h);
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "# horizon: %d", horizon) == 1 || line[0] == '#')
            continue;
        for (int k = 0; k < 10; k++)
            if (!field(line, k, v[k], sizeof v[k]))
                v[k][0] = '\0';
        char cond[600], p[32], lo[32], hi[32], ci[80];
        if (strcmp(v[0], "all") == 0)
            snprintf(cond, sizeof cond, "%s", tr(r, "every target above", "以上全部目标"));
        else {
            metric_look m;
            metric_info(r, v[1], &m);
            char t[32];
            snprintf(cond, sizeof cond, "%s %s %s%s%s", m.title, v[2], round4(t, strtod(v[3], NULL) * m.scale),
                     strcmp(m.kind, "share") == 0 ? " %" : "", strcmp(m.kind, "share") == 0 ? "" : "");
        }
        snprintf(ci, sizeof ci, "%s–%s", percent(lo, strtod(v[8], NULL)), percent(hi, strtod(v[9], NULL)));
        const char *cells[] = {v[0], cond, v[4], percent(p, strtod(v[7], NULL)), ci, v[5]};
        row(r, 6, cells);
    }
    fclose(f);
    return 0;
}

/* One row of a quantiles table (summary.tsv, provinces.tsv): from the rows
 * of f whose first n_keys columns are keys (the last names the metric), then
 * the year, the metric's value in the base year (column base_col; the year
 * from the "# base_year:" line) and its 5/50/95 % quantiles in the horizon
 * (columns 5, 7, 9). No row if the base year is missing. */
static void quantile_row(const report *r, FILE *f, const char *const *keys, int n_keys, int base_col, int horizon)
{
    char line[4096], v[10][64], b[32] = "", q[3][32] = {"", "", ""};
    int base = 0;
    bool found = false;
    metric_look m;
    metric_info(r, keys[n_keys - 1], &m);
    rewind(f);
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' && sscanf(line, "# base_year: %d", &base) == 1)
            continue;
        bool match = line[0] != '#';
        for (int k = 0; match && k < n_keys; k++)
            match = field(line, k, v[k], sizeof v[k]) && strcmp(v[k], keys[k]) == 0;
        if (!match)
            continue;
        for (int c = n_keys; c < 10; c++)
            field(line, c, v[c], sizeof v[c]);
        int year = atoi(v[n_keys]);
        if (year == base)
            round4(b, strtod(v[base_col], NULL) * m.scale), found = true;
        if (year == horizon) {
            round4(q[0], strtod(v[5], NULL) * m.scale);
            round4(q[1], strtod(v[7], NULL) * m.scale);
            round4(q[2], strtod(v[9], NULL) * m.scale);
        }
    }
    if (found) {
        const char *cells[] = {m.title, m.unit, b, q[0], q[1], q[2]};
        row(r, 6, cells);
    }
}

static int quantiles_table(const report *r, int horizon)
{
    FILE *f;
    int rc = open_table(r, "summary.tsv", &f);
    if (rc)
        return rc;
    static const char *headline[] = {"national_zones", "gdp", "rd_intensity", "new_firm_share", "kis_share",
                                     "productivity_growth", "built_land"};
    char title[160];
    if (r->zh)
        snprintf(title, sizeof title, "%d 年主要指标", horizon);
    else
        snprintf(title, sizeof title, "Headline metrics in %d", horizon);
    heading(r, title);
    const char *h[] = {tr(r, "metric", "指标"), tr(r, "unit", "单位"), tr(r, "base year", "基年"), "p05", "p50",
                       "p95"};
    header(r, 6, h);
    for (size_t i = 0; i < sizeof headline / sizeof *headline; i++)
        quantile_row(r, f, &headline[i], 1, 2, horizon);
    fclose(f);
    return 0;
}

/* The provinces named by targets (metric@Province), in target order, at most
 * PS_MAX_TARGETS; returns how many. */
static int target_provinces(const report *r, char names[][PS_PROVINCE_NAME])
{
    char path[1300], line[4096], metric[256];
    snprintf(path, sizeof path, "%s/targets.tsv", r->dir);
    FILE *f = fopen(path, "r");
    int n = 0;
    while (f && n < PS_MAX_TARGETS && fgets(line, sizeof line, f)) {
        const char *at;
        if (line[0] == '#' || !field(line, 1, metric, sizeof metric) || !(at = strchr(metric, '@')))
            continue;
        bool seen = false;
        for (int i = 0; i < n && !seen; i++)
            seen = strcmp(names[i], at + 1) == 0;
        if (!seen)
            snprintf(names[n++], PS_PROVINCE_NAME, "%s", at + 1);
    }
    if (f)
        fclose(f);
    return n;
}

/* Each province a target names: its base-year value and horizon quantiles of
 * the metrics of provinces.tsv (skipped when the run wrote none). */
static void province_tables(const report *r, int horizon)
{
    static const char *metrics[] = {"national_zones", "upgrades", "gdp", "rd_intensity", "city_coverage"};
    char names[PS_MAX_TARGETS][PS_PROVINCE_NAME], path[1300], title[400];
    int np = target_provinces(r, names);
    snprintf(path, sizeof path, "%s/provinces.tsv", r->dir);
    FILE *f = np > 0 ? fopen(path, "r") : NULL;
    if (!f)
        return;
    for (int k = 0; k < np; k++) {
        char pname[128];
        province_name(r, names[k], pname, sizeof pname);
        if (r->zh)
            snprintf(title, sizeof title, "%d 年%s", horizon, pname);
        else
            snprintf(title, sizeof title, "%s in %d", pname, horizon);
        heading(r, title);
        const char *h[] = {tr(r, "metric", "指标"), tr(r, "unit", "单位"), tr(r, "base year", "基年"), "p05", "p50",
                           "p95"};
        header(r, 6, h);
        for (size_t i = 0; i < sizeof metrics / sizeof *metrics; i++) {
            const char *keys[] = {names[k], metrics[i]};
            quantile_row(r, f, keys, 2, 4, horizon);
        }
    }
    fclose(f);
}

static void put_setting(char *buf, size_t n, double x) { ps_fmt_double(buf, x), (void)n; }
static void put_i(char *buf, size_t n, int x) { snprintf(buf, n, "%d", x); }
static void put_l(char *buf, size_t n, long x) { snprintf(buf, n, "%ld", x); }
static void put_ul(char *buf, size_t n, unsigned long x) { snprintf(buf, n, "%lu", x); }
static void put_b(char *buf, size_t n, bool x) { snprintf(buf, n, "%s", x ? "true" : "false"); }
static void put_s(char *buf, size_t n, const char *x) { snprintf(buf, n, "%s", x); }
#define FMT(buf, x)                                                                                       \
    _Generic((x), double: put_setting, int: put_i, long: put_l, unsigned long: put_ul, bool: put_b, \
             char *: put_s, const char *: put_s)(buf, sizeof buf, x)

/* An uncertain setting is shown as its law and its 5-95 % range, rounded
 * for reading; buf is left alone for a fixed one. */
static void describe_uncertain(const ps_scenario *sc, const char *path, char *buf, size_t n)
{
    for (int i = 0; i < sc->unc.n; i++) {
        const ps_unc_setting *s = &sc->unc.settings[i];
        if (strcmp(s->path, path) != 0)
            continue;
        if (s->dist.kind == PS_UNC_SAMPLES)
            snprintf(buf, n, "samples file");
        else
            snprintf(buf, n, "%s, 5–95 %%: %.3g to %.3g", ps_unc_kind_name(s->dist.kind),
                     ps_unc_quantile(&s->dist, 0.05), ps_unc_quantile(&s->dist, 0.95));
        return;
    }
}

static ps_scenario run, plan;

/* Load the run's scenario and plan.cfg (before anything is printed). */
static int load_scenarios(const report *r)
{
    char path[1300], plan_path[1300];
    ps_error err;
    snprintf(path, sizeof path, "%s/scenario.cfg", r->dir);
    snprintf(plan_path, sizeof plan_path, "%s/plan.cfg", cli_scenario_library());
    if (ps_scenario_load(path, NULL, 0, &run, &err) != PS_OK || ps_scenario_load(plan_path, NULL, 0, &plan, &err) != PS_OK)
        return cli_report(&err);
    return 0;
}

static int changes_table(const report *r)
{
    heading(r, tr(r, "Changes from plan.cfg", "相对 plan.cfg 的改动"));
    const char *h[] = {tr(r, "setting", "设置"), "plan.cfg", tr(r, "this run", "本次运行")};
    header(r, 3, h);
    int n = 0;
    char a[1100], b[1100];
#define DIFF(path_, type, field_, lo, hi)                                                     \
    FMT(a, plan.field_);                                                                      \
    FMT(b, run.field_);                                                                       \
    describe_uncertain(&plan, path_, a, sizeof a);                                            \
    describe_uncertain(&run, path_, b, sizeof b);                                             \
    if (strcmp(a, b) != 0 && strcmp(path_, "run.data") != 0 && strcmp(path_, "run.out") != 0) { \
        const char *cells[] = {path_, a, b};                                                  \
        row(r, 3, cells), n++;                                                                \
    }
    PS_SETTING_LIST(DIFF)
#undef DIFF
    /* settings by province: one row per province either scenario names (a
     * province not named has the neutral value), and the approvals schedule */
    static const struct {
        const char *path;
        double neutral;
        size_t offset;
    } by_province[] = {{"growth.province_effect", 0, offsetof(ps_scenario, growth.province_effect)},
                       {"upgrade.province_weight", 1, offsetof(ps_scenario, upgrade.province_weight)},
                       {"upgrade.reserved", 0, offsetof(ps_scenario, upgrade.reserved)}};
    for (size_t k = 0; k < sizeof by_province / sizeof *by_province; k++) {
        const ps_province_values *pv[2] = {(const ps_province_values *)((const char *)&plan + by_province[k].offset),
                                           (const ps_province_values *)((const char *)&run + by_province[k].offset)};
        for (int s = 0; s < 2; s++)
            for (int i = 0; i < pv[s]->n; i++) {
                const char *name = pv[s]->name[i];
                double x[2] = {by_province[k].neutral, by_province[k].neutral};
                bool in_plan = false;
                for (int t = 0; t < 2; t++)
                    for (int j = 0; j < pv[t]->n; j++)
                        if (strcmp(pv[t]->name[j], name) == 0)
                            x[t] = pv[t]->value[j], in_plan |= t == 0;
                if ((s == 1 && in_plan) || x[0] == x[1]) /* each province once */
                    continue;
                char path[PS_PROVINCE_NAME + 64];
                snprintf(path, sizeof path, "%s.%s", by_province[k].path, name);
                for (char *c = path; *c; c++) /* as a setting name: Inner_Mongolia */
                    *c = *c == ' ' ? '_' : *c;
                ps_fmt_double(a, x[0]);
                ps_fmt_double(b, x[1]);
                const char *cells[] = {path, a, b};
                row(r, 3, cells), n++;
            }
    }
    const ps_scenario *sched[2] = {&plan, &run};
    char *out[2] = {a, b};
    for (int t = 0; t < 2; t++) {
        if (sched[t]->upgrade.n_schedule == 0)
            snprintf(out[t], sizeof a, "%s", tr(r, "random (upgrade.rate)", "随机（upgrade.rate）"));
        else
            for (int i = 0, len = 0; i < sched[t]->upgrade.n_schedule && len < (int)sizeof a - 16; i++)
                len += snprintf(out[t] + len, sizeof a - (size_t)len, "%s%d%s", i ? ", " : "[",
                                sched[t]->upgrade.schedule[i], i + 1 == sched[t]->upgrade.n_schedule ? "]" : "");
    }
    if (strcmp(a, b) != 0) {
        const char *cells[] = {"upgrade.schedule", a, b};
        row(r, 3, cells), n++;
    }
    if (n == 0 && !r->csv)
        puts(tr(r, "| (none) | | |", "| （无） | | |"));
    return 0;
}

static void picture(const report *r, const char *name, bool *any)
{
    char path[1400];
    snprintf(path, sizeof path, "%s/plots/%s.png", r->dir, name);
    if (access(path, R_OK) != 0)
        return;
    if (!*any)
        heading(r, tr(r, "Pictures", "图表"));
    *any = true;
    printf("![%s](plots/%s.png)\n\n", name, name);
}

static void pictures(const report *r)
{
    static const char *names[] = {"fan_national_zones", "fan_rd_intensity", "p_by_year", "hist_rd_intensity",
                                  "first_year", "zones"};
    bool any = false;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        picture(r, names[i], &any);
    /* each province a target names: render.sh draws province_<P>_<metric> and
     * zones_<P> for the first ('_' for a space in the name) */
    char provinces[PS_MAX_TARGETS][PS_PROVINCE_NAME], name[1100];
    int np = target_provinces(r, provinces);
    for (int k = 0; k < np; k++) {
        for (char *c = provinces[k]; *c; c++)
            *c = *c == ' ' ? '_' : *c;
        snprintf(name, sizeof name, "province_%s_national_zones", provinces[k]);
        picture(r, name, &any);
        snprintf(name, sizeof name, "zones_%s", provinces[k]);
        picture(r, name, &any);
    }
}

int cli_report_command(const cli_options *o)
{
    if (o->n_scenarios != 1)
        return cli_usage_error("report: expected one result directory, got %d", o->n_scenarios);
    report r = {.zh = o->lang && strcmp(o->lang, "zh") == 0,
                .csv = o->report_format && strcmp(o->report_format, "csv") == 0, .dir = o->scenarios[0]};
    snprintf(plots_dir, sizeof plots_dir, "%s/../plots", cli_scenario_library());
    int horizon = 0, rc;
    /* every input is checked before the first line is printed: on error, stdout stays empty */
    static const char *inputs[] = {"targets.tsv", "summary.tsv"};
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
        FILE *f;
        if ((rc = open_table(&r, inputs[i], &f)) != 0)
            return rc;
        fclose(f);
    }
    if ((rc = load_scenarios(&r)) != 0)
        return rc;
    if (!r.csv)
        printf("# %s: %s\n", tr(&r, "parksim results", "parksim 结果"), r.dir);
    if ((rc = targets_table(&r, &horizon)) != 0 || (rc = quantiles_table(&r, horizon)) != 0)
        return rc;
    province_tables(&r, horizon);
    if ((rc = changes_table(&r)) != 0)
        return rc;
    if (!r.csv)
        pictures(&r);
    return cli_flush_stdout();
}
