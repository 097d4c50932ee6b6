/* cli_config.c — `parksim config` (print the resolved scenario) and
 * `parksim check` (report every problem in a scenario and its data). */
#include <stdio.h>

#include "cli.h"

int cli_config(const cli_options *o)
{
    if (o->n_scenarios != 1)
        return cli_usage_error("config: expected one scenario file, got %d", o->n_scenarios);
    ps_scenario sc;
    ps_error err;
    ps_error_clear(&err);
    if (ps_scenario_load(o->scenarios[0], o->sets, o->n_sets, &sc, &err) != PS_OK)
        return cli_report(&err);
    if (ps_scenario_write(&sc, stdout) != 0 || fflush(stdout) != 0) {
        ps_error_set(&err, PS_ERR_IO, NULL, 0, NULL, "could not write to standard output");
        return cli_report(&err);
    }
    return 0;
}

static void report_problem(const ps_error *err, void *ctx)
{
    int *count = ctx;
    char buf[2048];
    printf("%s\n", ps_error_format(err, buf, sizeof buf));
    (*count)++;
}

int cli_check(const cli_options *o)
{
    if (o->n_scenarios < 1)
        return cli_usage_error("check: expected at least one scenario file");
    int problems = 0;
    for (int i = 0; i < o->n_scenarios; i++) {
        int found = 0;
        ps_scenario_check(o->scenarios[i], o->sets, o->n_sets, report_problem, &found);
        if (found == 0) {
            /* The settings are clean: now the data file and their combination. */
            ps_scenario sc;
            ps_baseline bl;
            ps_model *model = NULL;
            ps_error err;
            ps_error_clear(&err);
            if (ps_scenario_load(o->scenarios[i], o->sets, o->n_sets, &sc, &err) != PS_OK ||
                ps_baseline_load(sc.run.data, &bl, &err) != PS_OK)
                report_problem(&err, &found);
            else {
                if (ps_model_create(&sc, &bl, &model, &err) != PS_OK)
                    report_problem(&err, &found);
                ps_model_free(model);
                ps_baseline_free(&bl);
            }
        }
        if (found == 0)
            printf("%s: ok\n", o->scenarios[i]);
        problems += found;
    }
    fflush(stdout);
    return problems ? ps_status_exit_code(PS_ERR_CONFIG) : 0;
}
