/* shard.c — writing, reading, checking and merging shard files (format in
 * include/parksim/shard.h). Every number read is checked for form (the
 * whole field is a number), range (no overflow, no negative counts) and
 * size before anything is allocated from it, so a damaged file gives a
 * file:line message, never a huge allocation or a division by zero. */
#include "parksim/shard.h"
#include "parksim/output.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parksim/schedule.h"

/* run.base_year and run.horizon lie in 1980..2100: at most 121 years. */
#define SHARD_MAX_YEARS 121

/* ---- writing ----------------------------------------------------------------- */

void ps_shard_init(ps_shard *s, const ps_scenario *sc, long first_run, int index, int count, int cells)
{
    memset(s, 0, sizeof *s);
    snprintf(s->scenario, sizeof s->scenario, "%s", sc->path);
    s->hash = sc->hash;
    s->seed = sc->run.seed;
    snprintf(s->generator, sizeof s->generator, "%s", sc->run.generator);
    s->first_run = first_run;
    s->runs = sc->run.runs;
    s->index = index;
    s->count = count;
    s->cells = cells;
    ps_schedule_shard(first_run, s->runs, index, count, &s->lo, &s->hi);
}

void ps_shard_write_header(FILE *f, const ps_shard *s, const ps_provenance *prov)
{
    fprintf(f, "# parksim shard: block moments and exact counts of runs %ld..%ld, for 'parksim merge'\n", s->lo,
            s->hi - 1);
    ps_write_provenance(f, prov);
    fprintf(f, "parksim_shard\t%d\nscenario\t", PS_SHARD_FORMAT);
    ps_put_escaped(f, s->scenario);
    fprintf(f, "\nscenario_hash\t%016" PRIx64 "\nseed\t%lu\n", s->hash, s->seed);
    fprintf(f, "generator\t%s\nfirst_run\t%ld\nruns\t%ld\nshard\t%d\t%d\nrange\t%ld\t%ld\ncells\t%d\n",
            s->generator, s->first_run, s->runs, s->index, s->count, s->lo, s->hi, s->cells);
    fprintf(f, "settings_hash\t%016" PRIx64 "\nengine\t%s\n", s->settings_hash, PARKSIM_VERSION);
}

int ps_shard_put_block(void *file, long block, const ps_moments *moments, int n_cells)
{
    FILE *f = file;
    fprintf(f, "block\t%ld", block);
    for (int c = 0; c < n_cells; c++)
        fprintf(f, "\t%a\t%a\t%a", moments[c].n, moments[c].mean, moments[c].m2);
    fputc('\n', f);
    return ferror(f) ? -1 : 0;
}

/* The counts are mostly empty histogram bins: integers are written as
 * such, other values as hex floats, and a run of k zeros as "0*k". */
