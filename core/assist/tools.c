/* tools.c: the assistant's tools run on the workspace (assist/tools.h):
 * the dispatch, list_datasets, list_metrics, explain_metric and run_sql;
 * get_metric in tools_metric.c, the definitions in tools_defs.c. */
#include "assist/tools_internal.h"

#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/jsonlist.h"
#include "base/timeutil.h"
#include "catalog/catalog.h"
#include "detect/detect.h"
#include "privacy/mask.h"

/* ---- private ---- */

/* tools_internal.h */
ls_status ls_tool_known_keys(ls_workspace *ws, const char *tool, const cJSON *args, const char *const *keys) {
  const cJSON *a;
  cJSON_ArrayForEach(a, args) {
    size_t i = 0;
    while (keys[i] && strcmp(keys[i], a->string ? a->string : "") != 0) i++;
    if (!keys[i]) return ls_workspace_fail(ws, LS_EINVAL, "%s: unknown argument \"%.64s\"", tool, a->string ? a->string : "");
  }
  return LS_OK;
}

static int add_text(cJSON *o, const char *k, const char *v) { return cJSON_AddStringToObject(o, k, v) != NULL; }

static int add_grains(cJSON *o, const ls_metric_def *d) {
  cJSON *g = cJSON_AddArrayToObject(o, "grains");
  for (unsigned b = LS_GRAIN_DAY; g && b <= LS_GRAIN_MONTH; b <<= 1)
    if ((d->grains & b) && !cJSON_AddItemToArray(g, cJSON_CreateString(ls_grain_name((ls_grain)b)))) return 0;
  return g != NULL;
}

/* name, title, unit, description, needs, grains and available of d into o */
static int add_metric(cJSON *o, const ls_workspace *ws, const ls_metric_def *d) {
  return add_text(o, "name", d->name) && add_text(o, "title", d->title) && add_text(o, "unit", d->unit) &&
         add_text(o, "description", d->description) && add_text(o, "needs", ls_kind_name(d->needs)) &&
         add_grains(o, d) && cJSON_AddBoolToObject(o, "available", ls_workspace_find(ws, d->needs) >= 0);
}

static ls_status list_datasets(ls_workspace *ws, cJSON **out) {
  cJSON *r = cJSON_CreateObject();
  char tz[LS_TZ_NAME_MAX], day[LS_TIME_TEXT_MAX];
  int ok = r && add_text(r, "timezone", ls_tz_name(ls_workspace_tz(ws), tz));
  int64_t first, asof;
  if (ok && ls_workspace_extent(ws, LS_KIND_UNKNOWN, &first, &asof) == LS_OK) {
    ls_period_name(asof - 1, LS_GRAIN_DAY, ls_workspace_tz(ws), day);
    ok = add_text(r, "through", day);
  } else if (ok) {
    ok = cJSON_AddNullToObject(r, "through") != NULL;
  }
  cJSON *sets = ok ? cJSON_AddArrayToObject(r, "datasets") : NULL;
  ok = sets != NULL;
  for (size_t i = 0; ok && i < ls_workspace_count(ws); i++) {
    const ls_table *t = ls_workspace_table(ws, i);
    const ls_detection *det = ls_workspace_detection(ws, i);
    char sql[256];
    ls_sql_table_name(ws, i, sql, sizeof sql);
    cJSON *d = cJSON_CreateObject(), *cols = NULL;
    ok = d && cJSON_AddItemToArray(sets, d) && add_text(d, "name", ls_table_name(t)) && add_text(d, "sql_table", sql) &&
         add_text(d, "kind", ls_kind_name(det->kind)) && add_text(d, "format", ls_format_name(det->format)) &&
         cJSON_AddNumberToObject(d, "rows", (double)ls_table_rows(t)) && (cols = cJSON_AddArrayToObject(d, "columns"));
    for (size_t k = 0; ok && k < ls_table_ncols(t); k++) {
      const ls_column *c = ls_table_col(t, k);
      const char *role = NULL;
      for (int r2 = 0; r2 < LS_ROLE_COUNT && !role; r2++)
        if (det->col[r2] == (int)k) role = ls_role_name((ls_role)r2);
      cJSON *cj = cJSON_CreateObject();
      ok = cj && cJSON_AddItemToArray(cols, cj) && add_text(cj, "name", ls_column_name(c)) &&
           add_text(cj, "type", ls_column_flags(c) & LS_COL_DATE ? "date" : ls_type_name(ls_column_type(c))) &&
           (role ? add_text(cj, "role", role) : cJSON_AddNullToObject(cj, "role") != NULL);
      ls_pii pii = ls_mask_kind(ws, i, k); /* its cells reach the model as tokens (privacy/mask.h) */
      ok = ok && (pii == LS_PII_NONE || add_text(cj, "pii", ls_pii_name(pii)));
    }
  }
  if (!ok) {
    cJSON_Delete(r);
    return ls_workspace_fail(ws, LS_ENOMEM, "list_datasets: out of memory");
  }
  *out = r;
  return LS_OK;
}

