/* test_schedule.c — the one scheduling core: chunks of a run range (also
 * ranges starting mid-block), shard ranges that cover every run exactly
 * once and stay where existing shards put them, owner ranks, the
 * in-order fold with its error semantics, and its order-free counts
 * added by slices over threads. */
#include <stdlib.h>
#include <string.h>

#include "parksim/accum.h"
#include "parksim/mc.h"
#include "parksim/schedule.h"
#include "test_util.h"

#define LOGNORMAL "tests/data/model/lognormal.cfg"

static const long firsts[] = {0, 1, 5, 1000, 1023, 1024, 1025, 2047, 3000, 1L << 40};
static const long counts[] = {0, 1, 2, 23, 24, 1023, 1024, 1025, 2048, 2049, 5000, 10000};
#define N_OF(a) (sizeof a / sizeof a[0])

static void test_chunks_mid_block(void **state)
{
    (void)state;
    long lo, hi;
    /* Runs 1000..2499: the rest of block 0, all of block 1, part of block 2. */
    assert_int_equal(ps_schedule_chunks(1000, 1500), 3);
    ps_schedule_chunk(1000, 1500, 0, &lo, &hi);
    assert_int_equal(lo, 1000), assert_int_equal(hi, 1024);
    ps_schedule_chunk(1000, 1500, 1, &lo, &hi);
    assert_int_equal(lo, 1024), assert_int_equal(hi, 2048);
    ps_schedule_chunk(1000, 1500, 2, &lo, &hi);
    assert_int_equal(lo, 2048), assert_int_equal(hi, 2500);
    assert_int_equal(ps_schedule_chunk_block(1000, 0), 0);
    assert_int_equal(ps_schedule_chunk_block(1000, 2), 2);
    assert_int_equal(ps_schedule_max_chunk(1000, 1500), 1024);
    /* Inside one block: one chunk. */
    assert_int_equal(ps_schedule_chunks(5, 10), 1);
    ps_schedule_chunk(5, 10, 0, &lo, &hi);
    assert_int_equal(lo, 5), assert_int_equal(hi, 15);
    assert_int_equal(ps_schedule_max_chunk(5, 10), 10);
    /* Ending exactly on a boundary, and empty. */
    assert_int_equal(ps_schedule_chunks(1000, 24), 1);
    assert_int_equal(ps_schedule_chunks(1000, 25), 2);
    assert_int_equal(ps_schedule_chunks(1000, 0), 0);
    assert_int_equal(ps_schedule_max_chunk(1000, 0), 1);
    /* Two partial chunks: the larger one. */
    assert_int_equal(ps_schedule_max_chunk(1000, 100), 76);
}

/* Every chunk non-empty, inside one block, the next chunk's start; together
 * exactly [first, first + count); max_chunk the largest. */
static void test_chunks_cover_range(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(firsts); i++)
        for (size_t j = 0; j < N_OF(counts); j++) {
            long first = firsts[i], count = counts[j], chunks = ps_schedule_chunks(first, count);
            long next = first, most = 0;
            for (long c = 0; c < chunks; c++) {
                long lo, hi;
                ps_schedule_chunk(first, count, c, &lo, &hi);
                assert_int_equal(lo, next);
                assert_true(hi > lo);
                assert_int_equal(lo / PS_ACCUM_BLOCK, (hi - 1) / PS_ACCUM_BLOCK);
                assert_int_equal(ps_schedule_chunk_block(first, c), lo / PS_ACCUM_BLOCK);
                most = hi - lo > most ? hi - lo : most;
                next = hi;
            }
            assert_int_equal(next, first + count);
            assert_int_equal(ps_schedule_max_chunk(first, count), most > 0 ? most : 1);
        }
}

/* Shards: contiguous, in index order, on chunk boundaries, covering every
 * run exactly once, and each within one chunk of an even share. */
