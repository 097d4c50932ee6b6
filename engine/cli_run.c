/* cli_run.c — `parksim run`: one scenario, N runs, result files on disk. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "parksim/output.h"
#include "parksim/zone_accum.h"

/* The rows of runs.tsv go to an unlinked scratch file while the runs are
 * computed, and runs.tsv is written at the end: its header can then say
 * whether the run was interrupted (README), and a killed process leaves
 * nothing behind. */
typedef struct runs_writer {
    FILE *f;
    const ps_model *model;
    int errnum; /* errno of the first failed write */
} runs_writer;

static int write_run_row(void *ctx, const ps_run_result *r)
{
    runs_writer *w = ctx;
    ps_write_run_row(w->f, w->model, r);
    if (ferror(w->f)) {
        if (!w->errnum)
            w->errnum = errno ? errno : EIO;
        return -1;
    }
    return 0;
}

/* --trajectory: every zone in every year of the runs asked for. */
static int write_zone_year(void *ctx, const ps_zone_view *v)
{
    FILE *f = ctx;
    const ps_zone_base *z = v->base;
    fprintf(f, "%ld\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t", v->run, v->year, z->id, z->name, z->province,
            z->city, ps_region_name(z->region), ps_tier_name(v->tier), ps_class_name(z->cls),
            v->national_since);
    fprintf(f, "%s\t", ps_zone_origin(z));
    const double values[] = {v->gdp, v->revenue, v->va_ratio, v->rd_intensity, v->productivity,
                             v->employees, v->enterprises, v->new_firms, v->kis_share,
                             v->land_approved, v->land_built, v->plot_ratio, v->growth_potential};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
        ps_put_double(f, values[i]), fputc('\t', f);
    fprintf(f, "%d\t%d\t%d\t%d\n", v->land_limited, v->expanded, v->upgraded, v->demoted);
    return ferror(f) ? -1 : 0;
}

static int write_trajectory(FILE *f, const cli_job *job, const cli_options *o, const ps_provenance *prov,
                            ps_error *err)
{
    static long runs[CLI_MAX_TRAJECTORY_RUNS];
    int n_runs = 1;
    char why[200];
    runs[0] = o->first_run;
    if (o->trajectory_runs && !cli_parse_run_list(o->trajectory_runs, runs, CLI_MAX_TRAJECTORY_RUNS, &n_runs, why,
                                                  sizeof why))
        return ps_error_set(err, PS_ERR_CONFIG, NULL, 0, "--trajectory", "%s", why);
    ps_write_provenance(f, prov);
    fprintf(f, "# every zone in play (national and provincial pool), every year, runs %s\n",
            o->trajectory_runs ? o->trajectory_runs : "(the first)");
    fputs("# origin: published (a zone of a published list) or synthetic (a pool zone invented at a real city; "
          "zones.tsv says which figures are published)\n", f);
    fputs("# national_since: year a provincial zone was upgraded (0: national in the base year or never)\n"
          "# growth_potential: ln(potential GDP / GDP) of the step into this year\n", f);
    fputs("# run\tyear\tid\tname\tprovince\tcity\tregion\ttier\tclass\tnational_since\torigin\tgdp\trevenue\t"
          "va_ratio\trd_intensity\tproductivity\temployees\tenterprises\tnew_firms\tkis_share\t"
          "land_approved\tland_built\tplot_ratio\tgrowth_potential\tland_limited\texpanded\tupgraded\tdemoted\n",
          f);
    ps_workspace *ws = ps_workspace_alloc(job->model);
    ps_run_result *res = ps_run_result_alloc(job->model);
    int rc = ws && res ? 0 : -1;
    for (int k = 0; rc == 0 && k < n_runs; k++)
        rc = ps_model_run(job->model, ws, runs[k], res, write_zone_year, f);
    ps_workspace_free(ws);
    ps_run_result_free(res);
    return rc ? ps_error_set(err, PS_ERR_IO, NULL, 0, NULL, "could not write the trajectory") : PS_OK;
}

