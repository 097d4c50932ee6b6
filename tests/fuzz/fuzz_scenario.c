/* fuzz_scenario.c — libFuzzer harness of the scenario loader: the input is
 * a scenario file, loaded with ps_scenario_load and checked with
 * ps_scenario_check (which reports every problem). The file lies in a
 * temporary directory holding symlinks to every .cfg of scenarios/ and to
 * scenarios/data, so `extends = "plan.cfg";` and relative data paths reach
 * the real files. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_util.h"
#include "parksim/scenario.h"

static char path[128];

static void count_problem(const ps_error *err, void *ctx)
{
    (void)err;
    ++*(int *)ctx;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *dir = fuzz_dir();
    DIR *d = opendir(PS_SOURCE_DIR "/scenarios");
    if (!d) {
        perror(PS_SOURCE_DIR "/scenarios");
        abort();
    }
    for (struct dirent *e; (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        if (strcmp(e->d_name, "data") != 0 && (n < 4 || strcmp(e->d_name + n - 4, ".cfg") != 0))
            continue;
        char from[1024], to[512];
        snprintf(from, sizeof from, "%s/scenarios/%s", PS_SOURCE_DIR, e->d_name);
        snprintf(to, sizeof to, "%s/%s", dir, e->d_name);
        if (symlink(from, to) != 0) {
            perror(to);
            abort();
        }
    }
    closedir(d);
    snprintf(path, sizeof path, "%s/fuzz.cfg", dir);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_write(path, data, size);
    ps_scenario sc;
    ps_error err;
    int rc = ps_scenario_load(path, NULL, 0, &sc, &err);
    int problems = 0;
    int n = ps_scenario_check(path, NULL, 0, count_problem, &problems);
    /* The two must agree on whether the file is good. */
    if ((rc == 0) != (n == 0) || n != problems)
        abort();
    return 0;
}
