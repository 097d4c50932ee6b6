/* cli_sensitivity.c — `parksim sensitivity SCENARIO`: which uncertain
 * settings drive each target's probability and chosen metrics
 * (engine/MODEL.md, "Sensitivity analysis"; estimators: sensitivity.c).
 *
 *   --method sobol    Saltelli design, first-order and total indices with
 *                     bootstrap intervals; the run shocks are one more input
 *                     group ("shocks"): A rows use runs first..first+N-1, B
 *                     rows the next N, AB_i takes its run (its shocks) from A.
 *   --method morris   elementary effects on r trajectories, every point
 *                     evaluated on the same M runs (common random numbers).
 *   --method tornado  each group at its 5 % and 95 % quantile, the rest at
 *                     the median, M runs per bar on the same runs.
 *   --method given    first-order indices from an ordinary run's runs.tsv
 *                     (cli_sensitivity_given.c).
 *
 * Settings that are correlated, or taken together from a samples file,
 * cannot move alone: each such cluster is one group (grouped indices), named
 * by its members joined with '+' (the groups and the points of each design:
 * cli_sensitivity_design.c). Each evaluation (run index, parameter
 * vector) writes its own slot, so the results are the same for any number
 * of threads; Ctrl-C leaves sensitivity.tsv complete or absent. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "cli_sensitivity_int.h"
#include "parksim/output.h"
#include "parksim/samples.h"
#include "parksim/sensitivity.h"
#include "suggest_int.h"

/* ---- outputs ------------------------------------------------------------ */

/* "name" must be a target of sc (or of names[0..n) for given data). */
static int find_target(const char *name, const char *const *names, int n, const char *where)
{
    ps_suggestion sg;
    ps_suggest_init(&sg, name);
    for (int t = 0; t < n; t++) {
        if (strcmp(names[t], name) == 0)
            return t;
        ps_suggest_consider(&sg, names[t]);
    }
    char hint[PS_SUGGEST_MAX + 32];
    cli_usage_error("--target: %s: no such target in %s%s", name, where, ps_suggest_hint(&sg, hint, sizeof hint));
    return -1;
}

/* Outputs: the targets asked for (--target, default all), then --metric
 * NAME@YEAR with year in (base_year, horizon] (given data: the horizon). */
int sens_outputs_parse(const cli_options *o, const char *const *tnames, int n_targets, int base_year, int horizon,
                       bool horizon_only, const char *where, sens_out *out, int *n_out)
{
    *n_out = 0;
    if (o->n_targets == 0)
        for (int t = 0; t < n_targets; t++) {
            out[*n_out] = (sens_out){.target = t, .metric = -1};
            snprintf(out[*n_out].name, sizeof out[*n_out].name, "%s", tnames[t]);
            (*n_out)++;
        }
    for (int k = 0; k < o->n_targets; k++) {
        char list[512];
        snprintf(list, sizeof list, "%s", o->targets[k]);
        for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            int t = find_target(tok, tnames, n_targets, where);
            if (t < 0)
                return CLI_EXIT_USAGE;
            if (*n_out == SENS_MAX_OUT)
                return cli_usage_error("--target: too many outputs");
            out[*n_out] = (sens_out){.target = t, .metric = -1};
            snprintf(out[*n_out].name, sizeof out[*n_out].name, "%s", tnames[t]);
            (*n_out)++;
        }
    }
    for (int k = 0; k < o->n_metrics; k++) {
        const char *spec = o->metrics[k], *at = strchr(spec, '@');
        char name[64];
        snprintf(name, sizeof name, "%.*s", at ? (int)(at - spec) : (int)strlen(spec), spec);
        int m = ps_metric_from_name(name);
        if (m < 0) {
            ps_suggestion sg;
            ps_suggest_init(&sg, name);
            for (int j = 0; j < PS_METRIC_COUNT; j++)
                ps_suggest_consider(&sg, ps_metric_get((ps_metric)j)->name);
            char hint[PS_SUGGEST_MAX + 32];
            return cli_usage_error("--metric: %s: unknown metric%s", name, ps_suggest_hint(&sg, hint, sizeof hint));
        }
        char *end = NULL;
        long year = at ? strtol(at + 1, &end, 10) : horizon;
        if (at && (end == at + 1 || *end != '\0'))
            return cli_usage_error("--metric: expected NAME@YEAR (e.g. rd_intensity@%d), got '%s'", horizon, spec);
        if (horizon_only && year != horizon)
            return cli_usage_error("--metric: %s: runs.tsv holds metrics in %d only", spec, horizon);
        if (year <= base_year || year > horizon)
            return cli_usage_error("--metric: %s: year outside %d..%d", spec, base_year + 1, horizon);
        if (*n_out == SENS_MAX_OUT)
            return cli_usage_error("--metric: too many outputs");
        out[*n_out] = (sens_out){.target = -1, .metric = m, .year = (int)(year - base_year)};
        snprintf(out[*n_out].name, sizeof out[*n_out].name, "%s@%ld", name, year);
        (*n_out)++;
    }
    if (*n_out == 0)
        return cli_usage_error("sensitivity: nothing to analyse: the scenario has no targets; give --metric NAME@YEAR");
    return 0;
}

