/* test_detect.c: dataset kinds and column roles from real exports' headers. */
#include "check.h"
#include "detect/detect.h"

/* a table with these column names and types, no rows */
static ls_table *headers(const char *const *names, const ls_type *types, int n) {
  ls_table *t = ls_table_new("t.csv");
  for (int i = 0; i < n; i++) ls_table_add(t, names[i], types[i]);
  return t;
}

#define S LS_TYPE_STRING
#define I LS_TYPE_INT64
#define D LS_TYPE_DOUBLE
#define TM LS_TYPE_TIME

TEST(normalize_should_drop_case_and_punctuation) {
  char b[64];
  ls_detect_normalize("Start Date (UTC)", b, sizeof b);
  CHECK_STR(b, "startdateutc");
  ls_detect_normalize("distinct_id", b, sizeof b);
  CHECK_STR(b, "distinctid");
  ls_detect_normalize("用户ID", b, sizeof b);
  CHECK_STR(b, "用户id");
}

TEST(detect_should_recognise_a_stripe_subscriptions_export) {
  const char *n[] = {"id", "Customer ID", "Plan", "Interval", "Amount", "Quantity", "Status",
                     "Start Date (UTC)", "Trial End (UTC)", "Canceled At (UTC)", "Ended At (UTC)"};
  ls_type t[] = {S, S, S, S, D, I, S, TM, TM, TM, TM};
  ls_table *tb = headers(n, t, 11);
  ls_detection d;
  ls_detect(tb, &d);
  CHECK_STR(ls_kind_name(d.kind), "subscriptions");
  CHECK_INT(d.col[LS_ROLE_CUSTOMER], 1);
  CHECK_INT(d.col[LS_ROLE_AMOUNT], 4);
  CHECK_INT(d.col[LS_ROLE_START], 7);
  CHECK_INT(d.col[LS_ROLE_TRIAL_END], 8);
  CHECK_INT(d.col[LS_ROLE_CANCELED_AT], 9);
  CHECK_INT(d.col[LS_ROLE_ENDED_AT], 10);
  CHECK_INT(d.col[LS_ROLE_USER], -1); /* not a role of this kind */
  ls_table_free(tb);
}

TEST(detect_should_accept_start_utc_and_lower_case_names) {
  const char *n[] = {"customer_id", "plan", "amount", "start (utc)", "status"};
  ls_type t[] = {S, S, I, TM, S};
  ls_table *tb = headers(n, t, 5);
  ls_detection d;
  ls_detect(tb, &d);
  CHECK_INT(d.kind, LS_KIND_SUBSCRIPTIONS);
  CHECK_INT(d.col[LS_ROLE_START], 3);
  ls_table_free(tb);
}

TEST(detect_should_recognise_a_posthog_events_export) {
  const char *n[] = {"uuid", "event", "distinct_id", "timestamp", "properties"};
  ls_type t[] = {S, S, S, TM, S};
  ls_table *tb = headers(n, t, 5);
  ls_detection d;
  ls_detect(tb, &d);
  CHECK_INT(d.kind, LS_KIND_EVENTS);
  CHECK_INT(d.col[LS_ROLE_USER], 2);
  CHECK_INT(d.col[LS_ROLE_EVENT], 1);
  CHECK_INT(d.col[LS_ROLE_TIMESTAMP], 3);
  ls_table_free(tb);
}

TEST(detect_should_need_a_timestamp_typed_time_column) {
  /* a timestamp column that did not parse as times is no event time */
  const char *n[] = {"distinct_id", "event", "timestamp"};
  ls_type t[] = {S, S, S};
  ls_table *tb = headers(n, t, 3);
  ls_column_push_str(ls_table_col(tb, 0), "u", 1);
  ls_column_push_str(ls_table_col(tb, 1), "e", 1);
  ls_column_push_str(ls_table_col(tb, 2), "yesterday", 9);
  ls_detection d;
  ls_detect(tb, &d);
  CHECK_INT(d.kind, LS_KIND_UNKNOWN);
  ls_table_free(tb);
}

TEST(detect_should_recognise_customers_and_payments) {
  const char *cn[] = {"customer_id", "signup_at", "channel", "segment", "country", "cac"};
  ls_type ct[] = {S, TM, S, S, S, D};
  ls_table *c = headers(cn, ct, 6);
  const char *pn[] = {"id", "Customer ID", "Subscription ID", "Amount", "Currency", "Status",
                      "Created (UTC)"};
  ls_type pt[] = {S, S, S, D, S, S, TM};
  ls_table *p = headers(pn, pt, 7);
  ls_detection d;
  ls_detect(c, &d);
  CHECK_INT(d.kind, LS_KIND_CUSTOMERS);
  CHECK_INT(d.col[LS_ROLE_SIGNUP], 1);
  CHECK_INT(d.col[LS_ROLE_CAC], 5);
  ls_detect(p, &d);
  CHECK_INT(d.kind, LS_KIND_PAYMENTS);
  CHECK_INT(d.col[LS_ROLE_CREATED], 6);
  ls_table_free(c);
  ls_table_free(p);
}

TEST(detect_should_leave_an_unrelated_table_unknown) {
  const char *n[] = {"sku", "price", "weight"};
  ls_type t[] = {S, D, D};
  ls_table *tb = headers(n, t, 3);
  ls_detection d;
  ls_detect(tb, &d);
  CHECK_INT(d.kind, LS_KIND_UNKNOWN);
  CHECK_STR(ls_kind_name(d.kind), "unknown");
  CHECK_INT(d.col[LS_ROLE_AMOUNT], 1); /* what could be read is still reported */
  ls_table_free(tb);
}

int main(void) {
  RUN(normalize_should_drop_case_and_punctuation);
  RUN(detect_should_recognise_a_stripe_subscriptions_export);
  RUN(detect_should_accept_start_utc_and_lower_case_names);
  RUN(detect_should_recognise_a_posthog_events_export);
  RUN(detect_should_need_a_timestamp_typed_time_column);
  RUN(detect_should_recognise_customers_and_payments);
  RUN(detect_should_leave_an_unrelated_table_unknown);
  return check_done();
}
