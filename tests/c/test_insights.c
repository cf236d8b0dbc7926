/* test_insights.c: biggest movers and contribution analysis (monitor/insights.h).
 *
 * Hand example: data/subscriptions_small.csv, months, at 1 April 2026: March
 * against February (docs/metrics.md walks the same file).
 *   end of February (1 Mar 00:00): sub_1 cus_A Pro 49; sub_2 cus_B Basic 190/year =
 *     15.8333/month; sub_3 cus_C Team 29 x 5 = 145 (trial over 3 Feb); sub_4 and sub_5
 *     ended in February. MRR = 49 + 15.8333 + 145 = 209.8333 (= 2518/12), 3 customers.
 *   end of March (1 Apr): sub_1 ended 5 Mar; sub_2 15.8333; sub_3 145; sub_6 cus_A Team
 *     29 x 3 = 87; sub_7 expired; sub_8 cus_G Pro 490 x 2 / 12 = 81.6667.
 *     MRR = 15.8333 + 145 + 87 + 81.6667 = 329.5, 4 customers.
 *   mrr: change 329.5 - 209.8333 = 119.6667 (= 359/3), 119.6667 / 209.8333 = 57.0294 %
 *   arr: 12 x MRR, the same 57.0294 %; customers 3 -> 4: 33.3333 %;
 *   arpa 209.8333/3 = 69.9444 -> 329.5/4 = 82.375: 17.7720 %
 *   reactivation_mrr: 0 in February (nobody came back): no percent, not a mover.
 *   MRR by plan: Basic 15.8333 -> 15.8333 (0); Pro 49 -> 81.6667 (+98/3);
 *     Team 145 -> 145 + 87 = 232 (+87). Shares: Team 87 / (359/3) = 261/359 = 0.727019;
 *     Pro (98/3) / (359/3) = 98/359 = 0.272981; Basic 0; sum 1.
 *   ARPA by plan (non-additive): Basic 15.8333 -> 15.8333; Pro 49/1 -> 81.6667/1;
 *     Team 145/1 -> 232/2 = 116 (-29). Volume: paying customers of both months:
 *     Basic 1 + 1 = 2, Pro 1 + 1 = 2, Team 1 + 2 = 3; weights 2/7, 2/7, 3/7.
 *     Total change 82.375 - 69.9444 = 447.5/36 = 12.430556.
 *     share Pro = (2/7)(98/3) / (447.5/36) = 7056/9397.5 = 0.750838
 *     share Team = (3/7)(-29) / (447.5/36) = -3132/3132.5 = -0.999840; Basic 0. */
#include <stdint.h>

#include "base/alloc.h"
#include "catalog/catalog.h"
#include "check.h"
#include "fixtures.h"
#include "json_get.h"
#include "gen_fixture.h"
#include "monitor/insights.h"
#include "source_file.h"


static ls_workspace *small_subs(void) { return source_workspace("data/subscriptions_small.csv"); }

/* the index of metric name in the movers, or -1 */
static int mover_at(const cJSON *m, const char *name) {
  for (int i = 0; i < cJSON_GetArraySize(m); i++)
    if (strcmp(str(cJSON_GetArrayItem(m, i), "metric"), name) == 0) return i;
  return -1;
}

