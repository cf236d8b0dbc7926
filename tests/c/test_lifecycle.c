/* test_lifecycle.c: active users, stickiness, PostHog's lifecycle states and
 * the active-days distribution on hand-counted events. */
#include "base/alloc.h"
#include "catalog/catalog.h"
#include "check.h"
#include "fixtures.h"
#include "metrics/lifecycle.h"
#include "revenue_fixture.h"
#include "source_file.h"
#include "workspace/workspace.h"

/* data/events_small.csv. UTC days: Mar 1 {u1, u2, u3}, Mar 2 {u1}, Mar 3
 * {u2}, Mar 5 {u4}, Mar 8 {u1}, Mar 9 {u3}, Mar 10 {u5}; the as-of instant
 * is Mar 11. */
static ls_workspace *small_ws(void) {
  ls_workspace *ws = ls_workspace_new();
  size_t n;
  char *csv = source_text("data/events_small.csv", &n);
  if (ws && csv) CHECK_INT(add_csv(ws, "events_small.csv", csv), LS_OK);
  free(csv);
  return ws;
}

static ls_workspace *events_ws(const event_row *rows, size_t n, ls_tz tz) {
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_set_tz(ws, tz);
  ls_workspace_add(ws, events_table(rows, n));
  return ws;
}

/* metric over q (grain g unless q gives one), its values checked against want[0..n) */
static void check_q(ls_workspace *ws, const char *metric, ls_query q, const double *want, size_t n,
                    double eps) {
  ls_series *s = NULL;
  if (ls_metric_run(ws, metric, &q, &s) != LS_OK) printf("  %s: %s\n", metric, ls_workspace_errmsg(ws));
  CHECK(s != NULL);
  if (!s) return;
  if (s->n != n) printf("  %s: %zu periods\n", metric, s->n);
  CHECK_INT(s->n, n);
  for (size_t i = 0; i < n && i < s->n; i++) {
    if (!(fabs(s->value[i] - want[i]) <= eps)) printf("  %s[%zu] = %.10g, expected %.10g\n", metric, i, s->value[i], want[i]);
    CHECK_NUM(s->value[i], want[i], eps);
  }
  ls_series_free(s);
}

static void check(ls_workspace *ws, const char *metric, ls_grain g, const double *want, size_t n) {
  ls_query q = LS_QUERY_INIT;
  q.grain = g;
  check_q(ws, metric, q, want, n, 1e-12);
}

/* the four lifecycle series at grain g, dormant negative as in the catalog */
static void check_life(ls_workspace *ws, ls_grain g, const double *fresh, const double *ret, const double *res,
                       const double *dormant, size_t n) {
  check(ws, "lifecycle_new", g, fresh, n);
  check(ws, "lifecycle_returning", g, ret, n);
  check(ws, "lifecycle_resurrecting", g, res, n);
  check(ws, "lifecycle_dormant", g, dormant, n);
}

TEST(lifecycle_should_read_posthogs_example_of_weeks_1_2_and_4) {
  /* a is active in weeks 1 (Jan 6), 2 (Jan 13) and 4 (Jan 27) of 2025:
   * new, returning, dormant, resurrecting, dormant. z, active on the Sunday
   * of week 5 only, closes week 5 (as-of Feb 10) and is new in it. */
  static const event_row rows[] = {
    {"a", "x", "2025-01-07T10:00:00Z"}, {"a", "x", "2025-01-08T10:00:00Z"}, {"a", "x", "2025-01-14T10:00:00Z"},
    {"a", "x", "2025-01-29T10:00:00Z"}, {"z", "x", "2025-02-09T10:00:00Z"},
  };
  ls_workspace *ws = events_ws(rows, 5, LS_TZ_UTC);
  double fresh[] = {1, 0, 0, 0, 1}, ret[] = {0, 1, 0, 0, 0}, res[] = {0, 0, 0, 1, 0}, dor[] = {0, 0, -1, 0, -1};
  check_life(ws, LS_GRAIN_WEEK, fresh, ret, res, dor, 5);
  /* the week before the first one shown still counts: from week 3 on,
   * a is dormant in week 3 (active in week 2) */
  ls_query q = LS_QUERY_INIT;
  q.grain = LS_GRAIN_WEEK;
  q.from = T("2025-01-20");
  double dor3[] = {-1, 0, -1};
  check_q(ws, "lifecycle_dormant", q, dor3, 3, 0);
  double active[] = {1, 1, 0, 1, 1};
  check(ws, "active_users", LS_GRAIN_WEEK, active, 5);
  ls_workspace_free(ws);
}

