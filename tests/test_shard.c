/* test_shard.c — the shard file: written and read back exactly, a merged
 * set equal bit for bit to one accumulator over the same runs, and every
 * refusal with its exact file:line message (truncated, no 'end', bad
 * numbers, oversized counts or cells, zero shards, counts above the run
 * count, overlapping, missing and foreign shards). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parksim/accum.h"
#include "parksim/mc.h"
#include "parksim/schedule.h"
#include "parksim/shard.h"
#include "test_util.h"

#define LOGNORMAL "tests/data/model/lognormal.cfg"
/* Runs 1000..2199: a partial first block, a whole one, a partial last one. */
#define FIRST 1000L
static const char *const SETS[] = {"run.runs=1200"};

static test_job job;
static char root[64];

/* Moments of every block as written, to compare with what is read back. */
typedef struct block_log {
    FILE *f;
    long n, index[8];
    ps_moments *moments[8];
} block_log;

static int log_block(void *ctx, long block, const ps_moments *moments, int n_cells)
{
    block_log *l = ctx;
    l->index[l->n] = block;
    l->moments[l->n] = malloc(sizeof *moments * (size_t)n_cells);
    memcpy(l->moments[l->n++], moments, sizeof *moments * (size_t)n_cells);
    return ps_shard_put_block(l->f, block, moments, n_cells);
}

/* Compute shard index/count into root/name (dir, shard.partial,
 * scenario.cfg) and return its accumulator; log gets its blocks. */
static ps_accum *write_shard(const char *name, int index, int count, block_log *log)
{
    char dir[256], path[300];
    snprintf(dir, sizeof dir, "%s/%s", root, name);
    assert_int_equal(mkdir(dir, 0755), 0);
    ps_accum *acc = ps_accum_alloc(job.model);
    ps_shard s;
    ps_shard_init(&s, &job.sc, FIRST, index, count, ps_accum_cells(acc));
    snprintf(path, sizeof path, "%s/%s", dir, PS_SHARD_FILE);
    block_log local = {0};
    block_log *l = log ? log : &local;
    l->f = fopen(path, "w");
    assert_non_null(l->f);
    ps_provenance prov = {.command = "run", .scenario = job.sc.path, .hash = job.sc.hash, .seed = job.sc.run.seed,
                          .first_run = FIRST, .runs = job.sc.run.runs, .runs_done = job.sc.run.runs,
                          .generator = job.sc.run.generator, .threads = 2, .ranks = 1, .shard = "test"};
    ps_shard_write_header(l->f, &s, &prov);
    ps_accum_on_block(acc, log_block, l);
    ps_mc_options mo = {.first_run = s.lo, .runs = s.hi - s.lo, .threads = 2};
    long done;
    ps_error err;
    assert_int_equal(ps_mc_execute(job.model, &mo, acc, &done, &err), PS_OK);
    assert_int_equal(ps_accum_finish(acc), 0);
    assert_int_equal(ps_shard_write_counts(l->f, acc, &err), PS_OK);
    assert_int_equal(fclose(l->f), 0);
    snprintf(path, sizeof path, "%s/scenario.cfg", dir);
    FILE *f = fopen(path, "w");
    assert_int_equal(ps_scenario_write(&job.sc, f), 0);
    fclose(f);
    for (long b = 0; b < local.n; b++)
        free(local.moments[b]);
    return acc;
}

static int setup(void **state)
{
    (void)state;
    test_job_open(&job, LOGNORMAL, SETS, 1);
    snprintf(root, sizeof root, "/tmp/test_shard.XXXXXX");
    if (!mkdtemp(root))
        return -1;
    /* The set every test reads: shards 0/2 and 1/2. */
    ps_accum_free(write_shard("s0", 0, 2, NULL));
    ps_accum_free(write_shard("s1", 1, 2, NULL));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    int rc = system(cmd);
    test_job_close(&job);
    return rc;
}