int ps_shard_write_counts(FILE *f, const ps_accum *acc, ps_error *err)
{
    size_t n = ps_accum_counts_size(acc);
    double *buf = malloc(n * sizeof *buf);
    if (!buf)
        return ps_error_set(err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory for the shard's counts");
    ps_accum_counts_pack(acc, buf);
    fprintf(f, "counts\t%zu\n", n);
    int on_line = 0;
    for (size_t i = 0; i < n; i++) {
        size_t zeros = 0;
        while (i + zeros < n && buf[i + zeros] == 0 && !signbit(buf[i + zeros]))
            zeros++;
        if (zeros > 1) {
            fprintf(f, "0*%zu", zeros);
            i += zeros - 1;
        } else if (buf[i] == floor(buf[i]) && fabs(buf[i]) < 0x1p53)
            fprintf(f, "%.0f", buf[i]);
        else
            fprintf(f, "%a", buf[i]);
        fputc(++on_line % 16 == 0 || i + 1 == n ? '\n' : '\t', f);
    }
    free(buf);
    return PS_OK;
}

/* ---- reading: lines and numbers ------------------------------------------------- */

typedef struct reader {
    const char *path;
    FILE *f;
    char *line;
    size_t cap;
    int lineno;
    uint64_t sum;    /* checksum of the lines returned so far */
    uint64_t before; /* ... and before the last one */
} reader;

#define SUM_START 14695981039346656037ULL /* FNV-1a 64 offset basis */

/* FNV-1a 64 (Fowler, Noll, Vo; IETF draft-eastlake-fnv) of a line's bytes
 * and a '\n': the checksum depends on every byte and on the order and
 * boundaries of the lines, not on their line ends (\n or \r\n). */
static uint64_t sum_line(uint64_t h, const char *line, size_t len)
{
    for (size_t i = 0; i <= len; i++) {
        h ^= i < len ? (unsigned char)line[i] : (unsigned char)'\n';
        h *= 1099511628211ULL;
    }
    return h;
}

/* Next line that is not a comment or blank, without its newline; NULL at
 * end. Every line returned is added to r->sum. */
static char *next_line(reader *r)
{
    ssize_t len;
    while ((len = getline(&r->line, &r->cap, r->f)) >= 0) {
        r->lineno++;
        while (len > 0 && (r->line[len - 1] == '\n' || r->line[len - 1] == '\r'))
            r->line[--len] = '\0';
        if (len > 0 && r->line[0] != '#') {
            r->before = r->sum;
            r->sum = sum_line(r->sum, r->line, (size_t)len);
            return r->line;
        }
    }
    return NULL;
}

static int bad_line(const reader *r, ps_error *err, const char *what)
{
    return ps_error_set(err, PS_ERR_DATA, r->path, r->lineno, NULL, "%s", what);
}

static bool blank(const char *p)
{
    return p[strspn(p, " \t")] == '\0';
}

/* After a field: the separator (tabs or spaces) before the next one. */
static const char *skip_sep(const char *p)
{
    return p + strspn(p, " \t");
}

/* A whole number in [lo, hi] at p: digits only (no sign, no leading
 * space), no overflow. *end: just past it. */
static bool get_long(const char *p, long lo, long hi, long *out, const char **end)
{
    if (!isdigit((unsigned char)*p))
        return false;
    char *stop;
    errno = 0;
    long v = strtol(p, &stop, 10);
    if (errno == ERANGE || v < lo || v > hi)
        return false;
    *out = v;
    *end = stop;
    return true;
}

static bool get_ulong(const char *p, unsigned long hi, unsigned long *out, const char **end)
{
    if (!isdigit((unsigned char)*p))
        return false;
    char *stop;
    errno = 0;
    unsigned long v = strtoul(p, &stop, 10);
    if (errno == ERANGE || v > hi)
        return false;
    *out = v;
    *end = stop;
    return true;
}

/* A number as strtod reads it (hex floats included); *end past it. */
static bool get_double(const char *p, double *out, const char **end)
{
    char *stop;
    *out = strtod(p, &stop);
    if (stop == p)
        return false;
    *end = stop;
    return true;
}

/* ---- reading: header --------------------------------------------------------------- */

/* Value v of header field k into s; false if malformed or out of range. */
static bool header_value(int k, const char *v, ps_shard *s)
{
    const char *e = v;
    long x, y;
    switch (k) {
    case 0:
        return get_long(v, 0, INT_MAX, &x, &e) && *e == '\0' && x == PS_SHARD_FORMAT;
    case 1:
        return ps_unescape(v, s->scenario, sizeof s->scenario);
    case 2: {
        if (!isxdigit((unsigned char)*v))
            return false;
        char *stop;
        errno = 0;
        unsigned long long h = strtoull(v, &stop, 16);
        s->hash = (uint64_t)h;
        return errno != ERANGE && *stop == '\0';
    }
    case 3:
        return get_ulong(v, ULONG_MAX, &s->seed, &e) && *e == '\0';
    case 4: {
        size_t len = strlen(v);
        if (len == 0 || len >= sizeof s->generator || v[strcspn(v, " \t")] != '\0')
            return false;
        memcpy(s->generator, v, len + 1);
        return true;
    }
    case 5:
        return get_long(v, 0, LONG_MAX, &s->first_run, &e) && *e == '\0';
    case 6:
        return get_long(v, 1, LONG_MAX - s->first_run, &s->runs, &e) && *e == '\0';
    case 7:
        /* index < count is checked with the set (ps_shard_check). */
        if (!get_long(v, 0, INT_MAX, &x, &e) || e == skip_sep(e) ||
            !get_long(skip_sep(e), 1, PS_SHARD_MAX, &y, &e) || *e != '\0')
            return false;
        s->index = (int)x, s->count = (int)y;
        return true;
    case 8:
        if (!get_long(v, 0, LONG_MAX, &s->lo, &e) || e == skip_sep(e) ||
            !get_long(skip_sep(e), s->lo, LONG_MAX, &s->hi, &e) || *e != '\0')
            return false;
        return true;
    case 10: {
        if (!isxdigit((unsigned char)*v))
            return false;
        char *stop;
        errno = 0;
        s->settings_hash = (uint64_t)strtoull(v, &stop, 16);
        return errno != ERANGE && *stop == '\0';
    }
    case 11:
        return snprintf(s->engine, sizeof s->engine, "%s", v) < (int)sizeof s->engine && v[0];
    default:
        /* metrics x years, of a scenario the engine accepts */
        if (!get_long(v, 1, (long)PS_METRIC_COUNT * SHARD_MAX_YEARS, &x, &e) || *e != '\0' ||
            x % PS_METRIC_COUNT != 0)
            return false;
        s->cells = (int)x;
        return true;
    }
}

static int read_header(reader *r, ps_shard *s, ps_error *err)
{
    static const char *const keys[] = {"parksim_shard", "scenario", "scenario_hash", "seed", "generator",
                                       "first_run", "runs", "shard", "range", "cells", "settings_hash",
                                       "engine"};
    for (int k = 0; k < (int)(sizeof keys / sizeof keys[0]); k++) {
        size_t kl = strlen(keys[k]);
        char *line = next_line(r), what[96];
        if (!line || strncmp(line, keys[k], kl) != 0 || line[kl] != '\t') {
            snprintf(what, sizeof what, "expected '%s'", keys[k]);
            return bad_line(r, err, what);
        }
        if (!header_value(k, line + kl + 1, s)) {
            long format;
            const char *e;
            if (k == 0 && get_long(line + kl + 1, 1, PS_SHARD_FORMAT - 1, &format, &e) && *e == '\0')
                snprintf(what, sizeof what,
                         "shard format %ld, written by an older parksim; rerun the shard (this parksim reads "
                         "format %d)", format, PS_SHARD_FORMAT);
            else if (k == 0)
                snprintf(what, sizeof what, "not a shard file this parksim reads (format %d expected)",
                         PS_SHARD_FORMAT);
            else
                snprintf(what, sizeof what, "bad value for '%s'", keys[k]);
            return bad_line(r, err, what);
        }
    }
    if (strcmp(s->engine, PARKSIM_VERSION) != 0) {
        char what[128];
        snprintf(what, sizeof what, "written by parksim %s, this is parksim %s: run every shard with one build",
                 s->engine, PARKSIM_VERSION);
        return bad_line(r, err, what);
    }
    return PS_OK;
}

/* ---- reading: blocks and counts ------------------------------------------------------ */

static int read_block(reader *r, ps_shard *s, const char *line, size_t *cap, ps_error *err)
{
    /* A shard holds one block per chunk of its range: no more lines than that. */
    if (s->n_blocks >= ps_schedule_chunks(s->lo, s->hi - s->lo)) {
        char what[160];
        snprintf(what, sizeof what, "more blocks than runs %ld..%ld fill", s->lo, s->hi - 1);
        return bad_line(r, err, what);
    }
    if ((size_t)s->n_blocks == *cap) {
        size_t n = *cap ? 2 * *cap : 16;
        long *b = realloc(s->block, n * sizeof *b);
        if (b)
            s->block = b;
        ps_moments *m = realloc(s->moments, n * (size_t)s->cells * sizeof *m);
        if (m)
            s->moments = m;
        if (!b || !m)
            return ps_error_set(err, PS_ERR_NOMEM, r->path, r->lineno, NULL, "out of memory");
        *cap = n;
    }
    const char *q;
    long index;
    ps_moments *mo = &s->moments[(size_t)s->n_blocks * (size_t)s->cells];
    bool ok = get_long(line, 0, LONG_MAX, &index, &q);
    for (int c = 0; ok && c < s->cells; c++) {
        double v[3];
        for (int i = 0; ok && i < 3; i++)
            ok = q != skip_sep(q) && get_double(skip_sep(q), &v[i], &q) && isfinite(v[i]);
        /* n counts the block's runs. */
        ok = ok && v[0] >= 0 && v[0] <= (double)PS_ACCUM_BLOCK && v[0] == floor(v[0]);
        mo[c] = (ps_moments){.n = v[0], .mean = v[1], .m2 = v[2]};
    }
    if (!ok || !blank(q))
        return bad_line(r, err, "expected: block INDEX and 3 finite numbers per cell (n a count of runs)");
    s->block[s->n_blocks++] = index;
    return PS_OK;
}

static int read_counts(reader *r, ps_shard *s, const char *text, ps_error *err)
{
    const char *q;
    unsigned long n;
    bool digits = isdigit((unsigned char)*text) && blank(text + strspn(text, "0123456789"));
    if (!digits)
        return bad_line(r, err, "expected: counts N");
    if (!get_ulong(text, ULONG_MAX, &n, &q))
        n = ULONG_MAX; /* too large for the type: refused as too many below */
    if (n == 0)
        return bad_line(r, err, "expected: counts N");
    size_t most = ps_accum_counts_size_max(s->cells / PS_METRIC_COUNT);
    if (n > most) {
        char what[160];
        snprintf(what, sizeof what, "counts: %.40s is more than %d cells hold (at most %zu)", text, s->cells, most);
        return bad_line(r, err, what);
    }
    s->n_counts = n;
    s->counts_line = r->lineno;
    s->counts = malloc(s->n_counts * sizeof *s->counts);
    if (!s->counts)
        return ps_error_set(err, PS_ERR_NOMEM, r->path, r->lineno, NULL, "out of memory");
    size_t got = 0;
    const char *line;
    while (got < s->n_counts && (line = next_line(r)) != NULL) {
        q = skip_sep(line);
        while (got < s->n_counts && *q) {
            double v;
            if (!get_double(q, &v, &q))
                return bad_line(r, err, "expected numbers (counts)");
            unsigned long repeat = 1;
            if (*q == '*') {
                if (v != 0 || !get_ulong(q + 1, s->n_counts - got, &repeat, &q))
                    return bad_line(r, err, "bad run of zeros (counts)");
            }
            while (repeat-- > 0)
                s->counts[got++] = v;
            if (*q && q == skip_sep(q))
                return bad_line(r, err, "expected numbers (counts)");
            q = skip_sep(q);
        }
        if (*q)
            return bad_line(r, err, "more counts than announced");
    }
    if (got < s->n_counts)
        return ps_error_set(err, PS_ERR_DATA, r->path, r->lineno, NULL,
                            "truncated: %zu of %zu counts (the shard did not finish?)", got, s->n_counts);
    return PS_OK;
}

/* A checksum field: 16 hex digits, nothing else. */
static bool get_sum(const char *v, uint64_t *out)
{
    if (strlen(v) != 16 || strspn(v, "0123456789abcdefABCDEF") != 16)
        return false;
    *out = (uint64_t)strtoull(v, NULL, 16);
    return true;
}

/* The data: blocks, counts, runs_checksum, checksum (of every line before
 * it, verified here), end; nothing after 'end' but comments. */
static int read_body(reader *r, ps_shard *s, ps_error *err)
{
    size_t cap = 0;
    bool have_runs_sum = false;
    for (char *line = next_line(r); line; line = next_line(r)) {
        int status = PS_OK;
        uint64_t sum;
        if (strncmp(line, "block\t", 6) == 0 && !have_runs_sum)
            status = read_block(r, s, line + 6, &cap, err);
        else if (strncmp(line, "counts\t", 7) == 0 && !s->counts)
            status = read_counts(r, s, line + 7, err);
        else if (strncmp(line, "runs_checksum\t", 14) == 0 && s->counts && !have_runs_sum) {
            if (!get_sum(line + 14, &s->runs_sum))
                return bad_line(r, err, "bad value for 'runs_checksum' (16 hex digits expected)");
            have_runs_sum = true;
        } else if (strncmp(line, "checksum\t", 9) == 0 && have_runs_sum) {
            if (!get_sum(line + 9, &sum))
                return bad_line(r, err, "bad value for 'checksum' (16 hex digits expected)");
            if (sum != r->before)
                return bad_line(r, err, "checksum: the shard's data do not match its checksum (edited or damaged)");
            line = next_line(r);
            if (!line)
                break;
            if (strcmp(line, "end") != 0)
                return bad_line(r, err, "expected 'end' after 'checksum'");
            if (next_line(r))
                return bad_line(r, err, "data after 'end'");
            return PS_OK;
        } else if (strcmp(line, "end") == 0)
            return bad_line(r, err, !s->counts ? "'end' before 'counts'" : "'end' before 'checksum'");
        else if (!s->counts)
            status = bad_line(r, err, "expected 'block', 'counts' or 'end'");
        else
            status = bad_line(r, err, have_runs_sum ? "expected 'checksum'" : "expected 'runs_checksum'");
        if (status != PS_OK)
            return status;
    }
    return ps_error_set(err, PS_ERR_DATA, r->path, r->lineno, NULL,
                        "truncated: no 'end' line (the shard did not finish?)");
}

void ps_shard_free(ps_shard *s)
{
    if (!s)
        return;
    free(s->block);
    free(s->moments);
    free(s->counts);
    free(s);
}

int ps_shard_read(const char *dir, ps_shard **out, ps_error *err)
{
    *out = NULL;
    ps_shard *s = calloc(1, sizeof *s);
    if (!s)
        return ps_error_set(err, PS_ERR_NOMEM, dir, 0, NULL, "out of memory");
    snprintf(s->dir, sizeof s->dir, "%s", dir);
    size_t len = strlen(s->dir);
    while (len > 1 && s->dir[len - 1] == '/')
        s->dir[--len] = '\0';
    snprintf(s->path, sizeof s->path, "%s/%s", s->dir, PS_SHARD_FILE);
    reader r = {.path = s->path, .f = fopen(s->path, "r"), .sum = SUM_START};
    if (!r.f) {
        int status = ps_error_set(err, errno == ENOENT ? PS_ERR_MISMATCH : PS_ERR_IO, s->dir, 0, NULL,
                                  "not a shard directory: cannot read %s: %s", PS_SHARD_FILE, strerror(errno));
        ps_shard_free(s);
        return status;
    }
    int status = read_header(&r, s, err);
    if (status == PS_OK)
        status = read_body(&r, s, err);
    if (status == PS_OK && ferror(r.f))
        status = ps_error_set(err, PS_ERR_IO, s->path, 0, NULL, "read error");
    free(r.line);
    fclose(r.f);
    if (status != PS_OK)
        ps_shard_free(s);
    else
        *out = s;
    return status;
}

/* ---- checksums ------------------------------------------------------------------- */

int ps_shard_sum_file(const char *path, uint64_t *sum, int *lines, ps_error *err)
{
    reader r = {.path = path, .f = fopen(path, "r"), .sum = SUM_START};
    if (!r.f)
        return ps_error_set(err, PS_ERR_IO, path, 0, NULL, "cannot read: %s", strerror(errno));
    while (next_line(&r))
        ;
    int status = PS_OK;
    if (ferror(r.f))
        status = ps_error_set(err, PS_ERR_IO, path, 0, NULL, "read error: %s", strerror(errno));
    free(r.line);
    fclose(r.f);
    *sum = r.sum;
    if (lines)
        *lines = r.lineno;
    return status;
}

int ps_shard_seal(FILE *partial, const char *partial_path, const char *runs_path, ps_error *err)
{
    uint64_t runs_sum, sum;
    if (fflush(partial) != 0)
        return ps_error_set(err, PS_ERR_IO, partial_path, 0, NULL, "could not write: %s", strerror(errno));
    int status = ps_shard_sum_file(runs_path, &runs_sum, NULL, err);
    if (status != PS_OK)
        return status;
    fprintf(partial, "runs_checksum\t%016" PRIx64 "\n", runs_sum);
    if (fflush(partial) != 0)
        return ps_error_set(err, PS_ERR_IO, partial_path, 0, NULL, "could not write: %s", strerror(errno));
    if ((status = ps_shard_sum_file(partial_path, &sum, NULL, err)) != PS_OK)
        return status;
    fprintf(partial, "checksum\t%016" PRIx64 "\nend\n", sum);
    return PS_OK;
}

int ps_shard_verify_runs(const ps_shard *s, ps_error *err)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/runs.tsv", s->dir);
    uint64_t sum;
    int lines;
    int status = ps_shard_sum_file(path, &sum, &lines, err);
    if (status == PS_OK && sum != s->runs_sum)
        status = ps_error_set(err, PS_ERR_DATA, path, lines, NULL,
                              "checksum: the rows do not match the runs_checksum of %s (edited or damaged)",
                              PS_SHARD_FILE);
    return status;
}

