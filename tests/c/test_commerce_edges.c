/* test_commerce_edges.c: the commerce metrics on malformed and edge cases
 * (no status, no orders, thresholds, row rules) and the renewal rate, each
 * against values worked by hand in its comments (docs/metrics.md,
 * "Commerce"). */
#include "catalog/catalog.h"
#include "check.h"
#include "revenue_fixture.h"
#include "workspace/settings.h"
#include "base/tz.h"

#include <math.h>

static ls_workspace *pays(const char *csv) {
  ls_workspace *ws = ls_workspace_new();
  add_csv(ws, "payments.csv", csv);
  return ws;
}

static double jan(ls_workspace *ws, const char *m) { return month_value(ws, m, "2026-01-01"); }
static double feb(ls_workspace *ws, const char *m) { return month_value(ws, m, "2026-02-01"); }
static double mar(ls_workspace *ws, const char *m) { return month_value(ws, m, "2026-03-01"); }

TEST(rows_without_a_status_column_should_all_be_paid_orders) {
  /* no status, no order id: each row is a paid order. January 10 + 20 + 30
   * = 60 over 3 orders, AOV 20; a and b pay, a twice: repurchase 1/2 */
  ls_workspace *ws = pays("customer_id,amount,created\n"
                          "a,10,2026-01-02\na,20,2026-01-03\nb,30,2026-01-04\n");
  CHECK_NUM(jan(ws, "gmv"), 60, 1e-9);
  CHECK_NUM(jan(ws, "orders"), 3, 0);
  CHECK_NUM(jan(ws, "aov"), 20, 1e-9);
  CHECK_NUM(jan(ws, "repurchase_rate"), 0.5, 0);
  CHECK_NUM(jan(ws, "refund_rate_orders"), 0, 0);
  ls_workspace_free(ws);
}

TEST(a_period_without_orders_should_have_zero_gmv_and_undefined_averages) {
  /* orders in January and March only: February has GMV 0, 0 orders, and no
   * AOV, ARPPU, refund or repurchase rate */
  ls_workspace *ws = pays("customer_id,amount,status,created\n"
                          "a,10,paid,2026-01-02\nb,30,failed,2026-02-04\na,5,paid,2026-03-01\n");
  CHECK_NUM(feb(ws, "gmv"), 0, 0);
  CHECK_NUM(feb(ws, "orders"), 0, 0);
  CHECK_NUM(feb(ws, "paying_users"), 0, 0);
  CHECK(isnan(feb(ws, "aov")));
  CHECK(isnan(feb(ws, "arppu")));
  CHECK(isnan(feb(ws, "refund_rate_orders")));
  CHECK(isnan(feb(ws, "refund_rate_amount")));
  CHECK(isnan(feb(ws, "repurchase_rate")));
  /* the members keep their tier through an empty month: a at 10 -> 10–60 */
  CHECK_NUM(feb(ws, "tier_users"), 1, 0);
  CHECK_NUM(mar(ws, "tier_upgrades"), 0, 0); /* 15 is still 10–60 */
  ls_workspace_free(ws);
}

TEST(a_tier_should_start_exactly_at_its_threshold_in_exact_units) {
  /* cumulative in January: a 9.99, b 10, c 59.99, d 60, e 199.99, f 200,
   * g 3.3 + 6.7 = 10 exactly (units of a hundredth of a cent, no binary
   * rounding) -> 0–10 a; 10–60 b c g; 60–200 d e; 200+ f */
  ls_workspace *ws = pays("customer_id,amount,created\n"
                          "a,9.99,2026-01-02\nb,10,2026-01-02\nc,59.99,2026-01-02\nd,60,2026-01-02\n"
                          "e,199.99,2026-01-02\nf,200,2026-01-02\ng,3.3,2026-01-03\ng,6.7,2026-01-04\n");
  ls_query q = LS_QUERY_INIT;
  q.from = q.to = T("2026-01-01");
  q.asof = T("2100-01-01");
  ls_breakdown *b = NULL;
  CHECK_INT(ls_metric_run_by(ws, "tier_users", &q, &b), LS_OK);
  const double want[] = {1, 3, 2, 1};
  for (size_t k = 0; b && k < 4 && k < b->n; k++) CHECK_NUM(b->series[k]->value[0], want[k], 0);
  ls_breakdown_free(b);
  ls_workspace_free(ws);
}

