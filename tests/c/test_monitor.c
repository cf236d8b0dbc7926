/* test_monitor.c: ls_monitor_run on small daily series built in code, and the
 * default rules on the demo workspace. */
#include <math.h>
#include <stdlib.h>

#include "base/alloc.h"
#include "cJSON.h"
#include "check.h"
#include "fixtures.h"
#include "gen_fixture.h"
#include "monitor/monitor.h"
#include "workspace/workspace.h"

/* A daily events table from 2026-03-01 (UTC): day i holds rows[i] events
 * (rows NULL: one), the first with v = vals[i], the others v = 0. So the
 * metric sum of v is vals[i] and count is rows[i]. */
static ls_workspace *daily(const double *vals, const int *rows, size_t n) {
  ls_table *t = ls_table_new("events.csv");
  ls_column *u = ls_table_add(t, "user_id", LS_TYPE_STRING), *e = ls_table_add(t, "event", LS_TYPE_STRING),
            *ts = ls_table_add(t, "timestamp", LS_TYPE_TIME), *v = ls_table_add(t, "v", LS_TYPE_DOUBLE);
  int64_t day0 = T("2026-03-01T12:00:00Z");
  for (size_t i = 0; i < n; i++)
    for (int k = 0; k < (rows ? rows[i] : 1); k++) {
      push_str_or_null(u, "u1");
      push_str_or_null(e, "tick");
      ls_column_push_i64(ts, day0 + (int64_t)i * LS_MS_PER_DAY + k);
      ls_column_push_f64(v, k ? 0 : vals[i]);
    }
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_add(ws, t);
  return ws;
}

/* the result of rules over ws (NULL when the run failed) */
static cJSON *run(ls_workspace *ws, const char *rules) {
  char *out = NULL;
  ls_status st = ls_monitor_run(ws, rules, INT64_MIN, &out);
  if (st != LS_OK) printf("  monitor: %s\n", ls_workspace_errmsg(ws));
  cJSON *j = out ? cJSON_Parse(out) : NULL;
  ls_free(out);
  return j;
}

static const cJSON *item(const cJSON *o, const char *list, int i) {
  return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, list), i);
}
static const char *str(const cJSON *o, const char *key) {
  const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
  return s ? s : "(none)";
}
static double num(const cJSON *o, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}
static int count(const cJSON *o, const char *list) {
  return cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, list));
}
/* one sum-of-v rule: "{\"rules\":[{...KEYS}]}" */
#define SUM_RULE(keys) \
  "{\"rules\": [{\"id\": \"r\", \"metric\": \"sum\", \"property\": \"v\", \"grain\": \"day\", " keys "}]}"

/* the status of rule 0 of rules over the daily series vals */
static const char *status_of(const double *vals, const int *rows, size_t n, const char *rules, char *buf) {
  ls_workspace *ws = daily(vals, rows, n);
  cJSON *r = run(ws, rules);
  snprintf(buf, 64, "%s", r ? str(item(r, "rules", 0), "status") : "failed");
  cJSON_Delete(r);
  ls_workspace_free(ws);
  return buf;
}

TEST(a_threshold_at_its_boundary_should_not_fire) {
  /* the latest day's sum is 30: above 30 and below 30 hold no (strict), above 29.99 does */
  const double v[] = {10, 20, 30};
  char b[64];
  CHECK_STR(status_of(v, NULL, 3, SUM_RULE("\"type\": \"threshold\", \"op\": \"above\", \"value\": 30"), b), "ok");
  CHECK_STR(status_of(v, NULL, 3, SUM_RULE("\"type\": \"threshold\", \"op\": \"below\", \"value\": 30"), b), "ok");
  CHECK_STR(status_of(v, NULL, 3, SUM_RULE("\"type\": \"threshold\", \"op\": \"above\", \"value\": 29.99"), b),
            "firing");
  CHECK_STR(status_of(v, NULL, 3, SUM_RULE("\"type\": \"threshold\", \"op\": \"below\", \"value\": 30.01"), b),
            "firing");
}

