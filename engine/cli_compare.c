/* cli_compare.c — `parksim compare A B ...`: several scenarios on the same
 * runs (same seed, same run indices), so that they see the same shocks
 * (common random numbers) and differ by policy, not by noise; paired
 * differences of P(target) from the first scenario. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "parksim/output.h"

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
    const ps_override extra[] = {
        {"run.seed", 'i', {.integer = (long long)job.sc.run.seed}, "compare (the first scenario's seed)"},
        {"run.runs", 'i', {.integer = job.sc.run.runs}, "compare (the first scenario's runs)"},
    };
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
    return cli_finish_batch(o, rc, status, &out, &err, "compare.tsv");
}

