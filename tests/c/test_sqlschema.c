/* test_sqlschema.c: the SQL console's engine side: where an SQL error points
 * (ls_sql_run_at, ls_sql_position) and the tables SQL sees (ls_sql_schema),
 * on hand-built tables. Offsets are counted by hand in the comments. */
#include "base/alloc.h"
#include "check.h"
#include "events_small.h"
#include "fixtures.h"
#include "json_get.h"
#include "sql/sql.h"
#include "workspace/workspace.h"

/* events of another file name: its kind is events, its name is not */
static ls_table *events_named(const char *file) {
  ls_table *t = ls_table_new(file);
  ls_column *u = ls_table_add(t, "distinct_id", LS_TYPE_STRING);
  ls_column *e = ls_table_add(t, "event", LS_TYPE_STRING);
  ls_column *ts = ls_table_add(t, "timestamp", LS_TYPE_TIME);
  for (size_t i = 0; i < NEVENTS; i++)
    push_str_or_null(u, EVENTS[i].user), push_str_or_null(e, EVENTS[i].event), push_time_or_null(ts, EVENTS[i].time);
  return t;
}

/* The columns of people.csv: one of each type, and a date-only time */
static const struct {
  const char *name;
  ls_type type;
  const char *sql_type, *type_name;
} COLS[] = {{"id", LS_TYPE_INT64, "INTEGER", "int"},       {"score", LS_TYPE_DOUBLE, "REAL", "float"},
            {"active", LS_TYPE_BOOL, "INTEGER", "bool"},   {"name", LS_TYPE_STRING, "TEXT", "string"},
            {"seen", LS_TYPE_TIME, "TEXT", "timestamp"}, {"born", LS_TYPE_TIME, "TEXT", "date"}};
#define NCOLS (sizeof COLS / sizeof COLS[0])

/* people.csv: two rows of COLS, every cell null but the id */
static ls_table *people(void) {
  ls_table *t = ls_table_new("people.csv");
  for (size_t c = 0; c < NCOLS; c++) {
    ls_column *col = ls_table_add(t, COLS[c].name, COLS[c].type);
    if (c == NCOLS - 1) ls_column_set_flags(col, LS_COL_DATE | LS_COL_LOCAL);
    for (int i = 0; i < 2; i++) c ? ls_column_push_null(col) : ls_column_push_i64(col, i + 1);
  }
  return t;
}

static ls_workspace *ws_new(void) {
  ls_workspace *ws = ls_workspace_new();
  ls_workspace_add(ws, people());
  return ws;
}

/* The position of q's error; the status must be want. */
static ls_sql_pos pos_of(ls_workspace *ws, const char *q, ls_status want) {
  cJSON *out = NULL;
  ls_sql_pos pos = {99, 99, 99};
  ls_status st = ls_sql_run_at(ws, q, NULL, &out, &pos);
  if (st != want) printf("  %s: %s (%s)\n", q, ls_status_name(st), ls_workspace_errmsg(ws));
  CHECK_INT(st, want);
  cJSON_Delete(out);
  return pos;
}

#define CHECK_POS(p, off, ln, col)                                                 \
  do {                                                                             \
    CHECK_INT((p).offset, off);                                                    \
    CHECK_INT((p).line, ln);                                                       \
    CHECK_INT((p).column, col);                                                    \
  } while (0)

/* A query, its status and message, and where its error points, counted by
 * hand in the comment above each. */
typedef struct {
  const char *query;
  ls_status status;
  const char *message; /* NULL: not checked */
  long offset;
  int line, column;
} placed;

static void check_places(const placed *cases, size_t n) {
  ls_workspace *ws = ws_new();
  for (size_t i = 0; i < n; i++) {
    ls_sql_pos p = pos_of(ws, cases[i].query, cases[i].status);
    if (cases[i].message) CHECK_STR(ls_workspace_errmsg(ws), cases[i].message);
    CHECK_POS(p, cases[i].offset, cases[i].line, cases[i].column);
  }
  ls_workspace_free(ws);
}

