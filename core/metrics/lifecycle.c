/* lifecycle.c: lifecycle states and active days per user per period
 * (metrics/lifecycle.h), one pass over the (user, day) index of activity.c.
 *
 * A day-to-period table maps each index day from the start of the period
 * before the first (period -1) to the end of the last one; each user's days
 * come in order, so the periods a user is active in come in order too, and
 * comparing each with the one before gives the states: O(pairs + days). */
#include "metrics/lifecycle.h"

#include "base/alloc.h"
#include "metrics/actindex.h"
#include "metrics/metrics.h"

/* ---- private ---- */

/* The index, and pof[d - lo] = the period of index day d in [lo, hi) (-1:
 * the period before the first). pof NULL (and LS_OK) when no index day falls
 * in [lo, hi). */
typedef struct {
  act_index *a;
  int64_t lo, hi;
  int32_t *pof;
} day_periods;

static ls_status day_periods_get(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, int with_prev,
                                 day_periods *dp) {
  dp->pof = NULL;
  if (ls_workspace_find(ws, LS_KIND_EVENTS) < 0) return ls_workspace_fail(ws, LS_ENODATA, "no events dataset is loaded");
  ls_status s = ls_actindex_get(ws, sc, &dp->a);
  if (s != LS_OK) return s;
  const act_index *a = dp->a;
  int64_t prev = ls_period_start(p->start[0] - 1, p->grain, p->tz);
  int64_t first = ls_actindex_period_day(p, 0) - a->day0, last = ls_actindex_period_day(p, p->n) - a->day0;
  int64_t from = with_prev ? ls_floor_div(ls_tz_to_local(p->tz, prev), LS_MS_PER_DAY) - a->day0 : first;
  dp->lo = from > 0 ? from : 0;
  dp->hi = last < (int64_t)a->ndays ? last : (int64_t)a->ndays;
  if (dp->hi <= dp->lo) return LS_OK;
  dp->pof = ls_malloc((size_t)(dp->hi - dp->lo) * sizeof *dp->pof);
  if (!dp->pof) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  for (int64_t d = dp->lo; d < first && d < dp->hi; d++) dp->pof[d - dp->lo] = -1;
  for (size_t k = 0; k < p->n; k++) {
    int64_t to = ls_actindex_period_day(p, k + 1) - a->day0;
    for (int64_t d = ls_actindex_period_day(p, k) - a->day0; d < to && d < dp->hi; d++)
      if (d >= dp->lo) dp->pof[d - dp->lo] = (int32_t)k;
  }
  return LS_OK;
}

/* ---- API ---- */

ls_status ls_lifecycle(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, double *out) {
  size_t n = p->n;
  for (size_t i = 0; i < LS_LIFE_STATES * n; i++) out[i] = 0;
  if (n == 0) return LS_OK;
  day_periods dp;
  ls_status s = day_periods_get(ws, sc, p, 1, &dp);
  if (s != LS_OK || !dp.pof) return s;
  const act_index *a = dp.a;
  uint64_t mask = (UINT64_C(1) << a->daybits) - 1;
  int64_t firstday = 0; /* the current user's first active day */
  int64_t seen = -2;    /* the last period the current user was active in (-2: none) */
  for (size_t i = 0; i <= a->npairs; i++) {
    int newuser = i == a->npairs || i == 0 || (a->pairs[i] >> a->daybits) != (a->pairs[i - 1] >> a->daybits);
    if (newuser) {
      /* the user before goes dormant in the period after its last one */
      if (seen >= -1 && seen + 1 < (int64_t)n) out[LS_LIFE_DORMANT * n + (size_t)(seen + 1)]++;
      if (i == a->npairs) break;
      firstday = (int64_t)(a->pairs[i] & mask);
      seen = -2;
    }
    int64_t day = (int64_t)(a->pairs[i] & mask);
    if (day < dp.lo || day >= dp.hi) continue;
    int64_t k = dp.pof[day - dp.lo];
    if (k == seen) continue;
    if (seen >= -1 && seen + 1 < k) out[LS_LIFE_DORMANT * n + (size_t)(seen + 1)]++;
    if (k >= 0) {
      int state = firstday >= ls_actindex_period_day(p, (size_t)k) - a->day0 ? LS_LIFE_NEW
                  : seen == k - 1                                          ? LS_LIFE_RETURNING
                                                                           : LS_LIFE_RESURRECTING;
      out[(size_t)state * n + (size_t)k]++;
    }
    seen = k;
  }
  ls_free(dp.pof);
  return LS_OK;
}

ls_status ls_active_days(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, double *out) {
  const size_t w = LS_ACTIVE_DAYS_MAX + 1;
  for (size_t i = 0; i < p->n * w; i++) out[i] = 0;
  if (p->n == 0) return LS_OK;
  day_periods dp;
  ls_status s = day_periods_get(ws, sc, p, 0, &dp);
  if (s != LS_OK || !dp.pof) return s;
  const act_index *a = dp.a;
  uint64_t mask = (UINT64_C(1) << a->daybits) - 1;
  int64_t seen = -1, days = 0; /* the current user's period and its active days so far */
  for (size_t i = 0; i <= a->npairs; i++) {
    int64_t k = -1;
    if (i < a->npairs) {
      int64_t day = (int64_t)(a->pairs[i] & mask);
      if (day >= dp.lo && day < dp.hi) k = dp.pof[day - dp.lo];
    }
    int same = i < a->npairs && i > 0 && (a->pairs[i] >> a->daybits) == (a->pairs[i - 1] >> a->daybits);
    if (seen >= 0 && (!same || k != seen)) {
      out[(size_t)seen * w + (size_t)(days < LS_ACTIVE_DAYS_MAX ? days : LS_ACTIVE_DAYS_MAX)]++;
      seen = -1;
    }
    if (k >= 0) {
      if (k != seen) seen = k, days = 0;
      days++;
    }
  }
  ls_free(dp.pof);
  return LS_OK;
}

/* one state of ls_lifecycle as a catalog series; dormant negated */
static ls_status life_state(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, int state, double *out) {
  double *all = ls_malloc(LS_LIFE_STATES * p->n * sizeof *all);
  if (!all) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  ls_status s = ls_lifecycle(ws, sc, p, all);
  for (size_t k = 0; s == LS_OK && k < p->n; k++) {
    double v = all[(size_t)state * p->n + k];
    out[k] = state == LS_LIFE_DORMANT && v != 0 ? -v : v;
  }
  ls_free(all);
  return s;
}

LS_KERNEL(lifecycle_new) {
  return life_state(ws, sc, p, LS_LIFE_NEW, out);
}

LS_KERNEL(lifecycle_returning) {
  return life_state(ws, sc, p, LS_LIFE_RETURNING, out);
}

LS_KERNEL(lifecycle_resurrecting) {
  return life_state(ws, sc, p, LS_LIFE_RESURRECTING, out);
}

LS_KERNEL(lifecycle_dormant) {
  return life_state(ws, sc, p, LS_LIFE_DORMANT, out);
}
