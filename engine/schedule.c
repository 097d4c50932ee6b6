/* schedule.c — chunks, shards, owners and the in-order fold (see
 * include/parksim/schedule.h). The only file besides accum.c that does
 * arithmetic with PS_ACCUM_BLOCK. */
#include "parksim/schedule.h"

#include <assert.h>

long ps_schedule_chunks(long first, long count)
{
    assert(first >= 0);
    return count > 0 ? (first + count - 1) / PS_ACCUM_BLOCK - first / PS_ACCUM_BLOCK + 1 : 0;
}

/* First run of chunk c (c == chunks: one past the last run). */
static long chunk_start(long first, long count, long c)
{
    if (c <= 0)
        return first;
    if (c >= ps_schedule_chunks(first, count))
        return first + count;
    return (first / PS_ACCUM_BLOCK + c) * PS_ACCUM_BLOCK;
}

void ps_schedule_chunk(long first, long count, long c, long *lo, long *hi)
{
    assert(c >= 0 && c < ps_schedule_chunks(first, count));
    *lo = chunk_start(first, count, c);
    *hi = chunk_start(first, count, c + 1);
}

long ps_schedule_chunk_block(long first, long c)
{
    assert(first >= 0 && c >= 0);
    return first / PS_ACCUM_BLOCK + c;
}

long ps_schedule_max_chunk(long first, long count)
{
    long chunks = ps_schedule_chunks(first, count), most = 1, lo, hi;
    if (chunks > 2)
        return PS_ACCUM_BLOCK; /* an inner chunk is a whole block */
    for (long c = 0; c < chunks; c++) {
        ps_schedule_chunk(first, count, c, &lo, &hi);
        most = hi - lo > most ? hi - lo : most;
    }
    return most;
}

void ps_schedule_shard(long first, long count, int index, int shards, long *lo, long *hi)
{
    assert(shards >= 1 && index >= 0);
    long chunks = ps_schedule_chunks(first, count);
    *lo = chunk_start(first, count, (long)((long long)index * chunks / shards));
    *hi = chunk_start(first, count, (long)((long long)(index + 1) * chunks / shards));
}

int ps_schedule_owner(long c, int ranks)
{
    assert(c >= 0 && ranks >= 1);
    return (int)(c % ranks);
}

int ps_schedule_fold(ps_accum *acc, ps_run_sink sink, void *sink_ctx, ps_run_result *const *results, long n,
                     ps_error *err)
{
    return ps_schedule_fold_threads(acc, sink, sink_ctx, results, n, 1, err);
}

int ps_schedule_fold_threads(ps_accum *acc, ps_run_sink sink, void *sink_ctx, ps_run_result *const *results,
                             long n, int threads, ps_error *err)
{
    for (long k = 0; k < n; k++) {
        const ps_run_result *r = results[k];
        assert(r->run == results[0]->run + k);
        if (ps_accum_add_ordered(acc, r) != 0 || (sink && sink(sink_ctx, r) != 0))
            return ps_error_set(err, PS_ERR_IO, NULL, 0, NULL, "could not record run %ld", r->run);
    }
    ps_accum_add_counts(acc, results, n, threads);
    return PS_OK;
}
