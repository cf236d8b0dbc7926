/* test_wh_revenue.c: what the revenue SQL export refuses and how it reads a
 * mapping's options (the values themselves are compared with the C core on
 * ClickHouse, PostgreSQL and DuckDB by tests/warehouse/cases-revenue.json). */
#include <string.h>

#include "base/alloc.h"
#include "check.h"
#include "warehouse/whexport.h"
#include "warehouse/whmap.h"

#define COLS "\"columns\": {\"customer_id\": \"cust\", \"amount\": \"amt\", \"start\": \"began\""

/* The query of metric (grain g, 0: its default) in dialect d under a
 * mapping of one subscriptions table with the JSON members subs; NULL on
 * failure, the reason in err (256 bytes). */
static char *query(const char *subs, ls_wh_dialect d, const char *metric, ls_grain g, char *err) {
  char text[1024];
  snprintf(text, sizeof text, "{\"lodestar_mapping\": 1, \"tables\": {\"subscriptions\": {%s}}}", subs);
  ls_wh_mapping m;
  err[0] = '\0';
  if (ls_wh_mapping_parse(text, strlen(text), &m, err, 256) != LS_OK) return NULL;
  ls_wh_request r = {0};
  r.metric = metric;
  r.grain = g;
  char *sql = NULL;
  if (ls_wh_export(&m, d, &r, &sql, err, 256) != LS_OK) sql = NULL;
  ls_wh_mapping_free(&m);
  return sql;
}

/* metric is refused under the subscriptions-only mapping, the reason
 * holding why */
static void refused(const char *metric, ls_wh_dialect d, ls_grain g, const char *why) {
  char err[256];
  char *sql = query(COLS "}", d, metric, g, err);
  CHECK(sql == NULL);
  CHECK_HAS(err, why);
  ls_free(sql);
}

TEST(cac_without_spend_or_cac_column_is_refused_with_the_reason) {
  refused("cac", LS_WH_POSTGRES, 0, "CAC needs a marketing spend dataset or a cac column in a customers dataset");
  refused("ltv_cac", LS_WH_DUCKDB, 0, "CAC needs a marketing spend dataset");
}

TEST(mrr_by_plan_without_a_plan_column_is_refused) {
  refused("mrr_by_plan", LS_WH_CLICKHOUSE, 0, "mrr_by_plan needs a plan column");
}

TEST(ltv_has_month_grain_only) { refused("ltv", LS_WH_DUCKDB, LS_GRAIN_WEEK, "ltv has no week grain"); }

TEST(mrr_reads_the_subscriptions_alone) {
  char err[256];
  char *sql = query(COLS "}", LS_WH_POSTGRES, "mrr", 0, err);
  CHECK(sql != NULL);
  CHECK(sql && !strstr(sql, "-- table customers") && !strstr(sql, "-- table marketing_spend"));
  ls_free(sql);
}

TEST(the_query_names_the_roles_it_reads_and_divides_minor_units) {
  char err[256];
  char *sql = query("\"minor_units\": true, " COLS ", \"discount\": \"off\"}", LS_WH_DUCKDB, "mrr", 0, err);
  CHECK(sql != NULL);
  const char *head = "-- table subscriptions: customer_id=cust, amount=amt, start=began, discount=off\n";
  CHECK(sql && strncmp(sql, head, strlen(head)) == 0);
  /* cents: the amount and an amount-off discount divided by 100 */
  CHECK_HAS(sql, "CAST(\"amt\" AS double precision) / 100");
  CHECK_HAS(sql, "r.dc / 100");
  CHECK(sql && !strstr(sql, "(1 - r.dc / 100)"));
  ls_free(sql);
}

TEST(a_discount_column_named_percent_takes_its_share) {
  char err[256];
  char *sql = query(COLS ", \"discount\": \"Discount Percent\"}", LS_WH_POSTGRES, "new_mrr", 0, err);
  CHECK_HAS(sql, "(1 - r.dc / 100)");
  ls_free(sql);
}

int main(void) {
  RUN(cac_without_spend_or_cac_column_is_refused_with_the_reason);
  RUN(mrr_by_plan_without_a_plan_column_is_refused);
  RUN(ltv_has_month_grain_only);
  RUN(mrr_reads_the_subscriptions_alone);
  RUN(the_query_names_the_roles_it_reads_and_divides_minor_units);
  RUN(a_discount_column_named_percent_takes_its_share);
  return check_done();
}
