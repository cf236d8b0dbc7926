/* test_recon.c: reconciliation rules (monitor/recon.h).
 *
 * The fixture pair data/fixtures/recharge_orders.csv (30 orders 1001..1030,
 * ten a day on 1, 2 and 3 March 2026) and payment_callbacks.csv (30 rows),
 * counted by hand:
 *   orders per day: 1001-1010 on the 1st, 1011-1020 on the 2nd, 1021-1030 on the 3rd
 *   1007 (98.00, 1st) and 1024 (50.00, 3rd) have no callback  -> missing_in_right 2
 *   callback 1099 (20.00, 3rd 21:00) has no order              -> missing_in_left 1
 *   1012 (30.00, 2nd) has two callbacks of 30.00              -> duplicate_right 1
 *   1005 paid 3.00 for 30.00 (1st), 1018 paid 66.00 for 68.00 (2nd) -> mismatched 2
 *   1021 paid 98.01 for 98.00: |diff| 0.01 is not > tolerance 0.01 -> not mismatched
 *   matched = 30 orders - 2 missing = 28 keys on both sides
 *   amount_left: day 1 10+30+50+10+30+68+98+10+30+50 = 386, day 2
 *     10+30+50+10+30+68+98+68+10+50 = 424, day 3 98+10+30+50+10+68+30+10+50+98 = 454;
 *     386+424+454 = 1264
 *   amount_right: 1264 - 98 - 50 (missing) = 1116; -27 (1005) = 1089; -2 (1018) = 1087;
 *     +0.01 (1021) = 1087.01; +30 (1012's second row) = 1117.01; +20 (1099) = 1137.01
 *   per day (a key's day: its order's, else its callback's):
 *     1st: matched 9, missing_in_right 1 (1007), mismatched 1 (1005)
 *     2nd: matched 10, duplicate_right 1 (1012), mismatched 1 (1018)
 *     3rd: matched 9, missing_in_right 1 (1024), missing_in_left 1 (1099)
 *   examples in key order: 1005 mismatched, 1007 missing_in_right, 1012
 *     duplicate_right, 1018 mismatched, 1024 missing_in_right, 1099 missing_in_left */
#include <stdint.h>

#include "base/alloc.h"
#include "check.h"
#include "fixtures.h"
#include "json_get.h"
#include "monitor/recon.h"

static const char *RULE =
    "{\"id\": \"recharge-audit\", \"type\": \"reconcile\", \"grain\": \"day\", \"severity\": \"P1\","
    " \"left\": {\"dataset\": \"recharge_orders\", \"key\": \"order_id\", \"amount\": \"amount\"},"
    " \"right\": {\"dataset\": \"payment_callbacks.csv\", \"key\": \"ORDER_ID\", \"amount\": \"paid_amount\"},"
    " \"tolerance\": 0.01}";

static ls_workspace *recharge_ws(void) {
  const char *dir = getenv("LS_SOURCE_DIR");
  ls_workspace *ws = ls_workspace_new();
  const char *files[] = {"recharge_orders.csv", "payment_callbacks.csv"};
  for (int i = 0; i < 2; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/data/fixtures/%s", dir ? dir : ".", files[i]);
    if (ls_workspace_load_path(ws, path) != LS_OK) CHECK_FAIL_("cannot load %s: %s", path, ls_workspace_errmsg(ws));
  }
  return ws;
}


/* Evaluate rule text on ws at at: the result object (NULL on failure) in
 * *res, alerts in *alerts; both owned by the returned array pair. */
typedef struct {
  cJSON *results, *alerts, *rule;
  ls_status st;
  ls_workspace *ws; /* freed with the run when set */
} run;

static run eval(ls_workspace *ws, const char *rule, int64_t at) {
  run r = {cJSON_CreateArray(), cJSON_CreateArray(), cJSON_Parse(rule), LS_OK, NULL};
  r.st = ls_recon_eval(ws, r.rule, at, r.results, r.alerts);
  return r;
}
/* RULE over the fixture pair, owning its workspace */
static run audit(int64_t at) {
  ls_workspace *ws = recharge_ws();
  run r = eval(ws, RULE, at);
  r.ws = ws;
  return r;
}
static void run_free(run *r) {
  cJSON_Delete(r->results);
  cJSON_Delete(r->alerts);
  cJSON_Delete(r->rule);
  ls_workspace_free(r->ws);
}

