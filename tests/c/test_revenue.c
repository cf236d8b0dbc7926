/* test_revenue.c: MRR, ARR and paying customers against worked examples
 * (../shared/metrics-reference.md) and the rules of docs/metrics.md. */
#include "catalog/catalog.h"
#include "check.h"
#include "fixtures.h"
#include "revenue_fixture.h"
#include "workspace/workspace.h"

/* the value of metric over the one period of grain g that starts at `period` */
static double value_at(ls_workspace *ws, const char *metric, ls_grain g, const char *period) {
  return value_in(ws, metric, g, period, NULL);
}

static ls_workspace *ws_with(const sub_row *rows, size_t n) {
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_add(ws, subs_table(rows, n));
  return ws;
}

TEST(mrr_should_be_12500_for_100_monthly_at_100_and_50_yearly_at_600) {
  /* worked example 1 (Stripe) */
  sub_row rows[150];
  char names[150][16];
  for (int i = 0; i < 150; i++) {
    snprintf(names[i], sizeof names[i], "cus_%d", i);
    rows[i] = (sub_row){names[i], i < 100 ? "month" : "year", i < 100 ? 100 : 600, 1, "active",
                        "2025-01-01", NULL, NULL, NULL};
  }
  ls_workspace *ws = ws_with(rows, 150);
  CHECK_NUM(value_at(ws, "mrr", LS_GRAIN_MONTH, "2025-01-01"), 12500, 1e-9);
  CHECK_NUM(value_at(ws, "arr", LS_GRAIN_MONTH, "2025-01-01"), 150000, 1e-9);
  CHECK_NUM(value_at(ws, "customers", LS_GRAIN_MONTH, "2025-01-01"), 150, 0);
  ls_workspace_free(ws);
}

TEST(mrr_should_normalise_1200_a_year_to_100) {
  sub_row rows[] = {{"a", "year", 1200, 1, "active", "2025-01-01", NULL, NULL, NULL}};
  ls_workspace *ws = ws_with(rows, 1);
  CHECK_NUM(value_at(ws, "mrr", LS_GRAIN_MONTH, "2025-01-01"), 100, 1e-9);
  ls_workspace_free(ws);
}

TEST(mrr_should_multiply_amount_by_quantity_25_then_85) {
  /* worked example 2 (ChartMogul): 5 x $5, then 2 x $30 more */
  sub_row rows[] = {
    {"a", "month", 5, 5, "active", "2025-01-01", NULL, NULL, NULL},
    {"a", "month", 30, 2, "active", "2025-02-10", NULL, NULL, NULL},
  };
  ls_workspace *ws = ws_with(rows, 2);
  CHECK_NUM(value_at(ws, "mrr", LS_GRAIN_MONTH, "2025-01-01"), 25, 1e-9);
  CHECK_NUM(value_at(ws, "mrr", LS_GRAIN_MONTH, "2025-02-01"), 85, 1e-9);
  CHECK_NUM(value_at(ws, "customers", LS_GRAIN_MONTH, "2025-02-01"), 1, 0);
  ls_workspace_free(ws);
}

TEST(mrr_should_follow_the_syncalytics_lifecycle) {
  /* worked example 7 (ChartMogul): Gold $500/yr, Silver $30/mo, Gold $50/mo */
  sub_row rows[] = {
    /* 4 Gold yearly from Jan 15: $2,000 a year, cancelled in Jun, ends at the paid year's end */
    {"syn", "year", 500, 4, "canceled", "2025-01-15", NULL, "2026-01-15", NULL},
    /* adds 2 Silver monthly in March, cancels them in May */
    {"syn", "month", 30, 2, "canceled", "2025-03-10", NULL, "2025-05-10", NULL},
    /* returns with 3 Gold monthly in March 2026 */
    {"syn", "month", 50, 3, "active", "2026-03-01", NULL, NULL, NULL},
  };
  ls_workspace *ws = ws_with(rows, 3);
  CHECK_NUM(value_at(ws, "mrr", LS_GRAIN_MONTH, "2025-01-01"), 2000.0 / 12, 1e-9); /* new 166.67 */
  CHECK_NUM(value_at(ws, "mrr", LS_GRAIN_MONTH, "2025-03-01"), 2000.0 / 12 + 60, 1e-9); /* +60 */
  CHECK_NUM(value_at(ws, "mrr", LS_GRAIN_MONTH, "2025-05-01"), 2000.0 / 12, 1e-9); /* -60 */
  CHECK_NUM(value_at(ws, "mrr", LS_GRAIN_MONTH, "2025-12-01"), 2000.0 / 12, 1e-9);
  /* churn dated at the end of the paid year */
  /* a day's snapshot is its last instant: ended at 2026-01-15 00:00, the
   * subscription still counts at the end of Jan 14, not of Jan 15 */
  CHECK_NUM(value_at(ws, "mrr", LS_GRAIN_DAY, "2026-01-14"), 2000.0 / 12, 1e-9);
  CHECK_NUM(value_at(ws, "mrr", LS_GRAIN_DAY, "2026-01-15"), 0, 0);
  CHECK_NUM(value_at(ws, "customers", LS_GRAIN_MONTH, "2026-01-01"), 0, 0);
  CHECK_NUM(value_at(ws, "mrr", LS_GRAIN_MONTH, "2026-03-01"), 150, 1e-9); /* reactivation */
  ls_workspace_free(ws);
}

