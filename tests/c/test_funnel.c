/* test_funnel.c: funnels (metrics/funnel.h) on hand-worked event lists; every
 * expected figure is worked out in the comment beside it. */
#include "base/alloc.h"
#include "check.h"
#include "fixtures.h"
#include "metrics/funnel.h"
#include "workspace/workspace.h"

#define N(a) (sizeof a / sizeof a[0])
#define MIN 60000
#define HOUR 3600000

typedef struct {
  const char *user, *event, *time, *plan;
} prow;

/* a PostHog-style events table with a plan property */
static ls_workspace *ws_of(const prow *rows, size_t n, const char *tz) {
  ls_table *t = ls_table_new("events.csv");
  ls_column *u = ls_table_add(t, "distinct_id", LS_TYPE_STRING), *e = ls_table_add(t, "event", LS_TYPE_STRING),
            *ts = ls_table_add(t, "timestamp", LS_TYPE_TIME), *p = ls_table_add(t, "plan", LS_TYPE_STRING);
  for (size_t i = 0; i < n; i++) {
    push_str_or_null(u, rows[i].user);
    push_str_or_null(e, rows[i].event);
    push_time_or_null(ts, rows[i].time);
    push_str_or_null(p, rows[i].plan);
  }
  ls_workspace *ws = ls_workspace_new();
  ls_tz z;
  if (tz && ls_tz_parse(tz, &z)) ls_workspace_set_tz(ws, z);
  ls_workspace_add(ws, t);
  return ws;
}

/* run steps over rows; NULL (message printed) on failure */
static ls_funnel *run(const prow *rows, size_t n, const char *const *steps, size_t ns, int64_t window,
                      ls_funnel_order order, const char *const *excl, size_t nx) {
  ls_workspace *ws = ws_of(rows, n, NULL);
  ls_funnel_query q = LS_FUNNEL_QUERY_INIT;
  q.steps = steps, q.nsteps = ns, q.window = window, q.order = order, q.exclude = excl, q.nexclude = nx;
  ls_funnel *f = NULL;
  if (ls_funnel_run(ws, &q, &f) != LS_OK) printf("  %s\n", ls_workspace_errmsg(ws));
  ls_workspace_free(ws);
  return f;
}

static void check_users(const ls_funnel *f, const int64_t *want, size_t n) {
  CHECK(f != NULL);
  if (!f) return;
  CHECK_INT(f->nsteps, n);
  for (size_t k = 0; k < n && k < f->nsteps; k++) {
    if (f->users[k] != want[k]) printf("  step %zu: %lld users, expected %lld\n", k + 1, (long long)f->users[k], (long long)want[k]);
    CHECK_INT(f->users[k], want[k]);
  }
}

static const char *const ABC[] = {"A", "B", "C"};
static const char *const AB[] = {"A", "B"};

TEST(posthog_example_converts_through_the_attempt_started_at_13_30) {
  /* step 1 holds 13:30 after the second A; B 13:45 and C 14:15 are within 1 h
   * of 13:30: B - A = 15 min = 900 s, C - B = 30 min = 1800 s */
  const prow r[] = {{"u", "A", "2025-01-01T13:00:00Z", NULL}, {"u", "A", "2025-01-01T13:30:00Z", NULL},
                    {"u", "B", "2025-01-01T13:45:00Z", NULL}, {"u", "C", "2025-01-01T14:15:00Z", NULL}};
  ls_funnel *f = run(r, N(r), ABC, 3, HOUR, LS_FUNNEL_SEQUENTIAL, NULL, 0);
  check_users(f, (int64_t[]){1, 1, 1}, 3);
  if (f) {
    CHECK_NUM(f->median_seconds[1], 900, 0);
    CHECK_NUM(f->median_seconds[2], 1800, 0);
    CHECK_NUM(f->mean_seconds[2], 1800, 0);
    CHECK_NUM(f->from_start[2], 1, 0);
    CHECK(isnan(f->median_seconds[0]));
  }
  ls_funnel_free(f);
}

