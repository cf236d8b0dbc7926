/* ops.h: what the files of wasm/ share. exports.c holds the workspace, load,
 * settings, metric and cohort exports; each further analysis has its own
 * file of exports (ops_*.c) built on these. Conventions as exports.c says. */
#ifndef LSW_OPS_H
#define LSW_OPS_H

#include "base/status.h"
#include "catalog/catalog.h"
#include "cJSON.h"
#include "workspace/load.h"
#include "workspace/workspace.h"

/* A workspace plus the one load that may be under way on it. */
typedef struct {
  ls_workspace *ws;
  ls_loader *loading;
  ls_status status; /* of the last export that leaves its status here */
  long sql_offset;  /* where the last lsw_sql's error points (sql.h ls_sql_pos), -1: nowhere */
  int sql_line, sql_column;
} lsw_ws;

/* The query of a spec's "grain", "from", "to", "where" and "by": its texts
 * point into j, its conditions into *where, which the caller frees with
 * ls_free (also on failure). Dates are read in the workspace zone. The
 * message of a failure is on w. */
ls_status lsw_metric_query(lsw_ws *w, const cJSON *j, ls_query *q, ls_where **where);

/* The JSON object of an export's spec (a NUL-terminated text) into *j, which
 * the caller cJSON_Deletes (NULL on failure). LS_EINVAL, "NAME spec is not a
 * JSON object", on w when spec is NULL or not an object. */
ls_status lsw_parse_spec(lsw_ws *w, const char *spec, const char *name, cJSON **j);

/* The end of a spec's "to" for the analyses that take it as a day included
 * (funnels, paths): a bare day (YYYY-MM-DD) ends at the start of the next
 * one in the workspace zone; a full time, as lsw_metric_query read it (to). */
int64_t lsw_day_end(lsw_ws *w, const cJSON *j, int64_t to);

/* A number as its shortest round-trip text (cJSON's own printing may drop
 * the last bit), or null when it is not finite. */
cJSON *lsw_number_or_null(double v);

/* Set w's reveal flag (ls_workspace_set_reveal) from spec's "unmask": 1
 * only when it is true. The ops that show cells on the page's own screen
 * (sql, values) call it before their run and lsw_reveal(w, NULL) after it,
 * which masks again. */
void lsw_reveal(lsw_ws *w, const cJSON *spec);

#endif
