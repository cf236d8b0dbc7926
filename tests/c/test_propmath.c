/* test_propmath.c: property math and the technical metrics on hand-computed
 * data (the same events as data/events_tech.csv). */
#include "base/alloc.h"
#include "catalog/catalog.h"
#include "check.h"
#include "fixtures.h"
#include "metrics/propmath.h"
#include "workspace/workspace.h"

typedef struct {
  const char *user, *event, *time;
  double latency; /* NAN: null */
  int status;     /* 0: null */
} tech_row;

/* Day 1 (2026-03-01 UTC) holds e1..e5, day 2 e6, day 3 e7. */
static const tech_row ROWS[] = {
  {"u1", "api_call", "2026-03-01T10:00:00.100Z", 100, 200},  /* e1 */
  {"u1", "api_call", "2026-03-01T10:00:00.900Z", 200, 503},  /* e2 */
  {"u2", "api_call", "2026-03-01T10:00:01.000Z", NAN, 404},  /* e3 */
  {"u2", "api_call", "2026-03-01T23:59:59.500Z", 400, 200},  /* e4 */
  {"u3", "job_search", "2026-03-01T23:59:59.900Z", 1000, 0}, /* e5 */
  {"u1", "api_call", "2026-03-02T00:00:00.200Z", 50, 200},   /* e6 */
  {"u4", "signup", "2026-03-03T12:00:00Z", NAN, 0},          /* e7 */
};
#define NROWS (sizeof ROWS / sizeof ROWS[0])

static ls_workspace *tech(int tz) {
  ls_table *t = ls_table_new("events.csv");
  ls_column *u = ls_table_add(t, "user_id", LS_TYPE_STRING), *e = ls_table_add(t, "event", LS_TYPE_STRING),
            *ts = ls_table_add(t, "timestamp", LS_TYPE_TIME), *lat = ls_table_add(t, "latency_ms", LS_TYPE_DOUBLE),
            *st = ls_table_add(t, "status", LS_TYPE_INT64);
  for (size_t i = 0; i < NROWS; i++) {
    push_str_or_null(u, ROWS[i].user);
    push_str_or_null(e, ROWS[i].event);
    push_time_or_null(ts, ROWS[i].time);
    if (isnan(ROWS[i].latency)) ls_column_push_null(lat);
    else ls_column_push_f64(lat, ROWS[i].latency);
    if (ROWS[i].status) ls_column_push_i64(st, ROWS[i].status);
    else ls_column_push_null(st);
  }
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_add(ws, t);
  ls_workspace_set_tz(ws, tz);
  return ws;
}

/* metric over q by day: want[0..n) from 2026-03-01 (local) */
static void check_q(ls_workspace *ws, const char *metric, ls_query q, const double *want, size_t n) {
  ls_series *s = NULL;
  if (ls_metric_run(ws, metric, &q, &s) != LS_OK) printf("  %s: %s\n", metric, ls_workspace_errmsg(ws));
  CHECK(s != NULL);
  if (!s) return;
  CHECK_INT(s->n, n);
  for (size_t i = 0; i < n && i < s->n; i++) {
    if (!(isnan(want[i]) && isnan(s->value[i])) && fabs(s->value[i] - want[i]) > 1e-9)
      printf("  %s[%zu] = %.12g, expected %.12g\n", metric, i, s->value[i], want[i]);
    CHECK_NUM(s->value[i], want[i], 1e-9);
  }
  ls_series_free(s);
}

/* metric broken down under q; NULL (a failed check) on error */
static ls_breakdown *breakdown(ls_workspace *ws, const char *metric, ls_query q) {
  ls_breakdown *b = NULL;
  ls_status st = ls_metric_run_by(ws, metric, &q, &b);
  if (st != LS_OK) printf("  %s: %s\n", metric, ls_workspace_errmsg(ws));
  CHECK_INT(st, LS_OK);
  return b;
}

static ls_query query(const char *event, const char *property) {
  ls_query q = LS_QUERY_INIT;
  q.grain = LS_GRAIN_DAY;
  q.event = event;
  q.property = property;
  return q;
}