TEST(movers_without_history_should_rank_the_hand_example_by_percent_change) {
  ls_workspace *ws = small_subs();
  cJSON *m = NULL;
  CHECK_INT(ls_insights_movers(ws, LS_GRAIN_MONTH, T("2026-04-01"), 0, &m), LS_OK);
  int arr = mover_at(m, "arr"), mrr = mover_at(m, "mrr"), cus = mover_at(m, "customers"), arpa = mover_at(m, "arpa");
  CHECK(arr >= 0 && mrr >= 0 && cus >= 0 && arpa >= 0);
  /* 57.03 % (arr before mrr by name) > 33.33 % > 17.77 % */
  CHECK(arr < mrr && mrr < cus && cus < arpa);
  CHECK_INT(mover_at(m, "reactivation_mrr"), -1);
  CHECK_INT(mover_at(m, "mrr_by_plan"), -1); /* always broken down */
  const cJSON *o = cJSON_GetArrayItem(m, mrr);
  CHECK_STR(str(o, "period"), "2026-03");
  CHECK_STR(str(o, "previous_period"), "2026-02");
  CHECK_STR(str(o, "grain"), "month");
  CHECK_STR(str(o, "unit"), "currency");
  CHECK_NUM(num(o, "value"), 329.5, 1e-9);
  CHECK_NUM(num(o, "previous"), 2518.0 / 12, 1e-9);
  CHECK_NUM(num(o, "change"), 359.0 / 3, 1e-9);
  CHECK_NUM(num(o, "change_pct"), 57.0294, 1e-4);
  /* three months: one change before March's, under the 4 a score needs */
  CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(o, "score")));
  CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(o, "typical_change")));
  CHECK_NUM(num(cJSON_GetArrayItem(m, cus), "change_pct"), 100.0 / 3, 1e-9);
  CHECK_NUM(num(cJSON_GetArrayItem(m, arpa), "change_pct"), 17.7720, 1e-4);
  CHECK(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(o, "lower_is_better")));
  /* churned_mrr: February lost cus_D (sub_4 Basic 19, counted on 1 Feb, ended
   * 25 Feb; sub_5 never left its trial, so never counted): 19. March lost
   * nobody (cus_A moved from sub_1 to sub_6 and still pays): 0. Change -19,
   * -100 %; a fall is good news for it */
  int churn = mover_at(m, "churned_mrr");
  CHECK(churn >= 0);
  const cJSON *c = cJSON_GetArrayItem(m, churn);
  CHECK_NUM(num(c, "value"), 0, 1e-9);
  CHECK_NUM(num(c, "previous"), 19, 1e-9);
  CHECK_NUM(num(c, "change_pct"), -100, 1e-9);
  CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "lower_is_better")));
  /* the top 2 are the first two of the full list */
  cJSON *top = NULL;
  CHECK_INT(ls_insights_movers(ws, LS_GRAIN_MONTH, T("2026-04-01"), 2, &top), LS_OK);
  CHECK_INT(cJSON_GetArraySize(top), 2);
  CHECK_STR(str(cJSON_GetArrayItem(top, 1), "metric"), str(cJSON_GetArrayItem(m, 1), "metric"));
  cJSON_Delete(top);
  cJSON_Delete(m);
  ls_workspace_free(ws);
}

/* An events table of user_id, event, timestamp into col[0..2]. */
static ls_table *view_table(ls_column *col[3]) {
  ls_table *t = ls_table_new("events.csv");
  col[0] = ls_table_add(t, "user_id", LS_TYPE_STRING);
  col[1] = ls_table_add(t, "event", LS_TYPE_STRING);
  col[2] = ls_table_add(t, "timestamp", LS_TYPE_TIME);
  return t;
}

/* One view event of user u%d (user) at when. */
static void push_view(ls_column *const col[3], int user, const char *when) {
  char buf[16];
  snprintf(buf, sizeof buf, "u%d", user);
  push_str_or_null(col[0], buf);
  push_str_or_null(col[1], "view");
  ls_column_push_i64(col[2], T(when));
}

static ls_workspace *workspace_of(ls_table *t) {
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_add(ws, t);
  return ws;
}

/* events of 1..10 March 2026: on day d, COUNT[d] events (view), the i-th by
 * user u(i % users), users = 10 (11 on 10 March) */
static ls_workspace *steady_events(void) {
  static const int COUNT[10] = {100, 100, 110, 100, 100, 90, 100, 104, 100, 120};
  ls_column *col[3];
  ls_table *t = view_table(col);
  for (int d = 0; d < 10; d++) {
    char day[32];
    snprintf(day, sizeof day, "2026-03-%02dT10:00:00Z", d + 1);
    for (int i = 0; i < COUNT[d]; i++) push_view(col, i % (d == 9 ? 11 : 10), day);
  }
  return workspace_of(t);
}

