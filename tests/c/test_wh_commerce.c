/* test_wh_commerce.c: what the engines cannot show about the commerce and
 * task metrics' SQL (warehouse/wh_commerce.c, warehouse/wh_tech.c): the
 * refusals and their messages, which column a query reads, and what the
 * mapping switches on (minor units, the currency check). The results
 * themselves are compared with the C core on ClickHouse, PostgreSQL and
 * DuckDB by tests/warehouse/ (cases-commerce.json). */
#include <string.h>

#include "base/alloc.h"
#include "check.h"
#include "warehouse/whexport.h"
#include "warehouse/whmap.h"

/* the query of metric over mapping json into sql (ls_free), its status */
static ls_status export(const char *json, const char *metric, const char *event, char **sql, char *err) {
  ls_wh_mapping m;
  char perr[200];
  *sql = NULL;
  err[0] = '\0';
  ls_status st = ls_wh_mapping_parse(json, strlen(json), &m, perr, sizeof perr);
  if (st != LS_OK) {
    snprintf(err, 256, "mapping: %s", perr);
    return st;
  }
  ls_wh_request r = {metric, NULL, 0, event, NULL, 0, NULL};
  st = ls_wh_export(&m, LS_WH_POSTGRES, &r, sql, err, 256);
  ls_wh_mapping_free(&m);
  return st;
}

static const char PAY_NO_CUSTOMER[] =
    "{\"lodestar_mapping\": 1, \"tables\": {\"payments\": {\"table\": \"pay\", \"columns\": "
    "{\"amount\": \"amt\", \"created\": \"at\", \"status\": \"st\"}}}}";

static const char PAY_FULL[] =
    "{\"lodestar_mapping\": 1, \"tables\": {\"payments\": {\"table\": \"pay\", \"minor_units\": true, \"columns\": "
    "{\"amount\": \"amt\", \"created\": \"at\", \"status\": \"st\", \"customer_id\": \"who\", \"currency\": \"cur\", "
    "\"order_id\": \"oid\"}}}}";

TEST(customer_metrics_should_refuse_a_payments_table_without_customers) {
  char *sql, err[256];
  const char *need[] = {"paying_users", "arppu", "repurchase_rate", "tier_users", "tier_upgrades"};
  for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
    CHECK_INT(export(PAY_NO_CUSTOMER, need[i], NULL, &sql, err), LS_EINVAL);
    CHECK_HAS(err, "needs a customer_id (or email) column in the payments table");
    CHECK(sql == NULL);
  }
  /* gmv and orders count orders without a customer */
  CHECK_INT(export(PAY_NO_CUSTOMER, "gmv", NULL, &sql, err), LS_OK);
  CHECK_HAS(sql, "-- table pay: amount=amt, status=st, created=at\n");
  ls_free(sql);
}

TEST(money_should_be_summed_in_units_and_divided_once) {
  char *sql, err[256];
  CHECK_INT(export(PAY_FULL, "gmv", NULL, &sql, err), LS_OK);
  /* minor units: the amount over 100, then 10,000 units to a unit of currency */
  CHECK_HAS(sql, "CAST(\"amt\" AS double precision) / 100 AS am");
  CHECK_HAS(sql, "CAST(floor(r1.am * 10000 + 0.5) AS bigint)");
  CHECK_HAS(sql, "(CAST(w.gmv AS double precision) / 10000) AS value");
  /* rows sharing an order id are one order */
  CHECK_HAS(sql, "GROUP BY g.oid");
  /* the default settings: one currency, else the query stops */
  CHECK_HAS(sql, "amounts in several currencies");
  ls_free(sql);
  /* without a currency or order id column, neither */
  CHECK_INT(export(PAY_NO_CUSTOMER, "gmv", NULL, &sql, err), LS_OK);
  CHECK(!strstr(sql, "several currencies"));
  CHECK(!strstr(sql, "GROUP BY g.oid"));
  CHECK(!strstr(sql, "/ 100 AS am"));
  ls_free(sql);
}

