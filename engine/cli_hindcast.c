/* cli_hindcast.c — `parksim hindcast SCENARIO --history FILE`: project
 * from the scenario's base year (the usual Monte Carlo, memory flat in
 * runs) and score the projection against every published (metric, year)
 * of FILE after the base year and up to the horizon: bands, PIT, CRPS,
 * interval scores, and the same scores for a naive random walk with drift
 * fitted to FILE's values up to the base year. Writes hindcast.tsv and
 * summary.tsv (for the fan charts) to the output directory. The scoring
 * rules are in score.c, the history formats in history.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>

#include "cli.h"
#include "parksim/history.h"
#include "parksim/rng.h"
#include "parksim/score.h"

/* Central bands scored, as coverage probabilities. */
static const double band_cover[] = {0.50, 0.80, 0.90, 0.95};
enum { N_BANDS = sizeof band_cover / sizeof band_cover[0] };

typedef struct row {
    const ps_history_point *pt;
    double median, lo[N_BANDS], hi[N_BANDS], pit, crps, crps_err, is[N_BANDS];
    int pos[N_BANDS];
    bool has_naive;
    ps_score_naive nv;
    double naive_median, naive_crps, naive_is[N_BANDS];
} row;

/* The naive forecast of metric from h's values in [first year, base]. */
static bool fit_naive(const ps_history *h, ps_metric metric, int base, ps_score_naive *nv)
{
    int years[64], n = 0;
    double values[64];
    for (int y = 1900; y <= base && n < 64; y++)
        for (int i = 0; i < h->n; i++)
            if (h->points[i].metric == metric && h->points[i].year == y) {
                years[n] = y;
                values[n++] = h->points[i].value;
            }
    return ps_score_naive_fit(years, values, n, nv) == 0;
}

static void score_row(row *r, const ps_accum *acc, int year_index, unsigned long seed, const ps_history *h,
                      int base)
{
    const ps_history_point *pt = r->pt;
    double y = pt->value;
    ps_accum_hist ah;
    ps_accum_histogram(acc, pt->metric, year_index, &ah);
    ps_score_hist sh = {ah.n, ah.edges, ah.counts, ah.under, ah.over, ah.min, ah.max, ah.discrete};
    r->median = ps_accum_quantile(acc, pt->metric, year_index, 0.5);
    for (int b = 0; b < N_BANDS; b++) {
        double alpha = 1 - band_cover[b];
        r->lo[b] = ps_accum_quantile(acc, pt->metric, year_index, alpha / 2);
        r->hi[b] = ps_accum_quantile(acc, pt->metric, year_index, 1 - alpha / 2);
        r->pos[b] = ps_score_position(r->lo[b], r->hi[b], y);
        r->is[b] = ps_score_interval(r->lo[b], r->hi[b], alpha, y);
    }
    /* Randomised PIT for counts: its own stream, (seed, run -1, metric,
     * year); run -1 is no run's, so no projection draw is shared. */
    double u = 0.5;
    if (sh.discrete) {
        gsl_rng *g = gsl_rng_alloc(gsl_rng_taus2);
        if (g) {
            ps_rng_select(g, seed, -1, PS_STREAM_MACRO, (long)pt->metric, pt->year);
            u = gsl_rng_uniform(g);
            gsl_rng_free(g);
        }
    }
    r->pit = ps_score_pit_hist(&sh, y, u);
    r->crps = ps_score_crps_hist(&sh, y, &r->crps_err);
    r->has_naive = fit_naive(h, pt->metric, base, &r->nv) && pt->year > r->nv.last_year;
    if (r->has_naive) {
        double mu, sd;
        ps_score_naive_at(&r->nv, pt->year, &mu, &sd);
        r->naive_median = exp(mu);
        r->naive_crps = ps_score_crps_lognormal(mu, sd, y);
        for (int b = 0; b < N_BANDS; b++) {
            double alpha = 1 - band_cover[b], z = gsl_cdf_ugaussian_Pinv(1 - alpha / 2);
            r->naive_is[b] = ps_score_interval(exp(mu - z * sd), exp(mu + z * sd), alpha, y);
        }
    }
}

static const char *pos_name(int p) { return p < 0 ? "below" : p > 0 ? "above" : "inside"; }

static void put(FILE *f, double x, char sep)
{
    ps_put_double(f, x);
    fputc(sep, f);
}