TEST(row_rules_should_leave_out_expenses_uncaptured_and_negative_rows) {
  /* kept: r1 100 (收入), r5 40 (refunded flag, no refund amount: refunded
   * in full). Left out: r2 (支出), r3 (不计收支), r4 (success false, as Stripe's Captured),
   * r6 (negative), r7 (no amount, no order id).
   * GMV 140, 2 orders, refunded 1/2, amount 40/140 */
  ls_workspace *ws = pays("customer_id,amount,收/支,success,is refunded,created\n"
                          "a,100,收入,true,false,2026-01-02\n"
                          "b,70,支出,true,false,2026-01-02\n"
                          "c,80,不计收支,true,false,2026-01-02\n"
                          "d,90,收入,false,false,2026-01-02\n"
                          "e,40,收入,true,true,2026-01-03\n"
                          "f,-25,收入,true,false,2026-01-03\n"
                          "g,,收入,true,false,2026-01-03\n");
  CHECK_NUM(jan(ws, "gmv"), 140, 1e-9);
  CHECK_NUM(jan(ws, "orders"), 2, 0);
  CHECK_NUM(jan(ws, "refund_rate_orders"), 0.5, 0);
  CHECK_NUM(jan(ws, "refund_rate_amount"), 40.0 / 140, 1e-12);
  ls_workspace_free(ws);
}

TEST(a_percent_discount_should_take_its_share) {
  /* 100 less 25% = 75; 40 less 10% = 36 -> 111 */
  ls_workspace *ws = pays("customer_id,amount,discount percent,created\n"
                          "a,100,25,2026-01-02\nb,40,10,2026-01-05\n");
  CHECK_NUM(jan(ws, "gmv"), 111, 1e-9);
  ls_workspace_free(ws);
}

TEST(an_order_should_take_its_time_from_its_first_paid_row_and_cap_refunds) {
  /* order O1: a pending row in January, paid rows on Feb 1 (60) and Mar 3
   * (40): the order is placed on Feb 1 with 100; its refund cell 150 is
   * capped at the order's 100. Order O2 has no amount at all: not an order. */
  ls_workspace *ws = pays("order_id,customer_id,amount,refund_amount,status,created\n"
                          "O1,a,60,,pending,2026-01-20\n"
                          "O1,a,60,,paid,2026-02-01\n"
                          "O1,a,40,150,paid,2026-03-03\n"
                          "O2,b,,,paid,2026-02-02\n");
  CHECK_NUM(jan(ws, "orders"), 0, 0);
  CHECK_NUM(feb(ws, "orders"), 1, 0);
  CHECK_NUM(feb(ws, "gmv"), 100, 1e-9);
  CHECK_NUM(feb(ws, "refund_rate_amount"), 1, 0);
  CHECK_NUM(mar(ws, "orders"), 0, 0);
  ls_workspace_free(ws);
}

TEST(metrics_about_customers_should_fail_without_a_customer_column) {
  ls_workspace *ws = pays("order_id,amount,created\nA,10,2026-01-02\nB,20,2026-01-03\n");
  CHECK_NUM(jan(ws, "gmv"), 30, 1e-9);
  ls_query q = LS_QUERY_INIT;
  q.asof = T("2100-01-01"); /* so the periods are not empty */
  ls_series *s = NULL;
  CHECK_INT(ls_metric_run(ws, "paying_users", &q, &s), LS_ENODATA);
  CHECK_STR(ls_workspace_errmsg(ws), "paying_users needs a customer_id (or email) column in payments.csv");
  CHECK_INT(ls_metric_run(ws, "renewal_rate", &q, &s), LS_ENODATA);
  CHECK_STR(ls_workspace_errmsg(ws), "renewal_rate needs a subscriptions dataset; none is loaded");
  ls_workspace_free(ws);
}

