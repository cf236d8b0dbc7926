/* test_rules.c: reading and checking a rules file (monitor/rules.h). */
#include "base/alloc.h"
#include "check.h"
#include "monitor/rules.h"

static ls_rules *parse_ok(const char *text) {
  ls_rules *r = NULL;
  char err[400];
  ls_status st = ls_rules_parse(text, &r, err, sizeof err);
  if (st != LS_OK) printf("  unexpected: %s\n", err);
  return r;
}

/* the status and message of a refused file */
static void check_refused(const char *text, ls_status want, const char *msg) {
  ls_rules *r = (ls_rules *)1;
  char err[400];
  ls_status st = ls_rules_parse(text, &r, err, sizeof err);
  CHECK_INT(st, want);
  CHECK(r == NULL);
  if (strcmp(err, msg)) CHECK_FAIL_("message \"%s\", expected \"%s\"", err, msg);
}

TEST(a_full_file_should_read_into_typed_rules_with_defaults) {
  ls_rules *r = parse_ok(
      "{\"rules\": ["
      "{\"id\": \"ts\", \"type\": \"threshold\", \"metric\": \"task_success_rate\", \"grain\": \"day\","
      " \"op\": \"below\", \"value\": 0.95, \"severity\": \"P1\", \"min_volume\": 50,"
      " \"where\": {\"plan\": \"pro\"}, \"event\": \"resume_scan\"},"
      "{\"id\": \"lat\", \"type\": \"anomaly\", \"metric\": \"p95\", \"property\": \"latency_ms\","
      " \"detector\": \"ewma\", \"direction\": \"up\"},"
      "{\"id\": \"mrr-drop\", \"title\": \"MRR\", \"type\": \"change\", \"metric\": \"mrr\", \"grain\": \"week\","
      " \"op\": \"fall\", \"value\": 10, \"enabled\": false},"
      "{\"id\": \"shop\", \"type\": \"entity\", \"dataset\": \"entity_scores\", \"severity\": \"P0\","
      " \"conditions\": [{\"if\": \"score < 3\"}]},"
      "{\"id\": \"shop2\", \"type\": \"entity\", \"dataset\": \"entity_scores\", \"severity\": \"P2\","
      " \"conditions\": [{\"if\": \"score < 4\"}, {\"if\": \"score < 3\", \"severity\": \"P1\"}]},"
      "{\"id\": \"seas\", \"type\": \"anomaly\", \"metric\": \"dau\", \"detector\": \"seasonal\"}"
      "], \"flapping\": {\"window\": 8, \"max_changes\": 3}}");
  CHECK(r != NULL);
  if (!r) return;
  CHECK_INT(r->n, 6);
  const ls_rule *t = &r->rule[0];
  CHECK(!strcmp(t->id, "ts") && t->type == LS_RULE_THRESHOLD && t->op == LS_OP_BELOW);
  CHECK_NUM(t->value, 0.95, 0);
  CHECK_NUM(t->min_volume, 50, 0);
  CHECK_INT(t->severity, LS_SEV_P1);
  CHECK_INT(t->n_where, 1);
  CHECK(!strcmp(t->where[0].column, "plan") && !strcmp(t->where[0].value, "pro"));
  CHECK(!strcmp(t->event, "resume_scan") && t->property == NULL);
  CHECK_INT(t->grain, LS_GRAIN_DAY);
  CHECK(t->enabled && t->title == NULL);
  /* anomaly defaults: grain the metric's (p95: day), window 30, threshold 3, alpha 0.3, P2 */
  const ls_rule *a = &r->rule[1];
  CHECK_INT(a->detector.kind, LS_DETECTOR_EWMA);
  CHECK_INT(a->detector.direction, LS_DIR_UP);
  CHECK_INT(a->detector.window, 30);
  CHECK_NUM(a->detector.threshold, 3, 0);
  CHECK_NUM(a->detector.alpha, 0.3, 0);
  CHECK_INT(a->severity, LS_SEV_P2);
  CHECK_INT(a->grain, LS_GRAIN_DAY);
  CHECK(isnan(a->min_volume));
  /* change: unit defaults to percent; enabled false kept */
  const ls_rule *c = &r->rule[2];
  CHECK(c->op == LS_OP_FALL && c->percent == 1 && c->enabled == 0 && !strcmp(c->title, "MRR"));
  CHECK_INT(c->grain, LS_GRAIN_WEEK);
  /* entity rules keep their object */
  CHECK(r->rule[3].type == LS_RULE_ENTITY && r->rule[3].json != NULL && r->rule[3].severity == LS_SEV_P0);
  /* an entity rule's severity is its highest condition's: P2 (the rule's) and P1 give P1 */
  CHECK(r->rule[4].type == LS_RULE_ENTITY && r->rule[4].severity == LS_SEV_P1);
  /* seasonal: window defaults to 4 weeks; dau's default grain is day */
  CHECK_INT(r->rule[5].detector.window, 4);
  CHECK_INT(r->flap.window, 8);
  CHECK_INT(r->flap.max_changes, 3);
  ls_rules_free(r);
}

