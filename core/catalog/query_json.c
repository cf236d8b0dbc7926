/* query_json.c: a metric query from its JSON spec (query_json.h). */
#include "catalog/query_json.h"

#include <stdint.h>
#include <string.h>

#include "base/alloc.h"
#include "base/timeutil.h"
#include "base/tz.h"

/* catalog/query_json.h */
ls_status ls_query_from_json(ls_workspace *ws, const cJSON *j, ls_query *q, ls_where **where) {
  ls_tz tz = ls_workspace_tz(ws);
  const char *grain = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "grain"));
  const char *from = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "from"));
  const char *to = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "to"));
  const cJSON *by = cJSON_GetObjectItemCaseSensitive(j, "by");
  const cJSON *conds = cJSON_GetObjectItemCaseSensitive(j, "where"), *c;
  *where = NULL;
  /* grain, from and to: text, or absent or null (never silently ignored) */
  static const char *const texts[] = {"grain", "from", "to"};
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, texts[i]);
    if (v && !cJSON_IsNull(v) && !cJSON_IsString(v))
      return ls_workspace_fail(ws, LS_EINVAL, "metric spec: \"%s\" must be text", texts[i]);
  }
  if (grain && !(q->grain = ls_grain_parse(grain)))
    return ls_workspace_fail(ws, LS_EINVAL, "unknown grain \"%.64s\"", grain);
  if (from && !ls_time_parse(from, strlen(from), &q->from))
    return ls_workspace_fail(ws, LS_EINVAL, "bad date \"%.64s\"", from);
  if (to && !ls_time_parse(to, strlen(to), &q->to))
    return ls_workspace_fail(ws, LS_EINVAL, "bad date \"%.64s\"", to);
  if (from) q->from = ls_tz_from_local(tz, q->from);
  if (to) q->to = ls_tz_from_local(tz, q->to);
  if (by && !cJSON_IsNull(by)) {
    if (!cJSON_IsString(by) || !by->valuestring[0])
      return ls_workspace_fail(ws, LS_EINVAL, "metric spec: \"by\" must name a column");
    q->by = by->valuestring;
  }
  const char *names[] = {"event", "property"};
  const char **slots[] = {&q->event, &q->property};
  for (size_t i = 0; i < 2; i++) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, names[i]);
    if (!v || cJSON_IsNull(v)) continue;
    if (!cJSON_IsString(v) || !v->valuestring[0])
      return ls_workspace_fail(ws, LS_EINVAL, "metric spec: \"%s\" must be text", names[i]);
    *slots[i] = v->valuestring;
  }
  const cJSON *top = cJSON_GetObjectItemCaseSensitive(j, "top");
  if (top && !cJSON_IsNull(top)) {
    if (!cJSON_IsNumber(top) || top->valuedouble < 1 || top->valuedouble > LS_BREAKDOWN_MAX ||
        top->valuedouble != (double)(int)top->valuedouble)
      return ls_workspace_fail(ws, LS_EINVAL, "metric spec: \"top\" must be a count from 1 to %d",
                               LS_BREAKDOWN_MAX);
    q->top = (size_t)top->valuedouble;
  }
  if (!conds || cJSON_IsNull(conds)) return LS_OK;
  if (!cJSON_IsArray(conds))
    return ls_workspace_fail(ws, LS_EINVAL, "metric spec: \"where\" must be an array of {column, value}");
  size_t n = (size_t)cJSON_GetArraySize(conds), k = 0;
  if (!(*where = ls_calloc(n ? n : 1, sizeof **where))) return ls_workspace_fail(ws, LS_ENOMEM, "out of memory");
  cJSON_ArrayForEach(c, conds) {
    const char *col = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "column"));
    const char *val = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "value"));
    if (!col || !*col || !val)
      return ls_workspace_fail(ws, LS_EINVAL,
                               "metric spec: where[%zu] must be {\"column\": text, \"value\": text}", k);
    (*where)[k++] = (ls_where){col, val};
  }
  q->scope = (ls_scope){*where, k};
  return LS_OK;
}