TEST(lifecycle_should_classify_each_day_and_week_of_the_small_events) {
  ls_workspace *ws = small_ws();
  /* days: Mar 2 u1 returns, u2 u3 go dormant; Mar 3 u2 resurrects, u1
   * dormant; Mar 4 u2 dormant; Mar 5 u4 new; Mar 6 u4 dormant; Mar 8 u1
   * resurrects; Mar 9 u3 resurrects, u1 dormant; Mar 10 u5 new, u3 dormant */
  double fresh[] = {3, 0, 0, 0, 1, 0, 0, 0, 0, 1}, ret[] = {0, 1, 0, 0, 0, 0, 0, 0, 0, 0},
         res[] = {0, 0, 1, 0, 0, 0, 0, 1, 1, 0}, dor[] = {0, -2, -1, -1, 0, -1, 0, 0, -1, -1};
  check_life(ws, LS_GRAIN_DAY, fresh, ret, res, dor, 10);
  /* weeks of Feb 23 {u1, u2, u3} and Mar 2 {u1, u2, u4}: u4 new, u1 u2
   * returning, u3 dormant */
  double wf[] = {3, 1}, wr[] = {0, 2}, ws0[] = {0, 0}, wd[] = {0, -1};
  check_life(ws, LS_GRAIN_WEEK, wf, wr, ws0, wd, 2);
  ls_workspace_free(ws);
}

TEST(active_users_should_count_distinct_users_per_calendar_day_week_and_month) {
  ls_workspace *ws = small_ws();
  double day[] = {3, 1, 1, 0, 1, 0, 0, 1, 1, 1};
  check(ws, "active_users", LS_GRAIN_DAY, day, 10);
  double week[] = {3, 3}; /* {u1, u2, u3}, {u1, u2, u4} */
  check(ws, "active_users", LS_GRAIN_WEEK, week, 2);
  ls_query q = LS_QUERY_INIT;
  q.grain = LS_GRAIN_MONTH;
  q.asof = T("2026-04-01"); /* March complete: all five users */
  double month[] = {5};
  check_q(ws, "active_users", q, month, 1, 0);
  ls_workspace_free(ws);
}

TEST(stickiness_should_be_dau_over_rolling_mau_averaged_over_the_period) {
  ls_workspace *ws = small_ws();
  /* DAU 3 1 1 0 1 0 0 1 1 1, MAU (30 days) 3 3 3 3 4 4 4 4 4 5 */
  double day[] = {1, 1.0 / 3, 1.0 / 3, 0, 0.25, 0, 0, 0.25, 0.25, 0.2};
  check(ws, "stickiness", LS_GRAIN_DAY, day, 10);
  /* week of Feb 23: only Mar 1 has MAU > 0 (3/3); week of Mar 2:
   * (1/3 + 1/3 + 0 + 1/4 + 0 + 0 + 1/4) / 7 = (7/6) / 7 = 1/6 */
  double week[] = {1, 1.0 / 6};
  check(ws, "stickiness", LS_GRAIN_WEEK, week, 2);
  /* March with the as-of at Apr 1: MAU > 0 on all 31 days (u5 on Mar 10
   * keeps it so to Apr 8); the ratios sum to 1 + 1/3 + 1/3 + 1/4 + 1/4 +
   * 1/4 + 1/5 = 157/60, over 31 days = 157/1860 */
  ls_query q = LS_QUERY_INIT;
  q.grain = LS_GRAIN_MONTH;
  q.asof = T("2026-04-01");
  double month[] = {157.0 / 1860};
  check_q(ws, "stickiness", q, month, 1, 1e-12);
  ls_workspace_free(ws);
}

/* x at Jan 1 10:00Z and Jan 2 12:00Z, y at Jan 1 20:00Z (Jan 2 04:00 at +08:00) */
static const event_row EAST[] = {
  {"x", "v", "2025-01-01T10:00:00Z"}, {"y", "v", "2025-01-01T20:00:00Z"}, {"x", "v", "2025-01-02T12:00:00Z"},
};

TEST(a_utc_plus_8_workspace_should_move_2000z_into_the_next_day) {
  ls_workspace *ws = events_ws(EAST, 3, 480);
  /* at +08:00: Jan 1 {x}, Jan 2 {x, y}: y new on Jan 2, x returning */
  double active[] = {1, 2}, fresh[] = {1, 1}, ret[] = {0, 1}, res[] = {0, 0}, dor[] = {0, 0};
  check(ws, "active_users", LS_GRAIN_DAY, active, 2);
  check_life(ws, LS_GRAIN_DAY, fresh, ret, res, dor, 2);
  ls_workspace_free(ws);
  /* in UTC: Jan 1 {x, y}, Jan 2 {x}: y dormant on Jan 2 */
  ws = events_ws(EAST, 3, LS_TZ_UTC);
  double uactive[] = {2, 1}, ufresh[] = {2, 0}, uret[] = {0, 1}, ures[] = {0, 0}, udor[] = {0, -1};
  check(ws, "active_users", LS_GRAIN_DAY, uactive, 2);
  check_life(ws, LS_GRAIN_DAY, ufresh, uret, ures, udor, 2);
  ls_workspace_free(ws);
}

