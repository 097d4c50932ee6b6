/* cli_longrun.c — how `parksim run` computes its runs on one process: with a
 * checkpoint every few blocks (OUT/.checkpoint/), so that a stopped run can
 * be resumed (--resume) and give the data of an uninterrupted run byte for
 * byte; with --until-se, adding whole blocks until every target
 * probability's standard error is below the bound.
 *
 * The per-run rows go to OUT/.checkpoint/runs.rows as they are computed (the
 * checkpoint records how many bytes of it belong to the runs it holds) and
 * are copied into runs.tsv when the run ends. The checkpoint itself is
 * include/parksim/checkpoint.h. Both are removed once the result set is
 * committed (cli_run_checkpoint_remove).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "parksim/checkpoint.h"

/* A checkpoint every CLI_CHECKPOINT_BLOCKS blocks of PS_ACCUM_BLOCK runs (and
 * when stopped); PARKSIM_CHECKPOINT_BLOCKS overrides it (tests). */
#define CLI_CHECKPOINT_BLOCKS 8

typedef struct longrun {
    const cli_options *o;
    const ps_model *model;
    ps_accum *acc;
    ps_checkpoint ck;
    char state_path[1200], rows_path[1200];
    FILE *rows;            /* per-run rows, or NULL (--no-runs-file) */
    long first, count;     /* the whole batch */
    long base;             /* runs done before this process (resumed) */
    long every, since;     /* blocks between checkpoints; blocks since the last */
    bool se_reached;
    double se;             /* largest standard error at the last block boundary */
    volatile sig_atomic_t stop;
    int row_errno;         /* errno of the first failed row write */
    double start;
    int status;            /* a failed checkpoint */
    ps_error err;
} longrun;

static long checkpoint_every(void)
{
    const char *s = getenv("PARKSIM_CHECKPOINT_BLOCKS");
    char *end;
    long v = s && *s ? strtol(s, &end, 10) : CLI_CHECKPOINT_BLOCKS;
    return s && *s && (*end != '\0' || v < 1) ? CLI_CHECKPOINT_BLOCKS : v;
}

static int put_row(void *ctx, const ps_run_result *r)
{
    longrun *lr = ctx;
    errno = 0;
    ps_write_run_row(lr->rows, lr->model, r);
    if (!ferror(lr->rows))
        return 0;
    if (!lr->row_errno)
        lr->row_errno = errno ? errno : EIO;
    return -1;
}

double cli_max_target_se(const ps_accum *acc, int n_targets)
{
    double n = (double)ps_accum_runs(acc), most = 0;
    for (int t = 0; t <= n_targets && n > 0; t++) {
        double p = (double)ps_accum_met(acc, t) / n, se = sqrt(p * (1 - p) / n);
        most = se > most ? se : most;
    }
    return n > 0 ? most : INFINITY;
}

static int save(longrun *lr, long done)
{
    long bytes = -1;
    if (lr->rows) {
        if (fflush(lr->rows) != 0 || fsync(fileno(lr->rows)) != 0)
            return ps_error_set(&lr->err, PS_ERR_IO, lr->rows_path, 0, NULL, "write failed: %s", strerror(errno));
        bytes = ftell(lr->rows);
    }
    return ps_checkpoint_save(&lr->ck, lr->acc, done, bytes, lr->state_path, &lr->err);
}

/* After each chunk (chunks end on block boundaries): close the block, test
 * --until-se, checkpoint, report progress. */
static void after_chunk(void *ctx, long done, long total)
{
    longrun *lr = ctx;
    (void)total;
    long all = lr->base + done;
    ps_accum_finish(lr->acc); /* what the next block's first run would do */
    lr->since++;
    if (lr->o->until_se > 0) {
        lr->se = cli_max_target_se(lr->acc, ps_model_scenario(lr->model)->n_targets);
        if (lr->se < lr->o->until_se) {
            lr->se_reached = true;
            lr->stop = 1;
        }
    }
    if (cli_stop_requested)
        lr->stop = 1;
    bool stopping = cli_stop_requested && all < lr->count;
    if (lr->status == PS_OK && !lr->se_reached && all < lr->count && (lr->since >= lr->every || stopping)) {
        lr->since = 0;
        lr->status = save(lr, all);
        if (lr->status != PS_OK)
            lr->stop = 1;
    }
    if (cli_show_progress(lr->o))
        cli_progress(&lr->start, done, lr->count - lr->base);
}