TEST(a_firing_threshold_should_give_its_alert_series_and_p0) {
  const double v[] = {10, 20, 30};
  ls_workspace *ws = daily(v, NULL, 3);
  cJSON *r = run(ws, SUM_RULE("\"type\": \"threshold\", \"op\": \"above\", \"value\": 15, \"severity\": \"P0\""));
  CHECK(r != NULL);
  if (r) {
    CHECK_STR(str(r, "at"), "2026-03-03"); /* the last complete day */
    CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "p0")));
    const cJSON *ru = item(r, "rules", 0), *a = item(r, "alerts", 0);
    CHECK_STR(str(ru, "period"), "2026-03-03");
    CHECK_NUM(num(ru, "value"), 30, 0);
    CHECK_NUM(num(ru, "score"), 15, 1e-12); /* 30 - 15 */
    const cJSON *fired = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(ru, "series"), "fired");
    /* 10 > 15 no, 20 > 15 yes, 30 > 15 yes */
    CHECK(cJSON_IsFalse(cJSON_GetArrayItem(fired, 0)) && cJSON_IsTrue(cJSON_GetArrayItem(fired, 1)) &&
          cJSON_IsTrue(cJSON_GetArrayItem(fired, 2)));
    CHECK_INT(count(r, "alerts"), 1);
    CHECK_STR(str(a, "kind"), "threshold");
    CHECK_STR(str(a, "severity"), "P0");
    CHECK_NUM(num(a, "threshold"), 15, 0);
    CHECK_NUM(num(a, "expected_hi"), 15, 0);
    CHECK_STR(str(a, "text"), "[P0] r: sum 30 is above 15 in 2026-03-03");
    /* days 2 and 3 fire: one ongoing incident of 2 periods, peak on day 3 (|30-15| > |20-15|) */
    const cJSON *inc = item(r, "incidents", 0);
    CHECK_INT(count(r, "incidents"), 1);
    CHECK_STR(str(inc, "start"), "2026-03-02");
    CHECK_STR(str(inc, "end"), "2026-03-03");
    CHECK_STR(str(inc, "peak_period"), "2026-03-03");
    CHECK_NUM(num(inc, "periods"), 2, 0);
    CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(inc, "ongoing")));
    CHECK_STR(str(item(r, "health", 0), "status"), "red");
  }
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

TEST(a_change_should_fire_at_exactly_its_percent_or_amount) {
  /* 100 to 90: a fall of 10 (amount) = 10% of 100 */
  const double v[] = {100, 90};
  char b[64];
  CHECK_STR(status_of(v, NULL, 2, SUM_RULE("\"type\": \"change\", \"op\": \"fall\", \"value\": 10"), b), "firing");
  CHECK_STR(status_of(v, NULL, 2, SUM_RULE("\"type\": \"change\", \"op\": \"fall\", \"value\": 10.01"), b), "ok");
  CHECK_STR(status_of(v, NULL, 2, SUM_RULE("\"type\": \"change\", \"op\": \"rise\", \"value\": 10"), b), "ok");
  CHECK_STR(status_of(v, NULL, 2, SUM_RULE("\"type\": \"change\", \"op\": \"move\", \"value\": 10"), b), "firing");
  CHECK_STR(status_of(v, NULL, 2,
                      SUM_RULE("\"type\": \"change\", \"op\": \"fall\", \"value\": 10, \"unit\": \"amount\""), b),
            "firing");
  CHECK_STR(status_of(v, NULL, 2,
                      SUM_RULE("\"type\": \"change\", \"op\": \"fall\", \"value\": 11, \"unit\": \"amount\""), b),
            "ok");
  /* 0.3 to 0.33 is a rise of exactly 10%, though (0.33 - 0.3) / 0.3 * 100 is
     9.999999999999995 in doubles: inclusive means it fires */
  const double w[] = {0.3, 0.33};
  CHECK_STR(status_of(w, NULL, 2, SUM_RULE("\"type\": \"change\", \"op\": \"rise\", \"value\": 10"), b), "firing");
  /* the first period has no previous one; a previous 0 has no percent */
  const double z[] = {0, 5};
  CHECK_STR(status_of(z, NULL, 2, SUM_RULE("\"type\": \"change\", \"op\": \"rise\", \"value\": 10"), b), "no_data");
  CHECK_STR(status_of(z, NULL, 2,
                      SUM_RULE("\"type\": \"change\", \"op\": \"rise\", \"value\": 5, \"unit\": \"amount\""), b),
            "firing");
}

