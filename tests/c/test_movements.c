/* test_movements.c: MRR movements, churn, retention, LTV, quick ratio,
 * trials, CAC and cohorts against the worked examples of
 * ../shared/metrics-reference.md, under each setting. */
#include <math.h>
#include <stdlib.h>

#include "base/alloc.h"
#include "check.h"
#include "metrics/cohorts.h"
#include "revenue_fixture.h"
#include "strbuf.h"

#define HEAD "Customer ID,Plan,Interval,Amount,Quantity,Currency,Status,Start Date (UTC),Trial End (UTC),Canceled At (UTC),Ended At (UTC)\n"

static void set(ls_workspace *ws, const char *key, const char *value) {
  if (ls_workspace_set(ws, key, value) != LS_OK) CHECK_FAIL_("set %s=%s: %s", key, value, ls_workspace_errmsg(ws));
}

/* worked example 7 (ChartMogul's Syncalytics): Gold $500/yr or $50/mo, Silver $30/mo */
static const char *SYNCALYTICS = HEAD
    "syn,Gold,year,500,4,usd,canceled,2025-01-15,,2025-06-20,2026-01-15\n"
    "syn,Silver,month,30,2,usd,canceled,2025-03-10,,2025-05-01,2025-05-10\n"
    "syn,Gold,month,50,3,usd,active,2026-03-01,,,\n";

TEST(movements_should_follow_the_syncalytics_lifecycle) {
  ls_workspace *ws = subs_csv(SYNCALYTICS);
  for (int mode = 0; mode < 2; mode++) {
    set(ws, "movements", mode ? "event" : "boundary");
    CHECK_NUM(month_value(ws, "new_mrr", "2025-01-01"), 2000.0 / 12, 1e-9);
    CHECK_NUM(month_value(ws, "expansion_mrr", "2025-03-01"), 60, 1e-9);
    CHECK_NUM(month_value(ws, "contraction_mrr", "2025-05-01"), 60, 1e-9);
    /* churn dated at the end of the paid year, not at the cancellation */
    CHECK_NUM(month_value(ws, "churned_mrr", "2025-06-01"), 0, 0);
    CHECK_NUM(month_value(ws, "churned_mrr", "2026-01-01"), 2000.0 / 12, 1e-9);
    CHECK_NUM(month_value(ws, "reactivation_mrr", "2026-03-01"), 150, 1e-9);
    CHECK_NUM(month_value(ws, "new_mrr", "2026-03-01"), 0, 0);
    CHECK_NUM(month_value(ws, "net_new_mrr", "2026-03-01"), 150, 1e-9);
  }
  /* churn_at = canceled: the Gold yearly stops counting at its cancellation */
  set(ws, "movements", "boundary");
  set(ws, "churn_at", "canceled");
  CHECK_NUM(month_value(ws, "churned_mrr", "2025-06-01"), 2000.0 / 12, 1e-9);
  CHECK_NUM(month_value(ws, "churned_mrr", "2026-01-01"), 0, 0);
  CHECK_NUM(month_value(ws, "contraction_mrr", "2025-05-01"), 60, 1e-9); /* Silver cancelled May 1 */
  ls_workspace_free(ws);
}

TEST(arpa_should_be_3_for_customers_paying_1_1_3_5_5) {
  /* worked example 3 */
  ls_workspace *ws = subs_csv(HEAD "a,P,month,1,1,usd,active,2025-01-05,,,\n"
                                   "b,P,month,1,1,usd,active,2025-01-05,,,\n"
                                   "c,P,month,3,1,usd,active,2025-01-05,,,\n"
                                   "d,P,month,5,1,usd,active,2025-01-05,,,\n"
                                   "e,P,month,5,1,usd,active,2025-01-05,,,\n");
  CHECK_NUM(month_value(ws, "arpa", "2025-01-01"), 3, 1e-12);
  ls_workspace_free(ws);
}

/* 100 customers from January; in February 10 of them leave and one joins
 * and leaves (worked example 4) */
static ls_workspace *example4(void) {
  strbuf b = {0};
  put(&b, HEAD, strlen(HEAD));
  for (int i = 0; i < 100; i++)
    putf(&b, "c%d,P,month,10,1,usd,%s,2025-01-05,,,%s\n", i, i < 10 ? "canceled" : "active", i < 10 ? "2025-02-10" : "");
  putf(&b, "late,P,month,10,1,usd,canceled,2025-02-03,,,2025-02-20\n");
  ls_workspace *ws = subs_csv(b.s);
  free(b.s);
  return ws;
}