static void test_shards_cover_every_run_once(void **state)
{
    (void)state;
    static const int shard_counts[] = {1, 2, 3, 4, 5, 7, 10, 16, 33};
    for (size_t i = 0; i < N_OF(firsts); i++)
        for (size_t j = 0; j < N_OF(counts); j++)
            for (size_t k = 0; k < N_OF(shard_counts); k++) {
                long first = firsts[i], count = counts[j], chunks = ps_schedule_chunks(first, count);
                int n = shard_counts[k];
                long next = first;
                for (int s = 0; s < n; s++) {
                    long lo, hi;
                    ps_schedule_shard(first, count, s, n, &lo, &hi);
                    assert_int_equal(lo, next);
                    assert_true(hi >= lo);
                    /* whole chunks: the range splits into chunks of the same bounds */
                    long c_lo, c_hi, shard_chunks = ps_schedule_chunks(lo, hi - lo);
                    assert_true(shard_chunks <= chunks / n + 1);
                    if (shard_chunks > 0) {
                        ps_schedule_chunk(lo, hi - lo, 0, &c_lo, &c_hi);
                        assert_true(c_lo == first || c_lo % PS_ACCUM_BLOCK == 0);
                        assert_true(hi == first + count || hi % PS_ACCUM_BLOCK == 0);
                    }
                    next = hi;
                }
                assert_int_equal(next, first + count);
            }
}

/* The ranges existing shard files record (tests/cli_shards.sh, gen.sh). */
static void test_shard_ranges_unchanged(void **state)
{
    (void)state;
    long lo, hi;
    ps_schedule_shard(0, 2500, 0, 2, &lo, &hi);
    assert_int_equal(lo, 0), assert_int_equal(hi, 1024);
    ps_schedule_shard(0, 2500, 1, 2, &lo, &hi);
    assert_int_equal(lo, 1024), assert_int_equal(hi, 2500);
    ps_schedule_shard(0, 2500, 1, 3, &lo, &hi);
    assert_int_equal(lo, 1024), assert_int_equal(hi, 2048);
    ps_schedule_shard(1000, 1500, 0, 3, &lo, &hi);
    assert_int_equal(lo, 1000), assert_int_equal(hi, 1024);
    /* More shards than chunks: some are empty, chunks I*C/N. */
    ps_schedule_shard(0, 1100, 0, 3, &lo, &hi);
    assert_int_equal(lo, 0), assert_int_equal(hi, 0);
    ps_schedule_shard(0, 1100, 1, 3, &lo, &hi);
    assert_int_equal(lo, 0), assert_int_equal(hi, 1024);
    ps_schedule_shard(0, 1100, 2, 3, &lo, &hi);
    assert_int_equal(lo, 1024), assert_int_equal(hi, 1100);
}

static void test_owner_ranks(void **state)
{
    (void)state;
    for (long c = 0; c < 50; c++) {
        assert_int_equal(ps_schedule_owner(c, 1), 0);
        assert_int_equal(ps_schedule_owner(c, 3), c % 3);
    }
    /* Round robin: ranks get chunk counts within one of each other. */
    int got[4] = {0};
    for (long c = 0; c < 10; c++)
        got[ps_schedule_owner(c, 4)]++;
    assert_int_equal(got[0], 3), assert_int_equal(got[1], 3);
    assert_int_equal(got[2], 2), assert_int_equal(got[3], 2);
}

typedef struct sink_log {
    long seen[16];
    int n, fail_at; /* run at which the sink fails, -1: never */
} sink_log;

static int log_run(void *ctx, const ps_run_result *r)
{
    sink_log *l = ctx;
    l->seen[l->n++] = r->run;
    return r->run == l->fail_at ? -1 : 0;
}

/* The fold hands runs to the accumulator and the sink in run order and
 * stops at the first failure with "could not record run R". */
