/* samples.h — a samples file: a TSV of joint draws of uncertain settings
 * (engine/MODEL.md, "Samples files"), e.g. the posterior `parksim
 * calibrate` writes.
 *
 *   # any number of comment lines (provenance)
 *   growth.mu<TAB>shocks.zone_sigma
 *   0.0912<TAB>0.1031
 *   ...
 *
 * The first line that is not a comment names the columns (setting paths);
 * every later non-empty, non-comment line is one draw with one number per
 * column. The reader checks the shape only (names are words, no column
 * twice, rows as wide as the header, every field a finite number, at least
 * one row); what the names mean is the scenario loader's business.
 * Everything here is reentrant; a ps_samples is owned by its caller.
 */
#ifndef PARKSIM_SAMPLES_H
#define PARKSIM_SAMPLES_H

#include <stddef.h>

#include "parksim/error.h"
#include "parksim/uncertain.h"

typedef struct ps_samples {
    int n_cols;
    long n_rows;
    char (*names)[PS_UNC_PATH]; /* n_cols names */
    int header_line;            /* 1-based line of the header */
    int *row_line;              /* 1-based line of each row */
    double *values;             /* row-major: values[r * n_cols + c] */
} ps_samples;

/* Read path into *out (zeroed first). Errors: PS_ERR_IO (cannot read),
 * PS_ERR_DATA with err->file = display (path if NULL), err->line, and
 * err->where the column's name where there is one. On error *out is empty. */
int ps_samples_read(const char *path, const char *display, ps_samples *out, ps_error *err);

/* Column named name, or -1. */
int ps_samples_column(const ps_samples *s, const char *name);

/* Median of column c (the mean of the two middle values for an even count);
 * NaN if out of memory. */
double ps_samples_median(const ps_samples *s, int c);

/* Release; s may be NULL or empty. */
void ps_samples_free(ps_samples *s);

#endif
