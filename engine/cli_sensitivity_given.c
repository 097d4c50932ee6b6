/* cli_sensitivity_given.c — `parksim sensitivity --method given --from DIR`:
 * first-order indices of every uncertain setting from an ordinary run's
 * DIR/runs.tsv (correlation ratios over equal-count bins; estimators:
 * sensitivity.c), no new runs. The rest of the command: cli_sensitivity.c. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_sensitivity_int.h"
#include "parksim/sensitivity.h"

#define GIVEN_MAX_COLS 512

typedef struct given_data {
    int n_cols;
    char *names[GIVEN_MAX_COLS];
    int first_input;       /* first column after the met_ columns */
    long n_rows;
    double *values;        /* n_rows x n_cols */
    char prov[8][256];     /* the source's scenario, hash, seed, runs lines */
    int n_prov;
    int base_year, horizon;
} given_data;

static void given_free(given_data *g)
{
    for (int c = 0; c < g->n_cols; c++)
        free(g->names[c]);
    free(g->values);
}

/* Read DIR/runs.tsv: its '#' lines (the last names the columns) and rows. */
static int given_read(const char *dir, given_data *g, ps_error *err)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/runs.tsv", dir);
    memset(g, 0, sizeof *g);
    FILE *f = fopen(path, "r");
    if (!f)
        return ps_error_set(err, PS_ERR_IO, path, 0, "", "cannot read: %s", strerror(errno));
    char *line = NULL, *header = NULL;
    size_t cap = 0;
    ssize_t len;
    long cap_rows = 0, lineno = 0;
    int status = PS_OK;
    while (status == PS_OK && (len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        if (line[0] == '#') {
            free(header);
            header = strdup(line);
            static const char *keep[] = {"# scenario:", "# scenario_hash:", "# seed:", "# runs:"};
            for (size_t k = 0; k < sizeof keep / sizeof keep[0]; k++)
                if (strncmp(line, keep[k], strlen(keep[k])) == 0 && g->n_prov < 8)
                    snprintf(g->prov[g->n_prov++], sizeof g->prov[0], "%s", line + 2);
            sscanf(line, "# base_year: %d", &g->base_year);
            sscanf(line, "# horizon: %d", &g->horizon);
            continue;
        }
        if (g->n_cols == 0) {
            if (!header || !header[1])
                status = ps_error_set(err, PS_ERR_DATA, path, (int)lineno, "", "no column names before the first row");
            for (char *save = NULL, *tok = header ? strtok_r(header + 1, "\t", &save) : NULL; tok && status == PS_OK;
                 tok = strtok_r(NULL, "\t", &save)) {
                while (*tok == ' ')
                    tok++;
                if (g->n_cols == GIVEN_MAX_COLS)
                    status = ps_error_set(err, PS_ERR_DATA, path, (int)lineno, "", "more than %d columns", GIVEN_MAX_COLS);
                else if (!(g->names[g->n_cols++] = strdup(tok)))
                    status = ps_error_set(err, PS_ERR_NOMEM, path, 0, "", "out of memory");
            }
            if (status != PS_OK)
                break;
            for (int c = 0; c < g->n_cols; c++)
                if (strncmp(g->names[c], "met_", 4) == 0)
                    g->first_input = c + 1;
            if (g->first_input == 0)
                status = ps_error_set(err, PS_ERR_DATA, path, (int)lineno, "", "no met_ columns: not a runs.tsv");
        }
        if (status != PS_OK)
            break;
        if (g->n_rows == cap_rows) {
            cap_rows = cap_rows ? 2 * cap_rows : 1024;
            double *v = realloc(g->values, sizeof *v * (size_t)cap_rows * (size_t)g->n_cols);
            if (!v) {
                status = ps_error_set(err, PS_ERR_NOMEM, path, 0, "", "out of memory");
                break;
            }
            g->values = v;
        }
        char *p = line;
        for (int c = 0; c < g->n_cols; c++) {
            char *end;
            double v = strtod(p, &end);
            if (end == p || (*end != (c + 1 < g->n_cols ? '\t' : '\0'))) {
                status = ps_error_set(err, PS_ERR_DATA, path, (int)lineno, g->names[c], "expected %d numbers",
                                      g->n_cols);
                break;
            }
            g->values[g->n_rows * g->n_cols + c] = v;
            p = end + 1;
        }
        g->n_rows++;
    }
    if (status == PS_OK && ferror(f))
        status = ps_error_set(err, PS_ERR_IO, path, 0, "", "read error: %s", strerror(errno));
    if (status == PS_OK && g->n_rows < 20)
        status = ps_error_set(err, PS_ERR_DATA, path, 0, "", "%ld rows: too few for given-data indices (at least 20)",
                              g->n_rows);
    if (status == PS_OK && g->first_input >= g->n_cols)
        status = ps_error_set(err, PS_ERR_DATA, path, 0, "", "no uncertain settings: the scenario had none");
    fclose(f);
    free(line), free(header);
    return status;
}

