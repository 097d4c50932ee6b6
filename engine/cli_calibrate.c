/* cli_calibrate.c — `parksim calibrate SCENARIO --history FILE`: rejection
 * ABC (engine/calibrate.c) of SCENARIO's uncertain settings (its priors) on
 * the published figures of FILE after the scenario's base year, up to its
 * horizon and never after 2015. Each run is one prior draw; its summary
 * statistics are its simulated values of those (metric, year) figures.
 * Writes posterior.tsv (a samples file: scenarios take it with
 * uncertainty.samples), prior.tsv (the pilot's prior draws, same format,
 * for the pictures) and calibrate.tsv (prior against posterior per
 * setting; the statistics with their scales). engine/MODEL.md, "Calibration". */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "parksim/calibrate.h"
#include "parksim/history.h"

#define CALIB_LAST_YEAR 2015      /* figures after it are never used to set anything */
#define CALIB_DEFAULT_DRAWS 20000
#define CALIB_DEFAULT_ACCEPT 0.01
#define CALIB_PILOT 2000          /* draws that fix the scales; also prior.tsv */
#define CALIB_MAX_STATS 64

typedef struct calib_ctx {
    ps_calib *c;
    int n_stats, base_year;
    ps_metric metric[CALIB_MAX_STATS];
    int year[CALIB_MAX_STATS];
} calib_ctx;

static int sink(void *ctx, const ps_run_result *r)
{
    calib_ctx *k = ctx;
    double s[CALIB_MAX_STATS];
    for (int j = 0; j < k->n_stats; j++)
        s[j] = r->values[k->metric[j] * r->n_years + (k->year[j] - k->base_year)];
    return ps_calib_add(k->c, r->run, r->params, s);
}

static void put(FILE *f, double x, char sep)
{
    ps_put_double(f, x);
    fputc(sep, f);
}

/* A samples file: comment, header of setting paths, rows. */
static void write_samples(FILE *f, const ps_unc_set *set, const double *rows, long n)
{
    for (int i = 0; i < set->n; i++)
        fprintf(f, "%s%c", set->settings[i].path, i + 1 < set->n ? '\t' : '\n');
    for (long r = 0; r < n; r++)
        for (int i = 0; i < set->n; i++)
            put(f, rows[r * set->n + i], i + 1 < set->n ? '\t' : '\n');
}

static void moments(const double *x, long n, long stride, double *mean, double *sd)
{
    double m = 0, v = 0;
    for (long i = 0; i < n; i++)
        m += x[i * stride];
    m /= (double)n;
    for (long i = 0; i < n; i++)
        v += (x[i * stride] - m) * (x[i * stride] - m);
    *mean = m;
    *sd = n > 1 ? sqrt(v / (double)(n - 1)) : NAN;
}