TEST(renewal_rate_should_count_billing_boundaries_due_and_renewed) {
  /* s1 monthly from Jan 15, open: boundaries Feb 15, Mar 15: due, renewed.
   * s2 monthly from Jan 31, ended Mar 31: boundaries Feb 28 (the 31st
   *    clamped; renewed) and Mar 31 (ends there: due, not renewed).
   * s3 yearly from 2025-03-10, ended 2026-03-10: due at Mar 10, not renewed.
   * s4 monthly, trial Jan 1 to Jan 15, ended Feb 20 (mid-cycle): Feb 15 due
   *    and renewed; Mar 15 due (its cycle had started), not renewed.
   * s5 weekly from Mon Feb 23, open: Mar 2, 9, 16, 23, 30 due and renewed.
   * February: due s1 s2 s4 = 3, renewed 3 -> 1. March: due s1 s2 s3 s4 +
   * 5 of s5 = 9, renewed s1 + 5 = 6 -> 2/3. January: nothing due. */
  ls_workspace *ws = subs_csv("Customer ID,Interval,Amount,Start Date (UTC),Trial End (UTC),Ended At (UTC)\n"
                              "c1,month,10,2026-01-15,,\n"
                              "c2,month,10,2026-01-31,,2026-03-31\n"
                              "c3,year,100,2025-03-10,,2026-03-10\n"
                              "c4,month,10,2026-01-01,2026-01-15,2026-02-20\n"
                              "c5,week,5,2026-02-23,,\n");
  CHECK(isnan(jan(ws, "renewal_rate")));
  CHECK_NUM(feb(ws, "renewal_rate"), 1, 0);
  CHECK_NUM(mar(ws, "renewal_rate"), 6.0 / 9, 1e-12);
  ls_workspace_free(ws);
}

TEST(renewal_rate_should_read_boundaries_in_the_workspace_zone) {
  /* monthly from 2026-01-31 20:00 UTC, ended 2026-03-05 00:00 UTC.
   * In UTC: boundaries Feb 28 20:00 (clamped; renewed) and Mar 31 20:00
   * (its cycle started Feb 28 < the end: due, not renewed): February 1,
   * March 0. At +08:00 it starts Feb 1 04:00 local: boundaries Mar 1 04:00
   * (renewed: it ends Mar 5 08:00 local) and Apr 1 04:00 (due, not
   * renewed): February empty, March 1, April 0. */
  ls_workspace *ws = subs_csv("Customer ID,Interval,Amount,Start Date (UTC),Ended At (UTC)\n"
                              "c1,month,10,2026-01-31T20:00:00Z,2026-03-05\n");
  CHECK_NUM(feb(ws, "renewal_rate"), 1, 0);
  CHECK_NUM(mar(ws, "renewal_rate"), 0, 0);
  ls_workspace_set_tz(ws, 480);
  ls_query q = LS_QUERY_INIT;
  q.asof = T("2100-01-01");
  q.from = T("2026-02-01T00:00:00+08:00");
  q.to = T("2026-04-01T00:00:00+08:00");
  ls_series *s = NULL;
  CHECK_INT(ls_metric_run(ws, "renewal_rate", &q, &s), LS_OK);
  CHECK(s && s->n == 3);
  if (s && s->n == 3) {
    CHECK(isnan(s->value[0]));       /* February */
    CHECK_NUM(s->value[1], 1, 0);    /* March: Mar 1 04:00 */
    CHECK_NUM(s->value[2], 0, 0);    /* April: Apr 1 04:00, ended Mar 5 */
  }
  ls_series_free(s);
  ls_workspace_free(ws);
}

