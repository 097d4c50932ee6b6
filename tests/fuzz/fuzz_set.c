/* fuzz_set.c — libFuzzer harness of --set parsing: scenarios/plan_fixed.cfg
 * loaded with the input as one "key=value" override (ps_scenario_load), and
 * checked with the same override (ps_scenario_check). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parksim/scenario.h"

static void count_problem(const ps_error *err, void *ctx)
{
    (void)err;
    ++*(int *)ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0'; /* a command-line argument ends at its first NUL */
    const char *set[1] = {text};
    ps_scenario sc;
    ps_error err;
    int rc = ps_scenario_load(PS_SOURCE_DIR "/scenarios/plan_fixed.cfg", set, 1, &sc, &err);
    int problems = 0;
    int n = ps_scenario_check(PS_SOURCE_DIR "/scenarios/plan_fixed.cfg", set, 1, count_problem, &problems);
    if ((rc == 0) != (n == 0) || n != problems)
        abort();
    free(text);
    return 0;
}
