/* test_notify.c: Slack, Feishu and DingTalk bodies for a monitor result built by
 * hand: P0 first, a count line, "no alerts", the three languages, errors. */
#include "base/alloc.h"
#include "cJSON.h"
#include "check.h"
#include "monitor/notify.h"

/* three alerts in the order P2, P0, P1 */
static const char *const RUN_JSON =
    "{\"at\":\"2026-03-01\",\"p0\":true,\"rules\":[],\"alerts\":["
    "{\"rule\":\"mrr-drop\",\"kind\":\"change\",\"severity\":\"P2\",\"metric\":\"mrr\","
    "\"period\":\"2026-02-23\",\"value\":9000,\"threshold\":10,\"previous\":10000,"
    "\"text\":\"MRR fell 10%\"},"
    "{\"rule\":\"ad-breaker\",\"kind\":\"entity\",\"severity\":\"P0\",\"entity\":\"camp-7\","
    "\"condition\":\"roas < 1.5 and spend_velocity > 2\",\"values\":{\"roas\":0.8},"
    "\"action\":\"circuit_breaker\",\"period\":\"2026-03-01T13:00:00Z\",\"text\":\"x\"},"
    "{\"rule\":\"latency-p95\",\"kind\":\"anomaly\",\"severity\":\"P1\",\"metric\":\"p95\","
    "\"period\":\"2026-03-01\",\"value\":812.123456,\"threshold\":3,\"expected_lo\":120,"
    "\"expected_hi\":340.5,\"score\":9.87654321,\"text\":\"y\"}]}";

/* The lines, P0 first. Numbers are rounded to 4 decimals: 812.123456 ->
 * 812.1235, 9.87654321 -> 9.8765. */
#define LINE_P0_EN                                                                   \
  "[P0] ad-breaker (entity) · camp-7 · roas < 1.5 and spend_velocity > 2 · action " \
  "circuit_breaker · 2026-03-01T13:00:00Z"
#define LINE_P1_EN                                                                   \
  "[P1] latency-p95 (anomaly) · p95 = 812.1235 · threshold 3 · expected 120–340.5 · " \
  "score 9.8765 · 2026-03-01"
#define LINE_P2_EN "[P2] mrr-drop (change) · mrr = 9000 · threshold 10 · previous 10000 · 2026-02-23"

static cJSON *payload(const char *run, const char *target, const char *lang) {
  char *out = NULL;
  ls_status st = ls_notify_payload(run, target, lang, &out);
  CHECK_INT(st, LS_OK);
  cJSON *j = out ? cJSON_Parse(out) : NULL;
  CHECK(j != NULL);
  ls_free(out);
  return j;
}

static const char *at_path(const cJSON *j, const char *a, const char *b) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, a), b);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const char *block_text(const cJSON *blocks, int i) {
  return at_path(cJSON_GetArrayItem(blocks, i), "text", "text");
}

TEST(slack_should_list_alerts_p0_first_after_a_header_and_a_count) {
  cJSON *j = payload(RUN_JSON, "slack", "en");
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(j, "text")),
            "Lodestar alerts · 2026-03-01: 3 alerts: 1 P0, 1 P1, 1 P2");
  const cJSON *blocks = cJSON_GetObjectItem(j, "blocks");
  CHECK_INT(cJSON_GetArraySize(blocks), 5); /* header, count, three alerts */
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(blocks, 0), "type")),
            "header");
  CHECK_STR(at_path(cJSON_GetArrayItem(blocks, 0), "text", "type"), "plain_text");
  CHECK_STR(block_text(blocks, 0), "Lodestar alerts · 2026-03-01");
  CHECK_STR(at_path(cJSON_GetArrayItem(blocks, 1), "text", "type"), "mrkdwn");
  CHECK_STR(block_text(blocks, 1), "3 alerts: 1 P0, 1 P1, 1 P2");
  /* mrkdwn escapes < and > */
  CHECK_STR(block_text(blocks, 2),
            "[P0] ad-breaker (entity) · camp-7 · roas &lt; 1.5 and spend_velocity &gt; 2 · "
            "action circuit_breaker · 2026-03-01T13:00:00Z");
  CHECK_STR(block_text(blocks, 3), LINE_P1_EN);
  CHECK_STR(block_text(blocks, 4), LINE_P2_EN);
  cJSON_Delete(j);
}

