/* cli_batch.c — `parksim compare` and `parksim sweep`: several scenarios or
 * a grid of settings, all with the same seed, so that they see the same
 * shocks (common random numbers) and differ by policy, not by noise. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "cli.h"
#include "parksim/output.h"

/* Commit the batch's file if every step succeeded, else discard it; rc is
 * an exit code already reported, status a ps_status still to report. */
static int finish_batch(const cli_options *o, int rc, int status, ps_outset *out, ps_error *err, const char *name)
{
    if (rc == 0 && status == PS_OK)
        status = ps_outset_commit(out, err);
    else
        ps_outset_abort(out);
    if (rc)
        return rc;
    if (status != PS_OK)
        return cli_report(err);
    if (!o->quiet && cli_is_writer())
        fprintf(stderr, "parksim: results in %s/%s\n", out->dir, name);
    return 0;
}

/* ---- compare ---------------------------------------------------------------- */

/* Per-run "target met" bits of the reference (first) scenario, and the
 * paired counts of another scenario against them. */
typedef struct pairing {
    long first_run, runs;
    int n_flags;             /* targets + 1 (all jointly) */
    unsigned char *reference; /* runs * n_flags */
    unsigned long (*counts)[4]; /* per flag: n11, n10, n01, n00 (this, reference) */
    bool recording;
} pairing;

