/* revwalk.c: every revenue series from one walk over the customers
 * (metrics/revwalk.h).
 *
 * The index holds each customer's MRR changes together, sorted by instant.
 * The walk reads them customer by customer: a customer's MRR before and
 * after the changes of each period it is touched in (a change at the very
 * instant a period ends belongs to the next one: the snapshot is the
 * period's last instant) gives its boundary movements, its share of the
 * retained and kept MRR of NRR and GRR, and its cohort; in event mode each
 * instant's changes are compared too. Each period collects differences,
 * summed in period order at the end: the sums are of integers, so the order
 * changes nothing. Each change's period comes from a table of days and a
 * step forward: O(changes + customers + periods), plus periods^2 / 2 for
 * the cohort matrix. */
#include "metrics/revwalk.h"

#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "metrics/scope.h"

typedef struct {
  const ls_revindex *ix;
  const ls_periods *p;
  int64_t first; /* the walk's first period start */
  int64_t asof;
  int event;
} walk_ctx;

/* ---- private ---- */

static void walk_free(void *v) {
  ls_revwalk *w = v;
  if (!w) return;
  int64_t **arrays[] = {&w->mrr, &w->start_mrr, &w->new_mrr, &w->expansion, &w->contraction, &w->churn,
                        &w->reactivation, &w->retained, &w->kept, &w->trial_mrr, &w->customers,
                        &w->start_customers, &w->n_new, &w->n_churn, &w->n_reactivation,
                        &w->trials_started, &w->trials_due, &w->trials_converted, &w->cohort_size,
                        &w->cohort_mrr, &w->start};
  for (size_t i = 0; i < sizeof arrays / sizeof *arrays; i++) ls_free(*arrays[i]);
  ls_free(w->cohort);
  ls_free(w);
}

static int64_t max0(int64_t x) { return x > 0 ? x : 0; }

/* one movement of a customer from x to y (both >= 0) in period k */
static void classify(ls_revwalk *w, size_t k, int64_t x, int64_t y, int had) {
  if (x == y) return;
  if (x == 0) {
    if (had) w->reactivation[k] += y, w->n_reactivation[k]++;
    else w->new_mrr[k] += y, w->n_new[k]++;
  } else if (y == 0) {
    w->churn[k] += x, w->n_churn[k]++;
  } else if (y > x) {
    w->expansion[k] += y - x;
  } else {
    w->contraction[k] += x - y;
  }
}

/* The periods of a walk, with the period holding each day's first instant
 * (days counted from the first period's start), so that finding an
 * instant's period is a look and a step. */
typedef struct {
  const ls_revwalk *w;
  int32_t *of_day;
  size_t ndays;
} calendar;

static int calendar_init(calendar *k, const ls_revwalk *w) {
  k->w = w;
  k->ndays = (size_t)((w->start[w->n] - w->start[0]) / LS_MS_PER_DAY) + 1;
  k->of_day = ls_malloc(k->ndays * sizeof *k->of_day);
  if (!k->of_day) return 0;
  for (size_t d = 0, p = 0; d < k->ndays; d++) {
    int64_t t = w->start[0] + (int64_t)d * LS_MS_PER_DAY;
    while (p < w->n && w->start[p + 1] <= t) p++;
    k->of_day[d] = (int32_t)p;
  }
  return 1;
}

/* the number of period ends (start[1..n]) at or before t: the period
 * holding t when one does, n after the last */
static size_t ends_by(const calendar *k, int64_t t) {
  const ls_revwalk *w = k->w;
  if (t < w->start[0]) return 0;
  if (t >= w->start[w->n]) return w->n;
  size_t p = (size_t)k->of_day[(t - w->start[0]) / LS_MS_PER_DAY];
  while (w->start[p + 1] <= t) p++;
  return p;
}

/* trial MRR at each end (a trial counts at an end when its start < end <=
 * its stop, like MRR), and the trials started in each period, due and
 * converted, from the subscriptions in any order */