TEST(feishu_should_write_a_post_in_the_chosen_language) {
  cJSON *j = payload(RUN_JSON, "feishu", "zh-CN");
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(j, "msg_type")), "post");
  const cJSON *post = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "content"), "post");
  const cJSON *zh = cJSON_GetObjectItem(post, "zh_cn");
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(zh, "title")), "Lodestar 告警 · 2026-03-01");
  const cJSON *content = cJSON_GetObjectItem(zh, "content");
  CHECK_INT(cJSON_GetArraySize(content), 4);
#define PARA(i) cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetArrayItem(content, i), 0), "text"))
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(
                cJSON_GetArrayItem(cJSON_GetArrayItem(content, 0), 0), "tag")), "text");
  CHECK_STR(PARA(0), "共 3 条告警：P0 1 条，P1 1 条，P2 1 条");
  CHECK_STR(PARA(1), "[P0] ad-breaker (实体) · camp-7 · roas < 1.5 and spend_velocity > 2 · "
                     "动作 circuit_breaker · 2026-03-01T13:00:00Z");
  CHECK_STR(PARA(2), "[P1] latency-p95 (异常) · p95 = 812.1235 · 阈值 3 · 预期范围 120–340.5 · "
                     "偏离 9.8765 · 2026-03-01");
  CHECK_STR(PARA(3), "[P2] mrr-drop (环比变化) · mrr = 9000 · 阈值 10 · 上期 10000 · 2026-02-23");
  cJSON_Delete(j);
  j = payload(RUN_JSON, "feishu", "en");
  post = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "content"), "post");
  CHECK(cJSON_GetObjectItem(post, "zh_cn") == NULL);
  content = cJSON_GetObjectItem(cJSON_GetObjectItem(post, "en_us"), "content");
  CHECK_STR(PARA(1), LINE_P0_EN);
#undef PARA
  cJSON_Delete(j);
}

TEST(dingtalk_should_write_markdown_with_a_bullet_per_alert) {
  cJSON *j = payload(RUN_JSON, "dingtalk", "zh-TW");
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(j, "msgtype")), "markdown");
  CHECK_STR(at_path(j, "markdown", "title"), "Lodestar 警報 · 2026-03-01");
  CHECK_STR(at_path(j, "markdown", "text"),
            "#### Lodestar 警報 · 2026-03-01\n\n"
            "共 3 則警報：P0 1 則，P1 1 則，P2 1 則\n\n"
            "- [P0] ad-breaker (實體) · camp-7 · roas < 1.5 and spend_velocity > 2 · 動作 "
            "circuit_breaker · 2026-03-01T13:00:00Z\n"
            "- [P1] latency-p95 (異常) · p95 = 812.1235 · 閾值 3 · 預期範圍 120–340.5 · 偏離 "
            "9.8765 · 2026-03-01\n"
            "- [P2] mrr-drop (環比變化) · mrr = 9000 · 閾值 10 · 上期 10000 · 2026-02-23\n");
  cJSON_Delete(j);
}

TEST(payloads_should_say_no_alerts_when_none_fire) {
  const char *quiet = "{\"at\":\"2026-03-01\",\"p0\":false,\"alerts\":[]}";
  cJSON *j = payload(quiet, "slack", "en");
  const cJSON *blocks = cJSON_GetObjectItem(j, "blocks");
  CHECK_INT(cJSON_GetArraySize(blocks), 2);
  CHECK_STR(block_text(blocks, 1), "No alerts.");
  cJSON_Delete(j);
  j = payload("{\"at\":\"2026-03-01\"}", "dingtalk", "zh-CN");
  CHECK_STR(at_path(j, "markdown", "text"), "#### Lodestar 告警 · 2026-03-01\n\n没有告警。\n\n");
  cJSON_Delete(j);
}