TEST(quantile_cont_should_interpolate_between_order_statistics) {
  double x[] = {1, 2, 3, 4};
  /* h = 3q: q .5 -> 1.5: 2 + .5 (3 - 2) = 2.5; q .9 -> 2.7: 3 + .7 = 3.7; q 0 -> 1; q 1 -> 4 */
  CHECK_NUM(ls_quantile_cont(x, 4, 0.5), 2.5, 1e-12);
  CHECK_NUM(ls_quantile_cont(x, 4, 0.9), 3.7, 1e-12);
  CHECK_NUM(ls_quantile_cont(x, 4, 0), 1, 0);
  CHECK_NUM(ls_quantile_cont(x, 4, 1), 4, 0);
  double one[] = {7};
  CHECK_NUM(ls_quantile_cont(one, 1, 0.5), 7, 0);
  CHECK_NUM(ls_quantile_cont(one, 1, 0.99), 7, 0);
  double ties[] = {5, 5, 5, 9};
  /* q .5: h 1.5 -> 5 + .5 * 0 = 5; q .95: h 2.85 -> 5 + .85 * 4 = 8.4 */
  CHECK_NUM(ls_quantile_cont(ties, 4, 0.5), 5, 1e-12);
  CHECK_NUM(ls_quantile_cont(ties, 4, 0.95), 8.4, 1e-12);
  CHECK(isnan(ls_quantile_cont(x, 0, 0.5)));
}

TEST(sort_doubles_should_sort_long_integral_and_fractional_runs) {
  enum { N = 3000 };
  double *a = ls_malloc(N * sizeof *a), *b = ls_malloc(N * sizeof *b);
  uint64_t *scratch = ls_malloc(2 * N * sizeof *scratch);
  double sa = 0, sb = 0;
  for (int i = 0; i < N; i++) {
    a[i] = (double)((i * 7919) % 1000 - 500); /* integers -500..499, each three times */
    b[i] = ((i * 7919) % 1001 - 500) / 8.0 + (i % 3 ? 0.0 : -1e-3);
    sa += a[i];
    sb += b[i];
  }
  ls_sort_doubles(a, scratch, N);
  ls_sort_doubles(b, scratch, N);
  int ordered = 1;
  double ta = 0, tb = 0;
  for (int i = 0; i < N; i++) {
    if (i && (a[i] < a[i - 1] || b[i] < b[i - 1])) ordered = 0;
    ta += a[i];
    tb += b[i];
  }
  CHECK(ordered);
  CHECK_NUM(a[0], -500, 0);
  CHECK_NUM(a[N - 1], 499, 0);
  CHECK_NUM(a[3], -499, 0); /* -500 three times, then -499 */
  CHECK_NUM(ta, sa, 1e-9);
  CHECK_NUM(tb, sb, 1e-6);
  ls_free(a);
  ls_free(b);
  ls_free(scratch);
}

TEST(percentiles_should_skip_nulls_and_be_nan_for_an_empty_period) {
  ls_workspace *ws = tech(0);
  /* api_call latencies: day 1 {100, 200, 400} (e3 null), day 2 {50}, day 3 none
   * p50 day 1: h = 1 -> 200; p95: h = 1.9 -> 200 + .9 * 200 = 380;
   * p90: h = 1.8 -> 200 + .8 * 200 = 360; p99: h = 1.98 -> 396 */
  check_q(ws, "p50", query("api_call", "latency_ms"), (double[]){200, 50, NAN}, 3);
  check_q(ws, "p90", query("api_call", "latency_ms"), (double[]){360, 50, NAN}, 3);
  check_q(ws, "p95", query("api_call", "latency_ms"), (double[]){380, 50, NAN}, 3);
  check_q(ws, "p99", query("api_call", "latency_ms"), (double[]){396, 50, NAN}, 3);
  /* every event, day 1 {100, 200, 400, 1000}: p50 h 1.5 -> 300; p95 h 2.85 -> 400 + .85 * 600 = 910 */
  check_q(ws, "p50", query(NULL, "latency_ms"), (double[]){300, 50, NAN}, 3);
  check_q(ws, "p95", query(NULL, "LATENCY_MS"), (double[]){910, 50, NAN}, 3);
  /* no property: the duration column (latency_ms) */
  check_q(ws, "p95", query(NULL, NULL), (double[]){910, 50, NAN}, 3);
  ls_workspace_free(ws);
}

