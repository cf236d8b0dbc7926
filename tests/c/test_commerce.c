/* test_commerce.c: the commerce metrics against the worked example of
 * data/fixtures/orders_commerce.csv (with events_commerce.csv), computed by
 * hand below, and the rules of docs/metrics.md ("Commerce").
 *
 * The orders, in USD with EUR=2 (discounts off, refunds apart):
 *   January   A1 alice 100; A2 alice 50 - 10 discount = 40; B1 bob 30 EUR = 60;
 *             C1 carol 20 (a failed row, then a succeeded retry: one order);
 *             D1 dave 80, refunded in full; E1 erin 200, 50 refunded
 *             (partially_refunded); F1 frank pending: no order.
 *             orders 6, GMV 100+40+60+20+80+200 = 500, AOV 500/6,
 *             paying users alice bob carol dave erin = 5, ARPPU 100,
 *             refunded orders D1 E1 = 2 -> 2/6, refunded 80+50 = 130 -> 0.26,
 *             repurchase: alice (2 orders) -> 1/5.
 *   February  A3 alice 50 (已完成) + 20 (empty status, same order) = 70;
 *             G1 grace 25 (a second line without amount or status);
 *             B2 bob 10 EUR = 20 (交易成功); B3 bob 5 EUR = 10 (支付成功);
 *             H1 heidi 40 closed (交易关闭) with 40 refunded: paid, refunded.
 *             orders 5, GMV 70+25+20+10+40 = 165, AOV 33, paying users
 *             alice grace bob heidi = 4, ARPPU 41.25, refunded 1/5,
 *             40/165, repurchase: bob -> 1/4.
 *   March     I1 ivan 9.99; E2 erin 50; C2 carol 40; J1 (no customer) 12;
 *             K1 kim 10. orders 5, GMV 121.99, AOV 24.398, paying users
 *             ivan erin carol kim = 4, ARPPU (121.99 - J1's 12) / 4 =
 *             27.4975 (an order without a customer is not a paying
 *             user's), no refunds, no repurchase -> 0.
 * Active users (events): January alice bob carol dave erin frank zed yan = 8,
 * February alice bob grace heidi zed = 5, March alice ivan erin carol kim zed
 * yan xu = 8: ARPU 62.5, 33, 15.24875; paying ratio 5/8, 4/5, 4/8.
 * Cumulative paid less refunds at each month's end, tiers 10,60,200:
 *   January   alice 140, bob 60, carol 20, dave 0, erin 150
 *             -> 0–10 dave; 10–60 carol; 60–200 bob (60 is in 60–200),
 *             alice, erin; 200+ none: 1, 1, 3, 0; no upgrades (no tier
 *             before).
 *   February  alice 210, bob 90, grace 25, heidi 0 (the rest as before)
 *             -> 0–10 dave heidi; 10–60 carol grace; 60–200 bob erin;
 *             200+ alice: 2, 2, 2, 1; upgrades: alice = 1 (grace and heidi
 *             are new, not upgrades).
 *   March     carol 60, erin 200, ivan 9.99, kim 10
 *             -> 0–10 dave heidi ivan; 10–60 grace kim (10 is in 10–60);
 *             60–200 bob carol; 200+ alice erin (200 is in 200+): 3, 2, 2, 2;
 *             upgrades: carol and erin = 2. */
#include "catalog/catalog.h"
#include "check.h"
#include "commerce_fixture.h"
#include "metrics/commerce_orders.h"

static double jan(ls_workspace *ws, const char *m) { return month_value(ws, m, "2026-01-01"); }
static double feb(ls_workspace *ws, const char *m) { return month_value(ws, m, "2026-02-01"); }
static double mar(ls_workspace *ws, const char *m) { return month_value(ws, m, "2026-03-01"); }

/* the breakdown of metric over the fixture's three months (each series
 * holding 3 periods), or NULL */
