/* cli_outdir.c — never a mixed result directory. When `run` writes its set
 * into a directory that held another run's results (another scenario hash,
 * seed, run count or first run, or an interrupted set), the whole old set
 * goes: the files this run does not write (trajectory.tsv; runs.tsv with
 * --no-runs-file) and the pictures drawn from the old data (PNG and SVG
 * in plots/). parksim says so on stderr. Leftover temporaries of processes that
 * no longer exist (.NAME.tmp.PID, from a killed run) are removed too.
 *
 * The identity of a set is read from its targets.tsv header before the new
 * set is committed and after, so the check sees exactly what a reader sees.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "cli.h"

void cli_outdir_identity(const char *dir, char *id, size_t n)
{
    char path[1100], line[1024];
    snprintf(path, sizeof path, "%s/targets.tsv", dir);
    id[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    size_t used = 0;
    while (fgets(line, sizeof line, f) && line[0] == '#') {
        if (strncmp(line, "# scenario_hash:", 16) && strncmp(line, "# seed:", 7) && strncmp(line, "# runs:", 7) &&
            strncmp(line, "# INTERRUPTED", 13))
            continue;
        size_t len = strlen(line);
        if (used + len + 1 < n) {
            memcpy(id + used, line, len + 1);
            used += len;
        }
    }
    fclose(f);
}

static int remove_in(const char *dir, const char *name)
{
    char path[1400];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return remove(path) == 0;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t ls = strlen(s), lt = strlen(tail);
    return ls >= lt && strcmp(s + ls - lt, tail) == 0;
}

/* Temporaries .NAME.tmp.PID of processes that are gone. */
static void remove_dead_temporaries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        const char *tmp = strstr(e->d_name, ".tmp.");
        if (e->d_name[0] != '.' || !tmp)
            continue;
        char *end;
        long pid = strtol(tmp + 5, &end, 10);
        if (*end == '\0' && pid > 0 && pid != (long)getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH)
            remove_in(dir, e->d_name);
    }
    closedir(d);
}

void cli_outdir_tidy(const char *dir, const char *old_id, const cli_options *o)
{
    remove_dead_temporaries(dir);
    char new_id[2048];
    cli_outdir_identity(dir, new_id, sizeof new_id);
    char plots[1100];
    snprintf(plots, sizeof plots, "%s/plots", dir);
    DIR *d = opendir(plots);
    bool had_plots = d != NULL;
    if (strcmp(old_id, new_id) == 0 && (old_id[0] || !had_plots)) {
        if (d)
            closedir(d);
        return; /* the same run again (same data): nothing is stale */
    }
    int removed = 0;
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)))
            if (ends_with(e->d_name, ".png") || ends_with(e->d_name, ".svg"))
                removed += remove_in(plots, e->d_name);
        closedir(d);
        rmdir(plots); /* only if nothing else is in it */
    }
    if (!o->trajectory)
        removed += remove_in(dir, "trajectory.tsv");
    if (o->no_runs_file)
        removed += remove_in(dir, "runs.tsv");
    if (old_id[0] && !o->quiet)
        fprintf(stderr, "parksim: %s/ held another run's results: replaced%s\n", dir,
                removed ? " (its pictures and other files removed)" : "");
}
