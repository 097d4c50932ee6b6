/* output.c — TSV writers and atomic commit of a set of output files. */
#include "parksim/output.h"

#include "parksim/numfmt.h"
#include "parksim/province.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int ps_out_mkdir(const char *dir, ps_error *err)
{
    char path[1024];
    snprintf(path, sizeof path, "%s", dir);
    for (char *p = path + 1; ; p++) {
        if (*p == '/' || *p == '\0') {
            char saved = *p;
            *p = '\0';
            if (mkdir(path, 0777) != 0 && errno != EEXIST)
                return ps_error_set(err, PS_ERR_IO, dir, 0, NULL, "cannot create directory %s: %s", path,
                                    strerror(errno));
            *p = saved;
            if (saved == '\0')
                break;
        }
    }
    return PS_OK;
}

void ps_outset_init(ps_outset *s, const char *dir)
{
    memset(s, 0, sizeof *s);
    snprintf(s->dir, sizeof s->dir, "%s", dir);
}

FILE *ps_outset_open(ps_outset *s, const char *name, ps_error *err)
{
    if (s->n == PS_OUT_MAX_FILES) {
        ps_error_set(err, PS_ERR_IO, s->dir, 0, NULL, "too many output files");
        return NULL;
    }
    int i = s->n;
    char dir[sizeof s->dir];
    memcpy(dir, s->dir, sizeof dir);
    snprintf(s->final_path[i], sizeof s->final_path[i], "%s/%s", dir, name);
    snprintf(s->temp_path[i], sizeof s->temp_path[i], "%s/.%s.tmp.%ld", dir, name, (long)getpid());
    s->file[i] = fopen(s->temp_path[i], "w");
    if (!s->file[i]) {
        ps_error_set(err, PS_ERR_IO, s->final_path[i], 0, NULL, "cannot write: %s", strerror(errno));
        return NULL;
    }
    s->errnum[i] = 0;
    s->n++;
    return s->file[i];
}

/* Where the file a commit replaces is kept until the commit is done. */
static void backup_path(const ps_outset *s, int i, char *buf, size_t n)
{
    snprintf(buf, n, "%s.old", s->temp_path[i]);
}

/* Two phases. First every file is closed and checked, and nothing in the
 * directory has changed. Then each file replaces its final name by
 * rename(2), the file it replaces kept as a hard link until all are in
 * place; if a rename fails, the ones already done are rolled back (the old
 * files restored, new names removed), so the directory holds either the
 * old set or the new one. A reader looking during the renames (a few
 * system calls) can see some files new and some old: the scenario_hash and
 * date in each header tell them apart. */
int ps_outset_commit(ps_outset *s, ps_error *err)
{
    int status = PS_OK;
    for (int i = 0; i < s->n; i++) {
        FILE *f = s->file[i];
        s->file[i] = NULL;
        int errnum = s->errnum[i];
        bool bad = ferror(f) != 0;
        if (bad && !errnum)
            errnum = errno;
        if (fclose(f) != 0 && !bad) {
            bad = true;
            errnum = errno;
        }
        if (bad && status == PS_OK)
            status = ps_error_set(err, PS_ERR_IO, s->final_path[i], 0, NULL, "write failed: %s",
                                  strerror(errnum ? errnum : EIO));
    }
    struct stat st;
    for (int i = 0; i < s->n && status == PS_OK; i++)
        if (lstat(s->final_path[i], &st) == 0 && S_ISDIR(st.st_mode))
            status = ps_error_set(err, PS_ERR_IO, s->final_path[i], 0, NULL, "cannot replace: %s", strerror(EISDIR));
    if (status != PS_OK) {
        ps_outset_abort(s);
        return status;
    }
    char backup[PS_OUT_MAX_FILES][1100];
    bool had_old[PS_OUT_MAX_FILES] = {false};
    int done = 0;
    for (; done < s->n; done++) {
        int i = done;
        backup_path(s, i, backup[i], sizeof backup[i]);
        had_old[i] = link(s->final_path[i], backup[i]) == 0;
        if (!had_old[i] && errno != ENOENT) {
            status = ps_error_set(err, PS_ERR_IO, s->final_path[i], 0, NULL, "cannot replace: %s", strerror(errno));
            break;
        }
        if (rename(s->temp_path[i], s->final_path[i]) != 0) {
            status = ps_error_set(err, PS_ERR_IO, s->final_path[i], 0, NULL, "cannot rename: %s", strerror(errno));
            if (had_old[i])
                remove(backup[i]);
            break;
        }
    }
    if (status != PS_OK) {
        for (int i = 0; i < done; i++) {
            if (had_old[i])
                rename(backup[i], s->final_path[i]);
            else
                remove(s->final_path[i]);
        }
        for (int i = done; i < s->n; i++)
            remove(s->temp_path[i]);
    } else {
        for (int i = 0; i < s->n; i++)
            if (had_old[i])
                remove(backup[i]);
    }
    s->n = 0;
    return status;
}

