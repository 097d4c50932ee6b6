/* checkpoint.h — the state of an unfinished `parksim run`, so that a stopped
 * run can be resumed and give the data an uninterrupted run gives, byte for
 * byte.
 *
 * Why resuming is exact: the accumulator's floating-point state is a fold of
 * completed blocks in block order (include/parksim/accum.h). A checkpoint
 * holds every completed block's moments, in order, and the exact counts
 * (ps_accum_counts_pack) at a block boundary; restoring replays the blocks
 * with ps_accum_merge_block and adds the counts — the arithmetic of
 * `parksim merge` — and the run continues with the next block.
 *
 * The file is binary (native doubles and 64-bit integers; a checkpoint is
 * read back on the machine that wrote it), starts with PS_CHECKPOINT_MAGIC
 * and is written to a temporary name, flushed to disk and renamed, so a kill
 * at any moment leaves the previous checkpoint or the new one, whole.
 * Errors are reported in ps_error; this module never prints. Not
 * thread-safe on a shared ps_checkpoint.
 */
#ifndef PARKSIM_CHECKPOINT_H
#define PARKSIM_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "parksim/accum.h"
#include "parksim/error.h"

#define PS_CHECKPOINT_MAGIC "parksim-checkpoint-1\n"

typedef struct ps_checkpoint {
    /* identity: a checkpoint resumes only the run it was written for */
    uint64_t hash;       /* scenario hash (resolved scenario and data) */
    uint64_t seed;
    int64_t first_run;   /* first run of the batch */
    int64_t runs;        /* runs asked for (the cap with until_se) */
    double until_se;     /* --until-se, 0 if none */
    int32_t cells;       /* metrics x years */
    /* progress */
    int64_t done;        /* runs [first_run, first_run + done) are in */
    int64_t rows_bytes;  /* length of the per-run rows written so far; -1: none kept */
    /* state */
    int64_t n_blocks;    /* completed blocks, in block order */
    ps_moments *moments; /* n_blocks x cells */
    int64_t cap_blocks;
    uint64_t n_counts;
    double *counts;      /* ps_accum_counts_pack at `done` */
} ps_checkpoint;

/* An empty checkpoint with the given identity (no allocation). */
void ps_checkpoint_init(ps_checkpoint *c, uint64_t hash, uint64_t seed, long first_run, long runs, double until_se,
                        int cells);
/* Free what c holds; a zeroed or freed checkpoint is a no-op. */
void ps_checkpoint_free(ps_checkpoint *c);

/* A ps_block_fn (ctx: the ps_checkpoint): keep one completed block's
 * moments. Returns -1 if memory runs out or the cell count differs. */
int ps_checkpoint_put_block(void *checkpoint, long block, const ps_moments *moments, int n_cells);

/* Write c, with a's counts and done/rows_bytes as given, to path
 * atomically (path.tmp, fsync, rename). a must be between blocks. */
int ps_checkpoint_save(ps_checkpoint *c, const ps_accum *a, long done, long rows_bytes, const char *path,
                       ps_error *err);

/* Read path into c (c freed first). PS_ERR_IO if it cannot be read,
 * PS_ERR_DATA ("path: not a parksim checkpoint" / "truncated") if it is
 * not a whole checkpoint. */
int ps_checkpoint_load(ps_checkpoint *c, const char *path, ps_error *err);

/* Replay c into a, a fresh accumulator with c->cells cells and
 * c->n_counts counts: the blocks in order, then the counts.
 * PS_ERR_MISMATCH if the shapes differ or the counts are not counts. */
int ps_checkpoint_restore(const ps_checkpoint *c, ps_accum *a, const char *path, ps_error *err);

#endif
