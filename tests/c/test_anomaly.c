/* test_anomaly.c: the MAD, EWMA and seasonal detectors on planted anomalies in
 * series built by hand. 3/0.6745 = 4.4477390660 and 1.5/0.6745 = 2.2238695330
 * are used throughout. */
#include <math.h>

#include "check.h"
#include "monitor/anomaly.h"

#define N_MAX 128

static ls_detector mad(int window) {
  ls_detector d = LS_DETECTOR_INIT;
  d.window = window;
  return d;
}

static ls_detector seasonal(void) {
  ls_detector d = {LS_DETECTOR_SEASONAL, 4, 3.0, 0.3, LS_DIR_BOTH};
  return d;
}

/* 100 + noise {0, 2, -2, 1, -1}[i % 5]: every 30 consecutive points hold six
 * each of 98, 99, 100, 101, 102 (median 100; deviations six 0s, twelve 1s,
 * twelve 2s: MAD 1) */
static void noisy_100(double *x, size_t n) {
  static const double noise[5] = {0, 2, -2, 1, -1};
  for (size_t i = 0; i < n; i++) x[i] = 100 + noise[i % 5];
}

/* b(d) + {0, 1, -1}[i % 3] with d = i % 7: weekdays (d 0..4) at 100, weekends
 * (d 5, 6) at 40, 40% of weekdays */
static void weekly(double *x, size_t n) {
  static const double noise[3] = {0, 1, -1};
  for (size_t i = 0; i < n; i++) x[i] = (i % 7 < 5 ? 100 : 40) + noise[i % 3];
}

/* a judged point with these numbers (to 1e-9) */
#define CHECK_POINT(pt, exp_, lo_, hi_, score_, fired_) \
  do {                                                 \
    CHECK_INT((pt).judged, 1);                         \
    CHECK_NUM((pt).expected, exp_, 1e-9);              \
    CHECK_NUM((pt).lo, lo_, 1e-9);                     \
    CHECK_NUM((pt).hi, hi_, 1e-9);                     \
    CHECK_NUM((pt).score, score_, 1e-9);               \
    CHECK_INT((pt).fired, fired_);                     \
  } while (0)

static int count_fired(const ls_anomaly_point *p, size_t n) {
  int k = 0;
  for (size_t i = 0; i < n; i++) k += p[i].fired;
  return k;
}

TEST(mad_should_match_a_hand_computed_ten_point_history) {
  /* history 10,12,11,13,9,10,11,12,10,14: sorted 9,10,10,10,11,11,12,12,13,14,
   * median (11 + 11)/2 = 11; |h - 11| = 1,1,0,2,2,1,0,1,1,3, sorted
   * 0,0,1,1,1,1,1,2,2,3: MAD 1. x = 20: z = 0.6745·9/1 = 6.0705; range
   * 11 ± 3·1/0.6745 = [6.5522609340, 15.4477390660] */
  const double x[11] = {10, 12, 11, 13, 9, 10, 11, 12, 10, 14, 20};
  ls_anomaly_point p[11];
  ls_detector d = mad(30);
  CHECK_INT(ls_anomaly_scan(&d, x, 11, p), LS_OK);
  for (int i = 0; i < 10; i++) { /* fewer than 10 points before: not judged */
    CHECK_INT(p[i].judged, 0);
    CHECK_INT(p[i].fired, 0);
    CHECK(isnan(p[i].expected) && isnan(p[i].score));
  }
  CHECK_POINT(p[10], 11, 6.5522609340, 15.4477390660, 6.0705, 1);
}

