/* test_retention.c: the retention matrix (metrics/retention.h) on hand-worked
 * event lists; every expected cell is worked out in the comment beside it.
 * X marks a cell not yet observable (LS_RETENTION_ABSENT). */
#include "base/alloc.h"
#include "base/tz.h"
#include "check.h"
#include "fixtures.h"
#include "metrics/retention.h"
#include "workspace/workspace.h"

#define N(a) (sizeof a / sizeof a[0])
#define X LS_RETENTION_ABSENT

/* a workspace of rows in zone tz (NULL: UTC) */
static ls_workspace *ws_of(const event_row *rows, size_t n, const char *tz) {
  ls_workspace *ws = ls_workspace_new();
  ls_tz z;
  if (tz) CHECK(ls_tz_parse(tz, &z) && ls_workspace_set_tz(ws, z) == LS_OK);
  ls_workspace_add(ws, events_table(rows, n));
  return ws;
}

/* run q over rows; NULL (message printed) on failure */
static ls_retention *run(const event_row *rows, size_t n, const char *tz, const ls_retention_query *q) {
  ls_workspace *ws = ws_of(rows, n, tz);
  ls_retention *r = NULL;
  if (ls_retention_run(ws, q, &r) != LS_OK) printf("  %s\n", ls_workspace_errmsg(ws));
  ls_workspace_free(ws);
  return r;
}

/* r's matrix is want (nc rows of nk cells), its cohorts start at first, ... */
static void check_matrix(const ls_retention *r, const int64_t *want, size_t nc, size_t nk) {
  CHECK(r != NULL);
  if (!r) return;
  CHECK_INT(r->ncohorts, nc);
  CHECK_INT(r->nk, nk);
  if (r->ncohorts != nc || r->nk != nk) return;
  for (size_t c = 0; c < nc; c++) {
    CHECK_INT(r->size[c], want[c * nk]);
    for (size_t k = 0; k < nk; k++) {
      if (r->count[c * nk + k] != want[c * nk + k])
        printf("  cohort %zu, k %zu: %lld, expected %lld\n", c, k, (long long)r->count[c * nk + k],
               (long long)want[c * nk + k]);
      CHECK_INT(r->count[c * nk + k], want[c * nk + k]);
    }
  }
}

/* a: Mon 6, Tue 7 (twice: one membership, one return), Thu 9 January 2025;
 * b: Tue 7, Wed 8. As of Fri 10: the complete days are 6..9 */
static const event_row AB[] = {{"a", "view", "2025-01-06T10:00:00Z"}, {"b", "view", "2025-01-07T12:00:00Z"},
                               {"a", "view", "2025-01-07T10:00:00Z"}, {"a", "view", "2025-01-07T18:00:00Z"},
                               {"b", "view", "2025-01-08T12:00:00Z"}, {"a", "view", "2025-01-09T10:00:00Z"}};

static ls_retention_query day_query(ls_retention_type type, ls_retention_mode mode) {
  ls_retention_query q = LS_RETENTION_QUERY_INIT;
  q.period = LS_GRAIN_DAY, q.type = type, q.mode = mode, q.asof = T("2025-01-10");
  return q;
}

TEST(first_time_cohorts_count_each_user_once_by_their_first_day) {
  /* cohort 6 = {a}: a on 7 (k1), not 8 (k2), on 9 (k3); cohort 7 = {b}: b on
   * 8 (k1), not 9 (k2); cohorts 8 and 9 are empty. Day 6 + k must be at most
   * day 9: cohort 7 has k 0..2, 8 has 0..1, 9 has 0 */
  ls_retention_query q = day_query(LS_RETENTION_FIRST_TIME, LS_RETENTION_ON);
  ls_retention *r = run(AB, N(AB), NULL, &q);
  const int64_t want[] = {1, 1, 0, 1, /**/ 1, 1, 0, X, /**/ 0, 0, X, X, /**/ 0, X, X, X};
  check_matrix(r, want, 4, 4);
  if (r) CHECK_INT(r->cohort[1], T("2025-01-07"));
  ls_retention_free(r);
}

TEST(recurring_cohorts_hold_a_user_in_every_day_they_were_active) {
  /* cohort 6 = {a}: as first_time; cohort 7 = {a, b}: b on 8 (k1), a on 9
   * (k2); cohort 8 = {b}: b not on 9; cohort 9 = {a} */
  ls_retention_query q = day_query(LS_RETENTION_RECURRING, LS_RETENTION_ON);
  ls_retention *r = run(AB, N(AB), NULL, &q);
  const int64_t want[] = {1, 1, 0, 1, /**/ 2, 1, 1, X, /**/ 1, 0, X, X, /**/ 1, X, X, X};
  check_matrix(r, want, 4, 4);
  ls_retention_free(r);
}

