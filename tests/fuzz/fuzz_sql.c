/* fuzz_sql.c: libFuzzer target for the SQL runner (sql/sql.h; tools/fuzz
 * builds it).
 *
 * The input is a query (cut at the first NUL) run over a small fixture
 * workspace (an events table with a time column and a customers table, built
 * once) with small limits. Whatever the bytes: no crash, no leak, no
 * unbounded run, and either LS_OK with a result whose row_count is the rows
 * kept (at most max_rows) and whose every row has a cell per column, printable
 * with shortest numbers; or a failure among LS_EPARSE, LS_EINVAL, LS_ERANGE,
 * LS_ENOMEM with no result and a message starting "SQL: ". */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "fixtures.h"
#include "sql/sql.h"
#include "workspace/workspace.h"

#define MAX_ROWS 50

static const event_row EVENTS[] = {
  {"u1", "signup", "2026-03-01T09:00:00Z"},     {"u1", "resume_scan", "2026-03-01T09:05:12.250Z"},
  {"u2", "signup", "2026-03-01 23:30:00"},      {"u3", "signup", "2026-03-02T01:00:00+08:00"},
  {NULL, "job_search", "2026-03-03T08:00:00Z"}, {"u4", NULL, NULL},
};

static ls_workspace *fixture(void) {
  static ls_workspace *ws;
  if (ws) return ws;
  ls_alloc_init_json();
  ws = ls_workspace_new();
  ls_table *c = ls_table_new("customers.csv");
  ls_column *id = ls_table_add(c, "customer_id", LS_TYPE_STRING), *n = ls_table_add(c, "n", LS_TYPE_INT64);
  ls_column *country = ls_table_add(c, "country", LS_TYPE_STRING);
  for (int i = 0; i < 3; i++) {
    const char *ids[] = {"u1", "u2", "u3"}, *cs[] = {"US", "CN", NULL};
    push_str_or_null(id, ids[i]);
    ls_column_push_i64(n, i);
    push_str_or_null(country, cs[i]);
  }
  if (!ws || ls_workspace_add(ws, events_table(EVENTS, sizeof EVENTS / sizeof EVENTS[0])) != LS_OK ||
      ls_workspace_add(ws, c) != LS_OK || ls_workspace_set_tz(ws, 480) != LS_OK)
    abort();
  return ws;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ls_workspace *ws = fixture();
  char *query = malloc(size + 1);
  if (!query) abort();
  memcpy(query, data, size);
  query[size] = '\0';
  ls_sql_limits lim = LS_SQL_LIMITS_INIT;
  lim.max_rows = MAX_ROWS;
  lim.max_steps = 200000;
  cJSON *out = NULL;
  ls_status st = ls_sql_run(ws, query, &lim, &out);
  if (st == LS_OK) {
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(out, "rows"), *row;
    int nc = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(out, "columns"));
    double kept = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(out, "row_count"));
    if (!out || !cJSON_IsArray(rows) || kept != cJSON_GetArraySize(rows) || kept > MAX_ROWS) abort();
    cJSON_ArrayForEach(row, rows) if (cJSON_GetArraySize(row) != nc) abort();
    if (ls_sql_json_shortest(out) == LS_OK) {
      char *text = cJSON_PrintUnformatted(out);
      cJSON *back = text ? cJSON_Parse(text) : NULL;
      if (text && !back) abort(); /* what is printed is JSON */
      cJSON_Delete(back);
      ls_free(text);
    }
  } else {
    if (out || strncmp(ls_workspace_errmsg(ws), "SQL: ", 5) != 0) abort();
    if (st != LS_EPARSE && st != LS_EINVAL && st != LS_ERANGE && st != LS_ENOMEM) abort();
  }
  cJSON_Delete(out);
  free(query);
  return 0;
}