/* ---- checking a set --------------------------------------------------------------- */

static int differs(const ps_shard *s, const ps_shard *ref, const char *what, const char *mine,
                   const char *theirs, ps_error *err)
{
    return ps_error_set(err, PS_ERR_MISMATCH, s->dir, 0, NULL,
                        "%s %s differs from %s %s in %s: shards of different runs cannot be merged", what, mine,
                        what, theirs, ref->dir);
}

static const char *trimmed(char *line)
{
    line[strcspn(line, "\r\n")] = '\0';
    return line + strspn(line, " \t");
}

/* The first line where two shards' scenario.cfg differ, as " (scenario.cfg
 * line N: 'a' here, 'b' there)", into buf ("" if none is found). */
static void scenario_difference(const ps_shard *s, const ps_shard *ref, char *buf, size_t n)
{
    char path[2][1100];
    snprintf(path[0], sizeof path[0], "%s/scenario.cfg", s->dir);
    snprintf(path[1], sizeof path[1], "%s/scenario.cfg", ref->dir);
    FILE *f[2] = {fopen(path[0], "r"), fopen(path[1], "r")};
    char *line[2] = {NULL, NULL};
    size_t cap[2] = {0, 0};
    buf[0] = '\0';
    for (int lineno = 1; f[0] && f[1]; lineno++) {
        ssize_t len[2] = {getline(&line[0], &cap[0], f[0]), getline(&line[1], &cap[1], f[1])};
        if (len[0] < 0 && len[1] < 0)
            break;
        if (len[0] < 0 || len[1] < 0 || strcmp(line[0], line[1]) != 0) {
            snprintf(buf, n, " (scenario.cfg line %d: '%.100s' here, '%.100s' there)", lineno,
                     len[0] < 0 ? "" : trimmed(line[0]), len[1] < 0 ? "" : trimmed(line[1]));
            break;
        }
    }
    for (int i = 0; i < 2; i++) {
        free(line[i]);
        if (f[i])
            fclose(f[i]);
    }
}