static ls_status list_metrics(ls_workspace *ws, cJSON **out) {
  cJSON *r = cJSON_CreateObject(), *arr = r ? cJSON_AddArrayToObject(r, "metrics") : NULL;
  int ok = arr != NULL;
  for (size_t i = 0; ok && i < ls_catalog_count(); i++) {
    const ls_metric_def *d = ls_catalog_at(i);
    cJSON *o = cJSON_CreateObject(), *takes = NULL;
    ok = o && cJSON_AddItemToArray(arr, o) && add_metric(o, ws, d) &&
         add_text(o, "default_grain", ls_grain_name(d->default_grain)) && (takes = cJSON_AddArrayToObject(o, "takes"));
    if (ok && (d->args & LS_ARG_EVENT)) ok = cJSON_AddItemToArray(takes, cJSON_CreateString("event"));
    if (ok && (d->args & LS_ARG_PROPERTY)) ok = cJSON_AddItemToArray(takes, cJSON_CreateString("property"));
  }
  if (!ok) {
    cJSON_Delete(r);
    return ls_workspace_fail(ws, LS_ENOMEM, "list_metrics: out of memory");
  }
  *out = r;
  return LS_OK;
}

/* tools_internal.h */
const ls_metric_def *ls_tool_metric_arg(ls_workspace *ws, const char *tool, const cJSON *args, ls_status *st) {
  const cJSON *n = cJSON_GetObjectItemCaseSensitive(args, "name");
  if (!cJSON_IsString(n) || !n->valuestring[0]) {
    *st = ls_workspace_fail(ws, LS_EINVAL, "%s: \"name\" must be a metric name (list_metrics)", tool);
    return NULL;
  }
  const ls_metric_def *d = ls_catalog_find(n->valuestring);
  if (!d) *st = ls_workspace_fail(ws, LS_ENOTFOUND, "%s: no metric named \"%.64s\" (list_metrics names them)", tool, n->valuestring);
  return d;
}

static ls_status explain_metric(ls_workspace *ws, const cJSON *args, cJSON **out) {
  static const char *const KEYS[] = {"name", NULL};
  ls_status st = ls_tool_known_keys(ws, "explain_metric", args, KEYS);
  const ls_metric_def *d = st == LS_OK ? ls_tool_metric_arg(ws, "explain_metric", args, &st) : NULL;
  if (!d) return st;
  char *sj = ls_settings_json(ls_workspace_settings(ws));
  cJSON *all = sj ? cJSON_Parse(sj) : NULL;
  ls_free(sj);
  cJSON *r = cJSON_CreateObject(), *set = NULL;
  int ok = all && r && add_metric(r, ws, d) && (set = cJSON_AddArrayToObject(r, "settings"));
  const cJSON *s;
  cJSON_ArrayForEach(s, all) {
    const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(s, "name"));
    if (!ok || !name) continue;
    /* the metric's settings: a whole name of its comma-separated list */
    size_t n = strlen(name);
    const char *at = d->settings;
    while ((at = strstr(at, name)) && !((at == d->settings || at[-1] == ',') && (at[n] == ',' || !at[n]))) at += n;
    if (!at) continue;
    cJSON *o = cJSON_CreateObject();
    static const char *const FIELDS[] = {"name", "value", "default", "description"};
    ok = o && cJSON_AddItemToArray(set, o);
    for (size_t k = 0; ok && k < 4; k++) {
      const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(s, FIELDS[k]));
      ok = add_text(o, FIELDS[k], v ? v : "");
    }
  }
  cJSON_Delete(all);
  if (!ok) {
    cJSON_Delete(r);
    return ls_workspace_fail(ws, LS_ENOMEM, "explain_metric: out of memory");
  }
  *out = r;
  return LS_OK;
}