void ps_outset_note_error(ps_outset *s, FILE *f)
{
    int errnum = errno;
    for (int i = 0; i < s->n; i++)
        if (s->file[i] == f && !s->errnum[i])
            s->errnum[i] = errnum ? errnum : EIO;
}

const char *ps_outset_name_of(const ps_outset *s, const FILE *f)
{
    for (int i = 0; i < s->n; i++)
        if (s->file[i] == f)
            return s->final_path[i];
    return s->dir;
}

FILE *ps_out_scratch(const char *dir, ps_error *err)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/.scratch.tmp.%ld", dir, (long)getpid());
    FILE *f = fopen(path, "w+");
    if (!f) {
        ps_error_set(err, PS_ERR_IO, dir, 0, NULL, "cannot write a scratch file: %s", strerror(errno));
        return NULL;
    }
    remove(path); /* anonymous from now on: nothing is left even if the process is killed */
    return f;
}

int ps_out_append(FILE *dst, FILE *src)
{
    char buf[1 << 16];
    size_t n;
    if (fflush(src) != 0 || fseek(src, 0, SEEK_SET) != 0)
        return -1;
    while ((n = fread(buf, 1, sizeof buf, src)) > 0)
        if (fwrite(buf, 1, n, dst) != n)
            return -1;
    return ferror(src) || ferror(dst) ? -1 : 0;
}

void ps_outset_abort(ps_outset *s)
{
    for (int i = 0; i < s->n; i++) {
        if (s->file[i])
            fclose(s->file[i]);
        s->file[i] = NULL;
        remove(s->temp_path[i]);
    }
    s->n = 0;
}

/* The text of 0.3.0's loop (shortest of %.15g, %.16g, %.17g that strtod
 * reads back), computed without it: numfmt.h. */
const char *ps_fmt_double(char *buf, double x)
{
    return ps_numfmt_g(buf, x);
}

void ps_put_double(FILE *f, double x)
{
    char buf[32];
    fputs(ps_fmt_double(buf, x), f);
}

void ps_put_target_metric(FILE *f, const ps_target *tg)
{
    fputs(ps_metric_get(tg->metric)->name, f);
    if (tg->province[0]) /* a target by province: national_zones@Guangdong */
        fputc('@', f), ps_put_escaped(f, tg->province);
}

void ps_put_escaped(FILE *f, const char *text)
{
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        if (*c == '\\')
            fputs("\\\\", f);
        else if (*c == '\n')
            fputs("\\n", f);
        else if (*c == '\t')
            fputs("\\t", f);
        else if (*c == '\r')
            fputs("\\r", f);
        else if (*c < 0x20 || *c == 0x7f)
            fprintf(f, "\\x%02x", *c);
        else
            fputc(*c, f);
    }
}

bool ps_unescape(const char *in, char *out, size_t n)
{
    size_t k = 0;
    for (const char *c = in; *c; c++) {
        char x = *c;
        if (x == '\\') {
            c++;
            if (*c == '\\')
                x = '\\';
            else if (*c == 'n')
                x = '\n';
            else if (*c == 't')
                x = '\t';
            else if (*c == 'r')
                x = '\r';
            else if (*c == 'x' && isxdigit((unsigned char)c[1]) && isxdigit((unsigned char)c[2])) {
                char hex[3] = {c[1], c[2], '\0'};
                x = (char)strtol(hex, NULL, 16);
                c += 2;
                if (x == '\0')
                    return false;
            } else
                return false;
        }
        if (k + 1 >= n)
            return false;
        out[k++] = x;
    }
    out[k] = '\0';
    return true;
}

