/* test_sessions.c: sessions and their durations (metrics/sessions.h) on
 * hand-worked events; every expected figure is worked out beside it. */
#include <math.h>

#include "catalog/catalog.h"
#include "check.h"
#include "fixtures.h"
#include "workspace/workspace.h"

/* 2026-03-02 is a Monday. In UTC:
 *   u1  09:00 A, 09:30 B (exactly 30 min: the same session), 10:00:01 C (30 min
 *       1 s: a new session) → sessions of 1800 s and 0 s, both on Mar 2;
 *   u2  23:50 A, Mar 3 00:10 B → one session of 1200 s crossing midnight,
 *       counted on Mar 2 where it starts;
 *   u3  12:00 A, 12:00 B (one instant) → one session of 0 s on Mar 2;
 *   u4  Mar 3 08:00, 08:20, 08:40 → one session of 2400 s (each gap 20 min,
 *       though first to last is 40). */
static const event_row EVENTS[] = {
  {"u1", "A", "2026-03-02T09:00:00Z"}, {"u1", "B", "2026-03-02T09:30:00Z"}, {"u1", "C", "2026-03-02T10:00:01Z"},
  {"u2", "A", "2026-03-02T23:50:00Z"}, {"u2", "B", "2026-03-03T00:10:00Z"}, {"u3", "A", "2026-03-02T12:00:00Z"},
  {"u3", "B", "2026-03-02T12:00:00Z"}, {"u4", "A", "2026-03-03T08:00:00Z"}, {"u4", "B", "2026-03-03T08:20:00Z"},
  {"u4", "C", "2026-03-03T08:40:00Z"},
};
#define NEVENTS (sizeof EVENTS / sizeof EVENTS[0])

static ls_workspace *small(int tz) {
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_add(ws, events_table(EVENTS, NEVENTS));
  ls_workspace_set_tz(ws, tz);
  return ws;
}

/* metric over the day periods of ws: want[0..n), the first starting at first
 * (an instant); NaN expected where want is NaN */
static void check_days(ls_workspace *ws, const char *metric, const double *want, size_t n, const char *first) {
  ls_query q = LS_QUERY_INIT;
  q.grain = LS_GRAIN_DAY;
  ls_series *s = NULL;
  if (ls_metric_run(ws, metric, &q, &s) != LS_OK) printf("  %s: %s\n", metric, ls_workspace_errmsg(ws));
  CHECK(s != NULL);
  if (!s) return;
  CHECK_INT(s->n, n);
  if (s->n) CHECK_INT(s->start[0], T(first));
  for (size_t i = 0; i < n && i < s->n; i++) {
    if (isnan(want[i])) {
      CHECK(isnan(s->value[i]));
      continue;
    }
    if (fabs(s->value[i] - want[i]) > 1e-9) printf("  %s[%zu] = %.17g, expected %.17g\n", metric, i, s->value[i], want[i]);
    CHECK_NUM(s->value[i], want[i], 1e-9);
  }
  ls_series_free(s);
}

TEST(sessions_should_split_after_more_than_30_minutes_and_count_where_they_start) {
  ls_workspace *ws = small(0);
  /* Mar 2: u1 twice, u2 (crossing midnight), u3; Mar 3: u4 */
  double want[] = {4, 1};
  check_days(ws, "sessions", want, 2, "2026-03-02T00:00:00Z");
  ls_workspace_free(ws);
}

TEST(session_duration_should_be_the_mean_first_to_last_in_seconds) {
  ls_workspace *ws = small(0);
  /* Mar 2: (1800 + 0 + 1200 + 0) / 4 = 750; Mar 3: 2400 */
  double want[] = {750, 2400};
  check_days(ws, "session_duration", want, 2, "2026-03-02T00:00:00Z");
  ls_workspace_free(ws);
}

TEST(session_duration_median_should_average_the_two_middle_sessions) {
  ls_workspace *ws = small(0);
  /* Mar 2: 0, 0, 1200, 1800 → (0 + 1200) / 2 = 600; Mar 3: 2400 */
  double want[] = {600, 2400};
  check_days(ws, "session_duration_median", want, 2, "2026-03-02T00:00:00Z");
  ls_workspace_free(ws);
}

TEST(sessions_per_user_should_divide_by_the_users_active_that_day) {
  ls_workspace *ws = small(0);
  /* Mar 2: 4 sessions / u1, u2, u3; Mar 3: 1 session / u2 (00:10) and u4 */
  double want[] = {4.0 / 3.0, 0.5};
  check_days(ws, "sessions_per_user", want, 2, "2026-03-02T00:00:00Z");
  ls_workspace_free(ws);
}

