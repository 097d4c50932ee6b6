/* cli_overrides.c — the scenario overrides a command line asks for, typed:
 * the shorthands (--runs, --seed, --out) as typed values, then every --set
 * as the user wrote it ("key=value", typed like the file), then the
 * command's own (a sweep point, compare's seed and run count). Later ones
 * win, so a command's own override has the last word. */
#include "cli.h"

int cli_overrides(const cli_options *o, const ps_override *extra, int n_extra, cli_override_list *list)
{
    list->n = 0;
    if (o->runs_given)
        list->items[list->n++] = (ps_override){"run.runs", 'i', {.integer = o->runs}, "--runs"};
    if (o->seed_given)
        list->items[list->n++] = (ps_override){"run.seed", 'i', {.integer = o->seed}, "--seed"};
    if (o->out)
        list->items[list->n++] = (ps_override){"run.out", 's', {.text = o->out}, "--out"};
    for (int i = 0; i < o->n_sets; i++)
        list->items[list->n++] = (ps_override){NULL, 0, {.text = o->sets[i]}, "--set"};
    for (int i = 0; i < n_extra; i++) {
        if (list->n == CLI_MAX_OVERRIDES)
            return -1;
        list->items[list->n++] = extra[i];
    }
    return 0;
}
