/* sqlschema.c: the tables SQL sees (sql/sql.h ls_sql_schema), read from the
 * virtual tables' declarations on a private connection: no row is read. */
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "sql/sql.h"
#include "sql/sql_internal.h"

/* ---- private ---- */

/* The kind alias of dataset i among names (ls_sql_names), or NULL. */
static const char *alias_named(ls_sql_name *names, size_t n, size_t ndata, const size_t *alias_of, size_t i) {
  for (size_t k = ndata; k < n; k++)
    if (alias_of[k - ndata] == i) return names[k];
  return NULL;
}

/* The SQLite type a column of type t is declared with (sqlvtab.c). */
static const char *sql_type(ls_type t) {
  return t == LS_TYPE_INT64 || t == LS_TYPE_BOOL ? "INTEGER" : t == LS_TYPE_DOUBLE ? "REAL" : "TEXT";
}

/* The columns of dataset i as SQL declares them, through a table of the
 * module on db, into cols. An SQLite result code. */
static int add_columns(sqlite3 *db, const ls_workspace *ws, size_t i, cJSON *cols) {
  char *sql = sqlite3_mprintf("CREATE VIRTUAL TABLE main.\"t%llu\" USING " LS_SQLVT_MODULE "(%llu)",
                              (unsigned long long)i, (unsigned long long)i);
  int r = sql ? sqlite3_exec(db, sql, NULL, NULL, NULL) : SQLITE_NOMEM;
  sqlite3_free(sql);
  sqlite3_stmt *st = NULL;
  sql = r == SQLITE_OK ? sqlite3_mprintf("SELECT * FROM main.\"t%llu\"", (unsigned long long)i) : NULL;
  if (r == SQLITE_OK) r = sql ? sqlite3_prepare_v2(db, sql, -1, &st, NULL) : SQLITE_NOMEM;
  sqlite3_free(sql);
  const ls_table *t = ls_workspace_table(ws, i);
  int nc = r == SQLITE_OK ? sqlite3_column_count(st) : 0;
  for (int c = 0; r == SQLITE_OK && c < nc; c++) { /* the declaration's columns are the table's, in order */
    const ls_column *col = ls_table_col(t, (size_t)c);
    const char *name = sqlite3_column_name(st, c);
    const char *type = ls_column_type(col) == LS_TYPE_TIME && (ls_column_flags(col) & LS_COL_DATE)
                           ? "date" : ls_type_name(ls_column_type(col));
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddItemToArray(cols, o) || !cJSON_AddStringToObject(o, "name", name ? name : "") ||
        !cJSON_AddStringToObject(o, "sql_type", sql_type(ls_column_type(col))) || !cJSON_AddStringToObject(o, "type", type))
      r = SQLITE_NOMEM;
  }
  sqlite3_finalize(st);
  return r;
}

static cJSON *table_json(sqlite3 *db, const ls_workspace *ws, size_t i, const char *name, const char *alias, int *r) {
  const ls_detection *d = ls_workspace_detection(ws, i);
  cJSON *o = cJSON_CreateObject(), *cols = NULL;
  int ok = o && cJSON_AddStringToObject(o, "name", name) &&
           (alias ? cJSON_AddStringToObject(o, "alias", alias) : cJSON_AddNullToObject(o, "alias")) &&
           cJSON_AddNumberToObject(o, "dataset", (double)i) &&
           cJSON_AddStringToObject(o, "kind", ls_kind_name(d ? d->kind : 0)) &&
           cJSON_AddNumberToObject(o, "rows", (double)ls_table_rows(ls_workspace_table(ws, i))) &&
           (cols = cJSON_AddArrayToObject(o, "columns"));
  *r = ok ? add_columns(db, ws, i, cols) : SQLITE_NOMEM;
  if (*r == SQLITE_OK) return o;
  cJSON_Delete(o);
  return NULL;
}

/* ---- API ---- */

ls_status ls_sql_schema(ls_workspace *ws, cJSON **out) {
  *out = NULL;
  ls_alloc_init_json();
  sqlite3 *db = NULL;
  size_t n = 0, ndata = 0, *alias_of = NULL;
  ls_sql_name *names = ls_sql_names(ws, &n, &ndata, &alias_of);
  int r = names ? sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY, NULL)
                : SQLITE_NOMEM;
  if (r == SQLITE_OK) r = ls_sqlvt_register(db, ws);
  cJSON *res = r == SQLITE_OK ? cJSON_CreateObject() : NULL;
  cJSON *tables = res ? cJSON_AddArrayToObject(res, "tables") : NULL;
  if (r == SQLITE_OK && !tables) r = SQLITE_NOMEM;
  for (size_t i = 0; r == SQLITE_OK && i < ndata; i++) {
    cJSON *t = table_json(db, ws, i, names[i], alias_named(names, n, ndata, alias_of, i), &r);
    if (t && !cJSON_AddItemToArray(tables, t)) cJSON_Delete(t), r = SQLITE_NOMEM;
  }
  ls_status st = LS_OK;
  if (r != SQLITE_OK) {
    st = r == SQLITE_NOMEM ? LS_ENOMEM : LS_EINVAL;
    ls_workspace_fail(ws, st, "SQL: %s", db ? sqlite3_errmsg(db) : sqlite3_errstr(r));
    cJSON_Delete(res);
    res = NULL;
  }
  sqlite3_close(db);
  ls_free(names);
  ls_free(alias_of);
  *out = res;
  return st;
}
