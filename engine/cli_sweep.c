/* cli_sweep.c — `parksim sweep SCENARIO --vary KEY=FROM:TO:STEP ...`: a grid
 * of settings, every point on the same runs (common random numbers), so
 * that neighbouring points differ by the settings, not by noise. Or a design
 * (include/parksim/design.h): `--design random:N|lhs:N --vary KEY=LO:HI`, or
 * `--design-file FILE`. Optionally each point's runs (--keep-runs:
 * sweep_runs.tsv) and quantiles of chosen metrics (--quantiles). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "cli.h"
#include "parksim/design.h"
#include "parksim/output.h"
#include "suggest_int.h"

typedef struct axis {
    char key[160];
    int kind;        /* 'r' or 'i' */
    int n;
    double from, step;
} axis;

static int parse_axis(const char *spec, axis *a)
{
    const char *eq = strchr(spec, '=');
    if (!eq || (size_t)(eq - spec) >= sizeof a->key)
        return cli_usage_error("--vary: expected KEY=FROM:TO:STEP, got '%s'", spec);
    snprintf(a->key, sizeof a->key, "%.*s", (int)(eq - spec), spec);
    a->kind = ps_setting_kind(a->key);
    if (a->kind != 'r' && a->kind != 'i')
        return cli_usage_error("--vary: %s: %s", a->key,
                               a->kind ? "only numeric settings can be varied" : "unknown setting");
    /* FROM:TO:STEP, each a finite number read to its end. */
    double v[3] = {0, 0, 0};
    bool ok = cli_parse_colon_numbers(eq + 1, v, 3);
    double to = v[1];
    a->from = v[0];
    a->step = v[2];
    if (!ok || !(a->step > 0) || to < a->from)
        return cli_usage_error("--vary: %s: expected FROM:TO:STEP with STEP > 0 and TO >= FROM, got '%s'", a->key,
                               eq + 1);
    if (a->kind == 'i' && (a->from != floor(a->from) || a->step != floor(a->step)))
        return cli_usage_error("--vary: %s is an integer setting; FROM and STEP must be integers", a->key);
    /* Count the points as a double first: a tiny step must not overflow int. */
    double points = floor((to - a->from) / a->step + 1e-9) + 1;
    if (!(points <= 10000))
        return cli_usage_error("--vary: %s: %.0f points is too many (at most 10000)", a->key, points);
    a->n = (int)points;
    return 0;
}

/* "key=value" for point i of axis a, typed as the setting wants. */
static void axis_setting(const axis *a, int i, char *buf, size_t n, char *value, size_t vn)
{
    double v = a->from + i * a->step;
    if (a->kind == 'i')
        snprintf(value, vn, "%.0f", v);
    else {
        snprintf(value, vn, "%.12g", v);
        if (!strpbrk(value, ".en"))
            strncat(value, ".0", vn - strlen(value) - 1);
    }
    snprintf(buf, n, "%s=%s", a->key, value);
}

/* KEY=LO:HI of a design's range: two finite numbers, LO <= HI, whole for an
 * integer setting. */
static int parse_range(const char *spec, char *key, size_t kn, char *kind, double *lo, double *hi)
{
    const char *eq = strchr(spec, '=');
    if (!eq || (size_t)(eq - spec) >= kn)
        return cli_usage_error("--vary: with --design, expected KEY=LO:HI, got '%s'", spec);
    snprintf(key, kn, "%.*s", (int)(eq - spec), spec);
    int k = ps_setting_kind(key);
    if (k != 'r' && k != 'i')
        return cli_usage_error("--vary: %s: %s", key, k ? "only numeric settings can be varied" : "unknown setting");
    double v[2];
    if (!cli_parse_colon_numbers(eq + 1, v, 2) || v[1] < v[0])
        return cli_usage_error("--vary: %s: with --design, expected LO:HI with HI >= LO, got '%s'", key, eq + 1);
    if (k == 'i' && (v[0] != floor(v[0]) || v[1] != floor(v[1])))
        return cli_usage_error("--vary: %s is an integer setting; LO and HI must be integers", key);
    *kind = (char)k;
    *lo = v[0];
    *hi = v[1];
    return 0;
}

/* One quantity of --quantiles: a metric in a year (-1: the horizon). */
typedef struct sweep_quantity {
    ps_metric metric;
    int year; /* calendar year, or -1 */
    char name[96];
} sweep_quantity;

#define SWEEP_MAX_QUANTITIES PS_METRIC_COUNT