TEST(mad_should_skip_nan_points_as_history_and_not_judge_them) {
  /* the same history with a NaN inside: the 20 still has 10 finite points
   * before it (same numbers as above); the 14 has only 9: not judged */
  const double x[12] = {10, 12, 11, NAN, 13, 9, 10, 11, 12, 10, 14, 20};
  ls_anomaly_point p[12];
  ls_detector d = mad(30);
  CHECK_INT(ls_anomaly_scan(&d, x, 12, p), LS_OK);
  CHECK_INT(p[3].judged, 0);
  CHECK_INT(p[10].judged, 0);
  CHECK_INT(p[11].judged, 1);
  CHECK_NUM(p[11].expected, 11, 1e-12);
  CHECK_NUM(p[11].score, 6.0705, 1e-9);
  const double y[12] = {10, 12, 11, 13, 9, 10, 11, 12, 10, 14, 11, NAN};
  CHECK_INT(ls_anomaly_scan(&d, y, 12, p), LS_OK);
  CHECK_INT(p[11].judged, 0); /* x NaN: not judged */
  CHECK_INT(p[11].fired, 0);
}

TEST(mad_should_fire_on_a_spike_and_a_dip_in_the_chosen_direction) {
  /* noisy 100, spike 130 at 35 (history 5..34: median 100, MAD 1, z = 0.6745·30
   * = 20.235), dip 70 at 38 (history 8..37: the 100 at 35 replaced by 130, so
   * 98×6, 99×6, 100×5, 101×6, 102×6, 130: median still 100; deviations five
   * 0s, twelve 1s, ...: MAD 1; z = -20.235). Other points: |x - median| <= 2.5
   * with MAD >= 1, z <= 1.7: quiet. */
  double x[40];
  ls_anomaly_point p[40];
  noisy_100(x, 40);
  x[35] = 130;
  x[38] = 70;
  ls_detector d = mad(30);
  CHECK_INT(ls_anomaly_scan(&d, x, 40, p), LS_OK);
  CHECK_NUM(p[35].score, 20.235, 1e-9);
  CHECK_NUM(p[35].expected, 100, 1e-12);
  CHECK_NUM(p[35].hi, 104.4477390660, 1e-9);
  CHECK_NUM(p[38].score, -20.235, 1e-9);
  CHECK_NUM(p[38].lo, 95.5522609340, 1e-9);
  CHECK_INT(p[35].fired + p[38].fired, 2);
  CHECK_INT(count_fired(p, 40), 2);
  d.direction = LS_DIR_UP;
  CHECK_INT(ls_anomaly_scan(&d, x, 40, p), LS_OK);
  CHECK_INT(p[35].fired, 1);
  CHECK_INT(p[38].fired, 0);
  CHECK_NUM(p[38].score, -20.235, 1e-9); /* the score is still given */
  d.direction = LS_DIR_DOWN;
  CHECK_INT(ls_anomaly_scan(&d, x, 40, p), LS_OK);
  CHECK_INT(p[35].fired, 0);
  CHECK_INT(p[38].fired, 1);
  CHECK_INT(count_fired(p, 40), 1);
}