static void trials(ls_revwalk *w, const calendar *cal, const ls_revindex *ix, int64_t asof) {
  for (size_t i = 0; i < ix->nsubs; i++) {
    int64_t from = ix->start[i], trial_end = ix->trial_end[i], off = ix->off[i];
    if (trial_end == INT64_MIN) continue;
    int64_t stop = trial_end < off ? trial_end : off;
    if (from < stop) {
      size_t on = ends_by(cal, from), gone = ends_by(cal, stop);
      if (on < w->n) w->trial_mrr[on] += ix->mrr[i];
      if (gone < w->n) w->trial_mrr[gone] -= ix->mrr[i];
    }
    if (from < w->start[0] || from >= w->start[w->n]) continue;
    size_t k = ends_by(cal, from);
    w->trials_started[k]++;
    if (trial_end > asof) continue;
    w->trials_due[k]++;
    w->trials_converted[k] += off > trial_end;
  }
  for (size_t k = 1; k < w->n; k++) w->trial_mrr[k] += w->trial_mrr[k - 1];
}

/* One customer's changes c[0..n) sorted by instant: its history, added to
 * w's per-period differences (mrr, customers, retained and kept hold the
 * change over each period until walk sums them; cohort_mrr[q * n + k] the
 * change of cohort q's MRR in k). The changes before the first period give
 * its state at the start, without movements. */
static void customer(ls_revwalk *w, const calendar *cal, size_t cu, const ls_revchange *c, size_t n, int event,
                     int64_t *total, int64_t *paying) {
  size_t j = 0, np = w->n;
  int64_t v = 0;
  for (; j < n && c[j].t < w->start[0]; j++) v += c[j].amount;
  int ever = v > 0, ever_any = ever;
  int32_t cohort = -1;
  if (v > 0) *total += v, ++*paying;
  while (j < n && c[j].t < w->start[np]) {
    size_t k = ends_by(cal, c[j].t); /* the period holding c[j] */
    int64_t end = w->start[k + 1], a = max0(v);
    while (j < n && c[j].t < end) { /* one instant at a time */
      int64_t t = c[j].t, x = max0(v);
      for (; j < n && c[j].t == t; j++) v += c[j].amount;
      if (!event) continue;
      int64_t y = max0(v);
      classify(w, k, x, y, ever_any);
      if (y > 0) ever_any = 1;
    }
    int64_t b = max0(v);
    w->mrr[k] += b - a;
    w->customers[k] += (b > 0) - (a > 0);
    if (a > 0) {
      w->retained[k] += b - a;
      w->kept[k] += (b < a ? b : a) - a;
    }
    if (!event) classify(w, k, a, b, ever);
    if (b > 0 && !ever) {
      ever = 1;
      cohort = (int32_t)k;
      w->cohort_size[k]++;
    }
    if (b > 0) ever_any = 1;
    if (cohort >= 0 && w->cohort_mrr) w->cohort_mrr[(size_t)cohort * np + k] += b - a;
  }
  w->cohort[cu] = cohort;
}

/* Customer by customer over the index (each one's changes in one run), then
 * the per-period differences summed into MRR and the rest. 0 when out of
 * memory. */
static int walk(ls_revwalk *w, const walk_ctx *cx) {
  const ls_revindex *ix = cx->ix;
  size_t n = w->n;
  int64_t total = 0, paying = 0;
  calendar cal;
  if (!calendar_init(&cal, w)) return 0;
  for (size_t cu = 0; cu < ix->ncustomers; cu++) {
    int32_t from = ix->first_change[cu], to = ix->first_change[cu + 1];
    if (from == to) w->cohort[cu] = -1; /* none in this index */
    else customer(w, &cal, cu, ix->changes + from, (size_t)(to - from), cx->event, &total, &paying);
  }
  for (size_t k = 0; k < n; k++) {
    w->start_mrr[k] = total;
    w->start_customers[k] = paying;
    w->retained[k] += total;
    w->kept[k] += total;
    total += w->mrr[k];
    paying += w->customers[k];
    w->mrr[k] = total;
    w->customers[k] = paying;
  }
  for (size_t q = 0; w->cohort_mrr && q < n; q++)
    for (size_t k = q + 1; k < n; k++) w->cohort_mrr[q * n + k] += w->cohort_mrr[q * n + k - 1];
  trials(w, &cal, ix, cx->asof);
  ls_free(cal.of_day);
  return 1;
}

