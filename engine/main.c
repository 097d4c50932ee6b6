/* main.c — the parksim command: the table of commands, their help, and
 * dispatch. Everything a command does is in its own engine/cli_<name>.c. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cli.h"

typedef struct cli_command {
    const char *name;
    const char *synopsis; /* after "parksim " */
    const char *summary;  /* one line, for the command list */
    const char *details;  /* paragraph printed by COMMAND --help */
    unsigned options;     /* CLI_OPT_* the command accepts */
    int (*fn)(const cli_options *o);
} cli_command;

enum { RUN_OPTIONS = CLI_OPT_RUNS | CLI_OPT_SEED | CLI_OPT_OUT | CLI_OPT_THREADS | CLI_OPT_FIRST_RUN };

static const cli_command commands[] = {
    {"run", "run SCENARIO", "run the Monte Carlo and write results to the output directory",
     "Runs run.runs futures of SCENARIO and writes summary.tsv, targets.tsv, target_years.tsv,\n"
     "first_year.tsv, runs.tsv and scenario.cfg to the output directory (run.out or --out).\n"
     "With --shard I/N only shard I's share of the runs is computed, into OUT/shard-I-of-N/.\n"
     "A checkpoint is kept in OUT/.checkpoint/ every 8 blocks of 1024 runs and when stopped\n"
     "(Ctrl-C, kill); the same command with --resume continues from it and writes the data\n"
     "an uninterrupted run writes. Results replace any other run's set in OUT, pictures\n"
     "(OUT/plots/) included.\n",
     RUN_OPTIONS | CLI_OPT_SHARD | CLI_OPT_TRAJECTORY | CLI_OPT_FORMAT | CLI_OPT_LONG | CLI_OPT_PLAIN, cli_run},
    {"compare", "compare A B ...", "run several scenarios with the same seed; compare.tsv",
     "Runs every scenario on the same runs (common random numbers) and writes compare.tsv:\n"
     "P(target) of each, and the paired difference from the first with its 95 % interval;\n"
     "and compare_metrics.tsv: the mean of every metric in the first scenario's horizon year,\n"
     "and the mean paired difference from the first scenario with its 95 % interval.\n"
     "Default output directory: results/compare.\n",
     RUN_OPTIONS, cli_compare},
    {"sweep", "sweep SCENARIO --vary KEY=FROM:TO:STEP ...", "run a grid or a design of settings; sweep.tsv",
     "Runs SCENARIO at every point of a grid of up to 4 settings, all points on the same\n"
     "runs, and writes sweep.tsv: P(target) with its 95 % interval at each point.\n"
     "Designs instead of a grid: --design random:N or lhs:N (Latin hypercube) over ranges\n"
     "--vary KEY=LO:HI (up to 16), or --design-file FILE (a TSV: a header of setting paths,\n"
     "one line per point, '#' comments; e.g. from SALib or EMA). --quantiles adds the mean,\n"
     "p05, p50 and p95 of metrics at each point; --keep-runs writes sweep_runs.tsv (every\n"
     "run of every point: the point, then runs.tsv's columns).\n"
     "Default output directory: results/sweep.\n",
     RUN_OPTIONS | CLI_OPT_VARY | CLI_OPT_DESIGN, cli_sweep},
    {"sensitivity", "sensitivity SCENARIO", "which uncertain settings matter: Sobol, Morris, tornado",
     "Varies the uncertain settings of SCENARIO (or the ranges given with --vary KEY=LO:HI, uniform)\n"
     "and measures how much each moves every target's probability (its indicator 'met') and\n"
     "the metrics chosen with --metric NAME@YEAR. Correlated settings, and settings taken\n"
     "from one samples file, move together as one group (named a+b+...). The run shocks\n"
     "are one more input, 'shocks'. The cost is printed before running.\n"
     "  --method sobol    first-order (S1) and total (ST) Sobol indices with 95 % bootstrap\n"
     "                    intervals; N x (groups + 3) runs (default)\n"
     "  --method morris   elementary effects mu, mu*, sigma; trajectories x (groups + 1) x M runs\n"
     "  --method tornado  P(target) with each group at its 5 % and 95 % quantile, the rest at\n"
     "                    the median; (2 x groups + 1) x M runs\n"
     "  --method given    first-order indices from --from DIR/runs.tsv (an ordinary run): no runs\n"
     "Every point of morris and tornado uses the same M runs (common random numbers).\n"
     "Writes sensitivity.tsv (method, setting, output, index, value, ci_low, ci_high);\n"
     "pictures: plots/render.sh DIR. Default output directory: results/sensitivity.\n",
     CLI_OPT_RUNS | CLI_OPT_SEED | CLI_OPT_OUT | CLI_OPT_THREADS | CLI_OPT_FIRST_RUN | CLI_OPT_VARY | CLI_OPT_SENS,
     cli_sensitivity},
    {"merge", "merge DIR...", "combine a complete set of shard directories",
     "Checks that DIR... are all the shards of one run (same scenario, seed and shard count,\n"
     "none missing or overlapping) and writes the files that one 'run' writes, with the\n"
     "same data lines, to --out (default: the scenario's run.out).\n",
     CLI_OPT_OUT, cli_merge},
    {"config", "config SCENARIO", "print the fully resolved scenario (a valid scenario file)",
     "Prints SCENARIO with its extends chain and overrides resolved: a scenario file that\n"
     "loads to the same settings.\n",
     CLI_OPT_RUNS | CLI_OPT_SEED | CLI_OPT_OUT, cli_config},
    {"check", "check SCENARIO...", "report every problem in scenarios and their data",
     "Reports every problem of each SCENARIO (file:line: setting: message), then checks its\n"
     "data file and the combination; prints 'SCENARIO: ok' for a clean one.\n",
     CLI_OPT_RUNS | CLI_OPT_SEED | CLI_OPT_OUT, cli_check},
    {"bench", "bench [SCENARIO]", "measure speed (zone-years per second)",
     "Runs the samplers' goodness-of-fit self-check (exit 7 if a check fails), then times\n"
     "the random draws alone and the simulation on one thread (CPU time) and on --threads\n"
     "(default: all cores; wall clock), for run.runs runs (2000 unless --runs or --set is\n"
     "given), against parksim 0.3.0's figure for plan.cfg and plan_fixed.cfg.\n",
     CLI_OPT_RUNS | CLI_OPT_SEED | CLI_OPT_THREADS, cli_bench},
    {"hindcast", "hindcast SCENARIO --history FILE", "score a projection against published figures",
     "Runs SCENARIO from its base year and scores it against every figure in FILE after\n"
     "the base year and up to the horizon: bands, PIT, CRPS and interval scores, and the\n"
     "same for a naive random walk with drift; writes hindcast.tsv and summary.tsv.\n"
     "FILE: the wide history file (scenarios/data/history-2009-2015.tsv) or lines\n"
     "'metric year value'. Backtest: scenarios/hindcast_2013.cfg (README, Backtest).\n",
     RUN_OPTIONS | CLI_OPT_HISTORY, cli_hindcast},
    {"calibrate", "calibrate SCENARIO --history FILE", "fit uncertain settings to published figures (ABC)",
     "Approximate Bayesian computation: each run of SCENARIO draws its uncertain settings\n"
     "from their priors and runs from the base year; the draws whose simulated figures\n"
     "lie closest to FILE's published ones after the base year (and never after 2015),\n"
     "each scaled by its median absolute deviation, are kept. --draws N prior draws\n"
     "(default 20000), --accept Q fraction kept (default 0.01), --adjust local-linear\n"
     "regression adjustment. Writes posterior.tsv (a samples file), prior.tsv and\n"
     "calibrate.tsv. Example: scenarios/calibrate_2013.cfg (README, Calibration).\n",
     RUN_OPTIONS | CLI_OPT_HISTORY | CLI_OPT_CALIBRATE, cli_calibrate},
    {"discover", "discover DIR --target NAME[,NAME...]", "which uncertain settings make targets met (PRIM)",
     "PRIM scenario discovery (Friedman & Fisher 1999) on DIR/runs.tsv: the inputs are the\n"
     "uncertain settings each run drew, the outcome 'every named target met'. Peels alpha of\n"
     "the runs per step (default 0.05) down to --min-mass (0.05), pastes the chosen box\n"
     "(default: the earliest box within 2 standard errors of the highest density with\n"
     "coverage >= 0.5; --box K picks box K of the trajectory), gives each restriction's\n"
     "quasi-p value and how often it recurs in --resamples random halves of the runs\n"
     "(default 50). Prints the box; writes discover.tsv to DIR (or --out).\n",
     CLI_OPT_OUT | CLI_OPT_TARGET | CLI_OPT_DISCOVER, cli_discover},
    {"solve", "solve SCENARIO --lever KEY=LO:HI --target NAME --p P", "the lever value giving P(target) >= P",
     "Bisection on common random numbers (every evaluation on the same runs): the smallest\n"
     "KEY in [LO, HI] at which P(target) >= P, or the largest when P falls with KEY. Each\n"
     "evaluation decides above/below P only when the 95 % Wilson interval excludes P, else\n"
     "doubles its runs (from --runs, default 1000, up to --max-runs, default 16 x --runs).\n"
     "Stops when the bracket is narrower than --tol (default (HI-LO)/100; 1 for an integer\n"
     "setting). Where P cannot be told from P even with --max-runs, both sides of that stretch\n"
     "are narrowed and the answer is an interval. Exit 0 with an answer; exit 9 when there is\n"
     "no crossing in [LO, HI], P is not monotone in KEY, or P is within Monte Carlo error of\n"
     "P at an end. An uncertain KEY is fixed at each value tried. Writes solve.tsv to --out\n"
     "(default results/solve).\n",
     RUN_OPTIONS | CLI_OPT_TARGET | CLI_OPT_SOLVE, cli_solve},
    {"list", "list settings|metrics|targets [SCENARIO]", "list the settings, metrics or targets, with units",
     "settings: every setting with its type, allowed range, unit, the source of plan.cfg's\n"
     "default ([published], [calibrated], [assumption]) and its value in SCENARIO; metrics:\n"
     "every metric with its unit; targets: every target of SCENARIO. SCENARIO defaults to\n"
     "plan.cfg of the scenario library. TSV with a header line.\n",
     0, cli_list},
    {"report", "report DIR", "the key tables of a result directory, ready to paste",
     "Prints the targets (P(met) with its 95 % interval, in percent), the horizon-year\n"
     "quantiles of the headline metrics and the scenario's changes from plan.cfg, rounded for\n"
     "reading, as Markdown (with DIR/plots/ pictures when drawn) or CSV, in English or Chinese.\n"
     "The result files themselves keep their round-trip digits.\n",
     CLI_OPT_FORMAT | CLI_OPT_REPORT, cli_report_command},
};
enum { N_COMMANDS = sizeof commands / sizeof commands[0] };

