/* cli_bench.c — `parksim bench`: speed of the simulation against the cost of
 * its random numbers alone, on one thread and on all cores. Prints figures;
 * asserts nothing (speed is measured here, never in tests). */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static double time_draws(const cli_job *job, long runs, double *checksum)
{
    ps_workspace *ws = ps_workspace_alloc(job->model);
    if (!ws)
        return -1;
    double start = cli_now(), sum = 0;
    for (long r = 0; r < runs; r++)
        sum += ps_model_draws_only(job->model, ws, r);
    double elapsed = cli_now() - start;
    ps_workspace_free(ws);
    *checksum = sum;
    return elapsed;
}

static double time_runs(const cli_job *job, long runs, int threads)
{
    ps_accum *acc = ps_accum_alloc(job->model);
    if (!acc)
        return -1;
    ps_mc_options mo = {.first_run = 0, .runs = runs, .threads = threads};
    long done;
    ps_error err;
    double start = cli_now();
    int status = ps_mc_execute(job->model, &mo, acc, &done, &err);
    ps_accum_finish(acc);
    double elapsed = cli_now() - start;
    ps_accum_free(acc);
    return status == PS_OK ? elapsed : -1;
}

int cli_bench(const cli_options *o)
{
    const char *path = o->n_scenarios ? o->scenarios[0] : "scenarios/plan.cfg";
    const ps_override extra[] = {{"run.runs", 'i', {.integer = 2000}, "bench"}};
    cli_job job;
    int rc = cli_job_open(&job, path, o, o->n_sets || o->runs_given ? NULL : extra, o->n_sets || o->runs_given ? 0 : 1);
    if (rc)
        return rc;
    long runs = job.sc.run.runs;
    int cores = ps_mc_threads(o->threads);
    double zone_years = (double)runs * ps_model_zone_count(job.model) * (ps_model_years(job.model) - 1);
    double checksum;
    double t_draws = time_draws(&job, runs, &checksum);
    double t_one = time_runs(&job, runs, 1);
    double t_all = time_runs(&job, runs, cores);
    if (t_draws < 0 || t_one < 0 || t_all < 0) {
        cli_job_close(&job);
        fputs("parksim: bench: out of memory\n", stderr);
        return 6;
    }
    printf("# parksim %s bench: %s, %ld runs x %d zones x %d years = %.0f zone-years (wall-clock times)\n",
           PARKSIM_VERSION, path, runs, ps_model_zone_count(job.model), ps_model_years(job.model) - 1, zone_years);
    printf("random draws alone, 1 thread   %8.3f s  %12.0f zone-years/s  %8.1f us/run  (checksum %.6g)\n",
           t_draws, zone_years / t_draws, 1e6 * t_draws / (double)runs, checksum);
    printf("simulation, 1 thread           %8.3f s  %12.0f zone-years/s  %8.1f us/run  draws %.0f %% of it\n",
           t_one, zone_years / t_one, 1e6 * t_one / (double)runs, 100 * t_draws / t_one);
    printf("simulation, %d threads          %8.3f s  %12.0f zone-years/s  %8.1f us/run  speed-up %.2fx\n", cores,
           t_all, zone_years / t_all, 1e6 * t_all / (double)runs, t_one / t_all);
    cli_job_close(&job);
    return 0;
}
