/* cli_compare.c — `parksim compare A B ...`: several scenarios on the same
 * runs (same seed, same run indices), so that they see the same shocks
 * (common random numbers) and differ by policy, not by noise; paired
 * differences of P(target) from the first scenario (compare.tsv) and of the
 * mean of every metric in the horizon year (compare_metrics.tsv).
 *
 * The scenarios run in lockstep, chunk by chunk of COMPARE_CHUNK runs
 * (whole accumulator blocks, so each scenario's accumulator is the one a
 * single `run` builds): the first scenario's per-run values of a chunk are
 * kept, the others' paired differences are folded into running moments in
 * run order. Memory: one chunk of the first scenario's runs (metrics and
 * "met" bits), whatever the number of runs; the results are the same for
 * any number of threads or ranks. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "cli.h"
#include "parksim/output.h"

#define COMPARE_CHUNK (8 * PS_ACCUM_BLOCK)

/* What the scenarios of a compare share: the first scenario's runs of the
 * current chunk [lo, lo + COMPARE_CHUNK). */
typedef struct ref_chunk {
    long lo;
    int n_flags;             /* targets + 1 (all jointly) */
    unsigned char *met;      /* COMPARE_CHUNK * n_flags */
    double *values;          /* COMPARE_CHUNK * PS_METRIC_COUNT, in the compared year */
} ref_chunk;

/* One scenario's paired statistics against the reference. */
typedef struct pairing {
    ref_chunk *ref;
    bool recording;             /* this is the first scenario */
    int year_index;             /* index of the compared year in this scenario's runs (-1: none) */
    unsigned long (*counts)[4]; /* per flag: n11, n10, n01, n00 (this, reference) */
    ps_moments diff[PS_METRIC_COUNT]; /* Welford moments of the per-run differences */
} pairing;

static int pair_run(void *ctx, const ps_run_result *r)
{
    pairing *p = ctx;
    ref_chunk *rf = p->ref;
    size_t i = (size_t)(r->run - rf->lo);
    unsigned char *ref = &rf->met[i * (size_t)rf->n_flags];
    double *vals = &rf->values[i * PS_METRIC_COUNT];
    bool all = true;
    for (int t = 0; t < rf->n_flags; t++) {
        bool met = t < r->n_targets ? r->met[t] : all;
        if (t < r->n_targets)
            all = all && met;
        if (p->recording)
            ref[t] = met;
        else
            p->counts[t][(met ? 0 : 2) + (ref[t] ? 0 : 1)]++;
    }
    if (p->year_index < 0)
        return 0;
    for (int k = 0; k < PS_METRIC_COUNT; k++) {
        double v = r->values[k * r->n_years + p->year_index];
        if (p->recording) {
            vals[k] = v;
            continue;
        }
        /* Welford's update, in run order (sinks see runs in order). */
        ps_moments *m = &p->diff[k];
        double d = v - vals[k], delta = d - m->mean;
        m->n += 1;
        m->mean += delta / m->n;
        m->m2 += delta * (d - m->mean);
    }
    return 0;
}

static const char *file_stem(const char *path, char *buf, size_t n)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(buf, n, "%s", base);
    char *dot = strrchr(buf, '.');
    if (dot && dot != buf)
        *dot = '\0';
    return buf;
}

static void write_compare_rows(FILE *f, const cli_job *job, const char *path, const ps_accum *acc,
                               const pairing *p, bool reference)
{
    char stem[256];
    unsigned long n = (unsigned long)ps_accum_runs(acc);
    for (int t = 0; t < p->ref->n_flags; t++) {
        unsigned long k = ps_accum_met(acc, t);
        double lo, hi, diff = 0, dlo = 0, dhi = 0;
        ps_wilson(k, n, &lo, &hi);
        if (!reference)
            ps_newcombe_paired(p->counts[t][0], p->counts[t][1], p->counts[t][2], p->counts[t][3], &diff, &dlo, &dhi);
        fprintf(f, "%s\t%s\t%s\t%lu\t", path, file_stem(path, stem, sizeof stem),
                t < job->sc.n_targets ? job->sc.targets[t].name : "all", n);
        const double v[] = {n ? (double)k / (double)n : 0, lo, hi, diff, dlo, dhi};
        for (size_t i = 0; i < 6; i++)
            ps_put_double(f, v[i]), fputc(i < 5 ? '\t' : '\n', f);
    }
}

