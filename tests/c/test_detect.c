/* test_detect.c: detection apart from the known exports: name normalising,
 * generic tables in English and Chinese, type rules, header signatures,
 * manual mapping, the documentation and the names of kinds and roles. */
#include <stdint.h>

#include "base/alloc.h"
#include "check.h"
#include "detect/detect.h"
#include "detect/detect_internal.h"
#include "detect_cols.h"

/* ---- names ---- */

TEST(normalize_should_drop_case_and_punctuation) {
  char b[64];
  ls_detect_normalize("Start Date (UTC)", b, sizeof b);
  CHECK_STR(b, "startdateutc");
  ls_detect_normalize("distinct_id", b, sizeof b);
  CHECK_STR(b, "distinctid");
  ls_detect_normalize("用户ID", b, sizeof b);
  CHECK_STR(b, "用户id");
  ls_detect_normalize("*.properties.$browser", b, sizeof b);
  CHECK_STR(b, "propertiesbrowser");
  ls_detect_normalize(NULL, b, sizeof b);
  CHECK_STR(b, "");
}

TEST(normalize_should_read_full_width_forms_as_ascii_and_drop_cjk_punctuation) {
  char b[64];
  ls_detect_normalize("金额（元）", b, sizeof b);
  CHECK_STR(b, "金额元");
  ls_detect_normalize("金额(元)", b, sizeof b);
  CHECK_STR(b, "金额元");
  ls_detect_normalize("用户ＩＤ", b, sizeof b);
  CHECK_STR(b, "用户id");
  ls_detect_normalize("【店铺】　评分、得分", b, sizeof b);
  CHECK_STR(b, "店铺评分得分");
  ls_detect_normalize("收/支", b, sizeof b);
  CHECK_STR(b, "收支");
}

TEST(normalize_should_keep_invalid_utf8_bytes_as_they_are) {
  char b[16];
  ls_detect_normalize("a\xff\xe4\xb8-B", b, sizeof b); /* a lone 0xff, a cut 3-byte sequence */
  CHECK_STR(b, "a\xff\xe4\xb8" "b");
}

TEST(normalize_should_cut_only_between_characters) {
  const char *full = "a金额元x"; /* the normal form of "Ａ金额（元）x": 1 + 3 + 3 + 3 + 1 bytes */
  for (size_t n = 1; n <= 14; n++) {
    char b[16];
    ls_detect_normalize("Ａ金额（元）x", b, n);
    size_t len = strlen(b), want = n > 11 ? 11 : n > 10 ? 10 : n > 7 ? 7 : n > 4 ? 4 : n > 1 ? 1 : 0;
    CHECK_INT(len, want);
    CHECK(strncmp(b, full, len) == 0);
  }
}

TEST(normalize_should_survive_any_bytes) {
  uint32_t x = 12345;
  for (int k = 0; k < 2000; k++) {
    char in[40], out[12];
    size_t len = 0;
    for (; len < sizeof in - 1; len++) {
      x = x * 1103515245u + 12345u;
      in[len] = (char)(x >> 24);
      if (!in[len]) break;
    }
    in[len] = '\0';
    size_t n = 1 + (size_t)k % sizeof out;
    ls_detect_normalize(in, out, n);
    CHECK(strlen(out) < n);
  }
}

/* ---- generic tables ---- */

TEST(detect_should_read_a_chinese_orders_table_as_payments) {
  const col c[] = {{"订单号", S}, {"用户ID", S}, {"下单时间", TM}, {"实付金额", D},
                   {"渠道", S},   {"订单状态", S}};
  ls_detection d;
  DETECT(c, &d);
  CHECK_INT(d.format, LS_FORMAT_GENERIC);
  CHECK_STR(ls_kind_name(d.kind), "payments");
  CHECK_STR(at(c, &d, LS_ROLE_ORDER_ID), "订单号");
  CHECK_STR(at(c, &d, LS_ROLE_CUSTOMER), "用户ID");
  CHECK_STR(at(c, &d, LS_ROLE_CREATED), "下单时间");
  CHECK_STR(at(c, &d, LS_ROLE_AMOUNT), "实付金额");
  CHECK_STR(at(c, &d, LS_ROLE_CHANNEL), "渠道");
  CHECK_STR(at(c, &d, LS_ROLE_STATUS), "订单状态");
  CHECK_STR(at(c, &d, LS_ROLE_USER), "-");
  CHECK_STR(d.reason,
            "Generic payments table by column names: customer_id, amount, status, created, channel, order_id");
}

