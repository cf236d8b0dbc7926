/* test_warehouse.c: the mapping file, the dialects' pieces and the query
 * assembly of the warehouse export (warehouse/). The queries' results are
 * checked on real engines by tests/warehouse/. */
#include <string.h>

#include "base/alloc.h"
#include "check.h"
#include "warehouse/whexport.h"
#include "warehouse/whmap.h"

static ls_wh_mapping M; /* big: kept off the stack */

static ls_status parse(const char *json, char *err) {
  ls_wh_mapping_free(&M);
  return ls_wh_mapping_parse(json, strlen(json), &M, err, 256);
}

TEST(mapping_should_read_tables_columns_and_schema) {
  char err[256] = "";
  CHECK_INT(parse("{\"tz\":\"+08:00\",\"tables\":{\"events\":{\"table\":\"ev\",\"columns\":{\"user_id\":\"uid\","
                  "\"timestamp\":\"ts\",\"event\":\"name\"},\"schema\":[{\"name\":\"uid\",\"type\":\"string\"},"
                  "{\"name\":\"ts\",\"type\":\"timestamp\"}]}}}",
                  err),
            LS_OK);
  CHECK(M.t[LS_KIND_EVENTS].present);
  CHECK(!M.t[LS_KIND_SUBSCRIPTIONS].present);
  CHECK_STR(M.t[LS_KIND_EVENTS].table, "ev");
  CHECK_STR(M.t[LS_KIND_EVENTS].col[LS_ROLE_USER], "uid");
  CHECK_STR(M.t[LS_KIND_EVENTS].col[LS_ROLE_AMOUNT], "");
  CHECK_INT((int)M.t[LS_KIND_EVENTS].nschema, 2);
  CHECK_STR(M.t[LS_KIND_EVENTS].schema[1].type, "timestamp");
  CHECK_STR(M.tz, "+08:00");
}

TEST(mapping_defaults_should_name_tables_and_required_columns_by_kind_and_role) {
  char err[256] = "";
  CHECK_INT(parse("{\"tables\":{\"events\":{}}}", err), LS_OK);
  CHECK_STR(M.t[LS_KIND_EVENTS].table, "events");
  CHECK_STR(M.t[LS_KIND_EVENTS].col[LS_ROLE_USER], "user_id");
  CHECK_STR(M.t[LS_KIND_EVENTS].col[LS_ROLE_TIMESTAMP], "timestamp");
  ls_wh_mapping_defaults(&M, 1u << LS_KIND_PAYMENTS);
  CHECK(M.t[LS_KIND_PAYMENTS].present);
  CHECK_STR(M.t[LS_KIND_PAYMENTS].table, "payments");
}

TEST(mapping_should_refuse_bad_files_with_the_reason) {
  char err[256] = "";
  CHECK_INT(parse("{\"tables\":", err), LS_EINVAL);
  CHECK_HAS(err, "not a JSON object");
  CHECK_INT(parse("{\"tables\":{\"bogus\":{}}}", err), LS_EINVAL);
  CHECK_HAS(err, "unknown dataset kind \"bogus\"");
  CHECK_INT(parse("{\"tables\":{\"events\":{\"columns\":{\"nope\":\"x\"}}}}", err), LS_EINVAL);
  CHECK_HAS(err, "unknown role \"nope\"");
  CHECK_INT(parse("{\"tables\":{\"events\":{\"columns\":{\"user_id\":\"\"}}}}", err), LS_EINVAL);
  CHECK_HAS(err, "non-empty");
  CHECK_INT(parse("{\"tables\":{\"events\":{},\"events\":{}}}", err), LS_EINVAL);
  CHECK_HAS(err, "listed twice");
  CHECK_INT(parse("{\"tz\":\"Mars/Olympus\",\"tables\":{}}", err), LS_EINVAL);
  CHECK_HAS(err, "time zone");
  CHECK_INT(parse("{\"tables\":{\"events\":{\"schema\":[{\"name\":\"a\",\"type\":\"blob\"}]}}}", err), LS_EINVAL);
  CHECK_HAS(err, "unknown column type");
}

