/* history.c — read published figures in the long or the wide format
 * (include/parksim/history.h). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parksim/history.h"

/* Columns of history-2009-2015.tsv and the metric each is (-1: text). */
static const struct {
    const char *column;
    int metric;
} wide_columns[] = {
    {"national_zones", PS_M_NATIONAL_ZONES},
    {"new_approvals", PS_M_UPGRADES},
    {"revenue_yi", PS_M_REVENUE},
    {"gdp_yi", PS_M_GDP},
    {"zones_revenue_over_1000yi", PS_M_ZONES_OVER_1000},
    {"enterprise_rd_yi", PS_M_RD_EXPENDITURE},
    {"source", -1},
};
enum { N_WIDE = sizeof wide_columns / sizeof wide_columns[0], MAX_FIELDS = 64 };

int ps_history_n_columns(void) { return N_WIDE; }

void ps_history_column(int i, const char **name, int *metric)
{
    *name = wide_columns[i].column;
    *metric = wide_columns[i].metric;
}

void ps_history_free(ps_history *h)
{
    if (!h)
        return;
    free(h->points);
    h->points = NULL;
    h->n = 0;
}

/* Split s in place at tabs (wide) or runs of blanks (long). */
static int split(char *s, char **f, int max, int tabs)
{
    int n = 0;
    if (tabs) {
        for (char *p = s;; p++) {
            if (n == max)
                return -1;
            f[n++] = p;
            p = strchr(p, '\t');
            if (!p)
                break;
            *p = '\0';
        }
        return n;
    }
    for (char *p = strtok(s, " \t"); p; p = strtok(NULL, " \t")) {
        if (n == max)
            return -1;
        f[n++] = p;
    }
    return n;
}

static int parse_year(const char *s, int *year)
{
    char *end;
    errno = 0;
    long y = strtol(s, &end, 10);
    if (end == s || *end || errno || y < 1900 || y > 2200)
        return -1;
    *year = (int)y;
    return 0;
}

static int parse_value(const char *s, double *x)
{
    char *end;
    errno = 0;
    *x = strtod(s, &end);
    return end == s || *end || errno || !isfinite(*x) ? -1 : 0;
}

static ps_status add_point(ps_history *h, int *cap, ps_history_point pt, const char *path, ps_error *err)
{
    for (int i = 0; i < h->n; i++)
        if (h->points[i].metric == pt.metric && h->points[i].year == pt.year)
            return ps_error_set(err, PS_ERR_DATA, path, pt.line, pt.column,
                                "%d given twice (first on line %d)", pt.year, h->points[i].line);
    if (h->n == *cap) {
        *cap = *cap ? 2 * *cap : 64;
        ps_history_point *np = realloc(h->points, (size_t)*cap * sizeof *np);
        if (!np)
            return ps_error_set(err, PS_ERR_NOMEM, path, pt.line, NULL, "out of memory");
        h->points = np;
    }
    h->points[h->n++] = pt;
    return PS_OK;
}

/* A wide header "year<TAB>col..." (after an optional '#'): map the columns. */
static ps_status wide_header(char **f, int nf, int *map, const char *path, int line, ps_error *err)
{
    for (int c = 1; c < nf; c++) {
        map[c] = -2;
        for (int k = 0; k < N_WIDE; k++)
            if (strcmp(f[c], wide_columns[k].column) == 0)
                map[c] = k;
        if (map[c] == -2) {
            int m = ps_metric_from_name(f[c]);
            if (m < 0)
                return ps_error_set(err, PS_ERR_DATA, path, line, f[c],
                                    "unknown history column (the history file's columns or a parksim metric name)");
            map[c] = N_WIDE + m;
        }
    }
    return PS_OK;
}

