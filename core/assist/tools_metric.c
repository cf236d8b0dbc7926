/* tools_metric.c: the get_metric tool (assist/tools.h): a catalog metric,
 * optionally broken down, with its latest change, under settings that hold
 * for this call only. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "assist/tools_internal.h"
#include "base/alloc.h"
#include "base/numfmt.h"
#include "base/timeutil.h"
#include "catalog/query_json.h"

#define ERR_MAX 512

/* ---- private ---- */

/* Apply args' settings to ws (saved holds the settings before); on failure
 * the ones applied are undone by the caller (restore). */
static ls_status apply_settings(ls_workspace *ws, const cJSON *set) {
  if (!set || cJSON_IsNull(set)) return LS_OK;
  if (!cJSON_IsObject(set)) return ls_workspace_fail(ws, LS_EINVAL, "get_metric: \"settings\" must be an object of texts");
  const cJSON *s;
  cJSON_ArrayForEach(s, set) {
    char num[LS_NUMFMT_MAX];
    const char *v = cJSON_IsString(s) ? s->valuestring : cJSON_IsNumber(s) ? ls_fmt_double(s->valuedouble, num) : NULL;
    if (!v) return ls_workspace_fail(ws, LS_EINVAL, "get_metric: setting \"%.64s\" must be text", s->string);
    ls_status st = ls_workspace_set(ws, s->string, v);
    if (st != LS_OK) {
      char why[ERR_MAX];
      snprintf(why, sizeof why, "%s", ls_workspace_errmsg(ws));
      return ls_workspace_fail(ws, st, "get_metric: setting \"%.64s\": %s", s->string, why);
    }
  }
  return LS_OK;
}

/* Put back every setting args named as saved holds it. */
static void restore(ls_workspace *ws, const cJSON *set, const ls_settings *saved) {
  const cJSON *s;
  if (!cJSON_IsObject(set)) return;
  cJSON_ArrayForEach(s, set) {
    char buf[512];
    if (ls_settings_get(saved, s->string, buf, sizeof buf) == LS_OK) ls_workspace_set(ws, s->string, buf);
  }
}

static cJSON *number(double v) { return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull(); }

/* values[first..n) as a JSON array */
static cJSON *values_of(const double *v, size_t first, size_t n) {
  cJSON *a = cJSON_CreateArray();
  for (size_t i = first; a && i < n; i++)
    if (!cJSON_AddItemToArray(a, number(v[i]))) {
      cJSON_Delete(a);
      return NULL;
    }
  return a;
}

static int add(cJSON *o, const char *k, cJSON *v) {
  if (v && cJSON_AddItemToObject(o, k, v)) return 1;
  cJSON_Delete(v);
  return 0;
}

/* {"period", "value", "previous_period", "previous", "change", "change_pct"}
 * of s's last period, or null without periods */