TEST(a_syntax_error_should_point_where_sqlite_stopped) {
  static const placed CASES[] = {
    {"SELEC 1", LS_EPARSE, "SQL: near \"SELEC\": syntax error", 0, 1, 1},
    /* "SELECT id\n" is 10 bytes, "FROM people\n" 12, "WHERE " 6: nope at 28, line 3, column 7 */
    {"SELECT id\nFROM people\nWHERE nope = 1", LS_EPARSE, "SQL: no such column: nope", 28, 3, 7},
    /* "SELECT 1 +" is 10 bytes: incomplete at its end (the trailing blanks trimmed), column 11 */
    {"SELECT 1 +  \n", LS_EPARSE, NULL, 10, 1, 11},
    /* "SELECT '" 8 bytes, 客户 2 characters of 3 bytes, "', " 3 bytes: nope at
     * byte 8 + 6 + 3 = 17, after 8 + 2 + 3 = 13 characters: column 14 */
    {"SELECT '客户', nope FROM people", LS_EPARSE, NULL, 17, 1, 14},
  };
  check_places(CASES, sizeof CASES / sizeof CASES[0]);
}

TEST(refusals_should_point_at_what_was_refused) {
  static const placed CASES[] = {
    /* a write: its word, after the comment and blanks ("/ * x * /\n" is 8 bytes, 2 spaces) */
    {"/* x */\n  DELETE FROM people", LS_EINVAL, "SQL: read-only: DELETE is not allowed", 10, 2, 3},
    /* a second statement: "SELECT 1;\n" 10 bytes, two spaces */
    {"SELECT 1;\n  SELECT 2", LS_EINVAL, "SQL: one statement at a time", 12, 2, 3},
    /* no such table (SQLite gives no offset): the name, "SELECT * FROM " 14 bytes */
    {"SELECT * FROM nowhere", LS_EPARSE, "SQL: no such table: nowhere", 14, 1, 15},
    /* a table that is not a dataset: "SELECT 1 FROM " is 14 bytes, "people p, " 10: at 24 */
    {"SELECT 1 FROM people p, sqlite_schema", LS_EINVAL, NULL, 24, 1, 25},
    /* alone, the authorizer calls it sqlite_master (test_sql.c): found as sqlite_schema */
    {"SELECT * FROM\n sqlite_schema", LS_EINVAL, "SQL: no table \"sqlite_master\" among the datasets", 15, 2, 2},
  };
  check_places(CASES, sizeof CASES / sizeof CASES[0]);
}

TEST(errors_without_a_place_and_successes_should_have_no_position) {
  ls_workspace *ws = ws_new();
  CHECK_POS(pos_of(ws, "SELECT zeroblob(1000001)", LS_EINVAL), -1, 0, 0); /* run time */
  CHECK_POS(pos_of(ws, "SELECT COUNT(*) FROM people", LS_OK), -1, 0, 0);
  CHECK_POS(pos_of(ws, NULL, LS_EINVAL), -1, 0, 0);
  ls_sql_pos p;
  ls_sql_position("ab", 3, &p); /* past the end */
  CHECK_POS(p, -1, 0, 0);
  ls_sql_position("ab", 2, &p); /* the end itself */
  CHECK_POS(p, 2, 1, 3);
  ls_sql_position("a\n\nb", 3, &p);
  CHECK_POS(p, 3, 3, 1);
  /* ls_sql_run says the same as ls_sql_run_at */
  cJSON *out = NULL;
  CHECK_INT(ls_sql_run(ws, "SELEC 1", NULL, &out), LS_EPARSE);
  CHECK_STR(ls_workspace_errmsg(ws), "SQL: near \"SELEC\": syntax error");
  ls_workspace_free(ws);
}

static const cJSON *table_at(const cJSON *schema, int i) {
  return cJSON_GetArrayItem(cJSON_GetObjectItem(schema, "tables"), i);
}

static const cJSON *column_at(const cJSON *table, int i) {
  return cJSON_GetArrayItem(cJSON_GetObjectItem(table, "columns"), i);
}

/* COUNT(*) of table through SQL */
static double count_of(ls_workspace *ws, const char *table) {
  char q[200];
  snprintf(q, sizeof q, "SELECT COUNT(*) FROM \"%s\"", table);
  cJSON *out = NULL;
  double n = NAN;
  if (ls_sql_run(ws, q, NULL, &out) == LS_OK)
    n = cJSON_GetArrayItem(cJSON_GetArrayItem(cJSON_GetObjectItem(out, "rows"), 0), 0)->valuedouble;
  cJSON_Delete(out);
  return n;
}