TEST(customer_churn_rate_should_follow_the_movement_and_denominator_settings) {
  ls_workspace *ws = example4();
  CHECK_NUM(month_value(ws, "customer_churn_rate", "2025-02-01"), 0.10, 1e-12); /* the joiner is invisible */
  set(ws, "churn_denominator", "start_plus_new");
  CHECK_NUM(month_value(ws, "customer_churn_rate", "2025-02-01"), 0.10, 1e-12); /* no new customer seen */
  set(ws, "movements", "event");
  CHECK_NUM(month_value(ws, "customer_churn_rate", "2025-02-01"), 11.0 / 101, 1e-12);
  CHECK_NUM(month_value(ws, "new_mrr", "2025-02-01"), 10, 1e-12);
  CHECK_NUM(month_value(ws, "churned_mrr", "2025-02-01"), 110, 1e-12);
  set(ws, "churn_denominator", "start");
  CHECK_NUM(month_value(ws, "customer_churn_rate", "2025-02-01"), 0.11, 1e-12);
  /* the net change is the same either way */
  CHECK_NUM(month_value(ws, "net_new_mrr", "2025-02-01"), -100, 1e-12);
  ls_workspace_free(ws);
}

/* Start MRR $100; churn $10, contraction $10, expansion $10 (worked example 5) */
static const char *EXAMPLE5 = HEAD
    "a,P,month,40,1,usd,canceled,2025-01-05,,,2025-02-10\n"
    "a,P,month,50,1,usd,active,2025-02-10,,,\n"
    "b,P,month,30,1,usd,canceled,2025-01-05,,,2025-02-12\n"
    "b,P,month,20,1,usd,active,2025-02-12,,,\n"
    "c,P,month,10,1,usd,canceled,2025-01-05,,,2025-02-15\n"
    "d,P,month,20,1,usd,active,2025-01-05,,,\n";

TEST(mrr_churn_rates_should_be_20_and_10_percent) {
  ls_workspace *ws = subs_csv(EXAMPLE5);
  CHECK_NUM(month_value(ws, "gross_mrr_churn_rate", "2025-02-01"), 0.20, 1e-12);
  CHECK_NUM(month_value(ws, "net_mrr_churn_rate", "2025-02-01"), 0.10, 1e-12);
  CHECK_NUM(month_value(ws, "nrr", "2025-02-01"), 0.90, 1e-12);
  CHECK_NUM(month_value(ws, "grr", "2025-02-01"), 0.80, 1e-12);
  CHECK_NUM(month_value(ws, "quick_ratio", "2025-02-01"), 0.5, 1e-12);
  CHECK_NUM(month_value(ws, "customer_churn_rate", "2025-02-01"), 0.25, 1e-12);
  /* the first month has no start: rates are empty */
  CHECK(isnan(month_value(ws, "nrr", "2025-01-01")));
  CHECK(isnan(month_value(ws, "customer_churn_rate", "2025-01-01")));
  ls_workspace_free(ws);
}

TEST(ltv_should_be_2000_for_arpa_100_and_churn_5_percent) {
  /* worked example 6: 20 customers at $100; one leaves and one joins each month */
  strbuf b = {0};
  put(&b, HEAD, strlen(HEAD));
  for (int i = 0; i < 14; i++) putf(&b, "c%d,P,month,100,1,usd,active,2025-01-05,,,\n", i);
  for (int m = 0; m < 6; m++) {
    putf(&b, "x%d,P,month,100,1,usd,canceled,2025-01-05,,,2025-%02d-15\n", m, m + 2);
    putf(&b, "n%d,P,month,100,1,usd,active,2025-%02d-15,,,\n", m, m + 2);
  }
  ls_workspace *ws = subs_csv(b.s);
  free(b.s);
  for (int m = 2; m <= 7; m++) {
    char month[32];
    snprintf(month, sizeof month, "2025-%02d-01", m);
    CHECK_NUM(month_value(ws, "customer_churn_rate", month), 0.05, 1e-12);
  }
  CHECK_NUM(month_value(ws, "ltv", "2025-08-01"), 2000, 1e-9);
  CHECK(isnan(month_value(ws, "ltv", "2025-07-01"))); /* January has no churn rate */
  ls_workspace_free(ws);
}

