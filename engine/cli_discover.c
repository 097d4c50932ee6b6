/* cli_discover.c — `parksim discover DIR --target NAME[,NAME...]`: PRIM
 * scenario discovery (engine/prim.c) on a result directory's runs.tsv.
 * Inputs: the uncertain settings a run drew (the columns after the last
 * met_<target> column, as `run` writes them); outcome: every named target
 * met. Writes DIR/discover.tsv (or OUT/discover.tsv): the peeling
 * trajectory, the chosen box with quasi-p values and how often each
 * restriction recurs in resamples, and the recurrence of every setting. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "parksim/prim.h"
#include "suggest_int.h"

#define MAX_COLS 512
#define MAX_NAMED 16

typedef struct runs_table {
    char path[1100];
    int header_line;           /* line of the column names */
    int n_cols;
    char *cols[MAX_COLS];      /* column names (into header) */
    char header[16384];
    char prov[8][256];         /* scenario, scenario_hash, seed, runs lines */
    int n_prov;
    unsigned long seed;
    int first_setting;         /* first column after the last met_ column */
    long n;
    double *values;            /* n x n_cols */
} runs_table;

static void table_free(runs_table *t) { free(t->values); }

/* The next field of *s up to sep (cut there), or NULL at the end: strsep,
 * which C11 and POSIX lack. */
static char *next_field(char **s, char sep)
{
    char *start = *s;
    if (!start)
        return NULL;
    char *end = strchr(start, sep);
    if (end) {
        *end = '\0';
        *s = end + 1;
    } else
        *s = NULL;
    return start;
}

/* Read path into t. Returns 0 or an exit code (reported). */
static int table_read(runs_table *t, const char *path)
{
    memset(t, 0, sizeof *t);
    snprintf(t->path, sizeof t->path, "%s", path);
    ps_error err;
    FILE *f = fopen(path, "r");
    if (!f) {
        ps_error_set(&err, PS_ERR_IO, path, 0, NULL, "cannot read: %s%s", strerror(errno),
                     errno == ENOENT ? " (discover needs a directory written by 'parksim run' without --no-runs-file)"
                                     : "");
        return cli_report(&err);
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int lineno = 0, rc = 0;
    long rows_cap = 0;
    t->seed = 20170414;
    while ((len = getline(&line, &cap, f)) != -1) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (line[0] == '#') {
            static const char *keep[] = {"# scenario: ", "# scenario_hash: ", "# seed: ", "# runs: "};
            for (size_t k = 0; k < sizeof keep / sizeof keep[0]; k++)
                if (strncmp(line, keep[k], strlen(keep[k])) == 0 && t->n_prov < 8)
                    snprintf(t->prov[t->n_prov++], sizeof t->prov[0], "%s", line);
            if (strncmp(line, "# seed: ", 8) == 0)
                t->seed = strtoul(line + 8, NULL, 10);
            if (strncmp(line, "# run\t", 6) == 0) {
                snprintf(t->header, sizeof t->header, "%s", line + 2);
                t->header_line = lineno;
            }
            continue;
        }
        if (t->n_cols == 0) {
            if (!t->header_line) {
                ps_error_set(&err, PS_ERR_DATA, path, lineno, NULL, "no '# run<TAB>...' column line before the data");
                rc = cli_report(&err);
                break;
            }
            for (char *s = t->header, *tok; (tok = next_field(&s, '\t')) != NULL;) {
                if (t->n_cols == MAX_COLS) {
                    ps_error_set(&err, PS_ERR_DATA, path, t->header_line, NULL, "more than %d columns", MAX_COLS);
                    rc = cli_report(&err);
                    break;
                }
                t->cols[t->n_cols++] = tok;
            }
            if (rc)
                break;
            int last_met = -1;
            for (int c = 0; c < t->n_cols; c++)
                if (strncmp(t->cols[c], "met_", 4) == 0)
                    last_met = c;
            if (last_met < 0) {
                ps_error_set(&err, PS_ERR_DATA, path, t->header_line, NULL,
                             "no met_<target> columns: not a runs.tsv of 'parksim run'");
                rc = cli_report(&err);
                break;
            }
            t->first_setting = last_met + 1;
            if (strncmp(line, "run\t", 4) == 0)
                continue; /* --plain-header's plain copy of the names */
        }
        if (t->n == rows_cap) {
            rows_cap = rows_cap ? 2 * rows_cap : 4096;
            double *nv = realloc(t->values, (size_t)rows_cap * (size_t)t->n_cols * sizeof *nv);
            if (!nv) {
                ps_error_set(&err, PS_ERR_NOMEM, path, lineno, NULL, "out of memory");
                rc = cli_report(&err);
                break;
            }
            t->values = nv;
        }
        double *row = t->values + (size_t)t->n * (size_t)t->n_cols;
        int c = 0;
        for (char *s = line, *tok; (tok = next_field(&s, '\t')) != NULL; c++) {
            if (c >= t->n_cols) {
                ps_error_set(&err, PS_ERR_DATA, path, lineno, NULL, "more fields than the %d columns", t->n_cols);
                rc = cli_report(&err);
                break;
            }
            char *end;
            double v = strtod(tok, &end);
            if (end == tok || *end != '\0') {
                ps_error_set(&err, PS_ERR_DATA, path, lineno, t->cols[c], "not a number: '%s'", tok);
                rc = cli_report(&err);
                break;
            }
            row[c] = v;
        }
        if (rc)
            break;
        if (c != t->n_cols) {
            ps_error_set(&err, PS_ERR_DATA, path, lineno, NULL, "%d fields, expected %d", c, t->n_cols);
            rc = cli_report(&err);
            break;
        }
        t->n++;
    }
    if (!rc && ferror(f)) {
        ps_error_set(&err, PS_ERR_IO, path, 0, NULL, "read error: %s", strerror(errno));
        rc = cli_report(&err);
    }
    free(line);
    fclose(f);
    if (!rc && t->n_cols == 0) {
        ps_error_set(&err, PS_ERR_DATA, path, lineno, NULL, "no runs in the file");
        rc = cli_report(&err);
    }
    return rc;
}