TEST(sum_mean_min_max_and_count_should_fold_the_values_of_each_period) {
  ls_workspace *ws = tech(0);
  /* api_call day 1: 100 + 200 + 400 = 700 over 3 values */
  check_q(ws, "sum", query("api_call", "latency_ms"), (double[]){700, 50, 0}, 3);
  check_q(ws, "mean", query("api_call", "latency_ms"), (double[]){700.0 / 3, 50, NAN}, 3);
  check_q(ws, "min", query("api_call", "latency_ms"), (double[]){100, 50, NAN}, 3);
  check_q(ws, "max", query("api_call", "latency_ms"), (double[]){400, 50, NAN}, 3);
  check_q(ws, "count", query("api_call", "latency_ms"), (double[]){3, 1, 0}, 3);
  /* without a property: events (e3 counts though its latency is null) */
  check_q(ws, "count", query("api_call", NULL), (double[]){4, 1, 0}, 3);
  check_q(ws, "count", query(NULL, NULL), (double[]){5, 1, 1}, 3);
  /* status as the property: day 1 200 + 503 + 404 + 200 = 1307 */
  check_q(ws, "sum", query(NULL, "status"), (double[]){1307, 200, 0}, 3);
  ls_workspace_free(ws);
}

TEST(property_math_should_follow_local_days_at_plus_8) {
  ls_tz tz8;
  CHECK(ls_tz_parse("+08:00", &tz8));
  ls_workspace *ws = tech(tz8);
  /* local days start at 16:00 UTC: 03-01 holds e1..e3 (18:00 local), 03-02
   * e4, e5 (07:59:59 local) and e6 (08:00:00.2), 03-03 e7 (20:00 local).
   * latencies: 03-01 {100, 200} -> p50 150; 03-02 {50, 400, 1000} -> 400 */
  check_q(ws, "p50", query(NULL, "latency_ms"), (double[]){150, 400, NAN}, 3);
  check_q(ws, "count", query(NULL, NULL), (double[]){3, 3, 1}, 3);
  /* e4 and e5 share the second 23:59:59 UTC inside local 03-02 */
  check_q(ws, "qps_peak", query(NULL, NULL), (double[]){2, 2, 1}, 3);
  ls_workspace_free(ws);
}

TEST(qps_should_count_whole_seconds_on_each_side_of_a_day_boundary) {
  ls_workspace *ws = tech(0);
  /* day 1: 10:00:00 holds e1, e2 (2); 10:00:01 e3; 23:59:59 e4, e5 (2).
   * e6 at 00:00:00.2 is 0.3 s after e5 but in the next second and day: 1 */
  check_q(ws, "qps_peak", query(NULL, NULL), (double[]){2, 1, 1}, 3);
  check_q(ws, "qps_peak", query("api_call", NULL), (double[]){2, 1, 0}, 3);
  check_q(ws, "qps_mean", query(NULL, NULL), (double[]){5.0 / 86400, 1.0 / 86400, 1.0 / 86400}, 3);
  ls_workspace_free(ws);
}

TEST(success_and_errors_should_read_http_status_codes) {
  ls_workspace *ws = tech(0);
  /* day 1 outcomes: 200 ok, 503 error, 404 failure (not an error at 5xx),
   * 200 ok; e5 has none. day 2: 200. day 3: none */
  check_q(ws, "task_success_rate", query(NULL, NULL), (double[]){0.5, 1, NAN}, 3);
  check_q(ws, "task_success_rate", query("api_call", NULL), (double[]){0.5, 1, NAN}, 3);
  check_q(ws, "error_rate", query(NULL, NULL), (double[]){0.25, 0, NAN}, 3);
  check_q(ws, "failures", query(NULL, NULL), (double[]){2, 0, 0}, 3);
  ls_workspace_set(ws, "error_status", "4xx"); /* 404 is an error too: 2 / 4 */
  check_q(ws, "error_rate", query(NULL, NULL), (double[]){0.5, 0, NAN}, 3);
  ls_workspace_free(ws);
}