TEST(churn_of_an_upgrade_in_the_same_period_should_follow_the_movement_setting) {
  /* worked example 8: $500 -> $1,379 -> gone, all in March */
  ls_workspace *ws = subs_csv(HEAD "a,P,month,500,1,usd,canceled,2025-01-05,,,2025-03-05\n"
                                   "a,P,month,1379,1,usd,canceled,2025-03-05,,,2025-03-20\n"
                                   "z,P,month,1,1,usd,active,2025-01-05,,,\n");
  CHECK_NUM(month_value(ws, "churned_mrr", "2025-03-01"), 500, 1e-12);
  CHECK_NUM(month_value(ws, "expansion_mrr", "2025-03-01"), 0, 0);
  set(ws, "movements", "event");
  CHECK_NUM(month_value(ws, "expansion_mrr", "2025-03-01"), 879, 1e-12);
  CHECK_NUM(month_value(ws, "churned_mrr", "2025-03-01"), 1379, 1e-12);
  ls_workspace_free(ws);
}

TEST(quick_ratio_should_be_4_4_and_payback_15_months) {
  /* worked example 9: 80k new + 30k expansion over 15k contraction + 10k churn */
  ls_workspace *ws = subs_csv(HEAD "a,P,month,10000,1,usd,canceled,2025-01-05,,,2025-02-10\n"
                                   "b,P,month,30000,1,usd,canceled,2025-01-05,,,2025-02-10\n"
                                   "b,P,month,15000,1,usd,active,2025-02-10,,,\n"
                                   "c,P,month,20000,1,usd,canceled,2025-01-05,,,2025-02-10\n"
                                   "c,P,month,50000,1,usd,active,2025-02-10,,,\n"
                                   "d,P,month,80000,1,usd,active,2025-02-10,,,\n");
  CHECK_NUM(month_value(ws, "quick_ratio", "2025-02-01"), 4.4, 1e-12);
  ls_workspace_free(ws);
  /* CAC $6,000 for one new customer, ARPA $500, gross margin 80% */
  ws = subs_csv(HEAD "e,P,month,500,1,usd,active,2025-01-05,,,\n"
                     "f,P,month,500,1,usd,active,2025-02-10,,,\n");
  add_csv(ws, "spend.csv", "date,channel,spend\n2025-02-01,ads,4000\n2025-02-20,search,2000\n2025-03-01,ads,99\n");
  set(ws, "gross_margin", "0.8");
  CHECK_NUM(month_value(ws, "cac", "2025-02-01"), 6000, 1e-12);
  CHECK_NUM(month_value(ws, "cac_payback_months", "2025-02-01"), 15, 1e-12);
  ls_where ads = {"channel", "ADS"};
  ls_scope only_ads = {&ads, 1};
  ls_where bad = {"nope", "x"};
  ls_scope bad_scope = {&bad, 1};
  /* a condition on a column only the spend has cannot select subscriptions */
  CHECK_NUM(month_value_in(ws, "cac", "2025-02-01", &only_ads), -1, 0);
  CHECK_NUM(month_value_in(ws, "cac", "2025-02-01", &bad_scope), -1, 0);
  /* the spend has no plan column: the spend of plan P is unknown, not all of it */
  ls_where plan = {"plan", "p"};
  ls_scope only_p = {&plan, 1};
  CHECK(isnan(month_value_in(ws, "cac", "2025-02-01", &only_p)));
  CHECK(isnan(month_value_in(ws, "cac_payback_months", "2025-02-01", &only_p)));
  /* a cac column can: f, new in February, cost 700 */
  add_csv(ws, "customers.csv", "customer_id,signup_at,cac\ne,2025-01-05,100\nf,2025-02-10,700\n");
  CHECK_NUM(month_value_in(ws, "cac", "2025-02-01", &only_p), 700, 1e-12);
  CHECK_NUM(month_value(ws, "cac", "2025-02-01"), 6000, 1e-12); /* unscoped: still the spend */
  ls_workspace_free(ws);
}