TEST(on_or_after_counts_a_return_in_k_or_any_later_period) {
  /* first_time: a's last return is k3, so a counts at k1..k3; b's is k1.
   * recurring: cohort 7: a last at k2, b at k1: k1 = 2, k2 = 1 */
  ls_retention_query q = day_query(LS_RETENTION_FIRST_TIME, LS_RETENTION_ON_OR_AFTER);
  ls_retention *r = run(AB, N(AB), NULL, &q);
  const int64_t first[] = {1, 1, 1, 1, /**/ 1, 1, 0, X, /**/ 0, 0, X, X, /**/ 0, X, X, X};
  check_matrix(r, first, 4, 4);
  ls_retention_free(r);
  q.type = LS_RETENTION_RECURRING;
  r = run(AB, N(AB), NULL, &q);
  const int64_t recurring[] = {1, 1, 1, 1, /**/ 2, 2, 1, X, /**/ 1, 0, X, X, /**/ 1, X, X, X};
  check_matrix(r, recurring, 4, 4);
  ls_retention_free(r);
}

TEST(events_after_the_last_complete_period_are_not_read) {
  /* as of Thu 9: days 6..8 only; a's Thursday is not read, so recurring
   * cohort 7 = {a, b} has b alone on 8 (k1 = 1) and there is no cohort 9 */
  ls_retention_query q = day_query(LS_RETENTION_RECURRING, LS_RETENTION_ON);
  q.asof = T("2025-01-09");
  ls_retention *r = run(AB, N(AB), NULL, &q);
  const int64_t want[] = {1, 1, 0, /**/ 2, 1, X, /**/ 1, X, X};
  check_matrix(r, want, 3, 3);
  ls_retention_free(r);
}

TEST(from_and_to_pick_the_cohorts_and_keep_the_later_columns) {
  /* cohorts 7..8 of the first_time matrix; cohort 7 reaches day 9 (k2) */
  ls_retention_query q = day_query(LS_RETENTION_FIRST_TIME, LS_RETENTION_ON);
  q.from = T("2025-01-07T15:00:00Z"), q.to = T("2025-01-08T01:00:00Z");
  ls_retention *r = run(AB, N(AB), NULL, &q);
  const int64_t want[] = {1, 1, 0, /**/ 0, 0, X};
  check_matrix(r, want, 2, 3);
  ls_retention_free(r);
}

TEST(monday_20_00_to_tuesday_06_00_is_day_1_in_calendar_and_day_0_rolling) {
  /* Mon 20:00, Tue 06:00 (10 h later), Wed 19:00 (47 h later). Calendar: Tue
   * is k1, Wed k2, Thu (k3) none. Rolling: 10 h / 24 h = k0, 47 h / 24 h = k1,
   * nothing in k2; as of Fri 10, the day cohort 6 ends on 7 and window k is
   * observable when 7 + (k + 1) days <= 10: k <= 2 */
  const event_row r0[] = {{"u", "open", "2025-01-06T20:00:00Z"}, {"u", "open", "2025-01-07T06:00:00Z"},
                          {"u", "open", "2025-01-08T19:00:00Z"}};
  ls_retention_query q = day_query(LS_RETENTION_FIRST_TIME, LS_RETENTION_ON);
  q.to = T("2025-01-06");
  ls_retention *r = run(r0, N(r0), NULL, &q);
  check_matrix(r, (const int64_t[]){1, 1, 1, 0}, 1, 4);
  ls_retention_free(r);
  q.buckets = LS_RETENTION_ROLLING_24H;
  r = run(r0, N(r0), NULL, &q);
  check_matrix(r, (const int64_t[]){1, 1, 0}, 1, 3);
  ls_retention_free(r);
}

TEST(rolling_weeks_are_seven_times_24_hours_from_the_first_event) {
  /* Sun 12 January 23:00 starts u's window; Mon 13 (1 h later) is k0 rolling
   * but the next ISO week in calendar; Sun 19 22:00 (6 d 23 h) is k0 too, Sun
   * 19 23:00 (exactly 7 d) is k1. As of Mon 3 February the complete weeks are
   * 6, 13, 20, 27 January: calendar k 0..3; rolling: the cohort ends on 13,
   * 13 + (k + 1) x 7 d <= 3 February (21 days later) for k <= 2 */
  const event_row r0[] = {{"u", "e", "2025-01-12T23:00:00Z"}, {"u", "e", "2025-01-13T00:00:00Z"},
                          {"u", "e", "2025-01-19T22:00:00Z"}, {"u", "e", "2025-01-19T23:00:00Z"}};
  ls_retention_query q = LS_RETENTION_QUERY_INIT;
  q.asof = T("2025-02-03"), q.to = T("2025-01-06");
  ls_retention *r = run(r0, N(r0), NULL, &q);
  check_matrix(r, (const int64_t[]){1, 1, 0, 0}, 1, 4); /* calendar: week 13 (k1) */
  ls_retention_free(r);
  q.buckets = LS_RETENTION_ROLLING_24H;
  r = run(r0, N(r0), NULL, &q);
  check_matrix(r, (const int64_t[]){1, 1, 0}, 1, 3);
  ls_retention_free(r);
}

