/* main.c — the parksim command: subcommand dispatch, options, help. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "cli.h"

static const char usage_text[] =
    "Usage: parksim COMMAND [OPTIONS]\n"
    "\n"
    "Monte Carlo projections of China's national high-tech zones and the\n"
    "probability that each target of the plan is met.\n"
    "\n"
    "Commands:\n"
    "  run SCENARIO        run the Monte Carlo and write results to the output directory\n"
    "  compare A B ...     run several scenarios with the same seed; compare.tsv\n"
    "  sweep SCENARIO      run a grid of settings (--vary); sweep.tsv\n"
    "  merge DIR...        combine a complete set of shard directories into the\n"
    "                      files one run writes (to --out, default the scenario's run.out)\n"
    "  config SCENARIO     print the fully resolved scenario (a valid scenario file)\n"
    "  check SCENARIO      report every problem in a scenario and its data\n"
    "  bench [SCENARIO]    measure speed (zone-years per second)\n"
    "\n"
    "Options:\n"
    "  -n, --runs N          number of runs (default: run.runs)\n"
    "  -s, --seed S          scenario seed (default: run.seed)\n"
    "  -o, --out DIR         output directory (default: run.out)\n"
    "  -t, --threads T       OpenMP threads (default: all cores)\n"
    "      --first-run K     first run index (run k alone: --first-run k --runs 1)\n"
    "      --set KEY=VALUE   override a setting, typed like the file (repeatable)\n"
    "      --vary KEY=FROM:TO:STEP  sweep axis (repeatable, at most 4)\n"
    "      --shard I/N       run: compute only shard I of N (0-based) into OUT/shard-I-of-N/\n"
    "      --trajectory      also write trajectory.tsv: every zone, every year, first run\n"
    "      --format tsv      print a one-line result summary on stdout\n"
    "      --header          with --format tsv, print the column header first\n"
    "  -q, --quiet           no progress or messages on stderr\n"
    "  -h, --help            this help\n"
    "  -V, --version         version\n"
    "\n"
    "Exit status: 0 ok, 2 usage, 3 i/o, 4 scenario, 5 data, 6 memory, 8 mismatch,\n"
    "130 interrupted. Documentation: README.md and engine/MODEL.md.\n";

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs("parksim: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'parksim --help' for more information.\n", stderr);
    return CLI_EXIT_USAGE;
}

static int add_set(cli_options *o, const char *key, const char *value, bool quote)
{
    if (o->n_sets == CLI_MAX_SETS)
        return cli_usage_error("too many --set options");
    char *slot = o->set_storage[o->n_sets];
    snprintf(slot, sizeof o->set_storage[0], quote ? "%s=\"%s\"" : "%s=%s", key, value);
    o->sets[o->n_sets++] = slot;
    return 0;
}

static int parse_long(const char *s, const char *what, long lo, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < lo)
        return cli_usage_error("%s: expected an integer >= %ld, got '%s'", what, lo, s);
    *out = v;
    return 0;
}

int cli_parse(int argc, char **argv, cli_options *o)
{
    enum { OPT_SET = 256, OPT_VARY, OPT_SHARD, OPT_TRAJECTORY, OPT_FORMAT, OPT_HEADER, OPT_FIRST_RUN };
    static const struct option options[] = {
        {"runs", required_argument, 0, 'n'},   {"seed", required_argument, 0, 's'},
        {"out", required_argument, 0, 'o'},    {"threads", required_argument, 0, 't'},
        {"quiet", no_argument, 0, 'q'},        {"set", required_argument, 0, OPT_SET},
        {"vary", required_argument, 0, OPT_VARY}, {"shard", required_argument, 0, OPT_SHARD},
        {"trajectory", no_argument, 0, OPT_TRAJECTORY}, {"format", required_argument, 0, OPT_FORMAT},
        {"header", no_argument, 0, OPT_HEADER}, {"first-run", required_argument, 0, OPT_FIRST_RUN},
        {0, 0, 0, 0}};
    int c, rc = 0;
    long v = 0;
    optind = 1;
    opterr = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, ":n:s:o:t:q", options, NULL)) != -1) {
        switch (c) {
        case 'n':
            if ((rc = parse_long(optarg, "--runs", 1, &v)) == 0)
                rc = add_set(o, "run.runs", optarg, false);
            break;
        case 's':
            if ((rc = parse_long(optarg, "--seed", 0, &v)) == 0)
                rc = add_set(o, "run.seed", optarg, false);
            break;
        case 'o':
            o->out = optarg;
            rc = add_set(o, "run.out", optarg, true);
            break;
        case 't':
            rc = parse_long(optarg, "--threads", 1, &v);
            o->threads = (int)v;
            break;
        case 'q': o->quiet = true; break;
        case OPT_SET:
            if (!strchr(optarg, '='))
                rc = cli_usage_error("--set: expected KEY=VALUE, got '%s'", optarg);
            else if (o->n_sets == CLI_MAX_SETS)
                rc = cli_usage_error("too many --set options");
            else
                o->sets[o->n_sets++] = optarg;
            break;
        case OPT_VARY:
            if (o->n_vary == CLI_MAX_VARY)
                rc = cli_usage_error("at most %d --vary options", CLI_MAX_VARY);
            else
                o->vary[o->n_vary++] = optarg;
            break;
        case OPT_SHARD: o->shard = optarg; break;
        case OPT_TRAJECTORY: o->trajectory = true; break;
        case OPT_FORMAT:
            if (strcmp(optarg, "tsv") != 0)
                rc = cli_usage_error("--format: only 'tsv' is supported, got '%s'", optarg);
            o->format = optarg;
            break;
        case OPT_HEADER: o->header = true; break;
        case OPT_FIRST_RUN:
            rc = parse_long(optarg, "--first-run", 0, &o->first_run);
            o->first_run_given = true;
            break;
        case ':': rc = cli_usage_error("option '%s' needs a value", argv[optind - 1]); break;
        default: rc = cli_usage_error("unknown option '%s'", argv[optind - 1]); break;
        }
    }
    for (int i = optind; rc == 0 && i < argc; i++) {
        if (o->n_scenarios == CLI_MAX_SCENARIOS)
            rc = cli_usage_error("too many arguments");
        else
            o->scenarios[o->n_scenarios++] = argv[i];
    }
    return rc;
}

/* The command line proper; under MPI it runs on rank 0 only. */
static int run_command(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("no command given");
    const char *command = argv[1];
    if (strcmp(command, "--help") == 0 || strcmp(command, "-h") == 0 || strcmp(command, "help") == 0) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (strcmp(command, "--version") == 0 || strcmp(command, "-V") == 0) {
        printf("parksim %s\n", PARKSIM_VERSION);
        return 0;
    }
    static const struct {
        const char *name;
        int (*fn)(const cli_options *);
    } commands[] = {{"run", cli_run},     {"config", cli_config}, {"check", cli_check},
                    {"bench", cli_bench}, {"compare", cli_compare}, {"sweep", cli_sweep},
                    {"merge", cli_merge}};
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(command, commands[i].name) != 0)
            continue;
        for (int a = 2; a < argc; a++)
            if (strcmp(argv[a], "--help") == 0 || strcmp(argv[a], "-h") == 0) {
                fputs(usage_text, stdout);
                return 0;
            }
        static cli_options options;
        options.command = command;
        int rc = cli_parse(argc - 1, argv + 1, &options);
        if (rc == 0 && options.shard && strcmp(command, "run") != 0)
            rc = cli_usage_error("--shard: only 'run' computes shards");
        return rc ? rc : commands[i].fn(&options);
    }
    return cli_usage_error("unknown command '%s'", command);
}

int main(int argc, char **argv)
{
    /* GSL's default handler aborts; we check every status ourselves. */
    gsl_set_error_handler_off();
#ifdef PARKSIM_HAVE_MPI
    return cli_mpi_main(argc, argv, run_command);
#else
    return run_command(argc, argv);
#endif
}
