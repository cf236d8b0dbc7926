/* funnel.h: conversion funnels over an events dataset (PostHog semantics by
 * default), as docs/metrics.md "Funnels" describes them.
 *
 * Per user, over their events in (time, row) order (metrics/evindex.h), each
 * attempt runs through the steps within `window` of its start; the user counts
 * once, at the furthest step of their best attempt (the earliest of those that
 * reach it), and that attempt's times give the time to convert. Orders:
 *   sequential  steps in order, other events may come between; PostHog's
 *               per-step attempts (each step-1 event starts a new attempt);
 *   strict      steps in order with no other event of the user between;
 *   any         the steps in any order: step k counts users with k distinct
 *               steps inside one window starting at one of their step events.
 * An exclusion event voids every attempt still inside its window and not
 * complete: none of its steps count. Events of one
 * user at one instant are taken in step order (the lowest step an event names
 * first), events of no step after them. With `by`, users are split by the
 * value of that column (scope.h lookup, customers joined) at their first
 * step-1 event in range ("first touch"); users whose value is null are in no
 * segment. */
#ifndef LS_FUNNEL_H
#define LS_FUNNEL_H

#include <stddef.h>
#include <stdint.h>

#include "catalog/catalog.h"

#define LS_FUNNEL_MIN_STEPS 2
#define LS_FUNNEL_MAX_STEPS 20
#define LS_FUNNEL_MAX_EXCLUDE 20

typedef enum { LS_FUNNEL_SEQUENTIAL, LS_FUNNEL_STRICT, LS_FUNNEL_ANY } ls_funnel_order;

typedef struct {
  const char *const *steps; /* nsteps event names, 2..20 (a name may repeat) */
  size_t nsteps;
  int64_t window;           /* ms, > 0: a step counts when at most this long
                               after its attempt's first step (inclusive) */
  ls_funnel_order order;
  const char *const *exclude; /* nexclude event names (none a step), 0..20 */
  size_t nexclude;
  const char *by;           /* breakdown column, or NULL */
  int64_t from, to;         /* only events with from <= t < to (INT64_MIN /
                               INT64_MAX: no bound) */
  ls_scope scope;           /* rows of the events dataset to read */
} ls_funnel_query;
#define LS_FUNNEL_DAY_MS INT64_C(86400000)
#define LS_FUNNEL_QUERY_INIT {NULL, 0, 14 * LS_FUNNEL_DAY_MS, LS_FUNNEL_SEQUENTIAL, NULL, 0, NULL, INT64_MIN, INT64_MAX, {NULL, 0}}

typedef struct {
  size_t nsteps;
  size_t nsegments;     /* 1 without a breakdown */
  char **segment;       /* nsegments labels (sorted), NULL without a breakdown */
  /* per segment s and step k, at [s * nsteps + k]: */
  int64_t *users;       /* users whose best attempt reached step k */
  double *from_start;   /* users[k] / users[0]; NaN when users[0] is 0 */
  double *from_previous;/* users[k] / users[k-1] (1 at step 0); NaN on 0 */
  double *median_seconds; /* time from step k-1 to k of those users' best
                             attempts; NaN at step 0 and when none */
  double *mean_seconds;
} ls_funnel;

/* Run q over the workspace's events: *out (ls_funnel_free). LS_EINVAL with
 * the reason on ws for a bad query (step count, window, an exclusion that is
 * a step, an empty name); LS_ENODATA, LS_ENOTFOUND, LS_ERANGE (more than
 * LS_BREAKDOWN_MAX segments), LS_ENOMEM as the message on ws says. */
ls_status ls_funnel_run(ls_workspace *ws, const ls_funnel_query *q, ls_funnel **out);
/* ls_funnel_free(NULL) is a no-op. */
void ls_funnel_free(ls_funnel *f);

/* "sequential", "strict" or "any" to an order; -1 otherwise. */
int ls_funnel_order_parse(const char *s);
/* A window written "<count><unit>", count 1 .. 10^9 and unit one of s m h d
 * w ("14d", "90m", "3600s"), to ms in *ms: 1; 0 when malformed (s may be NULL). */
int ls_funnel_window_parse(const char *s, int64_t *ms);

#endif