/* ---- evaluation --------------------------------------------------------- */


/* Y[e * n_out + k] for e in [0, n_evals): output k of evaluation e, on
 * threads; each evaluation fills its own row. */
static int evaluate(const cli_job *job, const cli_options *o, point_fn point, const void *ctx, long n_evals,
                    const sens_out *out, int n_out, double *y, ps_error *err)
{
    const ps_model *m = job->model;
    int threads = ps_mc_threads(o->threads), ny = ps_model_years(m), status = PS_OK;
    ps_workspace **ws = calloc((size_t)threads, sizeof *ws);
    ps_run_result **res = calloc((size_t)threads, sizeof *res);
    int *fail = malloc(sizeof *fail * (size_t)n_evals);
    if (!ws || !res || !fail)
        status = ps_error_set(err, PS_ERR_NOMEM, "", 0, "", "out of memory for %ld evaluations", n_evals);
    for (int t = 0; t < threads && status == PS_OK; t++)
        if (!(ws[t] = ps_workspace_alloc(m)) || !(res[t] = ps_run_result_alloc(m)))
            status = ps_error_set(err, PS_ERR_NOMEM, "", 0, "", "out of memory for a workspace");
    double start = cli_now();
    const long chunk = 1024;
    for (long lo = 0; lo < n_evals && status == PS_OK; lo += chunk) {
        long hi = lo + chunk < n_evals ? lo + chunk : n_evals;
        if (cli_stop_requested) {
            status = ps_error_set(err, PS_ERR_INTERRUPTED, "", 0, "", "interrupted after %ld of %ld runs", lo, n_evals);
            break;
        }
#pragma omp parallel for num_threads(threads) schedule(dynamic, 4)
        for (long e = lo; e < hi; e++) {
#ifdef _OPENMP
            int t = omp_get_thread_num();
#else
            int t = 0;
#endif
            long run;
            double params[PS_UNC_MAX];
            point(ctx, e, &run, params);
            ps_run_result *r = res[t];
            fail[e] = ps_model_run_params(m, ws[t], run, params, r, NULL, NULL);
            if (fail[e])
                continue;
            for (int k = 0; k < n_out; k++)
                y[e * n_out + k] = out[k].target >= 0 ? (double)r->met[out[k].target]
                                                       : r->values[out[k].metric * ny + out[k].year];
        }
        for (long e = lo; e < hi && status == PS_OK; e++)
            if (fail[e]) {
                /* The first failed evaluation, rerun for its message. */
                long run;
                double params[PS_UNC_MAX];
                point(ctx, e, &run, params);
                ps_model_run_params(m, ws[0], run, params, res[0], NULL, NULL);
                status = ps_error_set(err, PS_ERR_NUMERIC, job->sc.path, 0, "", "%s", res[0]->fault);
            }
        if (cli_show_progress(o))
            cli_progress(&start, hi, n_evals);
    }
    for (int t = 0; t < threads && ws; t++)
        ps_workspace_free(ws[t]);
    for (int t = 0; t < threads && res; t++)
        ps_run_result_free(res[t]);
    free(ws), free(res), free(fail);
    return status;
}