/* Resume: the checkpoint must be this run's; truncate the rows to it. */
static int resume(longrun *lr, const ps_scenario *sc, const char *dir, ps_error *err)
{
    ps_checkpoint want = lr->ck;
    if (access(lr->state_path, F_OK) != 0)
        return ps_error_set(err, PS_ERR_IO, NULL, 0, NULL,
                            "--resume: no checkpoint in %s/ (a stopped run leaves one; a finished run removes it)",
                            dir);
    int status = ps_checkpoint_load(&lr->ck, lr->state_path, err);
    if (status != PS_OK)
        return status;
    if (lr->ck.hash != want.hash || lr->ck.seed != want.seed || lr->ck.first_run != want.first_run ||
        lr->ck.runs != want.runs || lr->ck.until_se != want.until_se)
        return ps_error_set(err, PS_ERR_MISMATCH, lr->state_path, 0, NULL,
                            "checkpoint of another run (scenario hash %016llx, seed %llu, runs %lld from run %lld, "
                            "until-se %g); this one: %016llx, %llu, %lld from %lld, %g; run without --resume to "
                            "start again",
                            (unsigned long long)lr->ck.hash, (unsigned long long)lr->ck.seed,
                            (long long)lr->ck.runs, (long long)lr->ck.first_run, lr->ck.until_se,
                            (unsigned long long)want.hash, (unsigned long long)want.seed, (long long)want.runs,
                            (long long)want.first_run, want.until_se);
    if ((lr->ck.rows_bytes >= 0) != (lr->rows != NULL))
        return ps_error_set(err, PS_ERR_MISMATCH, lr->state_path, 0, NULL,
                            "checkpoint was written %s --no-runs-file; resume it the same way",
                            lr->ck.rows_bytes >= 0 ? "without" : "with");
    if ((status = ps_checkpoint_restore(&lr->ck, lr->acc, lr->state_path, err)) != PS_OK)
        return status;
    if (lr->rows) {
        struct stat st;
        if (fstat(fileno(lr->rows), &st) != 0 || st.st_size < lr->ck.rows_bytes)
            return ps_error_set(err, PS_ERR_DATA, lr->rows_path, 0, NULL,
                                "shorter than its checkpoint says (%lld bytes); run without --resume to start again",
                                (long long)lr->ck.rows_bytes);
        if (ftruncate(fileno(lr->rows), (off_t)lr->ck.rows_bytes) != 0 ||
            fseek(lr->rows, (long)lr->ck.rows_bytes, SEEK_SET) != 0)
            return ps_error_set(err, PS_ERR_IO, lr->rows_path, 0, NULL, "cannot truncate: %s", strerror(errno));
    }
    lr->base = (long)lr->ck.done;
    (void)sc;
    return PS_OK;
}

/* Copy the rows into runs.tsv. */
static int copy_rows(longrun *lr, FILE *to, ps_error *err)
{
    if (fflush(lr->rows) != 0 || fseek(lr->rows, 0, SEEK_SET) != 0)
        return ps_error_set(err, PS_ERR_IO, lr->rows_path, 0, NULL, "cannot read back: %s", strerror(errno));
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, lr->rows)) > 0)
        if (fwrite(buf, 1, n, to) != n)
            return ps_error_set(err, PS_ERR_IO, NULL, 0, NULL, "could not write runs.tsv: %s", strerror(errno));
    return ferror(lr->rows) ? ps_error_set(err, PS_ERR_IO, lr->rows_path, 0, NULL, "read failed") : PS_OK;
}

long cli_run_count(const cli_options *o, const ps_scenario *sc)
{
    return o->until_se > 0 && !o->runs_given ? CLI_UNTIL_SE_MAX_RUNS : sc->run.runs;
}

