/* cli_merge.c — `parksim merge DIR...`: check that the directories are a
 * complete set of shards of one run (include/parksim/shard.h) and write the
 * files a single `parksim run` writes, with the same data lines byte for
 * byte: the tables from the merged accumulator, runs.tsv from the shards'
 * rows in run order, the resolved scenario. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "parksim/output.h"
#include "parksim/shard.h"

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
    for (int i = 0; i < n && status == PS_OK; i++) {
        status = ps_shard_read(o->scenarios[i], &shards[i], &err);
        if (status == PS_OK)
            status = ps_shard_verify_runs(shards[i], &err);
    }
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
                        "target_years.tsv, first_year.tsv, provinces.tsv, runs.tsv, scenario.cfg)\n",
                shards[0]->count, shards[0]->runs, out_dir);
    int rc = status == PS_OK ? 0 : cli_report(&err);
    if (job.model)
        cli_job_close(&job);
    for (int i = 0; shards && i < n; i++)
        ps_shard_free(shards[i]);
    free(shards);
    return rc;
}
