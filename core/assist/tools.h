/* tools.h: the tools the AI assistant's model calls, run locally on the
 * workspace. One definition each (name, description, JSON Schema of its
 * input) serves both wire formats (the page converts) and the CLI
 * (`lodestar tool NAME JSON`). Exact results: docs/assistant.md. */
#ifndef LS_ASSIST_TOOLS_H
#define LS_ASSIST_TOOLS_H

#include "base/status.h"
#include "cJSON.h"
#include "sql/sql.h"
#include "workspace/workspace.h"

/* The tool definitions: a JSON array of {"name", "description",
 * "input_schema"} for list_datasets, list_metrics, get_metric, run_sql,
 * explain_metric and make_chart (which runs in the page: its schema only).
 * NULL on out of memory; the caller frees with cJSON_Delete. */
cJSON *ls_tools_json(void);

/* Run tool name with args (a JSON object; NULL reads as {}). *out is the
 * result (a new cJSON the caller deletes):
 *   list_datasets  {"timezone", "through", "datasets": [{"name", "sql_table",
 *                  "kind", "format", "rows", "columns": [{"name", "type",
 *                  "role"|null}]}]}  (schema and roles, never a row)
 *   list_metrics   {"metrics": [{"name", "title", "unit", "description",
 *                  "needs", "grains", "default_grain", "takes": [args],
 *                  "available": bool}]}
 *   get_metric     args {name, grain?, from?, to?, by?, where?, event?,
 *                  property?, settings?: {key: text}}: {"metric", "title",
 *                  "unit", "grain", "periods": [labels], "values": [n|null]}
 *                  or with by {…, "by", "segments": [{"label", "values"}]};
 *                  both with "latest": {"period", "value", "previous_period",
 *                  "previous", "change", "change_pct"} of the total. settings
 *                  apply to this call only (the workspace's come back after).
 *                  At most LS_TOOL_MAX_PERIODS periods, the latest.
 *   run_sql        args {query, max_rows?}: ls_sql_run's result
 *   explain_metric args {name}: {"name", "title", "unit", "description",
 *                  "needs", "grains", "available", "settings": [{"name",
 *                  "value", "default", "description"}]}
 * Errors (message on ws naming the tool and argument): LS_ENOTFOUND for an
 * unknown tool or metric, LS_EINVAL for bad arguments and for make_chart,
 * and what the metric or the query gives. lim: run_sql's limits (NULL: the
 * defaults). */
#define LS_TOOL_MAX_PERIODS 400
ls_status ls_tool_run(ls_workspace *ws, const char *name, const cJSON *args, const ls_sql_limits *lim,
                      cJSON **out);

#endif