TEST(detect_should_read_chinese_events_and_customers) {
  const col ev[] = {{"用户ID", S}, {"事件名", S}, {"时间", TM}, {"渠道", S}};
  const col cu[] = {{"会员ID", S}, {"注册时间", TM}, {"来源", S}, {"地区", S}};
  ls_detection d;
  DETECT(ev, &d);
  CHECK_INT(d.kind, LS_KIND_EVENTS);
  CHECK_STR(at(ev, &d, LS_ROLE_USER), "用户ID");
  CHECK_STR(at(ev, &d, LS_ROLE_EVENT), "事件名");
  CHECK_STR(at(ev, &d, LS_ROLE_TIMESTAMP), "时间");
  CHECK_STR(at(ev, &d, LS_ROLE_CHANNEL), "渠道");
  DETECT(cu, &d);
  CHECK_INT(d.kind, LS_KIND_CUSTOMERS);
  CHECK_STR(at(cu, &d, LS_ROLE_CUSTOMER), "会员ID");
  CHECK_STR(at(cu, &d, LS_ROLE_SIGNUP), "注册时间");
  CHECK_STR(at(cu, &d, LS_ROLE_CHANNEL), "来源");
  CHECK_STR(at(cu, &d, LS_ROLE_REGION), "地区");
  CHECK_STR(at(cu, &d, LS_ROLE_USER), "-");
}

TEST(detect_should_read_marketing_spend_in_chinese_and_english) {
  const col zh[] = {{"日期", TM}, {"广告计划", S}, {"花费", D}, {"展现量", I}, {"点击量", I}, {"转化数", I}};
  const col en[] = {{"Day", TM}, {"Campaign", S}, {"Cost", D}, {"Impr.", I}, {"Clicks", I},
                    {"Conversions", D}};
  ls_detection d;
  DETECT(zh, &d);
  CHECK_STR(ls_kind_name(d.kind), "marketing_spend");
  CHECK_STR(at(zh, &d, LS_ROLE_TIMESTAMP), "日期");
  CHECK_STR(at(zh, &d, LS_ROLE_CAMPAIGN), "广告计划");
  CHECK_STR(at(zh, &d, LS_ROLE_SPEND), "花费");
  CHECK_STR(at(zh, &d, LS_ROLE_IMPRESSIONS), "展现量");
  CHECK_STR(at(zh, &d, LS_ROLE_CLICKS), "点击量");
  CHECK_STR(at(zh, &d, LS_ROLE_CONVERSIONS), "转化数");
  CHECK_STR(at(zh, &d, LS_ROLE_PLAN), "-");
  DETECT(en, &d);
  CHECK_INT(d.kind, LS_KIND_SPEND);
  CHECK_STR(at(en, &d, LS_ROLE_TIMESTAMP), "Day");
  CHECK_STR(at(en, &d, LS_ROLE_SPEND), "Cost");
  CHECK_STR(at(en, &d, LS_ROLE_IMPRESSIONS), "Impr.");
}

TEST(detect_should_read_reviews_and_entity_scores) {
  const col rz[] = {{"店铺", S}, {"评分", D}, {"评价内容", S}, {"时间", TM}};
  const col re[] = {{"review_id", S}, {"product", S}, {"rating", I}, {"review_text", S},
                    {"created_at", TM}, {"user_id", S}};
  const col sz[] = {{"店铺ID", S}, {"日期", TM}, {"综合评分", D}};
  const col se[] = {{"shop_id", S}, {"hour", TM}, {"roas", D}, {"spend", D}};
  ls_detection d;
  DETECT(rz, &d);
  CHECK_STR(ls_kind_name(d.kind), "reviews");
  CHECK_STR(at(rz, &d, LS_ROLE_ENTITY), "店铺");
  CHECK_STR(at(rz, &d, LS_ROLE_SCORE), "评分");
  CHECK_STR(at(rz, &d, LS_ROLE_REVIEW_TEXT), "评价内容");
  CHECK_STR(at(rz, &d, LS_ROLE_TIMESTAMP), "时间");
  DETECT(re, &d);
  CHECK_INT(d.kind, LS_KIND_REVIEWS);
  CHECK_STR(at(re, &d, LS_ROLE_SCORE), "rating");
  CHECK_STR(at(re, &d, LS_ROLE_TIMESTAMP), "created_at");
  CHECK_STR(at(re, &d, LS_ROLE_USER), "user_id");
  CHECK_STR(at(re, &d, LS_ROLE_PLAN), "product");
  DETECT(sz, &d);
  CHECK_STR(ls_kind_name(d.kind), "entity_scores");
  CHECK_STR(at(sz, &d, LS_ROLE_ENTITY), "店铺ID");
  CHECK_STR(at(sz, &d, LS_ROLE_SCORE), "综合评分");
  DETECT(se, &d);
  CHECK_INT(d.kind, LS_KIND_SCORES); /* spend without a campaign or clicks is a score's companion */
  CHECK_STR(at(se, &d, LS_ROLE_SCORE), "roas");
  CHECK_STR(at(se, &d, LS_ROLE_SPEND), "spend");
}