/* One line per option: the bit that enables it (0: every command) and text. */
static const struct {
    unsigned bit;
    const char *text;
} option_help[] = {
    {CLI_OPT_RUNS, "  -n, --runs N          number of runs (default: run.runs)\n"},
    {CLI_OPT_SEED, "  -s, --seed S          scenario seed (default: run.seed)\n"},
    {CLI_OPT_OUT, "  -o, --out DIR         output directory (default: run.out)\n"},
    {CLI_OPT_THREADS, "  -t, --threads T       OpenMP threads, 1 to 1024 (default: all cores)\n"},
    {CLI_OPT_FIRST_RUN, "      --first-run K     first run index (run k alone: --first-run k --runs 1)\n"},
    {0, "      --set KEY=VALUE   override a setting, typed like the file (repeatable)\n"},
    {CLI_OPT_VARY, "      --vary KEY=FROM:TO:STEP  sweep axis (repeatable, at most 4)\n"},
    {CLI_OPT_DESIGN, "      --design random:N|lhs:N  N random or Latin-hypercube points over the ranges\n"
                     "                        --vary KEY=LO:HI (repeatable, at most 16; seeded by run.seed)\n"
                     "      --design-file FILE  the points of FILE (header: setting paths; one line a point)\n"
                     "      --quantiles METRIC[@YEAR][,...]  mean, p05, p50, p95 of metrics (default year:\n"
                     "                        the horizon) as columns of sweep.tsv\n"
                     "      --keep-runs       also write sweep_runs.tsv: every run of every point\n"},
    {CLI_OPT_SENS, "      --vary KEY=LO:HI  sensitivity: make KEY uncertain, uniform on [LO, HI] (repeatable)\n"
                   "      --method M        sensitivity: sobol (default), morris, tornado or given\n"
                   "      --n N             sobol: base sample (default 512; a power of two)\n"
                   "      --trajectories R  morris: trajectories (default 20)\n"
                   "      --levels P        morris: grid levels, even (default 4)\n"
                   "      --metric NAME@YEAR  also analyse a metric in a year (repeatable)\n"
                   "      --target NAME[,NAME]  only these targets (default: every target)\n"
                   "      --from DIR        given: the result directory whose runs.tsv is read\n"
                   "      --bins B          given: equal-count bins per setting (default sqrt(runs))\n"
                   "                        morris, tornado: --runs M runs per point (default 200)\n"},
    {CLI_OPT_SHARD, "      --shard I/N       compute only shard I of N (0-based) into OUT/shard-I-of-N/\n"},
    {CLI_OPT_TRAJECTORY, "      --trajectory [LIST]  also write trajectory.tsv: every zone, every year, of the\n"
                        "                        first run, or of the runs in LIST (0,5,10-19; at most 1000)\n"},
    {CLI_OPT_HISTORY, "      --history FILE    published figures to score against (wide or long format)\n"},
    {CLI_OPT_FORMAT, "      --format tsv      print a one-line result summary on stdout\n"
                     "      --header          with --format tsv, print the column header first\n"},
    {CLI_OPT_LONG, "      --resume          continue a stopped run from OUT/.checkpoint/\n"
                   "      --until-se X      add blocks of 1024 runs until every target probability's\n"
                   "                        standard error is below X (at most --runs, default 1000000)\n"
                   "      --no-runs-file    do not write runs.tsv (very large jobs)\n"},
    {CLI_OPT_PLAIN, "      --plain-header    repeat the column names as a plain first line (spreadsheets,\n"
                    "                        gnuplot columnheader)\n"},
    {CLI_OPT_TARGET, "      --target NAME     target (discover: NAME,NAME... all met together)\n"},
    {CLI_OPT_DISCOVER, "      --alpha A         share of runs peeled per step (default 0.05)\n"
                       "      --min-mass M      stop peeling before a box holds fewer runs (default 0.05)\n"
                       "      --box K           the box of the trajectory to report (default: the rule above)\n"
                       "      --resamples R     random halves of the runs for the recurrence check (default 50)\n"},
    {CLI_OPT_SOLVE, "      --lever KEY=LO:HI the setting and its range\n"
                    "      --p P             the probability to reach (e.g. 0.8)\n"
                    "      --tol T           bracket width to stop at (default (HI-LO)/100; integer: 1)\n"
                    "      --max-runs M      most runs at one lever value (default 16 x --runs)\n"},
    {CLI_OPT_REPORT, "      --format md|csv   report: Markdown page (default) or CSV tables\n"
                     "      --lang en|zh      report: English (default) or Chinese\n"},
    {0, "  -q, --quiet           no progress or messages on stderr\n"
        "  -h, --help            this help\n"},
};