TEST(the_flapping_policy_should_default_to_10_and_4) {
  ls_rules *r = parse_ok("{\"rules\": []}");
  CHECK(r && r->n == 0 && r->flap.window == 10 && r->flap.max_changes == 4);
  ls_rules_free(r);
}

#define ONE(rule) "{\"rules\": [{\"id\": \"ok\", \"type\": \"threshold\", \"metric\": \"dau\", \"op\": \"above\", " \
                  "\"value\": 1}, " rule "]}"

TEST(a_bad_rule_should_refuse_the_file_naming_the_rule_and_field) {
  check_refused(ONE("{\"id\": \"mrr-drop\", \"type\": \"change\", \"metric\": \"mrr\", \"op\": \"drop\", \"value\": 10}"),
                LS_EINVAL, "rules[1] (id \"mrr-drop\"): unknown op \"drop\"");
  check_refused(ONE("{\"id\": \"x\", \"type\": \"threshold\", \"metric\": \"nosuch\", \"op\": \"above\", \"value\": 1}"),
                LS_EINVAL, "rules[1] (id \"x\"): unknown metric \"nosuch\"");
  /* ltv is monthly only */
  check_refused(ONE("{\"id\": \"x\", \"type\": \"threshold\", \"metric\": \"ltv\", \"grain\": \"day\", \"op\": \"above\","
                    " \"value\": 1}"),
                LS_EINVAL, "rules[1] (id \"x\"): metric \"ltv\" has no grain \"day\"");
  check_refused(ONE("{\"id\": \"x\", \"type\": \"threshold\", \"metric\": \"dau\", \"op\": \"above\", \"value\": 1,"
                    " \"severity\": \"P3\"}"),
                LS_EINVAL, "rules[1] (id \"x\"): unknown severity \"P3\"");
  check_refused(ONE("{\"id\": \"x\", \"type\": \"threshold\", \"metric\": \"dau\", \"op\": \"below\"}"), LS_EINVAL,
                "rules[1] (id \"x\"): missing \"value\"");
  check_refused(ONE("{\"id\": \"x\", \"type\": \"threshold\", \"metric\": \"dau\", \"op\": \"rise\", \"value\": 1}"),
                LS_EINVAL, "rules[1] (id \"x\"): unknown op \"rise\"");
  check_refused(ONE("{\"id\": \"x\", \"type\": \"change\", \"metric\": \"dau\", \"op\": \"rise\", \"value\": -1}"),
                LS_EINVAL, "rules[1] (id \"x\"): \"value\" must be at least 0");
  check_refused(ONE("{\"id\": \"ok\", \"type\": \"entity\", \"dataset\": \"d\", \"conditions\": [{\"if\": \"a < 1\"}]}"),
                LS_EINVAL,
                "rules[1] (id \"ok\"): the id is already used by rules[0]");
  check_refused(ONE("{\"type\": \"entity\"}"), LS_EINVAL, "rules[1]: missing \"id\"");
  check_refused(ONE("{\"id\": \"x\", \"type\": \"alarm\"}"), LS_EINVAL, "rules[1] (id \"x\"): unknown type \"alarm\"");
  check_refused(ONE("{\"id\": \"x\", \"type\": \"anomaly\", \"metric\": \"count\", \"grain\": \"week\","
                    " \"detector\": \"seasonal\"}"),
                LS_EINVAL, "rules[1] (id \"x\"): the seasonal detector needs grain \"day\"");
  check_refused(ONE("{\"id\": \"x\", \"type\": \"threshold\", \"metric\": \"mrr\", \"event\": \"a\", \"op\": \"above\","
                    " \"value\": 1}"),
                LS_EINVAL, "rules[1] (id \"x\"): metric \"mrr\" takes no \"event\"");
  check_refused(ONE("{\"id\": \"x\", \"type\": \"threshold\", \"metric\": \"dau\", \"where\": {\"plan\": 3},"
                    " \"op\": \"above\", \"value\": 1}"),
                LS_EINVAL, "rules[1] (id \"x\"): where \"plan\" must be text");
  check_refused(ONE("{\"id\": \"x\", \"type\": \"anomaly\", \"metric\": \"dau\", \"window\": 2.5}"), LS_EINVAL,
                "rules[1] (id \"x\"): \"window\" must be a whole number");
  check_refused(ONE("{\"id\": \"x\", \"type\": \"threshold\", \"metric\": \"dau\", \"op\": \"above\", \"value\": 1,"
                    " \"enabled\": 1}"),
                LS_EINVAL, "rules[1] (id \"x\"): \"enabled\" must be true or false");
}