TEST(detect_should_need_a_timestamp_typed_time_column) {
  /* a timestamp column that did not parse as times is no event time */
  ls_table *tb = ls_table_new("t.csv");
  ls_column_push_str(ls_table_add(tb, "distinct_id", S), "u", 1);
  ls_column_push_str(ls_table_add(tb, "event", S), "e", 1);
  ls_column_push_str(ls_table_add(tb, "timestamp", S), "yesterday", 9);
  ls_detection d;
  ls_detect(tb, &d);
  CHECK_INT(d.kind, LS_KIND_UNKNOWN);
  CHECK_INT(d.col[LS_ROLE_TIMESTAMP], -1);
  ls_table_free(tb);
}

/* a table of one's own database: events(id, user_id, name, created_at) */
static ls_detection own_events(const char *table) {
  ls_table *tb = ls_table_new(table);
  ls_table_add(tb, "id", I);
  ls_table_add(tb, "user_id", I);
  ls_table_add(tb, "name", S);
  ls_table_add(tb, "created_at", TM);
  ls_detection d;
  ls_detect(tb, &d);
  ls_table_free(tb);
  return d;
}

TEST(detect_should_read_name_as_the_event_of_a_table_named_events) {
  const char *yes[] = {"events", "ahoy_events", "AppEvents", "app-events.csv", "Event", "user event.jsonl"};
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
    ls_detection d = own_events(yes[i]);
    CHECK_INT(d.kind, LS_KIND_EVENTS);
    CHECK_INT(d.col[LS_ROLE_EVENT], 2);
    CHECK_INT(d.col[LS_ROLE_USER], 1);
    CHECK_INT(d.col[LS_ROLE_TIMESTAMP], 3);
  }
  /* elsewhere a name is a name: the table is a customers table by user_id and created_at */
  const char *no[] = {"users", "t.csv", "eventsx", "events_2026.csv", "prevents", "Appevents"};
  for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
    ls_detection d = own_events(no[i]);
    CHECK_INT(d.kind, LS_KIND_CUSTOMERS);
    CHECK_INT(d.col[LS_ROLE_EVENT], -1);
  }
}

TEST(detect_should_let_an_all_null_column_carry_any_role) {
  ls_table *tb = ls_table_new("t.csv");
  ls_column_push_str(ls_table_add(tb, "distinct_id", S), "u", 1);
  ls_column_push_str(ls_table_add(tb, "event", S), "e", 1);
  ls_column_push_null(ls_table_add(tb, "timestamp", S));
  ls_detection d;
  ls_detect(tb, &d);
  CHECK_INT(d.kind, LS_KIND_EVENTS);
  CHECK_INT(d.col[LS_ROLE_TIMESTAMP], 2);
  ls_table_free(tb);
}

TEST(detect_should_refuse_roles_to_columns_of_the_wrong_type) {
  const col c[] = {{"订单号", D}, {"用户ID", B}, {"下单时间", TM}, {"实付金额", S}};
  ls_detection d;
  DETECT(c, &d);
  CHECK_INT(d.kind, LS_KIND_UNKNOWN);
  CHECK_STR(at(c, &d, LS_ROLE_ORDER_ID), "-");
  CHECK_STR(at(c, &d, LS_ROLE_CUSTOMER), "-");
  CHECK_STR(at(c, &d, LS_ROLE_AMOUNT), "-");
  CHECK_STR(d.reason, "No known export or kind; roles read: created");
}