/* New York springs forward on Sunday 2026-03-08: the week of Mar 2 starts at
 * 05:00Z (EST), the week of Mar 9 at Mar 9 04:00Z (EDT) */
static const event_row NY[] = {
  {"p", "v", "2026-03-03T12:00:00Z"}, /* Mar 3 07:00 EST */
  {"q", "v", "2026-03-09T03:30:00Z"}, /* Mar 8 23:30 EDT: week of Mar 2 */
  {"p", "v", "2026-03-09T04:30:00Z"}, /* Mar 9 00:30 EDT: week of Mar 9 */
  {"r", "v", "2026-03-16T03:59:00Z"}, /* Mar 15 23:59 EDT: week of Mar 9 */
  {"s", "v", "2026-03-16T04:00:00Z"}, /* Mar 16 00:00 EDT: week of Mar 16 (incomplete) */
};

/* the active-days distribution of the complete periods at grain g: out has
 * room for max periods; returns the number of periods */
static size_t active_days(ls_workspace *ws, ls_grain g, int64_t asof, double *out, size_t max) {
  ls_query q = LS_QUERY_INIT;
  q.grain = g;
  q.asof = asof;
  ls_series *s = NULL;
  CHECK_INT(ls_metric_run(ws, "active_users", &q, &s), LS_OK);
  size_t n = s && s->n <= max ? s->n : 0;
  ls_periods p = {n, s ? s->start : NULL, g, ls_workspace_tz(ws), NULL};
  if (n) CHECK_INT(ls_active_days(ws, &q.scope, &p, out), LS_OK);
  ls_series_free(s);
  return n;
}

TEST(weeks_should_follow_new_yorks_dst_change_in_lifecycle_and_active_days) {
  ls_tz ny;
  CHECK(ls_tz_parse("America/New_York", &ny));
  ls_workspace *ws = events_ws(NY, 5, ny);
  /* week of Mar 2 {p, q}; week of Mar 9 {p, r}: r new, p returning, q dormant */
  double active[] = {2, 2}, fresh[] = {2, 1}, ret[] = {0, 1}, res[] = {0, 0}, dor[] = {0, -1};
  check(ws, "active_users", LS_GRAIN_WEEK, active, 2);
  check_life(ws, LS_GRAIN_WEEK, fresh, ret, res, dor, 2);
  ls_query q = LS_QUERY_INIT;
  q.grain = LS_GRAIN_WEEK;
  ls_series *s = NULL;
  CHECK_INT(ls_metric_run(ws, "active_users", &q, &s), LS_OK);
  if (s && s->n == 2) {
    CHECK_INT(s->start[0], T("2026-03-02T05:00:00Z"));
    CHECK_INT(s->start[1], T("2026-03-09T04:00:00Z"));
  }
  ls_series_free(s);
  double d[2 * (LS_ACTIVE_DAYS_MAX + 1)];
  /* p and q one day each in both weeks; r one day in the second */
  CHECK_INT(active_days(ws, LS_GRAIN_WEEK, INT64_MIN, d, 2), 2);
  CHECK_NUM(d[1], 2, 0);
  CHECK_NUM(d[2], 0, 0);
  CHECK_NUM(d[LS_ACTIVE_DAYS_MAX + 1 + 1], 2, 0);
  /* at a fixed -05:00 p's Mar 9 04:30Z is Mar 8 23:30, still the first week
   * (p: 2 days in it), and s's 04:00Z is Mar 15 23:00: week 2 is {r, s},
   * both new, p and q dormant */
  ls_workspace_set_tz(ws, -300);
  double f_active[] = {2, 2}, f_fresh[] = {2, 2}, f_ret[] = {0, 0}, f_res[] = {0, 0}, f_dor[] = {0, -2};
  check(ws, "active_users", LS_GRAIN_WEEK, f_active, 2);
  check_life(ws, LS_GRAIN_WEEK, f_fresh, f_ret, f_res, f_dor, 2);
  CHECK_INT(active_days(ws, LS_GRAIN_WEEK, INT64_MIN, d, 2), 2);
  CHECK_NUM(d[1], 1, 0); /* q */
  CHECK_NUM(d[2], 1, 0); /* p: Mar 3 and Mar 8 */
  ls_workspace_free(ws);
}

