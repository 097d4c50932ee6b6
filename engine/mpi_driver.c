/* mpi_driver.c — parksim under mpirun (built only with -DPARKSIM_MPI=ON).
 *
 * Rank 0 runs the command exactly as a single process would: it parses the
 * options, reads the scenario, writes every file and message. The other
 * ranks never run a command; they wait in cli_mpi_main for work. Each
 * cli_execute call on rank 0 (a run, every scenario of compare, every point
 * of sweep) becomes one job broadcast to all ranks: the resolved scenario
 * (a plain struct), the run range and the thread count.
 *
 * This file is transport only. The chunks of a job and the rank that owns
 * each come from include/parksim/schedule.h (the chunks ps_mc_execute
 * uses); every rank computes its chunks with a ps_mc_pool (OpenMP inside)
 * and, if it is not rank 0, sends each finished chunk's per-run results
 * (values, holds, first_met, met) to rank 0. Rank 0 walks the chunks in
 * order, computing its own and receiving the others', and folds each into
 * the accumulator and the sink with ps_schedule_fold_threads, as ps_mc_execute
 * does: the floating-point order, hence every output byte, is the
 * single-process one. No rank seeds from its rank: a run is a function of
 * (scenario, run index) only.
 *
 * Per job and per follower rank there is exactly one message from rank 0
 * with tag TAG_END. Rank 0 sends it early to cancel (an error, or a stop
 * request seen on rank 0) and otherwise after the last chunk; a follower
 * checks for it before each chunk (and then sends its remaining chunks as
 * empty "skipped" messages without computing them) and waits for it after
 * its last one. Rank 0 receives every chunk message of a job even after an
 * error, so no message is left over for the next job.
 *
 * Errors on a follower (data file unreadable on that node, out of memory, a
 * failed run) travel to rank 0 in the chunk message and are reported there.
 * Ctrl-C under mpirun: Open MPI ends the whole job (the followers do not
 * catch signals); no result files are committed, temporary files may remain.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpi.h>

#include "parksim/province.h"
#include "parksim/zone_accum.h"

#include "cli.h"

enum { TAG_CHUNK = 11, TAG_END = 12 };
enum { JOB_QUIT = 0, JOB_RUN = 1 };
enum { CHUNK_OK = 0, CHUNK_FAILED = 1, CHUNK_SKIPPED = 2 };

/* Broadcast from rank 0 for every cli_execute call, and once to quit. */
typedef struct job_msg {
    int kind;
    int threads;   /* as --threads: <= 0 means all cores of each rank */
    long first, count;
    ps_scenario sc;
} job_msg;

/* Head of a chunk message; followed by the runs (CHUNK_OK) or a ps_error
 * (CHUNK_FAILED). */
typedef struct chunk_head {
    int32_t status;
    int32_t runs;
} chunk_head;

static int world_rank(void)
{
    int initialized = 0, rank = 0;
    MPI_Initialized(&initialized);
    if (initialized)
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    return rank;
}

int cli_ranks(void)
{
    int initialized = 0, size = 1;
    MPI_Initialized(&initialized);
    if (initialized)
        MPI_Comm_size(MPI_COMM_WORLD, &size);
    return size;
}

bool cli_is_writer(void) { return world_rank() == 0; }

/* ---- the wire format of a chunk ------------------------------------------- */

typedef struct run_layout {
    size_t values, holds, first_met, met, params; /* element counts */
    size_t zone_flags, zones;                     /* per-zone record (zones.tsv) */
    size_t provinces;                             /* values by province (parksim/province.h) */
    size_t prov_sums;                             /* their fixed-point sums (ps_province_record) */
    size_t bytes;                         /* one run on the wire */
} run_layout;

static run_layout layout_of(const ps_model *m)
{
    size_t years = (size_t)ps_model_years(m), targets = (size_t)ps_model_scenario(m)->n_targets;
    run_layout l = {.values = PS_METRIC_COUNT * years, .holds = targets * years, .first_met = targets,
                    .met = targets, .params = (size_t)ps_model_scenario(m)->unc.n,
                    .zone_flags = (size_t)ps_model_zone_count(m) * years, .zones = (size_t)ps_model_zone_count(m)};
    l.provinces = (size_t)ps_model_provinces(m)->n * PS_PV_COUNT * years;
    l.prov_sums = (size_t)ps_model_provinces(m)->n * PS_PROVINCE_SUMS * years;
    l.bytes = (l.values + l.params + l.provinces + l.prov_sums) * sizeof(double) + l.first_met * sizeof(int) +
              l.holds + l.met + l.zone_flags + 2 * l.zones * sizeof(double) + l.zones * sizeof(ps_zone_outcome) +
              l.provinces * sizeof(int);
    return l;
}