TEST(sessions_at_plus_8_should_fall_on_local_days) {
  ls_workspace *ws = small(480);
  /* local times: u1 17:00, 17:30, 18:00:01 Mar 2; u3 20:00 Mar 2; u2 07:50
   * and 08:10 Mar 3; u4 16:00 to 16:40 Mar 3. Mar 2: u1 (1800, 0), u3 (0);
   * Mar 3: u2 (1200), u4 (2400). Active users: u1, u3; u2, u4. */
  double sessions[] = {3, 2}, mean[] = {600, 1800}, median[] = {0, 1800}, per_user[] = {1.5, 1};
  check_days(ws, "sessions", sessions, 2, "2026-03-01T16:00:00Z");
  check_days(ws, "session_duration", mean, 2, "2026-03-01T16:00:00Z");
  check_days(ws, "session_duration_median", median, 2, "2026-03-01T16:00:00Z");
  check_days(ws, "sessions_per_user", per_user, 2, "2026-03-01T16:00:00Z");
  ls_workspace_free(ws);
}

TEST(session_gap_setting_should_move_the_cut) {
  ls_workspace *ws = small(0);
  CHECK_INT(ls_workspace_set(ws, "session_gap_minutes", "20"), LS_OK);
  /* 20 min: u1's 30-minute gap now splits (3 sessions of 0 s); u2's and u4's
   * gaps of exactly 20 min do not. Mar 2: u1 x3, u2, u3 = 5; Mar 3: u4.
   * Mean Mar 2: (0 + 0 + 0 + 1200 + 0) / 5 = 240 */
  double sessions[] = {5, 1}, mean[] = {240, 2400};
  check_days(ws, "sessions", sessions, 2, "2026-03-02T00:00:00Z");
  check_days(ws, "session_duration", mean, 2, "2026-03-02T00:00:00Z");
  ls_workspace_free(ws);
}

TEST(session_gap_setting_should_refuse_what_is_not_whole_minutes_from_1_to_1440) {
  ls_workspace *ws = small(0);
  CHECK_INT(ls_workspace_set(ws, "session_gap_minutes", "0"), LS_EINVAL);
  CHECK_INT(ls_workspace_set(ws, "session_gap_minutes", "1441"), LS_EINVAL);
  CHECK_INT(ls_workspace_set(ws, "session_gap_minutes", "2.5"), LS_EINVAL);
  CHECK_INT(ls_workspace_set(ws, "session_gap_minutes", "x"), LS_EINVAL);
  char buf[16];
  CHECK_INT(ls_settings_get(ls_workspace_settings(ws), "session_gap_minutes", buf, sizeof buf), LS_OK);
  CHECK_STR(buf, "30");
  ls_workspace_free(ws);
}

TEST(duration_of_a_day_without_sessions_should_be_undefined) {
  static const event_row two[] = {{"u1", "A", "2026-03-02T09:00:00Z"}, {"u1", "A", "2026-03-04T09:00:00Z"}};
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_add(ws, events_table(two, 2));
  /* Mar 2: one session of 0 s; Mar 3: none; Mar 4: one of 0 s */
  double sessions[] = {1, 0, 1}, mean[] = {0, NAN, 0}, per_user[] = {1, NAN, 1};
  check_days(ws, "sessions", sessions, 3, "2026-03-02T00:00:00Z");
  check_days(ws, "session_duration", mean, 3, "2026-03-02T00:00:00Z");
  check_days(ws, "session_duration_median", mean, 3, "2026-03-02T00:00:00Z");
  check_days(ws, "sessions_per_user", per_user, 3, "2026-03-02T00:00:00Z");
  ls_workspace_free(ws);
}

int main(void) {
  RUN(sessions_should_split_after_more_than_30_minutes_and_count_where_they_start);
  RUN(session_duration_should_be_the_mean_first_to_last_in_seconds);
  RUN(session_duration_median_should_average_the_two_middle_sessions);
  RUN(sessions_per_user_should_divide_by_the_users_active_that_day);
  RUN(sessions_at_plus_8_should_fall_on_local_days);
  RUN(session_gap_setting_should_move_the_cut);
  RUN(session_gap_setting_should_refuse_what_is_not_whole_minutes_from_1_to_1440);
  RUN(duration_of_a_day_without_sessions_should_be_undefined);
  return check_done();
}
