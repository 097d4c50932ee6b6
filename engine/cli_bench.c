/* cli_bench.c — `parksim bench`: speed of the simulation against the cost of
 * its random numbers alone, on one thread and on all cores, against the
 * previous release's figure; first, the samplers' goodness-of-fit self-check
 * (fastran_check.h). Prints figures; asserts nothing about speed (speed is
 * measured here, never in tests). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parksim/fastran_check.h"

#include "cli.h"

/* The previous release's CPU time per run on one core (README, "Speed":
 * parksim 0.3.0, `/usr/bin/time taskset -c 0 parksim run SCENARIO --runs 3000
 * -t 1 -q --no-runs-file`, whole process), by scenario file name. */
static const struct {
    const char *file;
    double us_per_run;
} PREVIOUS[] = {{"plan_fixed.cfg", 583}, {"plan.cfg", 587}};
#define PREVIOUS_VERSION "0.3.0"

static double previous_figure(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (size_t i = 0; i < sizeof PREVIOUS / sizeof PREVIOUS[0]; i++)
        if (strcmp(base, PREVIOUS[i].file) == 0)
            return PREVIOUS[i].us_per_run;
    return 0;
}

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Prints the self-check; returns the number of failed checks. */
static int self_check(void)
{
    ps_fr_check c[PS_FR_CHECK_COUNT];
    int failed = ps_fr_check_run(c);
    printf("# sampler self-check: chi-square of %d draws each against GSL's distribution functions "
           "(fails below p = %g)\n",
           PS_FR_CHECK_DRAWS, PS_FR_CHECK_REJECT_P);
    for (int i = 0; i < PS_FR_CHECK_COUNT; i++)
        printf("  %-36s %3d bins  chi2 %8.2f  p %.3g  %s\n", c[i].name, c[i].bins, c[i].chi2, c[i].p,
               c[i].p < PS_FR_CHECK_REJECT_P ? "FAILED" : "ok");
    return failed;
}

static double time_draws(const cli_job *job, long runs, double *checksum, double *cpu)
{
    ps_workspace *ws = ps_workspace_alloc(job->model);
    if (!ws)
        return -1;
    double start = cli_now(), cpu_start = cpu_now(), sum = 0;
    for (long r = 0; r < runs; r++)
        sum += ps_model_draws_only(job->model, ws, r);
    double elapsed = cli_now() - start;
    *cpu = cpu_now() - cpu_start;
    ps_workspace_free(ws);
    *checksum = sum;
    return elapsed;
}

static double time_runs(const cli_job *job, long runs, int threads, double *cpu)
{
    ps_accum *acc = ps_accum_alloc(job->model);
    if (!acc)
        return -1;
    ps_mc_options mo = {.first_run = 0, .runs = runs, .threads = threads};
    long done;
    ps_error err;
    double start = cli_now(), cpu_start = cpu_now();
    int status = ps_mc_execute(job->model, &mo, acc, &done, &err);
    ps_accum_finish(acc);
    double elapsed = cli_now() - start;
    *cpu = cpu_now() - cpu_start;
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
    int failed = self_check();
    double checksum, cpu_draws, cpu_one, cpu_all;
    double t_draws = time_draws(&job, runs, &checksum, &cpu_draws);
    double t_one = time_runs(&job, runs, 1, &cpu_one);
    double t_all = time_runs(&job, runs, cores, &cpu_all);
    if (t_draws < 0 || t_one < 0 || t_all < 0) {
        cli_job_close(&job);
        fputs("parksim: bench: out of memory\n", stderr);
        return 6;
    }
    printf("# parksim %s bench: %s, %ld runs x %d zones x %d years = %.0f zone-years\n", PARKSIM_VERSION, path, runs,
           ps_model_zone_count(job.model), ps_model_years(job.model) - 1, zone_years);
    printf("# one thread: CPU time of the process (other processes on the core do not count); all cores: wall "
           "clock\n");
    printf("random draws alone, 1 thread   %8.3f s  %12.0f zone-years/s  %8.1f us/run  (checksum %.6g)\n",
           cpu_draws, zone_years / cpu_draws, 1e6 * cpu_draws / (double)runs, checksum);
    printf("simulation, 1 thread           %8.3f s  %12.0f zone-years/s  %8.1f us/run  draws %.0f %%, "
           "arithmetic %.0f %%\n",
           cpu_one, zone_years / cpu_one, 1e6 * cpu_one / (double)runs, 100 * cpu_draws / cpu_one,
           100 - 100 * cpu_draws / cpu_one);
    printf("simulation, %d threads          %8.3f s  %12.0f zone-years/s  %8.1f us/run  speed-up %.2fx (wall)\n",
           cores, t_all, zone_years / t_all, 1e6 * t_all / (double)runs, t_one / t_all);
    double previous = previous_figure(path), us_cpu = 1e6 * cpu_one / (double)runs;
    if (previous > 0)
        printf("parksim %s, 1 thread (CPU)                                  %8.1f us/run  this one %.2fx as fast\n",
               PREVIOUS_VERSION, previous, previous / us_cpu);
    else
        printf("parksim %s, 1 thread (CPU)     no figure for this scenario\n", PREVIOUS_VERSION);
    cli_job_close(&job);
    if (failed) {
        fprintf(stderr, "parksim: bench: %d sampler self-check(s) failed\n", failed);
        return cli_exit_code(PS_ERR_NUMERIC); /* a sampler off its law: numbers not to be trusted */
    }
    return 0;
}
