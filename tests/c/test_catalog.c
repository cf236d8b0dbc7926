/* test_catalog.c: the metric registry, periods, errors, and docs/metrics.md. */
#include "base/alloc.h"
#include "catalog/catalog.h"
#include "check.h"
#include "fixtures.h"

TEST(catalog_should_register_each_metric_the_issues_name_once) {
  const char *want[] = {"mrr", "arr", "trial_mrr", "customers", "new_mrr", "expansion_mrr", "contraction_mrr",
                        "churned_mrr", "reactivation_mrr", "net_new_mrr", "arpa", "customer_churn_rate",
                        "gross_mrr_churn_rate", "net_mrr_churn_rate", "nrr", "grr", "ltv", "quick_ratio",
                        "trials_started", "trial_conversion_rate", "cac", "ltv_cac", "cac_payback_months",
                        "mrr_by_plan", "gmv", "orders", "aov", "paying_users", "arpu", "arppu",
                        "paying_ratio", "refund_rate_orders", "refund_rate_amount", "repurchase_rate",
                        "renewal_rate", "tier_users", "tier_upgrades", "dau", "wau", "mau", "new_users",
                        "active_users", "stickiness", "lifecycle_new", "lifecycle_returning",
                        "lifecycle_resurrecting", "lifecycle_dormant", "count", "sum", "mean", "min", "max",
                        "p50", "p90", "p95", "p99", "task_success_rate", "error_rate", "failures", "qps_peak",
                        "qps_mean", "feature_penetration", "feature_share",
                        "sessions", "session_duration",
                        "session_duration_median", "sessions_per_user"};
  size_t n = sizeof want / sizeof *want;
  CHECK_INT(ls_catalog_count(), n);
  for (size_t i = 0; i < n; i++)
    if (!ls_catalog_find(want[i])) CHECK_FAIL_("%s is not registered", want[i]);
  for (size_t i = 0; i < ls_catalog_count(); i++)
    for (size_t j = i + 1; j < ls_catalog_count(); j++)
      CHECK(strcmp(ls_catalog_at(i)->name, ls_catalog_at(j)->name) != 0);
  CHECK(ls_catalog_find("nope") == NULL);
  CHECK(ls_catalog_at(ls_catalog_count()) == NULL);
}

TEST(catalog_should_give_every_metric_a_default_grain_it_has) {
  for (size_t i = 0; i < ls_catalog_count(); i++) {
    const ls_metric_def *d = ls_catalog_at(i);
    CHECK(d->grains & d->default_grain);
    CHECK(d->compute != NULL);
    CHECK(strlen(d->description) > 20);
  }
  CHECK(ls_metric_breaks_down(ls_catalog_find("tier_users")));
  CHECK(ls_metric_breaks_down(ls_catalog_find("mrr_by_plan")));
  CHECK(!ls_metric_breaks_down(ls_catalog_find("gmv")));
}

TEST(docs_should_have_a_section_for_every_registered_metric) {
  const char *root = getenv("LS_SOURCE_DIR");
  char path[4096];
  snprintf(path, sizeof path, "%s/docs/metrics.md", root ? root : ".");
  FILE *f = fopen(path, "rb");
  CHECK(f != NULL);
  if (!f) return;
  static char text[1 << 20];
  size_t n = fread(text, 1, sizeof text - 1, f);
  text[n] = '\0';
  fclose(f);
  for (size_t i = 0; i < ls_catalog_count(); i++) {
    char heading[64];
    snprintf(heading, sizeof heading, "\n### %s\n", ls_catalog_at(i)->name);
    CHECK_HAS(text, heading);
  }
}

TEST(catalog_json_should_list_names_units_and_grains) {
  char *j = ls_catalog_json();
  CHECK_HAS(j, "{\"name\":\"mrr\",\"title\":\"MRR\",\"unit\":\"currency\"");
  CHECK_HAS(j, "\"grains\":[\"day\",\"week\",\"month\"],\"default_grain\":\"month\"");
  CHECK_HAS(j, "\"name\":\"dau\"");
  CHECK_HAS(j, "\"by_role\":\"plan\",\"segments\":null");
  CHECK_HAS(j, "\"name\":\"tier_users\"");
  CHECK_HAS(j, "\"settings\":[\"discounts\",\"currency\",\"rates\",\"tiers\"],\"by_role\":null,\"segments\":\"tier\"");
  /* the query arguments each metric takes */
  CHECK_HAS(j, "\"name\":\"mrr\"");
  CHECK_HAS(j, "\"segments\":null,\"args\":[],\"needs_property\":false,\"lower_is_better\":false}");
  CHECK_HAS(j, "\"name\":\"p95\",\"title\":\"p95\",\"unit\":\"number\"");
  CHECK_HAS(j, "\"args\":[\"event\",\"property\"],\"needs_property\":true,\"lower_is_better\":false}");
  CHECK_HAS(j, "\"name\":\"count\"");
  CHECK_HAS(j, "\"args\":[\"event\",\"property\"],\"needs_property\":false,\"lower_is_better\":false}");
  CHECK_HAS(j, "\"by_role\":\"event\",\"segments\":null,\"args\":[\"event\"],\"needs_property\":false,\"lower_is_better\":false}");
  /* a rise of churn is bad news, of MRR good */
  CHECK_HAS(j, "\"name\":\"customer_churn_rate\"");
  CHECK(strstr(strstr(j, "\"name\":\"customer_churn_rate\""), "\"lower_is_better\":true}") ==
        strstr(strstr(j, "\"name\":\"customer_churn_rate\""), "\"lower_is_better\":"));
  CHECK(ls_metric_lower_is_better(ls_catalog_find("error_rate")));
  CHECK(!ls_metric_lower_is_better(ls_catalog_find("mrr")));
  CHECK(!ls_metric_lower_is_better(NULL));
  ls_free(j);
}

