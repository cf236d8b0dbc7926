/* ops_values.c: the distinct values of a column (metrics/scope.h), for the
 * page's filter chips and event pickers. Conventions as exports.c says. */
#include <emscripten.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "base/alloc.h"
#include "catalog/catalog.h"
#include "detect/detect.h"
#include "metrics/scope.h"
#include "ops.h"
#include "privacy/mask.h"

#define VALUES_DEFAULT 200
#define VALUES_MAX 5000

/* ---- API ---- */

/* spec {"kind": dataset kind (default "events"), "column", "where",
 * "max": at most this many (a whole number, default 200, above 5000 read as
 * 5000)} → {"column", "values": [sorted texts], "more": true when the column
 * has more values than max (values is empty then)}; a personal-data column's
 * values are its tokens unless "unmask" is true (privacy/mask.h); a "kind" that is not
 * text or a "max" that is not a whole number from 1 is refused (LS_EINVAL). The column is looked up as a filter looks it up:
 * in the dataset, else in the customers joined to it. */
EMSCRIPTEN_KEEPALIVE char *lsw_values(lsw_ws *w, const char *spec) {
  if (!w) return NULL;
  cJSON *j = NULL;
  ls_status st = lsw_parse_spec(w, spec, "values", &j);
  ls_query q = LS_QUERY_INIT;
  ls_where *where = NULL;
  char **values = NULL, *out = NULL;
  size_t n = 0;
  int more = 0, di = -1;
  if (st == LS_OK) st = lsw_metric_query(w, j, &q, &where);
  const cJSON *kv = cJSON_GetObjectItemCaseSensitive(j, "kind");
  const char *kind = cJSON_GetStringValue(kv);
  const char *column = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "column"));
  const cJSON *max = cJSON_GetObjectItemCaseSensitive(j, "max");
  size_t cap = VALUES_DEFAULT;
  if (st == LS_OK && kv && !cJSON_IsNull(kv) && !kind)
    st = ls_workspace_fail(w->ws, LS_EINVAL, "values: \"kind\" must be a dataset kind");
  if (st == LS_OK && max && !cJSON_IsNull(max) &&
      (!cJSON_IsNumber(max) || !(max->valuedouble >= 1) || max->valuedouble != floor(max->valuedouble)))
    st = ls_workspace_fail(w->ws, LS_EINVAL, "values: \"max\" must be a whole number from 1");
  if (st == LS_OK && max && cJSON_IsNumber(max))
    cap = max->valuedouble >= VALUES_MAX ? VALUES_MAX : (size_t)max->valuedouble;
  int k = ls_kind_from_name(kind ? kind : "events");
  if (st == LS_OK && (!column || !*column)) st = ls_workspace_fail(w->ws, LS_EINVAL, "values: \"column\" must name a column");
  if (st == LS_OK && k < 0) st = ls_workspace_fail(w->ws, LS_EINVAL, "values: no dataset kind named \"%.64s\"", kind);
  if (st == LS_OK && (di = ls_workspace_find(w->ws, (ls_kind)k)) < 0)
    st = ls_workspace_fail(w->ws, LS_ENODATA, "values: no %s dataset is loaded", kind ? kind : "events");
  if (st == LS_OK) {
    st = ls_scope_values(w->ws, di, column, &q.scope, cap, &values, &n);
    if (st == LS_ERANGE) st = LS_OK, more = 1, n = 0, values = NULL;
    lsw_reveal(w, j); /* personal data as tokens unless "unmask": true */
    if (st == LS_OK && ls_mask_labels(w->ws, (size_t)di, column, values, n) != LS_OK)
      st = ls_workspace_fail(w->ws, LS_ENOMEM, "out of memory");
    lsw_reveal(w, NULL);
  }
  if (st == LS_OK) {
    cJSON *o = cJSON_CreateObject(), *a = cJSON_AddArrayToObject(o, "values");
    int ok = cJSON_AddStringToObject(o, "column", column) && a && cJSON_AddBoolToObject(o, "more", more);
    for (size_t i = 0; ok && i < n; i++) ok = cJSON_AddItemToArray(a, cJSON_CreateString(values[i]));
    out = ok ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (!out) st = ls_workspace_fail(w->ws, LS_ENOMEM, "out of memory");
  }
  ls_scope_values_free(values, n);
  ls_free(where);
  cJSON_Delete(j);
  w->status = st;
  return out;
}
