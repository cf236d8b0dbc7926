/* catalog.h: the one metric catalog every surface asks by metric name.
 *
 * Each metric is registered once (catalog/registry.c) with its name, title,
 * unit, description, the dataset kind it needs, its grains and its compute
 * kernel. ls_metric_run lays out the periods, asks the kernel for one value
 * per period and hands back a series. Periods are complete periods only:
 * from the period holding the first recorded instant of the needed dataset to
 * the last period that ends by the workspace's as-of instant (workspace.h). */
#ifndef LS_CATALOG_H
#define LS_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "base/timeutil.h"
#include "detect/detect.h"
#include "workspace/workspace.h"

/* The arguments of a query a kernel reads besides the rows (catalog/args.h
 * checks and resolves them before the kernel runs). */
typedef struct {
  const char *property; /* the numeric column of the needed dataset a property
                           metric reads, its name as the table spells it; NULL
                           when the metric takes none */
  const char *feature;  /* the column features are told apart by: the query's
                           by, else the event column (feature metrics) */
} ls_args;

/* The periods a kernel fills: start[0..n] holds n+1 instants, start[i] the
 * beginning of period i and start[n] the end of the last one; and the query's
 * arguments. */
typedef struct {
  size_t n;
  const int64_t *start;
  ls_grain grain;
  ls_tz tz; /* the workspace zone */
  const ls_args *args; /* NULL: none */
} ls_periods;

/* A condition on the rows a metric reads: column = value (metrics/scope.h). */
typedef struct {
  const char *column;
  const char *value;
} ls_where;

/* The conditions a query puts on the needed dataset's rows (all must hold).
 * A query's event (ls_query.event) arrives here as one more condition, on
 * the event column. */
typedef struct {
  const ls_where *where;
  size_t n;
} ls_scope;

/* Fill out[0..p->n) (NaN where undefined) over the rows sc keeps. Details of
 * a failure go on ws. */
typedef ls_status (*ls_compute_fn)(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, double *out);

/* The segments of a metric that are not a column's values (tier_users: one
 * per membership tier). labels gives their labels, in their order, under the
 * workspace's settings (*labels: n strings, each and the array ls_free'd);
 * compute fills segment k as ls_compute_fn does. */
typedef struct {
  const char *by; /* what the segments are, the breakdown's "by" ("tier") */
  ls_status (*labels)(ls_workspace *ws, char ***labels, size_t *n);
  ls_status (*compute)(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, size_t k, double *out);
} ls_segments;

typedef struct {
  const char *name;        /* "mrr" */
  const char *title;       /* "MRR" (English; the UI translates by name) */
  const char *unit;        /* "currency", "count", "ratio" (a fraction: 0.1 is
                              10%), "multiple" (x times), "months", "number" (a plain
                              number in the unit of the data: property math,
                              events per second), "seconds" */
  const char *description; /* one sentence, as in docs/metrics.md */
  ls_kind needs;
  unsigned grains;         /* LS_GRAIN_* bits */
  ls_grain default_grain;
  ls_compute_fn compute;
  const char *settings;    /* the settings it reads, "a,b" ("" none) */
  int by_role;             /* an ls_role it is always broken down by, or -1 */
  const ls_segments *segments; /* segments of its own it is always broken
                              down by (compute gives their total), or NULL */
  unsigned args;           /* LS_ARG_* bits: the query arguments it takes */
} ls_metric_def;

/* The query arguments a metric takes (ls_metric_def.args). */
enum {
  LS_ARG_EVENT = 1,    /* event: only the rows of one event name */
  LS_ARG_PROPERTY = 2, /* property: a numeric column to compute over */
  LS_ARG_PROPERTY_NEEDED = 4, /* without a property it cannot run; the
                              dataset's duration column stands in for a
                              missing one */
};

/* What to compute. from/to are instants: periods starting before the period
 * holding from, or after to, are left out. */
