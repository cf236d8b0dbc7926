/* test_entity.c: entity rules (monitor/entity.h) on tiny tables worked by hand. */
#include <math.h>
#include <stdint.h>

#include "base/alloc.h"
#include "check.h"
#include "fixtures.h"
#include "monitor/entity.h"
#include "workspace/workspace.h"

static ls_workspace *shops(void) {
  char path[4096];
  const char *dir = getenv("LS_SOURCE_DIR");
  snprintf(path, sizeof path, "%s/data/fixtures/shop_scores.csv", dir ? dir : ".");
  ls_workspace *ws = ls_workspace_new();
  if (ls_workspace_load_path(ws, path) != LS_OK) printf("  load: %s\n", ls_workspace_errmsg(ws));
  return ws;
}

/* run rule (JSON text) at at; entities and alerts into *ent, *al (caller deletes) */
static ls_status run(ls_workspace *ws, const char *rule, int64_t at, cJSON **ent, cJSON **al) {
  cJSON *r = cJSON_Parse(rule);
  *ent = cJSON_CreateArray();
  *al = cJSON_CreateArray();
  ls_status s = r ? ls_entity_eval(ws, r, at, *ent, *al) : LS_EPARSE;
  cJSON_Delete(r);
  return s;
}

static void drop(cJSON *ent, cJSON *al) {
  cJSON_Delete(ent);
  cJSON_Delete(al);
}

static const char *sget(const cJSON *o, const char *k) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
  return cJSON_IsString(v) ? v->valuestring : cJSON_IsNull(v) ? "null" : "?";
}

static double nget(const cJSON *o, const char *k) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(o, "values"), k);
  return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static const char *SHOP_RULE =
    "{\"id\":\"shop-score\",\"type\":\"entity\",\"dataset\":\"entity_scores\",\"entity\":\"shop_id\","
    "\"at\":\"latest\",\"rank_by\":\"score\",\"conditions\":["
    "{\"if\":\"score < 3.5\",\"severity\":\"P0\"},"
    "{\"if\":\"3.5 <= score < 3.6\",\"severity\":\"P2\"}]}";

TEST(entity_should_judge_shop_scores_on_the_boundaries) {
  ls_workspace *ws = shops();
  cJSON *ent, *al;
  CHECK_INT(run(ws, SHOP_RULE, INT64_MIN, &ent, &al), LS_OK);
  /* latest rows (2026-01-02): s1 3.4 -> P0 (3.4 < 3.5); s2 3.5 -> not < 3.5, 3.5 <= 3.5 < 3.6: P2;
   * s3 3.59 -> P2; s4 3.6 -> 3.6 < 3.6 false: none; s5 4.0 -> none.
   * Ranked: P0 first, then P2 by score ascending (score < 3.5 wants it low), then the rest: s1 s2 s3 s4 s5 */
  static const char *const want[5][3] = {{"s1", "P0", "north"}, {"s2", "P2", "north"}, {"s3", "P2", "south"},
                                         {"s4", "null", "south"}, {"s5", "null", "east"}};
  static const double score[5] = {3.4, 3.5, 3.59, 3.6, 4.0};
  CHECK_INT(cJSON_GetArraySize(ent), 5);
  for (int i = 0; i < 5 && i < cJSON_GetArraySize(ent); i++) {
    const cJSON *o = cJSON_GetArrayItem(ent, i);
    CHECK_STR(sget(o, "entity"), want[i][0]);
    CHECK_STR(sget(o, "severity"), want[i][1]);
    CHECK_STR(sget(o, "region"), want[i][2]);
    CHECK_STR(sget(o, "rule"), "shop-score");
    CHECK_STR(sget(o, "at"), "2026-01-02T00:00:00Z");
    CHECK_NUM(nget(o, "score"), score[i], 1e-12);
  }
  CHECK_STR(sget(cJSON_GetArrayItem(ent, 3), "status"), "closed");
  /* alerts: s1 (P0), s2 and s3 (P2), in the order judged (by entity) */
  CHECK_INT(cJSON_GetArraySize(al), 3);
  const cJSON *a = cJSON_GetArrayItem(al, 0);
  CHECK_STR(sget(a, "entity"), "s1");
  CHECK_STR(sget(a, "kind"), "entity");
  CHECK_STR(sget(a, "severity"), "P0");
  CHECK_STR(sget(a, "condition"), "score < 3.5");
  CHECK_STR(sget(a, "period"), "2026-01-02T00:00:00Z");
  CHECK_STR(sget(a, "action"), "null");
  CHECK_HAS(sget(a, "text"), "[P0] shop-score: s1: score < 3.5 (score 3.4)");
  CHECK_STR(sget(cJSON_GetArrayItem(al, 2), "severity"), "P2");
  drop(ent, al);
  ls_workspace_free(ws);
}