TEST(tier_users_should_print_the_default_tiers_as_rows) {
  char *sql, err[256];
  CHECK_INT(export(PAY_FULL, "tier_users", NULL, &sql, err), LS_OK);
  CHECK_HAS(sql, "AS tier, COALESCE(v.n, 0) AS value");
  CHECK_HAS(sql, "'0\xE2\x80\x93"
                 "10'");
  CHECK_HAS(sql, "'60\xE2\x80\x93"
                 "200'");
  CHECK_HAS(sql, "'200+'");
  /* thresholds 10, 60, 200 in units of 1/10,000 */
  CHECK_HAS(sql, ">= 100000 THEN 1");
  CHECK_HAS(sql, ">= 2000000 THEN 1");
  ls_free(sql);
}

TEST(arpu_should_read_the_events_and_be_empty_without_them) {
  ls_wh_request r = {"arpu", NULL, 0, NULL, NULL, 0, NULL};
  CHECK(ls_wh_kinds(&r) & 1u << LS_KIND_EVENTS);
  CHECK(ls_wh_kinds(&r) & 1u << LS_KIND_PAYMENTS);
  char *sql, err[256];
  CHECK_INT(export(PAY_FULL, "arpu", NULL, &sql, err), LS_OK);
  CHECK_HAS(sql, "CAST(NULL AS double precision) AS value");
  ls_free(sql);
}

TEST(task_metrics_should_read_the_first_outcome_column) {
  char *sql, err[256];
  /* a number column named status (the demo's HTTP codes) */
  const char *status_num =
      "{\"lodestar_mapping\": 1, \"tables\": {\"events\": {\"columns\": {\"user_id\": \"u\", \"event\": \"e\", "
      "\"timestamp\": \"t\"}, \"schema\": [{\"name\": \"u\", \"type\": \"string\"}, {\"name\": \"Status\", "
      "\"type\": \"int\"}]}}}";
  CHECK_INT(export(status_num, "error_rate", NULL, &sql, err), LS_OK);
  CHECK_HAS(sql, "property Status\n");
  CHECK_HAS(sql, "WHEN CAST(\"Status\" AS double precision) >= 500 THEN 3");
  ls_free(sql);
  /* a success role comes before a status role */
  const char *both = "{\"lodestar_mapping\": 1, \"tables\": {\"events\": {\"columns\": {\"user_id\": \"u\", "
                     "\"event\": \"e\", \"timestamp\": \"t\", \"status\": \"s\", \"success\": \"ok\"}}}}";
  CHECK_INT(export(both, "task_success_rate", "api_call", &sql, err), LS_OK);
  CHECK_HAS(sql, "success=ok");
  CHECK(!strstr(sql, "\"s\""));
  CHECK_HAS(sql, "lower(\"e\") = lower('api_call')");
  ls_free(sql);
  /* a text column named status is no outcome unless mapped as the role */
  const char *status_text =
      "{\"lodestar_mapping\": 1, \"tables\": {\"events\": {\"table\": \"ev\", \"columns\": {\"user_id\": \"u\", "
      "\"event\": \"e\", \"timestamp\": \"t\"}, \"schema\": [{\"name\": \"status\", \"type\": \"string\"}]}}}";
  CHECK_INT(export(status_text, "failures", NULL, &sql, err), LS_EINVAL);
  CHECK_HAS(err, "ev has no outcome column");
}

TEST(feature_metrics_should_break_down_by_the_event_column) {
  char *sql, err[256];
  const char *ev = "{\"lodestar_mapping\": 1, \"tables\": {\"events\": {\"columns\": {\"user_id\": \"u\", "
                   "\"event\": \"Event Name\", \"timestamp\": \"t\"}}}}";
  CHECK_INT(export(ev, "feature_share", NULL, &sql, err), LS_OK);
  CHECK_HAS(sql, "x.label AS \"Event Name\"");
  CHECK_HAS(sql, "ORDER BY x.p, x.label COLLATE \"C\"");
  ls_free(sql);
}

int main(void) {
  RUN(customer_metrics_should_refuse_a_payments_table_without_customers);
  RUN(money_should_be_summed_in_units_and_divided_once);
  RUN(tier_users_should_print_the_default_tiers_as_rows);
  RUN(arpu_should_read_the_events_and_be_empty_without_them);
  RUN(task_metrics_should_read_the_first_outcome_column);
  RUN(feature_metrics_should_break_down_by_the_event_column);
  return check_done();
}