TEST(renewal_rate_should_count_quarterly_and_old_subscriptions_in_any_zone) {
  /* Periods January to May 2026 (from), read in UTC and in New York (the
   * dates are wall-clock dates, so the boundaries fall alike):
   * q1 every 3 months from 2025-11-30, ended 2026-05-30: Feb 28 (clamped)
   *    due and renewed; May 30 due, ends there: not renewed.
   * q2 every 3 months from 2026-01-15, ended 2026-03-01: Apr 15 due (its
   *    cycle had started), not renewed.
   * old monthly since 2024-01-10, ended 2026-02-20: Jan 10, Feb 10 due and
   *    renewed; Mar 10 due, not renewed.
   * w weekly from Monday 2026-03-30, open: Apr 6 .. 27 and May 4 .. 25, 4
   *    each, due and renewed.
   * January 1/1, February 2/2, March 0/1, April 4/5, May 4/5. */
  ls_workspace *ws = subs_csv("Customer ID,Interval,Interval Count,Amount,Start Date (UTC),Ended At (UTC)\n"
                              "q1,month,3,30,2025-11-30,2026-05-30\n"
                              "q2,month,3,30,2026-01-15,2026-03-01\n"
                              "old,month,1,10,2024-01-10,2026-02-20\n"
                              "w,week,1,5,2026-03-30,\n");
  static const double want[5] = {1, 1, 0, 0.8, 0.8};
  static const char *const zones[2] = {"UTC", "America/New_York"};
  for (size_t z = 0; z < 2; z++) {
    ls_tz tz;
    CHECK(ls_tz_parse(zones[z], &tz));
    CHECK_INT(ls_workspace_set_tz(ws, tz), LS_OK);
    ls_query q = LS_QUERY_INIT;
    q.asof = T("2100-01-01");
    q.from = T("2026-01-15");
    q.to = T("2026-05-15");
    ls_series *s = NULL;
    CHECK_INT(ls_metric_run(ws, "renewal_rate", &q, &s), LS_OK);
    CHECK(s && s->n == 5);
    for (size_t i = 0; s && s->n == 5 && i < 5; i++)
      if (fabs(s->value[i] - want[i]) > 1e-12) CHECK_FAIL_("%s: period %zu is %g, expected %g", zones[z], i, s->value[i], want[i]);
    ls_series_free(s);
  }
  ls_workspace_free(ws);
}

TEST(a_refund_should_not_make_a_cancelled_or_uncaptured_charge_paid) {
  /* a: canceled with a refund of its whole amount (Stripe releasing an
   * authorisation) -> not paid. b: success false (Stripe's Captured) with a refund -> not paid.
   * c: 交易关闭 (a closed Alipay trade) refunded in full -> paid, refunded.
   * d: 交易关闭 without a refund -> not paid. e: paid.
   * Orders c, e: GMV 30 + 5 = 35, refunded 1/2, amount 30/35. */
  ls_workspace *ws = pays("customer_id,amount,refund_amount,success,status,created\n"
                          "a,50,50,true,canceled,2026-01-02\n"
                          "b,70,70,false,succeeded,2026-01-02\n"
                          "c,30,30,true,交易关闭,2026-01-03\n"
                          "d,40,,true,交易关闭,2026-01-03\n"
                          "e,5,,true,paid,2026-01-04\n");
  CHECK_NUM(jan(ws, "orders"), 2, 0);
  CHECK_NUM(jan(ws, "gmv"), 35, 1e-9);
  CHECK_NUM(jan(ws, "refund_rate_orders"), 0.5, 0);
  CHECK_NUM(jan(ws, "refund_rate_amount"), 30.0 / 35, 1e-12);
  ls_workspace_free(ws);
}

TEST(wechat_shipping_and_refund_in_progress_statuses_should_read_as_paid) {
  /* 待发货 20, 已发货 30, 退款中 40 (the refund has not happened): paid, no
   * refund; 已退款(￥12.00) on 50: paid, 12 refunded; 已退款（¥50） on 50: in
   * full. GMV 190, refunded orders 2/5, amount 62/190. */
  ls_workspace *ws = pays("customer_id,amount,status,created\n"
                          "a,20,待发货,2026-01-02\nb,30,已发货,2026-01-02\nc,40,退款中,2026-01-02\n"
                          "d,50,已退款(￥12.00),2026-01-03\ne,50,已退款（¥50）,2026-01-03\n");
  CHECK_NUM(jan(ws, "orders"), 5, 0);
  CHECK_NUM(jan(ws, "gmv"), 190, 1e-9);
  CHECK_NUM(jan(ws, "refund_rate_orders"), 0.4, 0);
  CHECK_NUM(jan(ws, "refund_rate_amount"), 62.0 / 190, 1e-12);
  ls_workspace_free(ws);
}

