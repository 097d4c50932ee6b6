/* output.h — result files: TSV with '#' provenance, written atomically.
 *
 * Every file of a run is written to a temporary name in the output
 * directory and renamed into place only when all of them are complete, so
 * an error or an interrupt never leaves a half-written file behind. Numbers
 * use '.' (the program never changes the C locale) and the shortest form
 * that reads back to the same double.
 */
#ifndef PARKSIM_OUTPUT_H
#define PARKSIM_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "parksim/accum.h"
#include "parksim/error.h"
#include "parksim/model.h"

typedef struct ps_provenance {
    const char *command;   /* "run", "compare", ... */
    const char *scenario;  /* path as given */
    unsigned long long hash;
    unsigned long seed;
    long first_run, runs;  /* runs asked for */
    long runs_done;        /* < runs if interrupted */
    const char *generator;
    int threads, ranks;
    const char *shard;     /* "I/N" or NULL */
    const ps_scenario *sc; /* if set: base year, horizon and targets are listed too */
    const char *note;      /* if set: one more "# " line (e.g. until_se: how the run count was chosen) */
    bool plain_header;     /* tables: repeat the column names as the first line without '#'
                              (spreadsheets, gnuplot columnheader) */
} ps_provenance;

#define PS_OUT_MAX_FILES 16

/* A set of output files committed together. */
typedef struct ps_outset {
    char dir[512];
    int n;
    char final_path[PS_OUT_MAX_FILES][1024];
    char temp_path[PS_OUT_MAX_FILES][1024];
    FILE *file[PS_OUT_MAX_FILES];
    int errnum[PS_OUT_MAX_FILES]; /* errno of the first failed write, 0 if none */
} ps_outset;

/* Create dir (and parents) if needed. */
int ps_out_mkdir(const char *dir, ps_error *err);

void ps_outset_init(ps_outset *s, const char *dir);
/* Open dir/name under a temporary name; returns the stream or NULL. */
FILE *ps_outset_open(ps_outset *s, const char *name, ps_error *err);
/* Close every file, check for write errors (the message names the file
 * and the system's reason), rename all into place; on any failure nothing
 * in the directory changes (see output.c for what a reader can see). */
int ps_outset_commit(ps_outset *s, ps_error *err);
/* Remember errno as the reason a write to f (one of s's files) failed. */
void ps_outset_note_error(ps_outset *s, FILE *f);
/* The final path of f, one of s's files (s->dir if it is none). */
const char *ps_outset_name_of(const ps_outset *s, const FILE *f);
/* A scratch file in dir, already unlinked (it vanishes when closed or
 * when the process dies), open for writing and reading back. */
FILE *ps_out_scratch(const char *dir, ps_error *err);
/* Copy all of src (from its start) to the end of dst. 0 or -1. */
int ps_out_append(FILE *dst, FILE *src);
/* Close and delete every temporary. */
void ps_outset_abort(ps_outset *s);

/* Shortest "%.*g" text that reads back to x. buf needs 32 bytes. */
const char *ps_fmt_double(char *buf, double x);
void ps_put_double(FILE *f, double x);

void ps_write_provenance(FILE *f, const ps_provenance *p);

/* text with '\\' as "\\\\" and control characters escaped ("\\n", "\\t",
 * "\\r", "\\xHH"): a file name inside one TSV field on one line. */
void ps_put_escaped(FILE *f, const char *text);
/* A target's metric as result files name it: "national_zones", or
 * "national_zones@Guangdong" for a target by province. */
void ps_put_target_metric(FILE *f, const ps_target *tg);
/* The inverse into out (n bytes); false if malformed or too long. */
bool ps_unescape(const char *in, char *out, size_t n);

/* summary.tsv, targets.tsv, target_years.tsv and first_year.tsv of a, each
 * opened in s and headed by p (with p->plain_header, the last '#' line, the
 * column names, is repeated without '# ' after the '#' lines). Returns a
 * ps_status. */
int ps_write_result_tables(ps_outset *s, const ps_provenance *p, const ps_model *m, const ps_accum *a,
                           ps_error *err);

void ps_write_summary(FILE *f, const ps_model *m, const ps_accum *a);
void ps_write_targets(FILE *f, const ps_model *m, const ps_accum *a);
void ps_write_target_years(FILE *f, const ps_model *m, const ps_accum *a);
void ps_write_first_year(FILE *f, const ps_model *m, const ps_accum *a);
void ps_write_runs_header(FILE *f, const ps_model *m);
/* A run's runs.tsv row: written from r->row when ps_format_run_row made it
 * for this run (the bytes are the same either way), else formatted here. */
void ps_write_run_row(FILE *f, const ps_model *m, const ps_run_result *r);
/* Format r's runs.tsv row into r->row (grown as needed): for the thread
 * that ran r, so that formatting, the costly part of writing runs.tsv, is
 * spread over threads. Returns 0, or -1 out of memory (r->row is then left
 * invalid and ps_write_run_row formats the row itself). */
int ps_format_run_row(const ps_model *m, ps_run_result *r);

#endif