static bool same_targets(const ps_scenario *a, const ps_scenario *b)
{
    if (a->n_targets != b->n_targets)
        return false;
    for (int t = 0; t < a->n_targets; t++)
        if (strcmp(a->targets[t].name, b->targets[t].name) != 0)
            return false;
    return true;
}

/* compare_metrics.tsv's rows of one scenario: per metric, its mean in the
 * compared year and the paired difference from the first scenario with a
 * 95 % t interval (the sd of the per-run differences over sqrt(runs)). */
static void write_metric_rows(FILE *f, const char *path, int year, const ps_accum *acc, const ps_accum *acc0,
                              const pairing *p, const pairing *p0)
{
    char stem[256];
    unsigned long n = (unsigned long)ps_accum_runs(acc);
    for (int k = 0; k < PS_METRIC_COUNT; k++) {
        double mean = NAN, mean0 = NAN, sd0, se0, sd, se;
        if (p->year_index >= 0)
            ps_accum_moments(acc, (ps_metric)k, p->year_index, &mean, &sd, &se);
        if (p0->year_index >= 0)
            ps_accum_moments(acc0, (ps_metric)k, p0->year_index, &mean0, &sd0, &se0);
        double diff = 0, lo = 0, hi = 0, sdd = 0;
        if (p->year_index < 0)
            diff = lo = hi = sdd = NAN;
        else if (!p->recording) {
            const ps_moments *m = &p->diff[k];
            diff = m->mean;
            sdd = m->n > 1 ? sqrt(m->m2 / (m->n - 1)) : NAN;
            double half = m->n > 1 ? gsl_cdf_tdist_Pinv(0.975, m->n - 1) * sdd / sqrt(m->n) : NAN;
            lo = diff - half;
            hi = diff + half;
        }
        double scale = fabs(mean0) > 0 ? fabs(mean0) : NAN; /* nan, not -nan, when the mean is 0 */
        fprintf(f, "%s\t%s\t%s\t%d\t%lu", path, file_stem(path, stem, sizeof stem), ps_metric_get((ps_metric)k)->name,
                year, n);
        const double v[] = {mean, diff, lo, hi, sdd, diff / scale, lo / scale, hi / scale};
        for (size_t i = 0; i < sizeof v / sizeof *v; i++)
            fputc('\t', f), ps_put_double(f, v[i]);
        fputc('\n', f);
    }
}