TEST(a_period_under_min_volume_should_not_be_judged) {
  /* day 2 holds 40 events: under 50 it is low volume; at 40 exactly it is judged */
  const double v[] = {10, 99};
  const int rows[] = {60, 40};
  char b[64];
  CHECK_STR(status_of(v, rows, 2,
                      SUM_RULE("\"type\": \"threshold\", \"op\": \"above\", \"value\": 50, \"min_volume\": 50"), b),
            "low_volume");
  CHECK_STR(status_of(v, rows, 2,
                      SUM_RULE("\"type\": \"threshold\", \"op\": \"above\", \"value\": 50, \"min_volume\": 40"), b),
            "firing");
  /* a change rule whose previous day is low volume: day 1 holds 10 events (under 50), sum 1;
     day 2 60 events, sum 100: a rise of 9900% against a period not judged is not judged
     either (no_data); with min_volume 10 both are judged and it fires */
  const double c[] = {1, 100};
  const int crows[] = {10, 60};
  static const char *const rule_want[][2] = {
      {SUM_RULE("\"type\": \"change\", \"op\": \"rise\", \"value\": 50, \"min_volume\": 50"), "no_data"},
      {SUM_RULE("\"type\": \"change\", \"op\": \"rise\", \"value\": 50, \"min_volume\": 10"), "firing"}};
  for (size_t k = 0; k < 2; k++) CHECK_STR(status_of(c, crows, 2, rule_want[k][0], b), rule_want[k][1]);
}

TEST(an_anomaly_rule_should_fire_on_a_planted_spike) {
  /* 12 days alternating 100 and 102, then 200. History of day 13: median
     (100+102)/2 = 101, every |x - 101| = 1 so MAD 1; z = 0.6745 * (200 - 101) / 1
     = 66.7755; range 101 -+ 3 * 1 / 0.6745 = 96.55226 to 105.44774 */
  double v[13];
  for (int i = 0; i < 12; i++) v[i] = i % 2 ? 102 : 100;
  v[12] = 200;
  ls_workspace *ws = daily(v, NULL, 13);
  cJSON *r = run(ws, SUM_RULE("\"type\": \"anomaly\", \"detector\": \"mad\", \"direction\": \"up\", "
                              "\"severity\": \"P1\""));
  CHECK(r != NULL);
  if (r) {
    const cJSON *a = item(r, "alerts", 0);
    CHECK_STR(str(item(r, "rules", 0), "status"), "firing");
    CHECK_STR(str(a, "kind"), "anomaly");
    CHECK_NUM(num(a, "score"), 66.7755, 1e-9);
    CHECK_NUM(num(a, "expected_lo"), 96.55226093402520, 1e-9);
    CHECK_NUM(num(a, "expected_hi"), 105.4477390659748, 1e-9);
    CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(a, "threshold")));
    CHECK_STR(str(item(r, "health", 0), "status"), "red"); /* P1 firing */
  }
  cJSON_Delete(r);
  /* 101 is the history's median: z 0, judged and not firing */
  v[12] = 101;
  ws = (ls_workspace_free(ws), daily(v, NULL, 13));
  r = run(ws, SUM_RULE("\"type\": \"anomaly\""));
  CHECK_STR(r ? str(item(r, "rules", 0), "status") : "", "ok");
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

