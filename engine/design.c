/* design.c — designs of experiments for `parksim sweep`: random and Latin
 * hypercube points in a box, and design files (contract and formats in
 * include/parksim/design.h). */
#include "parksim/design.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "parksim/scenario.h"
#include "scenario_table.h"
#include "suggest_int.h"

int ps_design_unit_random(gsl_rng *r, int k, long n, double *u)
{
    for (long i = 0; i < n * k; i++)
        u[i] = gsl_rng_uniform(r);
    return PS_OK;
}

/* McKay, Beckman & Conover (1979): dimension by dimension, a random
 * permutation of the strata 0..n-1 (gsl_ran_shuffle) and a uniform place in
 * each stratum; point i of dimension j is (perm_j[i] + U_ij) / n. */
int ps_design_unit_lhs(gsl_rng *r, int k, long n, double *u, ps_error *err)
{
    long *perm = malloc((size_t)(n > 0 ? n : 1) * sizeof *perm);
    if (!perm)
        return ps_error_set(err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory for a Latin hypercube of %ld points", n);
    for (int j = 0; j < k; j++) {
        for (long i = 0; i < n; i++)
            perm[i] = i;
        gsl_ran_shuffle(r, perm, (size_t)n, sizeof *perm);
        for (long i = 0; i < n; i++) {
            double x = ((double)perm[i] + gsl_rng_uniform(r)) / (double)n;
            /* (n-1 + U)/n can round up to 1 for U near 1: stay in the stratum. */
            u[i * k + j] = x < 1 ? x : nextafter(1.0, 0.0);
        }
    }
    free(perm);
    return PS_OK;
}

double ps_design_scale(double u, double lo, double hi, bool integer)
{
    if (!integer)
        return lo + u * (hi - lo);
    double levels = hi - lo + 1, v = lo + floor(u * levels);
    return v <= hi ? v : hi;
}

void ps_design_free(ps_design *d)
{
    if (!d)
        return;
    free(d->x);
    free(d->lines);
    d->x = NULL;
    d->lines = NULL;
    d->n = 0;
    d->k = 0;
}

/* Trim spaces around a field in place; returns its start. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\r')
        s++;
    size_t len = strlen(s);
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\r' || s[len - 1] == '\n'))
        s[--len] = '\0';
    return s;
}

/* Split line at tabs into at most max fields (trimmed); returns the count,
 * max + 1 if there are more. */
static int split(char *line, char **fields, int max)
{
    int n = 0;
    for (char *p = line;;) {
        char *tab = strchr(p, '\t');
        if (tab)
            *tab = '\0';
        if (n == max)
            return max + 1;
        fields[n++] = trim(p);
        if (!tab)
            return n;
        p = tab + 1;
    }
}

static int check_key(const char *path, int line, const char *key, char *kind, ps_error *err)
{
    char where[PS_DESIGN_KEY_MAX + 8];
    snprintf(where, sizeof where, "column %.*s", PS_DESIGN_KEY_MAX - 1, key);
    if (*key == '\0')
        return ps_error_set(err, PS_ERR_PARSE, path, line, NULL, "an empty column name in the header");
    if (strlen(key) >= PS_DESIGN_KEY_MAX)
        return ps_error_set(err, PS_ERR_CONFIG, path, line, where, "unknown setting (name too long)");
    int k = ps_setting_kind(key);
    if (k == 0) {
        ps_suggestion sg;
        char hint[PS_SUGGEST_MAX + 32];
        ps_suggest_init(&sg, key);
#define PS_DESIGN_CONSIDER(p, type, field, lo, hi) ps_suggest_consider(&sg, p);
        PS_SETTING_LIST(PS_DESIGN_CONSIDER)
#undef PS_DESIGN_CONSIDER
        return ps_error_set(err, PS_ERR_CONFIG, path, line, where, "unknown setting%s",
                            ps_suggest_hint(&sg, hint, sizeof hint));
    }
    if (k != 'r' && k != 'i')
        return ps_error_set(err, PS_ERR_CONFIG, path, line, where, "not a numeric setting (a %s): a design gives numbers",
                            k == 'b' ? "true/false setting" : "text setting");
    *kind = (char)k;
    return PS_OK;
}

static int read_value(const char *path, int line, const ps_design *d, int j, const char *text, double *x,
                      ps_error *err)
{
    char where[PS_DESIGN_KEY_MAX + 8];
    snprintf(where, sizeof where, "column %s", d->keys[j]);
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (*text == '\0' || *end != '\0')
        return ps_error_set(err, PS_ERR_PARSE, path, line, where, "expected a number, got '%s'", text);
    if (!isfinite(v) || errno == ERANGE)
        return ps_error_set(err, PS_ERR_PARSE, path, line, where, "expected a finite number, got '%s'", text);
    if (d->kinds[j] == 'i' && (v != floor(v) || fabs(v) > 9007199254740992.0))
        return ps_error_set(err, PS_ERR_PARSE, path, line, where, "an integer setting: expected a whole number, got '%s'",
                            text);
    *x = v;
    return PS_OK;
}

int ps_design_read(const char *path, ps_design *d, ps_error *err)
{
    memset(d, 0, sizeof *d);
    FILE *f = fopen(path, "r");
    if (!f)
        return ps_error_set(err, PS_ERR_IO, path, 0, NULL, "cannot open the design file: %s", strerror(errno));
    char *line = NULL, *fields[PS_DESIGN_MAX_KEYS + 1];
    size_t cap = 0, rows_cap = 0;
    int status = PS_OK, lineno = 0;
    bool have_header = false;
    ssize_t len;
    while (status == PS_OK && (len = getline(&line, &cap, f)) != -1) {
        lineno++;
        if (line[0] == '#' || strspn(line, " \t\r\n") == (size_t)len)
            continue;
        if (memchr(line, '\0', (size_t)len)) {
            status = ps_error_set(err, PS_ERR_PARSE, path, lineno, NULL, "a NUL byte: not a text file");
            break;
        }
        int nf = split(line, fields, PS_DESIGN_MAX_KEYS);
        if (!have_header) {
            if (nf > PS_DESIGN_MAX_KEYS) {
                status = ps_error_set(err, PS_ERR_PARSE, path, lineno, NULL, "more than %d columns",
                                      PS_DESIGN_MAX_KEYS);
                break;
            }
            for (int j = 0; j < nf && status == PS_OK; j++) {
                status = check_key(path, lineno, fields[j], &d->kinds[j], err);
                for (int i = 0; i < j && status == PS_OK; i++)
                    if (strcmp(d->keys[i], fields[j]) == 0)
                        status = ps_error_set(err, PS_ERR_PARSE, path, lineno, NULL,
                                              "column %s: named twice (columns %d and %d)", fields[j], i + 1, j + 1);
                if (status == PS_OK)
                    snprintf(d->keys[j], sizeof d->keys[j], "%s", fields[j]);
            }
            d->k = nf;
            have_header = true;
            continue;
        }
        if (nf != d->k) {
            status = ps_error_set(err, PS_ERR_PARSE, path, lineno, NULL,
                                  "%s%d value%s, expected %d (one per column of the header)", nf > d->k ? "more than " : "",
                                  nf > d->k ? d->k : nf, (nf > d->k ? d->k : nf) == 1 ? "" : "s", d->k);
            break;
        }
        if (d->n == PS_DESIGN_MAX_POINTS) {
            status = ps_error_set(err, PS_ERR_PARSE, path, lineno, NULL, "more than %ld points", PS_DESIGN_MAX_POINTS);
            break;
        }
        if ((size_t)d->n == rows_cap) {
            size_t ncap = rows_cap ? 2 * rows_cap : 64;
            double *x = realloc(d->x, ncap * (size_t)d->k * sizeof *x);
            if (!x) {
                status = ps_error_set(err, PS_ERR_NOMEM, path, lineno, NULL, "out of memory for the design");
                break;
            }
            d->x = x;
            int *lines = realloc(d->lines, ncap * sizeof *lines);
            if (!lines) {
                status = ps_error_set(err, PS_ERR_NOMEM, path, lineno, NULL, "out of memory for the design");
                break;
            }
            d->lines = lines;
            rows_cap = ncap;
        }
        for (int j = 0; j < d->k && status == PS_OK; j++)
            status = read_value(path, lineno, d, j, fields[j], &d->x[d->n * d->k + j], err);
        d->lines[d->n++] = lineno;
    }
    if (status == PS_OK && ferror(f))
        status = ps_error_set(err, PS_ERR_IO, path, lineno, NULL, "cannot read the design file: %s", strerror(errno));
    if (status == PS_OK && !have_header)
        status = ps_error_set(err, PS_ERR_PARSE, path, lineno, NULL, "no header line (setting paths, tab-separated)");
    if (status == PS_OK && d->n == 0)
        status = ps_error_set(err, PS_ERR_PARSE, path, lineno, NULL, "no points (a header and no value lines)");
    free(line);
    fclose(f);
    if (status != PS_OK)
        ps_design_free(d);
    return status;
}
