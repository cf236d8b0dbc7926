/* retention.h: the retention matrix of an events dataset, as docs/metrics.md
 * "Retention" describes it.
 *
 * Periods (day, ISO week or month in the workspace zone) are laid out as the
 * catalog lays them out: the complete periods from the one holding the first
 * event of the dataset (whatever the scope) to the last one ending by the
 * as-of instant. Their end E (the end of the last complete period) ends the
 * observation: events at or after E are not read.
 *
 * A user's start events are their events named start_event (NULL: any
 * event), their return events those named return_event (NULL: any event).
 *   first_time  the user is in one cohort: the period of their first start
 *               event; the anchor is that event's instant;
 *   recurring   the user is in the cohort of every period holding one of
 *               their start events; each such membership is anchored at the
 *               first start event in that period.
 * The bucket k of a return event of a membership in cohort period i:
 *   calendar    k = j - i, j the period holding the event;
 *   rolling_24h k = floor((t - anchor) / L), L = 24 h for days, 7 x 24 h for
 *               weeks, 30 x 24 h for months (events before the anchor: none).
 * counts[c][0] is the cohort's size (its memberships); for k >= 1 it counts
 * the memberships with a return event in bucket k (mode on), or in some
 * bucket >= k (mode on_or_after). A cell is observable when its bucket ends by
 * E for every possible member: calendar, when period i + k is complete;
 * rolling, when end(period i) + (k + 1) x L <= E. Cells not observable are
 * absent (LS_RETENTION_ABSENT).
 *
 * Breakdown (by a column; scope.h's lookup, customers joined on the user id):
 * a membership's segment is the value at its anchor event (first_time: the
 * user's first start event; recurring: the first start event of the cohort's
 * period); a membership whose value there is null is in no segment. One
 * matrix per segment, segments sorted (scope.h), those with no membership in
 * the selected cohorts left out.
 *
 * Mean row, per segment: mean[k] = sum of count[c][k] / sum of size[c] over
 * the cohorts c whose cell k is observable (the mean weighted by cohort size);
 * NaN when that sum of sizes is 0 (no cohort observes k, or they are empty).
 * mean_size is the sum of all the segment's cohort sizes. */
#ifndef LS_METRICS_RETENTION_H
#define LS_METRICS_RETENTION_H

#include <stddef.h>
#include <stdint.h>

#include "catalog/catalog.h"

typedef enum { LS_RETENTION_FIRST_TIME, LS_RETENTION_RECURRING } ls_retention_type;
typedef enum { LS_RETENTION_ON, LS_RETENTION_ON_OR_AFTER } ls_retention_mode;
typedef enum { LS_RETENTION_CALENDAR, LS_RETENTION_ROLLING_24H } ls_retention_buckets;

typedef struct {
  ls_grain period;              /* LS_GRAIN_DAY, _WEEK or _MONTH */
  ls_retention_type type;
  ls_retention_mode mode;
  ls_retention_buckets buckets;
  const char *start_event;      /* NULL: any event */
  const char *return_event;     /* NULL: any event */
  int64_t from, to;             /* cohorts: the periods from the one holding
                                   from to the one holding to (INT64_MIN /
                                   INT64_MAX: no bound) */
  int64_t asof;                 /* INT64_MIN: the workspace's */
  ls_scope scope;               /* rows of the events dataset to read */
  const char *by;               /* breakdown column, or NULL */
} ls_retention_query;
#define LS_RETENTION_QUERY_INIT                                                                              \
  {LS_GRAIN_WEEK, LS_RETENTION_FIRST_TIME, LS_RETENTION_ON, LS_RETENTION_CALENDAR, NULL, NULL, INT64_MIN,  \
   INT64_MAX, INT64_MIN, {NULL, 0}, NULL}

#define LS_RETENTION_ABSENT (-1)

typedef struct {
  ls_grain grain;
  ls_tz tz;          /* the zone the periods were laid out in */
  size_t ncohorts;
  int64_t *cohort;   /* ncohorts period starts */
  int64_t *size;     /* [s * ncohorts + c]: cohort sizes (= counts at k = 0) */
  size_t nk;         /* columns k = 0..nk-1 (at least 1 when ncohorts > 0) */
  int64_t *count;    /* [(s * ncohorts + c) * nk + k]; LS_RETENTION_ABSENT
                        when not observable */
  size_t nsegments;  /* 1 without a breakdown */
  char **segment;    /* nsegments labels (sorted), NULL without a breakdown */
  double *mean;      /* [s * nk + k]: the weighted mean row; NaN: absent */
  int64_t *mean_size;/* [s]: the sum of the segment's cohort sizes */
} ls_retention;

/* Run q over the workspace's events into *out (ls_retention_free). LS_EINVAL
 * with the reason on ws for a bad query (period, type, mode, buckets, an empty
 * event name or by, from after to; a time column as by); LS_ENODATA (no
 * events dataset, or no times), LS_ENOTFOUND (an event name no row has, a
 * scope or by column), LS_ERANGE (too many periods, more than
 * LS_BREAKDOWN_MAX segments), LS_ENOMEM; the message on ws. */
ls_status ls_retention_run(ls_workspace *ws, const ls_retention_query *q, ls_retention **out);
/* Fill segment g's mean row and mean size of r from its sizes and counts
 * (the weighted mean above); a matrix read back from a file gets its own. */
void ls_retention_mean_row(ls_retention *r, size_t g);
/* ls_retention_free(NULL) is a no-op. */
void ls_retention_free(ls_retention *r);

/* Setting names to values; -1 when unknown. */
int ls_retention_type_parse(const char *s);    /* "first_time", "recurring" */
int ls_retention_mode_parse(const char *s);    /* "on", "on_or_after" */
int ls_retention_buckets_parse(const char *s); /* "calendar", "rolling_24h" */

#endif
