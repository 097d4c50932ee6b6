/* job.c — a scenario with its data and model, and the scenario hash
 * (contract in include/parksim/job.h). */
#include "parksim/job.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FNV1A64_START 14695981039346656037ULL

static uint64_t fnv1a64(uint64_t h, const unsigned char *data, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= data[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static int hash_blanked(const ps_scenario *sc, bool blank_out, const void *data, size_t n, uint64_t *hash);

int ps_job_hash(const ps_scenario *sc, const void *data, size_t n, uint64_t *hash)
{
    return hash_blanked(sc, false, data, n, hash);
}

int ps_job_settings_hash(const ps_job *job, uint64_t *hash)
{
    return hash_blanked(&job->sc, true, job->bl.bytes, job->bl.n_bytes, hash);
}

static int hash_blanked(const ps_scenario *sc, bool blank_out, const void *data, size_t n, uint64_t *hash)
{
    /* The path is blanked: it differs between checkouts, the bytes do not. */
    ps_scenario *without_path = malloc(sizeof *without_path);
    char *text = NULL;
    size_t size = 0;
    FILE *f = without_path ? open_memstream(&text, &size) : NULL;
    if (!f) {
        free(without_path);
        return -1;
    }
    *without_path = *sc;
    without_path->run.data[0] = '\0';
    /* The samples file by its name only; its bytes are hashed below. */
    const char *slash = strrchr(sc->unc.samples, '/');
    memmove(without_path->unc.samples, slash ? slash + 1 : sc->unc.samples,
            strlen(slash ? slash + 1 : sc->unc.samples) + 1);
    if (blank_out)
        without_path->run.out[0] = '\0';
    int written = ps_scenario_write(without_path, f);
    free(without_path);
    if (fclose(f) != 0 || written != 0) {
        free(text);
        return -1;
    }
    uint64_t h = fnv1a64(FNV1A64_START, (const unsigned char *)text, size);
    free(text);
    h = fnv1a64(h, data, n);
    if (sc->unc.samples[0]) {
        FILE *in = fopen(sc->unc.samples, "rb");
        unsigned char buf[65536];
        size_t got;
        if (!in)
            return -1;
        while ((got = fread(buf, 1, sizeof buf, in)) > 0)
            h = fnv1a64(h, buf, got);
        int bad = ferror(in);
        fclose(in);
        if (bad)
            return -1;
    }
    *hash = h;
    return 0;
}

int ps_job_open(const char *path, const ps_override *overrides, int n_overrides, ps_job *job,
                ps_error *err)
{
    memset(job, 0, sizeof *job);
    ps_error_clear(err);
    int status = ps_scenario_load_overrides(path, overrides, n_overrides, &job->sc, err);
    if (status != PS_OK)
        return status;
    if ((status = ps_baseline_load(job->sc.run.data, &job->bl, err)) != PS_OK)
        return status;
    if (ps_job_hash(&job->sc, job->bl.bytes, job->bl.n_bytes, &job->sc.hash) != 0) {
        ps_baseline_free(&job->bl);
        return ps_error_set(err, PS_ERR_NOMEM, path, 0, NULL, "cannot hash the scenario (out of memory, or its samples file unreadable)");
    }
    if ((status = ps_model_create(&job->sc, &job->bl, &job->model, err)) != PS_OK) {
        ps_baseline_free(&job->bl);
        return status;
    }
    return PS_OK;
}

void ps_job_close(ps_job *job)
{
    if (!job)
        return;
    ps_model_free(job->model);
    ps_baseline_free(&job->bl);
    job->model = NULL;
}
