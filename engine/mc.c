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

/* The fold of the chunk before, done by one thread while the others
 * start the next chunk: its status, PS_OK when there was none. */
typedef struct pending_fold {
    bool active;
    ps_accum *acc;
    ps_run_sink sink;
    void *sink_ctx;
    ps_run_result *const *results;
    long n;
    int status;
    ps_error err;
} pending_fold;

/* ps_mc_pool_compute of runs [lo, hi) while one thread, before it joins in,
 * folds the previous chunk f (in run order, as ps_schedule_fold_threads:
 * the same bytes; it only runs at the same time as other runs). */
static int compute_and_fold(ps_mc_pool *p, const ps_model *m, long lo, long hi, pending_fold *f)
{
    assert(hi - lo <= p->size);
    long n = hi - lo;
    int failed = 0, stopped = 0;
    volatile sig_atomic_t *stop = p->stop;
    f->status = PS_OK;
#ifdef _OPENMP
#pragma omp parallel num_threads(p->threads) reduction(| : failed, stopped)
#endif
    {
#ifdef _OPENMP
#pragma omp single nowait
#endif
        if (f->active) /* one thread: the counts are added serially here */
            f->status = ps_schedule_fold_threads(f->acc, f->sink, f->sink_ctx, f->results, f->n, 1, &f->err);
#ifdef _OPENMP
#pragma omp for schedule(dynamic, 4) nowait
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
            /* Formatting the row costs as much as a third of the run: done
             * here, in parallel; out of memory, the fold formats it instead. */
            if (rc == 0 && p->rows)
                (void)ps_format_run_row(m, r);
        }
    }
    return failed ? -1 : stopped ? 1 : 0;
}

int ps_mc_pool_compute(ps_mc_pool *p, const ps_model *m, long lo, long hi)
{
    pending_fold none = {.active = false};
    return compute_and_fold(p, m, lo, hi, &none);
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
    /* Two pools: chunk c is computed into one while chunk c - 1, in the
     * other, is folded. With one thread, one pool and no overlap. */
    ps_mc_pool pool[2];
    long size = ps_schedule_max_chunk(o->first_run, o->runs);
    int status = ps_mc_pool_init(&pool[0], m, o->threads, size, err);
    bool overlap = status == PS_OK && pool[0].threads > 1 && ps_schedule_chunks(o->first_run, o->runs) > 1;
    memset(&pool[1], 0, sizeof pool[1]);
    if (overlap)
        status = ps_mc_pool_init(&pool[1], m, o->threads, size, err);
    for (int b = 0; b < 2; b++)
        pool[b].stop = o->stop, pool[b].rows = o->rows;
    pending_fold f = {.acc = acc, .sink = o->sink, .sink_ctx = o->sink_ctx};
    long chunks = ps_schedule_chunks(o->first_run, o->runs);
    for (long c = 0; c <= chunks && status == PS_OK; c++) {
        ps_mc_pool *p = &pool[overlap ? c % 2 : 0];
        long lo = 0, hi = 0;
        if (c < chunks)
            ps_schedule_chunk(o->first_run, o->runs, c, &lo, &hi);
        int rc = 0;
        if (o->stop && *o->stop && (c < chunks || f.active)) {
            /* Stopped between chunks (Ctrl-C, or a progress callback that
             * has seen enough): the chunk computed alongside the last fold
             * is dropped, so the runs kept are those a single thread keeps. */
            rc = 1;
            f.active = false;
        } else if (overlap)
            rc = compute_and_fold(p, m, lo, hi, &f);
        else if (c < chunks)
            rc = ps_mc_pool_compute(p, m, lo, hi);
        if (f.active) { /* the chunk before, folded alongside */
            f.active = false;
            *done += f.n; /* counted even if recording failed, as below */
            if (f.status != PS_OK) {
                *err = f.err;
                status = f.status;
                break;
            }
            if (o->progress)
                o->progress(o->progress_ctx, *done, o->runs);
        }
        if (rc > 0) {
            status = ps_error_set(err, PS_ERR_INTERRUPTED, NULL, 0, NULL,
                                  "interrupted after %ld of %ld runs", *done, o->runs);
            break;
        }
        if (rc != 0) {
            status = ps_mc_report_fault(p, hi - lo, err);
            break;
        }
        if (c == chunks)
            break;
        f.results = p->results, f.n = hi - lo;
        if (overlap) {
            f.active = true; /* folded while the next chunk runs */
            continue;
        }
        status = ps_schedule_fold_threads(acc, o->sink, o->sink_ctx, p->results, hi - lo, p->threads, err);
        /* Counted even if recording failed: the status says so. */
        *done += hi - lo;
        if (o->progress)
            o->progress(o->progress_ctx, *done, o->runs);
    }
    ps_mc_pool_free(&pool[0]);
    ps_mc_pool_free(&pool[1]);
    return status;
}
