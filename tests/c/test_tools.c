/* test_tools.c: the assistant's tools (assist/tools.h) on
 * data/subscriptions_small.csv, every value worked out by hand from its nine
 * rows (times naive, read in the workspace zone):
 *   sub_1 cus_A Pro   49/month x1   2026-01-05 .. ended 2026-03-05
 *   sub_2 cus_B Basic 190/year x1   2026-01-10 ..            (15.8333 a month)
 *   sub_3 cus_C Team  29/month x5   2026-01-20, trial to 2026-02-03 (145)
 *   sub_4 cus_D Basic 19/month      2026-01-25 .. ended 2026-02-25
 *   sub_5 cus_E Pro   49/month      trial 2026-02-01 .. ended 2026-02-15 (never paid)
 *   sub_6 cus_A Team  29/month x3   2026-03-05 ..            (87)
 *   sub_7 cus_F Basic 19/month      2026-03-01 .. 2026-03-02 incomplete_expired
 *   sub_8 cus_G Pro   490/year x2   2026-03-20 ..            (81.6667)
 *   sub_9 cus_H Basic 19/month      2026-04-02 ..            (April is not complete)
 * MRR at the month ends: Jan 49 + 15.8333 + 19 = 83.8333 (sub_3 in trial);
 * Feb 49 + 15.8333 + 145 = 209.8333; Mar 15.8333 + 145 + 87 + 81.6667 = 329.5. */
#include <stdio.h>

#include "assist/tools.h"
#include "base/alloc.h"
#include "catalog/catalog.h"
#include "check.h"
#include "json_get.h"

static ls_workspace *small(ls_tz tz) {
  const char *dir = getenv("LS_SOURCE_DIR");
  char path[4096];
  snprintf(path, sizeof path, "%s/data/subscriptions_small.csv", dir ? dir : ".");
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_set_tz(ws, tz);
  if (ls_workspace_load_path(ws, path) != LS_OK) CHECK_FAIL_("cannot load %s: %s", path, ls_workspace_errmsg(ws));
  return ws;
}

static cJSON *tool(ls_workspace *ws, const char *name, const char *args_json) {
  cJSON *args = args_json ? cJSON_Parse(args_json) : NULL, *out = NULL;
  if (ls_tool_run(ws, name, args, NULL, &out) != LS_OK) printf("  %s %s: %s\n", name, args_json, ls_workspace_errmsg(ws));
  cJSON_Delete(args);
  return out;
}

static ls_status tool_fails(ls_workspace *ws, const char *name, const char *args_json) {
  cJSON *args = args_json ? cJSON_Parse(args_json) : NULL, *out = NULL;
  ls_status st = ls_tool_run(ws, name, args, NULL, &out);
  CHECK(out == NULL);
  cJSON_Delete(out);
  cJSON_Delete(args);
  return st;
}

