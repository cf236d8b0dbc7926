/* ops_tools.c: the assistant's exports (issue 7): the tool definitions
 * (assist/tools.h), a tool run, and read-only SQL (sql/sql.h): a query, where
 * its error points, and the tables it sees. Conventions
 * as exports.c says: a JSON spec in, a NUL-terminated JSON text out that the
 * caller frees with lsw_free, NULL on failure with the status in
 * lsw_status(w) and the message on the workspace. Numbers print as their
 * shortest round-trip text. A query's wall-clock deadline (max_ms) is checked
 * here with emscripten_get_now: the core reads no clock. */
#include <emscripten.h>
#include <math.h>

#include "assist/tools.h"
#include "base/alloc.h"
#include "ops.h"
#include "sql/sql.h"

#define LSW_SQL_MAX_MS 5000.0 /* a query's deadline when the spec says none */
#define LSW_SQL_MS_LIMIT 600000.0

/* ---- private ---- */

static int past_deadline(void *ctx) { return emscripten_get_now() >= *(const double *)ctx; }

/* The result printed (numbers shortest), or NULL with the status on w. */
static char *finish(lsw_ws *w, ls_status st, cJSON *res) {
  char *out = NULL;
  if (st == LS_OK && ls_sql_json_shortest(res) == LS_OK) out = cJSON_PrintUnformatted(res);
  if (st == LS_OK && !out) st = ls_workspace_fail(w->ws, LS_ENOMEM, "out of memory");
  cJSON_Delete(res);
  w->status = st;
  return out;
}

/* spec's "max_ms" (absent or null: LSW_SQL_MAX_MS) as the deadline from now
 * into *deadline; LS_EINVAL on w naming op otherwise. */
static ls_status deadline_of(lsw_ws *w, const cJSON *j, const char *op, double *deadline) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "max_ms");
  double ms = LSW_SQL_MAX_MS;
  if (v && !cJSON_IsNull(v)) {
    if (!cJSON_IsNumber(v) || !(v->valuedouble > 0) || v->valuedouble > LSW_SQL_MS_LIMIT)
      return ls_workspace_fail(w->ws, LS_EINVAL, "%s: \"max_ms\" must be a number of milliseconds from 1 to %.0f", op,
                               LSW_SQL_MS_LIMIT);
    ms = v->valuedouble;
  }
  *deadline = emscripten_get_now() + ms;
  return LS_OK;
}

/* tool's run: spec {"name", "args"} */
static ls_status run_tool(lsw_ws *w, const cJSON *j, const ls_sql_limits *lim, cJSON **res) {
  const cJSON *name = cJSON_GetObjectItemCaseSensitive(j, "name");
  const cJSON *args = cJSON_GetObjectItemCaseSensitive(j, "args");
  if (!cJSON_IsString(name)) return ls_workspace_fail(w->ws, LS_EINVAL, "tool: \"name\" must be text");
  return ls_tool_run(w->ws, name->valuestring, cJSON_IsNull(args) ? NULL : args, lim, res);
}

/* sql's run: spec {"query", "max_rows", "unmask"} */
static ls_status run_sql(lsw_ws *w, const cJSON *j, const ls_sql_limits *lim, cJSON **res) {
  const cJSON *q = cJSON_GetObjectItemCaseSensitive(j, "query");
  const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "max_rows");
  ls_sql_limits l = *lim;
  if (!cJSON_IsString(q)) return ls_workspace_fail(w->ws, LS_EINVAL, "sql: \"query\" must be text");
  if (m && !cJSON_IsNull(m)) {
    if (!cJSON_IsNumber(m) || m->valuedouble < 1 || m->valuedouble > 1e9 || m->valuedouble != floor(m->valuedouble))
      return ls_workspace_fail(w->ws, LS_EINVAL, "sql: \"max_rows\" must be a whole number from 1");
    l.max_rows = (size_t)m->valuedouble;
  }
  ls_sql_pos pos;
  lsw_reveal(w, j); /* "unmask": true shows personal data (on the user's screen only) */
  ls_status st = ls_sql_run_at(w->ws, q->valuestring, &l, res, &pos);
  lsw_reveal(w, NULL);
  w->sql_offset = pos.offset, w->sql_line = pos.line, w->sql_column = pos.column;
  return st;
}

/* Parse spec, set its deadline and run op's run with it. */
static char *with_deadline(lsw_ws *w, const char *spec, const char *op,
                           ls_status (*run)(lsw_ws *w, const cJSON *j, const ls_sql_limits *lim, cJSON **res)) {
  cJSON *j = NULL, *res = NULL;
  double deadline = 0;
  ls_sql_limits lim = LS_SQL_LIMITS_INIT;
  lim.stop = past_deadline;
  lim.ctx = &deadline;
  ls_status st = lsw_parse_spec(w, spec, op, &j);
  if (st == LS_OK) st = deadline_of(w, j, op, &deadline);
  if (st == LS_OK) st = run(w, j, &lim, &res);
  cJSON_Delete(j);
  return finish(w, st, res);
}

/* ---- API ---- */

/* The tool definitions: [{"name", "description", "input_schema"}]. NULL on
 * out of memory (status on w). */
EMSCRIPTEN_KEEPALIVE char *lsw_tools(lsw_ws *w) {
  if (!w) return NULL;
  cJSON *defs = ls_tools_json();
  return finish(w, defs ? LS_OK : ls_workspace_fail(w->ws, LS_ENOMEM, "out of memory"), defs);
}

/* Run tool spec {"name", "args": {…} | null, "max_ms"?}: ls_tool_run's
 * result (run_sql stopped at the deadline, default 5000 ms). */
EMSCRIPTEN_KEEPALIVE char *lsw_tool(lsw_ws *w, const char *spec) {
  return w ? with_deadline(w, spec, "tool", run_tool) : NULL;
}

/* Read-only SQL for spec {"query", "max_rows"?: 1.. (default 1000),
 * "max_ms"?: the wall-clock deadline (default 5000), "unmask"?: true shows
 * personal data as it is, else its tokens}: ls_sql_run's result. */
EMSCRIPTEN_KEEPALIVE char *lsw_sql(lsw_ws *w, const char *spec) {
  if (w) w->sql_offset = -1, w->sql_line = w->sql_column = 0;
  return w ? with_deadline(w, spec, "sql", run_sql) : NULL;
}

/* Where the last lsw_sql's error points: {"offset": bytes into the query |
 * -1, "line", "column"} (sql.h ls_sql_pos; 0 without a position). NULL on
 * out of memory. */
EMSCRIPTEN_KEEPALIVE char *lsw_sql_error_at(lsw_ws *w) {
  if (!w) return NULL;
  cJSON *o = cJSON_CreateObject();
  if (o && (!cJSON_AddNumberToObject(o, "offset", (double)w->sql_offset) ||
            !cJSON_AddNumberToObject(o, "line", w->sql_line) || !cJSON_AddNumberToObject(o, "column", w->sql_column))) {
    cJSON_Delete(o);
    o = NULL;
  }
  return finish(w, o ? LS_OK : ls_workspace_fail(w->ws, LS_ENOMEM, "out of memory"), o);
}

/* The tables SQL sees (sql.h ls_sql_schema): {"tables": [{"name", "alias",
 * "dataset", "kind", "rows", "columns": [{"name", "sql_type", "type"}]}]}. */
EMSCRIPTEN_KEEPALIVE char *lsw_sql_schema(lsw_ws *w) {
  if (!w) return NULL;
  cJSON *res = NULL;
  ls_status st = ls_sql_schema(w->ws, &res);
  return finish(w, st, res);
}
