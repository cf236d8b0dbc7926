/* test_sql.c: read-only SQL over the datasets (sql/sql.h) on hand-built
 * tables: types, times in the workspace zone, nulls, table names, the guards,
 * the limits, a join and DAU by date(ts) against the dashboard's. */
#include "base/alloc.h"
#include "catalog/catalog.h"
#include "check.h"
#include "events_small.h"
#include "fixtures.h"
#include "json_get.h"
#include "sql/sql.h"
#include "workspace/workspace.h"

/* people.csv: one column of each type, row 2 all nulls but the id */
static ls_table *people(void) {
  ls_table *t = ls_table_new("people.csv");
  ls_column *id = ls_table_add(t, "id", LS_TYPE_INT64);
  ls_column *score = ls_table_add(t, "score", LS_TYPE_DOUBLE);
  ls_column *on = ls_table_add(t, "active", LS_TYPE_BOOL);
  ls_column *name = ls_table_add(t, "name", LS_TYPE_STRING);
  ls_column *seen = ls_table_add(t, "seen", LS_TYPE_TIME);
  ls_column *born = ls_table_add(t, "born", LS_TYPE_TIME);
  ls_column_set_flags(born, LS_COL_DATE | LS_COL_LOCAL);
  ls_column_push_i64(id, 1), ls_column_push_f64(score, 2.5), ls_column_push_bool(on, 1);
  push_str_or_null(name, "Ann"), push_time_or_null(seen, "2026-03-01T17:00:00Z");
  push_time_or_null(born, "1990-07-04");
  ls_column_push_i64(id, 2), ls_column_push_null(score), ls_column_push_null(on);
  push_str_or_null(name, NULL), push_time_or_null(seen, NULL), push_time_or_null(born, NULL);
  ls_column_push_i64(id, 3), ls_column_push_f64(score, -1), ls_column_push_bool(on, 0);
  push_str_or_null(name, "Bo \"B\""), push_time_or_null(seen, "2026-03-02T10:00:00.250Z");
  push_time_or_null(born, "2000-02-29");
  return t;
}

/* customers.csv: each events user's country */
static ls_table *customers(void) {
  ls_table *t = ls_table_new("customers.csv");
  ls_column *id = ls_table_add(t, "customer_id", LS_TYPE_STRING);
  ls_column *country = ls_table_add(t, "country", LS_TYPE_STRING);
  static const char *const ROWS[][2] = {{"u1", "US"}, {"u2", "CN"}, {"u3", "CN"}, {"u4", "DE"}, {"u6", "US"}};
  for (size_t i = 0; i < 5; i++) push_str_or_null(id, ROWS[i][0]), push_str_or_null(country, ROWS[i][1]);
  return t;
}

static ls_workspace *ws_of(ls_tz tz) {
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_add(ws, events_table(EVENTS, NEVENTS));
  ls_workspace_add(ws, people());
  ls_workspace_add(ws, customers());
  ls_workspace_set_tz(ws, tz);
  return ws;
}

static cJSON *run_lim(ls_workspace *ws, const char *q, const ls_sql_limits *lim) {
  cJSON *out = NULL;
  ls_status st = ls_sql_run(ws, q, lim, &out);
  if (st != LS_OK) printf("  %s: %s\n", q, ls_workspace_errmsg(ws));
  return out;
}

static cJSON *run(ls_workspace *ws, const char *q) { return run_lim(ws, q, NULL); }

static const cJSON *cell(const cJSON *res, int row, int col) {
  return cJSON_GetArrayItem(cJSON_GetArrayItem(cJSON_GetObjectItem(res, "rows"), row), col);
}

static const char *cell_text(const cJSON *res, int row, int col) { return cJSON_GetStringValue(cell(res, row, col)); }

static double cell_num(const cJSON *res, int row, int col) {
  const cJSON *c = cell(res, row, col);
  return cJSON_IsNumber(c) ? c->valuedouble : NAN;
}

static const char *col_type(const cJSON *res, int col) {
  return str(cJSON_GetArrayItem(cJSON_GetObjectItem(res, "columns"), col), "type");
}