TEST(mrr_should_leave_trials_out_until_the_trial_ends) {
  sub_row rows[] = {{"a", "month", 49, 1, "active", "2025-01-25", "2025-02-08", NULL, NULL}};
  ls_workspace *ws = ws_with(rows, 1);
  CHECK_NUM(value_at(ws, "mrr", LS_GRAIN_MONTH, "2025-01-01"), 0, 0);
  /* the trial ends at Feb 8 00:00: in trial at the last instant of Feb 7 */
  CHECK_NUM(value_at(ws, "mrr", LS_GRAIN_DAY, "2025-02-07"), 0, 0);
  CHECK_NUM(value_at(ws, "mrr", LS_GRAIN_DAY, "2025-02-08"), 49, 0);
  CHECK_NUM(value_at(ws, "customers", LS_GRAIN_MONTH, "2025-02-01"), 1, 0);
  ls_workspace_free(ws);
}

TEST(mrr_should_never_count_a_trial_that_ended_unconverted) {
  sub_row rows[] = {{"a", "month", 49, 1, "canceled", "2025-01-01", "2025-01-15", "2025-01-15", NULL}};
  ls_workspace *ws = ws_with(rows, 1);
  CHECK_NUM(value_at(ws, "mrr", LS_GRAIN_DAY, "2025-01-15"), 0, 0);
  CHECK_NUM(value_at(ws, "customers", LS_GRAIN_DAY, "2025-01-15"), 0, 0);
  ls_workspace_free(ws);
}

TEST(mrr_should_skip_incomplete_subscriptions) {
  sub_row rows[] = {
    {"a", "month", 10, 1, "incomplete", "2025-01-01", NULL, NULL, NULL},
    {"b", "month", 20, 1, "incomplete_expired", "2025-01-01", NULL, NULL, NULL},
    {"c", "month", 40, 1, "past_due", "2025-01-01", NULL, NULL, NULL},
  };
  ls_workspace *ws = ws_with(rows, 3);
  CHECK_NUM(value_at(ws, "mrr", LS_GRAIN_MONTH, "2025-01-01"), 40, 0);
  ls_workspace_free(ws);
}

TEST(mrr_should_stop_counting_at_ended_at_not_at_cancellation) {
  sub_row rows[] = {{"a", "month", 10, 1, "canceled", "2025-01-01", NULL, "2025-03-01 00:00", NULL}};
  ls_workspace *ws = ws_with(rows, 1);
  /* ended at Mar 1 00:00: paid through the last instant of February */
  CHECK_NUM(value_at(ws, "mrr", LS_GRAIN_DAY, "2025-02-28"), 10, 0);
  CHECK_NUM(value_at(ws, "mrr", LS_GRAIN_MONTH, "2025-02-01"), 10, 0);
  CHECK_NUM(value_at(ws, "mrr", LS_GRAIN_DAY, "2025-03-01"), 0, 0);
  CHECK_NUM(value_at(ws, "mrr", LS_GRAIN_MONTH, "2025-03-01"), 0, 0);
  ls_workspace_free(ws);
}

TEST(mrr_should_normalise_weeks_days_and_interval_counts) {
  sub_row rows[] = {
    {"w", "week", 12, 1, "active", "2025-01-01", NULL, NULL, NULL},   /* 12 x 52/12 = 52 */
    {"d", "day", 12, 1, "active", "2025-01-01", NULL, NULL, NULL},    /* 12 x 365/12 = 365 */
    {"y", "Yearly", 120, 1, "active", "2025-01-01", NULL, NULL, NULL}, /* 10 */
  };
  ls_workspace *ws = ws_with(rows, 3);
  CHECK_NUM(value_at(ws, "mrr", LS_GRAIN_MONTH, "2025-01-01"), 52 + 365 + 10, 1e-9);
  ls_workspace_free(ws);
}