void ps_write_provenance(FILE *f, const ps_provenance *p)
{
    char date[32];
    time_t now = time(NULL);
    struct tm tm;
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
    fprintf(f, "# parksim %s (%s)\n", PARKSIM_VERSION, p->command);
    fputs("# scenario: ", f); /* control characters escaped: one line, no stray tab */
    ps_put_escaped(f, p->scenario);
    fputc('\n', f);
    fprintf(f, "# scenario_hash: %016llx\n", p->hash);
    fprintf(f, "# seed: %lu\n", p->seed);
    fprintf(f, "# runs: %ld (first run %ld)\n", p->runs, p->first_run);
    if (p->runs_done < p->runs)
        fprintf(f, "# INTERRUPTED: only runs %ld..%ld of %ld were completed; the figures below cover them\n",
                p->first_run, p->first_run + p->runs_done - 1, p->runs);
    fprintf(f, "# generator: %s\n", p->generator);
    fprintf(f, "# threads: %d\n", p->threads);
    if (p->ranks > 1)
        fprintf(f, "# mpi_ranks: %d\n", p->ranks);
    if (p->shard)
        fprintf(f, "# shard: %s\n", p->shard);
    if (p->note)
        fprintf(f, "# %s\n", p->note);
    fprintf(f, "# date: %s\n", date);
    if (p->sc) {
        fprintf(f, "# base_year: %d\n# horizon: %d\n", p->sc->run.base_year, p->sc->run.horizon);
        for (int t = 0; t < p->sc->n_targets; t++) {
            const ps_target *tg = &p->sc->targets[t];
            fprintf(f, "# target: %s\t", tg->name);
            ps_put_target_metric(f, tg);
            fprintf(f, "\t%s\t", ps_cmp_name(tg->op));
            ps_put_double(f, tg->threshold);
            fprintf(f, "\t%d\n", tg->year);
        }
    }
}

static void write_zones(FILE *f, const ps_model *m, const ps_accum *a) { ps_write_zones(f, m, ps_accum_zones(a)); }
static void write_provinces(FILE *f, const ps_model *m, const ps_accum *a)
{
    ps_province_write(f, m, ps_accum_provinces(a));
}

int ps_write_result_tables(ps_outset *s, const ps_provenance *p, const ps_model *m, const ps_accum *a,
                           ps_error *err)
{
    static const struct {
        const char *name;
        void (*write)(FILE *, const ps_model *, const ps_accum *);
    } tables[] = {{"summary.tsv", ps_write_summary}, {"targets.tsv", ps_write_targets},
                  {"target_years.tsv", ps_write_target_years}, {"first_year.tsv", ps_write_first_year},
                  {"zones.tsv", write_zones},
                  {"provinces.tsv", write_provinces}};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        FILE *f = ps_outset_open(s, tables[i].name, err);
        if (!f)
            return err->code;
        ps_write_provenance(f, p);
        if (!p->plain_header) {
            tables[i].write(f, m, a);
            continue;
        }
        /* The table in memory, then its '#' lines, the column names plain, the rest. */
        char *text = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&text, &len);
        if (!mem)
            return ps_error_set(err, PS_ERR_NOMEM, s->dir, 0, NULL, "out of memory for %s", tables[i].name);
        tables[i].write(mem, m, a);
        if (fclose(mem) != 0) {
            free(text);
            return ps_error_set(err, PS_ERR_NOMEM, s->dir, 0, NULL, "out of memory for %s", tables[i].name);
        }
        size_t body = 0, last = 0; /* end of the '#' lines; start of the last one */
        while (body < len && text[body] == '#') {
            last = body;
            const char *nl = memchr(text + body, '\n', len - body);
            body = nl ? (size_t)(nl - text) + 1 : len;
        }
        fwrite(text, 1, body, f);
        size_t skip = last + 1 < body && text[last + 1] == ' ' ? 2 : 1;
        fwrite(text + last + skip, 1, body - last - skip, f);
        fwrite(text + body, 1, len - body, f);
        free(text);
    }
    return PS_OK;
}