TEST(failures_by_status_should_keep_the_top_codes) {
  ls_workspace *ws = tech(0);
  ls_query q = query(NULL, NULL);
  q.by = "status";
  q.top = 2;
  ls_breakdown *b = breakdown(ws, "failures", q);
  /* totals: 200 -> 0, 404 -> 1, 503 -> 1: the top two, ties in label order */
  CHECK(b && b->n == 2);
  if (b && b->n == 2) {
    CHECK(strcmp(b->label[0], "404") == 0);
    CHECK(strcmp(b->label[1], "503") == 0);
    CHECK_NUM(b->series[1]->value[0], 1, 0);
  }
  ls_breakdown_free(b);
  /* a top of 3 still leaves 200 out: no failure has that status */
  q.top = 3;
  b = breakdown(ws, "failures", q);
  CHECK(b && b->n == 2 && strcmp(b->label[0], "404") == 0);
  ls_breakdown_free(b);
  q.top = 0;
  b = breakdown(ws, "failures", q);
  CHECK(b && b->n == 3 && strcmp(b->label[0], "200") == 0);
  ls_breakdown_free(b);
  ls_workspace_free(ws);
}

/* a one-column outcome table: user u, one event a day from 2026-03-01 */
static ls_workspace *outcome_ws(const char *name, ls_type type, const char *const *cells, size_t n) {
  ls_table *t = ls_table_new("events.csv");
  ls_column *u = ls_table_add(t, "user_id", LS_TYPE_STRING), *e = ls_table_add(t, "event", LS_TYPE_STRING),
            *ts = ls_table_add(t, "timestamp", LS_TYPE_TIME), *c = ls_table_add(t, name, type);
  for (size_t i = 0; i < n; i++) {
    push_str_or_null(u, "u");
    push_str_or_null(e, "task");
    push_time_or_null(ts, "2026-03-01T12:00:00Z");
    if (!cells[i]) ls_column_push_null(c);
    else if (type == LS_TYPE_BOOL) ls_column_push_bool(c, cells[i][0] == 't');
    else if (type == LS_TYPE_INT64) ls_column_push_i64(c, strtoll(cells[i], NULL, 10));
    else push_str_or_null(c, cells[i]);
  }
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_add(ws, t);
  return ws;
}

TEST(outcomes_should_read_success_flags_status_words_and_error_codes) {
  /* success flag: true, false, null -> 1 of 2 */
  ls_workspace *ws = outcome_ws("success", LS_TYPE_BOOL, (const char *[]){"t", "f", NULL}, 3);
  check_q(ws, "task_success_rate", query(NULL, NULL), (double[]){0.5}, 1);
  check_q(ws, "error_rate", query(NULL, NULL), (double[]){0.5}, 1);
  ls_workspace_free(ws);
  /* status words: OK success; error and 503 errors; unknown no outcome -> 1/3, 2/3 */
  ws = outcome_ws("status", LS_TYPE_STRING, (const char *[]){"OK", "error", "unknown", "503"}, 4);
  check_q(ws, "task_success_rate", query(NULL, NULL), (double[]){1.0 / 3}, 1);
  check_q(ws, "error_rate", query(NULL, NULL), (double[]){2.0 / 3}, 1);
  ls_workspace_free(ws);
  /* an error code column: any code is an error; "ok" a success -> 1/3 */
  ws = outcome_ws("error_code", LS_TYPE_STRING, (const char *[]){"E_TIMEOUT", "ok", "E42"}, 3);
  check_q(ws, "task_success_rate", query(NULL, NULL), (double[]){1.0 / 3}, 1);
  check_q(ws, "failures", query(NULL, NULL), (double[]){2}, 1);
  ls_workspace_free(ws);
  /* an error code column logs codes only when something went wrong: null and 0
   * succeed, 7 and E_X are errors, 404 a failure that is not an error (5xx)
   * -> success 2/5, errors 2/5, failures 3 */
  ws = outcome_ws("error_code", LS_TYPE_STRING, (const char *[]){NULL, "7", "0", "404", "E_X"}, 5);
  check_q(ws, "task_success_rate", query(NULL, NULL), (double[]){2.0 / 5}, 1);
  check_q(ws, "error_rate", query(NULL, NULL), (double[]){2.0 / 5}, 1);
  check_q(ws, "failures", query(NULL, NULL), (double[]){3}, 1);
  ls_workspace_free(ws);
  /* the same as a number column, with an HTTP 200: null, 0 and 200 succeed,
   * 7 is an error, 404 a failure only -> success 3/5, errors 1/5, failures 2 */
  ws = outcome_ws("error_code", LS_TYPE_INT64, (const char *[]){NULL, "7", "0", "404", "200"}, 5);
  check_q(ws, "task_success_rate", query(NULL, NULL), (double[]){3.0 / 5}, 1);
  check_q(ws, "error_rate", query(NULL, NULL), (double[]){1.0 / 5}, 1);
  check_q(ws, "failures", query(NULL, NULL), (double[]){2}, 1);
  ls_workspace_free(ws);
}