static ls_breakdown *months_by(ls_workspace *ws, const char *metric, const char *by) {
  ls_query q = LS_QUERY_INIT;
  q.by = by;
  q.from = T("2026-01-01");
  q.to = T("2026-03-01");
  q.asof = T("2100-01-01");
  ls_breakdown *b = NULL;
  if (ls_metric_run_by(ws, metric, &q, &b) != LS_OK) printf("  %s: %s\n", metric, ls_workspace_errmsg(ws));
  for (size_t k = 0; b && k < b->n; k++)
    if (b->series[k]->n != 3) {
      CHECK_FAIL_("%s: %zu periods, expected 3", metric, b->series[k]->n);
      ls_breakdown_free(b);
      b = NULL;
    }
  return b;
}

TEST(gmv_should_sum_paid_orders_after_discounts_without_subtracting_refunds) {
  ls_workspace *ws = orders_ws(0, 1);
  CHECK_NUM(jan(ws, "gmv"), 500, 1e-9);
  CHECK_NUM(feb(ws, "gmv"), 165, 1e-9);
  CHECK_NUM(mar(ws, "gmv"), 121.99, 1e-9);
  ls_workspace_free(ws);
}

TEST(orders_should_count_distinct_order_ids_of_paid_rows) {
  ls_workspace *ws = orders_ws(0, 1);
  CHECK_NUM(jan(ws, "orders"), 6, 0);
  CHECK_NUM(feb(ws, "orders"), 5, 0); /* A3's two rows and G1's two rows are one order each */
  CHECK_NUM(mar(ws, "orders"), 5, 0);
  ls_workspace_free(ws);
}

TEST(aov_should_be_gmv_over_orders) {
  ls_workspace *ws = orders_ws(0, 1);
  CHECK_NUM(jan(ws, "aov"), 500.0 / 6, 1e-9);
  CHECK_NUM(feb(ws, "aov"), 33, 1e-9);
  CHECK_NUM(mar(ws, "aov"), 24.398, 1e-9);
  ls_workspace_free(ws);
}

TEST(paying_users_and_arppu_should_count_customers_with_a_paid_order) {
  ls_workspace *ws = orders_ws(0, 1);
  CHECK_NUM(jan(ws, "paying_users"), 5, 0);
  CHECK_NUM(feb(ws, "paying_users"), 4, 0);
  CHECK_NUM(mar(ws, "paying_users"), 4, 0); /* J1 has no customer */
  CHECK_NUM(jan(ws, "arppu"), 100, 1e-9);
  CHECK_NUM(feb(ws, "arppu"), 41.25, 1e-9);
  CHECK_NUM(mar(ws, "arppu"), 27.4975, 1e-9);
  ls_workspace_free(ws);
}

TEST(arpu_and_paying_ratio_should_divide_by_active_users_of_the_events) {
  ls_workspace *ws = orders_ws(1, 1);
  CHECK_NUM(jan(ws, "arpu"), 62.5, 1e-9);
  CHECK_NUM(feb(ws, "arpu"), 33, 1e-9);
  CHECK_NUM(mar(ws, "arpu"), 15.24875, 1e-9);
  CHECK_NUM(jan(ws, "paying_ratio"), 0.625, 1e-12);
  CHECK_NUM(feb(ws, "paying_ratio"), 0.8, 1e-12);
  CHECK_NUM(mar(ws, "paying_ratio"), 0.5, 1e-12);
  ls_workspace_free(ws);
}

TEST(arpu_should_be_undefined_without_an_events_dataset) {
  ls_workspace *ws = orders_ws(0, 1);
  CHECK(isnan(jan(ws, "arpu")));
  CHECK(isnan(mar(ws, "paying_ratio")));
  ls_workspace_free(ws);
}