TEST(entity_should_see_only_rows_before_at) {
  ls_workspace *ws = shops();
  cJSON *ent, *al;
  /* at 2026-01-02 00:00 (exclusive): only the 2026-01-01 rows: s1 4.1 (none), s3 3.0 (P0); the
   * others have no row yet. The dataset by file name and the entity by role name. */
  const char *rule = "{\"id\":\"r\",\"type\":\"entity\",\"dataset\":\"shop_scores\",\"entity\":\"entity_id\","
                     "\"conditions\":[{\"if\":\"score < 3.5\",\"severity\":\"P0\"}]}";
  CHECK_INT(run(ws, rule, T("2026-01-02T00:00:00Z"), &ent, &al), LS_OK);
  CHECK_INT(cJSON_GetArraySize(ent), 2);
  CHECK_STR(sget(cJSON_GetArrayItem(ent, 0), "entity"), "s3");
  CHECK_NUM(nget(cJSON_GetArrayItem(ent, 0), "score"), 3.0, 1e-12);
  CHECK_STR(sget(cJSON_GetArrayItem(ent, 1), "entity"), "s1");
  CHECK_INT(cJSON_GetArraySize(al), 1);
  drop(ent, al);
  ls_workspace_free(ws);
}

/* rule must be refused with status want, a message holding part, and nothing added */
static void check_refused(ls_workspace *ws, const char *rule, ls_status want, const char *part) {
  cJSON *ent, *al;
  CHECK_INT(run(ws, rule, INT64_MIN, &ent, &al), want);
  CHECK_HAS(ls_workspace_errmsg(ws), part);
  CHECK_INT(cJSON_GetArraySize(ent) + cJSON_GetArraySize(al), 0);
  drop(ent, al);
}