typedef struct {
  ls_grain grain; /* 0: the metric's default */
  int64_t from;   /* INT64_MIN: no bound */
  int64_t to;     /* INT64_MAX: no bound */
  int64_t asof;   /* periods must end by this instant; INT64_MIN: the workspace's */
  ls_scope scope; /* rows of the needed dataset to read; none: all */
  const char *by; /* ls_metric_run_by: the column to break down by; NULL: the
                     metric's by_role column, or none */
  const char *event;    /* only the rows whose event column holds this name
                           (ASCII case ignored); NULL: all. Metrics with
                           LS_ARG_EVENT only; a name no row has is refused */
  const char *property; /* the numeric column a property metric reads (ASCII
                           case ignored); NULL: none (LS_ARG_PROPERTY only) */
  size_t top;           /* ls_metric_run_by: keep the top segments by their
                           total over the periods (NaN counts 0), largest
                           first, none whose total is 0; 0: every segment,
                           sorted by label */
} ls_query;
#define LS_QUERY_INIT {0, INT64_MIN, INT64_MAX, INT64_MIN, {NULL, 0}, NULL, NULL, NULL, 0}

typedef struct {
  const ls_metric_def *def;
  ls_grain grain;
  ls_tz tz;       /* the zone the periods were laid out in */
  size_t n;
  int64_t *start; /* n period starts */
  double *value;  /* n values, NaN where undefined */
} ls_series;

size_t ls_catalog_count(void);
/* Metric i in registration order (0 <= i < count). */
const ls_metric_def *ls_catalog_at(size_t i);
/* Metric named name, or NULL. */
const ls_metric_def *ls_catalog_find(const char *name);

/* Compute metric name over the workspace. On LS_OK *out is a new series the
 * caller frees with ls_series_free. Errors: LS_ENOTFOUND (no such metric),
 * LS_EGRAIN, LS_ENODATA (no dataset of the needed kind), data errors of the
 * kernel; the message is on the workspace. */
ls_status ls_metric_run(ls_workspace *ws, const char *name, const ls_query *q, ls_series **out);
/* ls_series_free(NULL) is a no-op. */
void ls_series_free(ls_series *s);

/* A metric broken down by a column: one series per value. */
typedef struct {
  char by[64];       /* the column's name */
  size_t n;
  char **label;      /* n values, sorted */
  ls_series **series;
} ls_breakdown;

#define LS_BREAKDOWN_MAX 100

/* Metric name over each value of q->by (or the metric's by_role column)
 * among the rows of q's scope: those rows whose cell has that value
 * (metrics/scope.h); for a metric with segments of its own, over each of
 * them, in their order (a q->by is then LS_EINVAL). Every series has the
 * same periods. On LS_OK the caller frees *out with ls_breakdown_free.
 * Errors as ls_metric_run; LS_EINVAL when there is no column to break down
 * by; LS_ERANGE past LS_BREAKDOWN_MAX values. */
ls_status ls_metric_run_by(ls_workspace *ws, const char *name, const ls_query *q, ls_breakdown **out);
void ls_breakdown_free(ls_breakdown *b);

/* The metric that counts the volume of a dataset of kind k: the events
 * ("count"), the paid orders of payments ("orders"), the paying customers of
 * subscriptions ("customers"); NULL for other kinds. Alert rules' min_volume
 * and the contribution weights of non-additive metrics read it. */
const char *ls_catalog_volume_metric(ls_kind k);

/* 1 when a rise of metric def is bad news (churn, CAC, refunds, errors, …):
 * the page and the reports color its changes the other way. */
int ls_metric_lower_is_better(const ls_metric_def *def);

/* 1 when metric def is always a breakdown (a by_role, or segments of its own). */
int ls_metric_breaks_down(const ls_metric_def *def);

/* The catalog as JSON: [{"name","title","unit","description","needs",
 * "grains":["day",…],"default_grain","settings":[…],"by_role","segments",
 * "args":[…],"needs_property","lower_is_better"}] (by_role: a role name or
 * null; segments: what its own segments are, such as "tier", or null; args:
 * the query arguments it takes, "event" and "property"; needs_property: true
 * when it cannot run without a property; lower_is_better: as
 * ls_metric_lower_is_better). Caller frees with ls_free. */
char *ls_catalog_json(void);

#endif