/* Hand example, days, at 11 March: 10 March against 9 March.
 *   count 100, 100, 110, 100, 100, 90, 100, 104, 100 | 120: change +20, +20 %.
 *     The 8 changes before (2..9 March): 0, +10, -10, 0, -10, +10, +4, -4; the
 *     non-zero |changes| sorted 4, 4, 10, 10, 10, 10: median (10 + 10) / 2 = 10
 *     (with the zeros, 0 0 4 4 10 10 10 10, it would be 7); floor 1 % x 100 = 1;
 *     typical 10, score 20 / 10 = 2.
 *   active_users 10 on every day, 11 on 10 March: change +1, +10 %. The 8
 *     changes before are all 0: median of none = 0; floor 1 % x 10 = 0.1;
 *     typical 0.1, score 1 / 0.1 = 10.
 *   So active_users (score 10) ranks before count (score 2), though by percent
 *   count (20 %) would lead.
 * At 7 March (6 March against 5 March): count 100 -> 90, -10 %; the changes
 *   before: 0, +10, -10, 0 (exactly 4): non-zero 10, 10, median 10, score 1;
 *   active_users 10 -> 10: score 0 / 0.1 = 0.
 * At 6 March (5 March against 4 March): 3 changes before, under 4: no score. */
TEST(movers_should_rank_by_how_unusual_the_change_is_for_the_metric) {
  ls_workspace *ws = steady_events();
  cJSON *m = NULL;
  CHECK_INT(ls_insights_movers(ws, LS_GRAIN_DAY, T("2026-03-11"), 0, &m), LS_OK);
  int cnt = mover_at(m, "count"), au = mover_at(m, "active_users");
  CHECK(cnt >= 0 && au >= 0 && au < cnt);
  const cJSON *c = cJSON_GetArrayItem(m, cnt), *a = cJSON_GetArrayItem(m, au);
  CHECK_STR(str(c, "period"), "2026-03-10");
  CHECK_NUM(num(c, "change_pct"), 20, 1e-9);
  CHECK_NUM(num(c, "typical_change"), 10, 0);
  CHECK_NUM(num(c, "score"), 2, 0);
  CHECK_NUM(num(a, "change_pct"), 10, 1e-9);
  CHECK_NUM(num(a, "typical_change"), 0.1, 1e-12);
  CHECK_NUM(num(a, "score"), 10, 1e-9);
  cJSON_Delete(m);
  CHECK_INT(ls_insights_movers(ws, LS_GRAIN_DAY, T("2026-03-07"), 0, &m), LS_OK);
  c = cJSON_GetArrayItem(m, mover_at(m, "count"));
  a = cJSON_GetArrayItem(m, mover_at(m, "active_users"));
  CHECK_NUM(num(c, "change_pct"), -10, 1e-9);
  CHECK_NUM(num(c, "typical_change"), 10, 0);
  CHECK_NUM(num(c, "score"), 1, 0);
  CHECK_NUM(num(a, "score"), 0, 0);
  CHECK(mover_at(m, "count") < mover_at(m, "active_users"));
  cJSON_Delete(m);
  CHECK_INT(ls_insights_movers(ws, LS_GRAIN_DAY, T("2026-03-06"), 0, &m), LS_OK);
  c = cJSON_GetArrayItem(m, mover_at(m, "count"));
  CHECK(c != NULL);
  CHECK_STR(str(c, "period"), "2026-03-05");
  CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(c, "score")));
  cJSON_Delete(m);
  ls_workspace_free(ws);
}

