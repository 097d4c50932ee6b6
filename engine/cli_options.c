/* cli_options.c — getopt_long over the options of one command, into typed,
 * range-checked values. Never prints (see cli_options.h). */
#include "cli_options.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cli_parse_status fail(char *msg, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static cli_parse_status fail(char *msg, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, n, fmt, ap);
    va_end(ap);
    return CLI_PARSE_ERROR;
}

/* A whole decimal integer in [lo, hi]: no sign tricks, no trailing text, no
 * silent wrap (strtoll's ERANGE). */
static bool parse_integer(const char *s, long long lo, long long hi, long long *out)
{
    if (*s == '\0' || *s == ' ' || *s == '+')
        return false;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (*end != '\0' || errno == ERANGE || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* A run count: a whole decimal integer, or an exact integer in exponent
 * form ("1e6", "2.5e3"); "1.5e0" or "1e-3" are not whole and are refused. */
static bool parse_count(const char *s, long long lo, long long hi, long long *out)
{
    if (parse_integer(s, lo, hi, out))
        return true;
    if (!strpbrk(s, "eE") || *s == '\0' || *s == ' ' || *s == '+' || *s == '-')
        return false;
    for (const char *p = s; *p; p++)
        if (!strchr("0123456789.eE+-", *p))
            return false; /* no hex, inf or nan */
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end != '\0' || errno == ERANGE || v != v || v < (double)lo || v > 9.0e15 || v > (double)hi ||
        v != (double)(long long)v)
        return false;
    *out = (long long)v;
    return true;
}

/* The long option name of a short or long option, for messages. */
bool cli_parse_run_list(const char *s, long *runs, int max, int *n, char *msg, size_t msg_size)
{
    const char *p = s;
    long last = -1;
    *n = 0;
    for (;;) {
        const char *item = p;
        long long lo, hi;
        char *end;
        errno = 0;
        lo = isdigit((unsigned char)*p) ? strtoll(p, &end, 10) : -1;
        if (lo < 0 || errno) {
            snprintf(msg, msg_size, "expected a run index at character %d of '%s'", (int)(p - s) + 1, s);
            return false;
        }
        p = end;
        hi = lo;
        if (*p == '-') {
            errno = 0;
            hi = isdigit((unsigned char)p[1]) ? strtoll(p + 1, &end, 10) : -1;
            if (hi < 0 || errno) {
                snprintf(msg, msg_size, "expected the end of the range at character %d of '%s'", (int)(p - s) + 2,
                         s);
                return false;
            }
            p = end;
        }
        if (hi > CLI_MAX_FIRST_RUN || lo > CLI_MAX_FIRST_RUN) {
            snprintf(msg, msg_size, "run index above %ld at character %d of '%s'", CLI_MAX_FIRST_RUN,
                     (int)(item - s) + 1, s);
            return false;
        }
        if (hi < lo || lo <= last) {
            snprintf(msg, msg_size, "'%.*s' at character %d of '%s': runs must be listed in increasing order, "
                     "each once", (int)(p - item), item, (int)(item - s) + 1, s);
            return false;
        }
        if (hi - lo + 1 > max - *n) {
            snprintf(msg, msg_size, "more than %d runs in '%s'", max, s);
            return false;
        }
        for (long long r = lo; r <= hi; r++) {
            if (runs)
                runs[*n] = (long)r;
            ++*n;
        }
        last = (long)hi;
        if (*p == '\0')
            return true;
        if (*p != ',') {
            snprintf(msg, msg_size, "expected ',' or '-' at character %d of '%s'", (int)(p - s) + 1, s);
            return false;
        }
        p++;
    }
}

static const char *option_name(int c, const struct option *options)
{
    for (const struct option *op = options; op->name; op++)
        if (op->val == c)
            return op->name;
    return "?";
}

enum { OPT_SET = 256, OPT_VARY, OPT_SHARD, OPT_TRAJECTORY, OPT_FORMAT, OPT_HEADER, OPT_FIRST_RUN, OPT_HELP,
       OPT_HISTORY, OPT_RESUME, OPT_UNTIL_SE, OPT_NO_RUNS_FILE, OPT_PLAIN_HEADER, OPT_LANG,
       OPT_DRAWS, OPT_ACCEPT, OPT_ADJUST, OPT_METHOD, OPT_SENS_N, OPT_TRAJECTORIES, OPT_LEVELS, OPT_METRIC,
       OPT_TARGET, OPT_FROM, OPT_BINS, OPT_DESIGN, OPT_DESIGN_FILE, OPT_KEEP_RUNS, OPT_QUANTILES };

/* Which CLI_OPT_* bit an option needs (0: every command takes it). */
static unsigned option_bit(int c)
{
    switch (c) {
    case 'n': return CLI_OPT_RUNS;
    case 's': return CLI_OPT_SEED;
    case 'o': return CLI_OPT_OUT;
    case 't': return CLI_OPT_THREADS;
    case OPT_FIRST_RUN: return CLI_OPT_FIRST_RUN;
    case OPT_HISTORY: return CLI_OPT_HISTORY;
    case OPT_VARY: return CLI_OPT_VARY;
    case OPT_SHARD: return CLI_OPT_SHARD;
    case OPT_TRAJECTORY: return CLI_OPT_TRAJECTORY;
    case OPT_FORMAT:
    case OPT_HEADER: return CLI_OPT_FORMAT;
    case OPT_RESUME:
    case OPT_UNTIL_SE:
    case OPT_NO_RUNS_FILE: return CLI_OPT_LONG;
    case OPT_PLAIN_HEADER: return CLI_OPT_PLAIN;
    case OPT_LANG: return CLI_OPT_REPORT;
    case OPT_DRAWS:
    case OPT_ACCEPT:
    case OPT_ADJUST: return CLI_OPT_CALIBRATE;
    case OPT_DESIGN:
    case OPT_DESIGN_FILE:
    case OPT_KEEP_RUNS:
    case OPT_QUANTILES: return CLI_OPT_DESIGN;
    case OPT_METHOD:
    case OPT_SENS_N:
    case OPT_TRAJECTORIES:
    case OPT_LEVELS:
    case OPT_METRIC:
    case OPT_TARGET:
    case OPT_FROM:
    case OPT_BINS: return CLI_OPT_SENS;
    default: return 0;
    }
}

cli_parse_status cli_parse(int argc, char **argv, unsigned accepted, cli_options *o, char *msg, size_t n)
{
    static const struct option options[] = {
        {"runs", required_argument, 0, 'n'},
        {"seed", required_argument, 0, 's'},
        {"out", required_argument, 0, 'o'},
        {"threads", required_argument, 0, 't'},
        {"quiet", no_argument, 0, 'q'},
        {"set", required_argument, 0, OPT_SET},
        {"vary", required_argument, 0, OPT_VARY},
        {"shard", required_argument, 0, OPT_SHARD},
        {"trajectory", optional_argument, 0, OPT_TRAJECTORY},
        {"format", required_argument, 0, OPT_FORMAT},
        {"header", no_argument, 0, OPT_HEADER},
        {"first-run", required_argument, 0, OPT_FIRST_RUN},
        {"history", required_argument, 0, OPT_HISTORY},
        {"resume", no_argument, 0, OPT_RESUME},
        {"until-se", required_argument, 0, OPT_UNTIL_SE},
        {"no-runs-file", no_argument, 0, OPT_NO_RUNS_FILE},
        {"plain-header", no_argument, 0, OPT_PLAIN_HEADER},
        {"lang", required_argument, 0, OPT_LANG},
        {"draws", required_argument, 0, OPT_DRAWS},
        {"accept", required_argument, 0, OPT_ACCEPT},
        {"adjust", no_argument, 0, OPT_ADJUST},
        {"design", required_argument, 0, OPT_DESIGN},
        {"design-file", required_argument, 0, OPT_DESIGN_FILE},
        {"keep-runs", no_argument, 0, OPT_KEEP_RUNS},
        {"quantiles", required_argument, 0, OPT_QUANTILES},
        {"method", required_argument, 0, OPT_METHOD},
        {"n", required_argument, 0, OPT_SENS_N},
        {"trajectories", required_argument, 0, OPT_TRAJECTORIES},
        {"levels", required_argument, 0, OPT_LEVELS},
        {"metric", required_argument, 0, OPT_METRIC},
        {"target", required_argument, 0, OPT_TARGET},
        {"from", required_argument, 0, OPT_FROM},
        {"bins", required_argument, 0, OPT_BINS},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    long long v = 0;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":n:s:o:t:qh", options, NULL)) != -1) {
        if (c == 'h')
            return CLI_PARSE_HELP;
        if (c == ':')
            return fail(msg, n, "option '%s' needs a value", argv[optind - 1]);
        if (c == '?')
            return fail(msg, n, "unknown option '%s'", argv[optind - 1]);
        unsigned bit = option_bit(c);
        if (bit && !(accepted & bit)) {
            /* The shard message predates the table and scripts rely on it. */
            if (c == OPT_SHARD)
                return fail(msg, n, "--shard: only 'run' computes shards");
            return fail(msg, n, "--%s: not an option of '%s'", option_name(c, options), o->command);
        }
        switch (c) {
        case 'n':
            if (!parse_count(optarg, 1, LLONG_MAX, &v))
                return fail(msg, n, "--runs: expected an integer >= 1, got '%s'", optarg);
            o->runs = v;
            o->runs_given = true;
            break;
        case 's':
            if (!parse_integer(optarg, 0, LLONG_MAX, &v))
                return fail(msg, n, "--seed: expected an integer >= 0, got '%s'", optarg);
            o->seed = v;
            o->seed_given = true;
            break;
        case 'o':
            if (*optarg == '\0')
                return fail(msg, n, "--out: expected a directory, got ''");
            o->out = optarg;
            break;
        case 't':
            if (!parse_integer(optarg, 1, CLI_MAX_THREADS, &v))
                return fail(msg, n, "--threads: expected an integer from 1 to %d, got '%s'", CLI_MAX_THREADS,
                            optarg);
            o->threads = (int)v;
            break;
        case 'q': o->quiet = true; break;
        case OPT_SET:
            if (!strchr(optarg, '='))
                return fail(msg, n, "--set: expected KEY=VALUE, got '%s'", optarg);
            if (o->n_sets == CLI_MAX_SETS)
                return fail(msg, n, "too many --set options (at most %d)", CLI_MAX_SETS);
            o->sets[o->n_sets++] = optarg;
            break;
        case OPT_VARY:
            if (o->n_vary == ((accepted & CLI_OPT_SENS) ? CLI_MAX_VARY_SENS : CLI_MAX_VARY))
                return fail(msg, n, "at most %d --vary options",
                            (accepted & CLI_OPT_SENS) ? CLI_MAX_VARY_SENS : CLI_MAX_VARY);
            o->vary[o->n_vary++] = optarg;
            break;
        case OPT_SHARD: {
            /* I/N, both whole numbers read to their ends. */
            long long index = -1, count = 0;
            char *slash = strchr(optarg, '/');
            bool ok = slash != NULL;
            if (ok) {
                *slash = '\0'; /* argv is ours to edit; restored below */
                ok = parse_integer(optarg, 0, CLI_MAX_SHARDS - 1, &index) &&
                     parse_integer(slash + 1, 1, CLI_MAX_SHARDS, &count) && index < count;
                *slash = '/';
            }
            if (!ok)
                return fail(msg, n, "--shard: expected I/N with 0 <= I < N (shard I of N, 0-based), got '%s'",
                            optarg);
            o->shard = optarg;
            o->shard_index = (int)index;
            o->shard_count = (int)count;
            break;
        }
        case OPT_TRAJECTORY: {
            /* --trajectory=LIST, or --trajectory LIST when the next word is
             * made of digits, commas and dashes only (never a file name). */
            o->trajectory = true;
            const char *list = optarg;
            if (!list && optind < argc && argv[optind][0] >= '0' && argv[optind][0] <= '9' &&
                argv[optind][strspn(argv[optind], "0123456789,-")] == '\0')
                list = argv[optind++];
            if (list) {
                char why[200];
                int count;
                if (!cli_parse_run_list(list, NULL, CLI_MAX_TRAJECTORY_RUNS, &count, why, sizeof why))
                    return fail(msg, n, "--trajectory: %s", why);
                o->trajectory_runs = list;
            }
            break;
        }
        case OPT_FORMAT:
            if (accepted & CLI_OPT_REPORT) { /* report: the page's format */
                if (strcmp(optarg, "md") != 0 && strcmp(optarg, "csv") != 0)
                    return fail(msg, n, "--format: expected 'md' or 'csv', got '%s'", optarg);
                o->report_format = optarg;
                break;
            }
            if (strcmp(optarg, "tsv") != 0)
                return fail(msg, n, "--format: only 'tsv' is supported, got '%s'", optarg);
            o->format = optarg;
            break;
        case OPT_HEADER: o->header = true; break;
        case OPT_HISTORY: o->history = optarg; break;
        case OPT_RESUME: o->resume = true; break;
        case OPT_NO_RUNS_FILE: o->no_runs_file = true; break;
        case OPT_PLAIN_HEADER: o->plain_header = true; break;
        case OPT_LANG:
            if (strcmp(optarg, "en") != 0 && strcmp(optarg, "zh") != 0)
                return fail(msg, n, "--lang: expected 'en' or 'zh', got '%s'", optarg);
            o->lang = optarg;
            break;
        case OPT_UNTIL_SE: {
            char *end;
            errno = 0;
            double x = strtod(optarg, &end);
            if (*optarg == '\0' || *end != '\0' || errno == ERANGE || !(x > 0 && x < 0.5))
                return fail(msg, n, "--until-se: expected a standard error between 0 and 0.5 (e.g. 0.005), got '%s'",
                            optarg);
            o->until_se = x;
            break;
        }
        case OPT_DRAWS:
            if (!parse_integer(optarg, 10, 100000000, &v))
                return fail(msg, n, "--draws: expected an integer from 10 to 100000000, got '%s'", optarg);
            o->draws = (long)v;
            break;
        case OPT_ACCEPT: {
            char *end;
            errno = 0;
            double x = strtod(optarg, &end);
            if (*optarg == '\0' || *end != '\0' || errno == ERANGE || !(x > 0 && x <= 1))
                return fail(msg, n, "--accept: expected the fraction of draws kept, above 0 and at most 1 "
                                    "(e.g. 0.01), got '%s'", optarg);
            o->accept = x;
            break;
        }
        case OPT_ADJUST: o->adjust = true; break;
        case OPT_DESIGN: {
            /* random:N or lhs:N, N whole from 1 to 1000000 (PS_DESIGN_MAX_POINTS). */
            const char *colon = strchr(optarg, ':');
            size_t len = colon ? (size_t)(colon - optarg) : 0;
            char kind = len == 6 && strncmp(optarg, "random", 6) == 0 ? 'r'
                        : len == 3 && strncmp(optarg, "lhs", 3) == 0  ? 'l'
                                                                       : 0;
            if (!kind || !parse_integer(colon + 1, 1, 1000000, &v))
                return fail(msg, n, "--design: expected random:N or lhs:N with N from 1 to 1000000, got '%s'", optarg);
            o->design = kind;
            o->design_points = (long)v;
            break;
        }
        case OPT_DESIGN_FILE:
            if (*optarg == '\0')
                return fail(msg, n, "--design-file: expected a file, got ''");
            o->design_file = optarg;
            break;
        case OPT_KEEP_RUNS: o->keep_runs = true; break;
        case OPT_QUANTILES: o->quantiles = optarg; break;
        case OPT_METHOD:
            if (strcmp(optarg, "sobol") != 0 && strcmp(optarg, "morris") != 0 && strcmp(optarg, "tornado") != 0 &&
                strcmp(optarg, "given") != 0)
                return fail(msg, n, "--method: expected sobol, morris, tornado or given, got '%s'", optarg);
            o->method = optarg;
            break;
        case OPT_SENS_N:
            if (!parse_count(optarg, 8, 1048576, &v))
                return fail(msg, n, "--n: expected a base sample from 8 to 1048576 (a power of two is best), got '%s'",
                            optarg);
            o->sens_n = (long)v;
            break;
        case OPT_TRAJECTORIES:
            if (!parse_integer(optarg, 2, 10000, &v))
                return fail(msg, n, "--trajectories: expected an integer from 2 to 10000, got '%s'", optarg);
            o->trajectories = (int)v;
            break;
        case OPT_LEVELS:
            if (!parse_integer(optarg, 2, 100, &v) || v % 2 != 0)
                return fail(msg, n, "--levels: expected an even integer from 2 to 100, got '%s'", optarg);
            o->levels = (int)v;
            break;
        case OPT_METRIC:
            if (o->n_metrics == CLI_MAX_METRIC_SPECS)
                return fail(msg, n, "at most %d --metric options", CLI_MAX_METRIC_SPECS);
            o->metrics[o->n_metrics++] = optarg;
            break;
        case OPT_TARGET:
            if (o->n_targets == CLI_MAX_METRIC_SPECS)
                return fail(msg, n, "at most %d --target options", CLI_MAX_METRIC_SPECS);
            o->targets[o->n_targets++] = optarg;
            break;
        case OPT_FROM:
            if (*optarg == '\0')
                return fail(msg, n, "--from: expected a result directory, got ''");
            o->from = optarg;
            break;
        case OPT_BINS:
            if (!parse_integer(optarg, 2, 100000, &v))
                return fail(msg, n, "--bins: expected an integer from 2 to 100000, got '%s'", optarg);
            o->bins = (int)v;
            break;
        case OPT_FIRST_RUN:
            if (!parse_integer(optarg, 0, CLI_MAX_FIRST_RUN, &v))
                return fail(msg, n, "--first-run: expected an integer from 0 to %ld, got '%s'", CLI_MAX_FIRST_RUN,
                            optarg);
            o->first_run = (long)v;
            o->first_run_given = true;
            break;
        default: return fail(msg, n, "unknown option '%s'", argv[optind - 1]);
        }
    }
    for (int i = optind; i < argc; i++) {
        if (o->n_scenarios == CLI_MAX_SCENARIOS)
            return fail(msg, n, "too many arguments (at most %d)", CLI_MAX_SCENARIOS);
        o->scenarios[o->n_scenarios++] = argv[i];
    }
    if (o->header && !o->format)
        return fail(msg, n, "--header: only with --format tsv");
    return CLI_PARSE_OK;
}