static void assert_same_counts(const ps_accum *a, const ps_accum *b)
{
    size_t n = ps_accum_counts_size(a);
    assert_int_equal(n, ps_accum_counts_size(b));
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    ps_accum_counts_pack(a, x);
    ps_accum_counts_pack(b, y);
    assert_memory_equal(x, y, n * sizeof *x);
    free(x), free(y);
}

static void test_round_trip_exact(void **state)
{
    (void)state;
    block_log log = {0};
    ps_accum *acc = write_shard("trip", 1, 2, &log);
    char dir[256];
    snprintf(dir, sizeof dir, "%s/trip", root);
    ps_shard *s;
    ps_error err;
    assert_int_equal(ps_shard_read(dir, &s, &err), PS_OK);
    assert_int_equal(s->hash, job.sc.hash);
    assert_int_equal(s->seed, job.sc.run.seed);
    assert_string_equal(s->generator, job.sc.run.generator);
    assert_string_equal(s->scenario, job.sc.path);
    assert_int_equal(s->first_run, FIRST), assert_int_equal(s->runs, 1200);
    assert_int_equal(s->index, 1), assert_int_equal(s->count, 2);
    assert_int_equal(s->lo, 1024), assert_int_equal(s->hi, 2200);
    assert_int_equal(s->cells, ps_accum_cells(acc));
    assert_int_equal(s->n_blocks, 2);
    assert_int_equal(log.n, 2);
    for (long b = 0; b < log.n; b++) {
        assert_int_equal(s->block[b], log.index[b]);
        /* hex floats: every bit back */
        assert_memory_equal(&s->moments[(size_t)b * (size_t)s->cells], log.moments[b],
                            sizeof(ps_moments) * (size_t)s->cells);
        free(log.moments[b]);
    }
    assert_int_equal(s->n_counts, ps_accum_counts_size(acc));
    double *packed = malloc(s->n_counts * sizeof *packed);
    ps_accum_counts_pack(acc, packed);
    assert_memory_equal(s->counts, packed, s->n_counts * sizeof *packed);
    free(packed);
    ps_shard_free(s);
    ps_accum_free(acc);
    ps_shard_free(NULL);
}

static void read_pair(ps_shard *shards[2])
{
    char dir[256];
    ps_error err;
    for (int i = 0; i < 2; i++) {
        snprintf(dir, sizeof dir, "%s/s%d/", root, i); /* trailing '/' is dropped */
        assert_int_equal(ps_shard_read(dir, &shards[i], &err), PS_OK);
    }
}

static void test_merge_equals_single_accumulator(void **state)
{
    (void)state;
    ps_accum *single = ps_accum_alloc(job.model);
    ps_mc_options mo = {.first_run = FIRST, .runs = job.sc.run.runs, .threads = 2};
    long done;
    ps_error err;
    assert_int_equal(ps_mc_execute(job.model, &mo, single, &done, &err), PS_OK);
    ps_accum_finish(single);

    ps_shard *shards[2];
    read_pair(shards);
    ps_shard *given[2] = {shards[1], shards[0]}; /* any order */
    assert_int_equal(ps_shard_check(given, 2, &err), PS_OK);
    ps_accum *merged = ps_accum_alloc(job.model);
    assert_int_equal(ps_shard_merge(given, 2, merged, &err), PS_OK);

    assert_int_equal(ps_accum_runs(merged), 1200);
    assert_same_counts(single, merged);
    for (int m = 0; m < PS_METRIC_COUNT; m++)
        for (int y = 0; y < ps_model_years(job.model); y++) {
            double a[3], b[3];
            ps_accum_moments(single, (ps_metric)m, y, &a[0], &a[1], &a[2]);
            ps_accum_moments(merged, (ps_metric)m, y, &b[0], &b[1], &b[2]);
            assert_memory_equal(a, b, sizeof a);
        }
    ps_accum_free(single);
    ps_accum_free(merged);
    ps_shard_free(shards[0]), ps_shard_free(shards[1]);
}

