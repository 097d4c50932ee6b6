/* cli_solve.c — `parksim solve SCENARIO --lever KEY=LO:HI --target NAME
 * --p P`: the lever value at which P(target) reaches P, by bisection on
 * common random numbers (engine/solve.c). Every evaluation opens SCENARIO
 * with KEY fixed at the value tried (a typed override, as --set) and runs
 * the same run indices, first run onward; doubling the runs at a value
 * adds the next runs. Writes solve.tsv (every evaluation) with provenance. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "parksim/solve.h"
#include "suggest_int.h"

/* Exit status when there is no answer (no crossing in the range, P not
 * monotone, or P within Monte Carlo error of the level at an end of the
 * range): solve.tsv is still written. Documented in `parksim --help`. */
enum { CLI_EXIT_NO_ANSWER = 9 };

typedef struct solve_ctx {
    const cli_options *o;
    const char *scenario;
    char key[160];
    int kind; /* 'r' or 'i' */
    int target;
} solve_ctx;

static int eval_at(void *vctx, double x, long first, long count, unsigned long *met, ps_error *err)
{
    solve_ctx *c = vctx;
    ps_override ov = {c->key, (char)c->kind, {.real = x}, "--lever"};
    if (c->kind == 'i')
        ov.value.integer = (long long)x;
    cli_job job;
    int rc = cli_job_open(&job, c->scenario, c->o, &ov, 1);
    if (rc) /* already reported: only a value the setting refuses gets here */
        return ps_error_set(err, PS_ERR_CONFIG, NULL, 0, c->key, "the value %g was refused", x);
    ps_accum *acc = NULL;
    long done = 0;
    int status = cli_execute(&job, c->o, c->o->first_run + first, count, NULL, NULL, false, &acc, &done, err);
    if (status == PS_OK)
        *met = ps_accum_met(acc, c->target);
    ps_accum_free(acc);
    cli_job_close(&job);
    if (status == PS_OK && !c->o->quiet)
        fprintf(stderr, "parksim: solve: %s=%.6g: runs %ld-%ld: %lu met\n", c->key, x, c->o->first_run + first,
                c->o->first_run + first + count - 1, *met);
    return status;
}

/* KEY=LO:HI into ctx and params. Returns 0 or a usage exit code. */
static int parse_lever(const char *spec, solve_ctx *c, ps_solve_params *pr)
{
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec || (size_t)(eq - spec) >= sizeof c->key)
        return cli_usage_error("--lever: expected KEY=LO:HI, got '%s'", spec);
    snprintf(c->key, sizeof c->key, "%.*s", (int)(eq - spec), spec);
    double v[2];
    if (!cli_parse_colon_numbers(eq + 1, v, 2) || !(v[0] < v[1]))
        return cli_usage_error("--lever: %s: expected LO:HI with LO < HI, got '%s'", c->key, eq + 1);
    pr->lo = v[0], pr->hi = v[1];
    return 0;
}