static void write_header(FILE *f, const ps_scenario *sc, const char *history, const ps_history *h)
{
    fprintf(f, "# history: %s (%s format)\n", history, h->wide ? "wide" : "long");
    fputs("# columns of the history file scored as (column -> metric):", f);
    for (int i = 0; i < ps_history_n_columns(); i++) {
        const char *name;
        int m;
        ps_history_column(i, &name, &m);
        fprintf(f, " %s->%s", name, m < 0 ? "(text, ignored)" : ps_metric_get((ps_metric)m)->name);
    }
    fprintf(f, "\n# scored: every published (metric, year) with %d < year <= %d; bands are central\n"
               "#   quantiles of the runs (fixed-bin histograms, as summary.tsv); the bands are\n"
               "#   shocks only: the scenario's settings are held at their values\n",
            sc->run.base_year, sc->run.horizon);
    fputs("# posNN: realised value below, inside or above the NN % band; isNN: interval score\n"
          "#   (Gneiting & Raftery 2007), (hi-lo) + (2/alpha)*miss; pit: F(realised), randomised\n"
          "#   for counts with u from stream (seed, run -1, metric, year); crps from the histogram,\n"
          "#   crps_bin_err: bound on its binning error (0 for counts)\n"
          "# naive: random walk with drift in logs fitted to the file's values of the metric up to\n"
          "#   the base year: drift = mean yearly log change, sd = sample sd of the yearly changes\n"
          "#   (|drift| when only one change: naive_sd_fallback 1); ln X ~ N(ln x_last + drift*h,\n"
          "#   sd^2*h); crps_skill = 1 - crps/naive_crps; nan where no naive forecast exists\n",
          f);
    fputs("# metric\tyear\tcolumn\tline\trealised\tmedian", f);
    for (int b = 0; b < N_BANDS; b++)
        fprintf(f, "\tlo%02.0f\thi%02.0f", 100 * band_cover[b], 100 * band_cover[b]);
    for (int b = 0; b < N_BANDS; b++)
        fprintf(f, "\tpos%02.0f", 100 * band_cover[b]);
    fputs("\tpit\tcrps\tcrps_bin_err", f);
    for (int b = 0; b < N_BANDS; b++)
        fprintf(f, "\tis%02.0f", 100 * band_cover[b]);
    fputs("\tnaive_median\tnaive_crps", f);
    for (int b = 0; b < N_BANDS; b++)
        fprintf(f, "\tnaive_is%02.0f", 100 * band_cover[b]);
    fputs("\tcrps_skill\tnaive_drift\tnaive_sd\tnaive_changes\tnaive_sd_fallback\n", f);
}

static void write_row(FILE *f, const row *r)
{
    fprintf(f, "%s\t%d\t%s\t%d\t", ps_metric_get(r->pt->metric)->name, r->pt->year, r->pt->column, r->pt->line);
    put(f, r->pt->value, '\t');
    put(f, r->median, '\t');
    for (int b = 0; b < N_BANDS; b++)
        put(f, r->lo[b], '\t'), put(f, r->hi[b], '\t');
    for (int b = 0; b < N_BANDS; b++)
        fprintf(f, "%s\t", pos_name(r->pos[b]));
    put(f, r->pit, '\t');
    put(f, r->crps, '\t');
    put(f, r->crps_err, '\t');
    for (int b = 0; b < N_BANDS; b++)
        put(f, r->is[b], '\t');
    double nan = NAN;
    put(f, r->has_naive ? r->naive_median : nan, '\t');
    put(f, r->has_naive ? r->naive_crps : nan, '\t');
    for (int b = 0; b < N_BANDS; b++)
        put(f, r->has_naive ? r->naive_is[b] : nan, '\t');
    put(f, r->has_naive ? 1 - r->crps / r->naive_crps : nan, '\t');
    put(f, r->has_naive ? r->nv.drift : nan, '\t');
    put(f, r->has_naive ? r->nv.sd : nan, '\t');
    fprintf(f, "%d\t%d\n", r->has_naive ? r->nv.n_changes : 0, r->has_naive && r->nv.sd_fallback);
}