static int print_tsv_line(const cli_options *o, const cli_job *job, const ps_accum *acc)
{
    const ps_scenario *sc = &job->sc;
    if (o->header) {
        fputs("scenario\truns\tseed", stdout);
        for (int t = 0; t <= sc->n_targets; t++) {
            const char *name = t < sc->n_targets ? sc->targets[t].name : "all";
            printf("\tp_%s\tlo_%s\thi_%s", name, name, name);
        }
        /* The user's own --set values, not the shorthands. */
        for (int i = 0; i < o->n_sets; i++)
            printf("\t%.*s", (int)(strchr(o->sets[i], '=') - o->sets[i]), o->sets[i]);
        putchar('\n');
    }
    unsigned long n = (unsigned long)ps_accum_runs(acc);
    ps_put_escaped(stdout, sc->path);
    printf("\t%lu\t%lu", n, sc->run.seed);
    for (int t = 0; t <= sc->n_targets; t++) {
        unsigned long k = ps_accum_met(acc, t);
        double lo, hi;
        ps_wilson(k, n, &lo, &hi);
        putchar('\t'), ps_put_double(stdout, n ? (double)k / (double)n : 0);
        putchar('\t'), ps_put_double(stdout, lo);
        putchar('\t'), ps_put_double(stdout, hi);
    }
    for (int i = 0; i < o->n_sets; i++)
        printf("\t%s", strchr(o->sets[i], '=') + 1);
    putchar('\n');
    return cli_flush_stdout();
}