/* the six counts of a result or period object, in the order of the contract */
static const char *const COUNTS[6] = {"matched",        "missing_in_right", "missing_in_left",
                                      "duplicate_left", "duplicate_right",  "mismatched"};
static void check_counts(const cJSON *o, const double want[6]) {
  for (int i = 0; i < 6; i++)
    if (num(o, COUNTS[i]) != want[i]) CHECK_FAIL_("%s is %g, expected %g", COUNTS[i], num(o, COUNTS[i]), want[i]);
}

/* the periods of result o: n of them, named day[i], with the counts want[i] */
static void check_periods(const cJSON *o, int n, const char *const day[], const double want[][6]) {
  const cJSON *pp = cJSON_GetObjectItemCaseSensitive(o, "periods");
  CHECK_INT(cJSON_GetArraySize(pp), n);
  for (int i = 0; i < n && i < cJSON_GetArraySize(pp); i++) {
    CHECK_STR(str(cJSON_GetArrayItem(pp, i), "period"), day[i]);
    check_counts(cJSON_GetArrayItem(pp, i), want[i]);
  }
}

TEST(recharge_audit_should_count_every_planted_problem) {
  run r = audit(INT64_MIN);
  CHECK_INT(r.st, LS_OK);
  CHECK_INT(cJSON_GetArraySize(r.results), 1);
  const cJSON *o = cJSON_GetArrayItem(r.results, 0);
  CHECK_STR(str(o, "rule"), "recharge-audit");
  CHECK_STR(str(o, "left"), "recharge_orders.csv");
  CHECK_STR(str(o, "right"), "payment_callbacks.csv");
  check_counts(o, (const double[6]){28, 2, 1, 0, 1, 2});
  CHECK_NUM(num(o, "amount_left"), 1264, 1e-9);
  CHECK_NUM(num(o, "amount_right"), 1137.01, 1e-9);
  run_free(&r);
}

TEST(recharge_audit_should_list_examples_in_key_order) {
  run r = audit(INT64_MIN);
  const cJSON *ex = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(r.results, 0), "examples");
  const char *want[][2] = {{"1005", "mismatched"},      {"1007", "missing_in_right"}, {"1012", "duplicate_right"},
                           {"1018", "mismatched"},      {"1024", "missing_in_right"}, {"1099", "missing_in_left"}};
  CHECK_INT(cJSON_GetArraySize(ex), 6);
  for (int i = 0; i < 6 && i < cJSON_GetArraySize(ex); i++) {
    CHECK_STR(str(cJSON_GetArrayItem(ex, i), "key"), want[i][0]);
    CHECK_STR(str(cJSON_GetArrayItem(ex, i), "problem"), want[i][1]);
  }
  /* 1005: 30.00 ordered, 3.00 paid; 1099: no order, 20.00 paid */
  CHECK_NUM(num(cJSON_GetArrayItem(ex, 0), "left_amount"), 30, 0);
  CHECK_NUM(num(cJSON_GetArrayItem(ex, 0), "right_amount"), 3, 0);
  CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(ex, 5), "left_amount")));
  CHECK_NUM(num(cJSON_GetArrayItem(ex, 5), "right_amount"), 20, 0);
  run_free(&r);
}

TEST(recharge_audit_should_count_per_day_of_the_order) {
  run r = audit(INT64_MIN);
  /* the counts per day, from the top of the file */
  const char *day[3] = {"2026-03-01", "2026-03-02", "2026-03-03"};
  const double want[3][6] = {{9, 1, 0, 0, 0, 1}, {10, 0, 0, 0, 1, 1}, {9, 1, 1, 0, 0, 0}};
  check_periods(cJSON_GetArrayItem(r.results, 0), 3, day, want);
  run_free(&r);
}

TEST(recharge_audit_should_raise_one_alert_with_the_problem_count) {
  run r = audit(INT64_MIN);
  CHECK_INT(cJSON_GetArraySize(r.alerts), 1);
  const cJSON *a = cJSON_GetArrayItem(r.alerts, 0);
  CHECK_STR(str(a, "kind"), "reconcile");
  CHECK_STR(str(a, "severity"), "P1");
  /* 2 + 1 + 1 + 2 problems */
  CHECK_NUM(num(a, "problems"), 6, 0);
  CHECK_STR(str(a, "text"), "recharge-audit: 2 missing in payment_callbacks.csv, 1 missing in recharge_orders, "
                            "1 duplicated in payment_callbacks.csv, 2 amount mismatches (28 matched)");
  run_free(&r);
}