int cli_compare(const cli_options *o)
{
    if (o->n_scenarios < 2)
        return cli_usage_error("compare: expected at least two scenario files");
    const char *out_dir = o->out ? o->out : "results/compare";
    int n_s = o->n_scenarios, rc = 0, opened = 0;
    cli_job *jobs = calloc((size_t)n_s, sizeof *jobs);
    ps_accum **acc = calloc((size_t)n_s, sizeof *acc);
    pairing *pairs = calloc((size_t)n_s, sizeof *pairs);
    ps_error err;
    ps_error_clear(&err);
    int status = !jobs || !acc || !pairs ? (int)ps_error_set(&err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory") : PS_OK;
    /* Every scenario runs with the first one's seed and run count. */
    for (int s = 0; s < n_s && status == PS_OK; s++) {
        const ps_override extra[] = {
            {"run.seed", 'i', {.integer = s ? (long long)jobs[0].sc.run.seed : 0}, "compare (the first scenario's seed)"},
            {"run.runs", 'i', {.integer = s ? jobs[0].sc.run.runs : 0}, "compare (the first scenario's runs)"},
        };
        if ((rc = cli_job_open(&jobs[s], o->scenarios[s], o, s ? extra : NULL, s ? 2 : 0)) != 0)
            break;
        opened++;
        if (!same_targets(&jobs[0].sc, &jobs[s].sc))
            status = ps_error_set(&err, PS_ERR_MISMATCH, o->scenarios[s], 0, "targets",
                                  "targets differ from those of %s: compare needs the same targets", o->scenarios[0]);
    }
    /* The compared year: the first scenario's horizon, in every scenario that has it. */
    int year = opened ? jobs[0].sc.run.horizon : 0;
    ref_chunk ref = {.lo = 0, .n_flags = opened ? jobs[0].sc.n_targets + 1 : 1};
    ref.met = malloc((size_t)COMPARE_CHUNK * (size_t)ref.n_flags);
    ref.values = malloc((size_t)COMPARE_CHUNK * PS_METRIC_COUNT * sizeof *ref.values);
    if (status == PS_OK && (!ref.met || !ref.values))
        status = ps_error_set(&err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory");
    for (int s = 0; s < opened && status == PS_OK; s++) {
        pairs[s].ref = &ref;
        pairs[s].recording = s == 0;
        int yi = year - jobs[s].sc.run.base_year;
        pairs[s].year_index = yi >= 0 && yi < ps_model_years(jobs[s].model) ? yi : -1;
        if (!(pairs[s].counts = calloc((size_t)ref.n_flags, sizeof *pairs[s].counts)))
            status = ps_error_set(&err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory");
    }
    ps_outset out;
    ps_outset_init(&out, out_dir);
    FILE *f = NULL, *fm = NULL;
    if (rc == 0 && status == PS_OK)
        status = ps_out_mkdir(out_dir, &err);
    if (rc == 0 && status == PS_OK &&
        (!(f = ps_outset_open(&out, "compare.tsv", &err)) || !(fm = ps_outset_open(&out, "compare_metrics.tsv", &err))))
        status = err.code;
    cli_install_signal_handlers();
    long first = o->first_run, count = opened ? jobs[0].sc.run.runs : 0, end = first + count;
    if (rc == 0 && status == PS_OK && !o->quiet) {
        for (int s = 0; s < n_s; s++)
            fprintf(stderr, "parksim: compare: %s\n", o->scenarios[s]);
    }
    /* Lockstep: chunk [lo, hi) of every scenario in turn; chunks end on
     * block boundaries (COMPARE_CHUNK is a whole number of blocks). */
    cli_options quiet = *o;
    quiet.quiet = true;
    double start = cli_now();
    for (long lo = first; lo < end && rc == 0 && status == PS_OK;) {
        long hi = (lo / COMPARE_CHUNK + 1) * COMPARE_CHUNK;
        hi = hi < end ? hi : end;
        ref.lo = lo;
        for (int s = 0; s < n_s && status == PS_OK; s++) {
            long done = 0;
            status = cli_execute(&jobs[s], &quiet, lo, hi - lo, pair_run, &pairs[s], false, &acc[s], &done, &err);
        }
        if (status == PS_OK && cli_show_progress(o))
            cli_progress(&start, (hi - first) * n_s, count * n_s);
        if (status == PS_ERR_INTERRUPTED) /* say it for the whole compare, not the chunk */
            ps_error_set(&err, PS_ERR_INTERRUPTED, NULL, 0, NULL,
                         "interrupted after %ld of %ld runs of each scenario: nothing written", lo - first, count);
        lo = hi;
    }
    if (rc == 0 && status == PS_OK) {
        ps_provenance prov = cli_provenance("compare", &jobs[0].sc, o, o->first_run);
        ps_write_provenance(f, &prov);
        fputs("# diff: p minus the first scenario's p on the same runs (common random numbers);\n"
              "# diff_low/diff_high: 95 % interval for paired proportions (Newcombe, method 10)\n"
              "# scenario\tlabel\ttarget\truns\tp\tci_low\tci_high\tdiff\tdiff_low\tdiff_high\n", f);
        ps_write_provenance(fm, &prov);
        fprintf(fm, "# every metric in %d: mean over the runs (as in each scenario's summary.tsv); diff: mean over the "
                    "runs of\n# (value minus the first scenario's value in the same run: same seed and run, common "
                    "random numbers);\n# diff_low/diff_high: its 95 %% t interval (sd_diff, the sd of the per-run "
                    "differences, over sqrt(runs));\n# rel_*: diff and its interval divided by |the first scenario's "
                    "mean| (nan if that is 0)\n", year);
        fputs("# scenario\tlabel\tmetric\tyear\truns\tmean\tdiff\tdiff_low\tdiff_high\tsd_diff\trel_diff\trel_low\t"
              "rel_high\n", fm);
        for (int s = 0; s < n_s; s++)
            write_compare_rows(f, &jobs[s], o->scenarios[s], acc[s], &pairs[s], s == 0);
        for (int s = 0; s < n_s; s++)
            write_metric_rows(fm, o->scenarios[s], year, acc[s], acc[0], &pairs[s], &pairs[0]);
    }
    for (int s = 0; s < n_s && pairs; s++)
        free(pairs[s].counts);
    for (int s = 0; s < opened; s++) {
        ps_accum_free(acc[s]);
        cli_job_close(&jobs[s]);
    }
    free(ref.met);
    free(ref.values);
    free(jobs);
    free(acc);
    free(pairs);
    return cli_finish_batch(o, rc, status, &out, &err, "compare.tsv, compare_metrics.tsv");
}
