/* cli_shard.c — shards on the command line, for schedulers without MPI
 * (job arrays): `parksim run SCENARIO --shard I/N` computes one share of
 * the runs into OUT/shard-I-of-N/ (OUT = run.out or --out); `parksim merge
 * DIR...` checks a complete set of shards and writes the files a single
 * `parksim run` writes, with the same data lines byte for byte.
 *
 * The file format, its checks and the merge are the library's
 * (include/parksim/shard.h); which runs a shard takes is the schedule's
 * (ps_schedule_shard). This file parses I/N, opens and commits the output
 * files, loads the merged scenario and prints. A shard is written only when
 * complete: an interrupted shard leaves nothing to merge.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "cli.h"
#include "parksim/output.h"
#include "parksim/shard.h"

static int parse_spec(const char *spec, int *index, int *count)
{
    char tail;
    if (sscanf(spec, "%d/%d%c", index, count, &tail) != 2 || *count < 1 || *count > PS_SHARD_MAX || *index < 0 ||
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
    long first = o->first_run, done = 0;
    int threads = o->threads > 0 ? o->threads : omp_get_max_threads();

    ps_error err;
    ps_error_clear(&err);
    ps_accum *acc = ps_accum_alloc(job.model);
    ps_shard shard;
    ps_shard_init(&shard, sc, first, index, count, acc ? ps_accum_cells(acc) : 0);
    char dir[1024], spec[96];
    snprintf(dir, sizeof dir, "%s/shard-%d-of-%d", sc->run.out, index, count);
    snprintf(spec, sizeof spec, "%d/%d (runs %ld..%ld)", index, count, shard.lo, shard.hi - 1);
    ps_outset out;
    ps_outset_init(&out, dir);
    shard_writer w = {NULL, NULL, job.model};
    FILE *f_cfg = NULL;
    int status = acc ? ps_out_mkdir(dir, &err)
                     : (int)ps_error_set(&err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory for the accumulator");
    if (status == PS_OK && (!(w.runs = ps_outset_open(&out, "runs.tsv", &err)) ||
                            !(f_cfg = ps_outset_open(&out, "scenario.cfg", &err)) ||
                            !(w.partial = ps_outset_open(&out, PS_SHARD_FILE, &err))))
        status = err.code;
    if (status == PS_OK) {
        ps_provenance prov = cli_provenance("run", sc, o, first);
        prov.shard = spec;
        ps_write_provenance(w.runs, &prov);
        ps_write_runs_header(w.runs, job.model);
        ps_shard_write_header(w.partial, &shard, &prov);
        if (ps_scenario_write(sc, f_cfg) != 0)
            status = ps_error_set(&err, PS_ERR_IO, NULL, 0, NULL, "could not write scenario.cfg");
    }
    if (status == PS_OK) {
        if (!o->quiet)
            fprintf(stderr, "parksim: %s: shard %s of %ld runs, %d threads, seed %lu\n", sc->path, spec, sc->run.runs,
                    threads, sc->run.seed);
        ps_accum_on_block(acc, ps_shard_put_block, w.partial);
        status = cli_execute(&job, o, shard.lo, shard.hi - shard.lo, put_run, &w, &acc, &done, &err);
    }
    if (status == PS_OK)
        status = ps_shard_write_counts(w.partial, acc, &err);
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

/* ---- merge ---------------------------------------------------------------------- */

/* The model the writers need, from the first shard's scenario.cfg (a fully
 * resolved scenario), checked against the shards' scenario hash. */
static int open_merged_job(const ps_shard *s, cli_job *job, ps_error *err)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/scenario.cfg", s->dir);
    int status = ps_job_open(path, NULL, 0, job, err); /* the hash needs the data */
    if (status != PS_OK)
        return status;
    if (job->sc.hash != s->hash)
        return ps_error_set(err, PS_ERR_MISMATCH, path, 0, NULL,
                            "does not match %s (scenario hash %016" PRIx64 ", expected %016" PRIx64 ")", PS_SHARD_FILE,
                            job->sc.hash, s->hash);
    return PS_OK;
}

static int write_merged(ps_shard *const *shards, int n, const cli_job *job, const char *out_dir, ps_error *err)
{
    const ps_shard *ref = shards[0];
    ps_accum *acc = ps_accum_alloc(job->model);
    if (!acc)
        return ps_error_set(err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory for the accumulator");
    int status = ps_shard_merge(shards, n, acc, err);
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
        status = ps_shard_copy_runs(shards, n, f, err);
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
    if (o->n_sets || o->n_vary || o->first_run_given || o->trajectory || o->format)
        return cli_usage_error("merge: only --out and --quiet apply; the shards fix every setting");
    int n = o->n_scenarios;
    ps_shard **shards = calloc((size_t)n, sizeof *shards);
    ps_error err;
    ps_error_clear(&err);
    int status = shards ? PS_OK : (int)ps_error_set(&err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory");
    for (int i = 0; i < n && status == PS_OK; i++)
        status = ps_shard_read(o->scenarios[i], &shards[i], &err);
    if (status == PS_OK)
        status = ps_shard_check(shards, n, &err);
    cli_job job;
    memset(&job, 0, sizeof job);
    const char *out_dir = NULL;
    if (status == PS_OK)
        status = open_merged_job(shards[0], &job, &err);
    if (status == PS_OK) {
        out_dir = o->out ? o->out : job.sc.run.out;
        status = write_merged(shards, n, &job, out_dir, &err);
    }
    if (status == PS_OK && !o->quiet)
        fprintf(stderr, "parksim: merged %d shards (%ld runs) into %s/ (summary.tsv, targets.tsv, "
                        "target_years.tsv, first_year.tsv, runs.tsv, scenario.cfg)\n",
                shards[0]->count, shards[0]->runs, out_dir);
    int rc = status == PS_OK ? 0 : cli_report(&err);
    if (job.model)
        cli_job_close(&job);
    for (int i = 0; shards && i < n; i++)
        ps_shard_free(shards[i]);
    free(shards);
    return rc;
}