TEST(an_instant_should_leave_out_the_rows_from_it_on) {
  /* before the 3rd: orders 1001..1020 and their callbacks; 1007 missing (1), 1012 twice,
   * 1005 and 1018 mismatched; 20 keys - 1 missing = 19 matched; no orphan (1099 is on the 3rd) */
  run r = audit(T("2026-03-03"));
  const cJSON *o = cJSON_GetArrayItem(r.results, 0);
  check_counts(o, (const double[6]){19, 1, 0, 0, 1, 2});
  /* 386 + 424 */
  CHECK_NUM(num(o, "amount_left"), 810, 1e-9);
  run_free(&r);
}

TEST(a_tighter_tolerance_should_catch_the_cent) {
  ls_workspace *ws = recharge_ws();
  /* tolerance 0: 1021 (98.00 vs 98.01) mismatches too: 2 + 1 */
  char rule[1024];
  snprintf(rule, sizeof rule, "%s", RULE);
  char *tol = strstr(rule, "0.01}");
  memcpy(tol, "0   }", 5);
  run r = eval(ws, rule, INT64_MIN);
  CHECK_INT(r.st, LS_OK);
  CHECK_NUM(num(cJSON_GetArrayItem(r.results, 0), "mismatched"), 3, 0);
  ls_workspace_free(ws);
  run_free(&r);
}

/* keys in an int column and a text column; left k1 twice (duplicate_left), amounts absent */
static ls_workspace *mixed_ws(void) {
  ls_workspace *ws = ls_workspace_new();
  ls_table *a = ls_table_new("left.csv"), *b = ls_table_new("right.csv");
  ls_column *ka = ls_table_add(a, "id", LS_TYPE_INT64), *kb = ls_table_add(b, "Ref", LS_TYPE_STRING);
  const int64_t left[] = {7, 8, 8, 12};
  for (int i = 0; i < 4; i++) ls_column_push_i64(ka, left[i]);
  ls_column_push_null(ka);
  const char *right[] = {"7", "8", "012", "9"};
  for (int i = 0; i < 4; i++) ls_column_push_str(kb, right[i], strlen(right[i]));
  ls_workspace_add(ws, a);
  ls_workspace_add(ws, b);
  return ws;
}

TEST(an_int_key_should_match_the_same_digits_as_text) {
  ls_workspace *ws = mixed_ws();
  run r = eval(ws,
               "{\"id\": \"m\", \"type\": \"reconcile\", \"left\": {\"dataset\": \"left\", \"key\": \"ID\"},"
               " \"right\": {\"dataset\": \"right\", \"key\": \"ref\"}}",
               INT64_MIN);
  CHECK_INT(r.st, LS_OK);
  const cJSON *o = cJSON_GetArrayItem(r.results, 0);
  /* 7 and 8 match; 12 is not "012" (keys compare as text): 12 missing in right, "012" and
   * "9" missing in left; 8 twice on the left; the null key is skipped; no amounts */
  check_counts(o, (const double[6]){2, 1, 2, 1, 0, 0});
  CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(o, "amount_left")));
  CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "periods")), 0);
  /* 1 + 2 + 1 problems, severity by default P2 */
  CHECK_NUM(num(cJSON_GetArrayItem(r.alerts, 0), "problems"), 4, 0);
  CHECK_STR(str(cJSON_GetArrayItem(r.alerts, 0), "severity"), "P2");
  ls_workspace_free(ws);
  run_free(&r);
}