void ps_write_summary(FILE *f, const ps_model *m, const ps_accum *a)
{
    static const double q[5] = {0.05, 0.25, 0.50, 0.75, 0.95};
    const ps_scenario *sc = ps_model_scenario(m);
    int ny = ps_model_years(m);
    fputs("# blocks: one per metric, separated by two blank lines (gnuplot index):", f);
    for (int k = 0; k < PS_METRIC_COUNT; k++)
        fprintf(f, " %d=%s", k, ps_metric_get((ps_metric)k)->name);
    fputs("\n# quantiles are read from fixed-bin histograms (see engine/MODEL.md, Outputs)\n", f);
    fputs("# metric\tyear\tmean\tsd\tse\tp05\tp25\tp50\tp75\tp95\n", f);
    for (int k = 0; k < PS_METRIC_COUNT; k++) {
        if (k > 0)
            fputs("\n\n", f);
        for (int y = 0; y < ny; y++) {
            double mean, sd, se;
            ps_accum_moments(a, (ps_metric)k, y, &mean, &sd, &se);
            fprintf(f, "%s\t%d\t", ps_metric_get((ps_metric)k)->name, sc->run.base_year + y);
            ps_put_double(f, mean), fputc('\t', f);
            ps_put_double(f, sd), fputc('\t', f);
            ps_put_double(f, se);
            for (int j = 0; j < 5; j++)
                fputc('\t', f), ps_put_double(f, ps_accum_quantile(a, (ps_metric)k, y, q[j]));
            fputc('\n', f);
        }
    }
}

static void put_probability(FILE *f, unsigned long k, unsigned long n)
{
    double lo, hi;
    ps_wilson(k, n, &lo, &hi);
    fprintf(f, "%lu\t%lu\t", n, k);
    ps_put_double(f, n ? (double)k / (double)n : 0), fputc('\t', f);
    ps_put_double(f, lo), fputc('\t', f);
    ps_put_double(f, hi), fputc('\n', f);
}

void ps_write_targets(FILE *f, const ps_model *m, const ps_accum *a)
{
    const ps_scenario *sc = ps_model_scenario(m);
    unsigned long n = (unsigned long)ps_accum_runs(a);
    fputs("# p: share of runs meeting the target in its year; ci: 95 % Wilson interval\n", f);
    fputs("# target\tmetric\top\tthreshold\tyear\truns\tmet\tp\tci_low\tci_high\n", f);
    for (int t = 0; t < sc->n_targets; t++) {
        const ps_target *tg = &sc->targets[t];
        fprintf(f, "%s\t", tg->name);
        ps_put_target_metric(f, tg);
        fprintf(f, "\t%s\t", ps_cmp_name(tg->op));
        ps_put_double(f, tg->threshold);
        fprintf(f, "\t%d\t", tg->year);
        put_probability(f, ps_accum_met(a, t), n);
    }
    fprintf(f, "all\t-\t-\t-\t%d\t", sc->run.horizon);
    put_probability(f, ps_accum_met(a, sc->n_targets), n);
}

void ps_write_target_years(FILE *f, const ps_model *m, const ps_accum *a)
{
    const ps_scenario *sc = ps_model_scenario(m);
    int ny = ps_model_years(m);
    unsigned long n = (unsigned long)ps_accum_runs(a);
    fputs("# p_holds: share of runs where the target's condition holds that year (95 % Wilson interval);\n"
          "# p_met_by: share where it held in some year after the base year up to that year\n", f);
    fputs("# target\tyear\tp_holds\tci_low\tci_high\tp_met_by\n", f);
    for (int t = 0; t < sc->n_targets; t++) {
        if (t > 0)
            fputs("\n\n", f);
        for (int y = 1; y < ny; y++) {
            unsigned long k = ps_accum_holds(a, t, y);
            double lo, hi;
            ps_wilson(k, n, &lo, &hi);
            fprintf(f, "%s\t%d\t", sc->targets[t].name, sc->run.base_year + y);
            ps_put_double(f, n ? (double)k / (double)n : 0), fputc('\t', f);
            ps_put_double(f, lo), fputc('\t', f);
            ps_put_double(f, hi), fputc('\t', f);
            ps_put_double(f, n ? (double)ps_accum_met_by(a, t, y) / (double)n : 0), fputc('\n', f);
        }
    }
}

