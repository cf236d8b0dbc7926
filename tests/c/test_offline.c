/* test_offline.c: the offline answer (assist/offline.h) on
 * data/subscriptions_small.csv, the file docs/metrics.md and test_insights.c
 * walk by hand. The latest instant is sub_9's start, 2 April 2026 07:00, so
 * the as-of is 3 April and the last complete month is March.
 *
 *   MRR end of February (1 Mar): cus_A Pro 49 + cus_B Basic 190/12 = 15.8333
 *     + cus_C Team 29 x 5 = 145 (trial over 3 Feb) = 209.8333 (= 2518/12).
 *   MRR end of March (1 Apr): cus_B 15.8333 + cus_C 145 + cus_A Team 29 x 3 = 87
 *     + cus_G Pro 490 x 2 / 12 = 81.6667 = 329.5 (sub_1 ended 5 Mar, sub_7 expired).
 *   change 329.5 - 209.8333 = 119.6667 (= 359/3); 119.6667 / 209.8333 = 57.0294 %.
 *   By plan in March: Team 145 + 87 = 232, Pro 81.6667, Basic 15.8333.
 *   Customer churn rate (denominator: paying at the start of the month):
 *     February: paying at 1 Feb: cus_A, cus_B, cus_D (cus_C still in trial) = 3;
 *       churned in February: cus_D (ended 25 Feb); cus_E never paid. 1/3 = 0.333333.
 *     March: paying at 1 Mar: cus_A, cus_B, cus_C = 3; cus_A ended sub_1 on 5 Mar but
 *       started sub_6 the same day (still paying): nobody churned. 0/3 = 0.
 *     change -0.333333, change_pct -100 %. The default rule customer-churn (P0, above
 *     5 %) is ok in March. */
#include <stdint.h>
#include <stdlib.h>

#include "assist/offline.h"
#include "base/alloc.h"
#include "check.h"
#include "json_get.h"
#include "monitor/insights.h"
#include "source_file.h"

/* data/subscriptions_small.csv, loaded once: the answers only read it */
static ls_workspace *ws;

/* The answer to question on w, checked to succeed and to name metric (NULL:
 * none); the caller deletes it. */
static cJSON *answer(ls_workspace *w, const char *question, const char *metric) {
  cJSON *a = NULL;
  CHECK_INT(ls_assist_answer(w, question, &a), LS_OK);
  const char *got = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "metric"));
  if (metric ? !got || strcmp(got, metric) != 0 : got != NULL)
    CHECK_FAIL_("\"%s\" answered %s, expected %s", question, got ? got : "null", metric ? metric : "null");
  return a;
}

static const cJSON *get(const cJSON *o, const char *k) { return cJSON_GetObjectItemCaseSensitive(o, k); }

static int str_is(const cJSON *o, const char *k, const char *want) {
  const char *s = str(o, k);
  return s && strcmp(s, want) == 0;
}

TEST(mrr_should_answer_with_the_hand_computed_latest_value_and_change) {
  cJSON *a = answer(ws, "月经常性收入是多少", "mrr");
  CHECK(str_is(a, "title", "MRR"));
  CHECK(str_is(a, "unit", "currency"));
  CHECK(str_is(a, "grain", "month"));
  CHECK(cJSON_IsTrue(get(a, "available")));
  const cJSON *l = get(a, "latest");
  CHECK(str_is(l, "period", "2026-03"));
  CHECK(str_is(l, "previous_period", "2026-02"));
  CHECK_NUM(num(l, "value"), 329.5, 1e-9);
  CHECK_NUM(num(l, "previous"), 2518.0 / 12, 1e-9);
  CHECK_NUM(num(l, "change"), 359.0 / 3, 1e-9);
  CHECK_NUM(num(l, "change_pct"), 57.0294, 1e-4);
  CHECK(cJSON_IsFalse(get(l, "lower_is_better")));
  /* the series ends with the same two months */
  const cJSON *s = get(a, "series"), *p = get(s, "periods"), *v = get(s, "values");
  int n = cJSON_GetArraySize(p);
  CHECK(n >= 2 && n == cJSON_GetArraySize(v));
  CHECK(n >= 2 && strcmp(cJSON_GetArrayItem(p, n - 1)->valuestring, "2026-03") == 0);
  CHECK(n >= 2 && fabs(cJSON_GetArrayItem(v, n - 2)->valuedouble - 2518.0 / 12) < 1e-9);
  /* the rule on MRR among the defaults, and only it */
  const cJSON *r = get(a, "rules");
  CHECK_INT(cJSON_GetArraySize(r), 1);
  CHECK(str_is(cJSON_GetArrayItem(r, 0), "id", "mrr-drop"));
  CHECK_INT(cJSON_GetArraySize(get(a, "matched")), 1);
  CHECK(get(a, "segments") && cJSON_IsNull(get(a, "segments")));
  cJSON_Delete(a);
}

