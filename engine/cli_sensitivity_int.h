/* cli_sensitivity_int.h — what the files of `parksim sensitivity` share:
 * cli_sensitivity.c (the command: options, outputs, running a design,
 * writing sensitivity.tsv) and cli_sensitivity_given.c (--method given: an
 * ordinary run's runs.tsv). Private to the command line; not under include/. */
#ifndef PARKSIM_CLI_SENSITIVITY_INT_H
#define PARKSIM_CLI_SENSITIVITY_INT_H

#include <stdbool.h>
#include <stdio.h>

#include "cli.h"
#include "parksim/output.h"

enum { DEFAULT_N = 512, DEFAULT_TRAJECTORIES = 20, DEFAULT_LEVELS = 4, DEFAULT_RUNS = 200, N_BOOT = 500 };
#define SENS_MAX_OUT (PS_MAX_TARGETS + CLI_MAX_METRIC_SPECS)

/* One output: a target's indicator "met" or a metric in a year. */
typedef struct sens_out {
    char name[96];
    int target;   /* target index, or -1 */
    int metric;   /* metric, or -1 */
    int year;     /* metric's year index */
} sens_out;

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