static int pair_run(void *ctx, const ps_run_result *r)
{
    pairing *p = ctx;
    unsigned char *ref = &p->reference[(size_t)(r->run - p->first_run) * (size_t)p->n_flags];
    bool all = true;
    for (int t = 0; t < p->n_flags; t++) {
        bool met = t < r->n_targets ? r->met[t] : all;
        if (t < r->n_targets)
            all = all && met;
        if (p->recording)
            ref[t] = met;
        else
            p->counts[t][(met ? 0 : 2) + (ref[t] ? 0 : 1)]++;
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
    for (int t = 0; t < p->n_flags; t++) {
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

int cli_compare(const cli_options *o)
{
    if (o->n_scenarios < 2)
        return cli_usage_error("compare: expected at least two scenario files");
    const char *out_dir = o->out ? o->out : "results/compare";
    cli_job job;
    int rc = cli_job_open(&job, o->scenarios[0], o, NULL, 0);
    if (rc)
        return rc;
    /* Every scenario runs with the first one's seed and run count. */
    char seed_set[64], runs_set[64];
    snprintf(seed_set, sizeof seed_set, "run.seed=%lu", job.sc.run.seed);
    snprintf(runs_set, sizeof runs_set, "run.runs=%ld", job.sc.run.runs);
    const char *extra[] = {seed_set, runs_set};
    ps_scenario reference_sc = job.sc;

    pairing p = {.first_run = o->first_run, .runs = job.sc.run.runs, .n_flags = job.sc.n_targets + 1};
    p.reference = malloc((size_t)p.runs * (size_t)p.n_flags);
    p.counts = calloc((size_t)p.n_flags, sizeof *p.counts);
    ps_error err;
    ps_error_clear(&err);
    ps_outset out;
    ps_outset_init(&out, out_dir);
    FILE *f = NULL;
    int status = !p.reference || !p.counts ? (int)ps_error_set(&err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory")
                                           : ps_out_mkdir(out_dir, &err);
    if (status == PS_OK && !(f = ps_outset_open(&out, "compare.tsv", &err)))
        status = err.code;
    cli_install_signal_handlers();
    for (int s = 0; s < o->n_scenarios && status == PS_OK; s++) {
        if (s > 0 && (rc = cli_job_open(&job, o->scenarios[s], o, extra, 2)) != 0)
            break;
        if (!same_targets(&reference_sc, &job.sc)) {
            status = ps_error_set(&err, PS_ERR_MISMATCH, o->scenarios[s], 0, "targets",
                                  "targets differ from those of %s: compare needs the same targets", o->scenarios[0]);
            cli_job_close(&job);
            break;
        }
        if (s == 0) {
            ps_provenance prov = cli_provenance("compare", &job.sc, o, o->first_run);
            ps_write_provenance(f, &prov);
            fputs("# diff: p minus the first scenario's p on the same runs (common random numbers);\n"
                  "# diff_low/diff_high: 95 % interval for paired proportions (Newcombe, method 10)\n"
                  "# scenario\tlabel\ttarget\truns\tp\tci_low\tci_high\tdiff\tdiff_low\tdiff_high\n", f);
        }
        if (!o->quiet)
            fprintf(stderr, "parksim: compare: %s\n", o->scenarios[s]);
        memset(p.counts, 0, sizeof *p.counts * (size_t)p.n_flags);
        p.recording = s == 0;
        ps_accum *acc = NULL;
        long done = 0;
        status = cli_execute(&job, o, o->first_run, p.runs, pair_run, &p, &acc, &done, &err);
        if (status == PS_OK)
            write_compare_rows(f, &job, o->scenarios[s], acc, &p, s == 0);
        ps_accum_free(acc);
        cli_job_close(&job);
    }
    free(p.reference);
    free(p.counts);
    return finish_batch(o, rc, status, &out, &err, "compare.tsv");
}

/* ---- sweep ------------------------------------------------------------------- */

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
    double to;
    char tail;
    if (sscanf(eq + 1, "%lf:%lf:%lf%c", &a->from, &to, &a->step, &tail) != 3 || !(a->step > 0) || to < a->from)
        return cli_usage_error("--vary: %s: expected FROM:TO:STEP with STEP > 0 and TO >= FROM, got '%s'", a->key,
                               eq + 1);
    if (a->kind == 'i' && (a->from != floor(a->from) || a->step != floor(a->step)))
        return cli_usage_error("--vary: %s is an integer setting; FROM and STEP must be integers", a->key);
    a->n = (int)floor((to - a->from) / a->step + 1e-9) + 1;
    if (a->n > 10000)
        return cli_usage_error("--vary: %s: %d points is too many", a->key, a->n);
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

int cli_sweep(const cli_options *o)
{
    if (o->n_scenarios != 1)
        return cli_usage_error("sweep: expected one scenario file, got %d", o->n_scenarios);
    if (o->n_vary < 1)
        return cli_usage_error("sweep: give at least one --vary KEY=FROM:TO:STEP");
    axis axes[CLI_MAX_VARY];
    long points = 1;
    for (int k = 0; k < o->n_vary; k++) {
        int rc = parse_axis(o->vary[k], &axes[k]);
        if (rc)
            return rc;
        points *= axes[k].n;
    }
    const char *out_dir = o->out ? o->out : "results/sweep";
    ps_error err;
    ps_error_clear(&err);
    ps_outset out;
    ps_outset_init(&out, out_dir);
    FILE *f = NULL;
    int status = ps_out_mkdir(out_dir, &err), rc = 0;
    if (status == PS_OK && !(f = ps_outset_open(&out, "sweep.tsv", &err)))
        status = err.code;
    cli_install_signal_handlers();
    for (long pt = 0; pt < points && status == PS_OK && rc == 0; pt++) {
        char sets[CLI_MAX_VARY][256], values[CLI_MAX_VARY][64];
        const char *extra[CLI_MAX_VARY];
        long rest = pt;
        for (int k = o->n_vary - 1; k >= 0; k--) {
            axis_setting(&axes[k], (int)(rest % axes[k].n), sets[k], sizeof sets[k], values[k], sizeof values[k]);
            extra[k] = sets[k];
            rest /= axes[k].n;
        }
        cli_job job;
        if ((rc = cli_job_open(&job, o->scenarios[0], o, extra, o->n_vary)) != 0)
            break;
        const ps_scenario *sc = &job.sc;
        if (pt == 0) {
            ps_provenance prov = cli_provenance("sweep", sc, o, o->first_run);
            ps_write_provenance(f, &prov);
            fprintf(f, "# %ld points, same seed at every point; p: share of runs meeting the target, lo/hi: "
                       "95 %% Wilson interval\n# point", points);
            for (int k = 0; k < o->n_vary; k++)
                fprintf(f, "\t%s", axes[k].key);
            for (int t = 0; t <= sc->n_targets; t++) {
                const char *name = t < sc->n_targets ? sc->targets[t].name : "all";
                fprintf(f, "\tp_%s\tlo_%s\thi_%s", name, name, name);
            }
            fputc('\n', f);
        } else if (axes[0].n > 1 && o->n_vary > 1 && pt % (points / axes[0].n) == 0)
            fputc('\n', f); /* new scan line for gnuplot's splot */
        if (!o->quiet)
            fprintf(stderr, "parksim: sweep point %ld/%ld:", pt + 1, points);
        for (int k = 0; k < o->n_vary && !o->quiet; k++)
            fprintf(stderr, " %s", sets[k]);
        if (!o->quiet)
            fputc('\n', stderr);
        ps_accum *acc = NULL;
        long done = 0;
        status = cli_execute(&job, o, o->first_run, sc->run.runs, NULL, NULL, &acc, &done, &err);
        if (status == PS_OK) {
            unsigned long n = (unsigned long)ps_accum_runs(acc);
            fprintf(f, "%ld", pt);
            for (int k = 0; k < o->n_vary; k++)
                fprintf(f, "\t%s", values[k]);
            for (int t = 0; t <= sc->n_targets; t++) {
                unsigned long met = ps_accum_met(acc, t);
                double lo, hi;
                ps_wilson(met, n, &lo, &hi);
                fputc('\t', f), ps_put_double(f, n ? (double)met / (double)n : 0);
                fputc('\t', f), ps_put_double(f, lo);
                fputc('\t', f), ps_put_double(f, hi);
            }
            fputc('\n', f);
        }
        ps_accum_free(acc);
        cli_job_close(&job);
    }
    return finish_batch(o, rc, status, &out, &err, "sweep.tsv");
}