/* The demo's weekly movers at 26 October 2026 (the weekly report's week,
 * 19..25 October), read from `lodestar metric NAME --grain week` on the demo
 * CSVs (weeks 10 Aug .. 19 Oct):
 *   failures 163 149 162 154 174 194 189 190 181 | 220 (weeks 17 Aug .. 12 Oct,
 *     then 19 Oct): changes before 19 Oct: -14 +13 -8 +20 +20 -5 +1 -9; sorted
 *     1 5 8 9 13 14 20 20, median (9 + 13) / 2 = 11; change +39: score
 *     39 / 11 = 3.545;
 *   lifecycle_resurrecting 808 866 888 898 943 967 968 1044 1033 | 1114: changes
 *     58 22 10 45 24 1 76 11 (abs), sorted 1 10 11 22 24 45 58 76, median 23;
 *     change +81: 81 / 23 = 3.522;
 *   renewal_rate .940741 .930233 .967480 .929032 .916667 .959459 .954023
 *     .937143 .922156 | .970238: |changes| .010508 .037247 .038448 .012366
 *     .042793 .005436 .016880 .014987, sorted .005436 .010508 .012366 .014987
 *     .016880 .037247 .038448 .042793, median (.014987 + .016880) / 2 = .015934;
 *     change .048082: 3.018 (4.8 points over a typical 1.6);
 *   repurchase_rate (the old leader, 0.49 % -> 0 %, -100 %): 0 0 .005988 .005435
 *     0 0 0 0 .004902 | 0: non-zero |changes| .005988 .000554 .005435 .004902,
 *     median (.004902 + .005435) / 2 = .005168: score .004902 / .005168 = 0.95;
 *   qps_peak 3 (x 9) 4 | 3: one non-zero change, 1: score 1 / 1 = 1. */
TEST(movers_on_the_demo_should_lead_with_the_unusual_changes) {
  ls_workspace *ws = gen_workspace(42, 10000, 365, NULL);
  cJSON *m = NULL;
  CHECK_INT(ls_insights_movers(ws, LS_GRAIN_WEEK, T("2026-10-26"), 0, &m), LS_OK);
  const char *want[3] = {"failures", "lifecycle_resurrecting", "renewal_rate"};
  const double score[3] = {39.0 / 11, 81.0 / 23, 3.018};
  for (int i = 0; i < 3; i++) {
    const cJSON *o = cJSON_GetArrayItem(m, i);
    CHECK_STR(str(o, "metric"), want[i]);
    CHECK_STR(str(o, "period"), "2026-10-19");
    CHECK_NUM(num(o, "score"), score[i], 1e-3);
  }
  CHECK_NUM(num(cJSON_GetArrayItem(m, 1), "typical_change"), 23, 0);
  int rr = mover_at(m, "repurchase_rate");
  CHECK(rr > 5);
  CHECK_NUM(num(cJSON_GetArrayItem(m, rr), "change_pct"), -100, 1e-9);
  CHECK_NUM(num(cJSON_GetArrayItem(m, rr), "score"), 0.004902 / 0.005168, 1e-3);
  CHECK_NUM(num(cJSON_GetArrayItem(m, mover_at(m, "qps_peak")), "score"), 1, 0);
  cJSON_Delete(m);
  ls_workspace_free(ws);
}

TEST(movers_on_the_demo_should_be_sorted_and_match_the_catalog) {
  ls_workspace *ws = gen_workspace(7, 300, 120, NULL);
  cJSON *m = NULL;
  CHECK_INT(ls_insights_movers(ws, LS_GRAIN_WEEK, INT64_MIN, 0, &m), LS_OK);
  /* the demo has subscriptions, payments and events: several of each move */
  CHECK(cJSON_GetArraySize(m) >= 10);
  CHECK(mover_at(m, "active_users") >= 0);
  CHECK(mover_at(m, "orders") >= 0);
  double last = INFINITY, last_pct = INFINITY;
  int scored = 1;
  for (int i = 0; i < cJSON_GetArraySize(m); i++) {
    const cJSON *o = cJSON_GetArrayItem(m, i);
    double pct = num(o, "change_pct");
    /* the scored by score (ties by |pct|), then the unscored by |pct| */
    const cJSON *sc = cJSON_GetObjectItemCaseSensitive(o, "score");
    if (cJSON_IsNumber(sc)) {
      CHECK(scored);
      CHECK(sc->valuedouble < last || (sc->valuedouble == last && fabs(pct) <= last_pct));
      last = sc->valuedouble;
      double typical = num(o, "typical_change");
      CHECK(typical >= 0.01 * fabs(num(o, "previous")));
      CHECK_NUM(sc->valuedouble, fabs(num(o, "change")) / typical, 1e-12 * fmax(1, sc->valuedouble));
    } else {
      if (scored) last_pct = INFINITY;
      scored = 0;
      CHECK(fabs(pct) <= last_pct);
    }
    last_pct = fabs(pct);
    /* value and previous are the catalog's last two weeks */
    ls_query q = LS_QUERY_INIT;
    q.grain = LS_GRAIN_WEEK;
    ls_series *s = NULL;
    CHECK_INT(ls_metric_run(ws, str(o, "metric"), &q, &s), LS_OK);
    if (s && s->n >= 2) {
      CHECK_NUM(num(o, "value"), s->value[s->n - 1], 0);
      CHECK_NUM(num(o, "previous"), s->value[s->n - 2], 0);
      /* the percent itself is held by hand numbers in the small example above;
       * here only its sign: the direction of value - previous */
      double dv = s->value[s->n - 1] - s->value[s->n - 2];
      CHECK((pct > 0) == (dv > 0) && (pct < 0) == (dv < 0));
    }
    ls_series_free(s);
  }
  cJSON_Delete(m);
  ls_workspace_free(ws);
}