static const char exit_status_text[] =
    "Exit status: 0 ok, 2 usage, 3 i/o, 4 scenario, 5 data, 6 memory, 7 numerical failure,\n"
    "8 mismatch, 9 no single answer (solve), 130 interrupted. Documentation: README.md and engine/MODEL.md.\n";

static int print_usage(void)
{
    fputs("Usage: parksim COMMAND [OPTIONS]\n"
          "\n"
          "Monte Carlo projections of China's national high-tech zones and the\n"
          "probability that each target of the plan is met.\n"
          "\n"
          "Commands:\n",
          stdout);
    for (int i = 0; i < N_COMMANDS; i++) {
        if (strlen(commands[i].synopsis) < 20)
            printf("  %-20s%s\n", commands[i].synopsis, commands[i].summary);
        else /* a long synopsis on a line of its own */
            printf("  %s\n  %-20s%s\n", commands[i].synopsis, "", commands[i].summary);
    }
    fputs("\n'parksim COMMAND --help' lists the options of a command.\n"
          "  -h, --help            this help\n"
          "  -V, --version         version\n\n",
          stdout);
    fputs(exit_status_text, stdout);
    return cli_flush_stdout();
}

static int print_command_help(const cli_command *cmd)
{
    /* The summary starts lower-case in the command list; here it opens a sentence. */
    printf("Usage: parksim %s [OPTIONS]\n\n%c%s.\n\n%s\nOptions:\n", cmd->synopsis, toupper((unsigned char)cmd->summary[0]),
           cmd->summary + 1, cmd->details);
    for (size_t i = 0; i < sizeof option_help / sizeof option_help[0]; i++)
        if (option_help[i].bit == 0 ||
            ((cmd->options & option_help[i].bit) && !(option_help[i].bit == CLI_OPT_FORMAT && (cmd->options & CLI_OPT_REPORT)) &&
             !(option_help[i].bit == CLI_OPT_VARY && (cmd->options & CLI_OPT_SENS))))
            fputs(option_help[i].text, stdout);
    fputc('\n', stdout);
    fputs(exit_status_text, stdout);
    return cli_flush_stdout();
}