TEST(firing_periods_should_merge_into_incidents) {
  /* above 50 fires on days 2, 3 and 5: incidents [2,3] (peak day 3: 70 - 50 = 20
     beats 10) and [5] (ongoing) */
  const double v[] = {10, 60, 70, 10, 80};
  ls_workspace *ws = daily(v, NULL, 5);
  cJSON *r = run(ws, SUM_RULE("\"type\": \"threshold\", \"op\": \"above\", \"value\": 50"));
  CHECK(r && count(r, "incidents") == 2);
  if (r && count(r, "incidents") == 2) {
    const cJSON *a = item(r, "incidents", 0), *b = item(r, "incidents", 1);
    CHECK_STR(str(a, "start"), "2026-03-02");
    CHECK_STR(str(a, "end"), "2026-03-03");
    CHECK_STR(str(a, "peak_period"), "2026-03-03");
    CHECK_NUM(num(a, "peak_value"), 70, 0);
    CHECK(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(a, "ongoing")));
    CHECK_STR(str(b, "start"), "2026-03-05");
    CHECK_NUM(num(b, "periods"), 1, 0);
    CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(b, "ongoing")));
    CHECK_STR(str(item(r, "health", 0), "status"), "amber"); /* a P2 firing */
  }
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

TEST(a_flapping_rule_should_be_suppressed) {
  /* 60,10,60,10,60,10,60 above 50: fires on and off, 6 changes in the last 7
     periods (window 10): more than 4, so the latest alert is suppressed; with
     max_changes 6 it is not (6 is not more than 6) */
  const double v[] = {60, 10, 60, 10, 60, 10, 60};
  ls_workspace *ws = daily(v, NULL, 7);
  cJSON *r = run(ws, "{\"rules\": [{\"id\": \"r\", \"type\": \"threshold\", \"metric\": \"sum\", \"property\": \"v\","
                     " \"op\": \"above\", \"value\": 50}], \"flapping\": {\"window\": 10, \"max_changes\": 4}}");
  CHECK_STR(r ? str(item(r, "rules", 0), "status") : "", "suppressed");
  CHECK_INT(r ? count(r, "alerts") : -1, 0);
  CHECK_INT(r ? count(r, "incidents") : -1, 4);
  CHECK(r && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(item(r, "incidents", 3), "suppressed")));
  CHECK_STR(r ? str(item(r, "health", 0), "status") : "", "amber");
  cJSON_Delete(r);
  r = run(ws, "{\"rules\": [{\"id\": \"r\", \"type\": \"threshold\", \"metric\": \"sum\", \"property\": \"v\","
              " \"op\": \"above\", \"value\": 50}], \"flapping\": {\"window\": 10, \"max_changes\": 6}}");
  CHECK_STR(r ? str(item(r, "rules", 0), "status") : "", "firing");
  CHECK(r && cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(r, "p0_suppressed")));
  cJSON_Delete(r);
  /* the same rule as P0, suppressed: p0 false (no P0 alert) but p0_suppressed true; the P2 of
     the first run leaves it false */
  r = run(ws, "{\"rules\": [{\"id\": \"r\", \"type\": \"threshold\", \"metric\": \"sum\", \"property\": \"v\","
              " \"op\": \"above\", \"value\": 50, \"severity\": \"P0\"}]}");
  CHECK_STR(r ? str(item(r, "rules", 0), "status") : "", "suppressed");
  CHECK(r && cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(r, "p0")));
  CHECK(r && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "p0_suppressed")));
  cJSON_Delete(r);
  r = run(ws, "{\"rules\": [{\"id\": \"r\", \"type\": \"threshold\", \"metric\": \"sum\", \"property\": \"v\","
              " \"op\": \"above\", \"value\": 50}]}");
  CHECK(r && cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(r, "p0_suppressed")));
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