TEST(run_should_refuse_unknown_metrics_and_missing_grains) {
  ls_workspace *ws = ls_workspace_new();
  ls_query q = LS_QUERY_INIT;
  ls_series *s = NULL;
  CHECK_INT(ls_metric_run(ws, "nope", &q, &s), LS_ENOTFOUND);
  CHECK_STR(ls_workspace_errmsg(ws), "no metric named \"nope\"");
  q.grain = LS_GRAIN_MONTH;
  CHECK_INT(ls_metric_run(ws, "dau", &q, &s), LS_EGRAIN);
  CHECK_STR(ls_workspace_errmsg(ws), "dau has no month grain (grains: day)");
  q.grain = 0;
  CHECK_INT(ls_metric_run(ws, "mrr", &q, &s), LS_ENODATA);
  CHECK_STR(ls_workspace_errmsg(ws), "mrr needs a subscriptions dataset; none is loaded");
  CHECK(s == NULL);
  ls_workspace_free(ws);
}

TEST(run_should_keep_the_periods_between_from_and_to) {
  sub_row rows[] = {
    {"a", "month", 10, 1, "active", "2025-01-10", NULL, NULL, NULL},
    {"b", "month", 20, 1, "active", "2025-06-30", NULL, NULL, NULL},
  };
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_add(ws, subs_table(rows, 2));
  ls_query q = LS_QUERY_INIT;
  ls_series *s = NULL;
  CHECK_INT(ls_metric_run(ws, "mrr", &q, &s), LS_OK); /* as of Jul 1: Jan..Jun */
  CHECK_INT(s->n, 6);
  CHECK_NUM(s->value[5], 30, 0);
  ls_series_free(s);
  q.from = T("2025-03-15");
  q.to = T("2025-05-01");
  CHECK_INT(ls_metric_run(ws, "mrr", &q, &s), LS_OK);
  CHECK_INT(s->n, 3);
  CHECK_INT(s->start[0], T("2025-03-01"));
  CHECK_INT(s->start[2], T("2025-05-01"));
  ls_series_free(s);
  q = (ls_query)LS_QUERY_INIT;
  q.grain = LS_GRAIN_WEEK;
  CHECK_INT(ls_metric_run(ws, "mrr", &q, &s), LS_OK);
  CHECK_INT(s->start[0], T("2025-01-06")); /* the Monday of Jan 10 */
  CHECK_INT(s->start[s->n - 1], T("2025-06-23")); /* week of Jun 30 ends after Jul 1 */
  ls_series_free(s);
  ls_workspace_free(ws);
}

TEST(run_should_name_periods_in_the_workspace_zone) {
  sub_row rows[] = {{"a", "month", 10, 1, "active", "2025-01-31T20:00:00Z", NULL, NULL, NULL},
                    {"b", "month", 10, 1, "active", "2025-03-02", NULL, NULL, NULL}};
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_add(ws, subs_table(rows, 2));
  ls_workspace_set_tz(ws, 480); /* Jan 31 20:00 UTC is Feb 1 04:00 at +08:00 */
  ls_query q = LS_QUERY_INIT;
  ls_series *s = NULL;
  CHECK_INT(ls_metric_run(ws, "mrr", &q, &s), LS_OK);
  CHECK_INT(s->n, 1);
  char name[LS_TIME_TEXT_MAX];
  ls_period_name(s->start[0], s->grain, s->tz, name);
  CHECK_STR(name, "2025-02");
  CHECK_INT(s->start[0], T("2025-02-01T00:00:00+08:00"));
  ls_series_free(s);
  ls_workspace_free(ws);
}

int main(void) {
  RUN(catalog_should_register_each_metric_the_issues_name_once);
  RUN(catalog_should_give_every_metric_a_default_grain_it_has);
  RUN(docs_should_have_a_section_for_every_registered_metric);
  RUN(catalog_json_should_list_names_units_and_grains);
  RUN(run_should_refuse_unknown_metrics_and_missing_grains);
  RUN(run_should_keep_the_periods_between_from_and_to);
  RUN(run_should_name_periods_in_the_workspace_zone);
  return check_done();
}
