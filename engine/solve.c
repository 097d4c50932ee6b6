/* solve.c — bisection for the lever value where a Monte Carlo probability
 * crosses a level, with Wilson intervals deciding each side and runs
 * doubled where they cannot (include/parksim/solve.h). The interval is
 * Wilson's score interval (Wilson 1927), as everywhere in parksim. */
#include "parksim/solve.h"

#include <math.h>
#include <stddef.h>

#include "parksim/accum.h"

const char *ps_solve_outcome_name(ps_solve_outcome o)
{
    switch (o) {
    case PS_SOLVE_FOUND: return "found";
    case PS_SOLVE_NO_CROSSING: return "no crossing";
    case PS_SOLVE_UNDECIDED: return "undecided";
    case PS_SOLVE_NOT_MONOTONE: return "not monotone";
    }
    return "?";
}

const char *ps_solve_decision_name(int decision)
{
    return decision > 0 ? "above" : decision < 0 ? "below" : "undecided";
}

/* Evaluate at x, doubling the runs until the interval excludes p or
 * max_runs is reached; append the evaluation to res. */
static int evaluate(const ps_solve_params *pr, ps_solve_eval_fn fn, void *ctx, double x, int step,
                    ps_solve_result *res, ps_error *err)
{
    if (res->n_evals >= PS_SOLVE_MAX_EVALS)
        return ps_error_set(err, PS_ERR_NUMERIC, NULL, 0, NULL, "more than %d evaluations", PS_SOLVE_MAX_EVALS);
    ps_solve_eval *e = &res->evals[res->n_evals];
    *e = (ps_solve_eval){step, x, 0, 0, 0, 0, 1, PS_SOLVE_UNDECIDED_AT};
    long runs = pr->runs0;
    for (;;) {
        unsigned long met = 0;
        int status = fn(ctx, x, e->runs, runs - e->runs, &met, err);
        if (status)
            return status;
        e->met += met;
        e->runs = runs;
        e->p = (double)e->met / (double)e->runs;
        ps_wilson(e->met, (unsigned long)e->runs, &e->ci_low, &e->ci_high);
        e->decision = e->ci_low > pr->p ? PS_SOLVE_ABOVE : e->ci_high < pr->p ? PS_SOLVE_BELOW : PS_SOLVE_UNDECIDED_AT;
        if (e->decision != PS_SOLVE_UNDECIDED_AT || runs >= pr->max_runs)
            break;
        runs = runs > pr->max_runs / 2 ? pr->max_runs : 2 * runs;
    }
    res->n_evals++;
    return PS_OK;
}

/* The newest evaluation against every earlier one: with P rising
 * (direction +1), x_a < x_b must not have P(a) above P(b) beyond both
 * intervals. Returns true (bad_a, bad_b set) on a contradiction. */
static bool contradicts(ps_solve_result *res)
{
    const ps_solve_eval *n = &res->evals[res->n_evals - 1];
    for (int i = 0; i < res->n_evals - 1; i++) {
        const ps_solve_eval *e = &res->evals[i];
        const ps_solve_eval *lo = e->x < n->x ? e : n, *hi = e->x < n->x ? n : e;
        if (e->x == n->x)
            continue;
        bool bad = res->direction > 0 ? lo->ci_low > hi->ci_high : lo->ci_high < hi->ci_low;
        if (bad) {
            res->bad_a = i;
            res->bad_b = res->n_evals - 1;
            return true;
        }
    }
    return false;
}