TEST(health_should_color_each_metric_by_its_worst_rule) {
  /* latest sum 30, count 1 */
  const double v[] = {10, 20, 30};
  ls_workspace *ws = daily(v, NULL, 3);
  cJSON *r = run(ws,
                 "{\"rules\": ["
                 /* 30 < 100 - 5: green */
                 "{\"id\": \"g\", \"type\": \"threshold\", \"metric\": \"sum\", \"property\": \"v\", \"op\": \"above\","
                 " \"value\": 100},"
                 /* 30 within 5% under 31 (31 - 1.55 = 29.45 <= 30): amber */
                 "{\"id\": \"near\", \"type\": \"threshold\", \"metric\": \"sum\", \"property\": \"v\", \"op\": \"above\","
                 " \"value\": 31},"
                 /* count 1 under min_volume 5: grey */
                 "{\"id\": \"grey\", \"type\": \"threshold\", \"metric\": \"count\", \"op\": \"above\", \"value\": 0,"
                 " \"min_volume\": 5},"
                 /* a P2 below 40 fires on mean 30 (one row a day): amber; a P1 too: red */
                 "{\"id\": \"p2\", \"type\": \"threshold\", \"metric\": \"mean\", \"property\": \"v\", \"op\": \"below\","
                 " \"value\": 40},"
                 "{\"id\": \"p1\", \"type\": \"threshold\", \"metric\": \"mean\", \"property\": \"v\", \"op\": \"below\","
                 " \"value\": 40, \"severity\": \"P1\"},"
                 /* subscriptions are not loaded: no data, never an error */
                 "{\"id\": \"nd\", \"type\": \"threshold\", \"metric\": \"mrr\", \"op\": \"below\", \"value\": 1}"
                 "]}");
  CHECK(r && count(r, "health") == 4);
  if (r) {
    CHECK_STR(str(item(r, "health", 0), "metric"), "sum");
    CHECK_STR(str(item(r, "health", 0), "status"), "amber");
    CHECK_STR(str(item(r, "health", 0), "rule"), "near");
    CHECK_STR(str(item(r, "health", 1), "status"), "grey");
    CHECK_STR(str(item(r, "health", 2), "status"), "red");
    CHECK_STR(str(item(r, "health", 2), "rule"), "p1");
    CHECK_STR(str(item(r, "health", 3), "status"), "grey");
    CHECK_STR(str(item(r, "rules", 0), "status"), "ok");
    CHECK_STR(str(item(r, "rules", 5), "status"), "no_data");
    /* alerts P1 before P2 though the P2 rule came first */
    CHECK_STR(str(item(r, "alerts", 0), "rule"), "p1");
    CHECK_STR(str(item(r, "alerts", 1), "rule"), "p2");
    CHECK(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(r, "p0")));
  }
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