TEST(refund_rates_should_count_full_partial_and_closed_refunds_in_the_payment_period) {
  ls_workspace *ws = orders_ws(0, 1);
  CHECK_NUM(jan(ws, "refund_rate_orders"), 2.0 / 6, 1e-12);
  CHECK_NUM(feb(ws, "refund_rate_orders"), 0.2, 1e-12);
  CHECK_NUM(mar(ws, "refund_rate_orders"), 0, 0);
  CHECK_NUM(jan(ws, "refund_rate_amount"), 0.26, 1e-12);
  CHECK_NUM(feb(ws, "refund_rate_amount"), 40.0 / 165, 1e-12);
  CHECK_NUM(mar(ws, "refund_rate_amount"), 0, 0);
  ls_workspace_free(ws);
}

TEST(repurchase_rate_should_be_repeat_buyers_over_paying_customers) {
  ls_workspace *ws = orders_ws(0, 1);
  CHECK_NUM(jan(ws, "repurchase_rate"), 0.2, 1e-12);
  CHECK_NUM(feb(ws, "repurchase_rate"), 0.25, 1e-12);
  CHECK_NUM(mar(ws, "repurchase_rate"), 0, 0);
  ls_workspace_free(ws);
}

TEST(tier_users_should_split_members_by_cumulative_paid_amount_with_thresholds_inclusive) {
  ls_workspace *ws = orders_ws(0, 1);
  ls_breakdown *b = months_by(ws, "tier_users", NULL);
  CHECK(b != NULL);
  if (b) {
    CHECK_STR(b->by, "tier");
    CHECK_INT(b->n, 4);
    const char *labels[] = {"0\xE2\x80\x93" "10", "10\xE2\x80\x93" "60", "60\xE2\x80\x93" "200", "200+"};
    const double want[4][3] = {{1, 2, 3}, {1, 2, 2}, {3, 2, 2}, {0, 1, 2}};
    for (size_t k = 0; k < 4 && k < b->n; k++) {
      CHECK_STR(b->label[k], labels[k]);
      CHECK_INT(b->series[k]->n, 3);
      for (size_t i = 0; i < 3 && i < b->series[k]->n; i++) CHECK_NUM(b->series[k]->value[i], want[k][i], 0);
    }
  }
  ls_breakdown_free(b);
  /* the unbroken series is the members: 5, 7, 9 */
  CHECK_NUM(jan(ws, "tier_users"), 5, 0);
  CHECK_NUM(feb(ws, "tier_users"), 7, 0);
  CHECK_NUM(mar(ws, "tier_users"), 9, 0);
  ls_workspace_free(ws);
}

TEST(tier_upgrades_should_count_users_moving_to_a_higher_tier) {
  ls_workspace *ws = orders_ws(0, 1);
  CHECK_NUM(jan(ws, "tier_upgrades"), 0, 0);
  CHECK_NUM(feb(ws, "tier_upgrades"), 1, 0);
  CHECK_NUM(mar(ws, "tier_upgrades"), 2, 0);
  ls_workspace_free(ws);
}

TEST(tiers_should_follow_a_custom_setting_and_refuse_bad_text) {
  ls_workspace *ws = orders_ws(0, 1);
  /* tiers 25,150 at the end of March: alice 210, bob 90, carol 60, dave 0,
   * erin 200, grace 25, heidi 0, ivan 9.99, kim 10 -> 0–25 dave heidi ivan
   * kim = 4; 25–150 bob carol grace (25 is in 25–150) = 3; 150+ alice erin = 2 */
  CHECK_INT(ls_workspace_set(ws, "tiers", "25,150"), LS_OK);
  ls_breakdown *b = months_by(ws, "tier_users", NULL);
  CHECK(b && b->n == 3);
  if (b && b->n == 3) {
    CHECK_STR(b->label[0], "0\xE2\x80\x93" "25");
    CHECK_STR(b->label[2], "150+");
    CHECK_NUM(b->series[0]->value[2], 4, 0);
    CHECK_NUM(b->series[1]->value[2], 3, 0);
    CHECK_NUM(b->series[2]->value[2], 2, 0);
  }
  ls_breakdown_free(b);
  /* March upgrades under 25,150: carol 20 -> 60 (0–25 -> 25–150), erin 150
   * was already 150+; kim and ivan are new -> 1 */
  CHECK_NUM(mar(ws, "tier_upgrades"), 1, 0);
  CHECK_INT(ls_workspace_set(ws, "tiers", "60,10"), LS_EINVAL);
  CHECK_INT(ls_workspace_set(ws, "tiers", "ten"), LS_EINVAL);
  CHECK_INT(ls_workspace_set(ws, "tiers", ""), LS_EINVAL);
  b = months_by(ws, "tier_users", NULL); /* unchanged: still 25,150 */
  CHECK(b && b->n == 3);
  ls_breakdown_free(b);
  ls_workspace_free(ws);
}