static ls_status run_sql(ls_workspace *ws, const cJSON *args, const ls_sql_limits *lim, cJSON **out) {
  static const char *const KEYS[] = {"query", "max_rows", NULL};
  ls_status st = ls_tool_known_keys(ws, "run_sql", args, KEYS);
  if (st != LS_OK) return st;
  const cJSON *q = cJSON_GetObjectItemCaseSensitive(args, "query");
  const cJSON *m = cJSON_GetObjectItemCaseSensitive(args, "max_rows");
  if (!cJSON_IsString(q)) return ls_workspace_fail(ws, LS_EINVAL, "run_sql: \"query\" must be text (one SELECT)");
  ls_sql_limits l = LS_SQL_LIMITS_INIT;
  if (lim) l = *lim;
  if (!l.max_rows || l.max_rows > LS_SQL_MAX_ROWS) l.max_rows = LS_SQL_MAX_ROWS;
  if (m && !cJSON_IsNull(m)) {
    if (!cJSON_IsNumber(m) || m->valuedouble < 1 || m->valuedouble > LS_SQL_MAX_ROWS ||
        m->valuedouble != (double)(long)m->valuedouble)
      return ls_workspace_fail(ws, LS_EINVAL, "run_sql: \"max_rows\" must be a whole number from 1 to %d", LS_SQL_MAX_ROWS);
    if ((size_t)m->valuedouble < l.max_rows) l.max_rows = (size_t)m->valuedouble;
  }
  return ls_sql_run(ws, q->valuestring, &l, out);
}

/* ---- API ---- */

ls_status ls_tool_run(ls_workspace *ws, const char *name, const cJSON *args, const ls_sql_limits *lim, cJSON **out) {
  *out = NULL;
  ls_alloc_init_json();
  cJSON *empty = NULL;
  if (!args) args = empty = cJSON_CreateObject();
  if (!args) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  static const char *const NONE[] = {NULL};
  ls_status st;
  if (!name) name = "";
  if (!cJSON_IsObject(args))
    st = ls_workspace_fail(ws, LS_EINVAL, "%.64s: the arguments must be a JSON object", name);
  else if (strcmp(name, "list_datasets") == 0)
    st = ls_tool_known_keys(ws, name, args, NONE) == LS_OK ? list_datasets(ws, out) : LS_EINVAL;
  else if (strcmp(name, "list_metrics") == 0)
    st = ls_tool_known_keys(ws, name, args, NONE) == LS_OK ? list_metrics(ws, out) : LS_EINVAL;
  else if (strcmp(name, "get_metric") == 0)
    st = ls_tool_get_metric(ws, args, out);
  else if (strcmp(name, "run_sql") == 0)
    st = run_sql(ws, args, lim, out);
  else if (strcmp(name, "explain_metric") == 0)
    st = explain_metric(ws, args, out);
  else if (strcmp(name, "make_chart") == 0)
    st = ls_workspace_fail(ws, LS_EINVAL, "make_chart: runs in the page, not in the engine");
  else
    st = ls_workspace_fail(ws, LS_ENOTFOUND, "no tool named \"%.64s\"", name);
  cJSON_Delete(empty);
  return st;
}