TEST(detect_should_leave_ambiguous_or_unrelated_tables_unknown) {
  const col a[] = {{"sku", S}, {"price", D}, {"weight", D}};
  const col b[] = {{"name", S}, {"value", D}, {"note", S}};
  const col c[] = {{"用户ID", S}, {"金额", D}};          /* money without a time */
  const col e[] = {{"event", S}, {"timestamp", TM}};    /* events without a user */
  ls_detection d;
  DETECT(a, &d);
  CHECK_INT(d.kind, LS_KIND_UNKNOWN);
  CHECK_STR(ls_kind_name(d.kind), "unknown");
  CHECK_STR(at(a, &d, LS_ROLE_AMOUNT), "price"); /* what could be read is still reported */
  DETECT(b, &d);
  CHECK_INT(d.kind, LS_KIND_UNKNOWN);
  CHECK_STR(d.reason, "No known export or kind");
  DETECT(c, &d);
  CHECK_INT(d.kind, LS_KIND_UNKNOWN);
  CHECK_STR(d.reason, "No known export or kind; roles read: customer_id, user_id, amount");
  DETECT(e, &d);
  CHECK_INT(d.kind, LS_KIND_UNKNOWN);
  ls_detect(NULL, &d);
  CHECK_INT(d.kind, LS_KIND_UNKNOWN);
  CHECK_INT(d.format, LS_FORMAT_GENERIC);
}

TEST(detect_should_read_roles_from_the_first_256_columns_only) {
  ls_table *t = ls_table_new("wide.csv");
  char name[16];
  for (int i = 0; i < 300; i++) {
    snprintf(name, sizeof name, "c%d", i);
    ls_table_add(t, i == 270 ? "distinct_id" : i == 271 ? "event" : i == 272 ? "timestamp" : name,
                 i == 272 ? TM : S);
  }
  ls_detection d;
  ls_detect(t, &d);
  CHECK_INT(d.kind, LS_KIND_UNKNOWN);
  CHECK_INT(d.col[LS_ROLE_USER], -1);
  ls_table_free(t);
}

TEST(detect_should_never_allocate) {
  ls_table *t = table_of(GA4, sizeof GA4 / sizeof GA4[0]);
  ls_detection d;
  ls_alloc_fail_after(1);
  ls_detect(t, &d);
  uint64_t sig = ls_detect_signature(t);
  CHECK_INT(ls_alloc_fail_after(0), 0);
  CHECK_INT(d.kind, LS_KIND_EVENTS);
  CHECK(sig != 0);
  ls_table_free(t);
}

TEST(detect_should_survive_any_column_names) {
  uint32_t x = 777;
  for (int k = 0; k < 300; k++) {
    ls_table *t = ls_table_new("fuzz.csv");
    int ncols = 1 + k % 9;
    for (int i = 0; i < ncols; i++) {
      char name[48];
      size_t len = 0;
      x = x * 1103515245u + 12345u;
      size_t want = (x >> 16) % sizeof name;
      for (; len < want; len++) {
        x = x * 1103515245u + 12345u;
        name[len] = (char)((x >> 24) | 1); /* any byte but NUL */
      }
      name[len] = '\0';
      ls_table_add(t, name, (ls_type)((x >> 8) % LS_TYPE_COUNT));
    }
    ls_detection d;
    ls_detect(t, &d);
    CHECK(d.kind >= 0 && d.kind < LS_KIND_COUNT);
    CHECK(strlen(d.reason) < sizeof d.reason);
    for (int r = 0; r < LS_ROLE_COUNT; r++) CHECK(d.col[r] >= -1 && d.col[r] < ncols);
    ls_detect_signature(t);
    ls_table_free(t);
  }
}

/* ---- header signatures ---- */

static uint64_t sig_of(const char *const *names, int n) {
  ls_table *t = ls_table_new("t.csv");
  for (int i = 0; i < n; i++) ls_table_add(t, names[i], S);
  uint64_t s = ls_detect_signature(t);
  ls_table_free(t);
  return s;
}

TEST(signature_should_be_fnv1a_of_normalised_names_joined_by_unit_separators) {
  char text[LS_DETECT_SIGNATURE_TEXT];
  const char *one[] = {"A"};
  ls_detect_signature_text(sig_of(one, 1), text);
  CHECK_STR(text, "af63dc4c8601ec8c"); /* FNV-1a 64 of "a" */
  const char *two[] = {"Customer ID", "Amount"};
  ls_detect_signature_text(sig_of(two, 2), text);
  CHECK_STR(text, "2bf7f03e504334f5"); /* of "customerid\x1f" "amount" */
  const char *zh[] = {"用户ID", "金额（元）"};
  ls_detect_signature_text(sig_of(zh, 2), text);
  CHECK_STR(text, "7d1aa43cb95bc26d"); /* of "用户id\x1f金额元" */
  ls_detect_signature_text(ls_detect_signature(NULL), text);
  CHECK_STR(text, "cbf29ce484222325");
}