static ls_status fails(ls_workspace *ws, const char *q) {
  cJSON *out = NULL;
  ls_status st = ls_sql_run(ws, q, NULL, &out);
  CHECK(out == NULL);
  cJSON_Delete(out);
  return st;
}

TEST(columns_should_read_as_sqlite_types) {
  ls_workspace *ws = ws_of(0);
  cJSON *r = run(ws, "SELECT typeof(id), typeof(score), typeof(active), typeof(name), typeof(seen), typeof(born),"
                     " id, score, active, name FROM people WHERE id = 1");
  CHECK_STR(cell_text(r, 0, 0), "integer");
  CHECK_STR(cell_text(r, 0, 1), "real");
  CHECK_STR(cell_text(r, 0, 2), "integer");
  CHECK_STR(cell_text(r, 0, 3), "text");
  CHECK_STR(cell_text(r, 0, 4), "text");
  CHECK_STR(cell_text(r, 0, 5), "text");
  CHECK_NUM(cell_num(r, 0, 6), 1, 0);
  CHECK_NUM(cell_num(r, 0, 7), 2.5, 0);
  CHECK_NUM(cell_num(r, 0, 8), 1, 0);
  CHECK_STR(cell_text(r, 0, 9), "Ann");
  CHECK_STR(col_type(r, 6), "integer");
  CHECK_STR(col_type(r, 7), "real");
  CHECK_STR(col_type(r, 9), "text");
  CHECK_STR(str(cJSON_GetArrayItem(cJSON_GetObjectItem(r, "columns"), 9), "name"), "name");
  CHECK_NUM(num(r, "row_count"), 1, 0);
  CHECK(cJSON_IsFalse(cJSON_GetObjectItem(r, "truncated")));
  CHECK_STR(str(r, "query"), "SELECT typeof(id), typeof(score), typeof(active), typeof(name), typeof(seen), typeof(born),"
                             " id, score, active, name FROM people WHERE id = 1");
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

TEST(times_should_be_wall_clock_text_in_the_workspace_zone) {
  ls_workspace *ws = ws_of(0);
  cJSON *r = run(ws, "SELECT seen, born FROM people ORDER BY id");
  CHECK_STR(cell_text(r, 0, 0), "2026-03-01 17:00:00");
  CHECK_STR(cell_text(r, 0, 1), "1990-07-04");
  CHECK_STR(cell_text(r, 2, 0), "2026-03-02 10:00:00.250");
  CHECK_STR(cell_text(r, 2, 1), "2000-02-29");
  cJSON_Delete(r);
  /* +08:00: 17:00Z is 01:00 the next day; a date stays its calendar day */
  ls_workspace_set_tz(ws, 480);
  r = run(ws, "SELECT seen, born, date(seen), strftime('%H', seen) FROM people ORDER BY id");
  CHECK_STR(cell_text(r, 0, 0), "2026-03-02 01:00:00");
  CHECK_STR(cell_text(r, 0, 1), "1990-07-04");
  CHECK_STR(cell_text(r, 0, 2), "2026-03-02");
  CHECK_STR(cell_text(r, 0, 3), "01");
  CHECK_STR(cell_text(r, 2, 0), "2026-03-02 18:00:00.250");
  cJSON_Delete(r);
  /* New York in March 2026: EST until the 8th (-05:00), EDT from then (-04:00) */
  ls_tz ny;
  CHECK(ls_tz_parse("America/New_York", &ny));
  ls_workspace_set_tz(ws, ny);
  r = run(ws, "SELECT timestamp FROM events WHERE distinct_id = 'u3' ORDER BY timestamp");
  CHECK_STR(cell_text(r, 0, 0), "2026-03-01 12:00:00"); /* 17:00Z − 5 h */
  CHECK_STR(cell_text(r, 1, 0), "2026-03-09 11:30:00"); /* 15:30Z − 4 h */
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

TEST(nulls_should_be_null_and_types_come_from_the_first_value) {
  ls_workspace *ws = ws_of(0);
  cJSON *r = run(ws, "SELECT score, active, name, seen, born FROM people ORDER BY id DESC");
  /* rows: 3, 2 (nulls), 1 */
  for (int c = 0; c < 5; c++) CHECK(cJSON_IsNull(cell(r, 1, c)));
  CHECK_NUM(cell_num(r, 0, 0), -1, 0);
  CHECK_NUM(cell_num(r, 0, 1), 0, 0);
  CHECK_STR(cell_text(r, 0, 2), "Bo \"B\"");
  cJSON_Delete(r);
  r = run(ws, "SELECT NULL AS empty, CASE WHEN id = 3 THEN 'x' END AS late FROM people ORDER BY id");
  CHECK_STR(col_type(r, 0), "null");
  CHECK_STR(col_type(r, 1), "text"); /* null, null, then 'x' */
  cJSON_Delete(r);
  r = run(ws, "SELECT 1e308 * 10, 0.5");
  CHECK(cJSON_IsNull(cell(r, 0, 0))); /* infinity has no JSON */
  CHECK_NUM(cell_num(r, 0, 1), 0.5, 0);
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

TEST(tables_should_be_named_by_dataset_and_kind) {
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_add(ws, events_table(EVENTS, NEVENTS));
  ls_table *t = events_table(EVENTS, 2);
  ls_workspace_add(ws, t);   /* replaces: same name */
  ls_table *a = ls_table_new("my data.csv"), *b = ls_table_new("my-data.csv"), *c = ls_table_new("2026 Sales (CN).csv");
  ls_table *d = ls_table_new("客户.csv"), *e = ls_table_new("sqlite_stat1.csv"), *f = ls_table_new("MY_DATA.tsv.gz");
  ls_table *all[] = {a, b, c, d, e, f};
  for (size_t i = 0; i < 6; i++) {
    ls_column *x = ls_table_add(all[i], "x", LS_TYPE_INT64);
    ls_column_push_i64(x, (int64_t)i);
    ls_workspace_add(ws, all[i]);
  }
  const char *want[] = {"events", "my_data", "my_data_2", "t_2026_Sales__CN_", "______", "t_sqlite_stat1", "MY_DATA_3"};
  for (size_t i = 0; i < 7; i++) {
    char buf[64];
    size_t n = ls_sql_table_name(ws, i, buf, sizeof buf);
    CHECK_STR(buf, want[i]);
    CHECK_INT(n, strlen(want[i]));
  }
  char small[4];
  CHECK_INT(ls_sql_table_name(ws, 3, small, sizeof small), 17); /* the whole name's length */
  CHECK_STR(small, "t_2");
  cJSON *r = run(ws, "SELECT x FROM my_data_2 UNION ALL SELECT x FROM \"______\" UNION ALL SELECT x FROM MY_DATA_3");
  CHECK_NUM(cell_num(r, 0, 0), 1, 0);
  CHECK_NUM(cell_num(r, 1, 0), 3, 0);
  CHECK_NUM(cell_num(r, 2, 0), 5, 0);
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

TEST(a_kind_should_name_its_first_dataset_too_unless_taken) {
  ls_workspace *ws = ls_workspace_new();
  ls_table *t = events_table(EVENTS, NEVENTS);
  ls_table *renamed = ls_table_new("posthog export.csv");
  for (size_t i = 0; i < ls_table_ncols(t); i++) {
    ls_column *c = ls_table_col(t, i);
    ls_column *n = ls_table_add(renamed, ls_column_name(c), ls_column_type(c));
    for (size_t k = 0; k < ls_table_rows(t); k++) {
      if (ls_column_type(c) == LS_TYPE_STRING) {
        size_t len;
        const char *s = ls_column_str(c, k, &len);
        ls_column_push_str(n, s, len);
      } else {
        ls_column_push_i64(n, ls_column_i64(c)[k]);
      }
    }
  }
  ls_table_free(t);
  ls_workspace_add(ws, renamed);
  cJSON *r = run(ws, "SELECT (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM posthog_export)");
  CHECK_NUM(cell_num(r, 0, 0), 10, 0);
  CHECK_NUM(cell_num(r, 0, 1), 10, 0);
  cJSON_Delete(r);
  /* a dataset named events takes the name: the alias is gone */
  ls_workspace_add(ws, events_table(EVENTS, 3));
  r = run(ws, "SELECT COUNT(*) FROM events");
  CHECK_NUM(cell_num(r, 0, 0), 3, 0);
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

TEST(writes_pragmas_attach_and_other_tables_should_be_refused) {
  ls_workspace *ws = ws_of(0);
  const char *bad[] = {"INSERT INTO people(id) VALUES (9)", "UPDATE people SET id = 4", "DELETE FROM people",
                       "CREATE TABLE t(x)", "DROP TABLE people", "PRAGMA table_info(people)",
                       "ATTACH DATABASE ':memory:' AS other", "BEGIN", "CREATE TEMP VIEW v AS SELECT 1",
                       "SELECT * FROM sqlite_schema", "SELECT * FROM pragma_table_info('people')",
                       " /* c */ -- x\n (DELETE FROM people)", "WITH x AS (SELECT 1) UPDATE people SET id = 2",
                       "WITH x AS (SELECT 1) INSERT INTO people(id) SELECT 1", "VACUUM", "SELECT * FROM temp.sqlite_master"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    ls_status st = fails(ws, bad[i]);
    if (st != LS_EINVAL) printf("  %s: %s (%s)\n", bad[i], ls_status_name(st), ls_workspace_errmsg(ws));
    CHECK_INT(st, LS_EINVAL);
    CHECK_HAS(ls_workspace_errmsg(ws), "SQL: ");
  }
  fails(ws, "PRAGMA table_info(people)");
  CHECK_STR(ls_workspace_errmsg(ws), "SQL: read-only: PRAGMA is not allowed");
  fails(ws, "SELECT * FROM sqlite_schema");
  CHECK_STR(ls_workspace_errmsg(ws), "SQL: no table \"sqlite_master\" among the datasets");
  ls_workspace_free(ws);
}

TEST(one_statement_only_and_errors_should_say_why) {
  ls_workspace *ws = ws_of(0);
  CHECK_INT(fails(ws, "SELECT 1; SELECT 2"), LS_EINVAL);
  CHECK_STR(ls_workspace_errmsg(ws), "SQL: one statement at a time");
  CHECK_INT(fails(ws, "SELECT 1; DELETE FROM people"), LS_EINVAL);
  CHECK_INT(fails(ws, ""), LS_EINVAL);
  CHECK_STR(ls_workspace_errmsg(ws), "SQL: empty query");
  CHECK_INT(fails(ws, " -- nothing\n;"), LS_EINVAL);
  CHECK_INT(fails(ws, NULL), LS_EINVAL);
  CHECK_INT(fails(ws, "SELEC 1"), LS_EPARSE);
  CHECK_STR(ls_workspace_errmsg(ws), "SQL: near \"SELEC\": syntax error");
  CHECK_INT(fails(ws, "SELECT * FROM nowhere"), LS_EPARSE);
  CHECK_STR(ls_workspace_errmsg(ws), "SQL: no such table: nowhere");
  CHECK_INT(fails(ws, "SELECT \"id\" FROM people WHERE name = \"Ann\""), LS_EPARSE); /* SQLITE_DQS=0 */
  CHECK_INT(fails(ws, "SELECT load_extension('x')"), LS_EPARSE);
  /* a trailing semicolon and comments are one statement */
  cJSON *r = run(ws, "SELECT 7; -- done\n/* really */ ;");
  CHECK_NUM(cell_num(r, 0, 0), 7, 0);
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

TEST(rows_beyond_max_rows_should_be_cut_and_flagged) {
  ls_workspace *ws = ws_of(0);
  ls_sql_limits lim = LS_SQL_LIMITS_INIT;
  lim.max_rows = 4;
  cJSON *r = run_lim(ws, "SELECT distinct_id FROM events", &lim);
  CHECK_NUM(num(r, "row_count"), 4, 0);
  CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(r, "rows")), 4);
  CHECK(cJSON_IsTrue(cJSON_GetObjectItem(r, "truncated")));
  cJSON_Delete(r);
  lim.max_rows = 10; /* exactly the rows: nothing cut */
  r = run_lim(ws, "SELECT distinct_id FROM events", &lim);
  CHECK_NUM(num(r, "row_count"), 10, 0);
  CHECK(cJSON_IsFalse(cJSON_GetObjectItem(r, "truncated")));
  cJSON_Delete(r);
  /* the default keeps LS_SQL_MAX_ROWS */
  r = run(ws, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500) SELECT i FROM n");
  CHECK_NUM(num(r, "row_count"), LS_SQL_MAX_ROWS, 0);
  CHECK(cJSON_IsTrue(cJSON_GetObjectItem(r, "truncated")));
  CHECK_NUM(cell_num(r, LS_SQL_MAX_ROWS - 1, 0), LS_SQL_MAX_ROWS, 0);
  cJSON_Delete(r);
  /* 16 MiB (16,777,216 bytes) of text at most: rows of 999,000 bytes keep 16
   * (15,984,000), the 17th would make 16,983,000 */
  r = run(ws, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20) "
              "SELECT i, printf('%.*c', 999000, 'x') FROM n");
  CHECK_NUM(num(r, "row_count"), 16, 0);
  CHECK(cJSON_IsTrue(cJSON_GetObjectItem(r, "truncated")));
  cJSON_Delete(r);
  /* one value over 1,000,000 bytes is refused */
  CHECK_INT(fails(ws, "SELECT zeroblob(1000001)"), LS_EINVAL);
  CHECK_STR(ls_workspace_errmsg(ws), "SQL: string or blob too big");
  ls_workspace_free(ws);
}

static int polls;
static int stop_on_third(void *ctx) { return ++polls >= 3; }

TEST(max_steps_and_stop_should_end_a_runaway_query) {
  ls_workspace *ws = ws_of(0);
  const char *forever = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT max(i) FROM n";
  ls_sql_limits lim = LS_SQL_LIMITS_INIT;
  lim.max_steps = 50000;
  cJSON *out = NULL;
  CHECK_INT(ls_sql_run(ws, forever, &lim, &out), LS_ERANGE);
  CHECK_STR(ls_workspace_errmsg(ws), "SQL: stopped after 50000 steps");
  CHECK(out == NULL);
  lim.max_steps = 0;
  lim.stop = stop_on_third;
  polls = 0;
  CHECK_INT(ls_sql_run(ws, forever, &lim, &out), LS_ERANGE);
  CHECK_STR(ls_workspace_errmsg(ws), "SQL: stopped");
  CHECK_INT(polls, 3);
  /* a small query finishes under a small budget */
  lim.stop = NULL;
  lim.max_steps = 5000;
  cJSON *r = run_lim(ws, "SELECT COUNT(*) FROM events", &lim);
  CHECK_NUM(cell_num(r, 0, 0), 10, 0);
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

TEST(a_join_across_two_datasets_should_match_by_hand) {
  ls_workspace *ws = ws_of(0);
  /* events per country: u1 4 (US), u2 2 + u3 2 (CN), u4 1 (DE); u5 has no
   * customer row, u6 no events */
  cJSON *r = run(ws, "SELECT c.country, COUNT(*) AS n, COUNT(DISTINCT e.distinct_id) AS users FROM events e "
                     "JOIN customers c ON c.customer_id = e.distinct_id GROUP BY 1 ORDER BY 1");
  CHECK_NUM(num(r, "row_count"), 3, 0);
  CHECK_STR(cell_text(r, 0, 0), "CN");
  CHECK_NUM(cell_num(r, 0, 1), 4, 0);
  CHECK_NUM(cell_num(r, 0, 2), 2, 0);
  CHECK_STR(cell_text(r, 1, 0), "DE");
  CHECK_NUM(cell_num(r, 1, 1), 1, 0);
  CHECK_STR(cell_text(r, 2, 0), "US");
  CHECK_NUM(cell_num(r, 2, 1), 4, 0);
  CHECK_NUM(cell_num(r, 2, 2), 1, 0);
  cJSON_Delete(r);
  /* the other way round, a left join, and an equality the index cannot take
   * (an integer against text: SQLite compares, the scan stays whole) */
  r = run(ws, "SELECT c.customer_id, COUNT(e.event) FROM customers c LEFT JOIN events e "
              "ON e.distinct_id = c.customer_id GROUP BY 1 ORDER BY 1");
  CHECK_STR(cell_text(r, 4, 0), "u6");
  CHECK_NUM(cell_num(r, 4, 1), 0, 0);
  CHECK_NUM(cell_num(r, 0, 1), 4, 0);
  cJSON_Delete(r);
  r = run(ws, "SELECT (SELECT COUNT(*) FROM people WHERE id = 3), (SELECT COUNT(*) FROM people WHERE id = '3'),"
              " (SELECT COUNT(*) FROM people WHERE id = 3.0), (SELECT COUNT(*) FROM people WHERE active = 0),"
              " (SELECT COUNT(*) FROM customers WHERE country = 'cn'), (SELECT COUNT(*) FROM customers WHERE country = 'CN')");
  CHECK_NUM(cell_num(r, 0, 0), 1, 0);
  CHECK_NUM(cell_num(r, 0, 1), 1, 0);
  CHECK_NUM(cell_num(r, 0, 2), 1, 0);
  CHECK_NUM(cell_num(r, 0, 3), 1, 0);
  CHECK_NUM(cell_num(r, 0, 4), 0, 0);
  CHECK_NUM(cell_num(r, 0, 5), 2, 0);
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

TEST(order_and_group_by_one_column_should_keep_sqlites_order) {
  ls_workspace *ws = ws_of(0);
  /* nulls first ascending, last descending; BINARY order: "Ann" < "Bo" */
  cJSON *r = run(ws, "SELECT id FROM people ORDER BY name");
  CHECK_NUM(cell_num(r, 0, 0), 2, 0);
  CHECK_NUM(cell_num(r, 1, 0), 1, 0);
  CHECK_NUM(cell_num(r, 2, 0), 3, 0);
  cJSON_Delete(r);
  r = run(ws, "SELECT id FROM people ORDER BY name DESC");
  CHECK_NUM(cell_num(r, 0, 0), 3, 0);
  CHECK_NUM(cell_num(r, 2, 0), 2, 0);
  cJSON_Delete(r);
  r = run(ws, "SELECT id, active FROM people ORDER BY active"); /* null, 0 (id 3), 1 (id 1) */
  CHECK_NUM(cell_num(r, 0, 0), 2, 0);
  CHECK_NUM(cell_num(r, 1, 0), 3, 0);
  CHECK_NUM(cell_num(r, 2, 0), 1, 0);
  cJSON_Delete(r);
  /* events per name: job_search 1, mock_interview 1, resume_scan 3, signup 5 */
  r = run(ws, "SELECT event, COUNT(*) FROM events GROUP BY event");
  const char *names[] = {"job_search", "mock_interview", "resume_scan", "signup"};
  const double n[] = {1, 1, 3, 5};
  CHECK_NUM(num(r, "row_count"), 4, 0);
  for (int i = 0; i < 4; i++) {
    CHECK_STR(cell_text(r, i, 0), names[i]);
    CHECK_NUM(cell_num(r, i, 1), n[i], 0);
  }
  cJSON_Delete(r);
  r = run(ws, "SELECT distinct_id FROM events ORDER BY distinct_id DESC LIMIT 2");
  CHECK_STR(cell_text(r, 0, 0), "u5");
  CHECK_STR(cell_text(r, 1, 0), "u4");
  cJSON_Delete(r);
  r = run(ws, "SELECT name FROM people ORDER BY name COLLATE NOCASE DESC"); /* SQLite sorts this one */
  CHECK_STR(cell_text(r, 0, 0), "Bo \"B\"");
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

/* DAU by date(timestamp) at +08:00, by hand from the events in local time:
 * Mar 1 17:00 u1, 17:05 u1 | Mar 2 07:30 u2, 01:00 u3, 18:00 u1 | Mar 3 u2 |
 * Mar 5 u4 | Mar 8 u1 | Mar 9 23:30 u3 | Mar 11 07:59 u5 (10 Mar 23:59Z) */
TEST(dau_by_date_should_match_the_dashboards_days) {
  ls_workspace *ws = ws_of(480);
  cJSON *r = run(ws, "SELECT date(timestamp) AS day, COUNT(DISTINCT distinct_id) FROM events GROUP BY 1 ORDER BY 1");
  const char *days[] = {"2026-03-01", "2026-03-02", "2026-03-03", "2026-03-05", "2026-03-08", "2026-03-09", "2026-03-11"};
  const double want[] = {1, 3, 1, 1, 1, 1, 1};
  CHECK_NUM(num(r, "row_count"), 7, 0);
  for (int i = 0; i < 7; i++) {
    CHECK_STR(cell_text(r, i, 0), days[i]);
    CHECK_NUM(cell_num(r, i, 1), want[i], 0);
  }
  /* the dashboard's dau, the same days (zero days have no SQL row) */
  ls_query q = LS_QUERY_INIT;
  q.grain = LS_GRAIN_DAY;
  ls_series *s = NULL;
  CHECK_INT(ls_metric_run(ws, "dau", &q, &s), LS_OK);
  int matched = 0, active = 0;
  for (size_t k = 0; s && k < s->n; k++) {
    char name[LS_TIME_TEXT_MAX];
    ls_period_name(s->start[k], LS_GRAIN_DAY, 480, name);
    for (int i = 0; i < 7; i++)
      if (strcmp(name, days[i]) == 0) {
        CHECK_NUM(s->value[k], cell_num(r, i, 1), 0);
        matched++;
      }
    active += s->value[k] > 0;
  }
  CHECK_INT(matched, 7);
  CHECK_INT(active, 7);
  ls_series_free(s);
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

TEST(numbers_should_print_as_their_shortest_round_trip_text) {
  ls_workspace *ws = ws_of(0);
  cJSON *r = run(ws, "SELECT 0.1 + 0.7, 2.5, 12500, -3, 1.0 / 3, 9007199254740993");
  CHECK_INT(ls_sql_json_shortest(r), LS_OK);
  char *text = cJSON_PrintUnformatted(cJSON_GetObjectItem(r, "rows"));
  /* 0.1 + 0.7 is 0.7999999999999999 (16 digits; %.17g would print 0.79999999999999993);
   * 2^53 + 1 has no double: it reads as 2^53 */
  CHECK_STR(text, "[[0.7999999999999999,2.5,12500,-3,0.3333333333333333,9007199254740992]]");
  ls_free(text);
  text = cJSON_PrintUnformatted(r);
  CHECK_HAS(text, "\"row_count\":1,\"truncated\":false");
  ls_free(text);
  cJSON_Delete(r);
  ls_workspace_free(ws);
}

int main(void) {
  ls_alloc_init_json();
  RUN(columns_should_read_as_sqlite_types);
  RUN(times_should_be_wall_clock_text_in_the_workspace_zone);
  RUN(nulls_should_be_null_and_types_come_from_the_first_value);
  RUN(tables_should_be_named_by_dataset_and_kind);
  RUN(a_kind_should_name_its_first_dataset_too_unless_taken);
  RUN(writes_pragmas_attach_and_other_tables_should_be_refused);
  RUN(one_statement_only_and_errors_should_say_why);
  RUN(rows_beyond_max_rows_should_be_cut_and_flagged);
  RUN(max_steps_and_stop_should_end_a_runaway_query);
  RUN(a_join_across_two_datasets_should_match_by_hand);
  RUN(order_and_group_by_one_column_should_keep_sqlites_order);
  RUN(dau_by_date_should_match_the_dashboards_days);
  RUN(numbers_should_print_as_their_shortest_round_trip_text);
  return check_done();
}
