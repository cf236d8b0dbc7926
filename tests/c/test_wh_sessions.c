/* test_wh_sessions.c: what the engines cannot show of the session and
 * lifecycle queries (warehouse/wh_sessions.c, wh_lifecycle.c): the columns
 * each reads, the dialect each form of sessions takes, the 30-minute gap,
 * and the lifecycle analysis's options. Their results are checked against
 * the C core on ClickHouse, PostgreSQL and DuckDB by the warehouse harness
 * (tests/warehouse/cases-sessions.json). */
#include <string.h>

#include "base/alloc.h"
#include "check.h"
#include "warehouse/whexport.h"

/* an events table with the default columns (user_id, event, timestamp), and
 * with anon an anonymous_id column too */
static void mapping(ls_wh_mapping *m, int anon) {
  const char *plain = "{\"lodestar_mapping\": 1, \"tables\": {\"events\": {}}}";
  const char *with_anon = "{\"lodestar_mapping\": 1, \"tables\": {\"events\": {\"columns\": {\"user_id\": \"uid\", "
                          "\"anonymous_id\": \"device\", \"event\": \"event\", \"timestamp\": \"ts\"}}}}";
  const char *text = anon ? with_anon : plain;
  char err[256] = "";
  ls_status s = ls_wh_mapping_parse(text, strlen(text), m, err, sizeof err);
  if (s != LS_OK) printf("  mapping: %s\n", err);
  ls_wh_mapping_defaults(m, 1u << LS_KIND_EVENTS);
}

/* the query of r in dialect d (ls_free), or NULL with the reason in err */
static char *export(ls_wh_dialect d, const ls_wh_request *r, int anon, char *err, size_t errlen) {
  ls_wh_mapping m;
  mapping(&m, anon);
  char *sql = NULL;
  err[0] = '\0';
  ls_status s = ls_wh_export(&m, d, r, &sql, err, errlen);
  ls_wh_mapping_free(&m);
  return s == LS_OK ? sql : NULL;
}

TEST(sessions_should_read_the_event_column_and_cut_at_1800_seconds) {
  /* a session needs an event name (the events index skips rows without one),
   * and the default gap of 30 min = 1800 s keeps a gap of exactly 1800 */
  ls_wh_request r = {.metric = "sessions"};
  char err[256];
  char *ch = export(LS_WH_CLICKHOUSE, &r, 0, err, sizeof err);
  char *pg = export(LS_WH_POSTGRES, &r, 0, err, sizeof err);
  CHECK_HAS(ch, "-- table events: user_id, event, timestamp\n");
  CHECK_HAS(ch, "> 1800");
  CHECK_HAS(pg, "<= 1800 THEN 0 ELSE 1");
  ls_free(ch);
  ls_free(pg);
}

TEST(sessions_should_use_arrays_on_clickhouse_and_windows_elsewhere) {
  /* ClickHouse 18.16 has no window functions */
  ls_wh_request r = {.metric = "session_duration_median", .grain = LS_GRAIN_WEEK};
  char err[256];
  char *ch = export(LS_WH_CLICKHOUSE, &r, 0, err, sizeof err);
  char *duck = export(LS_WH_DUCKDB, &r, 0, err, sizeof err);
  CHECK(ch && !strstr(ch, " OVER "));
  CHECK_HAS(ch, "ARRAY JOIN");
  CHECK_HAS(duck, "LAG(");
  CHECK(duck && !strstr(duck, "ARRAY JOIN"));
  ls_free(ch);
  ls_free(duck);
}

TEST(sessions_should_count_an_anonymous_id_as_its_own_user) {
  ls_wh_request r = {.metric = "sessions_per_user"};
  char err[256];
  char *pg = export(LS_WH_POSTGRES, &r, 1, err, sizeof err);
  CHECK_HAS(pg, "-- table events: user_id=uid, event, timestamp=ts, anonymous_id=device\n");
  CHECK_HAS(pg, "'a:' || CAST(\"device\" AS VARCHAR)");
  ls_free(pg);
}

TEST(lifecycle_should_read_users_and_times_only) {
  /* activity counts rows without an event name too */
  char *argv[] = {"--period", "month"};
  ls_wh_request r = {.analysis = "lifecycle", .argc = 2, .argv = argv};
  char err[256];
  char *pg = export(LS_WH_POSTGRES, &r, 0, err, sizeof err);
  CHECK_HAS(pg, "-- table events: user_id, timestamp\n");
  CHECK_HAS(pg, "to_char(cal.p, 'YYYY-MM') AS period");
  CHECK_HAS(pg, "AS \"returning\"");
  ls_free(pg);
}

TEST(lifecycle_should_refuse_what_it_cannot_export) {
  char *year[] = {"--period", "year"}, *where[] = {"--where", "plan=free"}, *bare[] = {"--period"};
  ls_wh_request r = {.analysis = "lifecycle", .argc = 2, .argv = year};
  char err[256];
  CHECK(!export(LS_WH_CLICKHOUSE, &r, 0, err, sizeof err));
  CHECK_STR(err, "lifecycle: --period is day, week or month, not year");
  r.argv = where;
  CHECK(!export(LS_WH_CLICKHOUSE, &r, 0, err, sizeof err));
  CHECK_HAS(err, "lifecycle: --where does not export");
  r.argc = 1;
  r.argv = bare;
  CHECK(!export(LS_WH_CLICKHOUSE, &r, 0, err, sizeof err));
  CHECK_STR(err, "lifecycle: --period is day, week or month, not (none)");
}

TEST(lifecycle_dormant_should_be_negated_and_the_analysis_positive) {
  ls_wh_request r = {.metric = "lifecycle_dormant"};
  char err[256];
  char *ch = export(LS_WH_CLICKHOUSE, &r, 0, err, sizeof err);
  CHECK_HAS(ch, "-lc.dm AS value");
  ls_free(ch);
  char *argv[] = {"--period", "week"};
  ls_wh_request a = {.analysis = "lifecycle", .argc = 2, .argv = argv};
  char *an = export(LS_WH_CLICKHOUSE, &a, 0, err, sizeof err);
  CHECK_HAS(an, "COALESCE(v.dm, 0) AS \"dormant\"");
  ls_free(an);
}

int main(void) {
  RUN(sessions_should_read_the_event_column_and_cut_at_1800_seconds);
  RUN(sessions_should_use_arrays_on_clickhouse_and_windows_elsewhere);
  RUN(sessions_should_count_an_anonymous_id_as_its_own_user);
  RUN(lifecycle_should_read_users_and_times_only);
  RUN(lifecycle_should_refuse_what_it_cannot_export);
  RUN(lifecycle_dormant_should_be_negated_and_the_analysis_positive);
  return check_done();
}