TEST(mad_should_fire_at_a_level_shift_until_half_the_window_catches_up) {
  /* 10 + {0,1,-1}[i%3] for i < 20, then 20 + the same noise; window 10.
   * i=20 (x 19): history 11,9,10,11,9,10,11,9,10,11: median 10, MAD 1, z 6.0705.
   * i=24 (x 20, four new points): sorted 9,9,10,10,11,11,19,19,20,21: median 11;
   *   deviations sorted 0,0,1,1,2,2,8,8,9,10: MAD 2; z = 0.6745·9/2 = 3.03525,
   *   hi = 11 + 3·2/0.6745 = 19.8954781320: still fires.
   * i=25 (x 21, five new): sorted 9,10,10,11,11,19,19,20,20,21: median 15;
   *   deviations sorted 4,4,4,4,5,5,5,5,6,6: MAD 5; z = 0.6745·6/5 = 0.8094: quiet.
   * i=26..34: median in the new level, MAD 2, 1, 0.5, 1, 1...: quiet.
   * So it fires at 20..24 and stops 5 points after the shift (window/2). */
  double x[35];
  ls_anomaly_point p[35];
  static const double noise[3] = {0, 1, -1};
  for (int i = 0; i < 35; i++) x[i] = (i < 20 ? 10 : 20) + noise[i % 3];
  ls_detector d = mad(10);
  CHECK_INT(ls_anomaly_scan(&d, x, 35, p), LS_OK);
  CHECK_NUM(p[20].score, 6.0705, 1e-9);
  CHECK_NUM(p[24].expected, 11, 1e-12);
  CHECK_NUM(p[24].score, 3.03525, 1e-9);
  CHECK_NUM(p[24].hi, 19.8954781320, 1e-9);
  CHECK_NUM(p[25].expected, 15, 1e-12);
  CHECK_NUM(p[25].score, 0.8094, 1e-9);
  for (int i = 0; i < 35; i++) CHECK_INT(p[i].fired, i >= 20 && i <= 24);
  /* window 30: once 15 of the 30 points are new, the median sits between the
   * levels and the MAD is half the shift: quiet from 20 + 15 at the latest */
  double y[60];
  ls_anomaly_point q[60];
  for (int i = 0; i < 60; i++) y[i] = (i < 30 ? 10 : 20) + noise[i % 3];
  d = mad(30);
  CHECK_INT(ls_anomaly_scan(&d, y, 60, q), LS_OK);
  CHECK_INT(q[30].fired, 1);
  for (int i = 45; i < 60; i++) CHECK_INT(q[i].fired, 0);
  for (int i = 0; i < 30; i++) CHECK_INT(q[i].fired, 0);
}

TEST(mad_should_floor_a_zero_spread_so_a_flat_series_then_a_spike_fires) {
  /* 15 × 50, then 80, then 50. At 15: median 50, MAD 0, floored to 1% of 50
   * = 0.5: z = 0.6745·30/0.5 = 40.47, range 50 ± 3·0.5/0.6745 = 50 ± 2.2238695330.
   * At 16 the history is 15 × 50 and 80: MAD still 0, x = 50: z 0, quiet. */
  double x[17];
  ls_anomaly_point p[17];
  for (int i = 0; i < 17; i++) x[i] = 50;
  x[15] = 80;
  ls_detector d = mad(30);
  CHECK_INT(ls_anomaly_scan(&d, x, 17, p), LS_OK);
  CHECK_POINT(p[15], 50, 47.7761304670, 52.2238695330, 40.47, 1);
  CHECK_INT(p[16].fired, 0);
  CHECK_NUM(p[16].score, 0, 0);
  CHECK_INT(p[14].fired, 0); /* the flat series itself: z 0 */
  /* all zeros: the floor is 1e-9, so any other value fires */
  double z[13] = {0};
  z[12] = 1;
  CHECK_INT(ls_anomaly_scan(&d, z, 13, p), LS_OK);
  CHECK_INT(p[11].fired, 0);
  CHECK_INT(p[12].fired, 1);
  CHECK_NUM(p[12].score, 0.6745e9, 1);
}

TEST(ewma_should_match_a_hand_computed_band) {
  /* alpha 0.5, 10,14,10,14,...,14 then 20. m starts at 10, s² at 0; per point
   * d = x - m, m += 0.5·d, s² = 0.5·(s² + 0.5·d²):
   *  14: d 4, m 12, s² 4        10: d -2, m 11, s² 3
   *  14: d 3, m 12.5, s² 3.75   10: d -2.5, m 11.25, s² 3.4375
   *  14: d 2.75, m 12.625, s² 3.609375
   *  10: d -2.625, m 11.3125, s² 3.52734375
   *  14: d 2.6875, m 12.65625, s² 3.5693359375
   *  10: d -2.65625, m 11.328125, s² 3.548583984375
   *  14: d 2.671875, m 12.6640625, s² 3.55902099609375
   * s = √3.55902099609375 = 1.8865367731; band 12.6640625 ± 3s =
   * [7.0044521808, 18.3236728192]; score (20 - 12.6640625)/s = 3.8885738167 */
  const double x[11] = {10, 14, 10, 14, 10, 14, 10, 14, 10, 14, 20};
  ls_anomaly_point p[12];
  ls_detector d = {LS_DETECTOR_EWMA, 0, 3.0, 0.5, LS_DIR_BOTH};
  CHECK_INT(ls_anomaly_scan(&d, x, 11, p), LS_OK);
  CHECK_INT(p[9].judged, 0); /* 9 points before it */
  CHECK_POINT(p[10], 12.6640625, 7.0044521808, 18.3236728192, 3.8885738167, 1);
  d.threshold = 4; /* 3.89 band widths is inside a 4-wide band */
  CHECK_INT(ls_anomaly_scan(&d, x, 11, p), LS_OK);
  CHECK_INT(p[10].fired, 0);
  /* a NaN is skipped: the same numbers one index later */
  const double y[12] = {10, 14, 10, NAN, 14, 10, 14, 10, 14, 10, 14, 20};
  d.threshold = 3;
  CHECK_INT(ls_anomaly_scan(&d, y, 12, p), LS_OK);
  CHECK_INT(p[3].judged, 0);
  CHECK_INT(p[10].judged, 0);
  CHECK_NUM(p[11].score, 3.8885738167, 1e-9);
}