TEST(cac_should_read_its_index_after_a_full_cache) {
  /* CAC holds the revenue walk and index at once. After n other entries (a
   * walk per day asked) the index may be the cache's last kept entry; a CAC
   * at another grain then builds a walk that must not push out the index it
   * reads (ASan catches the read of a freed one). n runs past the cache's
   * 32 so that one of them puts the index last. f's 700 is February's. */
  for (int n = 24; n <= 36; n++) {
    ls_workspace *ws = subs_csv(HEAD "e,P,month,500,1,usd,active,2025-01-05,,,\n"
                                     "f,P,month,500,1,usd,active,2025-02-10,,,\n");
    add_csv(ws, "customers.csv", "customer_id,signup_at,cac\ne,2025-01-05,100\nf,2025-02-10,700\n");
    CHECK_NUM(month_value(ws, "cac", "2025-02-01"), 700, 1e-12);
    char day[32];
    for (int d = 0; d < n; d++) {
      snprintf(day, sizeof day, "2025-%02d-%02d", 3 + d / 28, 1 + d % 28);
      CHECK_NUM(value_in(ws, "mrr", LS_GRAIN_DAY, day, NULL), 1000, 1e-12);
    }
    CHECK_NUM(value_in(ws, "cac", LS_GRAIN_WEEK, "2025-02-10", NULL), 700, 1e-12);
    ls_workspace_free(ws);
  }
}

TEST(churn_rates_should_be_15_percent_and_9_33_percent) {
  /* worked example 10: 20 customers, $600; 3 lost with $56 */
  strbuf b = {0};
  put(&b, HEAD, strlen(HEAD));
  static const int lost[] = {20, 18, 18};
  for (int i = 0; i < 20; i++)
    putf(&b, "c%d,P,month,%d,1,usd,%s,2025-01-05,,,%s\n", i, i < 3 ? lost[i] : 32, i < 3 ? "canceled" : "active",
         i < 3 ? "2025-02-10" : "");
  ls_workspace *ws = subs_csv(b.s);
  free(b.s);
  CHECK_NUM(month_value(ws, "customer_churn_rate", "2025-02-01"), 0.15, 1e-12);
  CHECK_NUM(month_value(ws, "gross_mrr_churn_rate", "2025-02-01"), 56.0 / 600, 1e-12);
  ls_workspace_free(ws);
}

TEST(trials_should_count_as_trial_mrr_and_convert_by_cohort) {
  ls_workspace *ws = subs_csv(HEAD "a,P,month,49,1,usd,active,2025-01-25,2025-02-08,,\n"
                                   "b,P,month,49,1,usd,active,2025-01-25,2025-02-08,,\n"
                                   "c,P,month,49,1,usd,active,2025-01-26,2025-02-09,,\n"
                                   "d,P,month,49,1,usd,canceled,2025-01-27,2025-02-10,2025-02-01,2025-02-10\n"
                                   "e,P,month,19,1,usd,active,2025-03-05,,,\n");
  CHECK_NUM(month_value(ws, "trial_mrr", "2025-01-01"), 196, 1e-12);
  CHECK_NUM(month_value(ws, "mrr", "2025-01-01"), 0, 0); /* trials are not MRR */
  CHECK_NUM(month_value(ws, "trial_mrr", "2025-02-01"), 0, 0);
  CHECK_NUM(month_value(ws, "mrr", "2025-02-01"), 147, 1e-12);
  CHECK_NUM(month_value(ws, "trials_started", "2025-01-01"), 4, 0);
  CHECK_NUM(month_value(ws, "trial_conversion_rate", "2025-01-01"), 0.75, 1e-12);
  CHECK(isnan(month_value(ws, "trial_conversion_rate", "2025-02-01"))); /* no trial started */
  ls_workspace_free(ws);
}

