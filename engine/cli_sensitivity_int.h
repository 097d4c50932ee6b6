/* cli_sensitivity_int.h — what the files of `parksim sensitivity` share:
 * cli_sensitivity.c (the command: options, outputs, running a design,
 * writing sensitivity.tsv), cli_sensitivity_design.c (the space of inputs and
 * the points of each design) and cli_sensitivity_given.c (--method given: an
 * ordinary run's runs.tsv). Private to the command line; not under include/. */
#ifndef PARKSIM_CLI_SENSITIVITY_INT_H
#define PARKSIM_CLI_SENSITIVITY_INT_H

#include <stdbool.h>
#include <stdio.h>

#include "cli.h"
#include "parksim/output.h"
#include "parksim/samples.h"

enum { DEFAULT_N = 512, DEFAULT_TRAJECTORIES = 20, DEFAULT_LEVELS = 4, DEFAULT_RUNS = 200, N_BOOT = 500 };
#define SENS_MAX_OUT (PS_MAX_TARGETS + CLI_MAX_METRIC_SPECS)

/* One output: a target's indicator "met" or a metric in a year. */
typedef struct sens_out {
    char name[96];
    int target;   /* target index, or -1 */
    int metric;   /* metric, or -1 */
    int year;     /* metric's year index */
} sens_out;

/* The inputs: groups of settings and the design dimensions they own. */
typedef struct sens_space {
    const ps_unc_set *set;
    int n_dims;                 /* design dimensions */
    int dim_of[PS_UNC_MAX];     /* dimension of each setting */
    int n_groups;
    int group_of_dim[PS_UNC_MAX];
    char group_name[PS_UNC_MAX][1024];
    int group_lead[PS_UNC_MAX]; /* first setting of each group */
    double chol[PS_UNC_MAX * PS_UNC_MAX];
    int corr_map[PS_UNC_MAX], n_corr;
    ps_samples samples;
    int sample_col[PS_UNC_MAX]; /* column in the samples file, -1 */
} sens_space;

/* The groups and dimensions of sc's uncertain settings, the Cholesky factor
 * of their correlations, the samples file if any (free sp->samples with
 * ps_samples_free, also after an error). Returns a ps_status. */
int sens_space_init(sens_space *sp, const ps_scenario *sc, ps_error *err);

/* Tornado point: every setting at its median, group g (-1: none) at its
 * q-quantile. */
void sens_space_tornado(const sens_space *sp, int g, double q, double *params);

/* Evaluation e of a design: its run index and parameter vector. */
typedef void (*point_fn)(const void *ctx, long e, long *run, double *params);

/* The designs' contexts and points (cli_sensitivity_design.c). */
typedef struct sobol_ctx {
    const sens_space *sp;
    long n, first;
    const double *a, *b;
} sobol_ctx;

typedef struct morris_ctx {
    const sens_space *sp;
    long runs, first;
    int p;
    const double *x; /* points x groups */
} morris_ctx;

typedef struct tornado_ctx {
    const sens_space *sp;
    long runs, first;
} tornado_ctx;

void sens_sobol_point(const void *vctx, long e, long *run, double *params);
void sens_morris_point(const void *vctx, long e, long *run, double *params);
void sens_tornado_point(const void *vctx, long e, long *run, double *params);

static const char COLUMNS[] = "# method\tsetting\toutput\tindex\tvalue\tci_low\tci_high\n";

/* One row of sensitivity.tsv (cli_sensitivity.c). */
void sens_put_row(FILE *f, const char *method, const char *setting, const char *output, const char *index,
                  double value, double lo, double hi);

/* Outputs: the targets asked for (--target, default all), then --metric
 * NAME@YEAR with year in (base_year, horizon] (given data: the horizon).
 * Returns 0 or an exit code already reported (cli_sensitivity.c). */
int sens_outputs_parse(const cli_options *o, const char *const *tnames, int n_targets, int base_year, int horizon,
                       bool horizon_only, const char *where, sens_out *out, int *n_out);

/* --method given: indices from o->from/runs.tsv into sensitivity.tsv of os.
 * Returns a ps_status; *rc an exit code already reported (usage errors).
 * (cli_sensitivity_given.c) */
int sens_run_given(const cli_options *o, ps_outset *os, int *rc, ps_error *err);

#endif