TEST(feature_penetration_should_divide_by_every_active_user) {
  ls_workspace *ws = tech(0);
  ls_query q = query(NULL, NULL);
  ls_breakdown *b = breakdown(ws, "feature_penetration", q);
  /* labels api_call, job_search, signup; active users: day 1 u1 u2 u3, day 2
   * u1, day 3 u4. api_call: 2/3, 1, 0; job_search 1/3, 0, 0; signup 0, 0, 1 */
  CHECK(b && b->n == 3 && strcmp(b->by, "event") == 0);
  if (b && b->n == 3) {
    double want[3][3] = {{2.0 / 3, 1, 0}, {1.0 / 3, 0, 0}, {0, 0, 1}};
    for (size_t k = 0; k < 3; k++)
      for (size_t i = 0; i < 3; i++) CHECK_NUM(b->series[k]->value[i], want[k][i], 1e-12);
  }
  ls_breakdown_free(b);
  /* one feature: the event filter narrows the users of f, not the active users */
  q.event = "API_CALL";
  b = breakdown(ws, "feature_penetration", q);
  CHECK(b && b->n == 1);
  if (b && b->n == 1) CHECK_NUM(b->series[0]->value[0], 2.0 / 3, 1e-12);
  ls_breakdown_free(b);
  /* a where on another column narrows both: u1 alone -> api_call 1 on day 1 */
  ls_where w = {"user_id", "u1"};
  q.scope = (ls_scope){&w, 1};
  b = breakdown(ws, "feature_penetration", q);
  if (b && b->n == 1) CHECK_NUM(b->series[0]->value[0], 1, 0);
  ls_breakdown_free(b);
  ls_workspace_free(ws);
}

TEST(feature_share_should_divide_by_the_events_of_every_feature) {
  ls_workspace *ws = tech(0);
  ls_query q = query(NULL, NULL);
  ls_breakdown *b = breakdown(ws, "feature_share", q);
  /* day 1: 4 api_call and 1 job_search of 5 events */
  if (b && b->n == 3) {
    CHECK_NUM(b->series[0]->value[0], 0.8, 1e-12);
    CHECK_NUM(b->series[1]->value[0], 0.2, 1e-12);
    CHECK_NUM(b->series[2]->value[2], 1, 0);
  } else {
    CHECK(0);
  }
  ls_breakdown_free(b);
  /* features by status: day 1 has 4 events with a status, 2 of them 200 */
  q.by = "status";
  b = breakdown(ws, "feature_share", q);
  if (b && b->n == 3 && strcmp(b->label[0], "200") == 0) {
    CHECK_NUM(b->series[0]->value[0], 0.5, 1e-12);
    CHECK_NUM(b->series[1]->value[0], 0.25, 1e-12);
    CHECK(isnan(b->series[0]->value[2])); /* day 3: no event has a status */
  } else {
    CHECK(0);
  }
  ls_breakdown_free(b);
  ls_workspace_free(ws);
}