TEST(health_should_keep_rules_on_different_series_of_a_metric_apart) {
  /* count 1 a day: c-all (count above 5: 1 is not within 5% of 5: green) and c-tick (count of
     event tick below 2: fires, P2: amber) watch different series of count: two entries */
  const double v[] = {10, 20, 30};
  ls_workspace *ws = daily(v, NULL, 3);
  cJSON *r = run(ws, "{\"rules\": ["
                     "{\"id\": \"c-all\", \"type\": \"threshold\", \"metric\": \"count\", \"op\": \"above\", \"value\": 5},"
                     "{\"id\": \"c-tick\", \"type\": \"threshold\", \"metric\": \"count\", \"event\": \"tick\","
                     " \"op\": \"below\", \"value\": 2}]}");
  CHECK(r && count(r, "health") == 2);
  if (r) {
    /* health entry, its key and value */
    static const char *const want[][3] = {{"0", "rule", "c-all"},  {"0", "status", "green"},
                                          {"1", "rule", "c-tick"}, {"1", "metric", "count"},
                                          {"1", "event", "tick"},  {"1", "status", "amber"}};
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
      CHECK_STR(str(item(r, "health", atoi(want[k][0])), want[k][1]), want[k][2]);
  }
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

TEST(a_bad_rules_file_should_fail_the_run_naming_the_rule) {
  const double v[] = {1};
  ls_workspace *ws = daily(v, NULL, 1);
  char *out = NULL;
  ls_status st = ls_monitor_run(ws,
                                "{\"rules\": [{\"id\": \"a\", \"type\": \"threshold\", \"metric\": \"dau\", \"op\": "
                                "\"above\", \"value\": 1}, {\"id\": \"b\", \"type\": \"threshold\", \"metric\": "
                                "\"dau\", \"op\": \"over\", \"value\": 1}]}",
                                INT64_MIN, &out);
  CHECK_INT(st, LS_EINVAL);
  CHECK(out == NULL);
  CHECK_STR(ls_workspace_errmsg(ws), "rules[1] (id \"b\"): unknown op \"over\"");
  ls_workspace_free(ws);
}

/* the status of the rule named id in result r */
static const char *rule_status(const cJSON *r, const char *id) {
  const cJSON *ru;
  cJSON_ArrayForEach(ru, cJSON_GetObjectItemCaseSensitive(r, "rules")) if (!strcmp(str(ru, "id"), id)) return str(ru, "status");
  return "(missing)";
}

static int cmp_num(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}
static double median_of(double *v, size_t n) {
  qsort(v, n, sizeof *v, cmp_num);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The status a MAD rule (window 30, threshold 3, direction up) must have on its own series,
 * worked here from docs/monitoring-detectors.md apart from anomaly.c: the previous 30 values
 * (nulls skipped), their median m and MAD; spread = MAD, or 1% of |m| when 0; the latest
 * fires when above m + 3 * spread / 0.6745. Checks the rule's expected_hi is that bound. */
static const char *mad_status(const cJSON *r, const char *id) {
  const cJSON *ru = NULL, *it;
  cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(r, "rules")) if (!strcmp(str(it, "id"), id)) ru = it;
  const cJSON *vals = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(ru, "series"), "value");
  int n = cJSON_GetArraySize(vals);
  double hist[30], dev[30];
  size_t h = 0;
  for (int i = n - 2; i >= 0 && h < 30; i--) {
    const cJSON *v = cJSON_GetArrayItem(vals, i);
    if (cJSON_IsNumber(v)) hist[h++] = v->valuedouble;
  }
  if (n < 1 || h < 10 || !cJSON_IsNumber(cJSON_GetArrayItem(vals, n - 1))) return "(not judged)";
  double m = median_of(hist, h);
  for (size_t i = 0; i < h; i++) dev[i] = fabs(hist[i] - m);
  double mad = median_of(dev, h), spread = mad > 0 ? mad : 0.01 * fabs(m);
  double hi = m + 3 * spread / 0.6745;
  CHECK_NUM(num(ru, "expected_hi"), hi, 1e-9 * fmax(1, fabs(hi)));
  return cJSON_GetArrayItem(vals, n - 1)->valuedouble > hi ? "firing" : "ok";
}