TEST(posthog_example_converts_through_the_09_00_attempt_still_holding_step_2) {
  /* A 09:20 replaces step 1 only; the 09:00 attempt holds step 2 (B 09:10), C
   * 09:50 is 50 min after 09:00: B - A = 600 s, C - B = 2400 s */
  const prow r[] = {{"u", "A", "2025-01-01T09:00:00Z", NULL}, {"u", "B", "2025-01-01T09:10:00Z", NULL},
                    {"u", "A", "2025-01-01T09:20:00Z", NULL}, {"u", "C", "2025-01-01T09:50:00Z", NULL}};
  ls_funnel *f = run(r, N(r), ABC, 3, HOUR, LS_FUNNEL_SEQUENTIAL, NULL, 0);
  check_users(f, (int64_t[]){1, 1, 1}, 3);
  if (f) {
    CHECK_NUM(f->median_seconds[1], 600, 0);
    CHECK_NUM(f->median_seconds[2], 2400, 0);
  }
  ls_funnel_free(f);
}

TEST(strict_order_is_broken_by_an_intervening_event) {
  /* A X B C: sequential converts; strict stops at A (X breaks it) */
  const prow r[] = {{"u", "A", "2025-01-01T10:00:00Z", NULL}, {"u", "X", "2025-01-01T10:01:00Z", NULL},
                    {"u", "B", "2025-01-01T10:02:00Z", NULL}, {"u", "C", "2025-01-01T10:03:00Z", NULL},
                    /* v: A B C with nothing between converts in strict order too */
                    {"v", "A", "2025-01-01T10:00:00Z", NULL}, {"v", "B", "2025-01-01T10:02:00Z", NULL},
                    {"v", "C", "2025-01-01T10:03:00Z", NULL}};
  ls_funnel *f = run(r, N(r), ABC, 3, HOUR, LS_FUNNEL_STRICT, NULL, 0);
  check_users(f, (int64_t[]){2, 1, 1}, 3);
  ls_funnel_free(f);
  f = run(r, N(r), ABC, 3, HOUR, LS_FUNNEL_SEQUENTIAL, NULL, 0);
  check_users(f, (int64_t[]){2, 2, 2}, 3);
  ls_funnel_free(f);
}

TEST(any_order_counts_distinct_steps_within_one_window) {
  /* C 10:00, A 10:10, B 10:20: any order meets 3 steps from 10:00 (600 s, 600 s);
   * sequential: C comes before A, so A then B only */
  const prow r[] = {{"u", "C", "2025-01-01T10:00:00Z", NULL}, {"u", "A", "2025-01-01T10:10:00Z", NULL},
                    {"u", "B", "2025-01-01T10:20:00Z", NULL},
                    /* w: B 10:00 then C 11:30: 1 h apart more than the window: one step */
                    {"w", "B", "2025-01-01T10:00:00Z", NULL}, {"w", "C", "2025-01-01T11:30:00Z", NULL}};
  ls_funnel *f = run(r, N(r), ABC, 3, HOUR, LS_FUNNEL_ANY, NULL, 0);
  check_users(f, (int64_t[]){2, 1, 1}, 3);
  if (f) CHECK_NUM(f->mean_seconds[2], 600, 0);
  ls_funnel_free(f);
  f = run(r, N(r), ABC, 3, HOUR, LS_FUNNEL_SEQUENTIAL, NULL, 0);
  check_users(f, (int64_t[]){1, 1, 0}, 3); /* w has no A */
  ls_funnel_free(f);
}

TEST(an_exclusion_between_steps_voids_the_attempt) {
  /* u: A X B: X voids the attempt (inside its hour, before B): u is in no
   * step; v: A X A B: the first attempt is void, a new one after X converts
   * (B - A = 4 min = 240 s); w: A B X: complete before X, it stands.
   * Sequential 2, 2. Any order: u's B alone starts an attempt of one step
   * with no exclusion after it: 3, 2. */
  const prow r[] = {{"u", "A", "2025-01-01T10:00:00Z", NULL}, {"u", "X", "2025-01-01T10:05:00Z", NULL},
                    {"u", "B", "2025-01-01T10:10:00Z", NULL},
                    {"v", "A", "2025-01-01T10:00:00Z", NULL}, {"v", "X", "2025-01-01T10:05:00Z", NULL},
                    {"v", "A", "2025-01-01T10:06:00Z", NULL}, {"v", "B", "2025-01-01T10:10:00Z", NULL},
                    {"w", "A", "2025-01-01T10:00:00Z", NULL}, {"w", "B", "2025-01-01T10:01:00Z", NULL},
                    {"w", "X", "2025-01-01T10:05:00Z", NULL}};
  const char *const x[] = {"X"};
  ls_funnel *f = run(r, N(r), AB, 2, HOUR, LS_FUNNEL_SEQUENTIAL, x, 1);
  check_users(f, (int64_t[]){2, 2}, 2);
  if (f) CHECK_NUM(f->median_seconds[1], 150, 0); /* 240 s and 60 s */
  ls_funnel_free(f);
  f = run(r, N(r), AB, 2, HOUR, LS_FUNNEL_ANY, x, 1);
  check_users(f, (int64_t[]){3, 2}, 2);
  ls_funnel_free(f);
  f = run(r, N(r), AB, 2, HOUR, LS_FUNNEL_SEQUENTIAL, NULL, 0);
  check_users(f, (int64_t[]){3, 3}, 2);
  ls_funnel_free(f);
}