/* The command line proper; under MPI it runs on rank 0 only. */
static int run_command(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("no command given");
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0)
        return print_usage();
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("parksim %s\n", PARKSIM_VERSION);
        return cli_flush_stdout();
    }
    for (int i = 0; i < N_COMMANDS; i++) {
        const cli_command *cmd = &commands[i];
        if (strcmp(name, cmd->name) != 0)
            continue;
        static cli_options options; /* large; one per process */
        char msg[1200];
        options.command = cmd->name;
        switch (cli_parse(argc - 1, argv + 1, cmd->options, &options, msg, sizeof msg)) {
        case CLI_PARSE_HELP: return print_command_help(cmd);
        case CLI_PARSE_ERROR: return cli_usage_error("%s", msg);
        case CLI_PARSE_OK: return cmd->fn(&options);
        }
    }
    return cli_usage_error("unknown command '%s'", name);
}

int main(int argc, char **argv)
{
    /* GSL's default handler aborts; we check every status ourselves. */
    gsl_set_error_handler_off();
    /* Every command writes files: past `ulimit -f` a write must fail with
     * EFBIG and be reported, not kill the process (cli_exit.c). */
    signal(SIGXFSZ, SIG_IGN);
#ifdef PARKSIM_HAVE_MPI
    return cli_mpi_main(argc, argv, run_command);
#else
    return run_command(argc, argv);
#endif
}
