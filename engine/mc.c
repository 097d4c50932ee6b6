/* mc.c — Monte Carlo driver: chunks of runs in parallel, results in order. */
#include "parksim/mc.h"

#include <stdlib.h>

#include <omp.h>

int ps_mc_compute_chunk(const ps_model *m, ps_workspace **ws, int threads, long first, long n,
                        ps_run_result **results)
{
    int failed = 0;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 4) reduction(| : failed)
    for (long k = 0; k < n; k++) {
        int t = omp_get_thread_num();
        failed |= ps_model_run(m, ws[t], first + k, results[k], NULL, NULL) != 0;
    }
    return failed ? -1 : 0;
}

static void free_pools(ps_workspace **ws, int threads, ps_run_result **results, long n)
{
    if (ws)
        for (int t = 0; t < threads; t++)
            ps_workspace_free(ws[t]);
    if (results)
        for (long k = 0; k < n; k++)
            ps_run_result_free(results[k]);
    free(ws);
    free(results);
}

int ps_mc_execute(const ps_model *m, const ps_mc_options *o, ps_accum *acc, long *done, ps_error *err)
{
    int threads = o->threads > 0 ? o->threads : omp_get_max_threads();
    long chunk = o->runs < PS_ACCUM_BLOCK ? o->runs : PS_ACCUM_BLOCK;
    *done = 0;
    ps_workspace **ws = calloc((size_t)threads, sizeof *ws);
    ps_run_result **results = calloc((size_t)(chunk > 0 ? chunk : 1), sizeof *results);
    int ok = ws && results;
    for (int t = 0; ok && t < threads; t++)
        ok = (ws[t] = ps_workspace_alloc(m)) != NULL;
    for (long k = 0; ok && k < chunk; k++)
        ok = (results[k] = ps_run_result_alloc(m)) != NULL;
    if (!ok) {
        free_pools(ws, threads, results, chunk);
        return ps_error_set(err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory for %d workspaces", threads);
    }
    int status = PS_OK;
    long first = o->first_run, end = o->first_run + o->runs;
    while (first < end && status == PS_OK) {
        if (o->stop && *o->stop) {
            status = ps_error_set(err, PS_ERR_INTERRUPTED, NULL, 0, NULL,
                                  "interrupted after %ld of %ld runs", *done, o->runs);
            break;
        }
        /* Chunks end on block boundaries so a run's block never depends on
         * where the batch started. */
        long block_end = (first / PS_ACCUM_BLOCK + 1) * PS_ACCUM_BLOCK;
        long n = (block_end < end ? block_end : end) - first;
        if (ps_mc_compute_chunk(m, ws, threads, first, n, results) != 0) {
            status = ps_error_set(err, PS_ERR_NUMERIC, NULL, 0, NULL, "a run failed");
            break;
        }
        for (long k = 0; k < n && status == PS_OK; k++) {
            if (ps_accum_add(acc, results[k]) != 0 ||
                (o->sink && o->sink(o->sink_ctx, results[k]) != 0))
                status = ps_error_set(err, PS_ERR_IO, NULL, 0, NULL, "could not record run %ld", first + k);
        }
        first += n;
        *done += n;
        if (o->progress)
            o->progress(o->progress_ctx, *done, o->runs);
    }
    free_pools(ws, threads, results, chunk);
    return status;
}