TEST(a_step_exactly_at_the_window_counts_and_a_millisecond_later_does_not) {
  const prow r[] = {{"u", "A", "2025-01-01T10:00:00Z", NULL}, {"u", "B", "2025-01-01T11:00:00Z", NULL},
                    {"v", "A", "2025-01-01T10:00:00Z", NULL}, {"v", "B", "2025-01-01T11:00:00.001Z", NULL}};
  ls_funnel *f = run(r, N(r), AB, 2, HOUR, LS_FUNNEL_SEQUENTIAL, NULL, 0);
  check_users(f, (int64_t[]){2, 1}, 2);
  if (f) CHECK_NUM(f->median_seconds[1], 3600, 0);
  ls_funnel_free(f);
}

TEST(events_at_one_instant_are_taken_in_step_order) {
  /* u: B and A at 10:00 (B first in the file): A then B, 0 s;
   * v: A, X, B at one instant in strict order: X comes after the steps, so A B
   * converts; one A counts once for steps A,A, two As convert (1800 s) */
  const prow r[] = {{"u", "B", "2025-01-01T10:00:00Z", NULL}, {"u", "A", "2025-01-01T10:00:00Z", NULL},
                    {"v", "X", "2025-01-01T10:00:00Z", NULL}, {"v", "B", "2025-01-01T10:00:00Z", NULL},
                    {"v", "A", "2025-01-01T10:00:00Z", NULL}};
  ls_funnel *f = run(r, N(r), AB, 2, HOUR, LS_FUNNEL_STRICT, NULL, 0);
  check_users(f, (int64_t[]){2, 2}, 2);
  if (f) CHECK_NUM(f->mean_seconds[1], 0, 0);
  ls_funnel_free(f);
  const char *const aa[] = {"A", "A"};
  const prow one[] = {{"u", "A", "2025-01-01T10:00:00Z", NULL}, {"v", "A", "2025-01-01T10:00:00Z", NULL},
                      {"v", "A", "2025-01-01T10:30:00Z", NULL}};
  f = run(one, N(one), aa, 2, HOUR, LS_FUNNEL_SEQUENTIAL, NULL, 0);
  check_users(f, (int64_t[]){2, 1}, 2);
  if (f) CHECK_NUM(f->mean_seconds[1], 1800, 0);
  ls_funnel_free(f);
}

TEST(the_time_zone_changes_nothing) {
  /* instants around midnight in UTC, +08:00 and New York: same funnel, A 23:50
   * then B 00:20 the next day = 1800 s */
  const prow r[] = {{"u", "A", "2025-01-01T23:50:00Z", NULL}, {"u", "B", "2025-01-02T00:20:00Z", NULL}};
  const char *zones[] = {"UTC", "+08:00", "America/New_York"};
  for (size_t z = 0; z < 3; z++) {
    ls_workspace *ws = ws_of(r, N(r), zones[z]);
    ls_funnel_query q = LS_FUNNEL_QUERY_INIT;
    q.steps = AB, q.nsteps = 2, q.window = HOUR;
    ls_funnel *f = NULL;
    CHECK_INT(ls_funnel_run(ws, &q, &f), LS_OK);
    check_users(f, (int64_t[]){1, 1}, 2);
    if (f) CHECK_NUM(f->median_seconds[1], 1800, 0);
    ls_funnel_free(f);
    ls_workspace_free(ws);
  }
}

