/* anomaly.c: the MAD, EWMA and seasonal detectors (anomaly.h).
 *
 * Every point is judged against the points before it only, so a scan over a
 * growing series never changes its past verdicts. The exact formulas, the
 * MAD = 0 rule and the minimum history are in docs/monitoring-detectors.md. */
#include "monitor/anomaly.h"

#include <math.h>
#include <stdlib.h>

#include "base/alloc.h"

/* 0.6745 = the 75th percentile of the standard normal: MAD / 0.6745 estimates
 * the standard deviation of normal data. */
#define LS_MAD_K 0.6745
/* at least this many finite points before a point is judged (mad, ewma) */
#define LS_MIN_HISTORY 10
/* seasonal: at least this many same-weekday points, residuals over 28 days */
#define LS_SEASONAL_MIN_WEEKS 3
#define LS_SEASONAL_RESID_DAYS 28
/* a zero spread (flat history) is floored to 1% of |baseline|, or to
 * LS_SPREAD_TINY when the baseline is 0 too */
#define LS_SPREAD_FLOOR_REL 0.01
#define LS_SPREAD_TINY 1e-9
#define LS_MAX_WINDOW 100000

/* ---- private ---- */

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* the median of v[0..n), n > 0; sorts v in place */
static double median_inplace(double *v, size_t n) {
  qsort(v, n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* the median absolute deviation of v[0..n) from its own median; sorts v, uses
 * tmp[n] */
static double mad_inplace(double *v, size_t n, double *tmp) {
  double m = median_inplace(v, n);
  for (size_t i = 0; i < n; i++) tmp[i] = fabs(v[i] - m);
  return median_inplace(tmp, n);
}

static double floor_spread(double spread, double baseline) {
  if (spread > 0) return spread;
  double f = LS_SPREAD_FLOOR_REL * fabs(baseline);
  return f > 0 ? f : LS_SPREAD_TINY;
}

static void unjudged(ls_anomaly_point *p) {
  p->judged = 0;
  p->expected = p->lo = p->hi = p->score = NAN;
  p->fired = 0;
}

static int fires(ls_direction dir, double score, double threshold) {
  switch (dir) {
  case LS_DIR_UP: return score > threshold;
  case LS_DIR_DOWN: return score < -threshold;
  default: return fabs(score) > threshold;
  }
}

/* a robust z against a baseline and a MAD: the range is baseline ± t·MAD/0.6745 */
static void judge_mad(ls_anomaly_point *p, const ls_detector *d, double x, double baseline,
                      double mad) {
  double spread = floor_spread(mad, baseline);
  p->judged = 1;
  p->expected = baseline;
  p->lo = baseline - d->threshold * spread / LS_MAD_K;
  p->hi = baseline + d->threshold * spread / LS_MAD_K;
  p->score = LS_MAD_K * (x - baseline) / spread;
  p->fired = fires(d->direction, p->score, d->threshold);
}

static void scan_mad(const ls_detector *d, const double *x, size_t n, ls_anomaly_point *out,
                     double *hist, double *tmp) {
  for (size_t i = 0; i < n; i++) {
    unjudged(&out[i]);
    if (!isfinite(x[i])) continue;
    size_t h = 0; /* the previous window finite points, newest first */
    for (size_t j = i; j-- > 0 && h < (size_t)d->window;)
      if (isfinite(x[j])) hist[h++] = x[j];
    if (h < LS_MIN_HISTORY) continue;
    double mad = mad_inplace(hist, h, tmp);
    judge_mad(&out[i], d, x[i], median_inplace(hist, h), mad);
  }
}

/* mean m and variance s2 updated per finite point: d = x − m; m += α·d;
 * s2 = (1 − α)·(s2 + α·d²); started at m = the first point, s2 = 0 */
static void scan_ewma(const ls_detector *d, const double *x, size_t n, ls_anomaly_point *out) {
  double m = 0, s2 = 0;
  size_t seen = 0;
  for (size_t i = 0; i < n; i++) {
    ls_anomaly_point *p = &out[i];
    unjudged(p);
    if (!isfinite(x[i])) continue;
    if (seen >= LS_MIN_HISTORY) {
      double s = floor_spread(sqrt(s2), m);
      p->judged = 1;
      p->expected = m;
      p->lo = m - d->threshold * s;
      p->hi = m + d->threshold * s;
      p->score = (x[i] - m) / s;
      p->fired = fires(d->direction, p->score, d->threshold);
    }
    if (seen == 0) {
      m = x[i];
    } else {
      double dv = x[i] - m;
      m += d->alpha * dv;
      s2 = (1 - d->alpha) * (s2 + d->alpha * dv * dv);
    }
    seen++;
  }
}

/* the median of the finite points at i − 7, i − 14, … (the previous weeks of
 * them); NAN when fewer than LS_SEASONAL_MIN_WEEKS are present. Uses buf. */
static double weekday_median(const double *x, size_t i, int weeks, double *buf) {
  size_t k = 0;
  for (int w = 1; w <= weeks && (size_t)w * 7 <= i; w++) {
    double v = x[i - (size_t)w * 7];
    if (isfinite(v)) buf[k++] = v;
  }
  return k >= LS_SEASONAL_MIN_WEEKS ? median_inplace(buf, k) : NAN;
}

/* The residuals of the previous 28 days: each finite x[j] (j in [i − 28, i))
 * minus the median of its weekday's finite points in that same range (j
 * itself, and 7, 14, 21 days away). Their MAD; NAN when there are none. */
static double residual_mad(const double *x, size_t i, double *resid, double *buf,
                           double *tmp) {
  size_t lo = i > LS_SEASONAL_RESID_DAYS ? i - LS_SEASONAL_RESID_DAYS : 0, r = 0;
  for (size_t j = lo; j < i; j++) {
    if (!isfinite(x[j])) continue;
    size_t k = 0;
    for (size_t q = lo + (j - lo) % 7; q < i; q += 7)
      if (isfinite(x[q])) buf[k++] = x[q];
    resid[r++] = x[j] - median_inplace(buf, k);
  }
  return r ? mad_inplace(resid, r, tmp) : NAN;
}

static void scan_seasonal(const ls_detector *d, const double *x, size_t n,
                          ls_anomaly_point *out, double *buf, double *resid, double *tmp) {
  for (size_t i = 0; i < n; i++) {
    unjudged(&out[i]);
    if (!isfinite(x[i])) continue;
    double expected = weekday_median(x, i, d->window, buf);
    if (isnan(expected)) continue;
    judge_mad(&out[i], d, x[i], expected, residual_mad(x, i, resid, buf, tmp));
  }
}

static int detector_ok(const ls_detector *d) {
  if (!d || !(d->threshold > 0) || !isfinite(d->threshold)) return 0;
  if (d->direction != LS_DIR_BOTH && d->direction != LS_DIR_UP && d->direction != LS_DIR_DOWN)
    return 0;
  switch (d->kind) {
  case LS_DETECTOR_MAD: return d->window >= LS_MIN_HISTORY && d->window <= LS_MAX_WINDOW;
  case LS_DETECTOR_EWMA: return d->alpha > 0 && d->alpha <= 1;
  case LS_DETECTOR_SEASONAL:
    return d->window >= LS_SEASONAL_MIN_WEEKS && d->window <= LS_MAX_WINDOW / 7;
  default: return 0;
  }
}

/* ---- API ---- */

ls_status ls_anomaly_scan(const ls_detector *d, const double *x, size_t n, ls_anomaly_point *out) {
  if (!detector_ok(d) || (n && (!x || !out))) return LS_EINVAL;
  if (n == 0) return LS_OK;
  if (d->kind == LS_DETECTOR_EWMA) {
    scan_ewma(d, x, n, out);
    return LS_OK;
  }
  /* scratch: mad needs window + window; seasonal needs max(weeks, 4) + 28 + 28 */
  size_t w = d->kind == LS_DETECTOR_MAD ? (size_t)d->window
             : (size_t)d->window > LS_SEASONAL_RESID_DAYS ? (size_t)d->window
                                                          : LS_SEASONAL_RESID_DAYS;
  double *scratch = ls_malloc(3 * w * sizeof *scratch);
  if (!scratch) return LS_ENOMEM;
  if (d->kind == LS_DETECTOR_MAD)
    scan_mad(d, x, n, out, scratch, scratch + w);
  else
    scan_seasonal(d, x, n, out, scratch, scratch + w, scratch + 2 * w);
  ls_free(scratch);
  return LS_OK;
}
