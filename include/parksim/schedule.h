/* schedule.h — which runs are computed together, by whom, and how their
 * results are folded into the accumulator.
 *
 * The one place where the runs [first, first + count) of a batch are cut
 * into chunks: chunk boundaries are the multiples of PS_ACCUM_BLOCK inside
 * the range, so every chunk lies in a single accumulator block and a run's
 * block never depends on where the batch started. Threads (mc.c) compute a
 * chunk at a time; MPI ranks own chunks c % ranks; shard I of N takes the
 * contiguous chunks [I*C/N, (I+1)*C/N). Whoever computes a chunk, its
 * results are folded into the accumulator in run order by
 * ps_schedule_fold, which is what makes the output independent of threads,
 * ranks and shards (see include/parksim/accum.h).
 *
 * Everything here is a pure function of its arguments: thread-safe.
 */
#ifndef PARKSIM_SCHEDULE_H
#define PARKSIM_SCHEDULE_H

#include "parksim/accum.h"
#include "parksim/error.h"
#include "parksim/model.h"

/* Receives every finished run in increasing run order. Non-zero stops. */
typedef int (*ps_run_sink)(void *ctx, const ps_run_result *r);

/* Number of chunks of runs [first, first + count); 0 if count <= 0.
 * first must be >= 0. */
long ps_schedule_chunks(long first, long count);

/* Runs [*lo, *hi) of chunk c, 0 <= c < ps_schedule_chunks(first, count). */
void ps_schedule_chunk(long first, long count, long c, long *lo, long *hi);

/* The accumulator block chunk c lies in. */
long ps_schedule_chunk_block(long first, long c);

/* Most runs any chunk of the range holds (at least 1): the size of the
 * per-chunk result buffers. */
long ps_schedule_max_chunk(long first, long count);

/* Runs [*lo, *hi) of shard index of shards (0 <= index < shards): the
 * contiguous chunks [index*C/shards, (index+1)*C/shards) of the C chunks
 * of the range. May be empty when there are more shards than chunks. */
void ps_schedule_shard(long first, long count, int index, int shards, long *lo, long *hi);

/* MPI rank that computes chunk c when ranks ranks share the work. */
int ps_schedule_owner(long c, int ranks);

/* Hand results[0..n) (consecutive runs, in run order) to ps_accum_add and
 * then, run by run, to sink (may be NULL). Stops at the first failure and
 * returns PS_ERR_IO ("could not record run R"); PS_OK otherwise. */
int ps_schedule_fold(ps_accum *acc, ps_run_sink sink, void *sink_ctx, ps_run_result *const *results, long n,
                     ps_error *err);
/* The same, with the order-free counts by zone and province of the n runs
 * added after them by `threads` threads (ps_accum_add_counts); only the
 * ordered part is serial. After a failure those counts of the batch are
 * not added (an accumulator whose fold failed gives no results).
 * ps_schedule_fold is this with one thread. */
int ps_schedule_fold_threads(ps_accum *acc, ps_run_sink sink, void *sink_ctx, ps_run_result *const *results,
                             long n, int threads, ps_error *err);

#endif