TEST(large_amounts_should_add_and_junk_refunds_should_not_fail_the_dataset) {
  /* a: 950,000,000 (an IDR order); b: 10 with a junk refund of 1e15, capped
   * at its order's 10. GMV 950,000,010; refunded 10. An amount past 9e11 is
   * refused with its row. */
  ls_workspace *ws = pays("customer_id,amount,refund_amount,created\n"
                          "a,950000000,,2026-01-02\nb,10,1e15,2026-01-03\n");
  CHECK_NUM(jan(ws, "gmv"), 950000010, 1e-6);
  CHECK_NUM(jan(ws, "refund_rate_amount"), 10.0 / 950000010, 1e-15);
  ls_workspace_free(ws);
  ws = pays("customer_id,amount,created\na,5e13,2026-01-02\n");
  CHECK_NUM(jan(ws, "gmv"), -1, 0);
  CHECK(strstr(ls_workspace_errmsg(ws), "row 1: amount out of range") != NULL);
  ls_workspace_free(ws);
}

TEST(tier_thresholds_should_be_bounded) {
  ls_settings s;
  ls_settings_default(&s);
  char err[128];
  CHECK_INT(ls_settings_set(&s, "tiers", "10,1e300", err, sizeof err), LS_EINVAL);
  CHECK(strstr(err, "at most") != NULL);
  CHECK_INT(ls_settings_set(&s, "tiers", "10,1e12", err, sizeof err), LS_OK);
}

TEST(a_currency_named_in_chinese_or_at_length_should_be_one_currency) {
  /* 人民币, CNY and cny are one currency (18 + 2 + 5 = 25); a whole
   * USDT-TRC20 column is one currency too (7 + 3 = 10); 人民币 against 美元
   * is two, and converts with rates keyed by code: 18 x 0.14 + 1 = 3.52 */
  ls_workspace *ws = pays("customer_id,amount,币种,created\n"
                          "a,18,人民币,2026-01-02\nb,2,CNY,2026-01-02\nc,5,cny,2026-01-03\n");
  CHECK_NUM(jan(ws, "gmv"), 25, 1e-9);
  ls_workspace_free(ws);
  ws = pays("customer_id,amount,currency,created\na,7,USDT-TRC20,2026-01-02\nb,3,usdt-trc20,2026-01-02\n");
  CHECK_NUM(jan(ws, "gmv"), 10, 1e-9);
  ls_workspace_free(ws);
  ws = pays("customer_id,amount,币种,created\na,18,人民币,2026-01-02\nb,1,美元,2026-01-02\n");
  CHECK_NUM(jan(ws, "gmv"), -1, 0);
  CHECK(strstr(ls_workspace_errmsg(ws), "(人民币, 美元)") != NULL);
  CHECK_INT(ls_workspace_set(ws, "currency", "USD"), LS_OK);
  CHECK_INT(ls_workspace_set(ws, "rates", "CNY=0.14"), LS_OK);
  CHECK_NUM(jan(ws, "gmv"), 3.52, 1e-9);
  ls_workspace_free(ws);
}

int main(void) {
  RUN(rows_without_a_status_column_should_all_be_paid_orders);
  RUN(renewal_rate_should_count_quarterly_and_old_subscriptions_in_any_zone);
  RUN(a_refund_should_not_make_a_cancelled_or_uncaptured_charge_paid);
  RUN(wechat_shipping_and_refund_in_progress_statuses_should_read_as_paid);
  RUN(large_amounts_should_add_and_junk_refunds_should_not_fail_the_dataset);
  RUN(tier_thresholds_should_be_bounded);
  RUN(a_currency_named_in_chinese_or_at_length_should_be_one_currency);
  RUN(a_period_without_orders_should_have_zero_gmv_and_undefined_averages);
  RUN(a_tier_should_start_exactly_at_its_threshold_in_exact_units);
  RUN(row_rules_should_leave_out_expenses_uncaptured_and_negative_rows);
  RUN(a_percent_discount_should_take_its_share);
  RUN(an_order_should_take_its_time_from_its_first_paid_row_and_cap_refunds);
  RUN(metrics_about_customers_should_fail_without_a_customer_column);
  RUN(renewal_rate_should_count_billing_boundaries_due_and_renewed);
  RUN(renewal_rate_should_read_boundaries_in_the_workspace_zone);
  return check_done();
}