/* the dimension named by in a contribution, or NULL */
static const cJSON *dim_of(const cJSON *c, const char *by) {
  const cJSON *d;
  cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(c, "dimensions")) if (strcmp(str(d, "by"), by) == 0) return d;
  return NULL;
}

TEST(contribution_of_mrr_by_plan_should_match_the_hand_example) {
  ls_workspace *ws = small_subs();
  cJSON *c = NULL;
  CHECK_INT(ls_insights_contrib(ws, "mrr", LS_GRAIN_MONTH, T("2026-04-01"), NULL, 0, 0, &c), LS_OK);
  CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "additive")));
  CHECK_STR(str(c, "period"), "2026-03");
  CHECK_STR(str(c, "previous_period"), "2026-02");
  CHECK_NUM(num(c, "change"), 359.0 / 3, 1e-9);
  const cJSON *plan = dim_of(c, "Plan");
  CHECK(plan != NULL);
  const cJSON *sg = cJSON_GetObjectItemCaseSensitive(plan, "segments");
  CHECK_INT(cJSON_GetArraySize(sg), 3); /* every row has a plan: no rest */
  const char *want[3] = {"Team", "Pro", "Basic"};
  const double change[3] = {87, 98.0 / 3, 0}, share[3] = {261.0 / 359, 98.0 / 359, 0};
  double sum = 0;
  for (int i = 0; i < 3 && i < cJSON_GetArraySize(sg); i++) {
    const cJSON *s = cJSON_GetArrayItem(sg, i);
    CHECK_STR(str(s, "segment"), want[i]);
    CHECK_NUM(num(s, "change"), change[i], 1e-9);
    CHECK_NUM(num(s, "share"), share[i], 1e-12);
    sum += num(s, "share");
  }
  CHECK_NUM(sum, 1, 1e-12);
  CHECK_NUM(num(cJSON_GetArrayItem(sg, 0), "value"), 232, 1e-9);
  CHECK_NUM(num(cJSON_GetArrayItem(sg, 0), "previous"), 145, 1e-9);
  cJSON_Delete(c);
  /* top 1 keeps Team */
  CHECK_INT(ls_insights_contrib(ws, "mrr", LS_GRAIN_MONTH, T("2026-04-01"), NULL, 0, 1, &c), LS_OK);
  sg = cJSON_GetObjectItemCaseSensitive(dim_of(c, "Plan"), "segments");
  CHECK_INT(cJSON_GetArraySize(sg), 1);
  CHECK_STR(str(cJSON_GetArrayItem(sg, 0), "segment"), "Team");
  cJSON_Delete(c);
  ls_workspace_free(ws);
}