TEST(the_default_rules_should_run_on_the_demo) {
  /* the demo of lodestar gen (seed 42, 10000 users, 365 days), judged at its
     last day 2026-10-31. The metric values, as `lodestar metric` gives them
     from the demo CSVs: task success rate 0.915 on 2026-10-31 (< 0.95: fires,
     but it fires on and off around 95%, so it flaps: suppressed); customer
     churn rate 0.0184 in 2026-10 (<= 0.05: ok); gross MRR churn 0.0313 (ok);
     weekly MRR 56878 -> 58496.33 (a rise: ok); LTV:CAC 53.2 (>= 3: ok). The
     planted runaway campaign trips the P0 ad breaker, so p0 is true. */
  ls_gen_options o;
  ls_gen_defaults(&o);
  ls_workspace *ws = gen_workspace(o.seed, o.users, o.days, NULL);
  cJSON *r = run(ws, NULL);
  CHECK(r != NULL);
  if (r) {
    CHECK_STR(str(r, "at"), "2026-10-31");
    CHECK_STR(rule_status(r, "task-success"), "suppressed");
    CHECK_STR(rule_status(r, "customer-churn"), "ok");
    CHECK_STR(rule_status(r, "mrr-churn"), "ok");
    CHECK_STR(rule_status(r, "mrr-drop"), "ok");
    CHECK_STR(rule_status(r, "ltv-cac"), "ok");
    CHECK_STR(rule_status(r, "ad-breaker"), "firing");
    /* the anomaly rules are judged (30 days of history and more) */
    CHECK_STR(rule_status(r, "latency-p95"), mad_status(r, "latency-p95"));
    CHECK_STR(rule_status(r, "error-rate"), mad_status(r, "error-rate"));
    CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "p0")));
    CHECK_STR(str(item(r, "alerts", 0), "severity"), "P0");
    CHECK_STR(str(item(r, "alerts", 0), "rule"), "ad-breaker");
    CHECK_INT(count(r, "rules"), 9);
    CHECK_INT(count(r, "health"), 7); /* the 7 metric rules' 7 metrics */
  }
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

TEST(the_default_rules_should_say_no_data_for_what_is_not_loaded) {
  /* events only: the subscription rules and the entity rules on
     marketing_spend have no dataset: no_data, never an error */
  const double v[] = {1, 2};
  ls_workspace *ws = daily(v, NULL, 2);
  cJSON *r = run(ws, NULL);
  CHECK(r != NULL);
  if (r) {
    static const char *const absent[] = {"customer-churn", "mrr-churn", "mrr-drop", "ltv-cac", "ad-breaker",
                                         "campaign-roas"};
    for (size_t k = 0; k < sizeof absent / sizeof absent[0]; k++) CHECK_STR(rule_status(r, absent[k]), "no_data");
    /* no status or latency column: the technical metrics cannot run */
    const cJSON *ru;
    cJSON_ArrayForEach(ru, cJSON_GetObjectItemCaseSensitive(r, "rules")) CHECK(strcmp(str(ru, "status"), "firing"));
    CHECK(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(r, "p0")));
  }
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

/* n shops s00000.. without a time column: shop i scores 0.5 (odd i: P0) or
 * 1.5 (even i: P2), so every shop fires, the P0s and P2s interleaved. */
static ls_workspace *many_shops(int n) {
  ls_table *t = ls_table_new("shops.csv");
  ls_column *id = ls_table_add(t, "shop_id", LS_TYPE_STRING), *sc = ls_table_add(t, "score", LS_TYPE_DOUBLE);
  for (int i = 0; i < n; i++) {
    char name[16];
    snprintf(name, sizeof name, "s%05d", i);
    push_str_or_null(id, name);
    ls_column_push_f64(sc, i % 2 ? 0.5 : 1.5);
  }
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_add(ws, t);
  return ws;
}