/* ---- writing ------------------------------------------------------------ */

void sens_put_row(FILE *f, const char *method, const char *setting, const char *output, const char *index,
                  double value, double lo, double hi)
{
    fprintf(f, "%s\t%s\t%s\t%s\t", method, setting, output, index);
    ps_put_double(f, value);
    fputc('\t', f), ps_put_double(f, lo);
    fputc('\t', f), ps_put_double(f, hi);
    fputc('\n', f);
}


/* ---- Sobol -------------------------------------------------------------- */

static int run_sobol(const cli_job *job, const cli_options *o, const sens_space *sp, const sens_out *out, int n_out,
                     FILE *f, ps_error *err)
{
    long n = o->sens_n ? o->sens_n : DEFAULT_N, first = o->first_run;
    int g = sp->n_groups, k = g + 1, d = sp->n_dims;
    long n_evals = n * (k + 2);
    double *a = malloc(sizeof *a * (size_t)(n * d + 1)), *b = malloc(sizeof *b * (size_t)(n * d + 1));
    double *y = malloc(sizeof *y * (size_t)n_evals * (size_t)n_out);
    double *ya = malloc(sizeof *ya * (size_t)n), *yb = malloc(sizeof *yb * (size_t)n);
    double *yab = malloc(sizeof *yab * (size_t)(n * k));
    double *s = malloc(sizeof *s * (size_t)k * 6);
    int status = PS_OK, kind = -1;
    if (!a || !b || !y || !ya || !yb || !yab || !s || (kind = ps_sens_saltelli_design(d, n, job->sc.run.seed, a, b)) < 0)
        status = ps_error_set(err, PS_ERR_NOMEM, "", 0, "", "out of memory for %ld evaluations", n_evals);
    if (status == PS_OK && !o->quiet) {
        fprintf(stderr, "parksim: sensitivity (sobol): %d groups + shocks, N = %ld: %ld x (%d + 2 + 1) = %ld runs\n", g,
                n, n, g, n_evals);
        if (kind == 1 && (n & (n - 1)) != 0)
            fprintf(stderr, "parksim: warning: --n %ld is not a power of two: Sobol points are balanced at "
                            "powers of two (e.g. %ld)\n", n, 1L << (int)ceil(log2((double)n)));
    }
    sobol_ctx ctx = {sp, n, first, a, b};
    if (status == PS_OK)
        status = evaluate(job, o, sens_sobol_point, &ctx, n_evals, out, n_out, y, err);
    if (status == PS_OK) {
        fprintf(f, "# design: %s, N = %ld, %d groups + shocks, %ld runs; A rows on runs %ld..%ld, B rows on runs "
                   "%ld..%ld; AB_i takes its run (its shocks) from A, AB_shocks from B\n",
                kind == 1 ? "Saltelli, gsl_qrng_sobol" : "Saltelli, Monte Carlo (more than 20 dimensions: "
                                                         "gsl_qrng_sobol has 40)",
                n, g, n_evals, first, first + n - 1, first + n, first + 2 * n - 1);
        fprintf(f, "# S1: Saltelli et al. (2010) first order; ST: Jansen (1999) total; ci: %d-resample percentile "
                   "bootstrap, 95 %%; mean, var: of the output over A and B\n", N_BOOT);
        fputs(COLUMNS, f);
    }
    double *s1 = s, *st = s + k, *s1l = s + 2 * k, *s1h = s + 3 * k, *stl = s + 4 * k, *sth = s + 5 * k;
    for (int q = 0; q < n_out && status == PS_OK; q++) {
        double mean = 0, var = 0;
        for (long j = 0; j < n; j++) {
            ya[j] = y[j * n_out + q];
            yb[j] = y[(n + j) * n_out + q];
            mean += (ya[j] + yb[j]) / (double)(2 * n);
        }
        for (long j = 0; j < n; j++)
            var += ((ya[j] - mean) * (ya[j] - mean) + (yb[j] - mean) * (yb[j] - mean)) / (double)(2 * n - 1);
        for (int i = 0; i < k; i++)
            for (long j = 0; j < n; j++)
                yab[i * n + j] = y[((2 + i) * n + j) * n_out + q];
        ps_sens_sobol(ya, yb, yab, n, k, s1, st);
        if (ps_sens_sobol_bootstrap(ya, yb, yab, n, k, N_BOOT, 0.95, job->sc.run.seed + (unsigned long)q, s1l, s1h,
                                    stl, sth) != 0) {
            status = ps_error_set(err, PS_ERR_NOMEM, "", 0, "", "out of memory for the bootstrap");
            break;
        }
        sens_put_row(f, "sobol", "-", out[q].name, "mean", mean, NAN, NAN);
        sens_put_row(f, "sobol", "-", out[q].name, "var", var, NAN, NAN);
        for (int i = 0; i < k; i++) {
            const char *name = i < g ? sp->group_name[i] : "shocks";
            sens_put_row(f, "sobol", name, out[q].name, "S1", s1[i], s1l[i], s1h[i]);
            sens_put_row(f, "sobol", name, out[q].name, "ST", st[i], stl[i], sth[i]);
        }
    }
    free(a), free(b), free(y), free(ya), free(yb), free(yab), free(s);
    return status;
}

