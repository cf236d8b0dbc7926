/* activity.c: DAU, rolling WAU and MAU, new and active users and stickiness
 * from an events dataset.
 *
 * One index per workspace and time zone: the distinct (user, local day)
 * pairs, sorted by user then day with a radix sort. The local day of an event
 * takes the zone's offset at that instant (DST included) through a cursor that
 * re-evaluates the rules only when an event leaves the current offset's span.
 * From the index:
 *   DAU(d)       pairs on day d;
 *   rolling W(d) users with an active day in [d-W+1, d]: each user's active
 *                days a1 < a2 < … cover [a_i, min(a_i + W, a_{i+1})), added
 *                to a difference array, so the whole series is O(pairs + days);
 *   new users    users whose first active day falls in the period;
 *   active users users with an active day in the period (ARPU's denominator):
 *                each user's days in order (a day-to-period table), each
 *                period counted once per user: O(pairs + days);
 *   stickiness   the mean over the period's days of DAU(d) / MAU(d).
 * The index itself is shared with lifecycle.c through metrics/actindex.h. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/radix.h"
#include "metrics/actindex.h"
#include "metrics/evindex.h"
#include "metrics/metrics.h"
#include "metrics/scope.h"
#include "metrics/userscope.h"

/* ---- private ---- */

static void act_free(void *p) {
  act_index *a = p;
  if (!a) return;
  ls_free(a->pairs);
  ls_free(a->newcum);
  ls_free(a);
}

static int64_t local_day(ls_tz_cursor *c, int64_t t) {
  return ls_floor_div(ls_tz_cursor_local(c, t), LS_MS_PER_DAY);
}

/* newcum of a's pairs (a->ndays, a->daybits set) */
static ls_status cumulate(act_index *a) {
  a->newcum = ls_calloc(a->ndays + 1, sizeof *a->newcum);
  if (!a->newcum) return LS_ENOMEM;
  uint64_t mask = (UINT64_C(1) << a->daybits) - 1;
  for (size_t i = 0; i < a->npairs; i++) {
    size_t day = (size_t)(a->pairs[i] & mask);
    if (i == 0 || (a->pairs[i] >> a->daybits) != (a->pairs[i - 1] >> a->daybits)) a->newcum[day + 1]++;
  }
  for (size_t dd = 1; dd <= a->ndays; dd++) a->newcum[dd] += a->newcum[dd - 1];
  return LS_OK;
}

/* The index of a scope that keeps whole users (kept: per user), cut from
 * the index of every row: its pairs of the kept users, with the days counted
 * from the first of theirs. */
static ls_status cut_users(ls_workspace *ws, const uint8_t *kept, void **out) {
  act_index *all = NULL;
  ls_scope none = {NULL, 0};
  ls_status st = ls_actindex_get(ws, &none, &all);
  if (st != LS_OK) return st;
  act_index *a = ls_calloc(1, sizeof *a);
  if (!a) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  uint64_t amask = (UINT64_C(1) << all->daybits) - 1;
  size_t m = 0;
  uint64_t lo = UINT64_MAX, hi = 0; /* day offsets in all's index */
  for (size_t i = 0; i < all->npairs; i++) {
    if (!kept[all->pairs[i] >> all->daybits]) continue;
    uint64_t d = all->pairs[i] & amask;
    if (d < lo) lo = d;
    if (d > hi) hi = d;
    m++;
  }
  if (m == 0) { /* no pairs: as a build over no timestamps */
    a->newcum = ls_calloc(1, sizeof *a->newcum);
    if (!a->newcum) goto oom;
    *out = a;
    return LS_OK;
  }
  a->day0 = all->day0 + (int64_t)lo;
  a->ndays = (size_t)(hi - lo + 1);
  a->daybits = ls_bits_for((uint64_t)(a->ndays - 1));
  if (a->daybits == 0) a->daybits = 1;
  if (!(a->pairs = ls_malloc(m * sizeof *a->pairs))) goto oom;
  for (size_t i = 0; i < all->npairs; i++) {
    uint64_t u = all->pairs[i] >> all->daybits;
    if (kept[u]) a->pairs[a->npairs++] = u << a->daybits | ((all->pairs[i] & amask) - lo);
  }
  if (cumulate(a) != LS_OK) goto oom;
  *out = a;
  return LS_OK;
oom:
  act_free(a);
  return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
}

/* The local day of every row of the events (its timestamp's, in the
 * workspace zone; 0 for a null one), read once per zone; ok 0 when a day
 * does not fit 32 bits (the build then reads each row's day itself). */
