/* cli_shard.c — shards, for schedulers without MPI (job arrays):
 * `parksim run SCENARIO --shard I/N` computes one share of the runs and
 * writes a partial result; `parksim merge DIR...` checks a complete set of
 * shards and writes the files a single `parksim run` writes, with the same
 * data lines byte for byte.
 *
 * Why merging is exact: the runs [first, first + runs) are cut at multiples
 * of PS_ACCUM_BLOCK into C chunks and shard I takes the contiguous chunks
 * [I*C/N, (I+1)*C/N). Every accumulator block therefore lies in one shard.
 * A shard records each completed block's moments (n, mean, m2 per cell, as
 * C99 hex floats, which read back exactly) and its exact, order-free counts
 * (ps_accum_counts_pack); merge replays the blocks in block order with
 * ps_accum_merge_block and adds the counts, which is the arithmetic a single
 * run performs (see include/parksim/accum.h).
 *
 * A shard writes OUT/shard-I-of-N/ (OUT = run.out or --out): runs.tsv (its
 * rows), scenario.cfg (the resolved scenario) and shard.partial:
 *
 *   parksim_shard 1
 *   scenario      PATH              as given to run
 *   scenario_hash HEX               of the resolved scenario (= scenario.cfg)
 *   seed S / generator NAME / first_run K / runs R (the whole set)
 *   shard         I N
 *   range         LO HI             this shard's runs: LO..HI-1
 *   cells         C                 metrics x years
 *   block         B  n mean m2 ...  one line per block, C triples
 *   counts        K                 then K numbers, 16 a line ("0*k": k zeros)
 *   end
 *
 * Fields are separated by tabs; '#' lines are provenance. A shard is written
 * only when complete: an interrupted shard leaves nothing to merge.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "cli.h"
#include "parksim/output.h"

#define SHARD_FILE "shard.partial"
#define SHARD_FORMAT 1

/* ---- the share of one shard ----------------------------------------------- */

static long chunk_total(long first, long runs)
{
    return runs > 0 ? (first + runs - 1) / PS_ACCUM_BLOCK - first / PS_ACCUM_BLOCK + 1 : 0;
}

/* First run of chunk c (c == chunks: one past the last run). */
static long chunk_start(long first, long runs, long c)
{
    if (c == 0)
        return first;
    if (c >= chunk_total(first, runs))
        return first + runs;
    return (first / PS_ACCUM_BLOCK + c) * PS_ACCUM_BLOCK;
}

/* Runs [*lo, *hi) of shard index of count. */
static void shard_range(long first, long runs, int index, int count, long *lo, long *hi)
{
    long chunks = chunk_total(first, runs);
    *lo = chunk_start(first, runs, (long)((long long)index * chunks / count));
    *hi = chunk_start(first, runs, (long)((long long)(index + 1) * chunks / count));
}

static int parse_spec(const char *spec, int *index, int *count)
{
    char tail;
    if (sscanf(spec, "%d/%d%c", index, count, &tail) != 2 || *count < 1 || *count > 1000000 || *index < 0 ||
        *index >= *count)
        return cli_usage_error("--shard: expected I/N with 0 <= I < N (shard I of N, 0-based), got '%s'", spec);
    return 0;
}

/* ---- run --shard ------------------------------------------------------------- */

typedef struct shard_writer {
    FILE *runs, *partial;
    const ps_model *model;
} shard_writer;

static int put_run(void *ctx, const ps_run_result *r)
{
    shard_writer *w = ctx;
    ps_write_run_row(w->runs, w->model, r);
    return ferror(w->runs) ? -1 : 0;
}

static int put_block(void *ctx, long block, const ps_moments *moments, int n_cells)
{
    shard_writer *w = ctx;
    fprintf(w->partial, "block\t%ld", block);
    for (int c = 0; c < n_cells; c++)
        fprintf(w->partial, "\t%a\t%a\t%a", moments[c].n, moments[c].mean, moments[c].m2);
    fputc('\n', w->partial);
    return ferror(w->partial) ? -1 : 0;
}

