/* commerce_renewal.c: the renewal rate of a subscriptions dataset, from the
 * revenue index (metrics/revindex.h).
 *
 * A subscription bills from `on` (its start, or its trial end) in cycles of
 * its interval x interval count: boundaries b_k = on + k cycles (k >= 1),
 * months added on the workspace zone's calendar (the 31st becomes the last
 * day of a shorter month), days on its wall clock. At b_k it is due when it
 * was still on at the start of that cycle (b_(k-1) < off) and renewed when it
 * is still on just after b_k (off > b_k). O(boundaries) per subscription,
 * skipping those before the first period; O(1) for a monthly one (O(periods
 * / cycle) for one billed every few months) when the periods are calendar
 * months of a zone without daylight saving: its boundary k then falls in
 * the month k cycles after its start, and only the first boundary at or
 * after off needs its date. In such a zone a subscription billed in days
 * has its boundaries found by adding a cycle. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/timeutil.h"
#include "base/tz.h"
#include "metrics/metrics.h"
#include "metrics/revindex.h"
#include "metrics/scope.h"

/* ---- private ---- */

/* A billing schedule: `from` (local wall time) split once into its civil
 * date and time of day, so each boundary costs one days_from_civil. */
typedef struct {
  int64_t from, months0, tod, days0;
  int day;
  int32_t cycle; /* months > 0, days < 0 */
} schedule;

/* The civil dates of the days [lo, lo + n) (a month number, year x 12 +
 * month - 1, and a day of the month each), stepped through once, so that
 * most schedules need no conversion. */
typedef struct {
  int64_t lo;
  size_t n;
  int32_t *months;
  int8_t *mday;
} day_table;

/* a table of the days around p's periods (ten years either side): empty
 * when out of memory, which only costs conversions */
static day_table days_around(const ls_periods *p) {
  int64_t lo = ls_floor_div(ls_tz_to_local(p->tz, p->start[0]), LS_MS_PER_DAY) - 3653,
          hi = ls_floor_div(ls_tz_to_local(p->tz, p->start[p->n]), LS_MS_PER_DAY) + 3653;
  day_table t = {lo, (size_t)(hi - lo), NULL, NULL};
  if (t.n > ((size_t)1 << 20) || !(t.months = ls_malloc(t.n * sizeof *t.months)) ||
      !(t.mday = ls_malloc(t.n))) {
    ls_free(t.months);
    return (day_table){0, 0, NULL, NULL};
  }
  int64_t y;
  int m, d;
  ls_civil_from_days(lo, &y, &m, &d);
  for (size_t i = 0; i < t.n; i++) {
    t.months[i] = (int32_t)(y * 12 + m - 1), t.mday[i] = (int8_t)d;
    if (++d > ls_days_in_month(y, m)) d = 1, m = m == 12 ? 1 : m + 1, y += m == 1;
  }
  return t;
}

/* the month number and day of the month of day z */
static void civil_of(const day_table *t, int64_t z, int64_t *months, int *mday) {
  if (z >= t->lo && z - t->lo < (int64_t)t->n) {
    *months = t->months[z - t->lo], *mday = t->mday[z - t->lo];
    return;
  }
  int64_t y;
  int m;
  ls_civil_from_days(z, &y, &m, mday);
  *months = y * 12 + (m - 1);
}

static schedule schedule_of(const day_table *t, int64_t from, int32_t cycle) {
  schedule c = {from, 0, 0, ls_floor_div(from, LS_MS_PER_DAY), 1, cycle};
  civil_of(t, c.days0, &c.months0, &c.day);
  c.tod = from - c.days0 * LS_MS_PER_DAY;
  return c;
}

/* boundary k: k cycles after from (months on the calendar, the day clamped
 * to the month's last; days on the wall clock), as a wall time */
static int64_t wall_at(const schedule *c, int64_t k) {
  if (c->cycle < 0) return c->from + k * -(int64_t)c->cycle * LS_MS_PER_DAY;
  int64_t total = c->months0 + k * c->cycle, y = ls_floor_div(total, 12);
  int m = (int)(total - y * 12) + 1, len = ls_days_in_month(y, m);
  return (ls_days_from_civil(y, m, 1) + (c->day <= len ? c->day : len) - 1) * LS_MS_PER_DAY + c->tod;
}

/* boundary k as an instant in tz */
static int64_t boundary(ls_tz tz, const schedule *c, int64_t k) { return ls_tz_from_local(tz, wall_at(c, k)); }

/* The calendar month (year x 12 + month - 1) of each period of p, when
 * they are consecutive months of a fixed-offset zone starting at midnight
 * on the 1st: then the month of p's first, else -1. */
static int64_t calendar_months(const ls_periods *p, const day_table *t) {
  if (p->grain != LS_GRAIN_MONTH || p->tz < -LS_TZ_MAX_OFFSET || p->tz > LS_TZ_MAX_OFFSET) return -1;
  int64_t first = -1;
  for (size_t j = 0; j <= p->n; j++) {
    schedule c = schedule_of(t, ls_tz_to_local(p->tz, p->start[j]), 1);
    if (c.day != 1 || c.tod != 0 || (j && c.months0 != first + (int64_t)j)) return -1;
    if (!j) first = c.months0;
  }
  return first;
}

/* a / cy rounded down (cy > 0), without a division for a monthly cycle */
static int64_t per_cycle(int64_t a, int64_t cy) { return cy == 1 ? a : ls_floor_div(a, cy); }

/* Count a subscription billed every c->cycle months into the differences
 * of due and renewed over the periods (p as calendar_months gives month0,
 * n periods) by month arithmetic: boundary k is in period months0 - month0
 * + k x cycle; it is due from k = 1 through the first boundary at or after
 * off (off_wall, in the same fixed offset), renewed before that one. That
 * boundary is the first in off's month or after: compared by month, then
 * (clamped) day and time of day, like wall times. */