TEST(tier_users_should_refuse_a_column_to_break_it_down_by) {
  ls_workspace *ws = orders_ws(0, 1);
  ls_breakdown *b = NULL;
  ls_query q = LS_QUERY_INIT;
  q.by = "currency";
  CHECK_INT(ls_metric_run_by(ws, "tier_users", &q, &b), LS_EINVAL);
  CHECK_HAS(ls_workspace_errmsg(ws), "tier_users is broken down by tier");
  CHECK(b == NULL);
  ls_workspace_free(ws);
}

TEST(mixed_currencies_without_rates_should_fail_and_break_down_by_currency) {
  ls_workspace *ws = orders_ws(0, 0);
  ls_query q = LS_QUERY_INIT;
  ls_series *s = NULL;
  CHECK_INT(ls_metric_run(ws, "gmv", &q, &s), LS_ECURRENCY);
  CHECK_HAS(ls_workspace_errmsg(ws), "amounts in several currencies (USD, EUR)");
  /* each currency apart: EUR 30, 15, 0; USD 440, 135, 121.99 */
  ls_breakdown *b = months_by(ws, "gmv", "currency");
  CHECK(b && b->n == 2);
  if (b && b->n == 2) {
    CHECK_STR(b->label[0], "EUR");
    CHECK_NUM(b->series[0]->value[0], 30, 1e-9);
    CHECK_NUM(b->series[0]->value[1], 15, 1e-9);
    CHECK_NUM(b->series[0]->value[2], 0, 0);
    CHECK_NUM(b->series[1]->value[0], 440, 1e-9);
    CHECK_NUM(b->series[1]->value[2], 121.99, 1e-9);
  }
  ls_breakdown_free(b);
  /* a reporting currency without a rate for EUR */
  ls_workspace_set(ws, "currency", "USD");
  CHECK_INT(ls_metric_run(ws, "gmv", &q, &s), LS_ECURRENCY);
  CHECK_HAS(ls_workspace_errmsg(ws), "no rate from EUR to USD");
  ls_workspace_free(ws);
}

TEST(where_should_keep_payment_rows_and_by_should_split_them) {
  ls_workspace *ws = orders_ws(0, 1);
  ls_where w[] = {{"customer_id", "bob"}};
  ls_scope sc = {w, 1};
  /* bob: January 60; February 20 + 10 = 30, two orders -> repurchase 1 */
  CHECK_NUM(month_value_in(ws, "gmv", "2026-01-01", &sc), 60, 1e-9);
  CHECK_NUM(month_value_in(ws, "gmv", "2026-02-01", &sc), 30, 1e-9);
  CHECK_NUM(month_value_in(ws, "repurchase_rate", "2026-02-01", &sc), 1, 0);
  /* by currency, converted: EUR 60, 30, 0; USD 440, 135, 121.99 */
  ls_breakdown *b = months_by(ws, "gmv", "currency");
  CHECK(b && b->n == 2);
  if (b && b->n == 2) {
    CHECK_NUM(b->series[0]->value[0], 60, 1e-9);
    CHECK_NUM(b->series[0]->value[1], 30, 1e-9);
    CHECK_NUM(b->series[1]->value[1], 135, 1e-9);
  }
  ls_breakdown_free(b);
  ls_workspace_free(ws);
}

