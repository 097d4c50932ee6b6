/* cli_execute.c — how every command that computes runs gets them done: on
 * this process's threads (ps_mc_execute), or, under mpirun with more than
 * one rank, spread over the ranks (engine/mpi_driver.c) with identical
 * results. Progress on stderr and Ctrl-C are handled here. */
#include "cli.h"

int cli_execute(const cli_job *job, const cli_options *o, long first, long count, ps_run_sink sink,
                void *sink_ctx, bool rows, ps_accum **acc, long *done, ps_error *err)
{
#ifdef PARKSIM_HAVE_MPI
    if (cli_ranks() > 1)
        return cli_mpi_execute(job, o, first, count, sink, sink_ctx, rows, acc, done, err);
#endif
    if (!*acc)
        *acc = ps_accum_alloc(job->model);
    if (!*acc)
        return ps_error_set(err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory for the accumulator");
    double start = cli_now();
    ps_mc_options mo = {
        .first_run = first, .runs = count, .threads = o->threads, .stop = &cli_stop_requested,
        .progress = cli_show_progress(o) ? cli_progress : NULL, .progress_ctx = &start,
        .sink = sink, .sink_ctx = sink_ctx, .rows = rows,
    };
    int status = ps_mc_execute(job->model, &mo, *acc, done, err);
    if (status == PS_OK || status == PS_ERR_INTERRUPTED)
        ps_accum_finish(*acc);
    return status;
}
