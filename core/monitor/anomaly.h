/* anomaly.h: anomaly detectors over a series of numbers (MAD z-score, EWMA band,
 * day-of-week seasonal baseline). Each point is judged against the points before
 * it only; the formulas are in docs/monitoring-detectors.md. */
#ifndef LS_ANOMALY_H
#define LS_ANOMALY_H

#include <stddef.h>

#include "base/status.h"

typedef enum { LS_DETECTOR_MAD, LS_DETECTOR_EWMA, LS_DETECTOR_SEASONAL } ls_detector_kind;
typedef enum { LS_DIR_BOTH, LS_DIR_UP, LS_DIR_DOWN } ls_direction;
typedef struct {
  ls_detector_kind kind;
  int window;       /* mad: previous points (30); seasonal: previous weeks (4); ewma: unused */
  double threshold; /* mad/seasonal: z (3); ewma: k band widths (3) */
  double alpha;     /* ewma smoothing (0.3) */
  ls_direction direction;
} ls_detector;
#define LS_DETECTOR_INIT {LS_DETECTOR_MAD, 30, 3.0, 0.3, LS_DIR_BOTH}
typedef struct {
  int judged;       /* 0: too little history (or x NaN): the rest is NaN/0 */
  double expected;  /* the baseline (median, EWMA, weekday median) */
  double lo, hi;    /* the expected range: a value inside it does not fire */
  double score;     /* signed: how far outside, in the detector's units (z, or band widths) */
  int fired;        /* outside the range in the rule's direction */
} ls_anomaly_point;
/* Judge every point of x[0..n) against the points before it (a daily series for seasonal:
 * the same weekday is 7 points back). NaN points are skipped as history. LS_EINVAL for a bad
 * detector. out[n] filled by the caller-provided array. */
ls_status ls_anomaly_scan(const ls_detector *d, const double *x, size_t n, ls_anomaly_point *out);

#endif
