/* sql.h: read-only SQL over the loaded datasets (SQLite).
 *
 * Each dataset is a SQLite virtual table that reads the workspace's columns
 * in place (no copy), on a private in-memory connection made for the query
 * and closed after it. Table names: the dataset's name without its
 * extension, every byte that is not [A-Za-z0-9_] as "_", a leading digit
 * prefixed with "t_", a name already taken suffixed "_2", "_3"…
 * (ls_sql_table_name); and, when no dataset already has that name, the
 * dataset's kind ("events", "subscriptions", "payments", …) as a second name
 * of the first dataset of the kind. Column types: int → INTEGER, float → REAL,
 * bool → INTEGER 0/1, string → TEXT, timestamp → TEXT, the wall-clock time
 * in the workspace zone "YYYY-MM-DD HH:MM:SS" (".sss" when there are
 * milliseconds), date-only columns "YYYY-MM-DD": SQLite's date functions read
 * them and their days are the dashboard's days. Null cells are NULL.
 *
 * Read-only: one statement, SELECT (WITH … SELECT, VALUES) only; an
 * authorizer refuses every write, PRAGMA, ATTACH, and any table but the
 * datasets'. Limits: rows kept, VM steps (deterministic; the core reads no
 * clock) and an optional stop callback the caller ties to a wall clock.
 * Exact behaviour: docs/sql.md. */
#ifndef LS_SQL_H
#define LS_SQL_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "cJSON.h"
#include "workspace/workspace.h"

#define LS_SQL_MAX_ROWS 1000         /* rows kept when limits say 0 */
#define LS_SQL_MAX_STEPS 2000000000u /* VM steps when limits say 0 */

typedef struct {
  size_t max_rows;        /* rows kept in the result; more set "truncated"; 0: LS_SQL_MAX_ROWS */
  uint64_t max_steps;     /* SQLite VM steps before the query is stopped; 0: LS_SQL_MAX_STEPS */
  int (*stop)(void *ctx); /* polled while the query runs; nonzero stops it; NULL: never */
  void *ctx;
} ls_sql_limits;
#define LS_SQL_LIMITS_INIT {0, 0, NULL, NULL}

/* The SQL name of dataset i into buf (cap bytes, NUL-terminated, cut if
 * longer); the length of the whole name (0 when i is out of range). */
size_t ls_sql_table_name(const ls_workspace *ws, size_t i, char *buf, size_t cap);

/* Run query over ws's datasets. On LS_OK *out is
 *   {"query": text, "columns": [{"name", "type": "integer"|"real"|"text"|"null"}],
 *    "rows": [[cell…]…], "row_count": rows kept, "truncated": bool}
 * (a column's type: the SQLite type of its first non-null value, "null" when
 * all are null; cells are numbers, text or null; non-finite reals are null).
 * Errors, with the message on ws, starting "SQL: ":
 *   LS_EPARSE  SQLite could not prepare it ("SQL: near \"SELEC\": syntax error")
 *   LS_EINVAL  not read-only, more than one statement, or empty
 *   LS_ERANGE  stopped by a limit ("SQL: stopped after N steps" / "SQL: stopped")
 *   LS_ENOMEM. lim may be NULL (the defaults). */
ls_status ls_sql_run(ls_workspace *ws, const char *query, const ls_sql_limits *lim, cJSON **out);

/* Where in a query an error points. */
typedef struct {
  long offset; /* bytes from the query's start; -1: no position */
  int line;    /* 1-based; 0 without a position */
  int column;  /* 1-based, in characters (UTF-8 sequences) from the line's start; 0 without */
} ls_sql_pos;

/* ls_sql_run, and on failure *pos (pos may be NULL) where in query the error
 * points: SQLite's sqlite3_error_offset; else for a refused statement word
 * its first byte, for a second statement its first byte, for a table that
 * is not a dataset its name's first whole-word occurrence, for incomplete
 * input the end of the text; offset -1 when none of these (run-time errors,
 * limits) and on LS_OK. */
ls_status ls_sql_run_at(ls_workspace *ws, const char *query, const ls_sql_limits *lim, cJSON **out, ls_sql_pos *pos);

/* The line and column (ls_sql_pos) of byte offset in query into *pos;
 * offset -1, line and column 0 when offset is negative or past the end. */
void ls_sql_position(const char *query, long offset, ls_sql_pos *pos);

/* Every table the SQL sees, read from the datasets' declarations without a
 * row copied: *out = {"tables": [{"name", "alias": the kind's name when the
 * dataset is its kind's first and no dataset has that name, else null,
 * "dataset": index, "kind", "rows", "columns": [{"name" (as SQL reads it),
 * "sql_type": "INTEGER"|"REAL"|"TEXT", "type": the column type, "date" for a
 * date-only time}]}]}, in dataset order; the caller cJSON_Deletes it.
 * LS_ENOMEM, or LS_EINVAL with SQLite's message, on ws (sqlschema.c). */
ls_status ls_sql_schema(ls_workspace *ws, cJSON **out);

/* Make every number of j (the whole tree) print as its shortest round-trip
 * digits (base/numfmt.h; cJSON's own printing may add digits), as
 * JavaScript's String(x) does: each becomes a raw item holding that text,
 * so read the numbers before calling this, just before printing. LS_ENOMEM
 * (some numbers may then be converted already; j stays valid). */
ls_status ls_sql_json_shortest(cJSON *j);

#endif