TEST(signature_should_ignore_case_and_punctuation_but_not_order) {
  const char *a[] = {"Customer ID", "Start Date (UTC)", "Amount"};
  const char *b[] = {"customer_id", "start date utc", "AMOUNT"};
  const char *c[] = {"Customer ID", "Amount", "Start Date (UTC)"};
  const char *d[] = {"Customer ID", "Start Date (UTC)"};
  CHECK(sig_of(a, 3) == sig_of(a, 3));
  CHECK(sig_of(a, 3) == sig_of(b, 3));
  CHECK(sig_of(a, 3) != sig_of(c, 3));
  CHECK(sig_of(a, 3) != sig_of(d, 2));
  /* the separator keeps "ab","c" apart from "a","bc" */
  const char *e[] = {"ab", "c"}, *f[] = {"a", "bc"};
  CHECK(sig_of(e, 2) != sig_of(f, 2));
}

TEST(signature_should_read_whole_names_and_every_column) {
  char l1[200], l2[200];
  memset(l1, 'x', sizeof l1 - 1);
  l1[sizeof l1 - 1] = '\0';
  memcpy(l2, l1, sizeof l2);
  l2[150] = 'y'; /* past what detection keeps of a name */
  const char *a[] = {l1}, *b[] = {l2};
  CHECK(sig_of(a, 1) != sig_of(b, 1));
  ls_table *t = ls_table_new("wide.csv");
  for (int i = 0; i < 300; i++) ls_table_add(t, "c", S);
  uint64_t s1 = ls_detect_signature(t);
  ls_table_add(t, "c", S);
  CHECK(ls_detect_signature(t) != s1);
  ls_table_free(t);
}

/* ---- manual mapping ---- */

static int keep_all[LS_ROLE_COUNT];

static void keep_roles(void) {
  for (int r = 0; r < LS_ROLE_COUNT; r++) keep_all[r] = LS_DETECT_KEEP;
}

TEST(apply_should_set_a_kind_and_roles_the_user_chose) {
  const col c[] = {{"who", S}, {"what", S}, {"when", TM}, {"price", S}};
  ls_table *t = table_of(c, 4);
  ls_detection d;
  ls_detect(t, &d);
  CHECK_INT(d.kind, LS_KIND_UNKNOWN);
  keep_roles();
  keep_all[LS_ROLE_USER] = 0;
  keep_all[LS_ROLE_EVENT] = 1;
  keep_all[LS_ROLE_TIMESTAMP] = 2;
  char err[200] = "x";
  CHECK_INT(ls_detect_apply(t, LS_KIND_EVENTS, keep_all, &d, err, sizeof err), LS_OK);
  CHECK_STR(err, "");
  CHECK_INT(d.kind, LS_KIND_EVENTS);
  CHECK_INT(d.col[LS_ROLE_USER], 0);
  CHECK_INT(d.col[LS_ROLE_EVENT], 1);
  CHECK_INT(d.col[LS_ROLE_TIMESTAMP], 2);
  CHECK_INT(d.col[LS_ROLE_AMOUNT], -1);
  CHECK(d.flags & LS_DETECT_MANUAL);
  CHECK_STR(d.reason, "Set by hand: events dataset");
  ls_table_free(t);
}