typedef struct {
  int32_t *day;
  int ok;
} row_days;

static void days_free(void *p) {
  row_days *r = p;
  if (!r) return;
  ls_free(r->day);
  ls_free(r);
}

static ls_status build_days(ls_workspace *ws, void *ctx, void **value) {
  const ls_column *ts = ctx;
  size_t n = ls_column_len(ts);
  const int64_t *tv = ls_column_i64(ts);
  row_days *r = ls_calloc(1, sizeof *r);
  if (!r || !(r->day = ls_malloc((n ? n : 1) * sizeof *r->day))) {
    ls_free(r);
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  ls_tz_cursor tz;
  ls_tz_cursor_init(&tz, ls_workspace_tz(ws));
  r->ok = 1;
  int nulls = ls_column_nulls(ts) != 0;
  for (size_t i = 0; i < n && r->ok; i++) {
    int64_t d = nulls && !ls_column_valid(ts, i) ? 0 : local_day(&tz, tv[i]);
    r->ok = d >= INT32_MIN && d <= INT32_MAX;
    r->day[i] = (int32_t)d;
  }
  *value = r;
  return LS_OK;
}

/* the day of row i: from the cached days, else read */
static int64_t day_of(const row_days *r, ls_tz_cursor *tz, const int64_t *tv, size_t i) {
  return r->ok ? r->day[i] : local_day(tz, tv[i]);
}

/* The distinct (user, day - lo) keys of the kept rows with a user, in order,
 * from the unscoped events index x (each user's events in time order, so
 * each user's days come in order): *m keys; 0 when x does not hold every
 * row with a user and a time (a row without an event name) or a user's
 * days go back (a zone's day shifting back): the caller then sorts. */
static int keys_in_order(const ls_evindex *x, size_t with_user, const uint8_t *keep, const row_days *r,
                         int64_t lo, int daybits, uint64_t *keys, size_t *m) {
  *m = 0;
  if (!x || x->n != with_user || !r->ok) return 0;
  for (size_t u = 0; u < x->nusers; u++) {
    int64_t last = INT64_MIN;
    for (size_t k = x->first[u]; k < x->first[u + 1]; k++) {
      size_t row = (size_t)x->row[k];
      if (keep && !keep[row]) continue;
      int64_t d = r->day[row];
      if (d == last) continue;
      if (d < last) return 0;
      last = d;
      keys[(*m)++] = (uint64_t)u << daybits | (uint64_t)(d - lo);
    }
  }
  return 1;
}

static ls_status build(ls_workspace *ws, void *ctx, void **out) {
  int di = ls_workspace_find(ws, LS_KIND_EVENTS);
  int cut = 0;
  ls_status st = ls_user_scope_cut(ws, di, ctx, cut_users, out, &cut);
  if (st != LS_OK || cut) return st;
  uint8_t *keep = NULL;
  st = ls_scope_mask(ws, di, ctx, &keep);
  if (st != LS_OK) return st;
  const ls_table *t = ls_workspace_table(ws, (size_t)di);
  const ls_detection *d = ls_workspace_detection(ws, (size_t)di);
  const ls_column *ts = ls_table_col(t, (size_t)d->col[LS_ROLE_TIMESTAMP]);
  const int64_t *tv = ls_column_i64(ts);
  ls_tz_cursor tz;
  ls_tz_cursor_init(&tz, ls_workspace_tz(ws));
  size_t n = ls_table_rows(t), nusers = 0;
  /* the events index of every row first (its build may add cache entries),
   * then the user ids, then the days: the entries held from here on */
  const ls_evindex *x = NULL;
  ls_scope none = {NULL, 0};
  if (ls_evindex_get(ws, &none, &x) != LS_OK) {
    x = NULL; /* no events index (no event column): the rows are sorted instead */
    ls_workspace_fail(ws, LS_OK, "%s", "");
  }
  const int32_t *uid = NULL; /* events without a user id are their anonymous id's */
  void *rv = NULL;
  char dkey[64]; /* the column's: every zone or mapping change empties the cache */
  snprintf(dkey, sizeof dkey, "activity|days|%p", (const void *)ts);
  if (ls_user_ids(ws, di, &uid, &nusers) != LS_OK ||
      ls_workspace_cached_ctx(ws, dkey, build_days, (void *)ts, days_free, &rv) != LS_OK) {
    ls_free(keep);
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  const row_days *rd = rv;

  int64_t lo = INT64_MAX, hi = INT64_MIN;
  size_t with_user = 0; /* rows with a user and a time, kept or not */
  for (size_t i = 0; i < n; i++) {
    if (!ls_column_valid(ts, i)) continue;
    with_user += uid[i] >= 0;
    if (keep && !keep[i]) continue;
    int64_t day = day_of(rd, &tz, tv, i);
    if (day < lo) lo = day;
    if (day > hi) hi = day;
  }
  act_index *a = ls_calloc(1, sizeof *a);
  if (!a) {
    ls_free(keep);
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  if (lo == INT64_MAX) { /* no timestamps at all */
    ls_free(keep);
    a->newcum = ls_calloc(1, sizeof *a->newcum);
    if (!a->newcum) goto oom;
    *out = a;
    return LS_OK;
  }
  if (hi - lo >= (INT64_C(1) << 24)) {
    ls_free(keep);
    act_free(a);
    return ls_workspace_fail(ws, LS_ERANGE, "%s: events span more than 45,000 years", ls_table_name(t));
  }
  a->day0 = lo;
  a->ndays = (size_t)(hi - lo + 1);
  a->daybits = ls_bits_for((uint64_t)(a->ndays - 1));
  if (a->daybits == 0) a->daybits = 1;

  uint64_t *keys = ls_malloc((n ? n : 1) * sizeof *keys), *tmp = NULL;
  if (!keys) {
    ls_free(keep);
    goto oom;
  }
  size_t m = 0;
  /* in order from the events index (sorted by user and time once for every
   * kernel), else every kept row's key radix-sorted */
  if (!keys_in_order(x, with_user, keep, rd, lo, a->daybits, keys, &m)) {
    if (!(tmp = ls_malloc((n ? n : 1) * sizeof *tmp))) {
      ls_free(keep);
      ls_free(keys);
      goto oom;
    }
    m = 0;
    ls_tz_cursor_init(&tz, ls_workspace_tz(ws));
    for (size_t i = 0; i < n; i++) {
      if (uid[i] < 0 || !ls_column_valid(ts, i) || (keep && !keep[i])) continue;
      keys[m++] = (uint64_t)uid[i] << a->daybits | (uint64_t)(day_of(rd, &tz, tv, i) - lo);
    }
    ls_radix_sort_u64(keys, tmp, m, a->daybits + ls_bits_for(nusers));
    ls_free(tmp);
  }
  ls_free(keep);
  size_t u = 0;
  for (size_t i = 0; i < m; i++)
    if (i == 0 || keys[i] != keys[i - 1]) keys[u++] = keys[i];
  a->npairs = u;
  a->pairs = ls_reallocarray(keys, u ? u : 1, sizeof *keys);
  if (!a->pairs) a->pairs = keys;

  if (cumulate(a) != LS_OK) goto oom;
  *out = a;
  return LS_OK;
oom:
  act_free(a);
  return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
}

/* ---- API ---- */

ls_status ls_actindex_get(ls_workspace *ws, const ls_scope *sc, act_index **out) {
  void *index = NULL;
  char key[256] = "activity|";
  ls_scope_key(sc, key + strlen(key), sizeof key - strlen(key));
  ls_status s = ls_workspace_cached_ctx(ws, key, build, (void *)sc, act_free, &index);
  *out = index;
  return s;
}

/* cover[d] for every index day d in [0, ndays + window): the users active
 * in the `window` days ending on d. *cover is ls_free'd by the caller. */
static ls_status cover_days(ls_workspace *ws, const act_index *a, int64_t window, int64_t **cover) {
  size_t span = a->ndays + (size_t)window;
  int64_t *c = ls_calloc(span + 1, sizeof *c);
  if (!c) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  uint64_t mask = (UINT64_C(1) << a->daybits) - 1;
  for (size_t i = 0; i < a->npairs; i++) {
    int64_t day = (int64_t)(a->pairs[i] & mask);
    int64_t until = day + window;
    if (i + 1 < a->npairs && (a->pairs[i + 1] >> a->daybits) == (a->pairs[i] >> a->daybits)) {
      int64_t next = (int64_t)(a->pairs[i + 1] & mask);
      if (next < until) until = next;
    }
    c[day]++;
    c[until]--;
  }
  for (size_t dd = 1; dd <= span; dd++) c[dd] += c[dd - 1];
  *cover = c;
  return LS_OK;
}

/* cover[dd] of index day dd, 0 outside [0, ndays + window) */
static double covered(const act_index *a, const int64_t *cover, int64_t window, int64_t dd) {
  return (a->ndays && dd >= 0 && dd < (int64_t)a->ndays + window) ? (double)cover[dd] : 0;
}

/* distinct users active in the `window` days ending on each period's day */
static ls_status rolling(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, int64_t window, double *out) {
  act_index *a = NULL;
  int64_t *cover = NULL;
  ls_status s = ls_actindex_get(ws, sc, &a);
  if (s == LS_OK) s = cover_days(ws, a, window, &cover);
  if (s != LS_OK) return s;
  for (size_t k = 0; k < p->n; k++) out[k] = covered(a, cover, window, ls_actindex_period_day(p, k) - a->day0);
  ls_free(cover);
  return LS_OK;
}

LS_KERNEL(dau) {
  return rolling(ws, sc, p, 1, out);
}

LS_KERNEL(wau) {
  return rolling(ws, sc, p, 7, out);
}

LS_KERNEL(mau) {
  return rolling(ws, sc, p, 30, out);
}

LS_KERNEL(new_users) {
  act_index *a = NULL;
  ls_status s = ls_actindex_get(ws, sc, &a);
  if (s != LS_OK) return s;
  for (size_t k = 0; k < p->n; k++) {
    int64_t from = ls_actindex_period_day(p, k) - a->day0;
    int64_t to = ls_actindex_period_day(p, k + 1) - a->day0;
    int64_t nd = (int64_t)a->ndays;
    from = from < 0 ? 0 : from > nd ? nd : from;
    to = to < 0 ? 0 : to > nd ? nd : to;
    out[k] = (double)(a->newcum[to] - a->newcum[from]);
  }
  return LS_OK;
}

ls_status ls_activity_users(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, double *out) {
  if (ls_workspace_find(ws, LS_KIND_EVENTS) < 0) return ls_workspace_fail(ws, LS_ENODATA, "no events dataset is loaded");
  act_index *a = NULL;
  ls_status s = ls_actindex_get(ws, sc, &a);
  if (s != LS_OK) return s;
  for (size_t k = 0; k < p->n; k++) out[k] = 0;
  uint64_t mask = (UINT64_C(1) << a->daybits) - 1;
  int64_t first = ls_actindex_period_day(p, 0) - a->day0, last = ls_actindex_period_day(p, p->n) - a->day0;
  /* the period of each index day in [lo, hi) */
  int64_t lo = first > 0 ? first : 0, hi = last < (int64_t)a->ndays ? last : (int64_t)a->ndays;
  if (hi <= lo) return LS_OK;
  int32_t *pof = ls_malloc((size_t)(hi - lo) * sizeof *pof);
  if (!pof) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  for (size_t k = 0; k < p->n; k++) {
    int64_t from = ls_actindex_period_day(p, k) - a->day0, to = ls_actindex_period_day(p, k + 1) - a->day0;
    for (int64_t d = from > lo ? from : lo; d < to && d < hi; d++) pof[d - lo] = (int32_t)k;
  }
  int32_t seen = -1; /* the last period counted for the current user */
  for (size_t i = 0; i < a->npairs; i++) {
    if (i && (a->pairs[i] >> a->daybits) != (a->pairs[i - 1] >> a->daybits)) seen = -1;
    int64_t day = (int64_t)(a->pairs[i] & mask);
    if (day < lo || day >= hi) continue;
    int32_t k = pof[day - lo];
    if (k != seen) out[k]++, seen = k;
  }
  ls_free(pof);
  return LS_OK;
}

LS_KERNEL(active_users) {
  return ls_activity_users(ws, sc, p, out);
}

/* the mean over the period's days of DAU(d) / MAU(d), days with MAU 0 left
 * out (NaN when every day is) */
LS_KERNEL(stickiness) {
  act_index *a = NULL;
  int64_t *dau = NULL, *mau = NULL;
  ls_status s = ls_actindex_get(ws, sc, &a);
  if (s == LS_OK) s = cover_days(ws, a, 1, &dau);
  if (s == LS_OK) s = cover_days(ws, a, 30, &mau);
  for (size_t k = 0; s == LS_OK && k < p->n; k++) {
    double sum = 0;
    int64_t days = 0;
    int64_t to = ls_actindex_period_day(p, k + 1) - a->day0;
    for (int64_t dd = ls_actindex_period_day(p, k) - a->day0; dd < to; dd++) {
      double m = covered(a, mau, 30, dd);
      if (m > 0) sum += covered(a, dau, 1, dd) / m, days++;
    }
    out[k] = days ? sum / (double)days : NAN;
  }
  ls_free(dau);
  ls_free(mau);
  return s;
}