ps_status ps_history_load(const char *path, ps_history *h, ps_error *err)
{
    memset(h, 0, sizeof *h);
    FILE *fp = fopen(path, "r");
    if (!fp)
        return ps_error_set(err, PS_ERR_IO, path, 0, NULL, "%s", strerror(errno));
    char *buf = NULL;
    size_t bcap = 0;
    ssize_t len;
    int line = 0, cap = 0, mode = 0; /* 0 unknown, 1 wide, 2 long */
    int nf_header = 0, map[MAX_FIELDS];
    ps_status st = PS_OK;
    char *f[MAX_FIELDS];
    while (st == PS_OK && (len = getline(&buf, &bcap, fp)) >= 0) {
        line++;
        while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
            buf[--len] = '\0';
        char *s = buf;
        int comment = s[0] == '#';
        if (comment) {
            s++;
            while (*s == ' ')
                s++;
        }
        if (mode == 0 && strncmp(s, "year\t", 5) == 0) {
            int nf = split(s, f, MAX_FIELDS, 1);
            if (nf < 0) {
                st = ps_error_set(err, PS_ERR_DATA, path, line, NULL, "more than %d columns", MAX_FIELDS);
                break;
            }
            st = wide_header(f, nf, map, path, line, err);
            nf_header = nf;
            mode = 1;
            continue;
        }
        if (comment || strspn(s, " \t") == strlen(s))
            continue;
        if (mode == 0) {
            mode = 2;
            char tmp[64];
            snprintf(tmp, sizeof tmp, "%s", s);
            char *g[4];
            if (split(tmp, g, 4, 0) == 3 && strcmp(g[0], "metric") == 0 && strcmp(g[1], "year") == 0 &&
                strcmp(g[2], "value") == 0)
                continue;
        }
        if (mode == 1) {
            int nf = split(s, f, MAX_FIELDS, 1);
            if (nf != nf_header) {
                st = ps_error_set(err, PS_ERR_DATA, path, line, NULL, "%d fields, the header has %d", nf,
                                  nf_header);
                break;
            }
            int year;
            if (parse_year(f[0], &year)) {
                st = ps_error_set(err, PS_ERR_DATA, path, line, "year", "expected a year, found '%s'", f[0]);
                break;
            }
            for (int c = 1; c < nf && st == PS_OK; c++) {
                int metric = map[c] < N_WIDE ? wide_columns[map[c]].metric : map[c] - N_WIDE;
                const char *col = map[c] < N_WIDE ? wide_columns[map[c]].column
                                                  : ps_metric_get((ps_metric)metric)->name;
                if (metric < 0 || f[c][0] == '\0')
                    continue;
                double x;
                if (parse_value(f[c], &x)) {
                    st = ps_error_set(err, PS_ERR_DATA, path, line, col, "expected a number, found '%s'", f[c]);
                    break;
                }
                st = add_point(h, &cap, (ps_history_point){(ps_metric)metric, year, x, line, col}, path, err);
            }
            continue;
        }
        int nf = split(s, f, 4, 0);
        if (nf != 3) {
            st = ps_error_set(err, PS_ERR_DATA, path, line, NULL,
                              "expected 'metric year value' (or a wide header starting with 'year')");
            break;
        }
        int m = ps_metric_from_name(f[0]), year;
        double x;
        if (m < 0)
            st = ps_error_set(err, PS_ERR_DATA, path, line, "metric", "unknown metric '%s'", f[0]);
        else if (parse_year(f[1], &year))
            st = ps_error_set(err, PS_ERR_DATA, path, line, "year", "expected a year, found '%s'", f[1]);
        else if (parse_value(f[2], &x))
            st = ps_error_set(err, PS_ERR_DATA, path, line, "value", "expected a number, found '%s'", f[2]);
        else
            st = add_point(h, &cap, (ps_history_point){(ps_metric)m, year, x, line, ps_metric_get((ps_metric)m)->name},
                           path, err);
    }
    if (st == PS_OK && ferror(fp))
        st = ps_error_set(err, PS_ERR_IO, path, 0, NULL, "read error");
    free(buf);
    fclose(fp);
    if (st == PS_OK && h->n == 0)
        st = ps_error_set(err, PS_ERR_DATA, path, line, NULL, "no published figures found");
    h->wide = mode == 1;
    if (st != PS_OK)
        ps_history_free(h);
    return st;
}

static int by_metric_year(const void *a, const void *b)
{
    const ps_history_point *x = *(const ps_history_point *const *)a, *y = *(const ps_history_point *const *)b;
    if (x->metric != y->metric)
        return x->metric < y->metric ? -1 : 1;
    return (x->year > y->year) - (x->year < y->year);
}

int ps_history_window(const ps_history *h, int after, int last, const ps_history_point **pts)
{
    int n = 0;
    for (int i = 0; i < h->n; i++)
        if (h->points[i].year > after && h->points[i].year <= last)
            pts[n++] = &h->points[i];
    qsort(pts, (size_t)n, sizeof *pts, by_metric_year);
    return n;
}