static double at(const cJSON *arr, int i) {
  const cJSON *v = cJSON_GetArrayItem(arr, i);
  return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static const cJSON *get(const cJSON *o, const char *k) { return cJSON_GetObjectItemCaseSensitive(o, k); }

TEST(definitions_should_name_six_tools_with_object_schemas) {
  cJSON *defs = ls_tools_json();
  CHECK(cJSON_IsArray(defs));
  const char *names[] = {"list_datasets", "list_metrics", "get_metric", "run_sql", "explain_metric", "make_chart"};
  CHECK_INT(cJSON_GetArraySize(defs), 6);
  for (int i = 0; i < 6; i++) {
    const cJSON *d = cJSON_GetArrayItem(defs, i);
    CHECK_STR(str(d, "name"), names[i]);
    CHECK(strlen(str(d, "description") ? str(d, "description") : "") > 100);
    CHECK_STR(str(get(d, "input_schema"), "type"), "object");
  }
  /* run_sql's description states the limits and the dialect it enforces */
  const char *sql = str(cJSON_GetArrayItem(defs, 3), "description");
  CHECK_HAS(sql, "SQLite");
  CHECK_HAS(sql, "list_datasets");
  CHECK_HAS(sql, "time zone");
  CHECK_HAS(sql, "read-only");
  char rows[32];
  snprintf(rows, sizeof rows, "at most %d rows", LS_SQL_MAX_ROWS);
  CHECK_HAS(sql, rows);
  CHECK_HAS(str(cJSON_GetArrayItem(defs, 2), "description"), "At most 400 periods");
  CHECK_INT(LS_TOOL_MAX_PERIODS, 400);
  cJSON_Delete(defs);
}

TEST(list_datasets_should_give_schema_and_roles_never_rows) {
  ls_workspace *ws = small(480);
  cJSON *r = tool(ws, "list_datasets", NULL);
  CHECK_STR(str(r, "timezone"), "+08:00");
  CHECK_STR(str(r, "through"), "2026-04-02"); /* sub_9 starts 2026-04-02 07:00 */
  const cJSON *d = cJSON_GetArrayItem(get(r, "datasets"), 0);
  CHECK_STR(str(d, "name"), "subscriptions_small.csv");
  CHECK_STR(str(d, "sql_table"), "subscriptions_small");
  CHECK_STR(str(d, "kind"), "subscriptions");
  CHECK_NUM(num(d, "rows"), 9, 0);
  const cJSON *cols = get(d, "columns");
  CHECK_INT(cJSON_GetArraySize(cols), 14);
  CHECK_STR(str(cJSON_GetArrayItem(cols, 1), "name"), "Customer ID");
  CHECK_STR(str(cJSON_GetArrayItem(cols, 1), "role"), "customer_id");
  CHECK_STR(str(cJSON_GetArrayItem(cols, 4), "type"), "float");
  CHECK_STR(str(cJSON_GetArrayItem(cols, 4), "role"), "amount");
  CHECK_STR(str(cJSON_GetArrayItem(cols, 9), "type"), "timestamp");
  char *text = cJSON_PrintUnformatted(r);
  CHECK(text && !strstr(text, "cus_A") && !strstr(text, "sub_1")); /* no cell */
  ls_free(text);
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

TEST(get_metric_should_give_mrr_and_its_latest_change) {
  ls_workspace *ws = small(0);
  cJSON *r = tool(ws, "get_metric", "{\"name\": \"mrr\"}");
  CHECK_STR(str(r, "metric"), "mrr");
  CHECK_STR(str(r, "unit"), "currency");
  CHECK_STR(str(r, "grain"), "month");
  const cJSON *p = get(r, "periods"), *v = get(r, "values");
  CHECK_INT(cJSON_GetArraySize(p), 3);
  CHECK_STR(cJSON_GetStringValue(cJSON_GetArrayItem(p, 0)), "2026-01");
  CHECK_NUM(at(v, 0), 49 + 190.0 / 12 + 19, 1e-9);
  CHECK_NUM(at(v, 1), 49 + 190.0 / 12 + 145, 1e-9);
  CHECK_NUM(at(v, 2), 190.0 / 12 + 145 + 87 + 980.0 / 12, 1e-9);
  const cJSON *l = get(r, "latest");
  CHECK_STR(str(l, "period"), "2026-03");
  CHECK_STR(str(l, "previous_period"), "2026-02");
  CHECK_NUM(num(l, "value"), 329.5, 1e-9);
  /* 329.5 - 2518/12 = 1436/12; over 2518/12: 1436/2518 */
  CHECK_NUM(num(l, "change"), 1436.0 / 12, 1e-9);
  CHECK_NUM(num(l, "change_pct"), 1436.0 / 2518 * 100, 1e-9);
  CHECK(get(r, "segments") == NULL);
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

TEST(get_metric_by_plan_should_keep_the_largest_segments_first) {
  ls_workspace *ws = small(0);
  /* Team 0, 145, 232 (377); Pro 49, 49, 81.67 (179.67); Basic 34.83, 15.83, 15.83 */
  cJSON *r = tool(ws, "get_metric", "{\"name\": \"mrr\", \"by\": \"Plan\", \"top\": 2, \"from\": \"2026-02-01\"}");
  CHECK_STR(str(r, "by"), "Plan");
  const cJSON *s = get(r, "segments");
  CHECK_INT(cJSON_GetArraySize(s), 2);
  CHECK_STR(str(cJSON_GetArrayItem(s, 0), "label"), "Team");
  CHECK_STR(str(cJSON_GetArrayItem(s, 1), "label"), "Pro");
  const cJSON *team = get(cJSON_GetArrayItem(s, 0), "values");
  CHECK_INT(cJSON_GetArraySize(get(r, "periods")), 2); /* from February */
  CHECK_NUM(at(team, 0), 145, 1e-9);
  CHECK_NUM(at(team, 1), 232, 1e-9);
  CHECK_NUM(at(get(cJSON_GetArrayItem(s, 1), "values"), 1), 980.0 / 12, 1e-9);
  cJSON_Delete(r);
  /* where: the Basic plan alone, Jan 15.83 + 19 */
  r = tool(ws, "get_metric", "{\"name\": \"mrr\", \"where\": [{\"column\": \"Plan\", \"value\": \"Basic\"}]}");
  CHECK_NUM(at(get(r, "values"), 0), 190.0 / 12 + 19, 1e-9);
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

TEST(get_metric_settings_should_hold_for_the_call_only) {
  ls_workspace *ws = small(0);
  /* paying customers at month ends: Jan A B D, Feb A B C, Mar A B C G; D
   * churns in Feb; new: Jan A B D, Feb C, Mar G. start: Jan -, Feb 1/3, Mar 0;
   * start_plus_new: Jan 0/3, Feb 1/4, Mar 0/4 */
  cJSON *r = tool(ws, "get_metric", "{\"name\": \"customer_churn_rate\", \"settings\": {\"churn_denominator\": \"start_plus_new\"}}");
  CHECK_NUM(at(get(r, "values"), 0), 0, 0);
  CHECK_NUM(at(get(r, "values"), 1), 0.25, 1e-12);
  CHECK_NUM(at(get(r, "values"), 2), 0, 0);
  CHECK_NUM(num(get(r, "latest"), "change_pct"), -100, 1e-9);
  cJSON_Delete(r);
  char buf[64];
  ls_settings_get(ls_workspace_settings(ws), "churn_denominator", buf, sizeof buf);
  CHECK_STR(buf, "start");
  r = tool(ws, "get_metric", "{\"name\": \"customer_churn_rate\"}");
  CHECK(cJSON_IsNull(cJSON_GetArrayItem(get(r, "values"), 0)));
  CHECK_NUM(at(get(r, "values"), 1), 1.0 / 3, 1e-12);
  CHECK_NUM(num(get(r, "latest"), "change_pct"), -100, 1e-9); /* 1/3 to 0 */
  cJSON_Delete(r);
  /* a bad setting is refused, and the good ones before it are undone */
  CHECK_INT(tool_fails(ws, "get_metric", "{\"name\": \"mrr\", \"settings\": {\"churn_at\": \"canceled\", \"weekly_factor\": \"7\"}}"), LS_EINVAL);
  CHECK_HAS(ls_workspace_errmsg(ws), "get_metric: setting \"weekly_factor\"");
  ls_settings_get(ls_workspace_settings(ws), "churn_at", buf, sizeof buf);
  CHECK_STR(buf, "ended");
  ls_workspace_free(ws);
}

TEST(run_sql_should_run_with_the_tools_row_cap) {
  ls_workspace *ws = small(0);
  /* active: Basic sub_2 sub_9, Pro sub_8, Team sub_3 sub_6 */
  cJSON *r = tool(ws, "run_sql", "{\"query\": \"SELECT Plan, COUNT(*) FROM subscriptions WHERE Status = 'active' GROUP BY 1 ORDER BY 1\", \"max_rows\": 2}");
  CHECK_NUM(num(r, "row_count"), 2, 0);
  CHECK(cJSON_IsTrue(get(r, "truncated")));
  CHECK_STR(cJSON_GetStringValue(cJSON_GetArrayItem(cJSON_GetArrayItem(get(r, "rows"), 1), 0)), "Pro");
  CHECK_NUM(at(cJSON_GetArrayItem(get(r, "rows"), 0), 1), 2, 0);
  cJSON_Delete(r);
  ls_sql_limits lim = LS_SQL_LIMITS_INIT;
  lim.max_rows = 5000; /* the tool keeps LS_SQL_MAX_ROWS at most */
  cJSON *args = cJSON_Parse("{\"query\": \"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200) SELECT i FROM n\"}");
  CHECK_INT(ls_tool_run(ws, "run_sql", args, &lim, &r), LS_OK);
  CHECK_NUM(num(r, "row_count"), LS_SQL_MAX_ROWS, 0);
  cJSON_Delete(r);
  cJSON_Delete(args);
  CHECK_INT(tool_fails(ws, "run_sql", "{\"query\": \"SELECT 1\", \"max_rows\": 0}"), LS_EINVAL);
  CHECK_INT(tool_fails(ws, "run_sql", "{\"query\": \"SELECT 1\", \"max_rows\": 2.5}"), LS_EINVAL);
  CHECK_INT(tool_fails(ws, "run_sql", "{}"), LS_EINVAL);
  CHECK_INT(tool_fails(ws, "run_sql", "{\"query\": \"DROP TABLE subscriptions\"}"), LS_EINVAL);
  ls_workspace_free(ws);
}

TEST(explain_metric_should_list_the_settings_it_reads) {
  ls_workspace *ws = small(0);
  ls_workspace_set(ws, "weekly_factor", "4");
  cJSON *r = tool(ws, "explain_metric", "{\"name\": \"arr\"}");
  CHECK_STR(str(r, "title"), "ARR");
  CHECK_STR(str(r, "needs"), "subscriptions");
  CHECK(cJSON_IsTrue(get(r, "available")));
  const cJSON *s = get(r, "settings");
  /* SUBS: weekly_factor, discounts, churn_at, currency, rates */
  CHECK_INT(cJSON_GetArraySize(s), 5);
  CHECK_STR(str(cJSON_GetArrayItem(s, 0), "name"), "weekly_factor");
  CHECK_STR(str(cJSON_GetArrayItem(s, 0), "value"), "4");
  CHECK_STR(str(cJSON_GetArrayItem(s, 0), "default"), "52/12");
  CHECK_STR(str(cJSON_GetArrayItem(s, 4), "name"), "rates");
  cJSON_Delete(r);
  r = tool(ws, "explain_metric", "{\"name\": \"dau\"}");
  CHECK(cJSON_IsFalse(get(r, "available"))); /* no events */
  CHECK_INT(cJSON_GetArraySize(get(r, "settings")), 0);
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

TEST(list_metrics_should_follow_the_catalog) {
  ls_workspace *ws = small(0);
  cJSON *r = tool(ws, "list_metrics", "{}");
  const cJSON *m = get(r, "metrics");
  CHECK_INT(cJSON_GetArraySize(m), (int)ls_catalog_count());
  CHECK_STR(str(cJSON_GetArrayItem(m, 0), "name"), ls_catalog_at(0)->name);
  const cJSON *it;
  int subs = 0, events = 0;
  cJSON_ArrayForEach(it, m) {
    int avail = cJSON_IsTrue(get(it, "available"));
    if (strcmp(str(it, "needs"), "subscriptions") == 0) subs += !avail;
    if (strcmp(str(it, "needs"), "events") == 0) events += avail;
    if (strcmp(str(it, "name"), "sum") == 0) CHECK_INT(cJSON_GetArraySize(get(it, "takes")), 2);
  }
  CHECK_INT(subs, 0);
  CHECK_INT(events, 0);
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

TEST(errors_should_name_the_tool_and_the_argument) {
  ls_workspace *ws = small(0);
  CHECK_INT(tool_fails(ws, "nope", "{}"), LS_ENOTFOUND);
  CHECK_STR(ls_workspace_errmsg(ws), "no tool named \"nope\"");
  CHECK_INT(tool_fails(ws, "get_metric", "{\"name\": \"nope\"}"), LS_ENOTFOUND);
  CHECK_HAS(ls_workspace_errmsg(ws), "get_metric: no metric named \"nope\"");
  CHECK_INT(tool_fails(ws, "get_metric", "{}"), LS_EINVAL);
  CHECK_INT(tool_fails(ws, "get_metric", "{\"name\": \"mrr\", \"from\": \"soon\"}"), LS_EINVAL);
  CHECK_STR(ls_workspace_errmsg(ws), "get_metric: bad date \"soon\"");
  CHECK_INT(tool_fails(ws, "get_metric", "{\"name\": \"dau\"}"), LS_ENODATA);
  CHECK_HAS(ls_workspace_errmsg(ws), "get_metric: ");
  CHECK_INT(tool_fails(ws, "explain_metric", "{\"name\": \"mrr\", \"verbose\": true}"), LS_EINVAL);
  CHECK_STR(ls_workspace_errmsg(ws), "explain_metric: unknown argument \"verbose\"");
  CHECK_INT(tool_fails(ws, "list_datasets", "[1]"), LS_EINVAL);
  CHECK_INT(tool_fails(ws, "make_chart", "{\"type\": \"line\", \"title\": \"x\"}"), LS_EINVAL);
  CHECK_INT(tool_fails(ws, NULL, NULL), LS_ENOTFOUND);
  ls_workspace_free(ws);
}

TEST(out_of_memory_should_fail_cleanly) {
  ls_workspace *ws = small(0);
  cJSON *args = cJSON_Parse("{\"name\": \"mrr\", \"by\": \"Plan\"}");
  for (unsigned long n = 1; n < 400; n += 7) {
    cJSON *out = NULL;
    ls_alloc_fail_after(n);
    ls_status st = ls_tool_run(ws, "get_metric", args, NULL, &out);
    ls_alloc_fail_after(0);
    CHECK(st == LS_OK || st == LS_ENOMEM);
    CHECK((st == LS_OK) == (out != NULL));
    cJSON_Delete(out);
  }
  cJSON_Delete(args);
  ls_workspace_free(ws);
}

int main(void) {
  ls_alloc_init_json();
  RUN(definitions_should_name_six_tools_with_object_schemas);
  RUN(list_datasets_should_give_schema_and_roles_never_rows);
  RUN(get_metric_should_give_mrr_and_its_latest_change);
  RUN(get_metric_by_plan_should_keep_the_largest_segments_first);
  RUN(get_metric_settings_should_hold_for_the_call_only);
  RUN(run_sql_should_run_with_the_tools_row_cap);
  RUN(explain_metric_should_list_the_settings_it_reads);
  RUN(list_metrics_should_follow_the_catalog);
  RUN(errors_should_name_the_tool_and_the_argument);
  RUN(out_of_memory_should_fail_cleanly);
  return check_done();
}
