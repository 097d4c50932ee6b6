/* cli_common.c — helpers shared by the subcommands: errors, signals,
 * loading a scenario with its data, progress. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

volatile sig_atomic_t cli_stop_requested = 0;

static void on_signal(int sig)
{
    cli_stop_requested = 1;
    /* A second Ctrl-C ends the process at once. */
    signal(sig, SIG_DFL);
}

void cli_install_signal_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* Past `ulimit -f` a write fails with EFBIG, reported with the file's
     * name, instead of the process being killed with its temporaries. */
    signal(SIGXFSZ, SIG_IGN);
}

int cli_job_open(cli_job *job, const char *path, const cli_options *o, const ps_override *extra, int n_extra)
{
    static cli_override_list list; /* large; the command line is single-threaded */
    if (cli_overrides(o, extra, n_extra, &list) != 0)
        return cli_usage_error("too many settings overridden");
    ps_error err;
    int status = ps_job_open(path, list.items, list.n, job, &err);
    if (status != PS_OK)
        return cli_report(&err);
    /* Expectation mode has no random events: say which settings it drops
     * (engine/MODEL.md, "Expectation mode"). */
    const ps_scenario *sc = &job->sc;
    if (!sc->shocks.discrete_random && !o->quiet && cli_is_writer()) {
        if (sc->land.expansion_prob > 0)
            fprintf(stderr, "parksim: %s: warning: land.expansion_prob = %g has no effect with "
                            "shocks.discrete_random = false (expansion is a random event)\n",
                    sc->path, sc->land.expansion_prob);
        if (sc->demotion.prob > 0 && sc->demotion.bottom_share > 0)
            fprintf(stderr, "parksim: %s: warning: demotion.prob = %g has no effect with "
                            "shocks.discrete_random = false (demotion is a random event)\n",
                    sc->path, sc->demotion.prob);
    }
    return 0;
}

void cli_job_close(cli_job *job)
{
    ps_job_close(job);
}

ps_provenance cli_provenance(const char *command, const ps_scenario *sc, const cli_options *o, long first)
{
    return (ps_provenance){.command = command, .scenario = sc->path, .hash = sc->hash, .seed = sc->run.seed,
                           .first_run = first, .runs = sc->run.runs, .runs_done = sc->run.runs,
                           .generator = sc->run.generator,
                           .threads = ps_mc_threads(o->threads),
                           .ranks = cli_ranks(), .sc = sc};
}

bool cli_show_progress(const cli_options *o)
{
    return !o->quiet;
}

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Seconds between progress lines when stderr is not a terminal (a log
 * file, a batch job): PARKSIM_PROGRESS_INTERVAL, default 5. */
static double progress_interval(void)
{
    const char *s = getenv("PARKSIM_PROGRESS_INTERVAL");
    char *end;
    double v = s && *s ? strtod(s, &end) : 5;
    return s && *s && (*end != '\0' || !(v >= 0)) ? 5 : v;
}

void cli_progress(void *ctx, long done, long total)
{
    const double *start = ctx;
    double now = cli_now(), elapsed = now - *start, rate = elapsed > 0 ? (double)done / elapsed : 0;
    double left = rate > 0 ? (double)(total - done) / rate : 0;
    if (!isatty(STDERR_FILENO)) {
        /* One whole line every few seconds; the command line is single-threaded. */
        static double last_line;
        static const double *last_start;
        if (last_start != start)
            last_start = start, last_line = *start;
        if (now - last_line < progress_interval())
            return;
        last_line = now;
        fprintf(stderr, "parksim: progress: %ld/%ld runs, %.0f runs/s, %.0f s left\n", done, total, rate,
                ceil(left));
        fflush(stderr);
        return;
    }
    fprintf(stderr, "\r  %ld/%ld runs  %.0f runs/s  %.0f s left   ", done, total, rate, ceil(left));
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

/* Commit the batch's file if every step succeeded, else discard it; rc is
 * an exit code already reported, status a ps_status still to report. */
int cli_finish_batch(const cli_options *o, int rc, int status, ps_outset *out, ps_error *err, const char *name)
{
    if (rc == 0 && status == PS_OK)
        status = ps_outset_commit(out, err);
    else
        ps_outset_abort(out);
    if (rc)
        return rc;
    if (status != PS_OK)
        return cli_report(err);
    if (!o->quiet && cli_is_writer())
        fprintf(stderr, "parksim: results in %s/%s\n", out->dir, name);
    return 0;
}

bool cli_parse_colon_numbers(const char *s, double *v, int n)
{
    for (int i = 0; i < n; i++) {
        char *end;
        v[i] = strtod(s, &end);
        if (end == s || !isfinite(v[i]) || *end != (i < n - 1 ? ':' : '\0'))
            return false;
        s = end + 1;
    }
    return true;
}