int cli_solve(const cli_options *o)
{
    if (o->n_scenarios != 1)
        return cli_usage_error("solve: expected one scenario file, got %d", o->n_scenarios);
    if (!o->lever)
        return cli_usage_error("solve: give --lever KEY=LO:HI (the setting to solve for and its range)");
    if (o->n_targets != 1 || strchr(o->targets[0], ','))
        return cli_usage_error("solve: give one --target NAME");
    if (!(o->p_level > 0))
        return cli_usage_error("solve: give --p P, the probability to reach (e.g. --p 0.8)");
    static solve_ctx c;
    ps_solve_params pr = {0, 0, o->p_level, o->tol, 1000, 0, false};
    int rc = parse_lever(o->lever, &c, &pr);
    if (rc)
        return rc;
    c.o = o;
    c.scenario = o->scenarios[0];
    pr.runs0 = o->runs_given ? (long)o->runs : 1000;
    pr.max_runs = o->max_runs > 0 ? (long)o->max_runs : 16 * pr.runs0;
    if (pr.max_runs < pr.runs0)
        return cli_usage_error("--max-runs: %ld is fewer than the first evaluation's runs (--runs %ld)", pr.max_runs,
                               pr.runs0);
    /* The scenario as it is, with the lever at LO: a bad KEY or value is
     * reported by the loader (file:line or --lever, did-you-mean). */
    c.kind = ps_setting_kind(c.key);
    cli_job base;
    char text[256];
    snprintf(text, sizeof text, "%s=%.17g", c.key, pr.lo);
    ps_override ov = {NULL, 0, {.text = text}, "--lever"};
    if ((rc = cli_job_open(&base, c.scenario, o, &ov, 1)) != 0)
        return rc;
    if (c.kind != 'r' && c.kind != 'i') {
        cli_job_close(&base);
        return cli_usage_error("--lever: %s: only a numeric setting can be a lever", c.key);
    }
    pr.integer = c.kind == 'i';
    if (pr.integer && (pr.lo != floor(pr.lo) || pr.hi != floor(pr.hi))) {
        cli_job_close(&base);
        return cli_usage_error("--lever: %s is an integer setting; LO and HI must be integers", c.key);
    }
    const ps_scenario *sc = &base.sc;
    c.target = -1;
    for (int t = 0; t < sc->n_targets; t++)
        if (strcmp(sc->targets[t].name, o->targets[0]) == 0)
            c.target = t;
    if (c.target < 0) {
        ps_suggestion sg;
        ps_suggest_init(&sg, o->targets[0]);
        char list[1024] = "", hint[256];
        for (int t = 0; t < sc->n_targets; t++) {
            ps_suggest_consider(&sg, sc->targets[t].name);
            size_t l = strlen(list);
            snprintf(list + l, sizeof list - l, "%s%s", l ? ", " : "", sc->targets[t].name);
        }
        fprintf(stderr, "parksim: %s: --target: unknown target '%s'%s; its targets: %s\n", c.scenario, o->targets[0],
                ps_suggest_hint(&sg, hint, sizeof hint), list);
        cli_job_close(&base);
        return CLI_EXIT_USAGE;
    }
    /* A lever that the scenario draws per run: fixed at each value tried. */
    bool uncertain = false;
    for (int i = 0; i < sc->unc.n; i++)
        if (strcmp(sc->unc.settings[i].path, c.key) == 0)
            uncertain = true;
    /* The loaded scenario no longer knows; the one without the override does. */
    cli_job plain;
    if ((rc = cli_job_open(&plain, c.scenario, o, NULL, 0)) != 0) {
        cli_job_close(&base);
        return rc;
    }
    for (int i = 0; i < plain.sc.unc.n; i++)
        if (strcmp(plain.sc.unc.settings[i].path, c.key) == 0)
            uncertain = true;
    if (uncertain && !o->quiet)
        fprintf(stderr, "parksim: solve: %s is an uncertain setting of %s: fixed at each value tried\n", c.key,
                c.scenario);

    const char *out_dir = o->out ? o->out : "results/solve";
    ps_error err;
    ps_error_clear(&err);
    ps_outset out;
    ps_outset_init(&out, out_dir);
    FILE *f = NULL;
    int status = ps_out_mkdir(out_dir, &err);
    if (status == PS_OK && !(f = ps_outset_open(&out, "solve.tsv", &err)))
        status = err.code;
    cli_install_signal_handlers();
    static ps_solve_result res;
    double t0 = cli_now();
    if (status == PS_OK)
        status = ps_solve(&pr, eval_at, &c, &res, &err);
    double secs = cli_now() - t0;
    const char *tname = o->targets[0];
    if (status == PS_OK) {
        /* The scenario as given (its hash without the lever's value). */
        ps_provenance prov = cli_provenance("solve", &plain.sc, o, o->first_run);
        prov.runs = prov.runs_done = pr.runs0;
        ps_write_provenance(f, &prov);
        fprintf(f, "# lever: %s from ", c.key);
        ps_put_double(f, pr.lo);
        fprintf(f, " to ");
        ps_put_double(f, pr.hi);
        fprintf(f, " (%s)%s\n", pr.integer ? "integer" : "real",
                uncertain ? "; an uncertain setting of the scenario, fixed at each value tried" : "");
        fprintf(f, "# level: P(%s) >= ", tname);
        ps_put_double(f, pr.p);
        fprintf(f, "\n# tolerance: ");
        ps_put_double(f, res.tol);
        fprintf(f, "\n# runs: %ld at first at each value, doubled while the 95 %% Wilson interval holds the level, "
                   "at most %ld; the same run indices from %ld at every value\n",
                pr.runs0, pr.max_runs, o->first_run);
        fprintf(f, "# direction: %s\n", res.direction > 0 ? "P rises with the lever" : res.direction < 0
                                                           ? "P falls with the lever" : "unknown");
        fprintf(f, "# outcome: %s\n", ps_solve_outcome_name(res.outcome));
        if (res.outcome == PS_SOLVE_FOUND || (res.outcome == PS_SOLVE_UNDECIDED && isfinite(res.answer))) {
            fprintf(f, "# answer: ");
            ps_put_double(f, res.answer);
            fprintf(f, " in [");
            ps_put_double(f, res.bracket_lo);
            fprintf(f, ", ");
            ps_put_double(f, res.bracket_hi);
            fprintf(f, "]\n");
        }
        if (isfinite(res.undecided_lo)) {
            fprintf(f, "# undecided: P within Monte Carlo error of the level from ");
            ps_put_double(f, res.undecided_lo);
            fprintf(f, " to ");
            ps_put_double(f, res.undecided_hi);
            fputc('\n', f);
        }
        fprintf(f, "# step\tvalue\truns\tmet\tp\tci_low\tci_high\tdecision\tanswer\n");
        for (int i = 0; i < res.n_evals; i++) {
            const ps_solve_eval *e = &res.evals[i];
            fprintf(f, "%d\t", e->step);
            ps_put_double(f, e->x);
            fprintf(f, "\t%ld\t%lu\t", e->runs, e->met);
            ps_put_double(f, e->p);
            fputc('\t', f), ps_put_double(f, e->ci_low);
            fputc('\t', f), ps_put_double(f, e->ci_high);
            fprintf(f, "\t%s\t%d\n", ps_solve_decision_name(e->decision), i == res.answer_eval);
        }
        /* What a person reads. */
        long total = 0;
        for (int i = 0; i < res.n_evals; i++)
            total += res.evals[i].runs;
        const ps_solve_eval *a = res.answer_eval >= 0 ? &res.evals[res.answer_eval] : NULL;
        const char *which = res.direction < 0 ? "largest" : "smallest";
        switch (res.outcome) {
        case PS_SOLVE_FOUND:
            printf("%s = %.6g: the %s value in [%g, %g] with P(%s) >= %g (bracket %.6g to %.6g, tolerance %.3g)\n",
                   c.key, res.answer, which, pr.lo, pr.hi, tname, pr.p, res.bracket_lo, res.bracket_hi, res.tol);
            printf("P(%s) at %.6g: %.1f %% (95 %% interval %.1f-%.1f %%, %ld runs)\n", tname, a->x, 100 * a->p,
                   100 * a->ci_low, 100 * a->ci_high, a->runs);
            break;
        case PS_SOLVE_NO_CROSSING:
            printf("no crossing: P(%s) is %s %g at both ends of [%g, %g] (%.1f %% and %.1f %%): %s\n", tname,
                   res.always_met ? "above" : "below", pr.p, pr.lo, pr.hi, 100 * res.evals[0].p, 100 * res.evals[1].p,
                   res.always_met ? "the target is met often enough over the whole range"
                                  : "no value in the range reaches it");
            break;
        case PS_SOLVE_UNDECIDED:
            if (isfinite(res.undecided_lo))
                printf("undecided: P(%s) cannot be told from %g with %ld runs for %s from %.6g to %.6g; the %s value "
                       "with P >= %g lies in [%.6g, %.6g]\n"
                       "P(%s) at %.6g, the nearest value where it is surely above: %.1f %% (95 %% interval "
                       "%.1f-%.1f %%, %ld runs); more --max-runs narrows the stretch\n",
                       tname, pr.p, pr.max_runs, c.key, res.undecided_lo, res.undecided_hi, which, pr.p,
                       res.bracket_lo, res.bracket_hi, tname, a->x, 100 * a->p, 100 * a->ci_low, 100 * a->ci_high,
                       a->runs);
            else if (a)
                printf("undecided: P(%s) at the end %s = %.6g is %.1f %% (95 %% interval %.1f-%.1f %%, %ld runs), "
                       "within Monte Carlo error of %g\n",
                       tname, c.key, a->x, 100 * a->p, 100 * a->ci_low, 100 * a->ci_high, a->runs, pr.p);
            else
                printf("undecided: P(%s) is within Monte Carlo error of %g at both ends of [%g, %g]\n", tname, pr.p,
                       pr.lo, pr.hi);
            break;
        case PS_SOLVE_NOT_MONOTONE: {
            const ps_solve_eval *p1 = &res.evals[res.bad_a], *p2 = &res.evals[res.bad_b];
            printf("not monotone: P(%s) is %.1f %% at %s = %.6g but %.1f %% at %.6g (95 %% intervals do not overlap), "
                   "against the direction the ends show; no single answer\n",
                   tname, 100 * p1->p, c.key, p1->x, 100 * p2->p, p2->x);
            break;
        }
        }
        printf("%d evaluations, %ld runs in all, %.1f s\n", res.n_evals, total, secs);
        /* Undecided inside the range is an answer, an interval; undecided
         * at an end, no crossing or not monotone is none. */
        if (res.outcome == PS_SOLVE_NO_CROSSING || res.outcome == PS_SOLVE_NOT_MONOTONE ||
            (res.outcome == PS_SOLVE_UNDECIDED && !isfinite(res.undecided_lo)))
            rc = CLI_EXIT_NO_ANSWER;
    }
    cli_job_close(&base);
    cli_job_close(&plain);
    int frc = cli_flush_stdout();
    int brc = cli_finish_batch(o, frc, status, &out, &err, "solve.tsv");
    return brc ? brc : rc;
}
