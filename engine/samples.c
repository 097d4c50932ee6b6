/* samples.c — reading samples files (contract and format in
 * include/parksim/samples.h). */
#include "parksim/samples.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void ps_samples_free(ps_samples *s)
{
    if (!s)
        return;
    free(s->names);
    free(s->row_line);
    free(s->values);
    memset(s, 0, sizeof *s);
}

int ps_samples_column(const ps_samples *s, const char *name)
{
    for (int c = 0; c < s->n_cols; c++)
        if (strcmp(s->names[c], name) == 0)
            return c;
    return -1;
}

double ps_samples_median(const ps_samples *s, int c)
{
    double *v = malloc(sizeof *v * (size_t)s->n_rows);
    if (!v)
        return NAN;
    for (long r = 0; r < s->n_rows; r++)
        v[r] = s->values[r * s->n_cols + c];
    qsort(v, (size_t)s->n_rows, sizeof *v, cmp_double);
    long h = s->n_rows / 2;
    double m = s->n_rows % 2 ? v[h] : 0.5 * (v[h - 1] + v[h]);
    free(v);
    return m;
}

/* Split line (no newline) at tabs in place into at most max fields;
 * returns the count (max + 1 if there are more). */
static int split_tabs(char *line, char **fields, int max)
{
    int n = 0;
    char *p = line;
    for (;;) {
        if (n < max)
            fields[n] = p;
        n++;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return n > max ? max + 1 : n;
}

static int header(ps_samples *s, char *line, int lineno, const char *file, ps_error *err)
{
    char *fields[PS_UNC_MAX + 1];
    int n = split_tabs(line, fields, PS_UNC_MAX);
    if (n > PS_UNC_MAX)
        return ps_error_set(err, PS_ERR_DATA, file, lineno, NULL, "more than %d columns", PS_UNC_MAX);
    s->names = calloc((size_t)n, sizeof *s->names);
    if (!s->names)
        return ps_error_set(err, PS_ERR_NOMEM, file, lineno, NULL, "out of memory");
    for (int c = 0; c < n; c++) {
        const char *f = fields[c];
        if (!f[0])
            return ps_error_set(err, PS_ERR_DATA, file, lineno, NULL,
                                "column %d of the header is empty (the header names setting paths, tab-separated)",
                                c + 1);
        if (strlen(f) >= PS_UNC_PATH || strspn(f, "abcdefghijklmnopqrstuvwxyz0123456789_.") != strlen(f))
            return ps_error_set(err, PS_ERR_DATA, file, lineno, NULL,
                                "column %d of the header, '%.60s', is not a setting path", c + 1, f);
        for (int d = 0; d < c; d++)
            if (strcmp(s->names[d], f) == 0)
                return ps_error_set(err, PS_ERR_DATA, file, lineno, f, "column given twice (columns %d and %d)",
                                    d + 1, c + 1);
        memcpy(s->names[c], f, strlen(f) + 1);
    }
    s->n_cols = n;
    s->header_line = lineno;
    return PS_OK;
}

static int row(ps_samples *s, char *line, int lineno, long *cap, const char *file, ps_error *err)
{
    char *fields[PS_UNC_MAX + 1];
    int n = split_tabs(line, fields, PS_UNC_MAX);
    if (n != s->n_cols)
        return ps_error_set(err, PS_ERR_DATA, file, lineno, NULL, "%s%d field%s, the header (line %d) has %d",
                            n > PS_UNC_MAX ? "more than " : "", n > PS_UNC_MAX ? PS_UNC_MAX : n, n == 1 ? "" : "s", s->header_line,
                            s->n_cols);
    if (s->n_rows == *cap) {
        long grown = *cap ? 2 * *cap : 256;
        double *v = realloc(s->values, sizeof *v * (size_t)grown * (size_t)s->n_cols);
        if (v)
            s->values = v;
        int *l = realloc(s->row_line, sizeof *l * (size_t)grown);
        if (l)
            s->row_line = l;
        if (!v || !l)
            return ps_error_set(err, PS_ERR_NOMEM, file, lineno, NULL, "out of memory");
        *cap = grown;
    }
    for (int c = 0; c < n; c++) {
        char *end;
        errno = 0;
        double x = strtod(fields[c], &end);
        if (end == fields[c] || *end || !isfinite(x) || errno == ERANGE)
            return ps_error_set(err, PS_ERR_DATA, file, lineno, s->names[c], "'%.40s' is not a finite number",
                                fields[c]);
        s->values[s->n_rows * s->n_cols + c] = x;
    }
    s->row_line[s->n_rows++] = lineno;
    return PS_OK;
}

int ps_samples_read(const char *path, const char *display, ps_samples *out, ps_error *err)
{
    const char *file = display ? display : path;
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "r");
    if (!f)
        return ps_error_set(err, PS_ERR_IO, file, 0, NULL, "cannot read the samples file: %s", strerror(errno));
    char *line = NULL;
    size_t size = 0;
    ssize_t len;
    int lineno = 0, status = PS_OK;
    long cap = 0;
    while (status == PS_OK && (len = getline(&line, &size, f)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (line[0] == '#' || len == 0)
            continue;
        status =
            out->n_cols == 0 ? header(out, line, lineno, file, err) : row(out, line, lineno, &cap, file, err);
    }
    if (status == PS_OK && ferror(f))
        status = ps_error_set(err, PS_ERR_IO, file, 0, NULL, "read error");
    free(line);
    fclose(f);
    if (status == PS_OK && out->n_cols == 0)
        status = ps_error_set(err, PS_ERR_DATA, file, 0, NULL,
                              "empty: no header line naming the columns (setting paths, tab-separated)");
    else if (status == PS_OK && out->n_rows == 0)
        status = ps_error_set(err, PS_ERR_DATA, file, out->header_line, NULL, "no rows of draws after the header");
    if (status != PS_OK)
        ps_samples_free(out);
    return status;
}