TEST(mapping_should_write_what_it_reads) {
  char err[256] = "", *json = NULL;
  CHECK_INT(parse("{\"tz\":\"UTC\",\"tables\":{\"payments\":{\"table\":\"pay\",\"minor_units\":true,\"columns\":"
                  "{\"customer_id\":\"Customer ID\",\"amount\":\"Amount\",\"created\":\"Created\"}}}}",
                  err),
            LS_OK);
  CHECK_INT(ls_wh_mapping_write(&M, &json), LS_OK);
  ls_wh_mapping *back = ls_calloc(1, sizeof *back);
  CHECK_INT(ls_wh_mapping_parse(json, strlen(json), back, err, sizeof err), LS_OK);
  CHECK_STR(back->t[LS_KIND_PAYMENTS].table, "pay");
  CHECK_INT(back->t[LS_KIND_PAYMENTS].minor_units, 1);
  CHECK_STR(back->t[LS_KIND_PAYMENTS].col[LS_ROLE_CUSTOMER], "Customer ID");
  ls_wh_mapping_free(back);
  ls_free(back);
  ls_free(json);
}

TEST(dialects_should_quote_names_and_strings_their_own_way) {
  ls_text t = LS_TEXT_INIT;
  wh_ident(&t, LS_WH_POSTGRES, "a \"b\"");
  wh_str(&t, LS_WH_DUCKDB, "it's");
  wh_ident(&t, LS_WH_CLICKHOUSE, "a \"b\"");
  wh_str(&t, LS_WH_CLICKHOUSE, "it's \\");
  CHECK_STR(t.s, "\"a \"\"b\"\"\"'it''s'\"a \\\"b\\\"\"'it\\'s \\\\'");
  ls_free(t.s);
  CHECK_INT(ls_wh_dialect_parse("postgres"), LS_WH_POSTGRES);
  CHECK_INT(ls_wh_dialect_parse("mysql"), -1);
  CHECK_STR(wh_type(LS_WH_CLICKHOUSE, "timestamp"), "Nullable(DateTime)");
  CHECK(wh_type(LS_WH_POSTGRES, "blob") == NULL);
}

TEST(export_should_start_with_one_comment_line_per_table_read) {
  char err[256] = "", *sql = NULL;
  CHECK_INT(parse("{\"tables\":{\"events\":{\"table\":\"ev\",\"columns\":{\"user_id\":\"distinct id\","
                  "\"timestamp\":\"timestamp\",\"event\":\"event\"}}}}",
                  err),
            LS_OK);
  ls_wh_request r = {0};
  r.metric = "dau";
  CHECK_INT(ls_wh_export(&M, LS_WH_POSTGRES, &r, &sql, err, sizeof err), LS_OK);
  CHECK(sql && strncmp(sql, "-- table ev: user_id=\"distinct id\", timestamp\nSELECT ", 52) == 0);
  CHECK_HAS(sql, "COUNT(DISTINCT \"distinct id\")");
  ls_free(sql);
  sql = NULL;
  CHECK_INT(ls_wh_export(&M, LS_WH_CLICKHOUSE, &r, &sql, err, sizeof err), LS_OK);
  CHECK_HAS(sql, "uniqExact(\"distinct id\")");
  CHECK_HAS(sql, "SETTINGS join_use_nulls = 1;");
  ls_free(sql);
}

TEST(export_should_refuse_what_it_cannot_write) {
  char err[256] = "", *sql = NULL;
  CHECK_INT(parse("{\"tables\":{\"events\":{}}}", err), LS_OK);
  ls_wh_request r = {0};
  r.metric = "no_such_metric";
  CHECK_INT(ls_wh_export(&M, LS_WH_DUCKDB, &r, &sql, err, sizeof err), LS_ENOTFOUND);
  r.metric = "p95"; /* no property and no duration column */
  CHECK_INT(ls_wh_export(&M, LS_WH_DUCKDB, &r, &sql, err, sizeof err), LS_EINVAL);
  CHECK_HAS(err, "needs a property");
  r.metric = "dau";
  r.grain = LS_GRAIN_MONTH;
  CHECK_INT(ls_wh_export(&M, LS_WH_DUCKDB, &r, &sql, err, sizeof err), LS_EINVAL);
  CHECK_HAS(err, "no month grain");
  r.grain = 0;
  r.property = "x";
  CHECK_INT(ls_wh_export(&M, LS_WH_DUCKDB, &r, &sql, err, sizeof err), LS_EINVAL);
  CHECK_HAS(err, "takes no property");
  CHECK(sql == NULL);
}

int main(void) {
  ls_alloc_init_json();
  RUN(mapping_should_read_tables_columns_and_schema);
  RUN(mapping_defaults_should_name_tables_and_required_columns_by_kind_and_role);
  RUN(mapping_should_refuse_bad_files_with_the_reason);
  RUN(mapping_should_write_what_it_reads);
  RUN(dialects_should_quote_names_and_strings_their_own_way);
  RUN(export_should_start_with_one_comment_line_per_table_read);
  RUN(export_should_refuse_what_it_cannot_write);
  ls_wh_mapping_free(&M);
  return check_done();
}
