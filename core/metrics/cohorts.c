/* cohorts.c: revenue retention by cohort from the revenue walk (metrics/cohorts.h). */
#include "metrics/cohorts.h"

#include <math.h>
#include <string.h>

#include "base/alloc.h"
#include "metrics/revwalk.h"

void ls_cohorts_free(ls_cohorts *c) {
  if (!c) return;
  ls_free(c->start);
  ls_free(c->customers);
  ls_free(c->start_mrr);
  ls_free(c->retention);
  ls_free(c);
}

ls_status ls_revenue_cohorts(ls_workspace *ws, const ls_query *q, ls_cohorts **out) {
  *out = NULL;
  ls_series *s = NULL;
  ls_status st = ls_metric_run(ws, "mrr", q, &s);
  if (st != LS_OK) return st;
  /* the series' periods, closed by the instant the last one ends */
  int64_t *starts = ls_malloc((s->n + 1) * sizeof *starts);
  if (!starts) {
    ls_series_free(s);
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  memcpy(starts, s->start, s->n * sizeof *starts);
  starts[s->n] = s->n ? ls_period_next(s->start[s->n - 1], s->grain, s->tz) : 0;
  ls_periods p = {s->n, starts, s->grain, s->tz, NULL};
  const ls_revwalk *w = NULL;
  size_t off = 0;
  ls_cohorts *c = ls_calloc(1, sizeof *c);
  if (!c) st = ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  else if (s->n) st = ls_revwalk_get(ws, &q->scope, &p, &w, &off);
  if (st == LS_OK && w && !w->cohort_mrr)
    st = ls_workspace_fail(ws, LS_ERANGE, "cohorts: more than %d periods", LS_REVWALK_COHORTS_MAX);
  size_t n = s->n, m = n ? n : 1;
  if (st == LS_OK) {
    c->grain = s->grain;
    c->tz = s->tz;
    c->n = n;
    c->start = ls_malloc(m * sizeof *c->start);
    c->customers = ls_calloc(m, sizeof *c->customers);
    c->start_mrr = ls_calloc(m, sizeof *c->start_mrr);
    c->retention = ls_malloc(m * m * sizeof *c->retention);
    if (!c->start || !c->customers || !c->start_mrr || !c->retention)
      st = ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  for (size_t i = 0; st == LS_OK && i < n; i++) {
    size_t qk = off + i;
    c->start[i] = s->start[i];
    c->customers[i] = w->cohort_size[qk];
    int64_t base = w->cohort_mrr[qk * w->n + qk];
    c->start_mrr[i] = (double)base / (double)LS_REV_UNIT;
    for (size_t k = 0; k < n; k++) {
      double v = NAN;
      if (i + k < n && base > 0) v = (double)w->cohort_mrr[qk * w->n + qk + k] / (double)base;
      c->retention[i * n + k] = v;
    }
  }
  ls_free(starts);
  ls_series_free(s);
  if (st != LS_OK) {
    ls_cohorts_free(c);
    return st;
  }
  *out = c;
  return LS_OK;
}