static int parse_quantities(const char *spec, sweep_quantity *q, int *n)
{
    *n = 0;
    char buf[1024];
    if (strlen(spec) >= sizeof buf)
        return cli_usage_error("--quantiles: too long");
    snprintf(buf, sizeof buf, "%s", spec);
    for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (*n == SWEEP_MAX_QUANTITIES)
            return cli_usage_error("--quantiles: at most %d metrics", SWEEP_MAX_QUANTITIES);
        char *at = strchr(tok, '@');
        int year = -1;
        if (at) {
            *at = '\0';
            char *end;
            long y = strtol(at + 1, &end, 10);
            if (at[1] == '\0' || *end != '\0' || y < 1980 || y > 2100)
                return cli_usage_error("--quantiles: %s@%s: expected METRIC@YEAR with a year from 1980 to 2100", tok,
                                       at + 1);
            year = (int)y;
        }
        int m = ps_metric_from_name(tok);
        if (m < 0) {
            ps_suggestion sg;
            char hint[PS_SUGGEST_MAX + 32];
            ps_suggest_init(&sg, tok);
            for (int k = 0; k < PS_METRIC_COUNT; k++)
                ps_suggest_consider(&sg, ps_metric_get((ps_metric)k)->name);
            return cli_usage_error("--quantiles: %s: unknown metric%s (parksim list metrics)", tok,
                                   ps_suggest_hint(&sg, hint, sizeof hint));
        }
        q[*n].metric = (ps_metric)m;
        q[*n].year = year;
        if (year >= 0)
            snprintf(q[*n].name, sizeof q[*n].name, "%s@%d", tok, year);
        else
            snprintf(q[*n].name, sizeof q[*n].name, "%s", tok);
        (*n)++;
    }
    if (*n == 0)
        return cli_usage_error("--quantiles: expected METRIC[@YEAR][,METRIC[@YEAR]...], got '%s'", spec);
    return 0;
}

/* The points of a sweep: a grid (axes), or a design's table of values. */
typedef struct sweep_plan {
    int k;
    long points;
    bool grid;
    axis axes[CLI_MAX_VARY];          /* grid */
    char keys[CLI_MAX_VARY > PS_DESIGN_MAX_KEYS ? CLI_MAX_VARY : PS_DESIGN_MAX_KEYS][PS_DESIGN_KEY_MAX];
    char kinds[PS_DESIGN_MAX_KEYS];
    ps_design design;                 /* design: x[points * k]; lines if from a file */
    char origin[600];                 /* design file, for located errors */
    char note[700];                   /* provenance: how the points were made */
} sweep_plan;

/* Point pt's overrides (extra[k]) and the text sweep.tsv shows (values[k]). */
static void plan_point(const sweep_plan *pl, long pt, char (*sets)[256], char (*values)[64], ps_override *extra,
                       char *origin, size_t on)
{
    if (pl->grid) {
        long rest = pt;
        for (int k = pl->k - 1; k >= 0; k--) {
            axis_setting(&pl->axes[k], (int)(rest % pl->axes[k].n), sets[k], 256, values[k], 64);
            /* As text, exactly as sweep.tsv shows the point. */
            extra[k] = (ps_override){NULL, 0, {.text = sets[k]}, "--vary"};
            rest /= pl->axes[k].n;
        }
        return;
    }
    if (pl->design.lines)
        snprintf(origin, on, "%s:%d", pl->origin, pl->design.lines[pt]);
    else
        snprintf(origin, on, "--design point %ld", pt);
    for (int k = 0; k < pl->k; k++) {
        double v = pl->design.x[pt * pl->k + k];
        if (pl->kinds[k] == 'i') {
            snprintf(values[k], 64, "%.0f", v);
            extra[k] = (ps_override){pl->keys[k], 'i', {.integer = (long long)v}, origin};
        } else {
            char buf[32];
            snprintf(values[k], 64, "%s", ps_fmt_double(buf, v));
            extra[k] = (ps_override){pl->keys[k], 'r', {.real = v}, origin};
        }
        snprintf(sets[k], 256, "%s=%s", pl->keys[k], values[k]);
    }
}

/* The plan from the options; a usage or design-file error is reported
 * (exit code returned). seed: the scenario's run.seed (random and LHS). */