/* keys with a time column "at" whose first row has no time */
static ls_workspace *late_time_ws(void) {
  ls_workspace *ws = ls_workspace_new();
  ls_table *a = ls_table_new("left.csv"), *b = ls_table_new("right.csv");
  ls_column *ka = ls_table_add(a, "id", LS_TYPE_STRING), *ta = ls_table_add(a, "at", LS_TYPE_TIME);
  ls_column *kb = ls_table_add(b, "id", LS_TYPE_STRING), *tb = ls_table_add(b, "at", LS_TYPE_TIME);
  /* left: a (no time), a (2nd), b (1st); right: a, b (no times), c (no time), c (3rd) */
  const char *lk[] = {"a", "a", "b"}, *rk[] = {"a", "b", "c", "c"};
  const int64_t lt[] = {0, T("2026-03-02"), T("2026-03-01")}, rt[] = {0, 0, 0, T("2026-03-03")};
  for (int i = 0; i < 3; i++) {
    ls_column_push_str(ka, lk[i], 1);
    if (lt[i]) ls_column_push_i64(ta, lt[i]);
    else ls_column_push_null(ta);
  }
  for (int i = 0; i < 4; i++) {
    ls_column_push_str(kb, rk[i], 1);
    if (rt[i]) ls_column_push_i64(tb, rt[i]);
    else ls_column_push_null(tb);
  }
  ls_workspace_add(ws, a);
  ls_workspace_add(ws, b);
  return ws;
}

TEST(a_key_should_take_its_time_from_its_first_row_that_has_one) {
  /* a: first left row untimed, second on the 2nd: its period is the 2nd
   * (matched, duplicate_left); b: the 1st (matched); c only on the right,
   * first row untimed, second on the 3rd: the 3rd (missing_in_left,
   * duplicate_right). Taking the first row's time only left a and c out. */
  ls_workspace *ws = late_time_ws();
  const char *rule = "{\"id\": \"t\", \"type\": \"reconcile\", \"left\": {\"dataset\": "
                     "\"left\", \"key\": \"id\"}, \"right\": {\"dataset\": \"right\", \"key\": \"id\"}}";
  run r = eval(ws, rule, INT64_MIN);
  CHECK_INT(r.st, LS_OK);
  check_counts(cJSON_GetArrayItem(r.results, 0), (const double[6]){2, 0, 1, 1, 1, 0});
  const char *day[3] = {"2026-03-01", "2026-03-02", "2026-03-03"};
  const double want[3][6] = {{1, 0, 0, 0, 0, 0}, {1, 0, 0, 1, 0, 0}, {0, 0, 1, 0, 1, 0}};
  check_periods(cJSON_GetArrayItem(r.results, 0), 3, day, want);
  ls_workspace_free(ws);
  run_free(&r);
}

TEST(malformed_rules_should_say_what_is_wrong) {
  ls_workspace *ws = recharge_ws();
  struct {
    const char *rule;
    ls_status st;
    const char *msg;
  } cases[] = {
      {"{\"id\": \"x\", \"type\": \"reconcile\", \"left\": {\"dataset\": \"refunds\", \"key\": \"order_id\"},"
       " \"right\": {\"dataset\": \"payment_callbacks\", \"key\": \"order_id\"}}",
       LS_ENODATA, "reconcile rule \"x\": no dataset \"refunds\" is loaded (left)"},
      {"{\"id\": \"x\", \"type\": \"reconcile\", \"left\": {\"dataset\": \"recharge_orders\", \"key\": \"order\"},"
       " \"right\": {\"dataset\": \"payment_callbacks\", \"key\": \"order_id\"}}",
       LS_EINVAL, "reconcile rule \"x\": recharge_orders.csv has no column \"order\""},
      {"{\"id\": \"x\", \"type\": \"reconcile\", \"left\": {\"dataset\": \"recharge_orders\", \"key\": \"order_id\","
       " \"amount\": \"user_id\"}, \"right\": {\"dataset\": \"payment_callbacks\", \"key\": \"order_id\"}}",
       LS_EINVAL, "recharge_orders.csv has no numeric column \"user_id\""},
      {"{\"id\": \"x\", \"type\": \"reconcile\", \"left\": {\"dataset\": \"recharge_orders\", \"key\": \"order_id\","
       " \"amount\": \"amount\"}, \"right\": {\"dataset\": \"payment_callbacks\", \"key\": \"order_id\"}}",
       LS_EINVAL, "give an amount on both sides or neither"},
      {"{\"id\": \"x\", \"type\": \"reconcile\", \"left\": {\"dataset\": \"recharge_orders\"}}", LS_EINVAL,
       "\"left\" needs {\"dataset\", \"key\"}"},
      {"{\"id\": \"x\", \"type\": \"reconcile\", \"tolerance\": -1}", LS_EINVAL, "tolerance must be a number >= 0"},
      {"{\"id\": \"x\", \"type\": \"reconcile\", \"grain\": \"hour\"}", LS_EINVAL, "unknown grain \"hour\""},
      {"{\"type\": \"reconcile\"}", LS_EINVAL, "reconcile rule: no \"id\""},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    run r = eval(ws, cases[i].rule, INT64_MIN);
    CHECK_INT(r.st, cases[i].st);
    CHECK_HAS(ls_workspace_errmsg(ws), cases[i].msg);
    CHECK_INT(cJSON_GetArraySize(r.results), 0);
    CHECK_INT(cJSON_GetArraySize(r.alerts), 0);
    run_free(&r);
  }
  ls_workspace_free(ws);
}