TEST(where_should_reach_customers_columns_through_the_customer_join) {
  ls_workspace *ws = orders_ws(1, 1);
  CHECK_INT(add_csv(ws, "customers.csv",
                    "customer_id,country,signup_at\n"
                    "alice,CN,2025-12-01\nbob,US,2025-12-01\ncarol,CN,2025-12-01\nerin,US,2025-12-01\n"),
            LS_OK);
  ls_where w[] = {{"country", "CN"}};
  ls_scope sc = {w, 1};
  /* CN: alice and carol. January: A1 100 + A2 40 + C1 20 = 160, 3 orders,
   * 2 payers; active CN users (events joined to customers): alice, carol
   * -> ARPU 80 */
  CHECK_NUM(month_value_in(ws, "gmv", "2026-01-01", &sc), 160, 1e-9);
  CHECK_NUM(month_value_in(ws, "orders", "2026-01-01", &sc), 3, 0);
  CHECK_NUM(month_value_in(ws, "paying_users", "2026-01-01", &sc), 2, 0);
  CHECK_NUM(month_value_in(ws, "arpu", "2026-01-01", &sc), 80, 1e-9);
  ls_workspace_free(ws);
}

TEST(discounts_ignore_should_leave_the_discount_column_unread) {
  ls_workspace *ws = orders_ws(0, 1);
  ls_workspace_set(ws, "discounts", "ignore");
  CHECK_NUM(jan(ws, "gmv"), 510, 1e-9); /* A2 at 50 */
  ls_workspace_free(ws);
}

TEST(status_should_read_english_and_chinese_words_in_any_case) {
  struct {
    const char *text;
    int want;
  } cases[] = {
    {"succeeded", 1}, {"Paid", 1}, {"COMPLETE", 1}, {"已完成", 1}, {"支付成功", 1}, {"交易成功", 1},
    {"refunded", 2}, {"已全额退款", 2}, {"Partially Refunded", 3}, {"partially-refunded", 3}, {"部分退款", 3},
    {"failed", 0}, {"pending", 0}, {"canceled", 0}, {"交易关闭", 4}, {"Closed", 4}, {"等待付款", 0},
    {"待发货", 1}, {"已发货", 1}, {"退款中", 1}, {"shipped", 1}, {"Delivered", 1}, {"", -1}, {"  ", -1},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
    if (ls_orders_status(cases[i].text, strlen(cases[i].text)) != cases[i].want)
      CHECK_FAIL_("status \"%s\" is not %d", cases[i].text, cases[i].want);
}

int main(void) {
  RUN(gmv_should_sum_paid_orders_after_discounts_without_subtracting_refunds);
  RUN(orders_should_count_distinct_order_ids_of_paid_rows);
  RUN(aov_should_be_gmv_over_orders);
  RUN(paying_users_and_arppu_should_count_customers_with_a_paid_order);
  RUN(arpu_and_paying_ratio_should_divide_by_active_users_of_the_events);
  RUN(arpu_should_be_undefined_without_an_events_dataset);
  RUN(refund_rates_should_count_full_partial_and_closed_refunds_in_the_payment_period);
  RUN(repurchase_rate_should_be_repeat_buyers_over_paying_customers);
  RUN(tier_users_should_split_members_by_cumulative_paid_amount_with_thresholds_inclusive);
  RUN(tier_upgrades_should_count_users_moving_to_a_higher_tier);
  RUN(tiers_should_follow_a_custom_setting_and_refuse_bad_text);
  RUN(tier_users_should_refuse_a_column_to_break_it_down_by);
  RUN(mixed_currencies_without_rates_should_fail_and_break_down_by_currency);
  RUN(where_should_keep_payment_rows_and_by_should_split_them);
  RUN(where_should_reach_customers_columns_through_the_customer_join);
  RUN(discounts_ignore_should_leave_the_discount_column_unread);
  RUN(status_should_read_english_and_chinese_words_in_any_case);
  return check_done();
}