TEST(bad_arguments_should_be_refused_with_a_reason) {
  ls_workspace *ws = tech(0);
  ls_series *s = NULL;
  ls_query q = query("nope", "latency_ms");
  CHECK_INT(ls_metric_run(ws, "p95", &q, &s), LS_ENOTFOUND);
  CHECK(strstr(ls_workspace_errmsg(ws), "absent") != NULL);
  q = query(NULL, "latency_ms");
  CHECK_INT(ls_metric_run(ws, "dau", &q, &s), LS_EINVAL);
  CHECK(strstr(ls_workspace_errmsg(ws), "takes no property") != NULL);
  q = query("api_call", NULL);
  CHECK_INT(ls_metric_run(ws, "dau", &q, &s), LS_EINVAL);
  q = query(NULL, "event");
  CHECK_INT(ls_metric_run(ws, "p95", &q, &s), LS_EINVAL);
  CHECK(strstr(ls_workspace_errmsg(ws), "not numbers") != NULL);
  q = query(NULL, "no_such");
  CHECK_INT(ls_metric_run(ws, "mean", &q, &s), LS_ENOTFOUND);
  q = query(NULL, "latency_ms");
  CHECK_INT(ls_metric_run(ws, "qps_peak", &q, &s), LS_EINVAL);
  q = query(NULL, NULL);
  q.top = 3;
  CHECK_INT(ls_metric_run(ws, "failures", &q, &s), LS_EINVAL);
  CHECK(s == NULL);
  ls_workspace_free(ws);
  /* no property and no duration column */
  static const event_row bare[] = {{"u1", "a", "2026-03-01T00:00:00Z"}};
  ws = ls_workspace_new();
  ls_workspace_add(ws, events_table(bare, 1));
  q = query(NULL, NULL);
  CHECK_INT(ls_metric_run(ws, "p50", &q, &s), LS_EINVAL);
  CHECK(strstr(ls_workspace_errmsg(ws), "needs a property") != NULL);
  q = query(NULL, NULL);
  CHECK_INT(ls_metric_run(ws, "count", &q, &s), LS_OK);
  if (s) CHECK_NUM(s->value[0], 1, 0);
  ls_series_free(s);
  ls_workspace_free(ws);
}

TEST(p95_should_fail_cleanly_at_every_allocation) {
  ls_status st = LS_ENOMEM;
  for (unsigned long k = 1; st == LS_ENOMEM && k < 2000; k++) {
    ls_workspace *ws = tech(0);
    if (!ws) continue;
    ls_query q = query("api_call", "latency_ms");
    ls_series *s = NULL;
    ls_alloc_fail_after(k);
    st = ls_metric_run(ws, "p95", &q, &s);
    ls_alloc_fail_after(0);
    CHECK(st == LS_OK || st == LS_ENOMEM);
    if (st == LS_OK) CHECK_NUM(s->value[0], 380, 1e-9);
    ls_series_free(s);
    ls_workspace_free(ws);
  }
  CHECK_INT(st, LS_OK);
}

int main(void) {
  RUN(quantile_cont_should_interpolate_between_order_statistics);
  RUN(sort_doubles_should_sort_long_integral_and_fractional_runs);
  RUN(percentiles_should_skip_nulls_and_be_nan_for_an_empty_period);
  RUN(sum_mean_min_max_and_count_should_fold_the_values_of_each_period);
  RUN(property_math_should_follow_local_days_at_plus_8);
  RUN(qps_should_count_whole_seconds_on_each_side_of_a_day_boundary);
  RUN(success_and_errors_should_read_http_status_codes);
  RUN(failures_by_status_should_keep_the_top_codes);
  RUN(outcomes_should_read_success_flags_status_words_and_error_codes);
  RUN(feature_penetration_should_divide_by_every_active_user);
  RUN(feature_share_should_divide_by_the_events_of_every_feature);
  RUN(bad_arguments_should_be_refused_with_a_reason);
  RUN(p95_should_fail_cleanly_at_every_allocation);
  return check_done();
}