TEST(a_bad_entity_condition_or_unknown_key_should_refuse_the_file) {
  /* "andd" is no keyword: after the comparison roas < 1.5 (columns 1-10) the
     parser wants and, or or the end at column 12 */
  check_refused(ONE("{\"id\": \"ad\", \"type\": \"entity\", \"dataset\": \"m\", \"conditions\": "
                    "[{\"if\": \"roas < 1.5 andd spend_velocity > 2\", \"severity\": \"P0\"}]}"),
                LS_EINVAL, "rules[1] (id \"ad\"): conditions[0] \"roas < 1.5 andd spend_velocity > 2\": "
                           "at column 12: expected 'and', 'or' or the end, found a value");
  check_refused(ONE("{\"id\": \"ad\", \"type\": \"entity\", \"dataset\": \"m\", \"conditions\": []}"), LS_EINVAL,
                "rules[1] (id \"ad\"): \"conditions\" must be a non-empty array");
  check_refused(ONE("{\"id\": \"ad\", \"type\": \"entity\", \"conditions\": [{\"if\": \"a < 1\"}]}"), LS_EINVAL,
                "rules[1] (id \"ad\"): missing \"dataset\"");
  check_refused(ONE("{\"id\": \"ad\", \"type\": \"entity\", \"dataset\": \"m\", \"at\": \"daily\", "
                    "\"conditions\": [{\"if\": \"a < 1\"}]}"),
                LS_EINVAL, "rules[1] (id \"ad\"): unknown at \"daily\"");
  check_refused(ONE("{\"id\": \"ad\", \"type\": \"entity\", \"dataset\": \"m\", "
                    "\"conditions\": [{\"if\": \"a < 1\", \"severity\": \"P4\"}]}"),
                LS_EINVAL, "rules[1] (id \"ad\"): unknown severity \"P4\"");
  check_refused(ONE("{\"id\": \"x\", \"type\": \"threshold\", \"metric\": \"dau\", \"op\": \"above\", \"value\": 1,"
                    " \"severty\": \"P0\"}"),
                LS_EINVAL, "rules[1] (id \"x\"): unknown key \"severty\"");
  /* a key of another type: unit belongs to change rules */
  check_refused(ONE("{\"id\": \"x\", \"type\": \"threshold\", \"metric\": \"dau\", \"op\": \"above\", \"value\": 1,"
                    " \"unit\": \"percent\"}"),
                LS_EINVAL, "rules[1] (id \"x\"): unknown key \"unit\"");
  check_refused(ONE("{\"id\": \"x\", \"type\": \"entity\", \"dataset\": \"d\", \"conditions\": "
                    "[{\"if\": \"a < 1\", \"sevrity\": \"P0\"}]}"),
                LS_EINVAL, "rules[1] (id \"x\"): unknown key \"sevrity\" in conditions[0]");
  check_refused(ONE("{\"id\": \"x\", \"type\": \"entity\", \"dataset\": \"d\", \"rules\": [], \"conditions\": "
                    "[{\"if\": \"a < 1\"}]}"),
                LS_EINVAL, "rules[1] (id \"x\"): unknown key \"rules\"");
}

TEST(a_file_that_is_not_a_rules_object_should_be_refused) {
  check_refused("{\"rules\": [", LS_EPARSE, "the rules file is not JSON (near character 11)");
  check_refused("[]", LS_EINVAL, "the rules file must be an object with a \"rules\" array");
  check_refused("{\"rules\": [], \"flapping\": {\"window\": 1}}", LS_EINVAL,
                "flapping: \"window\" must be at least 2");
}

int main(void) {
  ls_alloc_init_json();
  RUN(a_full_file_should_read_into_typed_rules_with_defaults);
  RUN(the_flapping_policy_should_default_to_10_and_4);
  RUN(a_bad_rule_should_refuse_the_file_naming_the_rule_and_field);
  RUN(a_bad_entity_condition_or_unknown_key_should_refuse_the_file);
  RUN(a_file_that_is_not_a_rules_object_should_be_refused);
  return check_done();
}
