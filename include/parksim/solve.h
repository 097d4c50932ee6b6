/* solve.h — the lever value at which a probability reaches a level: the
 * smallest x in [lo, hi] with P(x) >= p when P rises with x, the largest
 * when it falls, by bisection on Monte Carlo estimates that share their
 * random numbers (every evaluation uses the same run indices).
 *
 * Each evaluation counts successes in runs [0, N) at x; it is "above" when
 * the 95 % Wilson interval of met/N lies entirely above p (ci_low > p),
 * "below" when entirely below (ci_high < p); otherwise the runs at x are
 * doubled (runs [N, 2N) added: the callback is asked for the new runs only)
 * up to max_runs, and if still neither it is "undecided".
 *   1. Both ends are evaluated. Same side: no crossing in the range
 *      (PS_SOLVE_NO_CROSSING; always_met says which side). An end
 *      undecided: P there is p within Monte Carlo error
 *      (PS_SOLVE_UNDECIDED, the answer is that end).
 *   2. Bisection: the midpoint of the bracket (for an integer lever an
 *      integer strictly inside) replaces the end on its side, until the
 *      bracket is no wider than tol (integer lever: 1). A midpoint left
 *      undecided splits the search: both gaps between it and the decided
 *      ends are bisected in turn (the wider first), so the result is the
 *      bracket [last below, last above] around a stretch
 *      [undecided_lo, undecided_hi] where P cannot be told from p with
 *      max_runs runs (PS_SOLVE_UNDECIDED); answer is then the value
 *      nearest it decided above p, the safe choice.
 *   3. After every evaluation, if two evaluations contradict the direction
 *      beyond Monte Carlo error (x1 < x2 but, for a rising P, the interval
 *      at x1 lies above the one at x2), stop with PS_SOLVE_NOT_MONOTONE.
 * Pure given the callback: no globals, no printing.
 */
#ifndef PARKSIM_SOLVE_H
#define PARKSIM_SOLVE_H

#include <stdbool.h>

#include "parksim/error.h"

/* Count successes among runs [first, first + count) at lever value x into
 * *met. Returns PS_OK or a ps_status (err filled); PS_ERR_INTERRUPTED stops. */
typedef int (*ps_solve_eval_fn)(void *ctx, double x, long first, long count, unsigned long *met, ps_error *err);

typedef struct ps_solve_params {
    double lo, hi; /* the range, lo < hi */
    double p;      /* level, in (0, 1) */
    double tol;    /* bracket width to stop at; <= 0: (hi - lo) / 100, or 1 for an integer lever */
    long runs0;    /* runs of a first evaluation (>= 1) */
    long max_runs; /* most runs at one point (>= runs0) */
    bool integer;  /* lever takes integer values (lo, hi integers) */
} ps_solve_params;

enum { PS_SOLVE_BELOW = -1, PS_SOLVE_UNDECIDED_AT = 0, PS_SOLVE_ABOVE = 1 };

typedef struct ps_solve_eval {
    int step;            /* 0, 1: the ends; then bisection steps */
    double x;
    long runs;
    unsigned long met;
    double p, ci_low, ci_high;
    int decision;        /* PS_SOLVE_BELOW, _UNDECIDED_AT, _ABOVE */
} ps_solve_eval;

typedef enum ps_solve_outcome {
    PS_SOLVE_FOUND,        /* answer, with bracket [bracket_lo, bracket_hi] */
    PS_SOLVE_NO_CROSSING,  /* both ends on one side (always_met says which) */
    PS_SOLVE_UNDECIDED,    /* P within MC error of p on [undecided_lo, undecided_hi] (or at an end) */
    PS_SOLVE_NOT_MONOTONE, /* evaluations bad_a and bad_b contradict each other */
} ps_solve_outcome;

#define PS_SOLVE_MAX_EVALS 256

typedef struct ps_solve_result {
    ps_solve_outcome outcome;
    int direction;     /* +1: P rises with x; -1: falls; 0 unknown */
    bool always_met;   /* NO_CROSSING: both ends above p (else both below) */
    double answer;     /* FOUND, UNDECIDED */
    double bracket_lo, bracket_hi;
    double undecided_lo, undecided_hi; /* UNDECIDED in the bisection: the values tried where P ~ p */
    int answer_eval;   /* index in evals of the evaluation at answer, -1 if none */
    int bad_a, bad_b;  /* NOT_MONOTONE: the contradicting evaluations */
    double tol;        /* the tolerance used */
    int n_evals;
    ps_solve_eval evals[PS_SOLVE_MAX_EVALS];
} ps_solve_result;

/* Name of an outcome ("found", "no crossing", ...); of a decision
 * ("above", "below", "undecided"). */
const char *ps_solve_outcome_name(ps_solve_outcome o);
const char *ps_solve_decision_name(int decision);

/* Solve. Returns PS_OK (the outcome in *res) or PS_ERR_CONFIG for bad
 * parameters, or the callback's status (res holds the evaluations so far). */
int ps_solve(const ps_solve_params *params, ps_solve_eval_fn fn, void *ctx, ps_solve_result *res, ps_error *err);

#endif
