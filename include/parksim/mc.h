/* mc.h — the Monte Carlo driver: runs [first, first + count) of a model.
 *
 * Runs are computed chunk by chunk (include/parksim/schedule.h: chunks end
 * on accumulator block boundaries); the runs of a chunk are spread over
 * OpenMP threads, each with its own workspace, and the finished results are
 * then folded, in run order, into the accumulator and the caller's sink;
 * with more than one thread, one thread folds chunk c while the others
 * compute chunk c + 1 (two sets of results; the fold order is unchanged).
 * Nothing depends on which thread ran what, so the output is identical for
 * any number of threads.
 */
#ifndef PARKSIM_MC_H
#define PARKSIM_MC_H

#include <signal.h>
#include <stdbool.h>

#include "parksim/accum.h"
#include "parksim/model.h"
#include "parksim/schedule.h" /* ps_run_sink */

typedef struct ps_mc_options {
    long first_run;
    long runs;
    int threads;                        /* <= 0: OpenMP default */
    volatile sig_atomic_t *stop;        /* polled between chunks; may be NULL */
    void (*progress)(void *ctx, long done, long total);
    void *progress_ctx;
    ps_run_sink sink;                   /* may be NULL */
    void *sink_ctx;
    bool rows;                          /* the sink writes runs.tsv rows: format them on the threads */
} ps_mc_options;

/* Threads the runs of a chunk use when `requested` are asked for: requested,
 * or OpenMP's default (all cores, or OMP_NUM_THREADS) when requested <= 0;
 * always 1 in a build without OpenMP (-DPARKSIM_OPENMP=OFF). */
int ps_mc_threads(int requested);

/* Execute the runs into acc (which the caller allocated for m and finishes).
 * Returns PS_OK, PS_ERR_INTERRUPTED if *stop was raised (acc then holds the
 * complete chunks done so far; *done says how many runs), or another status. */
int ps_mc_execute(const ps_model *m, const ps_mc_options *o, ps_accum *acc, long *done, ps_error *err);

/* What computing a chunk needs: a workspace per thread and a result per
 * run of the largest chunk. Used by ps_mc_execute and by the MPI driver;
 * one pool per thread of control (not shared). */
typedef struct ps_mc_pool {
    int threads;              /* OpenMP threads of a chunk */
    long size;                /* results available */
    ps_workspace **ws;        /* [threads] */
    ps_run_result **results;  /* [size]; run lo + k of the last chunk in results[k] */
    volatile sig_atomic_t *stop; /* if set and raised, a chunk stops between runs (NULL: never) */
    bool rows;                /* format each run's runs.tsv row on its thread (ps_format_run_row) */
} ps_mc_pool;

/* Pool for threads threads (<= 0: OpenMP default) and chunks of at most
 * size runs. PS_OK, or PS_ERR_NOMEM with *p empty. */
int ps_mc_pool_init(ps_mc_pool *p, const ps_model *m, int threads, long size, ps_error *err);
/* Free what ps_mc_pool_init allocated; an empty (zeroed) pool is a no-op. */
void ps_mc_pool_free(ps_mc_pool *p);

/* Compute runs [lo, hi) (hi - lo <= p->size) into p->results[0..hi-lo).
 * Returns 0; -1 if a run failed (its result's fault says why when the
 * model stopped it); 1 if *p->stop was raised during the chunk, whose
 * results are then incomplete and must be dropped. */
int ps_mc_pool_compute(ps_mc_pool *p, const ps_model *m, long lo, long hi);
/* PS_ERR_NUMERIC in err, with the fault of the first failed run of the
 * last chunk of n runs (the lowest run number: the same for any thread
 * count). */
int ps_mc_report_fault(const ps_mc_pool *p, long n, ps_error *err);

#endif