int cli_run_execute(const cli_job *job, const cli_options *o, const char *dir, long first, long count, FILE *f_runs,
                    ps_accum **acc, long *done, ps_error *err)
{
    const ps_scenario *sc = &job->sc;
    static longrun lr; /* one per process; the command line is single-threaded */
    memset(&lr, 0, sizeof lr);
    lr.o = o;
    lr.model = job->model;
    lr.first = first;
    lr.count = count;
    lr.every = checkpoint_every();
    lr.start = cli_now();
    *done = 0;
    char ck_dir[1100];
    snprintf(ck_dir, sizeof ck_dir, "%s/.checkpoint", dir);
    snprintf(lr.state_path, sizeof lr.state_path, "%s/state", ck_dir);
    snprintf(lr.rows_path, sizeof lr.rows_path, "%s/runs.rows", ck_dir);
    if (!(*acc = lr.acc = ps_accum_alloc(job->model)))
        return ps_error_set(err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory for the accumulator");
    ps_checkpoint_init(&lr.ck, sc->hash, sc->run.seed, first, count, o->until_se, ps_accum_cells(lr.acc));
    int status = ps_out_mkdir(ck_dir, err);
    if (status == PS_OK && f_runs && !(lr.rows = fopen(lr.rows_path, o->resume ? "r+" : "w+")) &&
        !(o->resume && errno == ENOENT))
        status = ps_error_set(err, PS_ERR_IO, lr.rows_path, 0, NULL, "cannot write: %s", strerror(errno));
    if (status == PS_OK && o->resume) {
        status = resume(&lr, sc, dir, err);
        if (status == PS_OK && !o->quiet)
            fprintf(stderr, "parksim: resuming %s/ at run %ld: %ld of %ld runs done\n", dir, first + lr.base,
                    lr.base, count);
    } else if (status == PS_OK)
        remove(lr.state_path); /* a fresh run: an old checkpoint no longer applies */
    if (status == PS_OK) {
        if (lr.rows && o->until_se > 0 && lr.base > 0)
            lr.se = cli_max_target_se(lr.acc, sc->n_targets);
        ps_accum_on_block(lr.acc, ps_checkpoint_put_block, &lr.ck);
        long seg_done = 0;
        ps_mc_options mo = {
            .first_run = first + lr.base, .runs = count - lr.base, .threads = o->threads, .stop = &lr.stop,
            .progress = after_chunk, .progress_ctx = &lr, .sink = lr.rows ? put_row : NULL, .sink_ctx = &lr, .rows = lr.rows != NULL,
        };
        if (o->until_se > 0 && lr.base > 0 && cli_max_target_se(lr.acc, sc->n_targets) < o->until_se)
            lr.se_reached = true, mo.runs = 0; /* stopped just as the bound was reached */
        status = mo.runs > 0 ? ps_mc_execute(job->model, &mo, lr.acc, &seg_done, err) : PS_OK;
        ps_accum_finish(lr.acc);
        *done = lr.base + seg_done;
        if (lr.status != PS_OK) {
            *err = lr.err;
            status = lr.status;
        } else if (status == PS_ERR_IO && lr.row_errno)
            status = ps_error_set(err, PS_ERR_IO, lr.rows_path, 0, NULL, "write failed: %s", strerror(lr.row_errno)); else if (status == PS_ERR_INTERRUPTED && lr.se_reached)
            status = PS_OK;
        else if (status == PS_ERR_INTERRUPTED)
            ps_error_set(err, PS_ERR_INTERRUPTED, NULL, 0, NULL, "interrupted after %ld of %ld runs", *done, count);
    }
    if ((status == PS_OK || status == PS_ERR_INTERRUPTED) && lr.rows) {
        int rc = copy_rows(&lr, f_runs, err);
        if (rc != PS_OK)
            status = rc;
    }
    if (lr.rows)
        fclose(lr.rows);
    if (o->until_se > 0 && status == PS_OK) {
        static char note[200];
        snprintf(note, sizeof note,
                 "until_se: %g %s after %ld runs (largest standard error of a target probability %.3g; at most %ld runs)",
                 o->until_se, lr.se_reached ? "reached" : "NOT reached", *done,
                 cli_max_target_se(lr.acc, sc->n_targets), count);
        cli_run_note = note;
    }
    ps_checkpoint_free(&lr.ck);
    return status;
}

const char *cli_run_note;

void cli_run_checkpoint_remove(const char *dir)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/.checkpoint/state", dir);
    remove(path);
    snprintf(path, sizeof path, "%s/.checkpoint/runs.rows", dir);
    remove(path);
    snprintf(path, sizeof path, "%s/.checkpoint", dir);
    rmdir(path);
}

void cli_write_plain_runs_header(FILE *f, const ps_model *m)
{
    const ps_scenario *sc = ps_model_scenario(m);
    fputs("run", f);
    for (int k = 0; k < PS_METRIC_COUNT; k++)
        fprintf(f, "\t%s", ps_metric_get((ps_metric)k)->name);
    for (int t = 0; t < sc->n_targets; t++)
        fprintf(f, "\tmet_%s", sc->targets[t].name);
    fputc('\n', f);
}