TEST(settings_should_change_weekly_prices_and_discounts) {
  ls_workspace *ws = subs_csv(HEAD "a,P,week,10,1,usd,active,2025-01-05,,,\n");
  CHECK_NUM(month_value(ws, "mrr", "2025-01-01"), 520.0 / 12, 1e-9);
  set(ws, "weekly_factor", "4.33");
  CHECK_NUM(month_value(ws, "mrr", "2025-01-01"), 43.3, 1e-9);
  set(ws, "weekly_factor", "4");
  CHECK_NUM(month_value(ws, "mrr", "2025-01-01"), 40, 0);
  ls_workspace_free(ws);
  ws = subs_csv("Customer ID,Interval,Amount,Discount,Start Date (UTC)\n"
                "a,month,20,5,2025-01-05\nb,year,120,12,2025-01-05\n");
  CHECK_NUM(month_value(ws, "mrr", "2025-01-01"), 15 + 9, 1e-12);
  set(ws, "discounts", "ignore");
  CHECK_NUM(month_value(ws, "mrr", "2025-01-01"), 30, 1e-12);
  ls_workspace_free(ws);
  /* a percentage: by name, or as read ("50%") */
  ws = subs_csv("Customer ID,Interval,Amount,Percent Off,Start Date (UTC)\na,month,20,25,2025-01-05\n"
                "b,month,40,50,2025-01-05\n");
  CHECK_NUM(month_value(ws, "mrr", "2025-01-01"), 15 + 20, 1e-12);
  ls_workspace_free(ws);
  ws = subs_csv("Customer ID,Interval,Amount,Discount,Start Date (UTC)\na,month,20,25%,2025-01-05\n"
                "b,month,40,50%,2025-01-05\n");
  CHECK_NUM(month_value(ws, "mrr", "2025-01-01"), 15 + 20, 1e-12);
  ls_workspace_free(ws);
}

TEST(currencies_should_convert_with_rates_or_refuse_to_add) {
  ls_workspace *ws = subs_csv(HEAD "a,P,month,100,1,usd,active,2025-01-05,,,\n"
                                   "b,P,month,100,1,EUR,active,2025-01-05,,,\n");
  ls_query q = LS_QUERY_INIT;
  q.asof = T("2025-03-01");
  ls_series *s = NULL;
  CHECK_INT(ls_metric_run(ws, "mrr", &q, &s), LS_ECURRENCY);
  CHECK_STR(ls_workspace_errmsg(ws), "subscriptions.csv: amounts in several currencies (usd, EUR): set a reporting "
                                     "currency and rates, or break the metric down by currency");
  q.by = "Currency";
  ls_breakdown *b = NULL;
  CHECK_INT(ls_metric_run_by(ws, "mrr", &q, &b), LS_OK);
  CHECK_INT(b ? b->n : 0, 2);
  if (b && b->n == 2) {
    CHECK_STR(b->label[0], "EUR");
    CHECK_STR(b->label[1], "usd");
    CHECK_NUM(b->series[0]->value[0], 100, 0);
  }
  ls_breakdown_free(b);
  set(ws, "currency", "usd");
  q.by = NULL;
  CHECK_INT(ls_metric_run(ws, "mrr", &q, &s), LS_ECURRENCY);
  CHECK_STR(ls_workspace_errmsg(ws), "subscriptions.csv: no rate from EUR to USD: add it to the rates setting");
  set(ws, "rates", "EUR=1.1");
  CHECK_NUM(month_value(ws, "mrr", "2025-01-01"), 210, 1e-9);
  CHECK_INT(ls_workspace_set(ws, "rates", "EUR"), LS_EINVAL);
  CHECK_STR(ls_workspace_errmsg(ws), "rates: \"EUR\" is not CODE=RATE (e.g. EUR=1.08)");
  CHECK_INT(ls_workspace_set(ws, "nope", "1"), LS_ENOTFOUND);
  CHECK_NUM(month_value(ws, "mrr", "2025-01-01"), 210, 1e-9); /* unchanged */
  ls_workspace_free(ws);
}