/* ---- Morris ------------------------------------------------------------- */

static int run_morris(const cli_job *job, const cli_options *o, const sens_space *sp, const sens_out *out, int n_out,
                      FILE *f, ps_error *err)
{
    int k = sp->n_groups, r = o->trajectories ? o->trajectories : DEFAULT_TRAJECTORIES;
    int p = o->levels ? o->levels : DEFAULT_LEVELS;
    long runs = o->runs_given ? (long)o->runs : DEFAULT_RUNS, points = (long)r * (k + 1), n_evals = points * runs;
    double *x = malloc(sizeof *x * (size_t)(points * k)), *y = malloc(sizeof *y * (size_t)(n_evals * n_out));
    double *yp = malloc(sizeof *yp * (size_t)points), *st = malloc(sizeof *st * (size_t)(3 * k));
    int *moved = malloc(sizeof *moved * (size_t)(r * k)), *sign = malloc(sizeof *sign * (size_t)(r * k));
    int status = PS_OK;
    if (!x || !y || !yp || !st || !moved || !sign)
        status = ps_error_set(err, PS_ERR_NOMEM, "", 0, "", "out of memory for %ld evaluations", n_evals);
    if (status == PS_OK) {
        ps_sens_morris_design(k, r, p, job->sc.run.seed, x, moved, sign);
        if (!o->quiet)
            fprintf(stderr, "parksim: sensitivity (morris): %d groups, %d trajectories x %d points x %ld runs = %ld runs\n",
                    k, r, k + 1, runs, n_evals);
    }
    morris_ctx ctx = {sp, runs, o->first_run, p, x};
    if (status == PS_OK)
        status = evaluate(job, o, sens_morris_point, &ctx, n_evals, out, n_out, y, err);
    if (status == PS_OK) {
        fprintf(f, "# design: Morris (1991), %d trajectories on a %d-level grid of quantiles (levels at (l + 0.5)/%d), "
                   "each point %ld runs %ld..%ld (the same runs at every point); %ld runs\n",
                r, p, p, runs, o->first_run, o->first_run + runs - 1, n_evals);
        fprintf(f, "# elementary effect: change of P(target) or of the metric's mean per unit of the grid [0, 1]; "
                   "mu_star: Campolongo et al. (2007) mean |EE|; sigma: sd of EE; no intervals (nan)\n");
        fputs(COLUMNS, f);
    }
    for (int q = 0; q < n_out && status == PS_OK; q++) {
        for (long pt = 0; pt < points; pt++) {
            double sum = 0;
            for (long m = 0; m < runs; m++)
                sum += y[(pt * runs + m) * n_out + q];
            yp[pt] = sum / (double)runs;
        }
        ps_sens_morris_effects(yp, moved, sign, k, r, p, st, st + k, st + 2 * k);
        for (int i = 0; i < k; i++) {
            sens_put_row(f, "morris", sp->group_name[i], out[q].name, "mu", st[i], NAN, NAN);
            sens_put_row(f, "morris", sp->group_name[i], out[q].name, "mu_star", st[k + i], NAN, NAN);
            sens_put_row(f, "morris", sp->group_name[i], out[q].name, "sigma", st[2 * k + i], NAN, NAN);
        }
    }
    free(x), free(y), free(yp), free(st), free(moved), free(sign);
    return status;
}

