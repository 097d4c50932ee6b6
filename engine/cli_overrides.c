/* cli_overrides.c — the scenario overrides a command line asks for: the
 * typed shorthands (--runs, --seed, --out) first, then every --set in the
 * order given, then the command's own (a sweep point, compare's seed). */
#include <stdio.h>

#include "cli.h"

int cli_overrides(const cli_options *o, const char *const *extra, int n_extra, cli_override_list *list)
{
    list->n = 0;
    /* TEMPORARY bridge until typed overrides reach the scenario loader. */
    if (o->runs_given)
        snprintf(list->storage[0], sizeof list->storage[0], "run.runs=%lldL", o->runs),
            list->items[list->n++] = list->storage[0];
    if (o->seed_given)
        snprintf(list->storage[1], sizeof list->storage[1], "run.seed=%lldL", o->seed),
            list->items[list->n++] = list->storage[1];
    if (o->out)
        snprintf(list->storage[2], sizeof list->storage[2], "run.out=\"%s\"", o->out),
            list->items[list->n++] = list->storage[2];
    for (int i = 0; i < o->n_sets; i++)
        list->items[list->n++] = o->sets[i];
    for (int i = 0; i < n_extra; i++) {
        if (list->n == CLI_MAX_OVERRIDES)
            return -1;
        list->items[list->n++] = extra[i];
    }
    return 0;
}