TEST(entity_should_refuse_bad_rules_with_a_message) {
  ls_workspace *ws = shops();
  static const struct {
    const char *rule;
    ls_status status;
    const char *message;
  } cases[] = {
      {"{\"id\":\"u\",\"type\":\"entity\",\"dataset\":\"entity_scores\","
       "\"conditions\":[{\"if\":\"scor < 3.5\"}]}",
       LS_EINVAL, "rule \"u\": conditions[0]: unknown column \"scor\""},
      {"{\"id\":\"b\",\"type\":\"entity\",\"dataset\":\"entity_scores\","
       "\"conditions\":[{\"if\":\"score < 3.5\"},{\"if\":\"score <\"}]}",
       LS_EINVAL, "rule \"b\": conditions[1] \"score <\": at column 8:"},
      {"{\"id\":\"s\",\"type\":\"entity\",\"dataset\":\"entity_scores\","
       "\"conditions\":[{\"if\":\"score < 3.5\",\"severity\":\"P9\"}]}",
       LS_EINVAL, "unknown severity \"P9\""},
      {"{\"id\":\"r\",\"type\":\"entity\",\"dataset\":\"entity_scores\",\"rank_by\":\"nope\","
       "\"conditions\":[{\"if\":\"score < 3.5\"}]}",
       LS_EINVAL, "unknown rank_by column \"nope\""},
      {"{\"id\":\"h\",\"type\":\"entity\",\"dataset\":\"entity_scores\",\"entity\":\"campaign\","
       "\"conditions\":[{\"if\":\"score < 3.5\"}]}",
       LS_EINVAL, "no entity column \"campaign\""},
      {"{\"id\":\"n\",\"type\":\"entity\",\"dataset\":\"marketing_spend\","
       "\"conditions\":[{\"if\":\"roas < 1\"}]}",
       LS_ENODATA, "no dataset \"marketing_spend\""},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    check_refused(ws, cases[i].rule, cases[i].status, cases[i].message);
  ls_workspace_free(ws);
}

/* Three campaigns, hourly from 2026-03-01 00:00 UTC, hours 0..25 (26 rows each):
 *   a: spend 10 in hours 0..23, 40 in hours 24 and 25; revenue 15 in hours 0..23, 0 after
 *   b: the same spend; revenue 30 every hour
 *   c: spend 10 and revenue 10 every hour */
static ls_workspace *campaigns(void) {
  static const char *const names[] = {"campaign", "status", "hour", "spend", "revenue"};
  static const ls_type types[] = {LS_TYPE_STRING, LS_TYPE_STRING, LS_TYPE_TIME, LS_TYPE_DOUBLE, LS_TYPE_DOUBLE};
  ls_column *col[5];
  ls_table *t = ls_table_new_schema("ads.csv", names, types, 5, 78, col);
  int64_t base = T("2026-03-01T00:00:00Z");
  for (int c = 0; c < 3; c++)
    for (int h = 0; h < 26; h++) {
      const char *name = c == 0 ? "a" : c == 1 ? "b" : "c";
      double spend = c < 2 && h >= 24 ? 40 : 10;
      double rev = c == 0 ? (h < 24 ? 15 : 0) : c == 1 ? 30 : 10;
      ls_column_push_str(col[0], name, 1);
      ls_column_push_str(col[1], "active", 6);
      ls_column_push_i64(col[2], base + h * INT64_C(3600000));
      ls_column_push_f64(col[3], spend);
      ls_column_push_f64(col[4], rev);
    }
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_add(ws, t);
  return ws;
}

static const char *AD_RULE =
    "{\"id\":\"ad-breaker\",\"type\":\"entity\",\"dataset\":\"marketing_spend\",\"entity\":\"campaign\","
    "\"at\":\"hourly\",\"conditions\":[{\"if\":\"roas < 1.5 and spend_velocity > 2\","
    "\"severity\":\"P0\",\"action\":\"circuit_breaker\"}]}";

TEST(entity_should_derive_velocity_and_roas_by_hand) {
  ls_workspace *ws = campaigns();
  CHECK_STR(ls_kind_name(ls_workspace_detection(ws, 0)->kind), "marketing_spend");
  cJSON *ent, *al;
  CHECK_INT(run(ws, AD_RULE, INT64_MIN, &ent, &al), LS_OK);
  /* the last hour with data is hour 25, so at = 2026-03-02 02:00 (hour 26).
   * a: last hour [25,26) spend 40; the 24 before, hours 1..24: 23*10 + 40 = 270, mean 11.25;
   *    velocity 40 / 11.25 = 3.5556. roas over hours 2..25: revenue 22*15 = 330, spend
   *    22*10 + 40 + 40 = 300: 1.1. Both hold: P0.
   * b: velocity 3.5556 too; roas 24*30 / 300 = 2.4: no.
   * c: velocity 10 / (240/24) = 1; roas 240/240 = 1.0: no (roas only).
   * Ranked by roas (the first column of the first condition, roas < 1.5: low first): a, then
   * the others by roas ascending: c (1.0), b (2.4). */
  CHECK_INT(cJSON_GetArraySize(ent), 3);
  const cJSON *a = cJSON_GetArrayItem(ent, 0);
  CHECK_STR(sget(a, "entity"), "a");
  CHECK_STR(sget(a, "severity"), "P0");
  CHECK_STR(sget(a, "action"), "circuit_breaker");
  CHECK_STR(sget(a, "status"), "active");
  CHECK_STR(sget(a, "at"), "2026-03-02T01:00:00Z"); /* the latest row, hour 25 */
  CHECK_NUM(nget(a, "spend_velocity"), 40.0 / 11.25, 1e-9);
  CHECK_NUM(nget(a, "roas"), 1.1, 1e-9);
  CHECK_NUM(nget(a, "spend"), 40.0, 1e-12);
  CHECK_NUM(nget(a, "revenue"), 0.0, 1e-12);
  CHECK_STR(sget(cJSON_GetArrayItem(ent, 1), "entity"), "c");
  CHECK_NUM(nget(cJSON_GetArrayItem(ent, 1), "spend_velocity"), 1.0, 1e-9);
  CHECK_NUM(nget(cJSON_GetArrayItem(ent, 1), "roas"), 1.0, 1e-9);
  CHECK_STR(sget(cJSON_GetArrayItem(ent, 2), "entity"), "b");
  CHECK_NUM(nget(cJSON_GetArrayItem(ent, 2), "roas"), 2.4, 1e-9);
  CHECK_STR(sget(cJSON_GetArrayItem(ent, 2), "severity"), "null");
  /* hourly: a also trips at the end of hour 24 (hour [24,25)): velocity 40 / (240/24) = 4,
   * roas over hours 1..24: 23*15 / (23*10 + 40) = 345/270 = 1.278. At the end of hour 23 and
   * before, the 24 hours before the last one start before the first row (hour 0): no full
   * baseline, velocity NaN, no alert (c would otherwise trip in its first hours: 10 / (20/24)
   * = 12 at the end of hour 2, with roas 1.0). So one alert for hours 24 and 25, ongoing. */
  CHECK_INT(cJSON_GetArraySize(al), 1);
  const cJSON *x = cJSON_GetArrayItem(al, 0);
  CHECK_STR(sget(x, "entity"), "a");
  CHECK_STR(sget(x, "severity"), "P0");
  CHECK_STR(sget(x, "first"), "2026-03-02T00:00:00Z");
  CHECK_STR(sget(x, "last"), "2026-03-02T01:00:00Z");
  CHECK_STR(sget(x, "period"), "2026-03-02T01:00:00Z");
  CHECK_INT(cJSON_GetObjectItemCaseSensitive(x, "hours")->valueint, 2);
  CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(x, "ongoing")));
  CHECK_HAS(sget(x, "text"), "roas 1.1, spend_velocity 3.556");
  drop(ent, al);
  /* at the end of hour 24 (2026-03-02 01:00): a's values are those of hour 24: velocity 4 */
  CHECK_INT(run(ws, AD_RULE, T("2026-03-02T01:00:00Z"), &ent, &al), LS_OK);
  CHECK_NUM(nget(cJSON_GetArrayItem(ent, 0), "spend_velocity"), 4.0, 1e-9);
  CHECK_NUM(nget(cJSON_GetArrayItem(ent, 0), "roas"), 345.0 / 270.0, 1e-9);
  CHECK_INT(cJSON_GetArraySize(al), 1);
  CHECK_INT(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(al, 0), "hours")->valueint, 1);
  drop(ent, al);
  /* at the end of hour 23 (2026-03-02 00:00): the baseline would start at hour -1: velocity
   * null for every campaign, roas of a over hours 0..23: 24*15 / 240 = 1.5 (not < 1.5): no alert */
  CHECK_INT(run(ws, AD_RULE, T("2026-03-02T00:00:00Z"), &ent, &al), LS_OK);
  CHECK_NUM(nget(cJSON_GetArrayItem(ent, 0), "spend_velocity"), NAN, 0);
  CHECK_NUM(nget(cJSON_GetArrayItem(ent, 0), "roas"), 1.0, 1e-9); /* c ranks first: roas 1.0 */
  CHECK_INT(cJSON_GetArraySize(al), 0);
  drop(ent, al);
  /* at 2026-03-02 03:00 (an hour after the data): the last hour [02:00, 03:00) has no spend,
   * velocity 0 / x = 0: a's run of hours 24 and 25 (00:00 and 01:00) ended. No alert; the
   * run is in a's incidents: first 00:00, last 01:00, 2 hours, P0. */
  CHECK_INT(run(ws, AD_RULE, T("2026-03-02T03:00:00Z"), &ent, &al), LS_OK);
  CHECK_INT(cJSON_GetArraySize(al), 0);
  const cJSON *ea = NULL, *it;
  cJSON_ArrayForEach(it, ent) if (!strcmp(sget(it, "entity"), "a")) ea = it;
  const cJSON *inc = cJSON_GetObjectItemCaseSensitive(ea, "incidents");
  CHECK_INT(cJSON_GetArraySize(inc), 1);
  const cJSON *i0 = cJSON_GetArrayItem(inc, 0);
  CHECK_STR(sget(i0, "first"), "2026-03-02T00:00:00Z");
  CHECK_STR(sget(i0, "last"), "2026-03-02T01:00:00Z");
  CHECK_STR(sget(i0, "severity"), "P0");
  CHECK_NUM(cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(i0, "hours")), 2, 0);
  drop(ent, al);
  ls_workspace_free(ws);
}

