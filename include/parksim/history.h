/* history.h — published figures to score projections against (`parksim
 * hindcast --history FILE`).
 *
 * Two formats, told apart by the header:
 *   wide: the history file (scenarios/data/history-2009-2015.tsv): a header
 *     line, possibly a '#' comment, whose first field is "year", then one
 *     row per year, tab-separated, empty = not published. Columns map to
 *     metrics by the table in history.c (national_zones -> national_zones,
 *     new_approvals -> upgrades, revenue_yi -> revenue, gdp_yi -> gdp,
 *     zones_revenue_over_1000yi -> zones_revenue_over_1000,
 *     enterprise_rd_yi -> rd_expenditure; a column named as a parksim
 *     metric maps to it; source is text and ignored). Any other column is
 *     an error.
 *   long: lines "metric year value" (tabs or spaces; metric a parksim
 *     metric name), '#' comments, an optional "metric year value" header.
 * Errors name file and line: "FILE:LINE: column: message" (PS_ERR_DATA).
 */
#ifndef PARKSIM_HISTORY_H
#define PARKSIM_HISTORY_H

#include "parksim/error.h"
#include "parksim/metrics.h"

typedef struct ps_history_point {
    ps_metric metric;
    int year;
    double value;
    int line;              /* line of FILE it was read from */
    const char *column;    /* the file's column name (wide) or metric name (long); static */
} ps_history_point;

typedef struct ps_history {
    ps_history_point *points; /* in file order */
    int n;
    int wide;                 /* 1: wide format */
} ps_history;

/* Read path into *h. Returns PS_OK or fills err (nothing to free then). */
ps_status ps_history_load(const char *path, ps_history *h, ps_error *err);
void ps_history_free(ps_history *h); /* NULL or zeroed: no-op */

/* The figures of h published in the years (after, last], ordered by metric
 * then year, as pointers into h: pts has room for h->n. Returns how many. */
int ps_history_window(const ps_history *h, int after, int last, const ps_history_point **pts);

/* The wide format's column -> metric table, for documentation: column i
 * (0 <= i < ps_history_n_columns()) is *name and maps to *metric (-1:
 * ignored text). */
int ps_history_n_columns(void);
void ps_history_column(int i, const char **name, int *metric);

#endif
