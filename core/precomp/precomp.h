/* precomp.h: precomputed results read back as datasets (docs/precomputed.md).
 *
 * A warehouse runs the SQL `lodestar sql-export` prints and hands back CSV
 * with the columns of the CLI's own output; loaded, those files are datasets
 * of three kinds, told by their header alone (names compared normalised):
 *   metric_values     period,value            one metric, named by the table's
 *                                             name up to its first '.'
 *                                             ("mrr.clickhouse.csv": mrr)
 *                     metric,period,value     several metrics (long form)
 *                     metric,grain,period,value  the same, grain stated
 *                     period,new,returning,resurrecting,dormant  lifecycle_new
 *                                             .. lifecycle_dormant
 *   retention_matrix  cohort,size,0,1,...     `lodestar retention` (counts)
 *   funnel_steps      step,event,users,from_start,from_previous,
 *                     median_seconds,mean_seconds  `lodestar funnel`
 * Period labels: "YYYY-MM" (month) or "YYYY-MM-DD" (a day, or a week by its
 * Monday), read in the workspace zone. The grain of a metric's labels: month
 * for months; for dates, week when there are two or more, every one a Monday
 * and each 7 days after the one before, else day. Values: numbers, or empty
 * for undefined (NaN).
 *
 * Every reader checks the whole table and fails with LS_EPARSE and a message
 * "FILE:LINE:COLUMN: what" (lines of the file when its source is known, else
 * the row index + 2; columns 1-based): an unknown metric name, a bad period
 * label, a value that is not a number, grains mixed within one metric, a
 * period given twice. Nothing here reads rows of other datasets. */
#ifndef LS_PRECOMP_H
#define LS_PRECOMP_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "base/timeutil.h"
#include "base/tz.h"
#include "catalog/catalog.h"
#include "detect/detect.h"
#include "ingest/source.h"
#include "table/table.h"
#include "workspace/workspace.h"

/* The precomputed kind t's header names (LS_KIND_METRIC_VALUES,
 * LS_KIND_RETENTION_MATRIX, LS_KIND_FUNNEL_STEPS), or LS_KIND_UNKNOWN. Reads
 * column names only; never allocates. */
ls_kind ls_precomp_kind(const ls_table *t);

/* 1 for the three precomputed kinds. */
int ls_precomp_is_kind(ls_kind k);

/* One metric's series: n periods of grain, start[0..n] (start[n] ends the
 * last one: the as-of instant of the series), consecutive, missing periods
 * between the first and the last filled with NaN. */
typedef struct {
  const char *metric; /* the catalog's name (static) */
  ls_grain grain;
  size_t n;
  int64_t *start;
  double *value;
} ls_precomp_series;

typedef struct {
  size_t n;
  ls_precomp_series *series; /* in the order their metrics first appear */
} ls_precomp_values;

/* Read a metric_values table (kind by ls_precomp_kind) in zone tz into *out
 * (ls_precomp_values_free). src may be NULL (line numbers are then row + 2).
 * LS_EPARSE with the message in err (errlen bytes; err may be NULL when
 * errlen is 0); LS_ENOMEM. */
ls_status ls_precomp_values_read(const ls_table *t, const ls_source *src, ls_tz tz, ls_precomp_values **out,
                                 char *err, size_t errlen);
/* ls_precomp_values_free(NULL) is a no-op. */
void ls_precomp_values_free(ls_precomp_values *v);

/* The whole of t checked as its precomputed kind k would be read (the
 * matrices included); LS_OK for other kinds. Errors as the readers'. */
ls_status ls_precomp_check(const ls_table *t, ls_kind k, const ls_source *src, ls_tz tz, char *err,
                           size_t errlen);

/* ---- the workspace's precomputed metrics (precomp_ws.c) ---- */

/* The series of metric name at grain g among ws's metric_values datasets
 * (the first dataset holding it at g wins). g 0: dflt when it is loaded at
 * dflt, else its first grain loaded (day, week, month). *out is borrowed from
 * the workspace's cache (valid until the next call that may build one), NULL
 * when the metric is not loaded at that grain; *grains gets the LS_GRAIN_*
 * bits it is loaded at (0: not loaded). Errors of a reader, the message on
 * ws. */
ls_status ls_precomp_lookup(ls_workspace *ws, const char *name, ls_grain g, ls_grain dflt,
                            const ls_precomp_series **out, unsigned *grains);

/* The span of ws's precomputed datasets (metric values and retention
 * matrices): *first the start of the earliest period, *asof the start of the
 * period after the latest. 0 (nothing set) when none holds a period or one
 * cannot be read. */
int ls_precomp_extent(const ls_workspace *ws, int64_t *first, int64_t *asof);

/* The lifecycle read back, in place of ls_lifecycle: when ws has no events
 * dataset and lifecycle_new is loaded precomputed, *s gets its series over
 * q's periods and *v (ls_malloc'd) the four states as ls_lifecycle fills
 * them (metrics/lifecycle.h), from the catalog's lifecycle_* series, and
 * *used 1; else *used 0 and nothing is done. LS_EINVAL when the four do not
 * cover the same periods; errors of ls_metric_run. */
ls_status ls_precomp_lifecycle(ls_workspace *ws, const ls_query *q, ls_series **s, double **v, int *used);

/* ---- helpers the readers share (precomp_cells.c) ---- */

/* "FILE:LINE:COLUMN: " for row r (0-based data row) and column c (0-based)
 * of t, then fmt, into err; returns LS_EPARSE. */
ls_status ls_precomp_fail(const ls_table *t, const ls_source *src, size_t r, size_t c, char *err, size_t errlen,
                          const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;
/* The line of the file data row r starts on: src's row map, else r + 2 (the
 * header on line 1, rows following on). */
uint64_t ls_precomp_line(const ls_source *src, size_t r);
/* The number in cell (r, c) into *v (NaN for an empty cell); 0 when the cell
 * holds text that is not a number. */
int ls_precomp_number(const ls_column *c, size_t r, double *v);
/* The period label in cell (r, c): its start in zone tz into *start and its
 * kind into *grain (LS_GRAIN_MONTH for "YYYY-MM", LS_GRAIN_DAY for a date);
 * 0 when the cell is empty or no label. */
int ls_precomp_period(const ls_column *c, size_t r, ls_tz tz, int64_t *start, ls_grain *grain);

/* The grain of labels whose starts, ascending, are start[0..n) (stride
 * bytes apart) and whose kind is label: month for months; for dates, week when
 * n >= 2 and each is a Monday 7 days after the one before, else day. */
ls_grain ls_precomp_grain(const int64_t *start, size_t n, size_t stride, ls_grain label, ls_tz tz);

#endif