TEST(entity_should_try_conditions_in_order_and_evaluate_a_rules_file) {
  ls_workspace *ws = campaigns();
  cJSON *ent, *al;
  /* a whole rules file: the threshold rule is skipped; c has roas 1.0 < 1.2 (P1, first);
   * a has roas 1.1 < 1.2 too (P1: the first match wins over the P0 second condition);
   * b: roas 2.4, velocity 3.56 > 3: the second condition, P0 */
  const char *file = "{\"rules\":[{\"id\":\"t\",\"type\":\"threshold\",\"metric\":\"mrr\"},"
                     "{\"id\":\"w\",\"type\":\"entity\",\"dataset\":\"ads\",\"rank_by\":\"spend_velocity\","
                     "\"conditions\":[{\"if\":\"roas < 1.2\",\"severity\":\"P1\"},"
                     "{\"if\":\"spend_velocity > 3\",\"severity\":\"P0\"}]}]}";
  CHECK_INT(run(ws, file, INT64_MIN, &ent, &al), LS_OK);
  CHECK_INT(cJSON_GetArraySize(ent), 3);
  /* P0 first (b); then the P1s by spend_velocity: rank_by names no first column, so its own
   * comparison (spend_velocity > 3) ranks high first: a (3.56), c (1.0) */
  CHECK_STR(sget(cJSON_GetArrayItem(ent, 0), "entity"), "b");
  CHECK_STR(sget(cJSON_GetArrayItem(ent, 0), "severity"), "P0");
  CHECK_STR(sget(cJSON_GetArrayItem(ent, 1), "entity"), "a");
  CHECK_STR(sget(cJSON_GetArrayItem(ent, 1), "severity"), "P1");
  CHECK_STR(sget(cJSON_GetArrayItem(ent, 2), "entity"), "c");
  CHECK_INT(cJSON_GetArraySize(al), 3);
  drop(ent, al);
  ls_workspace_free(ws);
}