/* ---- tornado ------------------------------------------------------------ */

/* Mean of column q of points pt's runs, and a 95 % interval: Wilson for
 * an indicator, normal (mean +- z sd / sqrt M) for a metric. */
static void tornado_mean(const double *y, long pt, long runs, int n_out, int q, bool indicator, double *mean,
                         double *lo, double *hi)
{
    const double *col = y + pt * runs * n_out + q;
    double sum = 0;
    for (long m = 0; m < runs; m++)
        sum += col[m * n_out];
    *mean = sum / (double)runs;
    if (indicator) {
        ps_wilson((unsigned long)llround(sum), (unsigned long)runs, lo, hi);
        return;
    }
    double se = runs > 1 ? gsl_stats_sd_m(col, (size_t)n_out, (size_t)runs, *mean) / sqrt((double)runs) : NAN;
    double z = gsl_cdf_ugaussian_Pinv(0.975);
    *lo = *mean - z * se;
    *hi = *mean + z * se;
}

static int run_tornado(const cli_job *job, const cli_options *o, const sens_space *sp, const sens_out *out, int n_out,
                       FILE *f, ps_error *err)
{
    int k = sp->n_groups;
    long runs = o->runs_given ? (long)o->runs : DEFAULT_RUNS, points = 1 + 2L * k, n_evals = points * runs;
    double *y = malloc(sizeof *y * (size_t)(n_evals * n_out));
    int status = PS_OK;
    if (!y)
        status = ps_error_set(err, PS_ERR_NOMEM, "", 0, "", "out of memory for %ld evaluations", n_evals);
    if (status == PS_OK && !o->quiet)
        fprintf(stderr, "parksim: sensitivity (tornado): %d groups x 2 + base, %ld runs each = %ld runs\n", k, runs,
                n_evals);
    tornado_ctx ctx = {sp, runs, o->first_run};
    if (status == PS_OK)
        status = evaluate(job, o, sens_tornado_point, &ctx, n_evals, out, n_out, y, err);
    if (status == PS_OK) {
        fprintf(f, "# design: tornado, every setting at its median, one group at a time at its 5 %% (low) and 95 %% "
                   "(high) quantile; %ld runs %ld..%ld at every point (common random numbers); %ld runs\n",
                runs, o->first_run, o->first_run + runs - 1, n_evals);
        fprintf(f, "# correlated group: its first setting at the quantile, the others at their conditional median "
                   "(Gaussian copula); samples-file group: each column at its quantile\n");
        fprintf(f, "# p_*: share of runs meeting the target, ci: 95 %% Wilson; mean_*: the metric's mean, ci: "
                   "normal; diff: high - low paired by run, ci: normal; x_low, x_high: the first setting's values\n");
        fputs(COLUMNS, f);
        double params[PS_UNC_MAX];
        for (int q = 0; q < n_out; q++) {
            bool ind = out[q].target >= 0;
            double mean, lo, hi;
            tornado_mean(y, 0, runs, n_out, q, ind, &mean, &lo, &hi);
            sens_put_row(f, "tornado", "-", out[q].name, ind ? "p_base" : "mean_base", mean, lo, hi);
            for (int g = 0; g < k; g++) {
                tornado_mean(y, 1 + 2L * g, runs, n_out, q, ind, &mean, &lo, &hi);
                sens_put_row(f, "tornado", sp->group_name[g], out[q].name, ind ? "p_low" : "mean_low", mean, lo, hi);
                tornado_mean(y, 2 + 2L * g, runs, n_out, q, ind, &mean, &lo, &hi);
                sens_put_row(f, "tornado", sp->group_name[g], out[q].name, ind ? "p_high" : "mean_high", mean, lo, hi);
                double sum = 0, ss = 0;
                for (long m = 0; m < runs; m++)
                    sum += y[((2 + 2L * g) * runs + m) * n_out + q] - y[((1 + 2L * g) * runs + m) * n_out + q];
                double d = sum / (double)runs;
                for (long m = 0; m < runs; m++) {
                    double v = y[((2 + 2L * g) * runs + m) * n_out + q] - y[((1 + 2L * g) * runs + m) * n_out + q] - d;
                    ss += v * v;
                }
                double se = runs > 1 ? sqrt(ss / (double)(runs - 1) / (double)runs) : NAN;
                double z = gsl_cdf_ugaussian_Pinv(0.975);
                sens_put_row(f, "tornado", sp->group_name[g], out[q].name, "diff", d, d - z * se, d + z * se);
            }
        }
        for (int g = 0; g < k; g++) {
            sens_space_tornado(sp, g, 0.05, params);
            double xl = params[sp->group_lead[g]];
            sens_space_tornado(sp, g, 0.95, params);
            double xh = params[sp->group_lead[g]];
            sens_put_row(f, "tornado", sp->group_name[g], "-", "x_low", xl, NAN, NAN);
            sens_put_row(f, "tornado", sp->group_name[g], "-", "x_high", xh, NAN, NAN);
        }
    }
    free(y);
    return status;
}