TEST(mrr_by_plan_and_where_should_segment_subscriptions_and_customers) {
  ls_workspace *ws = subs_csv(HEAD "a,Gold,month,50,1,usd,active,2025-01-05,,,\n"
                                   "a,Silver,month,30,1,usd,active,2025-01-05,,,\n"
                                   "b,gold,month,50,2,usd,active,2025-01-05,,,\n"
                                   "c,Silver,month,30,1,usd,active,2025-01-05,,,\n");
  add_csv(ws, "customers.csv", "customer_id,country,signup_at\na,DE,2025-01-01\nb,US,2025-01-02\nc,DE,2025-01-03\n");
  ls_query q = LS_QUERY_INIT;
  q.from = q.to = T("2025-01-01");
  q.asof = T("2100-01-01");
  ls_breakdown *b = NULL;
  CHECK_INT(ls_metric_run_by(ws, "mrr_by_plan", &q, &b), LS_OK);
  CHECK_INT(b ? b->n : 0, 2); /* Gold and gold are one, as a condition matches both */
  if (b && b->n == 2) {
    CHECK_STR(b->by, "Plan");
    CHECK_STR(b->label[0], "Gold");
    CHECK_NUM(b->series[0]->value[0], 150, 0);
    CHECK_NUM(b->series[1]->value[0], 60, 0);
  }
  ls_breakdown_free(b);
  /* a breakdown lists only the values of the rows its conditions keep */
  ls_where silver = {"Plan", "silver"};
  q.scope = (ls_scope){&silver, 1};
  q.by = "country";
  CHECK_INT(ls_metric_run_by(ws, "mrr", &q, &b), LS_OK);
  CHECK_INT(b ? b->n : 0, 1);
  if (b && b->n == 1) {
    CHECK_STR(b->label[0], "DE");
    CHECK_NUM(b->series[0]->value[0], 60, 0);
  }
  ls_breakdown_free(b);
  q.scope = (ls_scope){NULL, 0};
  CHECK_INT(ls_metric_run_by(ws, "mrr", &q, &b), LS_OK);
  CHECK_INT(b ? b->n : 0, 2); /* DE and US */
  ls_breakdown_free(b);
  ls_where de = {"country", "de"};
  ls_scope sc = {&de, 1};
  CHECK_NUM(month_value_in(ws, "mrr", "2025-01-01", &sc), 110, 0);
  CHECK_NUM(month_value_in(ws, "customers", "2025-01-01", &sc), 2, 0);
  ls_where gold = {"plan", "GOLD"};
  ls_scope g = {&gold, 1};
  CHECK_NUM(month_value_in(ws, "mrr", "2025-01-01", &g), 150, 0);
  ls_where when = {"Start Date (UTC)", "x"};
  ls_scope w = {&when, 1};
  CHECK_NUM(month_value_in(ws, "mrr", "2025-01-01", &w), -1, 0);
  CHECK_STR(ls_workspace_errmsg(ws), "column \"Start Date (UTC)\" holds times: it cannot filter or segment");
  ls_workspace_free(ws);
}

TEST(cohorts_should_follow_each_first_month_s_mrr) {
  ls_workspace *ws = subs_csv(HEAD "a,P,month,100,1,usd,canceled,2025-01-05,,,2025-03-10\n"
                                   "b,P,month,100,1,usd,active,2025-01-06,,,\n"
                                   "b,P,month,50,1,usd,active,2025-02-06,,,\n"
                                   "c,P,month,40,1,usd,active,2025-02-07,,,\n");
  ls_query q = LS_QUERY_INIT;
  q.asof = T("2025-04-01");
  ls_cohorts *c = NULL;
  CHECK_INT(ls_revenue_cohorts(ws, &q, &c), LS_OK);
  CHECK_INT(c ? c->n : 0, 3);
  if (c && c->n == 3) {
    CHECK_INT(c->customers[0], 2);
    CHECK_NUM(c->start_mrr[0], 200, 0);
    CHECK_NUM(c->retention[0], 1, 0);
    CHECK_NUM(c->retention[1], 250.0 / 200, 1e-12); /* b expands */
    CHECK_NUM(c->retention[2], 150.0 / 200, 1e-12); /* a leaves */
    CHECK_INT(c->customers[1], 1);
    CHECK_NUM(c->retention[3 + 1], 1, 0);
    CHECK(isnan(c->retention[3 + 2]));
  }
  ls_cohorts_free(c);
  ls_workspace_free(ws);
}

int main(void) {
  RUN(movements_should_follow_the_syncalytics_lifecycle);
  RUN(arpa_should_be_3_for_customers_paying_1_1_3_5_5);
  RUN(customer_churn_rate_should_follow_the_movement_and_denominator_settings);
  RUN(mrr_churn_rates_should_be_20_and_10_percent);
  RUN(ltv_should_be_2000_for_arpa_100_and_churn_5_percent);
  RUN(churn_of_an_upgrade_in_the_same_period_should_follow_the_movement_setting);
  RUN(quick_ratio_should_be_4_4_and_payback_15_months);
  RUN(cac_should_read_its_index_after_a_full_cache);
  RUN(churn_rates_should_be_15_percent_and_9_33_percent);
  RUN(trials_should_count_as_trial_mrr_and_convert_by_cohort);
  RUN(settings_should_change_weekly_prices_and_discounts);
  RUN(currencies_should_convert_with_rates_or_refuse_to_add);
  RUN(mrr_by_plan_and_where_should_segment_subscriptions_and_customers);
  RUN(cohorts_should_follow_each_first_month_s_mrr);
  return check_done();
}