TEST(mrr_should_divide_by_the_interval_count) {
  ls_table *t = subs_table((sub_row[]){{"q", "month", 300, 1, "active", "2025-01-01", NULL, NULL, NULL}}, 1);
  ls_column *c = ls_table_add(t, "Interval Count", LS_TYPE_INT64);
  ls_column_push_i64(c, 3);
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_add(ws, t);
  CHECK_NUM(value_at(ws, "mrr", LS_GRAIN_MONTH, "2025-01-01"), 100, 1e-9);
  ls_workspace_free(ws);
}

TEST(mrr_should_refuse_an_unknown_interval_naming_row_and_column) {
  sub_row rows[] = {
    {"a", "month", 10, 1, "active", "2025-01-01", NULL, NULL, NULL},
    {"b", "fortnight", 10, 1, "active", "2025-01-01", NULL, NULL, NULL},
  };
  ls_workspace *ws = ws_with(rows, 2);
  ls_query q = LS_QUERY_INIT;
  q.asof = T("2025-03-01");
  ls_series *s = NULL;
  CHECK_INT(ls_metric_run(ws, "mrr", &q, &s), LS_EPARSE);
  CHECK(s == NULL);
  CHECK_STR(ls_workspace_errmsg(ws),
            "subscriptions.csv: row 2, column \"Interval\": unknown interval \"fortnight\"");
  ls_workspace_free(ws);
}

TEST(mrr_should_refuse_to_add_two_currencies) {
  sub_row rows[] = {
    {"a", "month", 10, 1, "active", "2025-01-01", NULL, NULL, "usd"},
    {"b", "month", 10, 1, "active", "2025-01-01", NULL, NULL, "USD"},
    {"c", "month", 10, 1, "active", "2025-01-01", NULL, NULL, "eur"},
  };
  ls_workspace *ws = ws_with(rows, 3);
  ls_query q = LS_QUERY_INIT;
  q.asof = T("2025-03-01");
  ls_series *s = NULL;
  CHECK_INT(ls_metric_run(ws, "mrr", &q, &s), LS_ECURRENCY);
  CHECK_HAS(ls_workspace_errmsg(ws), "several currencies (usd, eur)");
  ls_workspace_free(ws);
}

TEST(customers_should_count_a_customer_with_two_subscriptions_once) {
  sub_row rows[] = {
    {"a", "month", 10, 1, "active", "2025-01-01", NULL, NULL, NULL},
    {"a", "year", 120, 1, "active", "2025-01-01", NULL, NULL, NULL},
    {"b", "month", 0, 1, "active", "2025-01-01", NULL, NULL, NULL}, /* free plan: not paying */
  };
  ls_workspace *ws = ws_with(rows, 3);
  CHECK_NUM(value_at(ws, "customers", LS_GRAIN_MONTH, "2025-01-01"), 1, 0);
  CHECK_NUM(value_at(ws, "mrr", LS_GRAIN_MONTH, "2025-01-01"), 20, 1e-9);
  ls_workspace_free(ws);
}

TEST(mrr_should_only_report_complete_periods) {
  sub_row rows[] = {
    {"a", "month", 10, 1, "active", "2025-01-10", NULL, NULL, NULL},
    {"b", "month", 10, 1, "active", "2025-03-05", NULL, NULL, NULL},
  };
  ls_workspace *ws = ws_with(rows, 2);
  ls_query q = LS_QUERY_INIT;
  ls_series *s = NULL;
  /* as of the day after Mar 5: January and February are complete, March is not */
  CHECK_INT(ls_metric_run(ws, "mrr", &q, &s), LS_OK);
  CHECK_INT(s->n, 2);
  CHECK_INT(s->start[0], T("2025-01-01"));
  CHECK_INT(s->start[1], T("2025-02-01"));
  ls_series_free(s);
  ls_workspace_free(ws);
}

int main(void) {
  RUN(mrr_should_be_12500_for_100_monthly_at_100_and_50_yearly_at_600);
  RUN(mrr_should_normalise_1200_a_year_to_100);
  RUN(mrr_should_multiply_amount_by_quantity_25_then_85);
  RUN(mrr_should_follow_the_syncalytics_lifecycle);
  RUN(mrr_should_leave_trials_out_until_the_trial_ends);
  RUN(mrr_should_never_count_a_trial_that_ended_unconverted);
  RUN(mrr_should_skip_incomplete_subscriptions);
  RUN(mrr_should_stop_counting_at_ended_at_not_at_cancellation);
  RUN(mrr_should_normalise_weeks_days_and_interval_counts);
  RUN(mrr_should_divide_by_the_interval_count);
  RUN(mrr_should_refuse_an_unknown_interval_naming_row_and_column);
  RUN(mrr_should_refuse_to_add_two_currencies);
  RUN(customers_should_count_a_customer_with_two_subscriptions_once);
  RUN(mrr_should_only_report_complete_periods);
  return check_done();
}