/* ---- the command -------------------------------------------------------- */

/* --vary KEY=LO:HI as an override KEY={dist="uniform";min=LO;max=HI;}. */
static int vary_override(const char *spec, char *buf, size_t n)
{
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec || eq - spec > 120)
        return cli_usage_error("--vary: expected KEY=LO:HI, got '%s'", spec);
    char key[128];
    snprintf(key, sizeof key, "%.*s", (int)(eq - spec), spec);
    int kind = ps_setting_kind(key);
    if (kind && kind != 'r')
        return cli_usage_error("--vary: %s: only real settings can be varied (it is %s)", key,
                               kind == 'i' ? "an integer" : kind == 'b' ? "a boolean" : "a string");
    double v[2];
    if (!cli_parse_colon_numbers(eq + 1, v, 2) || !(v[0] < v[1]))
        return cli_usage_error("--vary: %s: expected LO:HI with LO < HI, got '%s'", key, eq + 1);
    char lo[32], hi[32];
    ps_fmt_double(lo, v[0]);
    ps_fmt_double(hi, v[1]);
    snprintf(buf, n, "%s={dist=\"uniform\";min=%s%s;max=%s%s;}", key, lo, strpbrk(lo, ".en") ? "" : ".0", hi,
             strpbrk(hi, ".en") ? "" : ".0");
    return 0;
}

