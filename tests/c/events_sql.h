/* events_sql.h: the events of a generated workspace copied into SQLite for
 * the independent SQL checks (test_activity_sql.c, test_retention_sql.c,
 * test_sessions_sql.c). */
#ifndef LS_TEST_EVENTS_SQL_H
#define LS_TEST_EVENTS_SQL_H

#include "sqlite3.h"
#include "table/table.h"
#include "workspace/workspace.h"

/* the events of t as ev(u, d, t): d the day number at offset minutes east,
 * t the instant (ms) */
static inline int copy_events(sqlite3 *db, const ls_table *t, int offset) {
  const ls_column *user = ls_table_find(t, "distinct_id"), *ts = ls_table_find(t, "timestamp");
  if (!user || !ts || ls_column_type(ts) != LS_TYPE_TIME) return 0;
  if (sqlite3_exec(db, "BEGIN; CREATE TABLE ev(u TEXT, d INTEGER, t INTEGER);", NULL, NULL, NULL) != SQLITE_OK) return 0;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "INSERT INTO ev VALUES (?, ?, ?)", -1, &st, NULL) != SQLITE_OK) return 0;
  int ok = 1;
  for (size_t i = 0; ok && i < ls_table_rows(t); i++) {
    if (!ls_column_valid(user, i) || !ls_column_valid(ts, i)) continue;
    size_t len;
    const char *u = ls_column_str(user, i, &len);
    int64_t local = ls_column_i64(ts)[i] + (int64_t)offset * 60000;
    int64_t day = local >= 0 ? local / 86400000 : -((-local + 86399999) / 86400000);
    sqlite3_bind_text(st, 1, u, (int)len, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, day);
    sqlite3_bind_int64(st, 3, ls_column_i64(ts)[i]);
    ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  return ok && sqlite3_exec(db, "COMMIT; CREATE INDEX ev_du ON ev(d, u);", NULL, NULL, NULL) == SQLITE_OK;
}

/* ws at offset minutes east, and a new in-memory database of its events
 * (copy_events); NULL on failure */
static inline sqlite3 *events_db(ls_workspace *ws, int offset) {
  sqlite3 *db = NULL;
  int di = ls_workspace_find(ws, LS_KIND_EVENTS);
  if (di < 0 || ls_workspace_set_tz(ws, offset) != LS_OK || sqlite3_open(":memory:", &db) != SQLITE_OK ||
      !copy_events(db, ls_workspace_table(ws, (size_t)di), offset)) {
    sqlite3_close(db);
    return NULL;
  }
  return db;
}

#endif