TEST(a_dataset_should_be_found_by_its_kind_too) {
  ls_workspace *ws = recharge_ws();
  int di = -1;
  for (size_t i = 0; i < ls_workspace_count(ws); i++)
    if (strcmp(ls_table_name(ls_workspace_table(ws, i)), "recharge_orders.csv") == 0) di = (int)i;
  CHECK(di >= 0);
  const char *kind = ls_kind_name(ls_workspace_detection(ws, (size_t)di)->kind);
  char rule[512];
  /* the orders' kind names the orders when no table is named so (the first of that kind) */
  snprintf(rule, sizeof rule,
           "{\"id\": \"k\", \"type\": \"reconcile\", \"left\": {\"dataset\": \"%s\", \"key\": \"order_id\"},"
           " \"right\": {\"dataset\": \"recharge_orders\", \"key\": \"order_id\"}}",
           kind);
  run r = eval(ws, rule, INT64_MIN);
  CHECK_INT(r.st, LS_OK);
  /* the first dataset of that kind is the orders themselves only if loaded first: orders are */
  CHECK_STR(str(cJSON_GetArrayItem(r.results, 0), "left"), "recharge_orders.csv");
  /* the orders against themselves: 30 keys matched, no problem, no alert */
  CHECK_NUM(num(cJSON_GetArrayItem(r.results, 0), "matched"), 30, 0);
  CHECK_INT(cJSON_GetArraySize(r.alerts), 0);
  ls_workspace_free(ws);
  run_free(&r);
}

/* One lookup serves every rule (entity, reconcile, the monitor's no_data):
 * the file name with or without its extension, case ignored, else a kind. */
static void a_rule_names_a_dataset_by_file_name_or_kind(void) {
  ls_workspace *ws = recharge_ws(); /* recharge_orders.csv is 0, payment_callbacks.csv is 1 */
  CHECK(ls_workspace_find_named(ws, "recharge_orders.csv") == 0);
  CHECK(ls_workspace_find_named(ws, "Recharge_Orders") == 0);
  CHECK(ls_workspace_find_named(ws, "PAYMENT_CALLBACKS.CSV") == 1);
  CHECK(ls_workspace_find_named(ws, "payment_callbacks.c") == -1);
  CHECK(ls_workspace_find_named(ws, "payment") == -1);
  CHECK(ls_workspace_find_named(ws, NULL) == -1);
  int kind = ls_workspace_find(ws, ls_workspace_detection(ws, 1)->kind);
  CHECK(ls_workspace_find_named(ws, ls_kind_name(ls_workspace_detection(ws, 1)->kind)) == kind);
  ls_workspace_free(ws);
}

int main(void) {
  ls_alloc_init_json();
  RUN(a_rule_names_a_dataset_by_file_name_or_kind);
  RUN(recharge_audit_should_count_every_planted_problem);
  RUN(recharge_audit_should_list_examples_in_key_order);
  RUN(recharge_audit_should_count_per_day_of_the_order);
  RUN(recharge_audit_should_raise_one_alert_with_the_problem_count);
  RUN(an_instant_should_leave_out_the_rows_from_it_on);
  RUN(a_tighter_tolerance_should_catch_the_cent);
  RUN(an_int_key_should_match_the_same_digits_as_text);
  RUN(a_key_should_take_its_time_from_its_first_row_that_has_one);
  RUN(malformed_rules_should_say_what_is_wrong);
  RUN(a_dataset_should_be_found_by_its_kind_too);
  return check_done();
}