TEST(twenty_thousand_firing_shops_should_sort_p0_first_in_order) {
  /* 20000 alerts: the 10000 odd shops (P0) first in the order judged
     (s00001, s00003, ...), then the 10000 even ones (P2): s00000, s00002, ... */
  ls_workspace *ws = many_shops(20000);
  cJSON *r = run(ws, "{\"rules\":[{\"id\":\"shops\",\"type\":\"entity\",\"dataset\":\"shops\","
                     "\"entity\":\"shop_id\",\"conditions\":[{\"if\":\"score < 1\",\"severity\":\"P0\"},"
                     "{\"if\":\"score < 2\",\"severity\":\"P2\"}]}]}");
  CHECK(r != NULL);
  if (r) {
    CHECK_INT(count(r, "alerts"), 20000);
    /* the rule's entry shows its highest condition's severity, P0 (the rule's default is P2) */
    CHECK_STR(str(item(r, "rules", 0), "severity"), "P0");
    CHECK_HAS(str(item(r, "alerts", 0), "text"), "[P0] shops: s00001: score < 1");
    /* alert index, its entity and severity */
    static const struct {
      int i;
      const char *entity, *severity;
    } want[] = {{0, "s00001", "P0"},     {1, "s00003", "P0"},     {9999, "s19999", "P0"},
                {10000, "s00000", "P2"}, {10001, "s00002", "P2"}, {19999, "s19998", "P2"}};
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
      CHECK_STR(str(item(r, "alerts", want[k].i), "entity"), want[k].entity);
      CHECK_STR(str(item(r, "alerts", want[k].i), "severity"), want[k].severity);
    }
    CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "p0")));
  }
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

TEST(an_entity_rule_should_be_judged_at_the_clamped_at) {
  /* campaign a: 26 hourly rows from 2026-03-01 00:00, spend 10, revenue 15 each. The data's
     as-of is the start of the day after the last row (2026-03-02 01:00): 2026-03-03 00:00.
     --at far later (2026-04-01) is clamped to it, for entity rules as for metric rules:
     roas over [2026-03-02 00:00, 2026-03-03 00:00) = hours 24, 25: 30 / 20 = 1.5 (judged at
     2026-04-01 the window would be empty: roas null). */
  static const char *const names[] = {"campaign", "hour", "spend", "revenue"};
  static const ls_type types[] = {LS_TYPE_STRING, LS_TYPE_TIME, LS_TYPE_DOUBLE, LS_TYPE_DOUBLE};
  ls_column *col[4];
  ls_table *t = ls_table_new_schema("ads.csv", names, types, 4, 26, col);
  for (int h = 0; h < 26; h++) {
    ls_column_push_str(col[0], "a", 1);
    ls_column_push_i64(col[1], T("2026-03-01T00:00:00Z") + h * INT64_C(3600000));
    ls_column_push_f64(col[2], 10);
    ls_column_push_f64(col[3], 15);
  }
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_add(ws, t);
  char *out = NULL;
  CHECK_INT(ls_monitor_run(ws, "{\"rules\":[{\"id\":\"roas\",\"type\":\"entity\",\"dataset\":\"ads\","
                               "\"entity\":\"campaign\",\"conditions\":[{\"if\":\"roas < 1\"}]}]}",
                           T("2026-04-01T00:00:00Z"), &out),
            LS_OK);
  cJSON *r = out ? cJSON_Parse(out) : NULL;
  ls_free(out);
  CHECK_STR(str(r, "at"), "2026-03-02");
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(item(r, "entities", 0), "values");
  CHECK_NUM(num(v, "roas"), 1.5, 1e-12);
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

int main(void) {
  ls_alloc_init_json();
  RUN(a_threshold_at_its_boundary_should_not_fire);
  RUN(a_firing_threshold_should_give_its_alert_series_and_p0);
  RUN(a_change_should_fire_at_exactly_its_percent_or_amount);
  RUN(a_period_under_min_volume_should_not_be_judged);
  RUN(an_anomaly_rule_should_fire_on_a_planted_spike);
  RUN(firing_periods_should_merge_into_incidents);
  RUN(a_flapping_rule_should_be_suppressed);
  RUN(health_should_color_each_metric_by_its_worst_rule);
  RUN(health_should_keep_rules_on_different_series_of_a_metric_apart);
  RUN(a_bad_rules_file_should_fail_the_run_naming_the_rule);
  RUN(the_default_rules_should_run_on_the_demo);
  RUN(the_default_rules_should_say_no_data_for_what_is_not_loaded);
  RUN(twenty_thousand_firing_shops_should_sort_p0_first_in_order);
  RUN(an_entity_rule_should_be_judged_at_the_clamped_at);
  return check_done();
}
