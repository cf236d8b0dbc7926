/* commerce_renewal.c: the renewal rate of a subscriptions dataset, from the
 * revenue index (metrics/revindex.h).
 *
 * A subscription bills from `on` (its start, or its trial end) in cycles of
 * its interval x interval count: boundaries b_k = on + k cycles (k >= 1),
 * months added on the workspace zone's calendar (the 31st becomes the last
 * day of a shorter month), days on its wall clock. At b_k it is due when it
 * was still on at the start of that cycle (b_(k-1) < off) and renewed when it
 * is still on just after b_k (off > b_k). O(boundaries) per subscription,
 * skipping those before the first period. */
#include <math.h>
#include <stdint.h>

#include "base/alloc.h"
#include "base/timeutil.h"
#include "metrics/metrics.h"
#include "metrics/revindex.h"

/* ---- private ---- */

/* local wall time w plus `months` calendar months, the day clamped */
static int64_t plus_months(int64_t w, int64_t months) {
  int64_t days = ls_floor_div(w, LS_MS_PER_DAY), y;
  int m, d;
  ls_civil_from_days(days, &y, &m, &d);
  int64_t total = y * 12 + (m - 1) + months, ny = ls_floor_div(total, 12);
  int nm = (int)(total - ny * 12) + 1;
  int64_t start = ls_days_from_civil(ny, nm, 1);
  int64_t len = (nm == 12 ? ls_days_from_civil(ny + 1, 1, 1) : ls_days_from_civil(ny, nm + 1, 1)) - start;
  return (start + (d <= len ? d : len) - 1) * LS_MS_PER_DAY + (w - days * LS_MS_PER_DAY);
}

/* boundary k of a subscription billing from local wall time `from` */
static int64_t boundary(ls_tz tz, int64_t from, int32_t cycle, int64_t k) {
  int64_t w = cycle > 0 ? plus_months(from, k * cycle) : from + k * -(int64_t)cycle * LS_MS_PER_DAY;
  return ls_tz_from_local(tz, w);
}

/* the period of p holding t, or -1 */
static long period_of(const ls_periods *p, int64_t t) {
  if (t < p->start[0] || t >= p->start[p->n]) return -1;
  size_t lo = 0, hi = p->n;
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (p->start[mid] <= t) lo = mid;
    else hi = mid;
  }
  return (long)lo;
}

/* ---- API ---- */

LS_KERNEL(renewal_rate) {
  const ls_revindex *ix;
  ls_status s = ls_revindex_get(ws, sc, &ix);
  if (s != LS_OK) return s;
  int64_t *due = ls_calloc(2 * p->n + 1, sizeof *due), *renewed = due + p->n;
  if (!due) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  int64_t first = p->start[0], end = p->start[p->n];
  for (size_t i = 0; i < ix->nsubs; i++) {
    int64_t on = ix->trial_end[i] != INT64_MIN ? ix->trial_end[i] : ix->start[i], off = ix->off[i];
    int32_t cycle = ix->cycle[i];
    if (on >= off || cycle == 0) continue;
    int64_t from = ls_tz_to_local(p->tz, on), k = 1;
    if (cycle < 0) { /* days: start near the first period */
      int64_t step = -(int64_t)cycle * LS_MS_PER_DAY, gap = ls_tz_to_local(p->tz, first) - from;
      if (gap > 2 * step) k = gap / step - 1;
    }
    int64_t prev = k == 1 ? on : boundary(p->tz, from, cycle, k - 1);
    for (; prev < off; k++) {
      int64_t b = boundary(p->tz, from, cycle, k);
      if (b >= end) break;
      long at = period_of(p, b);
      if (at >= 0) {
        due[at]++;
        renewed[at] += off > b;
      }
      prev = b;
    }
  }
  for (size_t i = 0; i < p->n; i++) out[i] = due[i] > 0 ? (double)renewed[i] / (double)due[i] : NAN;
  ls_free(due);
  return LS_OK;
}