TEST(apply_should_keep_a_detection_and_its_format_when_asked_to) {
  const col c[] = {{"plan_oid", S}, {"plan_name", S}, {"plan_amount", I}, {"customer_oid", S},
                   {"subscription_started_at", TM}, {"subscription_canceled_at", TM}};
  ls_table *t = table_of(c, 6);
  ls_detection d, before;
  ls_detect(t, &d);
  before = d;
  CHECK_INT(d.format, LS_FORMAT_BAREMETRICS_SUBSCRIPTIONS);
  CHECK_INT(ls_detect_apply(t, LS_DETECT_KEEP, NULL, &d, NULL, 0), LS_OK);
  CHECK_INT(d.kind, LS_KIND_SUBSCRIPTIONS);
  CHECK_INT(d.format, LS_FORMAT_BAREMETRICS_SUBSCRIPTIONS);
  CHECK_INT(d.flags, LS_DETECT_MINOR_UNITS | LS_DETECT_MANUAL);
  CHECK(memcmp(d.col, before.col, sizeof d.col) == 0);
  /* moving to another kind drops the roles that mean nothing there */
  keep_roles();
  keep_all[LS_ROLE_CREATED] = 4;
  CHECK_INT(ls_detect_apply(t, LS_KIND_PAYMENTS, keep_all, &d, NULL, 0), LS_OK);
  CHECK_INT(d.col[LS_ROLE_AMOUNT], 2);
  CHECK_INT(d.col[LS_ROLE_CUSTOMER], 3);
  CHECK_INT(d.col[LS_ROLE_START], -1);
  CHECK_INT(d.col[LS_ROLE_CANCELED_AT], 5);
  ls_table_free(t);
}

TEST(apply_should_refuse_a_mapping_with_reasons_and_leave_the_detection) {
  const col c[] = {{"who", S}, {"what", S}, {"when", TM}, {"price", S}};
  ls_table *t = table_of(c, 4);
  ls_detection d, before;
  ls_detect(t, &d);
  before = d;
  char err[200];

  keep_roles();
  keep_all[LS_ROLE_AMOUNT] = 3;
  keep_all[LS_ROLE_CREATED] = 2;
  CHECK_INT(ls_detect_apply(t, LS_KIND_PAYMENTS, keep_all, &d, err, sizeof err), LS_EINVAL);
  CHECK_STR(err, "t.csv: column \"price\" is string; the role amount needs a number column");

  keep_roles();
  keep_all[LS_ROLE_USER] = 9;
  CHECK_INT(ls_detect_apply(t, LS_KIND_EVENTS, keep_all, &d, err, sizeof err), LS_EINVAL);
  CHECK_STR(err, "t.csv: role user_id: no column 9 (the table has 4)");

  keep_roles();
  keep_all[LS_ROLE_CAC] = 3;
  CHECK_INT(ls_detect_apply(t, LS_KIND_EVENTS, keep_all, &d, err, sizeof err), LS_EINVAL);
  CHECK_STR(err, "t.csv: the role cac means nothing for events datasets (column \"price\")");

  keep_roles();
  keep_all[LS_ROLE_USER] = 0;
  CHECK_INT(ls_detect_apply(t, LS_KIND_EVENTS, keep_all, &d, err, sizeof err), LS_EINVAL);
  CHECK_STR(err, "t.csv: events datasets need a column for event (a text column)");

  CHECK_INT(ls_detect_apply(t, 99, NULL, &d, err, sizeof err), LS_EINVAL);
  CHECK_STR(err, "t.csv: no dataset kind 99");
  CHECK_INT(ls_detect_apply(t, -7, NULL, &d, NULL, 0), LS_EINVAL);
  CHECK_INT(ls_detect_apply(NULL, LS_KIND_EVENTS, NULL, &d, err, sizeof err), LS_EINVAL);

  CHECK(memcmp(&d, &before, sizeof d) == 0);
  ls_table_free(t);
}

/* ---- the documentation ---- */

TEST(docs_should_describe_every_format_kind_and_role) {
  const char *root = getenv("LS_SOURCE_DIR");
  char path[4096];
  snprintf(path, sizeof path, "%s/docs/formats.md", root ? root : ".");
  FILE *f = fopen(path, "rb");
  CHECK(f != NULL);
  if (!f) return;
  static char text[1 << 18];
  size_t n = fread(text, 1, sizeof text - 1, f);
  text[n] = '\0';
  fclose(f);
  char want[96];
  for (int k = 1; k < LS_FORMAT_COUNT; k++) {
    snprintf(want, sizeof want, "\n### %s\n", ls_format_name((ls_format)k));
    CHECK_HAS(text, want);
  }
  for (int k = 1; k < LS_KIND_COUNT; k++) {
    snprintf(want, sizeof want, "\n| `%s` |", ls_kind_name((ls_kind)k));
    CHECK_HAS(text, want);
  }
  for (int r = 0; r < LS_ROLE_COUNT; r++) {
    snprintf(want, sizeof want, "\n| `%s` | ", ls_role_name((ls_role)r));
    CHECK_HAS(text, want);
  }
  /* each format's section names every column it lists */
  size_t nf;
  const ls_format_spec *specs = ls_detect_formats(&nf);
  for (size_t i = 0; i < nf; i++) {
    snprintf(want, sizeof want, "\n### %s\n", ls_format_name(specs[i].format));
    const char *sec = strstr(text, want), *end = sec ? strstr(sec + 1, "\n### ") : NULL;
    CHECK(sec != NULL);
    if (!sec) continue;
    for (size_t j = 0; j < specs[i].ncols; j++) {
      const char *names = specs[i].cols[j].names, *bar = strchr(names, '|');
      snprintf(want, sizeof want, "`%.*s`", (int)(bar ? (size_t)(bar - names) : strlen(names)), names);
      const char *hit = strstr(sec, want);
      if (!hit || (end && hit > end)) CHECK_FAIL_("%s: %s not in its section", ls_format_name(specs[i].format), want);
    }
  }
}