TEST(active_days_should_count_users_by_days_active_in_the_month) {
  ls_workspace *ws = small_ws();
  /* March: u1 Mar 1, 2, 8 (3 days); u2 Mar 1, 3 (2); u3 Mar 1, 9 (2);
   * u4 and u5 one day each */
  double d[LS_ACTIVE_DAYS_MAX + 1];
  CHECK_INT(active_days(ws, LS_GRAIN_MONTH, T("2026-04-01"), d, 1), 1);
  double want[] = {0, 2, 2, 1, 0};
  for (int k = 0; k < 5; k++) CHECK_NUM(d[k], want[k], 0);
  for (int k = 5; k <= LS_ACTIVE_DAYS_MAX; k++) CHECK_NUM(d[k], 0, 0);
  ls_workspace_free(ws);
}

TEST(where_should_reach_the_customers_plan_through_the_user_id) {
  ls_workspace *ws = small_ws();
  CHECK_INT(add_csv(ws, "customers.csv",
                    "customer_id,plan,signup_at\nu1,pro,2026-01-01\nu2,free,2026-01-01\nu3,pro,2026-01-01\n"
                    "u4,free,2026-01-01\nu5,pro,2026-01-01\n"),
            LS_OK);
  ls_where w[] = {{"plan", "pro"}};
  ls_query q = LS_QUERY_INIT;
  q.grain = LS_GRAIN_WEEK;
  q.scope = (ls_scope){w, 1};
  /* pro: u1, u3, u5. Week of Feb 23 {u1, u3} both new; week of Mar 2 {u1}
   * returning, u3 dormant */
  double active[] = {2, 1}, fresh[] = {2, 0}, ret[] = {0, 1}, dor[] = {0, -1};
  check_q(ws, "active_users", q, active, 2, 0);
  check_q(ws, "lifecycle_new", q, fresh, 2, 0);
  check_q(ws, "lifecycle_returning", q, ret, 2, 0);
  check_q(ws, "lifecycle_dormant", q, dor, 2, 0);
  ls_workspace_free(ws);
}

/* lifecycle_dormant then stickiness by week on ws with allocation k failing;
 * the first week's stickiness (1) in *first */
static ls_status life_failing_at(ls_workspace *ws, unsigned long k, double *first) {
  ls_query q = LS_QUERY_INIT;
  q.grain = LS_GRAIN_WEEK;
  ls_series *dormant = NULL, *sticky = NULL;
  ls_alloc_fail_after(k);
  ls_status st = ls_metric_run(ws, "lifecycle_dormant", &q, &dormant);
  if (st == LS_OK) st = ls_metric_run(ws, "stickiness", &q, &sticky);
  ls_alloc_fail_after(0);
  if (st == LS_OK) *first = sticky->value[0];
  ls_series_free(dormant);
  ls_series_free(sticky);
  return st;
}

TEST(lifecycle_should_fail_cleanly_at_every_allocation) {
  ls_status st = LS_ENOMEM;
  unsigned long k = 0;
  while (st == LS_ENOMEM && ++k < 1000) {
    ls_workspace *ws = small_ws();
    double first = NAN;
    st = ws ? life_failing_at(ws, k, &first) : LS_ENOMEM;
    CHECK(st == LS_OK || st == LS_ENOMEM);
    if (st == LS_OK) CHECK_NUM(first, 1, 0);
    ls_workspace_free(ws);
  }
  CHECK_INT(st, LS_OK);
}

TEST(lifecycle_metrics_should_need_an_events_dataset) {
  ls_workspace *ws = ls_workspace_new();
  ls_query q = LS_QUERY_INIT;
  ls_series *s = NULL;
  CHECK_INT(ls_metric_run(ws, "lifecycle_new", &q, &s), LS_ENODATA);
  CHECK_STR(ls_workspace_errmsg(ws), "lifecycle_new needs an events dataset; none is loaded");
  ls_workspace_free(ws);
}

int main(void) {
  RUN(lifecycle_should_read_posthogs_example_of_weeks_1_2_and_4);
  RUN(lifecycle_should_classify_each_day_and_week_of_the_small_events);
  RUN(active_users_should_count_distinct_users_per_calendar_day_week_and_month);
  RUN(stickiness_should_be_dau_over_rolling_mau_averaged_over_the_period);
  RUN(a_utc_plus_8_workspace_should_move_2000z_into_the_next_day);
  RUN(weeks_should_follow_new_yorks_dst_change_in_lifecycle_and_active_days);
  RUN(active_days_should_count_users_by_days_active_in_the_month);
  RUN(where_should_reach_the_customers_plan_through_the_user_id);
  RUN(lifecycle_should_fail_cleanly_at_every_allocation);
  RUN(lifecycle_metrics_should_need_an_events_dataset);
  return check_done();
}