int cli_run(const cli_options *o)
{
    if (o->n_scenarios != 1)
        return cli_usage_error("run: expected one scenario file, got %d", o->n_scenarios);
    if (o->shard)
        return cli_shard_run(o);
    cli_job job;
    int rc = cli_job_open(&job, o->scenarios[0], o, NULL, 0);
    if (rc)
        return rc;
    const ps_scenario *sc = &job.sc;
    ps_error err;
    ps_error_clear(&err);
    ps_outset out;
    ps_outset_init(&out, sc->run.out);
    ps_accum *acc = NULL;
    long done = 0, first = o->first_run, count = cli_run_count(o, sc);
    bool one_process = cli_ranks() == 1;
    if (!one_process && (o->resume || o->until_se > 0)) {
        cli_job_close(&job);
        return cli_usage_error("--resume and --until-se: not under mpirun (use --shard for a split run)");
    }
    int threads = ps_mc_threads(o->threads);
    cli_install_signal_handlers();

    int status = ps_out_mkdir(sc->run.out, &err);
    FILE *f_rows = NULL, *f_cfg = NULL;
    /* runs.tsv's rows go to a scratch file first: the file itself is written
     * at the end, so its header can say INTERRUPTED. */
    if (status == PS_OK && ((!o->no_runs_file && !(f_rows = ps_out_scratch(sc->run.out, &err))) ||
                            !(f_cfg = ps_outset_open(&out, "scenario.cfg", &err))))
        status = err.code;
    ps_provenance prov = cli_provenance("run", sc, o, first);
    prov.runs = prov.runs_done = count;
    prov.plain_header = o->plain_header;
    runs_writer rw = {f_rows, job.model, 0};
    if (status == PS_OK) {
        ps_write_provenance(f_cfg, &prov);
        if (ps_scenario_write(sc, f_cfg) != 0)
            status = ps_error_set(&err, PS_ERR_IO, NULL, 0, NULL, "could not write scenario.cfg");
    }
    if (status == PS_OK && o->trajectory) {
        FILE *f_traj = ps_outset_open(&out, "trajectory.tsv", &err);
        status = f_traj ? write_trajectory(f_traj, &job, o, &prov, &err) : (int)err.code;
    }
    if (status == PS_OK) {
        if (!o->quiet)
            fprintf(stderr, "parksim: %s: %ld runs from run %ld, %d threads, seed %lu\n", sc->path, count,
                    first, threads, sc->run.seed);
        status = one_process ? cli_run_execute(&job, o, sc->run.out, first, count, f_rows, &acc, &done, &err)
                             : cli_execute(&job, o, first, count, f_rows ? write_run_row : NULL, &rw, f_rows != NULL, &acc, &done,
                                           &err);
        if (status == PS_ERR_IO && rw.errnum)
            ps_error_set(&err, PS_ERR_IO, sc->run.out, 0, NULL, "cannot write runs.tsv (a scratch file): %s",
                         strerror(rw.errnum));
    }
    /* An interrupt before the first run leaves nothing (done == 0). */
    bool keep = status == PS_OK || (status == PS_ERR_INTERRUPTED && done > 0);
    if (keep) {
        prov.runs_done = done;
        if (status == PS_OK && o->until_se > 0) {
            prov.runs = done;
            prov.note = cli_run_note;
        }
        int rc_tables = ps_write_result_tables(&out, &prov, job.model, acc, &err);
        FILE *f_runs = rc_tables == PS_OK && f_rows ? ps_outset_open(&out, "runs.tsv", &err) : NULL;
        if (rc_tables != PS_OK || (f_rows && !f_runs)) {
            status = err.code;
            keep = false;
        } else if (f_runs) {
            ps_write_provenance(f_runs, &prov);
            ps_write_runs_header(f_runs, job.model);
            if (o->plain_header)
                cli_write_plain_runs_header(f_runs, job.model);
            if (ps_out_append(f_runs, f_rows) != 0)
                ps_outset_note_error(&out, f_runs);
            if (status == PS_ERR_INTERRUPTED)
                fprintf(f_runs, "# INTERRUPTED after %ld of %ld runs\n", done, count);
        }
    }
    if (f_rows)
        fclose(f_rows);
    static char old_id[2048];
    cli_outdir_identity(sc->run.out, old_id, sizeof old_id);
    int commit = keep ? ps_outset_commit(&out, &err) : (int)err.code;
    if (status != PS_OK || commit != PS_OK)
        ps_outset_abort(&out);
    if (commit != PS_OK && status == PS_OK)
        status = commit;
    /* Done, or failed in a run this process started: the checkpoint goes (an
     * error leaves no file); an interrupt, or a failed --resume, keeps it. */
    if ((status == PS_OK && commit == PS_OK) || (status != PS_OK && status != PS_ERR_INTERRUPTED && !o->resume))
        cli_run_checkpoint_remove(sc->run.out);
    if ((status == PS_OK || status == PS_ERR_INTERRUPTED) && commit == PS_OK)
        cli_outdir_tidy(sc->run.out, old_id, o);
    int rc_stdout = 0;
    if (status == PS_OK && o->format)
        rc_stdout = print_tsv_line(o, &job, acc);
    if (status == PS_OK && !o->quiet)
        fprintf(stderr, "parksim: results in %s/ (summary.tsv, targets.tsv, target_years.tsv, first_year.tsv, zones.tsv, provinces.tsv, "
                        "%sscenario.cfg)\n", sc->run.out, o->no_runs_file ? "" : "runs.tsv, ");
    if (status == PS_ERR_INTERRUPTED && done == 0)
        fprintf(stderr, "parksim: interrupted before the first block of runs was done: nothing written\n");
    if (status == PS_ERR_INTERRUPTED && done > 0 && commit == PS_OK)
        fprintf(stderr, "parksim: interrupted: files in %s/ cover the first %ld of %ld runs and say so\n",
                sc->run.out, done, count);
    if (status == PS_ERR_INTERRUPTED && one_process)
        fprintf(stderr, "parksim: to continue: the same command with --resume\n");
    rc = status == PS_OK ? rc_stdout : cli_report(&err);
    ps_accum_free(acc);
    cli_job_close(&job);
    return rc;
}
