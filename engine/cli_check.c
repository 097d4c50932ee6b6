/* cli_check.c — `parksim check SCENARIO...`: every problem of each scenario
 * at once (file:line: setting: message), then its data file and the
 * combination of the two; "SCENARIO: ok" for a clean one. */
#include <stdio.h>

#include "cli.h"

/* Problems found, and the highest exit status among them: check exits
 * with the status of its worst problem (3 a file cannot be read, 4 a
 * setting, 5 the data, 6 out of memory), as the other commands would. */
typedef struct tally {
    int count, exit_status;
} tally;

static void report_problem(const ps_error *err, void *ctx)
{
    tally *t = ctx;
    char buf[2048];
    printf("%s\n", ps_error_format(err, buf, sizeof buf));
    t->count++;
    int status = cli_exit_code(err->code);
    if (status > t->exit_status)
        t->exit_status = status;
}

int cli_check(const cli_options *o)
{
    if (o->n_scenarios < 1)
        return cli_usage_error("check: expected at least one scenario file");
    static cli_override_list list;
    if (cli_overrides(o, NULL, 0, &list) != 0)
        return cli_usage_error("too many settings overridden");
    tally all = {0, 0};
    for (int i = 0; i < o->n_scenarios; i++) {
        tally found = {0, 0};
        static ps_scenario sc; /* large */
        ps_scenario_check_load(o->scenarios[i], list.items, list.n, &sc, report_problem, &found);
        if (found.count == 0) {
            /* The settings are clean: now the data file and their combination. */
            ps_baseline bl;
            ps_model *model = NULL;
            ps_error err;
            ps_error_clear(&err);
            if (ps_baseline_load(sc.run.data, &bl, &err) != PS_OK)
                report_problem(&err, &found);
            else {
                if (ps_model_create(&sc, &bl, &model, &err) != PS_OK)
                    report_problem(&err, &found);
                ps_model_free(model);
                ps_baseline_free(&bl);
            }
        }
        if (found.count == 0)
            printf("%s: ok\n", o->scenarios[i]);
        all.count += found.count;
        if (found.exit_status > all.exit_status)
            all.exit_status = found.exit_status;
    }
    int rc = cli_flush_stdout();
    return rc ? rc : all.exit_status;
}
