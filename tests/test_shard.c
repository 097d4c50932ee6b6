/* test_shard.c — the shard file: written and read back exactly, a merged
 * set equal bit for bit to one accumulator over the same runs, and every
 * refusal with its exact file:line message (truncated, no 'end', bad
 * numbers, oversized counts or cells, zero shards, counts above the run
 * count, overlapping, missing and foreign shards, an older format, data
 * that still parse but do not match their checksums). */
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

static int put_row(void *ctx, const ps_run_result *r)
{
    ps_write_run_row(ctx, job.model, r);
    return 0;
}

/* Compute shard index/count into root/name (dir, shard.partial,
 * runs.tsv, scenario.cfg) and return its accumulator; log gets its blocks. */
static ps_accum *write_shard(const char *name, int index, int count, block_log *log)
{
    char dir[256], path[300], runs_path[300];
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
    snprintf(runs_path, sizeof runs_path, "%s/runs.tsv", dir);
    FILE *runs = fopen(runs_path, "w");
    assert_non_null(runs);
    ps_write_provenance(runs, &prov);
    ps_write_runs_header(runs, job.model);
    ps_accum_on_block(acc, log_block, l);
    ps_mc_options mo = {.first_run = s.lo, .runs = s.hi - s.lo, .threads = 2, .sink = put_row, .sink_ctx = runs};
    long done;
    ps_error err;
    assert_int_equal(ps_mc_execute(job.model, &mo, acc, &done, &err), PS_OK);
    assert_int_equal(ps_accum_finish(acc), 0);
    assert_int_equal(ps_shard_write_counts(l->f, acc, &err), PS_OK);
    assert_int_equal(fclose(runs), 0);
    assert_int_equal(ps_shard_seal(l->f, path, runs_path, &err), PS_OK);
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

/* Write the checksums of root/name again, as one who edits a shard and
 * reseals it would: its partial file cut before 'runs_checksum', then
 * sealed as run --shard does. */
static void reseal(const char *name)
{
    char path[300], runs_path[300];
    snprintf(path, sizeof path, "%s/%s/%s", root, name, PS_SHARD_FILE);
    snprintf(runs_path, sizeof runs_path, "%s/%s/runs.tsv", root, name);
    char *text = slurp(path);
    char *at = strstr(text, "\nruns_checksum\t");
    assert_non_null(at);
    FILE *f = fopen(path, "w");
    fwrite(text, 1, (size_t)(at + 1 - text), f);
    ps_error err;
    assert_int_equal(ps_shard_seal(f, path, runs_path, &err), PS_OK);
    assert_int_equal(fclose(f), 0);
    free(text);
}

/* Copy of shard s0 as root/name with the first line starting with `from`
 * replaced by `to` ("" deletes it; NULL: cut the file before that line).
 * Returns the line number of that line. Not resealed: the checksum no
 * longer matches (unless the edit changed nothing it covers). */
static int tampered_copy(const char *name, const char *from, const char *to)
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

/* tampered_copy, resealed when the edit lies before the checksums (and
 * leaves the file whole), so that the damage reaches the check made for
 * it rather than the checksum. */
static int damaged_copy(const char *name, const char *from, const char *to)
{
    int line = tampered_copy(name, from, to);
    char path[300];
    snprintf(path, sizeof path, "%s/s0/%s", root, PS_SHARD_FILE);
    char *text = slurp(path);
    bool before = line < line_of(text, "runs_checksum\t");
    free(text);
    if (to && before)
        reseal(name);
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
    line = damaged_copy("format", "parksim_shard\t", "parksim_shard\t2");
    expect_read_error("format", PS_ERR_DATA, line,
                      "shard format 2, written by an older parksim; rerun the shard (this parksim reads format 3)");
    line = damaged_copy("format9", "parksim_shard\t", "parksim_shard\t9");
    expect_read_error("format9", PS_ERR_DATA, line, "not a shard file this parksim reads (format 3 expected)");
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

/* ---- checksums ---- */

#define SUM_MESSAGE "checksum: the shard's data do not match its checksum (edited or damaged)"

/* The line starting with prefix in text, as a new string without '\n'. */
static char *line_starting(const char *text, const char *prefix)
{
    const char *p = text;
    for (int k = 1; k < line_of(text, prefix); k++)
        p = strchr(p, '\n') + 1;
    size_t n = strcspn(p, "\n");
    char *line = malloc(n + 1);
    memcpy(line, p, n);
    line[n] = '\0';
    return line;
}

/* One digit of line changed (d -> d+1, 9 -> 8): the last digit of its
 * field `field` (0-based, tab-separated), which must hold one. */
static void bump_digit(char *line, int field)
{
    char *p = line;
    for (int k = 0; k < field; k++)
        p = strchr(p, '\t') + 1;
    char *last = NULL;
    for (char *q = p; *q && *q != '\t'; q++)
        if (*q >= '0' && *q <= '9')
            last = q;
    assert_non_null(last);
    *last = *last == '9' ? '8' : (char)(*last + 1);
}

static int line_of_sum(const char *name)
{
    char path[300];
    snprintf(path, sizeof path, "%s/%s/%s", root, name, PS_SHARD_FILE);
    char *text = slurp(path);
    int line = line_of(text, "checksum\t");
    free(text);
    return line;
}

/* Edits that still parse, and pass every other check of the read: the
 * checksum is what refuses them, at its line. */
static void test_checksum_refuses_edits(void **state)
{
    (void)state;
    char path[300];
    snprintf(path, sizeof path, "%s/s0/%s", root, PS_SHARD_FILE);
    char *text = slurp(path);

    /* A moment of the last cell of the first block: its last digit. */
    char *block = line_starting(text, "block\t");
    int fields = 1;
    for (const char *p = block; *p; p++)
        fields += *p == '\t';
    bump_digit(block, fields - 1);
    tampered_copy("sumblock", "block\t", block);
    expect_read_error("sumblock", PS_ERR_DATA, line_of_sum("sumblock"), SUM_MESSAGE);

    /* A count: the run count of the first counts line (24 -> 25), which a
     * merge would otherwise check against the range only later. */
    int counts_line = line_of(text, "counts\t");
    char *at = text;
    for (int k = 0; k < counts_line; k++)
        at = strchr(at, '\n') + 1;
    size_t n = strcspn(at, "\n");
    char *counts = malloc(n + 1), *next = at + n + 1;
    memcpy(counts, at, n), counts[n] = '\0';
    assert_int_equal(strncmp(counts, "24\t", 3), 0);
    char *edited = strdup(counts);
    bump_digit(edited, 0);
    tampered_copy("sumcount", counts, edited);
    expect_read_error("sumcount", PS_ERR_DATA, line_of_sum("sumcount"), SUM_MESSAGE);

    /* The first two lines of counts swapped (they differ). */
    size_t n2 = strcspn(next, "\n");
    char *second = malloc(n2 + 1);
    memcpy(second, next, n2), second[n2] = '\0';
    assert_string_not_equal(counts, second);
    char swapped[2 * 4096];
    assert_true(n + n2 + 2 < sizeof swapped);
    snprintf(swapped, sizeof swapped, "%s\n%s", second, counts);
    /* Replacing the first by "second\nfirst" and deleting the old second. */
    char cmd[700];
    tampered_copy("sumswap", counts, swapped);
    snprintf(path, sizeof path, "%s/sumswap/%s", root, PS_SHARD_FILE);
    char *t2 = slurp(path);
    char *dup = strstr(strstr(t2, swapped) + strlen(swapped) + 1, second);
    assert_non_null(dup);
    FILE *f = fopen(path, "w");
    fwrite(t2, 1, (size_t)(dup - t2), f);
    fputs(dup + n2 + 1, f);
    fclose(f);
    free(t2);
    /* Same lines, same count of them, new order. */
    expect_read_error("sumswap", PS_ERR_DATA, line_of_sum("sumswap"), SUM_MESSAGE);

    /* The checksum itself edited; a checksum that is not one; no checksum. */
    char *sum = line_starting(text, "checksum\t");
    bump_digit(sum, 1);
    int line = tampered_copy("sumsum", "checksum\t", sum);
    expect_read_error("sumsum", PS_ERR_DATA, line, SUM_MESSAGE);
    line = tampered_copy("sumbad", "checksum\t", "checksum\t12345");
    expect_read_error("sumbad", PS_ERR_DATA, line, "bad value for 'checksum' (16 hex digits expected)");
    line = tampered_copy("sumnone", "checksum\t", "");
    expect_read_error("sumnone", PS_ERR_DATA, line, "'end' before 'checksum'");
    /* Data after 'end' (two shard files run together). */
    snprintf(cmd, sizeof cmd, "cp -r '%s/s0' '%s/sumtail' && tail -n 2 '%s/s0/%s' >>'%s/sumtail/%s'", root, root,
             root, PS_SHARD_FILE, root, PS_SHARD_FILE);
    assert_int_equal(system(cmd), 0);
    expect_read_error("sumtail", PS_ERR_DATA, line_of_sum("sumtail") + 2, "data after 'end'");

    free(block), free(counts), free(edited), free(second), free(sum), free(text);
}

/* runs.tsv of copy root/name must fail ps_shard_verify_runs at its last line. */
static void expect_runs_error(const char *name)
{
    char dir[256], path[300], want[1024], got[1400];
    snprintf(dir, sizeof dir, "%s/%s", root, name);
    snprintf(path, sizeof path, "%s/runs.tsv", dir);
    char *text = slurp(path);
    int lines = 0;
    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    lines += text[0] && text[strlen(text) - 1] != '\n';
    free(text);
    ps_shard *s;
    ps_error err;
    assert_int_equal(ps_shard_read(dir, &s, &err), PS_OK); /* the partial file is intact */
    assert_int_equal(ps_shard_verify_runs(s, &err), PS_ERR_DATA);
    snprintf(want, sizeof want,
             "%s:%d: checksum: the rows do not match the runs_checksum of shard.partial (edited or damaged)", path,
             lines);
    assert_string_equal(ps_error_format(&err, got, sizeof got), want);
    ps_shard_free(s);
}

static void test_checksum_refuses_runs_edits(void **state)
{
    (void)state;
    ps_shard *s;
    ps_error err;
    char dir[256], path[300], cmd[900];
    snprintf(dir, sizeof dir, "%s/s0", root);
    assert_int_equal(ps_shard_read(dir, &s, &err), PS_OK);
    assert_int_equal(ps_shard_verify_runs(s, &err), PS_OK); /* untouched */
    ps_shard_free(s);

    /* One digit of the first row's last field. */
    snprintf(path, sizeof path, "%s/runs.tsv", dir);
    char *text = slurp(path);
    char *row = text;
    while (*row == '#')
        row = strchr(row, '\n') + 1;
    size_t n = strcspn(row, "\n");
    char *edited = malloc(n + 1);
    memcpy(edited, row, n), edited[n] = '\0';
    int fields = 1;
    for (const char *p = edited; *p; p++)
        fields += *p == '\t';
    bump_digit(edited, fields - 1);
    snprintf(cmd, sizeof cmd, "cp -r '%s' '%s/runsdigit'", dir, root);
    assert_int_equal(system(cmd), 0);
    snprintf(path, sizeof path, "%s/runsdigit/runs.tsv", root);
    FILE *f = fopen(path, "w");
    fwrite(text, 1, (size_t)(row - text), f);
    fputs(edited, f);
    fputs(row + n, f);
    fclose(f);
    expect_runs_error("runsdigit");

    /* Truncated inside the last row, and by a whole row. */
    size_t len = strlen(text);
    snprintf(cmd, sizeof cmd, "cp -r '%s' '%s/runscut' && truncate -s %zu '%s/runscut/runs.tsv'", dir, root, len - 5,
             root);
    assert_int_equal(system(cmd), 0);
    expect_runs_error("runscut");
    const char *last = text + len - 1;
    while (last > text && last[-1] != '\n')
        last--;
    snprintf(cmd, sizeof cmd, "cp -r '%s' '%s/runsrow' && truncate -s %td '%s/runsrow/runs.tsv'", dir, root,
             last - text, root);
    assert_int_equal(system(cmd), 0);
    expect_runs_error("runsrow");
    free(edited), free(text);
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
        cmocka_unit_test(test_checksum_refuses_edits),
        cmocka_unit_test(test_checksum_refuses_runs_edits),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