static void write_report(FILE *f, const ps_unc_set *set, const calib_ctx *k, const double *post, long n_post,
                         const double *prior, long n_prior, const double *obs, long draws, bool adjusted)
{
    const ps_calib *c = k->c;
    double dmax = 0;
    for (long i = 0; i < n_post; i++)
        dmax = fmax(dmax, ps_calib_distance(c, i));
    fprintf(f, "# draws %ld, kept %ld, acceptance rate ", draws, n_post);
    ps_put_double(f, (double)n_post / (double)draws);
    fputs(", distance threshold ", f);
    ps_put_double(f, dmax);
    fprintf(f, ", local-linear adjustment %s\n", adjusted ? "yes" : "no");
    fputs("# prior quantiles and moments from the first draws (prior.tsv), posterior from posterior.tsv;\n"
          "#   quantiles type 7; sd with n - 1\n",
          f);
    fputs("# setting\tprior_q05\tprior_q50\tprior_q95\tprior_mean\tprior_sd\tpost_q05\tpost_q50\tpost_q95\t"
          "post_mean\tpost_sd\tsd_ratio\n",
          f);
    for (int i = 0; i < set->n; i++) {
        double pm, ps, qm, qs;
        moments(prior + i, n_prior, set->n, &pm, &ps);
        moments(post + i, n_post, set->n, &qm, &qs);
        fprintf(f, "%s\t", set->settings[i].path);
        for (int q = 0; q < 3; q++)
            put(f, ps_calib_quantile(prior + i, n_prior, set->n, q == 0 ? 0.05 : q == 1 ? 0.5 : 0.95), '\t');
        put(f, pm, '\t');
        put(f, ps, '\t');
        for (int q = 0; q < 3; q++)
            put(f, ps_calib_quantile(post + i, n_post, set->n, q == 0 ? 0.05 : q == 1 ? 0.5 : 0.95), '\t');
        put(f, qm, '\t');
        put(f, qs, '\t');
        put(f, qs / ps, '\n');
    }
    fputs("\n\n# summary statistics: the published figure, its scale in the distance (1.4826 MAD over the\n"
          "#   first draws; 0: constant, left out), and the simulated median of the kept runs\n"
          "# metric\tyear\tobserved\tscale\tkept_q50\n",
          f);
    const double *scale = ps_calib_scales(c);
    double *col = malloc(sizeof *col * (size_t)(n_post > 0 ? n_post : 1));
    for (int j = 0; j < k->n_stats; j++) {
        fprintf(f, "%s\t%d\t", ps_metric_get(k->metric[j])->name, k->year[j]);
        put(f, obs[j], '\t');
        put(f, scale[j], '\t');
        for (long i = 0; col && i < n_post; i++)
            col[i] = ps_calib_stats(c, i)[j];
        put(f, col ? ps_calib_quantile(col, n_post, 1, 0.5) : NAN, '\n');
    }
    free(col);
}