static int find_col(const runs_table *t, const char *name)
{
    for (int c = 0; c < t->n_cols; c++)
        if (strcmp(t->cols[c], name) == 0)
            return c;
    return -1;
}

/* A limit as text: the number, or "-" when that side is not restricted. */
static void put_limit(FILE *f, double v)
{
    if (isfinite(v))
        ps_put_double(f, v);
    else
        fputc('-', f);
}

int cli_discover(const cli_options *o)
{
    if (o->n_scenarios != 1)
        return cli_usage_error("discover: expected one result directory (written by 'parksim run'), got %d",
                               o->n_scenarios);
    if (o->n_targets == 0)
        return cli_usage_error("discover: give --target NAME[,NAME...] (the targets to be met together)");
    /* --target a,b and --target a --target b alike: one comma list. */
    char target_list[512] = "";
    for (int i = 0; i < o->n_targets; i++) {
        size_t l = strlen(target_list);
        if (*o->targets[i] == '\0')
            return cli_usage_error("--target: expected NAME[,NAME...], got ''");
        snprintf(target_list + l, sizeof target_list - l, "%s%s", l ? "," : "", o->targets[i]);
    }
    const char *targets = target_list;
    const char *dir = o->scenarios[0];
    static runs_table t;
    char path[1100];
    snprintf(path, sizeof path, "%s/runs.tsv", dir);
    int rc = table_read(&t, path);
    if (rc)
        return rc;
    /* The targets, each a met_<name> column. */
    char names[512];
    snprintf(names, sizeof names, "%s", targets);
    int met_col[MAX_NAMED], n_named = 0;
    for (char *s = names, *tok; (tok = next_field(&s, ',')) != NULL;) {
        char col[600];
        snprintf(col, sizeof col, "met_%s", tok);
        int c = *tok ? find_col(&t, col) : -1;
        if (c < 0) {
            ps_suggestion sg;
            ps_suggest_init(&sg, tok);
            char list[1024] = "";
            for (int k = 0; k < t.n_cols; k++)
                if (strncmp(t.cols[k], "met_", 4) == 0) {
                    ps_suggest_consider(&sg, t.cols[k] + 4);
                    size_t l = strlen(list);
                    snprintf(list + l, sizeof list - l, "%s%s", l ? ", " : "", t.cols[k] + 4);
                }
            char hint[256];
            fprintf(stderr, "parksim: %s:%d: --target: unknown target '%s'%s; its targets: %s\n", path,
                    t.header_line, tok, ps_suggest_hint(&sg, hint, sizeof hint), list);
            table_free(&t);
            return CLI_EXIT_USAGE;
        }
        if (n_named == MAX_NAMED) {
            table_free(&t);
            return cli_usage_error("--target: at most %d targets", MAX_NAMED);
        }
        met_col[n_named++] = c;
    }
    int k = t.n_cols - t.first_setting;
    if (k < 1) {
        ps_error err;
        ps_error_set(&err, PS_ERR_DATA, path, t.header_line, NULL,
                     "no uncertain settings (its scenario holds every setting at one value): nothing to discover; "
                     "run a scenario with uncertain settings, e.g. scenarios/plan.cfg");
        table_free(&t);
        return cli_report(&err);
    }
    if (k > PS_PRIM_MAX_INPUTS) {
        table_free(&t);
        return cli_usage_error("discover: %d uncertain settings, at most %d", k, PS_PRIM_MAX_INPUTS);
    }
    long n = t.n;
    double *x = malloc((size_t)n * (size_t)k * sizeof *x);
    unsigned char *y = malloc((size_t)n);
    if (!x || !y) {
        free(x), free(y), table_free(&t);
        ps_error err;
        ps_error_set(&err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory for %ld runs", n);
        return cli_report(&err);
    }
    for (long i = 0; i < n; i++) {
        const double *row = t.values + (size_t)i * (size_t)t.n_cols;
        memcpy(x + (size_t)i * (size_t)k, row + t.first_setting, (size_t)k * sizeof *x);
        bool all = true;
        for (int c = 0; c < n_named; c++)
            all = all && row[met_col[c]] != 0;
        y[i] = all;
    }
    ps_prim_params pp = {o->alpha > 0 ? o->alpha : 0.05, o->min_mass > 0 ? o->min_mass : 0.05};
    int resamples = o->resamples_given ? o->resamples : 50;
    const double min_cov = 0.5;
    ps_error err;
    ps_error_clear(&err);
    ps_prim_box *traj = NULL;
    int nt = 0;
    long hits = 0;
    for (long i = 0; i < n; i++)
        hits += y[i];
    int status = PS_OK;
    if (hits == 0 || hits == n) {
        status = ps_error_set(&err, PS_ERR_DATA, path, 0, NULL,
                              "%s of the %ld runs meet%s %s: nothing to tell apart", hits ? "all" : "none", n,
                              n_named > 1 ? " all of" : "", targets);
    }
    if (status == PS_OK)
        status = ps_prim_peel(x, y, n, k, &pp, &traj, &nt, &err);
    if (status != PS_OK) {
        free(x), free(y), free(traj), table_free(&t);
        return cli_report(&err);
    }
    if (o->box_given && o->box >= nt) {
        free(x), free(y), free(traj), table_free(&t);
        return cli_usage_error("--box: the trajectory has boxes 0 to %d, got %d", nt - 1, o->box);
    }
    int chosen = o->box_given ? o->box : ps_prim_choose(traj, nt, min_cov);
    ps_prim_box box = traj[chosen];
    int pastes = ps_prim_paste(x, y, n, k, pp.alpha, &box);
    /* Restrictions that do not raise the density beyond chance go. */
    const double prune_level = 0.05;
    int pruned = ps_prim_prune(x, y, n, k, prune_level, &box);
    double quasi_p[PS_PRIM_MAX_INPUTS];
    double colmin[PS_PRIM_MAX_INPUTS], colmax[PS_PRIM_MAX_INPUTS];
    for (int j = 0; j < k; j++) {
        quasi_p[j] = ps_prim_quasi_p(x, y, n, k, &box, j);
        colmin[j] = INFINITY, colmax[j] = -INFINITY;
        for (long i = 0; i < n; i++) {
            colmin[j] = fmin(colmin[j], x[(size_t)i * (size_t)k + (size_t)j]);
            colmax[j] = fmax(colmax[j], x[(size_t)i * (size_t)k + (size_t)j]);
        }
    }
    /* Resamples: the same rule picks their boxes; with --box K, the rule
     * with the chosen box's coverage as the floor. */
    int recur[PS_PRIM_MAX_INPUTS] = {0};
    cli_install_signal_handlers();
    double rs_cov = o->box_given ? traj[chosen].coverage : min_cov;
    if (resamples > 0)
        status = ps_prim_resample(x, y, n, k, &pp, rs_cov, prune_level, resamples, t.seed, recur, &err);
    if (status == PS_OK && cli_stop_requested)
        status = ps_error_set(&err, PS_ERR_INTERRUPTED, NULL, 0, NULL, "interrupted: nothing written");

    const char *out_dir = o->out ? o->out : dir;
    ps_outset out;
    ps_outset_init(&out, out_dir);
    FILE *f = NULL;
    if (status == PS_OK)
        status = ps_out_mkdir(out_dir, &err);
    if (status == PS_OK && !(f = ps_outset_open(&out, "discover.tsv", &err)))
        status = err.code;
    if (status == PS_OK) {
        fprintf(f, "# parksim %s (discover)\n# source: %s\n", PARKSIM_VERSION, path);
        for (int i = 0; i < t.n_prov; i++)
            fprintf(f, "%s\n", t.prov[i]);
        fprintf(f, "# runs read: %ld\n# outcome: all of %s met (%ld runs)\n", n, targets, hits);
        fprintf(f, "# inputs: the %d uncertain settings of runs.tsv\n", k);
        fprintf(f, "# alpha: ");
        ps_put_double(f, pp.alpha);
        fprintf(f, "\n# min_mass: ");
        ps_put_double(f, pp.min_mass);
        fprintf(f, "\n# chosen: box %d (%s), pasted in %d steps\n", chosen,
                o->box_given ? "--box" : "earliest box within 2 se of the highest density with coverage >= 0.5",
                pastes);
        fprintf(f, "# resamples: %d halves of the runs, seed %lu\n", resamples, t.seed);
        fprintf(f, "# block 0: peeling trajectory\n# box\tcoverage\tdensity\tmass\truns\tmet\trestricted\tchosen\n");
        for (int b = 0; b < nt; b++) {
            fprintf(f, "%d", b);
            fputc('\t', f), ps_put_double(f, traj[b].coverage);
            fputc('\t', f), ps_put_double(f, traj[b].density);
            fputc('\t', f), ps_put_double(f, traj[b].mass);
            fprintf(f, "\t%ld\t%ld\t%d\t%d\n", traj[b].cases, traj[b].hits, traj[b].restricted, b == chosen);
        }
        fprintf(f, "\n\n# block 1: the chosen box after pasting and pruning: coverage ");
        ps_put_double(f, box.coverage);
        fprintf(f, ", density ");
        ps_put_double(f, box.density);
        fprintf(f, ", mass ");
        ps_put_double(f, box.mass);
        fprintf(f, ", %ld runs, %ld meeting; one row per restricted setting, by quasi-p value; lo/hi '-': not "
                   "restricted on that side; lo01/hi01: the limits on the setting's range in the runs scaled to 0-1; "
                   "recurrence: share of resamples whose box restricts the setting\n",
                box.cases, box.hits);
        fprintf(f, "# setting\tlo\thi\tmin\tmax\tlo01\thi01\tquasi_p\trecurrence\n");
        int order[PS_PRIM_MAX_INPUTS], m = 0;
        for (int j = 0; j < k; j++)
            if (isfinite(box.lo[j]) || isfinite(box.hi[j]))
                order[m++] = j;
        for (int a = 1; a < m; a++) /* insertion sort by quasi-p, stable */
            for (int b = a; b > 0 && quasi_p[order[b]] < quasi_p[order[b - 1]]; b--) {
                int tmp = order[b];
                order[b] = order[b - 1], order[b - 1] = tmp;
            }
        for (int a = 0; a < m; a++) {
            int j = order[a];
            double span = colmax[j] - colmin[j];
            double lo = isfinite(box.lo[j]) ? box.lo[j] : colmin[j], hi = isfinite(box.hi[j]) ? box.hi[j] : colmax[j];
            fprintf(f, "%s\t", t.cols[t.first_setting + j]);
            put_limit(f, box.lo[j]);
            fputc('\t', f), put_limit(f, box.hi[j]);
            fputc('\t', f), ps_put_double(f, colmin[j]);
            fputc('\t', f), ps_put_double(f, colmax[j]);
            fputc('\t', f), ps_put_double(f, span > 0 ? (lo - colmin[j]) / span : 0);
            fputc('\t', f), ps_put_double(f, span > 0 ? (hi - colmin[j]) / span : 1);
            fputc('\t', f), ps_put_double(f, quasi_p[j]);
            fputc('\t', f), ps_put_double(f, resamples ? (double)recur[j] / resamples : NAN);
            fputc('\n', f);
        }
        fprintf(f, "\n\n# block 2: every setting restricted in some resample's box, by recurrence\n"
                   "# setting\trecurrence\tin_box\n");
        int all[PS_PRIM_MAX_INPUTS], na = 0;
        for (int j = 0; j < k; j++)
            if (recur[j] > 0)
                all[na++] = j;
        for (int a = 1; a < na; a++)
            for (int b = a; b > 0 && recur[all[b]] > recur[all[b - 1]]; b--) {
                int tmp = all[b];
                all[b] = all[b - 1], all[b - 1] = tmp;
            }
        for (int a = 0; a < na; a++) {
            int j = all[a];
            fprintf(f, "%s\t", t.cols[t.first_setting + j]);
            ps_put_double(f, (double)recur[j] / resamples);
            fprintf(f, "\t%d\n", isfinite(box.lo[j]) || isfinite(box.hi[j]));
        }
        /* What a person reads: the box. */
        {
            printf("Runs meeting %s: %ld of %ld (%.1f %%).\n", targets, hits, n, 100.0 * (double)hits / (double)n);
            printf("Box %d of %d (pasted in %d steps, %d restrictions with quasi-p > %g dropped): %ld runs, %.1f %% of them meet %s (density); "
                   "it holds %.1f %% of the runs that do (coverage).\n",
                   chosen, nt - 1, pastes, pruned, prune_level, box.cases, 100 * box.density, n_named > 1 ? "all" : "it",
                   100 * box.coverage);
            for (int a = 0; a < m; a++) {
                int j = order[a];
                char lim[128];
                if (isfinite(box.lo[j]) && isfinite(box.hi[j]))
                    snprintf(lim, sizeof lim, "between %.4g and %.4g", box.lo[j], box.hi[j]);
                else if (isfinite(box.lo[j]))
                    snprintf(lim, sizeof lim, ">= %.4g", box.lo[j]);
                else
                    snprintf(lim, sizeof lim, "<= %.4g", box.hi[j]);
                printf("  %-32s %-26s (range %.4g to %.4g; quasi-p %.2g; in %d of %d resamples)\n",
                       t.cols[t.first_setting + j], lim, colmin[j], colmax[j], quasi_p[j], recur[j], resamples);
            }
        }
    }
    free(x), free(y), free(traj), table_free(&t);
    rc = cli_flush_stdout();
    return cli_finish_batch(o, rc, status, &out, &err, "discover.tsv");
}