static int make_plan(const cli_options *o, unsigned long seed, sweep_plan *pl)
{
    if (o->design_file) {
        if (o->n_vary > 0)
            return cli_usage_error("sweep: --design-file names the settings in its header: no --vary with it");
        if (o->design)
            return cli_usage_error("sweep: --design and --design-file: give one of them");
        ps_error err;
        ps_error_clear(&err);
        if (ps_design_read(o->design_file, &pl->design, &err) != PS_OK)
            return cli_report(&err);
        if (pl->design.k > CLI_MAX_VARY) {
            ps_design_free(&pl->design);
            return cli_usage_error("sweep: %s: %d settings; a sweep varies at most %d", o->design_file,
                                   pl->design.k, CLI_MAX_VARY);
        }
        pl->k = pl->design.k;
        pl->points = pl->design.n;
        for (int k = 0; k < pl->k; k++) {
            snprintf(pl->keys[k], sizeof pl->keys[k], "%s", pl->design.keys[k]);
            pl->kinds[k] = pl->design.kinds[k];
        }
        snprintf(pl->origin, sizeof pl->origin, "%s", o->design_file);
        snprintf(pl->note, sizeof pl->note, "design: the %ld points of %s (one per line)", pl->points,
                 o->design_file);
        return 0;
    }
    if (o->n_vary < 1)
        return cli_usage_error("sweep: give at least one --vary KEY=FROM:TO:STEP");
    pl->k = o->n_vary;
    if (!o->design) {
        if (o->n_vary > CLI_MAX_GRID_AXES)
            return cli_usage_error("sweep: a grid takes at most %d --vary options (more: --design lhs:N)",
                                   CLI_MAX_GRID_AXES);
        pl->grid = true;
        pl->points = 1;
        for (int k = 0; k < o->n_vary; k++) {
            int rc = parse_axis(o->vary[k], &pl->axes[k]);
            if (rc)
                return rc;
            snprintf(pl->keys[k], sizeof pl->keys[k], "%s", pl->axes[k].key);
            pl->points *= pl->axes[k].n;
        }
        return 0;
    }
    double lo[CLI_MAX_VARY], hi[CLI_MAX_VARY];
    for (int k = 0; k < o->n_vary; k++) {
        int rc = parse_range(o->vary[k], pl->keys[k], sizeof pl->keys[k], &pl->kinds[k], &lo[k], &hi[k]);
        if (rc)
            return rc;
        for (int j = 0; j < k; j++)
            if (strcmp(pl->keys[j], pl->keys[k]) == 0)
                return cli_usage_error("--vary: %s given twice", pl->keys[k]);
    }
    long n = o->design_points;
    pl->points = n;
    pl->design.k = pl->k;
    pl->design.n = n;
    pl->design.x = malloc((size_t)(n * pl->k) * sizeof *pl->design.x);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    ps_error err;
    ps_error_clear(&err);
    int status = !pl->design.x || !r ? (int)ps_error_set(&err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory for the design")
                                     : PS_OK;
    if (status == PS_OK) {
        gsl_rng_set(r, seed);
        status = o->design == 'l' ? ps_design_unit_lhs(r, pl->k, n, pl->design.x, &err)
                                  : ps_design_unit_random(r, pl->k, n, pl->design.x);
    }
    gsl_rng_free(r);
    if (status != PS_OK) {
        ps_design_free(&pl->design);
        return cli_report(&err);
    }
    for (long i = 0; i < n; i++)
        for (int k = 0; k < pl->k; k++)
            pl->design.x[i * pl->k + k] = ps_design_scale(pl->design.x[i * pl->k + k], lo[k], hi[k], pl->kinds[k] == 'i');
    snprintf(pl->note, sizeof pl->note,
             "design: %s:%ld, %s over the --vary ranges, drawn with GSL mt19937 seeded with run.seed = %lu",
             o->design == 'l' ? "lhs" : "random", n,
             o->design == 'l' ? "Latin hypercube (McKay, Beckman & Conover 1979: one point per stratum in every "
                                "dimension)"
                              : "independent uniform points",
             seed);
    return 0;
}

/* --keep-runs: every run of every point into sweep_runs.tsv. */
typedef struct runs_keeper {
    FILE *f;
    const ps_model *model;
    long point;
} runs_keeper;

static int keep_run(void *ctx, const ps_run_result *r)
{
    runs_keeper *k = ctx;
    fprintf(k->f, "%ld\t", k->point);
    ps_write_run_row(k->f, k->model, r);
    return 0;
}

/* runs.tsv's column line of model m, with "point" first, into buf. */
static int runs_columns(const ps_model *m, char *buf, size_t n)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem)
        return -1;
    ps_write_runs_header(mem, m);
    if (fclose(mem) != 0) {
        free(text);
        return -1;
    }
    /* The last line: "# run\t...". */
    char *last = len > 1 ? text + len - 1 : text;
    while (last > text && last[-1] != '\n')
        last--;
    int rc = strncmp(last, "# run", 5) == 0 && (size_t)snprintf(buf, n, "# point\t%s", last + 2) < n ? 0 : -1;
    free(text);
    return rc;
}

