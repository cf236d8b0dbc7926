/* sessions.c: sessions, their durations and sessions per user
 * (metrics/sessions.h).
 *
 * One pass over the events index cuts each user's events into sessions; each
 * session is placed in the period holding its first event by a binary search
 * over the period starts. The durations of each period's sessions are
 * gathered by a counting sort on the period, then sorted per period for the
 * median: O(n + s log s) for n events and s sessions. */
#include "metrics/sessions.h"

#include <math.h>
#include <stdlib.h>

#include "base/alloc.h"
#include "workspace/settings.h"

/* ---- private ---- */

/* The durations (ms) of the sessions starting in each period: period k's
 * are dur[off[k] .. off[k + 1]). Both ls_free'd by the caller. */
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

static ls_status gather(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, by_period *bp) {
  bp->dur = NULL;
  bp->off = NULL;
  const ls_evindex *x = NULL;
  int64_t gap = ls_session_gap(ws);
  ls_status s = ls_evindex_get(ws, sc, &x);
  if (s != LS_OK) return s;
  bp->off = ls_calloc(p->n + 2, sizeof *bp->off);
  if (!bp->off) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
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
        ls_free(bp->off);
        bp->off = NULL;
        return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
      }
    }
  }
  /* after placing, off[k + 1] is the end of period k and off[k] its start */
  return LS_OK;
}

static void gather_free(by_period *bp) {
  ls_free(bp->dur);
  ls_free(bp->off);
}

static int cmp_i64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

/* the statistics of one period's durations d[0..m) (ms; may be reordered) */
static double count_of(int64_t *d, size_t m) {
  (void)d;
  return (double)m;
}

static double mean_seconds(int64_t *d, size_t m) {
  int64_t sum = 0;
  for (size_t i = 0; i < m; i++) sum += d[i];
  return m ? (double)sum / 1000.0 / (double)m : NAN;
}

static double median_seconds(int64_t *d, size_t m) {
  if (m == 0) return NAN;
  qsort(d, m, sizeof *d, cmp_i64);
  return (m % 2 ? (double)d[m / 2] : ((double)d[m / 2 - 1] + (double)d[m / 2]) / 2.0) / 1000.0;
}

/* out[k] = stat of the durations of the sessions starting in period k */
static ls_status per_period(ls_workspace *ws, const ls_scope *sc, const ls_periods *p, double *out,
                            double (*stat)(int64_t *d, size_t m)) {
  by_period bp;
  ls_status s = gather(ws, sc, p, &bp);
  if (s != LS_OK) return s;
  for (size_t k = 0; k < p->n; k++) out[k] = stat(bp.dur + bp.off[k], bp.off[k + 1] - bp.off[k]);
  gather_free(&bp);
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
