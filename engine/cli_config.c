/* cli_config.c — `parksim config SCENARIO`: print the resolved scenario (its
 * extends chain and overrides applied) as a scenario file that loads to the
 * same settings. */
#include <stdio.h>

#include "cli.h"

int cli_config(const cli_options *o)
{
    if (o->n_scenarios != 1)
        return cli_usage_error("config: expected one scenario file, got %d", o->n_scenarios);
    static ps_scenario sc;           /* large */
    static cli_override_list list;
    if (cli_overrides(o, NULL, 0, &list) != 0)
        return cli_usage_error("too many settings overridden");
    ps_error err;
    ps_error_clear(&err);
    if (ps_scenario_load_overrides(o->scenarios[0], list.items, list.n, &sc, &err) != PS_OK)
        return cli_report(&err);
    if (ps_scenario_write(&sc, stdout) != 0) {
        ps_error_set(&err, PS_ERR_IO, NULL, 0, NULL, "could not write to standard output");
        return cli_report(&err);
    }
    return cli_flush_stdout();
}