TEST(contribution_of_arpa_should_weight_changes_by_customers) {
  ls_workspace *ws = small_subs();
  cJSON *c = NULL;
  const char *dims[] = {"plan"};
  CHECK_INT(ls_insights_contrib(ws, "arpa", LS_GRAIN_MONTH, T("2026-04-01"), dims, 1, 0, &c), LS_OK);
  CHECK(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(c, "additive")));
  CHECK_NUM(num(c, "change"), 447.5 / 36, 1e-9);
  const cJSON *sg = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(c, "dimensions"), 0), "segments");
  CHECK_INT(cJSON_GetArraySize(sg), 3);
  const char *want[3] = {"Pro", "Team", "Basic"};
  const double weight[3] = {2.0 / 7, 3.0 / 7, 2.0 / 7}, share[3] = {7056 / 9397.5, -3132 / 3132.5, 0};
  for (int i = 0; i < 3 && i < cJSON_GetArraySize(sg); i++) {
    const cJSON *s = cJSON_GetArrayItem(sg, i);
    CHECK_STR(str(s, "segment"), want[i]);
    CHECK_NUM(num(s, "weight"), weight[i], 1e-12);
    CHECK_NUM(num(s, "share"), share[i], 1e-9);
  }
  CHECK_NUM(num(cJSON_GetArrayItem(sg, 1), "value"), 116, 1e-9);
  cJSON_Delete(c);
  ls_workspace_free(ws);
}

/* every additive dimension of c: shares sum to 1, values to the total */
static void check_adds_up(const cJSON *c) {
  const cJSON *d;
  int dims = 0;
  cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(c, "dimensions")) {
    double share = 0, value = 0, previous = 0;
    const cJSON *s;
    cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(d, "segments")) {
      share += num(s, "share");
      value += num(s, "value");
      previous += num(s, "previous");
    }
    CHECK_NUM(share, 1, 1e-9);
    CHECK_NUM(value, num(c, "value"), 1e-6 * fmax(1, fabs(num(c, "value"))));
    CHECK_NUM(previous, num(c, "previous"), 1e-6 * fmax(1, fabs(num(c, "previous"))));
    dims++;
  }
  CHECK(dims >= 1);
}

TEST(additive_contributions_on_the_demo_should_add_up_over_every_dimension) {
  ls_workspace *ws = gen_workspace(7, 300, 120, NULL);
  const char *metrics[] = {"mrr", "gmv", "orders", "count", "active_users"};
  for (size_t i = 0; i < sizeof metrics / sizeof *metrics; i++) {
    cJSON *c = NULL;
    CHECK_INT(ls_insights_contrib(ws, metrics[i], LS_GRAIN_WEEK, INT64_MIN, NULL, 0, 0, &c), LS_OK);
    if (!c) continue;
    CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "additive")));
    if (num(c, "change") != 0) check_adds_up(c);
    cJSON_Delete(c);
  }
  /* event metrics are broken down by the event column too */
  cJSON *c = NULL;
  ls_insights_contrib(ws, "count", LS_GRAIN_WEEK, INT64_MIN, NULL, 0, 0, &c);
  int di = ls_workspace_find(ws, LS_KIND_EVENTS);
  const ls_detection *det = ls_workspace_detection(ws, (size_t)di);
  const char *event = ls_column_name(ls_table_col(ls_workspace_table(ws, (size_t)di), (size_t)det->col[LS_ROLE_EVENT]));
  CHECK(dim_of(c, event) != NULL);
  cJSON_Delete(c);
  ls_workspace_free(ws);
}

TEST(contribution_should_refuse_what_it_cannot_split) {
  ls_workspace *ws = small_subs();
  cJSON *c = NULL;
  CHECK_INT(ls_insights_contrib(ws, "nosuch", LS_GRAIN_MONTH, INT64_MIN, NULL, 0, 0, &c), LS_ENOTFOUND);
  CHECK_HAS(ls_workspace_errmsg(ws), "no metric named \"nosuch\"");
  CHECK_INT(ls_insights_contrib(ws, "mrr_by_plan", LS_GRAIN_MONTH, INT64_MIN, NULL, 0, 0, &c), LS_EINVAL);
  CHECK_HAS(ls_workspace_errmsg(ws), "always broken down");
  const char *dims[] = {"colour"};
  CHECK(ls_insights_contrib(ws, "mrr", LS_GRAIN_MONTH, T("2026-04-01"), dims, 1, 0, &c) != LS_OK);
  CHECK_HAS(ls_workspace_errmsg(ws), "colour");
  CHECK(c == NULL);
  ls_workspace_free(ws);
}

