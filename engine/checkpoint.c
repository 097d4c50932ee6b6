/* checkpoint.c — save and restore an unfinished run's accumulator (see
 * include/parksim/checkpoint.h). */
#include "parksim/checkpoint.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void ps_checkpoint_init(ps_checkpoint *c, uint64_t hash, uint64_t seed, long first_run, long runs, double until_se,
                        int cells)
{
    memset(c, 0, sizeof *c);
    c->hash = hash;
    c->seed = seed;
    c->first_run = first_run;
    c->runs = runs;
    c->until_se = until_se;
    c->cells = cells;
    c->rows_bytes = -1;
}

void ps_checkpoint_free(ps_checkpoint *c)
{
    free(c->moments);
    free(c->counts);
    c->moments = NULL;
    c->counts = NULL;
    c->n_blocks = c->cap_blocks = 0;
    c->n_counts = 0;
}

int ps_checkpoint_put_block(void *checkpoint, long block, const ps_moments *moments, int n_cells)
{
    (void)block;
    ps_checkpoint *c = checkpoint;
    if (n_cells != c->cells)
        return -1;
    if (c->n_blocks == c->cap_blocks) {
        int64_t cap = c->cap_blocks ? 2 * c->cap_blocks : 64;
        ps_moments *m = realloc(c->moments, (size_t)cap * (size_t)c->cells * sizeof *m);
        if (!m)
            return -1;
        c->moments = m;
        c->cap_blocks = cap;
    }
    memcpy(c->moments + (size_t)c->n_blocks * (size_t)c->cells, moments, (size_t)c->cells * sizeof *moments);
    c->n_blocks++;
    return 0;
}

/* The fixed-size part of the file, in order. */
#define FIELDS(X) X(hash) X(seed) X(first_run) X(runs) X(until_se) X(cells) X(done) X(rows_bytes) X(n_blocks) X(n_counts)

int ps_checkpoint_save(ps_checkpoint *c, const ps_accum *a, long done, long rows_bytes, const char *path,
                       ps_error *err)
{
    size_t n = ps_accum_counts_size(a);
    double *counts = malloc(n * sizeof *counts);
    if (!counts)
        return ps_error_set(err, PS_ERR_NOMEM, path, 0, NULL, "out of memory for the checkpoint");
    ps_accum_counts_pack(a, counts);
    free(c->counts);
    c->counts = counts;
    c->n_counts = n;
    c->done = done;
    c->rows_bytes = rows_bytes;

    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return ps_error_set(err, PS_ERR_IO, tmp, 0, NULL, "cannot write: %s", strerror(errno));
    bool ok = fwrite(PS_CHECKPOINT_MAGIC, 1, strlen(PS_CHECKPOINT_MAGIC), f) == strlen(PS_CHECKPOINT_MAGIC);
#define PUT(field) ok = ok && fwrite(&c->field, sizeof c->field, 1, f) == 1;
    FIELDS(PUT)
#undef PUT
    size_t n_moments = (size_t)c->n_blocks * (size_t)c->cells;
    ok = ok && fwrite(c->moments, sizeof *c->moments, n_moments, f) == n_moments;
    ok = ok && fwrite(c->counts, sizeof *c->counts, n, f) == n;
    ok = ok && fwrite(PS_CHECKPOINT_MAGIC, 1, strlen(PS_CHECKPOINT_MAGIC), f) == strlen(PS_CHECKPOINT_MAGIC);
    ok = ok && fflush(f) == 0 && fsync(fileno(f)) == 0;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) {
        int e = errno;
        remove(tmp);
        return ps_error_set(err, PS_ERR_IO, path, 0, NULL, "could not write the checkpoint: %s", strerror(e));
    }
    return PS_OK;
}

int ps_checkpoint_load(ps_checkpoint *c, const char *path, ps_error *err)
{
    ps_checkpoint_free(c);
    memset(c, 0, sizeof *c);
    FILE *f = fopen(path, "rb");
    if (!f)
        return ps_error_set(err, PS_ERR_IO, path, 0, NULL, "cannot read: %s", strerror(errno));
    char magic[sizeof PS_CHECKPOINT_MAGIC] = {0};
    size_t lm = strlen(PS_CHECKPOINT_MAGIC);
    if (fread(magic, 1, lm, f) != lm || memcmp(magic, PS_CHECKPOINT_MAGIC, lm) != 0) {
        fclose(f);
        return ps_error_set(err, PS_ERR_DATA, path, 0, NULL, "not a parksim checkpoint");
    }
    bool ok = true;
#define GET(field) ok = ok && fread(&c->field, sizeof c->field, 1, f) == 1;
    FIELDS(GET)
#undef GET
    /* Sizes bounded before allocating: a run has at most 1e12 runs. */
    ok = ok && c->cells > 0 && c->cells < 1000000 && c->n_blocks >= 0 && c->n_blocks <= 1000000000 &&
         c->n_counts < 100000000;
    size_t n_moments = ok ? (size_t)c->n_blocks * (size_t)c->cells : 0;
    if (ok) {
        c->moments = malloc((n_moments ? n_moments : 1) * sizeof *c->moments);
        c->counts = malloc((c->n_counts ? c->n_counts : 1) * sizeof *c->counts);
        c->cap_blocks = c->n_blocks;
        if (!c->moments || !c->counts) {
            fclose(f);
            ps_checkpoint_free(c);
            return ps_error_set(err, PS_ERR_NOMEM, path, 0, NULL, "out of memory for the checkpoint");
        }
    }
    ok = ok && fread(c->moments, sizeof *c->moments, n_moments, f) == n_moments;
    ok = ok && fread(c->counts, sizeof *c->counts, c->n_counts, f) == c->n_counts;
    ok = ok && fread(magic, 1, lm, f) == lm && memcmp(magic, PS_CHECKPOINT_MAGIC, lm) == 0 && fgetc(f) == EOF;
    fclose(f);
    if (!ok) {
        ps_checkpoint_free(c);
        return ps_error_set(err, PS_ERR_DATA, path, 0, NULL, "truncated or damaged checkpoint");
    }
    return PS_OK;
}

int ps_checkpoint_restore(const ps_checkpoint *c, ps_accum *a, const char *path, ps_error *err)
{
    size_t bad;
    if (c->cells != ps_accum_cells(a) || c->n_counts != ps_accum_counts_size(a))
        return ps_error_set(err, PS_ERR_MISMATCH, path, 0, NULL,
                            "checkpoint has %d cells and %llu counts, the run %d and %zu", (int)c->cells,
                            (unsigned long long)c->n_counts, ps_accum_cells(a), ps_accum_counts_size(a));
    if (!ps_accum_counts_valid(a, c->counts, &bad))
        return ps_error_set(err, PS_ERR_MISMATCH, path, 0, NULL, "checkpoint count %zu is not a count", bad);
    for (int64_t b = 0; b < c->n_blocks; b++)
        ps_accum_merge_block(a, c->moments + (size_t)b * (size_t)c->cells);
    ps_accum_counts_add(a, c->counts);
    if (ps_accum_runs(a) != c->done)
        return ps_error_set(err, PS_ERR_MISMATCH, path, 0, NULL, "checkpoint holds %ld runs, says %lld",
                            ps_accum_runs(a), (long long)c->done);
    return PS_OK;
}