TEST(seasonal_should_match_a_hand_computed_weekday_baseline) {
  /* four weeks, x[7w + d] = b(d) + (w - 1), b = 100 on d 0..4 and 40 on d 5, 6.
   * Day 28 (d 0): same weekday 102, 101, 100, 99: expected (100 + 101)/2 = 100.5.
   * Residuals over days 0..27: each weekday holds b-1, b, b+1, b+2 (median
   * b + 0.5), so seven each of -1.5, -0.5, 0.5, 1.5: median 0, |r| fourteen
   * 0.5s and fourteen 1.5s: MAD 1. x 100: z = 0.6745·(-0.5) = -0.33725, range
   * 100.5 ± 4.4477390660; x 110: z = 0.6745·9.5 = 6.407750. */
  double x[29];
  ls_anomaly_point p[29];
  for (int i = 0; i < 28; i++) x[i] = (i % 7 < 5 ? 100 : 40) + (i / 7 - 1);
  x[28] = 100;
  ls_detector d = seasonal();
  CHECK_INT(ls_anomaly_scan(&d, x, 29, p), LS_OK);
  for (int i = 0; i < 21; i++) CHECK_INT(p[i].judged, 0); /* < 3 weeks before */
  CHECK_INT(p[21].judged, 1);
  CHECK_POINT(p[28], 100.5, 96.0522609340, 104.9477390660, -0.33725, 0);
  x[28] = 110;
  CHECK_INT(ls_anomaly_scan(&d, x, 29, p), LS_OK);
  CHECK_NUM(p[28].score, 6.40775, 1e-9);
  CHECK_INT(p[28].fired, 1);
}

TEST(a_weekly_pattern_should_not_fire_under_seasonal_but_fires_under_mad) {
  /* ten weeks of weekdays ~100 and weekends ~40 (noise {0,1,-1}[i%3]).
   * Seasonal: x and its expected (a median of same-weekday values) are both in
   * b ± 1, so |x - expected| <= 2, and the residual MAD is >= 0.5 (residuals
   * are multiples of 0.5 and fewer than half of them sit on their median):
   * |z| <= 0.6745·2/0.5 = 2.698 < 3. Judged from day 21: 49 points.
   * MAD (window 30): weekdays are 5/7 of any history, so the median is a
   * weekday value (99..101) and the MAD <= 2; a weekend (39..41) is >= 58
   * away: z <= -0.6745·58/2 = -19.6, it fires on every weekend from day 10:
   * days 12,13,19,20,...,68,69 = 18 points; weekdays stay inside. */
  double x[70];
  ls_anomaly_point p[70];
  weekly(x, 70);
  ls_detector d = seasonal();
  CHECK_INT(ls_anomaly_scan(&d, x, 70, p), LS_OK);
  int judged = 0;
  for (int i = 0; i < 70; i++) judged += p[i].judged;
  CHECK_INT(judged, 49);
  CHECK_INT(count_fired(p, 70), 0);
  d = mad(30);
  CHECK_INT(ls_anomaly_scan(&d, x, 70, p), LS_OK);
  CHECK_INT(count_fired(p, 70), 18);
  for (int i = 10; i < 70; i++) CHECK_INT(p[i].fired, i % 7 >= 5);
  CHECK(p[69].score < -19.6);
}