/* Check every point's scenario before computing any (a design's value out
 * of its setting's range is reported at its file line, not after hours). */
static int check_points(const cli_options *o, const sweep_plan *pl)
{
    ps_scenario *sc = malloc(sizeof *sc);
    if (!sc)
        return cli_usage_error("out of memory");
    static cli_override_list list;
    int rc = 0;
    for (long pt = 0; pt < pl->points && rc == 0; pt++) {
        char sets[CLI_MAX_VARY][256], values[CLI_MAX_VARY][64], origin[640];
        ps_override extra[CLI_MAX_VARY];
        plan_point(pl, pt, sets, values, extra, origin, sizeof origin);
        if (cli_overrides(o, extra, pl->k, &list) != 0) {
            rc = cli_usage_error("too many settings overridden");
            break;
        }
        ps_error err;
        if (ps_scenario_load_overrides(o->scenarios[0], list.items, list.n, sc, &err) != PS_OK)
            rc = cli_report(&err);
    }
    free(sc);
    return rc;
}

int cli_sweep(const cli_options *o)
{
    if (o->n_scenarios != 1)
        return cli_usage_error("sweep: expected one scenario file, got %d", o->n_scenarios);
    if (o->design_file == NULL && o->n_vary < 1)
        return cli_usage_error(o->design ? "sweep: --design needs at least one --vary KEY=LO:HI"
                                         : "sweep: give at least one --vary KEY=FROM:TO:STEP");
    sweep_quantity quantities[SWEEP_MAX_QUANTITIES];
    int n_q = 0, rc = 0;
    if (o->quantiles && (rc = parse_quantities(o->quantiles, quantities, &n_q)) != 0)
        return rc;
    static sweep_plan plan;
    memset(&plan, 0, sizeof plan);
    unsigned long seed = 0;
    if (o->design && !o->design_file) { /* the scenario's seed seeds the design */
        cli_job job;
        if ((rc = cli_job_open(&job, o->scenarios[0], o, NULL, 0)) != 0)
            return rc;
        seed = job.sc.run.seed;
        cli_job_close(&job);
    }
    if ((rc = make_plan(o, seed, &plan)) != 0)
        return rc;
    /* Common random numbers hold only while every point has the seed and run
     * indices of the first: say so when the sweep itself varies them. */
    for (int k = 0; k < plan.k; k++)
        if (strcmp(plan.keys[k], "run.seed") == 0 || strcmp(plan.keys[k], "run.runs") == 0)
            fprintf(stderr, "parksim: sweep: warning: %s varies, so the points do not share their random numbers "
                            "(differences between points include Monte Carlo noise)\n", plan.keys[k]);
    if (!plan.grid && (rc = check_points(o, &plan)) != 0) {
        ps_design_free(&plan.design);
        return rc;
    }
    const char *out_dir = o->out ? o->out : "results/sweep";
    ps_error err;
    ps_error_clear(&err);
    ps_outset out;
    ps_outset_init(&out, out_dir);
    FILE *f = NULL, *f_runs = NULL;
    int status = ps_out_mkdir(out_dir, &err);
    if (status == PS_OK && !(f = ps_outset_open(&out, "sweep.tsv", &err)))
        status = err.code;
    if (status == PS_OK && o->keep_runs && !(f_runs = ps_outset_open(&out, "sweep_runs.tsv", &err)))
        status = err.code;
    static char columns0[65536], columns[65536];
    cli_install_signal_handlers();
    long points = plan.points;
    for (long pt = 0; pt < points && status == PS_OK && rc == 0; pt++) {
        char sets[CLI_MAX_VARY][256], values[CLI_MAX_VARY][64], origin[640];
        ps_override extra[CLI_MAX_VARY];
        plan_point(&plan, pt, sets, values, extra, origin, sizeof origin);
        cli_job job;
        if ((rc = cli_job_open(&job, o->scenarios[0], o, extra, plan.k)) != 0)
            break;
        const ps_scenario *sc = &job.sc;
        int ny = ps_model_years(job.model);
        for (int q = 0; q < n_q && pt == 0 && rc == 0; q++) {
            int y = quantities[q].year;
            if (y >= 0 && (y < sc->run.base_year || y > sc->run.horizon))
                rc = cli_usage_error("--quantiles: %s: the scenario's years are %d to %d", quantities[q].name,
                                     sc->run.base_year, sc->run.horizon);
        }
        if (rc) {
            cli_job_close(&job);
            break;
        }
        if (f_runs && runs_columns(job.model, pt == 0 ? columns0 : columns, sizeof columns) != 0)
            status = ps_error_set(&err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory for sweep_runs.tsv's header");
        else if (f_runs && pt > 0 && strcmp(columns, columns0) != 0)
            status = ps_error_set(&err, PS_ERR_MISMATCH, NULL, 0, NULL,
                                  "sweep point %ld: its runs have other columns than point 0's (a varied setting "
                                  "changes the uncertain settings): no sweep_runs.tsv can hold both", pt);
        if (status != PS_OK) {
            cli_job_close(&job);
            break;
        }
        if (pt == 0) {
            ps_provenance prov = cli_provenance("sweep", sc, o, o->first_run);
            if (!plan.grid)
                prov.note = plan.note;
            ps_write_provenance(f, &prov);
            fprintf(f, "# %ld points, same seed at every point; p: share of runs meeting the target, lo/hi: "
                       "95 %% Wilson interval\n", points);
            if (n_q)
                fprintf(f, "# mean_M, p05_M, p50_M, p95_M: mean and quantiles of metric M over the runs of the "
                           "point, in %d unless M is METRIC@YEAR (quantiles from fixed-bin histograms, as in "
                           "summary.tsv)\n", sc->run.horizon);
            fputs("# point", f);
            for (int k = 0; k < plan.k; k++)
                fprintf(f, "\t%s", plan.keys[k]);
            for (int t = 0; t <= sc->n_targets; t++) {
                const char *name = t < sc->n_targets ? sc->targets[t].name : "all";
                fprintf(f, "\tp_%s\tlo_%s\thi_%s", name, name, name);
            }
            for (int q = 0; q < n_q; q++)
                fprintf(f, "\tmean_%s\tp05_%s\tp50_%s\tp95_%s", quantities[q].name, quantities[q].name,
                        quantities[q].name, quantities[q].name);
            fputc('\n', f);
            if (f_runs) {
                ps_write_provenance(f_runs, &prov);
                fprintf(f_runs, "# one row per run of every point: the point (as in sweep.tsv), then the columns "
                                "of runs.tsv: value of every metric in %d, 1 if the target was met%s\n",
                        sc->run.horizon, sc->unc.n ? ", the value each uncertain setting drew" : "");
                fputs(columns0, f_runs);
            }
        } else if (plan.grid && plan.axes[0].n > 1 && plan.k > 1 && pt % (points / plan.axes[0].n) == 0)
            fputc('\n', f); /* new scan line for gnuplot's splot */
        if (!o->quiet)
            fprintf(stderr, "parksim: sweep point %ld/%ld:", pt + 1, points);
        for (int k = 0; k < plan.k && !o->quiet; k++)
            fprintf(stderr, " %s", sets[k]);
        if (!o->quiet)
            fputc('\n', stderr);
        ps_accum *acc = NULL;
        long done = 0;
        runs_keeper keeper = {f_runs, job.model, pt};
        status = cli_execute(&job, o, o->first_run, sc->run.runs, f_runs ? keep_run : NULL, &keeper, f_runs != NULL, &acc, &done,
                             &err);
        if (status == PS_OK) {
            unsigned long n = (unsigned long)ps_accum_runs(acc);
            fprintf(f, "%ld", pt);
            for (int k = 0; k < plan.k; k++)
                fprintf(f, "\t%s", values[k]);
            for (int t = 0; t <= sc->n_targets; t++) {
                unsigned long met = ps_accum_met(acc, t);
                double lo, hi;
                ps_wilson(met, n, &lo, &hi);
                fputc('\t', f), ps_put_double(f, n ? (double)met / (double)n : 0);
                fputc('\t', f), ps_put_double(f, lo);
                fputc('\t', f), ps_put_double(f, hi);
            }
            for (int q = 0; q < n_q; q++) {
                int yi = quantities[q].year >= 0 ? quantities[q].year - sc->run.base_year : ny - 1;
                double mean, sd, se;
                ps_accum_moments(acc, quantities[q].metric, yi, &mean, &sd, &se);
                fputc('\t', f), ps_put_double(f, mean);
                static const double probs[] = {0.05, 0.5, 0.95};
                for (int i = 0; i < 3; i++)
                    fputc('\t', f), ps_put_double(f, ps_accum_quantile(acc, quantities[q].metric, yi, probs[i]));
            }
            fputc('\n', f);
        }
        ps_accum_free(acc);
        cli_job_close(&job);
    }
    ps_design_free(&plan.design);
    return cli_finish_batch(o, rc, status, &out, &err, f_runs ? "sweep.tsv, sweep_runs.tsv" : "sweep.tsv");
}