/* Same run set as ref (seed, runs, generator, shard count, scenario). */
static int check_same(const ps_shard *s, const ps_shard *ref, ps_error *err)
{
    char a[64], b[64];
    if (s->seed != ref->seed) {
        snprintf(a, sizeof a, "%lu", s->seed), snprintf(b, sizeof b, "%lu", ref->seed);
        return differs(s, ref, "seed", a, b, err);
    }
    if (s->runs != ref->runs) {
        snprintf(a, sizeof a, "%ld", s->runs), snprintf(b, sizeof b, "%ld", ref->runs);
        return differs(s, ref, "runs", a, b, err);
    }
    if (s->first_run != ref->first_run) {
        snprintf(a, sizeof a, "%ld", s->first_run), snprintf(b, sizeof b, "%ld", ref->first_run);
        return differs(s, ref, "first run", a, b, err);
    }
    if (strcmp(s->generator, ref->generator) != 0)
        return differs(s, ref, "generator", s->generator, ref->generator, err);
    if (s->count != ref->count) {
        snprintf(a, sizeof a, "%d", s->count), snprintf(b, sizeof b, "%d", ref->count);
        return differs(s, ref, "number of shards", a, b, err);
    }
    if (strcmp(s->engine, ref->engine) != 0)
        return differs(s, ref, "engine version", s->engine, ref->engine, err);
    /* The output directory is not part of it: shards written to different
     * places (node-local scratch) are one set. */
    if (s->settings_hash != ref->settings_hash || s->cells != ref->cells || s->n_counts != ref->n_counts) {
        char where[300];
        scenario_difference(s, ref, where, sizeof where);
        return ps_error_set(err, PS_ERR_MISMATCH, s->dir, 0, NULL,
                            "scenario differs from that of %s%s: shards of different scenarios or settings cannot "
                            "be merged", ref->dir, where);
    }
    return PS_OK;
}