/* Largest chunk message of a job whose chunks hold at most max_runs runs. */
static size_t message_bytes(const run_layout *l, long max_runs)
{
    size_t runs = (size_t)max_runs * l->bytes;
    return sizeof(chunk_head) + (runs > sizeof(ps_error) ? runs : sizeof(ps_error));
}

static unsigned char *put(unsigned char *p, const void *src, size_t n)
{
    memcpy(p, src, n);
    return p + n;
}

static const unsigned char *get(const unsigned char *p, void *dst, size_t n)
{
    memcpy(dst, p, n);
    return p + n;
}

static size_t pack_runs(unsigned char *buf, const run_layout *l, ps_run_result **results, long n)
{
    chunk_head head = {CHUNK_OK, (int32_t)n};
    unsigned char *p = put(buf, &head, sizeof head);
    for (long k = 0; k < n; k++) {
        const ps_run_result *r = results[k];
        p = put(p, r->values, l->values * sizeof(double));
        p = put(p, r->first_met, l->first_met * sizeof(int));
        p = put(p, r->holds, l->holds);
        p = put(p, r->met, l->met);
        p = put(p, r->params, l->params * sizeof(double));
        p = put(p, r->zone_flags, l->zone_flags);
        p = put(p, r->zone_gdp, l->zones * sizeof(double));
        p = put(p, r->zone_rd, l->zones * sizeof(double));
        p = put(p, r->provinces, l->provinces * sizeof(double));
        p = put(p, r->zone_out, l->zones * sizeof(ps_zone_outcome));
        p = put(p, r->prov_slot, l->provinces * sizeof(int));
        p = put(p, r->prov_sum, l->prov_sums * sizeof(double));
    }
    return (size_t)(p - buf);
}

static void unpack_runs(const unsigned char *buf, const run_layout *l, long first, ps_run_result **results, long n)
{
    const unsigned char *p = buf + sizeof(chunk_head);
    for (long k = 0; k < n; k++) {
        ps_run_result *r = results[k];
        r->run = first + k;
        r->row_run = -1; /* no row of this run here */
        p = get(p, r->values, l->values * sizeof(double));
        p = get(p, r->first_met, l->first_met * sizeof(int));
        p = get(p, r->holds, l->holds);
        p = get(p, r->met, l->met);
        p = get(p, r->params, l->params * sizeof(double));
        p = get(p, r->zone_flags, l->zone_flags);
        p = get(p, r->zone_gdp, l->zones * sizeof(double));
        p = get(p, r->zone_rd, l->zones * sizeof(double));
        p = get(p, r->provinces, l->provinces * sizeof(double));
        p = get(p, r->zone_out, l->zones * sizeof(ps_zone_outcome));
        p = get(p, r->prov_slot, l->provinces * sizeof(int));
        p = get(p, r->prov_sum, l->prov_sums * sizeof(double));
    }
}

static size_t pack_failure(unsigned char *buf, const ps_error *err)
{
    chunk_head head = {CHUNK_FAILED, 0};
    unsigned char *p = put(buf, &head, sizeof head);
    return (size_t)(put(p, err, sizeof *err) - buf);
}

static size_t pack_skipped(unsigned char *buf)
{
    chunk_head head = {CHUNK_SKIPPED, 0};
    return (size_t)(put(buf, &head, sizeof head) - buf);
}

/* ---- rank 0 ------------------------------------------------------------------ */

typedef struct end_notices {
    int ranks;
    bool sent;
    MPI_Request *req;
} end_notices;

/* Tell every follower the job is over (or cancelled). Once per job. */
static void send_end(end_notices *e)
{
    static const int32_t token = 0;
    if (e->sent)
        return;
    e->sent = true;
    for (int r = 1; r < e->ranks; r++)
        MPI_Isend(&token, 1, MPI_INT32_T, r, TAG_END, MPI_COMM_WORLD, &e->req[r - 1]);
}