TEST(the_schema_should_list_every_table_its_columns_types_and_rows) {
  ls_workspace *ws = ws_new();
  ls_workspace_add(ws, events_named("posthog export.csv"));
  ls_table *odd = ls_table_new("2026 odd.csv"); /* names SQL must rename */
  ls_column *a = ls_table_add(odd, "x", LS_TYPE_INT64), *b = ls_table_add(odd, "X", LS_TYPE_STRING);
  ls_column *c = ls_table_add(odd, "", LS_TYPE_DOUBLE);
  ls_column_push_i64(a, 1), push_str_or_null(b, "y"), ls_column_push_f64(c, 0.5);
  ls_workspace_add(ws, odd);
  cJSON *s = NULL;
  CHECK_INT(ls_sql_schema(ws, &s), LS_OK);
  CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(s, "tables")), 3);

  const cJSON *p = table_at(s, 0);
  CHECK_STR(str(p, "name"), "people");
  CHECK(cJSON_IsNull(cJSON_GetObjectItem(p, "alias")));
  CHECK_NUM(num(p, "dataset"), 0, 0);
  CHECK_NUM(num(p, "rows"), 2, 0);
  CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(p, "columns")), NCOLS);
  for (int i = 0; i < (int)NCOLS; i++) {
    CHECK_STR(str(column_at(p, i), "name"), COLS[i].name);
    CHECK_STR(str(column_at(p, i), "sql_type"), COLS[i].sql_type);
    CHECK_STR(str(column_at(p, i), "type"), COLS[i].type_name);
  }

  const cJSON *e = table_at(s, 1);
  CHECK_STR(str(e, "name"), "posthog_export");
  CHECK_STR(str(e, "alias"), "events");
  CHECK_STR(str(e, "kind"), "events");
  CHECK_NUM(num(e, "rows"), 10, 0);
  CHECK_STR(str(column_at(e, 2), "type"), "timestamp");

  const cJSON *o = table_at(s, 2);
  CHECK_STR(str(o, "name"), "t_2026_odd");
  CHECK_STR(str(column_at(o, 0), "name"), "x");
  CHECK_STR(str(column_at(o, 1), "name"), "X_2");
  CHECK_STR(str(column_at(o, 2), "name"), "column_3");
  CHECK_STR(str(column_at(o, 2), "sql_type"), "REAL");

  /* every name and alias is one SQL reads, with the rows said */
  CHECK_NUM(count_of(ws, "people"), 2, 0);
  CHECK_NUM(count_of(ws, "posthog_export"), 10, 0);
  CHECK_NUM(count_of(ws, "events"), 10, 0);
  CHECK_NUM(count_of(ws, "t_2026_odd"), 1, 0);
  cJSON *r = NULL;
  CHECK_INT(ls_sql_run(ws, "SELECT x, \"X_2\", column_3 FROM t_2026_odd", NULL, &r), LS_OK);
  cJSON_Delete(r);
  cJSON_Delete(s);

  /* a dataset named events takes the name from the alias */
  ls_workspace_add(ws, events_table(EVENTS, 3));
  CHECK_INT(ls_sql_schema(ws, &s), LS_OK);
  CHECK(cJSON_IsNull(cJSON_GetObjectItem(table_at(s, 1), "alias")));
  CHECK_STR(str(table_at(s, 3), "name"), "events");
  CHECK_NUM(num(table_at(s, 3), "rows"), 3, 0);
  CHECK(cJSON_IsNull(cJSON_GetObjectItem(table_at(s, 3), "alias"))); /* its own name already */
  cJSON_Delete(s);
  ls_workspace_free(ws);
}

TEST(an_empty_workspace_should_have_no_tables) {
  ls_workspace *ws = ls_workspace_new();
  cJSON *s = NULL;
  CHECK_INT(ls_sql_schema(ws, &s), LS_OK);
  CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(s, "tables")), 0);
  cJSON_Delete(s);
  ls_workspace_free(ws);
}

int main(void) {
  ls_alloc_init_json();
  RUN(a_syntax_error_should_point_where_sqlite_stopped);
  RUN(refusals_should_point_at_what_was_refused);
  RUN(errors_without_a_place_and_successes_should_have_no_position);
  RUN(the_schema_should_list_every_table_its_columns_types_and_rows);
  RUN(an_empty_workspace_should_have_no_tables);
  return check_done();
}
