/* cli_options.h — the options of the parksim command line, parsed into typed
 * values. Internal to the command line (engine/cli_*.c, main.c).
 *
 * Parsing never prints: it returns a cli_parse_status and, on an error, the
 * one-line message (without "parksim: ") in the caller's buffer. main.c
 * decides what to print and which exit status to use.
 */
#ifndef PARKSIM_CLI_OPTIONS_H
#define PARKSIM_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#define CLI_MAX_SETS 256
#define CLI_MAX_VARY 16 /* sweep: a grid takes at most CLI_MAX_GRID_AXES of them, a design more */
#define CLI_MAX_GRID_AXES 4
#define CLI_MAX_VARY_SENS 96  /* sensitivity --vary KEY=LO:HI (one per uncertain setting) */
#define CLI_MAX_METRIC_SPECS 32
#define CLI_MAX_SCENARIOS 64

/* Options a command accepts (cli_command.options): a bit per option. The
 * options every command takes (--set, --quiet, --help) have no bit. */
enum {
    CLI_OPT_RUNS = 1u << 0,       /* -n, --runs */
    CLI_OPT_SEED = 1u << 1,       /* -s, --seed */
    CLI_OPT_OUT = 1u << 2,        /* -o, --out */
    CLI_OPT_THREADS = 1u << 3,    /* -t, --threads */
    CLI_OPT_FIRST_RUN = 1u << 4,  /* --first-run */
    CLI_OPT_VARY = 1u << 5,       /* --vary */
    CLI_OPT_SHARD = 1u << 6,      /* --shard */
    CLI_OPT_TRAJECTORY = 1u << 7, /* --trajectory */
    CLI_OPT_FORMAT = 1u << 8,     /* --format, --header */
    CLI_OPT_HISTORY = 1u << 9,    /* --history (hindcast) */
    CLI_OPT_LONG = 1u << 12,      /* --resume, --until-se, --no-runs-file */
    CLI_OPT_PLAIN = 1u << 13,     /* --plain-header */
    CLI_OPT_REPORT = 1u << 14,    /* --lang, --report-format (report) */
    CLI_OPT_CALIBRATE = 1u << 15, /* --draws, --accept, --adjust (calibrate) */
    CLI_OPT_SENS = 1u << 20,      /* --method, --n, --trajectories, --levels, --metric, --target, --from, --bins */
    CLI_OPT_DESIGN = 1u << 21,    /* --design, --design-file, --keep-runs, --quantiles (sweep) */
};

/* Typed values of the options. A scenario setting given by its own option
 * (--runs, --seed, --out) is kept typed and handed to the scenario loader as
 * a typed override (cli_job_open), never re-encoded as libconfig text. */
typedef struct cli_options {
    const char *command;
    const char *scenarios[CLI_MAX_SCENARIOS]; /* positional arguments */
    int n_scenarios;
    const char *sets[CLI_MAX_SETS];           /* --set KEY=VALUE, as given */
    int n_sets;
    const char *vary[CLI_MAX_VARY_SENS];      /* --vary KEY=FROM:TO:STEP (design, sensitivity: KEY=LO:HI), as given */
    int n_vary;
    bool runs_given, seed_given;
    long long runs;                           /* --runs: range-checked by the scenario (run.runs) */
    long long seed;                           /* --seed: range-checked by the scenario (run.seed) */
    const char *out;                          /* --out, or NULL */
    long first_run;                           /* --first-run, 0 by default */
    bool first_run_given;
    int threads;                              /* --threads; 0: all cores */
    bool trajectory, quiet, header;
    const char *trajectory_runs;              /* --trajectory LIST as given; NULL: the first run */
    const char *format;                       /* NULL or "tsv" */
    const char *shard;                        /* --shard "I/N" as given, or NULL */
    int shard_index, shard_count;             /* I and N of --shard: 0 <= I < N <= CLI_MAX_SHARDS */
    bool mpi;                                 /* set by the MPI driver */
    const char *history;                      /* --history FILE, or NULL */
    bool resume;                              /* --resume: continue from OUT/.checkpoint */
    bool no_runs_file;                        /* --no-runs-file: no runs.tsv */
    double until_se;                          /* --until-se X; 0: not given */
    bool plain_header;                        /* --plain-header: column names as a plain line too */
    const char *lang;                         /* report --lang: "en" (default) or "zh" */
    const char *report_format;                /* report --format: "md" (default) or "csv" */
    long draws;                               /* calibrate --draws N; 0: not given */
    double accept;                            /* calibrate --accept Q; 0: not given */
    bool adjust;                              /* calibrate --adjust */
    char design;                              /* sweep --design: 0 grid, 'r' random:N, 'l' lhs:N */
    long design_points;                       /* N of --design random:N / lhs:N */
    const char *design_file;                  /* sweep --design-file FILE, or NULL */
    bool keep_runs;                           /* sweep --keep-runs: sweep_runs.tsv */
    const char *quantiles;                    /* sweep --quantiles METRIC[@YEAR][,...], as given */
    const char *method;                       /* sensitivity --method; NULL: sobol */
    long sens_n;                              /* sensitivity --n (base sample); 0: not given */
    int trajectories, levels;                 /* sensitivity --trajectories, --levels; 0: not given */
    const char *metrics[CLI_MAX_METRIC_SPECS]; /* sensitivity --metric NAME@YEAR, as given */
    int n_metrics;
    const char *targets[CLI_MAX_METRIC_SPECS]; /* sensitivity --target NAME (comma lists split later) */
    int n_targets;
    const char *from;                         /* sensitivity --from DIR */
    int bins;                                 /* sensitivity --bins; 0: not given */
} cli_options;

typedef enum cli_parse_status {
    CLI_PARSE_OK,    /* *o filled */
    CLI_PARSE_HELP,  /* --help given: print the command's help, exit 0 */
    CLI_PARSE_ERROR, /* usage error: message in msg, exit 2 */
} cli_parse_status;

/* Largest --first-run: run indices must stay far from the range of long
 * (first run + runs, block arithmetic) and exact as doubles in outputs. */
#define CLI_MAX_FIRST_RUN 1000000000000000L /* 1e15 */

/* Most runs --trajectory LIST may name (each writes zones x years rows). */
#define CLI_MAX_TRAJECTORY_RUNS 1000

/* Parse a run list "0,5,10-19" (run indices, each item above the last, at
 * most max runs in all, indices up to CLI_MAX_FIRST_RUN) into runs[] and *n
 * (runs may be NULL to only check). On a bad list returns false and puts
 * into msg what is wrong and where (1-based character). */
bool cli_parse_run_list(const char *s, long *runs, int max, int *n, char *msg, size_t msg_size);
#define CLI_MAX_THREADS 1024
#define CLI_MAX_SHARDS 1000000 /* = PS_SHARD_MAX (parksim/shard.h) */

/* Parse argv[1..argc) (argv[0] is the command name) for a command that
 * accepts the options in `accepted` (CLI_OPT_* bits). Fills *o (which must
 * be zeroed by the caller). Thread-unsafe (getopt). */
cli_parse_status cli_parse(int argc, char **argv, unsigned accepted, cli_options *o, char *msg, size_t n);

#endif