int cli_calibrate(const cli_options *o)
{
    if (o->n_scenarios != 1)
        return cli_usage_error("calibrate: expected one scenario file");
    if (!o->history)
        return cli_usage_error("calibrate: --history FILE is required");
    ps_error err;
    ps_error_clear(&err);
    ps_history h;
    if (ps_history_load(o->history, &h, &err) != PS_OK)
        return cli_report(&err);
    long draws = o->draws > 0 ? o->draws : CALIB_DEFAULT_DRAWS;
    double accept = o->accept > 0 ? o->accept : CALIB_DEFAULT_ACCEPT;
    ps_override extra = {.path = "run.runs", .kind = 'i', .value.integer = draws, .origin = "--draws"};
    cli_job job;
    int rc = cli_job_open(&job, o->scenarios[0], o, &extra, 1);
    if (rc) {
        ps_history_free(&h);
        return rc;
    }
    const ps_scenario *sc = &job.sc;
    const ps_unc_set *set = &sc->unc;
    int status = PS_OK;
    calib_ctx k = {.base_year = sc->run.base_year};
    double obs[CALIB_MAX_STATS];
    const ps_history_point **pts = calloc((size_t)h.n + 1, sizeof *pts);
    int n = 0;
    if (!pts)
        status = ps_error_set(&err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory");
    if (status == PS_OK && set->n == 0)
        status = ps_error_set(&err, PS_ERR_CONFIG, sc->path, 0, NULL,
                              "no uncertain settings: give the settings to calibrate a prior distribution");
    int last = sc->run.horizon < CALIB_LAST_YEAR ? sc->run.horizon : CALIB_LAST_YEAR;
    if (status == PS_OK)
        n = ps_history_window(&h, sc->run.base_year, last, pts);
    if (status == PS_OK && n == 0)
        status = ps_error_set(&err, PS_ERR_MISMATCH, o->history, 0, NULL,
                              "no published figure after the base year %d and up to %d", sc->run.base_year, last);
    if (status == PS_OK && n > CALIB_MAX_STATS)
        status = ps_error_set(&err, PS_ERR_MISMATCH, o->history, 0, NULL, "more than %d figures to fit",
                              CALIB_MAX_STATS);
    if (status == PS_OK) {
        k.n_stats = n;
        for (int j = 0; j < n; j++)
            k.metric[j] = pts[j]->metric, k.year[j] = pts[j]->year, obs[j] = pts[j]->value;
        long keep = (long)ceil(accept * (double)draws - 1e-9);
        k.c = ps_calib_alloc(set->n, n, obs, keep < 1 ? 1 : keep, draws < CALIB_PILOT ? draws : CALIB_PILOT);
        if (!k.c)
            status = ps_error_set(&err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory");
    }
    ps_outset out;
    ps_outset_init(&out, sc->run.out);
    ps_accum *acc = NULL;
    long done = 0;
    if (status == PS_OK) {
        cli_install_signal_handlers();
        status = cli_execute(&job, o, o->first_run, draws, sink, &k, false, &acc, &done, &err);
    }
    bool adjusted = false;
    if (status == PS_OK) {
        ps_calib_finish(k.c);
        if (o->adjust) {
            double lo[PS_UNC_MAX], hi[PS_UNC_MAX];
            for (int i = 0; i < set->n; i++)
                lo[i] = set->settings[i].dist.min, hi[i] = set->settings[i].dist.max;
            adjusted = ps_calib_adjust(k.c, lo, hi) == 0;
            if (!adjusted)
                status = ps_error_set(&err, PS_ERR_NUMERIC, NULL, 0, "--adjust",
                                      "too few kept draws (%ld) for the regression on %d statistics: raise --draws "
                                      "or --accept",
                                      ps_calib_kept(k.c), n);
        }
    }
    if (status == PS_OK)
        status = ps_out_mkdir(sc->run.out, &err);
    FILE *fp = NULL, *fq = NULL, *fr = NULL;
    if (status == PS_OK && (!(fp = ps_outset_open(&out, "posterior.tsv", &err)) ||
                            !(fq = ps_outset_open(&out, "prior.tsv", &err)) ||
                            !(fr = ps_outset_open(&out, "calibrate.tsv", &err))))
        status = err.code;
    if (status == PS_OK) {
        long n_post = ps_calib_kept(k.c), n_prior;
        const double *prior = ps_calib_pilot(k.c, &n_prior);
        double *post = malloc(sizeof *post * (size_t)n_post * (size_t)set->n);
        if (!post)
            status = ps_error_set(&err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory");
        for (long i = 0; post && i < n_post; i++)
            memcpy(post + i * set->n, ps_calib_params(k.c, i), sizeof *post * (size_t)set->n);
        ps_provenance prov = cli_provenance("calibrate", sc, o, o->first_run);
        FILE *files[3] = {fp, fq, fr};
        for (int i = 0; post && i < 3; i++) {
            ps_write_provenance(files[i], &prov);
            fprintf(files[i],
                    "# calibrate: history %s, figures %d < year <= %d (%d), %ld prior draws, %ld kept (--accept "
                    "%g), %s\n",
                    o->history, sc->run.base_year, last, n, draws, n_post, accept,
                    adjusted ? "local-linear adjusted (--adjust)" : "rejection only");
        }
        if (post) {
            fputs("# posterior draws of the scenario's uncertain settings (a samples file: uncertainty.samples)\n", fp);
            write_samples(fp, set, post, n_post);
            fputs("# prior draws (the first runs, which fixed the distance scales)\n", fq);
            write_samples(fq, set, prior, n_prior);
            write_report(fr, set, &k, post, n_post, prior, n_prior, obs, draws, adjusted);
            if (!o->quiet)
                fprintf(stderr, "parksim: calibrate: kept %ld of %ld draws (%.3g %%) on %d published figures\n",
                        n_post, draws, 100.0 * (double)n_post / (double)draws, n);
        }
        free(post);
    }
    ps_accum_free(acc);
    ps_calib_free(k.c);
    free(pts);
    cli_job_close(&job);
    ps_history_free(&h);
    return cli_finish_batch(o, 0, status, &out, &err, "calibrate.tsv");
}