int cli_mpi_execute(const cli_job *job, const cli_options *o, long first, long count, ps_run_sink sink,
                    void *sink_ctx, bool rows, ps_accum **acc, long *done, ps_error *err)
{
    const ps_model *m = job->model;
    int ranks = cli_ranks();
    *done = 0;
    if (!*acc && !(*acc = ps_accum_alloc(m)))
        return ps_error_set(err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory for the accumulator");

    job_msg *msg = calloc(1, sizeof *msg);
    run_layout l = layout_of(m);
    long max_runs = ps_schedule_max_chunk(first, count);
    size_t msg_bytes = message_bytes(&l, max_runs);
    unsigned char *buf = malloc(msg_bytes);
    end_notices ends = {ranks, false, calloc((size_t)ranks, sizeof(MPI_Request))};
    ps_mc_pool p = {0};
    if (!msg || !buf || !ends.req) {
        free(msg), free(buf), free(ends.req);
        return ps_error_set(err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory for MPI buffers");
    }
    /* Every rank takes part from here on, whatever happens on rank 0. */
    *msg = (job_msg){.kind = JOB_RUN, .threads = o->threads, .first = first, .count = count, .sc = job->sc};
    MPI_Bcast(msg, (int)sizeof *msg, MPI_BYTE, 0, MPI_COMM_WORLD);
    int status = ps_mc_pool_init(&p, m, o->threads, max_runs, err);
    if (status != PS_OK)
        send_end(&ends);
    p.rows = rows; /* rank 0's own chunks; the others' rows are formatted in the fold */

    double start = cli_now();
    bool progress = cli_show_progress(o);
    long chunks = ps_schedule_chunks(first, count);
    for (long c = 0; c < chunks; c++) {
        int owner = ps_schedule_owner(c, ranks);
        long lo, hi;
        ps_schedule_chunk(first, count, c, &lo, &hi);
        long n = hi - lo;
        if (status == PS_OK && cli_stop_requested) {
            status = ps_error_set(err, PS_ERR_INTERRUPTED, NULL, 0, NULL, "interrupted after %ld of %ld runs",
                                  *done, count);
            send_end(&ends);
        }
        if (owner == 0) {
            if (status != PS_OK)
                continue;
            if (ps_mc_pool_compute(&p, m, lo, hi) != 0) {
                status = ps_mc_report_fault(&p, hi - lo, err);
                send_end(&ends);
                continue;
            }
        } else {
            MPI_Recv(buf, (int)msg_bytes, MPI_BYTE, owner, TAG_CHUNK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            if (status != PS_OK)
                continue; /* draining after an error */
            chunk_head head;
            memcpy(&head, buf, sizeof head);
            if (head.status != CHUNK_OK || head.runs != n) {
                if (head.status == CHUNK_FAILED)
                    memcpy(err, buf + sizeof head, sizeof *err);
                else
                    ps_error_set(err, PS_ERR_NUMERIC, NULL, 0, NULL, "rank %d skipped runs %ld..%ld", owner, lo,
                                 hi - 1);
                status = err->code != PS_OK ? (int)err->code : PS_ERR_NUMERIC;
                send_end(&ends);
                continue;
            }
            unpack_runs(buf, &l, lo, p.results, n);
        }
        if ((status = ps_schedule_fold_threads(*acc, sink, sink_ctx, p.results, n, p.threads, err)) != PS_OK) {
            send_end(&ends);
            continue;
        }
        *done += n;
        if (progress)
            cli_progress(&start, *done, count);
    }
    send_end(&ends);
    MPI_Waitall(ranks - 1, ends.req, MPI_STATUSES_IGNORE);
    if (status == PS_OK || status == PS_ERR_INTERRUPTED)
        ps_accum_finish(*acc);
    ps_mc_pool_free(&p);
    free(msg), free(buf), free(ends.req);
    return status;
}

/* ---- followers --------------------------------------------------------------- */

/* What a follower keeps between jobs: the baseline (reloaded only when the
 * data path changes) and the model of the current job. */
typedef struct follower {
    int rank, ranks;
    ps_baseline bl;
    bool have_bl;
    ps_model *model;
} follower;

static int follower_prepare(follower *f, const ps_scenario *sc, ps_error *err)
{
    ps_model_free(f->model);
    f->model = NULL;
    if (f->have_bl && strcmp(f->bl.path, sc->run.data) != 0) {
        ps_baseline_free(&f->bl);
        f->have_bl = false;
    }
    if (!f->have_bl) {
        int status = ps_baseline_load(sc->run.data, &f->bl, err);
        if (status != PS_OK)
            return status;
        f->have_bl = true;
    }
    return ps_model_create(sc, &f->bl, &f->model, err);
}

static bool end_arrived(void)
{
    int flag = 0;
    MPI_Iprobe(0, TAG_END, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
    if (flag) {
        int32_t token;
        MPI_Recv(&token, 1, MPI_INT32_T, 0, TAG_END, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
    return flag != 0;
}

/* Compute this rank's chunks of one job and send them to rank 0, two
 * buffers in flight so the next chunk is computed while one is sent. */
static void follower_job(follower *f, const job_msg *msg)
{
    ps_error err;
    ps_error_clear(&err);
    int status = follower_prepare(f, &msg->sc, &err);
    ps_mc_pool p = {0};
    run_layout l = {0};
    unsigned char *buf[2] = {NULL, NULL};
    long max_runs = ps_schedule_max_chunk(msg->first, msg->count);
    if (status == PS_OK) {
        l = layout_of(f->model);
        status = ps_mc_pool_init(&p, f->model, msg->threads, max_runs, &err);
    }
    /* Failure messages fit in the smallest buffer. */
    size_t bytes = status == PS_OK ? message_bytes(&l, max_runs) : sizeof(chunk_head) + sizeof(ps_error);
    buf[0] = malloc(bytes);
    buf[1] = malloc(bytes);
    if (!buf[0] || !buf[1]) {
        /* Cannot even report: let MPI end the job. */
        fprintf(stderr, "parksim: rank %d: out of memory\n", f->rank);
        MPI_Abort(MPI_COMM_WORLD, cli_exit_code(PS_ERR_NOMEM));
    }
    if (status != PS_OK) {
        /* Say which rank failed; the message may lose its tail. */
        char text[sizeof err.message + 32];
        snprintf(text, sizeof text, "rank %d: %s", f->rank, err.message);
        memcpy(err.message, text, sizeof err.message - 1);
        err.message[sizeof err.message - 1] = '\0';
    }
    MPI_Request req[2] = {MPI_REQUEST_NULL, MPI_REQUEST_NULL};
    bool ended = false;
    long chunks = ps_schedule_chunks(msg->first, msg->count), sent = 0;
    for (long c = 0; c < chunks; c++) {
        if (ps_schedule_owner(c, f->ranks) != f->rank)
            continue;
        int slot = (int)(sent++ % 2);
        MPI_Wait(&req[slot], MPI_STATUS_IGNORE);
        if (!ended)
            ended = end_arrived();
        long lo, hi;
        ps_schedule_chunk(msg->first, msg->count, c, &lo, &hi);
        size_t n_bytes;
        if (ended)
            n_bytes = pack_skipped(buf[slot]);
        else if (status != PS_OK)
            n_bytes = pack_failure(buf[slot], &err);
        else if (ps_mc_pool_compute(&p, f->model, lo, hi) != 0) {
            status = ps_mc_report_fault(&p, hi - lo, &err);
            n_bytes = pack_failure(buf[slot], &err);
        } else
            n_bytes = pack_runs(buf[slot], &l, p.results, hi - lo);
        MPI_Isend(buf[slot], (int)n_bytes, MPI_BYTE, 0, TAG_CHUNK, MPI_COMM_WORLD, &req[slot]);
    }
    MPI_Waitall(2, req, MPI_STATUSES_IGNORE);
    if (!ended) {
        int32_t token;
        MPI_Recv(&token, 1, MPI_INT32_T, 0, TAG_END, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
    ps_mc_pool_free(&p);
    free(buf[0]), free(buf[1]);
}

static void follower_serve(int rank, int ranks)
{
    follower f = {.rank = rank, .ranks = ranks};
    job_msg *msg = calloc(1, sizeof *msg);
    if (!msg) {
        fprintf(stderr, "parksim: rank %d: out of memory\n", rank);
        MPI_Abort(MPI_COMM_WORLD, cli_exit_code(PS_ERR_NOMEM));
    }
    for (;;) {
        MPI_Bcast(msg, (int)sizeof *msg, MPI_BYTE, 0, MPI_COMM_WORLD);
        if (msg->kind != JOB_RUN)
            break;
        follower_job(&f, msg);
    }
    ps_model_free(f.model);
    if (f.have_bl)
        ps_baseline_free(&f.bl);
    free(msg);
}

/* ---- entry ------------------------------------------------------------------- */

int cli_mpi_main(int argc, char **argv, int (*command)(int argc, char **argv))
{
    int provided = 0, rank = 0, ranks = 1;
    if (MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        fputs("parksim: MPI_Init_thread failed\n", stderr);
        return 1;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    int rc = 0;
    if (rank == 0) {
        if (provided < MPI_THREAD_FUNNELED && ranks > 1)
            fputs("parksim: warning: the MPI library does not support MPI_THREAD_FUNNELED\n", stderr);
        rc = command(argc, argv);
        fflush(stdout);
        if (ranks > 1) {
            job_msg *quit = calloc(1, sizeof *quit);
            if (!quit)
                MPI_Abort(MPI_COMM_WORLD, rc ? rc : cli_exit_code(PS_ERR_NOMEM));
            quit->kind = JOB_QUIT;
            MPI_Bcast(quit, (int)sizeof *quit, MPI_BYTE, 0, MPI_COMM_WORLD);
            free(quit);
        }
    } else
        follower_serve(rank, ranks);
    MPI_Finalize();
    return rc;
}