static void test_fold_order_and_errors(void **state)
{
    (void)state;
    test_job job;
    test_job_open(&job, LOGNORMAL, NULL, 0);
    ps_mc_pool pool;
    ps_error err;
    ps_error_clear(&err);
    assert_int_equal(ps_mc_pool_init(&pool, job.model, 2, 8, &err), PS_OK);
    assert_int_equal(ps_mc_pool_compute(&pool, job.model, 100, 108), 0);

    ps_accum *acc = ps_accum_alloc(job.model);
    sink_log log = {.fail_at = -1};
    assert_int_equal(ps_schedule_fold(acc, log_run, &log, pool.results, 8, &err), PS_OK);
    assert_int_equal(log.n, 8);
    for (int k = 0; k < 8; k++)
        assert_int_equal(log.seen[k], 100 + k);
    assert_int_equal(ps_accum_runs(acc), 8);
    ps_accum_free(acc);

    acc = ps_accum_alloc(job.model);
    log = (sink_log){.fail_at = 103};
    assert_int_equal(ps_schedule_fold(acc, log_run, &log, pool.results, 8, &err), PS_ERR_IO);
    assert_string_equal(err.message, "could not record run 103");
    assert_int_equal(log.n, 4);                /* nothing after the failure */
    assert_int_equal(ps_accum_runs(acc), 4); /* the failed run was added before its sink */
    ps_accum_free(acc);

    /* Without a sink, only the accumulator. */
    acc = ps_accum_alloc(job.model);
    assert_int_equal(ps_schedule_fold(acc, NULL, NULL, pool.results, 8, &err), PS_OK);
    assert_int_equal(ps_accum_runs(acc), 8);
    ps_accum_free(acc);
    ps_mc_pool_free(&pool);
    ps_mc_pool_free(&pool); /* an empty pool frees as a no-op */
    test_job_close(&job);
}

/* The fold's order-free counts by zone and province, added after the
 * ordered part and split over threads by slices of zones and provinces,
 * pack to exactly the bytes of adding every run whole with ps_accum_add
 * (plan_fixed.cfg: 31 provinces, every zone in play); a thread count that
 * does not divide the zones or provinces evenly leaves none out. */
static void test_fold_counts_by_slices(void **state)
{
    (void)state;
    test_job job;
    test_job_open(&job, "scenarios/plan_fixed.cfg", NULL, 0);
    enum { RUNS = 24 };
    ps_mc_pool pool;
    ps_error err;
    ps_error_clear(&err);
    assert_int_equal(ps_mc_pool_init(&pool, job.model, 2, RUNS, &err), PS_OK);
    assert_int_equal(ps_mc_pool_compute(&pool, job.model, 0, RUNS), 0);
    ps_accum *whole = ps_accum_alloc(job.model);
    for (int k = 0; k < RUNS; k++)
        assert_int_equal(ps_accum_add(whole, pool.results[k]), 0);
    size_t n = ps_accum_counts_size(whole);
    double *want = malloc(n * sizeof *want), *got = malloc(n * sizeof *got);
    assert_non_null(want), assert_non_null(got);
    ps_accum_counts_pack(whole, want);
    for (int threads = 1; threads <= 3; threads++) {
        ps_accum *split = ps_accum_alloc(job.model);
        /* two batches, as two chunks */
        assert_int_equal(ps_schedule_fold_threads(split, NULL, NULL, pool.results, 10, threads, &err), PS_OK);
        assert_int_equal(ps_schedule_fold_threads(split, NULL, NULL, pool.results + 10, RUNS - 10, threads, &err),
                         PS_OK);
        assert_int_equal(ps_accum_counts_size(split), n);
        ps_accum_counts_pack(split, got);
        assert_memory_equal(got, want, n * sizeof *got);
        ps_accum_free(split);
    }
    free(want);
    free(got);
    ps_accum_free(whole);
    ps_mc_pool_free(&pool);
    test_job_close(&job);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chunks_mid_block),
        cmocka_unit_test(test_chunks_cover_range),
        cmocka_unit_test(test_shards_cover_every_run_once),
        cmocka_unit_test(test_shard_ranges_unchanged),
        cmocka_unit_test(test_owner_ranks),
        cmocka_unit_test(test_fold_order_and_errors),
        cmocka_unit_test(test_fold_counts_by_slices),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