TEST(payloads_should_cap_the_lines_and_count_the_rest) {
  /* 45 P2 alerts: 40 lines and "…and 5 more"; slack: header + count + 40 + 1 */
  cJSON *run = cJSON_CreateObject();
  cJSON *alerts = cJSON_AddArrayToObject(run, "alerts");
  for (int i = 0; i < 45; i++) {
    cJSON *a = cJSON_CreateObject();
    cJSON_AddStringToObject(a, "rule", "r");
    cJSON_AddStringToObject(a, "severity", "P2");
    cJSON_AddItemToArray(alerts, a);
  }
  char *text = cJSON_PrintUnformatted(run);
  cJSON *j = payload(text, "slack", "en");
  const cJSON *blocks = cJSON_GetObjectItem(j, "blocks");
  CHECK_INT(cJSON_GetArraySize(blocks), 43);
  CHECK_STR(block_text(blocks, 1), "45 alerts: 0 P0, 0 P1, 45 P2");
  CHECK_STR(block_text(blocks, 2), "[P2] r");
  CHECK_STR(block_text(blocks, 42), "…and 5 more");
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(j, "text")), "Lodestar alerts: 45 alerts: 0 P0, 0 P1, 45 P2");
  cJSON_Delete(j);
  ls_free(text);
  cJSON_Delete(run);
}

TEST(payloads_should_refuse_an_unknown_target_or_language_or_a_bad_run) {
  char *out = (char *)1;
  CHECK_INT(ls_notify_payload(RUN_JSON, "teams", "en", &out), LS_EINVAL);
  CHECK(out == NULL);
  CHECK_INT(ls_notify_payload(RUN_JSON, "slack", "fr", &out), LS_EINVAL);
  CHECK_INT(ls_notify_payload(RUN_JSON, "slack", "zh-cn", &out), LS_EINVAL);
  CHECK_INT(ls_notify_payload(NULL, "slack", "en", &out), LS_EINVAL);
  CHECK_INT(ls_notify_payload(RUN_JSON, "slack", "en", NULL), LS_EINVAL);
  CHECK_INT(ls_notify_payload("not json", "slack", "en", &out), LS_EPARSE);
  CHECK_INT(ls_notify_payload("[1]", "slack", "en", &out), LS_EPARSE);
  CHECK_INT(ls_notify_payload("{\"alerts\":3}", "slack", "en", &out), LS_EPARSE);
  CHECK(out == NULL);
}

TEST(payloads_should_fail_whole_when_memory_runs_out) {
  /* every allocation in turn fails: the call gives LS_ENOMEM (or LS_EPARSE
   * when the parse of the run itself failed), or the very same body */
  static const char *const targets[3] = {"slack", "feishu", "dingtalk"};
  for (int t = 0; t < 3; t++) {
    char *want = NULL;
    CHECK_INT(ls_notify_payload(RUN_JSON, targets[t], "zh-TW", &want), LS_OK);
    int failures = 0;
    for (unsigned long k = 1; k < 400; k++) {
      char *got = NULL;
      ls_alloc_fail_after(k);
      ls_status st = ls_notify_payload(RUN_JSON, targets[t], "zh-TW", &got);
      ls_alloc_fail_after(0);
      if (st == LS_OK) CHECK_STR(got, want);
      else {
        CHECK(st == LS_ENOMEM || st == LS_EPARSE);
        CHECK(got == NULL);
        failures++;
      }
      ls_free(got);
    }
    CHECK(failures > 20);
    ls_free(want);
  }
}

int main(void) {
  ls_alloc_init_json();
  RUN(slack_should_list_alerts_p0_first_after_a_header_and_a_count);
  RUN(feishu_should_write_a_post_in_the_chosen_language);
  RUN(dingtalk_should_write_markdown_with_a_bullet_per_alert);
  RUN(payloads_should_say_no_alerts_when_none_fire);
  RUN(payloads_should_cap_the_lines_and_count_the_rest);
  RUN(payloads_should_refuse_an_unknown_target_or_language_or_a_bad_run);
  RUN(payloads_should_fail_whole_when_memory_runs_out);
  return check_done();
}
