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

/* A billing schedule: `from` (local wall time) split once into its civil
 * date and time of day, so each boundary costs one days_from_civil. */
typedef struct {
  int64_t from, months0, tod, days0;
  int day;
  int32_t cycle; /* months > 0, days < 0 */
} schedule;

static schedule schedule_of(int64_t from, int32_t cycle) {
  schedule c = {from, 0, 0, ls_floor_div(from, LS_MS_PER_DAY), 1, cycle};
  int64_t y;
  int m;
  ls_civil_from_days(c.days0, &y, &m, &c.day);
  c.months0 = y * 12 + (m - 1);
  c.tod = from - c.days0 * LS_MS_PER_DAY;
  return c;
}

/* boundary k: k cycles after from (months on the calendar, the day clamped
 * to the month's last; days on the wall clock), as an instant in tz */
static int64_t boundary(ls_tz tz, const schedule *c, int64_t k) {
  int64_t w;
  if (c->cycle > 0) {
    int64_t total = c->months0 + k * c->cycle, y = ls_floor_div(total, 12);
    int m = (int)(total - y * 12) + 1, len = ls_days_in_month(y, m);
    w = (ls_days_from_civil(y, m, 1) + (c->day <= len ? c->day : len) - 1) * LS_MS_PER_DAY + c->tod;
  } else {
    w = c->from + k * -(int64_t)c->cycle * LS_MS_PER_DAY;
  }
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
  int64_t first = p->start[0], end = p->start[p->n], first_local = ls_tz_to_local(p->tz, first);
  for (size_t i = 0; i < ix->nsubs; i++) {
    int64_t on = ix->trial_end[i] != INT64_MIN ? ix->trial_end[i] : ix->start[i], off = ix->off[i];
    int32_t cycle = ix->cycle[i];
    if (on >= off || cycle == 0) continue;
    schedule c = schedule_of(ls_tz_to_local(p->tz, on), cycle);
    int64_t k = 1;
    /* start a little before the first period: a cycle is at most 31 days a month */
    int64_t step = cycle < 0 ? -(int64_t)cycle * LS_MS_PER_DAY : (int64_t)cycle * 31 * LS_MS_PER_DAY,
            gap = first_local - c.from;
    if (gap > 2 * step) k = gap / step - 1;
    int64_t prev = k == 1 ? on : boundary(p->tz, &c, k - 1);
    long at = -1; /* the period of the last boundary counted: they only grow */
    for (; prev < off; k++) {
      int64_t b = boundary(p->tz, &c, k);
      if (b >= end) break;
      prev = b;
      if (b < first) continue;
      if (at < 0) at = period_of(p, b);
      while (p->start[at + 1] <= b) at++;
      due[at]++;
      renewed[at] += off > b;
    }
  }
  for (size_t i = 0; i < p->n; i++) out[i] = due[i] > 0 ? (double)renewed[i] / (double)due[i] : NAN;
  ls_free(due);
  return LS_OK;
}
