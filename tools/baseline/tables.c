/* tables.c — read the generator's data tables (the TSV files in tools/baseline/data/).
 *
 * The format is the simplest that can carry its own documentation: UTF-8,
 * tab-separated, '#' lines are comments (each table opens with a paragraph
 * saying what it holds and where it comes from), blank lines are skipped,
 * the first other line is the header and must name exactly the columns the
 * caller expects, in order, so a table edited by hand cannot be misread.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgen.h"

void bg_table_read(const char *path, const char *const *cols, int ncols, bg_row_fn *fn, void *ctx)
{
    FILE *f = fopen(path, "r");
    if (!f)
        bg_die("%s: %s (give the tables' directory with --data)", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int lineno = 0, header = 0;
    char *field[BG_TABLE_MAX_COLS];
    while ((len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        int n = 0;
        for (char *s = line;; s++) {
            if (n == BG_TABLE_MAX_COLS || n == ncols)
                bg_die("%s:%d: more than %d fields", path, lineno, ncols);
            field[n++] = s;
            s += strcspn(s, "\t");
            if (*s == '\0')
                break;
            *s = '\0';
        }
        if (n != ncols)
            bg_die("%s:%d: %d fields, expected %d", path, lineno, n, ncols);
        if (!header) {
            for (int c = 0; c < ncols; c++)
                if (strcmp(field[c], cols[c]) != 0)
                    bg_die("%s:%d: column %d is '%s', expected '%s'", path, lineno, c + 1,
                           field[c], cols[c]);
            header = 1;
            continue;
        }
        for (int c = 0; c < ncols; c++)
            if (field[c][0] == '\0')
                bg_die("%s:%d: %s: empty field", path, lineno, cols[c]);
        fn(ctx, field, path, lineno);
    }
    int rerr = ferror(f);
    free(line);
    fclose(f);
    if (rerr)
        bg_die("%s: read error", path);
    if (!header)
        bg_die("%s: no header line", path);
}
