/* suggest.c — "did you mean" hints by edit distance (contract in
 * engine/suggest_int.h). */
#include "suggest_int.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

int ps_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    int row[PS_SUGGEST_MAX + 1];
    if (la > PS_SUGGEST_MAX || lb > PS_SUGGEST_MAX)
        return INT_MAX;
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diagonal = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int above = row[j];
            int best = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
            if (above + 1 < best)
                best = above + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diagonal = above;
        }
    }
    return row[lb];
}

void ps_suggest_init(ps_suggestion *sg, const char *word)
{
    sg->word = word;
    sg->best[0] = '\0';
    sg->distance = 3;
}

void ps_suggest_consider(ps_suggestion *sg, const char *candidate)
{
    if (strcmp(sg->word, candidate) == 0)
        return;
    int d = ps_edit_distance(sg->word, candidate);
    if (d < sg->distance) {
        sg->distance = d;
        snprintf(sg->best, sizeof sg->best, "%s", candidate);
    }
}

/* " (did you mean 'x'?)" or "". */
const char *ps_suggest_hint(const ps_suggestion *sg, char *buf, size_t n)
{
    if (!sg->best[0])
        return "";
    snprintf(buf, n, " (did you mean '%s'?)", sg->best);
    return buf;
}
