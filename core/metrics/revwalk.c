/* revwalk.c: every revenue series from one walk over the period ends
 * (metrics/revwalk.h).
 *
 * The MRR changes are sorted once (the index); the walk applies those before
 * each period end (a change at the very instant a period ends belongs to the
 * next one: the snapshot is the period's last instant) and looks only at the customers they touched: their MRR at
 * the previous end against this one gives the boundary movements, the
 * retained and kept MRR of NRR and GRR, and the cohorts. In event mode each
 * instant's changes are also compared customer by customer. O(changes +
 * periods), plus periods^2 / 2 for the cohort matrix. */
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

/* per customer */
typedef struct {
  int64_t *val;      /* MRR now (may be below 0 before clamping) */
  int64_t *before;   /* at the previous period end, when touched */
  int32_t *stamp;    /* period it was last touched in, -1 */
  int64_t *gbefore;  /* before the instant, event mode */
  int64_t *gstamp;   /* instant group it was last touched in, -1 */
  uint8_t *ever;     /* had MRR at a period end */
  uint8_t *ever_any; /* had MRR at any instant */
  int32_t *touched, *gtouched;
} state;

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

static void state_free(state *s) {
  ls_free(s->val);
  ls_free(s->before);
  ls_free(s->stamp);
  ls_free(s->gbefore);
  ls_free(s->gstamp);
  ls_free(s->ever);
  ls_free(s->ever_any);
  ls_free(s->touched);
  ls_free(s->gtouched);
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

/* the period of w holding instant t, or -1 */
static long period_of(const ls_revwalk *w, int64_t t) {
  if (t < w->start[0] || t >= w->start[w->n]) return -1;
  size_t lo = 0, hi = w->n; /* start[lo] <= t < start[hi] */
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (w->start[mid] <= t) lo = mid;
    else hi = mid;
  }
  return (long)lo;
}

static void trials(ls_revwalk *w, const ls_revindex *ix, int64_t asof) {
  size_t next = 0;
  int64_t now = 0;
  for (size_t k = 0; k <= w->n; k++) { /* trial MRR at each end, as MRR */
    int64_t end = w->start[k];
    for (; next < ix->ntrial && ix->trials[next].t < end; next++)
      now += ix->trials[next].delta * ix->mrr[ix->trials[next].sub];
    if (k) w->trial_mrr[k - 1] = now;
  }
  for (size_t i = 0; i < ix->nsubs; i++) {
    if (ix->trial_end[i] == INT64_MIN) continue;
    long k = period_of(w, ix->start[i]);
    if (k < 0) continue;
    w->trials_started[k]++;
    if (ix->trial_end[i] > asof) continue;
    w->trials_due[k]++;
    w->trials_converted[k] += ix->off[i] > ix->trial_end[i];
  }
}

/* apply the changes at instant group [from, to) of ix, in period k */
static void apply_group(ls_revwalk *w, const ls_revindex *ix, state *s, size_t from, size_t to, size_t k,
                        size_t *ntouched, int event) {
  size_t ng = 0;
  for (size_t j = from; j < to; j++) {
    const ls_revchange *c = &ix->changes[j];
    int32_t cu = ix->customer[c->sub];
    if (s->stamp[cu] != (int32_t)k) {
      s->stamp[cu] = (int32_t)k;
      s->before[cu] = s->val[cu];
      s->touched[(*ntouched)++] = cu;
    }
    if (event && s->gstamp[cu] != (int64_t)from) {
      s->gstamp[cu] = (int64_t)from;
      s->gbefore[cu] = s->val[cu];
      s->gtouched[ng++] = cu;
    }
    s->val[cu] += c->delta * ix->mrr[c->sub];
  }
  for (size_t g = 0; g < ng; g++) {
    int32_t cu = s->gtouched[g];
    int64_t x = max0(s->gbefore[cu]), y = max0(s->val[cu]);
    classify(w, k, x, y, s->ever_any[cu]);
    if (y > 0) s->ever_any[cu] = 1;
  }
}

static ls_status walk(ls_revwalk *w, const walk_ctx *cx) {
  const ls_revindex *ix = cx->ix;
  size_t nc = ix->ncustomers ? ix->ncustomers : 1, n = w->n;
  state s = {ls_calloc(nc, sizeof(int64_t)), ls_calloc(nc, sizeof(int64_t)), ls_malloc(nc * sizeof(int32_t)),
             ls_calloc(nc, sizeof(int64_t)), ls_malloc(nc * sizeof(int64_t)), ls_calloc(nc, 1),
             ls_calloc(nc, 1), ls_malloc(nc * sizeof(int32_t)), ls_malloc(nc * sizeof(int32_t))};
  int64_t *cohort_now = ls_calloc(n + 1, sizeof *cohort_now);
  if (!s.val || !s.before || !s.stamp || !s.gbefore || !s.gstamp || !s.ever || !s.ever_any || !s.touched ||
      !s.gtouched || !cohort_now) {
    state_free(&s);
    ls_free(cohort_now);
    return LS_ENOMEM;
  }
  for (size_t c = 0; c < nc; c++) s.stamp[c] = -1, s.gstamp[c] = -1, w->cohort[c] = -1;
  size_t next = 0;
  int64_t total = 0, paying = 0;
  /* before the first period: the state at its start, no movements */
  for (; next < ix->nchanges && ix->changes[next].t < w->start[0]; next++) {
    const ls_revchange *c = &ix->changes[next];
    s.val[ix->customer[c->sub]] += c->delta * ix->mrr[c->sub];
  }
  for (size_t c = 0; c < ix->ncustomers; c++) {
    if (s.val[c] <= 0) continue;
    total += s.val[c], paying++;
    s.ever[c] = s.ever_any[c] = 1;
  }
  for (size_t k = 0; k < n; k++) {
    int64_t end = w->start[k + 1];
    w->start_mrr[k] = total;
    w->start_customers[k] = paying;
    w->retained[k] = w->kept[k] = total;
    size_t ntouched = 0;
    while (next < ix->nchanges && ix->changes[next].t < end) {
      size_t to = next + 1;
      while (to < ix->nchanges && ix->changes[to].t == ix->changes[next].t) to++;
      apply_group(w, ix, &s, next, to, k, &ntouched, cx->event);
      next = to;
    }
    for (size_t j = 0; j < ntouched; j++) {
      int32_t cu = s.touched[j];
      int64_t a = max0(s.before[cu]), b = max0(s.val[cu]);
      total += b - a;
      paying += (b > 0) - (a > 0);
      if (a > 0) {
        w->retained[k] += b - a;
        w->kept[k] += (b < a ? b : a) - a;
      }
      if (!cx->event) classify(w, k, a, b, s.ever[cu]);
      if (b > 0 && !s.ever[cu]) {
        s.ever[cu] = 1;
        w->cohort[cu] = (int32_t)k;
        w->cohort_size[k]++;
      }
      if (b > 0) s.ever_any[cu] = 1;
      if (w->cohort[cu] >= 0) cohort_now[w->cohort[cu]] += b - a;
    }
    w->mrr[k] = total;
    w->customers[k] = paying;
    for (size_t q = 0; w->cohort_mrr && q <= k; q++) w->cohort_mrr[q * n + k] = cohort_now[q];
  }
  state_free(&s);
  ls_free(cohort_now);
  trials(w, ix, cx->asof);
  return LS_OK;
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
  if (!ok || !w->cohort || walk(w, cx) != LS_OK) {
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