int cli_sensitivity(const cli_options *o)
{
    const char *method = o->method ? o->method : "sobol";
    const char *out_dir = o->out ? o->out : "results/sensitivity";
    ps_error err;
    ps_error_clear(&err);
    ps_outset os;
    ps_outset_init(&os, out_dir);
    cli_install_signal_handlers();
    if (strcmp(method, "given") == 0) {
        if (!o->from)
            return cli_usage_error("sensitivity --method given: give --from DIR (a result directory with runs.tsv)");
        if (o->n_scenarios > 0 || o->n_vary > 0)
            return cli_usage_error("sensitivity --method given: takes no scenario or --vary (it reads --from DIR)");
        int rc = 0, status = sens_run_given(o, &os, &rc, &err);
        return cli_finish_batch(o, rc, status, &os, &err, "sensitivity.tsv");
    }
    if (o->from || o->bins)
        return cli_usage_error("sensitivity: --from and --bins are for --method given");
    if (o->n_scenarios != 1)
        return cli_usage_error("sensitivity: expected one scenario file, got %d", o->n_scenarios);
    static char sets[CLI_MAX_VARY_SENS][400];
    ps_override extra[CLI_MAX_VARY_SENS];
    for (int k = 0; k < o->n_vary; k++) {
        int rc = vary_override(o->vary[k], sets[k], sizeof sets[k]);
        if (rc)
            return rc;
        extra[k] = (ps_override){NULL, 0, {.text = sets[k]}, "--vary"};
    }
    cli_job job;
    int rc = cli_job_open(&job, o->scenarios[0], o, extra, o->n_vary);
    if (rc)
        return rc;
    const ps_scenario *sc = &job.sc;
    static sens_space sp;
    int status = sens_space_init(&sp, sc, &err);
    if (status != PS_OK) {
        ps_samples_free(&sp.samples);
        cli_job_close(&job);
        return cli_report(&err);
    }
    if (sp.n_groups == 0) {
        cli_job_close(&job);
        return cli_usage_error("sensitivity: %s has no uncertain settings; give ranges with --vary KEY=LO:HI", sc->path);
    }
    const char *tnames[PS_MAX_TARGETS];
    for (int t = 0; t < sc->n_targets; t++)
        tnames[t] = sc->targets[t].name;
    sens_out out[SENS_MAX_OUT];
    int n_out;
    if ((rc = sens_outputs_parse(o, tnames, sc->n_targets, sc->run.base_year, sc->run.horizon, false, sc->path, out,
                            &n_out)) != 0) {
        ps_samples_free(&sp.samples);
        cli_job_close(&job);
        return rc;
    }
    FILE *f = NULL;
    if ((status = ps_out_mkdir(out_dir, &err)) == PS_OK && !(f = ps_outset_open(&os, "sensitivity.tsv", &err)))
        status = err.code;
    if (status == PS_OK) {
        ps_provenance prov = cli_provenance("sensitivity", sc, o, o->first_run);
        /* runs: the evaluations of the design (each on one run index). */
        long ng = sp.n_groups, m = o->runs_given ? (long)o->runs : DEFAULT_RUNS;
        prov.runs = prov.runs_done = strcmp(method, "sobol") == 0  ? (o->sens_n ? o->sens_n : DEFAULT_N) * (ng + 3)
                                     : strcmp(method, "morris") == 0 ? (o->trajectories ? o->trajectories
                                                                                          : DEFAULT_TRAJECTORIES) * (ng + 1) * m
                                                                     : (2 * ng + 1) * m;
        ps_write_provenance(f, &prov);
        fprintf(f, "# inputs: %d groups of %d uncertain settings", sp.n_groups, sc->unc.n);
        int multi = 0;
        for (int g = 0; g < sp.n_groups; g++)
            multi += strchr(sp.group_name[g], '+') != NULL;
        if (multi)
            fprintf(f, "; %d groups of settings that cannot move alone (correlated or from one samples file), "
                       "named a+b+...", multi);
        fputc('\n', f);
        if (strcmp(method, "sobol") == 0)
            status = run_sobol(&job, o, &sp, out, n_out, f, &err);
        else if (strcmp(method, "morris") == 0)
            status = run_morris(&job, o, &sp, out, n_out, f, &err);
        else
            status = run_tornado(&job, o, &sp, out, n_out, f, &err);
    }
    ps_samples_free(&sp.samples);
    cli_job_close(&job);
    return cli_finish_batch(o, 0, status, &os, &err, "sensitivity.tsv");
}