/* ---- refusals ---- */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *text = malloc((size_t)n + 1);
    assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
    text[n] = '\0';
    fclose(f);
    return text;
}

/* 1-based line of the first line starting with prefix. */
static int line_of(const char *text, const char *prefix)
{
    int line = 1;
    for (const char *p = text; *p; line++) {
        if (strncmp(p, prefix, strlen(prefix)) == 0)
            return line;
        p = strchr(p, '\n');
        if (!p)
            break;
        p++;
    }
    fail_msg("no line starting with %s", prefix);
    return 0;
}

/* Copy of shard s0 as root/name with the first line starting with `from`
 * replaced by `to` ("" deletes it; NULL: cut the file before that line).
 * Returns the line number of that line. */
static int damaged_copy(const char *name, const char *from, const char *to)
{
    char src[300], dst[300], cmd[700];
    snprintf(cmd, sizeof cmd, "cp -r '%s/s0' '%s/%s'", root, root, name);
    assert_int_equal(system(cmd), 0);
    snprintf(src, sizeof src, "%s/s0/%s", root, PS_SHARD_FILE);
    snprintf(dst, sizeof dst, "%s/%s/%s", root, name, PS_SHARD_FILE);
    char *text = slurp(src);
    int line = line_of(text, from);
    char *at = text;
    for (int k = 1; k < line; k++)
        at = strchr(at, '\n') + 1;
    char *rest = strchr(at, '\n') + 1;
    FILE *f = fopen(dst, "w");
    fwrite(text, 1, (size_t)(at - text), f);
    if (to) {
        fputs(to, f);
        if (*to)
            fputc('\n', f);
        fputs(rest, f);
    }
    fclose(f);
    free(text);
    return line;
}

/* Reading root/name fails with status and exactly "PATH:LINE: message". */
static void expect_read_error(const char *name, int status, int line, const char *message)
{
    char dir[256], want[1024], got[1400];
    snprintf(dir, sizeof dir, "%s/%s", root, name);
    ps_shard *s = (ps_shard *)1;
    ps_error err;
    assert_int_equal(ps_shard_read(dir, &s, &err), status);
    assert_null(s);
    snprintf(want, sizeof want, "%s/%s:%d: %s", dir, PS_SHARD_FILE, line, message);
    assert_string_equal(ps_error_format(&err, got, sizeof got), want);
}

static void test_refuses_truncated(void **state)
{
    (void)state;
    /* Cut before the first block, as a killed shard leaves it: EOF after line-1 lines. */
    int line = damaged_copy("cut", "block\t", NULL);
    expect_read_error("cut", PS_ERR_DATA, line - 1, "truncated: no 'end' line (the shard did not finish?)");
    /* Cut inside the counts. */
    char path[300];
    snprintf(path, sizeof path, "%s/s0/%s", root, PS_SHARD_FILE);
    char *text = slurp(path);
    int counts_line = line_of(text, "counts\t");
    size_t n_counts = strtoul(strstr(text, "counts\t") + 7, NULL, 10);
    free(text);
    damaged_copy("cut2", "counts\t", NULL);
    snprintf(path, sizeof path, "%s/cut2/%s", root, PS_SHARD_FILE);
    FILE *f = fopen(path, "a");
    fprintf(f, "counts\t%zu\n600\t0\t0\n", n_counts);
    fclose(f);
    char want[200];
    snprintf(want, sizeof want, "truncated: 3 of %zu counts (the shard did not finish?)", n_counts);
    expect_read_error("cut2", PS_ERR_DATA, counts_line + 1, want);
}