void ps_write_first_year(FILE *f, const ps_model *m, const ps_accum *a)
{
    const ps_scenario *sc = ps_model_scenario(m);
    int ny = ps_model_years(m);
    unsigned long n = (unsigned long)ps_accum_runs(a);
    fputs("# first year after the base year in which each target's condition holds; never = not by the horizon\n", f);
    fputs("# target\tfirst_year\truns\tshare\n", f);
    for (int t = 0; t < sc->n_targets; t++) {
        for (int y = 1; y <= ny; y++) {
            int yi = y < ny ? y : 0;
            unsigned long k = ps_accum_first(a, t, yi);
            if (yi)
                fprintf(f, "%s\t%d\t%lu\t", sc->targets[t].name, sc->run.base_year + y, k);
            else
                fprintf(f, "%s\tnever\t%lu\t", sc->targets[t].name, k);
            ps_put_double(f, n ? (double)k / (double)n : 0), fputc('\n', f);
        }
    }
}

void ps_write_runs_header(FILE *f, const ps_model *m)
{
    const ps_scenario *sc = ps_model_scenario(m);
    fprintf(f, "# one row per run: value of every metric in %d, then 1 if the target was met in its year%s\n",
            sc->run.horizon, sc->unc.n ? ", then the value each uncertain setting drew" : "");
    fputs("# run", f);
    for (int k = 0; k < PS_METRIC_COUNT; k++)
        fprintf(f, "\t%s", ps_metric_get((ps_metric)k)->name);
    for (int t = 0; t < sc->n_targets; t++)
        fprintf(f, "\tmet_%s", sc->targets[t].name);
    for (int i = 0; i < sc->unc.n; i++) /* uncertain settings: the value each run drew */
        fprintf(f, "\t%s", sc->unc.settings[i].path);
    fputc('\n', f);
}

/* Longest row: the run number, every metric and setting at their longest
 * (ps_fmt_double fills at most 31 characters), each target's 0/1, tabs,
 * newline, NUL; RUN_ROW_MAX for any model. */
#define RUN_ROW_MAX (24 + (PS_METRIC_COUNT + PS_UNC_MAX) * 33 + PS_MAX_TARGETS * 5 + 2)
static size_t run_row_max(const ps_model *m)
{
    const ps_scenario *sc = ps_model_scenario(m);
    return 24 + (size_t)(PS_METRIC_COUNT + sc->unc.n) * 33 + (size_t)sc->n_targets * 5 + 2;
}

/* The row of r into buf (run_row_max(m) bytes): its length. */
static size_t format_run_row(char *buf, const ps_model *m, const ps_run_result *r)
{
    int ny = ps_model_years(m);
    char num[32];
    size_t n = (size_t)snprintf(buf, 24, "%ld", r->run);
    for (int k = 0; k < PS_METRIC_COUNT + r->n_params; k++) {
        const char *text = ps_fmt_double(num, k < PS_METRIC_COUNT ? r->values[k * ny + ny - 1]
                                                                   : r->params[k - PS_METRIC_COUNT]);
        size_t len = strlen(text);
        buf[n++] = '\t';
        memcpy(buf + n, text, len);
        n += len;
        if (k == PS_METRIC_COUNT - 1) /* the targets come between metrics and settings */
            for (int t = 0; t < r->n_targets; t++)
                n += (size_t)snprintf(buf + n, 6, "\t%d", r->met[t]);
    }
    buf[n++] = '\n';
    buf[n] = '\0';
    return n;
}

int ps_format_run_row(const ps_model *m, ps_run_result *r)
{
    size_t need = run_row_max(m);
    r->row_run = -1;
    if (r->row_cap < need) {
        char *row = realloc(r->row, need);
        if (!row)
            return -1;
        r->row = row, r->row_cap = need;
    }
    r->row_len = format_run_row(r->row, m, r);
    r->row_run = r->run;
    return 0;
}

void ps_write_run_row(FILE *f, const ps_model *m, const ps_run_result *r)
{
    if (r->row && r->row_run == r->run) {
        fwrite(r->row, 1, r->row_len, f); /* the caller checks ferror(f) */
        return;
    }
    char buf[RUN_ROW_MAX];
    fwrite(buf, 1, format_run_row(buf, m, r), f);
}