static void count_months(const day_table *t, const schedule *c, int64_t off_wall, int64_t month0, int64_t n,
                         int64_t *due, int64_t *renewed) {
  int64_t cy = c->cycle, at0 = c->months0 - month0, last = INT64_MAX;
  if (off_wall != INT64_MAX) {
    schedule o = schedule_of(t, off_wall, 1);
    int64_t k = per_cycle(o.months0 - c->months0, cy); /* boundary k is in off's month or before */
    last = k + 1;
    if (k >= 1 && c->months0 + k * cy == o.months0) {
      int64_t y = ls_floor_div(o.months0, 12), len = ls_days_in_month(y, (int)(o.months0 - y * 12) + 1),
              day = c->day <= len ? c->day : len;
      if (day > o.day || (day == o.day && c->tod >= o.tod)) last = k;
    }
  }
  int64_t lo = -per_cycle(at0, cy), hi = per_cycle(n - 1 - at0, cy); /* in periods 0 .. n - 1 */
  if (lo < 1) lo = 1;
  if (hi > last) hi = last;
  if (lo > hi) return;
  if (cy == 1) { /* one boundary in each period from at0 + lo through at0 + hi */
    int64_t paid = hi < last ? hi : last - 1;
    due[at0 + lo]++, due[at0 + hi + 1]--;
    if (lo <= paid) renewed[at0 + lo]++, renewed[at0 + paid + 1]--;
    return;
  }
  for (int64_t k = lo; k <= hi; k++) {
    int64_t q = at0 + k * cy;
    due[q]++, due[q + 1]--;
    if (k < last) renewed[q]++, renewed[q + 1]--;
  }
}

/* Count a subscription billed every step ms (whole days) from on into due
 * and renewed, when p's zone has a fixed offset: its boundaries are then
 * on + k step, each found by an addition, its period by moving forward. */
static void count_days(int64_t on, int64_t off, int64_t step, const ls_periods *p, int64_t *due,
                       int64_t *renewed) {
  int64_t first = p->start[0], end = p->start[p->n], k = 1;
  if (first - on > step) k = (first - on) / step; /* boundary k - 1 is before the first period */
  size_t at = 0;
  for (int64_t b = on + k * step, prev = b - step; prev < off && b < end; prev = b, b += step) {
    if (b < first) continue;
    while (p->start[at + 1] <= b) at++;
    due[at]++;
    renewed[at] += off > b;
  }
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

typedef struct {
  const ls_scope *sc;
  const ls_periods *p;
} rate_ctx;

/* The rate in each of the periods into a new array (cached by the kernel). */
static ls_status build(ls_workspace *ws, void *ctx, void **value) {
  const ls_scope *sc = ((rate_ctx *)ctx)->sc;
  const ls_periods *p = ((rate_ctx *)ctx)->p;
  const ls_revindex *ix;
  ls_status s = ls_revindex_get(ws, sc, &ix);
  if (s != LS_OK) return s;
  double *out = ls_malloc((p->n + 1) * sizeof *out);
  /* counts, then differences for count_months */
  int64_t *due = ls_calloc(4 * (p->n + 1), sizeof *due), *renewed = due + p->n + 1, *ddue = renewed + p->n + 1,
          *drenewed = ddue + p->n + 1;
  if (!due || !out) {
    ls_free(due), ls_free(out);
    return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  }
  int64_t first = p->start[0], end = p->start[p->n], first_local = ls_tz_to_local(p->tz, first);
  day_table days = days_around(p);
  int64_t month0 = calendar_months(p, &days);
  int fixed = p->tz >= -LS_TZ_MAX_OFFSET && p->tz <= LS_TZ_MAX_OFFSET;
  for (size_t i = 0; i < ix->nsubs; i++) {
    int64_t on = ix->trial_end[i] != INT64_MIN ? ix->trial_end[i] : ix->start[i], off = ix->off[i];
    int32_t cycle = ix->cycle[i];
    if (on >= off || cycle == 0) continue;
    if (fixed && cycle < 0) {
      count_days(on, off, -(int64_t)cycle * LS_MS_PER_DAY, p, due, renewed);
      continue;
    }
    schedule c = schedule_of(&days, ls_tz_to_local(p->tz, on), cycle);
    if (month0 >= 0 && cycle > 0) {
      int64_t off_wall = off == INT64_MAX ? INT64_MAX : ls_tz_to_local(p->tz, off);
      count_months(&days, &c, off_wall, month0, (int64_t)p->n, ddue, drenewed);
      continue;
    }
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
  int64_t d = 0, r = 0;
  for (size_t i = 0; i < p->n; i++) {
    due[i] += d += ddue[i];
    renewed[i] += r += drenewed[i];
    out[i] = due[i] > 0 ? (double)renewed[i] / (double)due[i] : NAN;
  }
  ls_free(due);
  ls_free(days.months), ls_free(days.mday);
  *value = out;
  return LS_OK;
}

/* ---- API ---- */

LS_KERNEL(renewal_rate) {
  char key[256];
  int k = snprintf(key, sizeof key, "renewal|%d|%d|%lld|%lld|%zu|", (int)p->grain, (int)p->tz,
                   (long long)p->start[0], (long long)p->start[p->n], p->n);
  ls_scope_key(sc, key + k, sizeof key - (size_t)k);
  rate_ctx cx = {sc, p};
  void *v = NULL;
  ls_status s = ls_workspace_cached_ctx(ws, key, build, &cx, ls_free, &v);
  if (s != LS_OK) return s;
  memcpy(out, v, p->n * sizeof *out);
  return LS_OK;
}
