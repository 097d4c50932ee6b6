/* mc.h — the Monte Carlo driver: runs [first, first + count) of a model.
 *
 * Runs are computed in chunks of PS_ACCUM_BLOCK consecutive run indices; the
 * runs of a chunk are spread over OpenMP threads, each with its own
 * workspace, and the finished results are then handed, in run order, to the
 * accumulator and to the caller's sink. Nothing depends on which thread ran
 * what, so the output is identical for any number of threads.
 */
#ifndef PARKSIM_MC_H
#define PARKSIM_MC_H

#include <signal.h>

#include "parksim/accum.h"
#include "parksim/model.h"

/* Receives every finished run in increasing run order. Non-zero stops. */
typedef int (*ps_run_sink)(void *ctx, const ps_run_result *r);

typedef struct ps_mc_options {
    long first_run;
    long runs;
    int threads;                        /* <= 0: OpenMP default */
    volatile sig_atomic_t *stop;        /* polled between chunks; may be NULL */
    void (*progress)(void *ctx, long done, long total);
    void *progress_ctx;
    ps_run_sink sink;                   /* may be NULL */
    void *sink_ctx;
} ps_mc_options;

/* Execute the runs into acc (which the caller allocated for m and finishes).
 * Returns PS_OK, PS_ERR_INTERRUPTED if *stop was raised (acc then holds the
 * complete chunks done so far; *done says how many runs), or another status. */
int ps_mc_execute(const ps_model *m, const ps_mc_options *o, ps_accum *acc, long *done, ps_error *err);

/* Compute the chunk of runs [first, first + n) into results[0..n) using
 * `threads` threads and per-thread workspaces ws[0..threads). Used by
 * ps_mc_execute and by the MPI driver. */
int ps_mc_compute_chunk(const ps_model *m, ps_workspace **ws, int threads, long first, long n,
                        ps_run_result **results);

#endif