TEST(breakdown_takes_the_value_at_the_first_step_1_event) {
  /* u: A (free) then A (pro), B: free, converted; v: A (pro), no B: pro;
   * w: A with no plan: in no segment; x: only B: never entered */
  const prow r[] = {{"u", "A", "2025-01-01T10:00:00Z", "free"}, {"u", "A", "2025-01-01T10:10:00Z", "pro"},
                    {"u", "B", "2025-01-01T10:20:00Z", "pro"},  {"v", "A", "2025-01-01T10:00:00Z", "Pro"},
                    {"w", "A", "2025-01-01T10:00:00Z", NULL},   {"x", "B", "2025-01-01T10:00:00Z", "basic"}};
  ls_workspace *ws = ws_of(r, N(r), NULL);
  ls_funnel_query q = LS_FUNNEL_QUERY_INIT;
  q.steps = AB, q.nsteps = 2, q.window = HOUR, q.by = "PLAN";
  ls_funnel *f = NULL;
  CHECK_INT(ls_funnel_run(ws, &q, &f), LS_OK);
  CHECK(f && f->nsegments == 2); /* basic: nobody entered, dropped */
  if (f && f->nsegments == 2) {
    CHECK(strcmp(f->segment[0], "free") == 0);
    CHECK(strcmp(f->segment[1], "pro") == 0); /* spelled as first seen in the file (u's row 2) */
    CHECK_INT(f->users[0], 1);
    CHECK_INT(f->users[1], 1);
    CHECK_NUM(f->median_seconds[1], 600, 0); /* attempt 10:10 -> 10:20 */
    CHECK_INT(f->users[2], 1);
    CHECK_INT(f->users[3], 0);
    CHECK_NUM(f->from_previous[3], 0, 0);
  }
  ls_funnel_free(f);
  q.by = "nope";
  CHECK_INT(ls_funnel_run(ws, &q, &f), LS_ENOTFOUND);
  ls_workspace_free(ws);
}

TEST(twenty_steps_and_users_without_a_step_1_event) {
  /* u does e1..e20 a minute apart; v does e1..e7; w does e2..e20 only:
   * step 1 = 2, steps 2..7 = 2, steps 8..20 = 1; each step 60 s */
  static char names[20][16];
  const char *steps[20];
  prow r[20 + 7 + 19];
  char times[20][32];
  size_t n = 0;
  for (int k = 0; k < 20; k++) {
    snprintf(names[k], sizeof names[k], "e%d", k + 1);
    snprintf(times[k], sizeof times[k], "2025-01-01T10:%02d:00Z", k);
    steps[k] = names[k];
  }
  for (int k = 0; k < 20; k++) r[n++] = (prow){"u", names[k], times[k], NULL};
  for (int k = 0; k < 7; k++) r[n++] = (prow){"v", names[k], times[k], NULL};
  for (int k = 1; k < 20; k++) r[n++] = (prow){"w", names[k], times[k], NULL};
  ls_funnel *f = run(r, n, steps, 20, HOUR, LS_FUNNEL_SEQUENTIAL, NULL, 0);
  int64_t want[20];
  for (int k = 0; k < 20; k++) want[k] = k < 7 ? 2 : 1;
  check_users(f, want, 20);
  if (f) {
    CHECK_NUM(f->from_start[19], 0.5, 0);
    CHECK_NUM(f->from_previous[7], 0.5, 0);
    CHECK_NUM(f->mean_seconds[19], 60, 0);
  }
  ls_funnel_free(f);
}

TEST(median_and_mean_over_the_converted_users) {
  /* B - A: 60 s, 120 s, 600 s: median 120, mean 260; conversion 3/4 */
  const prow r[] = {{"a", "A", "2025-01-01T10:00:00Z", NULL}, {"a", "B", "2025-01-01T10:01:00Z", NULL},
                    {"b", "A", "2025-01-01T10:00:00Z", NULL}, {"b", "B", "2025-01-01T10:02:00Z", NULL},
                    {"c", "A", "2025-01-01T10:00:00Z", NULL}, {"c", "B", "2025-01-01T10:10:00Z", NULL},
                    {"d", "A", "2025-01-01T10:00:00Z", NULL}};
  ls_funnel *f = run(r, N(r), AB, 2, 14 * LS_FUNNEL_DAY_MS, LS_FUNNEL_SEQUENTIAL, NULL, 0);
  check_users(f, (int64_t[]){4, 3}, 2);
  if (f) {
    CHECK_NUM(f->median_seconds[1], 120, 0);
    CHECK_NUM(f->mean_seconds[1], 260, 1e-9);
    CHECK_NUM(f->from_start[1], 0.75, 0);
    CHECK_NUM(f->from_previous[0], 1, 0);
  }
  ls_funnel_free(f);
}

