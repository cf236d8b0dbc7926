/* revenue_fixture.h: workspaces from CSV text, and metric values at a
 * period, for the revenue tests. */
#ifndef LS_REVENUE_FIXTURE_H
#define LS_REVENUE_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "catalog/catalog.h"
#include "fixtures.h"
#include "workspace/load.h"
#include "workspace/workspace.h"

/* Load CSV text as file name into ws; the status. */
static inline ls_status add_csv(ls_workspace *ws, const char *name, const char *csv) {
  ls_loader *l = ls_loader_new(ws, name, NULL);
  if (!l) return LS_ENOMEM;
  ls_status st = ls_loader_feed(l, csv, strlen(csv));
  if (st == LS_OK) st = ls_loader_finish(l);
  if (st != LS_OK) printf("  %s: %s\n", name, ls_workspace_errmsg(ws));
  ls_loader_free(l);
  return st;
}

/* A workspace of one subscriptions file. */
static inline ls_workspace *subs_csv(const char *csv) {
  ls_workspace *ws = ls_workspace_new();
  add_csv(ws, "subscriptions.csv", csv);
  return ws;
}

/* The value of metric over the one period of grain g starting at `period`
 * (YYYY-MM-DD) under scope sc (NULL: every row); -1 with the message
 * printed on failure. */
static inline double value_in(ls_workspace *ws, const char *metric, ls_grain g, const char *period,
                              const ls_scope *sc) {
  ls_query q = LS_QUERY_INIT;
  q.grain = g;
  q.from = q.to = T(period);
  q.asof = T("2100-01-01");
  if (sc) q.scope = *sc;
  ls_series *s = NULL;
  if (ls_metric_run(ws, metric, &q, &s) != LS_OK || s->n != 1) {
    printf("  %s: %s\n", metric, ls_workspace_errmsg(ws));
    ls_series_free(s);
    return -1;
  }
  double v = s->value[0];
  ls_series_free(s);
  return v;
}

static inline double month_value_in(ls_workspace *ws, const char *metric, const char *month, const ls_scope *sc) {
  return value_in(ws, metric, LS_GRAIN_MONTH, month, sc);
}

static inline double month_value(ls_workspace *ws, const char *metric, const char *month) {
  return month_value_in(ws, metric, month, NULL);
}

#endif