static void test_refuses_missing_end(void **state)
{
    (void)state;
    char path[300];
    snprintf(path, sizeof path, "%s/s0/%s", root, PS_SHARD_FILE);
    char *text = slurp(path);
    int lines = line_of(text, "end");
    free(text);
    damaged_copy("noend", "end", "");
    expect_read_error("noend", PS_ERR_DATA, lines - 1, "truncated: no 'end' line (the shard did not finish?)");
    int line = damaged_copy("endfirst", "block\t", "end");
    expect_read_error("endfirst", PS_ERR_DATA, line, "'end' before 'counts'");
}

static void test_refuses_bad_numbers(void **state)
{
    (void)state;
    int line = damaged_copy("seed", "seed\t", "seed\t12x");
    expect_read_error("seed", PS_ERR_DATA, line, "bad value for 'seed'");
    line = damaged_copy("seedneg", "seed\t", "seed\t-1");
    expect_read_error("seedneg", PS_ERR_DATA, line, "bad value for 'seed'");
    line = damaged_copy("runsbig", "runs\t", "runs\t99999999999999999999");
    expect_read_error("runsbig", PS_ERR_DATA, line, "bad value for 'runs'");
    line = damaged_copy("format", "parksim_shard\t", "parksim_shard\t1");
    expect_read_error("format", PS_ERR_DATA, line, "not a shard file this parksim reads (format 2 expected)");
    line = damaged_copy("range", "range\t", "range\t1024\t1000");
    expect_read_error("range", PS_ERR_DATA, line, "bad value for 'range'");
    line = damaged_copy("block", "block\t", "block\t0\tzz");
    expect_read_error("block", PS_ERR_DATA, line,
                      "expected: block INDEX and 3 finite numbers per cell (n a count of runs)");
    line = damaged_copy("nan", "block\t", "block\t0\t0x1p+3\tnan\t0x0p+0");
    expect_read_error("nan", PS_ERR_DATA, line,
                      "expected: block INDEX and 3 finite numbers per cell (n a count of runs)");
    line = damaged_copy("counts", "counts\t", "counts\tmany");
    expect_read_error("counts", PS_ERR_DATA, line, "expected: counts N");
    line = damaged_copy("countx", "24\t", "24\t1x");
    expect_read_error("countx", PS_ERR_DATA, line, "expected numbers (counts)");
}

static void test_refuses_oversized(void **state)
{
    (void)state;
    char want[200];
    int cells = PS_METRIC_COUNT * ps_model_years(job.model);
    size_t most = ps_accum_counts_size_max(ps_model_years(job.model));
    int line = damaged_copy("huge", "counts\t", "counts\t99999999999999999999999");
    snprintf(want, sizeof want, "counts: 99999999999999999999999 is more than %d cells hold (at most %zu)", cells, most);
    expect_read_error("huge", PS_ERR_DATA, line, want);
    line = damaged_copy("big", "counts\t", "counts\t1000000000");
    snprintf(want, sizeof want, "counts: 1000000000 is more than %d cells hold (at most %zu)", cells, most);
    expect_read_error("big", PS_ERR_DATA, line, want);
    line = damaged_copy("cells", "cells\t", "cells\t4294967296");
    expect_read_error("cells", PS_ERR_DATA, line, "bad value for 'cells'");
    line = damaged_copy("blocks", "counts\t", "block\t2\t0\t0\t0");
    expect_read_error("blocks", PS_ERR_DATA, line, "more blocks than runs 1000..1023 fill");
}

static void test_refuses_zero_shards(void **state)
{
    (void)state;
    int line = damaged_copy("zero", "shard\t", "shard\t0\t0");
    expect_read_error("zero", PS_ERR_DATA, line, "bad value for 'shard'");
}

/* Read root/a and root/b, and expect check (or merge) to refuse with status
 * and exactly message (which may name root as %s twice). */