TEST(the_date_range_keeps_events_from_from_until_to) {
  /* only [10:30, 12:00): u's A 10:00 is out, its A 11:00 and B 11:30 are in
   * (1800 s); v's B 12:00 is out */
  const prow r[] = {{"u", "A", "2025-01-01T10:00:00Z", NULL}, {"u", "A", "2025-01-01T11:00:00Z", NULL},
                    {"u", "B", "2025-01-01T11:30:00Z", NULL}, {"v", "A", "2025-01-01T11:00:00Z", NULL},
                    {"v", "B", "2025-01-01T12:00:00Z", NULL}};
  ls_workspace *ws = ws_of(r, N(r), NULL);
  ls_funnel_query q = LS_FUNNEL_QUERY_INIT;
  q.steps = AB, q.nsteps = 2, q.from = T("2025-01-01T10:30:00Z"), q.to = T("2025-01-01T12:00:00Z");
  ls_funnel *f = NULL;
  CHECK_INT(ls_funnel_run(ws, &q, &f), LS_OK);
  check_users(f, (int64_t[]){2, 1}, 2);
  if (f) CHECK_NUM(f->median_seconds[1], 1800, 0);
  ls_funnel_free(f);
  ls_workspace_free(ws);
}

TEST(malformed_queries_are_refused) {
  const prow r[] = {{"u", "A", "2025-01-01T10:00:00Z", NULL}};
  ls_workspace *ws = ws_of(r, N(r), NULL);
  ls_funnel *f = NULL;
  const char *const one[] = {"A"}, *const empty[] = {"A", ""}, *const xa[] = {"A"};
  const char *many[21];
  for (int k = 0; k < 21; k++) many[k] = "A";
  ls_funnel_query q = LS_FUNNEL_QUERY_INIT;
  q.steps = one, q.nsteps = 1;
  CHECK_INT(ls_funnel_run(ws, &q, &f), LS_EINVAL);
  q.steps = many, q.nsteps = 21;
  CHECK_INT(ls_funnel_run(ws, &q, &f), LS_EINVAL);
  q.steps = empty, q.nsteps = 2;
  CHECK_INT(ls_funnel_run(ws, &q, &f), LS_EINVAL);
  q.steps = AB, q.window = 0;
  CHECK_INT(ls_funnel_run(ws, &q, &f), LS_EINVAL);
  q.window = HOUR, q.exclude = xa, q.nexclude = 1;
  CHECK_INT(ls_funnel_run(ws, &q, &f), LS_EINVAL);
  q.nexclude = 0, q.order = (ls_funnel_order)7;
  CHECK_INT(ls_funnel_run(ws, &q, &f), LS_EINVAL);
  q.order = LS_FUNNEL_SEQUENTIAL, q.from = q.to = 5;
  CHECK_INT(ls_funnel_run(ws, &q, &f), LS_EINVAL);
  CHECK(f == NULL);
  CHECK_INT(ls_funnel_order_parse("any"), LS_FUNNEL_ANY);
  CHECK_INT(ls_funnel_order_parse("Strict"), -1);
  ls_workspace_free(ws);
  ls_workspace *none = ls_workspace_new();
  q = (ls_funnel_query)LS_FUNNEL_QUERY_INIT;
  q.steps = AB, q.nsteps = 2;
  CHECK_INT(ls_funnel_run(none, &q, &f), LS_ENODATA);
  ls_workspace_free(none);
}

int main(void) {
  RUN(posthog_example_converts_through_the_attempt_started_at_13_30);
  RUN(posthog_example_converts_through_the_09_00_attempt_still_holding_step_2);
  RUN(strict_order_is_broken_by_an_intervening_event);
  RUN(any_order_counts_distinct_steps_within_one_window);
  RUN(an_exclusion_between_steps_voids_the_attempt);
  RUN(a_step_exactly_at_the_window_counts_and_a_millisecond_later_does_not);
  RUN(events_at_one_instant_are_taken_in_step_order);
  RUN(the_time_zone_changes_nothing);
  RUN(breakdown_takes_the_value_at_the_first_step_1_event);
  RUN(twenty_steps_and_users_without_a_step_1_event);
  RUN(median_and_mean_over_the_converted_users);
  RUN(the_date_range_keeps_events_from_from_until_to);
  RUN(malformed_queries_are_refused);
  return check_done();
}
