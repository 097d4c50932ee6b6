/* job.h — a job: a scenario with its data and model, ready to run.
 *
 * ps_job_open loads the scenario (parksim/scenario.h) with its overrides,
 * the baseline its run.data names (parksim/baseline.h) and binds them into
 * a model (parksim/model.h). It is also where the scenario hash is made,
 * because only then is the data known: sc.hash is FNV-1a 64 of the resolved
 * scenario text (ps_scenario_write with run.data blanked) continued over the
 * data file's bytes exactly as the baseline loader read them. So the same
 * scenario and data hash alike in any checkout (shards from different nodes
 * can be merged) and an edited data file changes the hash.
 *
 * A ps_job is large (the scenario is inline): keep it off small stacks. The
 * model points into job->sc and job->bl, so a job must not be moved or
 * copied while open. Once open it is read-only and may be shared by threads.
 */
#ifndef PARKSIM_JOB_H
#define PARKSIM_JOB_H

#include <stdint.h>

#include "parksim/baseline.h"
#include "parksim/error.h"
#include "parksim/model.h"
#include "parksim/scenario.h"

typedef struct ps_job {
    ps_scenario sc; /* sc.hash set as above */
    ps_baseline bl;
    ps_model *model;
} ps_job;

/* Open scenario path with n_overrides overrides (see ps_override; may be
 * NULL with 0) into *job. On failure returns the status, err names the
 * first problem (scenario, data or model) and *job holds nothing to free
 * (ps_job_close is still safe). */
int ps_job_open(const char *path, const ps_override *overrides, int n_overrides, ps_job *job,
                ps_error *err);

/* Release what ps_job_open allocated. Safe on a zeroed, failed or already
 * closed job. */
void ps_job_close(ps_job *job);

/* The scenario hash of sc with data bytes data[0..n) (see above); sc->hash
 * itself is ignored; then the bytes of the samples file, if the scenario
 * has one (its path enters by name only). Returns 0, or -1 if out of
 * memory or the samples file cannot be read. Used by
 * ps_job_open; exposed for anyone hashing a scenario with data in hand. */
int ps_job_hash(const ps_scenario *sc, const void *data, size_t n, uint64_t *hash);

/* The scenario hash with run.out blanked too: what the shards of one run
 * share wherever they were written. 0, or -1 out of memory. */
int ps_job_settings_hash(const ps_job *job, uint64_t *hash);

#endif