/* The shard's recorded range and blocks are those its index implies. */
static int check_share(const ps_shard *s, ps_error *err)
{
    long lo = 0, hi = 0;
    if (s->index < s->count)
        ps_schedule_shard(s->first_run, s->runs, s->index, s->count, &lo, &hi);
    if (s->index >= s->count || lo != s->lo || hi != s->hi)
        return ps_error_set(err, PS_ERR_DATA, s->dir, 0, NULL, "%s: range %ld..%ld is not that of shard %d/%d",
                            PS_SHARD_FILE, s->lo, s->hi - 1, s->index, s->count);
    long blocks = ps_schedule_chunks(lo, hi - lo);
    bool ok = s->n_blocks == blocks;
    for (long b = 0; ok && b < blocks; b++)
        ok = s->block[b] == ps_schedule_chunk_block(lo, b);
    if (!ok)
        return ps_error_set(err, PS_ERR_DATA, s->dir, 0, NULL, "%s: blocks do not cover runs %ld..%ld",
                            PS_SHARD_FILE, lo, hi - 1);
    for (long b = 0; b < blocks; b++) {
        long c_lo, c_hi;
        ps_schedule_chunk(lo, hi - lo, b, &c_lo, &c_hi);
        for (int c = 0; c < s->cells; c++)
            if (s->moments[(size_t)b * (size_t)s->cells + (size_t)c].n != (double)(c_hi - c_lo))
                return ps_error_set(err, PS_ERR_DATA, s->dir, 0, NULL, "%s: block %ld holds %.0f runs, not %ld",
                                    PS_SHARD_FILE, s->block[b],
                                    s->moments[(size_t)b * (size_t)s->cells + (size_t)c].n, c_hi - c_lo);
    }
    if (s->counts[0] != (double)(hi - lo))
        return ps_error_set(err, PS_ERR_DATA, s->dir, 0, NULL, "%s: counts cover %.0f runs, not %ld", PS_SHARD_FILE,
                            s->counts[0], hi - lo);
    return PS_OK;
}