TEST(seasonal_should_still_catch_a_weekday_dip_in_a_weekly_pattern) {
  /* day 50 (d 1, a weekday) planted at 60: expected = the median of days 43,
   * 36, 29, 22 (all 99..101), |60 - expected| >= 39, residual MAD <= 1.5:
   * z <= -0.6745·39/1.5 = -17.5. Later days of that weekday see 60 among four
   * values; their median stays between two ordinary ones: quiet. */
  double x[70];
  ls_anomaly_point p[70];
  weekly(x, 70);
  x[50] = 60;
  ls_detector d = seasonal();
  CHECK_INT(ls_anomaly_scan(&d, x, 70, p), LS_OK);
  CHECK_INT(p[50].fired, 1);
  CHECK(p[50].score < -17.5);
  CHECK_INT(count_fired(p, 70), 1);
  d.direction = LS_DIR_UP;
  CHECK_INT(ls_anomaly_scan(&d, x, 70, p), LS_OK);
  CHECK_INT(count_fired(p, 70), 0);
}

TEST(scan_should_refuse_a_bad_detector) {
  double x[N_MAX] = {0};
  ls_anomaly_point p[N_MAX];
  ls_detector d = mad(9); /* a MAD window under the 10-point minimum */
  CHECK_INT(ls_anomaly_scan(&d, x, 20, p), LS_EINVAL);
  d = mad(30);
  d.threshold = 0;
  CHECK_INT(ls_anomaly_scan(&d, x, 20, p), LS_EINVAL);
  d = mad(30);
  d.kind = (ls_detector_kind)7;
  CHECK_INT(ls_anomaly_scan(&d, x, 20, p), LS_EINVAL);
  d = mad(30);
  d.direction = (ls_direction)9;
  CHECK_INT(ls_anomaly_scan(&d, x, 20, p), LS_EINVAL);
  ls_detector e = {LS_DETECTOR_EWMA, 0, 3.0, 0, LS_DIR_BOTH};
  CHECK_INT(ls_anomaly_scan(&e, x, 20, p), LS_EINVAL);
  e.alpha = 1.5;
  CHECK_INT(ls_anomaly_scan(&e, x, 20, p), LS_EINVAL);
  ls_detector s = seasonal();
  s.window = 2; /* fewer weeks than the 3 needed */
  CHECK_INT(ls_anomaly_scan(&s, x, 20, p), LS_EINVAL);
  CHECK_INT(ls_anomaly_scan(NULL, x, 20, p), LS_EINVAL);
  d = mad(30);
  CHECK_INT(ls_anomaly_scan(&d, NULL, 20, p), LS_EINVAL);
  CHECK_INT(ls_anomaly_scan(&d, NULL, 0, NULL), LS_OK);
}

int main(void) {
  RUN(mad_should_match_a_hand_computed_ten_point_history);
  RUN(mad_should_skip_nan_points_as_history_and_not_judge_them);
  RUN(mad_should_fire_on_a_spike_and_a_dip_in_the_chosen_direction);
  RUN(mad_should_fire_at_a_level_shift_until_half_the_window_catches_up);
  RUN(mad_should_floor_a_zero_spread_so_a_flat_series_then_a_spike_fires);
  RUN(ewma_should_match_a_hand_computed_band);
  RUN(seasonal_should_match_a_hand_computed_weekday_baseline);
  RUN(a_weekly_pattern_should_not_fire_under_seasonal_but_fires_under_mad);
  RUN(seasonal_should_still_catch_a_weekday_dip_in_a_weekly_pattern);
  RUN(scan_should_refuse_a_bad_detector);
  return check_done();
}