int ps_solve(const ps_solve_params *pr, ps_solve_eval_fn fn, void *ctx, ps_solve_result *res, ps_error *err)
{
    res->n_evals = 0;
    res->direction = 0;
    res->always_met = false;
    res->answer = res->undecided_lo = res->undecided_hi = NAN;
    res->bracket_lo = pr->lo, res->bracket_hi = pr->hi;
    res->answer_eval = res->bad_a = res->bad_b = -1;
    if (!(pr->lo < pr->hi) || !isfinite(pr->lo) || !isfinite(pr->hi))
        return ps_error_set(err, PS_ERR_CONFIG, NULL, 0, "lever", "expected LO < HI, got %g:%g", pr->lo, pr->hi);
    if (pr->integer && (pr->lo != floor(pr->lo) || pr->hi != floor(pr->hi)))
        return ps_error_set(err, PS_ERR_CONFIG, NULL, 0, "lever", "an integer setting needs integer LO and HI");
    if (!(pr->p > 0 && pr->p < 1))
        return ps_error_set(err, PS_ERR_CONFIG, NULL, 0, "p", "expected a probability above 0 and below 1, got %g",
                            pr->p);
    if (pr->runs0 < 1 || pr->max_runs < pr->runs0)
        return ps_error_set(err, PS_ERR_CONFIG, NULL, 0, "max-runs", "expected at least the first runs (%ld), got %ld",
                            pr->runs0, pr->max_runs);
    res->tol = pr->tol > 0 ? pr->tol : pr->integer ? 1 : (pr->hi - pr->lo) / 100;
    if (pr->integer && res->tol < 1)
        res->tol = 1;
    int status = evaluate(pr, fn, ctx, pr->lo, 0, res, err);
    if (!status)
        status = evaluate(pr, fn, ctx, pr->hi, 1, res, err);
    if (status)
        return status;
    int d_lo = res->evals[0].decision, d_hi = res->evals[1].decision;
    if (d_lo == 0 || d_hi == 0) {
        res->outcome = PS_SOLVE_UNDECIDED;
        res->direction = d_lo == 0 ? d_hi : -d_lo;
        res->answer_eval = d_lo == 0 ? 0 : 1;
        if (d_lo == 0 && d_hi == 0)
            res->answer_eval = -1;
        else {
            res->answer = res->evals[res->answer_eval].x;
            res->bracket_lo = res->bracket_hi = res->answer;
        }
        return PS_OK;
    }
    if (d_lo == d_hi) {
        res->outcome = PS_SOLVE_NO_CROSSING;
        res->always_met = d_lo > 0;
        return PS_OK;
    }
    res->direction = d_hi;
    /* below/above: the nearest values decided on each side; u_below/u_above:
     * of the values tried between them that stayed undecided, the ones
     * nearest below and above (NAN: none). The search narrows the gap on
     * each side of the undecided stretch, the wider gap first. */
    double above = d_hi > 0 ? pr->hi : pr->lo, below = d_hi > 0 ? pr->lo : pr->hi;
    double u_below = NAN, u_above = NAN;
    int above_eval = d_hi > 0 ? 1 : 0;
    for (int step = 2;; step++) {
        double from, to;
        if (isnan(u_below))
            from = below, to = above;
        else {
            double g1 = fabs(u_below - below), g2 = fabs(above - u_above);
            if (g1 >= g2)
                from = below, to = u_below;
            else
                from = u_above, to = above;
        }
        if (fabs(to - from) <= res->tol)
            break;
        double mid = pr->integer ? floor((from + to) / 2) : (from + to) / 2;
        if (pr->integer && mid == fmin(from, to))
            mid += 1; /* floor toward the larger end: still strictly between when the gap is >= 2 */
        if (mid == from || mid == to)
            break; /* no number between them */
        if ((status = evaluate(pr, fn, ctx, mid, step, res, err)))
            return status;
        if (contradicts(res)) {
            res->outcome = PS_SOLVE_NOT_MONOTONE;
            return PS_OK;
        }
        int d = res->evals[res->n_evals - 1].decision;
        if (d > 0)
            above = mid, above_eval = res->n_evals - 1;
        else if (d < 0)
            below = mid;
        /* The undecided values still strictly between below and above. */
        u_below = u_above = NAN;
        for (int i = 0; i < res->n_evals; i++) {
            const ps_solve_eval *e = &res->evals[i];
            double lo = fmin(below, above), hi = fmax(below, above);
            if (e->decision != PS_SOLVE_UNDECIDED_AT || !(e->x > lo && e->x < hi))
                continue;
            if (isnan(u_below) || fabs(e->x - below) < fabs(u_below - below))
                u_below = e->x;
            if (isnan(u_above) || fabs(above - e->x) < fabs(above - u_above))
                u_above = e->x;
        }
    }
    res->bracket_lo = fmin(above, below), res->bracket_hi = fmax(above, below);
    res->answer = above;
    res->answer_eval = above_eval;
    if (!isnan(u_below)) {
        res->outcome = PS_SOLVE_UNDECIDED;
        res->undecided_lo = fmin(u_below, u_above), res->undecided_hi = fmax(u_below, u_above);
        return PS_OK;
    }
    res->outcome = PS_SOLVE_FOUND;
    return PS_OK;
}
