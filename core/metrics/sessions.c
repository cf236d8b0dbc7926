/* sessions.c: sessions, their durations and sessions per user
 * (metrics/sessions.h).
 *
 * One pass over the events index cuts each user's events into sessions; each
 * session is placed in the period holding its first event by a binary search
 * over the period starts. The durations of each period's sessions are
 * gathered by a counting sort on the period, then sorted per period for the
 * median: O(n + s log s) for n events and s sessions. They are kept in the
 * workspace cache per scope and periods, so the four session metrics of one
 * view cut the sessions once. */
#include "metrics/sessions.h"

#include <math.h>
#include <stdlib.h>

#include "base/alloc.h"
#include "base/radix.h"
#include "metrics/scope.h"
#include "workspace/settings.h"

/* ---- private ---- */

/* The durations (ms) of the sessions starting in each period: period k's
 * are dur[off[k] .. off[k + 1]), ascending. */
typedef struct {
  int64_t *dur;
  size_t *off;
} by_period;

/* the period holding instant t, or -1 outside [start[0], start[n]) */
static long period_of(const ls_periods *p, int64_t t) {
  if (p->n == 0 || t < p->start[0] || t >= p->start[p->n]) return -1;
  size_t lo = 0, hi = p->n; /* start[lo] <= t < start[hi] */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (p->start[mid] <= t) lo = mid;
    else hi = mid;
  }
  return (long)lo;
}

typedef struct {
  const ls_scope *sc;
  const ls_periods *p;
} gather_ctx;

static void gather_free(void *v) {
  by_period *bp = v;
  if (!bp) return;
  ls_free(bp->dur);
  ls_free(bp->off);
  ls_free(bp);
}

static int cmp_i64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

/* d[0..m) ascending (durations are never negative: a radix sort past a
 * few hundred) */
static void sort_durations(int64_t *d, size_t m, uint64_t *tmp) {
  if (m < 512) {
    qsort(d, m, sizeof *d, cmp_i64);
    return;
  }
  uint64_t hi = 0;
  for (size_t i = 0; i < m; i++) hi |= (uint64_t)d[i];
  int bits = ls_bits_for(hi);
  if (bits) ls_radix_sort_u64((uint64_t *)d, tmp, m, bits);
}

/* the durations of each period's sessions, each period's sorted */
static ls_status build(ls_workspace *ws, void *ctx, void **value) {
  const ls_scope *sc = ((gather_ctx *)ctx)->sc;
  const ls_periods *p = ((gather_ctx *)ctx)->p;
  const ls_evindex *x = NULL;
  int64_t gap = ls_session_gap(ws);
  ls_status s = ls_evindex_get(ws, sc, &x);
  if (s != LS_OK) return s;
  by_period *bp = ls_calloc(1, sizeof *bp);
  if (!bp || !(bp->off = ls_calloc(p->n + 2, sizeof *bp->off))) {
    ls_free(bp);
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  /* two passes: count per period, then place */
  for (int pass = 0; pass < 2; pass++) {
    for (size_t i = 0; i < x->n;) {
      size_t end = ls_session_end(x, i, gap);
      long k = period_of(p, x->t[i]);
      if (k >= 0) {
        if (pass == 0) bp->off[k + 2]++;
        else bp->dur[bp->off[k + 1]++] = x->t[end - 1] - x->t[i];
      }
      i = end;
    }
    if (pass == 0) {
      for (size_t k = 2; k < p->n + 2; k++) bp->off[k] += bp->off[k - 1];
      bp->dur = ls_malloc((bp->off[p->n + 1] ? bp->off[p->n + 1] : 1) * sizeof *bp->dur);
      if (!bp->dur) {
        gather_free(bp);
        return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
      }
    }
  }
  /* after placing, off[k + 1] is the end of period k and off[k] its start */
  size_t most = 0;
  for (size_t k = 0; k < p->n; k++)
    if (bp->off[k + 1] - bp->off[k] > most) most = bp->off[k + 1] - bp->off[k];
  uint64_t *tmp = ls_malloc((most ? most : 1) * sizeof *tmp);
  if (!tmp) {
    gather_free(bp);
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  for (size_t k = 0; k < p->n; k++) sort_durations(bp->dur + bp->off[k], bp->off[k + 1] - bp->off[k], tmp);
  ls_free(tmp);
  *value = bp;
  return LS_OK;
}

/* The sessions of sc's events over p, built once per scope and periods and
 * kept in the workspace cache (valid until the next call that may build). */
static ls_status gather(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, const by_period **bp) {
  char key[256];
  ls_periods_key("sessions", p, sc, key, sizeof key);
  gather_ctx cx = {sc, p};
  void *v = NULL;
  ls_status s = ls_workspace_cached_ctx(ws, key, build, &cx, gather_free, &v);
  *bp = v;
  return s;
}

/* the statistics of one period's durations d[0..m) (ms, ascending) */
static double count_of(const int64_t *d, size_t m) {
  (void)d;
  return (double)m;
}

static double mean_seconds(const int64_t *d, size_t m) {
  int64_t sum = 0;
  for (size_t i = 0; i < m; i++) sum += d[i];
  return m ? (double)sum / 1000.0 / (double)m : NAN;
}

static double median_seconds(const int64_t *d, size_t m) {
  if (m == 0) return NAN;
  return (m % 2 ? (double)d[m / 2] : ((double)d[m / 2 - 1] + (double)d[m / 2]) / 2.0) / 1000.0;
}

/* out[k] = stat of the durations of the sessions starting in period k */
static ls_status per_period(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, double *out,
                            double (*stat)(const int64_t *d, size_t m)) {
  const by_period *bp = NULL;
  ls_status s = gather(ws, sc, p, &bp);
  if (s != LS_OK) return s;
  for (size_t k = 0; k < p->n; k++) out[k] = stat(bp->dur + bp->off[k], bp->off[k + 1] - bp->off[k]);
  return LS_OK;
}

/* ---- API ---- */

int64_t ls_session_gap(const ls_workspace *ws) {
  return (int64_t)ls_workspace_settings(ws)->session_gap_minutes * 60000;
}

LS_KERNEL(sessions) {
  return per_period(ws, sc, p, out, count_of);
}

LS_KERNEL(session_duration) {
  return per_period(ws, sc, p, out, mean_seconds);
}

LS_KERNEL(session_duration_median) {
  return per_period(ws, sc, p, out, median_seconds);
}

LS_KERNEL(sessions_per_user) {
  double *users = ls_malloc((p->n ? p->n : 1) * sizeof *users);
  if (!users) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  /* the sessions first: the activity index may push the events index out
   * of the cache */
  ls_status s = ls_metric_sessions(ws, sc, p, out);
  if (s == LS_OK) s = ls_activity_users(ws, sc, p, users);
  for (size_t k = 0; s == LS_OK && k < p->n; k++) out[k] = users[k] > 0 ? out[k] / users[k] : NAN;
  ls_free(users);
  return s;
}
