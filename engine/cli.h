/* cli.h — pieces shared by the parksim subcommands (engine/cli_*.c).
 * Internal to the command line: the library (everything else in engine/)
 * never prints; these files do, and choose exit codes. */
#ifndef PARKSIM_CLI_H
#define PARKSIM_CLI_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "parksim/accum.h"
#include "parksim/baseline.h"
#include "parksim/job.h"
#include "parksim/mc.h"
#include "parksim/output.h"
#include "parksim/model.h"
#include "parksim/scenario.h"

#include "cli_options.h"

/* Exit status of a usage error (exit statuses: cli_exit.c). */
enum { CLI_EXIT_USAGE = 2 };

/* Exit status for a library status: the command line's own table. */
int cli_exit_code(ps_status code);

/* A scenario with its data and model, ready to run (parksim/job.h). */
typedef ps_job cli_job;

/* Set while the process should stop (SIGINT/SIGTERM). */
extern volatile sig_atomic_t cli_stop_requested;
void cli_install_signal_handlers(void);

/* Print "parksim: <formatted error>" to stderr; returns its exit code. */
int cli_report(const ps_error *err);
/* Print "parksim: <message>" and the --help hint to stderr; returns
 * CLI_EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Flush stdout; on a write error (full disk, closed pipe) report it and
 * return the i/o exit status, else 0. */
int cli_flush_stdout(void);
/* Read s as exactly n finite numbers separated by ':' ("LO:HI",
 * "FROM:TO:STEP") into v; false if anything else is there. */
bool cli_parse_colon_numbers(const char *s, double *v, int n);

/* The overrides of a command line, in the order they apply. */
#define CLI_MAX_OVERRIDES (CLI_MAX_SETS + 16)
typedef struct cli_override_list {
    ps_override items[CLI_MAX_OVERRIDES];
    int n;
} cli_override_list;
/* Fill list from o and the command's extra overrides (which win). -1 if
 * there are too many. The strings are o's and extra's, not copied. */
int cli_overrides(const cli_options *o, const ps_override *extra, int n_extra, cli_override_list *list);

/* Load scenario path with the option's overrides (+ extra ones), its data
 * and model. Prints the error and returns an exit code on failure. */
int cli_job_open(cli_job *job, const char *path, const cli_options *o, const ps_override *extra, int n_extra);
void cli_job_close(cli_job *job);

/* End a batch command (compare, sweep): commit its output set if rc (an
 * exit code already reported) is 0 and status (a ps_status still to report)
 * is PS_OK, else discard it. Returns the command's exit code. */
int cli_finish_batch(const cli_options *o, int rc, int status, ps_outset *out, ps_error *err, const char *name);

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
 * with a block observer (shards); rows: the sink writes runs.tsv rows
 * (ps_write_run_row), formatted on the threads. Progress per options. Returns a
 * ps_status; on PS_ERR_INTERRUPTED *acc holds the runs done (*done).
 * Under mpirun with more than one rank the runs are spread over the ranks
 * (cli_mpi_execute) with identical results. */
int cli_execute(const cli_job *job, const cli_options *o, long first, long count, ps_run_sink sink,
                void *sink_ctx, bool rows, ps_accum **acc, long *done, ps_error *err);

/* MPI (engine/mpi_driver.c, built with -DPARKSIM_MPI=ON). Rank 0 runs the
 * command and is the only one that reads options, prints or writes files;
 * the other ranks only compute the chunks cli_execute hands them. */
#ifdef PARKSIM_HAVE_MPI
int cli_ranks(void);        /* MPI ranks (1 when not under mpirun) */
bool cli_is_writer(void);   /* true on rank 0 */
/* cli_execute over all ranks; call on rank 0 only (it drives the others). */
int cli_mpi_execute(const cli_job *job, const cli_options *o, long first, long count, ps_run_sink sink,
                    void *sink_ctx, bool rows, ps_accum **acc, long *done, ps_error *err);
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

/* `run` on one process (engine/cli_longrun.c): runs [first, first + count)
 * into a new *acc with a checkpoint in dir/.checkpoint/ every few blocks,
 * --resume and --until-se; the per-run rows are appended to f_runs (NULL:
 * --no-runs-file) when the runs end. Returns a ps_status like cli_execute;
 * *done is the runs in *acc (with --until-se, fewer than count on PS_OK). */
int cli_run_execute(const cli_job *job, const cli_options *o, const char *dir, long first, long count, FILE *f_runs,
                    ps_accum **acc, long *done, ps_error *err);
/* Runs a `run` asks for: run.runs, or with --until-se and no --runs the cap
 * CLI_UNTIL_SE_MAX_RUNS. */
#define CLI_UNTIL_SE_MAX_RUNS 1000000L
long cli_run_count(const cli_options *o, const ps_scenario *sc);
/* Largest standard error sqrt(p(1-p)/n) of the target probabilities of acc
 * ("all" included); infinity with no runs. */
double cli_max_target_se(const ps_accum *acc, int n_targets);
/* The provenance note of the last cli_run_execute with --until-se, or NULL. */
extern const char *cli_run_note;
/* --plain-header for runs.tsv: the column names without '#'. */
void cli_write_plain_runs_header(FILE *f, const ps_model *m);
/* Never a mixed directory (engine/cli_outdir.c): the identity of the result
 * set in dir (lines of its targets.tsv header; "" if none), read before a
 * commit; after it, cli_outdir_tidy removes what belonged to another run
 * (pictures, trajectory.tsv, runs.tsv with --no-runs-file) and says so. */
void cli_outdir_identity(const char *dir, char *id, size_t n);
void cli_outdir_tidy(const char *dir, const char *old_id, const cli_options *o);
/* Remove dir/.checkpoint/ (once the result set is committed). */
void cli_run_checkpoint_remove(const char *dir);

int cli_run(const cli_options *o);
int cli_list(const cli_options *o);
int cli_report_command(const cli_options *o);
/* The scenario library: PREFIX/share/parksim/scenarios next to an installed
 * parksim, else the source tree's scenarios/. */
const char *cli_scenario_library(void);
int cli_config(const cli_options *o);
int cli_check(const cli_options *o);
int cli_bench(const cli_options *o);
int cli_compare(const cli_options *o);
int cli_sweep(const cli_options *o);
int cli_sensitivity(const cli_options *o);
int cli_merge(const cli_options *o);
int cli_hindcast(const cli_options *o);
int cli_calibrate(const cli_options *o);
int cli_discover(const cli_options *o);
int cli_solve(const cli_options *o);

#endif