/* Returns a ps_status; *rc an exit code already reported (usage errors). */
int sens_run_given(const cli_options *o, ps_outset *os, int *rc, ps_error *err)
{
    given_data g;
    int status = given_read(o->from, &g, err);
    *rc = 0;
    if (status != PS_OK) {
        given_free(&g);
        return status;
    }
    const char *tnames[PS_MAX_TARGETS];
    int n_t = 0;
    for (int c = 0; c < g.first_input && n_t < PS_MAX_TARGETS; c++)
        if (strncmp(g.names[c], "met_", 4) == 0)
            tnames[n_t++] = g.names[c] + 4;
    sens_out out[SENS_MAX_OUT];
    int n_out;
    char where[1100];
    snprintf(where, sizeof where, "%s/runs.tsv", o->from);
    if ((*rc = sens_outputs_parse(o, tnames, n_t, g.base_year, g.horizon, true, where, out, &n_out)) != 0) {
        given_free(&g);
        return PS_OK;
    }
    int col[SENS_MAX_OUT];
    for (int q = 0; q < n_out; q++) {
        char want[128];
        snprintf(want, sizeof want, "%s%s", out[q].target >= 0 ? "met_" : "",
                 out[q].target >= 0 ? tnames[out[q].target] : ps_metric_get((ps_metric)out[q].metric)->name);
        col[q] = -1;
        for (int c = 1; c < g.first_input; c++)
            if (strcmp(g.names[c], want) == 0)
                col[q] = c;
        if (col[q] < 0) {
            given_free(&g);
            *rc = cli_usage_error("--metric: %s: no column %s in %s", out[q].name, want, where);
            return PS_OK;
        }
    }
    long n = g.n_rows;
    int bins = o->bins ? o->bins : (int)floor(sqrt((double)n));
    if (bins > n / 2)
        bins = (int)(n / 2);
    double *x = malloc(sizeof *x * (size_t)n), *y = malloc(sizeof *y * (size_t)n);
    int *bin = malloc(sizeof *bin * (size_t)n);
    FILE *f = NULL;
    if (!x || !y || !bin)
        status = ps_error_set(err, PS_ERR_NOMEM, "", 0, "", "out of memory");
    if (status == PS_OK && (status = ps_out_mkdir(os->dir, err)) == PS_OK && !(f = ps_outset_open(os, "sensitivity.tsv", err)))
        status = err->code;
    if (status == PS_OK) {
        fprintf(f, "# parksim %s (sensitivity)\n# from: %s\n", PARKSIM_VERSION, where);
        for (int k = 0; k < g.n_prov; k++)
            fprintf(f, "# source %s\n", g.prov[k]);
        fprintf(f, "# base_year: %d\n# horizon: %d\n", g.base_year, g.horizon);
        fprintf(f, "# design: given data, %ld runs, %d equal-count bins of each setting; no new runs\n", n, bins);
        fprintf(f, "# S1: correlation ratio with Kelley's (1935) bias correction epsilon^2 = 1 - (1 - eta^2)(n - 1)/"
                   "(n - bins); eta2: uncorrected; ci: %d-resample bootstrap, 95 %%, shifted by its bias estimate\n",
                N_BOOT);
        fprintf(f, "# each setting alone: its index includes what settings correlated with it explain; the run "
                   "shocks are not an input here\n");
        fputs(COLUMNS, f);
    }
    for (int c = g.first_input; c < g.n_cols && status == PS_OK; c++) {
        for (long j = 0; j < n; j++)
            x[j] = g.values[j * g.n_cols + c];
        int b = ps_sens_bins(x, n, bins, bin);
        if (b < 0) {
            status = ps_error_set(err, PS_ERR_NOMEM, "", 0, "", "out of memory");
            break;
        }
        for (int q = 0; q < n_out; q++) {
            for (long j = 0; j < n; j++)
                y[j] = g.values[j * g.n_cols + col[q]];
            double eta2, eps2, lo = NAN, hi = NAN;
            ps_sens_corr_ratio(y, bin, n, b, &eta2, &eps2);
            if (b >= 2 && ps_sens_corr_ratio_bootstrap(y, bin, n, b, N_BOOT, 0.95, 20170414UL + (unsigned long)c, &lo,
                                                       &hi) != 0) {
                status = ps_error_set(err, PS_ERR_NOMEM, "", 0, "", "out of memory");
                break;
            }
            sens_put_row(f, "given", g.names[c], out[q].name, "S1", b >= 2 ? eps2 : NAN, lo, hi);
            sens_put_row(f, "given", g.names[c], out[q].name, "eta2", b >= 2 ? eta2 : NAN, NAN, NAN);
        }
    }
    free(x), free(y), free(bin);
    given_free(&g);
    return status;
}
