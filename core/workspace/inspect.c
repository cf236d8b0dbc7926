/* inspect.c: the JSON description of a workspace (ls_workspace_json). */
#include <stdio.h>

#include "base/alloc.h"
#include "base/timeutil.h"
#include "cJSON.h"
#include "workspace/workspace.h"

/* ---- private ---- */

static const char *role_of(const ls_detection *det, size_t col) {
  for (int r = 0; r < LS_ROLE_COUNT; r++)
    if (det->col[r] == (int)col) return ls_role_name((ls_role)r);
  return NULL;
}

static cJSON *dataset_json(const ls_table *t, const ls_detection *det) {
  cJSON *d = cJSON_CreateObject();
  if (!d) return NULL;
  cJSON_AddStringToObject(d, "name", ls_table_name(t));
  cJSON_AddStringToObject(d, "kind", ls_kind_name(det->kind));
  cJSON_AddNumberToObject(d, "rows", (double)ls_table_rows(t));
  cJSON_AddNumberToObject(d, "bytes", (double)ls_table_bytes(t));
  cJSON *cols = cJSON_AddArrayToObject(d, "columns");
  for (size_t i = 0; cols && i < ls_table_ncols(t); i++) {
    const ls_column *c = ls_table_col(t, i);
    cJSON *o = cJSON_CreateObject();
    if (!o) break;
    cJSON_AddItemToArray(cols, o);
    cJSON_AddStringToObject(o, "name", ls_column_name(c));
    cJSON_AddStringToObject(o, "type", ls_type_name(ls_column_type(c)));
    const char *role = role_of(det, i);
    if (role)
      cJSON_AddStringToObject(o, "role", role);
    else
      cJSON_AddNullToObject(o, "role");
    cJSON_AddNumberToObject(o, "nulls", (double)ls_column_nulls(c));
  }
  return d;
}

/* ---- API ---- */

char *ls_workspace_json(const ls_workspace *ws) {
  ls_alloc_init_json();
  cJSON *root = cJSON_CreateObject();
  if (!root) return NULL;
  int64_t first, asof;
  if (ls_workspace_extent(ws, LS_KIND_UNKNOWN, &first, &asof) == LS_OK) {
    char buf[LS_TIME_TEXT_MAX];
    ls_period_name(asof - 1, LS_GRAIN_DAY, ls_workspace_tz(ws), buf);
    cJSON_AddStringToObject(root, "through", buf);
  } else {
    cJSON_AddNullToObject(root, "through");
  }
  char tz[LS_TZ_NAME_MAX];
  cJSON_AddStringToObject(root, "tz", ls_tz_name(ls_workspace_tz(ws), tz));
  cJSON *sets = cJSON_AddArrayToObject(root, "datasets");
  for (size_t i = 0; sets && i < ls_workspace_count(ws); i++) {
    cJSON *d = dataset_json(ls_workspace_table(ws, i), ls_workspace_detection(ws, i));
    if (d) cJSON_AddItemToArray(sets, d);
  }
  char *out = cJSON_PrintUnformatted(root);
  cJSON_Delete(root);
  return out;
}