TEST(start_and_return_events_choose_the_cohort_and_the_returns) {
  /* start signup, return buy: u1 signs up on 6 and buys on 8 (k2); u2 signs
   * up on 7 and buys the same day (k0: not a return). Any return event: u1
   * views on 7 (k1) and buys on 8 (k2); u2 views on 9 (k2) */
  const event_row r0[] = {{"u1", "signup", "2025-01-06T09:00:00Z"}, {"u2", "view", "2025-01-06T09:00:00Z"},
                          {"u1", "view", "2025-01-07T09:00:00Z"},   {"u2", "signup", "2025-01-07T09:00:00Z"},
                          {"u2", "buy", "2025-01-07T10:00:00Z"},    {"u1", "buy", "2025-01-08T09:00:00Z"},
                          {"u2", "view", "2025-01-09T09:00:00Z"}};
  ls_retention_query q = day_query(LS_RETENTION_FIRST_TIME, LS_RETENTION_ON);
  q.start_event = "signup", q.return_event = "buy", q.to = T("2025-01-07");
  ls_retention *r = run(r0, N(r0), NULL, &q);
  const int64_t buy[] = {1, 0, 1, 0, /**/ 1, 0, 0, X};
  check_matrix(r, buy, 2, 4);
  ls_retention_free(r);
  q.return_event = NULL;
  r = run(r0, N(r0), NULL, &q);
  const int64_t any[] = {1, 1, 1, 0, /**/ 1, 0, 1, X};
  check_matrix(r, any, 2, 4);
  ls_retention_free(r);
  /* no start event: u2's first event (view on 6) puts u2 in cohort 6 too:
   * returns buy: u1 k2, u2 k1 (buy on 7) */
  q.start_event = NULL, q.return_event = "buy";
  r = run(r0, N(r0), NULL, &q);
  const int64_t first[] = {2, 1, 1, 0, /**/ 0, 0, 0, X};
  check_matrix(r, first, 2, 4);
  ls_retention_free(r);
}

TEST(a_utc_plus_8_workspace_moves_2025_01_01_20_00z_into_2_january) {
  /* 31 Dec 10:00Z and 1 Jan 20:00Z. UTC: days 31, 1 (as of 2 January, the
   * day after the last event): the return is k1. UTC+8: 31 Dec 18:00 and 2
   * Jan 04:00 local, days 31, 1, 2: the return is k2, nothing on 1 January */
  const event_row r0[] = {{"u", "e", "2024-12-31T10:00:00Z"}, {"u", "e", "2025-01-01T20:00:00Z"}};
  ls_retention_query q = LS_RETENTION_QUERY_INIT;
  q.period = LS_GRAIN_DAY;
  ls_retention *r = run(r0, N(r0), NULL, &q);
  check_matrix(r, (const int64_t[]){1, 1, /**/ 0, X}, 2, 2);
  ls_retention_free(r);
  r = run(r0, N(r0), "+08:00", &q);
  check_matrix(r, (const int64_t[]){1, 0, 1, /**/ 0, 0, X, /**/ 0, X, X}, 3, 3);
  if (r) CHECK_INT(r->cohort[2], T("2025-01-01T16:00:00Z"));
  ls_retention_free(r);
}

TEST(new_york_week_cohorts_follow_the_dst_change) {
  /* DST starts Sun 9 March 2025. a: Mon 3 March 00:30 EST (05:30Z), Mon 10
   * 00:30 EDT (04:30Z). b: Sun 9 23:30 EDT (10 March 03:30Z: week 3 March,
   * though in EST it would be Monday), Sun 16 23:30 EDT (week 10). c: Mon 10
   * 00:30 EDT. As of Mon 24 March: weeks 3, 10, 17. Cohort 3 = {a, b}, both
   * back in week 10 (k1 = 2), none in week 17; cohort 10 = {c}; 17 empty */
  const event_row r0[] = {{"a", "e", "2025-03-03T05:30:00Z"}, {"b", "e", "2025-03-10T03:30:00Z"},
                          {"a", "e", "2025-03-10T04:30:00Z"}, {"c", "e", "2025-03-10T04:30:00Z"},
                          {"b", "e", "2025-03-17T03:30:00Z"}};
  ls_retention_query q = LS_RETENTION_QUERY_INIT;
  q.asof = T("2025-03-24T04:00:00Z");
  ls_retention *r = run(r0, N(r0), "America/New_York", &q);
  check_matrix(r, (const int64_t[]){2, 2, 0, /**/ 1, 0, X, /**/ 0, X, X}, 3, 3);
  if (r) {
    CHECK_INT(r->cohort[0], T("2025-03-03T05:00:00Z")); /* EST midnight */
    CHECK_INT(r->cohort[1], T("2025-03-10T04:00:00Z")); /* EDT midnight */
  }
  ls_retention_free(r);
}