/* ---- names of things ---- */

TEST(names_should_be_stable_identifiers_both_ways) {
  CHECK_STR(ls_kind_name(LS_KIND_SUBSCRIPTIONS), "subscriptions");
  CHECK_STR(ls_role_name(LS_ROLE_CUSTOMER), "customer_id");
  CHECK_STR(ls_role_name(LS_ROLE_FEE), "fee");
  CHECK_STR(ls_format_name(LS_FORMAT_WECHAT_BILL), "wechat_bill");
  CHECK_STR(ls_format_title(LS_FORMAT_SHOPIFY_ORDERS), "Shopify orders export");
  CHECK_STR(ls_kind_name((ls_kind)LS_KIND_COUNT), "?");
  CHECK_STR(ls_role_name((ls_role)-1), "?");
  for (int k = 0; k < LS_KIND_COUNT; k++) CHECK_INT(ls_kind_from_name(ls_kind_name((ls_kind)k)), k);
  for (int r = 0; r < LS_ROLE_COUNT; r++) CHECK_INT(ls_role_from_name(ls_role_name((ls_role)r)), r);
  for (int f = 0; f < LS_FORMAT_COUNT; f++) CHECK_INT(ls_format_from_name(ls_format_name((ls_format)f)), f);
  CHECK_INT(ls_kind_from_name("orders"), -1);
  CHECK_INT(ls_role_from_name(NULL), -1);
  /* every kind's required roles mean something for it */
  for (int k = 0; k < LS_KIND_COUNT; k++)
    CHECK((ls_detect_required((ls_kind)k) & ~ls_detect_roles_of((ls_kind)k)) == 0);
}

int main(void) {
  RUN(normalize_should_drop_case_and_punctuation);
  RUN(normalize_should_read_full_width_forms_as_ascii_and_drop_cjk_punctuation);
  RUN(normalize_should_keep_invalid_utf8_bytes_as_they_are);
  RUN(normalize_should_cut_only_between_characters);
  RUN(normalize_should_survive_any_bytes);
  RUN(detect_should_read_a_chinese_orders_table_as_payments);
  RUN(detect_should_read_chinese_events_and_customers);
  RUN(detect_should_read_marketing_spend_in_chinese_and_english);
  RUN(detect_should_read_reviews_and_entity_scores);
  RUN(detect_should_need_a_timestamp_typed_time_column);
  RUN(detect_should_let_an_all_null_column_carry_any_role);
  RUN(detect_should_refuse_roles_to_columns_of_the_wrong_type);
  RUN(detect_should_leave_ambiguous_or_unrelated_tables_unknown);
  RUN(detect_should_read_roles_from_the_first_256_columns_only);
  RUN(detect_should_never_allocate);
  RUN(detect_should_survive_any_column_names);
  RUN(signature_should_be_fnv1a_of_normalised_names_joined_by_unit_separators);
  RUN(signature_should_ignore_case_and_punctuation_but_not_order);
  RUN(signature_should_read_whole_names_and_every_column);
  RUN(apply_should_set_a_kind_and_roles_the_user_chose);
  RUN(apply_should_keep_a_detection_and_its_format_when_asked_to);
  RUN(apply_should_refuse_a_mapping_with_reasons_and_leave_the_detection);
  RUN(docs_should_describe_every_format_kind_and_role);
  RUN(detect_should_read_name_as_the_event_of_a_table_named_events);
  RUN(names_should_be_stable_identifiers_both_ways);
  return check_done();
}
