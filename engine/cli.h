/* cli.h — pieces shared by the parksim subcommands (engine/cli_*.c).
 * Internal to the command line: the library (everything else in engine/)
 * never prints; these files do, and choose exit codes. */
#ifndef PARKSIM_CLI_H
#define PARKSIM_CLI_H

#include <signal.h>
#include <stdbool.h>

#include "parksim/accum.h"
#include "parksim/baseline.h"
#include "parksim/job.h"
#include "parksim/mc.h"
#include "parksim/output.h"
#include "parksim/model.h"
#include "parksim/scenario.h"

/* Exit codes beyond the per-status ones of error.h. */
enum { CLI_EXIT_USAGE = 2 };

#define CLI_MAX_SETS 256
#define CLI_MAX_VARY 4
#define CLI_MAX_SCENARIOS 64

typedef struct cli_options {
    const char *command;
    const char *scenarios[CLI_MAX_SCENARIOS];
    int n_scenarios;
    const char *sets[CLI_MAX_SETS]; /* "key=value", --set and the shorthands */
    int n_sets;
    char set_storage[CLI_MAX_SETS][1100];
    const char *vary[CLI_MAX_VARY];
    int n_vary;
    long first_run;
    bool first_run_given;
    int threads;
    bool trajectory, quiet, header;
    const char *format; /* NULL or "tsv" */
    const char *shard;  /* "I/N" or NULL */
    const char *out;    /* --out as given, or NULL */
    bool mpi;           /* set by the MPI driver */
} cli_options;

/* A scenario with its data and model, ready to run (parksim/job.h). */
typedef ps_job cli_job;

/* Set while the process should stop (SIGINT/SIGTERM). */
extern volatile sig_atomic_t cli_stop_requested;
void cli_install_signal_handlers(void);

/* Parse argv after the subcommand. Returns 0, or prints a usage error and
 * returns CLI_EXIT_USAGE. */
int cli_parse(int argc, char **argv, cli_options *o);

/* Print "parksim: <formatted error>" to stderr; returns its exit code. */
int cli_report(const ps_error *err);
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Load scenario path with the option's overrides (+ extra ones), its data
 * and model. Prints the error and returns an exit code on failure. */
int cli_job_open(cli_job *job, const char *path, const cli_options *o, const char *const *extra, int n_extra);
void cli_job_close(cli_job *job);

/* Provenance of a command's output files for scenario sc, runs
 * [first, first + sc->run.runs), with this process's threads and ranks. */
ps_provenance cli_provenance(const char *command, const ps_scenario *sc, const cli_options *o, long first);

/* Whether progress goes to stderr. */
bool cli_show_progress(const cli_options *o);
/* Progress line on stderr; ctx points to the start time (cli_now()). */
void cli_progress(void *ctx, long done, long total);
double cli_now(void); /* monotonic seconds */

/* Run [first, first + count) of job into the accumulator *acc, passing
 * every run in order to sink (may be NULL). *acc must be NULL (a new
 * accumulator is allocated) or a fresh one allocated for job->model, e.g.
 * with a block observer (shards). Progress per options. Returns a
 * ps_status; on PS_ERR_INTERRUPTED *acc holds the runs done (*done).
 * Under mpirun with more than one rank the runs are spread over the ranks
 * (cli_mpi_execute) with identical results. */
int cli_execute(const cli_job *job, const cli_options *o, long first, long count, ps_run_sink sink,
                void *sink_ctx, ps_accum **acc, long *done, ps_error *err);

/* MPI (engine/mpi_driver.c, built with -DPARKSIM_MPI=ON). Rank 0 runs the
 * command and is the only one that reads options, prints or writes files;
 * the other ranks only compute the chunks cli_execute hands them. */
#ifdef PARKSIM_HAVE_MPI
int cli_ranks(void);        /* MPI ranks (1 when not under mpirun) */
bool cli_is_writer(void);   /* true on rank 0 */
/* cli_execute over all ranks; call on rank 0 only (it drives the others). */
int cli_mpi_execute(const cli_job *job, const cli_options *o, long first, long count, ps_run_sink sink,
                    void *sink_ctx, ps_accum **acc, long *done, ps_error *err);
/* MPI_Init_thread, command(argc, argv) on rank 0 while the others serve,
 * MPI_Finalize. Returns rank 0's exit code (0 on the other ranks). */
int cli_mpi_main(int argc, char **argv, int (*command)(int argc, char **argv));
#else
static inline int cli_ranks(void) { return 1; }
static inline bool cli_is_writer(void) { return true; }
#endif

/* Shards (engine/cli_shard.c). `run --shard I/N`: compute shard I's share
 * of the runs into OUT/shard-I-of-N/ (runs.tsv rows, scenario.cfg and
 * shard.partial: block moments and exact counts). */
int cli_shard_run(const cli_options *o);

int cli_run(const cli_options *o);
int cli_config(const cli_options *o);
int cli_check(const cli_options *o);
int cli_bench(const cli_options *o);
int cli_compare(const cli_options *o);
int cli_sweep(const cli_options *o);
int cli_merge(const cli_options *o);

#endif