TEST(empty_data_and_empty_scopes) {
  /* no events dataset; one without rows (no times); a scope keeping nothing:
   * the cohorts of the data (days 6..9), all empty */
  ls_retention_query q = day_query(LS_RETENTION_FIRST_TIME, LS_RETENTION_ON);
  ls_retention *r = NULL;
  ls_workspace *none = ls_workspace_new();
  CHECK_INT(ls_retention_run(none, &q, &r), LS_ENODATA);
  ls_workspace_free(none);
  ls_workspace *empty = ws_of(AB, 0, NULL);
  CHECK_INT(ls_retention_run(empty, &q, &r), LS_ENODATA);
  CHECK(r == NULL);
  ls_workspace_free(empty);
  const ls_where w[] = {{"distinct_id", "nobody"}};
  q.scope = (ls_scope){w, 1};
  r = run(AB, N(AB), NULL, &q);
  const int64_t want[] = {0, 0, 0, 0, /**/ 0, 0, 0, X, /**/ 0, 0, X, X, /**/ 0, X, X, X};
  check_matrix(r, want, 4, 4);
  ls_retention_free(r);
}

TEST(bad_queries_are_refused) {
  ls_workspace *ws = ws_of(AB, N(AB), NULL);
  ls_retention *r = NULL;
  ls_retention_query q = day_query(LS_RETENTION_FIRST_TIME, LS_RETENTION_ON);
  q.period = LS_GRAIN_DAY | LS_GRAIN_WEEK;
  CHECK_INT(ls_retention_run(ws, &q, &r), LS_EINVAL);
  q = day_query((ls_retention_type)7, LS_RETENTION_ON);
  CHECK_INT(ls_retention_run(ws, &q, &r), LS_EINVAL);
  q = day_query(LS_RETENTION_FIRST_TIME, (ls_retention_mode)7);
  CHECK_INT(ls_retention_run(ws, &q, &r), LS_EINVAL);
  q = day_query(LS_RETENTION_FIRST_TIME, LS_RETENTION_ON);
  q.buckets = (ls_retention_buckets)7;
  CHECK_INT(ls_retention_run(ws, &q, &r), LS_EINVAL);
  q = day_query(LS_RETENTION_FIRST_TIME, LS_RETENTION_ON);
  q.start_event = "";
  CHECK_INT(ls_retention_run(ws, &q, &r), LS_EINVAL);
  q.start_event = NULL, q.from = T("2025-01-09"), q.to = T("2025-01-08");
  CHECK_INT(ls_retention_run(ws, &q, &r), LS_EINVAL);
  q = day_query(LS_RETENTION_FIRST_TIME, LS_RETENTION_ON);
  q.return_event = "buy"; /* no row has it */
  CHECK_INT(ls_retention_run(ws, &q, &r), LS_ENOTFOUND);
  CHECK_HAS(ls_workspace_errmsg(ws), "buy");
  CHECK(r == NULL);
  ls_workspace_free(ws);
  CHECK_INT(ls_retention_type_parse("recurring"), LS_RETENTION_RECURRING);
  CHECK_INT(ls_retention_mode_parse("on_or_after"), LS_RETENTION_ON_OR_AFTER);
  CHECK_INT(ls_retention_buckets_parse("rolling_24h"), LS_RETENTION_ROLLING_24H);
  CHECK_INT(ls_retention_type_parse("weekly"), -1);
  CHECK_INT(ls_retention_mode_parse(NULL), -1);
  CHECK_INT(ls_retention_buckets_parse("Calendar"), -1);
}

int main(void) {
  RUN(first_time_cohorts_count_each_user_once_by_their_first_day);
  RUN(recurring_cohorts_hold_a_user_in_every_day_they_were_active);
  RUN(on_or_after_counts_a_return_in_k_or_any_later_period);
  RUN(events_after_the_last_complete_period_are_not_read);
  RUN(from_and_to_pick_the_cohorts_and_keep_the_later_columns);
  RUN(monday_20_00_to_tuesday_06_00_is_day_1_in_calendar_and_day_0_rolling);
  RUN(rolling_weeks_are_seven_times_24_hours_from_the_first_event);
  RUN(start_and_return_events_choose_the_cohort_and_the_returns);
  RUN(a_utc_plus_8_workspace_moves_2025_01_01_20_00z_into_2_january);
  RUN(new_york_week_cohorts_follow_the_dst_change);
  RUN(empty_data_and_empty_scopes);
  RUN(bad_queries_are_refused);
  return check_done();
}