/* slot[i]: the shard of index i of a set with the same count (NULL if not
 * given); a second shard of an index is refused. Caller frees *slot_out. */
static int order(ps_shard *const *shards, int n, ps_shard ***slot_out, ps_error *err)
{
    ps_shard **slot = calloc((size_t)shards[0]->count, sizeof *slot);
    *slot_out = slot;
    if (!slot)
        return ps_error_set(err, PS_ERR_NOMEM, NULL, 0, NULL, "out of memory");
    for (int i = 0; i < n; i++) {
        ps_shard *s = shards[i];
        if (slot[s->index])
            return ps_error_set(err, PS_ERR_MISMATCH, s->dir, 0, NULL,
                                "shard %d/%d given twice (also %s): runs %ld..%ld would be counted twice", s->index,
                                s->count, slot[s->index]->dir, s->lo, s->hi - 1);
        slot[s->index] = s;
    }
    return PS_OK;
}

int ps_shard_check(ps_shard *const *shards, int n, ps_error *err)
{
    const ps_shard *ref = shards[0];
    for (int i = 0; i < n; i++) {
        int status = check_same(shards[i], ref, err);
        if (status == PS_OK)
            status = check_share(shards[i], err);
        if (status != PS_OK)
            return status;
    }
    ps_shard **slot;
    int status = order(shards, n, &slot, err);
    for (int i = 0; i < ref->count && status == PS_OK; i++) {
        long lo, hi;
        ps_schedule_shard(ref->first_run, ref->runs, i, ref->count, &lo, &hi);
        if (!slot[i] && hi > lo)
            status = ps_error_set(err, PS_ERR_MISMATCH, NULL, 0, NULL, "shard %d/%d missing: runs %ld..%ld not covered",
                                  i, ref->count, lo, hi - 1);
    }
    free(slot);
    return status;
}