static void expect_set_error(const char *a, const char *b, bool merge, int status, const char *message)
{
    char dir[256], got[1400];
    ps_shard *s[2];
    ps_error err;
    snprintf(dir, sizeof dir, "%s/%s", root, a);
    if (ps_shard_read(dir, &s[0], &err) != PS_OK)
        fail_msg("%s", ps_error_format(&err, got, sizeof got));
    int n = 1;
    if (b) {
        snprintf(dir, sizeof dir, "%s/%s", root, b);
        assert_int_equal(ps_shard_read(dir, &s[1], &err), PS_OK);
        n = 2;
    }
    if (merge) {
        assert_int_equal(ps_shard_check(s, n, &err), PS_OK);
        ps_accum *acc = ps_accum_alloc(job.model);
        assert_int_equal(ps_shard_merge(s, n, acc, &err), status);
        ps_accum_free(acc);
    } else
        assert_int_equal(ps_shard_check(s, n, &err), status);
    assert_string_equal(ps_error_format(&err, got, sizeof got), message);
    for (int i = 0; i < n; i++)
        ps_shard_free(s[i]);
}

static void test_refuses_inconsistent_sets(void **state)
{
    (void)state;
    char want[1024], cmd[700];
    snprintf(cmd, sizeof cmd, "cp -r '%s/s0' '%s/again'", root, root);
    assert_int_equal(system(cmd), 0);
    snprintf(want, sizeof want,
             "%s/again: shard 0/2 given twice (also %s/s0): runs 1000..1023 would be counted twice", root, root);
    expect_set_error("s0", "again", false, PS_ERR_MISMATCH, want);

    expect_set_error("s0", NULL, false, PS_ERR_MISMATCH, "shard 1/2 missing: runs 1024..2199 not covered");

    damaged_copy("hash", "settings_hash\t", "settings_hash\t0123456789abcdef");
    snprintf(want, sizeof want,
             "%s/hash: scenario differs from that of %s/s1: shards of different scenarios or settings cannot be "
             "merged", root, root);
    expect_set_error("s1", "hash", false, PS_ERR_MISMATCH, want);

    damaged_copy("other", "shard\t", "shard\t1\t2");
    snprintf(want, sizeof want, "%s/other: shard.partial: range 1000..1023 is not that of shard 1/2", root);
    expect_set_error("other", "s1", false, PS_ERR_DATA, want);

    /* A met count above the shard's 24 runs: refused when merged. */
    char path[300];
    snprintf(path, sizeof path, "%s/s0/%s", root, PS_SHARD_FILE);
    char *text = slurp(path);
    int line = line_of(text, "counts\t");
    char *first_counts = strchr(strstr(text, "counts\t"), '\n') + 1;
    char *field2 = strchr(first_counts, '\t') + 1, *rest = field2 + strcspn(field2, "\t\n"), repl[4096];
    /* The second count (met, first target) becomes 25; a run of k zeros there keeps its other k - 1. */
    if (strncmp(field2, "0*", 2) == 0)
        snprintf(repl, sizeof repl, "24\t25\t0*%ld%.*s", strtol(field2 + 2, NULL, 10) - 1,
                 (int)strcspn(rest, "\n"), rest);
    else
        snprintf(repl, sizeof repl, "24\t25%.*s", (int)strcspn(rest, "\n"), rest);
    damaged_copy("met", first_counts, repl);
    free(text);
    snprintf(want, sizeof want, "%s/met/%s:%d: counts: number 2 (25) cannot be a count of 24 runs", root,
             PS_SHARD_FILE, line);
    expect_set_error("met", "s1", true, PS_ERR_DATA, want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_exact),
        cmocka_unit_test(test_merge_equals_single_accumulator),
        cmocka_unit_test(test_refuses_truncated),
        cmocka_unit_test(test_refuses_missing_end),
        cmocka_unit_test(test_refuses_bad_numbers),
        cmocka_unit_test(test_refuses_oversized),
        cmocka_unit_test(test_refuses_zero_shards),
        cmocka_unit_test(test_refuses_inconsistent_sets),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