/* events: 1 row on 1 March (plan a, country c000), 101 rows on 2 March (row i: plan a
 * for even i, b for odd; country c000..c100: 101 values, past LS_BREAKDOWN_MAX) */
static ls_workspace *wide_events(void) {
  ls_column *col[3];
  ls_table *t = view_table(col);
  ls_column *pl = ls_table_add(t, "plan", LS_TYPE_STRING), *co = ls_table_add(t, "country", LS_TYPE_STRING);
  for (int i = -1; i <= 100; i++) {
    push_view(col, i < 0 ? 0 : i, i < 0 ? "2026-03-01T10:00:00Z" : "2026-03-02T10:00:00Z");
    push_str_or_null(pl, i < 0 || i % 2 == 0 ? "a" : "b");
    char buf[16];
    snprintf(buf, sizeof buf, "c%03d", i < 0 ? 0 : i);
    push_str_or_null(co, buf);
  }
  return workspace_of(t);
}

TEST(a_dimension_past_the_breakdown_limit_should_be_skipped) {
  ls_workspace *ws = wide_events();
  cJSON *c = NULL;
  CHECK_INT(ls_insights_contrib(ws, "count", LS_GRAIN_DAY, INT64_MIN, NULL, 0, 0, &c), LS_OK);
  /* count 1 -> 101 (+100); plan a 1 -> 51 (+50, rows 0, 2, ..., 100), b 0 -> 50 (+50): 0.5
   * each; event view 1 -> 101: share 1; country (101 values) left out */
  CHECK_NUM(num(c, "change"), 100, 0);
  CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(c, "dimensions")), 2);
  CHECK(dim_of(c, "country") == NULL);
  const cJSON *sg = cJSON_GetObjectItemCaseSensitive(dim_of(c, "plan"), "segments");
  CHECK_INT(cJSON_GetArraySize(sg), 2);
  /* equal |change|: by label */
  CHECK_STR(str(cJSON_GetArrayItem(sg, 0), "segment"), "a");
  CHECK_NUM(num(cJSON_GetArrayItem(sg, 0), "share"), 0.5, 1e-12);
  CHECK_NUM(num(cJSON_GetArrayItem(sg, 1), "previous"), 0, 0);
  CHECK_NUM(num(cJSON_GetArrayItem(sg, 1), "share"), 0.5, 1e-12);
  sg = cJSON_GetObjectItemCaseSensitive(dim_of(c, "event"), "segments");
  CHECK_STR(str(cJSON_GetArrayItem(sg, 0), "segment"), "view");
  CHECK_NUM(num(cJSON_GetArrayItem(sg, 0), "share"), 1, 1e-12);
  cJSON_Delete(c);
  /* asked for by name, it is skipped all the same */
  const char *dims[] = {"country"};
  CHECK_INT(ls_insights_contrib(ws, "count", LS_GRAIN_DAY, INT64_MIN, dims, 1, 0, &c), LS_OK);
  CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(c, "dimensions")), 0);
  cJSON_Delete(c);
  ls_workspace_free(ws);
}

int main(void) {
  ls_alloc_init_json();
  RUN(movers_without_history_should_rank_the_hand_example_by_percent_change);
  RUN(movers_should_rank_by_how_unusual_the_change_is_for_the_metric);
  RUN(movers_on_the_demo_should_lead_with_the_unusual_changes);
  RUN(movers_on_the_demo_should_be_sorted_and_match_the_catalog);
  RUN(contribution_of_mrr_by_plan_should_match_the_hand_example);
  RUN(contribution_of_arpa_should_weight_changes_by_customers);
  RUN(additive_contributions_on_the_demo_should_add_up_over_every_dimension);
  RUN(contribution_should_refuse_what_it_cannot_split);
  RUN(a_dimension_past_the_breakdown_limit_should_be_skipped);
  return check_done();
}
