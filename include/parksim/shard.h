/* shard.h — the shard file: one share of a run's runs, written by
 * `parksim run --shard I/N` and merged by `parksim merge` into the result a
 * single run gives, byte for byte.
 *
 * Why merging is exact: shard I of N computes the runs
 * ps_schedule_shard(first, runs, I, N), whole chunks, so every accumulator
 * block lies in one shard. A shard records each completed block's moments
 * (n, mean, m2 per cell, as C99 hex floats, which read back exactly) and its
 * exact, order-free counts (ps_accum_counts_pack); merging replays the
 * blocks in block order with ps_accum_merge_block and adds the counts,
 * which is the arithmetic of a single run (see include/parksim/accum.h).
 *
 * A shard directory holds runs.tsv (its rows), scenario.cfg (the resolved
 * scenario) and PS_SHARD_FILE:
 *
 *   parksim_shard 3
 *   scenario      PATH              as given to run
 *   scenario_hash HEX               of the resolved scenario (= scenario.cfg)
 *   seed S / generator NAME / first_run K / runs R (the whole set)
 *   shard         I N
 *   range         LO HI             this shard's runs: LO..HI-1
 *   cells         C                 metrics x years
 *   settings_hash HEX               the scenario hash without run.out
 *   engine        VERSION           PARKSIM_VERSION of the writer
 *   block         B  n mean m2 ...  one line per block, C triples
 *   counts        K                 then K numbers, 16 a line ("0*k": k zeros)
 *   runs_checksum HEX               of the rows of runs.tsv
 *   checksum      HEX               of every line above
 *   end
 *
 * Fields are separated by tabs; '#' lines (provenance) and blank lines are
 * skipped when reading.
 *
 * Integrity: a checksum is FNV-1a 64 over the lines of a file that are not
 * comments or blank, in order, each as its bytes without the line end plus
 * one '\n' (ps_shard_sum_file): 'checksum' covers every such line of the
 * partial file before it (header, blocks, counts, runs_checksum, whatever
 * the accumulator packs), 'runs_checksum' every data row of runs.tsv. They
 * are computed from the files as written (ps_shard_seal reads them back),
 * so they hold whatever lines are written, and merge refuses a shard whose
 * bytes changed (hand edits, truncation, a damaged file system) even where
 * the damaged file still parses. A checksum catches accidents, not forgery.
 *
 * Errors are located as file:line in ps_error; this module never prints. Not thread-safe on a shared ps_shard or FILE.
 */
#ifndef PARKSIM_SHARD_H
#define PARKSIM_SHARD_H

#include <stdint.h>
#include <stdio.h>

#include "parksim/accum.h"
#include "parksim/error.h"
#include "parksim/output.h"
#include "parksim/scenario.h"

#define PS_SHARD_FILE "shard.partial"
#define PS_SHARD_FORMAT 3 /* 2: settings_hash and engine lines; 3: runs_checksum and checksum */
#define PS_SHARD_MAX 1000000 /* most shards a run can be cut into */

typedef struct ps_shard {
    /* identity: the header of the file */
    char scenario[512];
    uint64_t hash;
    uint64_t settings_hash; /* the scenario hash without run.out: what shards must share */
    char engine[32];        /* PARKSIM_VERSION of the writer */
    unsigned long seed;
    char generator[32];
    long first_run, runs; /* the whole set */
    int index, count;     /* shard index of count */
    long lo, hi;          /* its runs [lo, hi) */
    int cells;
    /* read back by ps_shard_read */
    char dir[512];        /* as given, without trailing '/' */
    char path[1100];      /* dir/PS_SHARD_FILE */
    long n_blocks;
    long *block;          /* block indices */
    ps_moments *moments;  /* n_blocks x cells */
    size_t n_counts;
    double *counts;
    int counts_line;      /* line of 'counts' in path */
    uint64_t runs_sum;    /* runs_checksum: of the rows of dir/runs.tsv */
} ps_shard;

/* ---- writing (run --shard) ---- */

/* Identity of shard index of count (1 <= count <= PS_SHARD_MAX,
 * 0 <= index < count) of the runs [first_run, first_run + sc->run.runs) of
 * sc, for an accumulator of cells cells: fills the header fields of s,
 * lo/hi included, and zeroes the rest. */
void ps_shard_init(ps_shard *s, const ps_scenario *sc, long first_run, int index, int count, int cells);

/* Header of the file: a comment line, the provenance prov, the fields. */
void ps_shard_write_header(FILE *f, const ps_shard *s, const ps_provenance *prov);

/* A ps_block_fn (ctx: the FILE of the partial file): one 'block' line.
 * Returns -1 on a write error. */
int ps_shard_put_block(void *file, long block, const ps_moments *moments, int n_cells);

/* The 'counts' section of the finished accumulator acc.
 * PS_OK or PS_ERR_NOMEM; write errors show in ferror(f). */
int ps_shard_write_counts(FILE *f, const ps_accum *acc, ps_error *err);

/* Finish the partial file partial, open for writing at partial_path, after
 * its counts: 'runs_checksum' of the file at runs_path (complete and
 * flushed), 'checksum' of partial as written so far (flushed here), 'end'.
 * PS_OK or PS_ERR_IO (naming the file); later write errors show in
 * ferror(partial). */
int ps_shard_seal(FILE *partial, const char *partial_path, const char *runs_path, ps_error *err);

/* The checksum of the file at path (see above) into *sum and its number of
 * lines into *lines (may be NULL). PS_OK or PS_ERR_IO. */
int ps_shard_sum_file(const char *path, uint64_t *sum, int *lines, ps_error *err);

/* ---- reading and merging (merge) ---- */

/* Read dir/PS_SHARD_FILE into a new *s (free with ps_shard_free). Every
 * number is checked for form and range, and the lines against 'checksum';
 * errors are located (file:line). PS_ERR_MISMATCH if dir has no shard file,
 * PS_ERR_DATA for a malformed, truncated, older-format or tampered one,
 * PS_ERR_IO, PS_ERR_NOMEM. */
int ps_shard_read(const char *dir, ps_shard **s, ps_error *err);
void ps_shard_free(ps_shard *s); /* NULL: no-op */

/* Whether shards[0..n) are one complete set: same runs (seed, runs, first
 * run, generator, number of shards) and scenario (hash; the first differing
 * line of scenario.cfg is named), each holding exactly its share, none
 * given twice and none with runs missing. PS_OK, PS_ERR_MISMATCH or
 * PS_ERR_DATA; the error names the shard (directory) at fault. */
int ps_shard_check(ps_shard *const *shards, int n, ps_error *err);

/* Merge a checked set into acc, freshly allocated for the model of the
 * shards' scenario.cfg: blocks in block order, then the counts (checked
 * against acc's shape and the run counts). */
int ps_shard_merge(ps_shard *const *shards, int n, ps_accum *acc, ps_error *err);

/* Whether s->dir/runs.tsv holds the rows s's runs_checksum was taken of:
 * PS_OK, PS_ERR_DATA (located at the file's last line), PS_ERR_IO. */
int ps_shard_verify_runs(const ps_shard *s, ps_error *err);

/* Copy the rows of each shard's runs.tsv to out, in run order, checking
 * that shard I holds exactly the rows of its runs (verify their checksums
 * first: ps_shard_verify_runs). */
int ps_shard_copy_runs(ps_shard *const *shards, int n, FILE *out, ps_error *err);

#endif