/* ---- merging ------------------------------------------------------------------------ */

int ps_shard_merge(ps_shard *const *shards, int n, ps_accum *acc, ps_error *err)
{
    const ps_shard *ref = shards[0];
    if (ps_accum_cells(acc) != ref->cells || ps_accum_counts_size(acc) != ref->n_counts)
        return ps_error_set(err, PS_ERR_MISMATCH, ref->dir, 0, NULL,
                            "%s does not fit its scenario.cfg (%d cells, %zu counts; expected %d, %zu)",
                            PS_SHARD_FILE, ref->cells, ref->n_counts, ps_accum_cells(acc),
                            ps_accum_counts_size(acc));
    for (int i = 0; i < n; i++) {
        size_t bad;
        const ps_shard *s = shards[i];
        if (!ps_accum_counts_valid(acc, s->counts, &bad))
            return ps_error_set(err, PS_ERR_DATA, s->path, s->counts_line, NULL,
                                "counts: number %zu (%g) cannot be a count of %.0f runs", bad + 1, s->counts[bad],
                                s->counts[0]);
    }
    ps_shard **slot;
    int status = order(shards, n, &slot, err);
    /* Blocks in block order: shards are contiguous and in index order. */
    for (int i = 0; i < ref->count && status == PS_OK; i++) {
        const ps_shard *s = slot[i];
        if (!s)
            continue;
        for (long b = 0; b < s->n_blocks; b++)
            ps_accum_merge_block(acc, &s->moments[(size_t)b * (size_t)s->cells]);
        ps_accum_counts_add(acc, s->counts);
    }
    free(slot);
    if (status == PS_OK && ps_accum_runs(acc) != ref->runs)
        status = ps_error_set(err, PS_ERR_MISMATCH, NULL, 0, NULL, "the shards hold %ld runs, not %ld",
                              ps_accum_runs(acc), ref->runs);
    return status;
}

