/* test_privacy.c: personal-data columns (privacy/pii.h), SipHash-2-4 and the
 * tokens (privacy/siphash.h, privacy/mask.h), and masking in SQL and in the
 * masked CSV: worked examples, published vectors and false-positive guards. */
#include <stdint.h>

#include "base/alloc.h"
#include "check.h"
#include "fixtures.h"
#include "json_get.h"
#include "monitor/entity.h"
#include "privacy/mask.h"
#include "privacy/pii.h"
#include "privacy/siphash.h"
#include "source_file.h"
#include "sql/sql.h"
#include "workspace/workspace.h"

static const uint8_t KEY[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
static const uint8_t MSG[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

#define IS(fn, s) fn(s, strlen(s))

/* ---- SipHash-2-4 and tokens ---- */

/* The reference implementation's vectors (key 00..0f, message 00..n-1); the
 * n = 15 one is the worked example of the paper's appendix A. */
TEST(siphash_should_give_the_published_vectors) {
  CHECK(ls_siphash24(KEY, NULL, 0) == 0x726fdb47dd0e0e31ull);
  CHECK(ls_siphash24(KEY, MSG, 1) == 0x74f839c593dc67fdull);
  CHECK(ls_siphash24(KEY, MSG, 8) == 0x93f5f5799a932462ull);
  CHECK(ls_siphash24(KEY, MSG, 15) == 0xa129ca6149be45e5ull);
  CHECK(ls_siphash24(KEY, MSG, 16) == 0x3f2acc7f57c29bdbull);
}

/* The token of the paper's 15-byte message: the tag a129ca6149be45e5 has the
 * bytes e5 45 be 49 61 ca 29 a1 little-endian; the first six in hex are
 * "e545be4961ca". */
TEST(token_should_be_the_kind_and_twelve_hex_of_the_tag) {
  char out[LS_MASK_TOKEN_MAX];
  size_t n = ls_mask_token(KEY, LS_PII_EMAIL, (const char *)MSG, 15, out);
  CHECK_INT(n, 18);
  CHECK(strcmp(out, "email:e545be4961ca") == 0);
  ls_mask_token(KEY, LS_PII_PHONE, (const char *)MSG, 15, out);
  CHECK(strcmp(out, "phone:e545be4961ca") == 0);
  /* the empty value: 726fdb47dd0e0e31 is 31 0e 0e dd 47 db … */
  ls_mask_token(KEY, LS_PII_IP, NULL, 0, out);
  CHECK(strcmp(out, "ip:310e0edd47db") == 0);
}

TEST(token_should_depend_on_the_salt_and_stay_a_token) {
  uint8_t other[16] = {0};
  char a[LS_MASK_TOKEN_MAX], b[LS_MASK_TOKEN_MAX], c[LS_MASK_TOKEN_MAX];
  ls_mask_token(KEY, LS_PII_EMAIL, "ann@example.com", 15, a);
  ls_mask_token(other, LS_PII_EMAIL, "ann@example.com", 15, b);
  CHECK(strcmp(a, b) != 0);
  CHECK(ls_mask_is_token(a, strlen(a)));
  ls_mask_token(other, LS_PII_EMAIL, a, strlen(a), c); /* a masked file read again */
  CHECK(strcmp(a, c) == 0);
  CHECK(!IS(ls_mask_is_token, "email:E545BE4961CA"));
  CHECK(!IS(ls_mask_is_token, "mail:e545be4961ca"));
  CHECK(!IS(ls_mask_is_token, "email:e545be4961c"));
}

/* ---- shapes ---- */

TEST(shapes_should_accept_personal_values) {
  CHECK(IS(ls_pii_is_email, "ann@example.com"));
  CHECK(IS(ls_pii_is_email, " o'neil+tag@mail.example.co.uk "));
  CHECK(IS(ls_pii_is_ip, "192.0.2.10"));
  CHECK(IS(ls_pii_is_ip, "2001:db8::1"));
  CHECK(IS(ls_pii_is_ip, "::ffff:192.0.2.1"));
  CHECK(IS(ls_pii_is_ip, "2001:0db8:0000:0000:0000:ff00:0042:8329"));
  CHECK(IS(ls_pii_is_phone, "+1 (555) 010-0100"));
  CHECK(IS(ls_pii_is_phone, "+8613800138000"));
  CHECK(IS(ls_pii_is_phone, "555.010.0199"));
  CHECK(IS(ls_pii_is_card, "4111 1111 1111 1111"));  /* Luhn sum 30 */
  CHECK(IS(ls_pii_is_card, "4242-4242-4242-4242"));  /* Luhn sum 80 */
}

TEST(shapes_should_refuse_lookalikes) {
  CHECK(!IS(ls_pii_is_email, "ann@localhost"));
  CHECK(!IS(ls_pii_is_email, "@example.com"));
  CHECK(!IS(ls_pii_is_email, "ann@example.c0m"));
  CHECK(!IS(ls_pii_is_email, "a b@example.com"));
  CHECK(!IS(ls_pii_is_ip, "256.1.1.1"));
  CHECK(!IS(ls_pii_is_ip, "1.2.3"));
  CHECK(!IS(ls_pii_is_ip, "10:00:00"));          /* a time */
  CHECK(!IS(ls_pii_is_ip, "1:2:3:4:5:6:7:8:9"));
  CHECK(!IS(ls_pii_is_ip, "1::2::3"));
  CHECK(!IS(ls_pii_is_phone, "13800138000"));    /* bare digits: an id as much as a phone */
  CHECK(!IS(ls_pii_is_phone, "2025-01-05"));     /* a date */
  CHECK(!IS(ls_pii_is_phone, "05.01.2025"));
  CHECK(!IS(ls_pii_is_phone, "1234567.89"));     /* an amount */
  CHECK(!IS(ls_pii_is_phone, "-1234567"));
  CHECK(!IS(ls_pii_is_phone, "+12 345"));        /* 5 digits */
  CHECK(!IS(ls_pii_is_phone, "2025-01-05 10:00"));
  CHECK(!IS(ls_pii_is_card, "4111 1111 1111 1112")); /* Luhn sum 31 */
  CHECK(!IS(ls_pii_is_card, "411111111111"));        /* 12 digits */
}

/* ---- columns ---- */

static ls_pii pii_named(const ls_workspace *ws, size_t set, const char *name) {
  const ls_table *t = ls_workspace_table(ws, set);
  for (size_t c = 0; c < ls_table_ncols(t); c++)
    if (strcmp(ls_column_name(ls_table_col(t, c)), name) == 0) return ls_mask_kind(ws, set, c);
  CHECK_FAIL_("no column %s", name);
  return LS_PII_COUNT;
}

static ls_workspace *privacy_ws(void) {
  ls_workspace *ws = source_workspace("data/fixtures/privacy_customers.csv");
  const char *dir = getenv("LS_SOURCE_DIR");
  char path[4096];
  snprintf(path, sizeof path, "%s/data/fixtures/privacy_events.csv", dir ? dir : ".");
  if (ls_workspace_load_path(ws, path) != LS_OK) CHECK_FAIL_("%s", ls_workspace_errmsg(ws));
  ls_workspace_set_salt(ws, KEY);
  return ws;
}

TEST(columns_should_be_found_by_name_and_by_values) {
  ls_workspace *ws = privacy_ws();
  CHECK_INT(pii_named(ws, 0, "name"), LS_PII_NAME);      /* a bare "name" in a customers table */
  CHECK_INT(pii_named(ws, 0, "email"), LS_PII_EMAIL);
  CHECK_INT(pii_named(ws, 0, "phone"), LS_PII_PHONE);
  CHECK_INT(pii_named(ws, 0, "ip_address"), LS_PII_IP);
  CHECK_INT(pii_named(ws, 0, "card_last4"), LS_PII_CARD); /* 4 digits under a last4 header */
  CHECK_INT(pii_named(ws, 0, "customer_id"), LS_PII_NONE);
  CHECK_INT(pii_named(ws, 0, "plan"), LS_PII_NONE);
  CHECK_INT(pii_named(ws, 0, "signup_at"), LS_PII_NONE);
  CHECK_INT(pii_named(ws, 0, "mrr"), LS_PII_NONE);
  CHECK_INT(pii_named(ws, 1, "user_id"), LS_PII_EMAIL);   /* the join case: ids that are emails */
  CHECK_INT(pii_named(ws, 1, "event"), LS_PII_NONE);
  CHECK_INT(pii_named(ws, 1, "amount"), LS_PII_NONE);
  char *info = ls_workspace_json(ws);
  CHECK(info && strstr(info, "\"name\":\"email\",\"type\":\"string\",\"role\":\"email\",\"pii\":\"email\""));
  ls_free(info);
  ls_workspace_free(ws);
}

/* A table of what must never be flagged, and of columns known by values
 * alone: the headers say nothing. */
TEST(columns_should_not_flag_ids_amounts_dates_or_labels) {
  ls_table *t = ls_table_new("orders.csv");
  ls_column *user = ls_table_add(t, "user_id", LS_TYPE_STRING);
  ls_column *name = ls_table_add(t, "name", LS_TYPE_STRING); /* event names, not people */
  ls_column *order = ls_table_add(t, "order_no", LS_TYPE_INT64);
  ls_column *amount = ls_table_add(t, "amount", LS_TYPE_DOUBLE);
  ls_column *day = ls_table_add(t, "day_text", LS_TYPE_STRING);
  ls_column *plan = ls_table_add(t, "plan", LS_TYPE_STRING);
  ls_column *ver = ls_table_add(t, "version", LS_TYPE_STRING);
  ls_column *contact = ls_table_add(t, "contact", LS_TYPE_STRING);
  ls_column *few = ls_table_add(t, "reply_to", LS_TYPE_STRING);
  ls_column *host = ls_table_add(t, "origin", LS_TYPE_STRING);
  ls_column *pan = ls_table_add(t, "pan_ref", LS_TYPE_INT64);
  ls_column *ts = ls_table_add(t, "timestamp", LS_TYPE_TIME);
  static const char *const NAMES[] = {"page_view", "signup", "checkout", "Pro", "Basic"};
  static const char *const DAYS[] = {"2025-01-05", "2025-01-06", "2025-02-01", "2025-03-09", "2025-03-10"};
  static const char *const VERS[] = {"1.2.3", "1.2.4", "2.0.0", "2.0.1", "10.1.1"};
  static const char *const MAILS[] = {"a@x.example", "b@x.example", "c@x.example", "d@x.example", "none"};
  static const char *const FEW[] = {"a@x.example", "b@x.example", "c@x.example", "n/a", "none"};
  static const char *const IPS[] = {"10.0.0.1", "10.0.0.2", "172.16.0.9", "fe80::1", "192.0.2.200"};
  /* the card networks' published test numbers, each passing Luhn */
  static const int64_t PANS[] = {4111111111111111, 4012888888881881, 4242424242424242, 5555555555554444,
                                 378282246310005};
  for (int i = 0; i < 5; i++) {
    char u[16];
    snprintf(u, sizeof u, "u%d", i);
    push_str_or_null(user, u), push_str_or_null(name, NAMES[i]);
    ls_column_push_i64(order, 2025010500001 + i), ls_column_push_f64(amount, 1234567.5 + i);
    push_str_or_null(day, DAYS[i]), push_str_or_null(plan, i % 2 ? "Pro" : "Basic");
    push_str_or_null(ver, VERS[i]), push_str_or_null(contact, MAILS[i]), push_str_or_null(host, IPS[i]);
    push_str_or_null(few, FEW[i]);
    ls_column_push_i64(pan, PANS[i]);
    ls_column_push_i64(ts, T("2025-01-05T10:00:00Z") + i * 60000);
  }
  ls_detection det;
  ls_detect(t, &det);
  /* order_no 2025010500001..5: Luhn over 202501050000 with the last digit
   * doubled-free: the other digits give 8, so only …0002 (sum 10) passes,
   * 1 of 5, below 80%; 13 digits with no separator are no phone */
  static const ls_pii WANT[] = {LS_PII_NONE, LS_PII_NONE, LS_PII_NONE,  LS_PII_NONE,
                                LS_PII_NONE, LS_PII_NONE, LS_PII_NONE,  LS_PII_EMAIL /* 4 of 5 = 80% */,
                                LS_PII_NONE /* 3 of 5 = 60% */, LS_PII_IP, LS_PII_CARD, LS_PII_NONE};
  for (size_t c = 0; c < ls_table_ncols(t); c++) {
    ls_pii got = ls_pii_column(t, &det, c);
    if (got != WANT[c]) CHECK_FAIL_("%s is %s, expected %s", ls_column_name(ls_table_col(t, c)), ls_pii_name(got),
                                    ls_pii_name(WANT[c]));
  }
  ls_table_free(t);
}

TEST(columns_should_read_chinese_headers) {
  ls_table *t = ls_table_new("客户.csv");
  static const char *const HEADS[] = {"客户ID", "姓名", "手机号", "邮箱", "電話", "電郵"};
  for (int i = 0; i < 6; i++) push_str_or_null(ls_table_add(t, HEADS[i], LS_TYPE_STRING), "x1");
  static const ls_pii WANT[] = {LS_PII_NONE, LS_PII_NAME, LS_PII_PHONE, LS_PII_EMAIL, LS_PII_PHONE, LS_PII_EMAIL};
  ls_detection det;
  ls_detect(t, &det);
  for (size_t c = 0; c < 6; c++) CHECK_INT(ls_pii_column(t, &det, c), WANT[c]);
  ls_table_free(t);
}

/* ---- masking in SQL and CSV ---- */

static cJSON *sql(ls_workspace *ws, const char *q) {
  cJSON *out = NULL;
  if (ls_sql_run(ws, q, NULL, &out) != LS_OK) CHECK_FAIL_("%s: %s", q, ls_workspace_errmsg(ws));
  return out;
}

static const char *cell(const cJSON *res, int row, int col) {
  const cJSON *r = cJSON_GetArrayItem(cJSON_GetObjectItem(res, "rows"), row);
  return cJSON_GetStringValue(cJSON_GetArrayItem(r, col));
}

TEST(sql_should_hand_out_tokens_that_still_join) {
  ls_workspace *ws = privacy_ws();
  char want[LS_MASK_TOKEN_MAX];
  ls_mask_token(KEY, LS_PII_EMAIL, "ann@example.com", 15, want);
  cJSON *r = sql(ws, "SELECT email, name, plan FROM privacy_customers WHERE customer_id = 'c1'");
  CHECK(r && cell(r, 0, 0) && strcmp(cell(r, 0, 0), want) == 0);
  CHECK(r && cell(r, 0, 1) && strncmp(cell(r, 0, 1), "name:", 5) == 0);
  CHECK(r && cell(r, 0, 2) && strcmp(cell(r, 0, 2), "Pro") == 0);
  cJSON_Delete(r);
  /* events whose user is a customer: ann 2, bo 1, cy 2 (eve is none) = 5;
   * purchases by Pro customers: ann's and cy's = 2 */
  r = sql(ws, "SELECT count(*), sum(e.event = 'purchase' AND c.plan = 'Pro') FROM privacy_events e "
              "JOIN privacy_customers c ON e.user_id = c.email");
  const cJSON *row = r ? cJSON_GetArrayItem(cJSON_GetObjectItem(r, "rows"), 0) : NULL;
  CHECK_NUM(cJSON_GetArrayItem(row, 0) ? cJSON_GetArrayItem(row, 0)->valuedouble : NAN, 5, 0);
  CHECK_NUM(cJSON_GetArrayItem(row, 1) ? cJSON_GetArrayItem(row, 1)->valuedouble : NAN, 2, 0);
  cJSON_Delete(r);
  /* the token is what an equality finds (through the column's index), the
   * raw value finds nothing */
  char q[256];
  snprintf(q, sizeof q, "SELECT count(*) FROM privacy_events WHERE user_id = '%s'", want);
  r = sql(ws, q);
  row = r ? cJSON_GetArrayItem(cJSON_GetObjectItem(r, "rows"), 0) : NULL;
  CHECK_NUM(cJSON_GetArrayItem(row, 0) ? cJSON_GetArrayItem(row, 0)->valuedouble : NAN, 2, 0);
  cJSON_Delete(r);
  r = sql(ws, "SELECT count(*) FROM privacy_events WHERE user_id = 'ann@example.com'");
  row = r ? cJSON_GetArrayItem(cJSON_GetObjectItem(r, "rows"), 0) : NULL;
  CHECK_NUM(cJSON_GetArrayItem(row, 0) ? cJSON_GetArrayItem(row, 0)->valuedouble : NAN, 0, 0);
  cJSON_Delete(r);
  /* ORDER BY a masked column orders the tokens */
  r = sql(ws, "SELECT user_id FROM privacy_events ORDER BY user_id");
  for (int i = 1; r && i < 6; i++) CHECK(cell(r, i - 1, 0) && cell(r, i, 0) && strcmp(cell(r, i - 1, 0), cell(r, i, 0)) <= 0);
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

TEST(sql_should_show_raw_values_when_revealed) {
  ls_workspace *ws = privacy_ws();
  ls_workspace_set_reveal(ws, 1);
  cJSON *r = sql(ws, "SELECT email, card_last4 FROM privacy_customers WHERE customer_id = 'c2'");
  CHECK(r && cell(r, 0, 0) && strcmp(cell(r, 0, 0), "bo@example.org") == 0);
  const cJSON *row = r ? cJSON_GetArrayItem(cJSON_GetObjectItem(r, "rows"), 0) : NULL;
  CHECK_NUM(cJSON_GetArrayItem(row, 1) ? cJSON_GetArrayItem(row, 1)->valuedouble : NAN, 1881, 0);
  cJSON_Delete(r);
  ls_workspace_set_reveal(ws, 0);
  r = sql(ws, "SELECT card_last4 FROM privacy_customers WHERE customer_id = 'c2'");
  char want[LS_MASK_TOKEN_MAX];
  ls_mask_token(KEY, LS_PII_CARD, "1881", 4, want); /* an integer cell: its digits */
  CHECK(r && cell(r, 0, 0) && strcmp(cell(r, 0, 0), want) == 0);
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

TEST(masked_csv_should_hold_tokens_and_no_raw_value) {
  ls_workspace *ws = privacy_ws();
  ls_workspace_set_reveal(ws, 1); /* leaving the page is masked whatever the screen shows */
  FILE *f = tmpfile();
  CHECK_INT(ls_mask_write_csv(ws, 0, f), LS_OK);
  char buf[4096] = {0};
  rewind(f);
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  char want[LS_MASK_TOKEN_MAX];
  ls_mask_token(KEY, LS_PII_EMAIL, "di@example.com", 14, want);
  CHECK(strncmp(buf, "customer_id,name,email,phone,ip_address,plan,signup_at,mrr,card_last4\nc1,name:", 77) == 0);
  CHECK(strstr(buf, want) != NULL);
  CHECK(strstr(buf, "@") == NULL);
  CHECK(strstr(buf, "Ann") == NULL);
  CHECK(strstr(buf, ",Team,2026-01-09,99,card:") != NULL);
  CHECK_INT(ls_mask_write_csv(ws, 9, stdout), LS_EINVAL);
  ls_workspace_free(ws);
}

/* An entity rule over the events' users (emails): entities and alerts name
 * them by token. amount >= 0 holds for ann's and cy's last rows (49), not for
 * bo's and eve's (empty: NaN): 4 entities, 2 alerts. */
TEST(entity_rules_should_name_personal_entities_by_token) {
  ls_workspace *ws = privacy_ws();
  cJSON *r = cJSON_Parse("{\"id\":\"big\",\"type\":\"entity\",\"dataset\":\"privacy_events\","
                         "\"entity\":\"user_id\",\"conditions\":[{\"if\":\"amount >= 0\",\"severity\":\"P1\"}]}");
  cJSON *ent = cJSON_CreateArray(), *al = cJSON_CreateArray();
  CHECK_INT(ls_entity_eval(ws, r, INT64_MIN, ent, al), LS_OK);
  CHECK_INT(cJSON_GetArraySize(ent), 4);
  CHECK_INT(cJSON_GetArraySize(al), 2);
  char *text = cJSON_PrintUnformatted(ent), *alerts = cJSON_PrintUnformatted(al);
  char want[LS_MASK_TOKEN_MAX];
  ls_mask_token(KEY, LS_PII_EMAIL, "ann@example.com", 15, want);
  CHECK(text && !strchr(text, '@') && strstr(text, want));
  CHECK(alerts && !strchr(alerts, '@') && strstr(alerts, want));
  ls_free(text), ls_free(alerts);
  cJSON_Delete(ent), cJSON_Delete(al), cJSON_Delete(r);
  ls_workspace_free(ws);
}

int main(void) {
  RUN(siphash_should_give_the_published_vectors);
  RUN(token_should_be_the_kind_and_twelve_hex_of_the_tag);
  RUN(token_should_depend_on_the_salt_and_stay_a_token);
  RUN(shapes_should_accept_personal_values);
  RUN(shapes_should_refuse_lookalikes);
  RUN(columns_should_be_found_by_name_and_by_values);
  RUN(columns_should_not_flag_ids_amounts_dates_or_labels);
  RUN(columns_should_read_chinese_headers);
  RUN(sql_should_hand_out_tokens_that_still_join);
  RUN(sql_should_show_raw_values_when_revealed);
  RUN(masked_csv_should_hold_tokens_and_no_raw_value);
  RUN(entity_rules_should_name_personal_entities_by_token);
  return check_done();
}