/* Block 2: one line per band. */
static void write_summary(FILE *f, const row *rows, int n)
{
    fputs("\n\n# summary per band: coverage k/n (misses below and above apart); mean interval score\n"
          "#   of the model and the naive forecast; skills = 1 - mean over rows of model/naive\n"
          "#   (scale-free: each row's ratio), over the n_naive rows that have a naive forecast\n"
          "# band\tn\tinside\tbelow\tabove\tcoverage\tk_of_n\tmean_is\tmean_is_naive\tis_skill\tcrps_skill\tn_naive\n",
          f);
    for (int b = 0; b < N_BANDS; b++) {
        int in = 0, below = 0, above = 0, nn = 0;
        double is = 0, isn = 0, ratio_is = 0, ratio_crps = 0;
        for (int i = 0; i < n; i++) {
            in += rows[i].pos[b] == 0;
            below += rows[i].pos[b] < 0;
            above += rows[i].pos[b] > 0;
            if (rows[i].has_naive) {
                nn++;
                is += rows[i].is[b];
                isn += rows[i].naive_is[b];
                ratio_is += rows[i].is[b] / rows[i].naive_is[b];
                ratio_crps += rows[i].crps / rows[i].naive_crps;
            }
        }
        fprintf(f, "%.0f\t%d\t%d\t%d\t%d\t", 100 * band_cover[b], n, in, below, above);
        put(f, n ? (double)in / n : NAN, '\t');
        fprintf(f, "%d/%d\t", in, n);
        put(f, nn ? is / nn : NAN, '\t');
        put(f, nn ? isn / nn : NAN, '\t');
        put(f, nn ? 1 - ratio_is / nn : NAN, '\t');
        put(f, nn ? 1 - ratio_crps / nn : NAN, '\t');
        fprintf(f, "%d\n", nn);
    }
}

int cli_hindcast(const cli_options *o)
{
    if (o->n_scenarios != 1)
        return cli_usage_error("hindcast: expected one scenario file");
    if (!o->history)
        return cli_usage_error("hindcast: --history FILE is required");
    ps_error err;
    ps_error_clear(&err);
    ps_history h;
    if (ps_history_load(o->history, &h, &err) != PS_OK)
        return cli_report(&err);
    cli_job job;
    int rc = cli_job_open(&job, o->scenarios[0], o, NULL, 0);
    if (rc) {
        ps_history_free(&h);
        return rc;
    }
    const ps_scenario *sc = &job.sc;
    /* The points to score, by metric and year. */
    const ps_history_point **pts = calloc((size_t)h.n, sizeof *pts);
    row *rows = calloc((size_t)h.n, sizeof *rows);
    int n = 0;
    int status = PS_OK;
    if (!pts || !rows)
        status = ps_error_set(&err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory");
    if (status == PS_OK)
        n = ps_history_window(&h, sc->run.base_year, sc->run.horizon, pts);
    if (status == PS_OK && n == 0)
        status = ps_error_set(&err, PS_ERR_MISMATCH, o->history, 0, NULL,
                              "no published figure after the base year %d and up to the horizon %d",
                              sc->run.base_year, sc->run.horizon);

    ps_outset out;
    ps_outset_init(&out, sc->run.out);
    ps_accum *acc = NULL;
    long done = 0;
    if (status == PS_OK) {
        cli_install_signal_handlers();
        status = cli_execute(&job, o, o->first_run, sc->run.runs, NULL, NULL, false, &acc, &done, &err);
    }
    if (status == PS_OK)
        status = ps_out_mkdir(sc->run.out, &err);
    FILE *f = NULL, *fs = NULL;
    if (status == PS_OK && (!(f = ps_outset_open(&out, "hindcast.tsv", &err)) ||
                            !(fs = ps_outset_open(&out, "summary.tsv", &err))))
        status = err.code;
    if (status == PS_OK) {
        ps_provenance prov = cli_provenance("hindcast", sc, o, o->first_run);
        for (int i = 0; i < n; i++) {
            rows[i].pt = pts[i];
            score_row(&rows[i], acc, pts[i]->year - sc->run.base_year, sc->run.seed, &h, sc->run.base_year);
        }
        ps_write_provenance(f, &prov);
        write_header(f, sc, o->history, &h);
        for (int i = 0; i < n; i++)
            write_row(f, &rows[i]);
        write_summary(f, rows, n);
        ps_write_provenance(fs, &prov);
        ps_write_summary(fs, job.model, acc);
        if (!o->quiet && cli_is_writer())
            for (int b = 0; b < N_BANDS; b++) {
                int in = 0;
                for (int i = 0; i < n; i++)
                    in += rows[i].pos[b] == 0;
                fprintf(stderr, "parksim: hindcast: %.0f %% bands cover %d/%d published figures\n",
                        100 * band_cover[b], in, n);
            }
    }
    ps_accum_free(acc);
    free(pts);
    free(rows);
    cli_job_close(&job);
    ps_history_free(&h);
    return cli_finish_batch(o, 0, status, &out, &err, "hindcast.tsv");
}
