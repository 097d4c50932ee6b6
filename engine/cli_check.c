/* cli_check.c — `parksim check SCENARIO...`: every problem of each scenario
 * at once (file:line: setting: message), then its data file and the
 * combination of the two; "SCENARIO: ok" for a clean one. */
#include <stdio.h>

#include "cli.h"

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
    static cli_override_list list;
    if (cli_overrides(o, NULL, 0, &list) != 0)
        return cli_usage_error("too many settings overridden");
    int problems = 0;
    for (int i = 0; i < o->n_scenarios; i++) {
        int found = 0;
        ps_scenario_check_overrides(o->scenarios[i], list.items, list.n, report_problem, &found);
        if (found == 0) {
            /* The settings are clean: now the data file and their combination. */
            static ps_scenario sc; /* large */
            ps_baseline bl;
            ps_model *model = NULL;
            ps_error err;
            ps_error_clear(&err);
            if (ps_scenario_load_overrides(o->scenarios[i], list.items, list.n, &sc, &err) != PS_OK ||
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
    int rc = cli_flush_stdout();
    return rc ? rc : problems ? cli_exit_code(PS_ERR_CONFIG) : 0;
}