/* The counts are mostly empty histogram bins: integers are written as
 * such, other values as hex floats, and a run of k zeros as "0*k". */
static int put_counts(FILE *f, const ps_accum *acc, ps_error *err)
{
    size_t n = ps_accum_counts_size(acc);
    double *buf = malloc(n * sizeof *buf);
    if (!buf)
        return ps_error_set(err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory for the shard's counts");
    ps_accum_counts_pack(acc, buf);
    fprintf(f, "counts\t%zu\n", n);
    int on_line = 0;
    for (size_t i = 0; i < n; i++) {
        size_t zeros = 0;
        while (i + zeros < n && buf[i + zeros] == 0 && !signbit(buf[i + zeros]))
            zeros++;
        if (zeros > 1) {
            fprintf(f, "0*%zu", zeros);
            i += zeros - 1;
        } else if (buf[i] == floor(buf[i]) && fabs(buf[i]) < 0x1p53)
            fprintf(f, "%.0f", buf[i]);
        else
            fprintf(f, "%a", buf[i]);
        fputc(++on_line % 16 == 0 || i + 1 == n ? '\n' : '\t', f);
    }
    fputs("end\n", f);
    free(buf);
    return PS_OK;
}

int cli_shard_run(const cli_options *o)
{
    int index, count;
    int rc = parse_spec(o->shard, &index, &count);
    if (rc)
        return rc;
    if (o->trajectory)
        return cli_usage_error("--trajectory: not with --shard (write it with a run of its own)");
    if (o->format)
        return cli_usage_error("--format: not with --shard (a shard has no result of its own until 'merge')");
    cli_job job;
    if ((rc = cli_job_open(&job, o->scenarios[0], o, NULL, 0)) != 0)
        return rc;
    const ps_scenario *sc = &job.sc;
    long first = o->first_run, lo, hi, done = 0;
    shard_range(first, sc->run.runs, index, count, &lo, &hi);
    int threads = o->threads > 0 ? o->threads : omp_get_max_threads();
    char dir[1024], spec[96];
    snprintf(dir, sizeof dir, "%s/shard-%d-of-%d", sc->run.out, index, count);
    snprintf(spec, sizeof spec, "%d/%d (runs %ld..%ld)", index, count, lo, hi - 1);

    ps_error err;
    ps_error_clear(&err);
    ps_outset out;
    ps_outset_init(&out, dir);
    ps_accum *acc = ps_accum_alloc(job.model);
    shard_writer w = {NULL, NULL, job.model};
    FILE *f_cfg = NULL;
    int status = acc ? ps_out_mkdir(dir, &err)
                     : (int)ps_error_set(&err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory for the accumulator");
    if (status == PS_OK && (!(w.runs = ps_outset_open(&out, "runs.tsv", &err)) ||
                            !(f_cfg = ps_outset_open(&out, "scenario.cfg", &err)) ||
                            !(w.partial = ps_outset_open(&out, SHARD_FILE, &err))))
        status = err.code;
    if (status == PS_OK) {
        ps_provenance prov = cli_provenance("run", sc, o, first);
        prov.shard = spec;
        ps_write_provenance(w.runs, &prov);
        ps_write_runs_header(w.runs, job.model);
        fprintf(w.partial, "# parksim shard: block moments and exact counts of runs %ld..%ld, for 'parksim merge'\n",
                lo, hi - 1);
        ps_write_provenance(w.partial, &prov);
        fprintf(w.partial, "parksim_shard\t%d\nscenario\t%s\nscenario_hash\t%016" PRIx64 "\nseed\t%lu\n",
                SHARD_FORMAT, sc->path, sc->hash, sc->run.seed);
        fprintf(w.partial, "generator\t%s\nfirst_run\t%ld\nruns\t%ld\nshard\t%d\t%d\nrange\t%ld\t%ld\ncells\t%d\n",
                sc->run.generator, first, sc->run.runs, index, count, lo, hi, ps_accum_cells(acc));
        if (ps_scenario_write(sc, f_cfg) != 0)
            status = ps_error_set(&err, PS_ERR_IO, NULL, 0, NULL, "could not write scenario.cfg");
    }
    if (status == PS_OK) {
        if (!o->quiet)
            fprintf(stderr, "parksim: %s: shard %s of %ld runs, %d threads, seed %lu\n", sc->path, spec, sc->run.runs,
                    threads, sc->run.seed);
        ps_accum_on_block(acc, put_block, &w);
        status = cli_execute(&job, o, lo, hi - lo, put_run, &w, &acc, &done, &err);
    }
    if (status == PS_OK)
        status = put_counts(w.partial, acc, &err);
    /* Only a complete shard is committed. */
    if (status == PS_OK)
        status = ps_outset_commit(&out, &err);
    else
        ps_outset_abort(&out);
    if (status == PS_OK && !o->quiet)
        fprintf(stderr, "parksim: shard %d/%d in %s/; when all %d are done: parksim merge %s/shard-*-of-%d\n", index,
                count, dir, count, sc->run.out, count);
    if (status == PS_ERR_INTERRUPTED)
        fprintf(stderr, "parksim: shard %d/%d not written (interrupted); run it again\n", index, count);
    rc = status == PS_OK ? 0 : cli_report(&err);
    ps_accum_free(acc);
    cli_job_close(&job);
    return rc;
}

/* ---- merge: reading a shard ---------------------------------------------------- */

typedef struct shard_info {
    char dir[512];
    char scenario[512];
    uint64_t hash;
    unsigned long seed;
    char generator[32];
    long first_run, runs;
    int index, count;
    long lo, hi;
    int cells;
    long n_blocks;
    long *block;          /* block indices */
    ps_moments *moments;  /* n_blocks x cells */
    size_t n_counts;
    double *counts;
} shard_info;

static void shard_info_free(shard_info *s)
{
    free(s->block);
    free(s->moments);
    free(s->counts);
}

/* Reader state for error messages. */
typedef struct reader {
    const char *path;
    FILE *f;
    char *line;
    size_t cap;
    int lineno;
} reader;

/* Next line that is not a comment or blank, without its newline; NULL at end. */
static char *next_line(reader *r)
{
    ssize_t len;
    while ((len = getline(&r->line, &r->cap, r->f)) >= 0) {
        r->lineno++;
        while (len > 0 && (r->line[len - 1] == '\n' || r->line[len - 1] == '\r'))
            r->line[--len] = '\0';
        if (len > 0 && r->line[0] != '#')
            return r->line;
    }
    return NULL;
}

static int bad_line(const reader *r, ps_error *err, const char *what)
{
    return ps_error_set(err, PS_ERR_DATA, r->path, r->lineno, NULL, "%s", what);
}

/* Read n numbers (hex floats or anything strtod takes) from text p. */
static int read_numbers(const char *p, double *out, size_t n, const char **end)
{
    for (size_t i = 0; i < n; i++) {
        char *stop;
        out[i] = strtod(p, &stop);
        if (stop == p)
            return -1;
        p = stop;
    }
    if (end)
        *end = p;
    return 0;
}

static bool blank(const char *p)
{
    return p[strspn(p, " \t")] == '\0';
}

static int read_blocks_and_counts(reader *r, shard_info *s, char *line, ps_error *err)
{
    size_t cap = 0;
    for (; line; line = next_line(r)) {
        if (strncmp(line, "block\t", 6) == 0) {
            if ((size_t)s->n_blocks == cap) {
                cap = cap ? 2 * cap : 16;
                long *b = realloc(s->block, cap * sizeof *b);
                if (b)
                    s->block = b;
                ps_moments *m = realloc(s->moments, cap * (size_t)s->cells * sizeof *m);
                if (m)
                    s->moments = m;
                if (!b || !m)
                    return ps_error_set(err, PS_ERR_NOMEM, r->path, r->lineno, NULL, "out of memory");
            }
            char *p;
            s->block[s->n_blocks] = strtol(line + 6, &p, 10);
            const char *q = p;
            ps_moments *mo = &s->moments[(size_t)s->n_blocks * (size_t)s->cells];
            bool ok = p != line + 6;
            for (int c = 0; ok && c < s->cells; c++) {
                double v[3];
                ok = read_numbers(q, v, 3, &q) == 0;
                mo[c] = (ps_moments){.n = v[0], .mean = v[1], .m2 = v[2]};
            }
            if (!ok || !blank(q))
                return bad_line(r, err, "expected: block INDEX and 3 numbers per cell");
            s->n_blocks++;
        } else if (strncmp(line, "counts\t", 7) == 0 && !s->counts) {
            char *p;
            s->n_counts = strtoul(line + 7, &p, 10);
            if (p == line + 7 || !blank(p) || s->n_counts == 0)
                return bad_line(r, err, "expected: counts N");
            s->counts = malloc(s->n_counts * sizeof *s->counts);
            if (!s->counts)
                return ps_error_set(err, PS_ERR_NOMEM, r->path, r->lineno, NULL, "out of memory");
            size_t got = 0;
            while (got < s->n_counts && (line = next_line(r)) != NULL) {
                const char *q = line;
                while (got < s->n_counts && !blank(q)) {
                    double v;
                    if (read_numbers(q, &v, 1, &q) != 0)
                        return bad_line(r, err, "expected numbers (counts)");
                    size_t repeat = 1;
                    if (*q == '*') {
                        char *stop;
                        repeat = strtoul(q + 1, &stop, 10);
                        if (v != 0 || stop == q + 1 || repeat > s->n_counts - got)
                            return bad_line(r, err, "bad run of zeros (counts)");
                        q = stop;
                    }
                    while (repeat-- > 0)
                        s->counts[got++] = v;
                }
                if (!blank(q))
                    return bad_line(r, err, "more counts than announced");
            }
            if (got < s->n_counts)
                return ps_error_set(err, PS_ERR_DATA, r->path, r->lineno, NULL,
                                    "truncated: %zu of %zu counts (the shard did not finish?)", got, s->n_counts);
        } else if (strcmp(line, "end") == 0) {
            if (!s->counts)
                return bad_line(r, err, "'end' before 'counts'");
            return PS_OK;
        } else
            return bad_line(r, err, "expected 'block', 'counts' or 'end'");
    }
    return ps_error_set(err, PS_ERR_DATA, r->path, r->lineno, NULL,
                        "truncated: no 'end' line (the shard did not finish?)");
}

static int read_shard(const char *dir, shard_info *s, ps_error *err)
{
    memset(s, 0, sizeof *s);
    snprintf(s->dir, sizeof s->dir, "%s", dir);
    size_t len = strlen(s->dir);
    while (len > 1 && s->dir[len - 1] == '/')
        s->dir[--len] = '\0';
    char path[1100];
    snprintf(path, sizeof path, "%s/%s", s->dir, SHARD_FILE);
    reader r = {.path = path, .f = fopen(path, "r")};
    if (!r.f)
        return ps_error_set(err, errno == ENOENT ? PS_ERR_MISMATCH : PS_ERR_IO, s->dir, 0, NULL,
                            "not a shard directory: cannot read %s: %s", SHARD_FILE, strerror(errno));
    /* Header: fixed keys in a fixed order. */
    static const char *const keys[] = {"parksim_shard", "scenario", "scenario_hash", "seed", "generator",
                                       "first_run", "runs", "shard", "range", "cells"};
    int status = PS_OK;
    char *line = NULL;
    for (size_t k = 0; k < sizeof keys / sizeof keys[0] && status == PS_OK; k++) {
        size_t kl = strlen(keys[k]);
        line = next_line(&r);
        if (!line || strncmp(line, keys[k], kl) != 0 || line[kl] != '\t') {
            char what[96];
            snprintf(what, sizeof what, "expected '%s'", keys[k]);
            status = bad_line(&r, err, what);
            break;
        }
        const char *v = line + kl + 1;
        int version = 0, ok;
        char tail;
        switch (k) {
        case 0: ok = sscanf(v, "%d%c", &version, &tail) == 1 && version == SHARD_FORMAT; break;
        case 1: ok = snprintf(s->scenario, sizeof s->scenario, "%s", v) < (int)sizeof s->scenario; break;
        case 2: ok = sscanf(v, "%" SCNx64 "%c", &s->hash, &tail) == 1; break;
        case 3: ok = sscanf(v, "%lu%c", &s->seed, &tail) == 1; break;
        case 4: ok = sscanf(v, "%31s%c", s->generator, &tail) == 1; break;
        case 5: ok = sscanf(v, "%ld%c", &s->first_run, &tail) == 1; break;
        case 6: ok = sscanf(v, "%ld%c", &s->runs, &tail) == 1; break;
        case 7: ok = sscanf(v, "%d\t%d%c", &s->index, &s->count, &tail) == 2; break;
        case 8: ok = sscanf(v, "%ld\t%ld%c", &s->lo, &s->hi, &tail) == 2; break;
        default: ok = sscanf(v, "%d%c", &s->cells, &tail) == 1 && s->cells > 0; break;
        }
        if (!ok) {
            char what[96];
            if (k == 0)
                snprintf(what, sizeof what, "not a shard file this parksim reads (format %d expected)",
                         SHARD_FORMAT);
            else
                snprintf(what, sizeof what, "bad value for '%s'", keys[k]);
            status = bad_line(&r, err, what);
        }
    }
    if (status == PS_OK)
        status = read_blocks_and_counts(&r, s, next_line(&r), err);
    if (status == PS_OK && ferror(r.f))
        status = ps_error_set(err, PS_ERR_IO, path, 0, NULL, "read error");
    free(r.line);
    fclose(r.f);
    return status;
}

/* ---- merge: checking the set ------------------------------------------------- */

static int differs(const shard_info *s, const shard_info *ref, const char *what, const char *mine,
                   const char *theirs, ps_error *err)
{
    return ps_error_set(err, PS_ERR_MISMATCH, s->dir, 0, NULL,
                        "%s %s differs from %s %s in %s: shards of different runs cannot be merged", what, mine,
                        what, theirs, ref->dir);
}

static const char *trimmed(char *line)
{
    line[strcspn(line, "\r\n")] = '\0';
    return line + strspn(line, " \t");
}

/* The first line where two shards' scenario.cfg differ, as "line N:
 * 'a' here, 'b' there", into buf ("" if none is found). */
static void scenario_difference(const shard_info *s, const shard_info *ref, char *buf, size_t n)
{
    char path[2][1100];
    snprintf(path[0], sizeof path[0], "%s/scenario.cfg", s->dir);
    snprintf(path[1], sizeof path[1], "%s/scenario.cfg", ref->dir);
    FILE *f[2] = {fopen(path[0], "r"), fopen(path[1], "r")};
    char *line[2] = {NULL, NULL};
    size_t cap[2] = {0, 0};
    buf[0] = '\0';
    for (int lineno = 1; f[0] && f[1]; lineno++) {
        ssize_t len[2] = {getline(&line[0], &cap[0], f[0]), getline(&line[1], &cap[1], f[1])};
        if (len[0] < 0 && len[1] < 0)
            break;
        if (len[0] < 0 || len[1] < 0 || strcmp(line[0], line[1]) != 0) {
            snprintf(buf, n, " (scenario.cfg line %d: '%.100s' here, '%.100s' there)", lineno,
                     len[0] < 0 ? "" : trimmed(line[0]), len[1] < 0 ? "" : trimmed(line[1]));
            break;
        }
    }
    for (int i = 0; i < 2; i++) {
        free(line[i]);
        if (f[i])
            fclose(f[i]);
    }
}

/* Same run set as ref (seed, runs, generator, shard count, scenario). */
static int check_same(const shard_info *s, const shard_info *ref, ps_error *err)
{
    char a[64], b[64];
    if (s->seed != ref->seed) {
        snprintf(a, sizeof a, "%lu", s->seed), snprintf(b, sizeof b, "%lu", ref->seed);
        return differs(s, ref, "seed", a, b, err);
    }
    if (s->runs != ref->runs) {
        snprintf(a, sizeof a, "%ld", s->runs), snprintf(b, sizeof b, "%ld", ref->runs);
        return differs(s, ref, "runs", a, b, err);
    }
    if (s->first_run != ref->first_run) {
        snprintf(a, sizeof a, "%ld", s->first_run), snprintf(b, sizeof b, "%ld", ref->first_run);
        return differs(s, ref, "first run", a, b, err);
    }
    if (strcmp(s->generator, ref->generator) != 0)
        return differs(s, ref, "generator", s->generator, ref->generator, err);
    if (s->count != ref->count) {
        snprintf(a, sizeof a, "%d", s->count), snprintf(b, sizeof b, "%d", ref->count);
        return differs(s, ref, "number of shards", a, b, err);
    }
    if (s->hash != ref->hash || s->cells != ref->cells || s->n_counts != ref->n_counts) {
        char where[300];
        scenario_difference(s, ref, where, sizeof where);
        return ps_error_set(err, PS_ERR_MISMATCH, s->dir, 0, NULL,
                            "scenario differs from that of %s%s: shards of different scenarios or settings cannot "
                            "be merged", ref->dir, where);
    }
    return PS_OK;
}

/* The shard's recorded range and blocks are those its index implies. */
static int check_share(const shard_info *s, ps_error *err)
{
    long lo, hi;
    shard_range(s->first_run, s->runs, s->index, s->count, &lo, &hi);
    if (s->index < 0 || s->index >= s->count || lo != s->lo || hi != s->hi)
        return ps_error_set(err, PS_ERR_DATA, s->dir, 0, NULL, "%s: range %ld..%ld is not that of shard %d/%d",
                            SHARD_FILE, s->lo, s->hi - 1, s->index, s->count);
    long first_block = lo / PS_ACCUM_BLOCK, blocks = hi > lo ? (hi - 1) / PS_ACCUM_BLOCK - first_block + 1 : 0;
    bool ok = s->n_blocks == blocks;
    for (long b = 0; ok && b < blocks; b++)
        ok = s->block[b] == first_block + b;
    if (!ok)
        return ps_error_set(err, PS_ERR_DATA, s->dir, 0, NULL, "%s: blocks do not cover runs %ld..%ld",
                            SHARD_FILE, lo, hi - 1);
    if (s->counts[0] != (double)(hi - lo))
        return ps_error_set(err, PS_ERR_DATA, s->dir, 0, NULL, "%s: counts cover %.0f runs, not %ld", SHARD_FILE,
                            s->counts[0], hi - lo);
    return PS_OK;
}

/* Check the set and order it by shard index into slot[0..count). */
static int check_set(shard_info *shards, int n, shard_info ***slot_out, ps_error *err)
{
    const shard_info *ref = &shards[0];
    for (int i = 0; i < n; i++) {
        int status = check_same(&shards[i], ref, err);
        if (status == PS_OK)
            status = check_share(&shards[i], err);
        if (status != PS_OK)
            return status;
    }
    shard_info **slot = calloc((size_t)ref->count, sizeof *slot);
    if (!slot)
        return ps_error_set(err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory");
    *slot_out = slot;
    for (int i = 0; i < n; i++) {
        shard_info *s = &shards[i];
        if (slot[s->index])
            return ps_error_set(err, PS_ERR_MISMATCH, s->dir, 0, NULL,
                                "shard %d/%d given twice (also %s): runs %ld..%ld would be counted twice", s->index,
                                s->count, slot[s->index]->dir, s->lo, s->hi - 1);
        slot[s->index] = s;
    }
    for (int i = 0; i < ref->count; i++) {
        long lo, hi;
        shard_range(ref->first_run, ref->runs, i, ref->count, &lo, &hi);
        if (!slot[i] && hi > lo)
            return ps_error_set(err, PS_ERR_MISMATCH, NULL, 0, NULL, "shard %d/%d missing: runs %ld..%ld not covered",
                                i, ref->count, lo, hi - 1);
    }
    return PS_OK;
}

/* ---- merge: writing ------------------------------------------------------------ */

/* Copy the rows of dir/runs.tsv to out, checking they are runs lo..hi-1. */
static int copy_runs(const shard_info *s, FILE *out, ps_error *err)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/runs.tsv", s->dir);
    reader r = {.path = path, .f = fopen(path, "r")};
    if (!r.f)
        return ps_error_set(err, PS_ERR_IO, path, 0, NULL, "cannot read: %s", strerror(errno));
    int status = PS_OK;
    long expect = s->lo;
    char *line;
    while (status == PS_OK && (line = next_line(&r)) != NULL) {
        char *end;
        long run = strtol(line, &end, 10);
        if (end == line || *end != '\t' || run != expect)
            status = ps_error_set(err, PS_ERR_DATA, path, r.lineno, NULL, "expected the row of run %ld", expect);
        else {
            fputs(line, out), fputc('\n', out);
            expect++;
        }
    }
    if (status == PS_OK && ferror(r.f))
        status = ps_error_set(err, PS_ERR_IO, path, 0, NULL, "read error");
    if (status == PS_OK && expect != s->hi)
        status = ps_error_set(err, PS_ERR_DATA, path, r.lineno, NULL, "ends at run %ld; runs %ld..%ld expected",
                              expect - 1, s->lo, s->hi - 1);
    free(r.line);
    fclose(r.f);
    return status;
}

/* The model the writers need, from the first shard's scenario.cfg (a fully
 * resolved scenario), checked against the shards' scenario hash. */
static int open_merged_job(const shard_info *s, cli_job *job, ps_error *err)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/scenario.cfg", s->dir);
    int status = ps_job_open(path, NULL, 0, job, err); /* the hash needs the data */
    if (status != PS_OK)
        return status;
    if (job->sc.hash != s->hash)
        return ps_error_set(err, PS_ERR_MISMATCH, path, 0, NULL,
                            "does not match %s (scenario hash %016" PRIx64 ", expected %016" PRIx64 ")", SHARD_FILE,
                            job->sc.hash, s->hash);
    return PS_OK;
}

static int write_merged(shard_info **slot, const shard_info *ref, const cli_job *job, const char *out_dir,
                        ps_error *err)
{
    ps_accum *acc = ps_accum_alloc(job->model);
    if (!acc)
        return ps_error_set(err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory for the accumulator");
    int status = PS_OK;
    if (ps_accum_cells(acc) != ref->cells || ps_accum_counts_size(acc) != ref->n_counts)
        status = ps_error_set(err, PS_ERR_MISMATCH, ref->dir, 0, NULL,
                              "%s does not fit its scenario.cfg (%d cells, %zu counts; expected %d, %zu)", SHARD_FILE,
                              ref->cells, ref->n_counts, ps_accum_cells(acc), ps_accum_counts_size(acc));
    /* Blocks in block order (shards are contiguous and in index order). */
    for (int i = 0; i < ref->count && status == PS_OK; i++) {
        const shard_info *s = slot[i];
        if (!s)
            continue;
        for (long b = 0; b < s->n_blocks; b++)
            ps_accum_merge_block(acc, &s->moments[(size_t)b * (size_t)s->cells]);
        ps_accum_counts_add(acc, s->counts);
    }
    if (status == PS_OK && ps_accum_runs(acc) != ref->runs)
        status = ps_error_set(err, PS_ERR_MISMATCH, NULL, 0, NULL, "the shards hold %ld runs, not %ld",
                              ps_accum_runs(acc), ref->runs);
    char spec[64];
    snprintf(spec, sizeof spec, "merged from %d shards", ref->count);
    ps_provenance prov = {.command = "merge", .scenario = ref->scenario, .hash = ref->hash, .seed = ref->seed,
                          .first_run = ref->first_run, .runs = ref->runs, .runs_done = ref->runs,
                          .generator = ref->generator, .threads = 1, .ranks = 1, .shard = spec,
                          .sc = ps_model_scenario(job->model)};
    ps_outset out;
    ps_outset_init(&out, out_dir);
    if (status == PS_OK)
        status = ps_out_mkdir(out_dir, err);
    if (status == PS_OK)
        status = ps_write_result_tables(&out, &prov, job->model, acc, err);
    FILE *f = NULL;
    if (status == PS_OK && !(f = ps_outset_open(&out, "runs.tsv", err)))
        status = err->code;
    if (status == PS_OK) {
        ps_write_provenance(f, &prov);
        ps_write_runs_header(f, job->model);
        for (int i = 0; i < ref->count && status == PS_OK; i++)
            if (slot[i])
                status = copy_runs(slot[i], f, err);
    }
    if (status == PS_OK && !(f = ps_outset_open(&out, "scenario.cfg", err)))
        status = err->code;
    if (status == PS_OK && ps_scenario_write(&job->sc, f) != 0)
        status = ps_error_set(err, PS_ERR_IO, out_dir, 0, NULL, "could not write scenario.cfg");
    if (status == PS_OK)
        status = ps_outset_commit(&out, err);
    else
        ps_outset_abort(&out);
    ps_accum_free(acc);
    return status;
}

int cli_merge(const cli_options *o)
{
    if (o->n_scenarios < 1)
        return cli_usage_error("merge: expected shard directories (OUT/shard-I-of-N/, written by 'run --shard I/N')");
    if (o->n_sets != (o->out ? 1 : 0) || o->n_vary || o->first_run_given || o->trajectory || o->format)
        return cli_usage_error("merge: only --out and --quiet apply; the shards fix every setting");
    int n = o->n_scenarios;
    shard_info *shards = calloc((size_t)n, sizeof *shards);
    shard_info **slot = NULL;
    ps_error err;
    ps_error_clear(&err);
    int status = shards ? PS_OK : (int)ps_error_set(&err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory");
    for (int i = 0; i < n && status == PS_OK; i++)
        status = read_shard(o->scenarios[i], &shards[i], &err);
    if (status == PS_OK)
        status = check_set(shards, n, &slot, &err);
    cli_job job;
    memset(&job, 0, sizeof job);
    const char *out_dir = NULL;
    if (status == PS_OK)
        status = open_merged_job(&shards[0], &job, &err);
    if (status == PS_OK) {
        out_dir = o->out ? o->out : job.sc.run.out;
        status = write_merged(slot, &shards[0], &job, out_dir, &err);
    }
    if (status == PS_OK && !o->quiet)
        fprintf(stderr, "parksim: merged %d shards (%ld runs) into %s/ (summary.tsv, targets.tsv, "
                        "target_years.tsv, first_year.tsv, runs.tsv, scenario.cfg)\n",
                shards[0].count, shards[0].runs, out_dir);
    int rc = status == PS_OK ? 0 : cli_report(&err);
    if (job.model)
        cli_job_close(&job);
    for (int i = 0; shards && i < n; i++)
        shard_info_free(&shards[i]);
    free(shards);
    free(slot);
    return rc;
}
