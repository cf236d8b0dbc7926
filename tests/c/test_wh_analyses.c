/* test_wh_analyses.c: what the engines cannot show of the retention and
 * funnel exports (warehouse/wh_retention.c, wh_funnel.c): the fixed columns
 * of the retention matrix and the options refused with a reason. The
 * results themselves are held to the CLI on real engines by
 * tests/warehouse/cases-analyses.json. */
#include "check.h"

#include "base/alloc.h"
#include "warehouse/whexport.h"
#include "warehouse/whmap.h"

/* the export of analysis name with args into *sql (NULL on failure, err) */
static ls_status run(const char *name, int argc, char **argv, ls_wh_dialect d, char **sql, char *err) {
  ls_wh_mapping m;
  memset(&m, 0, sizeof m);
  ls_wh_request r = {0};
  r.analysis = name;
  r.argc = argc;
  r.argv = argv;
  ls_wh_mapping_defaults(&m, ls_wh_kinds(&r));
  *sql = NULL;
  ls_status st = ls_wh_export(&m, d, &r, sql, err, 256);
  ls_wh_mapping_free(&m);
  return st;
}

/* --periods 3: the SELECT names the columns "0", "1", "2" and no "3" */
TEST(retention_periods_should_fix_the_offset_columns) {
  char *argv[] = {"--period", "month", "--periods", "3"}, *sql, err[256];
  CHECK_INT(run("retention", 4, argv, LS_WH_POSTGRES, &sql, err), LS_OK);
  if (!sql) return;
  CHECK_HAS(sql, "AS cohort, co.size AS size, co.size AS \"0\"");
  CHECK_HAS(sql, "END AS \"2\"");
  CHECK(!strstr(sql, "AS \"3\""));
  ls_free(sql);
}

/* without --periods, a year: 52 weeks are the columns 0..51 */
TEST(retention_should_default_to_a_year_of_columns) {
  char *argv[] = {"--period", "week"}, *sql, err[256];
  CHECK_INT(run("retention", 2, argv, LS_WH_DUCKDB, &sql, err), LS_OK);
  if (!sql) return;
  CHECK_HAS(sql, "END AS \"51\"");
  CHECK(!strstr(sql, "AS \"52\""));
  ls_free(sql);
}

/* a window of 1h is 3600 s in the step condition; strict reads the event
 * right before (ClickHouse: the array shifted by one) */
TEST(funnel_should_write_the_window_in_seconds) {
  char *a1[] = {"--steps", "a,b", "--window", "1h"}, *a2[] = {"--steps", "a,b", "--order", "strict"}, *sql, err[256];
  CHECK_INT(run("funnel", 4, a1, LS_WH_POSTGRES, &sql, err), LS_OK);
  if (sql) CHECK_HAS(sql, "<= 3600");
  ls_free(sql);
  CHECK_INT(run("funnel", 4, a2, LS_WH_CLICKHOUSE, &sql, err), LS_OK);
  if (sql) CHECK_HAS(sql, "arrayPushFront(arrayPopBack(A0_0), -1) AS R_1_0");
  ls_free(sql);
}

/* each option list refused (LS_EINVAL) with a message holding want */
static const struct {
  const char *analysis;
  int argc;
  char *argv[4];
  const char *want;
} REFUSED[] = {
    {"retention", 4, {"--period", "week", "--where", "plan=pro"}, "--where plan=pro does not export"},
    {"retention", 4, {"--period", "week", "--by", "plan"}, "--by plan does not export"},
    {"retention", 2, {"--type", "first_time"}, "--period day|week|month is required"},
    {"retention", 4, {"--period", "week", "--periods", "0"}, "bad or unknown option --periods 0"},
    {"funnel", 2, {"--steps", "a"}, "--steps takes 2 to 20 event names"},
    {"funnel", 4, {"--steps", "a,b", "--order", "any"}, "--order any does not export"},
    {"funnel", 4, {"--steps", "a,b", "--exclude", "x"}, "--exclude x does not export"},
    {"funnel", 2, {"--window", "2d"}, "--steps is required"},
};

TEST(export_should_refuse_what_it_cannot_write) {
  for (size_t i = 0; i < sizeof REFUSED / sizeof REFUSED[0]; i++) {
    char *argv[4], *sql, err[256] = "";
    memcpy(argv, REFUSED[i].argv, sizeof argv);
    CHECK_INT(run(REFUSED[i].analysis, REFUSED[i].argc, argv, LS_WH_DUCKDB, &sql, err), LS_EINVAL);
    CHECK_HAS(err, REFUSED[i].want);
    ls_free(sql);
  }
}

int main(void) {
  RUN(retention_periods_should_fix_the_offset_columns);
  RUN(retention_should_default_to_a_year_of_columns);
  RUN(funnel_should_write_the_window_in_seconds);
  RUN(export_should_refuse_what_it_cannot_write);
  return check_done();
}