TEST(churn_should_answer_with_the_rule_verdict) {
  cJSON *a = answer(ws, "What is our churn rate? Should we worry?", "customer_churn_rate");
  const cJSON *l = get(a, "latest");
  CHECK_NUM(num(l, "value"), 0, 1e-12);
  CHECK_NUM(num(l, "previous"), 1.0 / 3, 1e-12);
  CHECK_NUM(num(l, "change"), -1.0 / 3, 1e-12);
  CHECK_NUM(num(l, "change_pct"), -100, 1e-9);
  CHECK(cJSON_IsTrue(get(l, "lower_is_better")));
  const cJSON *r = cJSON_GetArrayItem(get(a, "rules"), 0);
  CHECK_INT(cJSON_GetArraySize(get(a, "rules")), 1);
  CHECK(str_is(r, "id", "customer-churn"));
  CHECK(str_is(r, "severity", "P0"));
  CHECK(str_is(r, "status", "ok"));
  CHECK_NUM(num(r, "threshold"), 0.05, 1e-12);
  /* the contribution of the same two months */
  const cJSON *c = get(a, "contribution");
  CHECK(str_is(c, "period", "2026-03"));
  CHECK_NUM(num(c, "change"), -1.0 / 3, 1e-12);
  cJSON_Delete(a);
}

TEST(a_dimension_should_rank_the_segments_of_the_latest_period_best_first) {
  cJSON *a = answer(ws, "Which plan has the highest MRR?", "mrr");
  CHECK(str_is(a, "dimension", "plan"));
  CHECK(str_is(a, "by", "Plan"));
  const cJSON *s = get(a, "segments");
  CHECK_INT(cJSON_GetArraySize(s), 3);
  CHECK(str_is(cJSON_GetArrayItem(s, 0), "label", "Team"));
  CHECK_NUM(num(cJSON_GetArrayItem(s, 0), "value"), 232, 1e-9);
  CHECK(str_is(cJSON_GetArrayItem(s, 1), "label", "Pro"));
  CHECK_NUM(num(cJSON_GetArrayItem(s, 1), "value"), 490.0 * 2 / 12, 1e-9);
  CHECK(str_is(cJSON_GetArrayItem(s, 2), "label", "Basic"));
  CHECK_NUM(num(cJSON_GetArrayItem(s, 2), "value"), 190.0 / 12, 1e-9);
  cJSON_Delete(a);
  /* churn is lower-is-better: the lowest plan first. March churn by plan: the
     plans' paying customers at 1 Mar: Pro cus_A (sub_1 ended 5 Mar: churned from
     Pro, 1/1), Basic cus_B (0/1), Team cus_C (0/1): Basic and Team 0 before Pro 1 */
  a = answer(ws, "哪个套餐的流失率最低", "customer_churn_rate");
  s = get(a, "segments");
  int n = cJSON_GetArraySize(s);
  CHECK(n == 3 && str_is(cJSON_GetArrayItem(s, n - 1), "label", "Pro"));
  CHECK(n == 3 && num(cJSON_GetArrayItem(s, 0), "value") <= num(cJSON_GetArrayItem(s, n - 1), "value"));
  cJSON_Delete(a);
}

TEST(a_metric_whose_dataset_is_missing_should_say_so) {
  cJSON *a = answer(ws, "日活", "dau");
  CHECK(cJSON_IsFalse(get(a, "available")));
  CHECK(cJSON_IsNull(get(a, "latest")));
  CHECK(cJSON_IsNull(get(a, "series")));
  CHECK_INT(cJSON_GetArraySize(get(a, "rules")), 0);
  cJSON_Delete(a);
  /* "revenue" names MRR and GMV: MRR, whose dataset is loaded */
  a = answer(ws, "收入", "mrr");
  CHECK(cJSON_IsTrue(get(a, "available")));
  cJSON_Delete(a);
}

