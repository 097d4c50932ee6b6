/* years.c — an earlier base year: which national zones existed then.
 *
 * The zone list is that of end-2015. For --base-year Y < 2015 a zone is kept
 * if it was approved by the end of Y: its approved_year from the source or,
 * when that is blank, the assumed year in data/unknown-approvals.tsv (every
 * such zone must be listed there, and only such zones). SIP (approved 1994)
 * is always kept. The number kept, SIP excluded, must equal the published
 * count of year Y (history-2009-2015.tsv), so the assumptions cannot drift
 * away from the published history unnoticed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgen.h"

typedef struct assumed {
    char name_zh[96];
    int year;
    int used;
} assumed;

typedef struct assumed_list {
    assumed *a;
    int n;
} assumed_list;

static void assumed_row(void *ctx, char **f, const char *path, int line)
{
    assumed_list *l = ctx;
    char *end;
    long y = strtol(f[1], &end, 10);
    if (*end != '\0' || end == f[1] || y < 1980 || y > BG_BASE_YEAR)
        bg_die("%s:%d: assumed_year: expected a year 1980-%d, found '%s'", path, line,
               BG_BASE_YEAR, f[1]);
    assumed *na = realloc(l->a, (size_t)(l->n + 1) * sizeof *na);
    if (!na)
        bg_die("out of memory");
    l->a = na;
    memset(&l->a[l->n], 0, sizeof l->a[0]);
    bg_copy_str(l->a[l->n].name_zh, sizeof l->a[0].name_zh, f[0], "name_zh");
    l->a[l->n++].year = (int)y;
}

void bg_source_filter(bg_gen *g, const char *dir)
{
    static const char *const cols[] = {"name_zh", "assumed_year", "window"};
    size_t len = strlen(dir) + 32;
    char *path = bg_xcalloc(len, 1);
    snprintf(path, len, "%s/unknown-approvals.tsv", dir);
    assumed_list l = {NULL, 0};
    bg_table_read(path, cols, 3, assumed_row, &l);
    int year = g->yt->year, kept = 0, counted = 0;
    for (int i = 0; i < g->n_nat; i++) {
        bg_zone *gz = &g->nat[i];
        int approved = gz->z.approved;
        if (!approved) {
            for (int k = 0; k < l.n; k++)
                if (strcmp(l.a[k].name_zh, gz->z.name_zh) == 0) {
                    approved = l.a[k].year;
                    l.a[k].used++;
                }
            if (!approved)
                bg_die("%s: %s has no approval year: list it with an assumed year", path,
                       gz->z.name_zh);
        }
        if (approved > year && !gz->z.sip)
            continue;
        g->nat[kept++] = *gz;
        counted += !gz->z.sip;
    }
    for (int k = 0; k < l.n; k++)
        if (l.a[k].used != 1)
            bg_die("%s: %s is not a zone without approval year in the source", path,
                   l.a[k].name_zh);
    if (counted != g->yt->n_zones)
        bg_die("%s: %d zones national by the end of %d, the published count is %d", path,
               counted, year, g->yt->n_zones);
    g->n_nat = kept;
    free(l.a);
    free(path);
}
