/* mc.c — Monte Carlo driver: chunks of runs in parallel, results in order
 * (chunking and the fold are those of include/parksim/schedule.h). */
#include "parksim/mc.h"

#include "parksim/output.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

int ps_mc_threads(int requested)
{
#ifdef _OPENMP
    return requested > 0 ? requested : omp_get_max_threads();
#else
    (void)requested;
    return 1; /* built without OpenMP (-DPARKSIM_OPENMP=OFF) */
#endif
}

int ps_mc_pool_init(ps_mc_pool *p, const ps_model *m, int threads, long size, ps_error *err)
{
    memset(p, 0, sizeof *p);
    p->threads = ps_mc_threads(threads);
    p->size = size > 0 ? size : 1;
    p->ws = calloc((size_t)p->threads, sizeof *p->ws);
    p->results = calloc((size_t)p->size, sizeof *p->results);
    int ok = p->ws && p->results;
    for (int t = 0; ok && t < p->threads; t++)
        ok = (p->ws[t] = ps_workspace_alloc(m)) != NULL;
    for (long k = 0; ok && k < p->size; k++)
        ok = (p->results[k] = ps_run_result_alloc(m)) != NULL;
    if (ok)
        return PS_OK;
    int wanted = p->threads;
    ps_mc_pool_free(p);
    return ps_error_set(err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory for %d workspaces", wanted);
}

void ps_mc_pool_free(ps_mc_pool *p)
{
    if (p->ws)
        for (int t = 0; t < p->threads; t++)
            ps_workspace_free(p->ws[t]);
    if (p->results)
        for (long k = 0; k < p->size; k++)
            ps_run_result_free(p->results[k]);
    free(p->ws);
    free(p->results);
    memset(p, 0, sizeof *p);
}

int ps_mc_pool_compute(ps_mc_pool *p, const ps_model *m, long lo, long hi)
{
    assert(hi - lo <= p->size);
    long n = hi - lo;
    int failed = 0, stopped = 0;
    volatile sig_atomic_t *stop = p->stop;
#ifdef _OPENMP
#pragma omp parallel for num_threads(p->threads) schedule(dynamic, 4) reduction(| : failed, stopped)
#endif
    for (long k = 0; k < n; k++) {
#ifdef _OPENMP
        int t = omp_get_thread_num();
#else
        int t = 0;
#endif
        /* A block can take minutes: the stop flag is read before every run. */
        if (stop && *stop) {
            stopped = 1;
            continue;
        }
        ps_run_result *r = p->results[k];
        int rc = ps_model_run(m, p->ws[t], lo + k, r, NULL, NULL);
        failed |= rc != 0;
        /* Formatting the row costs as much as a third of the run: done here,
         * in parallel; out of memory, the fold formats it instead. */
        if (rc == 0 && p->rows)
            (void)ps_format_run_row(m, r);
    }
    return failed ? -1 : stopped ? 1 : 0;
}

int ps_mc_report_fault(const ps_mc_pool *p, long n, ps_error *err)
{
    for (long k = 0; k < n; k++)
        if (p->results[k]->fault[0])
            return ps_error_set(err, PS_ERR_NUMERIC, NULL, 0, NULL, "%s", p->results[k]->fault);
    return ps_error_set(err, PS_ERR_NUMERIC, NULL, 0, NULL, "a run failed");
}

int ps_mc_execute(const ps_model *m, const ps_mc_options *o, ps_accum *acc, long *done, ps_error *err)
{
    *done = 0;
    ps_mc_pool pool;
    int status = ps_mc_pool_init(&pool, m, o->threads, ps_schedule_max_chunk(o->first_run, o->runs), err);
    pool.stop = o->stop;
    pool.rows = o->rows;
    long chunks = ps_schedule_chunks(o->first_run, o->runs);
    for (long c = 0; c < chunks && status == PS_OK; c++) {
        if (o->stop && *o->stop) {
            status = ps_error_set(err, PS_ERR_INTERRUPTED, NULL, 0, NULL,
                                  "interrupted after %ld of %ld runs", *done, o->runs);
            break;
        }
        long lo, hi;
        ps_schedule_chunk(o->first_run, o->runs, c, &lo, &hi);
        int rc = ps_mc_pool_compute(&pool, m, lo, hi);
        if (rc > 0) {
            status = ps_error_set(err, PS_ERR_INTERRUPTED, NULL, 0, NULL,
                                  "interrupted after %ld of %ld runs", *done, o->runs);
            break;
        }
        if (rc != 0) {
            status = ps_mc_report_fault(&pool, hi - lo, err);
            break;
        }
        status = ps_schedule_fold_threads(acc, o->sink, o->sink_ctx, pool.results, hi - lo, pool.threads, err);
        /* Counted even if recording failed: the status says so. */
        *done += hi - lo;
        if (o->progress)
            o->progress(o->progress_ctx, *done, o->runs);
    }
    ps_mc_pool_free(&pool);
    return status;
}
