/* cli_sweep.c — `parksim sweep SCENARIO --vary KEY=FROM:TO:STEP ...`: a grid
 * of settings, every point on the same runs (common random numbers), so
 * that neighbouring points differ by the settings, not by noise. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "parksim/output.h"

typedef struct axis {
    char key[160];
    int kind;        /* 'r' or 'i' */
    int n;
    double from, step;
} axis;

static int parse_axis(const char *spec, axis *a)
{
    const char *eq = strchr(spec, '=');
    if (!eq || (size_t)(eq - spec) >= sizeof a->key)
        return cli_usage_error("--vary: expected KEY=FROM:TO:STEP, got '%s'", spec);
    snprintf(a->key, sizeof a->key, "%.*s", (int)(eq - spec), spec);
    a->kind = ps_setting_kind(a->key);
    if (a->kind != 'r' && a->kind != 'i')
        return cli_usage_error("--vary: %s: %s", a->key,
                               a->kind ? "only numeric settings can be varied" : "unknown setting");
    /* FROM:TO:STEP, each a finite number read to its end. */
    double v[3];
    const char *p = eq + 1;
    bool ok = true;
    for (int i = 0; i < 3 && ok; i++) {
        char *end;
        v[i] = strtod(p, &end);
        ok = end != p && isfinite(v[i]) && *end == (i < 2 ? ':' : '\0');
        p = end + (i < 2);
    }
    double to = v[1];
    a->from = v[0];
    a->step = v[2];
    if (!ok || !(a->step > 0) || to < a->from)
        return cli_usage_error("--vary: %s: expected FROM:TO:STEP with STEP > 0 and TO >= FROM, got '%s'", a->key,
                               eq + 1);
    if (a->kind == 'i' && (a->from != floor(a->from) || a->step != floor(a->step)))
        return cli_usage_error("--vary: %s is an integer setting; FROM and STEP must be integers", a->key);
    /* Count the points as a double first: a tiny step must not overflow int. */
    double points = floor((to - a->from) / a->step + 1e-9) + 1;
    if (!(points <= 10000))
        return cli_usage_error("--vary: %s: %.0f points is too many (at most 10000)", a->key, points);
    a->n = (int)points;
    return 0;
}

/* "key=value" for point i of axis a, typed as the setting wants. */
static void axis_setting(const axis *a, int i, char *buf, size_t n, char *value, size_t vn)
{
    double v = a->from + i * a->step;
    if (a->kind == 'i')
        snprintf(value, vn, "%.0f", v);
    else {
        snprintf(value, vn, "%.12g", v);
        if (!strpbrk(value, ".en"))
            strncat(value, ".0", vn - strlen(value) - 1);
    }
    snprintf(buf, n, "%s=%s", a->key, value);
}

int cli_sweep(const cli_options *o)
{
    if (o->n_scenarios != 1)
        return cli_usage_error("sweep: expected one scenario file, got %d", o->n_scenarios);
    if (o->n_vary < 1)
        return cli_usage_error("sweep: give at least one --vary KEY=FROM:TO:STEP");
    axis axes[CLI_MAX_VARY];
    long points = 1;
    for (int k = 0; k < o->n_vary; k++) {
        int rc = parse_axis(o->vary[k], &axes[k]);
        if (rc)
            return rc;
        points *= axes[k].n;
    }
    const char *out_dir = o->out ? o->out : "results/sweep";
    ps_error err;
    ps_error_clear(&err);
    ps_outset out;
    ps_outset_init(&out, out_dir);
    FILE *f = NULL;
    int status = ps_out_mkdir(out_dir, &err), rc = 0;
    if (status == PS_OK && !(f = ps_outset_open(&out, "sweep.tsv", &err)))
        status = err.code;
    cli_install_signal_handlers();
    for (long pt = 0; pt < points && status == PS_OK && rc == 0; pt++) {
        char sets[CLI_MAX_VARY][256], values[CLI_MAX_VARY][64];
        ps_override extra[CLI_MAX_VARY];
        long rest = pt;
        for (int k = o->n_vary - 1; k >= 0; k--) {
            axis_setting(&axes[k], (int)(rest % axes[k].n), sets[k], sizeof sets[k], values[k], sizeof values[k]);
            /* As text, exactly as sweep.tsv shows the point. */
            extra[k] = (ps_override){NULL, 0, {.text = sets[k]}, "--vary"};
            rest /= axes[k].n;
        }
        cli_job job;
        if ((rc = cli_job_open(&job, o->scenarios[0], o, extra, o->n_vary)) != 0)
            break;
        const ps_scenario *sc = &job.sc;
        if (pt == 0) {
            ps_provenance prov = cli_provenance("sweep", sc, o, o->first_run);
            ps_write_provenance(f, &prov);
            fprintf(f, "# %ld points, same seed at every point; p: share of runs meeting the target, lo/hi: "
                       "95 %% Wilson interval\n# point", points);
            for (int k = 0; k < o->n_vary; k++)
                fprintf(f, "\t%s", axes[k].key);
            for (int t = 0; t <= sc->n_targets; t++) {
                const char *name = t < sc->n_targets ? sc->targets[t].name : "all";
                fprintf(f, "\tp_%s\tlo_%s\thi_%s", name, name, name);
            }
            fputc('\n', f);
        } else if (axes[0].n > 1 && o->n_vary > 1 && pt % (points / axes[0].n) == 0)
            fputc('\n', f); /* new scan line for gnuplot's splot */
        if (!o->quiet)
            fprintf(stderr, "parksim: sweep point %ld/%ld:", pt + 1, points);
        for (int k = 0; k < o->n_vary && !o->quiet; k++)
            fprintf(stderr, " %s", sets[k]);
        if (!o->quiet)
            fputc('\n', stderr);
        ps_accum *acc = NULL;
        long done = 0;
        status = cli_execute(&job, o, o->first_run, sc->run.runs, NULL, NULL, &acc, &done, &err);
        if (status == PS_OK) {
            unsigned long n = (unsigned long)ps_accum_runs(acc);
            fprintf(f, "%ld", pt);
            for (int k = 0; k < o->n_vary; k++)
                fprintf(f, "\t%s", values[k]);
            for (int t = 0; t <= sc->n_targets; t++) {
                unsigned long met = ps_accum_met(acc, t);
                double lo, hi;
                ps_wilson(met, n, &lo, &hi);
                fputc('\t', f), ps_put_double(f, n ? (double)met / (double)n : 0);
                fputc('\t', f), ps_put_double(f, lo);
                fputc('\t', f), ps_put_double(f, hi);
            }
            fputc('\n', f);
        }
        ps_accum_free(acc);
        cli_job_close(&job);
    }
    return cli_finish_batch(o, rc, status, &out, &err, "sweep.tsv");
}