static cJSON *latest(const ls_series *s) {
  if (!s->n) return cJSON_CreateNull();
  cJSON *o = cJSON_CreateObject();
  char name[LS_TIME_TEXT_MAX];
  double v = s->value[s->n - 1], p = s->n > 1 ? s->value[s->n - 2] : NAN;
  ls_period_name(s->start[s->n - 1], s->grain, s->tz, name);
  int ok = o && cJSON_AddStringToObject(o, "period", name) && add(o, "value", number(v));
  if (ok && s->n > 1) {
    ls_period_name(s->start[s->n - 2], s->grain, s->tz, name);
    ok = cJSON_AddStringToObject(o, "previous_period", name) != NULL;
  } else if (ok) {
    ok = cJSON_AddNullToObject(o, "previous_period") != NULL;
  }
  ok = ok && add(o, "previous", number(p)) && add(o, "change", number(v - p)) &&
       add(o, "change_pct", number(p != 0 ? (v - p) / fabs(p) * 100 : NAN));
  if (!ok) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

/* The result for total (and b, may be NULL). */
static cJSON *result(const ls_metric_def *d, const ls_series *total, const ls_breakdown *b) {
  size_t n = total->n, first = n > LS_TOOL_MAX_PERIODS ? n - LS_TOOL_MAX_PERIODS : 0;
  cJSON *r = cJSON_CreateObject(), *periods = cJSON_CreateArray();
  int ok = r && cJSON_AddStringToObject(r, "metric", d->name) && cJSON_AddStringToObject(r, "title", d->title) &&
           cJSON_AddStringToObject(r, "unit", d->unit) &&
           cJSON_AddStringToObject(r, "grain", ls_grain_name(total->grain));
  for (size_t i = first; ok && periods && i < n; i++) {
    char name[LS_TIME_TEXT_MAX];
    ls_period_name(total->start[i], total->grain, total->tz, name);
    ok = cJSON_AddItemToArray(periods, cJSON_CreateString(name));
  }
  ok = add(r, "periods", periods) && ok && add(r, "values", values_of(total->value, first, n));
  if (ok && b) {
    cJSON *segs = NULL;
    ok = cJSON_AddStringToObject(r, "by", b->by) && (segs = cJSON_AddArrayToObject(r, "segments"));
    for (size_t k = 0; ok && k < b->n; k++) {
      const ls_series *s = b->series[k];
      cJSON *o = cJSON_CreateObject();
      ok = o && cJSON_AddItemToArray(segs, o) && cJSON_AddStringToObject(o, "label", b->label[k]) &&
           add(o, "values", values_of(s->value, s->n > n ? first + (s->n - n) : first, s->n));
    }
  }
  ok = ok && add(r, "latest", latest(total));
  if (!ok) {
    cJSON_Delete(r);
    return NULL;
  }
  return r;
}

/* Run the metric (and its breakdown) under the settings already applied. */
static ls_status compute(ls_workspace *ws, const ls_metric_def *d, ls_query *q, cJSON **out) {
  ls_series *total = NULL;
  ls_breakdown *b = NULL;
  ls_query whole = *q; /* the total: no breakdown */
  whole.by = NULL;
  whole.top = 0;
  ls_status st = ls_metric_run(ws, d->name, &whole, &total);
  if (st == LS_OK && (q->by || ls_metric_breaks_down(d))) {
    if (!q->top) q->top = LS_TOOL_DEFAULT_TOP;
    st = ls_metric_run_by(ws, d->name, q, &b);
  }
  if (st == LS_OK && !(*out = result(d, total, b))) st = ls_workspace_fail(ws, LS_ENOMEM, "get_metric: out of memory");
  ls_series_free(total);
  ls_breakdown_free(b);
  return st;
}

/* ---- tools_internal.h ---- */

ls_status ls_tool_get_metric(ls_workspace *ws, const cJSON *args, cJSON **out) {
  static const char *const KEYS[] = {"name", "grain", "from", "to", "by", "top", "where", "event", "property", "settings", NULL};
  ls_status st = ls_tool_known_keys(ws, "get_metric", args, KEYS);
  const ls_metric_def *d = st == LS_OK ? ls_tool_metric_arg(ws, "get_metric", args, &st) : NULL;
  if (!d) return st;
  ls_query q = LS_QUERY_INIT;
  ls_where *where = NULL;
  const cJSON *set = cJSON_GetObjectItemCaseSensitive(args, "settings");
  ls_settings saved = *ls_workspace_settings(ws);
  st = ls_query_from_json(ws, args, &q, &where);
  if (st == LS_OK) st = apply_settings(ws, set);
  if (st == LS_OK) st = compute(ws, d, &q, out);
  char why[ERR_MAX];
  snprintf(why, sizeof why, "%s", ls_workspace_errmsg(ws));
  restore(ws, set, &saved);
  ls_free(where);
  if (st != LS_OK)
    ls_workspace_fail(ws, st, "%s%s", strncmp(why, "get_metric:", 11) == 0 ? "" : "get_metric: ", why);
  return st;
}