TEST(entity_should_judge_one_rule_object_even_with_a_rules_key) {
  /* a rule object (type entity) is one rule whatever its other keys: the five
     shops of SHOP_RULE are judged, not an empty "rules" list */
  ls_workspace *ws = shops();
  cJSON *ent, *al;
  CHECK_INT(run(ws,
                "{\"id\":\"one\",\"type\":\"entity\",\"dataset\":\"entity_scores\",\"entity\":\"shop_id\","
                "\"rules\":[],\"conditions\":[{\"if\":\"score < 3.5\",\"severity\":\"P0\"}]}",
                INT64_MIN, &ent, &al),
            LS_OK);
  CHECK_INT(cJSON_GetArraySize(ent), 5);
  CHECK_INT(cJSON_GetArraySize(al), 1); /* s1 3.4 */
  drop(ent, al);
  ls_workspace_free(ws);
}

int main(void) {
  ls_alloc_init_json();
  RUN(entity_should_judge_shop_scores_on_the_boundaries);
  RUN(entity_should_see_only_rows_before_at);
  RUN(entity_should_refuse_bad_rules_with_a_message);
  RUN(entity_should_derive_velocity_and_roas_by_hand);
  RUN(entity_should_try_conditions_in_order_and_evaluate_a_rules_file);
  RUN(entity_should_judge_one_rule_object_even_with_a_rules_key);
  return check_done();
}