static ls_status build(ls_workspace *ws, void *ctx, void **out) {
  const walk_ctx *cx = ctx;
  const ls_periods *p = cx->p;
  ls_revwalk *w = ls_calloc(1, sizeof *w);
  if (!w) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  size_t cap = p->n + 2;
  w->start = ls_malloc(cap * sizeof *w->start);
  for (int64_t t = cx->first; w->start && t < p->start[p->n]; t = ls_period_next(t, p->grain, p->tz)) {
    if (w->n + 2 > cap) {
      int64_t *g = ls_reallocarray(w->start, cap * 2, sizeof *g);
      if (!g) {
        walk_free(w);
        return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
      }
      w->start = g;
      cap *= 2;
    }
    w->start[w->n++] = t;
  }
  if (!w->start) {
    walk_free(w);
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  w->start[w->n] = p->start[p->n];
  size_t n = w->n ? w->n : 1;
  int64_t **arrays[] = {&w->mrr, &w->start_mrr, &w->new_mrr, &w->expansion, &w->contraction, &w->churn,
                        &w->reactivation, &w->retained, &w->kept, &w->trial_mrr, &w->customers,
                        &w->start_customers, &w->n_new, &w->n_churn, &w->n_reactivation,
                        &w->trials_started, &w->trials_due, &w->trials_converted, &w->cohort_size};
  int ok = 1;
  for (size_t i = 0; i < sizeof arrays / sizeof *arrays; i++) ok &= !!(*arrays[i] = ls_calloc(n, sizeof(int64_t)));
  w->cohort = ls_malloc((cx->ix->ncustomers + 1) * sizeof *w->cohort);
  if (w->n <= LS_REVWALK_COHORTS_MAX) ok &= !!(w->cohort_mrr = ls_calloc(n * n, sizeof *w->cohort_mrr));
  if (!ok || !w->cohort || !walk(w, cx)) {
    walk_free(w);
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  *out = w;
  return LS_OK;
}

/* the subscriptions' extent (workspace.h), cached: scanning every time
 * column of every dataset cost more than the walk's views */
typedef struct {
  ls_status status;
  int64_t first, asof;
} extent;

static ls_status build_extent(ls_workspace *ws, void **out) {
  extent *e = ls_malloc(sizeof *e);
  if (!e) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  e->status = ls_workspace_extent(ws, LS_KIND_SUBSCRIPTIONS, &e->first, &e->asof);
  *out = e;
  return LS_OK;
}

/* ---- API ---- */

ls_status ls_revwalk_get(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, const ls_revwalk **out,
                         size_t *offset) {
  *out = NULL;
  *offset = 0;
  void *v = NULL;
  ls_status s = ls_workspace_cached(ws, "revwalk|extent", build_extent, ls_free, &v);
  if (s != LS_OK) return s;
  const extent *e = v;
  int64_t first = p->start[0], asof = p->start[p->n];
  if (e->status == LS_OK) first = e->first, asof = e->asof;
  /* the index after the extent: an entry the cache builds may push the oldest out */
  const ls_revindex *ix = NULL;
  s = ls_revindex_get(ws, sc, &ix);
  if (s != LS_OK) return s;
  first = ls_period_start(first, p->grain, p->tz);
  if (first > p->start[0]) first = p->start[0];
  walk_ctx cx = {ix, p, first, asof, ls_workspace_settings(ws)->movements == LS_MOVEMENTS_EVENT};
  char key[256];
  int k = snprintf(key, sizeof key, "revwalk|%d|%lld|%lld|", (int)p->grain, (long long)first,
                   (long long)p->start[p->n]);
  ls_scope_key(sc, key + k, sizeof key - (size_t)k);
  s = ls_workspace_cached_ctx(ws, key, build, &cx, walk_free, &v);
  if (s != LS_OK) return s;
  const ls_revwalk *w = v;
  size_t off = 0;
  while (off < w->n && w->start[off] < p->start[0]) off++;
  *out = w;
  *offset = off;
  return LS_OK;
}
