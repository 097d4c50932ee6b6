/* cli_shard.c — `parksim run SCENARIO --shard I/N`, for schedulers without
 * MPI (job arrays): computes one share of the runs into OUT/shard-I-of-N/
 * (OUT = run.out or --out); `parksim merge` (cli_merge.c) combines a
 * complete set into the files a single `parksim run` writes.
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

#include "cli.h"
#include "parksim/output.h"
#include "parksim/shard.h"

typedef struct shard_writer {
    FILE *runs, *partial;
    const ps_model *model;
} shard_writer;

/* The temporary path f (one of out's files) is being written to. */
static const char *temp_path_of(const ps_outset *out, const FILE *f)
{
    for (int i = 0; i < out->n; i++)
        if (out->file[i] == f)
            return out->temp_path[i];
    return out->dir;
}

static int put_run(void *ctx, const ps_run_result *r)
{
    shard_writer *w = ctx;
    ps_write_run_row(w->runs, w->model, r);
    return ferror(w->runs) ? -1 : 0;
}

int cli_shard_run(const cli_options *o)
{
    int index = o->shard_index, count = o->shard_count, rc;
    if (o->trajectory)
        return cli_usage_error("--trajectory: not with --shard (write it with a run of its own)");
    if (o->format)
        return cli_usage_error("--format: not with --shard (a shard has no result of its own until 'merge')");
    cli_job job;
    if ((rc = cli_job_open(&job, o->scenarios[0], o, NULL, 0)) != 0)
        return rc;
    const ps_scenario *sc = &job.sc;
    long first = o->first_run, done = 0;
    int threads = ps_mc_threads(o->threads);
    cli_install_signal_handlers(); /* SIGINT, SIGTERM: stop, write nothing */

    ps_error err;
    ps_error_clear(&err);
    ps_accum *acc = ps_accum_alloc(job.model);
    ps_shard shard;
    ps_shard_init(&shard, sc, first, index, count, acc ? ps_accum_cells(acc) : 0);
    if (ps_job_settings_hash(&job, &shard.settings_hash) != 0) {
        ps_accum_free(acc);
        acc = NULL; /* reported below as out of memory */
    }
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
        status = cli_execute(&job, o, shard.lo, shard.hi - shard.lo, put_run, &w, true, &acc, &done, &err);
    }
    if (status == PS_OK)
        status = ps_shard_write_counts(w.partial, acc, &err);
    /* The checksums are of what is on disk, so both files are flushed first;
     * a failed write is reported by the commit, naming the file. */
    if (status == PS_OK) {
        bool flushed = true;
        FILE *written[2] = {w.runs, w.partial};
        for (int i = 0; i < 2; i++)
            if (fflush(written[i]) != 0) {
                ps_outset_note_error(&out, written[i]);
                flushed = false;
            }
        if (flushed)
            status = ps_shard_seal(w.partial, temp_path_of(&out, w.partial), temp_path_of(&out, w.runs), &err);
    }
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