TEST(a_question_naming_nothing_should_suggest_what_it_can_answer) {
  const char *questions[] = {"hello", "", "arrive"};
  for (size_t i = 0; i < 3; i++) {
    cJSON *a = answer(ws, questions[i], NULL);
    CHECK(cJSON_IsNull(get(a, "latest")));
    CHECK_INT(cJSON_GetArraySize(get(a, "matched")), 0);
    /* the loaded subscription metrics first, in catalog order: mrr, arr, ... */
    const cJSON *s = get(a, "suggestions");
    CHECK(cJSON_GetArraySize(s) > 0 && strcmp(cJSON_GetArrayItem(s, 0)->valuestring, "mrr") == 0);
    cJSON_Delete(a);
  }
}

TEST(the_movers_should_be_the_insights_movers) {
  cJSON *a = answer(ws, "MRR", "mrr"), *m = NULL;
  CHECK_INT(ls_insights_movers(ws, LS_GRAIN_MONTH, INT64_MIN, 3, &m), LS_OK);
  char *x = cJSON_PrintUnformatted(get(a, "movers")), *y = cJSON_PrintUnformatted(m);
  CHECK(x && y && strcmp(x, y) == 0);
  CHECK_INT(cJSON_GetArraySize(m), 3);
  ls_free(x);
  ls_free(y);
  cJSON_Delete(m);
  cJSON_Delete(a);
}

TEST(bytes_that_are_not_utf8_should_leave_valid_text) {
  /* a stray continuation byte, a cut 3-byte sequence, an overlong '/' */
  cJSON *a = answer(ws, "MRR \x80 \xE6\x9C \xC0\xAF", "mrr");
  CHECK(str_is(a, "question", "MRR \xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD"));
  cJSON_Delete(a);
}

TEST(aggregates_should_hold_the_latest_value_of_every_plain_metric) {
  cJSON *g = NULL;
  CHECK_INT(ls_assist_aggregates(ws, &g), LS_OK);
  const cJSON *x, *mrr = NULL, *customers = NULL;
  int n = 0;
  cJSON_ArrayForEach(x, get(g, "aggregates")) {
    n++;
    if (str_is(x, "metric", "mrr")) mrr = x;
    if (str_is(x, "metric", "customers")) customers = x;
    CHECK(!str_is(x, "metric", "mrr_by_plan")); /* always broken down */
    CHECK(!str_is(x, "metric", "dau"));         /* no events loaded */
  }
  CHECK(n > 10);
  CHECK(str_is(mrr, "period", "2026-03") && str_is(mrr, "grain", "month"));
  CHECK_NUM(num(mrr, "value"), 329.5, 1e-9);
  CHECK_NUM(num(mrr, "previous"), 2518.0 / 12, 1e-9);
  CHECK_NUM(num(mrr, "change_pct"), 57.0294, 1e-4);
  /* paying customers: 3 at the end of February, 4 at the end of March */
  CHECK_NUM(num(customers, "value"), 4, 0);
  CHECK_NUM(num(customers, "change_pct"), 100.0 / 3, 1e-9);
  cJSON_Delete(g);
}

TEST(an_empty_workspace_should_still_answer) {
  ls_workspace *empty = ls_workspace_new();
  cJSON *a = answer(empty, "MRR", "mrr");
  CHECK(cJSON_IsFalse(get(a, "available")));
  CHECK_INT(cJSON_GetArraySize(get(a, "movers")), 0);
  cJSON_Delete(a);
  CHECK_INT(ls_assist_aggregates(empty, &a), LS_OK);
  CHECK_INT(cJSON_GetArraySize(get(a, "aggregates")), 0);
  cJSON_Delete(a);
  CHECK_INT(ls_assist_answer(NULL, "MRR", &a), LS_EINVAL);
  ls_workspace_free(empty);
}

int main(void) {
  ws = source_workspace("data/subscriptions_small.csv");
  RUN(mrr_should_answer_with_the_hand_computed_latest_value_and_change);
  RUN(churn_should_answer_with_the_rule_verdict);
  RUN(a_dimension_should_rank_the_segments_of_the_latest_period_best_first);
  RUN(a_metric_whose_dataset_is_missing_should_say_so);
  RUN(a_question_naming_nothing_should_suggest_what_it_can_answer);
  RUN(the_movers_should_be_the_insights_movers);
  RUN(bytes_that_are_not_utf8_should_leave_valid_text);
  RUN(aggregates_should_hold_the_latest_value_of_every_plain_metric);
  RUN(an_empty_workspace_should_still_answer);
  ls_workspace_free(ws);
  return check_done();
}