/* Copy the rows of s->dir/runs.tsv to out, checking they are runs lo..hi-1. */
static int copy_runs(const ps_shard *s, FILE *out, ps_error *err)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/runs.tsv", s->dir);
    reader r = {.path = path, .f = fopen(path, "r")};
    if (!r.f)
        return ps_error_set(err, PS_ERR_IO, path, 0, NULL, "cannot read: %s", strerror(errno));
    int status = PS_OK;
    long expect = s->lo;
    char *line;
    while (status == PS_OK && (line = next_line(&r)) != NULL) {
        const char *end;
        long run;
        if (!get_long(line, 0, LONG_MAX, &run, &end) || *end != '\t' || run != expect)
            status = ps_error_set(err, PS_ERR_DATA, path, r.lineno, NULL, "expected the row of run %ld", expect);
        else {
            fputs(line, out), fputc('\n', out);
            expect++;
        }
    }
    if (status == PS_OK && ferror(r.f))
        status = ps_error_set(err, PS_ERR_IO, path, 0, NULL, "read error");
    if (status == PS_OK && expect != s->hi)
        status = ps_error_set(err, PS_ERR_DATA, path, r.lineno, NULL, "ends at run %ld; runs %ld..%ld expected",
                              expect - 1, s->lo, s->hi - 1);
    free(r.line);
    fclose(r.f);
    return status;
}

int ps_shard_copy_runs(ps_shard *const *shards, int n, FILE *out, ps_error *err)
{
    ps_shard **slot;
    int status = order(shards, n, &slot, err);
    for (int i = 0; i < shards[0]->count && status == PS_OK; i++)
        if (slot[i])
            status = copy_runs(slot[i], out, err);
    free(slot);
    return status;
}
